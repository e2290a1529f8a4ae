"""A small evaluator for the ONNX operators our exported students use (onnx 1.12 has no reference evaluator and
Debian has no python3-onnxruntime): the Python tests compare graphs with PyTorch through it, and the int8 export
(quantize.py) calibrates activation ranges and measures agreement with it. It raises on any operator or
attribute it does not know, so a new op in the export cannot pass silently.

Conv runs through torch.nn.functional.conv1d (float32, the same arithmetic for the float and the quantized
graph); QuantizeLinear / DequantizeLinear follow the ONNX definitions (round half to even, saturate)."""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

Capture = Callable[[str, np.ndarray], None]


def _attrs(node) -> dict:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    if a.get("group", 1) != 1 or any(d != 1 for d in a.get("dilations", [1])):
        raise NotImplementedError("grouped or dilated Conv")
    if x.ndim != 3:
        raise NotImplementedError("only 1-D Conv")
    (pl, pr), (s,) = a.get("pads", [0, 0]), a.get("strides", [1])
    xt = torch.from_numpy(np.ascontiguousarray(np.pad(x, ((0, 0), (0, 0), (pl, pr))), dtype=np.float32))
    # Initializers are read-only numpy arrays; conv1d only reads them, so torch's warning about that is noise.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        y = torch.nn.functional.conv1d(xt, torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32)),
                                       None if b is None else torch.from_numpy(np.ascontiguousarray(b, dtype=np.float32)),
                                       stride=s)
    return y.numpy()


def _topk(x, k, a):
    axis, largest = a.get("axis", -1), a.get("largest", 1)
    if not a.get("sorted", 1):
        raise NotImplementedError("unsorted TopK")
    order = np.argsort(-x if largest else x, axis=axis, kind="stable")
    idx = np.take(order, np.arange(int(k[0])), axis=axis)
    return np.take_along_axis(x, idx, axis=axis), idx.astype(np.int64)


def _per_axis(v, x, axis):
    """A scale or zero point: scalar, or 1-D along `axis` of x."""
    v = np.asarray(v)
    if v.ndim == 0:
        return v
    shape = [1] * x.ndim
    shape[axis] = v.size
    return v.reshape(shape)


def quantize_linear(x, scale, zero_point, axis: int = 1):
    zp = np.asarray(zero_point) if zero_point is not None else np.uint8(0)
    lo, hi = (0, 255) if zp.dtype == np.uint8 else (-128, 127)
    q = np.rint(x / _per_axis(scale, x, axis)) + _per_axis(zp, x, axis).astype(np.float64)
    return np.clip(q, lo, hi).astype(zp.dtype)


def dequantize_linear(q, scale, zero_point, axis: int = 1):
    zp = 0 if zero_point is None else _per_axis(zero_point, q, axis).astype(np.int64)
    return ((q.astype(np.int64) - zp) * _per_axis(scale, q, axis)).astype(np.float32)


def run(model: onnx.ModelProto, feeds: dict, capture: Capture | None = None) -> list[np.ndarray]:
    """Evaluates the graph; `capture(name, value)` sees every node output (calibration)."""
    env = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    binary = {"Add": np.add, "Mul": np.multiply, "Div": np.divide, "Pow": np.power, "Sub": np.subtract}
    for node in model.graph.node:
        a, ins = _attrs(node), [env[i] if i else None for i in node.input]
        op = node.op_type
        if op in binary:
            out = [binary[op](ins[0], ins[1]).astype(ins[0].dtype)]
        elif op == "Relu":
            out = [np.maximum(ins[0], 0)]
        elif op == "Sqrt":
            out = [np.sqrt(ins[0])]
        elif op == "Identity":
            out = [ins[0]]
        elif op == "Constant":
            out = [numpy_helper.to_array(a["value"])]
        elif op == "Cast":
            out = [ins[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])]
        elif op == "Conv":
            out = [_conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a).astype(np.float32)]
        elif op == "MatMul":
            out = [np.matmul(ins[0], ins[1])]
        elif op == "Transpose":
            out = [np.transpose(ins[0], a["perm"])]
        elif op == "ReduceSum":
            axes = tuple(int(v) for v in ins[1]) if len(ins) > 1 and ins[1] is not None else None
            out = [np.sum(ins[0], axis=axes, keepdims=bool(a.get("keepdims", 1)))]
        elif op == "Shape":
            out = [np.array(ins[0].shape[a.get("start", 0):a.get("end")], dtype=np.int64)]
        elif op == "Gather":
            out = [np.take(ins[0], ins[1], axis=a.get("axis", 0))]
        elif op == "Unsqueeze":
            out = [np.expand_dims(ins[0], tuple(int(v) for v in ins[1]))]
        elif op == "Reshape":
            out = [ins[0].reshape(tuple(int(v) if v else ins[0].shape[i] for i, v in enumerate(ins[1])))]
        elif op == "TopK":
            out = list(_topk(ins[0], ins[1], a))
        elif op == "QuantizeLinear":
            out = [quantize_linear(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("axis", 1))]
        elif op == "DequantizeLinear":
            out = [dequantize_linear(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("axis", 1))]
        else:
            raise NotImplementedError(f"operator {op}")
        for name, value in zip(node.output, out):
            env[name] = value
            if capture is not None:
                capture(name, value)
    return [env[o.name] for o in model.graph.output]
