"""Our implementation of the EchoingECG student family: XResNet1D (plain basic blocks) + GPO pooling, with a
mean head (L2-normalised) and a log-variance head. Parameter names follow the published checkpoint's
`ecg_encoder.*` layout (conv1, bn1, layer1..4.<i>.{conv1,bn1,conv2,bn2,shortcut.0,shortcut.1}, linear,
std_linear, gpool.{gru,linear}, std_gpool.{gru,linear}) so that a stripped state_dict loads with strict=True.

Shapes: input [B, 12, L] -> stem (stride 2) -> layer1 (stride 1) -> layer2..4 (stride 2 each) -> [B, C, T],
T = ceil(L / 16) (63 for L = 1000). See ../shared/docs/MODEL.md.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class StudentConfig:
    """Depth/width of one student. FULL is EchoingECG-101; the reference pack uses a small one."""

    blocks: tuple[int, ...] = (3, 4, 23, 3)
    stem_width: int = 96
    widths: tuple[int, ...] = (192, 384, 768, 1536)
    embed_dim: int = 512
    gpo_dim: int = 32
    n_leads: int = 12
    input_samples: int = 1000

    def to_json(self) -> dict:
        d = asdict(self)
        return {"blocks": list(d["blocks"]), "stemWidth": d["stem_width"], "widths": list(d["widths"]),
                "embedDim": d["embed_dim"], "gpoDim": d["gpo_dim"]}


FULL = StudentConfig()
SMALL = StudentConfig(blocks=(1, 1, 1, 1), stem_width=32, widths=(32, 64, 128, 256))


def steps_for(samples: int) -> int:
    """Time steps after the total stride of 16 (each stride-2 k-odd conv maps L to ceil(L / 2))."""
    t = samples
    for _ in range(4):  # stem, layer2, layer3, layer4
        t = (t + 1) // 2
    return t


def _conv(ni: int, nf: int, ks: int = 3, stride: int = 1, **kw) -> nn.Conv1d:
    return nn.Conv1d(ni, nf, kernel_size=ks, stride=stride, padding=ks // 2, bias=False, **kw)


class BasicBlock1d(nn.Module):
    """conv3 -> BN -> ReLU -> conv3 -> BN, plus shortcut (1x1 conv + BN when stride or width changes), ReLU."""

    def __init__(self, ni: int, nf: int, stride: int, **kw) -> None:
        super().__init__()
        self.conv1 = _conv(ni, nf, stride=stride, **kw)
        self.bn1 = nn.BatchNorm1d(nf, **kw)
        self.conv2 = _conv(nf, nf, **kw)
        self.bn2 = nn.BatchNorm1d(nf, **kw)
        # An empty Sequential keeps the published key layout (no shortcut.* keys for identity blocks).
        self.shortcut = nn.Sequential()
        if stride != 1 or ni != nf:
            self.shortcut = nn.Sequential(_conv(ni, nf, ks=1, stride=stride, **kw), nn.BatchNorm1d(nf, **kw))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + self.shortcut(x))


def sinusoid_codes(length: int, dim: int) -> torch.Tensor:
    """[length, dim] position codes: sin on even channels, cos on odd, frequencies 10000^(-2i/dim)."""
    if dim % 2:
        raise ValueError("position code dimension must be even")
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    pe = torch.zeros(length, dim)
    pe[:, 0::2] = torch.sin(pos * freq)
    pe[:, 1::2] = torch.cos(pos * freq)
    return pe


class GPO(nn.Module):
    """Generalised pooling operator: position codes -> BiGRU (directions averaged) -> Linear -> softmax(s/0.1)
    gives one weight per rank; each channel's values are sorted descending and summed with those weights.
    All inputs here have the full length, so no masking or packing is needed."""

    TEMPERATURE = 0.1

    def __init__(self, dim: int = 32, **kw) -> None:
        super().__init__()
        self.dim = dim
        self.gru = nn.GRU(dim, dim, 1, batch_first=True, bidirectional=True, **kw)
        self.linear = nn.Linear(dim, 1, bias=False, **kw)

    def pool_weights(self, length: int) -> torch.Tensor:
        """[length] weights (sum 1) for sequences of this length; depends only on the GPO's parameters."""
        pe = sinusoid_codes(length, self.dim).to(self.linear.weight)[None]
        out, _ = self.gru(pe)
        out = (out[..., : self.dim] + out[..., self.dim:]) / 2
        return torch.softmax(self.linear(out)[0, :, 0] / self.TEMPERATURE, dim=0)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """features [B, T, D] -> [B, D]."""
        return pool_sorted(features, self.pool_weights(features.shape[1]))


def pool_sorted(features: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Sort each channel over time (descending) and take the weighted sum with weights [T]."""
    ranked = torch.sort(features, dim=1, descending=True)[0]
    return (ranked * weights[None, :, None]).sum(dim=1)


def l2norm(x: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """x / (||x|| + eps) over the last axis (eps added to the norm, as in the original)."""
    return x / (x.pow(2).sum(dim=-1, keepdim=True).sqrt() + eps)


class EchoingStudent(nn.Module):
    """The probabilistic ECG encoder. forward() returns (mean [B, D], logvar [B, D], step_logvar [B, T, D])."""

    def __init__(self, cfg: StudentConfig = FULL, device: str | torch.device | None = None) -> None:
        super().__init__()
        if len(cfg.blocks) != 4 or len(cfg.widths) != 4:
            raise ValueError("the family has exactly four stages")
        kw = {"device": device} if device is not None else {}
        self.cfg = cfg
        self.conv1 = _conv(cfg.n_leads, cfg.stem_width, ks=7, stride=2, **kw)
        self.bn1 = nn.BatchNorm1d(cfg.stem_width, **kw)
        ni = cfg.stem_width
        for i, (n, w) in enumerate(zip(cfg.blocks, cfg.widths)):
            stride = 1 if i == 0 else 2
            blocks = []
            for j in range(n):
                blocks.append(BasicBlock1d(ni, w, stride if j == 0 else 1, **kw))
                ni = w
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.linear = nn.Linear(ni, cfg.embed_dim, **kw)
        self.gpool = GPO(cfg.gpo_dim, **kw)
        self.std_linear = nn.Linear(ni, cfg.embed_dim, **kw)
        self.std_gpool = GPO(cfg.gpo_dim, **kw)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Backbone: [B, 12, L] -> [B, T, C] (time-major for the per-step heads)."""
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return x.transpose(1, 2)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        f = self.features(x)
        mean = l2norm(self.gpool(self.linear(f)))
        step_logvar = self.std_linear(f)
        return mean, self.std_gpool(step_logvar), step_logvar


class FrozenPoolingStudent(nn.Module):
    """Export wrapper: the GPO weights for the fixed input length are computed once and stored as constants
    (the GRU never enters the ONNX graph). Outputs match EchoingStudent.forward for that length."""

    def __init__(self, student: EchoingStudent) -> None:
        super().__init__()
        self.student = student
        t = steps_for(student.cfg.input_samples)
        with torch.no_grad():
            self.register_buffer("mean_weights", student.gpool.pool_weights(t).detach().clone())
            self.register_buffer("logvar_weights", student.std_gpool.pool_weights(t).detach().clone())

    def forward(self, ecg: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        s = self.student
        f = s.features(ecg)
        mean = l2norm(pool_sorted(s.linear(f), self.mean_weights))
        step_logvar = s.std_linear(f)
        return mean, pool_sorted(step_logvar, self.logvar_weights), step_logvar


def count_parameters(module: nn.Module) -> int:
    """Trainable parameter count (BatchNorm running statistics excluded)."""
    return sum(p.numel() for p in module.parameters())


def analytic_parameter_count(cfg: StudentConfig) -> int:
    """Closed-form parameter count, so the full size can be checked without allocating it."""
    n = cfg.n_leads * cfg.stem_width * 7 + 2 * cfg.stem_width
    ni = cfg.stem_width
    for i, (blocks, w) in enumerate(zip(cfg.blocks, cfg.widths)):
        for j in range(blocks):
            stride = 1 if (i == 0 or j > 0) else 2
            n += ni * w * 3 + 2 * w + w * w * 3 + 2 * w
            if stride != 1 or ni != w:
                n += ni * w + 2 * w
            ni = w
    n += 2 * (ni * cfg.embed_dim + cfg.embed_dim)
    h = cfg.gpo_dim
    gru = 2 * (3 * h * h + 3 * h * h + 6 * h)  # two directions: W_ih, W_hh, b_ih, b_hh
    n += 2 * (gru + h)
    return n
