#!/usr/bin/python3
"""Write a simulated ECG cohort to disk in formats the app reads, with its labels and ground truth.

    /usr/bin/python3 models/tools/make_sim_cohort.py --out DIR [--n 60] [--seed 3003]
        [--formats dicom,wfdb,csv] [--noise-fraction 0.35]
        [--ecgs-per-patient 1] [--reduced-fraction 0.17] [--lvef-offset 0] [--lvef-read-sd 0]

Subject i is written in format formats[i % len(formats)] (so a mixed cohort by default):
  DIR/ecg/SIM-000001.dcm | SIM-000002.hea + .dat | SIM-000003.csv ...
  DIR/labels.csv    file,accession,patient_id,echo_date,lvef,lvedv,lvesv,lvsv
  DIR/truth.json    per file: echo state, true ECG parameters, noise events (kind, interval, leads)

A site shift (another hospital than the one the model was trained for), for site-adaptation tests:
  --ecgs-per-patient K   K recordings per patient (same echo and ECG parameters, new beat variability and
                         noise; files SIM-000001-2.* ...), sharing the patient id and the echo
  --reduced-fraction F   the population's share of reduced EF (the site's prevalence; default 0.17)
  --lvef-offset D        the site's echo lab reads LVEF D points off the truth (e.g. -7: reads lower)
  --lvef-read-sd S       and with reading noise of S points (labels.csv lvef; truth.json keeps the true EF)
With --behaviour-fixtures it writes the small Node behaviour set (tests/fixtures/sim/) instead.
All data are SIMULATED (models/tools/sim); no real patient is involved. The same seed writes the same files.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

from sim.cohort import SEED_TEST, make_cohort  # noqa: E402
from sim.echo import REDUCED_FRACTION  # noqa: E402
from sim.ecg import FS  # noqa: E402
from sim.writers import write_csv, write_dicom, write_wfdb  # noqa: E402

FORMATS = ("dicom", "wfdb", "csv")
LABEL_COLUMNS = ("file", "accession", "patient_id", "echo_date", "lvef", "lvedv", "lvesv", "lvsv")


@dataclass(frozen=True)
class SiteShift:
    """How the simulated site differs from the population the model was made for (no shift by default)."""

    ecgs_per_patient: int = 1
    reduced_fraction: float = REDUCED_FRACTION
    lvef_offset: float = 0.0
    lvef_read_sd: float = 0.0

    def to_json(self) -> dict:
        return {"ecgsPerPatient": self.ecgs_per_patient, "reducedFraction": self.reduced_fraction,
                "lvefOffset": self.lvef_offset, "lvefReadSd": self.lvef_read_sd}


def read_lvef(true_lvef: np.ndarray, shift: SiteShift, seed: int) -> np.ndarray:
    """The site echo lab's LVEF reading: offset and reading noise (seeded), rounded to 0.1 and kept in 5..85 %."""
    noise = np.random.default_rng([seed, 31]).normal(0.0, 1.0, len(true_lvef)) * shift.lvef_read_sd
    return np.clip(np.round(true_lvef + shift.lvef_offset + noise, 1), 5.0, 85.0)


def write_cohort(out: Path, n: int, seed: int, formats: tuple[str, ...], noise_fraction: float,
                 shift: SiteShift = SiteShift()) -> list[dict]:
    """Write n patients (shift.ecgs_per_patient ECGs each); returns the label rows."""
    for f in formats:
        if f not in FORMATS:
            raise ValueError(f"unknown format {f!r} (choose from {', '.join(FORMATS)})")
    ecg_dir = out / "ecg"
    ecg_dir.mkdir(parents=True, exist_ok=True)
    c = make_cohort(n, seed, reduced_fraction=shift.reduced_fraction)
    lvef_read = read_lvef(c.echo.lvef, shift, seed)
    base = dt.datetime(2024, 1, 1, 8, 0, 0)
    rows, truth = [], {}
    for i, rep in ((i, r) for i in range(n) for r in range(shift.ecgs_per_patient)):
        s = c.ecg(i, noise_fraction=noise_fraction, repeat=rep)
        pid = f"SIM-{seed % 1000:03d}{i + 1:05d}"
        acc = f"SIMACC{seed % 1000:03d}{i + 1:05d}" + (f"-{rep + 1}" if rep else "")
        when = base + dt.timedelta(days=int(i * 3 % 700) + 11 * rep, minutes=int(i * 37 % 600))
        k = i * shift.ecgs_per_patient + rep
        fmt = formats[k % len(formats)]
        stem = f"SIM-{i + 1:06d}" + (f"-{rep + 1}" if rep else "")
        if fmt == "dicom":
            name = f"{stem}.dcm"
            write_dicom(ecg_dir / name, s.ecg_mv, FS, patient_id=pid, accession=acc, when=when, seed=seed,
                        index=i if not rep else 1_000_000 * rep + i)
        elif fmt == "wfdb":
            name = f"{stem}.hea"
            write_wfdb(ecg_dir / stem, s.ecg_mv, FS)
        else:
            name = f"{stem}.csv"
            write_csv(ecg_dir / name, s.ecg_mv, FS)
        # One echo per patient: every recording of the patient carries the same study and date.
        echo_date = (base + dt.timedelta(days=int(i * 3 % 700) + int(i % 20))).date().isoformat()
        rows.append({"file": f"ecg/{name}", "accession": acc, "patient_id": pid, "echo_date": echo_date,
                     "lvef": f"{lvef_read[i]:.1f}", "lvedv": f"{c.echo.lvedv[i]:.0f}",
                     "lvesv": f"{c.echo.lvesv[i]:.0f}", "lvsv": f"{c.echo.lvsv[i]:.0f}"})
        p = c.params
        truth[f"ecg/{name}"] = {
            "ecgDateTime": when.isoformat(), "format": fmt, "patient": i, "trueLvef": float(c.echo.lvef[i]),
            "ecgParameters": {"hr": round(float(p.hr[i]), 1), "qrsMs": round(float(p.qrs_ms[i]), 1),
                              "lbbb": bool(p.lbbb[i]), "logVoltage": round(float(p.log_voltage[i]), 3),
                              "qWave": bool(p.q_wave[i]), "tInversion": bool(p.t_inversion[i])},
            "noise": [e.to_json() for e in s.events]}
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=LABEL_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    (out / "truth.json").write_text(json.dumps({"simulated": True, "seed": seed, "sampleRateHz": FS,
                                                "siteShift": shift.to_json(), "files": truth}, indent=1) + "\n")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=SEED_TEST)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--noise-fraction", type=float, default=0.35)
    ap.add_argument("--ecgs-per-patient", type=int, default=1)
    ap.add_argument("--reduced-fraction", type=float, default=REDUCED_FRACTION)
    ap.add_argument("--lvef-offset", type=float, default=0.0)
    ap.add_argument("--lvef-read-sd", type=float, default=0.0)
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
    if not 1 <= args.ecgs_per_patient <= 20:
        ap.error("--ecgs-per-patient must be between 1 and 20")
    if not 0.0 <= args.reduced_fraction <= 1.0:
        ap.error("--reduced-fraction must be between 0 and 1")
    if args.lvef_read_sd < 0:
        ap.error("--lvef-read-sd must not be negative")
    shift = SiteShift(args.ecgs_per_patient, args.reduced_fraction, args.lvef_offset, args.lvef_read_sd)
    rows = write_cohort(Path(args.out), args.n, args.seed, tuple(args.formats.split(",")), args.noise_fraction, shift)
    print(f"wrote {len(rows)} simulated ECGs and labels.csv to {args.out}")


if __name__ == "__main__":
    main()
