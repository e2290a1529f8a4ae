#!/usr/bin/python3
"""PyTorch eager timing of the EchoingECG student on given inputs, for bench/model.bench.ts (the Node side
times onnxruntime-node on the same inputs in the same run and prints the ratio).

  /usr/bin/python3 models/tools/bench/torch_bench.py --checkpoint models/local/random-full.pt \\
      --inputs /tmp/x.f32.bin --batches 1,8,32 --min-seconds 2 --max-iters 5 [--outputs /tmp/mean.f32.bin]

Inputs: little-endian float32 [N, 12, 1000] (N >= the largest batch). Prints one JSON object on stdout:
{"torch", "threads", "device", "batches": {"1": {"iters", "seconds", "ecgPerS"}, ...}, "peakRssMiB"}. With --outputs, the
mean/logvar of the first max-batch rows are written (float32 [B, 2, D]) so the Node side can check parity.

--serve keeps the model loaded and answers requests on stdin, one per line, so the Node bench can interleave
PyTorch and onnxruntime runs (fair under a fluctuating machine load):
  "time B ITERS"   -> {"batch", "iters", "seconds", "ecgPerS"}   (B rows of the inputs, ITERS timed runs)
  "out B PATH"     -> {"written": PATH}                          (mean/logvar of B rows, float32 [B, 2, D])
  "rss"            -> {"peakRssMiB"}
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from echoingecg.checkpoint import load_published  # noqa: E402
from echoingecg.model import EchoingStudent, StudentConfig, count_parameters  # noqa: E402


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def serve(student, x: np.ndarray, device: torch.device) -> None:
    """Request loop for --serve; one JSON line per request."""
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "parameters": count_parameters(student)}), flush=True)
    with torch.inference_mode():
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "time":
                b, iters = int(parts[1]), int(parts[2])
                xb = torch.from_numpy(x[:b].copy()).to(device)
                _sync(device)
                start = time.perf_counter()
                for _ in range(iters):
                    student(xb)
                    _sync(device)
                secs = time.perf_counter() - start
                reply = {"batch": b, "iters": iters, "seconds": secs, "ecgPerS": iters * b / secs}
            elif parts[0] == "out":
                b = int(parts[1])
                mean, logvar, _ = student(torch.from_numpy(x[:b].copy()).to(device))
                Path(parts[2]).write_bytes(torch.stack([mean, logvar], dim=1).cpu().numpy().astype("<f4").tobytes())
                reply = {"written": parts[2]}
            elif parts[0] == "rss":
                reply = {"peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
            else:
                reply = {"error": f"unknown request {parts[0]}"}
            print(json.dumps(reply), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="checkpoint with the published key layout")
    src.add_argument("--architecture", help='a pack manifest\'s architecture JSON ({"blocks", "stemWidth", '
                     '"widths"}): same network with random weights (timing only)')
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--min-seconds", type=float, default=2.0, help="time each batch size at least this long")
    ap.add_argument("--max-iters", type=int, default=20)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--warmup-all", action="store_true", help="warm up every batch size, not only the first")
    ap.add_argument("--serve", action="store_true", help="answer timing requests on stdin (see above)")
    ap.add_argument("--outputs", help="write mean and logvar of the first rows here (float32 [B, 2, D])")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    if a.checkpoint:
        student, _ = load_published(a.checkpoint)
    else:
        arch = json.loads(a.architecture)
        torch.manual_seed(0)
        student = EchoingStudent(StudentConfig(blocks=tuple(arch["blocks"]), stem_width=int(arch["stemWidth"]),
                                               widths=tuple(arch["widths"])))
    device = torch.device(a.device)
    student = student.to(device).eval()
    x = np.fromfile(a.inputs, dtype="<f4").reshape(-1, 12, 1000)
    if a.serve:
        serve(student, x, device)
        return
    batches = [int(b) for b in a.batches.split(",")]
    result = {"torch": torch.__version__, "threads": a.threads, "device": a.device, "batches": {}}
    with torch.inference_mode():
        for i, b in enumerate(batches):
            xb = torch.from_numpy(x[:b].copy()).to(device)
            if i == 0 or a.warmup_all:
                student(xb)  # warm-up
            if device.type == "cuda":
                torch.cuda.synchronize()
            iters, start = 0, time.perf_counter()
            while iters < a.max_iters and (iters == 0 or time.perf_counter() - start < a.min_seconds):
                out = student(xb)
                if device.type == "cuda":
                    torch.cuda.synchronize()
                iters += 1
            secs = time.perf_counter() - start
            result["batches"][str(b)] = {"iters": iters, "seconds": secs, "ecgPerS": iters * b / secs}
            if a.outputs and b == max(batches):
                mean, logvar, _ = out
                both = torch.stack([mean, logvar], dim=1).cpu().numpy().astype("<f4")
                Path(a.outputs).write_bytes(both.tobytes())
    result["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
