"""
Even initialisation and bad local minima of deep ReLU networks (document 003, Nitta)
====================================================================================

Document 003 (Nitta, singularities and complex-valued networks), results (3)–(4):
deep ReLU networks have no bad local minima under two assumptions, and the report
proves that both hold when the density of the parameters is **even**,
p(w) = p(−w) — "even initialisation" — at the start of gradient descent, and, for
very wide networks (the neural-tangent regime, where the parameters barely move),
during the whole training.

We test both statements numerically.

* **A**: many deep, narrow ReLU students fitted to a random ReLU teacher, trained
  many-at-once (one batched module per initialisation law), from two even laws and
  from their folds abs(w) — non-even laws with the same second moment. A student
  ends in a bad minimum when it leaves more than half of the targets' variance
  unexplained.
* **B**: how far an even-initialised network moves, ‖θ_T − θ₀‖/‖θ₀‖, and how
  symmetric its trained weights stay (Kolmogorov–Smirnov distance between W_T and
  −W_T), as the width grows.

``sknnmath reproduce even-init`` runs the same experiment with the full sizes.
"""

# %%
# The laws: even ones and their non-even folds
# ---------------------------------------------
import numpy as np
import torch

import sknnmath.base
from sknnmath.neural_network import build_mlp
from sknnmath.plotting import CurvesDisplay, WeightHistogramDisplay, subplots
from sknnmath.singularities import (
    init_symmetry,
    make_teacher_task,
    train_many_seeds,
    wide_network_movement,
)

quick = sknnmath.base.is_quick()
laws = {"even": True, "he": True, "positive_uniform": False, "half_normal": False}
first_layers = {}
for init in laws:
    net = build_mlp(256, (256,), 1, activation="relu", init=init, dtype=torch.float64,
                    generator=torch.Generator().manual_seed(0))
    W = net.linears[0].weight.detach().numpy()
    first_layers[init] = W
    s = init_symmetry(W)
    print(f"{init:17s} KS(W, -W) = {s['ks']:.3f}  mean/std = {s['mean_std']:+.3f}  "
          f"third moment = {s['skewness']:+.3f}  E w^2 * fan_in = {256 * np.mean(W ** 2):.3f}")

# %%
# A: the share of students that end in a bad minimum
# ---------------------------------------------------
# Each call trains ``n_seeds`` students at once (one batched module, one engine call).
n_seeds, epochs = (12, 30) if quick else (200, 300)
student, teacher = ((4, 4, 4), (8, 8)) if quick else ((4, 4, 4, 4), (8, 8, 8))
X, y = make_teacher_task(32 if quick else 64, 4, teacher, random_state=0)
bad_loss = 0.5
runs = {init: train_many_seeds(X, y, student, init=init, n_seeds=n_seeds, learning_rate=0.02,
                               max_iter=epochs, random_state=1)
        for init in laws}
ecdf = {}
for init, r in runs.items():
    loss = np.sort(r["final_loss"])
    bad = loss > bad_loss
    print(f"{init:17s} ({'even' if laws[init] else 'non-even'}): {bad.mean():6.1%} of {n_seeds} "
          f"students end above {bad_loss} var(y); median loss {np.median(loss):.3f}, "
          f"{r['constant_output'].mean():.1%} dead")
    ecdf[init] = {"x": loss, "y": np.arange(1, loss.size + 1) / loss.size, "band": False,
                  "style": {"ls": "-" if laws[init] else "--", "drawstyle": "steps-post"}}
ecdf[f"threshold {bad_loss}"] = {"x": [bad_loss, bad_loss], "y": [0, 1], "band": False,
                                 "style": {"color": "k", "ls": ":"}}

# %%
# B: wide networks barely move, and their weights stay even
# ---------------------------------------------------------
# Gradient descent with step 4/width in the standard parameterisation: the same
# dynamics as the NTK parameterisation with a fixed step for the hidden and
# output layers.
widths = np.array([16, 32, 64] if quick else [16, 64, 256, 1024, 4096])
Xw, yw = make_teacher_task(32 if quick else 64, 4, teacher, random_state=2)
wide = [wide_network_movement(Xw, yw, int(w), depth=2, init="even", learning_rate=4.0,
                              max_iter=10 if quick else 60, random_state=3) for w in widths]
movement = np.array([r["relative_movement"] for r in wide])
slope, icpt = np.polyfit(np.log(widths), np.log(movement), 1)
print(f"relative movement ~ width^{slope:.2f} over widths {widths.min()}-{widths.max()}")
for r in wide:
    print(f"width {r['width']:5d}: movement {r['relative_movement']:.4f}, loss "
          f"{r['initial_loss']:.3f} -> {r['final_loss']:.3f}, KS(W_T, -W_T) per layer "
          + ", ".join(f"{k:.3f}" for k in r["ks_trained"]))

# %%
# Figures
# -------
fig, axes = subplots(1, 3, width=5.2, height=4.4)
WeightHistogramDisplay({k: v for k, v in first_layers.items()}, zero_tol=1e-4).plot(
    ax=axes[0, 0], title="initial weights of the first layer", legend_where="below")
CurvesDisplay(ecdf, xlabel="final training loss / var(y)",
              ylabel=f"share of {n_seeds} students with a smaller loss", xscale="log").plot(
    ax=axes[0, 1], title="A: final losses by initialisation law", legend_where="below")
layers = ["input layer", "hidden layer 2", "output layer"]
curves = {"relative movement (all parameters)": {"x": widths, "y": movement, "style": {"marker": "o"}},
          f"fit: width^{slope:.2f}": {"x": widths, "y": np.exp(icpt) * widths ** slope,
                                      "style": {"color": "k", "ls": "--"}}}
for k, name in enumerate(layers):
    curves[f"KS(W_T, -W_T), {name}"] = {"x": widths, "y": [r["ks_trained"][k] for r in wide],
                                        "style": {"marker": ".", "ls": ":"}}
CurvesDisplay(curves, xlabel="width of the hidden layers",
              ylabel="relative movement; KS statistic", xscale="log", yscale="log").plot(
    ax=axes[0, 2], title="B: movement and symmetry vs width", legend_where="below")
