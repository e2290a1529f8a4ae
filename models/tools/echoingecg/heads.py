"""Point estimates of the pack's heads, written exactly as PACK-FORMAT.md states them (no Monte Carlo), for
measuring a pack's heads in Python and for the expected values in tests/fixtures/model/."""
from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def logistic(mean: np.ndarray, weights, bias: float) -> np.ndarray:
    """P = sigmoid(w . mu + b) per row of mean [N, D]."""
    return sigmoid(np.asarray(mean, np.float64) @ np.asarray(weights, np.float64) + bias)


def top_count(top_fraction: float, n: int) -> int:
    """Number of most-similar prompts used: max(1, round(top_fraction * n)) (Python round = half to even;
    top_fraction * n is never exactly x.5 for the packs we write)."""
    return max(1, int(round(top_fraction * n)))


def prompt_regression(mean: np.ndarray, prompts: np.ndarray, values, top_fraction: float) -> np.ndarray:
    """Median of the values of the top prompts by cosine similarity (prompts are unit rows)."""
    mean = np.asarray(mean, np.float64)
    mu = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    sim = mu @ np.asarray(prompts, np.float64).T
    k = top_count(top_fraction, sim.shape[1])
    # Stable ordering: ties broken by prompt index.
    order = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    return np.median(np.asarray(values, np.float64)[order], axis=1)


def csd(mean_a, logvar_a, mean_b, logvar_b) -> np.ndarray:
    """Closed-form sampled distance matrix [Na, Nb]: ||mu_a - mu_b||^2 + sum(exp(lv_a)) + sum(exp(lv_b))."""
    ma, mb = np.asarray(mean_a, np.float64), np.asarray(mean_b, np.float64)
    d2 = (ma ** 2).sum(1)[:, None] + (mb ** 2).sum(1)[None, :] - 2 * ma @ mb.T
    va = np.exp(np.asarray(logvar_a, np.float64)).sum(1)
    vb = np.exp(np.asarray(logvar_b, np.float64)).sum(1)
    return np.maximum(d2, 0) + va[:, None] + vb[None, :]


def knn(mean, logvar, lib_mean, lib_logvar, lib_values, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(estimate = mean of the k nearest studies' values [N], their indices [N, k]) by CSD, ties by index."""
    dist = csd(mean, logvar, lib_mean, lib_logvar)
    idx = np.argsort(dist, axis=1, kind="stable")[:, :k]
    return np.asarray(lib_values, np.float64)[idx].mean(axis=1), idx


def auroc(scores, labels) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    s, y = np.asarray(scores, float), np.asarray(labels, bool)
    pos, neg = s[y], s[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def regression_prompts(means: np.ndarray, targets: np.ndarray, values, ridge: float = 1.0) -> np.ndarray:
    """Prompt embeddings [len(values), D] for a prompt-regression head fitted on (embedding, value) pairs.

    p_v = normalise(g + s(v) u), g the unit mean embedding, u a unit ridge-regression direction orthogonal to g.
    For a unit mu, cos(mu, p_v) is unimodal in s with its peak at s* = (mu . u) / (mu . g); s(v) is the linear
    map fitted so that the peak falls at the regression estimate of the target. The median-of-top-prompts rule
    then returns about that estimate (clipped toward the ends of the value range)."""
    x = np.asarray(means, np.float64)
    y = np.asarray(targets, np.float64)
    g = x.mean(0)
    g /= np.linalg.norm(g)
    xc = x - x.mean(0)
    w = np.linalg.solve(xc.T @ xc + ridge * np.eye(x.shape[1]), xc.T @ (y - y.mean()))
    u = w - (w @ g) * g
    u /= np.linalg.norm(u)
    s = (x @ u) / (x @ g)
    b1, b0 = np.polyfit(s, y, 1)
    sv = (np.asarray(values, np.float64) - b0) / b1
    p = g[None, :] + sv[:, None] * u[None, :]
    return (p / np.linalg.norm(p, axis=1, keepdims=True)).astype(np.float32)
