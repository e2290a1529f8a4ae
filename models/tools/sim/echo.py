"""Latent echo state of a simulated subject, the echo "teacher" that embeds it, and echo report text.

The echo state is what an echocardiogram would measure: LVEF (%), LVEDV, LVESV, LVSV (mL), with
LVSV = LVEDV - LVESV and LVEF = 100 * LVSV / LVEDV exactly. Reduced EF (< 40 %) is a realistic minority
(about 17 %) and comes with dilated ventricles, as in heart-failure cohorts.

The teacher stands in for the frozen EchoCLIP image tower: each study is seen through several noisy
"views" (like frames / acquisitions), each pushed through one fixed random non-linear map into 512-d
and L2-normalised; the study's Gaussian is the normalised mean of its views and the per-dimension
variance over views - the same summary the real teacher makes of its frame embeddings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EMBED_DIM = 512
TEACHER_SEED = 20251024
N_VIEWS = 8
REDUCED_FRACTION = 0.17


@dataclass
class EchoStates:
    """Arrays of length n: the measurements an echo report would carry."""

    lvef: np.ndarray
    lvedv: np.ndarray
    lvesv: np.ndarray
    lvsv: np.ndarray

    def __len__(self) -> int:
        return int(self.lvef.shape[0])

    def subset(self, idx: np.ndarray) -> "EchoStates":
        return EchoStates(self.lvef[idx], self.lvedv[idx], self.lvesv[idx], self.lvsv[idx])


def typical_lvedv(lvef: np.ndarray) -> np.ndarray:
    """Median end-diastolic volume (mL) for a given EF: ventricles dilate as EF falls (remodelling)."""
    lvef = np.asarray(lvef, dtype=np.float64)
    return 115.0 * np.exp(0.012 * np.clip(58.0 - lvef, 0.0, None))


def sample_echo_states(rng: np.random.Generator, n: int, reduced_fraction: float = REDUCED_FRACTION) -> EchoStates:
    """Draw n echo states from a two-component population (preserved / reduced EF); `reduced_fraction` is the
    population's share of reduced EF (another site's prevalence)."""
    reduced = rng.random(n) < reduced_fraction
    ef = np.where(reduced, rng.normal(29.0, 8.0, n), rng.normal(59.0, 7.0, n))
    ef = np.clip(ef, 8.0, 80.0)
    edv = typical_lvedv(ef) * np.exp(rng.normal(0.0, 0.22, n))
    edv = np.clip(edv, 45.0, 400.0)
    edv = np.round(edv, 0)
    esv = np.round(edv * (1.0 - ef / 100.0), 0)
    sv = edv - esv
    ef = np.round(100.0 * sv / edv, 1)
    return EchoStates(ef, edv, esv, sv)


def _features(lvef: np.ndarray, lvedv: np.ndarray, lvesv: np.ndarray) -> np.ndarray:
    """Standardised echo features the teacher sees; EF dominates like it dominates an echo image."""
    lvef = np.asarray(lvef, dtype=np.float64)
    log_edv = np.log(np.asarray(lvedv, dtype=np.float64))
    log_esv = np.log(np.maximum(np.asarray(lvesv, dtype=np.float64), 1.0))
    return np.stack(
        [
            2.0 * (lvef - 55.0) / 12.0,
            1.2 * np.tanh((lvef - 40.0) / 8.0),
            (log_edv - np.log(125.0)) / 0.3,
            (log_esv - np.log(55.0)) / 0.5,
        ],
        axis=-1,
    )


class Teacher:
    """Fixed random embedding of echo states (seeded, so every run builds the same teacher)."""

    def __init__(self, seed: int = TEACHER_SEED, dim: int = EMBED_DIM, hidden: int = 96) -> None:
        rng = np.random.default_rng(seed)
        self.dim = dim
        self.w1 = rng.normal(0.0, 1.0, (4, hidden))
        self.b1 = rng.normal(0.0, 1.0, hidden)
        self.w2 = rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, dim))
        self.view_feature_noise = 0.25
        self.view_embed_noise = 0.35 / np.sqrt(dim)

    def _embed(self, feats: np.ndarray) -> np.ndarray:
        h = np.tanh(feats @ self.w1 * 0.6 + self.b1)
        e = h @ self.w2
        return e / np.linalg.norm(e, axis=-1, keepdims=True)

    def views(self, states: EchoStates, rng: np.random.Generator, n_views: int = N_VIEWS) -> np.ndarray:
        """[n, n_views, dim] normalised view embeddings (acquisition noise in features and in the embedding)."""
        f = _features(states.lvef, states.lvedv, states.lvesv)
        f = f[:, None, :] + rng.normal(0.0, self.view_feature_noise, (len(states), n_views, f.shape[-1]))
        e = self._embed(f)
        e = e + rng.normal(0.0, self.view_embed_noise, e.shape)
        return e / np.linalg.norm(e, axis=-1, keepdims=True)

    def gaussians(self, states: EchoStates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(mean [n, dim] L2-normalised, logvar [n, dim]) of each study's views."""
        v = self.views(states, rng)
        mu = v.mean(axis=1)
        mu = mu / np.linalg.norm(mu, axis=-1, keepdims=True)
        var = v.var(axis=1, ddof=1)
        return mu.astype(np.float32), np.log(np.maximum(var, 1e-12)).astype(np.float32)

    def prompt_embeddings(self, values: np.ndarray) -> np.ndarray:
        """Noise-free embeddings of typical echo states at the given LVEF values (the 'text prompts')."""
        values = np.asarray(values, dtype=np.float64)
        edv = typical_lvedv(values)
        esv = edv * (1.0 - values / 100.0)
        return self._embed(_features(values, edv, esv)).astype(np.float32)


def _lv_function_words(ef: float) -> str:
    if ef >= 70:
        return "hyperdynamic left ventricular systolic function"
    if ef >= 52:
        return "normal left ventricular systolic function"
    if ef >= 41:
        return "mildly reduced left ventricular systolic function"
    if ef >= 30:
        return "moderately reduced left ventricular systolic function"
    return "severely reduced left ventricular systolic function"


def _size_words(edv: float) -> str:
    if edv > 220:
        return "The left ventricle is severely dilated."
    if edv > 170:
        return "The left ventricle is moderately dilated."
    if edv > 150:
        return "The left ventricle is mildly dilated."
    return "Left ventricular cavity size is normal."


def write_report(ef: float, edv: float, esv: float, sv: float, rng: np.random.Generator) -> str:
    """A plausible transthoracic echo report summary built from the measurements (simulated)."""
    wall = ""
    if ef < 40:
        wall = str(rng.choice([
            " Global hypokinesis.",
            " Akinesis of the anterior wall and apex with global hypokinesis.",
            " Severe hypokinesis of the septum and inferior wall.",
            " Diffuse hypokinesis, worse in the anteroseptal segments.",
        ]))
    elif ef < 52:
        wall = str(rng.choice([" Mild global hypokinesis.", " Mild hypokinesis of the inferior wall."]))
    else:
        wall = " No regional wall motion abnormality."
    extra = str(rng.choice([
        "",
        " Mild mitral regurgitation.",
        " Trace tricuspid regurgitation.",
        " Normal right ventricular size and function.",
        " Grade I diastolic dysfunction.",
    ]))
    if ef < 35:
        extra += str(rng.choice(["", " Moderate functional mitral regurgitation.", " Mildly reduced RV function."]))
    return (
        f"SIMULATED STUDY - not a real patient. Not for clinical use. Transthoracic echocardiogram. "
        f"{_size_words(edv)} There is {_lv_function_words(ef)}, biplane LVEF {ef} %.{wall}{extra} "
        f"LVEDV {int(edv)} mL, LVESV {int(esv)} mL, LVSV {int(sv)} mL."
    )
