"""
Vanishing gradients in deep sigmoid networks, and three remedies
================================================================

Document 002 (Tomiya, a lecture on training neural networks for physicists)
explains with its backpropagation formula (eq. (65)) why deep sigmoid networks
stop learning: every layer multiplies the back-propagated error by
sigma'(u) <= 1/4, so the gradient of the input layer's weights shrinks
geometrically with depth. The remedies it lists are ReLU, skip connections
and batch normalisation.

We train :class:`~sknnmath.neural_network.MLPClassifier` networks of growing
depth on document 000's disc-classification task, record every layer's
gradient norm with the :class:`~sknnmath.callbacks.GradientNormRecorder`
callback, evaluate :func:`~sknnmath.neural_network.layer_gradient_norms` and the
bound of :func:`~sknnmath.neural_network.sigmoid_gradient_bound`, and count
which networks train. ``sknnmath reproduce vanishing-gradients`` runs the full
study: depths 2 to 30, 20 seeds per setting trained at once as batched networks.
"""

# %%
# Per-layer gradient norms at initialisation
# ------------------------------------------
# With ``batch_size="full"`` the recorder's first row is the gradient of the
# training loss at the initial weights.
import numpy as np

from sknnmath.base import is_quick
from sknnmath.callbacks import GradientNormRecorder
from sknnmath.datasets import make_ball
from sknnmath.neural_network import MLPClassifier, layer_gradient_norms, sigmoid_gradient_bound
from sknnmath.plotting import CurvesDisplay, LayerGradientDisplay, subplots

X, y = make_ball(128 if is_quick() else 256, random_state=0)
variants = {
    "sigmoid": dict(activation="sigmoid"),
    "tanh": dict(activation="tanh"),
    "ReLU": dict(activation="relu"),
    "sigmoid + skip": dict(activation="sigmoid", skip_connections=True),
    "sigmoid + batch norm": dict(activation="sigmoid", batch_norm=True),
    "ReLU + skip": dict(activation="relu", skip_connections=True),
}
depth, width = (6 if is_quick() else 12), 16
epochs = 80 if is_quick() else 300


def network(depth, **kw):
    return MLPClassifier(hidden_layer_sizes=(width,) * depth, solver="adam", learning_rate=0.01,
                         max_iter=epochs, tol=0.0, n_iter_no_change=epochs, random_state=0,
                         device="cpu", callbacks=[GradientNormRecorder()], **kw)


fitted = {name: network(depth, **kw).fit(X, y) for name, kw in variants.items()}
at_init = {name: clf.gradient_norms_[0] for name, clf in fitted.items()}
for name, g in at_init.items():
    print(f"{name:22s} ||dL/dW_1|| / ||dL/dW_out|| at initialisation = {g[0] / g[-1]:.2e}")

# %%
# The bound (1/4)^(L+1-l) prod ||W_k||_2 holds at any parameters; we check it at
# the trained sigmoid network's weights against the exact norms.
sig = fitted["sigmoid"]
exact = layer_gradient_norms(sig, X, y)
bound = sigmoid_gradient_bound(sig.coefs_, sig.intercepts_, X, np.searchsorted(sig.classes_, y),
                               loss="cross_entropy")
print("bound holds for every layer:", bool(np.all(exact <= bound)))

# %%
# Which depths still train?
# -------------------------
depths = [2, 6] if is_quick() else [2, 4, 8, 12, 16]
accuracy = {name: [(fitted[name] if d == depth else network(d, **kw).fit(X, y)).score(X, y)
                   for d in depths]
            for name, kw in variants.items()}
for name, acc in accuracy.items():
    print(f"{name:22s} training accuracy by depth {depths}: {np.round(acc, 3).tolist()}")

fig, axes = subplots(1, 3, width=5.0, height=4.0)
LayerGradientDisplay(at_init).plot(ax=axes[0, 0], legend_where="below",
                                   title=f"gradient norm per layer at initialisation, depth {depth}")
LayerGradientDisplay({"sigmoid, trained": exact},
                     bounds={"bound (1/4)^(L+1-l) prod ||W_k||_2": bound}).plot(
    ax=axes[0, 1], legend_where="below", title="trained sigmoid network: exact norms vs bound")
CurvesDisplay({name: {"x": depths, "y": acc, "style": {"marker": "o"}} for name, acc in accuracy.items()},
              xlabel="depth (number of hidden layers)", ylabel="training accuracy",
              integer_x=True).plot(ax=axes[0, 2], legend_where="below",
                                   title="training accuracy after Adam (one seed)")
