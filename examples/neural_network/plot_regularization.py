"""
Overfitting, L1/L2 penalties and early stopping
===============================================

Document 002 (Tomiya, a lecture on training neural networks for physicists)
warns that minimising the training error alone overfits, tells the reader to
watch the error on held-out validation data, and adds the penalties
``E_L1 = sum |w|`` and ``E_L2 = 1/2 sum w^2`` over the weight matrices (its eqs.
(34)–(35); LASSO and ridge regression for linear models).

A 64x64 tanh :class:`~sknnmath.neural_network.MLPRegressor` is fitted to 20
noisy samples of sin(2 pi x). The :class:`~sknnmath.callbacks.HeldOutLoss`
callback records the validation loss every epoch; scikit-learn's
``validation_curve`` and ``ValidationCurveDisplay`` choose the penalty weights.
``sknnmath reproduce regularization`` repeats this with 20 data sets and
initialisations trained at once as batched networks.
"""

# %%
# Training and validation curves without a penalty
# ------------------------------------------------
import numpy as np
from sklearn.model_selection import KFold, validation_curve

from sknnmath.base import is_quick
from sknnmath.callbacks import HeldOutLoss
from sknnmath.neural_network import MLPRegressor
from sknnmath.plotting import (
    CurvesDisplay,
    ValidationCurveDisplay,
    WeightHistogramDisplay,
    subplots,
)

rng = np.random.default_rng(0)


def noisy_sine(n):
    x = rng.uniform(0, 1, n)
    return x.reshape(-1, 1), np.sin(2 * np.pi * x) + 0.3 * rng.standard_normal(n)


X, y = noisy_sine(20)
X_val, y_val = noisy_sine(200)
X_test, y_test = noisy_sine(1000)
epochs = 150 if is_quick() else 1500


def network(**penalty):
    return MLPRegressor(hidden_layer_sizes=(64, 64), activation="tanh", init="glorot",
                        learning_rate=0.01, max_iter=epochs, tol=0.0, n_iter_no_change=epochs,
                        random_state=0, device="cpu", **penalty)


held = HeldOutLoss(X_val, y_val.reshape(-1, 1))
free = network(callbacks=[held]).fit(X, y)
stop = int(np.argmin(held.curve))
print(f"no penalty: training loss {free.loss_curve_[-1]:.4f}, validation loss "
      f"min {held.curve[stop]:.4f} at epoch {stop + 1}, final {held.curve[-1]:.4f}")

# %%
# Validation curves over the penalty weights
# ------------------------------------------
alphas = np.array([1e-5, 1e-3, 1e-1] if is_quick() else [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
cv = KFold(3 if is_quick() else 4, shuffle=True, random_state=0)
vc, best = {}, {}
for name in ("alpha_l2", "alpha_l1"):
    tr, te = validation_curve(network(), X, y, param_name=name, param_range=alphas, cv=cv,
                              scoring="neg_mean_squared_error")
    vc[name] = (-tr, -te)
    best[name] = float(alphas[np.argmin(-te.mean(axis=1))])
    print(f"{name}: cross-validated choice {best[name]:g}")

# %%
# Test errors and weights
# -----------------------
fits = {"no penalty": free, f"L2, alpha = {best['alpha_l2']:g}": network(alpha_l2=best["alpha_l2"]).fit(X, y),
        f"L1, alpha = {best['alpha_l1']:g}": network(alpha_l1=best["alpha_l1"]).fit(X, y)}
for name, est in fits.items():
    mse = np.mean((est.predict(X_test) - y_test) ** 2)
    norm = np.sqrt(sum((W ** 2).sum() for W in est.coefs_))
    print(f"{name:22s} test MSE {mse:.4f}  ||W|| = {norm:.2f}")
early = network().set_params(max_iter=stop + 1, n_iter_no_change=stop + 1).fit(X, y)
print(f"{'early stopping':22s} test MSE {np.mean((early.predict(X_test) - y_test) ** 2):.4f}")

fig, axes = subplots(1, 2, width=6.0, height=4.2)
CurvesDisplay({"training loss": free.loss_curve_, "validation loss": held.curve},
              markers={"early stopping (validation minimum)": (stop + 1, held.curve[stop])},
              xlabel="epoch", ylabel="loss (1/N) sum 1/2 (y - f)^2", xscale="log", yscale="log").plot(
    ax=axes[0, 0], legend_where="below", title="20 noisy points: validation loss turns up")
WeightHistogramDisplay({k: np.concatenate([W.ravel() for W in e.coefs_]) for k, e in fits.items()}).plot(
    ax=axes[0, 1], legend_where="below", title="trained weights: L2 shrinks, L1 sparsifies")
fig2, axes2 = subplots(1, 2, width=5.2, height=4.0)
for ax, (name, (tr, te)) in zip(axes2[0], vc.items()):
    ValidationCurveDisplay(param_name=name, param_range=alphas, train_scores=tr, test_scores=te,
                           score_name="mean squared error").plot(ax=ax)
    ax.set_xscale("log")
    ax.set_xlabel(f"{name} (penalty weight)")
    ax.set_title(f"validation curve over {name}")
