"""BallNet forward pass vs the closed form min_j ReLU(w_j.x + b_j) in NumPy.

Issue bar: on 10^6 points at n = 8 (256 facets, depth 17) the literal torch network
(fixed ±1/2 / ±1 layers) must not be slower than evaluating
``np.maximum(X @ W.T + b, 0).min(1)`` in NumPy. Both run chunk by chunk (same chunk
size), in the same process, on the same number of threads, interleaved.
Usage: python benchmarks/bench_ballnet.py [--quick] [--device cpu|cuda] [--threads 1]
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from _common import interleaved  # noqa: E402

from sknnmath.ballnet import BallNetModule, facet_offsets, sphere_points  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--dims", type=int, nargs="+", default=[2, 5])
    ap.add_argument("--chunk", type=int, default=8192)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:  # pragma: no cover
        pass
    n_points = 100_000 if args.quick else 1_000_000
    repeat = 1 if args.quick else args.repeat
    dev = torch.device(args.device)
    m = 2**args.depth
    print(f"n_points={n_points} depth n={args.depth} (m={m} facets, {2 * args.depth + 1} layers) "
          f"threads={args.threads} device={dev} chunk={args.chunk}")
    print(f"{'d':>2} {'dtype':>8} {'path':>9} {'torch s':>9} {'numpy s':>9} {'numpy/torch':>12} "
          f"{'max|diff|':>10}")
    for d in args.dims:
        rng = np.random.default_rng(0)
        X = rng.uniform(-1.5, 1.5, size=(n_points, d))
        U = sphere_points(m, d, random_state=0)
        W, b = -U, facet_offsets(U, 1.0)
        for np_dtype, t_dtype in [(np.float32, torch.float32), (np.float64, torch.float64)]:
            Xn, Wn, bn = X.astype(np_dtype), W.astype(np_dtype), b.astype(np_dtype)
            net = BallNetModule(d, args.depth, dtype=t_dtype).to(dev)
            with torch.no_grad():
                net.weight.copy_(torch.from_numpy(Wn))
                net.bias.copy_(torch.from_numpy(bn))
            Xt = torch.from_numpy(Xn).to(dev)

            def make_run(literal):
                def run_torch():
                    with torch.no_grad():
                        out = torch.cat([net(Xt[s:s + args.chunk], literal=literal)
                                         for s in range(0, n_points, args.chunk)])
                    if dev.type == "cuda":
                        torch.cuda.synchronize()
                    return out
                return run_torch

            def run_numpy():
                return np.concatenate([np.maximum(Xn[s:s + args.chunk] @ Wn.T + bn, 0).min(1)
                                       for s in range(0, n_points, args.chunk)])

            runs = {"torch": make_run(None), "torch literal": make_run(True), "numpy": run_numpy}
            for f in runs.values():
                f()  # warm-up
            best, outs = interleaved(runs, repeat=repeat)
            for key in ("torch", "torch literal"):
                diff = float(np.abs(outs[key].cpu().numpy() - outs["numpy"]).max())
                label = "inference" if key == "torch" else "literal"
                print(f"{d:>2} {np.dtype(np_dtype).name:>8} {label:>9} {best[key]:>9.3f} "
                      f"{best['numpy']:>9.3f} {best['numpy'] / best[key]:>12.2f} {diff:>10.1e}")
    print("ratio numpy/torch >= 1 means the torch network is not slower than NumPy. 'inference' is\n"
          "the default no-grad forward (each pair block evaluated through its exact min identity);\n"
          "'literal' runs the +-1/2 and +-1 layers as matrix products (the training path).")


if __name__ == "__main__":
    main()
