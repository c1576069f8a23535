"""
Ridgelet spectrum vs backprop-trained parameters (document 001, Figs. 4-5)
==========================================================================

Many shallow networks are trained by backprop on y = sin 2 pi x (x = -1.00:0.01:1.00),
all at once as one batched torch module. Their hidden parameters (a_j, b_j) are
compared with abs(R[f](a, b)), the ridgelet transform of the data: the share of
trained parameters in the top-q mass region of abs(R[f]) (vs initial and uniformly
random points) and a rank correlation. Then a network is built with no gradient
step at all, by sampling (a_j, b_j) from abs(R[f]) (``RidgeletRegressor``), and
compared with scikit-learn's backprop ``MLPRegressor`` with default settings.
"""

# %%
# The reproduction: trained parameters vs the spectrum
# ----------------------------------------------------
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

import sknnmath.base
from sknnmath.datasets import make_sine_grid
from sknnmath.reproduce import run
from sknnmath.ridgelet import RidgeletRegressor

result = run("ridgelet-spectrum", quick=sknnmath.base.is_quick(), device="cpu", verbose=True)

# %%
# A network without backpropagation
# ---------------------------------
# Hidden parameters drawn from abs(R[f]) ("oracle" sampling); output weights by ridge.
X, y = make_sine_grid()
Xt = np.random.default_rng(0).uniform(-1, 1, (2000, 1))
yt = np.sin(2 * np.pi * Xt[:, 0])
for n_hidden in (50, 200):
    reg = RidgeletRegressor(n_hidden=n_hidden, random_state=0, device="cpu").fit(X, y)
    print(f"RidgeletRegressor(n_hidden={n_hidden}, oracle, ridge)  test R^2 = {reg.score(Xt, yt):.4f}")
grid = RidgeletRegressor(n_hidden=100**2, sampling="grid", output="ridgelet", device="cpu").fit(X, y)
print(f"RidgeletRegressor(grid 100x100, output = R[f] quadrature) test R^2 = {grid.score(Xt, yt):.4f}")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    mlp = MLPRegressor(random_state=0).fit(X, y)
print(f"sklearn MLPRegressor (defaults, backprop)          test R^2 = {mlp.score(Xt, yt):.4f}")
