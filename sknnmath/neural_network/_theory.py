"""Closed forms of document 002 (Tomiya): parameter counts, the cost of Newton's
method, and the bound on back-propagated gradients behind vanishing gradients."""

from __future__ import annotations

import numpy as np

from ._backprop import logistic
from numbers import Integral
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["mlp_parameter_count", "hessian_cost", "sigmoid_gradient_bound"]


@validate_params(
    {
        "layer_sizes": ["array-like"],
        "bias": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def mlp_parameter_count(layer_sizes, *, bias=True):
    """Number of parameters P of a fully connected network.

    P = Σ_l n_{l-1}·n_l (+ n_l biases): the layers' counts are **added**.
    Document 002 eq. (29) multiplies them, (100·100)³ = 10¹², for three
    100×100 weight matrices; the correct count is 3·10⁴ (3.03·10⁴ with
    biases), so its Hessian has ≈ 9·10⁸ entries, not 10²⁴.

    Parameters
    ----------
    layer_sizes : sequence of int
        Widths from the input to the output layer, e.g. ``(100, 100, 100, 100)``
        for three 100×100 weight matrices.
    bias : bool, default=True
        Count the bias vectors.

    Returns
    -------
    int

    Examples
    --------
    >>> from sknnmath.neural_network import mlp_parameter_count
    >>> mlp_parameter_count((100, 100, 100, 100), bias=False)
    30000
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes needs at least two positive widths; got {layer_sizes!r}.")
    return sum(a * b + (b if bias else 0) for a, b in zip(sizes[:-1], sizes[1:]))


@validate_params(
    {
        "n_parameters": ["array-like", Interval(Integral, 0, None, closed="left")],
        "bytes_per_entry": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def hessian_cost(n_parameters, *, bytes_per_entry=8):
    """Memory and arithmetic of one exact Newton step for P parameters.

    Parameters
    ----------
    n_parameters : int or array-like of int
        P.
    bytes_per_entry : int, default=8
        8 for float64.

    Returns
    -------
    dict
        ``entries`` = P², ``bytes`` = P²·bytes_per_entry, ``cholesky_flops`` = P³/3
        (the factorisation; the two triangular solves add 2P²).

    Examples
    --------
    >>> from sknnmath.neural_network import hessian_cost
    >>> c = hessian_cost(30000)
    >>> c["entries"], c["bytes"] / 1e9
    (900000000, 7.2)
    """
    P = np.asarray(n_parameters, dtype=object)
    entries = P * P
    out = {"entries": entries, "bytes": entries * bytes_per_entry, "cholesky_flops": P * P * P / 3}
    if np.ndim(n_parameters) == 0:
        out = {k: (int(v) if k != "cholesky_flops" else float(v)) for k, v in out.items()}
    return out


@validate_params(
    {
        "coefs": ["array-like"],
        "intercepts": ["array-like"],
        "X": ["array-like"],
        "y": ["array-like"],
        "loss": [StrOptions({"squared_error", "cross_entropy"})],
    },
    prefer_skip_nested_validation=True,
)
def sigmoid_gradient_bound(coefs, intercepts, X, y, *, loss="squared_error"):
    """Upper bound on ‖∂L/∂W_l‖ for a sigmoid network: the product of σ' ≤ ¼ along the layers.

    For h_l = σ(W_l h_{l-1} + b_l) (l = 1 … L, h_0 = x) and a linear output
    f = W_{L+1} h_L + b_{L+1}, back-propagation (document 002 eq. (65), repeated
    over L layers) gives ∂L/∂W_l = Σ_d g_l^{(d)} h_{l-1}^{(d)ᵀ} with
    g_l = σ'(u_l) ⊙ W_{l+1}ᵀ g_{l+1}. Because 0 < σ' ≤ ¼,

    ‖∂L/∂W_l‖_F ≤ Σ_d (¼)^{L+1-l} ∏_{k=l+1}^{L+1} ‖W_k‖₂ ‖∂L/∂f^{(d)}‖ ‖h_{l-1}^{(d)}‖,

    which decays geometrically towards the input unless the spectral norms
    ‖W_k‖₂ exceed 4. The document states only σ' ≤ 1, for which the product
    need not decay.

    Parameters
    ----------
    coefs : list of ndarray
        Weight matrices in scikit-learn's layout (fan_in, fan_out), input to output.
    intercepts : list of ndarray
        Bias vectors.
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like
        Targets (n_samples, n_outputs) for ``"squared_error"``; class indices for
        ``"cross_entropy"``.
    loss : {"squared_error", "cross_entropy"}, default="squared_error"
        Mean over samples of ½‖y − f‖², or the softmax cross-entropy.

    Returns
    -------
    bound : ndarray of shape (n_layers,)
        The bound for each weight matrix, input layer first.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import sigmoid_gradient_bound
    >>> rng = np.random.default_rng(0)
    >>> coefs = [rng.normal(size=(3, 3)) / 3**0.5 for _ in range(4)]
    >>> b = sigmoid_gradient_bound(coefs, [np.zeros(3)] * 4, rng.normal(size=(5, 3)),
    ...                            rng.normal(size=(5, 3)))
    >>> bool(b[0] < b[-1])
    True
    """
    Ws = [np.asarray(W, dtype=np.float64) for W in coefs]
    bs = [np.asarray(b, dtype=np.float64) for b in intercepts]
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    hs = [X]
    for W, b in zip(Ws[:-1], bs[:-1]):
        hs.append(logistic(hs[-1] @ W + b))
    out = hs[-1] @ Ws[-1] + bs[-1]
    if loss == "squared_error":
        Y = np.asarray(y, dtype=np.float64).reshape(out.shape)
        g_out = (out - Y) / n
    elif loss == "cross_entropy":
        z = out - out.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(n), np.asarray(y, dtype=int)] -= 1.0
        g_out = p / n
    else:
        raise ValueError(f"Unknown loss {loss!r}.")
    gnorm = np.linalg.norm(g_out, axis=1)
    spec = [np.linalg.norm(W, 2) for W in Ws]
    L = len(Ws) - 1  # hidden layers
    bounds = []
    for l in range(1, L + 2):  # weight matrix W_l, l = 1 … L+1
        factor = 0.25 ** (L + 1 - l) * float(np.prod(spec[l:]))
        bounds.append(factor * float(np.sum(gnorm * np.linalg.norm(hs[l - 1], axis=1))))
    return np.array(bounds)
