#!/usr/bin/python3
"""Reference values from scikit-learn for the site-adaptation solvers and metrics (issue 16).

    /usr/bin/python3 models/tools/make_adapt_reference.py [--out tests/fixtures/adapt/sklearn-reference.json]

The TypeScript solvers (src-main/core/adapt/numeric: Newton-CG logistic, Cholesky ridge, PAV isotonic) and
metrics (src-main/core/adapt/metrics) are hand-written; tests/unit/core/adapt/sklearn-reference.test.ts fits the
same data and compares with these values within stated tolerances. Seeded: the same file every run (up to the
last digits, which differ between CPUs; the tests compare with tolerances).
"""
from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import balanced_accuracy_score, brier_score_loss, mean_absolute_error, roc_auc_score

ROOT = Path(__file__).resolve().parents[2]


def gradient_norm(x: np.ndarray, y: np.ndarray, coef: np.ndarray, intercept: float, lam: float) -> float:
    """Largest gradient entry of sum(logloss) + lam/2 |coef|^2 at the solution (checks the solver converged)."""
    q = 1.0 / (1.0 + np.exp(-(x @ coef + intercept)))
    g = np.concatenate([[np.sum(q - y)], x.T @ (q - y) + lam * coef])
    return float(np.abs(g).max())


def logistic_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for n, d, cs in ((160, 8, (0.05, 1.0, 20.0)), (30, 40, (0.01, 0.3))):
        x = rng.normal(0.0, 1.0, (n, d))
        w = rng.normal(0.0, 1.0, d)
        y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(x @ w * 0.8 - 0.7)))).astype(int)
        for c in cs:
            m = LogisticRegression(C=c, tol=1e-9, max_iter=100000, solver="newton-cg").fit(x, y)
            # The tolerance is tighter than newton-cg's stopping test can certify (it warns); the gradient is what counts.
            assert gradient_norm(x, y, m.coef_[0], m.intercept_[0], 1.0 / c) < 1e-6
            cases.append({"x": x.tolist(), "y": y.tolist(), "lambda": 1.0 / c,
                          "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])})
    return cases


def ridge_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for n, d, alphas in ((120, 10, (0.01, 1.0, 100.0)), (25, 60, (0.5, 10.0))):
        x = rng.normal(0.0, 1.0, (n, d)) * rng.uniform(0.5, 2.0, d)
        y = x @ rng.normal(0.0, 2.0, d) + 50.0 + rng.normal(0.0, 3.0, n)
        for a in alphas:
            m = Ridge(alpha=a, fit_intercept=True, solver="cholesky").fit(x, y)
            cases.append({"x": x.tolist(), "y": y.tolist(), "lambda": a, "coef": m.coef_.tolist(), "intercept": float(m.intercept_)})
    return cases


def isotonic_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    # Continuous target with ties in x, and a binary target (probability recalibration).
    x = np.round(rng.uniform(0.0, 10.0, 200), 1)
    y = np.sqrt(x) + rng.normal(0.0, 0.5, 200)
    p = rng.uniform(0.0, 1.0, 300)
    yb = (rng.random(300) < p ** 1.7).astype(float)
    for xs, ys in ((x, y), (p, yb)):
        m = IsotonicRegression(out_of_bounds="clip").fit(xs, ys)
        q = np.concatenate([np.linspace(xs.min() - 1.0, xs.max() + 1.0, 57), xs[:10]])
        cases.append({"x": xs.tolist(), "y": ys.tolist(), "query": q.tolist(), "predicted": m.predict(q).tolist()})
    return cases


def metric_cases(rng: np.random.Generator) -> dict:
    n = 250
    y = (rng.random(n) < 0.3).astype(int)
    p = np.clip(0.3 + 0.35 * (y - 0.3) + rng.normal(0.0, 0.2, n), 0.001, 0.999)
    p[:20] = np.clip(np.round(p[:20], 1), 0.05, 0.95)  # ties for the AUROC
    logit = np.log(p / (1 - p))
    slope_fit = LogisticRegression(C=1e12, tol=1e-9, max_iter=100000, solver="newton-cg").fit(logit[:, None], y)
    # Calibration-in-the-large: intercept a with the slope fixed at 1 (offset logit), by Newton.
    a = 0.0
    for _ in range(100):
        q = 1.0 / (1.0 + np.exp(-(a + logit)))
        step = (q - y).sum() / (q * (1 - q)).sum()
        a -= step
        if abs(step) < 1e-14:
            break
    bins = np.minimum((p * 10).astype(int), 9)
    ece = sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum() / n for b in range(10) if (bins == b).any())
    truth = rng.normal(50.0, 12.0, n)
    est = truth + rng.normal(2.0, 6.0, n)
    alpha = 0.1
    r = np.sort(truth - est)
    lo = r[int(np.floor((n + 1) * alpha / 2)) - 1]
    hi = r[int(np.ceil((n + 1) * (1 - alpha / 2))) - 1]
    return {
        "y": y.tolist(), "p": p.tolist(), "auroc": float(roc_auc_score(y, p)), "brier": float(brier_score_loss(y, p)),
        "balancedAccuracy": float(balanced_accuracy_score(y, (p >= 0.5).astype(int))),
        "calibrationSlope": float(slope_fit.coef_[0][0]), "calibrationIntercept": float(a), "ece": float(ece),
        "truth": truth.tolist(), "estimate": est.tolist(), "mae": float(mean_absolute_error(truth, est)),
        "conformal": {"level": 1 - alpha, "residualQuantiles": [float(lo), float(hi)]},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "tests" / "fixtures" / "adapt" / "sklearn-reference.json"))
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(20250116)
    out = {
        "note": "scikit-learn reference values for the site-adaptation solvers; written by models/tools/make_adapt_reference.py",
        "logistic": logistic_cases(rng), "ridge": ridge_cases(rng), "isotonic": isotonic_cases(rng), "metrics": metric_cases(rng),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
