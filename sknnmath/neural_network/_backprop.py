"""Backpropagation written out by hand: document 002 (Tomiya) §III.B, eqs. (44)–(65)."""

from __future__ import annotations

import numpy as np
from numbers import Real
from sklearn.utils._param_validation import validate_params

__all__ = ["backprop_bias_free_3layer", "logistic", "logistic_derivative"]


@validate_params(
    {
        "u": ["array-like", Real],
    },
    prefer_skip_nested_validation=True,
)
def logistic(u):
    """The logistic sigmoid σ(u) = 1 / (1 + exp(−u)) (document 002's Fermi function).

    Evaluated without overflow for large ``|u|``.

    Parameters
    ----------
    u : array-like
        Pre-activations.

    Returns
    -------
    ndarray
        σ(u), same shape as ``u``.

    Examples
    --------
    >>> from sknnmath.neural_network import logistic
    >>> float(logistic(0.0))
    0.5
    """
    u = np.asarray(u, dtype=np.float64)
    # exp of a non-positive number never overflows
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@validate_params(
    {
        "u": ["array-like", Real],
    },
    prefer_skip_nested_validation=True,
)
def logistic_derivative(u):
    """Derivative σ'(u) = σ(u)(1 − σ(u)) of the logistic, never above ¼ (at u = 0).

    Document 002 §III.C only states that the derivative is at most 1; the sharp
    bound ¼ is what makes the product along L layers decay at least like 4^{-L}
    when the weight matrices have operator norm ≤ 1.

    Parameters
    ----------
    u : array-like
        Pre-activations.

    Returns
    -------
    ndarray
        σ'(u), same shape as ``u``.

    Examples
    --------
    >>> from sknnmath.neural_network import logistic_derivative
    >>> float(logistic_derivative(0.0))
    0.25
    """
    s = logistic(u)
    return s * (1.0 - s)


def _as_2d_batch(a, name):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return a[None, :], True
    if a.ndim == 2:
        return a, False
    raise ValueError(f"{name} must be a vector or a (n_samples, n_features) matrix; got shape {a.shape}.")


@validate_params(
    {
        "W1": ["array-like"],
        "W2": ["array-like"],
        "x": ["array-like"],
        "y": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def backprop_bias_free_3layer(W1, W2, x, y):
    """Gradients of L = ½ Σ_d ‖y_d − f(x_d)‖² for the bias-free 3-layer network of document 002.

    The network is f(x) = σ(W⁽²⁾ σ(W⁽¹⁾ x)) with the logistic σ (eqs. (44)–(45));
    "3-layer" counts the input, hidden and output layers. The gradients are the
    document's chain-rule formulas evaluated literally, index by index:

    * eq. (60): ∂f_k/∂w⁽²⁾_ab = σ'(u⁽²⁾_k) δ_ka z_b, so
      ∂L/∂w⁽²⁾_ab = Σ_d (f_a − y_a) σ'(u⁽²⁾_a) z_b;
    * eq. (65): ∂f_k/∂w⁽¹⁾_ab = σ'(u⁽²⁾_k) w⁽²⁾_ka σ'(u⁽¹⁾_a) x_b, so
      ∂L/∂w⁽¹⁾_ab = Σ_d Σ_k (f_k − y_k) σ'(u⁽²⁾_k) w⁽²⁾_ka σ'(u⁽¹⁾_a) x_b;

    with ∂L/∂f_k = f_k − y_k inserted in eq. (52). The output-layer error
    (f − y) ⊙ σ'(u⁽²⁾) is computed first and carried back through W⁽²⁾ — the
    "error propagates from the output layer towards the input" of the text.
    (Eq. (63) of the document writes δ_bl where δ_bh is meant; eq. (64) is right.)

    Parameters
    ----------
    W1 : array-like of shape (n_hidden, n_inputs)
        First weight matrix W⁽¹⁾ (rows index hidden units, as u⁽¹⁾ = W⁽¹⁾ x).
    W2 : array-like of shape (n_outputs, n_hidden)
        Second weight matrix W⁽²⁾.
    x : array-like of shape (n_inputs,) or (n_samples, n_inputs)
        One input or a batch of inputs x_d.
    y : array-like of shape (n_outputs,) or (n_samples, n_outputs)
        Targets y_d.

    Returns
    -------
    dW1 : ndarray of shape (n_hidden, n_inputs)
        ∂L/∂W⁽¹⁾.
    dW2 : ndarray of shape (n_outputs, n_hidden)
        ∂L/∂W⁽²⁾.

    See Also
    --------
    layer_gradient_norms : The same gradients, by autograd, for a fitted estimator.

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002, §III.B, eqs. (44)–(65).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import backprop_bias_free_3layer
    >>> rng = np.random.default_rng(0)
    >>> W1, W2 = rng.normal(size=(5, 3)), rng.normal(size=(2, 5))
    >>> dW1, dW2 = backprop_bias_free_3layer(W1, W2, rng.normal(size=3), [0.0, 1.0])
    >>> dW1.shape, dW2.shape
    ((5, 3), (2, 5))
    """
    W1 = np.asarray(W1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    if W1.ndim != 2 or W2.ndim != 2:
        raise ValueError(f"W1 and W2 must be matrices; got shapes {W1.shape} and {W2.shape}.")
    X, _ = _as_2d_batch(x, "x")
    Y, _ = _as_2d_batch(y, "y")
    n_hidden, n_in = W1.shape
    n_out = W2.shape[0]
    if W2.shape[1] != n_hidden:
        raise ValueError(f"W2 has {W2.shape[1]} columns but W1 has {n_hidden} rows (hidden units).")
    if X.shape[1] != n_in:
        raise ValueError(f"x has {X.shape[1]} features but W1 expects {n_in}.")
    if Y.shape[1] != n_out or Y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have shape ({X.shape[0]}, {n_out}); got {Y.shape}.")
    for name, a in (("W1", W1), ("W2", W2), ("x", X), ("y", Y)):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} contains NaN or infinity.")

    # forward pass, eqs. (51), (50), (49), (48); index d runs over samples
    u1 = np.einsum("jk,dk->dj", W1, X)          # u⁽¹⁾_j = Σ_k w⁽¹⁾_jk x_k
    z = logistic(u1)                             # z_j = σ(u⁽¹⁾_j)
    u2 = np.einsum("ij,dj->di", W2, z)           # u⁽²⁾_i = Σ_j w⁽²⁾_ij z_j
    f = logistic(u2)                             # f_i = σ(u⁽²⁾_i)

    dL_df = f - Y                                # ∂L/∂f_k for L = ½‖y − f‖²
    s2 = logistic_derivative(u2)                 # ∂σ(u⁽²⁾_k)/∂u⁽²⁾_k
    s1 = logistic_derivative(u1)                 # ∂σ(u⁽¹⁾_a)/∂u⁽¹⁾_a

    # eq. (52) with eq. (60): Σ_d Σ_k ∂L/∂f_k σ'(u⁽²⁾_k) δ_ka z_b
    dW2 = np.einsum("dk,dk,db->kb", dL_df, s2, z)
    # eq. (52) with eq. (65): Σ_d Σ_k ∂L/∂f_k σ'(u⁽²⁾_k) w⁽²⁾_ka σ'(u⁽¹⁾_a) x_b
    dW1 = np.einsum("dk,dk,ka,da,db->ab", dL_df, s2, W2, s1, X)
    return dW1, dW2
