"""FourierSeriesClassifier and FourierSeriesRegressor (document 000 (Kawasumi & Yoneda), §2).

A truncated multiple Fourier series

    f_N(x) = sum_{k in Z^d, |k| < N} a_k cos(pi k.x / L) + b_k sin(pi k.x / L)

fitted by least squares, either in closed form (``solver="lstsq"``) or by
gradient descent on the squared error exactly as the document describes
(``solver="gd"``, through the package's training engine).
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, check_memory, to_numpy
from .._engine import train
from .._layers import make_linear
from .._linalg import least_squares_proba, lstsq
from ..callbacks import set_callback_attributes
from ..base import (
    SknnEstimator,
    TorchEstimatorMixin,
    device_constraint,
    encode_classes,
    validate_X,
    validate_X_y,
)
from ._theory import fourier_frequencies, max_frequencies

__all__ = ["FourierSeriesClassifier", "FourierSeriesRegressor", "fourier_feature_matrix"]

_SQRT2 = math.sqrt(2.0)
# n_frequencies="auto": document 000's N = 8, lowered to fit max_terms in high dimensions.
_AUTO_FREQUENCIES = 8


def fourier_feature_matrix(X, frequencies, half_width, orthonormal=True):
    """The real Fourier design matrix ``[cos(pi X k / L), sin(pi X k / L)]`` (torch).

    Columns: ``cos`` for every half-lattice vector (``k = 0`` first, the constant),
    then ``sin`` for every non-zero vector, so the number of columns is
    ``2 * len(frequencies) - 1``. With ``orthonormal=True`` the non-constant
    columns are multiplied by ``sqrt(2)``, which makes them orthonormal for the
    mean over a period cell: gradient descent on the mean squared error then
    follows the document's recursion ``a^{t+1} - a^inf = (1 - eta)(a^t - a^inf)``
    exactly on quadrature data, and the ridge / minimum-norm solutions minimise
    the ``L^2`` norm of the fitted function (Parseval), whatever the basis scaling.

    Parameters
    ----------
    X : torch.Tensor of shape (n_samples, d)
        Inputs (float64 recommended).
    frequencies : torch.Tensor or ndarray of shape (n_half, d)
        Half-lattice from :func:`fourier_frequencies` (zero vector first).
    half_width : float
        Half period ``L``.
    orthonormal : bool, default=True
        Scale non-constant columns by ``sqrt(2)``.

    Returns
    -------
    Phi : torch.Tensor of shape (n_samples, 2 * n_half - 1)

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §2.
    """
    K = torch.as_tensor(np.asarray(frequencies), dtype=X.dtype, device=X.device)
    h = K.shape[0]
    # Built transposed, so that the cos and sin blocks are contiguous; BLAS takes the
    # transposed view without a copy.
    Zt = (K * (math.pi / float(half_width))) @ X.T
    out = torch.empty((max(2 * h - 1, 0), X.shape[0]), dtype=X.dtype, device=X.device)
    torch.cos(Zt, out=out[:h])
    torch.sin(Zt[1:], out=out[h:])
    if orthonormal and h > 1:
        out[1:].mul_(_SQRT2)
    return out.T


def _empirical_characteristic_table(X, bound, half_width, weights=None, block_elements=2**22):
    """T_r[q] = sum_i w_ir exp(i pi q.x_i / L) on the half box of integer vectors q.

    The half box is ``0 <= q_1 <= bound`` and ``|q_j| <= bound`` for ``j >= 2``; the other
    half follows from ``T(-q) = conj(T(q))`` (real weights). Built as a Khatri-Rao product of
    per-coordinate powers followed by one matrix product, so the cost is about
    ``n (bound + 1) (2 bound + 1)^{d-1}`` complex operations per weight column. Row
    ``r = 0`` uses unit weights, rows ``1..`` the columns of ``weights``. The flat index of
    ``q`` is ``sum_j q_j M^{d-1-j} + bound * sum_{j>=2} M^{d-1-j}`` with ``M = 2 bound + 1``.

    Returns
    -------
    table : complex tensor of shape (1 + n_weights, (bound + 1) * M^(d-1))
    """
    n, d = X.shape
    M = 2 * bound + 1
    scale = math.pi / half_width
    m_full = torch.arange(-bound, bound + 1, dtype=X.dtype, device=X.device) * scale
    m_half = torch.arange(0, bound + 1, dtype=X.dtype, device=X.device) * scale
    cdtype = torch.complex128 if X.dtype == torch.float64 else torch.complex64
    ones = torch.ones((n, 1), dtype=X.dtype, device=X.device)
    Wt = ones if weights is None else torch.cat([ones, weights.to(X.dtype)], dim=1)   # (n, r)
    r = Wt.shape[1]
    # Put the half axis (coordinate 1) first in the Khatri-Rao product and the last coordinate
    # in the matrix product; d = 1 is a plain weighted sum.
    head = (bound + 1) * M ** (d - 2) if d > 1 else bound + 1
    table = torch.zeros((r, head, M if d > 1 else 1), dtype=cdtype, device=X.device)
    rows = max(1, block_elements // (r * head))
    for start in range(0, n, rows):
        Xc = X[start:start + rows]
        P = []
        for j in range(d):
            ang = Xc[:, j:j + 1] * (m_half if j == 0 else m_full)[None, :]
            P.append(torch.complex(torch.cos(ang), torch.sin(ang)))   # polar() is far slower
        kr = P[0][None, :, :] * Wt[start:start + rows].T[:, :, None]      # (r, c, bound + 1)
        if d == 1:
            table[:, :, 0] += kr.sum(dim=1)
            continue
        for j in range(1, d - 1):
            kr = (kr[:, :, :, None] * P[j][None, :, None, :]).reshape(r, Xc.shape[0], -1)
        table += kr.transpose(1, 2) @ P[-1]
    return table.reshape(r, -1)


def _half_box_lookup(C, S, raw_code, offset_rest):
    """Real and imaginary parts of T at vectors q given by their linear (mixed-radix) code.

    The code of q is negative exactly when its first non-zero coordinate is negative; such
    vectors are read at ``-q`` (code negated), with the imaginary part negated.
    """
    idx = raw_code.abs().add_(offset_rest)
    return C.take(idx), S.take(idx).mul_(raw_code.sign().to(S.dtype))


def fourier_gram(X, frequencies, half_width, Y=None):
    """Gram matrix ``Psi^T Psi`` of the orthonormal Fourier features, from sums of exponentials.

    The entries only depend on the empirical characteristic function at the sum and
    difference frequencies ``k + k'`` and ``k - k'`` (``cos a cos b = (cos(a-b) +
    cos(a+b))/2`` etc.), which is tabulated once in ``O(n (4N)^d)`` instead of the
    ``O(n p^2)`` of a dense product (``p ~ N^d`` terms). Used by ``solver="lstsq"``.

    Parameters
    ----------
    X : torch.Tensor of shape (n_samples, d)
    frequencies : ndarray of shape (n_half, d)
        Half-lattice, zero vector first.
    half_width : float
    Y : torch.Tensor of shape (n_samples, n_outputs) or None
        Also return ``Psi^T Y`` (from weighted sums of exponentials).

    Returns
    -------
    G : torch.Tensor of shape (2 n_half - 1, 2 n_half - 1)
    PsiTY : torch.Tensor of shape (2 n_half - 1, n_outputs)
        Only when ``Y`` is given.

    Examples
    --------
    >>> import torch
    >>> from sknnmath.fourier import fourier_frequencies
    >>> from sknnmath.fourier._fourier import fourier_feature_matrix, fourier_gram
    >>> X = torch.rand(50, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    >>> f = fourier_frequencies(4, 2)
    >>> Psi = fourier_feature_matrix(X, f, 1.5)
    >>> bool(torch.allclose(fourier_gram(X, f, 1.5), Psi.T @ Psi, atol=1e-10))
    True
    """
    freqs = np.asarray(frequencies, dtype=np.int64)
    h, d = freqs.shape
    kmax = int(np.abs(freqs).max()) if h > 1 else 0
    bound = 2 * kmax
    M = 2 * bound + 1
    table = _empirical_characteristic_table(X, bound, float(half_width))[0]
    K = torch.as_tensor(freqs, device=X.device)
    weights = M ** torch.arange(d - 1, -1, -1, device=X.device)
    offset_rest = int(bound * weights[1:].sum()) if d > 1 else 0
    code = (K * weights).sum(dim=1)             # linear code of k (offset added on lookup)
    C, S = table.real.contiguous(), table.imag.contiguous()
    Cm, Sm = _half_box_lookup(C, S, code[:, None] - code[None, :], offset_rest)
    Cp, Sp = _half_box_lookup(C, S, code[:, None] + code[None, :], offset_rest)
    w = torch.full((h,), _SQRT2, dtype=X.dtype, device=X.device)
    w[0] = 1.0
    p = 2 * h - 1
    G = torch.empty((p, p), dtype=X.dtype, device=X.device)
    G[:h, :h] = torch.add(Cm, Cp).mul_(0.5 * w[:, None] * w[None, :])
    if h > 1:
        G[h:, h:] = torch.sub(Cm[1:, 1:], Cp[1:, 1:])
        cs = torch.sub(Sp[:, 1:], Sm[:, 1:]).mul_((0.5 * _SQRT2) * w[:, None])  # <cos_k, sin_k'>
        G[:h, h:] = cs
        G[h:, :h] = cs.T
    if Y is None:
        return G
    # Psi^T Y needs T_y only at the half-lattice vectors k themselves (k_1 >= 0): a small table.
    My = 2 * kmax + 1
    wy = My ** torch.arange(d - 1, -1, -1, device=X.device)
    code_y = (K * wy).sum(dim=1) + (int(kmax * wy[1:].sum()) if d > 1 else 0)
    Ty = _empirical_characteristic_table(X, kmax, float(half_width), weights=Y)[1:, code_y].T
    B = torch.cat([w[:, None] * Ty.real, _SQRT2 * Ty.imag[1:]], dim=0)
    return G, B


def _structured_gram_pays(n, d, n_half, n_freq):
    """Whether the characteristic-table Gram is cheaper than a dense product."""
    M = 4 * n_freq - 3
    p = 2 * n_half - 1
    return M ** d <= 2**24 and n * M ** d * 8 < n * p * p


class _BaseFourierSeries(TorchEstimatorMixin, SknnEstimator):
    """Shared machinery: frequencies, design matrix, solvers, prediction."""

    _parameter_constraints = {
        "n_frequencies": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "truncation": [StrOptions({"spherical", "cubic"})],
        "half_width": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "solver": [StrOptions({"lstsq", "gd"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"zeros", "random"})],
        "max_terms": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "callbacks": [list, None],
    }
    _sknnmath_width_params = ("n_frequencies",)

    def __init__(self, n_frequencies="auto", *, truncation="spherical", half_width="auto",
                 solver="lstsq", alpha=0.0, learning_rate=0.5, max_iter=200, init="zeros",
                 max_terms=100_000, random_state=None, device="auto", callbacks=None):
        self.n_frequencies = n_frequencies
        self.truncation = truncation
        self.half_width = half_width
        self.solver = solver
        self.alpha = alpha
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.init = init
        self.max_terms = max_terms
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks

    # -- fitting --------------------------------------------------------------------------
    def _auto_half_width(self, X):
        # Smallest L whose period 2L exceeds the data range in every coordinate, so that no
        # two training points are identified by the periodisation (the span of the basis is
        # translation invariant, so the cell need not be centred on the data).
        half_range = float(np.max(X.max(axis=0) - X.min(axis=0))) / 2.0 if X.size else 0.0
        if not np.isfinite(half_range) or half_range <= 0:
            return 1.0
        return half_range * (1.0 + 1e-6)

    def _fit_targets(self, X, Y):
        """Fit the series to a 2-D target matrix Y (n_samples, n_outputs)."""
        be = self._resolve_backend(dtype=torch.float64)
        n, d = X.shape
        self.half_width_ = (self._auto_half_width(X) if isinstance(self.half_width, str)
                            else float(self.half_width))
        if self.n_frequencies == "auto":
            N = min(_AUTO_FREQUENCIES, max_frequencies(d, self.max_terms, self.truncation))
        else:
            N = int(self.n_frequencies)
        self.n_frequencies_ = N
        freqs = fourier_frequencies(N, d, self.truncation, self.max_terms)
        p = 2 * len(freqs) - 1
        check_memory(8 * n * p, f"The {n} x {p} Fourier design matrix")
        self.frequencies_ = freqs
        self.n_terms_ = p
        Xt = as_tensor(X, be.device, torch.float64)
        Yt = as_tensor(Y, be.device, torch.float64)

        def psi():
            return fourier_feature_matrix(Xt, freqs, self.half_width_)

        if self.solver == "lstsq":
            # Gram matrix (primal) or kernel matrix (dual) plus a few work arrays of that size.
            side = min(n, p)
            check_memory(8 * 6 * side * side, f"The {side} x {side} normal-equation matrix")
            # the objective (1/n) 0.5 ||Y - Psi W||^2 + 0.5 alpha ||W||^2 is the solver's
            # sum-of-squares ridge with penalty n * alpha
            lam = float(self.alpha) * n
            if p <= n and _structured_gram_pays(n, d, len(freqs), int(np.abs(freqs).max()) + 1):
                sol = lstsq(psi, Yt, alpha=lam,
                            gram_matrix=fourier_gram(Xt, freqs, self.half_width_, Yt))
            else:
                sol = lstsq(psi(), Yt, alpha=lam)
            W = sol.coef
            self.solver_method_ = sol.solver + ("-dual" if sol.dual and sol.solver != "svd" else "")
            self.n_iter_ = 1                                    # one direct solve
            self.loss_curve_ = None
        else:
            module = make_linear(p, Y.shape[1], bias=False, dtype=torch.float64,
                                 device=be.device)
            with torch.no_grad():
                if self.init == "zeros":
                    module.weight.zero_()
                else:
                    module.weight.copy_(0.01 * be.randn(Y.shape[1], p))
            res = train(module, psi(), Yt, loss="squared_error", solver="sgd",
                        learning_rate=self.learning_rate, max_iter=self.max_iter,
                        batch_size="full", alpha_l2=self.alpha, generator=be.generator,
                        callbacks=self.callbacks)
            set_callback_attributes(self, self.callbacks)  # e.g. GradientNormRecorder
            W = module.weight.detach().T
            self.solver_method_ = "gd"
            self.n_iter_ = int(res.n_iter)
            self.loss_curve_ = list(res.loss_curve)
        scale = torch.full((p, 1), _SQRT2, dtype=torch.float64, device=W.device)
        scale[0] = 1.0
        self._coef_2d = to_numpy(W * scale).T.copy()          # (n_outputs, p), natural basis
        return self

    # -- prediction -----------------------------------------------------------------------
    def _inference_row_bytes(self):
        # float64: the input row, the angles k.x (n_half) and the feature row (n_terms), the outputs
        return 8 * (self.n_features_in_ + 2 * self.n_terms_ + self._coef_2d.shape[0])

    def _raw_predict(self, X):
        check_is_fitted(self, "frequencies_")
        X = validate_X(self, X)
        coef = torch.as_tensor(self._coef_2d.T, dtype=torch.float64, device=self._predict_device())

        def features_times_coef(Xt):
            Phi = fourier_feature_matrix(Xt, self.frequencies_, self.half_width_, orthonormal=False)
            return Phi @ coef

        return self._predict_in_chunks(features_times_coef, X)


_COMMON_DOC = """
    Parameters
    ----------
    n_frequencies : int or "auto", default="auto"
        ``N``: frequencies with ``|k| < N`` (or ``max|k_i| < N``). The number of real
        basis functions, ``n_terms_``, grows like ``N^d`` (193 for ``N = 8``, ``d = 2``).
        ``"auto"`` is document 000's ``N = 8`` when its term count fits ``max_terms``, else
        the largest ``N`` that does (:func:`max_frequencies`; e.g. 7 terms-wise in 5
        dimensions, 3 in 8, 2 in 10 with the default ``max_terms``), so the default works in
        any dimension. The value used is ``n_frequencies_``.
    truncation : {"spherical", "cubic"}, default="spherical"
        ``|k| < N`` as in the document, or ``max_i |k_i| < N``.
    half_width : float or "auto", default="auto"
        Half period ``L`` of the basis ``cos(pi k.x / L)``. The document's printed basis
        ``cos(k pi . x)`` is ``L = 1`` (period 2), which is too short for its data on
        ``[-1.5, 1.5]^2``; ``"auto"`` takes the smallest ``L`` that puts the training data
        strictly inside one period (half the largest coordinate range, times ``1 + 1e-6``).
    solver : {"lstsq", "gd"}, default="lstsq"
        ``"lstsq"``: closed form (float64 normal equations by Cholesky, the dual form when
        there are more terms than samples, an SVD when singular; the minimum-norm solution
        when the fit is not unique). ``"gd"``: full-batch gradient descent on the mean
        squared error, as in the document; from ``init="zeros"`` it converges to the
        minimum-norm least-squares solution.
    alpha : float, default=0.0
        Ridge penalty: the objective is ``(1/n) sum_i 0.5 ||y_i - f(x_i)||^2 +
        0.5 * alpha * ||w||^2`` where ``w`` are the coefficients in the orthonormal scaling
        (``||w||^2`` is the mean square of ``f`` over a period, by Parseval).
    learning_rate : float, default=0.5
        Step ``eta`` of ``solver="gd"`` (``eta`` in (0, 1) in the document; in the
        orthonormal scaling every coefficient then contracts by ``1 - eta`` per step on
        quadrature data). On random samples gradient descent is stable only for
        ``eta < 2 / lambda_max(Psi^T Psi / n)``, and ``lambda_max`` exceeds 1 (about 1.8 for
        ``N = 8`` with period 3 and 2.9 with period 2 on document 000's data; it grows with
        ``N``); a diverging run raises ``FloatingPointError``.
    max_iter : int, default=200
        Gradient-descent steps (epochs) for ``solver="gd"``.
    init : {"zeros", "random"}, default="zeros"
        Initial coefficients for ``solver="gd"`` (random: N(0, 0.01^2) in the orthonormal
        scaling, from ``random_state``).
    max_terms : int, default=100000
        Refuse (ValueError stating the count) more basis functions than this.
    random_state : int, RandomState instance or None, default=None
        Seed of ``init="random"``.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where the design matrix and the solver run (float64 everywhere).
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks for ``solver="gd"`` (e.g.
        :class:`~sknnmath.callbacks.GradientNormRecorder`); ignored by ``"lstsq"``.
"""

_COMMON_ATTRS = """
    n_frequencies_ : int
        The ``N`` used (resolves ``"auto"``).
    intercept_ : float or ndarray of shape (n_outputs,)
        Always zero: the constant basis function is part of the series (``coef_[..., 0]``);
        present for scikit-learn's linear-model convention.
    frequencies_ : ndarray of shape (n_half, n_features_in_)
        Half-lattice of frequency vectors (zero vector first; each ``+-k`` once).
    coef_ : ndarray
        Coefficients in the natural basis: the first ``n_half`` entries multiply
        ``cos(pi k.x / L)`` for ``k`` in ``frequencies_``, the remaining ``n_half - 1``
        multiply ``sin(pi k.x / L)`` for the non-zero ``k``. For the exact ball these are
        ``c_0`` and ``2 c_k`` (:func:`ball_fourier_coefficient`) and zero sines.
    n_terms_ : int
        Number of real basis functions ``2 n_half - 1``.
    half_width_ : float
        The half period used.
    solver_method_ : str
        ``"cholesky"``, ``"cholesky-dual"``, ``"svd"`` or ``"gd"``.
    n_iter_ : int
        Gradient-descent steps run (1 for ``"lstsq"``: one direct solve).
    loss_curve_ : list of float or None
        Training loss per step for ``"gd"`` (None for ``"lstsq"``).
    device_ : str
        Device used for fitting.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.
"""

_REFS = """
    References
    ----------
    .. [1] R. Kawasumi and T. Yoneda, document 000 (Japanese), §2: Fourier
       coefficients fitted by gradient descent on least squares, and the Parseval argument.
    .. [2] R. Kawasumi and T. Yoneda, "Pointwise convergence of Fourier series and deep
       neural network for the indicator function of d-dimensional ball",
       arXiv:2304.08172.
"""


class FourierSeriesRegressor(RegressorMixin, _BaseFourierSeries):
    __doc__ = (
        """Truncated multiple Fourier series fitted by least squares or gradient descent.

    ``f_N(x) = sum_{k in Z^d, |k| < N} a_k cos(pi k.x / L) + b_k sin(pi k.x / L)``
    over a half-lattice of ``k`` (constant term included). ``sample_weight`` is not
    supported.
"""
        + _COMMON_DOC
        + """
    Attributes
    ----------"""
        + _COMMON_ATTRS
        + """
    See Also
    --------
    FourierSeriesClassifier : the same series on one-hot targets.
    ball_fourier_coefficient : exact coefficients of a ball indicator.
"""
        + _REFS
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.fourier import FourierSeriesRegressor
    >>> X = np.linspace(-1, 1, 50)[:, None]
    >>> y = np.cos(np.pi * X[:, 0])
    >>> reg = FourierSeriesRegressor(n_frequencies=3, half_width=1.0, device="cpu").fit(X, y)
    >>> round(reg.score(X, y), 6)
    1.0
""")

    _sknnmath_test_params = {"n_frequencies": 2, "device": "cpu"}

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the coefficients.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : FourierSeriesRegressor
        """
        X, y = validate_X_y(self, X, y, multi_output=True, y_numeric=True)
        y = np.asarray(y, dtype=np.float64)
        self._y_1d = y.ndim == 1
        self._fit_targets(X, y.reshape(-1, 1) if y.ndim == 1 else y)
        self.coef_ = self._coef_2d[0] if self._y_1d else self._coef_2d
        self.intercept_ = 0.0 if self._y_1d else np.zeros(y.shape[1])
        return self

    def predict(self, X):
        """Evaluate the fitted series.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        out = self._raw_predict(X)
        return out[:, 0] if self._y_1d else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class FourierSeriesClassifier(ClassifierMixin, _BaseFourierSeries):
    __doc__ = (
        """Fourier-series classifier: least squares on 0/1 (one-hot) targets.

    The series of :class:`FourierSeriesRegressor` is fitted to the target ``1`` on
    the positive class and ``0`` elsewhere (binary; threshold 0.5), or to one-hot
    targets (multiclass; arg-max), as in document 000's Fig. 1 experiment.
    ``predict_proba`` clips these least-squares scores (not calibrated). ``sample_weight``
    is not supported.
"""
        + _COMMON_DOC
        + """
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels."""
        + _COMMON_ATTRS
        + """
    See Also
    --------
    FourierSeriesRegressor : the underlying regression.
    sknnmath.neural_network.MLPClassifier : the "DNN" side of the document's comparison.
"""
        + _REFS
        + """
    Examples
    --------
    >>> from sknnmath.datasets import make_ball
    >>> from sknnmath.fourier import FourierSeriesClassifier
    >>> X, y = make_ball(2000, random_state=0)
    >>> Xt, yt = make_ball(2000, random_state=1)
    >>> clf = FourierSeriesClassifier(n_frequencies=8, half_width=1.5, device="cpu")
    >>> clf.fit(X, y).score(Xt, yt) > 0.97
    True
""")

    _sknnmath_test_params = {"n_frequencies": 2, "device": "cpu"}

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the coefficients to 0/1 or one-hot targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training inputs.
        y : array-like of shape (n_samples,)
            Class labels (two or more classes).

        Returns
        -------
        self : FourierSeriesClassifier
        """
        X, y = validate_X_y(self, X, y)
        y_enc = encode_classes(self, y)
        n_classes = len(self.classes_)
        if n_classes == 2:
            Y = y_enc.astype(np.float64).reshape(-1, 1)
        else:
            Y = np.eye(n_classes)[y_enc]
        self._fit_targets(X, Y)
        # scikit-learn's linear-classifier convention: (1, n_terms) for two classes
        self.coef_ = self._coef_2d
        self.intercept_ = np.zeros(self._coef_2d.shape[0])
        return self

    def predict_proba(self, X):
        """Class probabilities from the least-squares scores, clipped (not calibrated).

        Binary: ``P(classes_[1]) = clip(f(x), 0, 1)`` for the series ``f`` fitted to the
        0/1 target. Multiclass: the one-hot regression outputs clipped at 0 and normalised
        (a softmax of the outputs in the rare rows where none is positive). ``argmax``
        of the probabilities is always ``predict``. Use
        :class:`sklearn.calibration.CalibratedClassifierCV` for calibrated probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        out = self._raw_predict(X)
        return least_squares_proba(out[:, 0] if len(self.classes_) == 2 else out)

    def decision_function(self, X):
        """Series value minus 0.5 (binary) or the one-hot regression outputs (multiclass).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Positive scores predict ``classes_[1]`` in the binary case.
        """
        out = self._raw_predict(X)
        if len(self.classes_) == 2:
            return out[:, 0] - 0.5
        return out

    def predict(self, X):
        """Predict class labels (threshold 0.5, or arg-max).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(np.int64)]
        return self.classes_[np.argmax(scores, axis=1)]
