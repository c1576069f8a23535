"""Closed forms of document 003's complex networks (pure numpy)."""

from __future__ import annotations

import numpy as np

from ._algebra import HypercomplexAlgebra, get_algebra
from numbers import Complex, Integral
from sklearn.utils._param_validation import Interval, Options, StrOptions, validate_params

__all__ = ["split_sigmoid_shift", "n_real_parameters", "real_equivalent_width"]

_SHIFT = {1: 0.0 + 0.0j, -1: 1.0 + 1.0j, 1j: 1.0 + 0.0j, -1j: 0.0 + 1.0j}


@validate_params(
    {
        "q": [Options(Complex, {1, -1, 1j, -1j})],
    },
    prefer_skip_nested_validation=True,
)
def split_sigmoid_shift(q):
    """The constant a_q of f_C(q u) = a_q + q f_C(u) for Nitta's split sigmoid.

    With f_C(x + iy) = s(x) + i s(y) and s(-t) = 1 - s(t):
    a_1 = 0, a_{-1} = 1 + i, a_i = 1, a_{-i} = i. This is what makes two complex
    units whose (weights, threshold) differ by q in {+-1, +-i} redundant
    (redundancy (c)): v_B f_C(u_B) = v_B a_q + q v_B f_C(u_A).

    Parameters
    ----------
    q : {1, -1, 1j, -1j}

    Returns
    -------
    complex

    References
    ----------
    .. [1] T. Nitta, "Complex-valued neurocomputing and singular points",
       Arch. Neurosci. 2(4) (2015) e27461.

    Examples
    --------
    >>> from sknnmath.hypercomplex import split_sigmoid_shift
    >>> split_sigmoid_shift(-1)
    (1+1j)
    """
    q = complex(q)
    for k, v in _SHIFT.items():
        if q == k:
            return v
    raise ValueError(f"q must be one of 1, -1, 1j, -1j; got {q!r}.")


@validate_params(
    {
        "widths": ["array-like"],
        "algebra": [str, HypercomplexAlgebra],
    },
    prefer_skip_nested_validation=True,
)
def n_real_parameters(widths, algebra="real"):
    """Number of real parameters of a fully connected network with the given widths.

    Parameters
    ----------
    widths : sequence of int
        (n_in, hidden..., n_out), counted in numbers of the algebra.
    algebra : str or HypercomplexAlgebra, default="real"
        Each weight and threshold carries m = ``algebra.dim`` real components.

    Returns
    -------
    int

    Examples
    --------
    >>> from sknnmath.hypercomplex import n_real_parameters
    >>> n_real_parameters((1, 10, 1), "complex"), n_real_parameters((2, 15, 1))
    (62, 61)
    """
    m = get_algebra(algebra).dim
    w = [int(v) for v in widths]
    return m * sum(a * b + b for a, b in zip(w[:-1], w[1:]))


@validate_params(
    {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "algebra": [str, HypercomplexAlgebra],
        "n_in": [Interval(Integral, 1, None, closed="left")],
        "n_out": [Interval(Integral, 1, None, closed="left")],
        "strategy": [StrOptions({"double", "params"})],
        "real_n_in": [Interval(Integral, 1, None, closed="left"), None],
        "real_n_out": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def real_equivalent_width(hidden_layer_sizes, algebra="complex", *, n_in=1, n_out=1,
                          strategy="double", real_n_in=None, real_n_out=None):
    """Hidden widths of a real network matched to a hypercomplex one.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int
        Hidden widths of the hypercomplex network (in hypercomplex neurons).
    algebra : str or HypercomplexAlgebra, default="complex"
        Its algebra (dimension m).
    n_in, n_out : int, default=1
        Its input and output numbers.
    strategy : {"double", "params"}, default="double"
        ``"double"``: m h units per layer — the real-equivalent network, whose
        weights are the block matrices (cvnn's 'np' strategy; "double" for complex).
        ``"params"``: widths c h with one common factor c chosen so that the real
        network has (as nearly as integers allow) the same number of real
        parameters (cvnn's 'ratio_tp').
    real_n_in, real_n_out : int or None
        Input/output widths of the real network (default m n_in, m n_out).

    Returns
    -------
    tuple of int

    Examples
    --------
    >>> from sknnmath.hypercomplex import real_equivalent_width
    >>> real_equivalent_width((10,), "complex")
    (20,)
    >>> real_equivalent_width((10,), "complex", strategy="params", real_n_in=2, real_n_out=1)
    (15,)
    """
    hidden = (hidden_layer_sizes,) if np.isscalar(hidden_layer_sizes) else tuple(hidden_layer_sizes)
    m = get_algebra(algebra).dim
    if strategy == "double":
        return tuple(m * int(h) for h in hidden)
    if strategy != "params":
        raise ValueError(f"Unknown strategy {strategy!r}; expected 'double' or 'params'.")
    rin = m * n_in if real_n_in is None else int(real_n_in)
    rout = m * n_out if real_n_out is None else int(real_n_out)
    target = n_real_parameters((n_in, *hidden, n_out), algebra)

    def count(c):
        ws = tuple(max(1, int(round(c * h))) for h in hidden)
        return ws, n_real_parameters((rin, *ws, rout))

    lo, hi = 1e-3, 1.0
    while count(hi)[1] < target:
        hi *= 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if count(mid)[1] < target:
            lo = mid
        else:
            hi = mid
    cands = [count(lo), count(hi)]
    return min(cands, key=lambda t: (abs(t[1] - target), t[1]))[0]
