"""Small fixed simulated behaviour set for the Node tests (tests/fixtures/sim/).

Subjects are the first of the test-set seed (SEED_TEST) with LVEF < 40 % and with LVEF >= 50 %, taken in order
(no selection on model output), written as WFDB format 16 (1 uV resolution). For the first few, a noisy copy
(muscle noise + electrode motion on one or two electrodes over 2-3 s) is written too. expected.json holds the
labels, the noise intervals and what PyTorch gives on exactly the quantised signals (scipy preprocessing), so the
Node test checks both behaviour and that the ONNX runtime sees the same thing.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .cohort import SEED_TEST, make_cohort
from .data import noisy_pair_event, scaled, unscaled_inputs
from .evaluate import PackView, embed, uncertainty
from .noise import apply_events
from .writers import WFDB_ADU_PER_MV, write_wfdb


def write_behaviour_fixtures(out: Path, model, pack: PackView, n_per_class: int = 8, n_noisy: int = 8) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    c = make_cohort(400, SEED_TEST)
    low = [i for i in range(len(c)) if c.echo.lvef[i] < 40][:n_per_class]
    high = [i for i in range(len(c)) if c.echo.lvef[i] >= 50][:n_per_class]
    rng = np.random.default_rng([SEED_TEST, 77])
    records, signals = [], []
    for k, i in enumerate(low + high):
        x = c.ecg(i, noise=False).ecg_mv
        name = f"sim-{i:04d}"
        write_wfdb(out / name, x, 500)
        signals.append(np.round(x * WFDB_ADU_PER_MV) / WFDB_ADU_PER_MV)
        rec = {"record": f"{name}.hea", "subject": i, "lvef": float(c.echo.lvef[i]), "lvefLt40": bool(c.echo.lvef[i] < 40)}
        if k % (len(low + high) // n_noisy) == 0 and sum(1 for r in records if "noisyRecord" in r) < n_noisy:
            dur = float(rng.uniform(2.0, 3.0))
            start = float(rng.uniform(0.5, 9.5 - dur))
            xn = apply_events(x, noisy_pair_event(rng, start, dur), rng)
            write_wfdb(out / f"{name}-noisy", xn, 500)
            signals.append(np.round(xn * WFDB_ADU_PER_MV) / WFDB_ADU_PER_MV)
            rec.update({"noisyRecord": f"{name}-noisy.hea", "noise": {"startS": start, "endS": start + dur}})
        records.append(rec)
    x = scaled(unscaled_inputs(np.stack(signals)), pack.scaler_mean, pack.scaler_scale)
    mu, lv, _ = embed(model, x)
    prob = 1.0 / (1.0 + np.exp(-(mu @ pack.lr_w + pack.lr_b)))
    u = uncertainty(lv)
    j = 0
    for rec in records:
        rec["torch"] = {"probability": float(prob[j]), "uncertainty": float(u[j])}
        j += 1
        if "noisyRecord" in rec:
            rec["torchNoisy"] = {"probability": float(prob[j]), "uncertainty": float(u[j])}
            j += 1
    index = {"simulated": True, "seed": SEED_TEST, "note": "SIMULATED ECGs (models/tools/sim); not real patients. "
             "Written by models/tools/make_sim_cohort.py --behaviour-fixtures.", "records": records}
    (out / "expected.json").write_text(json.dumps(index, indent=1) + "\n")
    return index
