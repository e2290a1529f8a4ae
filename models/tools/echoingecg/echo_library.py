"""Echo studies written for the purpose: a plausible joint distribution of LVEF / LVEDV / LVESV / LVSV and report
text that states them consistently. Every report is marked as simulated and not for clinical use."""
from __future__ import annotations

import numpy as np

REPORT_BANNER = "[Simulated echocardiogram report written for software testing. Not for clinical use.]"

_INDICATIONS = ["Dyspnoea on exertion.", "Assessment of left ventricular function.", "Palpitations.",
                "Pre-operative assessment.", "Follow-up of known cardiomyopathy.", "Chest pain.",
                "Abnormal ECG.", "Peripheral oedema.", "Syncope."]
_RWMA = ["global hypokinesis", "akinesis of the mid and apical anterior wall and apex",
         "hypokinesis of the inferior and inferolateral walls", "septal dyskinesis with otherwise global hypokinesis"]
_VALVES = ["No significant valve disease.", "Mild mitral regurgitation.", "Trivial tricuspid regurgitation.",
           "Mild aortic valve sclerosis without stenosis.", "Moderate functional mitral regurgitation."]


def sample_echo_state(rng: np.random.Generator) -> dict:
    """One study's measurements (integers; lvef recomputed from the rounded volumes so text and numbers agree)."""
    if rng.random() < 0.25:  # a realistic minority with reduced function
        ef = float(np.clip(rng.normal(32, 9), 10, 52))
    else:
        ef = float(np.clip(rng.normal(59, 7), 38, 78))
    edv = float(np.clip(rng.normal(105, 22) + 2.4 * max(0.0, 55 - ef) + rng.normal(0, 10), 55, 360))
    edv_i = int(round(edv))
    esv_i = int(round(edv_i * (1 - ef / 100)))
    sv_i = edv_i - esv_i
    return {"lvef": int(round(100 * sv_i / edv_i)), "lvedv": edv_i, "lvesv": esv_i, "lvsv": sv_i}


def _size(edv: int) -> str:
    if edv < 150:
        return "normal in size"
    if edv < 200:
        return "mildly dilated"
    return "moderately dilated" if edv < 250 else "severely dilated"


def _function(ef: int) -> str:
    if ef >= 53:
        return "normal systolic function"
    if ef >= 41:
        return "mildly reduced systolic function"
    return "moderately reduced systolic function" if ef >= 30 else "severely reduced systolic function"


def write_report(m: dict, rng: np.random.Generator) -> str:
    """Report text for measurements m (as from sample_echo_state)."""
    ef = m["lvef"]
    wall = ("no regional wall motion abnormality" if ef >= 50 else str(rng.choice(_RWMA)))
    rv = "normal size and function" if ef >= 35 or rng.random() < 0.6 else "mildly reduced function (TAPSE 15 mm)"
    la = "normal" if m["lvedv"] < 160 and rng.random() < 0.8 else "mildly dilated"
    parts = [
        REPORT_BANNER,
        "Transthoracic echocardiogram. Indication: " + str(rng.choice(_INDICATIONS)),
        f"Left ventricle: {_size(m['lvedv'])}, with {_function(ef)} and {wall}.",
        f"LVEF {ef} % (biplane Simpson). LVEDV {m['lvedv']} mL, LVESV {m['lvesv']} mL, "
        f"stroke volume {m['lvsv']} mL.",
        f"Right ventricle: {rv}. Left atrium: {la}.",
        str(rng.choice(_VALVES)) + " No pericardial effusion.",
    ]
    if ef < 40:
        parts.append("Conclusion: reduced left ventricular ejection fraction.")
    else:
        parts.append("Conclusion: " + ("preserved" if ef >= 50 else "mildly reduced")
                     + " left ventricular ejection fraction.")
    return "\n".join(parts)


def ecg_params_for(m: dict, rng: np.random.Generator) -> dict:
    """A weak, overlapping link from the echo state to synthetic-ECG parameters (for synth_ecg): lower LVEF
    tends to a faster rate, a wider QRS and lower voltage. Never certain."""
    d = 55 - m["lvef"]
    return {"hr_bpm": float(np.clip(70 + 0.5 * d + rng.normal(0, 11), 42, 150)),
            "qrs_width_s": float(np.clip(0.024 + 0.0004 * d + rng.normal(0, 0.005), 0.014, 0.06)),
            "amplitude": float(np.clip(1.0 - 0.008 * d + rng.normal(0, 0.2), 0.3, 1.9))}
