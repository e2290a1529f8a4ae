"""int8 quantization (echoingecg/quantize.py, quantized_pack.py): the QDQ graph's structure and numbers, the
agreement figures, and the refusal to call a poor quantization equivalent."""
import json
import tempfile
import unittest
from pathlib import Path

import _paths
import numpy as np
import onnx

from echoingecg.onnx_eval import dequantize_linear, quantize_linear, run
from echoingecg.quantize import (activation_tensors, calibrate, is_equivalent, materialize_fp32, qdq_model,
                                 run_graph)
from echoingecg.quantized_pack import simulated_inputs, write_quantized_pack

PACK = _paths.ROOT / "models/reference"


class QuantizeLinear(unittest.TestCase):
    def test_onnx_rounding_and_saturation(self):
        x = np.array([-1.0, 0.25, 0.75, 1.25, 300.0], np.float32)
        q = quantize_linear(x, np.float32(0.5), np.uint8(2))
        np.testing.assert_array_equal(q, [0, 2, 4, 4, 255])  # half to even: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2
        np.testing.assert_allclose(dequantize_linear(q, np.float32(0.5), np.uint8(2)), [-1, 0, 1, 1, 126.5])
        w = np.array([[1.0, -2.0], [0.5, 0.25]], np.float32)
        qw = quantize_linear(w, np.array([1 / 127, 0.5 / 127], np.float32), np.zeros(2, np.int8), axis=0)
        np.testing.assert_array_equal(qw, [[127, -128], [127, 64]])


class QdqGraph(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manifest = json.loads((PACK / "manifest.json").read_text())
        sc = cls.manifest["input"]["scaler"]
        cls.model = materialize_fp32(onnx.load(str(PACK / "model.onnx")))
        cls.x = simulated_inputs(24, 7007, sc["mean"], sc["scale"])
        cls.ranges = calibrate(cls.model, cls.x[:16])
        cls.q = qdq_model(cls.model, cls.ranges)

    def test_every_conv_reads_quantized_input_and_weights(self):
        producers = {o: n for n in self.q.graph.node for o in n.output}
        convs = [n for n in self.q.graph.node if n.op_type == "Conv"]
        self.assertEqual(len(convs), sum(n.op_type == "Conv" for n in self.model.graph.node))
        for n in convs:
            self.assertEqual(producers[n.input[0]].op_type, "DequantizeLinear")
            self.assertEqual(producers[n.input[1]].op_type, "DequantizeLinear")
        int8 = [i for i in self.q.graph.initializer if i.data_type == onnx.TensorProto.INT8 and len(i.dims) == 3]
        self.assertEqual(len(int8), len(convs))
        # Post-ReLU tensors are quantized with zero point 0 (the ReLU folds into the range).
        relu_out = {n.output[0] for n in self.model.graph.node if n.op_type == "Relu"}
        chosen = activation_tensors(self.model)
        self.assertTrue(any(t in relu_out for t in chosen))
        for t in chosen:
            if t in relu_out:
                self.assertEqual(self.ranges[t][0], 0.0)

    def test_outputs_stay_close_to_the_float_graph(self):
        m0, v0 = run_graph(self.model, self.x[16:])
        m1, v1 = run_graph(self.q, self.x[16:])
        cos = (m0 * m1).sum(1) / np.linalg.norm(m0, axis=1) / np.linalg.norm(m1, axis=1)
        self.assertGreater(cos.min(), 0.995)
        self.assertLess(np.abs(v0 - v1).max(), 0.5)
        self.assertGreater(np.abs(m0 - m1).max(), 0)  # it is really quantized

    def test_graph_contract_kept(self):
        self.assertEqual([o.name for o in self.q.graph.output], ["mean", "logvar", "step_logvar"])
        self.assertEqual([i.name for i in self.q.graph.input if i.name == "ecg"], ["ecg"])
        run(self.q, {"ecg": self.x[:1]})


class Equivalence(unittest.TestCase):
    def test_bar(self):
        good = {"meanCosine": 0.9995, "identicalCalls": {"a": 0.99, "b": 1.0}}
        self.assertEqual(is_equivalent(good), (True, []))
        ok, reasons = is_equivalent({"meanCosine": 0.998, "identicalCalls": {"a": 0.985}})
        self.assertFalse(ok)
        self.assertEqual(len(reasons), 2)

    def test_poor_calibration_is_written_but_not_called_equivalent(self):
        # Ranges from inputs a thousand times too small saturate every activation: the agreement collapses.
        m = json.loads((PACK / "manifest.json").read_text())
        sc = m["input"]["scaler"]
        x = simulated_inputs(40, 8008, sc["mean"], sc["scale"])
        with tempfile.TemporaryDirectory() as d:
            qm, reasons = write_quantized_pack(PACK, Path(d) / "q", calibration=x[:8] * 1e-3, calibration_text="tiny",
                                               fixed_set=x[8:], fixed_set_text="fixed", method="minmax")
            self.assertTrue(reasons)
            written = json.loads((Path(d) / "q" / "manifest.json").read_text())
            self.assertFalse(written["quantization"]["equivalent"])
            self.assertEqual(written["quantization"]["base"]["id"], m["id"])
            self.assertEqual(written["id"], m["id"] + "-int8")
            self.assertEqual(set(written["quantization"]["agreement"]["identicalCalls"]), {h["id"] for h in m["heads"]})
            self.assertEqual(qm["quantization"]["agreement"]["n"], 32)


if __name__ == "__main__":
    unittest.main()
