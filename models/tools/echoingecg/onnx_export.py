"""ONNX export of a student (opset 17, dynamic batch axis, input `ecg`, outputs `mean`, `logvar`,
`step_logvar`), plus a structural check of an exported graph (onnx 1.12 has no reference evaluator; numeric
parity with onnxruntime is checked by the Node tests against tests/fixtures/model/)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from .model import EchoingStudent, FrozenPoolingStudent, steps_for

OPSET = 17
INPUT_NAME = "ecg"
OUTPUT_NAMES = ("mean", "logvar", "step_logvar")


def export_onnx(student: EchoingStudent, path: str | Path, fp16_weights: bool = False) -> onnx.ModelProto:
    """Export `student` (switched to eval mode) to `path` and return the checked ModelProto.

    fp16_weights stores float initializers as float16 followed by a Cast to float32: the file is half the size,
    the arithmetic stays float32 (PyTorch 1.13 cannot trace half-precision convolutions on CPU)."""
    student = student.eval()
    wrapper = FrozenPoolingStudent(student).eval()
    cfg = student.cfg
    dummy = torch.zeros(1, cfg.n_leads, cfg.input_samples)
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            wrapper, (dummy,), buf, opset_version=OPSET, input_names=[INPUT_NAME],
            output_names=list(OUTPUT_NAMES), do_constant_folding=True,
            dynamic_axes={INPUT_NAME: {0: "batch"}, **{n: {0: "batch"} for n in OUTPUT_NAMES}},
        )
    model = onnx.load_from_string(buf.getvalue())
    _pin_output_dims(model, cfg.embed_dim, steps_for(cfg.input_samples))
    if fp16_weights:
        model = _store_weights_fp16(model)
    model.producer_name = "echoingecg-tools"
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    check_graph(model, cfg.n_leads, cfg.input_samples, cfg.embed_dim)
    return model


def _pin_output_dims(model: onnx.ModelProto, embed: int, steps: int) -> None:
    # The exporter leaves some output axes symbolic; the pack contract states them, so write them down.
    fixed = {"mean": [embed], "logvar": [embed], "step_logvar": [steps, embed]}
    for out in model.graph.output:
        dims = out.type.tensor_type.shape.dim
        for d, value in zip(list(dims)[1:], fixed[out.name]):
            d.Clear()
            d.dim_value = value
        dims[0].Clear()
        dims[0].dim_param = "batch"


def _store_weights_fp16(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    casts = []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or np.prod(init.dims, dtype=np.int64) < 16:
            continue
        arr = numpy_helper.to_array(init).astype(np.float16)
        half_name = init.name + "__fp16"
        new = numpy_helper.from_array(arr, half_name)
        init.CopyFrom(new)
        casts.append(helper.make_node("Cast", [half_name], [half_name[:-6]], to=TensorProto.FLOAT,
                                      name="cast_" + half_name))
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    return model


def _dims(value_info) -> list:
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check_graph(model: onnx.ModelProto, n_leads: int = 12, samples: int = 1000, embed: int = 512) -> dict:
    """Assert the pack contract on the graph's declared inputs/outputs; returns their dims by name."""
    graph = model.graph
    inits = {i.name for i in graph.initializer}
    inputs = [i for i in graph.input if i.name not in inits]
    if [i.name for i in inputs] != [INPUT_NAME]:
        raise ValueError(f"graph inputs {[i.name for i in inputs]} != ['{INPUT_NAME}']")
    if tuple(o.name for o in graph.output) != OUTPUT_NAMES:
        raise ValueError(f"graph outputs {[o.name for o in graph.output]} != {list(OUTPUT_NAMES)}")
    t = steps_for(samples)
    expected = {INPUT_NAME: ["batch", n_leads, samples], "mean": ["batch", embed], "logvar": ["batch", embed],
                "step_logvar": ["batch", t, embed]}
    got = {v.name: _dims(v) for v in list(inputs) + list(graph.output)}
    # Shape inference must agree with the declared dims (strict mode raises on a conflict).
    onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    for name, dims in expected.items():
        if got.get(name) != dims:
            raise ValueError(f"{name}: dims {got.get(name)} != {dims}")
    for v in list(inputs) + list(graph.output):
        if v.type.tensor_type.elem_type != TensorProto.FLOAT:
            raise ValueError(f"{v.name} is not float32")
    if any(n.op_type in ("GRU", "LSTM", "Loop") for n in graph.node):
        raise ValueError("pooling weights were not frozen: recurrent op in the graph")
    return got
