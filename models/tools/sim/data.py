"""Model inputs from simulated ECGs, preprocessed exactly like the app (echoingecg.preprocessing):
band-pass at 500 Hz -> resample to 100 Hz -> first 1000 samples -> per-lead scaler, in the model's lead order."""
from __future__ import annotations

import numpy as np

from echoingecg.preprocessing import LEADS, bandpass, crop_or_pad, resample_to_100, scale

from .cohort import Cohort, to_model_order
from .ecg import FS
from .noise import NoiseEvent, apply_events, random_events


def unscaled_inputs(ecgs_mv: np.ndarray) -> np.ndarray:
    """[n, 12, 5000] LEADS_STANDARD mV at 500 Hz -> [n, 12, 1000] model-order mV at 100 Hz (before scaling)."""
    x = to_model_order(np.asarray(ecgs_mv, dtype=np.float64), LEADS)
    return crop_or_pad(resample_to_100(bandpass(x, FS), FS))


def fit_scaler(x_unscaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-lead mean and standard deviation over all samples (what a StandardScaler on the leads gives)."""
    flat = np.transpose(x_unscaled, (1, 0, 2)).reshape(12, -1)
    return flat.mean(axis=1), flat.std(axis=1)


def scaled(x_unscaled: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    return scale(x_unscaled, mean, std).astype(np.float32)


def _inputs_chunk(c: Cohort, idx: np.ndarray, noise: bool | None, noise_fraction: float) -> tuple[np.ndarray, list]:
    part = [c.ecg(int(i), noise=noise, noise_fraction=noise_fraction) for i in idx]
    return unscaled_inputs(np.stack([p.ecg_mv for p in part])).astype(np.float32), [p.events for p in part]


def cohort_unscaled(c: Cohort, idx: np.ndarray, noise: bool | None, noise_fraction: float = 0.35,
                    chunk: int = 64, workers: int = 2) -> tuple[np.ndarray, list[list[NoiseEvent]]]:
    """Unscaled model inputs [len(idx), 12, 1000] and the noise events of each subject (deterministic: every
    subject is seeded on its own, so `workers` does not change the result)."""
    jobs = [(idx[s:s + chunk], noise, noise_fraction) for s in range(0, len(idx), chunk)]
    parts = _run(c, _inputs_job, jobs, workers)
    return np.concatenate([p[0] for p in parts]), [e for p in parts for e in p[1]]


def _variants_chunk(c: Cohort, idx: np.ndarray, n_noisy: int) -> np.ndarray:
    batch = []
    for i in idx:
        clean = c.ecg(int(i), noise=False).ecg_mv
        batch.append(clean)
        for v in range(n_noisy):
            rng = np.random.default_rng([c.seed, int(i), 1000 + v])
            batch.append(apply_events(clean, random_events(rng), rng))
    return unscaled_inputs(np.stack(batch)).astype(np.float32).reshape(-1, 1 + n_noisy, 12, 1000)


_POOL_COHORT: Cohort | None = None


def _variants_job(args: tuple) -> np.ndarray:
    assert _POOL_COHORT is not None
    return _variants_chunk(_POOL_COHORT, *args)


def _inputs_job(args: tuple) -> tuple[np.ndarray, list]:
    assert _POOL_COHORT is not None
    return _inputs_chunk(_POOL_COHORT, *args)


def _run(c: Cohort, job, jobs: list, workers: int) -> list:
    """Run chunk jobs in-process or in a forked pool (the cohort is shared through the fork)."""
    global _POOL_COHORT
    _POOL_COHORT = c
    try:
        if workers <= 1 or len(jobs) < 2:
            return [job(j) for j in jobs]
        import multiprocessing as mp  # noqa: PLC0415

        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(job, jobs)
    finally:
        _POOL_COHORT = None


def training_variants(c: Cohort, idx: np.ndarray, n_noisy: int = 2, chunk: int = 64, workers: int = 2) -> np.ndarray:
    """Unscaled inputs [len(idx), 1 + n_noisy, 12, 1000]: the clean ECG, then copies with fresh random noise
    events (training augmentation; each subject's ECG is synthesised once). Every subject is seeded on its own,
    so the result does not depend on `workers`."""
    jobs = [(idx[s:s + chunk], n_noisy) for s in range(0, len(idx), chunk)]
    return np.concatenate(_run(c, _variants_job, jobs, workers))


def noisy_pair_event(rng: np.random.Generator, start_s: float, dur_s: float) -> list[NoiseEvent]:
    """The behaviour tests' added noise: muscle noise plus electrode motion on the leads of one or two
    electrodes over one interval."""
    from .noise import _pick_leads  # noqa: PLC0415 - shared electrode picking

    leads = _pick_leads(rng)
    return [NoiseEvent("muscle", start_s, start_s + dur_s, leads),
            NoiseEvent("electrode_motion", start_s, start_s + dur_s, leads)]


def steps_to_seconds(step: np.ndarray, step_s: float = 0.16) -> np.ndarray:
    """Centre time (s) of a model step."""
    return (np.asarray(step) + 0.5) * step_s
