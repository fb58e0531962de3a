"""The native reference for BENCHMARKS.md: one plain fine-tuning step of the default model, cnn-small
(3x3 convs 16-32-64-64 with 'same' padding, two max-pools, global average pooling, dense head; 60,874
parameters), in PyTorch on the CPU, with the app's B1 optimiser (SGD, Nesterov 0.9, weight decay 5e-4).

Usage: /usr/bin/python3 scripts/reference/torch_step.py [--batch 32] [--steps 200] [--threads N]
[--device cpu|cuda] (Debian's python3-torch here; `--device cuda` on a GPU machine, beside bench:gpu).
Prints one JSON object: the median and mean step time in ms after a warm-up. On CUDA each step is timed
until the GPU has finished it (synchronised), as bench:gpu times each step until its loss is read back.
Random inputs: the step's cost does not depend on the pixel values.
"""
import argparse
import json
import platform
import statistics
import time

import torch
from torch import nn


def cnn_small(num_classes: int = 10) -> nn.Module:
    conv = lambda cin, cout: nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU())
    return nn.Sequential(
        conv(1, 16), nn.MaxPool2d(2),
        conv(16, 32), nn.MaxPool2d(2),
        conv(32, 64), conv(64, 64),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, num_classes),
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = ap.parse_args()
    device = torch.device(args.device)
    sync = torch.cuda.synchronize if args.device == "cuda" else (lambda: None)
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = cnn_small().to(device)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.rand(args.batch, 1, 28, 28).to(device)
    y = torch.randint(0, 10, (args.batch,)).to(device)
    times = []
    for i in range(args.steps + 20):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        sync()
        if i >= 20:  # warm-up left out
            times.append(1000 * (time.perf_counter() - t0))
    print(json.dumps({
        "framework": f"PyTorch {torch.__version__}",
        "device": torch.cuda.get_device_name() if args.device == "cuda" else "cpu",
        "threads": args.threads,
        "machine": platform.processor() or platform.machine(),
        "model": "cnn-small",
        "parameters": params,
        "batch": args.batch,
        "steps": args.steps,
        "medianStepMs": statistics.median(times),
        "meanStepMs": statistics.fmean(times),
    }))


if __name__ == "__main__":
    main()
