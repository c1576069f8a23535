"""Gradient diagnostics of fitted networks (document 002, §III.B–C)."""

from __future__ import annotations

import copy

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor
from ..base import validate_X_y
from ..callbacks import _layer_parameters
from sklearn.utils._param_validation import HasMethods, validate_params

__all__ = ["layer_gradient_norms"]


def _training_loss(estimator, out, X, y):
    """The loss ``estimator`` minimises, evaluated on ``(X, y)`` with float64 outputs."""
    from ._mlp import MLPClassifier, MLPRegressor

    if isinstance(estimator, MLPClassifier):
        classes = estimator.classes_
        idx = np.searchsorted(classes, y)
        if np.any(idx >= len(classes)) or np.any(classes[np.minimum(idx, len(classes) - 1)] != y):
            raise ValueError("y contains labels the estimator was not fitted on.")
        t = torch.as_tensor(idx, device=out.device)
        if estimator.loss == "cross_entropy":
            return torch.nn.functional.cross_entropy(out, t)
        return estimator._squared_error_loss()(out, t)
    if isinstance(estimator, MLPRegressor):
        Y = torch.as_tensor(np.asarray(y, dtype=np.float64).reshape(out.shape[0], -1), device=out.device)
        return 0.5 * (out - Y).pow(2).sum(dim=1).mean()
    raise TypeError(f"unsupported estimator {type(estimator).__name__}")


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def layer_gradient_norms(estimator, X, y):
    """Norms of the training loss's gradient with respect to each layer's weight matrix.

    Evaluated at the fitted parameters of ``estimator`` in float64 by autograd:
    the loss is the one the estimator was trained on (mean over the samples of
    ``(X, y)``, plus its L1/L2 penalties), so with ``batch_size="full"`` the
    result is what :class:`~sknnmath.callbacks.GradientNormRecorder` would
    record for a further epoch. Networks with batch normalisation are evaluated
    in training mode (batch statistics of ``X``), as the loss was during
    training.

    Parameters
    ----------
    estimator : MLPClassifier or MLPRegressor
        A fitted network.
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets (class labels for a classifier).

    Returns
    -------
    norms : ndarray of shape (n_layers,)
        Frobenius norms ‖∂L/∂W_l‖, ordered from the input layer to the output layer.

    See Also
    --------
    sknnmath.callbacks.GradientNormRecorder : The same norms, recorded during training.
    backprop_bias_free_3layer : The gradients written out by hand (document 002, eqs. (44)–(65)).

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002, §III.C (vanishing gradients).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sknnmath.neural_network import MLPClassifier, layer_gradient_norms
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(8, 8), activation="sigmoid", max_iter=5,
    ...                     device="cpu", random_state=0).fit(X, y)
    >>> layer_gradient_norms(clf, X, y).shape
    (3,)
    """
    from ._mlp import MLPClassifier, MLPRegressor

    if not isinstance(estimator, (MLPClassifier, MLPRegressor)):
        raise TypeError(
            "layer_gradient_norms supports MLPClassifier and MLPRegressor; got "
            f"{type(estimator).__name__}. For other engine-trained estimators record the norms "
            "during training with sknnmath.callbacks.GradientNormRecorder."
        )
    check_is_fitted(estimator)
    probe = copy.copy(estimator)  # validate without touching the fitted estimator's attributes
    is_classifier = hasattr(estimator, "classes_")
    X, y = validate_X_y(probe, X, y, reset=False, multi_output=not is_classifier,
                        y_numeric=not is_classifier, min_samples=1)
    builder = getattr(estimator, "_inference_module", None) or getattr(estimator, "_module")
    module = copy.deepcopy(builder()).double()
    if getattr(estimator, "batch_norm", False):
        module.train()  # the training loss uses batch statistics
    module.zero_grad(set_to_none=True)
    device = next(module.parameters()).device
    Xt = as_tensor(X, device, torch.float64)
    out = module(Xt)
    loss = _training_loss(estimator, out, Xt, y)
    layers = [p for _, p in _layer_parameters(module)]
    a2 = float(getattr(estimator, "alpha_l2", 0.0) or 0.0)
    a1 = float(getattr(estimator, "alpha_l1", 0.0) or 0.0)
    if a2 > 0:
        loss = loss + a2 * 0.5 * sum(w.pow(2).sum() for w in layers)
    if a1 > 0:
        loss = loss + a1 * sum(w.abs().sum() for w in layers)
    grads = torch.autograd.grad(loss, layers)
    return np.array([float(torch.linalg.vector_norm(g)) for g in grads])
