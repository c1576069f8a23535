"""Polytope geometry of document 000's min-of-ReLU network (pure numpy/scipy).

The network of Kawasumi & Yoneda (document 000, §3) computes
``z(x) = min_j h(w_j . x + b_j)`` (see :func:`pair_block`), so its positive set
``Omega_N = {x : z(x) > 0}`` is the intersection of the half-spaces
``w_j . x + b_j > 0``: a convex polytope (Theorem 3.1). The functions here build
facet normals, offsets for the circumscribed / inscribed / area-matched
polytopes of a ball and the closed-form area errors of regular polygons.

References
----------
R. Kawasumi and T. Yoneda, "Implementation and mathematical analysis of the
dynamics of deep neural networks" (Japanese; document 000), §3-4.
R. Kawasumi and T. Yoneda, "Pointwise convergence of Fourier series and deep
neural network for the indicator function of d-dimensional ball",
arXiv:2304.08172.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
from scipy.special import gammaln
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = [
    "circumscribed_miss_rate",
    "critical_facets",
    "relu",
    "pair_block",
    "min_relu",
    "layer_widths",
    "sphere_points",
    "facet_offsets",
    "polytope_vertices",
    "polytope_volume",
    "ball_volume",
    "minimum_enclosing_ball",
    "polygon_area",
    "polygon_area_excess",
    "polygon_area_excess_asymptotic",
    "expected_polygon_accuracy",
]

_INITS = ("circumscribed", "inscribed", "area_matched", "random")


def relu(t):
    """The ReLU h(t) = max(t, 0) of the document (numpy; the layer registry's "relu").

    Parameters
    ----------
    t : array-like
        Input.

    Returns
    -------
    ndarray
        ``max(t, 0)`` elementwise.
    """
    from .._layers import get_activation  # lazy: the registry imports torch

    return get_activation("relu").numpy(t)


def pair_block(a, b):
    """One even+odd layer pair of document 000 §3 on a pair (a, b).

    Computes ``h(a/2 + b/2) - h(a/2 - b/2) - h(-a/2 + b/2)`` (equations (1)-(2)
    of document 000). For ``a, b >= 0`` this equals ``min(a, b)`` because
    ``h(a/2 + b/2) = (a + b)/2`` and ``h(u) + h(-u) = |u|``. It is **not** the
    minimum for negative inputs (``a = -1, b = -3`` gives ``-1``); in the
    network every input is a ReLU output, hence non-negative.

    Parameters
    ----------
    a, b : array_like
        Inputs of the block (broadcast together).

    Returns
    -------
    ndarray
        The block output.

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §3, equations (1) and (2).

    Examples
    --------
    >>> from sknnmath.ballnet import pair_block
    >>> float(pair_block(2.0, 5.0)), float(pair_block(-1.0, -3.0))
    (2.0, -1.0)
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return relu(0.5 * a + 0.5 * b) - relu(0.5 * a - 0.5 * b) - relu(-0.5 * a + 0.5 * b)


def min_relu(X, weights, biases):
    """Reference evaluation ``min_j h(w_j . x + b_j)`` of the network output.

    Parameters
    ----------
    X : array_like of shape (n_samples, d)
    weights : array_like of shape (m, d)
        First-layer weights w_j.
    biases : array_like of shape (m,)
        First-layer biases b_j.

    Returns
    -------
    ndarray of shape (n_samples,)

    References
    ----------
    Document 000, §4: ``z^{2n+1}(x) = sum_j h(w_j . x + b_j) chi_{D_j}(x)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.ballnet import min_relu
    >>> min_relu(np.zeros((1, 2)), -np.eye(2), np.array([1.0, 2.0])).tolist()
    [1.0]
    """
    X = np.asarray(X, dtype=float)
    pre = X @ np.asarray(weights, dtype=float).T + np.asarray(biases, dtype=float)
    return relu(pre).min(axis=1)


@validate_params({"depth": [Interval(Integral, 0, None, closed="left")]}, prefer_skip_nested_validation=True)
def layer_widths(depth):
    """Widths of the 2n+1 layers: 2^n, 3*2^(n-1), 2^(n-1), ..., 3, 1.

    The maximum width is ``3 * 2^(n-1)``, not ``2^n`` (document 000 §3 writes the even
    layer with ``2^n`` entries, an index slip). For ``n = 0`` the network is the
    single layer ``h(w . x + b)``.

    Parameters
    ----------
    depth : int
        n >= 0; the first layer has 2^n units.

    Returns
    -------
    list of int, of length 2n + 1

    References
    ----------
    Document 000, §3 (first, even and odd layers).

    Examples
    --------
    >>> from sknnmath.ballnet import layer_widths
    >>> layer_widths(3)
    [8, 12, 4, 6, 2, 3, 1]
    """
    n = int(depth)
    if n < 0:
        raise ValueError(f"depth must be >= 0; got {depth}.")
    widths = [2**n]
    for k in range(1, n + 1):
        widths += [3 * 2 ** (n - k), 2 ** (n - k)]
    return widths


def _riesz_relax(P, n_steps=300, step=0.05):
    """Spread unit vectors by projected gradient descent on a Riesz (1/r^(d-1)) energy."""
    m, d = P.shape
    s = d - 1
    for it in range(n_steps):
        diff = P[:, None, :] - P[None, :, :]
        dist2 = (diff**2).sum(-1) + np.eye(m)
        force = (diff / dist2[..., None] ** ((s + 2) / 2)).sum(1)
        # step relative to the typical force so the update is scale free
        scale = np.linalg.norm(force, axis=1).mean() + 1e-300
        P = P + step * (1 - it / n_steps) * force / scale * (m ** (-1.0 / max(s, 1)))
        P /= np.linalg.norm(P, axis=1, keepdims=True)
    return P


@validate_params({"m": [Interval(Integral, 1, None, closed="left")], "d": [Interval(Integral, 1, None, closed="left")], "random_state": ["random_state"]}, prefer_skip_nested_validation=True)
def sphere_points(m, d, random_state=0):
    """``m`` quasi-uniform unit vectors on the sphere S^(d-1).

    * d = 1: alternating ±1;
    * d = 2: equally spaced angles ``2 pi j / m`` (a regular polygon's normals);
    * d = 3: the Fibonacci (golden-spiral) lattice;
    * d >= 4: Gaussian directions spread by a few hundred steps of Riesz-energy
      repulsion (deterministic for a given ``random_state``).

    For ``m >= d + 1`` (and ``d >= 2``) the result positively spans R^d, so the
    polytope with these facet normals is bounded.

    Parameters
    ----------
    m : int
        Number of points (facets), m >= 1.
    d : int
        Ambient dimension.
    random_state : int, RandomState instance or None, default=0
        Seed for d >= 4.

    Returns
    -------
    ndarray of shape (m, d), rows of unit norm.

    References
    ----------
    Document 000, §3 (facets of the polytope Omega_N); arXiv:2304.08172.
    E. B. Saff and A. B. J. Kuijlaars, "Distributing many points on a sphere",
    Math. Intelligencer 19 (1997) 5-11 (Riesz energy, spiral points).

    Examples
    --------
    >>> from sknnmath.ballnet import sphere_points
    >>> sphere_points(4, 2).round(6).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0]]
    """
    m, d = int(m), int(d)
    if m < 1 or d < 1:
        raise ValueError(f"sphere_points needs m >= 1 and d >= 1; got m={m}, d={d}.")
    if d == 1:
        return np.where(np.arange(m) % 2 == 0, 1.0, -1.0).reshape(m, 1)
    if d == 2:
        theta = 2 * np.pi * np.arange(m) / m
        return np.stack([np.cos(theta), np.sin(theta)], axis=1)
    if d == 3:
        i = np.arange(m) + 0.5
        zc = 1 - 2 * i / m
        phi = np.pi * (1 + 5**0.5) * i
        rho = np.sqrt(1 - zc**2)
        return np.stack([rho * np.cos(phi), rho * np.sin(phi), zc], axis=1)
    rng = check_random_state(random_state)
    P = rng.standard_normal((m, d))
    P /= np.linalg.norm(P, axis=1, keepdims=True)
    if m > 1:
        P = _riesz_relax(P)
    return P


def polytope_vertices(normals, offsets, interior_point=None):
    """Vertices of the bounded polytope ``{x : u_j . x <= c_j}``.

    Parameters
    ----------
    normals : array_like of shape (m, d)
        Outward normals u_j (the network's ``-w_j``).
    offsets : array_like of shape (m,)
        Offsets c_j (the network's ``b_j``, for the same scaling).
    interior_point : array_like of shape (d,), optional
        A strictly interior point (default: the Chebyshev centre, found by a
        linear program).

    Returns
    -------
    ndarray of shape (n_vertices, d)

    Raises
    ------
    ValueError
        If the polytope is empty or unbounded.

    References
    ----------
    Document 000, Theorem 3.1 (Omega_N is a convex polytope).
    """
    from scipy.optimize import linprog
    from scipy.spatial import HalfspaceIntersection

    U = np.asarray(normals, dtype=float)
    c = np.asarray(offsets, dtype=float)
    m, d = U.shape
    norms = np.linalg.norm(U, axis=1)
    if interior_point is None:
        # Chebyshev centre: max t s.t. u_j.x + t|u_j| <= c_j; bounds guard unboundedness
        res = linprog(np.r_[np.zeros(d), -1.0], A_ub=np.c_[U, norms], b_ub=c,
                      bounds=[(None, None)] * d + [(0, None)], method="highs")
        if res.status != 0 or res.x[-1] <= 1e-12:
            raise ValueError("The polytope is empty or unbounded (Chebyshev LP failed).")
        interior_point = res.x[:d]
    # bounded iff normals positively span R^d: check max over directions stays finite
    res = linprog(np.zeros(m), A_eq=np.r_[U.T, np.ones((1, m))], b_eq=np.r_[np.zeros(d), 1.0],
                  bounds=[(1e-9, None)] * m, method="highs")
    if res.status != 0:
        raise ValueError("The polytope is unbounded: its normals do not positively span R^d "
                         f"(m={m} facets in d={d}; at least d+1 are needed).")
    hs = HalfspaceIntersection(np.c_[U, -c], np.asarray(interior_point, dtype=float),
                               qhull_options="QJ" if d >= 4 else None)
    V = hs.intersections
    V = V[np.all(np.isfinite(V), axis=1)]
    return np.unique(V.round(12), axis=0)


def polytope_volume(normals, offsets):
    """Volume (area in 2-D) of the bounded polytope ``{x : u_j . x <= c_j}``.

    Parameters
    ----------
    normals : array-like of shape (m, d)
        Facet normals u_j.
    offsets : array-like of shape (m,)
        Facet offsets c_j.

    Returns
    -------
    float
        The volume.


    References
    ----------
    Document 000, Theorem 3.1.

    Examples
    --------
    >>> from sknnmath.ballnet import polytope_volume, sphere_points
    >>> round(polytope_volume(sphere_points(4, 2), [1, 1, 1, 1]), 10)
    4.0
    """
    from scipy.spatial import ConvexHull

    V = polytope_vertices(normals, offsets)
    if V.shape[1] == 1:
        return float(V.max() - V.min())
    return float(ConvexHull(V, qhull_options="QJ" if V.shape[1] >= 4 else None).volume)


@validate_params({"P": ["array-like"]}, prefer_skip_nested_validation=True)
def minimum_enclosing_ball(P):
    """Centre and radius of the smallest ball containing the points ``P``.

    Solved as the convex QP ``min t + |c|^2`` s.t. ``|p_i|^2 - 2 c . p_i <= t``
    (the lifted form of ``|p_i - c|^2 <= r^2``) by SLSQP. This estimates the ball
    behind the positive class, which the circumscribed initialisation of the network
    is tangent to. It is more accurate than the class mean, whose error is
    ``O(n^(-1/2))``.

    Parameters
    ----------
    P : array_like of shape (n_points, d)

    Returns
    -------
    center : ndarray of shape (d,)
    radius : float

    References
    ----------
    Document 000, §3 (the polytope approximating the ball); J. J. Sylvester,
    "A question in the geometry of situation" (1857) for the problem.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.ballnet import minimum_enclosing_ball
    >>> c, r = minimum_enclosing_ball(np.array([[0., 0.], [2., 0.], [1., 0.5]]))
    >>> np.round(c, 6).tolist(), round(r, 6)
    ([1.0, 0.0], 1.0)
    """
    P = np.asarray(P, dtype=float)
    n, d = P.shape
    c0 = P.mean(axis=0)
    if n == 1:
        return c0, 0.0
    # SLSQP's tolerances are absolute: solve in centred, unit-scale coordinates so the
    # answer is equivariant under x -> s x + t (at 1e-10 scale it was 7 % too large)
    scale = float(np.max(np.abs(P - c0)))
    if scale == 0.0:
        return c0, 0.0
    c, r = _meb_unit((P - c0) / scale)
    return c0 + scale * c, scale * r


def _meb_unit(P):
    """The SLSQP solve of :func:`minimum_enclosing_ball` on centred, unit-scale points."""
    from scipy.optimize import minimize

    n, d = P.shape
    c0 = np.zeros(d)
    sq = (P**2).sum(1)
    # restrict to the points that can be on the boundary: the convex hull's vertices
    if n > d + 1 and d <= 6:
        try:
            from scipy.spatial import ConvexHull

            idx = ConvexHull(P).vertices
            P, sq = P[idx], sq[idx]
        except Exception:  # degenerate (flat) point sets: keep all points
            pass
    x0 = np.r_[c0, np.max(sq - 2 * P @ c0)]
    cons = {"type": "ineq", "fun": lambda v: v[d] - (sq - 2 * P @ v[:d]),
            "jac": lambda v: np.c_[2 * P, np.ones(len(P))]}
    res = minimize(lambda v: v[d] + v[:d] @ v[:d], x0,
                   jac=lambda v: np.r_[2 * v[:d], 1.0], constraints=[cons], method="SLSQP",
                   options={"maxiter": 500, "ftol": 1e-14})
    c = res.x[:d]
    r = float(np.sqrt(np.max(((P - c) ** 2).sum(1))))
    return c, r


@validate_params({"d": [Interval(Integral, 1, None, closed="left")], "r": [Interval(Real, 0, None, closed="neither")]}, prefer_skip_nested_validation=True)
def ball_volume(d, r=1.0):
    """Volume ``pi^(d/2) r^d / Gamma(d/2 + 1)`` of the d-ball of radius r.

    Parameters
    ----------
    d : int
        Dimension.
    r : float, default=1.0
        Radius.

    Returns
    -------
    float
        The volume, computed through logarithms (finite for large d).
    """
    return float(np.exp(0.5 * d * np.log(np.pi) + d * np.log(r) - gammaln(0.5 * d + 1)))


def facet_offsets(normals, radius=1.0, kind="circumscribed", random_state=None):
    """Offsets c_j of a polytope ``{x : u_j . x <= c_j}`` fitted to the ball of radius r.

    * ``"circumscribed"``: ``c_j = r`` (every facet tangent to the sphere);
    * ``"inscribed"``: ``c_j = r / R`` with R the largest vertex norm of
      ``{u_j . x <= 1}``, so all vertices lie in the ball (in 2-D with equally
      spaced normals: ``r cos(pi/m)``);
    * ``"area_matched"``: ``c_j = c`` with the polytope's volume equal to the
      ball's (2-D: apothem ``r sqrt(pi / (m tan(pi/m)))``);
    * ``"random"``: ``c_j = r * U(0.5, 1.5)`` (a random polytope of the ball's size).

    Parameters
    ----------
    normals : array_like of shape (m, d)
        Unit outward normals.
    radius : float, default=1.0
    kind : {"circumscribed", "inscribed", "area_matched", "random"}
    random_state : int, RandomState instance or None
        Used by ``"random"``.

    Returns
    -------
    ndarray of shape (m,)

    References
    ----------
    Document 000, §3; the circumscribed/inscribed polygon formulas are
    elementary geometry (reference notes, §7.2).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.ballnet import facet_offsets, sphere_points
    >>> U = sphere_points(8, 2)
    >>> bool(np.allclose(facet_offsets(U, 1.0, "inscribed"), np.cos(np.pi / 8)))
    True
    """
    U = np.asarray(normals, dtype=float)
    m, d = U.shape
    r = float(radius)
    if kind == "circumscribed":
        return np.full(m, r)
    if kind == "random":
        return r * check_random_state(random_state).uniform(0.5, 1.5, size=m)
    if kind == "inscribed":
        V = polytope_vertices(U, np.ones(m), interior_point=np.zeros(d))
        return np.full(m, r / np.linalg.norm(V, axis=1).max())
    if kind == "area_matched":
        vol1 = polytope_volume(U, np.ones(m))
        return np.full(m, r * (ball_volume(d, 1.0) / vol1) ** (1.0 / d))
    raise ValueError(f"Unknown init {kind!r}; use one of {_INITS}.")


@validate_params({"m": ["array-like", Interval(Integral, 1, None, closed="left")], "r": [Interval(Real, 0, None, closed="neither")], "kind": [StrOptions({"circumscribed", "inscribed", "area_matched"})]}, prefer_skip_nested_validation=True)
def polygon_area(m, r=1.0, kind="circumscribed"):
    """Exact area of the regular m-gon circumscribed about / inscribed in a circle.

    Parameters
    ----------
    m : int or array-like of int
        Number of sides.
    r : float, default=1.0
        Radius of the circle.
    kind : {"circumscribed", "inscribed", "area_matched"}, default="circumscribed"
        Which regular polygon: facets tangent to the circle, vertices on it, or equal area.

    Returns
    -------
    float or ndarray
        The area.


    circumscribed: ``m r^2 tan(pi/m)``; inscribed: ``(m/2) r^2 sin(2 pi/m)``;
    area_matched: ``pi r^2``.

    References
    ----------
    Document 000, §3 (m = 2^n facets); reference notes §7.3.
    """
    m = np.asarray(m, dtype=float)
    if kind == "circumscribed":
        return m * r**2 * np.tan(np.pi / m)
    if kind == "inscribed":
        return 0.5 * m * r**2 * np.sin(2 * np.pi / m)
    if kind == "area_matched":
        return np.pi * r**2 + 0 * m
    raise ValueError(f"Unknown kind {kind!r}.")


@validate_params({"m": ["array-like", Interval(Integral, 1, None, closed="left")], "r": [Interval(Real, 0, None, closed="neither")], "kind": [StrOptions({"circumscribed", "inscribed", "area_matched"})]}, prefer_skip_nested_validation=True)
def polygon_area_excess(m, r=1.0, kind="circumscribed"):
    """Signed area error ``|polygon| - pi r^2`` of the regular m-gon (exact).

    Parameters
    ----------
    m : int or array-like of int
        Number of sides.
    r : float, default=1.0
        Radius of the circle.
    kind : {"circumscribed", "inscribed", "area_matched"}, default="circumscribed"
        Which regular polygon: facets tangent to the circle, vertices on it, or equal area.

    Returns
    -------
    float or ndarray
        ``|polygon| - pi r^2`` (negative when the polygon is smaller).


    Examples
    --------
    >>> from sknnmath.ballnet import polygon_area_excess
    >>> round(float(polygon_area_excess(8)), 5), round(float(polygon_area_excess(8, kind="inscribed")), 5)
    (0.17212, -0.31317)

    References
    ----------
    Document 000, §3; reference notes §7.3.
    """
    return polygon_area(m, r, kind) - np.pi * r**2


@validate_params({"m": ["array-like", Interval(Integral, 1, None, closed="left")], "r": [Interval(Real, 0, None, closed="neither")], "kind": [StrOptions({"circumscribed", "inscribed"})]}, prefer_skip_nested_validation=True)
def polygon_area_excess_asymptotic(m, r=1.0, kind="circumscribed"):
    """Leading term of the area error: ``pi^3 r^2 / (3 m^2)`` (circumscribed).

    Parameters
    ----------
    m : int or array-like of int
        Number of sides.
    r : float, default=1.0
        Radius of the circle.
    kind : {"circumscribed", "inscribed"}, default="circumscribed"
        Which polygon.

    Returns
    -------
    float or ndarray
        The leading term of ``|polygon| - pi r^2``.


    The inscribed polygon's deficit is twice as large, ``2 pi^3 r^2 / (3 m^2)``
    (returned negative). From ``tan t = t + t^3/3 + ...`` and ``sin t = t - t^3/6 + ...``.

    Examples
    --------
    >>> from sknnmath.ballnet import polygon_area_excess_asymptotic
    >>> round(float(polygon_area_excess_asymptotic(64)), 6)
    0.002523

    References
    ----------
    Document 000, §3; reference notes §7.3.
    """
    m = np.asarray(m, dtype=float)
    lead = np.pi**3 * r**2 / (3 * m**2)
    if kind == "circumscribed":
        return lead
    if kind == "inscribed":
        return -2 * lead
    if kind == "area_matched":
        return 0 * lead
    raise ValueError(f"Unknown kind {kind!r}.")


@validate_params({"m": ["array-like", Interval(Integral, 1, None, closed="left")], "r": [Interval(Real, 0, None, closed="neither")], "half_width": [Interval(Real, 0, None, closed="neither")], "kind": [StrOptions({"circumscribed", "inscribed", "area_matched"})]}, prefer_skip_nested_validation=True)
def expected_polygon_accuracy(m, r=1.0, half_width=1.5, kind="circumscribed"):
    """Exact expected accuracy ``1 - |Omega_N (sym. diff.) B| / (2 h)^2`` of the untrained net.

    Parameters
    ----------
    m : int or array-like of int
        Number of facets.
    r : float, default=1.0
        Radius of the disc.
    half_width : float, default=1.5
        h, the half-width of the square data box.
    kind : {"circumscribed", "inscribed", "area_matched"}, default="circumscribed"
        Which regular polygon: facets tangent to the circle, vertices on it, or equal area.

    Returns
    -------
    float or ndarray
        The expected accuracy.


    Valid when the polygon lies inside the box ``[-h, h]^2`` and is centred at
    the origin. For ``"area_matched"`` the symmetric difference is computed from
    the polygon-circle geometry (regions outside plus inside).

    Examples
    --------
    >>> from sknnmath.ballnet import expected_polygon_accuracy
    >>> round(float(expected_polygon_accuracy(8)), 5)
    0.98088

    References
    ----------
    Document 000, §2 (the [-1.5, 1.5]^2 experiment) and §3.
    """
    m = float(m)
    if kind in ("circumscribed", "inscribed"):
        sym = abs(float(polygon_area_excess(m, r, kind)))
    elif kind == "area_matched":
        a = r * math.sqrt(math.pi / (m * math.tan(math.pi / m)))  # apothem
        # Per sector of angle 2 pi / m: polygon part outside the circle (a < r < a / cos(pi/m))
        half = math.pi / m
        t0 = math.acos(min(1.0, a / r))  # angle where the edge crosses the circle
        # area of polygon outside circle in one half-sector: integral over angles t0..half
        ts = np.linspace(t0, half, 20001)
        rho = a / np.cos(ts)
        out = np.trapezoid(0.5 * (rho**2 - r**2), ts)
        ts2 = np.linspace(0.0, t0, 20001)
        rho2 = a / np.cos(ts2)
        inn = np.trapezoid(0.5 * (r**2 - rho2**2), ts2)
        sym = 2 * m * (out + inn)
    else:
        raise ValueError(f"Unknown kind {kind!r}.")
    return 1.0 - sym / (2 * half_width) ** 2


@validate_params({"delta": ["array-like", Interval(Real, 0, None, closed="neither")],
                  "r": [Interval(Real, 0, None, closed="neither")]},
                 prefer_skip_nested_validation=True)
def critical_facets(delta, r=1.0):
    """Facets a regular circumscribed m-gon needs to classify every point at distance delta.

    A point at distance ``delta`` outside the circle of radius ``r``, at angle ``phi``
    from the nearest facet normal, lies inside the circumscribed m-gon (so the
    polytope network calls it inside, wrongly) iff ``(r + delta) cos(phi) < r``. The
    worst direction is a vertex, ``phi = pi / m``; every such point is classified
    correctly iff ``m >= pi / arccos(r / (r + delta))`` (about ``pi sqrt(r / (2 delta))``).
    Points inside the circle are never misclassified (the polygon contains the disc).

    Parameters
    ----------
    delta : float or array-like of float
        Distance outside the circle (> 0).
    r : float, default=1.0
        Radius.

    Returns
    -------
    m_critical : float or ndarray
        ``pi / arccos(r / (r + delta))`` (not rounded).

    See Also
    --------
    circumscribed_miss_rate

    Examples
    --------
    >>> from sknnmath.ballnet import critical_facets
    >>> [round(float(critical_facets(d, 0.5)), 1) for d in (1e-1, 1e-2, 1e-3, 1e-4)]
    [5.4, 15.8, 49.7, 157.1]
    """
    delta = np.asarray(delta, dtype=np.float64)
    out = np.pi / np.arccos(r / (r + delta))
    return float(out) if out.ndim == 0 else out


@validate_params({"m": ["array-like", Interval(Integral, 3, None, closed="left")],
                  "delta": ["array-like", Interval(Real, 0, None, closed="neither")],
                  "r": [Interval(Real, 0, None, closed="neither")]},
                 prefer_skip_nested_validation=True)
def circumscribed_miss_rate(m, delta, r=1.0):
    """Fraction of the circle ``|x| = r + delta`` inside the circumscribed regular m-gon.

    With ``phi`` the angle to the nearest facet normal (uniform on ``[0, pi/m]``), the
    point is inside iff ``phi > arccos(r / (r + delta))``, so the fraction is
    ``max(0, 1 - m arccos(r / (r + delta)) / pi)``: the misclassification rate of the
    circumscribed polytope network (document 000, §3) on points at distance ``delta``
    outside the circle, uniform in angle. It is exactly 0 from
    :func:`critical_facets` on.

    Parameters
    ----------
    m : int or array-like of int
        Number of facets (>= 3).
    delta : float or array-like of float
        Distance outside the circle; broadcast against ``m``.
    r : float, default=1.0
        Radius.

    Returns
    -------
    rate : float or ndarray

    See Also
    --------
    critical_facets

    Examples
    --------
    >>> from sknnmath.ballnet import circumscribed_miss_rate
    >>> round(float(circumscribed_miss_rate(8, 1e-2, 0.5)), 4)
    0.4949
    >>> float(circumscribed_miss_rate(16, 1e-2, 0.5))
    0.0
    """
    alpha = np.arccos(r / (r + np.asarray(delta, dtype=np.float64)))
    out = np.maximum(0.0, 1.0 - np.asarray(m, dtype=np.float64) * alpha / np.pi)
    return float(out) if out.ndim == 0 else out
