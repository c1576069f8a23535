"""Benchmark: MinNormInterpolator against its FLOP floor and against scikit-learn.

Two ratios, both measured in one process on the same array with the same BLAS:

1. **Floor** (issue 11): ``MinNormInterpolator(fit_intercept=False).fit`` at n = 4000,
   p = 40000 float64 against numpy's ``X @ X.T`` on the same array (numpy uses the
   symmetric rank-k kernel ``syrk`` for that product: the FLOP floor of the dual
   min-norm solve). Bar: ratio <= 1.25.
2. **Peer**: scikit-learn ``LinearRegression(fit_intercept=False)`` (``scipy.linalg.lstsq``,
   the SVD driver gelsd) at n = 2000, p = 20000, with the relative coefficient difference.

The two runs are interleaved (round-robin, best of ``--repeat``) so that load from other
processes on a shared machine hits both sides alike. ``OPENBLAS_*`` / ``OMP_*`` variables
are printed, because they change numpy's BLAS speed for both sides.

Usage::

    python benchmarks/bench_min_norm.py            # both bars (X is 1.28 GB at n=4000, p=40000)
    python benchmarks/bench_min_norm.py --quick    # n=1000, p=10000 and n=500, p=5000
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LinearRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved  # noqa: E402

from sknnmath._backend import cuda_available  # noqa: E402
from sknnmath.overparam import MinNormInterpolator  # noqa: E402


def _data(n, p, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = X @ (rng.standard_normal(p) / np.sqrt(p)) + 0.5 * rng.standard_normal(n)
    return X, y


def bench_floor(n, p, repeat):
    """Ratio of the fit to numpy's syrk product X @ X.T on the same array."""
    X, y = _data(n, p)
    MinNormInterpolator(device="cpu").fit(X[:50, :200], y[:50])          # warm-up
    t, out = interleaved({
        "numpy X @ X.T (syrk)": lambda: X @ X.T,
        "MinNormInterpolator.fit": lambda: MinNormInterpolator(fit_intercept=False,
                                                               device="cpu").fit(X, y),
    }, repeat=repeat)
    est = out["MinNormInterpolator.fit"]
    resid = np.linalg.norm(est.predict(X) - y) / np.linalg.norm(y)
    ratio = t["MinNormInterpolator.fit"] / t["numpy X @ X.T (syrk)"]
    print(f"\nfloor: n={n}, p={p}, float64 ({X.nbytes / 1e9:.2f} GB), best of {repeat}")
    for k, v in t.items():
        print(f"  {k:40s} {v:8.3f} s")
    print(f"  ratio fit / (X @ X.T) = {ratio:.3f}   (bar <= 1.25: "
          f"{'MET' if ratio <= 1.25 else 'NOT MET'}); solver={est.solver_}, "
          f"relative training residual {resid:.1e}")
    return ratio


def bench_peer(n, p, repeat):
    """Speed-up over scikit-learn's LinearRegression and the coefficient agreement."""
    X, y = _data(n, p, seed=1)
    t, out = interleaved({
        "scikit-learn LinearRegression": lambda: LinearRegression(fit_intercept=False).fit(X, y),
        "MinNormInterpolator.fit": lambda: MinNormInterpolator(device="cpu").fit(X, y),
    }, repeat=repeat)
    ref = out["scikit-learn LinearRegression"].coef_
    rel = np.linalg.norm(out["MinNormInterpolator.fit"].coef_ - ref) / np.linalg.norm(ref)
    speed = t["scikit-learn LinearRegression"] / t["MinNormInterpolator.fit"]
    print(f"\npeer: n={n}, p={p}, float64, best of {repeat}")
    for k, v in t.items():
        print(f"  {k:40s} {v:8.3f} s")
    print(f"  speed-up over LinearRegression(fit_intercept=False) = {speed:.1f}x, "
          f"relative coefficient difference {rel:.1e}")
    if cuda_available():
        Xg = torch.from_numpy(X)
        MinNormInterpolator(device="cuda").fit(X[:50, :100], y[:50])      # warm-up
        tg, _ = interleaved({"cuda": lambda: MinNormInterpolator(device="cuda").fit(Xg, y)},
                            repeat=max(repeat, 3))
        print(f"  MinNormInterpolator(device='cuda').fit {tg['cuda']:8.3f} s "
              f"(incl. host-to-device copy)")
    return speed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller problems")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items()
           if k.startswith(("OPENBLAS", "OMP_", "MKL_", "GOTO"))}
    print(f"BLAS environment: {env or 'none set'}; numpy {np.__version__}, "
          f"torch threads {torch.get_num_threads()}")
    if args.quick:
        bench_floor(1000, 10000, args.repeat)
        bench_peer(500, 5000, args.repeat)
        return
    bench_floor(4000, 40000, args.repeat)
    bench_peer(2000, 20000, args.repeat)


if __name__ == "__main__":
    main()
