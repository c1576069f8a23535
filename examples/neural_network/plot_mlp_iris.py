"""
======================================================
Iris: squared error vs cross-entropy, SGD vs Adam
======================================================

Document 002 (Tomiya) trains a small network on the iris data with one-hot
targets and a softmax output, first with the squared error and then with the
softmax cross-entropy, and introduces SGD, Momentum, RMSprop and Adam. This
example trains a 4-16-3 ReLU network with each loss and each of SGD and Adam
on the same stratified train/validation/test split, draws the training and
validation loss curves (the validation curve is recorded by the
:class:`~sknnmath.callbacks.HeldOutLoss` skorch callback passed through
``callbacks=``) and prints the test-accuracy table.

Run it from the command line with ``sknnmath reproduce mlp-iris``.
"""

# %%
# Run the reproduction (quick mode when ``SKNNMATH_QUICK=1``).
import matplotlib.pyplot as plt

from sknnmath.base import is_quick
from sknnmath.reproduce import run

result = run("mlp-iris", quick=is_quick(), device="auto")

# %%
# The accuracy table, row by row.
for row in result.tables["test accuracy"]:
    print(f"{row['loss']:>24s} {row['optimizer']:>5s}: test accuracy {row['test acc']:.3f}")

# %%
# Loss curves: solid = training, dashed = validation.
result.figures["loss_curves"]
plt.show()
