"""The batched plateau study (document 003) vs a loop of single fits. Issue bar: >= 20x faster.

Ours: ``sknnmath.singularities.train_students`` — S real 2-4-1 tanh students
(standard init) trained as ONE batched network by one engine call, with the
per-model loss recorded every epoch (what the ``plateaus`` reproduction runs).
Peer: the same students fitted one seed at a time with the same estimator
family's public API, ``MLPRegressor(hidden_layer_sizes=(4,), activation="tanh",
solver="sgd", batch_size="full")`` with the same learning rate and epochs (its
stopping rule disabled so that both do the same number of updates; its loss
curve is its per-epoch record). Both run on the CPU in this one process,
interleaved; the load average is printed next to the times.

Usage: python benchmarks/bench_plateaus.py [--quick]
"""

import argparse
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved, warm_up  # noqa: E402

from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from sknnmath.neural_network import MLPRegressor  # noqa: E402
from sknnmath.singularities import make_teacher_data, train_students  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads for both sides (default 1: the 2-core machine is shared; "
                         "OpenMP threads oversubscribed by other jobs slow large ops erratically)")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    warm_up()
    S, epochs = (20, 100) if args.quick else (200, 300)
    data = make_teacher_data(n_samples=100, noise=0.05, random_state=0)
    X, y = data["X"], data["y"]
    lr = 0.5

    def batched():
        return train_students("real", X, y, 4, S, epochs=epochs, learning_rate=lr, random_state=1)["loss"]

    def loop():
        curves = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for s in range(S):
                est = MLPRegressor(hidden_layer_sizes=(4,), activation="tanh", solver="sgd",
                                   learning_rate=lr, batch_size="full", max_iter=epochs, tol=0.0,
                                   n_iter_no_change=epochs, random_state=s, device="cpu").fit(X, y)
                curves.append(est.loss_curve_)
        return curves

    load0 = os.getloadavg()
    best, _ = interleaved({"batched": batched, "loop": loop}, repeat=2 if args.quick else 1)
    load1 = os.getloadavg()
    r = best["loop"] / best["batched"]
    print(f"plateau study, {S} real 2-4-1 tanh students x {epochs} full-batch GD epochs on 100 points:")
    print(f"  one batched engine call {best['batched']:.2f} s, loop of {S} MLPRegressor fits "
          f"{best['loop']:.2f} s -> {r:.1f}x faster (bar >= 20x: {'met' if r >= 20 else 'NOT met'})")
    print(f"  load average before {load0[0]:.1f}, after {load1[0]:.1f} (1 min) on {os.cpu_count()} CPUs, "
          f"torch threads {args.threads}")


if __name__ == "__main__":
    main()
