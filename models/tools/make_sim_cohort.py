#!/usr/bin/python3
"""Write a simulated ECG cohort to disk in formats the app reads, with its labels and ground truth.

    /usr/bin/python3 models/tools/make_sim_cohort.py --out DIR [--n 60] [--seed 3003]
        [--formats dicom,wfdb,csv] [--noise-fraction 0.35]

Subject i is written in format formats[i % len(formats)] (so a mixed cohort by default):
  DIR/ecg/SIM-000001.dcm | SIM-000002.hea + .dat | SIM-000003.csv ...
  DIR/labels.csv    file,accession,patient_id,echo_date,lvef,lvedv,lvesv,lvsv
  DIR/truth.json    per file: echo state, true ECG parameters, noise events (kind, interval, leads)
With --behaviour-fixtures it writes the small Node behaviour set (tests/fixtures/sim/) instead.
All data are SIMULATED (models/tools/sim); no real patient is involved. The same seed writes the same files.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

from sim.cohort import SEED_TEST, make_cohort  # noqa: E402
from sim.ecg import FS  # noqa: E402
from sim.writers import write_csv, write_dicom, write_wfdb  # noqa: E402

FORMATS = ("dicom", "wfdb", "csv")
LABEL_COLUMNS = ("file", "accession", "patient_id", "echo_date", "lvef", "lvedv", "lvesv", "lvsv")


def write_cohort(out: Path, n: int, seed: int, formats: tuple[str, ...], noise_fraction: float) -> list[dict]:
    """Write n subjects; returns the label rows."""
    for f in formats:
        if f not in FORMATS:
            raise ValueError(f"unknown format {f!r} (choose from {', '.join(FORMATS)})")
    ecg_dir = out / "ecg"
    ecg_dir.mkdir(parents=True, exist_ok=True)
    c = make_cohort(n, seed)
    base = dt.datetime(2024, 1, 1, 8, 0, 0)
    rows, truth = [], {}
    for i in range(n):
        s = c.ecg(i, noise_fraction=noise_fraction)
        pid = f"SIM-{seed % 1000:03d}{i + 1:05d}"
        acc = f"SIMACC{seed % 1000:03d}{i + 1:05d}"
        when = base + dt.timedelta(days=int(i * 3 % 700), minutes=int(i * 37 % 600))
        fmt = formats[i % len(formats)]
        stem = f"SIM-{i + 1:06d}"
        if fmt == "dicom":
            name = f"{stem}.dcm"
            write_dicom(ecg_dir / name, s.ecg_mv, FS, patient_id=pid, accession=acc, when=when, seed=seed, index=i)
        elif fmt == "wfdb":
            name = f"{stem}.hea"
            write_wfdb(ecg_dir / stem, s.ecg_mv, FS)
        else:
            name = f"{stem}.csv"
            write_csv(ecg_dir / name, s.ecg_mv, FS)
        echo_date = (when + dt.timedelta(days=int(i % 20))).date().isoformat()
        rows.append({"file": f"ecg/{name}", "accession": acc, "patient_id": pid, "echo_date": echo_date,
                     "lvef": f"{c.echo.lvef[i]:.1f}", "lvedv": f"{c.echo.lvedv[i]:.0f}",
                     "lvesv": f"{c.echo.lvesv[i]:.0f}", "lvsv": f"{c.echo.lvsv[i]:.0f}"})
        p = c.params
        truth[f"ecg/{name}"] = {
            "ecgDateTime": when.isoformat(), "format": fmt,
            "ecgParameters": {"hr": round(float(p.hr[i]), 1), "qrsMs": round(float(p.qrs_ms[i]), 1),
                              "lbbb": bool(p.lbbb[i]), "logVoltage": round(float(p.log_voltage[i]), 3),
                              "qWave": bool(p.q_wave[i]), "tInversion": bool(p.t_inversion[i])},
            "noise": [e.to_json() for e in s.events]}
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=LABEL_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    (out / "truth.json").write_text(json.dumps({"simulated": True, "seed": seed, "sampleRateHz": FS,
                                                "files": truth}, indent=1) + "\n")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=SEED_TEST)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--noise-fraction", type=float, default=0.35)
    ap.add_argument("--behaviour-fixtures", action="store_true",
                    help="instead: write the Node behaviour set (WFDB + expected.json) for the committed pack to --out")
    args = ap.parse_args()
    if args.behaviour_fixtures:
        from sim.evaluate import load_student, read_pack  # noqa: PLC0415
        from sim.fixtures import write_behaviour_fixtures  # noqa: PLC0415

        model = load_student(TOOLS / "sim" / "trained" / "student.pt")
        idx = write_behaviour_fixtures(Path(args.out), model, read_pack(TOOLS.parent / "reference"))
        print(f"wrote {len(idx['records'])} behaviour records to {args.out}")
        return
    if args.n < 1 or args.n > 100000:
        ap.error("--n must be between 1 and 100000")
    rows = write_cohort(Path(args.out), args.n, args.seed, tuple(args.formats.split(",")), args.noise_fraction)
    print(f"wrote {len(rows)} simulated ECGs and labels.csv to {args.out}")


if __name__ == "__main__":
    main()
