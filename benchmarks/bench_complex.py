"""Complex-valued networks (document 003): engine overhead and batched many-seed training.

1. ComplexMLPClassifier.fit (engine, real block representation of the complex layers)
   against a plain torch loop with native ``torch.cfloat`` ``nn.Linear`` layers, a
   split sigmoid and Adam, on the same network, data and number of steps.
   Issue bar: ratio <= 1.3.
2. The two-spirals study's batched training of S seeds at once (one engine call)
   against a Python loop of S ComplexMLPClassifier fits with the same epochs.
   Issue bar: >= 20x faster.

complextorch is not used as the native peer: its ``Linear`` is a thin wrapper of
``nn.Linear(dtype=cfloat)`` (what the hand-written loop below uses), and its
initialisers draw from the global RNG.
Threads: part 2 runs once per entry of ``--threads`` (default ``1,all``), both sides with the
same number of torch threads. ``all`` is torch's default (one per core) — what a user gets, and
the setting the bar is judged at: the batched products are large enough for torch to split over
the cores, a loop of small fits is not. ``1`` shows the single-core ratio. Measure on an idle
machine: OpenMP threads oversubscribed by other jobs make large ops erratically slow.
Usage: python benchmarks/bench_complex.py [--quick] [--device cpu|cuda] [--threads 1,all]
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved, warm_up  # noqa: E402

from sknnmath.datasets import make_two_spirals  # noqa: E402
from sknnmath.hypercomplex import ComplexMLPClassifier  # noqa: E402
from sknnmath.hypercomplex._spirals import SpiralModel, train_spiral_models  # noqa: E402


def native_loop(Z, y, hidden, epochs, lr, device, seed=0):
    """Hand-written complex MLP: nn.Linear(dtype=cfloat) layers, split sigmoid, Adam, full batch."""
    g = torch.Generator().manual_seed(seed)
    widths = [Z.shape[1], *hidden, 1]
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        lin = torch.nn.utils.skip_init(torch.nn.Linear, a, b, dtype=torch.cfloat, device=device)
        with torch.no_grad():  # E|w|^2 = 1/fan_in, per-part sigma = 1/sqrt(2 fan_in)
            w = torch.randn(b, a, 2, generator=g) / np.sqrt(2 * a)
            lin.weight.copy_(torch.view_as_complex(w).to(device))
            lin.bias.zero_()
        layers.append(lin)
    net = torch.nn.ModuleList(layers)

    def split_sigmoid(u):
        return torch.complex(torch.sigmoid(u.real), torch.sigmoid(u.imag))

    x = torch.as_tensor(Z, dtype=torch.cfloat, device=device)
    t = torch.as_tensor(np.repeat(y[:, None], 2, axis=1), dtype=torch.float32, device=device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(epochs):
        opt.zero_grad()
        h = x
        for lin in net[:-1]:
            h = split_sigmoid(lin(h))
        u = net[-1](h)
        f = torch.sigmoid(torch.view_as_real(u)[:, 0, :])
        loss = 0.5 * ((f - t) ** 2).sum(dim=1).mean()
        loss.backward()
        opt.step()
    return float(loss.detach())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", default="1,all",
                    help="comma-separated torch thread counts for part 2, 'all' = torch's default "
                         "(one per core); part 1 runs with the last one (default: 1,all)")
    args = ap.parse_args()
    import torch

    default_threads = torch.get_num_threads()
    threads = [default_threads if t.strip() == "all" else int(t) for t in args.threads.split(",")]
    torch.set_num_threads(threads[-1])
    warm_up()
    X, y = make_two_spirals()
    Z = (X[:, 0] + 1j * X[:, 1]).reshape(-1, 1)
    hidden = (16, 16)
    epochs = 100 if args.quick else 500
    lr = 0.02

    # ---------------------------------------------------------------- 1. engine overhead
    def ours():
        clf = ComplexMLPClassifier(hidden_layer_sizes=hidden, max_iter=epochs, learning_rate=lr,
                                   random_state=0, device=args.device).fit(Z, y)
        return clf.loss_curve_[-1]

    def plain():
        return native_loop(Z, y, hidden, epochs, lr, args.device)

    best, _ = interleaved({"engine": ours, "native cfloat loop": plain}, repeat=args.repeat)
    r1 = best["engine"] / best["native cfloat loop"]
    print(f"1. complex MLP 1-{hidden[0]}-{hidden[1]}-1, {epochs} full-batch Adam epochs on the 194 spirals:")
    print(f"   ComplexMLPClassifier.fit {best['engine']:.3f} s, native torch.cfloat loop "
          f"{best['native cfloat loop']:.3f} s -> ratio {r1:.2f} (bar <= 1.3: "
          f"{'met' if r1 <= 1.3 else 'NOT met'})")

    # ---------------------------------------------------------------- 2. batched seeds
    S = 20 if args.quick else 100
    ep2 = 50 if args.quick else 200
    model = SpiralModel("complex 1-8-8-1", "complex", (8, 8), 1, 1)

    def batched():
        return train_spiral_models(model, n_seeds=S, max_epochs=ep2, learning_rate=lr,
                                   device=args.device, record_every=10)["final_loss"]

    def loop():
        out = []
        for s in range(S):
            clf = ComplexMLPClassifier(hidden_layer_sizes=(8, 8), max_iter=ep2, learning_rate=lr,
                                       random_state=s, device=args.device).fit(Z, y)
            out.append(clf.loss_curve_[-1])
        return out

    import os

    print(f"2. {S} seeds x {ep2} epochs of the complex 1-8-8-1 two-spirals network:")
    for th in threads:
        torch.set_num_threads(th)
        batched()  # warm the thread pool at this size
        best2, _ = interleaved({"batched": batched, "loop": loop}, repeat=1 if not args.quick else 2)
        r2 = best2["loop"] / best2["batched"]
        judged = th == default_threads
        print(f"   torch threads {th}{' (default)' if judged else ''}: one batched engine call "
              f"{best2['batched']:.2f} s, loop of {S} fits {best2['loop']:.2f} s -> {r2:.1f}x faster"
              + (f" (bar >= 20x: {'met' if r2 >= 20 else 'NOT met'})" if judged else ""))
        print(f"   load average {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
