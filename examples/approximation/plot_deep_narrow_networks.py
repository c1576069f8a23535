"""
Deep narrow ReLU networks: width d_x versus d_x + 1
===================================================

Document 004 quotes a universal approximation theorem for deep narrow networks
as "width ``max{d_x + 2, d_y + 2}``, uniform norm, any non-polynomial activation"
and attributes it to Park et al. (2021). What Park, Yun, Lee & Shin prove for
ReLU is sharper and different: the minimum width for universal approximation in
``L^p`` is exactly ``max{d_x + 1, d_y}``
(:func:`~sknnmath.approximation.park_minimum_width`); width ``d_x`` fails at any
depth. We train ReLU networks of width 2 (= ``d_x``), 3 (= ``d_x + 1``) and 5 on a
2-D Gaussian bump, every width and seed of one depth in one engine call.
"""

# %%
import numpy as np

from sknnmath.approximation import fit_batched_mlps, park_minimum_width
from sknnmath.base import is_quick
from sknnmath.plotting import create_axes, integer_ticks, legend_outside, set_labels


def bump(X):
    return np.exp(-(X**2).sum(axis=1) / (2 * 0.35**2))


widths = np.array([2, 3, 5])
depths = (3, 6) if is_quick() else (3, 6, 12)
n_seeds = 3 if is_quick() else 8
rng = np.random.default_rng(0)
X, Xt = rng.uniform(-1, 1, (1024, 2)), rng.uniform(-1, 1, (4096, 2))
print(f"Park et al.'s minimum width for d_x = 2, d_y = 1: {park_minimum_width(2, 1)}")
fig, ax = create_axes(width=5.6, height=4.0)
for depth in depths:
    w_all = np.repeat(widths, n_seeds)
    fit = fit_batched_mlps(X, bump(X), (widths.max(),) * depth, widths=w_all, learning_rate=3e-3,
                           max_iter=600 if is_quick() else 4000, device="auto", random_state=depth)
    err = np.sqrt(np.mean((fit.predict(Xt) - bump(Xt)) ** 2, axis=1))
    best = [err[w_all == w].min() for w in widths]
    print(f"{depth} hidden layers: best L2 error by width {dict(zip(widths.tolist(), np.round(best, 4)))}")
    ax.plot(widths, best, "o-", ms=4, label=f"{depth} hidden layers, best of {n_seeds} seeds")
ax.axvline(park_minimum_width(2, 1), color="k", ls=":", lw=1, label="minimum width d_x + 1 = 3")
ax.set_yscale("log")
integer_ticks(ax, "x")
set_labels(ax, "width of every hidden layer", "L² error on [−1, 1]²", "Deep narrow ReLU networks")
legend_outside(ax)
