"""Reference preprocessing of the EchoingECG student, written with scipy so that it IS the definition the
TypeScript runtime must reproduce (fixtures in tests/fixtures/preprocess/ are produced by these functions).

Order (MODEL.md): band-pass at the source rate -> resample to 100 Hz -> crop / zero-pad to 1000 samples
-> per-lead standardisation. Input is [leads, samples] in millivolts, float64.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
from scipy import signal

TARGET_RATE_HZ = 100
TARGET_SAMPLES = 1000
BANDPASS_LOW_HZ = 0.5
BANDPASS_HIGH_HZ = 40.0
BANDPASS_ORDER = 4
KAISER_BETA = 5.0
SCALE_FLOOR = 1e-8
#: Training-data lead order (MIMIC-IV-ECG): aVF comes before aVL.
LEADS = ("I", "II", "III", "aVR", "aVF", "aVL", "V1", "V2", "V3", "V4", "V5", "V6")


def bandpass_sos(fs: float) -> np.ndarray:
    """Second-order sections [4, 6] of the 4th-order Butterworth band-pass 0.5-40 Hz at source rate fs."""
    nyq = fs / 2.0
    return signal.butter(BANDPASS_ORDER, [BANDPASS_LOW_HZ / nyq, BANDPASS_HIGH_HZ / nyq], "band", output="sos")


def bandpass(x: np.ndarray, fs: float) -> np.ndarray:
    """Zero-phase band-pass with sosfiltfilt's DEFAULT padding (odd extension, 27 samples for this filter)."""
    return signal.sosfiltfilt(bandpass_sos(fs), np.asarray(x, dtype=np.float64), axis=-1)


def resample_factors(fs: int) -> tuple[int, int]:
    """(up, down) for resample_poly from integer rate fs to 100 Hz, reduced by their gcd."""
    if int(fs) != fs or fs <= 0:
        raise ValueError("source rate must be a positive integer in Hz")
    g = gcd(int(fs), TARGET_RATE_HZ)
    return TARGET_RATE_HZ // g, int(fs) // g


def resample_to_100(x: np.ndarray, fs: int) -> np.ndarray:
    """Polyphase resampling to 100 Hz with a Kaiser(5.0) window and median padding, along the last axis."""
    up, down = resample_factors(fs)
    if up == 1 and down == 1:
        return np.array(x, dtype=np.float64, copy=True)
    return signal.resample_poly(x, up, down, axis=-1, window=("kaiser", KAISER_BETA), padtype="median")


def crop_or_pad(x: np.ndarray, start: int = 0, length: int = TARGET_SAMPLES) -> np.ndarray:
    """Samples [start, start + length) at 100 Hz; zeros (mV, i.e. before scaling) past the record's end."""
    out = np.zeros(x.shape[:-1] + (length,), dtype=np.float64)
    piece = x[..., start:start + length]
    out[..., : piece.shape[-1]] = piece
    return out


def scale(x: np.ndarray, mean: np.ndarray, scale_: np.ndarray) -> np.ndarray:
    """Per-lead standardisation (x - mean) / max(scale, 1e-8); x is [..., 12, T]."""
    mean = np.asarray(mean, dtype=np.float64)[:, None]
    s = np.maximum(np.asarray(scale_, dtype=np.float64), SCALE_FLOOR)[:, None]
    return (x - mean) / s


@dataclass
class Stages:
    """Every intermediate output, kept so fixtures can pin each step separately."""

    sos: np.ndarray
    filtered: np.ndarray
    resampled: np.ndarray
    cropped: np.ndarray
    scaled: np.ndarray


def preprocess_stages(x_mv: np.ndarray, fs: int, mean: np.ndarray, scale_: np.ndarray, start: int = 0) -> Stages:
    """Run the whole chain on a [12, N] record in mV at integer rate fs; start is in 100 Hz samples."""
    sos = bandpass_sos(fs)
    filtered = signal.sosfiltfilt(sos, np.asarray(x_mv, dtype=np.float64), axis=-1)
    resampled = resample_to_100(filtered, fs)
    cropped = crop_or_pad(resampled, start)
    return Stages(sos, filtered, resampled, cropped, scale(cropped, mean, scale_))


def preprocess(x_mv: np.ndarray, fs: int, mean: np.ndarray, scale_: np.ndarray, start: int = 0) -> np.ndarray:
    """Model input [12, 1000] float32 from a [12, N] record in mV (lead order LEADS)."""
    return preprocess_stages(x_mv, fs, mean, scale_, start).scaled.astype(np.float32)
