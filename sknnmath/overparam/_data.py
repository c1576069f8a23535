"""Data generators of document 004's over-parameterisation experiments."""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["covariance_spectrum", "make_spectrum_regression", "make_spiked_covariance",
           "make_sphere_teacher"]


@validate_params(
    {
        "kind": [StrOptions({"isotropic", "spiked", "log-harmonic", "power"})],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "n_spikes": [Interval(Integral, 0, None, closed="left")],
        "spike": [Interval(Real, 0, None, closed="neither")],
        "tail": [Interval(Real, 0, None, closed="left")],
        "exponent": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def covariance_spectrum(kind, n_features, *, n_spikes=3, spike=1.0, tail=0.01, exponent=2.0):
    """Eigenvalues (decreasing) of the covariance spectra of the benign-overfitting demo.

    Parameters
    ----------
    kind : {"isotropic", "spiked", "log-harmonic", "power"}
        "isotropic": all 1. "spiked": ``n_spikes`` eigenvalues ``spike`` then a
        flat ``tail`` (BLLT Theorem 6(2): a head plus a small isotropic tail).
        "log-harmonic": k^{-1} log^{-2}(k + 1) (BLLT Theorem 6(1), benign only as
        n -> infinity). "power": k^{-exponent} (not benign).
    n_features : int
        p.
    n_spikes, spike, tail : int, float, float
        Parameters of "spiked".
    exponent : float, default=2.0
        Exponent of "power".

    Returns
    -------
    ndarray of shape (n_features,)

    References
    ----------
    Bartlett, Long, Lugosi, Tsigler, "Benign overfitting in linear regression",
    PNAS 2020, Theorem 6.

    Examples
    --------
    >>> from sknnmath.overparam import covariance_spectrum
    >>> covariance_spectrum("spiked", 6, n_spikes=2, tail=0.5).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    """
    k = np.arange(1, n_features + 1, dtype=float)
    if kind == "isotropic":
        return np.ones(n_features)
    if kind == "spiked":
        out = np.full(n_features, float(tail))
        out[: min(n_spikes, n_features)] = spike
        return out
    if kind == "log-harmonic":
        return 1.0 / (k * np.log(k + 1.0) ** 2)
    return k ** (-float(exponent))


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "eigenvalues": ["array-like"],
        "coef": ["array-like", None],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_spectrum_regression(n_samples, eigenvalues, coef=None, noise=1.0, random_state=None):
    """Gaussian linear regression with a diagonal covariance of a chosen spectrum.

    x = Sigma^{1/2} z with z ~ N(0, I_p) and Sigma = diag(``eigenvalues``) (the
    eigenbasis is the coordinate basis), y = x^T coef + noise^{1/2} eps.

    Parameters
    ----------
    n_samples : int
        n.
    eigenvalues : array-like of shape (n_features,)
        Spectrum of Sigma.
    coef : array-like of shape (n_features,) or None
        theta*. None puts theta* on the top eigendirection with
        ||theta*||_Sigma^2 = 1 (the benign-overfitting demo).
    noise : float, default=1.0
        Noise variance sigma^2.
    random_state : int, RandomState instance or None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_features,)

    Examples
    --------
    >>> from sknnmath.overparam import make_spectrum_regression
    >>> X, y, coef = make_spectrum_regression(5, [4.0, 1.0], random_state=0)
    >>> X.shape, coef.tolist()
    ((5, 2), [0.5, 0.0])
    """
    rng = check_random_state(random_state)
    lam = np.asarray(eigenvalues, dtype=float)
    if coef is None:
        coef = np.zeros(lam.size)
        top = int(np.argmax(lam))
        coef[top] = 1.0 / math.sqrt(lam[top])
    coef = np.asarray(coef, dtype=float)
    X = rng.standard_normal((n_samples, lam.size)) * np.sqrt(lam)
    y = X @ coef + math.sqrt(noise) * rng.standard_normal(n_samples)
    return X, y, coef


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "n_spikes": [Interval(Integral, 0, None, closed="left")],
        "spike": [Interval(Real, 0, None, closed="neither")],
        "tail": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_spiked_covariance(n_samples=60, n_features=2000, *, n_spikes=3, spike=1.0, tail=0.01,
                           noise=1.0, random_state=None):
    """The benign-overfitting design of document 004: n = 60, p = 2000, spiked + flat tail.

    Shortcut for ``make_spectrum_regression(n_samples, covariance_spectrum("spiked",
    n_features, ...), noise=noise)``; theta* sits on the first spike.

    Parameters
    ----------
    n_samples : int, default=60
        n.
    n_features : int, default=2000
        p.
    n_spikes : int, default=3
        Number of spiked eigenvalues.
    spike : float, default=1.0
        Value of the spiked eigenvalues.
    tail : float, default=0.01
        Value of the flat tail.
    noise : float, default=1.0
        Noise variance sigma^2.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Design.
    y : ndarray of shape (n_samples,)
        Noisy targets.
    coef : ndarray of shape (n_features,)
        theta*.
    eigenvalues : ndarray of shape (n_features,)
        The spectrum of Sigma.

    Examples
    --------
    >>> from sknnmath.overparam import make_spiked_covariance
    >>> X, y, coef, eig = make_spiked_covariance(random_state=0)
    >>> X.shape, float(eig.sum())
    ((60, 2000), 22.97)
    """
    eig = covariance_spectrum("spiked", n_features, n_spikes=n_spikes, spike=spike, tail=tail)
    X, y, coef = make_spectrum_regression(n_samples, eig, noise=noise, random_state=random_state)
    return X, y, coef, eig


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_dim": [Interval(Integral, 1, None, closed="left")],
        "signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "coef": ["array-like", None],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_sphere_teacher(n_samples, n_dim, signal=1.0, noise=0.5, coef=None, random_state=None):
    """Mei–Montanari's linear teacher: x uniform on the sphere of radius sqrt(d).

    y = <beta1, x> + eps with ||beta1||^2 = ``signal`` (F1^2) and Var eps =
    ``noise`` (tau^2); E <beta1, x>^2 = ||beta1||^2.

    Parameters
    ----------
    n_samples : int
        n.
    n_dim : int
        d.
    signal : float, default=1.0
        F1^2 = ||beta1||^2 (used when ``coef`` is None).
    noise : float, default=0.5
        tau^2.
    coef : array-like of shape (n_dim,) or None, default=None
        beta1; None draws it uniformly on the sphere of radius sqrt(signal).
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, n_dim)
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_dim,)
        beta1.

    References
    ----------
    Mei & Montanari (2022), arXiv:1908.05355, §2.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import make_sphere_teacher
    >>> X, y, b = make_sphere_teacher(3, 10, random_state=0)
    >>> np.allclose(np.linalg.norm(X, axis=1), np.sqrt(10))
    True
    """
    rng = check_random_state(random_state)
    if coef is None:
        coef = rng.standard_normal(n_dim)
        coef *= math.sqrt(signal) / np.linalg.norm(coef)
    coef = np.asarray(coef, dtype=float)
    G = rng.standard_normal((n_samples, n_dim))
    X = G / np.linalg.norm(G, axis=1, keepdims=True) * math.sqrt(n_dim)
    y = X @ coef + math.sqrt(noise) * rng.standard_normal(n_samples)
    return X, y, coef
