"""Simulator: echo states, VCG ECGs, localised noise with ground truth, teacher Gaussians, file writers."""
from __future__ import annotations

import csv
import json
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.cohort import make_cohort  # noqa: E402
from sim.ecg import FS, LEADS_STANDARD, N_SAMPLES, ef_risk, sample_ecg_params  # noqa: E402
from sim.echo import Teacher, sample_echo_states  # noqa: E402
from sim.noise import NoiseEvent, apply_events  # noqa: E402


class EchoStateTest(unittest.TestCase):
    def test_joint_distribution(self) -> None:
        e = sample_echo_states(np.random.default_rng(0), 20000)
        np.testing.assert_allclose(e.lvsv, e.lvedv - e.lvesv)
        np.testing.assert_allclose(e.lvef, np.round(100 * e.lvsv / e.lvedv, 1))
        frac = float((e.lvef < 40).mean())
        self.assertGreater(frac, 0.12)
        self.assertLess(frac, 0.22)
        # reduced EF comes with larger ventricles
        self.assertGreater(np.median(e.lvedv[e.lvef < 40]), np.median(e.lvedv[e.lvef >= 50]) * 1.15)

    def test_ecg_parameters_depend_on_ef_with_overlap(self) -> None:
        rng = np.random.default_rng(1)
        e = sample_echo_states(rng, 20000)
        p = sample_ecg_params(rng, e.lvef)
        low, ok = e.lvef < 40, e.lvef >= 50
        self.assertGreater(p.lbbb[low].mean(), 2 * p.lbbb[ok].mean())
        self.assertGreater(p.hr[low].mean(), p.hr[ok].mean() + 4)
        self.assertGreater(p.qrs_ms[low].mean(), p.qrs_ms[ok].mean() + 5)
        self.assertLess(p.log_voltage[low].mean(), p.log_voltage[ok].mean())
        self.assertGreater(p.q_wave[low].mean(), p.q_wave[ok].mean())
        self.assertGreater(p.t_inversion[low].mean(), p.t_inversion[ok].mean())
        # never certain: most reduced-EF subjects have no LBBB, many have normal QRS width
        self.assertLess(p.lbbb[low].mean(), 0.4)
        self.assertGreater((p.qrs_ms[low] < 110).mean(), 0.4)
        self.assertTrue(np.all(np.diff(ef_risk(np.array([10.0, 30, 50, 70]))) < 0))


class EcgSynthesisTest(unittest.TestCase):
    def setUp(self) -> None:
        self.c = make_cohort(12, 5)

    def test_shape_leads_and_einthoven(self) -> None:
        x = self.c.ecg(0, noise=False).ecg_mv
        self.assertEqual(x.shape, (12, N_SAMPLES))
        self.assertEqual(N_SAMPLES, 10 * FS)
        i, ii, iii = (x[LEADS_STANDARD.index(n)] for n in ("I", "II", "III"))
        avr, avl, avf = (x[LEADS_STANDARD.index(n)] for n in ("aVR", "aVL", "aVF"))
        # derived leads hold up to the independent per-lead measurement noise
        self.assertLess(np.abs(iii - (ii - i)).max(), 0.08)
        self.assertLess(np.abs(avr + avl + avf).max(), 0.08)
        peak = np.abs(x).max()
        self.assertGreater(peak, 0.3)
        self.assertLess(peak, 6.0)

    def test_deterministic(self) -> None:
        a = make_cohort(12, 5).ecg(3).ecg_mv
        np.testing.assert_array_equal(a, self.c.ecg(3).ecg_mv)
        self.assertFalse(np.array_equal(a, self.c.ecg(4).ecg_mv))

    def test_heart_rate_matches_parameter(self) -> None:
        from scipy.signal import find_peaks

        for i in range(6):
            x = self.c.ecg(i, noise=False).ecg_mv
            energy = np.abs(np.diff(x, axis=1)).sum(0)
            peaks, _ = find_peaks(energy, height=0.5 * energy.max(), distance=int(0.3 * FS))
            hr = 60.0 * FS / np.median(np.diff(peaks))
            self.assertLess(abs(hr - self.c.params.hr[i]) / self.c.params.hr[i], 0.15)


class NoiseTest(unittest.TestCase):
    def test_noise_is_localised_in_time_and_leads(self) -> None:
        c = make_cohort(4, 9)
        x = c.ecg(0, noise=False).ecg_mv
        rng = np.random.default_rng(0)
        for kind in ("baseline_wander", "muscle", "mains", "electrode_motion", "lead_off"):
            ev = NoiseEvent(kind, 3.0, 5.0, ("V2", "V3"))
            d = np.abs(apply_events(x, [ev], rng) - x)
            hit = [LEADS_STANDARD.index("V2"), LEADS_STANDARD.index("V3")]
            other = [k for k in range(12) if k not in hit]
            self.assertEqual(d[other].max(), 0.0, kind)
            self.assertEqual(d[:, : 3 * FS].max(), 0.0, kind)
            self.assertEqual(d[:, 5 * FS:].max(), 0.0, kind)
            self.assertGreater(d[hit, 3 * FS:5 * FS].mean(), 0.01, kind)

    def test_random_events_recorded(self) -> None:
        c = make_cohort(40, 11)
        noisy = [c.ecg(i) for i in range(40)]
        with_events = [s for s in noisy if s.events]
        self.assertGreater(len(with_events), 5)
        for s in with_events:
            clean = c.ecg(s.index, noise=False).ecg_mv
            touched = set()
            for ev in s.events:
                self.assertLess(ev.start_s, ev.end_s)
                touched.update(ev.leads)
            untouched = [LEADS_STANDARD.index(n) for n in LEADS_STANDARD if n not in touched]
            np.testing.assert_array_equal(s.ecg_mv[untouched], clean[untouched])


class TeacherTest(unittest.TestCase):
    def test_gaussians_and_prompts(self) -> None:
        c = make_cohort(300, 21)
        mu, lv = c.teacher_mean, c.teacher_logvar
        self.assertEqual(mu.shape, (300, 512))
        np.testing.assert_allclose(np.linalg.norm(mu, axis=1), 1.0, atol=1e-5)
        self.assertTrue(np.all(np.isfinite(lv)))
        # nearby EF -> nearby embeddings: the teacher's neighbours share the echo state
        d = np.linalg.norm(mu[:, None] - mu[None], axis=-1) + np.eye(300) * 9
        nn = d.argmin(1)
        self.assertLess(np.abs(c.echo.lvef[nn] - c.echo.lvef).mean(), 6.0)
        p = Teacher().prompt_embeddings(np.arange(0, 101))
        sims = mu @ p.T
        best = sims.argmax(1)
        self.assertLess(np.abs(best - c.echo.lvef).mean(), 8.0)
        self.assertIn("LVEF", c.reports[0])
        self.assertIn("SIMULATED", c.reports[0])


class WritersTest(unittest.TestCase):
    def test_cohort_files_roundtrip(self) -> None:
        import pydicom

        from make_sim_cohort import write_cohort

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            rows = write_cohort(out, 3, 77, ("dicom", "wfdb", "csv"), 1.0)
            c = make_cohort(3, 77)
            want = [c.ecg(i, noise_fraction=1.0).ecg_mv for i in range(3)]
            with open(out / "labels.csv", encoding="utf-8") as f:
                labels = list(csv.DictReader(f))
            self.assertEqual([r["file"] for r in labels], [r["file"] for r in rows])
            self.assertAlmostEqual(float(labels[1]["lvef"]), float(c.echo.lvef[1]), places=1)
            truth = json.loads((out / "truth.json").read_text())
            self.assertTrue(truth["simulated"])
            # DICOM: channel sensitivity in uV, SCP-ECG source codes
            ds = pydicom.dcmread(out / labels[0]["file"])
            self.assertEqual(ds.SOPClassUID, "1.2.840.10008.5.1.4.1.1.9.1.1")
            wf = ds.WaveformSequence[0]
            ch = wf.ChannelDefinitionSequence
            self.assertEqual(ch[0].ChannelSensitivityUnitsSequence[0].CodeValue, "uV")
            self.assertEqual(ch[2].ChannelSourceSequence[0].CodeValue, "5.6.3-9-61")
            raw = np.frombuffer(wf.WaveformData, dtype="<i2").reshape(-1, 12).T.astype(float)
            uv = raw * float(ch[0].ChannelSensitivity) * float(ch[0].ChannelSensitivityCorrectionFactor)
            self.assertLess(np.abs(uv / 1000.0 - want[0]).max(), 0.0013)
            # WFDB format 16
            hea = (out / labels[1]["file"]).read_text().splitlines()
            self.assertEqual(hea[0].split()[1:], ["12", "500", "5000"])
            dat = np.fromfile(out / "ecg" / "SIM-000002.dat", dtype="<i2").reshape(-1, 12).T
            self.assertLess(np.abs(dat / 1000.0 - want[1]).max(), 0.00051)
            self.assertEqual(int(hea[1].split()[5]), int(dat[0, 0]))
            # CSV with units and a time column
            table = np.loadtxt(out / labels[2]["file"], delimiter=",", skiprows=1)
            self.assertEqual(table.shape, (5000, 13))
            self.assertLess(np.abs(table[:, 1:].T - want[2]).max(), 0.00006)
            self.assertAlmostEqual(table[1, 0], 1.0 / FS)

    def test_site_shift_options(self) -> None:
        """Site-adaptation cohorts: repeat ECGs per patient, another prevalence, LVEF read lower with noise."""
        from make_sim_cohort import SiteShift, write_cohort

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            shift = SiteShift(ecgs_per_patient=3, reduced_fraction=0.4, lvef_offset=-7.0, lvef_read_sd=1.5)
            rows = write_cohort(out, 40, 91, ("wfdb",), 0.0, shift)
            self.assertEqual(len(rows), 120)
            truth = json.loads((out / "truth.json").read_text())
            self.assertEqual(truth["siteShift"]["lvefOffset"], -7.0)
            by_patient: dict[str, list[dict]] = {}
            for r in rows:
                by_patient.setdefault(r["patient_id"], []).append(r)
            self.assertEqual(len(by_patient), 40)
            for recs in by_patient.values():
                # One echo per patient: the same reading and date on each of its ECGs, which differ as recordings.
                self.assertEqual(len({(r["lvef"], r["echo_date"]) for r in recs}), 1)
                self.assertEqual(len({r["file"] for r in recs}), 3)
            true_ef = np.array([truth["files"][r["file"]]["trueLvef"] for r in rows[::3]])
            read_ef = np.array([float(r["lvef"]) for r in rows[::3]])
            self.assertAlmostEqual(float(np.mean(read_ef - true_ef)), -7.0, delta=0.8)
            self.assertLess(float(np.std(read_ef - true_ef)), 3.0)
            a = (out / "ecg" / "SIM-000001.dat").read_bytes()
            b = (out / "ecg" / "SIM-000001-2.dat").read_bytes()
            self.assertNotEqual(a, b)
            # The first recording is the unshifted cohort's ECG (repeat 0 draws what it always drew).
            self.assertEqual(make_cohort(40, 91, reduced_fraction=0.4).ecg(0, noise_fraction=0.0).ecg_mv.shape, (12, N_SAMPLES))
        # A larger reduced-EF share raises the prevalence.
        e = sample_echo_states(np.random.default_rng(1), 20000, reduced_fraction=0.4)
        self.assertGreater(float((e.lvef < 40).mean()), 0.32)


if __name__ == "__main__":
    unittest.main()
