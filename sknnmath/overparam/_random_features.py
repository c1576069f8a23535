"""Random-feature networks: a random first layer and a min-norm / ridge second layer."""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import (
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    RegressorMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, check_memory, to_numpy
from .._layers import get_activation
from ..base import (
    SknnEstimator,
    TorchEstimatorMixin,
    device_constraint,
    encode_classes,
    validate_X,
    validate_X_y,
)
from .._linalg import least_squares_proba, lstsq, lstsq_memory

__all__ = ["RandomFeatures", "RandomFeatureRegressor", "RandomFeatureClassifier"]

# activations come from the layer registry; these are the ones offered for random features
_ACT = ("relu", "tanh", "erf", "sigmoid", "cos")

_FEATURE_PARAMS = {
    "n_features": [Interval(Integral, 1, None, closed="left")],
    "activation": [StrOptions(set(_ACT))],
    "weights": [StrOptions({"sphere", "gaussian"})],
    "bias": ["boolean"],
    "random_state": ["random_state"],
    "device": device_constraint(),
}


def _draw_first_layer(backend, n_features, d, weights, bias, activation):
    """theta (N, d) and b (N,) drawn on the CPU generator (device-independent draws)."""
    g = torch.randn(n_features, d, generator=backend.generator, dtype=torch.float64)
    if weights == "sphere":
        # Uniform on the sphere of radius sqrt(d): Mei–Montanari's normalisation.
        g = g / g.norm(dim=1, keepdim=True).clamp_min(1e-300) * math.sqrt(d)
    if not bias:
        b = torch.zeros(n_features, dtype=torch.float64)
    elif activation == "cos":
        b = 2 * math.pi * torch.rand(n_features, generator=backend.generator, dtype=torch.float64)
    else:
        b = torch.randn(n_features, generator=backend.generator, dtype=torch.float64)
    return g, b


def _feature_peak_bytes(n, n_features, d):
    """Peak bytes of drawing theta and forming sigma(X theta^T / sqrt(d) + b) for n rows.

    The draw holds two (N, d) arrays (Gaussian draws and their normalisation); the features
    hold three (n, N) arrays at once (the product, the shifted copy and the activation).
    """
    return 8 * (2 * n_features * d + 3 * n * n_features)


def _features(X, theta, b, activation):
    d = X.shape[1]
    return get_activation(activation).torch(X @ theta.T / math.sqrt(d) + b)


class RandomFeatures(ClassNamePrefixFeaturesOutMixin, TransformerMixin, SknnEstimator):
    """Random first layer z_a(x) = sigma(<theta_a, x>/sqrt(d) + b_a), a = 1..N.

    With ``weights="sphere"`` the theta_a are uniform on the sphere of radius
    sqrt(d) (Mei & Montanari's normalisation, so <theta_a, x>/sqrt(d) is
    approximately N(0, 1) for x on the sphere of radius sqrt(d)); with
    "gaussian" they are N(0, I_d). A linear model on these features is the
    random-features two-layer network f(x) = A_2 sigma(A_1 x) of document 004
    with a frozen random A_1.

    Parameters
    ----------
    n_features : int, default=100
        Number N of random features (the width).
    activation : {"relu", "tanh", "erf", "sigmoid", "cos"}, default="relu"
        sigma.
    weights : {"sphere", "gaussian"}, default="sphere"
        Distribution of theta_a.
    bias : bool, default=False
        Add b_a: N(0, 1), or uniform on [0, 2 pi) for ``activation="cos"``
        (random Fourier features, as scikit-learn's RBFSampler up to scale).
    random_state : int, RandomState instance or None, default=None
        Seed of the draws (made on the CPU, so identical on every device).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where the features are computed.

    Attributes
    ----------
    weights_ : ndarray of shape (n_features, n_features_in_)
        theta.
    bias_ : ndarray of shape (n_features,)
        b (zeros when ``bias=False``).
    device_ : str
        Resolved device.
    n_features_in_ : int
        Input dimension d.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has string feature names.

    See Also
    --------
    RandomFeatureRegressor, RandomFeatureClassifier : features + min-norm solver.
    sklearn.kernel_approximation.RBFSampler : random Fourier features.

    References
    ----------
    S. Mei, A. Montanari, "The generalization error of random features regression",
    Comm. Pure Appl. Math. 2022, arXiv:1908.05355. A. Rahimi, B. Recht, "Random
    features for large-scale kernel machines", NeurIPS 2007. Document 004.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import RandomFeatures
    >>> X = np.random.default_rng(0).standard_normal((4, 3))
    >>> RandomFeatures(n_features=5, random_state=0, device="cpu").fit_transform(X).shape
    (4, 5)
    """

    _parameter_constraints = dict(_FEATURE_PARAMS)
    _sknnmath_test_params = {"n_features": 20, "device": "cpu"}
    _sknnmath_width_params = ("n_features",)

    def __init__(self, n_features=100, activation="relu", weights="sphere", bias=False,
                 random_state=None, device="auto"):
        self.n_features = n_features
        self.activation = activation
        self.weights = weights
        self.bias = bias
        self.random_state = random_state
        self.device = device

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Draw the random first layer for inputs of dimension ``X.shape[1]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
        y : ignored

        Returns
        -------
        self
        """
        X = validate_X(self, X, reset=True, min_samples=2)
        check_memory(_feature_peak_bytes(0, self.n_features, X.shape[1]),
                     f"n_features={self.n_features}: drawing the random first layer "
                     f"(d={X.shape[1]})")
        backend = self._resolve_backend()
        theta, b = _draw_first_layer(backend, self.n_features, X.shape[1], self.weights,
                                     self.bias, self.activation)
        self.weights_ = to_numpy(theta)
        self.bias_ = to_numpy(b)
        return self

    def transform(self, X):
        """Map X to the random features.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
            Input data.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_features)
            The random features sigma(X W^T + b).
        """
        check_is_fitted(self)
        X = validate_X(self, X)
        check_memory(_feature_peak_bytes(X.shape[0], self.n_features, 0)
                     + 8 * self.n_features * X.shape[1],
                     f"n_features={self.n_features}: the {X.shape[0]} x {self.n_features} "
                     f"random-feature matrix (peak: three arrays of that size)")
        dev = self._predict_device()
        Z = _features(as_tensor(X, dev), as_tensor(self.weights_, dev), as_tensor(self.bias_, dev),
                      self.activation)
        return to_numpy(Z)

    @property
    def _n_features_out(self):
        return self.n_features

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64"]
        tags.requires_fit = True
        return tags


class _RandomFeatureModel(TorchEstimatorMixin, SknnEstimator):
    """Shared fit machinery: draw features on the device, solve, store numpy arrays."""

    def _alpha_effective(self, n, d):
        if self.alpha_scaling == "mei-montanari":
            # (1/n)||y - Za||^2 + (N lam / d)||a||^2  ==  ||y - Za||^2 + (n N lam / d)||a||^2
            return float(self.alpha) * n * self.n_features / d
        return float(self.alpha)

    def _fit_targets(self, X, Y):
        backend = self._resolve_backend()
        Xt = backend.tensor(X)
        n, d = Xt.shape
        N = self.n_features
        k = 1 if np.ndim(Y) == 1 else np.shape(Y)[1]
        # peak: the draws and three (n, N) feature arrays, or the kept features, their centred
        # copy and the solver's own arrays, whichever is larger
        solve = 8 * n * N * (1 + int(self.fit_intercept)) + lstsq_memory(n, N, k, self.solver)
        check_memory(8 * 2 * N * d + max(_feature_peak_bytes(n, N, 0), solve),
                     f"n_features={N}: the random-feature fit (n={n}, d={d}; draws, {n} x {N} "
                     f"features and the least-squares solve)", self.max_memory)
        theta, b = _draw_first_layer(backend, self.n_features, d, self.weights, self.bias,
                                     self.activation)
        theta, b = theta.to(backend.device), b.to(backend.device)
        Z = _features(Xt, theta, b, self.activation)
        del Xt
        Yt = backend.tensor(Y)
        if Yt.ndim == 1:
            Yt = Yt[:, None]
        sol = lstsq(Z, Yt, alpha=self._alpha_effective(n, d), rcond=self.rcond,
                    solver=self.solver, fit_intercept=self.fit_intercept,
                    max_memory=self.max_memory)
        self.weights_ = to_numpy(theta)
        self.bias_ = to_numpy(b)
        self.coef_ = to_numpy(sol.coef).T
        self.intercept_ = to_numpy(sol.intercept)
        self.rank_ = int(sol.rank)
        self.norm_ = np.linalg.norm(self.coef_, axis=1)
        self.solver_ = sol.solver
        return self

    def _inference_row_bytes(self):
        # float64: the input row, the three feature-sized temporaries of _features, the outputs
        return 8 * (self.n_features_in_ + 3 * self.weights_.shape[0] + np.atleast_2d(self.coef_).shape[0])

    def _decision(self, X):
        check_is_fitted(self)
        X = validate_X(self, X)
        dev = self._predict_device()
        W, b = as_tensor(self.weights_, dev), as_tensor(self.bias_, dev)
        C = as_tensor(np.atleast_2d(self.coef_), dev)
        c0 = as_tensor(np.atleast_1d(self.intercept_), dev)
        return self._predict_in_chunks(lambda Xt: _features(Xt, W, b, self.activation) @ C.T + c0, X)


_MODEL_PARAMS = dict(
    _FEATURE_PARAMS,
    alpha=[Interval(Real, 0, None, closed="left")],
    alpha_scaling=[StrOptions({"none", "mei-montanari"})],
    fit_intercept=["boolean"],
    rcond=[Interval(Real, 0, None, closed="left"), None],
    solver=[StrOptions({"auto", "cholesky", "eigh", "svd"})],
    max_memory=[Interval(Integral, 1, None, closed="left"), None],
)

_COMMON_DOC = """
    Parameters
    ----------
    n_features : int, default=100
        Width N (number of random features). The interpolation threshold is
        N = n (the number of training samples): ridgeless risk diverges there.
    activation : {"relu", "tanh", "erf", "sigmoid", "cos"}, default="relu"
        Activation of the random layer.
    weights : {"sphere", "gaussian"}, default="sphere"
        theta_a uniform on the sphere of radius sqrt(d) (Mei–Montanari) or N(0, I_d).
    bias : bool, default=False
        Random biases in the first layer (see :class:`RandomFeatures`).
    alpha : float, default=0.0
        Ridge penalty of the second layer; 0 gives the min-norm interpolator.
    alpha_scaling : {"none", "mei-montanari"}, default="none"
        "none": minimise ||y - Z a||^2 + alpha ||a||^2. "mei-montanari":
        alpha is Mei & Montanari's lambda in (1/n)||y - Z a||^2 + (N lambda/d)
        ||a||^2, i.e. the penalty is multiplied by n N / d, so that
        :func:`mei_montanari_risk` with ``lam=alpha`` predicts the risk.
    fit_intercept : bool, default=False
        Unpenalised intercept (moves the threshold to N = n - 1).
    rcond : float or None, default=None
        Singular-value cutoff of the SVD route (None: max(n, N) eps).
    solver : {"auto", "cholesky", "eigh", "svd"}, default="auto"
        See :class:`MinNormInterpolator`.
    random_state : int, RandomState instance or None, default=None
        Seed of the random first layer (drawn on the CPU).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Device of the features and of the solve.
    max_memory : int or None, default=None
        Budget in bytes for the feature matrix and the solver (8 GiB if None).
"""


class RandomFeatureRegressor(RegressorMixin, _RandomFeatureModel):
    __doc__ = """Random-features regression: random first layer + min-norm / ridge second layer.

    f(x) = sum_a a_a sigma(<theta_a, x>/sqrt(d) + b_a), with the a_a from
    :class:`MinNormInterpolator` on the features (ridge with ``alpha > 0``).
    Its test error as a function of N/n shows double descent with the peak at
    N = n; :func:`mei_montanari_risk` gives the curve exactly in the
    proportional limit (x, theta on the sphere of radius sqrt(d)).
""" + _COMMON_DOC + """
    Attributes
    ----------
    weights_ : ndarray of shape (n_features, n_features_in_)
    bias_ : ndarray of shape (n_features,)
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Second-layer weights: (n_features,) for a 1-D y, one row per target otherwise
        (scikit-learn's linear-model convention).
    intercept_ : float or ndarray of shape (n_targets,)
        Scalar for a 1-D y.
    rank_ : int
        Numerical rank of the feature matrix.
    norm_ : float or ndarray of shape (n_targets,)
        ||a|| (per target).
    solver_ : str
        Route used by the solver.
    device_ : str
        Resolved device.
    n_features_in_ : int
        Input dimension d.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has string feature names.

    See Also
    --------
    RandomFeatures : the transformer alone (use it in a Pipeline).
    mei_montanari_risk : the asymptotic risk curve.

    References
    ----------
    S. Mei, A. Montanari (2022), arXiv:1908.05355. M. Belkin, D. Hsu, S. Ma,
    S. Mandal, "Reconciling modern machine-learning practice and the classical
    bias–variance trade-off", PNAS 2019. Document 004.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import RandomFeatureRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((30, 5)); y = X[:, 0]
    >>> est = RandomFeatureRegressor(n_features=200, random_state=0, device="cpu").fit(X, y)
    >>> bool(np.allclose(est.predict(X), y))    # N > n: interpolates
    True
    """

    _parameter_constraints = dict(_MODEL_PARAMS)
    _sknnmath_test_params = {"n_features": 400, "device": "cpu", "fit_intercept": True}
    _sknnmath_width_params = ("n_features",)

    def __init__(self, n_features=100, activation="relu", weights="sphere", bias=False, alpha=0.0,
                 alpha_scaling="none", fit_intercept=False, rcond=None, solver="auto",
                 random_state=None, device="auto", max_memory=None):
        self.n_features = n_features
        self.activation = activation
        self.weights = weights
        self.bias = bias
        self.alpha = alpha
        self.alpha_scaling = alpha_scaling
        self.fit_intercept = fit_intercept
        self.rcond = rcond
        self.solver = solver
        self.random_state = random_state
        self.device = device
        self.max_memory = max_memory

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Draw the random layer and solve for the output weights.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)

        Returns
        -------
        self
        """
        X, y = validate_X_y(self, X, y, multi_output=True, y_numeric=True, min_samples=2)
        # numeric strings ("1.5") are accepted, as by every other sknnmath regressor
        y = np.asarray(y, dtype=np.float64)
        self._y_1d = y.ndim == 1
        self._fit_targets(X, y)
        if self._y_1d:          # sklearn's convention: coef_ (n_features,), scalar intercept_
            self.coef_ = self.coef_[0]
            self.intercept_ = float(self.intercept_[0])
            self.norm_ = float(self.norm_[0])
        return self

    def predict(self, X):
        """Predict targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
            Input data.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predictions (1-D when ``y`` was 1-D at fit).
        """
        out = self._decision(X)
        return out[:, 0] if self._y_1d else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class RandomFeatureClassifier(ClassifierMixin, _RandomFeatureModel):
    __doc__ = """Random-features classifier: least-squares regression on +-1 class codes.

    Each class is a separate min-norm (or ridge) regression on shared random
    features with targets in {-1, +1} (one column for two classes), as in
    Belkin et al.'s random-Fourier-feature experiments; ``predict`` takes the
    argmax. The interpolation threshold is N = n. ``predict_proba`` clips the
    least-squares scores (not calibrated). ``sample_weight`` is not supported.
""" + _COMMON_DOC + """
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    weights_ : ndarray of shape (n_features, n_features_in_)
    bias_ : ndarray of shape (n_features,)
    coef_ : ndarray of shape (1 or n_classes, n_features)
    intercept_ : ndarray of shape (1 or n_classes,)
    rank_ : int
    norm_ : ndarray
    solver_ : str
    device_ : str
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has string feature names.

    See Also
    --------
    RandomFeatureRegressor, sklearn.linear_model.RidgeClassifier

    References
    ----------
    M. Belkin, D. Hsu, S. Ma, S. Mandal, PNAS 2019 (random Fourier features on
    MNIST). Document 004.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.overparam import RandomFeatureClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 2)); y = (X[:, 0] > 0).astype(int)
    >>> clf = RandomFeatureClassifier(n_features=100, random_state=0, device="cpu").fit(X, y)
    >>> clf.score(X, y)
    1.0
    """

    _parameter_constraints = dict(_MODEL_PARAMS)
    _sknnmath_test_params = {"n_features": 400, "device": "cpu", "fit_intercept": True}
    _sknnmath_width_params = ("n_features",)

    def __init__(self, n_features=100, activation="relu", weights="sphere", bias=False, alpha=0.0,
                 alpha_scaling="none", fit_intercept=False, rcond=None, solver="auto",
                 random_state=None, device="auto", max_memory=None):
        self.n_features = n_features
        self.activation = activation
        self.weights = weights
        self.bias = bias
        self.alpha = alpha
        self.alpha_scaling = alpha_scaling
        self.fit_intercept = fit_intercept
        self.rcond = rcond
        self.solver = solver
        self.random_state = random_state
        self.device = device
        self.max_memory = max_memory

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Draw the random layer and regress the +-1 class codes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        X, y = validate_X_y(self, X, y, min_samples=2)
        encode_classes(self, y)
        Y = LabelBinarizer(neg_label=-1, pos_label=1).fit(self.classes_).transform(y)
        return self._fit_targets(X, Y.astype(np.float64))

    def decision_function(self, X):
        """Scores of the +-1 least-squares regression.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
            Input data.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            1-D (positive means ``classes_[1]``) for two classes, else one column
            per class.
        """
        out = self._decision(X)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict_proba(self, X):
        """Class probabilities from the +-1 least-squares scores, clipped (not calibrated).

        Binary: ``P(classes_[1]) = clip((s + 1) / 2, 0, 1)`` for the score ``s`` of the
        +-1 regression. Multiclass: ``(s_j + 1) / 2`` clipped at 0 and normalised (a
        softmax in rows where none is positive). ``argmax`` equals ``predict``. Use
        :class:`sklearn.calibration.CalibratedClassifierCV` for calibrated probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return least_squares_proba((self.decision_function(X) + 1.0) / 2.0)

    def predict(self, X):
        """Predicted class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in)
            Input data.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]
