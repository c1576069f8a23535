"""
Error decomposition: approximation, generalisation gap, optimisation
====================================================================

Document 004 (Imaizumi) splits the risk of a trained network into three parts,
``R(θ̂) = inf_θ R_n(θ) + [R(θ̂) − R_n(θ̂)] + [R_n(θ̂) − inf_θ R_n(θ)]``:
approximation, complexity (generalisation gap) and optimisation error, and
notes that the classical complexity bound ``O(sqrt(L W log W / n))``
(Anthony & Bartlett) cannot explain practice. We measure the three parts for
one-hidden-layer ReLU MLPs of growing width on a ``β = 2`` periodic target with
noise, all widths and restarts trained at once, and evaluate the bound with
constant 1 and loss range 1 (the most favourable choice).
"""

# %%
import numpy as np

from sknnmath.approximation import SmoothPeriodicTarget, anthony_bartlett_bound, fit_batched_mlps
from sknnmath.base import is_quick
from sknnmath.plotting import create_axes, legend_outside, set_labels

d, noise = 2, 0.1
widths = np.array([4, 8, 16, 32] if is_quick() else [4, 8, 16, 32, 64, 128])
n_seeds, n, n_big = (3, 200, 2048) if is_quick() else (6, 500, 16384)
epochs = 400 if is_quick() else 3000
target = SmoothPeriodicTarget(d, beta=2.0, max_frequency=6, random_state=0)
rng = np.random.default_rng(0)
Xt = rng.uniform(size=(4096, d))
w_all = np.repeat(widths, n_seeds)


def train(X, y, seed):
    """Every width and restart in one engine call; inputs centred to [-1, 1]."""
    fit = fit_batched_mlps(2 * X - 1, y, (widths.max(),), widths=w_all, learning_rate=1e-2,
                           max_iter=epochs, device="auto", random_state=seed)
    train_mse = np.mean((fit.predict(2 * X - 1) - y) ** 2, axis=1)
    risk = np.mean((fit.predict(2 * Xt - 1) - target(Xt)) ** 2, axis=1) + noise**2
    return fit, train_mse, risk


# approximation error: the best network on a very large noise-free sample
Xb = rng.uniform(size=(n_big, d))
_, _, risk_big = train(Xb, target(Xb), 1)
# the n-sample fits: gap and optimisation error over restarts
X = rng.uniform(size=(n, d))
fit, train_mse, risk = train(X, target(X) + noise * rng.standard_normal(n), 2)
rows = []
for w in widths:
    s = w_all == w
    W = int(fit.n_params[s][0])
    rows.append((W, (risk_big[s] - noise**2).min(), np.median(risk[s] - train_mse[s]),
                 np.median(train_mse[s] - train_mse[s].min()), anthony_bartlett_bound(W, 2, n)))
    print(f"width {w:4d} (W = {W:5d}): approximation {rows[-1][1]:.4f}, gap {rows[-1][2]:+.4f}, "
          f"optimisation {rows[-1][3]:.4f}, bound {rows[-1][4]:.2f}")
rows = np.array(rows)

# %%
fig, ax = create_axes(width=6.0, height=4.2)
for j, label in enumerate(["approximation error", "generalisation gap (median)",
                           "optimisation error (median)"], start=1):
    ax.plot(rows[:, 0], np.abs(rows[:, j]), "o-", ms=4, label=label)
ax.plot(rows[:, 0], rows[:, 4], "k--", label="Anthony–Bartlett bound, c = 1")
ax.set_xscale("log")
ax.set_yscale("log")
set_labels(ax, "number of parameters W", "error (squared loss)", f"MLP family, n = {n}")
legend_outside(ax)
