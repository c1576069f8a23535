"""Benchmarks of the ridgelet topic (document 001); prints our time, the peer's and the ratio.

(a) R[f] of sin 2 pi x (201 points) on the 601 x 601 grid [-30, 30]^2 (ReLU ridgelet, k = 1):
    ``sknnmath.ridgelet.ridgelet_transform`` vs a straightforward numpy broadcast of the closed
    form (scipy's Dawson function), chunked over a to keep memory sane.
(b) 1000 shallow networks (10 tanh units, full-batch Adam(0.1), same number of epochs) trained
    at once as one batched module through the engine vs a loop of sklearn ``MLPRegressor`` fits.
    The sklearn loop is timed on a subset of networks, in two blocks interleaved with our runs,
    and extrapolated per network (said so in the output). Ours is timed on 1 thread (core for
    core against the sequential loop) and with torch's default thread count. Times are wall
    clock and CPU (process) time; on a shared machine the CPU time is the steadier number.

Usage: python benchmarks/bench_ridgelet.py [--quick]
"""

import argparse
import math
import time
import warnings

import numpy as np
from scipy.special import dawsn


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def numpy_spectrum(x, y, a, b, dx):
    """The straightforward numpy version: rho(a x - b) by broadcasting, then a sum over x."""
    out = np.empty((a.size, b.size))
    for s in range(0, a.size, 50):  # 50 rows of a at a time (~480 MB of float64 temporaries)
        t = a[s:s + 50, None, None] * x[None, None, :] - b[None, :, None]
        rho = -((t**4 - 9 * t**2 + 8) - math.sqrt(2) * t * (t**4 - 10 * t**2 + 15) * dawsn(t / math.sqrt(2))) \
            / (math.pi * math.sqrt(2 * math.pi))  # relu, m = 1, k = 1 (reference table)
        out[s:s + 50] = rho @ (y * dx)
    return out


def bench_spectrum(quick):
    import torch

    from sknnmath.datasets import make_sine_grid
    from sknnmath.ridgelet import ridgelet_function, ridgelet_transform

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _bench_spectrum(quick, make_sine_grid, ridgelet_function, ridgelet_transform)
    finally:
        torch.set_num_threads(threads)  # part (b) compares 1 thread with torch's default


def _bench_spectrum(quick, make_sine_grid, ridgelet_function, ridgelet_transform):
    X, y = make_sine_grid()
    a = np.linspace(-30, 30, 601)
    b = np.linspace(-30, 30, 601)
    rho = ridgelet_function("relu", 1, 1)
    ridgelet_transform(X, y, a[:11], b[:11], rho)  # warm-up
    best = None
    for _ in range(3):
        R, w, c = _timed(lambda: ridgelet_transform(X, y, a, b, rho, device="cpu"))
        best = (w, c) if best is None or w < best[0] else best
    a_np = a[::6] if quick else a
    R_np, w_np, c_np = _timed(lambda: numpy_spectrum(X[:, 0], y, a_np, b, 0.01))
    scale = a.size / a_np.size
    err = np.abs(R[:: (6 if quick else 1)] - R_np).max() / np.abs(R_np).max()
    print("(a) spectrum 601x601 grid x 201 points, ReLU k=1, CPU, 1 thread")
    print(f"    sknnmath ridgelet_transform : {best[0]:.3f} s wall, {best[1]:.3f} s CPU (best of 3)")
    note = f" (timed on {a_np.size} of 601 a-rows, x{scale:.1f})" if quick else ""
    print(f"    numpy broadcast + dawsn    : {w_np * scale:.3f} s wall, {c_np * scale:.3f} s CPU{note}")
    print(f"    ratio (numpy / sknnmath)    : {w_np * scale / best[0]:.1f}x wall, "
          f"{c_np * scale / best[1]:.1f}x CPU; max rel. difference {err:.1e}")
    print(f"    bar (<= 2 s): {'met' if best[0] <= 2 else 'NOT met'}")


def bench_networks(quick):
    import torch
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor
    from threadpoolctl import threadpool_limits

    from _common import warm_up
    from sknnmath.datasets import make_sine_grid
    from sknnmath.ridgelet._experiment import train_shallow_networks

    X, y = make_sine_grid()
    n_networks, epochs = 1000, (100 if quick else 500)
    n_sub = 5 if quick else 10  # sklearn networks per timing block (two blocks)
    default_threads = torch.get_num_threads()
    warm_up()  # torch's one-time imports (first optimiser) are not part of either side
    train_shallow_networks(X, y, n_networks=10, n_hidden=10, activation="tanh", max_iter=2, device="cpu")

    def ours(threads):
        torch.set_num_threads(threads)
        try:
            return _timed(lambda: train_shallow_networks(
                X, y, n_networks=n_networks, n_hidden=10, activation="tanh", max_iter=epochs,
                learning_rate=0.1, device="cpu", random_state=0))
        finally:
            torch.set_num_threads(default_threads)

    def sk_block(seed0):
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore", ConvergenceWarning)
            for i in range(seed0, seed0 + n_sub):
                MLPRegressor(hidden_layer_sizes=(10,), activation="tanh", solver="adam",
                             learning_rate_init=0.1, batch_size=X.shape[0], max_iter=epochs, tol=0.0,
                             n_iter_no_change=epochs + 1, shuffle=False, alpha=0.0,
                             random_state=i).fit(X, y)

    # interleaved: sklearn block, ours on 1 thread, sklearn block, ours on all threads
    _, w_sk1, c_sk1 = _timed(lambda: sk_block(0))
    res, w_1, c_1 = ours(1)
    _, w_sk2, c_sk2 = _timed(lambda: sk_block(n_sub))
    _, w_all, _ = ours(default_threads)
    per = n_networks / (2 * n_sub)
    w_sk, c_sk = (w_sk1 + w_sk2) * per, (c_sk1 + c_sk2) * per
    r1, r_all = w_sk / w_1, w_sk / w_all
    print(f"(b) {n_networks} networks x 10 tanh units, {epochs} full-batch Adam epochs, CPU")
    print(f"    sklearn MLPRegressor loop, 1 thread : {w_sk:.2f} s wall, {c_sk:.2f} s CPU "
          f"(timed on {2 * n_sub} networks in two blocks, extrapolated x{per:.0f}; its BLAS threads "
          f"do not help at this size)")
    print(f"    sknnmath batched, 1 thread          : {w_1:.2f} s wall, {c_1:.2f} s CPU; "
          f"median final loss {np.median(res['loss']):.2e}")
    print(f"    sknnmath batched, {default_threads} thread(s) (default): {w_all:.2f} s wall")
    print(f"    ratio (sklearn / sknnmath)          : {r1:.1f}x on 1 thread each (CPU time "
          f"{c_sk / c_1:.1f}x), {r_all:.1f}x with torch's default {default_threads} thread(s)")
    print(f"    bar (>= 20x): {'met' if r1 >= 20 else 'NOT met'} core for core"
          f"{'' if default_threads == 1 else ', ' + ('met' if r_all >= 20 else 'NOT met') + ' with default threads'}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="short run (subsets, fewer epochs)")
    args = p.parse_args()
    bench_spectrum(args.quick)
    bench_networks(args.quick)
