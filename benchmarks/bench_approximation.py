"""Rate studies: many MLPs trained at once vs a Python loop of MLPRegressor fits.

The approximation-rates reproduction trains every (width, seed) of one input
dimension in one engine call (:func:`sknnmath.approximation.fit_batched_mlps`:
one batched network per width, the groups side by side, so no model pays for a
wider one's FLOPs). The default configuration is that reproduction's full size
(widths 4 ... 128 x 4 seeds, n = 4096, 3000 epochs, here d = 2); ``--quick``
shrinks it; ``--seeds-only`` measures the many-seeds case (one width). The
two are run back to back in one process and the load average is printed (the
machine may be shared). The peer is the loop a user would write: one :class:`sknnmath.neural_network.MLPRegressor` fit per (width, seed),
same data, epochs, optimiser and learning rate. Issue bar: speed-up >= 10x.
Also prints the best-of-seeds test error of both, to show the same work is done.

Usage: python benchmarks/bench_approximation.py [--quick] [--epochs E] [--device cpu|cuda]
"""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _common import warm_up  # noqa: E402

from sknnmath.approximation import SmoothPeriodicTarget, fit_batched_mlps  # noqa: E402
from sknnmath.neural_network import MLPRegressor  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--epochs", type=int, default=None,
                    help="epochs (default: the reproduction's); the ratio is per epoch")
    ap.add_argument("--seeds-only", action="store_true",
                    help="one width (16), many seeds: the best-of-seeds case without padding")
    args = ap.parse_args()
    warm_up()
    from sknnmath.approximation._reproduce import _rate_settings

    full = _rate_settings(False)
    d = 2
    widths = (4, 8, 16, 32) if args.quick else full["widths"]
    n_seeds = 2 if args.quick else full["n_seeds"]
    if args.seeds_only:
        widths, n_seeds = (16,), (8 if args.quick else 32)
    n, epochs = (256, 200) if args.quick else (full["n_train"], full["max_iter"])
    if args.epochs:
        epochs = args.epochs
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    target = SmoothPeriodicTarget(d, beta=2.0, max_frequency=8, random_state=0)
    rng = np.random.default_rng(0)
    X, Xt = 2 * rng.uniform(size=(n, d)) - 1, 2 * rng.uniform(size=(2048, d)) - 1
    y, yt = target((X + 1) / 2), target((Xt + 1) / 2)
    w_all = np.repeat(widths, n_seeds)

    t, c = time.perf_counter(), time.process_time()
    fit = fit_batched_mlps(X, y, (max(widths),), widths=w_all, learning_rate=1e-2,
                           max_iter=epochs, device=args.device, random_state=0)
    t_batched, c_batched = time.perf_counter() - t, time.process_time() - c
    err_b = np.sqrt(np.mean((fit.predict(Xt) - yt) ** 2, axis=1))

    t, c = time.perf_counter(), time.process_time()
    err_l = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, w in enumerate(w_all):
            m = MLPRegressor(hidden_layer_sizes=(int(w),), learning_rate=1e-2, max_iter=epochs,
                             tol=0.0, n_iter_no_change=epochs + 1, random_state=i,
                             device=args.device).fit(X, y)
            err_l.append(np.sqrt(np.mean((m.predict(Xt) - yt) ** 2)))
    t_loop, c_loop = time.perf_counter() - t, time.process_time() - c
    err_l = np.asarray(err_l)

    print(f"{len(w_all)} networks (widths {widths} x {n_seeds} seeds), d = {d}, n = {n}, "
          f"{epochs} full-batch Adam epochs, device {args.device}")
    print(f"batched (one engine call): {t_batched:8.2f} s wall, {c_batched:8.2f} s CPU")
    print(f"loop of MLPRegressor fits: {t_loop:8.2f} s wall, {c_loop:8.2f} s CPU")
    print(f"speed-up: {t_loop / t_batched:.1f}x wall, {c_loop / c_batched:.1f}x CPU (bar >= 10x)")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for w in widths:
        s = w_all == w
        print(f"  width {w:4d}: best-of-seeds test RMSE batched {err_b[s].min():.4f}, "
              f"loop {err_l[s].min():.4f}")


if __name__ == "__main__":
    main()
