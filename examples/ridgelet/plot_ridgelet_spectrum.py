"""
Ridgelet spectrum vs backprop-trained parameters
================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as
transport), Figs. 4-5: many shallow networks
``g(x) = sum_j c_j sigma(a_j x - b_j)`` are trained by backprop on
``y = sin 2 pi x`` (``x = -1.00:0.01:1.00``); the cloud of their hidden
parameters ``(a_j, b_j)`` is star-shaped, like the ridgelet transform
``R[f](a, b)`` of the data. We train the networks all at once as one batched
module, compute ``R[f]`` and put a number on the agreement: the share of trained
parameters in the region that holds the top 50 % of ``∫|R[f]|`` (against the
initial parameters and uniform points) and a rank correlation. Then a network
is built with no gradient step at all, by sampling ``(a_j, b_j)`` from
``|R[f]|`` (:class:`~sknnmath.ridgelet.RidgeletRegressor`), and compared with
scikit-learn's backprop ``MLPRegressor``.
"""

# %%
# Many networks trained by backprop, at once
# ------------------------------------------
import numpy as np

from sknnmath.base import is_quick
from sknnmath.datasets import make_sine_grid
from sknnmath.ridgelet import train_shallow_networks

quick = is_quick()
X, y = make_sine_grid()
nets = train_shallow_networks(X, y, n_networks=100 if quick else 1000, n_hidden=10,
                              activation="gaussian", max_iter=100 if quick else 500,
                              learning_rate=0.1, random_state=0, device="cpu")
print(f"{len(nets['loss'])} networks, median final loss {np.median(nets['loss']):.2e}")

# %%
# The ridgelet transform of the data and the agreement
# ----------------------------------------------------
# ``ridgelet_function("gaussian", 1, 1)`` is an admissible ridgelet for the
# Gaussian activation (order k = 1).
from sknnmath.ridgelet import ridgelet_function, ridgelet_transform, spectrum_agreement

rho = ridgelet_function("gaussian", 1, 1)
grid = np.linspace(-10, 10, 121 if quick else 401)
R = ridgelet_transform(X, y, grid, grid, rho, device="cpu")
wide = np.linspace(-30, 30, 161 if quick else 601)
R_wide = ridgelet_transform(X, y, wide, wide, rho, device="cpu")
rows = spectrum_agreement(R, grid, grid, {"trained": (nets["a"], nets["b"]),
                                          "initial": (nets["a0"], nets["b0"])})
for r in rows:
    print(f"{r['points']:<8s} share in the top-50% region {r['share_top50']:.2f} "
          f"(area {r['area_top50']:.2f})  Spearman(density, |R|) {r['spearman']:.2f}")

# %%
# The signed spectrum (with its colourbar) and both parameter clouds, each over
# the outline of the top-50 % region.
from sknnmath.plotting import RidgeletSpectrumDisplay

RidgeletSpectrumDisplay(
    a_grid=grid, b_grid=grid, spectrum=R, wide_grid=wide, wide_spectrum=R_wide,
    points={"initial": (nets["a0"], nets["b0"]), "trained": (nets["a"], nets["b"])},
).plot(title="Hidden parameters of backprop-trained networks vs the ridgelet spectrum of sin 2πx")

# %%
# A network without backpropagation
# ---------------------------------
# Hidden parameters drawn from ``|R[f]|`` ("oracle" sampling); output weights by
# ridge regression, or by the ridgelet quadrature on a grid.
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

from sknnmath.ridgelet import RidgeletRegressor

Xt = np.random.default_rng(0).uniform(-1, 1, (2000, 1))
yt = np.sin(2 * np.pi * Xt[:, 0])
for n_hidden in (50, 200):
    reg = RidgeletRegressor(n_hidden=n_hidden, random_state=0, device="cpu").fit(X, y)
    print(f"RidgeletRegressor(n_hidden={n_hidden}, oracle, ridge)  test R^2 = {reg.score(Xt, yt):.4f}")
grid_net = RidgeletRegressor(n_hidden=100**2, sampling="grid", output="ridgelet",
                             device="cpu").fit(X, y)
print(f"RidgeletRegressor(grid 100x100, output = R[f] quadrature) test R^2 = "
      f"{grid_net.score(Xt, yt):.4f}")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    mlp = MLPRegressor(random_state=0).fit(X, y)
print(f"sklearn MLPRegressor (defaults, backprop)          test R^2 = {mlp.score(Xt, yt):.4f}")
