"""EchoingECG tooling: our own implementation of the student family, its exact preprocessing,
ONNX export and the model-pack writer (see models/PACK-FORMAT.md and ../shared/docs/MODEL.md)."""
