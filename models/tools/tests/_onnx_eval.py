"""A tiny NumPy evaluator for the operators our exported students use, so the Python tests can compare the ONNX
graph with PyTorch numerically (onnx 1.12 has no reference evaluator and onnxruntime is not installed here).
It raises on any operator or attribute it does not know, so a new op in the export cannot pass silently."""
from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _attrs(node) -> dict:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    if a.get("group", 1) != 1 or any(d != 1 for d in a.get("dilations", [1])):
        raise NotImplementedError("grouped or dilated Conv")
    (pl, pr), (s,) = a.get("pads", [0, 0]), a.get("strides", [1])
    k = w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pl, pr)))
    n_out = (xp.shape[2] - k) // s + 1
    cols = np.stack([xp[:, :, j:j + s * (n_out - 1) + 1:s] for j in range(k)], axis=2)  # [N, C, K, L]
    y = np.einsum("nckl,mck->nml", cols, w, optimize=True)
    return y + b[None, :, None] if b is not None else y


def _topk(x, k, a):
    axis, largest = a.get("axis", -1), a.get("largest", 1)
    if not a.get("sorted", 1):
        raise NotImplementedError("unsorted TopK")
    order = np.argsort(-x if largest else x, axis=axis, kind="stable")
    idx = np.take(order, np.arange(int(k[0])), axis=axis)
    return np.take_along_axis(x, idx, axis=axis), idx.astype(np.int64)


def run(model: onnx.ModelProto, feeds: dict) -> list[np.ndarray]:
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
        else:
            raise NotImplementedError(f"operator {op}")
        for name, value in zip(node.output, out):
            env[name] = value
    return [env[o.name] for o in model.graph.output]
