r"""
Backpropagation by hand for a bias-free 3-layer network
=======================================================

Document 002 (Tomiya, a lecture on training neural networks for physicists)
derives backpropagation for the bias-free network

.. math::

    f(x) = \sigma(W^{(2)} z), \qquad z = \sigma(W^{(1)} x)

with the logistic :math:`\sigma` and the loss
:math:`L = \tfrac12 \sum_d \lVert y_d - f(x_d)\rVert^2`. The chain rule gives
(eqs. (60) and (65) of the document, with :math:`\partial L/\partial f_k = f_k - y_k`)

.. math::

    \frac{\partial L}{\partial w^{(2)}_{ab}} = \sum_d (f_a - y_a)\,\sigma'(u^{(2)}_a)\, z_b,
    \qquad
    \frac{\partial L}{\partial w^{(1)}_{ab}} = \sum_d \sum_k (f_k - y_k)\,\sigma'(u^{(2)}_k)\,
    w^{(2)}_{ka}\,\sigma'(u^{(1)}_a)\, x_b .

The error of the output layer travels back through :math:`W^{(2)}` and picks up
one factor :math:`\sigma' \le 1/4` per layer — the seed of the vanishing
gradients of deep sigmoid networks. (The document writes
:math:`\delta_{bl}` for :math:`\delta_{bh}` in its eq. (63) and bounds
:math:`\sigma'` only by 1.)

:func:`~sknnmath.neural_network.backprop_bias_free_3layer` evaluates these
formulas in numpy; we compare them with torch's autograd and then train the
network by the gradient method of eq. (46) with the hand-made gradients.
"""

# %%
# The formulas against autograd (float64)
# ---------------------------------------
import numpy as np
import torch

from sknnmath.base import is_quick
from sknnmath.neural_network import backprop_bias_free_3layer, logistic
from sknnmath.plotting import CurvesDisplay, subplots

rng = np.random.default_rng(0)
n_in, n_hidden, n_out, n = 4, 8, 3, 50
W1 = rng.normal(size=(n_hidden, n_in))
W2 = rng.normal(size=(n_out, n_hidden))
X = rng.normal(size=(n, n_in))
Y = rng.uniform(size=(n, n_out))

dW1, dW2 = backprop_bias_free_3layer(W1, W2, X, Y)

T1 = torch.tensor(W1, requires_grad=True)
T2 = torch.tensor(W2, requires_grad=True)
f = torch.sigmoid(torch.sigmoid(torch.tensor(X) @ T1.T) @ T2.T)
(0.5 * ((torch.tensor(Y) - f) ** 2).sum()).backward()
print(f"max |dL/dW1 by hand - autograd| = {np.abs(dW1 - T1.grad.numpy()).max():.2e}")
print(f"max |dL/dW2 by hand - autograd| = {np.abs(dW2 - T2.grad.numpy()).max():.2e}")

# %%
# Training with the hand-made gradients (eq. (46))
# ------------------------------------------------
# Targets from a "teacher" network of the same form; gradient descent
# w <- w - eps dL/dw with the gradients above.
V1, V2 = rng.normal(size=(n_hidden, n_in)), rng.normal(size=(n_out, n_hidden))
Y = logistic(logistic(X @ V1.T) @ V2.T)
W1, W2 = 0.5 * rng.normal(size=(n_hidden, n_in)), 0.5 * rng.normal(size=(n_out, n_hidden))
eps, steps = 0.5, 300 if is_quick() else 3000
losses, g1, g2 = [], [], []
for _ in range(steps):
    F = logistic(logistic(X @ W1.T) @ W2.T)
    losses.append(0.5 * np.sum((Y - F) ** 2) / n)
    dW1, dW2 = backprop_bias_free_3layer(W1, W2, X, Y)
    g1.append(np.linalg.norm(dW1) / n)
    g2.append(np.linalg.norm(dW2) / n)
    W1, W2 = W1 - eps * dW1 / n, W2 - eps * dW2 / n
print(f"loss {losses[0]:.4f} -> {losses[-1]:.2e} after {steps} gradient steps")
print(f"median ||dL/dW1|| / ||dL/dW2|| = {np.median(np.array(g1) / np.array(g2)):.3f}")

fig, axes = subplots(1, 2, width=5.2, height=3.9)
CurvesDisplay({"training loss (1/N) sum 1/2 ||y - f||^2": losses}, xlabel="gradient step",
              ylabel="loss", yscale="log", xscale="log").plot(
    ax=axes[0, 0], title="gradient descent with the by-hand gradients", legend_where="below")
CurvesDisplay({"||dL/dW1|| (input layer)": g1, "||dL/dW2|| (output layer)": g2},
              xlabel="gradient step", ylabel="gradient norm per sample", yscale="log",
              xscale="log").plot(ax=axes[0, 1], title="gradient norm of each weight matrix",
                                 legend_where="below")
