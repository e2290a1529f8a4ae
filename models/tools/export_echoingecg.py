#!/usr/bin/python3
"""Turn YOUR copy of the published EchoingECG checkpoint into a model pack for the app.

  /usr/bin/python3 models/tools/export_echoingecg.py --checkpoint echoingecg.pt --scaler ecg_scaler.pkl \\
      --out ~/.config/EchoingECG/models/echoingecg-101 [--fp16] [--library DIR] [--heads heads.json]

- Loads the `ecg_encoder.*` weights strictly (depth/width read from the tensors), ignores `text_encoder.*`.
- Reads the scaler's mean_/scale_ (pickled or joblib StandardScaler; only that class is accepted; a JSON
  {"mean": [...], "scale": [...]} also works).
- Freezes the GPO pooling weights for the 1000-sample input and exports ONNX opset 17 (dynamic batch).
  --fp16 stores the weights as float16 (half the file; arithmetic stays float32).
- Uncertainty reference: quantiles of mean(exp(logvar)) over --reference-inputs (a .npy [N, 12, 1000] of
  PREPROCESSED ECGs from your population, recommended) or, by default, over synthetic ECGs (stated as such).
- --library DIR: an echo report library in pack format (library.json + library.bin with embeddings in THIS
  model's space); adds a k-nearest LVEF head. --heads FILE: extra heads in manifest form (logistic/knn).
- --quantize int8: also writes an int8 pack (static QDQ: int8 Conv weights per channel, uint8 activations
  calibrated on --calibration-inputs, a .npy [N, 12, 1000] of preprocessed ECGs, or on simulated ECGs) to
  --quantized-out (default <out>-int8). Its manifest names the base pack and records the agreement on a fixed set
  (--agreement-inputs, or 200 simulated ECGs): cosine of the means, max log-variance difference, identical calls
  per head, uncertainty-level agreement, retrieval top-5 overlap. Below 99 % identical calls on any head or a
  mean cosine of 0.999 the pack is written but marked NOT equivalent, and the tool exits with status 3.
  --base-pack DIR quantizes an existing pack instead of converting a checkpoint (then --out is the int8 pack).
- The pack is marked NOT for clinical use unless you pass --clinical-use with --clinical-statement, which
  asserts you have validated it and hold the rights to use it clinically. The published weights are licensed
  CC BY-NC-ND 4.0: convert them for your own non-commercial use; do not redistribute the pack.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from echoingecg.checkpoint import CheckpointError, load_published, load_scaler
from echoingecg.pack import (KnnHead, Library, LogisticHead, PackInfo, run_student, uncertainty_reference,
                             write_pack)
from echoingecg.quantized_pack import SIM_AGREEMENT_SEED, SIM_CALIBRATION_SEED, simulated_inputs, write_quantized_pack
from echoingecg.synthetic import synthetic_reference_inputs

LICENCE = ("EchoingECG weights (Gao, Kim, McIntosh, MICCAI 2025) are licensed CC BY-NC-ND 4.0 "
           "(https://creativecommons.org/licenses/by-nc-nd/4.0/): attribution, non-commercial use only, "
           "no distribution of adapted versions. This pack was converted locally from the user's own copy "
           "and must not be redistributed.")
TRAINED_ON = ("MIMIC-IV-ECG 12-lead ECGs paired with echocardiograms (EchoCLIP teacher) and ECG reports, "
              "PCME++ distillation, as published by the EchoingECG authors.")


def _library(path: Path, d: int) -> Library:
    studies = json.loads((path / "library.json").read_text(encoding="utf-8"))["studies"]
    emb = np.fromfile(path / "library.bin", dtype="<f4")
    if emb.size != len(studies) * 2 * d:
        raise CheckpointError(f"library.bin holds {emb.size} floats, expected {len(studies)} x 2 x {d}")
    emb = emb.reshape(len(studies), 2 * d)
    return Library(studies, emb[:, :d], emb[:, d:])


def _heads(path: Path) -> list:
    heads = []
    for h in json.loads(path.read_text(encoding="utf-8")):
        if h["kind"] == "logistic":
            op = h.get("operatingPoint")
            heads.append(LogisticHead(h["id"], h["label"], h["finding"], np.asarray(h["weights"]), h["bias"],
                                      h.get("threshold", 0.5), op))
        elif h["kind"] == "knn":
            heads.append(KnnHead(h["id"], h["label"], h.get("unit", ""), h["measurement"], h["k"],
                                 h["threshold"], h.get("callWhen", "below")))
        else:
            raise CheckpointError(f"--heads supports logistic and knn heads, not {h['kind']!r}")
    return heads


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint")
    ap.add_argument("--scaler")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quantize", choices=["int8"], help="also write a quantized pack (see above)")
    ap.add_argument("--base-pack", help="quantize this existing pack (no checkpoint needed); --out is the int8 pack")
    ap.add_argument("--quantized-out", help="folder of the int8 pack (default: <out>-int8)")
    ap.add_argument("--calibration-inputs", help=".npy [N, 12, 1000] preprocessed ECGs for calibration")
    ap.add_argument("--calibration-count", type=int, default=64, help="simulated calibration ECGs (default 64)")
    ap.add_argument("--calibration-method", choices=["percentile", "minmax"], default="percentile")
    ap.add_argument("--agreement-inputs", help=".npy [N, 12, 1000] preprocessed ECGs: the fixed agreement set")
    ap.add_argument("--agreement-count", type=int, default=200, help="simulated agreement ECGs (default 200)")
    ap.add_argument("--fp16", action="store_true")
    ap.add_argument("--library", help="folder with library.json + library.bin (pack format)")
    ap.add_argument("--heads", help="JSON list of extra heads in manifest form (logistic, knn)")
    ap.add_argument("--reference-inputs", help=".npy [N, 12, 1000] preprocessed ECGs for the uncertainty reference")
    ap.add_argument("--reference-count", type=int, default=200, help="synthetic reference size (default 200)")
    ap.add_argument("--id", default="echoingecg-101-local")
    ap.add_argument("--name", default="EchoingECG-101 (converted locally)")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--licence", default=LICENCE)
    ap.add_argument("--trained-on", default=TRAINED_ON)
    ap.add_argument("--clinical-use", action="store_true",
                    help="assert the pack is validated and licensed for clinical use (needs --clinical-statement)")
    ap.add_argument("--clinical-statement", default="")
    a = ap.parse_args(argv)
    if a.base_pack:
        if a.quantize != "int8":
            ap.error("--base-pack needs --quantize int8")
        return _quantize(a, Path(a.base_pack), Path(a.out))
    if not a.checkpoint or not a.scaler:
        ap.error("--checkpoint and --scaler are required (or --base-pack with --quantize int8)")
    try:
        student, ignored = load_published(a.checkpoint)
        mean, scale = load_scaler(a.scaler, student.cfg.n_leads)
        print(f"loaded {sum(p.numel() for p in student.parameters()):,} parameters; ignored {len(ignored)} "
              f"non-ECG keys", file=sys.stderr)
        if a.clinical_use and not a.clinical_statement:
            raise CheckpointError("--clinical-use needs --clinical-statement (who validated it, for what use)")
        statement = a.clinical_statement if a.clinical_use else (
            "Not for clinical use: research conversion of the published EchoingECG weights; not a medical "
            "device, not validated for diagnosis.")
        if a.reference_inputs:
            ref = np.load(a.reference_inputs).astype(np.float32)
            if ref.ndim != 3 or ref.shape[1:] != (student.cfg.n_leads, student.cfg.input_samples):
                raise CheckpointError("--reference-inputs must be [N, 12, 1000]")
            ref_text = f"{len(ref)} preprocessed ECGs supplied by the user ({Path(a.reference_inputs).name})"
        else:
            ref = synthetic_reference_inputs(a.reference_count, mean, scale, seed=2024)
            ref_text = (f"{a.reference_count} SYNTHETIC ECGs (not a clinical population): percentiles are only a "
                        "rough guide; re-export with --reference-inputs for a meaningful reference")
        _, ref_logvar, _ = run_student(student, ref, batch=16)
        library = _library(Path(a.library), student.cfg.embed_dim) if a.library else None
        heads = _heads(Path(a.heads)) if a.heads else []
        if library is not None and not any(isinstance(h, KnnHead) for h in heads):
            heads.append(KnnHead("lvef-knn", "LVEF (nearest echo studies)", "%", "lvef", 10, 40.0, "below"))
        info = PackInfo(a.id, a.name, a.version, a.licence, a.clinical_use, statement, a.trained_on)
        manifest = write_pack(a.out, student=student, scaler_mean=mean, scaler_scale=scale, info=info, heads=heads,
                              uncertainty=uncertainty_reference(ref_logvar, ref_text), library=library, fp16=a.fp16)
    except (CheckpointError, ValueError, FileNotFoundError, KeyError) as e:
        print(f"export failed: {e}", file=sys.stderr)
        return 2
    size = sum(f["bytes"] for f in manifest["files"])
    print(f"wrote pack {manifest['id']} to {a.out} ({size / 1e6:.1f} MB)")
    if a.quantize == "int8":
        return _quantize(a, Path(a.out), Path(a.quantized_out or f"{str(a.out).rstrip('/')}-int8"))
    return 0


def _inputs(path: str | None, count: int, seed: int, manifest: dict, what: str) -> tuple[np.ndarray, str]:
    if path:
        x = np.load(path).astype(np.float32)
        if x.ndim != 3 or x.shape[1:] != (len(manifest["input"]["leads"]), manifest["input"]["samples"]):
            raise CheckpointError(f"--{what}-inputs must be [N, 12, 1000] preprocessed ECGs")
        return x, f"{len(x)} preprocessed ECGs supplied by the user ({Path(path).name})"
    sc = manifest["input"]["scaler"]
    return (simulated_inputs(count, seed, sc["mean"], sc["scale"]),
            f"{count} SIMULATED ECGs (models/tools/sim, seed {seed}, a third with noise events)")


def _quantize(a, base: Path, out: Path) -> int:
    """Writes the int8 pack of `base` to `out`; 0 when equivalent, 3 when written but not equivalent."""
    try:
        manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
        calib, calib_text = _inputs(a.calibration_inputs, a.calibration_count, SIM_CALIBRATION_SEED, manifest, "calibration")
        fixed, fixed_text = _inputs(a.agreement_inputs, a.agreement_count, SIM_AGREEMENT_SEED, manifest, "agreement")
        qm, reasons = write_quantized_pack(base, out, calibration=calib, calibration_text=calib_text, fixed_set=fixed,
                                           fixed_set_text=fixed_text, method=a.calibration_method,
                                           log=lambda m: print(m, file=sys.stderr))
    except (CheckpointError, ValueError, FileNotFoundError, KeyError) as e:
        print(f"quantization failed: {e}", file=sys.stderr)
        return 2
    ag = qm["quantization"]["agreement"]
    calls = ", ".join(f"{k} {100 * v:.1f} %" for k, v in ag["identicalCalls"].items()) or "no heads"
    print(f"wrote int8 pack {qm['id']} to {out} ({sum(f['bytes'] for f in qm['files']) / 1e6:.1f} MB): on {ag['n']} ECGs "
          f"mean cosine {ag['meanCosine']:.5f} (min {ag['minCosine']:.5f}), max logvar diff {ag['maxLogvarDiff']:.4f}, "
          f"identical calls {calls}, uncertainty level {100 * ag['uncertaintyLevelAgreement']:.1f} %"
          + (f", retrieval top-5 overlap {100 * ag['retrievalTop5Overlap']:.1f} %" if "retrievalTop5Overlap" in ag else ""))
    if reasons:
        print("NOT EQUIVALENT to its base (the pack is marked so): " + "; ".join(reasons), file=sys.stderr)
        return 3
    print(f"equivalent to {qm['quantization']['base']['id']} {qm['quantization']['base']['version']} by the export's bar "
          "(>= 99 % identical calls on every head, mean cosine >= 0.999)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
