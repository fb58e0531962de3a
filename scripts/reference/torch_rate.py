"""PyTorch's best rates on one CPU thread, for the arithmetic floor of BENCHMARKS.md (scripts/lib/bench-floor.ts):
a [512, 512] x [512, 512] matrix product and cnn-small's conv4 at batch 32 (64 -> 64 channels, 3x3,
padding 1, on 7x7), the shapes the tfjs engines are timed on. Best of --repeats after a warm-up.

Usage: /usr/bin/python3 scripts/reference/torch_rate.py [--repeats 20]
Prints one JSON object: {"engine", "matmulGflops", "convGflops"}.
"""
import argparse
import json
import time

import torch


def best_ms(f, repeats: int) -> float:
    f()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, 1000 * (time.perf_counter() - t0))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    n = 512
    a, b = torch.randn(n, n), torch.randn(n, n)
    x, w = torch.randn(32, 64, 7, 7), torch.randn(64, 64, 3, 3)
    with torch.no_grad():
        matmul = best_ms(lambda: torch.mm(a, b), args.repeats)
        conv = best_ms(lambda: torch.nn.functional.conv2d(x, w, padding=1), args.repeats)
    conv_flops = 2 * x.numel() * 3 * 3 * 64
    print(json.dumps({
        "engine": f"PyTorch {torch.__version__}, 1 thread",
        "matmulGflops": 2 * n**3 / (matmul * 1e6),
        "convGflops": conv_flops / (conv * 1e6),
    }))


if __name__ == "__main__":
    main()
