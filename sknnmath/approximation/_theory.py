"""Closed forms of constructive approximation (documents 002 §II.C and 004).

Pure numpy: the formulas the constructed networks of
:mod:`sknnmath.approximation` are tested against, and the rate bounds the
reproductions compare fitted exponents with.

* Nielsen's / Leshno et al.'s sigmoid-step approximant (document 002 §II.C,
  document 004 "simple proof for d = 1");
* the piecewise-linear interpolant and its error bound ``h² ‖f''‖∞ / 8``;
* Yarotsky's sawtooth squaring gadget, error exactly ``2^{-2m-2}`` on ``[0, 1]``;
* the approximation-rate exponents of document 004 and the Anthony–Bartlett
  complexity bound;
* Park et al.'s minimum width of deep narrow ReLU networks.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special
from numbers import Integral, Real
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = [
    "sigmoid_step_approximant",
    "piecewise_linear_interpolant",
    "interpolation_error_bound",
    "sawtooth",
    "yarotsky_square",
    "yarotsky_square_error",
    "yarotsky_product",
    "rate_exponent",
    "hypersurface_rate_exponents",
    "anthony_bartlett_bound",
    "park_minimum_width",
    "fit_loglog_slope",
]


@validate_params(
    {
        "f": [callable],
        "x": ["array-like", Real],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "steepness": [Interval(Real, 0, None, closed="neither"), None],
        "activation": [StrOptions({"sigmoid", "step"})],
    },
    prefer_skip_nested_validation=True,
)
def sigmoid_step_approximant(f, x, n_steps, steepness=None, *, activation="sigmoid"):
    """Nielsen's telescoping sum of sigmoid steps on ``[0, 1]`` (document 002 §II.C).

    With knots ``s_k = k/N``,

    ``g(x) = f(s_0) + Σ_{k=1}^{N} (f(s_k) − f(s_{k−1})) σ(w (x − s_k + 1/(2N)))``,

    a piecewise-constant profile (value ``f(s_k)`` around ``s_k``) whose steps
    are sigmoids of steepness ``w``; as ``w → ∞`` each pair of consecutive
    steps is document 004's rectangle ``σ(a(x + b)) − σ(a(x + b'))``. For an
    ``L``-Lipschitz ``f`` the sup error is ``O(L/N)`` once ``w ≫ N``.

    Parameters
    ----------
    f : callable
        Target on ``[0, 1]`` (vectorised).
    x : array-like
        Evaluation points.
    n_steps : int
        Number of steps ``N``.
    steepness : float or None, default=None
        ``w``; ``None`` uses ``200 N``.
    activation : {"sigmoid", "step"}, default="sigmoid"
        ``"step"`` is the Heaviside limit ``1{z ≥ 0}``.

    Returns
    -------
    ndarray
        ``g(x)``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 10001)
    >>> err = np.abs(sigmoid_step_approximant(np.sin, x, 100, activation="step") - np.sin(x)).max()
    >>> bool(err < 1 / 100)
    True
    """
    x = np.asarray(x, dtype=np.float64)
    N = int(n_steps)
    w = 200.0 * N if steepness is None else float(steepness)
    s = np.arange(N + 1) / N
    v = np.asarray(f(s), dtype=np.float64)
    z = x[..., None] - s[1:] + 0.5 / N
    act = (z >= 0).astype(np.float64) if activation == "step" else special.expit(w * z)
    return v[0] + act @ np.diff(v)


@validate_params(
    {
        "f": [callable],
        "x": ["array-like", Real],
        "n_knots": [Interval(Integral, 2, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def piecewise_linear_interpolant(f, x, n_knots):
    """Piecewise-linear interpolant of ``f`` on ``n_knots`` equispaced knots of ``[0, 1]``.

    Written as the one-hidden-layer ReLU network of
    :class:`~sknnmath.approximation.ReLUInterpolator`:
    ``g(x) = f(0) + Σ_k (m_{k+1} − m_k) ReLU(x − s_k)`` with slopes ``m_k``.

    Parameters
    ----------
    f : callable
        Target (vectorised).
    x : array-like
        Evaluation points in ``[0, 1]``.
    n_knots : int
        Number of knots (``h = 1/(n_knots − 1)``).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 101)
    >>> bool(np.allclose(piecewise_linear_interpolant(np.sin, x, 11), np.interp(x, np.linspace(0, 1, 11), np.sin(np.linspace(0, 1, 11)))))
    True
    """
    s = np.linspace(0.0, 1.0, int(n_knots))
    v = np.asarray(f(s), dtype=np.float64)
    m = np.concatenate([[0.0], np.diff(v) / np.diff(s), [0.0]])
    x = np.asarray(x, dtype=np.float64)
    return v[0] + np.maximum(x[..., None] - s, 0.0) @ np.diff(m)


@validate_params(
    {
        "h": ["array-like", Interval(Real, 0, None, closed="left")],
        "second_derivative_sup": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def interpolation_error_bound(h, second_derivative_sup):
    """The sup-norm error bound ``h² ‖f''‖∞ / 8`` of piecewise-linear interpolation.

    Parameters
    ----------
    h : float or ndarray
        Knot spacing.
    second_derivative_sup : float
        ``‖f''‖∞`` on the interval.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> interpolation_error_bound(0.1, 8.0)
    0.010000000000000002
    """
    return np.asarray(h, dtype=np.float64) ** 2 * float(second_derivative_sup) / 8.0 if np.ndim(h) \
        else float(h) ** 2 * float(second_derivative_sup) / 8.0


@validate_params(
    {
        "x": ["array-like", Real],
        "s": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def sawtooth(x, s=1):
    """Yarotsky's tooth ``g(x) = 2x`` (x < ½), ``2(1 − x)`` (x ≥ ½), composed ``s`` times.

    ``g_s`` is a sawtooth with ``2^{s−1}`` teeth on ``[0, 1]``; ``g`` itself is
    the ReLU combination ``2ReLU(x) − 4ReLU(x − ½) + 2ReLU(x − 1)``.

    Parameters
    ----------
    x : array-like
        Points of ``[0, 1]``.
    s : int, default=1
        Number of compositions.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> sawtooth([0.25, 0.5, 0.75], s=2).tolist()
    [1.0, 0.0, 1.0]
    """
    g = np.asarray(x, dtype=np.float64)
    for _ in range(int(s)):
        g = np.where(g < 0.5, 2 * g, 2 * (1 - g))
    return g


@validate_params(
    {
        "x": ["array-like", Real],
        "depth": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def yarotsky_square(x, depth):
    """Yarotsky's depth-``m`` approximation ``f_m(x) = x − Σ_{s=1}^m g_s(x) / 2^{2s}`` of ``x²``.

    ``f_m`` is the piecewise-linear interpolant of ``x²`` on the dyadic grid of
    step ``2^{−m}``; ``max_{[0,1]} |f_m − x²| = 2^{−2m−2}``, attained at the
    midpoints of the grid (Yarotsky 2017).

    Parameters
    ----------
    x : array-like
        Points of ``[0, 1]``.
    depth : int
        ``m ≥ 0``.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> float(yarotsky_square(0.5, 0)), float(yarotsky_square(0.25, 1))
    (0.5, 0.125)
    """
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    g = x
    for s in range(1, int(depth) + 1):
        g = np.where(g < 0.5, 2 * g, 2 * (1 - g))
        out = out - g / 4.0**s
    return out


@validate_params(
    {
        "depth": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def yarotsky_square_error(depth):
    """The exact sup error ``2^{−2m−2}`` of :func:`yarotsky_square` on ``[0, 1]``.

    Parameters
    ----------
    depth : int
        ``m``.

    Returns
    -------
    float

    Examples
    --------
    >>> yarotsky_square_error(3)
    0.00390625
    """
    return 2.0 ** (-2 * int(depth) - 2)


@validate_params(
    {
        "x": ["array-like", Real],
        "y": ["array-like", Real],
        "depth": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def yarotsky_product(x, y, depth):
    """``xy`` by polarisation, ``xy = 2((x + y)/2)² − x²/2 − y²/2``, each square by :func:`yarotsky_square`.

    For ``x, y ∈ [0, 1]`` the error is at most ``3 · 2^{−2m−2}``.

    Parameters
    ----------
    x, y : array-like
        Points of ``[0, 1]``.
    depth : int
        ``m``.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> float(yarotsky_product(0.5, 0.5, 10))
    0.25
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return (2 * yarotsky_square((x + y) / 2, depth) - yarotsky_square(x, depth) / 2
            - yarotsky_square(y, depth) / 2)


@validate_params(
    {
        "beta": [Interval(Real, 0, None, closed="neither")],
        "d": [Interval(Integral, 1, None, closed="left")],
        "width_depth": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def rate_exponent(beta, d, *, width_depth=False):
    """Approximation-rate exponent of document 004 for ``β``-smooth targets in ``d`` dimensions.

    ``inf_θ ‖f* − f_θ‖ = O(W^{−β/d})`` in the number of parameters ``W``
    (Mhaskar 1996 for sigmoid networks with ``L = 2``; Yarotsky 2017 for ReLU;
    optimal by DeVore, Howard & Micchelli 1989, and equally reached by Fourier
    and polynomial bases, Newman et al. 1964). With ``width_depth=True`` the
    exponent of ``N`` (and of ``L``) in Lu, Shen, Yang & Zhang's
    ``O(N^{−2β/d} L^{−2β/d})``.

    Parameters
    ----------
    beta : float
        Smoothness.
    d : int
        Input dimension.
    width_depth : bool, default=False
        Return ``−2β/d`` instead of ``−β/d``.

    Returns
    -------
    float

    Examples
    --------
    >>> rate_exponent(2, 1), rate_exponent(2, 4), rate_exponent(2, 2, width_depth=True)
    (-2.0, -0.5, -2.0)
    """
    e = -float(beta) / float(d)
    return 2 * e if width_depth else e


@validate_params(
    {
        "beta": [Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "d": [Interval(Integral, 2, None, closed="left")],
        "noise_free": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def hypersurface_rate_exponents(beta, alpha, d, *, noise_free=False):
    """Exponents for targets smooth (``β``) on pieces separated by an ``α``-smooth hypersurface.

    Returns the exponents of document 004's slide (approximation in ``W`` for
    "other methods": ``max{W^{−β/d}, W^{−α/(4(d−1))}}``) and of Imaizumi &
    Fukumizu's estimation rates in the sample size ``n`` for the squared L²
    risk: DNN ``max{n^{−2β/(2β+d)}, n^{−α/(α+d−1)}}``; linear estimators, by the
    heuristic of the reference notes (an indicator is in ``B^{1/2}_{2,∞}``),
    about ``n^{−1/(d+1)}`` — not a theorem quoted exactly, so the reproduction
    reports it as a guide, not as a test oracle.

    Parameters
    ----------
    beta, alpha : float
        Smoothness of the pieces and of the boundary.
    d : int
        Input dimension (``d ≥ 2``).
    noise_free : bool, default=False
        Unused; kept for symmetry with :func:`rate_exponent`.

    Returns
    -------
    dict
        ``approx_other_W``, ``dnn_risk_n``, ``linear_risk_n_heuristic``.

    Examples
    --------
    >>> r = hypersurface_rate_exponents(2, 2, 2)
    >>> round(r["approx_other_W"], 3), round(r["dnn_risk_n"], 3)
    (-0.5, -0.667)
    """
    d = int(d)
    approx_other = max(-beta / d, -alpha / (4.0 * (d - 1)))
    dnn = max(-2 * beta / (2 * beta + d), -alpha / (alpha + d - 1))
    return {"approx_other_W": approx_other, "dnn_risk_n": dnn,
            "linear_risk_n_heuristic": -1.0 / (d + 1)}


@validate_params(
    {
        "n_params": ["array-like", Interval(Real, 1, None, closed="left")],
        "depth": ["array-like", Interval(Real, 1, None, closed="left")],
        "n_samples": ["array-like", Interval(Real, 0, None, closed="neither")],
        "constant": [Interval(Real, 0, None, closed="neither")],
        "loss_range": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def anthony_bartlett_bound(n_params, depth, n_samples, *, constant=1.0, loss_range=1.0):
    """The complexity bound ``c · B · sqrt(L W log W / n)`` quoted by document 004 (Anthony & Bartlett 1999).

    The order ``O(sqrt(L W log W / n))`` of the generalisation gap of a
    piecewise-linear network with ``W`` parameters and ``L`` layers, through its
    VC/pseudo-dimension ``O(L W log W)`` (Bartlett, Harvey, Liaw & Mehrabian
    2019 give ``Θ(W L log W)``). The constant of the order is not given by
    the document; ``constant=1`` (stated in every table of the reproduction)
    is the most favourable choice, and ``loss_range`` ``B`` scales it to the
    range of the loss.

    Parameters
    ----------
    n_params : int or ndarray
        ``W``.
    depth : int or ndarray
        ``L`` (number of affine layers).
    n_samples : int or ndarray
        ``n``.
    constant : float, default=1.0
        ``c``.
    loss_range : float, default=1.0
        ``B``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(float(anthony_bartlett_bound(1000, 2, 10000)), 3)
    1.175
    """
    W = np.asarray(n_params, dtype=np.float64)
    return constant * loss_range * np.sqrt(np.asarray(depth) * W * np.log(W) / np.asarray(n_samples))


@validate_params(
    {
        "d_x": [Interval(Integral, 1, None, closed="left")],
        "d_y": [Interval(Integral, 1, None, closed="left")],
        "norm": [str],
    },
    prefer_skip_nested_validation=True,
)
def park_minimum_width(d_x, d_y, *, norm="Lp"):
    """Minimum width of deep narrow ReLU networks (Park, Yun, Lee & Shin, ICLR 2021).

    ReLU networks of width ``w`` are dense in ``L^p([0,1]^{d_x}, R^{d_y})`` iff
    ``w ≥ max{d_x + 1, d_y}``; for *uniform* approximation this width is not
    enough with ReLU alone (it is with ReLU + STEP). Document 004 quotes the
    theorem as "width ``max{d_x + 2, d_y + 2}``, sup norm, any non-polynomial
    activation" — which is neither this ReLU result nor Kidger & Lyons'
    ``d_x + d_y + 2`` (uniform, any non-affine continuous activation
    differentiable with nonzero derivative somewhere).

    Parameters
    ----------
    d_x, d_y : int
        Input and output dimensions.
    norm : {"Lp"}, default="Lp"
        Only the ``L^p`` statement is exact for ReLU.

    Returns
    -------
    int

    Examples
    --------
    >>> park_minimum_width(2, 1)
    3
    """
    if norm != "Lp":
        raise ValueError("Park et al.'s exact minimum width for ReLU is the L^p one; "
                         "the uniform-norm minimum width of ReLU networks is larger.")
    return max(int(d_x) + 1, int(d_y))


@validate_params(
    {
        "x": ["array-like"],
        "y": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def fit_loglog_slope(x, y):
    """Least-squares slope of ``log y`` against ``log x`` (the empirical rate exponent).

    Non-positive or non-finite ``y`` values are dropped (an exact zero has no
    logarithm); at least two points must remain.

    Parameters
    ----------
    x, y : array-like
        Abscissae (e.g. parameter counts) and errors.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> n = np.array([8, 16, 32, 64])
    >>> round(fit_loglog_slope(n, 3.0 / n**2), 6)
    -2.0
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    keep = (x > 0) & (y > 0) & np.isfinite(y)
    if keep.sum() < 2:
        return math.nan
    lx, ly = np.log(x[keep]), np.log(y[keep])
    lx = lx - lx.mean()
    return float(lx @ (ly - ly.mean()) / (lx @ lx))
