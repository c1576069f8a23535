"""
The global optimum of a shallow network is the shrunk ridgelet transform
========================================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as transport),
eqs. (6)-(8): back-propagation with an L2 penalty ``beta`` on the output-weight function
``gamma(a, b)`` of ``S[gamma](x) = ∫ gamma(a, b) sigma(a x - b) da db`` has the global
optimum ``gamma* = (beta + 1)^-1 R[f]``.

The factor ``(beta + 1)^-1`` needs ``S S* = Id``. With Lebesgue measures (``G = L2(da db)``,
``F = L2(dx)``) the adjoint is ``S* f = R[f; sigma]``, and ``S S* = <<sigma, sigma>> Id``: the
formula is exact for an activation that is admissible with itself and normalised — here
the Ricker wavelet ``(1 - z^2) exp(-z^2/2) / sqrt(2 pi)``. Hidden parameters are fixed on an
(a, b) grid (cell area ``da db``), the output weights ``c = gamma da db`` are trained by
gradient descent with the penalty, and compared with ``(beta + 1)^-1 R[f]``. The same
problem with ReLU units and document 001's admissible ReLU ridgelets shows why the
document needs its RKHS: ``<<ReLU, ReLU>>`` is infinite.
"""

# %%
# Problem (6) on a grid of hidden parameters
# ------------------------------------------
import numpy as np
import pandas as pd
import torch

from sknnmath.base import is_quick
from sknnmath.datasets import make_sine_grid
from sknnmath.plotting import RidgeletOptimumDisplay
from sknnmath.ridgelet import (
    optimum_features,
    optimum_grid,
    relative_l2,
    ridge_optimum,
    train_optimum,
)

quick = is_quick()
X, y = make_sine_grid()
dx, betas = 0.01, [0.01, 0.1, 1.0, 10.0]
rows, maps = [], None
for a_max, step in ([(5.0, 0.8), (10.0, 0.8)] if quick else
                    [(5.0, 0.4), (10.0, 0.8), (10.0, 0.4), (20.0, 0.4)]):
    a, b = optimum_grid(a_max, step)
    cell = step**2
    Phi = optimum_features(X, a, b, "ricker")  # normalised Ricker units sigma(a x - b)
    R = (dx * Phi.T @ torch.as_tensor(y)).numpy()  # R[f; sigma] by the data quadrature
    gamma_gd, _ = train_optimum(Phi, y, dx, cell, betas, max_iter=150 if quick else 400)
    for i, beta in enumerate(betas):
        gamma_cf = ridge_optimum(Phi, y, dx, cell, beta)
        rows.append({"a_max": a_max, "grid step": step, "beta": beta,
                     "GD vs (beta+1)^-1 R[f]": relative_l2(gamma_gd[i], R / (1 + beta)),
                     "GD vs closed form": relative_l2(gamma_gd[i], gamma_cf)})
        if a_max == 10.0 and beta == 1.0:
            maps = (a, b, gamma_gd[i].reshape(len(a), len(b)), (R / 2).reshape(len(a), len(b)))
table = pd.DataFrame(rows)
print(table.to_string())

# %%
# Trained output weights vs (beta + 1)^-1 R[f]
# --------------------------------------------
# The window of a, not the grid density, sets the remaining difference.
RidgeletOptimumDisplay(a_grid=maps[0], b_grid=maps[1], trained=maps[2], theory=maps[3],
                       beta=1.0, table=table).plot()

# %%
# Document 001's ReLU pair on the same L2 problem
# -----------------------------------------------
# With ReLU units the optimum is not (beta + 1)^-1 R[f; rho_k]: <<ReLU, ReLU>> is infinite.
from sknnmath.ridgelet import ridgelet_function, ridgelet_transform

a, b = optimum_grid(5.0, 0.8)
Phi = optimum_features(X, a, b, "relu")
for k in (0, 1):
    R = ridgelet_transform(X, y, a, b, ridgelet_function("relu", 1, k), device="cpu").ravel()
    diffs = [relative_l2(ridge_optimum(Phi, y, dx, 0.64, beta), R / (1 + beta)) for beta in betas]
    print(f"k = {k}: relative difference optimum vs (beta+1)^-1 R[f; rho_k]:", np.round(diffs, 3))
