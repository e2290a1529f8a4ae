"""A simulated cohort: echo states, ECG parameters, clean and noisy 12-lead ECGs, teacher Gaussians, reports.

Everything is a deterministic function of the seed (numpy's PCG64), so tests can regenerate the fixed
test set instead of committing it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ecg import LEADS_STANDARD, EcgParams, sample_ecg_params, synthesize_12lead
from .echo import REDUCED_FRACTION, EchoStates, Teacher, sample_echo_states, write_report
from .noise import NoiseEvent, apply_events, random_events

#: Seeds of the fixed data splits (train / held-out head fitting / behaviour test set).
SEED_TRAIN = 1001
SEED_HELDOUT = 2002
SEED_TEST = 3003
SEED_TEACHER_VIEWS = 4004


@dataclass
class Subject:
    """One simulated subject for file writing."""

    index: int
    ecg_mv: np.ndarray  # [12, 5000] LEADS_STANDARD order, 500 Hz, mV
    events: list[NoiseEvent]


@dataclass
class Cohort:
    """n subjects: latent echo state, ECG parameters, teacher Gaussians and report texts."""

    seed: int
    echo: EchoStates
    params: EcgParams
    teacher_mean: np.ndarray
    teacher_logvar: np.ndarray
    reports: list[str]

    def __len__(self) -> int:
        return len(self.echo)

    def ecg(self, i: int, noise: bool | None = None, noise_fraction: float = 0.35, repeat: int = 0) -> Subject:
        """Subject i's ECG, regenerated deterministically; noise=None draws it with noise_fraction. `repeat` > 0
        gives another recording of the same subject (same echo state and ECG parameters, new beat-to-beat
        variability and noise), as a patient's repeat ECGs."""
        extra = [repeat] if repeat else []
        rng = np.random.default_rng([self.seed, i, 7, *extra])
        clean = synthesize_12lead(self.params, i, rng)
        nrng = np.random.default_rng([self.seed, i, 11, *extra])
        use = (nrng.random() < noise_fraction) if noise is None else noise
        events = random_events(nrng) if use else []
        x = apply_events(clean, events, nrng) if events else clean
        return Subject(i, x, events)


def make_cohort(n: int, seed: int, teacher: Teacher | None = None, reduced_fraction: float = REDUCED_FRACTION) -> Cohort:
    """Sample n subjects from the population with this seed (`reduced_fraction`: its share of reduced EF)."""
    rng = np.random.default_rng(seed)
    echo = sample_echo_states(rng, n, reduced_fraction)
    params = sample_ecg_params(rng, echo.lvef)
    teacher = teacher or Teacher()
    mu, lv = teacher.gaussians(echo, np.random.default_rng([seed, SEED_TEACHER_VIEWS]))
    rrng = np.random.default_rng([seed, 99])
    reports = [write_report(float(echo.lvef[i]), float(echo.lvedv[i]), float(echo.lvesv[i]),
                            float(echo.lvsv[i]), rrng) for i in range(n)]
    return Cohort(seed, echo, params, mu, lv, reports)


def to_model_order(x_std: np.ndarray, model_leads: tuple[str, ...]) -> np.ndarray:
    """Reorder [..., 12, N] from LEADS_STANDARD to the model's lead order."""
    idx = [LEADS_STANDARD.index(lead) for lead in model_leads]
    return x_std[..., idx, :]
