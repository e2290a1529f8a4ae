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


def cohort_unscaled(c: Cohort, idx: np.ndarray, noise: bool | None, noise_fraction: float = 0.35,
                    chunk: int = 256) -> tuple[np.ndarray, list[list[NoiseEvent]]]:
    """Unscaled model inputs [len(idx), 12, 1000] and the noise events of each subject."""
    out = np.zeros((len(idx), 12, 1000), dtype=np.float32)
    events: list[list[NoiseEvent]] = []
    for s in range(0, len(idx), chunk):
        part = [c.ecg(int(i), noise=noise, noise_fraction=noise_fraction) for i in idx[s:s + chunk]]
        events += [p.events for p in part]
        out[s:s + len(part)] = unscaled_inputs(np.stack([p.ecg_mv for p in part]))
    return out, events


def training_variants(c: Cohort, idx: np.ndarray, n_noisy: int = 2, chunk: int = 128) -> np.ndarray:
    """Unscaled inputs [len(idx), 1 + n_noisy, 12, 1000]: the clean ECG, then copies with fresh random noise
    events (training augmentation; each subject's ECG is synthesised once)."""
    out = np.zeros((len(idx), 1 + n_noisy, 12, 1000), dtype=np.float32)
    for s in range(0, len(idx), chunk):
        batch = []
        for i in idx[s:s + chunk]:
            clean = c.ecg(int(i), noise=False).ecg_mv
            batch.append(clean)
            for v in range(n_noisy):
                rng = np.random.default_rng([c.seed, int(i), 1000 + v])
                batch.append(apply_events(clean, random_events(rng), rng))
        u = unscaled_inputs(np.stack(batch))
        out[s:s + len(batch) // (1 + n_noisy)] = u.reshape(-1, 1 + n_noisy, 12, 1000)
    return out


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
