"""Many seeds at once: a BatchedMLP of S networks vs a Python loop of S single fits.

S seeds of a 2-16-16-1 tanh network, Adam, full batch, the documents' squared error on
n points; both through the one engine (``sknnmath._engine.train``), same initial weights
(model s of the batch is built from the generator seeded s, as the s-th single network).
Prints the wall times, their ratio, and the largest parameter difference between model
s trained in the batch and trained alone (float64).
Usage: python benchmarks/bench_batched_mlp.py [--seeds 100] [--epochs 200] [--n 200] [--device cpu]
"""

import argparse
import time

import torch

from sknnmath._backend import resolve_device
from sknnmath._engine import train
from sknnmath._layers import build_mlp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=100)
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    dev = resolve_device(a.device)
    g = torch.Generator().manual_seed(0)
    X = (torch.rand(a.n, 2, generator=g, dtype=torch.float64) * 2 - 1).to(dev)
    y = torch.sin(3 * X[:, :1]) * X[:, 1:]
    kw = dict(activation="tanh", dtype=torch.float64, device=dev)

    t = time.perf_counter()
    B = build_mlp(2, (16, 16), 1, generator=[torch.Generator().manual_seed(s) for s in range(a.seeds)],
                  n_models=a.seeds, **kw)
    train(B, X, y, learning_rate=0.01, max_iter=a.epochs)
    t_batched = time.perf_counter() - t

    t = time.perf_counter()
    singles = []
    for s in range(a.seeds):
        m = build_mlp(2, (16, 16), 1, generator=torch.Generator().manual_seed(s), **kw)
        train(m, X, y, learning_rate=0.01, max_iter=a.epochs)
        singles.append(m)
    t_loop = time.perf_counter() - t

    diff = max(float((B.model(s).state_dict()[k] - v).abs().max())
               for s, m in enumerate(singles) for k, v in m.state_dict().items())
    print(f"{a.seeds} seeds x {a.epochs} epochs, n={a.n}, device={dev}")
    print(f"batched: {t_batched:.2f} s   loop of single fits: {t_loop:.2f} s   "
          f"speed-up: {t_loop / t_batched:.1f}x")
    print(f"max |param(batched model s) - param(single fit s)| = {diff:.2e}")


if __name__ == "__main__":
    main()
