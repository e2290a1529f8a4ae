"""ONNX export (graph contract, frozen pooling constants, fp16 storage) and the checkpoint exporter CLI."""
import contextlib
import io
import json
import pickle
import tempfile
import unittest
from pathlib import Path

import _paths  # noqa: F401
import joblib
import numpy as np
import onnx
import torch
from onnx import numpy_helper

import export_echoingecg
from echoingecg.checkpoint import CheckpointError, load_scaler, random_published_state
from echoingecg.model import SMALL, EchoingStudent, FrozenPoolingStudent
from echoingecg.onnx_export import check_graph, export_onnx
from echoingecg.pack import verify_pack
from make_random_checkpoint import make_scaler
from _onnx_eval import run as run_onnx


def _constants(model: onnx.ModelProto) -> list[np.ndarray]:
    arrays = [numpy_helper.to_array(i) for i in model.graph.initializer]
    for n in model.graph.node:
        if n.op_type == "Constant":
            arrays += [numpy_helper.to_array(a.t) for a in n.attribute if a.name == "value"]
    return arrays


class OnnxExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(4)
        cls.student = EchoingStudent(SMALL).eval()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.model = export_onnx(cls.student, Path(cls.tmp.name) / "m.onnx")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_contract(self):
        dims = check_graph(self.model)
        self.assertEqual(dims["ecg"], ["batch", 12, 1000])
        self.assertEqual(dims["step_logvar"], ["batch", 63, 512])
        self.assertEqual(self.model.opset_import[0].version, 17)
        self.assertFalse(any(n.op_type == "GRU" for n in self.model.graph.node))

    def test_frozen_pooling_weights_are_graph_constants(self):
        frozen = FrozenPoolingStudent(self.student)
        consts = [c.ravel() for c in _constants(self.model) if c.size == 63]
        for w in (frozen.mean_weights.numpy(), frozen.logvar_weights.numpy()):
            self.assertTrue(any(np.allclose(c, w, atol=1e-7) for c in consts))

    def test_graph_computes_what_pytorch_computes(self):
        rng = np.random.default_rng(0)
        for batch in (1, 3):  # the batch axis is dynamic
            x = rng.standard_normal((batch, 12, 1000)).astype(np.float32)
            with torch.no_grad():
                want = [t.numpy() for t in self.student(torch.from_numpy(x))]
            got = run_onnx(self.model, {"ecg": x})
            for g, w in zip(got, want):
                self.assertEqual(g.shape, w.shape)
                np.testing.assert_allclose(g, w, rtol=0, atol=1e-4)

    def test_check_graph_rejects_a_wrong_contract(self):
        bad = onnx.ModelProto()
        bad.CopyFrom(self.model)
        bad.graph.output[0].name = "embedding"
        with self.assertRaises(ValueError):
            check_graph(bad)

    def test_fp16_weights_halve_the_file(self):
        path = Path(self.tmp.name) / "h.onnx"
        half = export_onnx(self.student, path, fp16_weights=True)
        check_graph(half)
        self.assertLess(path.stat().st_size, 0.6 * (Path(self.tmp.name) / "m.onnx").stat().st_size)
        self.assertTrue(any(i.data_type == onnx.TensorProto.FLOAT16 for i in half.graph.initializer))
        x = np.random.default_rng(1).standard_normal((2, 12, 1000)).astype(np.float32)
        full, halfout = run_onnx(self.model, {"ecg": x}), run_onnx(half, {"ecg": x})
        self.assertTrue(all(h.dtype == np.float32 for h in halfout))
        np.testing.assert_allclose(halfout[0], full[0], atol=5e-3)  # weight rounding only


class CheckpointExporter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = Path(cls.tmp.name)
        cls.ckpt, cls.scaler = d / "ck.pt", d / "sc.pkl"
        torch.save(random_published_state(SMALL, seed=9), cls.ckpt)
        joblib.dump(make_scaler(9), cls.scaler)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def _run(self, *args) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = export_echoingecg.main(list(args))
        return rc, err.getvalue()

    def test_exports_a_valid_non_clinical_pack(self):
        out = Path(self.tmp.name) / "pack"
        rc, err = self._run("--checkpoint", str(self.ckpt), "--scaler", str(self.scaler), "--out", str(out),
                            "--reference-count", "8")
        self.assertEqual(rc, 0, err)
        self.assertIn("ignored 5 non-ECG keys", err)
        m = verify_pack(out)
        self.assertFalse(m["clinicalUse"])
        self.assertIn("CC BY-NC-ND 4.0", m["licence"])
        self.assertEqual(m["architecture"]["parameters"], 730_368)
        sc = joblib.load(self.scaler)
        np.testing.assert_allclose(m["input"]["scaler"]["mean"], sc.mean_)
        np.testing.assert_allclose(m["input"]["scaler"]["scale"], sc.scale_)
        self.assertIn("SYNTHETIC", m["uncertainty"]["reference"])

    def test_clinical_use_needs_a_statement(self):
        rc, err = self._run("--checkpoint", str(self.ckpt), "--scaler", str(self.scaler),
                            "--out", str(Path(self.tmp.name) / "x"), "--clinical-use")
        self.assertEqual(rc, 2)
        self.assertIn("--clinical-statement", err)

    def test_incomplete_checkpoint_is_refused(self):
        state = torch.load(str(self.ckpt), weights_only=True)
        del state["ecg_encoder.layer2.0.bn1.running_mean"]
        bad = Path(self.tmp.name) / "bad.pt"
        torch.save(state, bad)
        rc, err = self._run("--checkpoint", str(bad), "--scaler", str(self.scaler), "--out", str(Path(self.tmp.name) / "y"))
        self.assertEqual(rc, 2)
        self.assertIn("running_mean", err)

    def test_scaler_formats_and_refusals(self):
        sc = make_scaler(1)
        plain = Path(self.tmp.name) / "plain.pkl"
        plain.write_bytes(pickle.dumps(sc))
        np.testing.assert_allclose(load_scaler(plain)[1], sc.scale_)
        js = Path(self.tmp.name) / "s.json"
        js.write_text(json.dumps({"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist()}))
        np.testing.assert_allclose(load_scaler(js)[0], sc.mean_)
        evil = Path(self.tmp.name) / "evil.pkl"
        evil.write_bytes(pickle.dumps(print))  # any callable outside the allow-list
        with self.assertRaises(CheckpointError):
            load_scaler(evil)
        short = Path(self.tmp.name) / "short.json"
        short.write_text(json.dumps({"mean": [0.0] * 8, "scale": [1.0] * 8}))
        with self.assertRaises(CheckpointError):
            load_scaler(short)


if __name__ == "__main__":
    unittest.main()
