"""The committed reference pack and its fixtures: manifest per PACK-FORMAT.md, hashes, library, heads."""
import json
import shutil
import tempfile
import unittest
from pathlib import Path

import _paths
import numpy as np

from _onnx_eval import run as run_onnx
from echoingecg import heads as H
from echoingecg.model import SMALL, EchoingStudent, StudentConfig
from echoingecg.pack import KnnHead, PackInfo, Uncertainty, uncertainty_reference, verify_pack, write_pack

PACK = _paths.ROOT / "models/reference"
FIX = _paths.ROOT / "tests/fixtures/model"
TOP_KEYS = {"schemaVersion", "id", "name", "version", "licence", "clinicalUse", "clinicalUseStatement", "trainedOn",
            "architecture", "files", "input", "outputs", "heads", "intervals", "uncertainty", "library",
            "matchCalibration"}


def f32(path: Path) -> np.ndarray:
    return np.fromfile(path, dtype="<f4")


class ReferencePack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = verify_pack(PACK)

    def test_manifest_shape(self):
        m = self.m
        self.assertTrue(set(m).issubset(TOP_KEYS))
        self.assertEqual(m["schemaVersion"], 1)
        self.assertFalse(m["clinicalUse"])
        self.assertIn("Not for clinical use", m["clinicalUseStatement"])
        self.assertEqual(m["input"]["leads"][4:6], ["aVF", "aVL"])
        self.assertEqual(m["outputs"]["stepLogvar"], {"name": "step_logvar", "dims": [63, 512], "stepS": 0.16})
        self.assertEqual(len(m["uncertainty"]["quantiles"]), 101)
        self.assertTrue(np.all(np.diff(m["uncertainty"]["quantiles"]) >= 0))
        self.assertEqual({f["path"] for f in m["files"]},
                         {"model.onnx", "library.json", "library.bin", "prompts.bin"})
        self.assertLess(sum(f["bytes"] for f in m["files"]), 8e6)
        arch = m["architecture"]
        cfg = StudentConfig(blocks=tuple(arch["blocks"]), stem_width=arch["stemWidth"], widths=tuple(arch["widths"]))
        student = EchoingStudent(cfg)
        trainable = sum(p.numel() for p in student.parameters() if p.requires_grad)
        self.assertEqual(arch["parameters"], trainable)

    def test_library_and_prompts(self):
        studies = json.loads((PACK / "library.json").read_text())["studies"]
        self.assertEqual(len(studies), self.m["library"]["count"])
        self.assertTrue(200 <= len(studies) <= 400)
        emb = f32(PACK / "library.bin").reshape(len(studies), 1024)
        np.testing.assert_allclose(np.linalg.norm(emb[:, :512], axis=1), 1.0, atol=1e-5)
        for s in studies:
            mm = s["measurements"]
            self.assertEqual(mm["lvsv"], mm["lvedv"] - mm["lvesv"])
            self.assertLessEqual(abs(mm["lvef"] - 100 * mm["lvsv"] / mm["lvedv"]), 0.5)
            self.assertIn(f"LVEF {mm['lvef']} %", s["report"])
            self.assertIn(f"LVEDV {mm['lvedv']} mL", s["report"])
            self.assertIn("Not for clinical use", s["report"])
        prompt = next(h for h in self.m["heads"] if h["kind"] == "prompt-regression")
        p = f32(PACK / prompt["file"]).reshape(len(prompt["values"]), 512)
        np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)

    def test_tampered_or_missing_files_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "p"
            shutil.copytree(PACK, copy)
            with open(copy / "library.bin", "r+b") as f:
                f.seek(100)
                f.write(b"\x00\x01")
            with self.assertRaisesRegex(ValueError, "library.bin"):
                verify_pack(copy)
            (copy / "prompts.bin").unlink()
            with self.assertRaisesRegex(ValueError, "missing"):
                verify_pack(copy)


class ModelFixtures(unittest.TestCase):
    def test_fixtures_belong_to_the_committed_pack(self):
        index = json.loads((FIX / "index.json").read_text())
        m = verify_pack(PACK)
        self.assertEqual(index["pack"]["id"], m["id"])
        self.assertEqual(index["pack"]["modelSha256"], next(f["sha256"] for f in m["files"] if f["path"] == "model.onnx"))
        n = index["inputs"]["shape"][0]
        self.assertEqual(index["inputs"]["shape"], [n, 12, 1000])
        self.assertEqual(index["outputs"]["step_logvar"]["shape"], [n, 63, 512])
        for k in ("mean", "logvar", "step_logvar"):
            self.assertEqual(f32(FIX / index["outputs"][k]["file"]).size, int(np.prod(index["outputs"][k]["shape"])))

    def test_committed_onnx_reproduces_the_fixture_outputs(self):
        import onnx
        index = json.loads((FIX / "index.json").read_text())
        x = f32(FIX / "inputs.f32.bin").reshape(index["inputs"]["shape"])
        got = run_onnx(onnx.load(str(PACK / "model.onnx")), {"ecg": x})
        for g, k in zip(got, ("mean", "logvar", "step_logvar")):
            want = f32(FIX / index["outputs"][k]["file"]).reshape(index["outputs"][k]["shape"])
            np.testing.assert_allclose(g, want, rtol=0, atol=index["tolerance"])

    def test_expected_head_values_follow_from_the_outputs(self):
        index = json.loads((FIX / "index.json").read_text())
        m = verify_pack(PACK)
        mean = f32(FIX / "mean.f32.bin").reshape(-1, 512)
        logvar = f32(FIX / "logvar.f32.bin").reshape(-1, 512)
        np.testing.assert_allclose(index["expected"]["uncertaintyScore"], np.exp(logvar.astype(float)).mean(1))
        logistic = next(h for h in m["heads"] if h["kind"] == "logistic")
        np.testing.assert_allclose(index["expected"]["heads"][logistic["id"]]["probability"],
                                   1 / (1 + np.exp(-(mean.astype(float) @ logistic["weights"] + logistic["bias"]))))
        knn = index["expected"]["heads"]["lvef-knn"]
        self.assertEqual(len(knn["neighbours"][0]), 10)


class Writer(unittest.TestCase):
    def test_rejects_inconsistent_inputs(self):
        student = EchoingStudent(SMALL)
        unc = uncertainty_reference(np.random.default_rng(0).normal(-3, 0.1, (20, 512)), "test")
        info = PackInfo("t", "t", "0", "l", False, "Not for clinical use", "nothing")
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(ValueError, "library"):
                write_pack(tmp, student=student, scaler_mean=[0] * 12, scaler_scale=[1] * 12, info=info,
                           heads=[KnnHead("k", "k", "%")], uncertainty=unc)
            with self.assertRaisesRegex(ValueError, "one entry per lead"):
                write_pack(tmp, student=student, scaler_mean=[0] * 11, scaler_scale=[1] * 12, info=info,
                           heads=[], uncertainty=unc)
            with self.assertRaisesRegex(ValueError, "quantiles"):
                write_pack(tmp, student=student, scaler_mean=[0] * 12, scaler_scale=[1] * 12, info=info,
                           heads=[], uncertainty=Uncertainty(list(range(100, -1, -1)), "x"))
            bad = PackInfo("Bad_ID", "t", "0", "l", False, "s", "t")
            with self.assertRaisesRegex(ValueError, "pack id"):
                write_pack(tmp, student=student, scaler_mean=[0] * 12, scaler_scale=[1] * 12, info=bad,
                           heads=[], uncertainty=unc)

    def test_uncertainty_reference_quantiles(self):
        lv = np.log(np.arange(1, 102, dtype=float))[:, None].repeat(4, 1)
        u = uncertainty_reference(lv, "ramp")
        np.testing.assert_allclose(u.quantiles, np.arange(1, 102), rtol=1e-12)

    def test_head_rules(self):
        self.assertEqual(H.top_count(0.2, 101), 20)
        prompts = np.eye(4)
        est = H.prompt_regression(np.array([[1.0, 0.9, 0.0, -1.0]]), prompts, [10, 20, 30, 40], 0.5)
        self.assertEqual(float(est[0]), 15.0)
        d = H.csd(np.zeros((1, 2)), np.zeros((1, 2)), np.array([[3.0, 4.0]]), np.log(np.full((1, 2), 2.0)))
        self.assertAlmostEqual(float(d[0, 0]), 25 + 2 + 4)
        self.assertEqual(H.auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75)


if __name__ == "__main__":
    unittest.main()
