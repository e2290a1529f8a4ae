"""A second pack from a base pack: the network quantized to int8 (quantize.py), the heads, library and
uncertainty reference of the base unchanged, and a manifest `quantization` block that names the base and records
the agreement measured on a fixed set (PACK-FORMAT.md). The pack is written whatever the agreement; it is called
equivalent only when the agreement reaches the thresholds, and the app shows which."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx

from .pack import dumps_compact, sha256_file, verify_pack
from .quantize import (MIN_IDENTICAL_CALLS, MIN_MEAN_COSINE, agreement, calibrate, is_equivalent, materialize_fp32,
                       qdq_model, run_graph)

SIM_CALIBRATION_SEED = 5005
SIM_AGREEMENT_SEED = 6006


def simulated_inputs(n: int, seed: int, scaler_mean, scaler_scale) -> np.ndarray:
    """Preprocessed model inputs [n, 12, 1000] of simulated subjects (models/tools/sim, a third with noise events),
    scaled with the pack's own scaler."""
    from sim.cohort import make_cohort
    from sim.data import cohort_unscaled, scaled

    c = make_cohort(n, seed)
    x, _ = cohort_unscaled(c, np.arange(n), noise=None)
    return scaled(x, np.asarray(scaler_mean), np.asarray(scaler_scale))


def _pack_arrays(base: Path, manifest: dict) -> dict:
    d = manifest["outputs"]["mean"]["dims"][0]
    prompts = {h["file"]: np.fromfile(base / h["file"], dtype="<f4").reshape(len(h["values"]), d)
               for h in manifest["heads"] if h["kind"] == "prompt-regression"}
    library = None
    if "library" in manifest:
        studies = json.loads((base / manifest["library"]["metadata"]).read_text(encoding="utf-8"))["studies"]
        emb = np.fromfile(base / manifest["library"]["embeddings"], dtype="<f4").reshape(len(studies), 2 * d)
        library = (emb[:, :d], emb[:, d:], studies)
    return {"prompts": prompts, "library": library}


def write_quantized_pack(base_dir: str | Path, out_dir: str | Path, *, calibration: np.ndarray, calibration_text: str,
                         fixed_set: np.ndarray, fixed_set_text: str, method: str = "percentile",
                         percentile: float = 99.99, pack_id: str | None = None, name: str | None = None,
                         log=lambda msg: None) -> tuple[dict, list[str]]:
    """Writes the int8 pack; returns (manifest, reasons it is not equivalent: empty when it is)."""
    base, out = Path(base_dir), Path(out_dir)
    manifest = verify_pack(base)
    if "quantization" in manifest:
        raise ValueError("the base pack is already quantized: quantize its own base")
    if out.resolve() == base.resolve():
        raise ValueError("the quantized pack needs its own folder")
    model = materialize_fp32(onnx.load(str(base / "model.onnx")))
    log(f"calibrating on {len(calibration)} ECGs ({method})")
    ranges = calibrate(model, calibration, method=method, percentile=percentile)
    q = qdq_model(model, ranges)
    log(f"measuring agreement on {len(fixed_set)} ECGs")
    a = agreement(manifest, _pack_arrays(base, manifest), run_graph(model, fixed_set), run_graph(q, fixed_set), fixed_set_text)
    equivalent, reasons = is_equivalent(a)

    out.mkdir(parents=True, exist_ok=True)
    onnx.save(q, str(out / "model.onnx"))
    for f in manifest["files"]:
        if f["path"] != "model.onnx":
            (out / f["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(base / f["path"], out / f["path"])
    base_model = next(f for f in manifest["files"] if f["path"] == "model.onnx")
    qm = dict(manifest)
    qm["id"] = pack_id or f"{manifest['id']}-int8"
    qm["name"] = name or f"{manifest['name']} (int8 quantized)"
    qm["files"] = [{"path": f["path"], "sha256": sha256_file(out / f["path"]), "bytes": (out / f["path"]).stat().st_size}
                   for f in manifest["files"]]
    qm["quantization"] = {
        "method": "int8-static-qdq",
        "base": {"id": manifest["id"], "version": manifest["version"], "modelSha256": base_model["sha256"]},
        "weights": "int8, per output channel, symmetric (Conv)",
        "activations": "uint8, per tensor, asymmetric (Conv inputs and outputs); residual additions, heads and pooling float32",
        "calibration": f"{calibration_text}; {method}{f' {percentile}' if method == 'percentile' else ''}",
        "agreement": a,
        "criteria": {"minIdenticalCalls": MIN_IDENTICAL_CALLS, "minMeanCosine": MIN_MEAN_COSINE},
        "equivalent": equivalent,
    }
    (out / "manifest.json").write_text(dumps_compact(qm) + "\n", encoding="utf-8")
    return qm, reasons
