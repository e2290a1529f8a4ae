#!/usr/bin/python3
"""Write tests/fixtures/preprocess/: scipy reference outputs of every preprocessing stage for several source
rates, so the TypeScript preprocessing can be checked against scipy itself.

Usage: /usr/bin/python3 models/tools/make_preprocess_fixtures.py [--out tests/fixtures/preprocess]

Every array is a little-endian float64 C-order .bin; index.json lists shapes, rates and files. The chain is:
filter + resample the WHOLE record, then take 100 Hz samples [startSample, startSample + 1000) and zero-pad (in
mV, before scaling) past the record's end, then scale per lead with (x - mean) / max(scale, 1e-8).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from echoingecg import preprocessing as pp
from echoingecg.synthetic import synth_ecg

# (source rate Hz, duration s, window start in 100 Hz samples). Covers crop, exact length, pad, odd rates,
# an offset window and the no-resampling case.
CASES = [
    (240, 12.0, 0), (250, 10.0, 0), (360, 10.5, 50), (500, 10.0, 0),
    (1000, 10.0, 0), (257, 9.7, 0), (100, 11.0, 100),
]
#: A fixed, non-trivial scaler (mV), in the pack's lead order.
SCALER_MEAN = [0.004, -0.006, 0.002, 0.003, -0.001, 0.005, -0.008, 0.001, 0.006, -0.002, 0.003, 0.000]
SCALER_SCALE = [0.16, 0.19, 0.13, 0.15, 0.14, 0.11, 0.17, 0.24, 0.26, 0.23, 0.20, 0.17]


def _write(out: Path, name: str, arr: np.ndarray) -> dict:
    arr = np.ascontiguousarray(arr, dtype="<f8")
    (out / name).write_bytes(arr.tobytes())
    return {"file": name, "shape": list(arr.shape)}


def make(out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for i, (fs, dur, start) in enumerate(CASES):
        cid = f"fs{fs}_{int(round(dur * 1000))}ms_start{start}"
        x = synth_ecg(fs, dur, seed=1000 + i)
        st = pp.preprocess_stages(x, fs, np.array(SCALER_MEAN), np.array(SCALER_SCALE), start)
        up, down = pp.resample_factors(fs)
        cases.append({
            "id": cid, "sampleRateHz": fs, "durationS": dur, "samples": int(x.shape[1]),
            "up": up, "down": down, "startSample": start,
            "files": {
                "input": _write(out, f"{cid}.input.f64.bin", x),
                "sos": _write(out, f"{cid}.sos.f64.bin", st.sos),
                "filtered": _write(out, f"{cid}.filtered.f64.bin", st.filtered),
                "resampled": _write(out, f"{cid}.resampled.f64.bin", st.resampled),
                "scaled": _write(out, f"{cid}.scaled.f64.bin", st.scaled),
            },
            "ranges": {k: float(np.ptp(getattr(st, k))) for k in ("filtered", "resampled", "scaled")},
        })
    index = {
        "description": "scipy reference outputs of the EchoingECG preprocessing chain (models/tools/echoingecg/"
                       "preprocessing.py); regenerate with models/tools/make_preprocess_fixtures.py",
        "dtype": "float64", "byteOrder": "little", "layout": "C order, [leads, samples] (sos: [sections, 6])",
        "leads": list(pp.LEADS), "units": "mV",
        "bandpass": {"lowHz": pp.BANDPASS_LOW_HZ, "highHz": pp.BANDPASS_HIGH_HZ, "order": pp.BANDPASS_ORDER,
                     "design": "scipy.signal.butter(4, [0.5, 40] / (fs / 2), 'band', output='sos')",
                     "apply": "scipy.signal.sosfiltfilt(sos, x, axis=-1) with default padtype='odd', "
                              "padlen=3 * (2 * len(sos) + 1)"},
        "resample": {"targetHz": pp.TARGET_RATE_HZ, "window": "kaiser", "beta": pp.KAISER_BETA,
                     "padtype": "median", "call": "scipy.signal.resample_poly(x, up, down, axis=-1, "
                     "window=('kaiser', 5.0), padtype='median'); up = down = 1 returns a copy"},
        "crop": {"samples": pp.TARGET_SAMPLES, "rule": "take resampled[:, startSample:startSample + 1000]; "
                 "zero-pad (mV) at the end when the record is shorter"},
        "scaler": {"mean": SCALER_MEAN, "scale": SCALER_SCALE, "floor": pp.SCALE_FLOOR,
                   "rule": "(cropped - mean[lead]) / max(scale[lead], 1e-8); cropped = scaled * scale + mean"},
        "tolerance": "TS must match each stage to 1e-5 of that stage's range (see 'ranges')",
        "cases": cases,
    }
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "tests/fixtures/preprocess"))
    index = make(Path(ap.parse_args().out))
    print(f"wrote {len(index['cases'])} cases")


if __name__ == "__main__":
    main()
