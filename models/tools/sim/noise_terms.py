"""Auxiliary training terms that tie the student's variance to the simulator's acquisition noise.

PCME++ alone makes the variance track how ambiguous an ECG is as a match (on this task mostly how crowded its
part of echo space is; sim/pcme.py cover_teacher_kl addresses that), but acquisition noise barely moves it:
noise is augmentation, so the best PCME++ answer is a mean that ignores the noise, not a wider Gaussian. The
app, though, shows the variance as "how much to trust this ECG" and the per-step variance as "where", and the
issue asks that a noisier copy of an ECG score higher and that the per-step variance peak where the noise is.
These terms teach exactly that, from ground truth the simulator records: every noisy training copy is its clean
copy plus known noise events, so their difference after preprocessing is the noise the model sees, step by
step. They only ever compare an ECG with a noisier copy of itself (or one step of an ECG with its other steps),
so the ordering of different subjects is left to PCME++ and the teacher-covering variance term
(sim/pcme.py cover_teacher_kl; see train_student.py).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from echoingecg.model import steps_for

#: Input samples per model step (total stride of the XResNet1D stem and stages).
STEP_SAMPLES = 16
#: A step counts as noisy when, in its worst lead, the noise's mean square exceeds this (the inputs are scaled
#: to unit variance per lead, so 0.1 is noise with about a third of the lead's own amplitude).
NOISY_STEP_MS = 0.1
#: A step is "clearly noisier" than another of the same ECG when its noise power is at least this many times higher.
STEP_NOISE_RATIO = 4.0


def step_noise_energy(noisy: np.ndarray, clean: np.ndarray, chunk: int = 256) -> np.ndarray:
    """Per-step noise power [..., T]: mean square of (noisy - clean) over each step's samples, max over leads.

    noisy [n, ..., 12, L] and clean [n, 12, L] are scaled model inputs of the same ECGs (the preprocessing is
    linear, so their difference is exactly the preprocessed noise)."""
    n, length = len(noisy), noisy.shape[-1]
    t = steps_for(length)
    pad = t * STEP_SAMPLES - length
    out = []
    for s in range(0, n, chunk):
        d = noisy[s:s + chunk].astype(np.float32) - np.expand_dims(clean[s:s + chunk].astype(np.float32),
                                                                    tuple(range(1, noisy.ndim - 2)))
        d = np.pad(d, [(0, 0)] * (d.ndim - 1) + [(0, pad)])
        ms = (d ** 2).reshape(*d.shape[:-1], t, STEP_SAMPLES).sum(-1)
        # the last step is shorter than STEP_SAMPLES when L is not a multiple of it
        counts = np.full(t, STEP_SAMPLES, dtype=np.float32)
        counts[-1] = STEP_SAMPLES - pad
        out.append((ms / counts).max(axis=-2))
    return np.concatenate(out)


def log_score(logvar: torch.Tensor) -> torch.Tensor:
    """log of the pack's uncertainty score mean_k exp(logvar_k), over the last axis."""
    return torch.logsumexp(logvar, dim=-1) - math.log(logvar.shape[-1])


def ranking_loss(lv_noisy: torch.Tensor, lv_clean: torch.Tensor, has_noise: torch.Tensor,
                 margin: float) -> torch.Tensor:
    """Hinge on log score: a copy with visible noise should score at least `margin` (in log units) above its
    clean copy. Pairs whose noise the preprocessing removed (mains hum above 40 Hz, slow wander) are skipped."""
    if not bool(has_noise.any()):
        return lv_noisy.new_zeros(())
    gap = log_score(lv_noisy) - log_score(lv_clean)
    return F.relu(margin - gap[has_noise]).mean()


def step_ranking_loss(step_lv: torch.Tensor, energy: torch.Tensor, margin: float,
                      ratio: float = STEP_NOISE_RATIO) -> torch.Tensor:
    """Hinge over pairs of steps of one ECG: a step with visible noise whose noise power is at least `ratio`
    times another step's should have a per-step log score at least `margin` above it. Bounded, so it orders the
    steps without inflating the variance of noisy steps without limit (a softmax over steps, tried first, kept
    pushing the noisy steps up and localised worse: the peak fell inside the test noise in 91 % vs 100 %).

    step_lv [B, T, D], energy [B, T] per-step noise power (step_noise_energy)."""
    s = log_score(step_lv)
    pairs = (energy[:, :, None] > NOISY_STEP_MS) & (energy[:, :, None] > ratio * energy[:, None, :])
    if not bool(pairs.any()):
        return step_lv.new_zeros(())
    gap = s[:, :, None] - s[:, None, :]
    return F.relu(margin - gap[pairs]).mean()
