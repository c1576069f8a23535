"""Benchmark: the work items of the full-size ``double-descent`` reproduction, old vs new.

Issue 12 item: the full-size run took about 7 minutes on an idle 2-core machine and did
not finish its first stage in 40 minutes under load. Profiling (cProfile of one width at
full size, n = 100) showed the time was not in the mathematics: each design is a tiny
float64 solve (a 100 x p Gram matrix), and with the default two BLAS/OpenMP threads per
process such solves run 10-100 times slower on a busy machine (the threads spin against
each other and against other processes). The old path also solved n + 1 right-hand sides
per design (``[X beta, I_n]``) through the estimator to get ``tr(X^+ X^+^T)``.

New path (``sknnmath/overparam/_reproduce.py``): ``isotropic_risk`` — one
:func:`sknnmath._linalg.lstsq` call with ``solver="eigh"`` per design (the variance
``sigma^2 sum 1/s_j^2`` from the Gram eigenvalues, the bias from one right-hand side), and
every work item runs under ``threadpoolctl.threadpool_limits(1)`` (parallelism comes from
``parallel_map`` across widths instead). Random features: one feature draw per seed at the
largest width, nested column blocks per width, instead of one draw per (ridge, width) fit.

Both paths are timed interleaved in one process on the same designs, with the load average
printed, and the risks are compared (they must agree to ~1e-10).

Usage::

    python benchmarks/bench_double_descent.py            # 10 designs at each full-size width
    python benchmarks/bench_double_descent.py --quick
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved  # noqa: E402

from sknnmath.overparam._reproduce import (  # noqa: E402
    isotropic_risk,
    noise_averaged_risk,
)

N_FULL = 100
GAMMAS_FULL = [0.1, 0.25, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.2, 1.35, 1.5,
               1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0]


def _old(designs, s2):
    return [sum(noise_averaged_risk(X, b, s2, device="cpu")) for X, b in designs]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--designs", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    from threadpoolctl import threadpool_limits

    gammas = [0.5, 2.0, 10.0] if args.quick else GAMMAS_FULL
    designs_per_width = 3 if args.quick else args.designs
    rng = np.random.default_rng(0)
    print(f"load average before: {os.getloadavg()}")
    tot_old = tot_new = 0.0
    worst = 0.0
    for g in gammas:
        p = int(round(g * N_FULL))
        designs = []
        for _ in range(designs_per_width):
            X = rng.standard_normal((N_FULL, p))
            b = rng.standard_normal(p)
            designs.append((X, b / np.linalg.norm(b)))

        def new():
            with threadpool_limits(1):
                return [sum(isotropic_risk(X, b, 0.25)) for X, b in designs]

        t, out = interleaved({"old": lambda: _old(designs, 0.25), "new": new},
                             repeat=args.repeat)
        rel = max(abs(a - b) / abs(a) for a, b in zip(out["old"], out["new"]))
        worst = max(worst, rel)
        tot_old += t["old"] / designs_per_width
        tot_new += t["new"] / designs_per_width
        print(f"p = {p:5d}: old {1e3 * t['old'] / designs_per_width:8.2f} ms/design, "
              f"new {1e3 * t['new'] / designs_per_width:7.2f} ms/design, "
              f"ratio {t['old'] / t['new']:6.1f}, max rel. diff {rel:.1e}")
    print(f"stage (a) per design summed over {len(gammas)} widths: old {tot_old:.3f} s, "
          f"new {tot_new:.3f} s, ratio {tot_old / tot_new:.1f}; x 200 designs: old "
          f"{200 * tot_old:.0f} s, new {200 * tot_new:.1f} s (one process)")
    print(f"risks agree to {worst:.1e} (relative); load average after: {os.getloadavg()}")
    if not math.isfinite(worst) or worst > 1e-8:
        raise SystemExit("old and new risks differ")
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"[{time.perf_counter() - t0:.1f} s]")
