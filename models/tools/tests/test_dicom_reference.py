"""The committed pydicom reference values for the DICOM ECG fixtures are reproducible and self-consistent."""
import importlib.util
import json
import unittest
from pathlib import Path

import numpy as np
import pydicom
from pydicom.waveforms.numpy_handler import multiplex_array

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "models" / "tools" / "fixtures" / "dicom_reference.py"
FIXTURES = ROOT / "tests" / "fixtures" / "ecg" / "dicom"


def _load_script():
    spec = importlib.util.spec_from_file_location("dicom_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class DicomReferenceTest(unittest.TestCase):
    def test_committed_json_matches_a_fresh_run(self):
        ref = _load_script()
        for dcm in sorted(FIXTURES.glob("*.dcm")):
            committed = json.loads(dcm.with_suffix(".pydicom.json").read_text())
            fresh = ref.reference(dcm)
            self.assertEqual(json.dumps(committed, sort_keys=True), json.dumps(fresh, sort_keys=True), dcm.name)

    def test_values_are_raw_times_sensitivity_in_microvolts(self):
        # The GE file stores mV units: reference values must be raw x sensitivity x 1000.
        dcm = FIXTURES / "gemarquette_hemodynamic_test_ecg.dcm"
        ds = pydicom.dcmread(str(dcm))
        raw = multiplex_array(ds, 0, as_raw=True)
        committed = json.loads(dcm.with_suffix(".pydicom.json").read_text())
        ch = committed["groups"][0]["channels"][0]
        sens = float(ds.WaveformSequence[0].ChannelDefinitionSequence[0].ChannelSensitivity)
        expected = raw[ch["indices"], 0].astype(np.float64) * sens * 1000.0  # mV -> uV
        np.testing.assert_allclose(ch["valuesUv"], expected, rtol=1e-12)


if __name__ == "__main__":
    unittest.main()
