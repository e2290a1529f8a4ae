"""PCME++ objective (Chun, ICLR 2024) as EchoingECG uses it: closed-form sampled distance between Gaussians,
match probability sigmoid(-a * CSD + b) with learnable a and b, pseudo-positives, and a variational
information bottleneck (KL to N(0, I)) on the ECG Gaussians. The echo teacher is frozen.

cover_teacher_kl is not part of PCME++: it is the reference pack's added variance term (see train_student.py)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def csd_matrix(mu1: torch.Tensor, lv1: torch.Tensor, mu2: torch.Tensor, lv2: torch.Tensor) -> torch.Tensor:
    """[B1, B2] CSD = ||mu1 - mu2||^2 + sum(sigma1^2) + sum(sigma2^2)."""
    d = torch.cdist(mu1, mu2).pow(2)
    return d + lv1.exp().sum(-1)[:, None] + lv2.exp().sum(-1)[None, :]


class PcmeLoss(nn.Module):
    """Binary cross-entropy of the match probability over all ECG-echo pairs of a batch."""

    def __init__(self, a: float = 5.0, b: float = 5.0, pseudo_weight: float = 0.1, vib_weight: float = 1e-4,
                 weighting: str = "balanced") -> None:
        super().__init__()
        if weighting not in ("mean", "balanced"):
            raise ValueError("weighting must be 'mean' or 'balanced'")
        # "balanced" averages positives, negatives and pseudo-positives separately (the committed pack);
        # "mean" counts every pair once, so negatives outnumber positives B-1 to 1 (tried: on the simulated task it
        # gave a weaker student and an uncertainty less related to noise).
        self.weighting = weighting
        self.a = nn.Parameter(torch.tensor(float(a)))
        self.b = nn.Parameter(torch.tensor(float(b)))
        self.pseudo_weight = pseudo_weight
        self.vib_weight = vib_weight

    def forward(self, mu_e: torch.Tensor, lv_e: torch.Tensor, mu_t: torch.Tensor, lv_t: torch.Tensor) -> tuple[torch.Tensor, dict]:
        csd = csd_matrix(mu_e, lv_e, mu_t, lv_t)
        logits = -self.a * csd + self.b
        n = csd.shape[0]
        eye = torch.eye(n, dtype=torch.bool, device=csd.device)
        with torch.no_grad():
            pos_d = csd.diagonal()
            # pseudo-positives: a non-matching pair at least as close as the matching one, in either direction
            pseudo = ((csd <= pos_d[:, None]) | (csd <= pos_d[None, :])) & ~eye
        target = (eye | pseudo).float()
        bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
        neg = ~(eye | pseudo)
        kl = 0.5 * (mu_e.pow(2) + lv_e.exp() - lv_e - 1.0).sum(-1).mean()
        if self.weighting == "mean":
            w = torch.where(pseudo, torch.full_like(bce, self.pseudo_weight), torch.ones_like(bce))
            total = (w * bce).sum() / n + self.vib_weight * kl
            stats = {"pos": float(bce[eye].mean()), "neg": float(bce[neg].mean()) if neg.any() else 0.0,
                     "kl": float(kl), "pseudo_frac": float(pseudo.float().mean()), "a": float(self.a),
                     "b": float(self.b)}
            return total, stats
        loss_pos = bce[eye].mean()
        loss_neg = bce[neg].mean() if neg.any() else bce.new_zeros(())
        loss_pseudo = bce[pseudo].mean() if pseudo.any() else bce.new_zeros(())
        total = loss_pos + loss_neg + self.pseudo_weight * loss_pseudo + self.vib_weight * kl
        stats = {"pos": float(loss_pos), "neg": float(loss_neg), "kl": float(kl),
                 "pseudo_frac": float(pseudo.float().mean()), "a": float(self.a), "b": float(self.b)}
        return total, stats


def cover_teacher_kl(mu_e: torch.Tensor, lv_e: torch.Tensor, mu_t: torch.Tensor, lv_t: torch.Tensor) -> torch.Tensor:
    """KL(teacher Gaussian || ECG Gaussian), averaged over dimensions and the batch, with the ECG mean held fixed
    (detached), so only the variance learns from it: its minimum is at sigma_e^2 = sigma_t^2 + (mu_t - mu_e)^2,
    i.e. the ECG's variance grows with how far its echo teacher lies from where the ECG's mean puts it."""
    var_e = lv_e.exp()
    kl = 0.5 * ((lv_t.exp() + (mu_t - mu_e.detach()).pow(2)) / var_e + lv_e - lv_t - 1.0)
    return kl.mean()
