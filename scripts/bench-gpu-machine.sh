#!/bin/sh
# What docs/results/bench-gpu-h200.json recorded, on a machine with a GPU (each of its runs is one call):
# PyTorch's plain FT step of cnn-small on CUDA and on one CPU thread, then `npm run bench:gpu` from its
# bundle (scripts/bench-gpu-bundle.sh; carry dist/bench-gpu), WebGPU through Dawn beside WASM, with the
# CPU backend's parity rows taken from docs/results/bench-gpu-cpu-reference.json (they take 3 minutes to
# measure; any x86-64 machine records the same losses). Needs: Node 20+ on PATH, the Vulkan loader
# (libvulkan.so.1) and the GPU's Vulkan driver, python3 with PyTorch (CUDA). From the repository root:
#   sh scripts/bench-gpu-machine.sh OUT_DIR
set -u
out=${1:?usage: sh scripts/bench-gpu-machine.sh OUT_DIR}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu,utilization.gpu --format=csv
node --version
export PYTHONUNBUFFERED=1
python3 scripts/reference/torch_step.py --device cuda --steps 300 | tee "$out/torch-cuda.json"
python3 scripts/reference/torch_step.py --device cpu --threads 1 --steps 200 | tee "$out/torch-cpu1.json"
timeout 330 sh dist/bench-gpu/run.sh --reference docs/results/bench-gpu-cpu-reference.json \
  --out "$out/bench-gpu.json" >"$out/bench-gpu.log" 2>&1
code=$?
echo "bench:gpu exit $code" >>"$out/bench-gpu.log"
cat "$out/bench-gpu.log"
exit $code
