"""
Jumps across a smooth hypersurface: where depth should pay off
==============================================================

Document 004 cites Imaizumi & Fukumizu: for targets that are smooth on pieces
separated by a smooth hypersurface, deep networks reach a faster rate than any
linear estimator (Fourier series, kernel methods); document 000's Fourier-vs-DNN
comparison is the 2-D case. We draw learning curves (test error against the
sample size ``n``) on ``f(x) = (1 + x₁/2) 1{|x| < r}`` in ``[−1, 1]^d`` for a
Fourier series with the correct period (width by ``GridSearchCV``), Gaussian
kernel ridge (``GridSearchCV``) and ReLU MLPs with two hidden layers (every
width trained at once, width chosen on held-out data), and fit the exponents.
The full study (a non-convex region too, ``d = 2 … 5``) is
``sknnmath reproduce hypersurface-singularity``.
"""

# %%
import numpy as np
from sklearn.kernel_ridge import KernelRidge
from sklearn.model_selection import GridSearchCV

from sknnmath.approximation import (
    fit_batched_mlps,
    fit_loglog_slope,
    hypersurface_rate_exponents,
    hypersurface_target,
)
from sknnmath.base import is_quick
from sknnmath.fourier import FourierSeriesRegressor, lattice_count
from sknnmath.plotting import ApproximationRateDisplay, subplots

dims = (2, 3) if is_quick() else (2, 3, 4)
ns = (200, 400, 800) if is_quick() else (250, 500, 1000, 2000)
widths = np.array([16, 32] if is_quick() else [16, 32, 64])
noise = 0.1
fig, axes = subplots(1, len(dims), width=4.6, height=3.8)
for ax, d in zip(axes[0], dims):
    rng = np.random.default_rng(d)
    Xt = rng.uniform(-1, 1, (4000, d))
    ft = hypersurface_target(Xt)
    mse = {"Fourier series (period 2)": [], "kernel ridge (Gaussian)": [], "MLP (2 hidden ReLU layers)": []}
    for n in ns:
        X = rng.uniform(-1, 1, (n, d))
        y = hypersurface_target(X) + noise * rng.standard_normal(n)
        # truncations N with at most n/2 basis functions (their number grows like N^d)
        Ns = [N for N in range(1, 12) if lattice_count(N, d) <= n // 2]
        four = GridSearchCV(FourierSeriesRegressor(half_width=1.0, alpha=1e-6, device="cpu"),
                            {"n_frequencies": Ns}, cv=3).fit(X, y)
        mse["Fourier series (period 2)"].append(np.mean((four.predict(Xt) - ft) ** 2))
        krr = GridSearchCV(KernelRidge(kernel="rbf"), {"alpha": [1e-3, 1e-2, 1e-1],
                                                       "gamma": [0.5, 2.0, 8.0]}, cv=3).fit(X, y)
        mse["kernel ridge (Gaussian)"].append(np.mean((krr.predict(Xt) - ft) ** 2))
        n_val = n // 5
        fit = fit_batched_mlps(X[n_val:], y[n_val:], (widths.max(), widths.max()), widths=widths,
                               learning_rate=3e-3, max_iter=400 if is_quick() else 1500,
                               device="auto", random_state=n)
        best = np.argmin(np.mean((fit.predict(X[:n_val]) - y[:n_val]) ** 2, axis=1))
        mse["MLP (2 hidden ReLU layers)"].append(np.mean((fit.predict(Xt)[best] - ft) ** 2))
    for name, m in mse.items():
        print(f"d = {d}, {name}: test MSE {np.round(m, 4).tolist()}, "
              f"fitted exponent {fit_loglog_slope(ns, m):.2f}")
    ApproximationRateDisplay({k: (ns, v) for k, v in mse.items()},
                             theory={"MLP (2 hidden ReLU layers)":
                                     hypersurface_rate_exponents(1e6, 1e6, d)["dnn_risk_n"]}).plot(
        ax=ax, xlabel="training sample size n", ylabel="test MSE", title=f"ball target, d = {d}",
        legend=ax is axes[0, -1])
