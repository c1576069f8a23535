"""Data of low intrinsic dimension: a smooth random embedding of the ``k``-torus in ``R^D``.

Nakada & Imaizumi (2020), cited by document 004, show that the error rate of a
deep ReLU network in the sample size depends on the intrinsic (Minkowski)
dimension ``k`` of the data, not on the ambient dimension ``D``. The rate
studies need data on a known ``k``-dimensional manifold, a target that is a
smooth function of the intrinsic coordinates, and the tangent spaces (for the
tests): :class:`TorusEmbedding` and :func:`make_manifold_regression`.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["TorusEmbedding", "make_manifold_regression"]


class TorusEmbedding:
    """A smooth, curved embedding ``x(t)`` of the flat torus ``[0, 1)^k`` in ``R^D``.

    ``x(t) = U φ(t) + ρ sqrt(2/D) cos(Ω φ(t) + b)``, with ``φ(t) = (cos 2πt_j,
    sin 2πt_j)_{j ≤ k} / sqrt(k)`` the Clifford torus in ``R^{2k}``, ``U`` a random
    ``D × 2k`` matrix with orthonormal columns (the linear part: ``x`` is
    injective and ``|x(t)| ≍ 1`` whatever ``D``), and a random-feature bend
    (``Ω`` Gaussian of scale ``bend_scale``, ``b`` uniform phases) that curves the
    torus out of every ``2k``-plane and spreads it over all ``D`` coordinates.
    As ``D`` grows the bend's contribution to distances converges (its squared
    norm is an average of ``D`` terms), so the manifolds for ``D = 10`` and
    ``D = 50`` have comparable geometry and only the ambient dimension changes.

    Parameters
    ----------
    intrinsic_dim : int
        ``k ≥ 1``.
    ambient_dim : int
        ``D ≥ 2k``.
    bend : float, default=0.5
        ``ρ``, the size of the nonlinear part.
    bend_scale : float, default=2.0
        Scale of the frequencies ``Ω`` (larger: more curved).
    random_state : int, default=0
        Seed of ``U``, ``Ω``, ``b``.

    Attributes
    ----------
    U_ : ndarray of shape (D, 2k)
    Omega_ : ndarray of shape (D, 2k)
    phases_ : ndarray of shape (D,)

    See Also
    --------
    make_manifold_regression : Samples and targets on the embedded torus.

    References
    ----------
    R. Nakada and M. Imaizumi, "Adaptive approximation and generalization of
    deep neural network with intrinsic dimensionality", JMLR 21 (2020).

    Examples
    --------
    >>> emb = TorusEmbedding(2, 10, random_state=0)
    >>> emb(np.array([[0.1, 0.7]])).shape
    (1, 10)
    >>> int(np.linalg.matrix_rank(emb.jacobian(np.array([[0.1, 0.7]]))[0]))
    2
    """

    def __init__(self, intrinsic_dim, ambient_dim, *, bend=0.5, bend_scale=2.0, random_state=0):
        k, D = int(intrinsic_dim), int(ambient_dim)
        if k < 1:
            raise ValueError(f"intrinsic_dim must be >= 1; got {intrinsic_dim}.")
        if D < 2 * k:
            raise ValueError(f"ambient_dim must be >= 2 * intrinsic_dim = {2 * k} for the "
                             f"torus to embed; got {ambient_dim}.")
        self.intrinsic_dim, self.ambient_dim = k, D
        self.bend, self.bend_scale = float(bend), float(bend_scale)
        rng = np.random.default_rng(random_state)
        q, r = np.linalg.qr(rng.standard_normal((D, 2 * k)))
        self.U_ = q * np.sign(np.diag(r))
        self.Omega_ = bend_scale * rng.standard_normal((D, 2 * k))
        self.phases_ = rng.uniform(0.0, 2 * np.pi, D)

    def _phi(self, t):
        a = 2 * np.pi * t
        k = self.intrinsic_dim
        return np.concatenate([np.cos(a), np.sin(a)], axis=1) / math.sqrt(k)

    def __call__(self, t):
        """Points ``x(t)`` of shape ``(n, D)`` for intrinsic coordinates ``t`` of shape ``(n, k)``."""
        t = self._check(t)
        phi = self._phi(t)
        c = math.sqrt(2.0 / self.ambient_dim) * self.bend
        return phi @ self.U_.T + c * np.cos(phi @ self.Omega_.T + self.phases_)

    def jacobian(self, t):
        """``∂x/∂t`` of shape ``(n, D, k)`` (closed form)."""
        t = self._check(t)
        k = self.intrinsic_dim
        a = 2 * np.pi * t
        # dφ/dt: (n, 2k, k), diagonal blocks (−sin, cos) · 2π / sqrt(k)
        dphi = np.zeros((len(t), 2 * k, k))
        idx = np.arange(k)
        dphi[:, idx, idx] = -np.sin(a) * 2 * np.pi / math.sqrt(k)
        dphi[:, k + idx, idx] = np.cos(a) * 2 * np.pi / math.sqrt(k)
        c = math.sqrt(2.0 / self.ambient_dim) * self.bend
        s = -c * np.sin(self._phi(t) @ self.Omega_.T + self.phases_)  # (n, D)
        lin = np.einsum("dm,nmk->ndk", self.U_, dphi)
        bend = s[:, :, None] * np.einsum("dm,nmk->ndk", self.Omega_, dphi)
        return lin + bend

    def _check(self, t):
        t = np.asarray(t, dtype=np.float64)
        if t.ndim != 2 or t.shape[1] != self.intrinsic_dim:
            raise ValueError(f"intrinsic coordinates must have shape (n, {self.intrinsic_dim}); "
                             f"got {t.shape}.")
        return t


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "intrinsic_dim": [Interval(Integral, 1, None, closed="left")],
        "ambient_dim": [Interval(Integral, 1, None, closed="left")],
        "beta": [Interval(Real, 0, None, closed="neither")],
        "max_frequency": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left"), tuple],
        "return_intrinsic": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def make_manifold_regression(n_samples, intrinsic_dim, ambient_dim, *, beta=2.0, max_frequency=8,
                             noise=0.0, random_state=0, return_intrinsic=False):
    """Regression data on a ``k``-dimensional torus embedded in ``R^D``.

    The intrinsic coordinates ``t`` are uniform on ``[0, 1)^k``, ``X = x(t)``
    (:class:`TorusEmbedding`) and ``y = f(t) + noise · ε`` with ``f`` the
    ``β``-smooth periodic target of :class:`SmoothPeriodicTarget` in ``k``
    dimensions (``‖f‖_{L²} = 1``). A pair ``random_state=(manifold_seed,
    sample_seed)`` keeps the embedding and the target fixed while drawing new
    samples (training and test sets of the same problem).

    Parameters
    ----------
    n_samples : int
        Number of points.
    intrinsic_dim, ambient_dim : int
        ``k`` and ``D``.
    beta : float, default=2.0
        Smoothness of the target in the intrinsic coordinates.
    max_frequency : int, default=8
        Truncation of the target's Fourier series.
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to ``y``.
    random_state : int or tuple, default=0
        ``random_state`` or ``(manifold_seed, sample_seed)``: the first fixes the
        embedding and the target, the second the sample.
    return_intrinsic : bool, default=False
        Also return ``t`` and the noise-free target.

    Returns
    -------
    X : ndarray of shape (n_samples, ambient_dim)
    y : ndarray of shape (n_samples,)
    t : ndarray of shape (n_samples, intrinsic_dim)
        Only with ``return_intrinsic``.
    f : ndarray of shape (n_samples,)
        Noise-free target, only with ``return_intrinsic``.

    See Also
    --------
    TorusEmbedding : The embedding.

    Examples
    --------
    >>> X, y = make_manifold_regression(100, 2, 50, random_state=0)
    >>> X.shape, y.shape
    ((100, 50), (100,))
    """
    from ._rates import SmoothPeriodicTarget

    n = int(n_samples)
    if n < 1:
        raise ValueError(f"n_samples must be >= 1; got {n_samples}.")
    if noise < 0:
        raise ValueError(f"noise must be >= 0; got {noise}.")
    m_seed, s_seed = (random_state if isinstance(random_state, tuple)
                      else (random_state, random_state))
    emb = TorusEmbedding(intrinsic_dim, ambient_dim, random_state=m_seed)
    target = SmoothPeriodicTarget(int(intrinsic_dim), beta=beta, max_frequency=max_frequency,
                                  random_state=m_seed)
    rng = np.random.default_rng(s_seed)
    t = rng.uniform(size=(n, int(intrinsic_dim)))
    f = target(t)
    y = f + noise * rng.standard_normal(n)
    X = emb(t)
    return (X, y, t, f) if return_intrinsic else (X, y)
