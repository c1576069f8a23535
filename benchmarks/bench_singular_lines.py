"""Critical lines (document 003): Hessian along γ_λ for a ~100-parameter network.

A 4-input tanh regressor with 15 hidden units is split into 16 (97 parameters) at
each λ; the Hessian of the squared loss over 200 samples is computed with
``torch.func.hessian`` (what :func:`sknnmath.singularities.critical_line` uses) and,
as the peer, with ``torch.autograd.functional.hessian``.
Issue bar: < 1 s per λ on CPU.
Usage: python benchmarks/bench_singular_lines.py [--quick]
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved, warm_up  # noqa: E402

from sknnmath.neural_network import MLPRegressor  # noqa: E402
from sknnmath.singularities import critical_line, embed_unit, squared_loss_function  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    warm_up()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    y = np.tanh(X @ rng.normal(size=4)) + 0.1 * rng.normal(size=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = MLPRegressor((15,), activation="tanh", max_iter=50, device="cpu", random_state=0).fit(X, y)
    lams = np.linspace(-1, 2, 4 if args.quick else 13)
    big = embed_unit(est, 0, 0, "split", 0.3)
    loss, theta, _ = squared_loss_function(big, X, y)
    print(f"parameters after the split: {theta.numel()}")
    best, outs = interleaved({
        "torch.func.hessian": lambda: torch.func.hessian(loss)(theta),
        "torch.autograd.functional.hessian": lambda: torch.autograd.functional.hessian(loss, theta),
    }, repeat=3)
    assert torch.allclose(outs["torch.func.hessian"], outs["torch.autograd.functional.hessian"], atol=1e-10)
    for k, v in best.items():
        print(f"{k:36s} {v * 1e3:8.1f} ms")
    print(f"ratio autograd.functional / func: {best['torch.autograd.functional.hessian'] / best['torch.func.hessian']:.2f}")
    table, info = critical_line(est, X, y, lams)
    per = info["hessian_seconds"]
    print(f"critical_line: {len(lams)} λ, Hessian {per * 1e3:.1f} ms per λ "
          f"({'meets' if per < 1 else 'misses'} the < 1 s bar)")


if __name__ == "__main__":
    main()
