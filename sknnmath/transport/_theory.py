"""Closed forms for denoising autoencoders as transport maps (document 001 §4).

Pure numpy/scipy. **Convention used everywhere in this module: time is the noise
variance.** A DAE with noise variance ``t`` is trained on ``x + eps`` with
``eps ~ N(0, t I)``; the heat semigroup for that blur is ``exp((t/2) Delta)``
(not ``exp(t Delta)`` as printed in document 001's eq. (21), which mixes two
conventions, see ``docs/transport.rst``).

References
----------
.. [Sonoda2018] S. Sonoda, "Integral representation and transport theory of
   neural networks" (document 001 (Sonoda), in Japanese), §4.
.. [SonodaMurata2019] S. Sonoda and N. Murata, "Transport analysis of infinitely
   deep neural network", JMLR 20 (2019); arXiv:1605.02832.
.. [SonodaMurata2017] S. Sonoda and N. Murata, "Transportation analysis of
   denoising autoencoders: a novel method for analyzing deep neural networks",
   arXiv:1712.04145.
.. [Efron2011] B. Efron, "Tweedie's formula and selection bias", JASA 106 (2011).
.. [Alain2014] G. Alain and Y. Bengio, "What regularized auto-encoders learn from
   the data-generating distribution", JMLR 15 (2014).
.. [KL1987] L. F. Kozachenko and N. N. Leonenko, "Sample estimate of the entropy of
   a random vector", Problems Inform. Transmission 23 (1987).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from scipy.special import digamma, gammaln, logsumexp
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params

__all__ = [
    "gaussian_dae_map",
    "gaussian_dae_pushforward",
    "composed_dae_covariances",
    "entropy_gradient_flow",
    "gaussian_entropy",
    "tweedie_denoiser",
    "gaussian_mixture_score",
    "knn_entropy",
]


def _check_t(t, name="noise_variance", allow_zero=False):
    if not isinstance(t, Real) or isinstance(t, bool) or not np.isfinite(t):
        raise ValueError(f"{name} must be a finite real number; got {t!r}.")
    if t < 0 or (t == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}; got {t!r}.")
    return float(t)


def _check_cov(cov):
    cov = np.asarray(cov, dtype=float)
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1]:
        raise ValueError(f"cov must be a square 2-D array; got shape {cov.shape}.")
    if not np.all(np.isfinite(cov)):
        raise ValueError("cov must be finite.")
    if not np.allclose(cov, cov.T, atol=1e-12 * max(1.0, np.abs(cov).max())):
        raise ValueError("cov must be symmetric.")
    return 0.5 * (cov + cov.T)


def _sym_fun(cov, fun):
    """Apply ``fun`` to the eigenvalues of a symmetric matrix."""
    w, V = np.linalg.eigh(cov)
    return (V * fun(w)) @ V.T


@validate_params(
    {
        "mean": ["array-like"],
        "cov": ["array-like"],
        "noise_variance": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def gaussian_dae_map(mean, cov, noise_variance):
    """Optimal denoising autoencoder for Gaussian data: ``g(x) = m + S (S + t I)^-1 (x - m)``.

    For data ``x ~ N(m, S)`` and Gaussian noise of **variance** ``t`` (time is the
    noise variance), the minimiser of ``E|g(x + eps) - x|^2`` is the posterior mean
    ``E[x | x + eps]``, which is affine; this is eq. (21) of [Sonoda2018]_ in the
    Gaussian case (Tweedie's formula, [Efron2011]_).

    Parameters
    ----------
    mean : array-like of shape (d,)
        Mean ``m`` of the data distribution.
    cov : array-like of shape (d, d)
        Covariance ``S`` of the data distribution (symmetric positive semi-definite).
    noise_variance : float > 0
        Noise variance ``t``.

    Returns
    -------
    coef : ndarray of shape (d, d)
        The matrix ``A = S (S + t I)^-1``.
    intercept : ndarray of shape (d,)
        ``b = m - A m``, so that ``g(x) = A x + b`` (apply to rows as ``X @ A.T + b``).

    See Also
    --------
    gaussian_dae_pushforward : covariance of the output distribution.
    tweedie_denoiser : the same map for any distribution, from its score.

    References
    ----------
    .. [Sonoda2018] Document 001 (Sonoda), §4.2.1, eq. (21).
    .. [SonodaMurata2019] S. Sonoda and N. Murata, JMLR 20 (2019), arXiv:1605.02832.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import gaussian_dae_map
    >>> A, b = gaussian_dae_map([0.0, 0.0], np.diag([1.0, 0.25]), 0.1)
    >>> np.round(np.diag(A), 4)
    array([0.9091, 0.7143])
    """
    cov = _check_cov(cov)
    d = cov.shape[0]
    mean = np.asarray(mean, dtype=float).reshape(-1)
    if mean.shape[0] != d:
        raise ValueError(f"mean has {mean.shape[0]} entries but cov is {d}x{d}.")
    t = _check_t(noise_variance)
    A = np.linalg.solve(cov + t * np.eye(d), cov).T  # S (S+tI)^-1, both symmetric & commuting
    A = 0.5 * (A + A.T)
    return A, mean - A @ mean


@validate_params(
    {
        "cov": ["array-like"],
        "noise_variance": [Interval(Real, 0, None, closed="neither")],
        "noisy_input": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def gaussian_dae_pushforward(cov, noise_variance, noisy_input=False):
    """Covariance of the Gaussian DAE's output distribution.

    With time = noise variance ``t`` and ``A = S (S + tI)^-1`` (see
    :func:`gaussian_dae_map`): pushing **clean** data through the DAE gives
    ``N(m, S^3 (S + tI)^-2)`` (per axis ``sigma -> sigma^3 / (sigma^2 + t)``);
    pushing **noisy** inputs gives ``N(m, S^2 (S + tI)^-1)``
    (per axis ``sigma -> sigma^2 / sqrt(sigma^2 + t)``). [SonodaMurata2019]_.

    Parameters
    ----------
    cov : array-like of shape (d, d)
        Data covariance ``S``.
    noise_variance : float > 0
        Noise variance ``t``.
    noisy_input : bool, default=False
        Whether the DAE is applied to noisy inputs ``x + eps`` instead of clean ``x``.

    Returns
    -------
    ndarray of shape (d, d)
        Output covariance.

    References
    ----------
    .. [SonodaMurata2019] S. Sonoda and N. Murata, JMLR 20 (2019), arXiv:1605.02832.

    Examples
    --------
    >>> from sknnmath.transport import gaussian_dae_pushforward
    >>> round(float(gaussian_dae_pushforward([[1.0]], 0.3)[0, 0]), 4)
    0.5917
    """
    cov = _check_cov(cov)
    t = _check_t(noise_variance)
    if noisy_input:
        return _sym_fun(cov, lambda w: w**2 / (w + t))
    return _sym_fun(cov, lambda w: w**3 / (w + t) ** 2)


@validate_params(
    {
        "cov_diag": ["array-like"],
        "noise_variance": [Interval(Real, 0, None, closed="neither")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def composed_dae_covariances(cov_diag, noise_variance, n_steps):
    """Covariances along a composed (stacked) Gaussian DAE.

    ``n_steps = L`` DAEs, each with noise variance ``tau = t / L`` (time = noise
    variance), each the optimal DAE for the push-forward produced by the previous
    ones, and each applied to the clean current samples. Per axis the standard
    deviation follows ``sigma -> sigma^3 / (sigma^2 + tau)``, i.e. the variance
    ``s -> s^3 / (s + tau)^2``. As ``L -> infinity`` the variance tends to
    ``s - 2t``: the entropy gradient flow (backward heat equation) of
    [Sonoda2018]_ §4.2.1, see :func:`entropy_gradient_flow`. For finite ``L`` the
    per-step change is ``-2 tau + 3 tau^2 / s + O(tau^3)``, so the shallow DAE
    (``L = 1``) lags behind ("deeper DAEs converge faster", [SonodaMurata2019]_).

    Parameters
    ----------
    cov_diag : array-like of shape (d,) or (d, d)
        Variances ``sigma_i^2`` of a diagonal covariance, or a full symmetric
        covariance matrix (the recursion then acts on its eigenvalues).
    noise_variance : float > 0
        Total noise variance ``t`` (each step uses ``t / n_steps``).
    n_steps : int >= 1
        Number of composed DAEs ``L``.

    Returns
    -------
    ndarray of shape (n_steps + 1, d) or (n_steps + 1, d, d)
        Variances (or covariance matrices) before the first step (index 0) and
        after each step.

    See Also
    --------
    entropy_gradient_flow : the continuous (``L -> infinity``) limit.

    References
    ----------
    .. [Sonoda2018] Document 001 (Sonoda), §4.2.1 and Fig. 7.
    .. [SonodaMurata2019] S. Sonoda and N. Murata, JMLR 20 (2019), arXiv:1605.02832.

    Examples
    --------
    >>> from sknnmath.transport import composed_dae_covariances
    >>> [round(float(composed_dae_covariances([1.0], 0.3, L)[-1, 0]), 4) for L in (1, 10, 1000)]
    [0.5917, 0.436, 0.4004]
    """
    t = _check_t(noise_variance)
    if not isinstance(n_steps, Integral) or isinstance(n_steps, bool) or n_steps < 1:
        raise ValueError(f"n_steps must be an integer >= 1; got {n_steps!r}.")
    tau = t / n_steps
    c = np.asarray(cov_diag, dtype=float)
    if c.ndim == 2:
        c = _check_cov(c)
        w, V = np.linalg.eigh(c)
        ws = composed_dae_covariances(np.clip(w, 0, None), t, n_steps)
        return np.einsum("ij,lj,kj->lik", V, ws, V)
    if c.ndim != 1 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError("cov_diag must be a 1-D array of finite non-negative variances "
                         "or a square covariance matrix.")
    out = np.empty((n_steps + 1, c.shape[0]))
    out[0] = c
    s = c.copy()
    for l in range(n_steps):
        s = s**3 / (s + tau) ** 2
        out[l + 1] = s
    return out


@validate_params(
    {
        "cov": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def gaussian_entropy(cov):
    """Shannon (differential) entropy of ``N(m, cov)``: ``1/2 log det(2 pi e cov)``.

    This is the functional ``H[mu] = -int mu log mu`` whose Wasserstein gradient flow
    the continuous DAE follows ([Sonoda2018]_ eq. (24)).

    Parameters
    ----------
    cov : array-like of shape (d, d), or (..., d, d)
        Covariance matrix (or a stack of them). A 1-D array is read as variances of
        a diagonal covariance.

    Returns
    -------
    float or ndarray
        Entropy in nats; ``-inf`` for a singular covariance.

    References
    ----------
    .. [Sonoda2018] Document 001 (Sonoda), §4.2.1.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import gaussian_entropy
    >>> bool(np.isclose(gaussian_entropy(np.eye(2)), np.log(2 * np.pi * np.e)))
    True
    """
    cov = np.asarray(cov, dtype=float)
    if cov.ndim == 1:
        cov = np.diag(cov)
    if cov.ndim < 2 or cov.shape[-1] != cov.shape[-2]:
        raise ValueError(f"cov must be square; got shape {cov.shape}.")
    d = cov.shape[-1]
    sign, logdet = np.linalg.slogdet(cov)
    logdet = np.where(sign > 0, logdet, -np.inf)
    out = 0.5 * (d * np.log(2 * np.pi * np.e) + logdet)
    return float(out) if np.ndim(out) == 0 else out


@validate_params(
    {
        "cov": ["array-like"],
        "times": ["array-like", Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def entropy_gradient_flow(cov, times):
    """Entropy gradient flow of a Gaussian: ``Sigma_t = Sigma_0 - 2 t I``.

    The continuous DAE (the ``L -> infinity`` limit of composed DAEs with time =
    total noise variance) moves data with velocity ``grad log mu_t`` and solves the
    backward heat equation ``d mu / dt = -Delta mu``; it is the Wasserstein gradient
    flow that decreases the Shannon entropy ([Sonoda2018]_ eqs. (22)-(24)). For
    ``mu_0 = N(m, Sigma_0)`` it stays Gaussian with ``Sigma_t = Sigma_0 - 2 t I``
    (each point moves by ``dx/dt = -Sigma_t^{-1} (x - m)``). For diagonal
    ``Sigma_0`` the trajectory in the ``(sigma_1, sigma_2)`` plane is the hyperbola
    ``sigma_1^2 - sigma_2^2 = const``. The flow collapses at
    ``t* = lambda_min(Sigma_0) / 2``; beyond it the backward heat equation is
    ill-posed. Entropy: ``H(t) = 1/2 log det(2 pi e Sigma_t)`` with
    ``dH/dt = -tr Sigma_t^{-1}`` (minus the Fisher information).

    Parameters
    ----------
    cov : array-like of shape (d, d) or (d,)
        Initial covariance ``Sigma_0`` (a 1-D array is read as diagonal variances).
    times : array-like of shape (n_times,)
        Times (cumulative noise variances) ``t >= 0``.

    Returns
    -------
    Bunch
        ``times`` (n_times,); ``covariances`` (n_times, d, d), NaN for ``t >= t*``;
        ``entropy`` (n_times,), NaN for ``t >= t*``; ``entropy_rate`` (n_times,)
        ``dH/dt``; ``collapse_time`` the float ``t*``.

    See Also
    --------
    composed_dae_covariances : the finite-depth counterpart.

    References
    ----------
    .. [Sonoda2018] Document 001 (Sonoda), §4.2 and Fig. 7.
    .. [SonodaMurata2019] S. Sonoda and N. Murata, JMLR 20 (2019), arXiv:1605.02832.

    Examples
    --------
    >>> from sknnmath.transport import entropy_gradient_flow
    >>> flow = entropy_gradient_flow([1.0, 0.25], [0.0, 0.1])
    >>> flow.collapse_time
    0.125
    >>> [round(float(v), 3) for v in flow.covariances[1].diagonal()]
    [0.8, 0.05]
    """
    cov = np.asarray(cov, dtype=float)
    if cov.ndim == 1:
        cov = np.diag(cov)
    cov = _check_cov(cov)
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.ndim != 1 or not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError("times must be a 1-D array of finite non-negative numbers.")
    d = cov.shape[0]
    lam_min = float(np.linalg.eigvalsh(cov).min())
    if lam_min <= 0:
        raise ValueError("cov must be positive definite.")
    collapse = lam_min / 2.0
    covs = cov[None] - 2.0 * times[:, None, None] * np.eye(d)[None]
    alive = times < collapse
    covs[~alive] = np.nan
    ent = np.full(times.shape, np.nan)
    rate = np.full(times.shape, np.nan)
    if alive.any():
        ent[alive] = gaussian_entropy(covs[alive])
        rate[alive] = -np.trace(np.linalg.inv(covs[alive]), axis1=1, axis2=2)
    return Bunch(times=times, covariances=covs, entropy=ent, entropy_rate=rate,
                 collapse_time=collapse)


@validate_params(
    {
        "score_fn": [callable],
        "noise_variance": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def tweedie_denoiser(score_fn, noise_variance):
    """Tweedie's formula: the optimal DAE from the score of the noisy marginal.

    ``g*_t(x) = x + t grad log (W_t * mu_0)(x)`` where time ``t`` is the noise
    variance and ``W_t * mu_0 = exp((t/2) Delta) mu_0`` is the law of ``x + eps``,
    ``eps ~ N(0, t I)``. This is the exact posterior mean ``E[x | x + eps]``
    ([Efron2011]_; [Alain2014]_ for the small-noise form) and the consistent version
    of eq. (21) of [Sonoda2018]_ (document 001 prints ``exp(t Delta)``, off by a factor 2
    inside the semigroup).

    Parameters
    ----------
    score_fn : callable
        ``score_fn(X) -> ndarray (n, d)``: the score ``grad log p_t`` of the
        **noisy** marginal ``p_t = W_t * mu_0``.
    noise_variance : float > 0
        Noise variance ``t``.

    Returns
    -------
    callable
        ``denoise(X) -> X + t * score_fn(X)``.

    See Also
    --------
    gaussian_mixture_score : exact scores of heat-smoothed Gaussian mixtures.

    References
    ----------
    .. [Efron2011] B. Efron, JASA 106 (2011).
    .. [Sonoda2018] Document 001 (Sonoda), eq. (21).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import tweedie_denoiser, gaussian_mixture_score
    >>> t = 0.5
    >>> score = lambda X: gaussian_mixture_score(X, [1.0], [[0.0]], [[[1.0]]], noise_variance=t)
    >>> g = tweedie_denoiser(score, t)
    >>> float(g(np.array([[3.0]]))[0, 0])  # = 1 / (1 + 0.5) * 3
    2.0
    """
    if not callable(score_fn):
        raise TypeError("score_fn must be callable.")
    t = _check_t(noise_variance)

    def denoise(X):
        X = np.asarray(X, dtype=float)
        return X + t * np.asarray(score_fn(X), dtype=float)

    return denoise


@validate_params(
    {
        "X": ["array-like"],
        "weights": ["array-like"],
        "means": ["array-like"],
        "covariances": ["array-like"],
        "noise_variance": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def gaussian_mixture_score(X, weights, means, covariances, noise_variance=0.0):
    """Score ``grad log p`` of a Gaussian mixture, optionally heat-smoothed.

    ``p = sum_k w_k N(m_k, S_k + t I)``: the law of ``x + eps`` with ``x`` drawn from
    the mixture and ``eps ~ N(0, t I)`` (time = noise variance ``t``). Feeding it to
    :func:`tweedie_denoiser` gives the exact optimal DAE for the mixture.

    Parameters
    ----------
    X : array-like of shape (n, d)
        Points where the score is evaluated.
    weights : array-like of shape (K,)
        Mixture weights (normalised internally).
    means : array-like of shape (K, d)
        Component means.
    covariances : array-like of shape (K, d, d)
        Component covariances.
    noise_variance : float >= 0, default=0.0
        Variance ``t`` of the isotropic Gaussian blur added to every component.

    Returns
    -------
    ndarray of shape (n, d)
        The score at each row of ``X``.

    References
    ----------
    .. [Efron2011] B. Efron, JASA 106 (2011).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import gaussian_mixture_score
    >>> gaussian_mixture_score([[2.0]], [1.0], [[0.0]], [[[4.0]]])
    array([[-0.5]])
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    w = np.asarray(weights, dtype=float).reshape(-1)
    M = np.asarray(means, dtype=float)
    S = np.asarray(covariances, dtype=float)
    K, d = M.shape
    if w.shape[0] != K or S.shape != (K, d, d) or X.shape[1] != d:
        raise ValueError("Inconsistent shapes: weights (K,), means (K, d), covariances (K, d, d), "
                         "X (n, d) required.")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum.")
    t = _check_t(noise_variance, allow_zero=True)
    w = w / w.sum()
    S = S + t * np.eye(d)[None]
    Sinv = np.linalg.inv(S)
    _, logdet = np.linalg.slogdet(S)
    diff = X[None, :, :] - M[:, None, :]  # (K, n, d)
    sol = np.einsum("kij,knj->kni", Sinv, diff)  # S_k^-1 (x - m_k)
    logp = (np.log(np.where(w > 0, w, 1e-300))[:, None] - 0.5 * logdet[:, None]
            - 0.5 * np.einsum("kni,kni->kn", diff, sol))
    resp = np.exp(logp - logsumexp(logp, axis=0, keepdims=True))  # (K, n)
    return -np.einsum("kn,kni->ni", resp, sol)


@validate_params(
    {
        "X": ["array-like"],
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def knn_entropy(X, n_neighbors=3):
    """Kozachenko–Leonenko nearest-neighbour estimate of the differential entropy.

    ``H ~ psi(n) - psi(k) + log V_d + (d / n) sum_i log r_i`` with ``r_i`` the
    distance from ``x_i`` to its ``k``-th nearest neighbour and ``V_d`` the volume
    of the unit ball [KL1987]_. Used to follow the entropy of non-Gaussian data
    along composed-DAE trajectories ([Sonoda2018]_: the DAE flow decreases entropy).

    Parameters
    ----------
    X : array-like of shape (n, d)
        Samples (n > n_neighbors).
    n_neighbors : int, default=3
        ``k``.

    Returns
    -------
    float
        Entropy estimate in nats.

    References
    ----------
    .. [KL1987] L. F. Kozachenko and N. N. Leonenko, Problems Inform. Transmission
       23 (1987).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import knn_entropy
    >>> X = np.random.default_rng(0).standard_normal((4000, 2))
    >>> bool(abs(knn_entropy(X) - np.log(2 * np.pi * np.e)) < 0.05)
    True
    """
    from scipy.spatial import cKDTree

    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    n, d = X.shape
    k = int(n_neighbors)
    if k < 1 or n <= k:
        raise ValueError(f"knn_entropy needs n_neighbors >= 1 and more than n_neighbors samples; "
                         f"got n={n}, n_neighbors={n_neighbors}.")
    r = cKDTree(X).query(X, k=k + 1)[0][:, k]
    r = np.maximum(r, np.finfo(float).tiny)
    log_vd = 0.5 * d * np.log(np.pi) - gammaln(0.5 * d + 1)
    return float(digamma(n) - digamma(k) + log_vd + d * np.mean(np.log(r)))
