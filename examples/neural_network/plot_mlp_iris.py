"""
Iris with few training flowers: losses, optimisers and overfitting
==================================================================

Document 002 (Tomiya, a lecture on training neural networks for physicists)
trains a network on the iris data (150 flowers, 4 features, 3 species) with
one-hot targets and a softmax output, first with the squared error and then
with the softmax cross-entropy (its eq. (43), which omits the minus sign of
L = -sum y log f), names the optimisers SGD, Momentum, RMSprop and Adam, and
tells the reader to watch the validation loss for overfitting.

With only 30 training flowers and a 4-64-64-3 ReLU
:class:`~sknnmath.neural_network.MLPClassifier` the training loss goes to zero
while the validation loss, recorded every epoch by the
:class:`~sknnmath.callbacks.HeldOutLoss` callback, turns up: the overfitting the
document warns about. ``sknnmath reproduce mlp-iris`` trains 20 seeds (own
split, own initialisation) of every configuration at once as batched networks.
"""

# %%
# One split: 30 training, 60 validation and 60 test flowers
# ---------------------------------------------------------
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sknnmath.base import is_quick
from sknnmath.callbacks import HeldOutLoss
from sknnmath.neural_network import MLPClassifier
from sknnmath.plotting import CurvesDisplay, subplots

X, y = load_iris(return_X_y=True)
X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, train_size=30, stratify=y, random_state=0)
X_va, X_te, y_va, y_te = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest,
                                          random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr, X_va, X_te = scaler.transform(X_tr), scaler.transform(X_va), scaler.transform(X_te)

# %%
# Two losses, four optimisers
# ---------------------------
epochs = 40 if is_quick() else 200
rates = {"squared_error": {"sgd": 0.5, "momentum": 0.05, "rmsprop": 0.002, "adam": 0.003},
         "cross_entropy": {"sgd": 0.1, "momentum": 0.01, "rmsprop": 0.002, "adam": 0.003}}
curves = {}
for loss, by_solver in rates.items():
    curves[loss] = {}
    for i, (solver, lr) in enumerate(by_solver.items()):
        held = HeldOutLoss(X_va, y_va)  # classes 0, 1, 2 are their own indices
        clf = MLPClassifier(hidden_layer_sizes=(64, 64), loss=loss, solver=solver, learning_rate=lr,
                            batch_size=15, max_iter=epochs, tol=0.0, n_iter_no_change=epochs,
                            random_state=0, device="cpu", callbacks=[held]).fit(X_tr, y_tr)
        best = int(np.argmin(held.curve))
        print(f"{loss:14s} {solver:8s} train acc {clf.score(X_tr, y_tr):.3f}  test acc "
              f"{clf.score(X_te, y_te):.3f}  validation loss min {held.curve[best]:.3f} "
              f"(epoch {best + 1}) -> final {held.curve[-1]:.3f}")
        curves[loss][f"{solver} train"] = {"y": clf.loss_curve_, "style": {"color": f"C{i}"}}
        curves[loss][f"{solver} validation"] = {"y": held.curve, "style": {"color": f"C{i}", "ls": "--"}}

fig, axes = subplots(1, 2, width=6.0, height=4.2)
for ax, (loss, c) in zip(axes[0], curves.items()):
    CurvesDisplay(c, xlabel="epoch", ylabel=f"{loss.replace('_', ' ')} loss", yscale="log",
                  integer_x=True).plot(ax=ax, legend_where="below",
                                       title=f"{loss.replace('_', ' ')}: training (solid) vs "
                                             "validation (dashed)")
