"""Closed-form risk theory of over-parameterised linear and random-feature models.

Pure numpy/scipy. Every function cites the paper whose formula it implements;
document 004 (Imaizumi, "Mathematics of deep learning and AI", 2024, the
over-parameterisation slides) cites HMRT, Belkin et al., Bartlett et al. and
Tsigler & Bartlett for these results.

Conventions
-----------
``signal`` is the squared norm of the true coefficient (r^2 or F_1^2), ``noise``
the noise variance (sigma^2 or tau^2). Unless a docstring says otherwise, risks
are *excess* risks (noise excluded): the test MSE on a fresh noisy label is the
risk plus ``noise``.
"""

from __future__ import annotations

import functools
import math
from numbers import Complex, Integral, Real
from typing import NamedTuple

import numpy as np
from scipy import integrate, optimize
from sklearn.utils._param_validation import Interval, validate_params

__all__ = [
    "RiskDecomposition",
    "minnorm_risk_isotropic",
    "minnorm_risk_finite_n",
    "minnorm_risk_general",
    "marchenko_pastur_density",
    "marchenko_pastur_stieltjes",
    "ridge_risk_isotropic",
    "optimal_ridge_isotropic",
    "latent_space_risk",
    "activation_constants",
    "mei_montanari_bias_variance",
    "mei_montanari_risk",
    "effective_ranks",
    "critical_index",
    "benign_overfitting_terms",
    "minnorm_excess_risk",
]


class RiskDecomposition(NamedTuple):
    """Bias, variance and their sum (``risk``); scalars or arrays.

    Parameters
    ----------
    bias : float or ndarray
        Bias term B.
    variance : float or ndarray
        Variance term V.
    risk : float or ndarray
        B + V (plus any irreducible term the function documents).
    """

    bias: object
    variance: object
    risk: object


def _rd(bias, variance, extra=0.0):
    bias = np.asarray(bias, dtype=float)
    variance = np.asarray(variance, dtype=float)
    risk = bias + variance + extra
    if bias.ndim == 0:
        return RiskDecomposition(float(bias), float(variance), float(risk))
    return RiskDecomposition(bias, variance, risk)


# --------------------------------------------------------------------------------------
# Hastie, Montanari, Rosset, Tibshirani (2022): isotropic ridgeless and ridge
# --------------------------------------------------------------------------------------

@validate_params(
    {
        "gamma": ["array-like", Interval(Real, 0, None, closed="neither")],
        "signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def minnorm_risk_isotropic(gamma, signal=1.0, noise=1.0):
    """Asymptotic risk of the min-norm least-squares interpolator, isotropic features.

    HMRT Theorem 1: with p/n -> gamma, ||beta||^2 -> r^2 (``signal``), noise
    variance sigma^2 (``noise``),

    * gamma < 1: B = 0, V = sigma^2 gamma / (1 - gamma);
    * gamma > 1: B = r^2 (1 - 1/gamma), V = sigma^2 / (gamma - 1).

    The risk diverges at gamma = 1 (the interpolation threshold) and tends to
    r^2 (the null predictor's risk) as gamma -> infinity.

    Parameters
    ----------
    gamma : float or array-like
        Aspect ratio p/n (> 0).
    signal : float, default=1.0
        r^2 = ||beta||^2.
    noise : float, default=1.0
        sigma^2.

    Returns
    -------
    RiskDecomposition
        ``bias``, ``variance``, ``risk`` (noise excluded; ``inf`` at gamma = 1).

    References
    ----------
    T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in
    high-dimensional ridgeless least squares interpolation", Ann. Statist. 2022,
    arXiv:1903.08560, Theorem 1.

    Examples
    --------
    >>> from sknnmath.overparam import minnorm_risk_isotropic
    >>> r = minnorm_risk_isotropic(2.0, signal=1.0, noise=0.25)
    >>> round(r.bias, 4), round(r.variance, 4)
    (0.5, 0.25)
    """
    g = np.asarray(gamma, dtype=float)
    if np.any(g <= 0):
        raise ValueError("gamma must be positive.")
    with np.errstate(divide="ignore", invalid="ignore"):
        under = g < 1
        bias = np.where(under, 0.0, signal * (1.0 - 1.0 / g))
        var = np.where(under, noise * g / (1.0 - g), noise / (g - 1.0))
        var = np.where(g == 1, np.inf, var)
    return _rd(bias, var)


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": ["array-like", Interval(Real, 0, None, closed="left")],
        "signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "missing_signal": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def minnorm_risk_finite_n(n_samples, n_features, signal=1.0, noise=1.0, missing_signal=0.0):
    """Exact expected risk of min-norm least squares for a Gaussian design (finite n).

    Belkin, Hsu & Xu (2020), Theorem 1: x ~ N(0, I_D), y = x^T beta + sigma eps,
    least squares (min-norm when p > n) on p of the D features. With
    ``signal`` = ||beta_T||^2 (observed part) and ``missing_signal`` =
    ||beta_{T^c}||^2 (unobserved part, which acts exactly like extra noise):

    * p <= n - 2: B = 0, V = (||beta_Tc||^2 + sigma^2) p / (n - p - 1);
    * n - 1 <= p <= n + 1: infinite;
    * p >= n + 2: B = ||beta_T||^2 (1 - n/p), V = (||beta_Tc||^2 + sigma^2) n / (p - n - 1).

    These are exact expectations over design and noise (inverse-Wishart means),
    which makes them the unit-test oracle of :class:`MinNormInterpolator`.

    Parameters
    ----------
    n_samples : int
        n.
    n_features : int or array-like of int
        p, the number of features used.
    signal : float, default=1.0
        ||beta_T||^2.
    noise : float, default=1.0
        sigma^2.
    missing_signal : float, default=0.0
        ||beta_{T^c}||^2.

    Returns
    -------
    RiskDecomposition
        Excess risk over the best linear predictor on all D features is
        ``risk + missing_signal``; the test MSE is ``risk + missing_signal + noise``.

    References
    ----------
    M. Belkin, D. Hsu, J. Xu, "Two models of double descent for weak features",
    SIAM J. Math. Data Sci. 2020, arXiv:1903.07571, Theorem 1.

    Examples
    --------
    >>> from sknnmath.overparam import minnorm_risk_finite_n
    >>> r = minnorm_risk_finite_n(100, 200, signal=1.0, noise=0.25)
    >>> round(r.bias, 4), round(r.variance, 4)
    (0.5, 0.2525)
    """
    n = int(n_samples)
    p = np.asarray(n_features, dtype=float)
    eff = noise + missing_signal
    with np.errstate(divide="ignore", invalid="ignore"):
        under = p <= n - 2
        over = p >= n + 2
        bias = np.where(over, signal * (1.0 - n / p), 0.0)
        var = np.where(under, eff * p / (n - p - 1.0),
                       np.where(over, eff * n / (p - n - 1.0), np.inf))
        bias = np.where(under | over, bias, np.inf)
    return _rd(bias, var)


@validate_params(
    {
        "s": ["array-like", Real],
        "gamma": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def marchenko_pastur_density(s, gamma):
    """Density of the continuous part of the Marchenko–Pastur law MP_gamma.

    Limit of the spectrum of X^T X / n for X (n x p) with iid standardised
    entries and p/n -> gamma: f(s) = sqrt((b - s)(s - a)) / (2 pi gamma s) on
    [a, b], a = (1 - sqrt gamma)^2, b = (1 + sqrt gamma)^2. For gamma > 1 an atom
    of mass 1 - 1/gamma sits at 0 (not included in the density).

    Parameters
    ----------
    s : float or array-like
        Points at which to evaluate the density.
    gamma : float
        Aspect ratio p/n (> 0).

    Returns
    -------
    density : ndarray
        f(s), 0 outside (a, b); same shape as ``s``.

    References
    ----------
    V. A. Marchenko, L. A. Pastur, "Distribution of eigenvalues for some sets of
    random matrices", Math. USSR-Sbornik 1(4), 1967; used by HMRT (2022), §2.

    Examples
    --------
    >>> from sknnmath.overparam import marchenko_pastur_density
    >>> round(float(marchenko_pastur_density(1.0, 0.5)), 4)
    0.4211
    """
    s = np.asarray(s, dtype=float)
    a, b = (1 - math.sqrt(gamma)) ** 2, (1 + math.sqrt(gamma)) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        val = np.sqrt(np.clip((b - s) * (s - a), 0, None)) / (2 * math.pi * gamma * s)
    return np.where((s > a) & (s < b), val, 0.0)


@validate_params(
    {
        "z": ["array-like", Complex],
        "gamma": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def marchenko_pastur_stieltjes(z, gamma):
    """Stieltjes transform m(z) = int dMP_gamma(s) / (s - z).

    m solves gamma z m^2 - (1 - gamma - z) m + 1 = 0; the branch returned is
    the Stieltjes transform: Im m > 0 for Im z > 0, and m > 0 on the negative
    real axis, where m(-lam) = (-(1 - gamma + lam) + sqrt((1 - gamma + lam)^2
    + 4 gamma lam)) / (2 gamma lam).

    Parameters
    ----------
    z : complex or array-like
        Points off the support [a, b] (complex, or real negative).
    gamma : float
        Aspect ratio p/n (> 0).

    Returns
    -------
    m : float, complex or ndarray
        m(z); real when every z lies on the negative real axis.

    References
    ----------
    HMRT (2022), arXiv:1903.08560, §5 (ridge regression); Marchenko & Pastur (1967).

    Examples
    --------
    >>> from sknnmath.overparam import marchenko_pastur_stieltjes
    >>> round(float(marchenko_pastur_stieltjes(-1.0, 2.0)), 4)
    0.7071
    """
    z = np.asarray(z, dtype=complex)
    b = 1 - gamma - z
    disc = np.sqrt(b * b - 4 * gamma * z + 0j)
    r1 = (b + disc) / (2 * gamma * z)
    r2 = (b - disc) / (2 * gamma * z)
    real_neg = (np.abs(z.imag) == 0) & (z.real < 0)
    pick1 = np.where(real_neg, r1.real > 0, (r1.imag * np.sign(z.imag)) > 0)
    out = np.where(pick1, r1, r2)
    if np.all(real_neg):
        out = out.real
    return out if out.ndim else out[()]


def _mp_neg(lam, gamma):
    """m(-lam) and m'(z) at z = -lam (derivative of the Stieltjes transform)."""
    lam = np.asarray(lam, dtype=float)
    c = 1 - gamma + lam
    m = (-c + np.sqrt(c * c + 4 * gamma * lam)) / (2 * gamma * lam)
    z = -lam
    # implicit differentiation of gamma z m^2 - (1 - gamma - z) m + 1 = 0
    dm = -(gamma * m * m + m) / (2 * gamma * z * m - (1 - gamma - z))
    return m, dm


@validate_params(
    {
        "gamma": ["array-like", Interval(Real, 0, None, closed="neither")],
        "lam": ["array-like", Interval(Real, 0, None, closed="neither")],
        "signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def ridge_risk_isotropic(gamma, lam, signal=1.0, noise=1.0):
    """Asymptotic risk of ridge regression with isotropic features (HMRT).

    Ridge beta = argmin (1/n)||y - X beta||^2 + lam ||beta||^2, i.e.
    ``MinNormInterpolator(alpha=n * lam)`` or ``Ridge(alpha=n * lam,
    fit_intercept=False)``. With m the Marchenko–Pastur Stieltjes transform:

    B = r^2 lam^2 m'(-lam),    V = sigma^2 gamma (m(-lam) - lam m'(-lam)).

    lam -> 0+ recovers :func:`minnorm_risk_isotropic` on both sides of gamma = 1.

    Parameters
    ----------
    gamma : float or array-like
        p/n.
    lam : float or array-like
        Ridge penalty lam > 0 (normalised objective).
    signal, noise : float
        r^2 and sigma^2.

    Returns
    -------
    RiskDecomposition

    References
    ----------
    HMRT (2022), arXiv:1903.08560, §5, Theorem 5 and Corollary 5 (optimal ridge).

    Examples
    --------
    >>> from sknnmath.overparam import ridge_risk_isotropic
    >>> r = ridge_risk_isotropic(2.0, 1.0, signal=1.0, noise=0.25)
    >>> round(r.bias, 4), round(r.variance, 4)
    (0.6036, 0.0518)
    """
    lam = np.asarray(lam, dtype=float)
    if np.any(lam <= 0):
        raise ValueError("lam must be positive; use minnorm_risk_isotropic for lam -> 0.")
    m, dm = _mp_neg(lam, np.asarray(gamma, dtype=float))
    bias = signal * lam * lam * dm
    var = noise * np.asarray(gamma, dtype=float) * (m - lam * dm)
    return _rd(bias, var)


@validate_params(
    {
        "gamma": ["array-like", Interval(Real, 0, None, closed="neither")],
        "signal": [Interval(Real, 0, None, closed="neither")],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def optimal_ridge_isotropic(gamma, signal=1.0, noise=1.0):
    """Optimal ridge penalty lam* = sigma^2 gamma / r^2 and its risk sigma^2 gamma m(-lam*).

    The optimally tuned ridge risk is finite and monotone in gamma: no peak.

    Parameters
    ----------
    gamma : float or array-like
        p/n (> 0).
    signal : float, default=1.0
        r^2.
    noise : float, default=1.0
        sigma^2.

    Returns
    -------
    lam_star : float or ndarray
        Optimal penalty of the normalised ridge objective.
    risk : float or ndarray
        Excess risk at ``lam_star``.

    References
    ----------
    HMRT (2022), arXiv:1903.08560, Corollary 5; also Dobriban & Wager (2018),
    "High-dimensional asymptotics of prediction: ridge regression and classification".

    Examples
    --------
    >>> from sknnmath.overparam import optimal_ridge_isotropic
    >>> lam, risk = optimal_ridge_isotropic(0.5, signal=1.0, noise=0.25)
    >>> round(float(lam), 4)
    0.125
    """
    g = np.asarray(gamma, dtype=float)
    lam = noise * g / signal
    m, _ = _mp_neg(lam, g)
    risk = noise * g * m
    if lam.ndim == 0:
        return float(lam), float(risk)
    return lam, risk


# --------------------------------------------------------------------------------------
# HMRT: general covariance and the latent-space model
# --------------------------------------------------------------------------------------

def _c0(gamma, s):
    target = 1 - 1 / gamma

    def f(c):
        return target - np.mean(1.0 / (1.0 + c * gamma * s))

    return optimize.brentq(f, 1e-14, 1e14, xtol=1e-300, rtol=1e-14, maxiter=500)


@validate_params(
    {
        "gamma": ["array-like", Interval(Real, 0, None, closed="neither")],
        "eigenvalues": ["array-like"],
        "coef_weights": ["array-like", None],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def minnorm_risk_general(gamma, eigenvalues, coef_weights=None, noise=1.0):
    """Asymptotic risk of the min-norm interpolator for a general covariance Sigma.

    HMRT Theorem 2 (ridgeless, gamma > 1): with H the empirical law of the
    eigenvalues s_i of Sigma and G = sum_i <v_i, beta>^2 delta_{s_i}, c0 > 0 solves
    1 - 1/gamma = int 1/(1 + c0 gamma s) dH(s), and

    V = sigma^2 gamma c0 (int s^2/(1 + c0 gamma s)^2 dH) / (int s/(1 + c0 gamma s)^2 dH),
    B = (1 + V/sigma^2) int s/(1 + c0 gamma s)^2 dG.

    For gamma < 1: B = 0, V = sigma^2 gamma / (1 - gamma) whatever Sigma.

    Parameters
    ----------
    gamma : float or array-like
        p/n.
    eigenvalues : array-like of shape (k,)
        Eigenvalues of Sigma (H is their empirical law).
    coef_weights : array-like of shape (k,) or None
        <v_i, beta>^2 for each eigenvalue (G's masses; total = ||beta||^2).
        None means beta spread evenly with ||beta||^2 = 1.
    noise : float, default=1.0
        sigma^2.

    Returns
    -------
    RiskDecomposition

    References
    ----------
    HMRT (2022), arXiv:1903.08560, Theorem 2 (general covariance, ridgeless).

    Examples
    --------
    >>> from sknnmath.overparam import minnorm_risk_general
    >>> r = minnorm_risk_general(2.0, [1.0] * 10, noise=0.25)
    >>> round(r.bias, 4), round(r.variance, 4)
    (0.5, 0.25)
    """
    s = np.asarray(eigenvalues, dtype=float).ravel()
    w = (np.full(s.shape, 1.0 / s.size) if coef_weights is None
         else np.asarray(coef_weights, dtype=float).ravel())
    gam = np.atleast_1d(np.asarray(gamma, dtype=float))
    bias, var = np.empty_like(gam), np.empty_like(gam)
    for i, g in enumerate(gam):
        if g < 1:
            bias[i], var[i] = 0.0, noise * g / (1 - g)
        elif g == 1:
            bias[i] = var[i] = np.inf
        else:
            c0 = _c0(g, s)
            den = 1 + c0 * g * s
            v = noise * g * c0 * np.mean(s**2 / den**2) / np.mean(s / den**2)
            var[i] = v
            bias[i] = (1 + v / noise) * np.sum(w * s / den**2) if noise > 0 else np.sum(w * s / den**2)
    if np.ndim(gamma) == 0:
        return _rd(bias[0], var[0])
    return _rd(bias, var)


@validate_params(
    {
        "gamma": ["array-like", Interval(Real, 0, None, closed="neither")],
        "psi": ["array-like", Interval(Real, 0, None, closed="neither")],
        "signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def latent_space_risk(gamma, psi, signal=1.0, noise=0.1):
    """Test MSE of the min-norm interpolator in HMRT's latent-space model.

    z ~ N(0, I_d), x = W z + u with u ~ N(0, I_p) and W^T W = (p/d) I_d,
    psi = d/p < 1, y = beta_z^T z + xi with ||beta_z||^2 = r_z^2 (``signal``)
    and Var xi = sigma_xi^2 (``noise``). The covariance has spectrum
    (1 - psi) delta_1 + psi delta_{1 + 1/psi}; misspecification acts as noise
    with sigma_eff^2 = sigma_xi^2 + r_z^2 psi / (1 + psi). A special case of
    :func:`minnorm_risk_general` with theta* = W beta_z / (1 + 1/psi).

    Parameters
    ----------
    gamma : float or array-like
        p/n.
    psi : float or array-like
        d/p in (0, 1); broadcast with gamma.
    signal, noise : float
        r_z^2 and sigma_xi^2.

    Returns
    -------
    float or ndarray
        Test MSE on a fresh label (noise *included*); it decreases towards
        sigma_xi^2 as p -> infinity at fixed d/n.

    References
    ----------
    HMRT (2022), arXiv:1903.08560, §4 ("benefit of over-parametrization"),
    the latent-space model.

    Examples
    --------
    >>> from sknnmath.overparam import latent_space_risk
    >>> round(float(latent_space_risk(300 / 200, 20 / 300, 1.0, 0.1)), 3)
    0.505
    """
    g_arr, p_arr = np.broadcast_arrays(np.asarray(gamma, float), np.asarray(psi, float))
    out = np.empty(g_arr.shape)
    for idx in np.ndindex(g_arr.shape):
        g, ps = float(g_arr[idx]), float(p_arr[idx])
        s1 = 1 + 1 / ps
        sig_eff = noise + signal * ps / (1 + ps)
        theta2 = signal * (1 / ps) / (1 + 1 / ps) ** 2
        if g < 1:
            out[idx] = sig_eff * (1 + g / (1 - g))
        elif g == 1:
            out[idx] = np.inf
        else:
            def f(c):
                return 1 - 1 / g - (1 - ps) / (1 + c * g) - ps / (1 + c * g * s1)

            c0 = optimize.brentq(f, 1e-14, 1e14, xtol=1e-300, rtol=1e-14, maxiter=500)
            e1 = (1 - ps) / (1 + c0 * g) ** 2 + ps * s1**2 / (1 + c0 * g * s1) ** 2
            e2 = (1 - ps) / (1 + c0 * g) ** 2 + ps * s1 / (1 + c0 * g * s1) ** 2
            v = sig_eff * g * c0 * e1 / e2
            b = (1 + v / sig_eff) * theta2 * s1 / (1 + c0 * g * s1) ** 2
            out[idx] = sig_eff + b + v
    return float(out) if out.ndim == 0 else out


# --------------------------------------------------------------------------------------
# Mei & Montanari (2022): random-features regression
# --------------------------------------------------------------------------------------



@validate_params(
    {
        "activation": [str, callable],
    },
    prefer_skip_nested_validation=True,
)
def activation_constants(activation="relu"):
    """Gaussian moments of an activation: mu0, mu1, mu_star and zeta = mu1 / mu_star.

    For G ~ N(0, 1): mu0 = E sigma(G), mu1 = E[G sigma(G)],
    mu_star^2 = E sigma(G)^2 - mu0^2 - mu1^2 (Mei & Montanari, eq. 8). Computed
    by adaptive quadrature against the Gaussian density.

    Parameters
    ----------
    activation : str or callable
        A name of the layer registry ``sknnmath._layers.ACTIVATIONS`` ("relu",
        "tanh", "erf", "sigmoid", "cos", "gelu", "abs", ...; its numpy form is
        integrated), or a vectorised numpy function.

    Returns
    -------
    dict with keys ``mu0``, ``mu1``, ``mu_star``, ``zeta``, ``second_moment``.

    References
    ----------
    S. Mei, A. Montanari, "The generalization error of random features regression:
    precise asymptotics and the double descent curve", Comm. Pure Appl. Math. 2022,
    arXiv:1908.05355, eq. (8).

    Examples
    --------
    >>> from sknnmath.overparam import activation_constants
    >>> c = activation_constants("relu")
    >>> round(c["mu1"], 6), round(c["mu_star"], 6)
    (0.5, 0.301405)
    """
    if isinstance(activation, str):
        from .._layers import get_activation  # lazy: the registry imports torch

        get_activation(activation)  # unknown names: ValueError listing the registry
        return dict(_activation_constants_cached(activation))
    return _activation_constants(activation)


@functools.lru_cache(maxsize=None)
def _activation_constants_cached(name):
    from .._layers import get_activation

    return tuple(_activation_constants(get_activation(name).numpy).items())


def _activation_constants(f):
    def moment(h):
        def integrand(g):
            return h(g) * math.exp(-g * g / 2) / math.sqrt(2 * math.pi)

        left = integrate.quad(integrand, -np.inf, 0.0, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        right = integrate.quad(integrand, 0.0, np.inf, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        return left + right

    mu0 = moment(lambda g: float(f(np.float64(g))))
    mu1 = moment(lambda g: g * float(f(np.float64(g))))
    m2 = moment(lambda g: float(f(np.float64(g))) ** 2)
    mu_star = math.sqrt(max(m2 - mu0**2 - mu1**2, 0.0))
    zeta = mu1 / mu_star if mu_star > 0 else np.inf
    return {"mu0": mu0, "mu1": mu1, "mu_star": mu_star, "zeta": zeta, "second_moment": m2}


def _mm_polys(chi, zeta, psi1, psi2):
    def m(p, q):
        return chi**p * zeta**q

    e0 = (-m(5, 6) + 3 * m(4, 4) + (psi1 * psi2 - psi2 - psi1 + 1) * m(3, 6) - 2 * m(3, 4)
          - 3 * m(3, 2) + (psi1 + psi2 - 3 * psi1 * psi2 + 1) * m(2, 4) + 2 * m(2, 2) + m(2, 0)
          + 3 * psi1 * psi2 * m(1, 2) - psi1 * psi2)
    e1 = psi2 * m(3, 4) - psi2 * m(2, 2) + psi1 * psi2 * m(1, 2) - psi1 * psi2
    e2 = (m(5, 6) - 3 * m(4, 4) + (psi1 - 1) * m(3, 6) + 2 * m(3, 4) + 3 * m(3, 2)
          - (psi1 + 1) * m(2, 4) - 2 * m(2, 2) - m(2, 0))
    return e1 / e0, e2 / e0


def _mm_chi(zeta, psi1, psi2, lam_bar, tol=1e-13, max_fixed_point_steps=200000):
    if lam_bar == 0:
        psi = min(psi1, psi2)
        z2 = zeta * zeta
        c = psi * z2 - z2 - 1
        return -(c + math.sqrt(c * c + 4 * psi * z2)) / (2 * z2)
    s = math.sqrt(psi1 * psi2 * lam_bar)
    z2 = zeta * zeta
    a, b = psi1 / (1 + s), psi2 / (1 + s)
    for _ in range(max_fixed_point_steps):  # damped fixed-point iteration, not training
        a_new = psi1 / (s + b + z2 * b / (1 + z2 * a * b))
        b_new = psi2 / (s + a + z2 * a / (1 + z2 * a * b))
        if abs(a_new - a) <= tol * max(a, 1e-300) and abs(b_new - b) <= tol * max(b, 1e-300):
            a, b = a_new, b_new
            break
        a, b = 0.5 * a + 0.5 * a_new, 0.5 * b + 0.5 * b_new
    else:  # pragma: no cover - the damped iteration converges for lam_bar > 0
        raise RuntimeError("Mei–Montanari fixed point did not converge; lam_bar is too small.")
    return -a * b


@validate_params(
    {
        "zeta": [Interval(Real, None, None, closed="neither")],
        "psi1": [Interval(Real, 0, None, closed="neither")],
        "psi2": [Interval(Real, 0, None, closed="neither")],
        "lam_bar": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def mei_montanari_bias_variance(zeta, psi1, psi2, lam_bar=0.0):
    """Bias and variance functionals B(zeta, psi1, psi2, lam_bar), V(...) of random-features ridge.

    chi = nu1 nu2 at xi = i sqrt(psi1 psi2 lam_bar) from the fixed point of
    eq. (15) (solved on the imaginary axis, nu = i a, i b with a, b > 0, by damped
    iteration); for lam_bar = 0 the closed form with psi = min(psi1, psi2):
    chi = -[(psi zeta^2 - zeta^2 - 1) + sqrt((psi zeta^2 - zeta^2 - 1)^2 +
    4 psi zeta^2)] / (2 zeta^2). Then B = E1/E0 and V = E2/E0 (eqs. 17–19).

    Parameters
    ----------
    zeta : float
        mu1 / mu_star of the activation.
    psi1, psi2 : float
        N/d and n/d.
    lam_bar : float, default=0.0
        lam / mu_star^2 (>= 0). ``inf`` is returned at psi1 == psi2 when lam_bar == 0.

    Returns
    -------
    RiskDecomposition
        ``risk`` is B + V (the risk with F1^2 = 1 and tau^2 + F*^2 = 1).

    References
    ----------
    Mei & Montanari (2022), arXiv:1908.05355, eqs. (15)–(19) and the ridgeless
    limit (Theorem 3).

    Examples
    --------
    >>> from sknnmath.overparam import mei_montanari_bias_variance
    >>> r = mei_montanari_bias_variance(1.0, 0.5, 1.0)
    >>> round(r.variance, 6)   # = psi1 / (psi2 - psi1) below the threshold
    1.0
    """
    if lam_bar < 0:
        raise ValueError("lam_bar must be non-negative.")
    if lam_bar == 0 and psi1 == psi2:
        return RiskDecomposition(np.inf, np.inf, np.inf)
    chi = _mm_chi(float(zeta), float(psi1), float(psi2), float(lam_bar))
    b, v = _mm_polys(chi, float(zeta), float(psi1), float(psi2))
    return RiskDecomposition(float(b), float(v), float(b + v))


@validate_params(
    {
        "psi1": ["array-like", Interval(Real, 0, None, closed="neither")],
        "psi2": ["array-like", Interval(Real, 0, None, closed="neither")],
        "lam": ["array-like", Interval(Real, 0, None, closed="left")],
        "activation": [str, callable],
        "signal": [Interval(Real, 0, None, closed="left")],
        "nonlinear_signal": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def mei_montanari_risk(psi1, psi2, lam=0.0, activation="relu", signal=1.0,
                       nonlinear_signal=0.0, noise=0.0):
    """Asymptotic test error of random-features ridge regression (Mei & Montanari).

    Model: x and theta_a uniform on the sphere of radius sqrt(d), features
    sigma(<theta_a, x>/sqrt(d)), target y = <beta1, x> + f_NL(x) + eps with
    ||beta1||^2 = F1^2 (``signal``), E f_NL^2 = F*^2 (``nonlinear_signal``),
    Var eps = tau^2 (``noise``); ridge a = argmin (1/n) sum (y_i - a^T z_i)^2
    + (N lam / d) ||a||^2 (``RandomFeatureRegressor(alpha=lam,
    alpha_scaling="mei-montanari")``). Then (eq. 20)

    R = F1^2 B(zeta, psi1, psi2, lam/mu_star^2) + (tau^2 + F*^2) V(...) + F*^2.

    Parameters
    ----------
    psi1, psi2 : float or array-like
        N/d and n/d (broadcast together).
    lam : float or array-like, default=0.0
        Ridge penalty (0 = min-norm interpolation; diverges at psi1 = psi2).
    activation : str or callable, default="relu"
        See :func:`activation_constants`.
    signal, nonlinear_signal, noise : float
        F1^2, F*^2 and tau^2.

    Returns
    -------
    RiskDecomposition
        ``bias`` = F1^2 B, ``variance`` = (tau^2 + F*^2) V, ``risk`` = bias +
        variance + F*^2 (noise excluded: add tau^2 for the noisy test MSE).

    References
    ----------
    Mei & Montanari (2022), arXiv:1908.05355, eqs. (8), (15)–(20).

    Examples
    --------
    >>> from sknnmath.overparam import mei_montanari_risk
    >>> round(mei_montanari_risk(9.0, 3.0, 0.0, "relu", signal=1.0, noise=0.5).risk, 3)
    0.511
    """
    c = activation_constants(activation)
    zeta, mu_star2 = c["zeta"], c["mu_star"] ** 2
    if not np.isfinite(zeta):
        raise ValueError("The activation has mu_star = 0 (it is linear); the theory needs mu_star > 0.")
    p1, p2, lm = np.broadcast_arrays(np.asarray(psi1, float), np.asarray(psi2, float),
                                     np.asarray(lam, float))
    bias, var = np.empty(p1.shape), np.empty(p1.shape)
    for idx in np.ndindex(p1.shape):
        rd = mei_montanari_bias_variance(zeta, float(p1[idx]), float(p2[idx]),
                                         float(lm[idx]) / mu_star2)
        eff = noise + nonlinear_signal
        bias[idx] = signal * rd.bias if signal else 0.0
        var[idx] = eff * rd.variance if eff else 0.0
    if p1.ndim == 0:
        return _rd(bias[()], var[()], nonlinear_signal)
    return _rd(bias, var, nonlinear_signal)


# --------------------------------------------------------------------------------------
# Bartlett, Long, Lugosi, Tsigler (2020): benign overfitting
# --------------------------------------------------------------------------------------

@validate_params(
    {
        "eigenvalues": ["array-like"],
        "k": ["array-like", Interval(Integral, 0, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def effective_ranks(eigenvalues, k=None):
    """Effective ranks r_k(Sigma) and R_k(Sigma) of a covariance spectrum.

    r_k = sum_{i>k} lambda_i / lambda_{k+1},  R_k = (sum_{i>k} lambda_i)^2 / sum_{i>k} lambda_i^2,
    with eigenvalues sorted in decreasing order; r_k <= R_k <= r_k^2.

    Parameters
    ----------
    eigenvalues : array-like of shape (p,)
        Eigenvalues of Sigma (any order; non-negative).
    k : int, array-like of int or None
        Indices 0 <= k < p; None returns all k = 0, ..., p - 1.

    Returns
    -------
    r_k, R_k : float or ndarray

    References
    ----------
    P. L. Bartlett, P. M. Long, G. Lugosi, A. Tsigler, "Benign overfitting in linear
    regression", PNAS 117(48):30063–30070, 2020, arXiv:1906.11300, Definition 3.

    Examples
    --------
    >>> from sknnmath.overparam import effective_ranks
    >>> r, R = effective_ranks([1.0] * 5, k=0)
    >>> float(r), float(R)
    (5.0, 5.0)
    """
    lam = np.sort(np.asarray(eigenvalues, dtype=float).ravel())[::-1]
    if np.any(lam < 0):
        raise ValueError("eigenvalues must be non-negative.")
    tail1 = np.cumsum(lam[::-1])[::-1]          # sum_{i >= j} (0-based j)
    tail2 = np.cumsum((lam**2)[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = tail1 / lam
        R = tail1**2 / tail2
    if k is None:
        return r, R
    kk = np.asarray(k)
    return r[kk], R[kk]


@validate_params(
    {
        "eigenvalues": ["array-like"],
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "b": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def critical_index(eigenvalues, n_samples, b=1.0):
    """BLLT critical index k* = min{k >= 0 : r_k(Sigma) >= b n} (infinite if none).

    Parameters
    ----------
    eigenvalues : array-like
        Spectrum of Sigma.
    n_samples : int
        n.
    b : float, default=1.0
        The constant b > 1 of the theorem is not explicit; b = 1 is a display choice.

    Returns
    -------
    int or float
        k*, or ``math.inf`` when no k qualifies.

    References
    ----------
    Bartlett, Long, Lugosi, Tsigler (2020), PNAS, arXiv:1906.11300, Theorem 4.

    Examples
    --------
    >>> from sknnmath.overparam import critical_index
    >>> critical_index([1.0, 1.0, 1.0] + [0.01] * 1997, 60)
    3
    """
    r, _ = effective_ranks(eigenvalues)
    hits = np.nonzero(r >= b * n_samples)[0]
    return int(hits[0]) if hits.size else math.inf


@validate_params(
    {
        "eigenvalues": ["array-like"],
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "b": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def benign_overfitting_terms(eigenvalues, n_samples, b=1.0):
    """The quantities of BLLT's Theorem 4: r_0, k*, R_{k*} and k*/n + n/R_{k*}.

    The variance of the min-norm interpolator is, up to unspecified constants,
    sigma^2 (k*/n + n/R_{k*}); the bias term scales with sqrt(r_0/n). Display
    only: the theorem's constants are not explicit.

    Parameters
    ----------
    eigenvalues : array-like
        Spectrum of Sigma.
    n_samples : int
        n.
    b : float, default=1.0
        Constant of the critical index, see :func:`critical_index`.

    Returns
    -------
    dict with keys ``r0``, ``k_star``, ``R_k_star``, ``variance_term``, ``r0_over_n``.

    References
    ----------
    Bartlett, Long, Lugosi, Tsigler (2020), PNAS, arXiv:1906.11300, Theorem 4;
    A. Tsigler, P. L. Bartlett, "Benign overfitting in ridge regression", JMLR 2023,
    arXiv:2009.14286 (cited by document 004).

    Examples
    --------
    >>> from sknnmath.overparam import benign_overfitting_terms
    >>> t = benign_overfitting_terms([1.0] * 3 + [0.01] * 1997, 60)
    >>> t["k_star"], round(t["R_k_star"])
    (3, 1997)
    """
    r, R = effective_ranks(eigenvalues)
    k = critical_index(eigenvalues, n_samples, b)
    Rk = float(R[k]) if k != math.inf else math.nan
    vt = k / n_samples + n_samples / Rk if k != math.inf else math.inf
    return {"r0": float(r[0]), "k_star": k, "R_k_star": Rk, "variance_term": vt,
            "r0_over_n": float(r[0]) / n_samples}


@validate_params(
    {
        "X": ["array-like"],
        "eigenvalues": ["array-like"],
        "coef": ["array-like"],
        "noise": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def minnorm_excess_risk(X, eigenvalues, coef, noise=1.0):
    """Noise-averaged excess risk of the min-norm interpolator, given the design X.

    For a diagonal covariance Sigma = diag(``eigenvalues``) (the eigenbasis is the
    coordinate basis) and theta* = ``coef``, BLLT's Lemma 7 gives, exactly,

    E_eps ||theta_hat - theta*||_Sigma^2 = theta*^T B theta* + sigma^2 tr(C),
    B = (I - X^T (X X^T)^{-1} X) Sigma (I - X^T (X X^T)^{-1} X),
    C = (X X^T)^{-1} X Sigma X^T (X X^T)^{-1}  (p > n, X X^T invertible).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    eigenvalues : ndarray of shape (n_features,)
    coef : ndarray of shape (n_features,)
    noise : float, default=1.0
        sigma^2.

    Returns
    -------
    RiskDecomposition
        ``bias`` = theta*^T B theta*, ``variance`` = sigma^2 tr(C).

    References
    ----------
    Bartlett, Long, Lugosi, Tsigler (2020), PNAS, arXiv:1906.11300, Lemma 7.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import minnorm_excess_risk
    >>> X = np.eye(2, 3)
    >>> minnorm_excess_risk(X, np.ones(3), np.array([0.0, 0.0, 1.0]), noise=1.0)
    RiskDecomposition(bias=1.0, variance=2.0, risk=3.0)
    """
    X = np.asarray(X, dtype=float)
    lam = np.asarray(eigenvalues, dtype=float)
    theta = np.asarray(coef, dtype=float)
    import torch

    from .._linalg import lstsq

    # W = (X X^T)^{-1} X = (X^+)^T: X^+ is the min-norm solution of X B = I_n (the solver
    # module's dual path, Cholesky of X X^T with its conditioning policy)
    W = lstsq(torch.from_numpy(np.ascontiguousarray(X)),
              torch.eye(X.shape[0], dtype=torch.float64)).coef.numpy().T
    u = theta - X.T @ (W @ theta)          # projection of theta on null(X)
    bias = float(np.sum(lam * u * u))
    var = float(noise * np.sum((W * W) @ lam))  # tr(W Sigma W^T)
    return _rd(bias, var)
