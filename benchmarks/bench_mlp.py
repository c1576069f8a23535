"""MLPClassifier vs sklearn.neural_network.MLPClassifier on make_ball(2000).

Issue bar: test accuracy >= 0.99 and fit time >= 3x faster than sklearn's
MLPClassifier(hidden_layer_sizes=(64, 64)) at equal or better accuracy (same run).
Usage: python benchmarks/bench_mlp.py [--quick] [--device cpu|cuda]
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLP

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved, warm_up  # noqa: E402

from sknnmath.datasets import make_ball  # noqa: E402
from sknnmath.neural_network import MLPClassifier  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    warm_up()
    X, y = make_ball(2000, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    rows = []
    for seed in range(1 if args.quick else args.seeds):
        ours = MLPClassifier(hidden_layer_sizes=(64, 64), learning_rate=0.03, max_iter=100,
                             random_state=seed, device=args.device)
        # sklearn's defaults (adam, lr 1e-3, batch 200, up to 200 epochs, tol-based stop)
        theirs = SkMLP(hidden_layer_sizes=(64, 64), random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            best, fitted = interleaved({"sknnmath": lambda: ours.fit(Xtr, ytr),
                                        "sklearn": lambda: theirs.fit(Xtr, ytr)},
                                       repeat=1 if args.quick else args.repeat)
        rows.append((seed, best["sknnmath"], fitted["sknnmath"].score(Xte, yte),
                     best["sklearn"], fitted["sklearn"].score(Xte, yte), fitted["sklearn"].n_iter_))
    print(f"{'seed':>4} {'ours s':>8} {'ours acc':>9} {'sklearn s':>10} {'sk acc':>7} {'sk epochs':>9}")
    for r in rows:
        print(f"{r[0]:>4} {r[1]:>8.3f} {r[2]:>9.4f} {r[3]:>10.3f} {r[4]:>7.4f} {r[5]:>9d}")
    t_ours, a_ours = np.mean([r[1] for r in rows]), np.mean([r[2] for r in rows])
    t_sk, a_sk = np.mean([r[3] for r in rows]), np.mean([r[4] for r in rows])
    speed = t_sk / t_ours
    ok = a_ours >= 0.99 and speed >= 3 and a_ours >= a_sk
    print(f"mean: sknnmath {t_ours:.3f} s acc {a_ours:.4f} | sklearn {t_sk:.3f} s acc {a_sk:.4f}")
    print(f"speed-up sklearn/sknnmath = {speed:.2f}x (bar: >= 3x at >= 0.99 and >= sklearn's accuracy)"
          f" -> {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
