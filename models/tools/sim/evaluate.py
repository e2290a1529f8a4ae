"""Behaviour of a trained student + pack heads on the fixed simulated test set (seed SEED_TEST).

The same functions write models/reference/metrics.json (train_student.py) and back the unittest
assertions (tests/test_trained_reference.py), so no figure is ever typed in by hand. Head rules follow
models/PACK-FORMAT.md (logistic on the mean, k nearest library studies by CSD, prompt regression by the
median of the top 20 % prompts, Monte Carlo intervals from the Gaussian embedding).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.preprocessing import StandardScaler

from echoingecg.model import EchoingStudent, StudentConfig
from echoingecg.pack import calibrated_interval

from .cohort import SEED_HELDOUT, SEED_TEST, make_cohort
from .data import cohort_unscaled, noisy_pair_event, scaled, steps_to_seconds, unscaled_inputs
from .noise import apply_events

N_TEST = 1000
N_PAIRS = 150


@dataclass
class PackView:
    """What the behaviour needs from a written pack (read back from disk, not from training memory)."""

    scaler_mean: np.ndarray
    scaler_scale: np.ndarray
    lr_w: np.ndarray
    lr_b: float
    lr_threshold: float
    lib_mu: np.ndarray
    lib_lv: np.ndarray
    lib_lvef: np.ndarray
    k: int
    prompts: np.ndarray | None
    prompt_values: np.ndarray | None
    top_fraction: float
    level: float
    n_samples: int
    seed: int
    knn_calibration: dict | None = None
    prompt_calibration: dict | None = None


def read_pack(pack_dir: Path) -> PackView:
    """Parse manifest.json, library.json/.bin and prompts.bin of a pack folder."""
    m = json.loads((pack_dir / "manifest.json").read_text())
    d = m["outputs"]["mean"]["dims"][0]
    heads = {h["kind"]: h for h in m["heads"]}
    lib = json.loads((pack_dir / m["library"]["metadata"]).read_text())["studies"]
    emb = np.fromfile(pack_dir / m["library"]["embeddings"], dtype="<f4").reshape(len(lib), 2, d)
    pr = heads.get("prompt-regression")
    prompts = None if pr is None else np.fromfile(pack_dir / pr["file"], dtype="<f4").reshape(-1, d)
    return PackView(
        np.asarray(m["input"]["scaler"]["mean"]), np.asarray(m["input"]["scaler"]["scale"]),
        np.asarray(heads["logistic"]["weights"]), float(heads["logistic"]["bias"]),
        float(heads["logistic"]["threshold"]), emb[:, 0], emb[:, 1],
        np.array([s["measurements"]["lvef"] for s in lib], dtype=np.float64), int(heads["knn"]["k"]),
        prompts, None if pr is None else np.asarray(pr["values"], dtype=np.float64),
        0.2 if pr is None else float(pr["topFraction"]), float(m["intervals"]["level"]),
        int(m["intervals"]["samples"]), int(m["intervals"]["seed"]), heads["knn"].get("calibration"),
        None if pr is None else pr.get("calibration"))


def load_student(state_path: Path) -> EchoingStudent:
    """The trained student; its width is read from training.json next to the state_dict."""
    cfg = json.loads((state_path.parent / "training.json").read_text())["config"]  # same folder as the weights
    model = EchoingStudent(StudentConfig(blocks=tuple(cfg["blocks"]), stem_width=cfg["stemWidth"],
                                         widths=tuple(cfg["widths"])))
    model.load_state_dict(torch.load(state_path, map_location="cpu"))
    return model.eval()


@torch.no_grad()
def embed(model: EchoingStudent, x: np.ndarray, batch: int = 128) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean [n, D], logvar [n, D], per-step score [n, T] = mean_k exp(step_logvar)) for scaled inputs."""
    mus, lvs, steps = [], [], []
    for s in range(0, len(x), batch):
        mu, lv, st = model(torch.from_numpy(np.ascontiguousarray(x[s:s + batch])))
        mus.append(mu.numpy()), lvs.append(lv.numpy()), steps.append(st.exp().mean(-1).numpy())
    return np.concatenate(mus), np.concatenate(lvs), np.concatenate(steps)


def uncertainty(lv: np.ndarray) -> np.ndarray:
    """The pack's score: mean_k exp(logvar_k)."""
    return np.exp(lv).mean(axis=-1)


def csd(mu: np.ndarray, lv: np.ndarray, lib_mu: np.ndarray, lib_lv: np.ndarray) -> np.ndarray:
    d = ((mu[:, None, :] - lib_mu[None]) ** 2).sum(-1)
    return d + np.exp(lv).sum(-1)[:, None] + np.exp(lib_lv).sum(-1)[None, :]


def knn_estimate(mu: np.ndarray, lv: np.ndarray, p: PackView) -> np.ndarray:
    """Mean LVEF of the k library studies nearest by CSD (the head's point estimate)."""
    return p.lib_lvef[np.argsort(csd(mu, lv, p.lib_mu, p.lib_lv), axis=1)[:, : p.k]].mean(axis=1)


def knn_with_interval(mu: np.ndarray, lv: np.ndarray, p: PackView,
                      calibrated: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Point estimate and interval: central quantiles of the neighbour values pooled over Monte Carlo samples,
    widened by the head's split-conformal calibration when the pack has one (calibrated_interval)."""
    est = knn_estimate(mu, lv, p)
    iv = np.zeros((len(mu), 2))
    lib_var = np.exp(p.lib_lv).sum(-1)
    lib_sq = (p.lib_mu.astype(np.float64) ** 2).sum(-1)
    rng = np.random.default_rng(p.seed)
    alpha = (1.0 - p.level) / 2.0
    cal = p.knn_calibration if calibrated else None
    for i in range(len(mu)):
        z = mu[i] + np.exp(0.5 * lv[i]) * rng.standard_normal((p.n_samples, mu.shape[1]))
        dz = (z * z).sum(-1)[:, None] - 2.0 * z @ p.lib_mu.T + lib_sq[None] + lib_var[None]
        pooled = p.lib_lvef[np.argsort(dz, axis=1)[:, : p.k]].ravel()
        iv[i] = calibrated_interval(np.quantile(pooled, [alpha, 1.0 - alpha]), est[i], cal)
    return est, iv


def prompt_estimate(mu: np.ndarray, p: PackView) -> np.ndarray:
    sims = mu @ p.prompts.T
    top = max(1, int(round(p.top_fraction * len(p.prompt_values))))
    order = np.argsort(-sims, axis=1)[:, :top]
    return np.median(p.prompt_values[order], axis=1)


def prompt_with_interval(mu: np.ndarray, lv: np.ndarray, p: PackView,
                         calibrated: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Prompt estimate and interval: central quantiles of the estimates of Monte Carlo samples, widened by the
    head's split-conformal calibration when the pack has one."""
    est = prompt_estimate(mu, p)
    iv = np.zeros((len(mu), 2))
    rng = np.random.default_rng([p.seed, 2])
    alpha = (1.0 - p.level) / 2.0
    cal = p.prompt_calibration if calibrated else None
    for i in range(len(mu)):
        z = mu[i] + np.exp(0.5 * lv[i]) * rng.standard_normal((p.n_samples, mu.shape[1]))
        z /= np.linalg.norm(z, axis=1, keepdims=True)  # cosine similarity, as the runtime
        iv[i] = calibrated_interval(np.quantile(prompt_estimate(z, p), [alpha, 1.0 - alpha]), est[i], cal)
    return est, iv


def coverage(truth: np.ndarray, iv: np.ndarray) -> dict:
    return {"coverage": float(((truth >= iv[:, 0]) & (truth <= iv[:, 1])).mean()),
            "meanIntervalWidth": float((iv[:, 1] - iv[:, 0]).mean())}


def _auc_bacc(y: np.ndarray, prob: np.ndarray, thr: float) -> dict:
    return {"n": int(len(y)), "positives": int(y.sum()), "auroc": float(roc_auc_score(y, prob)),
            "balancedAccuracy": float(balanced_accuracy_score(y, prob >= thr))}


def ceiling(n_fit: int, test_params, y_test: np.ndarray) -> dict:
    """Logistic model on the simulator's true ECG parameters (fit on held-out subjects)."""
    c = make_cohort(n_fit, SEED_HELDOUT)
    sc = StandardScaler().fit(c.params.ceiling_features())
    lr = LogisticRegression(max_iter=2000, class_weight="balanced")
    lr.fit(sc.transform(c.params.ceiling_features()), (c.echo.lvef < 40).astype(int))
    prob = lr.predict_proba(sc.transform(test_params.ceiling_features()))[:, 1]
    return _auc_bacc(y_test, prob, 0.5)


def evaluate(model: EchoingStudent, p: PackView, n_test: int = N_TEST, n_pairs: int = N_PAIRS) -> dict:
    """All behaviour figures on the fixed test set (regenerated from SEED_TEST)."""
    c = make_cohort(n_test, SEED_TEST)
    idx = np.arange(n_test)
    xu, _ = cohort_unscaled(c, idx, noise=None)
    mu, lv, _ = embed(model, scaled(xu, p.scaler_mean, p.scaler_scale))
    y = (c.echo.lvef < 40).astype(int)
    prob = 1.0 / (1.0 + np.exp(-(mu @ p.lr_w + p.lr_b)))
    u = uncertainty(lv)
    low = u <= np.median(u)
    out: dict = {"testSet": {"seed": SEED_TEST, "n": n_test, "prevalenceLvefLt40": float(y.mean())}}
    out["lvefLt40"] = {"overall": _auc_bacc(y, prob, p.lr_threshold),
                       "lowUncertainty": _auc_bacc(y[low], prob[low], p.lr_threshold),
                       "highUncertainty": _auc_bacc(y[~low], prob[~low], p.lr_threshold),
                       "ceilingTrueEcgParameters": ceiling(4000, c.params, y)}
    # retrieval and kNN
    d = csd(mu, lv, p.lib_mu, p.lib_lv)
    top5 = np.argsort(d, axis=1)[:, :5]
    rng = np.random.default_rng(SEED_TEST)
    rand5 = rng.integers(0, len(p.lib_lvef), (n_test, 5))
    out["retrieval"] = {"top5LvefMae": float(np.abs(p.lib_lvef[top5] - c.echo.lvef[:, None]).mean()),
                        "random5LvefMae": float(np.abs(p.lib_lvef[rand5] - c.echo.lvef[:, None]).mean()),
                        "librarySize": int(len(p.lib_lvef))}
    sub = idx[: min(400, n_test)]
    est, iv = knn_with_interval(mu[sub], lv[sub], p)
    _, iv_raw = knn_with_interval(mu[sub], lv[sub], p, calibrated=False)
    truth = c.echo.lvef[sub]
    raw = coverage(truth, iv_raw)
    out["knn"] = {"k": p.k, "n": int(len(sub)), "lvefMae": float(np.abs(est - truth).mean()),
                  "intervalLevel": p.level, **coverage(truth, iv), "calibrated": p.knn_calibration is not None,
                  "coverageUncalibrated": raw["coverage"], "meanIntervalWidthUncalibrated": raw["meanIntervalWidth"],
                  "aurocLvefLt40": float(roc_auc_score(y[sub], -est))}
    if p.prompts is not None:
        pe = prompt_estimate(mu, p)
        _, piv = prompt_with_interval(mu[sub], lv[sub], p)
        _, piv_raw = prompt_with_interval(mu[sub], lv[sub], p, calibrated=False)
        praw = coverage(truth, piv_raw)
        out["promptRegression"] = {"lvefMae": float(np.abs(pe - c.echo.lvef).mean()),
                                   "aurocLvefLt40": float(roc_auc_score(y, -pe)), "n": int(len(sub)),
                                   "intervalLevel": p.level, **coverage(truth, piv),
                                   "calibrated": p.prompt_calibration is not None,
                                   "coverageUncalibrated": praw["coverage"],
                                   "meanIntervalWidthUncalibrated": praw["meanIntervalWidth"]}
    out["noise"] = noise_pairs(model, p, c, n_pairs)
    out["uncertaintyByNoise"] = uncertainty_by_noise(c, idx, u)
    return out


def uncertainty_by_noise(c, idx: np.ndarray, u: np.ndarray) -> dict:
    noisy = np.array([bool(c.ecg(int(i)).events) for i in idx])
    return {"meanScoreClean": float(u[~noisy].mean()), "meanScoreNoisy": float(u[noisy].mean()),
            "noisyFraction": float(noisy.mean())}


def noise_pairs(model: EchoingStudent, p: PackView, c, n_pairs: int) -> dict:
    """Clean ECG vs the same ECG with muscle noise + electrode motion over a 2-3 s interval."""
    rng = np.random.default_rng([SEED_TEST, 5])
    clean, noisy, spans = [], [], []
    for i in range(n_pairs):
        x = c.ecg(i, noise=False).ecg_mv
        dur = float(rng.uniform(2.0, 3.0))
        start = float(rng.uniform(0.5, 9.5 - dur))
        ev = noisy_pair_event(rng, start, dur)
        clean.append(x), noisy.append(apply_events(x, ev, rng)), spans.append((start, start + dur))
    xc = scaled(unscaled_inputs(np.stack(clean)), p.scaler_mean, p.scaler_scale)
    xn = scaled(unscaled_inputs(np.stack(noisy)), p.scaler_mean, p.scaler_scale)
    _, lvc, _ = embed(model, xc)
    _, lvn, stn = embed(model, xn)
    higher = uncertainty(lvn) > uncertainty(lvc)
    peak_t = steps_to_seconds(np.argmax(stn, axis=1))
    spans_a = np.asarray(spans)
    inside = (peak_t >= spans_a[:, 0] - 0.16) & (peak_t <= spans_a[:, 1] + 0.16)
    return {"pairs": n_pairs, "noisyHigherFraction": float(higher.mean()),
            "stepPeakInsideFraction": float(inside.mean()),
            "chanceInsideFraction": float(((spans_a[:, 1] - spans_a[:, 0]) + 0.32).mean() / 10.0)}
