"""MinNormInterpolator: beta = X^+ y, the ridgeless limit of ridge regression."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, check_memory, to_numpy
from ..base import SknnEstimator, TorchEstimatorMixin, device_constraint, validate_X, validate_X_y
from .._linalg import lstsq, lstsq_memory

__all__ = ["MinNormInterpolator"]


class MinNormInterpolator(RegressorMixin, TorchEstimatorMixin, SknnEstimator):
    """Minimum-norm least squares: beta = X^+ y (ridge with ``alpha > 0``).

    Among all minimisers of ||y - X beta||^2 it returns the one of smallest
    Euclidean norm. For p > n this is the *min-norm interpolator* of document
    004 (beta = argmin{||beta||_2 : beta minimises sum_i (y_i - beta^T x_i)^2}),
    the limit of ridge as alpha -> 0+ and the limit of gradient descent started
    at zero. Its test risk shows double descent: it diverges at the
    interpolation threshold p = n and descends again for p > n
    (:func:`minnorm_risk_isotropic`, :func:`minnorm_risk_finite_n`).

    Computation is float64 torch linear algebra on ``device``:

    * p > n: the n x n Gram matrix X X^T (BLAS ``syrk`` on the CPU), Cholesky,
      beta = X^T (X X^T)^{-1} y, one step of iterative refinement;
    * p <= n: the p x p normal equations;
    * the thin SVD of X (singular values below ``rcond * s_max`` dropped)
      when the Gram matrix is singular or ill-conditioned (the refinement moves
      the solution by more than 1e6 eps, i.e. cond(Gram) above about 1e6: the
      one conditioning policy of :mod:`sknnmath._linalg`), or when ``solver="svd"``.

    ``torch.linalg.lstsq`` is never used: on CUDA it assumes full rank.
    ``sample_weight`` is not supported.

    Parameters
    ----------
    fit_intercept : bool, default=False
        Fit an unpenalised intercept by centring X and y (the intercept is not
        in the norm, scikit-learn's convention). Centring removes one degree of
        freedom: rank(X_c) <= n - 1, so **the interpolation peak moves from
        p = n to p = n - 1**. Keep False to study the document's model.
    alpha : float, default=0.0
        Ridge penalty on ||beta||^2 in ||y - X beta||^2 + alpha ||beta||^2
        (scikit-learn's ``Ridge(alpha)`` scaling; HMRT's lam corresponds to
        ``alpha = n * lam``). 0 gives the min-norm solution.
    rcond : float or None, default=None
        Relative singular-value cutoff of the SVD route; None means
        max(n, p) * eps, the numpy >= 2 / ``torch.linalg.pinv`` default.
    solver : {"auto", "cholesky", "eigh", "svd"}, default="auto"
        "auto" tries Cholesky of the smaller Gram matrix and falls back to the
        SVD when it is (nearly) singular; "cholesky" does the same but warns on
        fallback; "eigh" diagonalises the Gram matrix (cutoff on its
        eigenvalues, resolution ~ sqrt(eps)); "svd" always uses the SVD of X.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Device of the linear algebra.
    max_memory : int or None, default=None
        Budget in bytes for X, the Gram matrix / SVD factors and the targets;
        a larger problem raises a ValueError before allocating. None means
        :data:`sknnmath._backend.DEFAULT_MEMORY_BUDGET` (8 GiB).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients.
    intercept_ : float or ndarray of shape (n_targets,)
        0.0 when ``fit_intercept=False``.
    rank_ : int
        Numerical rank of X (of the centred X with an intercept).
    singular_values_ : ndarray or None
        Singular values of X (descending) when the SVD or eigh route computed
        them, else None.
    norm_ : float or ndarray of shape (n_targets,)
        Euclidean norm of the coefficients (per target).
    solver_ : str
        The route actually used ("cholesky", "eigh" or "svd").
    device_ : str
        Resolved device.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has string feature names.

    See Also
    --------
    RandomFeatureRegressor : random features followed by this solver.
    sklearn.linear_model.LinearRegression : min-norm for wide X only without intercept.
    minnorm_risk_finite_n, minnorm_risk_isotropic : its exact and asymptotic risk.

    References
    ----------
    Document 004 (M. Imaizumi, "Mathematics of deep learning and AI", 2024),
    over-parameterisation and benign-overfitting slides.
    T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in
    high-dimensional ridgeless least squares interpolation", Ann. Statist. 2022.
    M. Belkin, D. Hsu, J. Xu, "Two models of double descent for weak features", 2020.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import MinNormInterpolator
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.standard_normal((5, 20)), rng.standard_normal(5)
    >>> est = MinNormInterpolator(device="cpu").fit(X, y)
    >>> bool(np.allclose(est.predict(X), y)), bool(np.allclose(est.coef_, np.linalg.pinv(X) @ y))
    (True, True)
    """

    _parameter_constraints = {
        "fit_intercept": ["boolean"],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "rcond": [Interval(Real, 0, None, closed="left"), None],
        "solver": [StrOptions({"auto", "cholesky", "eigh", "svd"})],
        "device": device_constraint(),
        "max_memory": [Interval(Integral, 1, None, closed="left"), None],
    }
    _sknnmath_test_params = {"device": "cpu"}
    # a linear model has no width-like parameter
    _sknnmath_width_params = ()

    def __init__(self, fit_intercept=False, alpha=0.0, rcond=None, solver="auto", device="auto",
                 max_memory=None):
        self.fit_intercept = fit_intercept
        self.alpha = alpha
        self.rcond = rcond
        self.solver = solver
        self.device = device
        self.max_memory = max_memory

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the min-norm (or ridge) solution.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)

        Returns
        -------
        self
        """
        X, y = validate_X_y(self, X, y, multi_output=True, y_numeric=True, min_samples=2)
        # numeric strings ("1.5") are accepted, as by every other sknnmath regressor
        y = np.asarray(y, dtype=np.float64)
        backend = self._resolve_backend()
        Xt = backend.tensor(X)
        Y = backend.tensor(y)
        one_d = Y.ndim == 1
        self._y_1d = bool(one_d)
        if one_d:
            Y = Y[:, None]
        n, p = Xt.shape
        # the design matrix (and its centred copy) plus the solver's own arrays
        check_memory(8 * n * p * (1 + self.fit_intercept)
                     + lstsq_memory(n, p, Y.shape[1], self.solver),
                     f"The min-norm solve (n={n}, p={p})", self.max_memory)
        sol = lstsq(Xt, Y, alpha=float(self.alpha), rcond=self.rcond, solver=self.solver,
                    fit_intercept=self.fit_intercept, max_memory=self.max_memory)
        coef = to_numpy(sol.coef).T          # (k, p)
        intercept = to_numpy(sol.intercept)
        self._set_solution(coef, intercept, sol, one_d)
        return self

    def _set_solution(self, coef, intercept, sol, one_d):
        if one_d:
            self.coef_ = coef[0]
            self.intercept_ = float(intercept[0])
            self.norm_ = float(np.linalg.norm(self.coef_))
        else:
            self.coef_ = coef
            self.intercept_ = intercept
            self.norm_ = np.linalg.norm(coef, axis=1)
        self.rank_ = int(sol.rank)
        self.singular_values_ = None if sol.singular_values is None else to_numpy(sol.singular_values)
        self.solver_ = sol.solver

    def predict(self, X):
        """Predict with the fitted linear model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_X(self, X)
        dev = self._predict_device()
        coef = as_tensor(np.atleast_2d(self.coef_), dev)      # (k, p)
        c0 = as_tensor(np.atleast_1d(self.intercept_), dev)
        # rows go to the device chunk by chunk, within sklearn's working_memory
        out = self._predict_in_chunks(lambda Xt: Xt @ coef.T + c0, X)
        return out[:, 0] if self._y_1d else out

    def _inference_row_bytes(self):
        # float64: the input row and its outputs
        return 8 * (self.n_features_in_ + np.atleast_2d(self.coef_).shape[0])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags
