#!/usr/bin/python3
"""Train the bundled reference pack: a small EchoingECG student distilled, the EchoingECG way (PCME++), from
the simulated echo teacher, then fit its heads on held-out simulated subjects and write the pack.

    /usr/bin/python3 models/tools/train_student.py [--n-train 2000] [--epochs 10] [--cache /tmp/train.npz]

Everything is seeded (SEED below and the simulator's split seeds); CPU only (one thread is fastest on a
loaded 2-core machine). Writes:
  models/tools/sim/trained/student.pt     the trained state_dict (EchoingStudent keys; width in training.json)
  models/tools/sim/trained/training.json  seed, sizes, config, scaler, losses per epoch, time, learnt a and b
  models/reference/                       the pack (via echoingecg.pack.write_pack) and its metrics.json,
                                          measured on the fixed simulated test set (sim/evaluate.py)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

from echoingecg.model import EchoingStudent, StudentConfig, count_parameters  # noqa: E402
from sim.cohort import SEED_HELDOUT, SEED_TRAIN, make_cohort  # noqa: E402
from sim.data import fit_scaler, training_variants  # noqa: E402
from sim.pcme import PcmeLoss  # noqa: E402

SEED = 7
TRAINED = Path(__import__("os").environ.get("H7_TRAINED", TOOLS / "sim" / "trained"))


def build_training_set(n: int, log) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, object]:
    """[n, 3, 12, 1000] unscaled variants (clean, noisy, noisy), scaler, teacher Gaussians."""
    c = make_cohort(n, SEED_TRAIN)
    idx = np.arange(n)
    x = training_variants(c, idx, 2, workers=2)
    log(f"training inputs {x.shape}")
    mean, std = fit_scaler(x[:, 0])
    x = ((x - mean[None, None, :, None]) / std[None, None, :, None]).astype(np.float16)
    return x, mean, std, c.teacher_mean, c.teacher_logvar


def train(args, log) -> dict:
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    t0 = time.time()
    cache = Path(args.cache) if args.cache else None
    if cache is not None and cache.exists():
        z = np.load(cache)
        x, smean, sstd, tmu, tlv = z["x"], z["smean"], z["sstd"], z["tmu"], z["tlv"]
        if len(x) != args.n_train:
            raise SystemExit("cached training set has another size")
        log(f"training inputs from {cache}")
    else:
        x, smean, sstd, tmu, tlv = build_training_set(args.n_train, log)
        if cache is not None:
            np.savez(cache, x=x, smean=smean, sstd=sstd, tmu=tmu, tlv=tlv)
        if args.data_only:
            return {}
    t_data = time.time() - t0
    cfg = StudentConfig(blocks=(1, 1, 1, 1), stem_width=args.stem, widths=tuple(args.widths))
    model = EchoingStudent(cfg)
    # start with small variances (sum over 512 dims ~ 3) so the CSD is not all variance at the first step
    torch.nn.init.constant_(model.std_linear.bias, -5.0)
    crit = PcmeLoss(a=5.0, b=args.b_init, weighting=args.weighting)
    # a and b get a larger step so the match scale can follow the embedding during a short run
    opt = torch.optim.AdamW([{"params": list(model.parameters())},
                             {"params": list(crit.parameters()), "lr": args.lr * 10, "weight_decay": 0.0}],
                            lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = args.n_train // args.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.lr, args.lr * 10], total_steps=args.epochs * steps_per_epoch,
                                                pct_start=0.15)
    tmu_t, tlv_t = torch.from_numpy(tmu), torch.from_numpy(tlv)
    history = []
    t1 = time.time()
    for ep in range(args.epochs):
        model.train()
        order = rng.permutation(args.n_train)
        variant = rng.choice(3, size=args.n_train, p=[0.4, 0.3, 0.3])
        agg = {"loss": 0.0, "pos": 0.0, "neg": 0.0}
        for s in range(steps_per_epoch):
            b = order[s * args.batch:(s + 1) * args.batch]
            xb = torch.from_numpy(x[b, variant[b]].astype(np.float32))
            mu, lv, _ = model(xb)
            loss, st = crit(mu, lv, tmu_t[b], tlv_t[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            agg["loss"] += float(loss) / steps_per_epoch
            agg["pos"] += st["pos"] / steps_per_epoch
            agg["neg"] += st["neg"] / steps_per_epoch
        agg.update({"epoch": ep + 1, "a": float(crit.a), "b": float(crit.b), "seconds": round(time.time() - t1, 1),
                    "meanExpLogvar": float(lv.exp().mean())})
        history.append(agg)
        log(json.dumps(agg))
    train_s = time.time() - t1
    TRAINED.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), TRAINED / "student.pt")
    info = {"seed": SEED, "config": {"blocks": list(cfg.blocks), "stemWidth": cfg.stem_width,
                                      "widths": list(cfg.widths)}, "seedTrain": SEED_TRAIN, "nTrain": args.n_train, "epochs": args.epochs,
            "batch": args.batch, "lr": args.lr, "weighting": args.weighting, "bInit": args.b_init, "parameters": count_parameters(model),
            "scalerMean": smean.tolist(), "scalerScale": sstd.tolist(),
            "learntA": float(crit.a), "learntB": float(crit.b), "dataSeconds": round(t_data, 1),
            "trainSeconds": round(train_s, 1), "torchThreads": torch.get_num_threads(), "history": history}
    (TRAINED / "training.json").write_text(json.dumps(info, indent=1) + "\n")
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n-train", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--out", default=str(TOOLS.parent / "reference"))
    ap.add_argument("--b-init", type=float, default=7.5,
                    help="initial b (a starts at 5): b/a above the typical squared distance leaves the variance room")
    ap.add_argument("--weighting", choices=["mean", "balanced"], default="balanced",
                    help="positives/negatives averaged separately (used for the committed pack: it gave the better "
                         "student) or every pair once")
    ap.add_argument("--stem", type=int, default=16)
    ap.add_argument("--widths", type=int, nargs=4, default=[16, 32, 64, 128])
    ap.add_argument("--threads", type=int, default=1, help="1 is fastest on a loaded 2-core machine")
    ap.add_argument("--skip-train", action="store_true", help="reuse sim/trained/student.pt")
    ap.add_argument("--n-heldout", type=int, default=1500)
    ap.add_argument("--cache", help="npz of the (deterministic) training inputs: written if absent, else read")
    ap.add_argument("--data-only", action="store_true", help="build the --cache file and stop")
    ap.add_argument("--train-only", action="store_true", help="stop after training (no heads, no pack)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    def log(msg: str) -> None:
        print(time.strftime("%H:%M:%S"), msg, flush=True)

    if not args.skip_train:
        train(args, log)
    if args.train_only or args.data_only:
        return
    from sim.heads import fit_and_write  # noqa: PLC0415

    fit_and_write(Path(args.out), args.n_heldout, log)


if __name__ == "__main__":
    main()
