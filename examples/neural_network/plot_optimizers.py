"""
Optimisers with matched tuning budgets, and why not Newton's method
===================================================================

Document 002 (Tomiya, a lecture on training neural networks for physicists)
starts from Newton's method, theta <- theta - H^-1 grad L (its eq. (28)),
rejects it as too costly, and turns to gradient descent, mini-batch SGD,
Momentum, RMSprop and Adam. Its cost estimate multiplies the layer sizes of a
3-layer 100-unit network, (100x100)^3 = 10^12 parameters; the counts add:
three 100x100 weight matrices hold 3*10^4 parameters and the Hessian
9*10^8 entries (7.2 GB in float64) — still far too many for every step.

We tune the learning rate of each optimiser with the same
:class:`~sklearn.model_selection.GridSearchCV` budget on iris, then run
:func:`~sknnmath.neural_network.newton_minimize` (exact Hessian by
``torch.func``) on tiny networks and time the dense solve as P grows.
``sknnmath reproduce optimizers`` adds document 000's ball and an
ill-conditioned quadratic.
"""

# %%
# The same learning-rate grid for every optimiser
# -----------------------------------------------
import time

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknnmath.base import is_quick
from sknnmath.neural_network import (
    MLPClassifier,
    build_mlp,
    hessian_cost,
    mlp_parameter_count,
    network_loss_function,
    newton_minimize,
)
from sknnmath.plotting import CurvesDisplay, subplots

X, y = load_iris(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
epochs = 15 if is_quick() else 60
grid = [1e-3, 1e-2, 1e-1, 1.0]
optimizers = {"GD (full batch)": ("sgd", "full"), "SGD": ("sgd", 32), "Momentum": ("momentum", 32),
              "RMSprop": ("rmsprop", 32), "Adam": ("adam", 32)}
curves = {}
for name, (solver, batch) in optimizers.items():
    pipe = make_pipeline(StandardScaler(), MLPClassifier(
        hidden_layer_sizes=(16,), solver=solver, batch_size=batch, max_iter=epochs, tol=0.0,
        n_iter_no_change=epochs, random_state=0, device="cpu"))
    search = GridSearchCV(pipe, {"mlpclassifier__learning_rate": grid}, cv=2 if is_quick() else 3,
                          error_score=np.nan).fit(X_tr, y_tr)
    net = search.best_estimator_[-1]
    curves[name] = net.loss_curve_
    print(f"{name:16s} best rate {search.best_params_['mlpclassifier__learning_rate']:<6g} "
          f"CV accuracy {search.best_score_:.3f}  test accuracy {search.score(X_te, y_te):.3f}")

# %%
# Newton's method on a 1-h-1 tanh network
# ---------------------------------------
x = np.linspace(-2, 2, 64).reshape(-1, 1)
t = np.sin(2 * x)
rows = []
for h in ([3, 6] if is_quick() else [3, 6, 12, 24]):
    net = build_mlp(1, (h,), 1, activation="tanh", init="glorot", dtype=torch.float64,
                    generator=torch.Generator().manual_seed(h))
    loss_fn, theta0 = network_loss_function(net, x, t)
    res = newton_minimize(loss_fn, theta0, ftol=1e-3, max_iter=300)
    rows.append((theta0.numel(), res.n_iter, res.seconds, res.hessian_bytes))
    print(f"P = {theta0.numel():4d}: {res.n_iter:3d} Newton steps to L <= 1e-3 in {res.seconds:.2f} s, "
          f"Hessian {res.hessian_bytes / 1e3:.1f} kB")

# %%
# The O(P^3) solve and O(P^2) memory
# ----------------------------------
sizes = [128, 256, 512] if is_quick() else [256, 512, 1024, 2048]
seconds = []
for P in sizes:
    A = torch.randn(P, P, dtype=torch.float64, generator=torch.Generator().manual_seed(P))
    H = A @ A.T / P + torch.eye(P, dtype=torch.float64)
    t0 = time.perf_counter()
    torch.cholesky_solve(torch.ones(P, 1, dtype=torch.float64), torch.linalg.cholesky(H))
    seconds.append(time.perf_counter() - t0)
P_doc = mlp_parameter_count((100, 100, 100, 100), bias=False)
cost = hessian_cost(P_doc)
print(f"document 002's network: P = {P_doc} (not 10^12), Hessian {cost['entries']:.1e} entries "
      f"= {cost['bytes'] / 1e9:.1f} GB, Cholesky {cost['cholesky_flops']:.1e} flops per step")

fig, axes = subplots(1, 2, width=5.4, height=4.0)
CurvesDisplay(curves, xlabel="epoch", ylabel="training cross-entropy (tuned rate)", yscale="log",
              integer_x=True).plot(ax=axes[0, 0], legend_where="below",
                                   title="iris: each optimiser at its tuned learning rate")
CurvesDisplay({"dense Cholesky solve (s)": {"x": sizes, "y": seconds, "style": {"marker": "o"}},
               "Hessian memory (GB)": {"x": sizes, "y": [8 * P * P / 1e9 for P in sizes],
                                       "style": {"marker": "s"}}},
              xlabel="number of parameters P", ylabel="seconds / gigabytes", xscale="log",
              yscale="log").plot(ax=axes[0, 1], legend_where="below",
                                 title="cost of one exact Newton step")
