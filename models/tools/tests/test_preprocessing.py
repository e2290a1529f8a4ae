"""Reference preprocessing equals direct scipy calls, and the committed fixtures are what the code produces."""
import json
import math
import tempfile
import unittest
from pathlib import Path

import _paths
import numpy as np
from scipy import signal

from echoingecg import preprocessing as pp
from echoingecg.synthetic import synth_ecg

FIXTURES = _paths.ROOT / "tests/fixtures/preprocess"


class MatchesScipy(unittest.TestCase):
    def test_chain_equals_direct_scipy_calls(self):
        mean, scale = np.linspace(-0.01, 0.01, 12), np.linspace(0.1, 0.3, 12)
        for fs in (240, 250, 360, 500, 1000, 257):
            x = synth_ecg(fs, 10.2, seed=fs)
            sos = signal.butter(4, [0.5 / (fs / 2), 40 / (fs / 2)], btype="bandpass", output="sos")
            y = signal.sosfiltfilt(sos, x, axis=1, padtype="odd", padlen=27)
            from math import gcd
            g = gcd(fs, 100)
            r = signal.resample_poly(y, 100 // g, fs // g, axis=1, window=("kaiser", 5.0), padtype="median")
            want = (r[:, :1000] - mean[:, None]) / scale[:, None]
            got = pp.preprocess(x, fs, mean, scale)
            self.assertEqual(got.shape, (12, 1000))
            self.assertEqual(got.dtype, np.float32)
            np.testing.assert_allclose(got, want.astype(np.float32), rtol=0, atol=1e-5 * np.ptp(want))

    def test_default_padding_is_27_odd_samples(self):
        fs = 500
        x = synth_ecg(fs, 10.0, seed=5)
        sos = pp.bandpass_sos(fs)
        self.assertEqual(sos.shape, (4, 6))
        np.testing.assert_array_equal(pp.bandpass(x, fs), signal.sosfiltfilt(sos, x, padtype="odd", padlen=27))
        self.assertGreater(np.abs(pp.bandpass(x, fs) - signal.sosfiltfilt(sos, x, padlen=0)).max(), 1e-3)

    def test_crop_pad_and_scale_floor(self):
        r = np.arange(24.0).reshape(2, 12)
        np.testing.assert_array_equal(pp.crop_or_pad(r, start=10, length=4), [[10, 11, 0, 0], [22, 23, 0, 0]])
        out = pp.scale(np.ones((12, 3)), np.zeros(12), np.zeros(12))
        self.assertTrue(np.all(out == 1e8))

    def test_resample_factors(self):
        self.assertEqual(pp.resample_factors(500), (1, 5))
        self.assertEqual(pp.resample_factors(257), (100, 257))
        self.assertEqual(pp.resample_factors(240), (5, 12))
        with self.assertRaises(ValueError):
            pp.resample_factors(250.5)


#: numpy/scipy results differ at ~1e-15 between CPUs (other SIMD paths, other summation orders): the committed
#: fixtures are reproduced to a tolerance that fits float64, never bit for bit (a real change is far larger).
RTOL = 1e-12


def assert_close_tree(fresh, committed, where="index"):
    """Equal structure, equal strings and integers, floats within RTOL (relative)."""
    if isinstance(committed, dict):
        assert isinstance(fresh, dict) and fresh.keys() == committed.keys(), f"{where}: keys differ"
        for k in committed:
            assert_close_tree(fresh[k], committed[k], f"{where}.{k}")
    elif isinstance(committed, list):
        assert isinstance(fresh, list) and len(fresh) == len(committed), f"{where}: lengths differ"
        for i, (a, b) in enumerate(zip(fresh, committed)):
            assert_close_tree(a, b, f"{where}[{i}]")
    elif isinstance(committed, float) and not isinstance(committed, bool):
        assert math.isclose(fresh, committed, rel_tol=RTOL, abs_tol=0.0), f"{where}: {fresh!r} != {committed!r}"
    else:
        assert fresh == committed, f"{where}: {fresh!r} != {committed!r}"


def assert_close_array(fresh: np.ndarray, committed: np.ndarray, name: str) -> None:
    """Same shape; every value within RTOL of the array's largest magnitude (relative to the signal, so values
    crossing zero are not held to an impossible relative tolerance)."""
    assert fresh.shape == committed.shape, f"{name}: shape {fresh.shape} != {committed.shape}"
    scale = float(np.max(np.abs(committed))) if committed.size else 0.0
    np.testing.assert_allclose(fresh, committed, rtol=RTOL, atol=RTOL * scale, err_msg=name)


def read_f64(path: Path) -> np.ndarray:
    return np.frombuffer(path.read_bytes(), dtype="<f8")


class Fixtures(unittest.TestCase):
    def test_committed_fixtures_are_reproduced_to_float64_precision(self):
        import make_preprocess_fixtures as mk
        index = json.loads((FIXTURES / "index.json").read_text())
        with tempfile.TemporaryDirectory() as tmp:
            fresh = mk.make(Path(tmp))
            assert_close_tree(fresh, index)
            for case in index["cases"]:
                for f in case["files"].values():
                    assert_close_array(read_f64(Path(tmp) / f["file"]), read_f64(FIXTURES / f["file"]), f["file"])

    def test_the_tolerance_takes_another_cpu_and_refuses_a_real_change(self):
        committed = read_f64(FIXTURES / json.loads((FIXTURES / "index.json").read_text())["cases"][0]["files"]["scaled"]["file"])
        # Another CPU: each value off by a few units in the last place (~1e-15 relative).
        other_cpu = committed * (1 + 4e-16 * np.sign(np.sin(np.arange(committed.size))))
        self.assertFalse(np.array_equal(other_cpu, committed))
        assert_close_array(other_cpu, committed, "other cpu")
        assert_close_tree({"range": 2.0 * (1 + 3e-15)}, {"range": 2.0})
        # A real change of the chain (a changed coefficient moves values by far more than 1e-12).
        changed = committed.copy()
        changed[500] += 1e-9 * np.max(np.abs(committed))
        with self.assertRaises(AssertionError):
            assert_close_array(changed, committed, "changed")
        with self.assertRaises(AssertionError):
            assert_close_tree({"range": 2.0 * (1 + 1e-9)}, {"range": 2.0})

    def test_index_covers_the_required_rates(self):
        index = json.loads((FIXTURES / "index.json").read_text())
        rates = {c["sampleRateHz"] for c in index["cases"]}
        self.assertTrue({240, 250, 360, 500, 1000}.issubset(rates))
        self.assertTrue(any(1000 % r and r % 100 for r in rates))  # an odd rate
        for c in index["cases"]:
            self.assertEqual(c["files"]["scaled"]["shape"], [12, 1000])
            size = (FIXTURES / c["files"]["input"]["file"]).stat().st_size
            self.assertEqual(size, 8 * 12 * c["samples"])


if __name__ == "__main__":
    unittest.main()
