"""Model-pack writer (schema 1, models/PACK-FORMAT.md). One entry point, `write_pack`, used by
make_reference_pack.py, export_echoingecg.py and H7's training script. The manifest holds exactly the keys of
PACK-FORMAT.md (the runtime rejects anything else), every file listed with its sha256 and size.

Typical use (trained student, fitted heads):

    from echoingecg.pack import PackInfo, LogisticHead, KnnHead, PromptHead, Library, write_pack
    write_pack("models/reference", student=model, scaler_mean=mu, scaler_scale=sd,
               info=PackInfo(id="echoingecg-reference-sim", name=..., version="0.2.0", licence=...,
                             clinical_use=False, clinical_use_statement="Not for clinical use: ...",
                             trained_on=...),
               heads=[LogisticHead(...), PromptHead(...), KnnHead(...)],
               uncertainty=uncertainty_reference(ref_logvar, reference="..."),
               library=Library(studies, means, logvars), match_calibration=(a, b))
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from . import preprocessing as pp
from .model import EchoingStudent, count_parameters, steps_for
from .onnx_export import export_onnx

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9-]+$")
MEASUREMENTS = ("lvef", "lvedv", "lvesv", "lvsv")


@dataclass
class PackInfo:
    """Identity and provenance. clinical_use must stay False unless the pack is validated and licensed."""

    id: str
    name: str
    version: str
    licence: str
    clinical_use: bool
    clinical_use_statement: str
    trained_on: str


@dataclass
class LogisticHead:
    """probability = sigmoid(weights . mu + bias); operating_point measured on held-out data (or None)."""

    id: str
    label: str
    finding: str
    weights: np.ndarray
    bias: float
    threshold: float = 0.5
    operating_point: dict | None = None  # {"sensitivity": s, "specificity": p}


@dataclass
class PromptHead:
    """Zero-shot prompt regression: one L2-normalised embedding per value."""

    id: str
    label: str
    unit: str
    values: Sequence[float]
    embeddings: np.ndarray  # [len(values), D]
    top_fraction: float = 0.2
    threshold: float = 40.0
    call_when: str = "below"
    operating_point: dict | None = None  # call at threshold vs truth on held-out data
    calibration: dict | None = None  # split-conformal residual quantiles (conformal_calibration)


@dataclass
class KnnHead:
    """k nearest library studies by closed-form sampled distance; estimate = mean of `measurement`."""

    id: str
    label: str
    unit: str
    measurement: str = "lvef"
    k: int = 10
    threshold: float = 40.0
    call_when: str = "below"
    operating_point: dict | None = None  # call at threshold vs truth on held-out data
    calibration: dict | None = None  # split-conformal residual quantiles (conformal_calibration)


@dataclass
class Library:
    """Echo report library: studies [{"id", "report", "measurements": {lvef, lvedv, lvesv, lvsv}, "date"?}],
    means [N, D] (L2-normalised) and logvars [N, D], in the same order."""

    studies: list[dict]
    means: np.ndarray
    logvars: np.ndarray


@dataclass
class Uncertainty:
    quantiles: list[float]  # 101 scores, percentiles 0..100
    reference: str
    split_percentile: float = 50
    abstain_percentile: float = 90
    score: str = "mean-exp-logvar"


@dataclass
class Intervals:
    level: float = 0.9
    samples: int = 256
    seed: int = 1234


def uncertainty_score(logvar: np.ndarray) -> np.ndarray:
    """The pack's scalar uncertainty: mean_k exp(logvar_k) of the pooled log-variance, per row."""
    return np.exp(np.asarray(logvar, dtype=np.float64)).mean(axis=-1)


def uncertainty_reference(logvar: np.ndarray, reference: str, split: float = 50,
                          abstain: float = 90) -> Uncertainty:
    """Quantiles (numpy 'linear' percentiles 0..100) of the score over a reference set's pooled logvars."""
    scores = uncertainty_score(logvar)
    if scores.size < 2 or not np.all(np.isfinite(scores)):
        raise ValueError("uncertainty reference needs at least two finite scores")
    q = np.percentile(scores, np.arange(101))
    return Uncertainty([float(v) for v in q], reference, split, abstain)


@torch.no_grad()
def run_student(student: EchoingStudent, x: np.ndarray, batch: int = 64) -> tuple[np.ndarray, ...]:
    """Eval-mode outputs (mean, logvar, step_logvar) as float32 arrays for inputs [N, 12, L]."""
    student = student.eval()
    outs: list[list[np.ndarray]] = [[], [], []]
    for i in range(0, len(x), batch):
        res = student(torch.as_tensor(np.asarray(x[i:i + batch], dtype=np.float32)))
        for acc, r in zip(outs, res):
            acc.append(r.numpy())
    return tuple(np.concatenate(a) for a in outs)


def conformal_calibration(residuals: np.ndarray, level: float) -> dict:
    """Split-conformal residual quantiles of a regression head (PACK-FORMAT.md, head `calibration`).

    residuals = truth - point estimate on held-out calibration subjects (never the test set). With n residuals
    and alpha = 1 - level, lo is the floor((n + 1) alpha / 2)-th smallest and hi the ceil((n + 1)(1 - alpha / 2))-th
    smallest, so est + [lo, hi] covers a new subject's truth with probability >= level (exchangeability)."""
    r = np.sort(np.asarray(residuals, dtype=np.float64).ravel())
    n = r.size
    alpha = 1.0 - level
    # 1e-9 keeps exact ranks exact (1 - 0.8 is 0.19999999999999996 in floating point)
    k_lo = int(np.floor((n + 1) * alpha / 2 + 1e-9))
    k_hi = int(np.ceil((n + 1) * (1 - alpha / 2) - 1e-9))
    if n < 2 or not np.all(np.isfinite(r)) or k_lo < 1 or k_hi > n:
        raise ValueError(f"too few calibration residuals ({n}) for level {level}")
    return {"method": "split-conformal", "level": float(level),
            "residualQuantiles": [float(r[k_lo - 1]), float(r[k_hi - 1])], "n": int(n)}


def calibrated_interval(mc: Sequence[float], est: float, calibration: dict | None) -> tuple[float, float]:
    """The runtime's interval rule: the Monte Carlo interval, widened (hull) by est + the residual quantiles."""
    if calibration is None:
        return float(mc[0]), float(mc[1])
    lo, hi = calibration["residualQuantiles"]
    return min(float(mc[0]), est + lo), max(float(mc[1]), est + hi)


def _head_extras(h) -> dict:
    j = {}
    if h.operating_point is not None:
        j["operatingPoint"] = {k: float(h.operating_point[k]) for k in ("sensitivity", "specificity")}
    if h.calibration is not None:
        c = h.calibration
        if c.get("method") != "split-conformal" or len(c["residualQuantiles"]) != 2 or \
                c["residualQuantiles"][0] > c["residualQuantiles"][1]:
            raise ValueError(f"head {h.id}: bad calibration")
        j["calibration"] = {"method": "split-conformal", "level": float(c["level"]),
                            "residualQuantiles": [float(v) for v in c["residualQuantiles"]], "n": int(c["n"])}
    return j


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _f32(path: Path, arr: np.ndarray) -> None:
    path.write_bytes(np.ascontiguousarray(arr, dtype="<f4").tobytes())


def _floats(a) -> list[float]:
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def _check_unit_rows(a: np.ndarray, what: str) -> None:
    norms = np.linalg.norm(a, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-4):
        raise ValueError(f"{what} must be L2-normalised rows")


def write_pack(out_dir: str | Path, *, student: EchoingStudent, scaler_mean: Sequence[float],
               scaler_scale: Sequence[float], info: PackInfo, heads: Sequence, uncertainty: Uncertainty,
               library: Library | None = None, intervals: Intervals | None = None,
               match_calibration: tuple[float, float] | None = None, fp16: bool = False,
               leads: Sequence[str] = pp.LEADS, max_pad_s: float = 0.5) -> dict:
    """Export `student` and write a complete pack into out_dir (created; files of the pack overwritten).
    Returns the manifest. Raises ValueError on inconsistent inputs (dims, ids, missing library for kNN)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cfg = student.cfg
    d = cfg.embed_dim
    if not _ID_RE.match(info.id):
        raise ValueError("pack id must match [a-z0-9-]+")
    if len(scaler_mean) != cfg.n_leads or len(scaler_scale) != cfg.n_leads or len(leads) != cfg.n_leads:
        raise ValueError("scaler and lead list must have one entry per lead")
    if len(uncertainty.quantiles) != 101 or np.any(np.diff(uncertainty.quantiles) < 0):
        raise ValueError("uncertainty quantiles must be 101 non-decreasing numbers")
    if info.clinical_use and not info.clinical_use_statement:
        raise ValueError("a clinical pack needs a clinical-use statement")

    files = ["model.onnx"]
    export_onnx(student, out / "model.onnx", fp16_weights=fp16)

    head_json = []
    prompt_files = 0
    for h in heads:
        if not _ID_RE.match(h.id):
            raise ValueError(f"head id {h.id!r} must match [a-z0-9-]+")
        if isinstance(h, LogisticHead):
            w = np.asarray(h.weights, dtype=np.float64).ravel()
            if w.size != d:
                raise ValueError(f"head {h.id}: {w.size} weights for D = {d}")
            j = {"id": h.id, "kind": "logistic", "label": h.label, "finding": h.finding, "weights": _floats(w),
                 "bias": float(h.bias), "threshold": float(h.threshold)}
            if h.operating_point is not None:
                j["operatingPoint"] = {k: float(h.operating_point[k]) for k in ("sensitivity", "specificity")}
        elif isinstance(h, PromptHead):
            emb = np.asarray(h.embeddings, dtype=np.float32)
            if emb.shape != (len(h.values), d):
                raise ValueError(f"head {h.id}: prompt embeddings {emb.shape} != ({len(h.values)}, {d})")
            _check_unit_rows(emb, f"head {h.id} prompt embeddings")
            name = "prompts.bin" if prompt_files == 0 else f"prompts-{h.id}.bin"
            prompt_files += 1
            _f32(out / name, emb)
            files.append(name)
            j = {"id": h.id, "kind": "prompt-regression", "label": h.label, "unit": h.unit,
                 "values": _floats(h.values), "file": name, "topFraction": float(h.top_fraction),
                 "threshold": float(h.threshold), "callWhen": h.call_when, **_head_extras(h)}
        elif isinstance(h, KnnHead):
            if library is None:
                raise ValueError(f"head {h.id}: a knn head needs a library")
            if h.measurement not in MEASUREMENTS or not 1 <= h.k <= len(library.studies):
                raise ValueError(f"head {h.id}: bad measurement or k")
            j = {"id": h.id, "kind": "knn", "label": h.label, "unit": h.unit, "measurement": h.measurement,
                 "k": int(h.k), "threshold": float(h.threshold), "callWhen": h.call_when, **_head_extras(h)}
        else:
            raise TypeError(f"unknown head type {type(h).__name__}")
        if j.get("callWhen", "below") not in ("below", "above"):
            raise ValueError(f"head {h.id}: callWhen must be 'below' or 'above'")
        head_json.append(j)

    if library is not None:
        n = len(library.studies)
        if library.means.shape != (n, d) or library.logvars.shape != (n, d):
            raise ValueError("library embeddings must be [count, D] in study order")
        _check_unit_rows(np.asarray(library.means, dtype=np.float64), "library means")
        for s in library.studies:
            if set(s["measurements"]) != set(MEASUREMENTS) or not s.get("id") or not s.get("report"):
                raise ValueError("each study needs id, report and lvef/lvedv/lvesv/lvsv")
        (out / "library.json").write_text(json.dumps({"studies": library.studies}, indent=1) + "\n",
                                          encoding="utf-8")
        _f32(out / "library.bin", np.concatenate([library.means, library.logvars], axis=1))
        files += ["library.json", "library.bin"]

    iv = intervals or Intervals()
    for j in head_json:
        if "calibration" in j and abs(j["calibration"]["level"] - iv.level) > 1e-12:
            raise ValueError(f"head {j['id']}: calibration level must equal intervals.level")
    t = steps_for(cfg.input_samples)
    manifest = {
        "schemaVersion": SCHEMA_VERSION,
        "id": info.id, "name": info.name, "version": info.version, "licence": info.licence,
        "clinicalUse": bool(info.clinical_use), "clinicalUseStatement": info.clinical_use_statement,
        "trainedOn": info.trained_on,
        "architecture": {"family": "xresnet1d-gpo", "blocks": list(cfg.blocks), "stemWidth": cfg.stem_width,
                         "widths": list(cfg.widths), "parameters": count_parameters(student)},
        "files": [{"path": f, "sha256": sha256_file(out / f), "bytes": (out / f).stat().st_size} for f in files],
        "input": {
            "name": "ecg", "sampleRateHz": pp.TARGET_RATE_HZ, "samples": cfg.input_samples, "leads": list(leads),
            "units": "mV",
            "bandpass": {"lowHz": pp.BANDPASS_LOW_HZ, "highHz": pp.BANDPASS_HIGH_HZ, "order": pp.BANDPASS_ORDER},
            "resample": {"window": "kaiser", "beta": pp.KAISER_BETA, "padtype": "median"},
            "window": {"rule": "start", "maxPadS": float(max_pad_s)},
            "scaler": {"mean": _floats(scaler_mean), "scale": _floats(scaler_scale)},
        },
        "outputs": {
            "mean": {"name": "mean", "dims": [d]},
            "logvar": {"name": "logvar", "dims": [d]},
            "stepLogvar": {"name": "step_logvar", "dims": [t, d],
                           "stepS": 16 / pp.TARGET_RATE_HZ},  # total stride 16 at 100 Hz = 0.16 s
        },
        "heads": head_json,
        "intervals": {"level": float(iv.level), "samples": int(iv.samples), "seed": int(iv.seed)},
        "uncertainty": {"score": uncertainty.score, "quantiles": _floats(uncertainty.quantiles),
                        "splitPercentile": uncertainty.split_percentile,
                        "abstainPercentile": uncertainty.abstain_percentile, "reference": uncertainty.reference},
    }
    if library is not None:
        manifest["library"] = {"metadata": "library.json", "embeddings": "library.bin",
                               "count": len(library.studies)}
    if match_calibration is not None:
        manifest["matchCalibration"] = {"a": float(match_calibration[0]), "b": float(match_calibration[1])}
    (out / "manifest.json").write_text(dumps_compact(manifest) + "\n", encoding="utf-8")
    return manifest


def dumps_compact(obj, indent: int = 0) -> str:
    """JSON with two-space indentation, but lists of numbers/strings on one line (weights, quantiles)."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{inner}{json.dumps(k)}: {dumps_compact(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        return "[\n" + ",\n".join(inner + dumps_compact(v, indent + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def verify_pack(pack_dir: str | Path) -> dict:
    """Re-check a written pack's file list against sizes and sha256; returns the manifest or raises."""
    root = Path(pack_dir)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("schemaVersion") != SCHEMA_VERSION:
        raise ValueError("unsupported schemaVersion")
    for f in manifest["files"]:
        p = root / f["path"]
        if not p.is_file():
            raise ValueError(f"missing file {f['path']}")
        if p.stat().st_size != f["bytes"] or sha256_file(p) != f["sha256"]:
            raise ValueError(f"hash or size mismatch for {f['path']}")
    return manifest
