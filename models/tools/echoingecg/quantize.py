"""Static int8 quantization of a pack's network as a QDQ graph (QuantizeLinear/DequantizeLinear pairs that
onnxruntime's CPU provider fuses into QLinearConv, using VNNI where the CPU has it), built with the onnx package
alone (Debian has no python3-onnxruntime), and the agreement of the quantized pack with its base.

What is quantized: every Conv of the backbone (weights int8 per output channel, symmetric; bias int32 at the
product scale), the activations entering a Conv and leaving it (uint8 per tensor, asymmetric; a Conv followed by
a ReLU is quantized after the ReLU, so the ReLU folds into the range). Residual additions, the heads (MatMul),
the pooling and everything after stay float32. Activation ranges come from calibration ECGs run through the
float graph (onnx_eval.py), as a high percentile of each tensor's values (or min/max).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from . import heads as hd
from .onnx_eval import run

# The export calls a quantized pack equivalent to its base only at or above these (PACK-FORMAT.md `quantization`).
MIN_IDENTICAL_CALLS = 0.99
MIN_MEAN_COSINE = 0.999


def materialize_fp32(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy whose float16-stored weights (export --fp16: fp16 initializer + Cast) are float32 initializers."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    keep = []
    for n in g.node:
        if n.op_type == "Cast" and len(n.input) == 1 and n.input[0] in inits and \
                inits[n.input[0]].data_type == TensorProto.FLOAT16:
            arr = numpy_helper.to_array(inits[n.input[0]]).astype(np.float32)
            g.initializer.append(numpy_helper.from_array(arr, n.output[0]))
            continue
        keep.append(n)
    del g.node[:]
    g.node.extend(keep)
    used = {i for n in g.node for i in n.input}
    live = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(live)
    return m


def activation_tensors(model: onnx.ModelProto) -> list[str]:
    """Tensors to quantize, in graph order: each Conv's input, and its output (after the ReLU that follows it)."""
    consumers = defaultdict(list)
    for n in model.graph.node:
        for i in n.input:
            consumers[i].append(n)
    out: list[str] = []
    for n in model.graph.node:
        if n.op_type != "Conv":
            continue
        after = consumers[n.output[0]]
        produced = after[0].output[0] if len(after) == 1 and after[0].op_type == "Relu" else n.output[0]
        for t in (n.input[0], produced):
            if t not in out:
                out.append(t)
    return out


class _Ranges:
    """Per tensor: min, max, and a bounded random sample of values for a percentile."""

    def __init__(self, names: list[str], sample: int = 200_000, seed: int = 0):
        self.names = set(names)
        self.lo: dict[str, float] = {}
        self.hi: dict[str, float] = {}
        self.values: dict[str, list[np.ndarray]] = defaultdict(list)
        self.sample = sample
        self.rng = np.random.default_rng(seed)

    def __call__(self, name: str, value: np.ndarray) -> None:
        if name not in self.names:
            return
        v = np.asarray(value, np.float32).ravel()
        self.lo[name] = min(self.lo.get(name, np.inf), float(v.min()))
        self.hi[name] = max(self.hi.get(name, -np.inf), float(v.max()))
        take = min(v.size, max(1, self.sample // 8))
        self.values[name].append(v[self.rng.integers(0, v.size, take)])

    def range(self, name: str, method: str, percentile: float) -> tuple[float, float]:
        lo, hi = self.lo[name], self.hi[name]
        if method == "percentile":
            v = np.concatenate(self.values[name])[-self.sample:]
            lo = float(np.percentile(v, 100 - percentile)) if lo < 0 else 0.0
            hi = float(np.percentile(v, percentile))
        return min(lo, 0.0), max(hi, 0.0)


def calibrate(model: onnx.ModelProto, inputs: np.ndarray, method: str = "percentile", percentile: float = 99.99,
              batch: int = 16, input_name: str = "ecg") -> dict[str, tuple[float, float]]:
    """Activation ranges of the tensors to quantize, over calibration inputs [N, 12, 1000] (preprocessed)."""
    if method not in ("percentile", "minmax"):
        raise ValueError("calibration method is percentile or minmax")
    names = activation_tensors(model)
    ranges = _Ranges(names)
    for s in range(0, len(inputs), batch):
        x = np.ascontiguousarray(inputs[s:s + batch], dtype=np.float32)
        if input_name in ranges.names:
            ranges(input_name, x)
        run(model, {input_name: x}, capture=ranges)
    return {n: ranges.range(n, method, percentile) for n in names}


def _uint8_params(lo: float, hi: float) -> tuple[np.float32, np.uint8]:
    scale = (hi - lo) / 255.0 if hi > lo else 1e-8
    zp = int(np.clip(np.rint(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zp)


def qdq_model(model: onnx.ModelProto, ranges: dict[str, tuple[float, float]]) -> onnx.ModelProto:
    """The QDQ graph: weights stored int8 (a quarter of the float file), activations quantized where `ranges`
    says, every consumer of a quantized tensor reading its dequantized copy (so onnxruntime can fuse)."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    act_scale: dict[str, tuple[np.float32, np.uint8]] = {t: _uint8_params(*r) for t, r in ranges.items()}
    new_inits: list[onnx.TensorProto] = []
    head_nodes: list[onnx.NodeProto] = []
    dq = {t: f"{t}__dq" for t in act_scale}

    def qdq_pair(t: str) -> list[onnx.NodeProto]:
        s, z = act_scale[t]
        new_inits.extend([numpy_helper.from_array(np.array(s, np.float32), f"{t}__s"),
                          numpy_helper.from_array(np.array(z, np.uint8), f"{t}__z")])
        return [helper.make_node("QuantizeLinear", [t, f"{t}__s", f"{t}__z"], [f"{t}__q"], name=f"{t}__Q"),
                helper.make_node("DequantizeLinear", [f"{t}__q", f"{t}__s", f"{t}__z"], [dq[t]], name=f"{t}__DQ")]

    quantized_weights: set[str] = set()
    for n in g.node:
        if n.op_type != "Conv" or n.input[0] not in act_scale or n.input[1] not in inits:
            continue
        w = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
        sw = (np.abs(w).reshape(w.shape[0], -1).max(axis=1) / 127.0).astype(np.float32)
        sw[sw == 0] = 1.0
        wq = np.clip(np.rint(w / sw.reshape(-1, *([1] * (w.ndim - 1)))), -127, 127).astype(np.int8)
        base = n.input[1]
        new_inits += [numpy_helper.from_array(wq, f"{base}__wq"), numpy_helper.from_array(sw, f"{base}__ws"),
                      numpy_helper.from_array(np.zeros(len(sw), np.int8), f"{base}__wz")]
        head_nodes.append(helper.make_node("DequantizeLinear", [f"{base}__wq", f"{base}__ws", f"{base}__wz"],
                                           [f"{base}__wdq"], axis=0, name=f"{base}__WDQ"))
        quantized_weights.add(base)
        n.input[1] = f"{base}__wdq"
        if len(n.input) > 2 and n.input[2] in inits:
            b = numpy_helper.to_array(inits[n.input[2]]).astype(np.float64)
            sb = (float(act_scale[n.input[0]][0]) * sw.astype(np.float64)).astype(np.float32)
            bq = np.rint(b / sb)
            if np.abs(bq).max(initial=0) >= 2 ** 31:
                raise ValueError(f"bias of {n.name} does not fit int32 at the product scale")
            bname = n.input[2]
            new_inits += [numpy_helper.from_array(bq.astype(np.int32), f"{bname}__bq"),
                          numpy_helper.from_array(sb, f"{bname}__bs"),
                          numpy_helper.from_array(np.zeros(len(sb), np.int32), f"{bname}__bz")]
            head_nodes.append(helper.make_node("DequantizeLinear", [f"{bname}__bq", f"{bname}__bs", f"{bname}__bz"],
                                               [f"{bname}__bdq"], axis=0, name=f"{bname}__BDQ"))
            quantized_weights.add(bname)
            n.input[2] = f"{bname}__bdq"

    graph_inputs = {i.name for i in g.input}
    nodes: list[onnx.NodeProto] = list(head_nodes)
    for t in act_scale:
        if t in graph_inputs:
            nodes += qdq_pair(t)
    for n in g.node:
        for k, i in enumerate(n.input):
            if i in dq:
                n.input[k] = dq[i]
        nodes.append(n)
        for o in n.output:
            if o in act_scale:
                nodes += qdq_pair(o)
    outputs = {o.name for o in g.output}
    if outputs & set(act_scale):
        raise ValueError("a graph output was chosen for quantization")
    del g.node[:]
    g.node.extend(nodes)
    keep = [i for i in g.initializer if i.name not in quantized_weights]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    m.producer_name = "echoingecg-tools-int8"
    onnx.checker.check_model(m)
    return m


def run_graph(model: onnx.ModelProto, inputs: np.ndarray, batch: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """(mean, logvar) of a graph over inputs [N, 12, 1000], through the evaluator."""
    means, logvars = [], []
    for s in range(0, len(inputs), batch):
        mean, logvar, _ = run(model, {"ecg": np.ascontiguousarray(inputs[s:s + batch], dtype=np.float32)})
        means.append(mean)
        logvars.append(logvar)
    return np.concatenate(means), np.concatenate(logvars)


def _calls(manifest: dict, pack: dict, mean: np.ndarray, logvar: np.ndarray) -> dict[str, np.ndarray]:
    """Each head's call (True = positive) per ECG, from its point estimate as PACK-FORMAT.md defines it."""
    out = {}
    for h in manifest["heads"]:
        if h["kind"] == "logistic":
            out[h["id"]] = hd.logistic(mean, h["weights"], h["bias"]) >= h["threshold"]
            continue
        if h["kind"] == "prompt-regression":
            est = hd.prompt_regression(mean, pack["prompts"][h["file"]], h["values"], h["topFraction"])
        elif h["kind"] == "knn" and pack.get("library") is not None:
            lib_mean, lib_logvar, studies = pack["library"]
            values = [s["measurements"][h["measurement"]] for s in studies]
            est, _ = hd.knn(mean, logvar, lib_mean, lib_logvar, values, h["k"])
        else:
            continue
        out[h["id"]] = est < h["threshold"] if h["callWhen"] == "below" else est > h["threshold"]
    return out


def _levels(manifest: dict, logvar: np.ndarray) -> np.ndarray:
    u = manifest["uncertainty"]
    score = np.exp(np.asarray(logvar, np.float64)).mean(axis=1)
    pct = np.interp(score, np.asarray(u["quantiles"], np.float64), np.arange(101, dtype=np.float64))
    return np.where(pct >= u["abstainPercentile"], 2, np.where(pct >= u["splitPercentile"], 1, 0))


def agreement(manifest: dict, pack: dict, base: tuple[np.ndarray, np.ndarray], quant: tuple[np.ndarray, np.ndarray],
              set_description: str) -> dict:
    """What the quantized network changes on a fixed set: cosine of the means, largest log-variance difference,
    share of identical calls per head, of identical uncertainty levels, and the overlap of the 5 nearest library
    studies (when the pack has a library). `pack` holds the pack's prompt files and library arrays."""
    (m0, v0), (m1, v1) = base, quant
    cos = (m0 * m1).sum(1) / np.maximum(np.linalg.norm(m0, axis=1) * np.linalg.norm(m1, axis=1), 1e-12)
    c0, c1 = _calls(manifest, pack, m0, v0), _calls(manifest, pack, m1, v1)
    result = {
        "set": set_description, "n": int(len(m0)),
        "meanCosine": float(cos.mean()), "minCosine": float(cos.min()),
        "maxLogvarDiff": float(np.abs(np.asarray(v0, np.float64) - np.asarray(v1, np.float64)).max()),
        "identicalCalls": {k: float((c0[k] == c1[k]).mean()) for k in c0},
        "uncertaintyLevelAgreement": float((_levels(manifest, v0) == _levels(manifest, v1)).mean()),
    }
    if pack.get("library") is not None:
        lib_mean, lib_logvar, _ = pack["library"]
        t0 = np.argsort(hd.csd(m0, v0, lib_mean, lib_logvar), axis=1, kind="stable")[:, :5]
        t1 = np.argsort(hd.csd(m1, v1, lib_mean, lib_logvar), axis=1, kind="stable")[:, :5]
        result["retrievalTop5Overlap"] = float(np.mean([len(set(a) & set(b)) / 5 for a, b in zip(t0, t1)]))
    return result


def is_equivalent(a: dict) -> tuple[bool, list[str]]:
    """The export's rule: equivalent only with mean cosine >= 0.999 and >= 99 % identical calls on every head."""
    reasons = []
    if a["meanCosine"] < MIN_MEAN_COSINE:
        reasons.append(f"mean cosine of the means {a['meanCosine']:.5f} < {MIN_MEAN_COSINE}")
    for head, share in a["identicalCalls"].items():
        if share < MIN_IDENTICAL_CALLS:
            reasons.append(f"head {head}: {100 * share:.1f} % identical calls < {100 * MIN_IDENTICAL_CALLS:.0f} %")
    return not reasons, reasons
