"""Fit the reference pack's heads on held-out simulated subjects and write the pack and its metrics.

Held-out set (seed SEED_HELDOUT, 35 % of ECGs with acquisition noise, like the test set): logistic LVEF < 40 %
on the student's mean (regularisation chosen by 5-fold CV, operating point from out-of-fold predictions),
prompt-regression prompts (teacher embeddings of typical echo states at LVEF 0..100), an echo library (teacher
Gaussians of held-out studies + their reports), the uncertainty reference quantiles and the match calibration
(a, b) of sigmoid(-a * CSD + b) from matching vs non-matching ECG-echo pairs. The network is packed exactly as
trained (no post-hoc change of its log-variance).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.metrics import roc_auc_score

from echoingecg.pack import (Intervals, KnnHead, Library, LogisticHead, PackInfo, PromptHead, conformal_calibration,
                             uncertainty_reference, write_pack)

from .cohort import SEED_HELDOUT, make_cohort
from .data import cohort_unscaled, scaled
from .echo import Teacher
from .evaluate import (PackView, coverage, embed, evaluate, knn_estimate, knn_with_interval, load_student,
                       prompt_estimate, prompt_with_interval, read_pack)

TRAINED = Path(__import__("os").environ.get("H7_TRAINED", Path(__file__).resolve().parent / "trained"))
LIBRARY_SIZE = 400
PACK_VERSION = "0.3.0"
INTERVALS = Intervals(0.9, 256, 1234)
# A regression head is conformally calibrated when its Monte Carlo interval covers the held-out truth less often
# than level - this margin (both heads do on the reference pack: see metrics.json "heads").
COVERAGE_MARGIN = 0.05


def _operating_point(est: np.ndarray, lvef: np.ndarray, threshold: float = 40.0) -> dict:
    """Sensitivity / specificity of the call est < threshold for truth lvef < threshold."""
    call, y = est < threshold, lvef < threshold
    return {"sensitivity": float(call[y].mean()), "specificity": float((~call)[~y].mean())}


def _regression_heads(mu, lv, lvef, lib_idx, prompts, values, library) -> tuple[dict, dict, dict]:
    """Operating points and split-conformal calibration of the prompt and kNN heads, fitted on the held-out
    subjects NOT in the echo library (their own echo would be a neighbour), never on the test set."""
    cal = np.setdiff1d(np.arange(len(mu)), lib_idx)
    view = PackView(np.zeros(12), np.ones(12), np.zeros(mu.shape[1]), 0.0, 0.5, library.means, library.logvars,
                    np.array([s["measurements"]["lvef"] for s in library.studies]), 10, prompts, values, 0.2,
                    INTERVALS.level, INTERVALS.samples, INTERVALS.seed)
    truth = lvef[cal]
    out, extras = {"calibrationN": int(len(cal))}, {}
    for name, est_fn, iv_fn in (("knn", knn_estimate, knn_with_interval),
                                ("prompt", lambda m, _l, p: prompt_estimate(m, p), prompt_with_interval)):
        est = est_fn(mu[cal], lv[cal], view)
        _, iv = iv_fn(mu[cal], lv[cal], view, calibrated=False)
        raw = coverage(truth, iv)["coverage"]
        op = _operating_point(est, truth)
        calib = conformal_calibration(truth - est, INTERVALS.level) if raw < INTERVALS.level - COVERAGE_MARGIN else None
        out[name] = {"operatingPoint": op, "heldoutCoverageUncalibrated": raw, "calibration": calib}
        extras[name] = {"operating_point": op, "calibration": calib}
    return out, extras["prompt"], extras["knn"]


def _logistic(mu: np.ndarray, y: np.ndarray) -> tuple[LogisticRegression, dict]:
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    best = None
    for c in (0.3, 1.0, 3.0, 10.0, 30.0):
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        p = cross_val_predict(lr, mu, y, cv=cv, method="predict_proba")[:, 1]
        auc = roc_auc_score(y, p)
        if best is None or auc > best[0]:
            best = (auc, c, p)
    auc, c, p = best
    call = p >= 0.5
    op = {"sensitivity": float(call[y == 1].mean()), "specificity": float((~call)[y == 0].mean())}
    lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(mu, y)
    return lr, {"C": c, "cvAuroc": float(auc), **op}


def _match_calibration(mu: np.ndarray, lv: np.ndarray, tmu: np.ndarray, tlv: np.ndarray) -> tuple[float, float]:
    """Logistic fit of match ~ CSD on own pairs vs as many random non-matching pairs."""
    n = len(mu)
    rng = np.random.default_rng(SEED_HELDOUT)
    other = (np.arange(n) + rng.integers(1, n, n)) % n
    def d(i, j):  # noqa: E306
        return ((mu[i] - tmu[j]) ** 2).sum(-1) + np.exp(lv[i]).sum(-1) + np.exp(tlv[j]).sum(-1)
    own = d(np.arange(n), np.arange(n))
    neg = d(np.arange(n), other)
    x = np.concatenate([own, neg])[:, None]
    y = np.concatenate([np.ones(n), np.zeros(n)])
    lr = LogisticRegression(C=1e4, max_iter=3000).fit(x, y)
    return float(-lr.coef_[0, 0]), float(lr.intercept_[0])


def fit_and_write(out: Path, n_heldout: int, log) -> dict:
    training = json.loads((TRAINED / "training.json").read_text())
    smean, sstd = np.asarray(training["scalerMean"]), np.asarray(training["scalerScale"])
    model = load_student(TRAINED / "student.pt")
    c = make_cohort(n_heldout, SEED_HELDOUT)
    xu, _ = cohort_unscaled(c, np.arange(n_heldout), noise=None)
    mu, lv, _ = embed(model, scaled(xu, smean, sstd))
    y = (c.echo.lvef < 40).astype(int)
    lr, op = _logistic(mu, y)
    log(f"logistic head {op}")
    values = np.arange(0, 101, dtype=np.float64)
    prompts = Teacher().prompt_embeddings(values)
    lib_idx = np.arange(min(LIBRARY_SIZE, n_heldout))
    studies = [{"id": f"sim-echo-{i + 1:04d}", "report": c.reports[i],
                "measurements": {"lvef": float(c.echo.lvef[i]), "lvedv": int(c.echo.lvedv[i]),
                                 "lvesv": int(c.echo.lvesv[i]), "lvsv": int(c.echo.lvsv[i])},
                "date": f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"} for i in lib_idx]
    library = Library(studies, c.teacher_mean[lib_idx], c.teacher_logvar[lib_idx])
    reg, prompt_extra, knn_extra = _regression_heads(mu, lv, c.echo.lvef, lib_idx, prompts, values, library)
    log(f"regression heads {json.dumps(reg)}")
    a, b = _match_calibration(mu, lv, c.teacher_mean, c.teacher_logvar)
    log(f"match calibration a={a:.3f} b={b:.3f}")
    unc = uncertainty_reference(lv, reference=f"{n_heldout} held-out simulated ECGs (seed {SEED_HELDOUT}, "
                                              "35 % with localised acquisition noise)")
    info = PackInfo(
        id="echoingecg-reference-sim", name="EchoingECG reference (simulated)", version=PACK_VERSION,
        licence="Same licence as this application; trained only on simulated data, no third-party weights.",
        clinical_use=False,
        clinical_use_statement=("Not for clinical use: a small student trained on SIMULATED ECGs and a simulated "
                                "echo teacher, so that the app's features behave meaningfully. Its outputs say "
                                "nothing about real patients."),
        trained_on=(f"{training['nTrain']} simulated 12-lead ECGs (vectorcardiographic simulator, seed "
                    f"{training['seedTrain']}) distilled with PCME++ from a simulated echo teacher; heads, "
                    f"library and uncertainty reference fitted on {n_heldout} held-out simulated subjects."))
    heads = [
        LogisticHead("lvef-lt-40", "LVEF < 40 %", "lvef_lt_40", lr.coef_[0], float(lr.intercept_[0]), 0.5,
                     {"sensitivity": op["sensitivity"], "specificity": op["specificity"]}),
        PromptHead("lvef-prompt", "LVEF (zero-shot prompts)", "%", values.tolist(), prompts, **prompt_extra),
        KnnHead("lvef-knn", "LVEF (nearest echo studies)", "%", "lvef", 10, **knn_extra),
    ]
    write_pack(out, student=model, scaler_mean=smean, scaler_scale=sstd, info=info, heads=heads,
               uncertainty=unc, library=library, intervals=INTERVALS, match_calibration=(a, b))
    log("pack written")
    metrics = evaluate(model, read_pack(out))
    metrics["training"] = {k: training[k] for k in ("seed", "seedTrain", "nTrain", "epochs", "batch", "lr",
                                                     "parameters", "trainSeconds", "dataSeconds", "torchThreads",
                                                     "learntA", "learntB")}
    metrics["heads"] = {"heldoutN": n_heldout, "logistic": op, "matchCalibration": {"a": a, "b": b},
                        "librarySize": len(studies), "regression": reg}
    metrics["simulated"] = True
    metrics["note"] = "Simulated data only; written by models/tools/train_student.py, never edited by hand."
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    log(json.dumps(metrics, indent=1))
    return metrics
