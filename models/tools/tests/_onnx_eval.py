"""The tests' ONNX evaluator is the tooling's own (echoingecg/onnx_eval.py); kept under this name for the tests."""
from __future__ import annotations

import _paths  # noqa: F401  (puts models/tools on sys.path)
from echoingecg.onnx_eval import run

__all__ = ["run"]
