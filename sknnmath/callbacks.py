"""Public skorch callbacks for sknnmath's training engine.

Pass them to any estimator that accepts ``callbacks`` (``MLPClassifier``,
``MLPRegressor``, ``DenoisingAutoencoder`` ...); they receive the engine's skorch
net and write into its history.
"""

from __future__ import annotations

import numpy as np
import torch
from skorch.callbacks import Callback

__all__ = ["HeldOutLoss"]


class HeldOutLoss(Callback):
    """skorch callback recording the training criterion on held-out data each epoch.

    Works with any sknnmath estimator that accepts ``callbacks``; the values are
    the same loss the network is trained on (without penalties), so training
    and held-out curves are comparable.

    Parameters
    ----------
    X, y : array-like
        Held-out data, already encoded as the estimator encodes its targets
        (integer class indices for classifiers).
    name : str, default="heldout_loss"
        Key written into skorch's history.

    Attributes
    ----------
    curve : list of float
        The held-out loss after each epoch.

    See Also
    --------
    sknnmath.neural_network.MLPClassifier : accepts ``callbacks=[HeldOutLoss(...)]``.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.callbacks import HeldOutLoss
    >>> from sknnmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1); y = X.ravel()
    >>> held = HeldOutLoss(X[:10], y[:10].reshape(-1, 1))
    >>> reg = MLPRegressor(hidden_layer_sizes=(8,), max_iter=5, callbacks=[held],
    ...                    random_state=0, device="cpu").fit(X, y)
    >>> len(held.curve)
    5
    """

    def __init__(self, X, y, name="heldout_loss"):
        self.X = X
        self.y = y
        self.name = name

    def initialize(self):
        self.curve = []
        return self

    def on_epoch_end(self, net, **kwargs):
        X = torch.as_tensor(np.asarray(self.X), dtype=next(net.module_.parameters()).dtype,
                            device=net.device)
        y = torch.as_tensor(np.asarray(self.y), device=net.device)
        if y.is_floating_point():
            y = y.to(X.dtype)
        was_training = net.module_.training
        net.module_.eval()
        with torch.no_grad():
            value = float(net.get_loss(net.infer(X), y, training=False))
        net.module_.train(was_training)
        net.history.record(self.name, value)
        self.curve.append(value)
