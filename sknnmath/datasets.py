"""Data generators of the documents' experiments (no downloads; all generated or shipped).

References
----------
Document 000 (Kawasumi & Yoneda), Fig. 1: points in [-1.5, 1.5]^2 labelled by the unit disc.
Document 001 (Sonoda), §3: the grid x = -1.00:0.01:1.00 with y = sin(2 pi x).
Document 003 (Nitta) and Lang & Witbrock (1988): the CMU two-spirals benchmark.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.datasets import load_iris
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["make_ball", "make_sine_grid", "make_two_spirals", "load_iris"]


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "radius": [Interval(Real, 0, None, closed="neither")],
        "half_width": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_ball(n_samples=2000, n_features=2, radius=1.0, half_width=1.5, random_state=None):
    """Uniform points in a cube labelled by the indicator of a centred ball.

    This is document 000's experiment: 2000 uniform points of [-1.5, 1.5]^2,
    label 1 inside the unit circle.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of points.
    n_features : int, default=2
        Dimension d.
    radius : float, default=1.0
        Radius of the ball.
    half_width : float, default=1.5
        Points are uniform in [-half_width, half_width]^d.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), int
        1 inside the ball (``norm(x) < radius``), 0 outside.

    Examples
    --------
    >>> from sknnmath.datasets import make_ball
    >>> X, y = make_ball(2000, random_state=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((2000, 2), [0, 1])
    """
    rng = check_random_state(random_state)
    X = rng.uniform(-half_width, half_width, size=(n_samples, n_features))
    y = (np.linalg.norm(X, axis=1) < radius).astype(np.int64)
    return X, y


@validate_params(
    {
        "start": [Interval(Real, None, None, closed="neither")],
        "stop": [Interval(Real, None, None, closed="neither")],
        "step": [Interval(Real, 0, None, closed="neither")],
        "frequency": [Interval(Real, None, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def make_sine_grid(start=-1.0, stop=1.0, step=0.01, frequency=1.0):
    """The grid of document 001: x = -1.00:0.01:1.00 and y = sin(2 pi f x).

    Parameters
    ----------
    start, stop, step : float
        Grid definition (``stop`` included, 201 points by default).
    frequency : float, default=1.0
        Frequency f of the sine.

    Returns
    -------
    X : ndarray of shape (n_points, 1)
    y : ndarray of shape (n_points,)

    Examples
    --------
    >>> from sknnmath.datasets import make_sine_grid
    >>> X, y = make_sine_grid()
    >>> X.shape
    (201, 1)
    """
    if not (np.isfinite([start, stop, step, frequency]).all() and step > 0 and stop > start):
        raise ValueError("make_sine_grid needs finite start < stop and step > 0.")
    n = int(round((stop - start) / step)) + 1
    x = start + step * np.arange(n)
    return x.reshape(-1, 1), np.sin(2 * np.pi * frequency * x)


@validate_params(
    {
        "n_points_per_spiral": [Interval(Integral, 2, None, closed="left")],
        "n_turns": [Interval(Real, 0, None, closed="neither")],
        "r_max": [Interval(Real, 0, None, closed="neither")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "complex_input": ["boolean"],
        "normalize": [StrOptions({"unit"}), None],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_two_spirals(n_points_per_spiral=97, n_turns=3, r_max=6.5, noise=0.0,
                     complex_input=False, normalize=None, random_state=None):
    """The canonical CMU two-spirals benchmark (194 points by default).

    For i = 0..96: angle = i pi / 16, radius = 6.5 (104 - i) / 104; the point
    (r sin a, r cos a) has target 1 and its negative, emitted right after,
    target 0.

    Parameters
    ----------
    n_points_per_spiral : int, default=97
        Points per spiral.
    n_turns : float, default=3
        Revolutions; the canonical set has 32 points per revolution.
    r_max : float, default=6.5
        Starting radius; the radius falls linearly to r_max * 8 / 104.
    noise : float, default=0.0
        Std of Gaussian noise added to the coordinates.
    complex_input : bool, default=False
        Return X as a complex vector z = x + i y of shape (n,).
    normalize : {None, "unit"}, default=None
        ``"unit"`` maps coordinates to [0, 1] by x / (2 r_max) + 0.5.
    random_state : int, RandomState instance or None
        Seed for the noise.

    Returns
    -------
    X : ndarray of shape (n, 2) (or (n,) complex)
    y : ndarray of shape (n,), int

    Examples
    --------
    >>> from sknnmath.datasets import make_two_spirals
    >>> X, y = make_two_spirals()
    >>> X.shape, X[0].tolist(), int(y[0]), int(y[1])
    ((194, 2), [0.0, 6.5], 1, 0)
    """
    if n_points_per_spiral < 2:
        raise ValueError("n_points_per_spiral must be at least 2.")
    rng = check_random_state(random_state)
    i = np.arange(n_points_per_spiral)
    per_rev = (n_points_per_spiral - 1) / n_turns
    angle = i * np.pi / (per_rev / 2)
    denom = n_points_per_spiral + 7  # 104 for the canonical 97 points
    radius = r_max * (denom - i) / denom
    p = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    X = np.empty((2 * n_points_per_spiral, 2))
    X[0::2] = p
    X[1::2] = -p
    y = np.tile([1, 0], n_points_per_spiral).astype(np.int64)
    if noise > 0:
        X = X + rng.normal(scale=noise, size=X.shape)
    if normalize == "unit":
        X = X / (2 * r_max) + 0.5
    elif normalize is not None:
        raise ValueError(f"normalize must be None or 'unit'; got {normalize!r}.")
    if complex_input:
        X = X[:, 0] + 1j * X[:, 1]
    return X, y
