"""Reading (and, for tests, faking) the published EchoingECG files: the `echoingecg.pt` state_dict and the
`ecg_scaler.pkl` StandardScaler. The checkpoint is read with torch.load(weights_only=True); the scaler with a
restricted unpickler that only accepts a scikit-learn StandardScaler and numpy arrays (plain pickle or joblib
format), so a tampered file cannot run code."""
from __future__ import annotations

import io
import json
import pickle
import re
from pathlib import Path

import numpy as np
import torch

from .model import EchoingStudent, StudentConfig

PREFIX = "ecg_encoder."
_ALLOWED_GLOBALS = {
    ("sklearn.preprocessing._data", "StandardScaler"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "scalar"),
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
}


class CheckpointError(ValueError):
    """A checkpoint or scaler that is not the published layout; the message says what is wrong."""


def _state_dict(obj) -> dict:
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise CheckpointError("checkpoint is not a state_dict of tensors")
    return obj


def split_published(state: dict) -> tuple[dict, list[str]]:
    """(`ecg_encoder.*` with the prefix stripped, names of every other key, e.g. text_encoder.*)."""
    ecg = {k[len(PREFIX):]: v for k, v in state.items() if k.startswith(PREFIX)}
    others = sorted(k for k in state if not k.startswith(PREFIX))
    if not ecg:
        raise CheckpointError("no ecg_encoder.* keys: not an EchoingECG checkpoint")
    return ecg, others


def infer_config(ecg_state: dict, input_samples: int = 1000) -> StudentConfig:
    """Depth and widths read off the tensor shapes, so full-size and small students export the same way."""
    try:
        blocks, widths = [], []
        for i in range(1, 5):
            idx = {int(m.group(1)) for k in ecg_state if (m := re.match(rf"layer{i}\.(\d+)\.conv1\.weight$", k))}
            if not idx or idx != set(range(len(idx))):
                raise CheckpointError(f"layer{i} blocks missing or not contiguous")
            blocks.append(len(idx))
            widths.append(int(ecg_state[f"layer{i}.0.conv1.weight"].shape[0]))
        conv1 = ecg_state["conv1.weight"]
        return StudentConfig(blocks=tuple(blocks), stem_width=int(conv1.shape[0]), widths=tuple(widths),
                             embed_dim=int(ecg_state["linear.weight"].shape[0]),
                             gpo_dim=int(ecg_state["gpool.gru.weight_hh_l0"].shape[1]),
                             n_leads=int(conv1.shape[1]), input_samples=input_samples)
    except KeyError as e:
        raise CheckpointError(f"checkpoint lacks {PREFIX}{e.args[0]}") from None


def load_published(path: str | Path) -> tuple[EchoingStudent, list[str]]:
    """Student with the checkpoint's ecg_encoder weights loaded strictly; also returns the ignored keys."""
    state = _state_dict(torch.load(str(path), map_location="cpu", weights_only=True))
    ecg, ignored = split_published(state)
    student = EchoingStudent(infer_config(ecg))
    try:
        student.load_state_dict(ecg, strict=True)
    except RuntimeError as e:
        raise CheckpointError(f"ecg_encoder weights do not match the student layout: {e}") from None
    return student.eval(), ignored


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED_GLOBALS:
            raise CheckpointError(f"scaler pickle refers to {module}.{name}: only a StandardScaler is accepted")
        return super().find_class(module, name)


def _joblib_restricted(path: Path):
    from joblib import numpy_pickle as jp  # joblib ships with scikit-learn

    class Unpickler(jp.NumpyUnpickler):
        def find_class(self, module, name):
            if (module, name) not in _ALLOWED_GLOBALS:
                raise CheckpointError(f"scaler file refers to {module}.{name}: only a StandardScaler is accepted")
            return super().find_class(module, name)

    with open(path, "rb") as f, jp._read_fileobject(f, str(path), None) as fobj:
        return Unpickler(str(path), fobj).load()


def load_scaler(path: str | Path, n_leads: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """(mean_, scale_) of a pickled/joblib StandardScaler, or of a JSON {"mean": [...], "scale": [...]}."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        d = json.loads(p.read_text())
        mean, scale = np.asarray(d["mean"], float), np.asarray(d["scale"], float)
    else:
        raw = p.read_bytes()
        try:
            obj = _RestrictedUnpickler(io.BytesIO(raw)).load()
        except CheckpointError:
            raise
        except Exception:
            obj = _joblib_restricted(p)  # joblib stores arrays after the pickle stream
        mean = np.asarray(getattr(obj, "mean_", None), dtype=float)
        scale = np.asarray(getattr(obj, "scale_", None), dtype=float)
    if mean.shape != (n_leads,) or scale.shape != (n_leads,):
        raise CheckpointError(f"scaler must have {n_leads} features with mean_ and scale_")
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scale))):
        raise CheckpointError("scaler has non-finite values")
    return mean, scale


def random_published_state(cfg: StudentConfig, seed: int) -> dict:
    """A state_dict in the published layout (ecg_encoder.* + some text_encoder.*) with random weights and
    non-trivial BatchNorm statistics (so a loader that drops them is caught by a parity test)."""
    torch.manual_seed(seed)
    student = EchoingStudent(cfg)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, m in student.named_modules():
            if isinstance(m, torch.nn.BatchNorm1d):
                n = m.num_features
                # bn2 (end of a residual branch) and shortcut BNs get small gains: the residual stream of a
                # 33-block net then stays in a sane range without training.
                small = name.endswith("bn2") or name.endswith("shortcut.1")
                lo, hi = (0.1, 0.3) if small else (0.6, 1.2)
                m.weight.copy_(lo + (hi - lo) * torch.rand(n, generator=g))
                m.bias.copy_(0.05 * torch.randn(n, generator=g))
                m.running_mean.copy_(0.05 * torch.randn(n, generator=g))
                m.running_var.copy_(0.5 + 1.5 * torch.rand(n, generator=g))
                m.num_batches_tracked.fill_(1000)
    state = {PREFIX + k: v.clone() for k, v in student.state_dict().items()}
    h = cfg.gpo_dim
    # A few text tower keys as in the real file (BioBERT + its heads), small shapes: the exporter must skip them.
    state["text_encoder.bert.embeddings.word_embeddings.weight"] = torch.randn(64, 48, generator=g)
    state["text_encoder.bert.encoder.layer.0.attention.self.query.weight"] = torch.randn(48, 48, generator=g)
    state["text_encoder.linear.weight"] = torch.randn(cfg.embed_dim, 48, generator=g)
    state["text_encoder.gpool.gru.weight_ih_l0"] = torch.randn(3 * h, h, generator=g)
    state["text_encoder.std_linear.bias"] = torch.randn(cfg.embed_dim, generator=g)
    return state
