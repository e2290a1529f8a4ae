"""The training terms that tie the student's variance to the simulator's noise (sim/noise_terms.py) and the
teacher-covering variance term (sim/pcme.py): each must reward the behaviour it is there for and nothing else."""
from __future__ import annotations

import sys
import unittest
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.cohort import make_cohort  # noqa: E402
from sim.data import scaled, training_variants  # noqa: E402
from sim.noise import random_events  # noqa: E402
from sim.noise_terms import (NOISY_STEP_MS, STEP_SAMPLES, log_score, ranking_loss,  # noqa: E402
                             step_noise_energy, step_ranking_loss)
from sim.pcme import cover_teacher_kl  # noqa: E402


class StepNoiseEnergyTest(unittest.TestCase):
    def test_marks_exactly_the_steps_with_added_noise(self) -> None:
        rng = np.random.default_rng(0)
        clean = rng.normal(size=(2, 12, 1000)).astype(np.float32)
        noisy = np.repeat(clean[:, None], 2, axis=1).copy()
        noisy[0, 0, 3, 160:320] += 1.0  # steps 10..19 of one lead
        noisy[1, 1, 7, 992:1000] += 0.5  # the short last step
        e = step_noise_energy(noisy, clean)
        self.assertEqual(e.shape, (2, 2, 63))
        np.testing.assert_allclose(e[0, 0, 10:20], 1.0, rtol=1e-6)
        self.assertEqual(float(np.delete(e[0, 0], np.s_[10:20]).max()), 0.0)
        self.assertEqual(float(e[0, 1].max()), 0.0)
        self.assertAlmostEqual(float(e[1, 1, 62]), 0.25, places=6)  # mean over its 8 samples, not 16

    def test_simulated_noise_peaks_inside_its_recorded_events(self) -> None:
        # each training copy's strongest noise (the preprocessed difference to its clean copy) falls inside one of
        # the noise events the simulator recorded for it (the band-pass smears weaker noise around them)
        c = make_cohort(4, 1001)
        x = training_variants(c, np.arange(4), 2, workers=1)
        x = scaled(x.reshape(-1, 12, 1000), np.zeros(12), x[:, 0].std(axis=(0, 2))).reshape(4, 3, 12, 1000)
        e = step_noise_energy(x[:, 1:], x[:, 0])
        step_t = (np.arange(e.shape[-1]) + 0.5) * STEP_SAMPLES / 100.0
        for i in range(4):
            for v in range(2):
                events = random_events(np.random.default_rng([c.seed, i, 1000 + v]))
                t = step_t[int(np.argmax(e[i, v]))]
                self.assertTrue(any(ev.start_s - 0.3 <= t <= ev.end_s + 0.3 for ev in events), f"subject {i} copy {v}")
                self.assertGreater(float(e[i, v].max()), NOISY_STEP_MS)


class RankingTermsTest(unittest.TestCase):
    def test_pair_ranking_is_zero_only_past_the_margin(self) -> None:
        clean = torch.full((3, 8), -6.0)
        noisy = clean + torch.tensor([[0.5], [0.05], [-0.2]])
        has = torch.tensor([True, True, True])
        loss = ranking_loss(noisy, clean, has, margin=0.1)
        self.assertAlmostEqual(float(loss), (0.0 + 0.05 + 0.3) / 3, places=5)
        self.assertEqual(float(ranking_loss(noisy, clean, torch.tensor([True, False, False]), 0.1)), 0.0)
        np.testing.assert_allclose(log_score(clean), np.log(np.exp(-6.0)), rtol=1e-6)

    def test_step_ranking_orders_steps_by_noise(self) -> None:
        energy = torch.zeros(1, 6)
        energy[0, 2] = 1.0
        flat = torch.zeros(1, 6, 4)
        peaked = flat.clone()
        peaked[0, 2] += 1.0
        self.assertAlmostEqual(float(step_ranking_loss(flat, energy, margin=0.1)), 0.1, places=6)
        self.assertEqual(float(step_ranking_loss(peaked, energy, margin=0.1)), 0.0)
        # weak noise (below the visible threshold) asks for nothing
        self.assertEqual(float(step_ranking_loss(flat, energy * NOISY_STEP_MS * 0.5, margin=0.1)), 0.0)


class CoverTeacherTest(unittest.TestCase):
    def test_minimum_is_teacher_variance_plus_squared_residual(self) -> None:
        mu_e = torch.zeros(1, 3)
        mu_t = torch.tensor([[0.1, 0.0, -0.3]])
        lv_t = torch.log(torch.tensor([[0.01, 0.02, 0.01]]))
        want = torch.log(lv_t.exp() + (mu_t - mu_e) ** 2)
        lv_e = want.clone().requires_grad_(True)
        cover_teacher_kl(mu_e, lv_e, mu_t, lv_t).backward()
        self.assertLess(float(lv_e.grad.abs().max()), 1e-6)
        # the mean gets no gradient from this term: only the variance learns from it
        mu_e2 = mu_e.clone().requires_grad_(True)
        cover_teacher_kl(mu_e2, (want + 1.0).requires_grad_(True), mu_t, lv_t).backward()
        self.assertIsNone(mu_e2.grad)


if __name__ == "__main__":
    unittest.main()
