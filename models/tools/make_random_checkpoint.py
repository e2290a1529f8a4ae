#!/usr/bin/python3
"""Write a checkpoint with the published EchoingECG key layout and RANDOM weights, plus a scaler pickle, for
tests and benchmarks (the real 944 MB file cannot be shipped). Never commit the output: use models/local/.

  /usr/bin/python3 models/tools/make_random_checkpoint.py --out models/local/random-full.pt --full
  /usr/bin/python3 models/tools/make_random_checkpoint.py --out models/local/random-small.pt --small

The scaler goes next to it as <stem>_scaler.pkl (joblib format, as the authors save it) unless --scaler is given.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import joblib
import numpy as np
import torch
from sklearn.preprocessing import StandardScaler

from echoingecg.checkpoint import random_published_state
from echoingecg.model import FULL, SMALL
from echoingecg.synthetic import synth_ecg


def make_scaler(seed: int) -> StandardScaler:
    """A StandardScaler fitted on per-sample values of synthetic 100 Hz ECGs (12 features = leads)."""
    rows = [synth_ecg(100, 10.0, seed=seed + i).T for i in range(8)]
    return StandardScaler().fit(np.concatenate(rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="checkpoint path (.pt)")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="EchoingECG-101 size, ~507 MB (default)")
    size.add_argument("--small", action="store_true", help="the reference pack's small size, ~3 MB")
    ap.add_argument("--scaler", help="scaler path (default: <out stem>_scaler.pkl)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    cfg = SMALL if a.small else FULL
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(random_published_state(cfg, a.seed), out)
    scaler_path = Path(a.scaler) if a.scaler else out.with_name(out.stem + "_scaler.pkl")
    joblib.dump(make_scaler(a.seed), scaler_path)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) and {scaler_path}")


if __name__ == "__main__":
    main()
