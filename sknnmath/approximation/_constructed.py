"""Constructed (not trained) networks of documents 002 §II.C and 004 as scikit-learn regressors.

``fit`` builds the weights of a real network from the data in closed form;
the fitted estimator holds ``coefs_`` / ``intercepts_`` (scikit-learn's layout,
``(fan_in, fan_out)``) and predicts through the package's one MLP builder, so
``to_mlp()`` returns a fitted :class:`~sknnmath.neural_network.MLPRegressor`
with identical predictions — the constructions are networks, not formulas
that look like them.
"""

from __future__ import annotations

import copy
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import check_memory
from .._layers import ACTIVATIONS, Activation, register_activation
from ..base import SknnEstimator, device_constraint, validate_X, validate_X_y

__all__ = ["StepNetworkRegressor", "ReLUInterpolator", "YarotskySquare"]


def _torch_step(z):
    # ``+ 0 * z`` keeps the result in the autograd graph with the a.e. derivative 0
    # (a bare comparison would refuse backward)
    return (z >= 0).to(z.dtype) + 0 * z


if "step" not in ACTIVATIONS:
    # Document 002's σ_step(x) = 1 for x ≥ 0, 0 otherwise: the w → ∞ limit of the
    # sigmoid. Registered into the one activation registry (it has no useful
    # gradient, so it is for constructed networks, not for training).
    register_activation(Activation(
        "step", _torch_step, lambda g: (np.asarray(g) >= 0).astype(np.float64), 1.0, -1,
        lambda z: torch.zeros_like(z),
        description="Heaviside step 1{z >= 0} (document 002's zero-temperature Fermi function)"))

# Bytes of float64 weights a constructed network may hold before ``fit`` refuses.
_MAX_NETWORK_BYTES = 2 * 1024**3


def _fitted_mlp(coefs, intercepts, activation, n_features_in, y_1d, device):
    """A fitted :class:`~sknnmath.neural_network.MLPRegressor` holding the given weights.

    ``coefs[l]`` has shape ``(fan_in, fan_out)`` (scikit-learn's layout). The
    MLP's own skeleton builds the module (the package's MLP builder, float64) and
    stores its state dict, exactly what a trained ``MLPRegressor`` would hold.
    """
    from ..neural_network import MLPRegressor

    hidden = tuple(int(W.shape[1]) for W in coefs[:-1])
    mlp = MLPRegressor(hidden_layer_sizes=hidden, activation=activation, device=device)
    mlp._set_weights(coefs, intercepts)
    mlp.device_ = str(device)
    mlp._y_1d = bool(y_1d)
    return mlp


def _principal_direction(X):
    """Unit direction onto which distinct rows of ``X`` are projected (1-D: ``+1``).

    The first right singular vector of the centred data, signed so that its
    largest component is positive (deterministic).
    """
    if X.shape[1] == 1:
        return np.ones(1)
    Xc = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    a = vt[0] if vt.size else np.eye(X.shape[1])[0]
    return a * np.sign(a[np.argmax(np.abs(a))])


def _unique_knots(t, Y):
    """Sorted unique knots of ``t`` and the mean target at each (duplicates averaged)."""
    knots, inv = np.unique(t, return_inverse=True)
    vals = np.zeros((len(knots), Y.shape[1]))
    np.add.at(vals, inv, Y)
    vals /= np.bincount(inv, minlength=len(knots))[:, None]
    return knots, vals


class _ConstructedNetwork(RegressorMixin, SknnEstimator):
    """Shared fit / predict / ``to_mlp`` of the constructed networks."""

    _sknnmath_xfail_checks: dict = {}

    def _construct(self, X, Y):  # pragma: no cover - abstract
        raise NotImplementedError

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Build the network from the data (closed form, no training).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = validate_X_y(self, X, y, multi_output=True, y_numeric=True,
                            dtype=(np.float64,))
        y = np.asarray(y, dtype=np.float64)
        self._resolve_backend()
        self._y_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        coefs, intercepts = self._construct(X, Y)
        n_bytes = 8 * sum(W.size + b.size for W, b in zip(coefs, intercepts))
        check_memory(n_bytes, f"{type(self).__name__}'s constructed network", _MAX_NETWORK_BYTES)
        self.coefs_ = [np.asarray(W, dtype=np.float64) for W in coefs]
        self.intercepts_ = [np.asarray(b, dtype=np.float64) for b in intercepts]
        self.hidden_layer_sizes_ = tuple(W.shape[1] for W in coefs[:-1])
        self.n_params_ = int(sum(W.size + b.size for W, b in zip(coefs, intercepts)))
        self.network_ = _fitted_mlp(self.coefs_, self.intercepts_, self._activation_name(),
                                    X.shape[1], self._y_1d, self.device_)
        return self

    def _activation_name(self):
        return "relu"

    def to_mlp(self):
        """The constructed network as a fitted :class:`~sknnmath.neural_network.MLPRegressor`.

        Returns
        -------
        MLPRegressor
            A copy with the same weights; its ``predict`` equals this estimator's.
        """
        check_is_fitted(self)
        return copy.deepcopy(self.network_)

    def predict(self, X):
        """Evaluate the constructed network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Network outputs (float64).
        """
        check_is_fitted(self)
        X = validate_X(self, X, dtype=(np.float64,))
        out = np.asarray(self.network_.predict(X), dtype=np.float64)
        if out.ndim == 1:
            out = out.reshape(-1, 1)
        return out.ravel() if self._y_1d else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def _check_steepness(steepness, n_steps):
    if isinstance(steepness, str):
        return 200.0 * max(n_steps, 1)
    return float(steepness)


class StepNetworkRegressor(_ConstructedNetwork):
    """Nielsen's / Leshno et al.'s sigmoid-step network (documents 002 §II.C and 004).

    One hidden layer of ``N`` sigmoid units of steepness ``w`` placed at the
    midpoints between consecutive knots ``s_0 < … < s_N``; the output weights
    are the height differences, so

    ``g(t) = v_0 + Σ_{k=1}^{N} (v_k − v_{k−1}) σ(w (t − (s_{k−1} + s_k)/2) / (s_N − s_0))``

    — the telescoping form of document 004's "two units make a rectangle
    ``σ(a(x+b)) − σ(a(x+b'))``, ``2J`` units make a staircase". With
    ``activation="step"`` the units are document 002's exact steps
    ``1{z ≥ 0}``. For an ``L``-Lipschitz target on equispaced knots the sup
    error is ``O(L/N)`` once ``w ≫ N`` (the default ``w = 200 N``).

    ``steepness`` is measured in units of the knot range, so it does not depend
    on the scale of ``X``. In one dimension ``t = x``; with several features the
    points are first projected on their principal direction (``t = a·x``), which
    makes the network exact on the training sample in any dimension but an
    approximation of ``f`` only along that direction (the theorem is 1-D).

    Parameters
    ----------
    n_steps : int or None, default=None
        ``None``: the distinct training points are the knots and their targets
        the heights (duplicates averaged). An int ``N``: equispaced knots over the
        training range and heights by least squares on the unit outputs
        (for ``"step"``: the mean target of each cell).
    steepness : float or "auto", default="auto"
        ``w``; ``"auto"`` is ``200 N``.
    activation : {"sigmoid", "step"}, default="sigmoid"
        Hidden unit.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where the network is evaluated.

    Attributes
    ----------
    coefs_ : list of ndarray
        ``[(n_features, N), (N, n_outputs)]``.
    intercepts_ : list of ndarray
        ``[(N,), (n_outputs,)]``.
    knots_ : ndarray of shape (N + 1,)
        Knots in the projected coordinate.
    direction_ : ndarray of shape (n_features,)
        Projection direction (``[1.]`` in one dimension).
    steepness_ : float
        The steepness used.
    hidden_layer_sizes_ : tuple of int
        ``(N,)``.
    n_params_ : int
        Number of weights and biases.
    network_ : MLPRegressor
        The network (see :meth:`to_mlp`).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    device_ : str
        Resolved device.

    See Also
    --------
    ReLUInterpolator : The piecewise-linear (ReLU) counterpart, error ``O(h²)``.
    sknnmath.approximation.sigmoid_step_approximant : The closed form.

    References
    ----------
    .. [1] M. Nielsen, "Neural Networks and Deep Learning", ch. 4 (2015);
       A. Tomiya, document 002 §II.C.
    .. [2] M. Leshno, V. Lin, A. Pinkus and S. Schocken, "Multilayer feedforward
       networks with a nonpolynomial activation function can approximate any
       function", Neural Networks 6 (1993); document 004.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.approximation import StepNetworkRegressor
    >>> X = np.linspace(0, 1, 65).reshape(-1, 1)
    >>> net = StepNetworkRegressor(device="cpu").fit(X, np.sin(3 * X.ravel()))
    >>> net.hidden_layer_sizes_
    (64,)
    >>> x = np.linspace(0, 1, 2001).reshape(-1, 1)
    >>> bool(np.abs(net.predict(x) - np.sin(3 * x.ravel())).max() < 3 / 64)
    True
    >>> bool(np.allclose(net.to_mlp().predict(x), net.predict(x), rtol=0, atol=0))
    True
    """

    _parameter_constraints = {
        "n_steps": [Interval(Integral, 1, None, closed="left"), None],
        "steepness": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "activation": [StrOptions({"sigmoid", "step"})],
        "device": device_constraint(),
    }
    _sknnmath_test_params = {"device": "cpu"}
    _sknnmath_width_params = ("n_steps",)

    def __init__(self, n_steps=None, *, steepness="auto", activation="sigmoid", device="auto"):
        self.n_steps = n_steps
        self.steepness = steepness
        self.activation = activation
        self.device = device

    def _activation_name(self):
        return self.activation

    def _unit_outputs(self, t, centres, scale, w):
        z = (t[:, None] - centres[None, :]) / scale
        if self.activation == "step":
            return (z >= 0).astype(np.float64)
        return 1.0 / (1.0 + np.exp(-np.clip(w * z, -700, 700)))

    def _construct(self, X, Y):
        a = _principal_direction(X)
        mu = X.mean(axis=0) if X.shape[1] > 1 else np.zeros(1)
        t = (X - mu) @ a
        if self.n_steps is None:
            knots, vals = _unique_knots(t, Y)
        else:
            knots = np.linspace(t.min(), t.max(), self.n_steps + 1)
            vals = None
        N = max(len(knots) - 1, 1)
        scale = (knots[-1] - knots[0]) if len(knots) > 1 else 1.0
        w = _check_steepness(self.steepness, N)
        centres = (knots[:-1] + knots[1:]) / 2 if len(knots) > 1 else knots[:1] + 1.0
        if vals is not None:
            heights = np.diff(vals, axis=0) if len(knots) > 1 else np.zeros((1, Y.shape[1]))
            bias = vals[0]
        else:
            from .._linalg import lstsq

            Phi = self._unit_outputs(t, centres, scale, w)
            res = lstsq(torch.tensor(Phi), torch.tensor(Y), fit_intercept=True)
            heights = res.coef.numpy()
            bias = res.intercept.numpy().reshape(-1)
        # first layer: z_k = w (a·(x − μ) − c_k) / scale ; "step" ignores the scale factor w
        gain = (w if self.activation == "sigmoid" else 1.0) / scale
        W1 = np.outer(a, np.full(N, gain))
        b1 = -gain * (mu @ a + centres)
        self.knots_ = knots
        self.direction_ = a
        self.steepness_ = w
        return [W1, heights], [b1, bias]


class ReLUInterpolator(_ConstructedNetwork):
    """The exact piecewise-linear interpolant as a one-hidden-layer ReLU network.

    On knots ``s_0 < … < s_N`` with values ``v_k`` and slopes
    ``m_k = (v_k − v_{k−1}) / (s_k − s_{k−1})`` (``m_0 = m_{N+1} = 0``),

    ``g(t) = v_0 + Σ_{k=0}^{N} (m_{k+1} − m_k) ReLU(t − s_k)``

    interpolates exactly and is constant outside ``[s_0, s_N]``. For a
    ``C²`` target on equispaced knots of spacing ``h``,
    ``‖g − f‖∞ ≤ h² ‖f''‖∞ / 8`` (attained for ``sin``, see the tests): the
    ``O(W^{−2})`` rate of document 004 for ``β = 2``, ``d = 1``.

    With several features the points are projected on their principal
    direction first, ``t = a·(x − x̄)``: the network then interpolates any
    sample of distinct points with ``N + 1`` ReLU units (the memorisation
    construction of Zhang et al. 2017), but approximates ``f`` only along
    ``a``; the error bound is a 1-D theorem.

    Parameters
    ----------
    n_knots : int or None, default=None
        ``None``: the distinct training points are the knots (duplicates
        averaged). An int: equispaced knots over the training range, values by
        least squares (a linear regression spline).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where the network is evaluated.

    Attributes
    ----------
    coefs_ : list of ndarray
        ``[(n_features, N + 1), (N + 1, n_outputs)]``.
    intercepts_ : list of ndarray
        ``[(N + 1,), (n_outputs,)]``.
    knots_ : ndarray of shape (N + 1,)
        Knots in the projected coordinate.
    knot_values_ : ndarray of shape (N + 1, n_outputs)
        Values at the knots.
    direction_ : ndarray of shape (n_features,)
        Projection direction.
    hidden_layer_sizes_ : tuple of int
        ``(N + 1,)``.
    n_params_ : int
        Number of weights and biases.
    network_ : MLPRegressor
        The network (see :meth:`to_mlp`).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    device_ : str
        Resolved device.

    See Also
    --------
    StepNetworkRegressor : Sigmoid steps, error ``O(h)``.
    YarotskySquare : A deep ReLU network with exponentially small error.

    References
    ----------
    .. [1] D. Yarotsky, "Error bounds for approximations with deep ReLU
       networks", Neural Networks 94 (2017).
    .. [2] C. Zhang, S. Bengio, M. Hardt, B. Recht and O. Vinyals,
       "Understanding deep learning requires rethinking generalization",
       ICLR 2017 (Theorem 1: a ReLU network of 2n + d weights fits any n points).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.approximation import ReLUInterpolator
    >>> X = np.linspace(0, 1, 33).reshape(-1, 1)
    >>> net = ReLUInterpolator(device="cpu").fit(X, np.sin(3 * X.ravel()))
    >>> x = np.linspace(0, 1, 4097).reshape(-1, 1)
    >>> err = np.abs(net.predict(x) - np.sin(3 * x.ravel())).max()
    >>> bound = (1 / 32) ** 2 * 9 / 8
    >>> bool(0.99 * bound < err <= bound)
    True
    """

    _parameter_constraints = {
        "n_knots": [Interval(Integral, 2, None, closed="left"), None],
        "device": device_constraint(),
    }
    _sknnmath_test_params = {"device": "cpu"}
    _sknnmath_width_params = ("n_knots",)

    def __init__(self, n_knots=None, *, device="auto"):
        self.n_knots = n_knots
        self.device = device

    def _construct(self, X, Y):
        a = _principal_direction(X)
        mu = X.mean(axis=0) if X.shape[1] > 1 else np.zeros(1)
        t = (X - mu) @ a
        if self.n_knots is None:
            knots, vals = _unique_knots(t, Y)
        else:
            from .._linalg import lstsq

            knots = np.linspace(t.min(), t.max(), self.n_knots)
            if knots[-1] == knots[0]:
                knots = knots[:1]
                vals = Y.mean(axis=0, keepdims=True)
            else:
                hat = np.maximum(0.0, 1.0 - np.abs(t[:, None] - knots[None, :]) / (knots[1] - knots[0]))
                vals = lstsq(torch.tensor(hat), torch.tensor(Y)).coef.numpy()
        if len(knots) > 1:
            m = np.diff(vals, axis=0) / np.diff(knots)[:, None]
            zero = np.zeros((1, Y.shape[1]))
            out = np.diff(np.vstack([zero, m, zero]), axis=0)
        else:
            out = np.zeros((1, Y.shape[1]))
        W1 = np.outer(a, np.ones(len(knots)))
        b1 = -(mu @ a + knots)
        self.knots_ = knots
        self.knot_values_ = vals
        self.direction_ = a
        return [W1, out], [b1, vals[0].copy()]


class YarotskySquare(_ConstructedNetwork):
    """Yarotsky's deep ReLU squaring network, and quadratic polynomials through it.

    The depth-``m`` sawtooth network computes
    ``f_m(u) = u − Σ_{s=1}^{m} g_s(u) / 2^{2s}`` with the tooth
    ``g(u) = 2ReLU(u) − 4ReLU(u − ½)`` composed ``s`` times; on ``[0, 1]``,
    ``max |f_m(u) − u²| = 2^{−2m−2}`` exactly. Products come by polarisation,
    ``u_i u_j = 2((u_i + u_j)/2)² − u_i²/2 − u_j²/2``.

    ``fit(X, y)`` maps each feature to ``u ∈ [0, 1]`` by the training range
    (clipped by a first ReLU layer), fits the quadratic polynomial
    ``q(u) = c + Σ b_i u_i + Σ_{i≤j} A_ij u_i u_j`` by least squares, and
    builds the ReLU network that evaluates ``q`` with every square replaced by
    ``f_m``: ``m + 1`` hidden layers of constant width ``3K + d``
    (``K = d(d+1)/2`` squares with ``interactions=True``, else ``K = d``).
    For ``y = x²`` on ``[0, 1]`` the polynomial is exact and the network's error
    is ``2^{−2m−2}``: exponential in depth, where a shallow network needs
    ``O(ε^{−1/2})`` units.

    Parameters
    ----------
    depth : int, default=6
        ``m``, the number of sawtooth compositions (the network has ``m + 1``
        hidden layers).
    interactions : bool, default=True
        Include the products ``u_i u_j`` (``i < j``).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where the network is evaluated.

    Attributes
    ----------
    coefs_ : list of ndarray
        Weight matrices ``(fan_in, fan_out)``.
    intercepts_ : list of ndarray
        Biases.
    polynomial_ : dict
        ``{"intercept", "linear" (d, k), "quadratic" (d, d, k)}`` in the ``u``
        coordinates (symmetric ``quadratic`` holds ``A_ij / 2`` off the diagonal).
    data_min_, data_range_ : ndarray of shape (n_features,)
        The map ``u = (x − data_min_) / data_range_``.
    hidden_layer_sizes_ : tuple of int
        ``(2d, 3K + d, …)``.
    n_params_ : int
        Number of weights and biases.
    network_ : MLPRegressor
        The network (see :meth:`to_mlp`).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    device_ : str
        Resolved device.

    See Also
    --------
    ReLUInterpolator : The shallow piecewise-linear construction.
    sknnmath.approximation.yarotsky_square : The closed form ``f_m``.

    References
    ----------
    .. [1] D. Yarotsky, "Error bounds for approximations with deep ReLU
       networks", Neural Networks 94 (2017), arXiv:1610.01145.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.approximation import YarotskySquare
    >>> X = np.linspace(0, 1, 257).reshape(-1, 1)
    >>> net = YarotskySquare(depth=3, device="cpu").fit(X, X.ravel() ** 2)
    >>> round(float(np.abs(net.predict(X) - X.ravel() ** 2).max()), 12)  # 2^(-2m-2), m = 3
    0.00390625
    """

    _parameter_constraints = {
        "depth": [Interval(Integral, 0, 40, closed="both")],
        "interactions": ["boolean"],
        "device": device_constraint(),
    }
    _sknnmath_test_params = {"depth": 3, "device": "cpu"}

    def __init__(self, depth=6, *, interactions=True, device="auto"):
        self.depth = depth
        self.interactions = interactions
        self.device = device

    def _construct(self, X, Y):
        from .._linalg import lstsq

        n, d = X.shape
        k_out = Y.shape[1]
        pairs = [(i, i) for i in range(d)]
        if self.interactions:
            pairs += [(i, j) for i in range(d) for j in range(i + 1, d)]
        K, m = len(pairs), int(self.depth)
        width = 3 * K + d
        check_memory(8 * (m * width * width + 2 * d * width), "YarotskySquare's weight matrices",
                     _MAX_NETWORK_BYTES)
        lo = X.min(axis=0)
        span = X.max(axis=0) - lo
        span[span == 0] = 1.0
        U = np.clip((X - lo) / span, 0.0, 1.0)
        # least squares in the monomials u_i, u_i u_j (float64, the one solver)
        feats = np.hstack([U, np.column_stack([U[:, i] * U[:, j] for i, j in pairs])])
        res = lstsq(torch.tensor(feats), torch.tensor(Y), fit_intercept=True)
        coef = res.coef.numpy()
        c0 = res.intercept.numpy().reshape(-1)
        lin, quad = coef[:d], coef[d:]
        # polarisation: Σ A_ij u_i u_j = Σ_k β_k S(t_k), t_k = u_i (i = j) or (u_i + u_j)/2
        beta = np.zeros((K, k_out))
        for k, (i, j) in enumerate(pairs):
            if i == j:
                beta[k] += quad[k]
            else:
                beta[k] += 2 * quad[k]
                beta[pairs.index((i, i))] -= quad[k] / 2
                beta[pairs.index((j, j))] -= quad[k] / 2
        T = np.zeros((d, K))  # t = U @ T
        for k, (i, j) in enumerate(pairs):
            T[i, k] += 0.5 if i != j else 1.0
            if i != j:
                T[j, k] += 0.5
        # layer 1: r = ReLU(u), r' = ReLU(u − 1); clipped ū = r − r'
        W1 = np.hstack([np.diag(1 / span), np.diag(1 / span)])
        b1 = np.concatenate([-lo / span, -lo / span - 1.0])
        C = np.vstack([np.eye(d), -np.eye(d)])  # ū = [r, r'] @ C
        # layer 2: A_0 = ReLU(t), B_0 = ReLU(t − ½), F_0 = ReLU(t), carry ReLU(ū)
        CT = C @ T
        W2 = np.hstack([CT, CT, CT, C])
        b2 = np.concatenate([np.zeros(K), np.full(K, -0.5), np.zeros(K), np.zeros(d)])
        coefs, intercepts = [W1, W2], [b1, b2]
        # hidden layer s + 2 from layer s + 1: g_s = 2A − 4B, f_s = F − g_s / 4^s
        I_K, I_d = np.eye(K), np.eye(d)
        Z_Kd, Z_dK = np.zeros((K, d)), np.zeros((d, K))
        for s in range(1, m + 1):
            if s == m:
                break
            q = 4.0 ** -s
            g_from = np.vstack([2 * I_K, -4 * I_K, 0 * I_K, Z_dK])  # g_s as a map of [A, B, F, ū]
            f_from = np.vstack([-2 * q * I_K, 4 * q * I_K, I_K, Z_dK])
            carry = np.vstack([Z_Kd, Z_Kd, Z_Kd, I_d])
            coefs.append(np.hstack([g_from, g_from, f_from, carry]))
            intercepts.append(np.concatenate([np.zeros(K), np.full(K, -0.5), np.zeros(K),
                                              np.zeros(d)]))
        # output: f_m = F − (2A − 4B)/4^m (m ≥ 1), or F (m = 0); q = c + b·ū + β·f_m
        q = 4.0 ** -m if m >= 1 else 0.0
        f_out = np.vstack([-2 * q * I_K, 4 * q * I_K, I_K, Z_dK])
        W_out = f_out @ beta + np.vstack([np.zeros((3 * K, k_out)), lin])
        coefs.append(W_out)
        intercepts.append(c0)
        self.data_min_, self.data_range_ = lo, span
        sym = np.zeros((d, d, k_out))
        for k, (i, j) in enumerate(pairs):
            sym[i, j] += quad[k] if i == j else quad[k] / 2
            if i != j:
                sym[j, i] += quad[k] / 2
        self.polynomial_ = {"intercept": c0, "linear": lin, "quadratic": sym}
        return coefs, intercepts
