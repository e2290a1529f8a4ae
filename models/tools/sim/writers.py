"""Writers for simulated ECGs in formats the app reads: DICOM 12-lead waveform, WFDB (format 16) and CSV.

Input everywhere: [12, N] in millivolts, LEADS_STANDARD order, at `fs` Hz.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from .ecg import LEADS_STANDARD

#: SCP-ECG lead codes (DICOM CID 3001) for the channel source of each lead.
SCPECG_CODES = {"I": "5.6.3-9-1", "II": "5.6.3-9-2", "V1": "5.6.3-9-3", "V2": "5.6.3-9-4", "V3": "5.6.3-9-5",
                "V4": "5.6.3-9-6", "V5": "5.6.3-9-7", "V6": "5.6.3-9-8", "III": "5.6.3-9-61",
                "aVR": "5.6.3-9-62", "aVL": "5.6.3-9-63", "aVF": "5.6.3-9-64"}
TWELVE_LEAD_SOP = "1.2.840.10008.5.1.4.1.1.9.1.1"
DICOM_UV_PER_LSB = 2.5
WFDB_ADU_PER_MV = 1000


def _uid(root_seed: int, *parts: int) -> str:
    # A deterministic UID under the 2.25 (UUID-derived) root, so reruns write identical files.
    val = int.from_bytes(np.random.default_rng([root_seed, *parts]).bytes(15), "big")
    return f"2.25.{val}"


def write_dicom(path: Path, x_mv: np.ndarray, fs: int, *, patient_id: str, accession: str, when: dt.datetime,
                seed: int, index: int) -> None:
    """12-Lead ECG Waveform Storage object: one RHYTHM multiplex group, int16 samples, sensitivity in uV."""
    import pydicom  # noqa: PLC0415
    from pydicom.dataset import Dataset, FileMetaDataset  # noqa: PLC0415
    from pydicom.sequence import Sequence  # noqa: PLC0415
    from pydicom.uid import ExplicitVRLittleEndian  # noqa: PLC0415

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = TWELVE_LEAD_SOP
    meta.MediaStorageSOPInstanceUID = _uid(seed, index, 1)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "2.25.329800735698586629295641978511506172918"
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = TWELVE_LEAD_SOP
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = _uid(seed, index, 2)
    ds.SeriesInstanceUID = _uid(seed, index, 3)
    ds.Modality = "ECG"
    ds.Manufacturer = "EchoingECG simulator (SIMULATED, not a real patient)"
    ds.PatientName = f"SIMULATED^{patient_id}"
    ds.PatientID = patient_id
    ds.AccessionNumber = accession
    ds.StudyDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.AcquisitionDateTime = when.strftime("%Y%m%d%H%M%S")
    raw = np.clip(np.round(x_mv * 1000.0 / DICOM_UV_PER_LSB), -32768, 32767).astype("<i2")
    wf = Dataset()
    wf.MultiplexGroupLabel = "RHYTHM"
    wf.WaveformOriginality = "ORIGINAL"
    wf.NumberOfWaveformChannels = raw.shape[0]
    wf.NumberOfWaveformSamples = raw.shape[1]
    wf.SamplingFrequency = fs
    chans = []
    for lead in LEADS_STANDARD:
        src = Dataset()
        src.CodeValue = SCPECG_CODES[lead]
        src.CodingSchemeDesignator = "SCPECG"
        src.CodingSchemeVersion = "1.3"
        src.CodeMeaning = f"Lead {lead}"
        unit = Dataset()
        unit.CodeValue = "uV"
        unit.CodingSchemeDesignator = "UCUM"
        unit.CodeMeaning = "microvolt"
        ch = Dataset()
        ch.ChannelSourceSequence = Sequence([src])
        ch.ChannelSensitivity = str(DICOM_UV_PER_LSB)
        ch.ChannelSensitivityUnitsSequence = Sequence([unit])
        ch.ChannelSensitivityCorrectionFactor = "1"
        ch.ChannelBaseline = "0"
        ch.ChannelSampleSkew = "0"
        ch.WaveformBitsStored = 16
        ch.FilterLowFrequency = "0.05"
        ch.FilterHighFrequency = "150"
        chans.append(ch)
    wf.ChannelDefinitionSequence = Sequence(chans)
    wf.WaveformBitsAllocated = 16
    wf.WaveformSampleInterpretation = "SS"
    wf.WaveformData = raw.T.tobytes()  # interleaved: all channels of sample 0, then sample 1, ...
    ds.WaveformSequence = Sequence([wf])
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    pydicom.dcmwrite(str(path), ds, write_like_original=False)


def write_wfdb(stem: Path, x_mv: np.ndarray, fs: int) -> None:
    """<stem>.hea + <stem>.dat (format 16, 1000 adu/mV, baseline 0), one line per lead."""
    raw = np.clip(np.round(x_mv * WFDB_ADU_PER_MV), -32768, 32767).astype("<i2")
    name = stem.name
    (stem.parent / f"{name}.dat").write_bytes(raw.T.tobytes())
    lines = [f"{name} {raw.shape[0]} {fs} {raw.shape[1]}"]
    for lead, sig in zip(LEADS_STANDARD, raw):
        checksum = int(sig.astype(np.int64).sum()) & 0xFFFF
        checksum = checksum - 0x10000 if checksum >= 0x8000 else checksum
        lines.append(f"{name}.dat 16 {WFDB_ADU_PER_MV}(0)/mV 16 0 {int(sig[0])} {checksum} 0 {lead}")
    lines.append("# SIMULATED ECG (EchoingECG simulator) - not a real patient")
    (stem.parent / f"{name}.hea").write_text("\n".join(lines) + "\n")


def write_csv(path: Path, x_mv: np.ndarray, fs: int) -> None:
    """Header 'time (s),I (mV),...' then one row per sample (mV, 4 decimals)."""
    t = np.arange(x_mv.shape[1]) / fs
    header = "time (s)," + ",".join(f"{lead} (mV)" for lead in LEADS_STANDARD)
    rows = np.column_stack([t, x_mv.T])
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        np.savetxt(f, rows, fmt=["%.3f"] + ["%.4f"] * x_mv.shape[0], delimiter=",")
