"""Vectorcardiographic 12-lead ECG synthesis.

Each beat is a 3-D cardiac dipole: P, QRS and T loops built from Gaussian-shaped dipole components
(a direction in Frank XYZ - x left, y inferior (feet), z posterior (back) - times a Gaussian in time), so the
dipole traces a loop in space. The dipole is projected onto I, II, V1-V6 with Dower's VCG-to-12-lead
transform (Dower et al., J Electrocardiol 1980) and III, aVR, aVL, aVF are derived with Einthoven/Goldberger.

The ECG parameters of a subject depend on its echo state the way the literature reports (reduced EF makes
LBBB, wide QRS, tachycardia, low voltage, pathological Q waves and T inversion more likely) but with heavy
overlap: the dependence goes through a smooth "risk" of the EF and every parameter has its own spread.
The simulator's difficulty is fixed by the constants below (set BEFORE training the student).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

FS = 500
DURATION_S = 10.0
N_SAMPLES = int(FS * DURATION_S)
#: Lead order of the files the simulator writes (the usual printed order).
LEADS_STANDARD = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")

#: Dower transform: rows I, II, V1..V6; columns Frank X, Y, Z.
DOWER = np.array([
    [0.632, -0.235, 0.059],
    [0.235, 1.066, -0.132],
    [-0.515, 0.157, -0.917],
    [0.044, 0.164, -1.387],
    [0.882, 0.098, -1.277],
    [1.213, 0.127, -0.601],
    [1.125, 0.127, -0.086],
    [0.831, 0.076, 0.230],
])


def _unit(*v: float) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    return a / np.linalg.norm(a)


P_DIR = _unit(0.5, 0.8, -0.15)
SEPTAL = _unit(-0.45, 0.3, -0.85)
MAIN = _unit(0.75, 0.55, 0.35)
TERMINAL = _unit(-0.3, -0.45, 0.85)
T_DIR = _unit(0.65, 0.55, -0.5)
LBBB_1 = _unit(0.35, 0.05, 0.95)
LBBB_2 = _unit(0.85, 0.2, 0.5)
LBBB_T = _unit(-0.6, -0.25, -0.6)
Q_ANTERIOR = _unit(0.05, 0.0, 1.0)
Q_INFERIOR = _unit(0.1, -1.0, 0.1)


@dataclass
class EcgParams:
    """Per-subject ECG parameters (arrays of length n). The first six are the 'true ECG parameters' that the
    ceiling model sees; the rest are nuisance variation independent of the echo state."""

    hr: np.ndarray  # beats per minute
    qrs_ms: np.ndarray
    lbbb: np.ndarray  # 0/1
    log_voltage: np.ndarray  # log of the QRS amplitude factor
    q_wave: np.ndarray  # 0/1 pathological Q waves
    t_inversion: np.ndarray  # 0/1
    q_inferior: np.ndarray  # 0/1: inferior rather than anterior Q waves
    pr_ms: np.ndarray
    qtc_ms: np.ndarray
    rot: np.ndarray  # [n, 3] axis rotation angles (rad) about x, y, z
    p_amp: np.ndarray
    t_amp: np.ndarray
    rr_sd: np.ndarray

    def subset(self, idx: np.ndarray) -> "EcgParams":
        return EcgParams(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})

    def ceiling_features(self) -> np.ndarray:
        """[n, 6] the true ECG parameters that carry echo information (for the ceiling logistic model)."""
        return np.stack([self.hr, self.qrs_ms, self.lbbb, self.log_voltage, self.q_wave, self.t_inversion], 1)


def ef_risk(lvef: np.ndarray) -> np.ndarray:
    """Smooth 0..1 'how reduced' score of the EF that drives the ECG changes."""
    return 1.0 / (1.0 + np.exp((np.asarray(lvef, dtype=np.float64) - 40.0) / 6.0))


def sample_ecg_params(rng: np.random.Generator, lvef: np.ndarray) -> EcgParams:
    """ECG parameters given the echo state (heavy overlap by design)."""
    n = lvef.shape[0]
    r = ef_risk(lvef)
    lbbb = (rng.random(n) < 0.03 + 0.17 * r).astype(np.float64)
    hr = np.clip(68.0 + 12.0 * r + rng.normal(0.0, 11.0, n), 42.0, 135.0)
    qrs = 92.0 + 11.0 * r + rng.normal(0.0, 10.0, n)
    qrs = np.where(lbbb > 0, 142.0 + 6.0 * r + rng.normal(0.0, 12.0, n), qrs)
    qrs = np.clip(qrs, 66.0, 190.0)
    log_v = -0.3 * r + rng.normal(0.0, 0.25, n)
    q_wave = (rng.random(n) < 0.05 + 0.26 * r).astype(np.float64)
    t_inv = ((rng.random(n) < 0.06 + 0.26 * r) & (lbbb == 0)).astype(np.float64)
    return EcgParams(
        hr=hr,
        qrs_ms=qrs,
        lbbb=lbbb,
        log_voltage=log_v,
        q_wave=q_wave,
        t_inversion=t_inv,
        q_inferior=(rng.random(n) < 0.4).astype(np.float64),
        pr_ms=np.clip(rng.normal(160.0, 22.0, n), 110.0, 240.0),
        qtc_ms=rng.normal(415.0, 20.0, n) + 25.0 * lbbb,
        rot=rng.normal(0.0, 0.25, (n, 3)),
        p_amp=np.clip(rng.normal(0.14, 0.035, n), 0.05, 0.3),
        t_amp=np.clip(rng.normal(0.38, 0.1, n), 0.12, 0.8),
        rr_sd=np.clip(rng.normal(0.035, 0.015, n), 0.005, 0.09),
    )


def _rotation(angles: np.ndarray) -> np.ndarray:
    ax, ay, az = angles
    rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    ry = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    return rz @ ry @ rx


def _components(p: EcgParams, i: int) -> list[tuple[float, float, np.ndarray]]:
    """Dipole components of one beat as (centre offset from QRS onset s, width s, vector mV)."""
    q = p.qrs_ms[i] / 1000.0
    volt = float(np.exp(p.log_voltage[i]))
    comps: list[tuple[float, float, np.ndarray]] = []
    pr = p.pr_ms[i] / 1000.0
    comps.append((-pr + 0.05, 0.022, P_DIR * p.p_amp[i]))
    if p.lbbb[i] > 0:
        comps += [
            (0.3 * q, 0.13 * q, LBBB_1 * 1.1 * volt),
            (0.66 * q, 0.15 * q, LBBB_2 * 1.5 * volt),
        ]
        t_vec = LBBB_T * p.t_amp[i] * 1.2
    else:
        comps += [
            (0.16 * q, 0.08 * q, SEPTAL * 0.25 * volt),
            (0.45 * q, 0.12 * q, MAIN * 1.55 * volt),
            (0.74 * q, 0.1 * q, TERMINAL * 0.55 * volt),
        ]
        t_vec = T_DIR * p.t_amp[i]
        if p.t_inversion[i] > 0:
            t_vec = -0.9 * t_vec
    if p.q_wave[i] > 0:
        qdir = Q_INFERIOR if p.q_inferior[i] > 0 else Q_ANTERIOR
        comps.append((0.14 * q, 0.09 * q, qdir * 0.55 * volt))
    rr = 60.0 / p.hr[i]
    qt = p.qtc_ms[i] / 1000.0 * np.sqrt(rr)
    comps.append((0.72 * qt, 0.16 * qt, t_vec * np.sqrt(volt)))
    comps.append((0.86 * qt, 0.09 * qt, t_vec * 0.5 * np.sqrt(volt)))
    return comps


def synthesize_vcg(p: EcgParams, i: int, rng: np.random.Generator) -> np.ndarray:
    """[3, N_SAMPLES] dipole (mV) of subject i: beats with RR, amplitude and respiratory axis variability."""
    t = np.arange(N_SAMPLES) / FS
    rr_mean = 60.0 / p.hr[i]
    resp_f = rng.uniform(0.2, 0.33)
    resp_phase = rng.uniform(0, 2 * np.pi)
    onsets = []
    tq = -rng.uniform(0.0, rr_mean) + 0.25
    while tq < DURATION_S + 0.5:
        onsets.append(tq)
        rsa = 0.03 * np.sin(2 * np.pi * resp_f * tq + resp_phase)
        tq += rr_mean * (1.0 + rsa + rng.normal(0.0, p.rr_sd[i]))
    base = _components(p, i)
    rot = _rotation(p.rot[i])
    centres, widths, vecs = [], [], []
    for tq in onsets:
        amp = rng.normal(1.0, 0.04)
        wob = _rotation(np.array([0.0, 0.0, 0.06 * np.sin(2 * np.pi * resp_f * tq + resp_phase)]))
        for off, w, v in base:
            centres.append(tq + off)
            widths.append(w)
            vecs.append(amp * (wob @ (rot @ v)))
    # each Gaussian only where it is non-negligible (+-5 widths): 20x cheaper than the full time grid
    out = np.zeros((3, N_SAMPLES))
    for c, w, v in zip(centres, widths, vecs):
        a = max(0, int((c - 5 * w) * FS))
        b = min(N_SAMPLES, int((c + 5 * w) * FS) + 2)
        if a >= b:
            continue
        g = np.exp(-0.5 * ((t[a:b] - c) / w) ** 2)
        out[:, a:b] += v[:, None] * g[None, :]
    return out


def vcg_to_12(vcg: np.ndarray) -> np.ndarray:
    """[12, N] leads in LEADS_STANDARD order (mV) from a [3, N] Frank dipole."""
    eight = DOWER @ vcg
    i, ii = eight[0], eight[1]
    iii = ii - i
    avr = -(i + ii) / 2.0
    avl = i - ii / 2.0
    avf = ii - i / 2.0
    return np.vstack([i, ii, iii, avr, avl, avf, eight[2:]])


def synthesize_12lead(p: EcgParams, i: int, rng: np.random.Generator) -> np.ndarray:
    """Clean [12, 5000] ECG in mV (500 Hz, 10 s, LEADS_STANDARD order) with a little physiological noise."""
    x = vcg_to_12(synthesize_vcg(p, i, rng))
    return x + rng.normal(0.0, 0.008, x.shape)
