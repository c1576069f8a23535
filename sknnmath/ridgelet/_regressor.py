"""RidgeletRegressor: a shallow network built from the ridgelet transform, without backprop."""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions

from .._backend import as_tensor, check_memory, to_numpy
from .._linalg import lstsq
from ..base import (
    SknnEstimator,
    TorchEstimatorMixin,
    check_is_fitted,
    device_constraint,
    validate_X,
    validate_X_y,
)
from ._theory import ACTIVATIONS, ridgelet_function
from ._transform import _DEFAULT_MEMORY as _TRANSFORM_CHUNK_BYTES
from ._transform import quadrature_weights, ridgelet_transform, torch_activation

__all__ = ["RidgeletRegressor"]


class RidgeletRegressor(RegressorMixin, TorchEstimatorMixin, SknnEstimator):
    """Shallow network ``sum_j c_j sigma(a_j . x - b_j)`` built by the ridgelet transform.

    No gradient step is taken. The hidden parameters (a_j, b_j) are drawn from the
    "oracle" distribution proportional to |R[f](a, b)| (Sonoda & Murata, ICANN 2014),
    or placed on a regular grid, or drawn uniformly; the output weights are either the
    numerical integration of the shrunk ridgelet transform ``gamma* = R[f] / (beta + 1)``
    (document 001 (Sonoda), eq. (8)) or a ridge refit on the hidden features.

    Parameters
    ----------
    n_hidden : int, default=100
        Number of hidden units p (the grid sampling uses the largest product grid with
        at most ``n_hidden`` nodes).
    activation : {"relu", "tanh", "gaussian"}, default="relu"
        sigma; the ridgelet function is ``ridgelet_function(activation, m, order)``.
    sampling : {"oracle", "grid", "uniform"}, default="oracle"
        How the hidden parameters are chosen in the box ``|a_i| <= A``, ``|b| <= B``.
    output : {"ridge", "ridgelet"}, default="ridge"
        ``"ridgelet"``: c_j = R[f](a_j, b_j) w_j / (beta + 1) with the quadrature weight
        w_j of the sampling scheme (importance weight ``Z / (p |R|)`` for oracle
        sampling). ``"ridge"``: least squares with penalty ``alpha`` on the hidden features.
    order : int, default=1
        k of the ridgelet family (k >= 1 avoids the low-pass loss of k = 0).
    a_range : "auto" or float, default="auto"
        A; "auto" is ``30 / radius`` of the centred data (the document's window
        [-30, 30] for x in [-1, 1]).
    b_range : "auto" or float, default="auto"
        B; "auto" is ``A * radius + 3`` (the cone |b| <= |a| |x| + width of rho).
    grid_size : int, default=201
        Resolution of the (a, b) grid on which |R[f]| is computed for m = 1 (the oracle
        distribution); for m >= 2, ``20 * grid_size`` uniform candidate pairs are used.
    beta : float, default=0.0
        L2 regularisation of the integral representation: gamma* = R[f] / (beta + 1).
    alpha : float, default=1e-6
        Ridge penalty of ``output="ridge"`` (on the mean squared error).
    random_state : int, RandomState instance or None, default=None
        Seed of the sampling.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Torch device.

    Attributes
    ----------
    hidden_weights_ : ndarray of shape (n_hidden_, n_features_in_)
        a_j (in the input coordinates).
    hidden_biases_ : ndarray of shape (n_hidden_,)
        b_j (in the input coordinates: unit j computes sigma(a_j . x - b_j)).
    coef_ : ndarray of shape (n_hidden_,)
        Output weights c_j.
    intercept_ : float
        Output bias (0 for ``output="ridgelet"``).
    coefs_ : list of ndarray
        The network in :class:`sklearn.neural_network.MLPRegressor`'s layout:
        ``[hidden_weights_.T, coef_[:, None]]``, shapes (n_features_in_, n_hidden_) and
        (n_hidden_, 1).
    intercepts_ : list of ndarray
        ``[-hidden_biases_, [intercept_]]``, shapes (n_hidden_,) and (1,).
    spectrum_ : ndarray of shape (grid_size, grid_size) or None
        R[f] on the grid ``spectrum_a_ x spectrum_b_`` (m = 1; None otherwise), in the
        centred coordinates ``x - x_offset_``.
    spectrum_a_, spectrum_b_ : ndarray or None
        The grid axes.
    x_offset_ : ndarray of shape (``n_features_in_``,)
        Centre of the training inputs.
    n_hidden_ : int
        Number of hidden units actually built.
    n_features_in_ : int
        Number of features seen in fit.
    device_ : str
        Device used in fit.

    See Also
    --------
    ridgelet_transform, ridgelet_reconstruction, ridgelet_function
    sklearn.neural_network.MLPRegressor : the backprop-trained peer.

    References
    ----------
    Document 001 (Sonoda, 2018), §3, eqs. (8)-(12). S. Sonoda and N. Murata, "Sampling hidden
    parameters from oracle distribution", ICANN 2014. S. Sonoda and N. Murata, Appl.
    Comput. Harmon. Anal. 43 (2017): "the trained network can be obtained by simply
    discretizing the ridgelet transform, without backpropagation". The formula
    gamma* = R[f]/(beta+1) is the exact optimum only for the ridgelet function sigma*
    and the RKHS norm of document 001; with an empirical data measure it is an approximation.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.datasets import make_sine_grid
    >>> from sknnmath.ridgelet import RidgeletRegressor
    >>> X, y = make_sine_grid()
    >>> reg = RidgeletRegressor(n_hidden=100, random_state=0, device="cpu").fit(X, y)
    >>> Xt = np.random.default_rng(0).uniform(-1, 1, (2000, 1))
    >>> bool(reg.score(Xt, np.sin(2 * np.pi * Xt[:, 0])) > 0.99)
    True
    """

    _parameter_constraints = {
        "n_hidden": [Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "sampling": [StrOptions({"oracle", "grid", "uniform"})],
        "output": [StrOptions({"ridge", "ridgelet"})],
        "order": [Interval(Integral, 0, None, closed="left")],
        "a_range": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "b_range": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "grid_size": [Interval(Integral, 3, None, closed="left")],
        "beta": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
    }
    _sknnmath_test_params = {"n_hidden": 20, "grid_size": 21}
    _sknnmath_width_params = ("n_hidden",)

    def __init__(self, n_hidden=100, *, activation="relu", sampling="oracle", output="ridge",
                 order=1, a_range="auto", b_range="auto", grid_size=201, beta=0.0, alpha=1e-6,
                 random_state=None, device="auto"):
        self.n_hidden = n_hidden
        self.activation = activation
        self.sampling = sampling
        self.output = output
        self.order = order
        self.a_range = a_range
        self.b_range = b_range
        self.grid_size = grid_size
        self.beta = beta
        self.alpha = alpha
        self.random_state = random_state
        self.device = device

    # ------------------------------------------------------------------ fitting
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Build the network from (X, y) without backpropagation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        X, y = validate_X_y(self, X, y, y_numeric=True)
        X = X.astype(np.float64)
        y = y.astype(np.float64)
        be = self._resolve_backend()
        dev = be.device
        n, m = X.shape
        self._check_peak_memory(n, m)
        offset = X.mean(axis=0)
        Xc = X - offset
        radius = float(np.linalg.norm(Xc, axis=1).max())
        radius = radius if radius > 0 else 1.0
        A = float(self.a_range) if self.a_range != "auto" else 30.0 / radius
        B = float(self.b_range) if self.b_range != "auto" else A * radius + 3.0
        rho = ridgelet_function(self.activation, n_dims=m, order=self.order)
        # quadrature weights of the unit-scale inputs: the factor radius^m, which leaves
        # float64 at extreme scales (X * 1e150 in 3-D), is kept as a log below
        w, _ = quadrature_weights(Xc / radius)
        log_x_scale = m * math.log(radius)

        def transform_at(a, b):
            return ridgelet_transform(Xc, y, a, b, rho, grid=False, weights=w, device=dev)

        self.spectrum_ = self.spectrum_a_ = self.spectrum_b_ = None
        p = int(self.n_hidden)
        # (2A)^m (2B) overflows for m ~ 120 at small scales: keep its log, and only the
        # output="ridgelet" quadrature needs the volume itself
        log_box = m * math.log(2 * A) + math.log(2 * B)
        if self.sampling == "oracle":
            if m == 1:
                g = int(self.grid_size)
                ga, gb = np.linspace(-A, A, g), np.linspace(-B, B, g)
                spec = ridgelet_transform(Xc, y, ga, gb, rho, weights=w, device=dev)
                self.spectrum_, self.spectrum_a_, self.spectrum_b_ = spec, ga, gb
                cand_a = np.repeat(ga, g)[:, None]
                cand_b = np.tile(gb, g)
                cell = np.array([ga[1] - ga[0], gb[1] - gb[0]])
                cand_val = spec.ravel()
            else:
                n_cand = 20 * int(self.grid_size)
                cand_a = (be.rand(n_cand, m).cpu().numpy() * 2 - 1) * A
                cand_b = (be.rand(n_cand).cpu().numpy() * 2 - 1) * B
                cand_val = transform_at(cand_a, cand_b)
                cell = None
            mass = np.abs(cand_val)
            if not np.isfinite(mass).all() or mass.sum() <= 0:
                mass = np.ones_like(mass)
            # systematic (low-variance) sampling from the categorical law |R| / Z: each
            # unit is still distributed as the oracle law, with far less quadrature noise
            cdf = np.cumsum(mass / mass.sum())
            u = (np.arange(p) + float(be.rand(1).cpu())) / p
            idx = np.minimum(np.searchsorted(cdf, u, side="right"), len(mass) - 1)
            a, b = cand_a[idx].copy(), cand_b[idx].copy()
            if cell is not None:  # continuous density: uniform inside the chosen cell
                jit = be.rand(p, 2).cpu().numpy() - 0.5
                a[:, 0] += jit[:, 0] * cell[0]
                b += jit[:, 1] * cell[1]
                log_density = np.log(mass[idx] / (mass.sum() * cell[0] * cell[1]))
            else:
                log_density = np.log(mass[idx] / mass.sum() * len(mass)) - log_box
            quad_w = self._quadrature(log_x_scale - np.log(p) - log_density)
        elif self.sampling == "grid":
            per = max(1, int(math.floor(p ** (1.0 / (m + 1)) + 1e-9)))
            axes_a = np.linspace(-A, A, per) if per > 1 else np.zeros(1)
            axes_b = np.linspace(-B, B, per) if per > 1 else np.zeros(1)
            mesh = np.meshgrid(*([axes_a] * m + [axes_b]), indexing="ij")
            a = np.stack([mm.ravel() for mm in mesh[:m]], axis=1)
            b = mesh[m].ravel()
            da = axes_a[1] - axes_a[0] if per > 1 else 2 * A
            db = axes_b[1] - axes_b[0] if per > 1 else 2 * B
            quad_w = self._quadrature(np.full(len(b), log_x_scale + m * math.log(da) + math.log(db)))
        else:  # uniform
            a = (be.rand(p, m).cpu().numpy() * 2 - 1) * A
            b = (be.rand(p).cpu().numpy() * 2 - 1) * B
            quad_w = self._quadrature(np.full(p, log_x_scale + log_box - math.log(p)))

        if self.output == "ridgelet":
            coef = transform_at(a, b) * quad_w / (1.0 + self.beta)
            if not np.all(np.isfinite(coef)):
                raise ValueError(
                    f"RidgeletRegressor(output='ridgelet'): the discretised transform has "
                    f"non-finite output weights for {m} features (its quadrature spans "
                    f"10^{(log_x_scale + log_box) / math.log(10):.0f} in volume); use "
                    "output='ridge'.")
            intercept = 0.0
        else:
            Phi = self._features(Xc, a, b, dev)
            # mean squared error + alpha ||c||^2 is the solver's sum-of-squares ridge with
            # penalty n * alpha; the intercept is unpenalised
            sol = lstsq(Phi, as_tensor(y, dev), alpha=float(self.alpha) * n, fit_intercept=True)
            coef_t = sol.coef[:, 0]
            intercept = float(sol.intercept[0])
            coef = to_numpy(coef_t)
        self.x_offset_ = offset
        self.hidden_weights_ = np.ascontiguousarray(a, dtype=np.float64)
        self.hidden_biases_ = np.asarray(b + a @ offset, dtype=np.float64)
        self.coef_ = np.asarray(coef, dtype=np.float64)
        self.intercept_ = float(intercept)
        self._y_1d = True
        # the same network in scikit-learn MLP's layout: layer i maps x -> x @ coefs_[i] +
        # intercepts_[i] (unit j computes sigma(a_j . x - b_j), so its bias is -b_j)
        self.coefs_ = [self.hidden_weights_.T.copy(), self.coef_[:, None].copy()]
        self.intercepts_ = [-self.hidden_biases_, np.array([self.intercept_])]
        self.n_hidden_ = int(len(b))
        self.a_range_, self.b_range_ = A, B
        return self

    def _quadrature(self, log_w):
        """Quadrature weights from their logs; only ``output="ridgelet"`` uses them."""
        if self.output != "ridgelet":
            return None
        if not np.all(np.isfinite(log_w)) or np.max(np.abs(log_w)) > math.log(np.finfo(float).max):
            raise ValueError(
                f"RidgeletRegressor(output='ridgelet'): the quadrature weights (box volume of "
                f"the (a, b) domain per unit) reach 10^{np.max(np.abs(log_w)) / math.log(10):.0f}, "
                "outside float64 for this many features; use output='ridge' or a smaller "
                "a_range/b_range.")
        return np.exp(log_w)

    def _check_peak_memory(self, n, m):
        """Refuse, before allocating, a fit whose estimated peak exceeds the memory budget.

        Counts float64 arrays alive at the same time: the oracle candidates (``g^2`` grid
        values for m = 1, ``20 g`` candidate units for m > 1, a few arrays each), the
        hidden parameters ``(a, b)`` and, for ``output="ridge"``, the feature matrix and
        its centred copy (``2 n p``) with the Gram matrix and its factor
        (``2 min(n, p)^2``: the solver takes the dual form when n < p); the chunked
        transform adds at most its own 512 MiB.
        """
        p, g = int(self.n_hidden), int(self.grid_size)
        cand = 0
        if self.sampling == "oracle":
            cand = 6 * g * g if m == 1 else 20 * g * (m + 5)
        hidden = p * (m + 5) + (2 * n * p + 2 * min(n, p) ** 2 if self.output == "ridge" else 0)
        peak = 8 * (cand + hidden) + _TRANSFORM_CHUNK_BYTES
        names = "n_hidden" if 8 * hidden >= 8 * cand else "grid_size"
        check_memory(peak, f"RidgeletRegressor({names}={getattr(self, names)}) on {n} x {m} data "
                           f"(estimated peak {peak:,} bytes)")

    def _features(self, X, a, b, dev):
        sigma = torch_activation(self.activation)
        Xt = as_tensor(X, dev)
        return sigma(Xt @ as_tensor(a, dev).T - as_tensor(b, dev)[None, :])

    def predict(self, X):
        """Network output ``sum_j c_j sigma(a_j . x - b_j) + intercept``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_X(self, X).astype(np.float64)
        dev = self._predict_device()
        coef = as_tensor(self.coef_, dev)
        a, b = as_tensor(self.hidden_weights_, dev), as_tensor(self.hidden_biases_, dev)
        out = self._predict_in_chunks(lambda Xt: self._features(Xt, a, b, dev) @ coef, X)
        return out + self.intercept_

    def _inference_row_bytes(self):
        # float64: the input row, the pre-activations and activations of the n_hidden_ units
        return 8 * (self.n_features_in_ + 2 * self.n_hidden_ + 1)
