"""Exact Fourier series of the indicator of a d-ball (pure numpy/scipy).

The periodised indicator of the ball ``B_r`` (radius ``r``, centred at 0) on the
cube ``[-L, L)^d`` has the cosine series

.. math::

    f(x) = \\sum_{k \\in \\mathbb{Z}^d} c_k \\cos(\\pi k\\cdot x / L), \\qquad
    c_k = \\Big(\\frac{r}{2L|k|}\\Big)^{d/2} J_{d/2}\\Big(\\frac{\\pi r |k|}{L}\\Big), \\qquad
    c_0 = \\frac{\\pi^{d/2} r^d}{\\Gamma(d/2+1)(2L)^d},

and its spherical partial sums ``S_N f(x) = sum_{|k| < N} c_k cos(pi k.x / L)`` are
what gradient descent on the Fourier coefficients converges to (document 000 (Kawasumi & Yoneda),
§2). They show the Gibbs-Wilbraham overshoot in every dimension, the Pinsky
divergence at the centre for ``d >= 3`` and Kuratsubo's "third phenomenon" at
rational points for ``d >= 5``.

References
----------
.. [1] R. Kawasumi and T. Yoneda, "Implementation and mathematical analysis of the
   dynamics of deep neural networks" (Japanese), document 000 (Kawasumi & Yoneda), §2.
.. [2] R. Kawasumi and T. Yoneda, "Pointwise convergence of Fourier series and deep
   neural network for the indicator function of d-dimensional ball",
   arXiv:2304.08172.
.. [3] S. Kuratsubo, E. Nakai and K. Ootsubo, "Generalized Hardy identity and
   relations to Gibbs-Wilbraham and Pinsky phenomena", J. Funct. Anal. 259
   (2010) 315-342.
.. [4] M. A. Pinsky, N. K. Stanton and P. E. Trapa, "Fourier series of radial
   functions in several variables", J. Funct. Anal. 116 (1993) 111-132.
"""

from __future__ import annotations

import math
from functools import lru_cache
from numbers import Integral, Real

import numpy as np
from scipy import fft as sp_fft
from scipy import special
from sklearn.utils._param_validation import Interval, Options, StrOptions, validate_params

__all__ = [
    "ball_fourier_coefficient",
    "ball_partial_sum",
    "fourier_frequencies",
    "lattice_count",
    "max_frequencies",
    "shell_counts",
    "gibbs_overshoot",
    "pointwise_growth_exponent",
    "GIBBS_CONSTANT",
]

#: Limit of the 1-D partial-sum maximum for a unit jump: 1/2 + Si(pi)/pi.
GIBBS_CONSTANT = 0.5 + float(special.sici(np.pi)[0]) / np.pi


def _check_geometry(radius, half_width):
    radius = float(radius)
    half_width = float(half_width)
    if not (np.isfinite(radius) and radius > 0):
        raise ValueError(f"radius must be a positive finite number; got {radius!r}.")
    if not (np.isfinite(half_width) and half_width > 0):
        raise ValueError(f"half_width must be a positive finite number; got {half_width!r}.")
    return radius, half_width


def _radial_coefficient(rho, n_dims, radius, half_width):
    """c_k as a function of rho = |k| (array), dimension ``n_dims``."""
    rho = np.asarray(rho, dtype=np.float64)
    d = n_dims
    out = np.empty(rho.shape, dtype=np.float64)
    zero = rho == 0
    # c_0 = |B_r| / (2L)^d, via logs so that large d does not overflow.
    log_c0 = (d / 2) * np.log(np.pi) + d * np.log(radius) - special.gammaln(d / 2 + 1) \
        - d * np.log(2 * half_width)
    out[zero] = np.exp(log_c0)
    nz = ~zero
    r_nz = rho[nz]
    out[nz] = (radius / (2 * half_width * r_nz)) ** (d / 2) * special.jv(
        d / 2, np.pi * radius * r_nz / half_width)
    return out


@validate_params(
    {
        "k": ["array-like", Real],
        "radius": [Interval(Real, 0, None, closed="neither")],
        "half_width": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def ball_fourier_coefficient(k, radius=0.5, half_width=1.0):
    """Exact Fourier coefficient ``c_k`` of the periodised indicator of a d-ball.

    The ball of radius ``radius`` centred at 0 is periodised with period
    ``2 * half_width`` in every coordinate; ``c_k`` is the coefficient of
    ``exp(i pi k.x / L)`` (equivalently of ``cos(pi k.x / L)`` in a sum over **all**
    ``k`` in ``Z^d``; the sine coefficients vanish because the ball is even). On a
    half-lattice (one of each pair ``+-k``) the cosine coefficient is ``c_0`` for
    ``k = 0`` and ``2 c_k`` otherwise.

    Closed form (Bessel): ``c_k = (r / (2L|k|))^{d/2} J_{d/2}(pi r |k| / L)`` for
    ``k != 0`` and ``c_0 = pi^{d/2} r^d / (Gamma(d/2 + 1) (2L)^d)`` (the volume
    fraction of the ball in the period cell). For ``radius > half_width`` the
    periodised copies overlap and the series is that of the lattice-point count
    ``#{n : |x + 2Ln| <= r}`` (Poisson summation).

    Parameters
    ----------
    k : int, array-like of shape (d,) or (n_vectors, d)
        Frequency vector(s). An integer means ``d = 1``.
    radius : float, default=0.5
        Radius ``r`` of the ball (document 000 (Kawasumi & Yoneda) uses 1/2 in its analysis).
    half_width : float, default=1.0
        Half period ``L``: the period cell is ``[-L, L)^d`` (document 000 (Kawasumi & Yoneda): ``L = 1``,
        the basis ``cos(k pi . x)``).

    Returns
    -------
    c : float or ndarray of shape (n_vectors,)
        The coefficient(s).

    See Also
    --------
    ball_partial_sum : the spherical partial sums of the series.

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §2, and arXiv:2304.08172. The
    normalisation ``2^{-d}`` is missing in document 000's formula for ``a_k^infty``.

    Examples
    --------
    >>> from sknnmath.fourier import ball_fourier_coefficient
    >>> round(ball_fourier_coefficient([0, 0]), 6)   # pi / 16
    0.19635
    >>> round(ball_fourier_coefficient(1), 6)        # d = 1: sin(pi/2) / pi
    0.31831
    """
    radius, half_width = _check_geometry(radius, half_width)
    karr = np.asarray(k, dtype=np.float64)
    if karr.ndim == 0:
        return float(_radial_coefficient(np.abs(karr), 1, radius, half_width))
    if karr.ndim == 1:
        return float(_radial_coefficient(np.linalg.norm(karr), karr.shape[0], radius,
                                         half_width))
    if karr.ndim != 2 or karr.shape[1] == 0:
        raise ValueError(f"k must have shape (d,) or (n_vectors, d); got shape {karr.shape}.")
    if not np.all(np.isfinite(karr)):
        raise ValueError("k contains NaN or infinity.")
    return _radial_coefficient(np.linalg.norm(karr, axis=1), karr.shape[1], radius, half_width)


# ---------------------------------------------------------------------------------------------
# Lattices


def _check_n(n_frequencies, name="n_frequencies"):
    if isinstance(n_frequencies, (bool, np.bool_)) or not isinstance(n_frequencies, Integral):
        raise TypeError(f"{name} must be an integer; got {n_frequencies!r}.")
    if n_frequencies < 0:
        raise ValueError(f"{name} must be >= 0; got {n_frequencies}.")
    return int(n_frequencies)


@validate_params(
    {
        "n_shells": [Interval(Integral, 0, None, closed="left")],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def shell_counts(n_shells, n_dims):
    """``r_d(m) = #{k in Z^d : |k|^2 = m}`` for ``m = 0 .. n_shells - 1`` (exact integers).

    The one lattice counter of the package (the Fourier feature count, the Parseval tails
    of the ball series, the BallNet-vs-Fourier parameter counts). Dynamic programming over
    the coordinates on the shells, in int64: ``O(d sqrt(S) S)`` for ``S = n_shells``.

    Parameters
    ----------
    n_shells : int
        Number of shells ``S``.
    n_dims : int
        Dimension ``d``.

    Returns
    -------
    ndarray of shape (n_shells,), int64

    Examples
    --------
    >>> from sknnmath.fourier import shell_counts
    >>> shell_counts(6, 2).tolist()      # r_2(m): 1, 4, 4, 0, 4, 8
    [1, 4, 4, 0, 4, 8]
    """
    size = _check_n(n_shells, "n_shells")
    d = _check_n(n_dims, "n_dims")
    cnt = np.zeros(size, dtype=np.int64)
    if size == 0:
        return cnt
    cnt[0] = 1
    top = math.isqrt(size - 1)
    for _ in range(d):
        new = cnt.copy()
        for j in range(1, top + 1):
            sq = j * j
            new[sq:] += 2 * cnt[: size - sq]
        cnt = new
    return cnt


def _count_bounds(n, d):
    """Lower and upper bounds of ``#{k : |k| < n}`` in O(1) (floats, may be inf).

    Every lattice point's unit cube lies within ``sqrt(d)/2`` of it, so the count lies
    between the volumes of the balls of radii ``n - sqrt(d)/2`` and ``n + sqrt(d)/2``; the
    cube ``max|k_i| <= (n-1)/sqrt(d)`` inside the ball is a second lower bound.
    """
    if n == 0:
        return 0.0, 0.0
    h = math.sqrt(d) / 2

    def vol(r):
        if r <= 0:
            return 0.0
        logv = (d / 2) * math.log(math.pi) - math.lgamma(d / 2 + 1) + d * math.log(r)
        return math.exp(logv) * (1 - 1e-12) if logv < 700 else math.inf   # rounding: stay below

    side = math.floor((n - 1) / math.sqrt(d) - 1e-12)
    cube = float(2 * side + 1) ** d if side >= 0 and d * math.log(2 * side + 1) < 700 else (
        math.inf if side >= 0 else 0.0)
    return max(vol(n - h), cube), vol(n + h)


def _spherical_full_count(n, d):
    """Exact ``#{k in Z^d : |k|^2 < n^2}``: closed form for d <= 2, shell counts above."""
    if n == 0:
        return 0
    if d == 1:
        return 2 * n - 1
    if d == 2:
        a = np.arange(-(n - 1), n, dtype=np.int64)
        r2 = n * n - 1 - a * a
        b = np.floor(np.sqrt(r2.astype(np.float64))).astype(np.int64)
        b -= (b * b > r2)                    # exact integer square roots
        b += ((b + 1) * (b + 1) <= r2)
        return int((2 * b + 1).sum())
    return int(shell_counts(n * n, d).sum())


@validate_params(
    {
        "n_frequencies": [Interval(Integral, 0, None, closed="left")],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "truncation": [StrOptions({"spherical", "cubic"})],
        "exact": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def lattice_count(n_frequencies, n_dims, truncation="spherical", exact=False):
    """Number of lattice vectors ``k`` in ``Z^d`` with ``|k| < N`` (or ``max|k_i| < N``).

    This is also the number of real Fourier features (cosines on the half-lattice
    including 0, sines on the half-lattice without 0) of a
    :class:`FourierSeriesRegressor` with ``n_frequencies=N``; it grows like
    ``N^d``.

    Parameters
    ----------
    n_frequencies : int
        ``N`` (strict inequality, as in document 000 (Kawasumi & Yoneda)).
    n_dims : int
        Dimension ``d``.
    truncation : {"spherical", "cubic"}, default="spherical"
        ``|k| < N`` or ``max_i |k_i| < N``.
    exact : bool, default=False
        The spherical count is a closed form for ``d <= 2`` and costs ``O(d N^3)``
        (:func:`shell_counts`) above. By default, when an ``O(1)`` lower bound (the volume
        of the ball of radius ``N - sqrt(d)/2``, or the lattice cube inside the ball)
        already exceeds 10^8, that lower bound is returned instead — enough for budget
        checks such as ``max_terms``. ``exact=True`` always counts.

    Returns
    -------
    int
        The count; for ``exact=False``, ``d >= 2`` and counts above 10^8 (spherical), a
        lower bound of it.

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §2 (the sum over ``k in Z^d, |k| < N``).

    Examples
    --------
    >>> from sknnmath.fourier import lattice_count
    >>> lattice_count(8, 2), lattice_count(25, 2), lattice_count(3, 2, "cubic")
    (193, 1941, 25)
    >>> lattice_count(10**6, 1)
    1999999
    """
    n = _check_n(n_frequencies)
    d = _check_n(n_dims, "n_dims")
    if d < 1:
        raise ValueError("n_dims must be >= 1.")
    if truncation == "cubic":
        return 0 if n == 0 else (2 * n - 1) ** d
    if truncation != "spherical":
        raise ValueError(f"truncation must be 'spherical' or 'cubic'; got {truncation!r}.")
    if d >= 2 and not exact:
        lower, _ = _count_bounds(n, d)
        if lower > 10**8:
            # a lower bound (documented); budget checks only compare it
            return int(lower) if math.isfinite(lower) else 10**300
    return _spherical_full_count(n, d)


def _check_term_budget(n, d, truncation, max_terms):
    """Raise the max_terms ValueError from O(1) bounds before any O(N^d) work; return count."""
    # the exact count is cheap for d = 1, for d = 2 up to N ~ 1e6 (O(N)) and for small
    # d N^3 (shell counts); otherwise answer from the O(1) lower bound
    cheap = d == 1 or (d == 2 and n <= 10**6) or d * n**3 <= 2 * 10**7
    if truncation == "spherical" and not cheap:
        lower, _ = _count_bounds(n, d)
        if lower > max_terms:
            shown = f"at least {lower:.3g}" if math.isfinite(lower) else "astronomically many"
            raise ValueError(
                f"n_frequencies={n} in dimension {d} with truncation={truncation!r} gives "
                f"{shown} Fourier basis functions, above max_terms={max_terms}; the count "
                f"grows like N^d. Lower n_frequencies or raise max_terms.")
    count = lattice_count(n, d, truncation, exact=True)     # cheap now: N is bounded
    if count > max_terms:
        raise ValueError(
            f"n_frequencies={n} in dimension {d} with truncation={truncation!r} gives "
            f"{count} Fourier basis functions, above max_terms={max_terms}; the count grows "
            f"like N^d. Lower n_frequencies or raise max_terms."
        )
    return count


@validate_params(
    {
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "max_terms": [Interval(Integral, 1, None, closed="left")],
        "truncation": [StrOptions({"spherical", "cubic"})],
    },
    prefer_skip_nested_validation=True,
)
def max_frequencies(n_dims, max_terms, truncation="spherical"):
    """Largest ``N`` whose lattice count ``#{k : |k| < N}`` is at most ``max_terms``.

    The ``n_frequencies="auto"`` rule of the Fourier estimators.

    Parameters
    ----------
    n_dims : int
        Dimension ``d``.
    max_terms : int
        Budget on the number of real basis functions.
    truncation : {"spherical", "cubic"}, default="spherical"

    Returns
    -------
    int
        ``N >= 1`` (``N = 1`` is the constant alone, one term).

    Examples
    --------
    >>> from sknnmath.fourier import max_frequencies, lattice_count
    >>> N = max_frequencies(2, 1000)
    >>> lattice_count(N, 2) <= 1000 < lattice_count(N + 1, 2)
    True
    """
    d = _check_n(n_dims, "n_dims")
    budget = int(max_terms)

    def fits(N):
        if truncation == "spherical" and d >= 2 and _count_bounds(N, d)[0] > budget:
            return False
        return lattice_count(N, d, truncation, exact=True) <= budget

    lo, hi = 1, 2
    while fits(hi):
        lo, hi = hi, 2 * hi
    while hi - lo > 1:                               # fits(lo) and not fits(hi)
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo


@validate_params(
    {
        "n_frequencies": [Interval(Integral, 0, None, closed="left")],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "truncation": [StrOptions({"spherical", "cubic"})],
        "max_terms": [Interval(Integral, 0, None, closed="left"), Options(Real, {np.inf})],
    },
    prefer_skip_nested_validation=True,
)
def fourier_frequencies(n_frequencies, n_dims, truncation="spherical", max_terms=100_000):
    """Half-lattice of frequency vectors of the truncated Fourier series.

    Returns the ``k`` in ``Z^d`` with ``|k| < N`` (``"spherical"``, document 000 (Kawasumi & Yoneda)) or
    ``max|k_i| < N`` (``"cubic"``) whose first non-zero coordinate is positive,
    plus ``k = 0`` first; each pair ``+-k`` appears once. Ordered by ``|k|^2``, then
    lexicographically. The real basis ``cos(pi k.x/L)`` (all returned ``k``) and
    ``sin(pi k.x/L)`` (``k != 0``) then has exactly ``lattice_count(N, d)`` functions.

    Parameters
    ----------
    n_frequencies : int
        ``N``.
    n_dims : int
        Dimension ``d``.
    truncation : {"spherical", "cubic"}, default="spherical"
        Shape of the truncation.
    max_terms : int, default=100000
        Budget on the number of real basis functions (``lattice_count``): a
        ValueError stating the count is raised above it, because the count grows
        like ``N^d``.

    Returns
    -------
    frequencies : ndarray of shape (n_half, d), int64
        ``n_half = (lattice_count + 1) // 2`` (0 when ``N = 0``).

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §2.

    Examples
    --------
    >>> from sknnmath.fourier import fourier_frequencies
    >>> fourier_frequencies(2, 2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, -1], [1, 1]]
    """
    n = _check_n(n_frequencies)
    d = _check_n(n_dims, "n_dims")
    if d < 1:
        raise ValueError("n_dims must be >= 1.")
    if truncation not in ("spherical", "cubic"):
        raise ValueError(f"truncation must be 'spherical' or 'cubic'; got {truncation!r}.")
    _check_term_budget(n, d, truncation, max_terms)
    if n == 0:
        return np.zeros((0, d), dtype=np.int64)
    rng_1d = np.arange(-(n - 1), n, dtype=np.int64)
    if truncation == "cubic":
        grids = np.meshgrid(*([rng_1d] * d), indexing="ij")
        full = np.stack([g.ravel() for g in grids], axis=1)
    else:
        full = np.zeros((1, 0), dtype=np.int64)
        sq = np.zeros(1, dtype=np.int64)
        limit = n * n
        for _ in range(d):
            new_sq = sq[:, None] + rng_1d[None, :] ** 2
            keep = new_sq < limit
            rows, cols = np.nonzero(keep)
            full = np.concatenate([full[rows], rng_1d[cols][:, None]], axis=1)
            sq = new_sq[rows, cols]
    # Half-lattice: first non-zero coordinate positive (plus the zero vector).
    nz = full != 0
    has_nz = nz.any(axis=1)
    first = np.argmax(nz, axis=1)
    first_val = full[np.arange(len(full)), first]
    half = full[(~has_nz) | (first_val > 0)]
    norms = (half ** 2).sum(axis=1)
    order = np.lexsort(tuple(half[:, i] for i in range(d - 1, -1, -1)) + (norms,))
    return np.ascontiguousarray(half[order])


# ---------------------------------------------------------------------------------------------
# Partial sums


def _as_points(x):
    xarr = np.asarray(x, dtype=np.float64)
    scalar_point = xarr.ndim <= 1
    if xarr.ndim == 0:
        xarr = xarr.reshape(1, 1)
    elif xarr.ndim == 1:
        xarr = xarr.reshape(1, -1)
    elif xarr.ndim != 2:
        raise ValueError(f"x must have shape (d,) or (n_points, d); got shape {xarr.shape}.")
    if xarr.shape[1] == 0:
        raise ValueError("x must have at least one coordinate.")
    if not np.all(np.isfinite(xarr)):
        raise ValueError("x contains NaN or infinity.")
    return xarr, scalar_point


def _as_ns(n_frequencies):
    scalar_n = np.ndim(n_frequencies) == 0
    ns = np.atleast_1d(np.asarray(n_frequencies))
    if ns.ndim != 1 or ns.size == 0:
        raise ValueError("n_frequencies must be an integer or a non-empty 1-D array of integers.")
    if not np.issubdtype(ns.dtype, np.integer):
        if np.issubdtype(ns.dtype, np.floating) and np.all(ns == np.round(ns)):
            ns = ns.astype(np.int64)
        else:
            raise TypeError(f"n_frequencies must be integers; got {n_frequencies!r}.")
    if np.any(ns < 0):
        raise ValueError("n_frequencies must be >= 0.")
    return ns.astype(np.int64), scalar_n


def _partial_sums_shells(x, ns, radius, half_width, chunk_budget=2**22):
    """S_N(x) for all N in ns via shells m = |k|^2 (FFT products of theta polynomials).

    R_x(m) = sum_{|k|^2 = m} cos(pi k.x/L) is the coefficient of t^m in
    prod_i theta_{x_i}(t), theta_y(t) = 1 + sum_{j>=1} 2 cos(pi j y / L) t^{j^2}.
    """
    n_pts, d = x.shape
    n_max = int(ns.max())
    out = np.zeros((n_pts, ns.size))
    if n_max == 0:
        return out
    size = n_max * n_max                       # shells m = 0 .. n_max^2 - 1
    nfft = sp_fft.next_fast_len(2 * size - 1, real=True)
    j = np.arange(n_max)
    a = _radial_coefficient(np.sqrt(np.arange(size)), d, radius, half_width)
    idx = np.minimum(ns * ns, size) - 1        # last shell index included for each N
    chunk = max(1, chunk_budget // nfft)
    for start in range(0, n_pts, chunk):
        xc = x[start:start + chunk]
        prod = None
        for i in range(d):
            theta = np.zeros((xc.shape[0], size))
            vals = 2.0 * np.cos(np.pi * xc[:, i:i + 1] * j[None, :] / half_width)
            vals[:, 0] = 1.0
            theta[:, j * j] = vals
            if prod is None:
                prod = theta
            else:
                # Truncated product: only shells m < n_max^2 are needed.
                f1 = sp_fft.rfft(prod, nfft, axis=1)
                f2 = sp_fft.rfft(theta, nfft, axis=1)
                prod = sp_fft.irfft(f1 * f2, nfft, axis=1)[:, :size]
        cums = np.cumsum(prod * a[None, :], axis=1)
        res = np.where(ns[None, :] > 0, cums[:, np.maximum(idx, 0)], 0.0)
        out[start:start + chunk] = res
    return out


@lru_cache(maxsize=16)
def _half_lattice(n, d):
    """Cached spherical half-lattice and squared norms (read-only), for repeated sums."""
    freqs = fourier_frequencies(n, d, "spherical", max_terms=np.inf).astype(np.float64)
    sq = (freqs ** 2).sum(axis=1)
    freqs.flags.writeable = False
    sq.flags.writeable = False
    return freqs, sq


def _partial_sums_direct(x, ns, radius, half_width, chunk_budget=2**22):
    """S_N(x) by summing over the half-lattice (fast for small N and many points)."""
    n_pts, d = x.shape
    n_max = int(ns.max())
    out = np.zeros((n_pts, ns.size))
    if n_max == 0:
        return out
    freqs, sq = _half_lattice(n_max, d)
    w = _radial_coefficient(np.sqrt(sq), d, radius, half_width)
    w[1:] *= 2.0                               # half-lattice: c_k + c_{-k}
    # Column boundaries of each N (freqs are sorted by |k|^2).
    bounds = np.searchsorted(sq, ns * ns, side="left")
    order = np.argsort(bounds)
    chunk = max(1, chunk_budget // max(1, len(freqs)))
    for start in range(0, n_pts, chunk):
        xc = x[start:start + chunk]
        contrib = np.cos(np.pi * (xc @ freqs.T) / half_width) * w[None, :]
        prev, acc = 0, np.zeros(xc.shape[0])
        for o in order:
            b = bounds[o]
            acc = acc + contrib[:, prev:b].sum(axis=1)
            prev = b
            out[start:start + chunk, o] = acc
    return out


@validate_params(
    {
        "x": ["array-like", Real],
        # integer-valued floats are accepted (and cast) by the body; 2.5 is refused there
        "n_frequencies": ["array-like", Interval(Real, 0, None, closed="left")],
        "radius": [Interval(Real, 0, None, closed="neither")],
        "half_width": [Interval(Real, 0, None, closed="neither")],
        "method": [StrOptions({"auto", "shells", "direct"})],
    },
    prefer_skip_nested_validation=True,
)
def ball_partial_sum(x, n_frequencies, radius=0.5, half_width=1.0, method="auto"):
    """Spherical partial sum ``S_N f(x)`` of the exact Fourier series of a d-ball.

    ``S_N f(x) = sum_{k in Z^d, |k| < N} c_k cos(pi k.x / L)`` with the Bessel
    coefficients of :func:`ball_fourier_coefficient`. This is the limit
    ``f_N(W^infty, x)`` of gradient descent in document 000 (Kawasumi & Yoneda), §2. The default method
    groups the lattice into shells ``|k|^2 = m``: ``S_N(x) = sum_{m < N^2} a(sqrt m)
    R_x(m)``, where ``R_x(m)`` (a sum of cosines over the shell) is read off a
    product of one-dimensional theta polynomials computed with FFTs, so ``d`` up
    to 6 and ``N`` up to several hundred take seconds per point, and all ``N`` of a
    list come from one cumulative sum.

    Parameters
    ----------
    x : array-like of shape (d,) or (n_points, d)
        Evaluation point(s). A scalar means one point in ``d = 1``.
    n_frequencies : int or array-like of int
        ``N`` (strict ``|k| < N``); several values give one column each.
    radius : float, default=0.5
        Ball radius ``r``.
    half_width : float, default=1.0
        Half period ``L``.
    method : {"auto", "shells", "direct"}, default="auto"
        ``"shells"`` (theta-polynomial products, cost ~ ``d N^2 log N`` per point) or
        ``"direct"`` (sum over the half-lattice, cost ~ ``N^d`` per point, fast for
        many points and small ``N`` in low dimension).

    Returns
    -------
    S : float, ndarray of shape (n_points,), (n_values,) or (n_points, n_values)
        Leading axis over points (absent for a single point), trailing axis over
        ``n_frequencies`` (absent for a scalar ``n_frequencies``).

    See Also
    --------
    ball_fourier_coefficient, gibbs_overshoot

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §2 and Proposition 2.1; Kuratsubo, Nakai & Ootsubo, J. Funct.
    Anal. 259 (2010) (the lattice-point / Hardy-identity view of the shell sums);
    Pinsky, Stanton & Trapa, J. Funct. Anal. 116 (1993).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.fourier import ball_partial_sum
    >>> s = ball_partial_sum(np.zeros(3), [200, 201, 202])   # Pinsky: no limit at the centre
    >>> bool(np.all(np.abs(s - 1) < 2 / np.pi + 1e-3))
    True
    """
    radius, half_width = _check_geometry(radius, half_width)
    xarr, scalar_point = _as_points(x)
    ns, scalar_n = _as_ns(n_frequencies)
    d = xarr.shape[1]
    if method == "auto":
        n_max = int(ns.max())
        half = (lattice_count(n_max, d) + 1) // 2
        cost_direct = half
        cost_shells = 3.0 * d * 2 * n_max * n_max * max(1.0, np.log2(2 * n_max * n_max + 1))
        method = "direct" if (cost_direct <= cost_shells and half <= 200_000) else "shells"
    if method == "shells":
        out = _partial_sums_shells(xarr, ns, radius, half_width)
    elif method == "direct":
        out = _partial_sums_direct(xarr, ns, radius, half_width)
    else:
        raise ValueError(f"method must be 'auto', 'shells' or 'direct'; got {method!r}.")
    if scalar_n:
        out = out[:, 0]
    if scalar_point:
        out = out[0]
    return float(out) if np.ndim(out) == 0 else out


@validate_params(
    {
        "n_frequencies": [Interval(Integral, 2, None, closed="left")],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "radius": [Interval(Real, 0, None, closed="neither")],
        "half_width": [Interval(Real, 0, None, closed="neither")],
        "n_grid": [Interval(Integral, 2, None, closed="left")],
        "return_position": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def gibbs_overshoot(n_frequencies, n_dims=2, radius=0.5, half_width=1.0, n_grid=200,
                    return_position=False):
    """Maximum of the partial sum ``S_N`` on a radial scan just inside the sphere.

    Scans ``x = rho e_1`` for ``rho`` in ``[r - 4L/N, r]`` (where the first Gibbs
    maximum, at distance about ``L/N`` from the jump, lies) and refines the best
    grid point with a bounded scalar search. The limit for a unit jump is
    :data:`GIBBS_CONSTANT` ``= 1/2 + Si(pi)/pi = 1.08949`` in every dimension away
    from the centre.

    Parameters
    ----------
    n_frequencies : int
        ``N``.
    n_dims : int, default=2
        Dimension ``d``.
    radius, half_width : float
        Ball radius and half period.
    n_grid : int, default=200
        Points of the coarse scan.
    return_position : bool, default=False
        Also return the maximising ``rho``.

    Returns
    -------
    peak : float
        ``max S_N`` along the scan.
    rho : float
        Only with ``return_position``.

    References
    ----------
    Hewitt & Hewitt, "The Gibbs-Wilbraham phenomenon: an episode in Fourier
    analysis", Arch. Hist. Exact Sci. 21 (1979); Kuratsubo, Nakai & Ootsubo (2010);
    document 000 (Kawasumi & Yoneda), §1.

    Examples
    --------
    >>> from sknnmath.fourier import gibbs_overshoot
    >>> round(gibbs_overshoot(100, n_dims=1), 3)
    1.09
    """
    from scipy.optimize import minimize_scalar

    radius, half_width = _check_geometry(radius, half_width)
    n = _check_n(n_frequencies)
    d = _check_n(n_dims, "n_dims")
    if n < 2 or d < 1:
        raise ValueError("gibbs_overshoot needs n_frequencies >= 2 and n_dims >= 1.")
    lo = max(0.0, radius - 4.0 * half_width / n)
    rhos = np.linspace(lo, radius, n_grid)
    pts = np.zeros((n_grid, d))
    pts[:, 0] = rhos
    vals = ball_partial_sum(pts, n, radius, half_width)
    i = int(np.argmax(vals))
    a, b = rhos[max(i - 1, 0)], rhos[min(i + 1, n_grid - 1)]

    def neg(rho):
        p = np.zeros(d)
        p[0] = rho
        return -ball_partial_sum(p, n, radius, half_width)

    res = minimize_scalar(neg, bounds=(a, b), method="bounded",
                          options={"xatol": 1e-4 * half_width / n})
    peak, pos = (-res.fun, res.x) if -res.fun > vals[i] else (vals[i], rhos[i])
    peak = float(peak)
    return (peak, float(pos)) if return_position else peak


@validate_params(
    {
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "point": [StrOptions({"centre", "rational", "irrational"})],
    },
    prefer_skip_nested_validation=True,
)
def pointwise_growth_exponent(n_dims, point="rational"):
    """Predicted exponent ``a`` of ``max |S_M(x) - f(x)|`` over ``M in [N/2, N]`` ~ ``N^a``.

    The spherical partial sum at ``x`` grouped by lattice shells ``m = |k|^2`` is
    ``S_N(x) = sum_{m < N^2} a(sqrt m) R_x(m)`` (see :func:`ball_partial_sum`), with
    ``a(rho) ~ rho^{-(d+1)/2}`` (Bessel asymptotics of ``c_k``) and
    ``R_x(m) = sum_{|k|^2 = m} cos(pi k.x / L)``.

    * ``"rational"`` (``x`` rational, not a centre of the periodised balls, i.e. not in
      ``2L Z^d``): on arithmetic progressions of ``m`` the Gauss sums in ``R_x(m)`` do
      not cancel, ``|R_x(m)| ~ m^{d/2 - 1}``, so single shell terms have size
      ``m^{(d-5)/4} = N^{(d-5)/2}``. For ``d >= 5`` they do not tend to 0 and ``S_N(x)``
      has no limit (document 000, Proposition 2.1, Kuratsubo's third phenomenon):
      a bounded oscillation that does not decay for ``d = 5`` (exponent 0) and growth
      ``N^{(d-5)/2}`` for ``d >= 6``. Below ``d = 5`` the value returned is ``None``
      (the rational points converge there, the error decays).
    * ``"centre"`` (``x`` in ``2L Z^d``): the mean of ``R_x(m)`` (the lattice-point count
      ``r_d(m)``) adds the Pinsky focusing term, growth ``N^{(d-3)/2}``; ``d = 3`` is a
      bounded oscillation (exponent 0), ``d <= 2`` converges (``None``).
    * ``"irrational"`` (generic ``x`` off the sphere): ``R_x(m)`` cancels, the partial
      sums converge (``None``; the measured decay is about ``N^{-1}``).

    This exponent is derived here from the shell structure and checked numerically by the
    ``fourier-pointwise`` reproduction (exponents fitted for ``d = 5, 6, 7``); the exact
    hypotheses of [1]_ were not available to us.

    Parameters
    ----------
    n_dims : int
        Dimension ``d``.
    point : {"centre", "rational", "irrational"}, default="rational"
        Kind of point.

    Returns
    -------
    exponent : float or None
        ``a`` with ``max |S_M - f|`` over ``M in [N/2, N]`` of order ``N^a`` (``a = 0``:
        bounded, not decaying), or None when the partial sums converge.

    See Also
    --------
    ball_partial_sum

    References
    ----------
    .. [1] S. Kuratsubo, E. Nakai and K. Ootsubo, J. Funct. Anal. 259 (2010) 315-342
       (cited by document 000 (Kawasumi & Yoneda) as [7] for Proposition 2.1).

    Examples
    --------
    >>> from sknnmath.fourier import pointwise_growth_exponent
    >>> pointwise_growth_exponent(5, "rational"), pointwise_growth_exponent(5, "centre")
    (0.0, 1.0)
    >>> pointwise_growth_exponent(4, "rational") is None
    True
    """
    d = int(n_dims)
    if point == "irrational":
        return None
    threshold = 5 if point == "rational" else 3
    return None if d < threshold else (d - threshold) / 2.0
