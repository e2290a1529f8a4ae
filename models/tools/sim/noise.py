"""Acquisition noise localised in time and leads, returned with its ground truth.

Kinds: baseline wander, muscle (EMG) noise, mains hum, electrode motion and lead-off segments. Each event
hits the leads that share one electrode (or a chest lead) during one interval; the list of events
(kind, start_s, end_s, leads) is the ground truth that behaviour tests compare the model's per-step
variance with.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ecg import FS, LEADS_STANDARD

KINDS = ("baseline_wander", "muscle", "mains", "electrode_motion", "lead_off")

#: Leads whose signal contains each electrode (limb electrodes feed the limb leads; chest electrodes one lead).
ELECTRODE_LEADS = {
    "RA": ("I", "II", "aVR", "aVL", "aVF"),
    "LA": ("I", "III", "aVR", "aVL", "aVF"),
    "LL": ("II", "III", "aVR", "aVL", "aVF"),
    **{f"V{k}": (f"V{k}",) for k in range(1, 7)},
}


@dataclass
class NoiseEvent:
    """One noise segment: its kind, interval in seconds and the leads it touches."""

    kind: str
    start_s: float
    end_s: float
    leads: tuple[str, ...]

    def to_json(self) -> dict:
        return {"kind": self.kind, "startS": round(self.start_s, 3), "endS": round(self.end_s, 3),
                "leads": list(self.leads)}


def _taper(n: int, edge: int) -> np.ndarray:
    w = np.ones(n)
    edge = max(1, min(edge, n // 2))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, edge))
    w[:edge] = ramp
    w[n - edge:] = ramp[::-1]
    return w


def _pick_leads(rng: np.random.Generator, chest_or_limb: str | None = None) -> tuple[str, ...]:
    """Leads of one or two random electrodes."""
    names = list(ELECTRODE_LEADS)
    if chest_or_limb == "limb":
        names = names[:3]
    picks = rng.choice(names, size=int(rng.integers(1, 3)), replace=False)
    leads: set[str] = set()
    for e in picks:
        leads.update(ELECTRODE_LEADS[str(e)])
    return tuple(sorted(leads, key=LEADS_STANDARD.index))


def make_event(rng: np.random.Generator, kind: str | None = None, duration_s: tuple[float, float] = (0.8, 4.0),
               total_s: float = 10.0) -> NoiseEvent:
    """A random event of the given (or a random) kind."""
    kind = kind or str(rng.choice(KINDS, p=[0.2, 0.3, 0.1, 0.28, 0.12]))
    dur = float(rng.uniform(*duration_s))
    start = float(rng.uniform(0.0, total_s - dur))
    leads = _pick_leads(rng, "limb" if kind == "mains" else None)
    if kind == "mains" and rng.random() < 0.5:
        leads = LEADS_STANDARD
    return NoiseEvent(kind, start, start + dur, leads)


def render_event(ev: NoiseEvent, n_samples: int, rng: np.random.Generator, strength: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(additive noise [n_leads_hit, len], sample slice) for an event; lead_off is handled in apply_events."""
    a, b = int(ev.start_s * FS), min(n_samples, int(ev.end_s * FS))
    n = b - a
    t = np.arange(n) / FS
    k = len(ev.leads)
    taper = _taper(n, int(0.08 * FS))
    if ev.kind == "baseline_wander":
        f = rng.uniform(0.15, 0.7, (k, 1))
        amp = rng.uniform(0.4, 1.2, (k, 1)) * strength
        sig = amp * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi, (k, 1)))
    elif ev.kind == "muscle":
        white = rng.normal(0.0, 1.0, (k, n))
        kern = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
        sig = np.apply_along_axis(lambda r: np.convolve(r, kern / kern.sum(), "same"), 1, white)
        sig = sig / (sig.std() + 1e-9) * rng.uniform(0.08, 0.3) * strength
    elif ev.kind == "mains":
        f = 50.0 if rng.random() < 0.5 else 60.0
        sig = rng.uniform(0.05, 0.4, (k, 1)) * strength * np.sin(2 * np.pi * f * t + rng.uniform(0, 6.3, (k, 1)))
    elif ev.kind == "electrode_motion":
        sig = np.zeros((k, n))
        common = np.zeros(n)
        for _ in range(int(rng.integers(2, 7))):
            c = rng.uniform(0, n / FS)
            w = rng.uniform(0.04, 0.25)
            common += rng.normal(0.0, 1.2) * strength * np.exp(-0.5 * ((t - c) / w) ** 2)
        jitter = rng.normal(0.0, 0.05, (k, n)).cumsum(axis=1) * 0.1 * strength
        sig = common[None, :] * rng.uniform(0.5, 1.2, (k, 1)) + jitter
    else:
        sig = np.zeros((k, n))
    return sig * taper[None, :], np.s_[a:b]


def apply_events(x: np.ndarray, events: list[NoiseEvent], rng: np.random.Generator, strength: float = 1.0) -> np.ndarray:
    """Copy of a [12, N] ECG (LEADS_STANDARD order, mV) with the events added."""
    y = np.array(x, dtype=np.float64, copy=True)
    for ev in events:
        rows = [LEADS_STANDARD.index(lead) for lead in ev.leads]
        if ev.kind == "lead_off":
            a, b = int(ev.start_s * FS), min(y.shape[1], int(ev.end_s * FS))
            # a detached electrode: the lead drifts to a flat, slightly noisy level with a step at each edge
            level = rng.normal(0.0, 0.6, (len(rows), 1)) * strength
            y[rows, a:b] = level + rng.normal(0.0, 0.01, (len(rows), b - a))
            continue
        sig, sl = render_event(ev, y.shape[1], rng, strength)
        y[rows, sl] += sig
    return y


def random_events(rng: np.random.Generator, max_events: int = 3) -> list[NoiseEvent]:
    """Between 1 and max_events random events."""
    return [make_event(rng) for _ in range(int(rng.integers(1, max_events + 1)))]
