"""
Deep double descent: MLPs of growing width on digits with label noise
=====================================================================

Document 004 (Imaizumi, approximation, double descent and benign overfitting)
reports that the double descent of linear models was reproduced with deep networks
by Nakkiran et al. ("Deep double descent", 2020): with label noise and training to
convergence, the test error of growing models first falls, then rises to a peak near
the *interpolation threshold* — where the model just manages to fit the noisy training
set — and falls again for larger models.

We train one-hidden-layer :class:`~sknnmath.neural_network.MLPClassifier` networks of
growing width on scikit-learn's digits, with 20 % of the training labels replaced by a
wrong class, with full-batch Adam and no early stopping, and measure the train error
(on the noisy labels) and the test error (on clean labels). ``sknnmath reproduce
deep-double-descent`` runs five seeds per width at once as batched networks and reports
the median.
"""

# %%
# Digits with 20 % label noise
# ----------------------------
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from sknnmath.base import is_quick
from sknnmath.neural_network import MLPClassifier
from sknnmath.plotting import CurvesDisplay

quick = is_quick()
X, y = load_digits(return_X_y=True)
X = X / 16.0
n_train = 200 if quick else 500
X_tr, X_te, y_tr, y_te = train_test_split(X, y, train_size=n_train, stratify=y, random_state=0)
rng = np.random.default_rng(0)
flip = rng.random(n_train) < 0.2
y_noisy = y_tr.copy()
y_noisy[flip] = (y_tr[flip] + rng.integers(1, 10, flip.sum())) % 10   # a wrong class
print(f"{flip.mean():.1%} of the {n_train} training labels are wrong")

# %%
# Width sweep
# -----------
widths = [2, 8, 32, 128] if quick else [2, 4, 8, 12, 16, 24, 32, 64, 128, 256]
epochs = 120 if quick else 2000
train_err, test_err = [], []
# a fixed budget of epochs on purpose (no early stopping): the run's end is not "converged"
warnings.filterwarnings("ignore", category=ConvergenceWarning)
for width in widths:
    clf = MLPClassifier(hidden_layer_sizes=(width,), solver="adam", learning_rate=3e-3,
                        batch_size="full", max_iter=epochs, tol=0.0, n_iter_no_change=epochs,
                        random_state=0, device="cpu").fit(X_tr, y_noisy)
    train_err.append(1 - clf.score(X_tr, y_noisy))
    test_err.append(1 - clf.score(X_te, y_te))
    print(f"width {width:4d} ({65 * width + 10 * (width + 1):6d} parameters): train error "
          f"{train_err[-1]:.3f}, test error {test_err[-1]:.3f}")

fits = [w for w, e in zip(widths, train_err) if e <= 0.1]
print(f"train error <= 0.1 from width {fits[0] if fits else 'none'}; highest test error at "
      f"width {widths[int(np.argmax(test_err))]}")

# %%
# Test error against width
# ------------------------
curves = {"test error (clean labels)": {"x": widths, "y": test_err,
                                        "style": {"marker": "o", "color": "C3"}},
          "train error (noisy labels)": {"x": widths, "y": train_err,
                                         "style": {"marker": "s", "color": "C0"}}}
if fits:
    curves["train error <= 0.1 from here"] = {"x": [fits[0]] * 2, "y": [0, max(test_err)],
                                              "style": {"color": "k", "ls": "--"}}
CurvesDisplay(curves, xlabel="hidden width h", ylabel="classification error",
              xscale="log").plot(title="one-hidden-layer MLPs, 20 % label noise:\n"
                                       "error against width")
