#!/usr/bin/python3
"""Train the bundled reference pack: a small EchoingECG student distilled, the EchoingECG way (PCME++), from
the simulated echo teacher, then fit its heads on held-out simulated subjects and write the pack.

    /usr/bin/python3 models/tools/train_student.py [--n-train 2000] [--epochs 10] [--cache /tmp/train.npz]

Objective. Each batch holds 64 training subjects twice: the clean ECG and one of its two noisy copies (fresh
random acquisition-noise events from the simulator; which copy is drawn per subject and epoch). Per step:

    0.5 * (PCME++(clean) + PCME++(noisy copy))          the EchoingECG objective against the teacher Gaussians
  + 10  * KL(teacher Gaussian || ECG Gaussian)          variance only (ECG mean detached), sim/pcme.py
  + 1   * pair ranking (noisy copy vs its clean copy)   sim/noise_terms.py
  + 1   * step ranking (steps of the noisy copy)        sim/noise_terms.py

The last three are ADDITIONS to EchoingECG's training, made because the issue's uncertainty behaviour did not
come out of PCME++ alone on this simulated task:
- KL(teacher || ECG): minimised when the ECG's variance equals the teacher's variance plus the squared distance
  from the ECG's mean to its echo teacher, so the variance states how far the echo is likely to lie from the
  estimate. With PCME++ alone the variance came out larger for ECGs in crowded parts of echo space (typical,
  clearly normal ECGs) and smaller the further the echo lay (Spearman -0.3 with that distance on the test set),
  so the low-uncertainty half was not the more accurate one.
- Pair ranking: a hinge that a copy with visible noise scores at least 0.1 (log units of the pack's score,
  mean(exp(logvar))) above its clean copy. It only compares an ECG with itself, so the ordering of different
  subjects stays with the two terms above.
- Step ranking: a hinge over pairs of steps of a noisy copy: a step whose noise power is at least 4 times
  another's (and visible) has a per-step log score at least 0.1 above it, so the per-step variance peaks where the
  noise is. Ground truth is exact: a noisy copy is its clean copy plus the recorded noise events, and
  preprocessing is linear, so the difference of the two scaled inputs is the noise the model sees, per step.
Why not a ranking fine-tune after training (tried earlier): on a network trained without it, the variance
became a noise detector and the low-uncertainty half turned out less accurate (BA 0.719 vs 0.775). Noise hardly
hurts the LVEF read-out here (the noise augmentation makes the mean robust to it), so a variance that mostly
ranks noise cannot tell hard ECGs from easy ones; the KL term gives the variance that, the ranking terms only
add the noise response on top. Weights and margins are the defaults below; training.json records them.

Everything is seeded (SEED below and the simulator's split seeds); CPU only (one thread is fastest on a
loaded 2-core machine). Writes:
  models/tools/sim/trained/student.pt     the trained state_dict (EchoingStudent keys; width in training.json)
  models/tools/sim/trained/training.json  seed, sizes, config, objective and its weights, scaler, losses per
                                          epoch, time, learnt a and b
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
from sim.noise_terms import NOISY_STEP_MS, STEP_NOISE_RATIO, ranking_loss, step_noise_energy, step_ranking_loss  # noqa: E402  # noqa: E402
from sim.pcme import PcmeLoss, cover_teacher_kl  # noqa: E402

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
    from_cache = cache is not None and cache.exists()
    if from_cache:
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
    # noise ground truth of each noisy copy: per-step noise power after preprocessing [n, 2, T]
    energy = step_noise_energy(x[:, 1:], x[:, 0])
    energy_t = torch.from_numpy(energy)
    noisy_steps = energy_t > NOISY_STEP_MS
    log(f"noisy copies with a visible noisy step: {float(noisy_steps.any(-1).float().mean()):.3f}, "
        f"noisy steps per such copy: {float(noisy_steps.sum(-1).float()[noisy_steps.any(-1)].mean()):.1f}")
    history = []
    t1 = time.time()
    for ep in range(args.epochs):
        model.train()
        order = rng.permutation(args.n_train)
        # which of the two noisy copies each subject's pair uses this epoch
        variant = rng.integers(1, 3, size=args.n_train)
        agg = {"loss": 0.0, "pos": 0.0, "neg": 0.0, "rank": 0.0, "step": 0.0, "cover": 0.0}
        for s in range(steps_per_epoch):
            b = order[s * args.batch:(s + 1) * args.batch]
            n = len(b)
            # every subject twice: its clean ECG and one noisy copy (PCME++ on both, against the same teacher)
            xb = torch.from_numpy(np.concatenate([x[b, 0], x[b, variant[b]]]).astype(np.float32))
            mu, lv, slv = model(xb)
            l_clean, st = crit(mu[:n], lv[:n], tmu_t[b], tlv_t[b])
            l_noisy, st_n = crit(mu[n:], lv[n:], tmu_t[b], tlv_t[b])
            steps_b = noisy_steps[b, variant[b] - 1]
            l_rank = ranking_loss(lv[n:], lv[:n], steps_b.any(-1), args.rank_margin)
            l_step = step_ranking_loss(slv[n:], energy_t[b, variant[b] - 1], args.step_margin)
            l_cover = cover_teacher_kl(mu, lv, torch.cat([tmu_t[b]] * 2), torch.cat([tlv_t[b]] * 2))
            loss = (0.5 * (l_clean + l_noisy) + args.rank_weight * l_rank + args.step_weight * l_step
                    + args.cover_weight * l_cover)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            agg["loss"] += float(loss) / steps_per_epoch
            agg["pos"] += 0.5 * (st["pos"] + st_n["pos"]) / steps_per_epoch
            agg["neg"] += 0.5 * (st["neg"] + st_n["neg"]) / steps_per_epoch
            agg["rank"] += float(l_rank) / steps_per_epoch
            agg["step"] += float(l_step) / steps_per_epoch
            agg["cover"] += float(l_cover) / steps_per_epoch
        agg.update({"epoch": ep + 1, "a": float(crit.a), "b": float(crit.b), "seconds": round(time.time() - t1, 1),
                    "meanExpLogvar": float(lv.exp().mean())})
        history.append(agg)
        log(json.dumps(agg))
    train_s = time.time() - t1
    TRAINED.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), TRAINED / "student.pt")
    info = {"seed": SEED, "config": {"blocks": list(cfg.blocks), "stemWidth": cfg.stem_width,
                                      "widths": list(cfg.widths)}, "seedTrain": SEED_TRAIN, "nTrain": args.n_train, "epochs": args.epochs,
            "batch": args.batch, "lr": args.lr, "weighting": args.weighting, "bInit": args.b_init,
            "objective": ("0.5 * (PCME++ clean + PCME++ noisy copy) + rankWeight * pair ranking + stepWeight * step "
                          "ranking + coverWeight * KL(teacher || ECG Gaussian), see the docstring of train_student.py"),
            "auxiliary": {"rankWeight": args.rank_weight, "rankMargin": args.rank_margin, "stepWeight": args.step_weight,
                          "stepMargin": args.step_margin, "stepNoiseRatio": STEP_NOISE_RATIO,
                          "noisyStepMeanSquare": NOISY_STEP_MS, "coverWeight": args.cover_weight},
            "parameters": count_parameters(model),
            "scalerMean": smean.tolist(), "scalerScale": sstd.tolist(),
            "learntA": float(crit.a), "learntB": float(crit.b), "dataSeconds": round(t_data, 1), "inputsFromCache": from_cache,
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
    ap.add_argument("--rank-weight", type=float, default=1.0, help="weight of the clean/noisy pair ranking term")
    ap.add_argument("--rank-margin", type=float, default=0.1,
                    help="log-score margin of a noisy copy over its clean copy")
    ap.add_argument("--step-weight", type=float, default=1.0, help="weight of the per-step noise ranking term")
    ap.add_argument("--step-margin", type=float, default=0.1,
                    help="per-step log-score margin of a clearly noisier step over a quieter one")
    ap.add_argument("--cover-weight", type=float, default=10.0,
                    help="weight of KL(teacher || ECG Gaussian) on the variance (0: PCME++ alone sets the variance)")
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
