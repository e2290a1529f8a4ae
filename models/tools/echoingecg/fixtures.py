"""Parity fixtures for the Node runtime (tests/fixtures/model/): a few model inputs [N, 12, 1000] and the
PyTorch outputs of the pack's student, plus head point estimates computed from those outputs with the pack's
own heads and library. Call write_model_fixtures() right after write_pack() with the same student."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from . import heads as H
from . import preprocessing as pp
from .model import EchoingStudent, FrozenPoolingStudent
from .pack import run_student, uncertainty_score, verify_pack
from .synthetic import synth_ecg


def fixture_inputs(scaler_mean, scaler_scale) -> tuple[np.ndarray, list[str]]:
    """Four deterministic inputs through the exact preprocessing chain: clean 500 Hz, noisy 500 Hz,
    low-voltage tachycardic 250 Hz, and a 360 Hz record with heavy baseline wander."""
    specs = [
        ("clean-500hz", 500, dict(seed=11, noise_mv=0.005)),
        ("noisy-500hz", 500, dict(seed=12, noise_mv=0.15, wander_mv=0.5)),
        ("low-voltage-tachy-250hz", 250, dict(seed=13, hr_bpm=125, amplitude=0.4)),
        ("wander-360hz", 360, dict(seed=14, wander_mv=1.0, mains_hz=60.0)),
    ]
    x = np.stack([pp.preprocess(synth_ecg(fs, 10.0, **kw), fs, scaler_mean, scaler_scale) for _, fs, kw in specs])
    return x.astype(np.float32), [s[0] for s in specs]


def _write(out: Path, name: str, arr: np.ndarray) -> dict:
    arr = np.ascontiguousarray(arr, dtype="<f4")
    (out / name).write_bytes(arr.tobytes())
    return {"file": name, "shape": list(arr.shape)}


def write_model_fixtures(student: EchoingStudent, pack_dir: str | Path, out_dir: str | Path) -> dict:
    """Write inputs.f32.bin, mean/logvar/step_logvar .f32.bin and index.json for the pack in pack_dir."""
    pack, out = Path(pack_dir), Path(out_dir)
    manifest = verify_pack(pack)
    out.mkdir(parents=True, exist_ok=True)
    sc = manifest["input"]["scaler"]
    x, names = fixture_inputs(np.array(sc["mean"]), np.array(sc["scale"]))
    mean, logvar, step = run_student(student, x)
    with torch.no_grad():  # the exported graph uses frozen pooling weights: they must agree with the GRU path
        frozen = [t.numpy() for t in FrozenPoolingStudent(student.eval())(torch.from_numpy(x))]
    drift = max(float(np.abs(a - b).max()) for a, b in zip(frozen, (mean, logvar, step)))
    if drift > 1e-5:
        raise AssertionError(f"frozen pooling differs from the GRU pooling by {drift}")

    d = mean.shape[1]
    expected: dict = {"uncertaintyScore": uncertainty_score(logvar).tolist(), "heads": {}}
    lib = None
    if "library" in manifest:
        studies = json.loads((pack / manifest["library"]["metadata"]).read_text(encoding="utf-8"))["studies"]
        emb = np.fromfile(pack / manifest["library"]["embeddings"], dtype="<f4").reshape(len(studies), 2 * d)
        lib = (studies, emb[:, :d], emb[:, d:])
    for h in manifest["heads"]:
        if h["kind"] == "logistic":
            expected["heads"][h["id"]] = {"probability": H.logistic(mean, h["weights"], h["bias"]).tolist()}
        elif h["kind"] == "prompt-regression":
            prompts = np.fromfile(pack / h["file"], dtype="<f4").reshape(len(h["values"]), d)
            est = H.prompt_regression(mean, prompts, h["values"], h["topFraction"])
            expected["heads"][h["id"]] = {"estimate": est.tolist(),
                                          "topCount": H.top_count(h["topFraction"], len(h["values"]))}
        elif h["kind"] == "knn" and lib is not None:
            vals = [s["measurements"][h["measurement"]] for s in lib[0]]
            est, idx = H.knn(mean, logvar, lib[1], lib[2], vals, h["k"])
            expected["heads"][h["id"]] = {"estimate": est.tolist(),
                                          "neighbours": [[lib[0][j]["id"] for j in row] for row in idx]}
    model_entry = next(f for f in manifest["files"] if f["path"] == "model.onnx")
    index = {
        "description": "PyTorch outputs of the student in the pack below, for ONNX Runtime parity (1e-4). "
                       "Regenerate with models/tools/make_reference_pack.py (--fixtures-only for a trained "
                       "student) whenever the pack changes.",
        "pack": {"id": manifest["id"], "version": manifest["version"], "modelSha256": model_entry["sha256"]},
        "dtype": "float32", "byteOrder": "little", "tolerance": 1e-4,
        "names": names,
        "inputs": _write(out, "inputs.f32.bin", x),
        "outputs": {"mean": _write(out, "mean.f32.bin", mean), "logvar": _write(out, "logvar.f32.bin", logvar),
                    "step_logvar": _write(out, "step_logvar.f32.bin", step)},
        "expected": expected,
        "expectedRules": "point estimates without Monte Carlo: logistic sigmoid(w.mu+b); prompt-regression "
                         "median of the values of the topCount prompts most cosine-similar to mu "
                         "(topCount = max(1, round(topFraction * values))); knn mean of the k studies nearest by "
                         "CSD; uncertaintyScore = mean(exp(logvar))",
    }
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    return index
