#!/usr/bin/env bash
# GPU check of EchoingECG Review's model runtime, for a bare Linux x64 machine with an NVIDIA GPU and its driver,
# PyTorch, onnx, scipy and scikit-learn (as GPU machines have), but no Node and no network. Everything else comes
# in the kit made by `node scripts/make-gpu-bundle.mjs` (Node, onnxruntime-node, the check, the reference pack,
# the Python model tooling).
#
#   ./gpu-check.sh [KIT.tar.xz | KIT_DIR] [--cpu-only] [--small] [--budget-s 470] [--keep]
#
# It builds the full-size EchoingECG-101 with random weights (the project's tooling), then for it and the
# reference pack, on each provider (cpu, cuda, webgpu) at batch 1, 8, 32, 64, 128: ECGs/s, GPU memory, parity
# against the CPU (cosine of the means, max log-variance difference, identical calls); PyTorch CUDA float32 eager on
# the same checkpoint and the ratio; the fraction of the card's TF32 limit. It ends within --budget-s (default
# 470 s, so about 8 minutes in all). --cpu-only: GPU providers are reported as skipped (tests the kit anywhere).
# --small builds the small network instead of EchoingECG-101 (quick). --keep leaves the work folder.
#
# CUDA provider libraries (libonnxruntime_providers_{shared,cuda}.so) of the kit's onnxruntime version are taken,
# in order, from the kit, from ORT_CUDA_PROVIDER_DIR, or from a pip onnxruntime-gpu of the same version; CUDA's
# own libraries from PyTorch's wheels (nvidia-*) or the system. WebGPU uses the system's Vulkan loader, else the
# kit's, and the NVIDIA driver's Vulkan manifest (one is written when the driver has none).
set -euo pipefail
started=$(date +%s)

kit='' cpu_only=0 small=0 budget=470 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-only) cpu_only=1; shift ;;
    --small) small=1; shift ;;
    --budget-s) budget=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) kit=$1; shift ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$kit" ]; then
  if [ -x "$here/bin/node" ] || [ -f "$here/bin/node" ]; then kit=$here; else echo "give the kit (echoing-gpu-check.tar.xz or its folder)" >&2; exit 2; fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/echoing-gpu-check.XXXXXX")
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "work folder kept: $work" >&2; fi; }
trap cleanup EXIT
log() { echo "[$(( $(date +%s) - started ))s] $*" >&2; }

if [ -f "$kit" ]; then
  log "unpacking $(basename "$kit")"
  if command -v xz >/dev/null; then tar -C "$work" -xJf "$kit"
  else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$kit" "$work"; fi
  kit=$work/echoing-gpu-check
fi
node=$kit/bin/node
binding=$kit/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64
"$node" --version >/dev/null || { echo "the kit's Node does not run here" >&2; exit 1; }
ort_version=$("$node" -p "require('$kit/app/node_modules/onnxruntime-node/package.json').version")
log "Node $("$node" --version), onnxruntime-node $ort_version"
py=${PYTHON:-python3}  # an interpreter with torch, onnx, scipy, scikit-learn (PYTHON=... to choose)

# CUDA provider libraries next to the binding (onnxruntime loads them from libonnxruntime.so's folder).
if [ ! -f "$binding/libonnxruntime_providers_cuda.so" ]; then
  src=${ORT_CUDA_PROVIDER_DIR:-}
  if [ -z "$src" ]; then
    src=$($py - "$ort_version" <<'PY' 2>/dev/null || true
import os, sys
try:
    import onnxruntime as o
except Exception:
    sys.exit(0)
if o.__version__ == sys.argv[1]:
    print(os.path.join(os.path.dirname(o.__file__), "capi"))
PY
)
  fi
  if [ -n "$src" ] && [ -f "$src/libonnxruntime_providers_cuda.so" ] && [ -f "$src/libonnxruntime_providers_shared.so" ]; then
    cp "$src/libonnxruntime_providers_cuda.so" "$src/libonnxruntime_providers_shared.so" "$binding/"
    log "CUDA provider libraries from $src"
  else
    log "no CUDA provider libraries of onnxruntime $ort_version (kit, ORT_CUDA_PROVIDER_DIR, pip onnxruntime-gpu): cuda will be reported as skipped"
  fi
fi

# CUDA runtime, cuBLAS, cuDNN: PyTorch's wheels carry them.
cuda_dirs=$($py - <<'PY' 2>/dev/null || true
import glob, os
dirs = []
try:
    import nvidia
    for root in list(nvidia.__path__):
        dirs += sorted({os.path.dirname(p) for p in glob.glob(os.path.join(root, "*", "lib", "*.so*"))})
except Exception:
    pass
print(":".join(dirs))
PY
)
if [ -n "$cuda_dirs" ]; then export LD_LIBRARY_PATH="$cuda_dirs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi

# Vulkan for WebGPU: the system's loader, else the kit's; a driver manifest for the NVIDIA driver when it has none.
# (ldconfig lives in /sbin on some systems and may be off PATH; without it the kit's loader is used.)
libs() { { "$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null || true; } | tr -s ' \t' ' '; }
if [ "$(libs | grep -c 'libvulkan.so.1 ')" = 0 ] && [ -f "$kit/lib/libvulkan.so.1" ]; then
  export LD_LIBRARY_PATH="$kit/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  log "Vulkan loader from the kit"
fi
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && ! ls /usr/share/vulkan/icd.d/nvidia* /etc/vulkan/icd.d/nvidia* >/dev/null 2>&1; then
  glx=$(libs | awk '/libGLX_nvidia.so.0 /{print $NF; exit}')
  if [ -n "$glx" ]; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3"}}\n' "$glx" >"$work/nvidia_icd.json"
    export VK_ICD_FILENAMES=$work/nvidia_icd.json
    log "Vulkan driver manifest written for $glx"
  fi
fi

if command -v nvidia-smi >/dev/null; then log "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"; else log "no nvidia-smi"; fi

# The full-size network with random weights (or the small one), with one logistic head so calls can be compared.
size=--full name=echoingecg-101 gflop=(--gflop echoingecg-101=27.8)
if [ "$small" = 1 ]; then size=--small name=small-random gflop=(); fi
log "building $name (random weights) with the project's tooling"
export PYTHONDONTWRITEBYTECODE=1
$py "$kit/tools/make_random_checkpoint.py" --out "$work/net.pt" "$size" >&2
$py - "$work/heads.json" <<'PY'
import json, sys
import numpy as np
w = np.random.default_rng(17).standard_normal(512)
json.dump([{"id": "random-logistic", "kind": "logistic", "label": "random direction (parity only)", "finding": "none",
            "weights": (w / np.linalg.norm(w) * 8).tolist(), "bias": 0.0, "threshold": 0.5}], open(sys.argv[1], "w"))
PY
$py "$kit/tools/export_echoingecg.py" --checkpoint "$work/net.pt" --scaler "$work/net_scaler.pkl" --out "$work/$name" \
  --id "$name-random" --name "$name (random weights, GPU check)" --reference-count 32 --heads "$work/heads.json" >&2

# PyTorch CUDA float32 eager on the same checkpoint (and the reference pack's architecture), when PyTorch sees a GPU.
torch=()
if [ "$cpu_only" = 0 ] && $py -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  $py -c 'import numpy as np, sys; np.random.default_rng(3).standard_normal((128, 12, 1000)).astype("<f4").tofile(sys.argv[1])' "$work/x.f32"
  log "PyTorch CUDA timing"
  if $py "$kit/tools/bench/torch_bench.py" --checkpoint "$work/net.pt" --inputs "$work/x.f32" --batches 1,8,32,64,128 --device cuda \
    --min-seconds 1 --max-iters 50 --warmup-all >"$work/torch-net.json" 2>"$work/torch-net.err"; then torch+=(--torch "$name=$work/torch-net.json"); fi
  arch=$("$node" -p "JSON.stringify(require('$kit/models/reference/manifest.json').architecture)")
  if $py "$kit/tools/bench/torch_bench.py" --architecture "$arch" --inputs "$work/x.f32" --batches 1,8,32,64,128 --device cuda \
    --min-seconds 1 --max-iters 50 --warmup-all >"$work/torch-ref.json" 2>"$work/torch-ref.err"; then torch+=(--torch "reference=$work/torch-ref.json"); fi
fi

left=$(( budget - ($(date +%s) - started) ))
log "running the check (${left} s left)"
flags=()
if [ "$cpu_only" = 1 ]; then flags+=(--cpu-only); fi
ORT_DISABLE_TELEMETRY=1 "$node" "$kit/app/gpu-check.cjs" --pack "reference=$kit/models/reference" --pack "$name=$work/$name" \
  "${gflop[@]}" "${torch[@]}" --budget-s "$left" "${flags[@]}"
log "done in $(( $(date +%s) - started )) s"
