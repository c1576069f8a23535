"""Benchmark: FourierSeriesClassifier(solver="lstsq") vs numpy.linalg.lstsq on the same features.

Document 000's setting: 2000 uniform points of [-1.5, 1.5]^2 labelled by the unit circle,
half_width 1.5, spherical truncation |k| < N. Our solver (float64 normal equations by
Cholesky in torch, one refinement step) is timed for the WHOLE fit (feature matrix
included); the peer, ``numpy.linalg.lstsq`` (LAPACK gelsd, SVD based), is timed on the
already-built feature matrix. Predictions on 20000 test points are compared.

Usage: ``python benchmarks/bench_fourier.py [--quick] [--n-frequencies 16 23]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sknnmath.datasets import make_ball
from sknnmath.fourier import FourierSeriesClassifier, fourier_feature_matrix


def _best_of(fn, repeats):
    best, out = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench(n_frequencies, n_samples=2000, repeats=3, device="cpu"):
    X, y = make_ball(n_samples, random_state=0)
    Xt, yt = make_ball(20000, random_state=1)

    def ours():
        return FourierSeriesClassifier(n_frequencies, half_width=1.5, device=device).fit(X, y)

    clf = ours()  # warm-up (allocations, BLAS threads)
    Phi = fourier_feature_matrix(torch.as_tensor(X), clf.frequencies_, 1.5,
                                 orthonormal=False).numpy()
    Phit = fourier_feature_matrix(torch.as_tensor(Xt), clf.frequencies_, 1.5,
                                  orthonormal=False).numpy()

    def peer():
        return np.linalg.lstsq(Phi, y.astype(float), rcond=None)[0]

    # Interleave the two so that both see the same background load; keep the best of each.
    t_ours = t_np = np.inf
    for _ in range(repeats):
        t, clf = _best_of(ours, 1)
        t_ours = min(t_ours, t)
        t, coef = _best_of(peer, 1)
        t_np = min(t_np, t)
    f_ours = clf.decision_function(Xt) + 0.5
    f_np = Phit @ coef
    return {
        "N": n_frequencies, "n_terms": clf.n_terms_, "method": clf.solver_method_,
        "ours_s": t_ours, "numpy_lstsq_s": t_np, "speedup": t_np / t_ours,
        "max_abs_pred_diff": float(np.max(np.abs(f_ours - f_np))),
        "labels_identical": bool(np.array_equal(f_ours > 0.5, f_np > 0.5)),
        "acc_ours": float(np.mean((f_ours > 0.5) == (yt == 1))),
        "acc_numpy": float(np.mean((f_np > 0.5) == (yt == 1))),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="one repeat, N = 16 only")
    p.add_argument("--n-frequencies", type=int, nargs="+", default=None)
    p.add_argument("--device", default="cpu")
    args = p.parse_args(argv)
    Ns = args.n_frequencies or ([16] if args.quick else [16, 23])
    repeats = 1 if args.quick else 5
    print(f"torch threads: {torch.get_num_threads()}")
    for n in Ns:
        r = bench(n, repeats=repeats, device=args.device)
        print(f"N={r['N']:>3d} terms={r['n_terms']:>5d} ({r['method']}): ours {r['ours_s']:.4f} s, "
              f"numpy.linalg.lstsq {r['numpy_lstsq_s']:.4f} s, ratio {r['speedup']:.1f}x; "
              f"max |pred diff| {r['max_abs_pred_diff']:.2e}, labels identical: "
              f"{r['labels_identical']}, acc {r['acc_ours']:.4f} / {r['acc_numpy']:.4f}")


if __name__ == "__main__":
    main()
