"""Deterministic ECG-like 12-lead test signals (mV). Not physiology: sums of Gaussian P/QRS/T waves with
lead-dependent projections, beat-to-beat jitter, baseline wander, a DC offset, muscle noise and mains hum.
Used for preprocessing fixtures, the reference pack's scaler/uncertainty reference and parity inputs."""
from __future__ import annotations

import numpy as np

# Per-lead gain of (P, QRS, T) in mV for an "electrical axis" in the frontal plane and a precordial progression.
_P = np.array([0.10, 0.15, 0.05, -0.12, 0.10, 0.03, 0.05, 0.06, 0.07, 0.08, 0.08, 0.07])
_QRS = np.array([0.8, 1.2, 0.45, -1.0, 0.8, 0.2, -0.6, -0.3, 0.4, 1.1, 1.4, 1.1])
_T = np.array([0.20, 0.30, 0.10, -0.25, 0.20, 0.05, -0.05, 0.25, 0.35, 0.40, 0.35, 0.25])


def synth_ecg(fs: float, duration_s: float, seed: int, hr_bpm: float | None = None,
              noise_mv: float = 0.02, wander_mv: float = 0.25, mains_hz: float = 50.0,
              qrs_width_s: float | None = None, amplitude: float = 1.0) -> np.ndarray:
    """A [12, round(duration_s * fs)] float64 record in mV; fully determined by (fs, duration_s, seed, ...).
    qrs_width_s (Gaussian sd of the R wave) and amplitude (gain of the P/QRS/T complex) override the random
    defaults; the random stream is consumed identically either way, so fixtures stay reproducible."""
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * fs))
    t = np.arange(n) / fs
    hr = hr_bpm if hr_bpm is not None else float(rng.uniform(55, 95))
    rr = 60.0 / hr
    lead_jitter = 1.0 + 0.15 * rng.standard_normal((3, 12))
    qrs_width = float(rng.uniform(0.018, 0.035))
    if qrs_width_s is not None:
        qrs_width = qrs_width_s
    x = np.zeros((12, n))
    beat = float(rng.uniform(0.1, rr))
    while beat < duration_s + rr:
        amp = amplitude * (1.0 + 0.05 * rng.standard_normal())
        for centre, width, gains in ((beat - 0.16, 0.025, _P * lead_jitter[0]),
                                     (beat, qrs_width, _QRS * lead_jitter[1]),
                                     (beat + 0.28, 0.06, _T * lead_jitter[2])):
            x += amp * gains[:, None] * np.exp(-0.5 * ((t - centre) / width) ** 2)[None, :]
        # small S wave so QRS is biphasic
        x -= 0.25 * amp * (_QRS * lead_jitter[1])[:, None] * np.exp(-0.5 * ((t - beat - 0.04) / 0.012) ** 2)
        beat += rr * (1.0 + 0.04 * rng.standard_normal())
    phase = rng.uniform(0, 2 * np.pi, size=(12, 1))
    wander = wander_mv * (np.sin(2 * np.pi * 0.18 * t + phase) + 0.4 * np.sin(2 * np.pi * 0.05 * t + 2 * phase))
    offset = 0.1 * rng.standard_normal((12, 1))
    mains = 0.02 * np.sin(2 * np.pi * mains_hz * t + phase) if mains_hz < fs / 2 else 0.0
    return x + wander + offset + mains + noise_mv * rng.standard_normal((12, n))


def synthetic_reference_inputs(n: int, mean: np.ndarray, scale: np.ndarray, seed: int,
                               fs: int = 500) -> np.ndarray:
    """[n, 12, 1000] float32 model inputs: synthetic 10 s ECGs at fs with a spread of heart rates and noise
    levels, put through the exact preprocessing chain with the given scaler."""
    from . import preprocessing as pp  # local import: preprocessing does not depend on this module

    rng = np.random.default_rng(seed)
    out = np.empty((n, 12, pp.TARGET_SAMPLES), dtype=np.float32)
    for i in range(n):
        x = synth_ecg(fs, 10.0, seed=int(rng.integers(1 << 31)), hr_bpm=float(rng.uniform(45, 130)),
                      noise_mv=float(np.exp(rng.uniform(np.log(0.003), np.log(0.3)))),
                      wander_mv=float(rng.uniform(0.0, 0.6)), mains_hz=float(rng.choice([50.0, 60.0])))
        x *= rng.uniform(0.5, 1.6)  # voltage spread
        out[i] = pp.preprocess(x, fs, mean, scale)
    return out
