"""Engine vs a plain torch loop (issue bar: engine <= 1.3x the plain loop).

make_ball(2000), a 2-64-64-1 ReLU net, Adam, full batch, 2000 epochs, the documents'
squared error; same model, same initial weights, same steps, same process.
Usage: python benchmarks/bench_engine.py [--quick] [--device cpu|cuda]
"""

import argparse
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved, warm_up  # noqa: E402

from sknnmath._backend import resolve_device  # noqa: E402
from sknnmath._engine import train  # noqa: E402
from sknnmath._layers import init_parameters as initialize_parameters, make_linear  # noqa: E402
from sknnmath.datasets import make_ball  # noqa: E402


def model(device):
    g = torch.Generator().manual_seed(0)
    m = nn.Sequential(make_linear(2, 64), nn.ReLU(), make_linear(64, 64), nn.ReLU(), make_linear(64, 1))
    return initialize_parameters(m, "he", g).to(device)


def plain_loop(X, y, epochs, device):
    m = model(device)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    for _ in range(epochs):
        opt.zero_grad()
        loss = 0.5 * (m(X) - y).pow(2).sum(1).mean()
        loss.backward()
        opt.step()
        loss.item()  # the engine records the loss each epoch too
    return loss.item()


def engine(X, y, epochs, device):
    res = train(model(device), X, y, loss="squared_error", solver="adam", learning_rate=1e-3,
                max_iter=epochs)
    return res.loss_curve[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warm_up()
    device = resolve_device(args.device)
    epochs = 300 if args.quick else 2000
    X, y = make_ball(2000, random_state=0)
    Xt = torch.tensor(X, dtype=torch.float32, device=device)
    yt = torch.tensor(y, dtype=torch.float32, device=device).view(-1, 1)
    best, out = interleaved({
        "plain torch loop": lambda: plain_loop(Xt, yt, epochs, device),
        "sknnmath engine": lambda: engine(Xt, yt, epochs, device),
    }, repeat=args.repeat)
    ratio = best["sknnmath engine"] / best["plain torch loop"]
    print(f"device={device} epochs={epochs} torch threads={torch.get_num_threads()}")
    for k, v in best.items():
        print(f"{k:>18s}: {v:.3f} s (best of {args.repeat}), final loss {out[k]:.6f}")
    print(f"engine / plain loop = {ratio:.3f}  (bar: <= 1.3) -> {'PASS' if ratio <= 1.3 else 'FAIL'}")


if __name__ == "__main__":
    main()
