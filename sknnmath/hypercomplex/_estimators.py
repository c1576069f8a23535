"""ComplexMLPClassifier and ComplexMLPRegressor on the sknnmath engine (document 003)."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from ..callbacks import set_callback_attributes
from .._backend import as_tensor, to_numpy
from .._engine import SOLVERS, train
from ..base import SknnEstimator, TorchEstimatorMixin, device_constraint, encode_classes
from .._layers import get_activation
from ._activations import COMPLEX_ACTIVATIONS
from ._algebra import ALGEBRAS, HypercomplexAlgebra, get_algebra
from ._module import HypercomplexLinear, HypercomplexMLP, hypercomplex_init_

__all__ = ["ComplexMLPClassifier", "ComplexMLPRegressor", "complex_to_pairs",
           "forty_twenty_forty_score"]

#: split (Type-A) activations whose real-equivalent is an element-wise real activation
_REAL_COUNTERPART = {"split_sigmoid": "sigmoid", "split_tanh": "tanh", "crelu": "relu"}


@validate_params(
    {
        "Z": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def complex_to_pairs(Z):
    """Interleave real and imaginary parts: (n, d) complex -> (n, 2d) real [Re z1, Im z1, ...].

    The input layout of the real-equivalent network of a model fitted on complex X.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_features), complex

    Returns
    -------
    ndarray of shape (n_samples, 2 n_features)

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.hypercomplex import complex_to_pairs
    >>> complex_to_pairs(np.array([[1 + 2j, 3 - 1j]])).tolist()
    [[1.0, 2.0, 3.0, -1.0]]
    """
    Z = np.asarray(Z)
    if Z.ndim == 1:
        Z = Z.reshape(-1, 1)
    out = np.empty((Z.shape[0], 2 * Z.shape[1]))
    out[:, 0::2] = Z.real
    out[:, 1::2] = Z.imag
    return out


def _check_hidden(hidden_layer_sizes):
    sizes = ((hidden_layer_sizes,) if isinstance(hidden_layer_sizes, (Integral, np.integer))
             else hidden_layer_sizes)
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(f"hidden_layer_sizes must be an int or a sequence of ints; got {hidden_layer_sizes!r}.")
    for s in sizes:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (Integral, np.integer)):
            raise TypeError(f"hidden_layer_sizes must contain integers; got {hidden_layer_sizes!r}.")
        if s < 1:
            raise ValueError(f"hidden_layer_sizes must contain positive widths; got {hidden_layer_sizes!r}.")
    return tuple(int(s) for s in sizes)


def _is_complex_input(X):
    """Whether X holds complex numbers (numpy, pandas or array-like), without converting twice."""
    if X is None:
        return False
    dtypes = getattr(X, "dtypes", None)
    if dtypes is not None and not isinstance(X, np.ndarray):
        try:
            return any(np.issubdtype(np.dtype(dt), np.complexfloating) for dt in np.atleast_1d(dtypes))
        except TypeError:  # extension dtypes
            return False
    try:
        return np.issubdtype(np.asarray(X).dtype, np.complexfloating)
    except Exception:  # ragged or exotic input: validation reports it
        return False


_COMMON_DOC = """
    hidden_layer_sizes : int or tuple of int, default=(10,)
        Widths of the hidden layers, in hypercomplex neurons (each carries m real
        components, m = the algebra's dimension).
    algebra : {"complex", "hyperbolic", "dual", "quaternion", "commutative_quaternion", "real"} \
or HypercomplexAlgebra, default="complex"
        Number system of weights, thresholds and signals (see
        :class:`HypercomplexAlgebra` for the multiplication tables).
    activation : {"split_sigmoid", "split_tanh", "crelu", "modrelu", "amplitude_phase"}, \
default="split_sigmoid"
        Hidden activation: Nitta's split sigmoid s(x) + i s(y), split tanh, CReLU,
        modReLU ReLU(abs(z) + b) z/abs(z) with b = -0.5 (the bias is added and
        negative), or amplitude-phase tanh(abs(z)) exp(i arg z). For m > 2 the
        amplitude is the Euclidean length of the component vector.
    parameterization : {"cartesian", "polar"}, default="cartesian"
        ``"polar"`` trains w = r exp(i phi) (complex algebra only): the polar
        neuron whose r = 0 points are singular (Nitta 2015).
    input_encoding : {"real", "pairs"}, default="real"
        How a *real* X is read: ``"real"`` makes every column a number x + 0i;
        ``"pairs"`` reads consecutive groups of m columns as the components of
        one number (x + iy from two columns for complex numbers). A complex X
        is always taken as complex numbers (components Re, Im, 0, ...).
    init : {"he", "even"}, default="he"
        ``"he"``: components N(0, gain^2/(m fan_in)), so E abs(w)^2 = gain^2/fan_in
        (complex Kaiming); ``"even"``: components and thresholds from the
        symmetric uniform law with the same second moment (document 003's even
        initialisation).
    solver : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
        Optimiser of the engine; gradients are those of the real components,
        i.e. 2 dL/d(conj w) for complex weights (Wirtinger calculus).
    learning_rate : float, default=0.01
        Step size.
    momentum : float, default=0.9
        Heavy-ball coefficient of the ``"momentum"`` solver.
    batch_size : "full" or int, default="full"
        Full-batch or shuffled mini-batches.
    max_iter : int, default=200
        Number of epochs.
    random_state : int, RandomState instance or None, default=None
        Seeds a local ``torch.Generator``; the global RNGs are untouched.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where to train; a model fitted on a GPU predicts on the CPU after
        unpickling on a CPU-only machine.
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks passed to the engine.
    verbose : int, default=0
        Print skorch's per-epoch table."""


class _BaseComplexMLP(TorchEstimatorMixin, SknnEstimator):
    """Shared machinery: inputs, module, training, chunked inference, real equivalent."""

    _sknnmath_accept_complex = True
    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "algebra": [StrOptions(set(ALGEBRAS)), HypercomplexAlgebra],
        "activation": [StrOptions(set(COMPLEX_ACTIVATIONS))],
        "parameterization": [StrOptions({"cartesian", "polar"})],
        "input_encoding": [StrOptions({"real", "pairs"})],
        "init": [StrOptions({"he", "even"})],
        "solver": [StrOptions(set(SOLVERS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "callbacks": [list, None],
        "verbose": ["verbose"],
    }
    _sknnmath_width_params = ("hidden_layer_sizes",)

    # ------------------------------------------------------------------ inputs
    def _validate_input(self, X, reset):
        """Validated inputs as the network's real representation (n, n_in m), float64."""
        A = get_algebra(self.algebra)
        m = A.dim
        complex_X = _is_complex_input(X)
        if complex_X:
            Z = np.asarray(X)
            if Z.ndim != 2:
                raise ValueError(f"Expected a 2D complex array, got an array of dimension {Z.ndim}.")
            Xr = validate_data(self, Z.real, reset=reset, dtype=[np.float64, np.float32],
                               ensure_min_samples=2 if reset else 1)
            Xi = check_array(Z.imag, dtype=[np.float64, np.float32], ensure_min_samples=1)
            if m < 2:
                raise ValueError("Complex X needs an algebra of dimension >= 2; the 'real' algebra "
                                 "takes real X only.")
            kind = "complex"
        else:
            Xr = validate_data(self, X, reset=reset, dtype=[np.float64, np.float32],
                               ensure_min_samples=2 if reset else 1)
            Xi = None
            kind = self.input_encoding
        if reset:
            self.input_kind_ = kind
            if kind == "pairs" and Xr.shape[1] % m:
                raise ValueError(
                    f"input_encoding='pairs' reads groups of {m} columns as one {A.name} number, but X "
                    f"has {Xr.shape[1]} features (not a multiple of {m}).")
        elif self.input_kind_ == "complex" and not complex_X:
            Xi = np.zeros_like(Xr)
            kind = "complex"
        elif self.input_kind_ != "complex" and complex_X:
            raise ValueError("This model was fitted on real X; it cannot predict complex X.")
        n, d = Xr.shape
        if kind == "pairs":
            return Xr.astype(np.float64, copy=False)
        out = np.zeros((n, d, m))
        out[..., 0] = Xr
        if kind == "complex":
            out[..., 1] = Xi
        return out.reshape(n, d * m)

    def _n_in(self):
        m = get_algebra(self.algebra).dim
        return self.n_features_in_ // m if self.input_kind_ == "pairs" else self.n_features_in_

    # ------------------------------------------------------------------ module
    def _build_module(self, dtype, device, generator, n_out=None):
        """The :class:`HypercomplexMLP` (initialised when ``generator`` is given) on ``device``."""
        module = HypercomplexMLP(self._n_in(), self.hidden_layer_sizes_, self.n_outputs_ if n_out is None
                                 else n_out, get_algebra(self.algebra), activation=self.activation,
                                 output_activation=None, parameterization=self.parameterization,
                                 dtype=dtype)
        if generator is not None:
            hypercomplex_init_(module, self.init, generator, gain=get_activation(self.activation).gain)
        return module.to(device)

    def _train(self, Xn, T, loss, n_out):
        self.hidden_layer_sizes_ = _check_hidden(self.hidden_layer_sizes)
        be = self._resolve_backend(dtype=torch.float32)
        module = self._build_module(torch.float32, be.device, be.generator, n_out=n_out)
        Xt = as_tensor(Xn, be.device, torch.float32)
        Tt = as_tensor(T, be.device, torch.float32)
        res = train(module, Xt, Tt, loss=loss, solver=self.solver, learning_rate=self.learning_rate,
                    max_iter=self.max_iter, batch_size=self.batch_size, momentum=self.momentum,
                    generator=be.generator, callbacks=self.callbacks, verbose=self.verbose)
        self.n_outputs_ = n_out
        self._store_module(res.module)
        set_callback_attributes(self, self.callbacks)  # e.g. GradientNormRecorder -> gradient_norms_
        self.loss_curve_ = res.loss_curve
        self.n_iter_ = res.n_iter
        # the real-equivalent weights from the float64 module that predict() uses, so that
        # polar weights r e^{i phi} are formed in float64 exactly as at inference
        with torch.no_grad():
            m64 = self._inference_module()
            self.coefs_ = [to_numpy(l.block_matrix()) for l in m64.layers]
            self.intercepts_ = [to_numpy(l.bias) for l in m64.layers]
        return self

    def _inference_row_bytes(self):
        m = get_algebra(self.algebra).dim
        widths = [self._n_in(), *self.hidden_layer_sizes_, self.n_outputs_]
        return 8 * m * (widths[0] + 2 * sum(widths[1:]))

    def _raw_output(self, X):
        """Pre-activation outputs (n, n_outputs m), float64, computed in chunks."""
        check_is_fitted(self, "module_state_")
        Xn = self._validate_input(X, reset=False)
        return self._predict_in_chunks(self._inference_module(), Xn)

    # ------------------------------------------------------------------ real equivalent
    def _real_first_rows(self):
        """Rows of the first block matrix that the real-equivalent network's inputs feed."""
        m = get_algebra(self.algebra).dim
        d = self.n_features_in_
        if self.input_kind_ == "pairs":
            return np.arange(d)
        if self.input_kind_ == "real":
            return np.arange(d) * m
        return np.stack([np.arange(d) * m, np.arange(d) * m + 1], axis=1).ravel()

    def _real_equivalent_layers(self, readout=None, readout_bias=None):
        """(weights (fan_in, fan_out), biases) of the real network computing the same function."""
        if self.activation not in _REAL_COUNTERPART:
            raise ValueError(
                f"activation={self.activation!r} couples the components of a number, so no element-wise "
                f"real MLP equals this network; to_real_equivalent needs one of {sorted(_REAL_COUNTERPART)}.")
        W = [w.copy() for w in self.coefs_]
        b = [v.copy() for v in self.intercepts_]
        W[0] = W[0][self._real_first_rows()]
        if readout is not None:
            b[-1] = b[-1] @ readout + (0.0 if readout_bias is None else readout_bias)
            W[-1] = W[-1] @ readout
        return W, b

    def _make_real(self, est, W, b, n_out):
        # a fresh MLPRegressor: _set_weights gives it empty curves and n_iter_ = 0
        return est._set_weights(W, b, n_out)

    def _real_kwargs(self):
        widths = tuple(h * get_algebra(self.algebra).dim for h in self.hidden_layer_sizes_)
        return dict(hidden_layer_sizes=widths, activation=_REAL_COUNTERPART.get(self.activation, "relu"),
                    solver=self.solver, learning_rate=self.learning_rate, momentum=self.momentum,
                    batch_size=self.batch_size, max_iter=self.max_iter, random_state=self.random_state,
                    device="cpu")


class ComplexMLPClassifier(ClassifierMixin, _BaseComplexMLP):
    __doc__ = f"""Complex-valued (or hypercomplex) multi-layer perceptron classifier.

    Nitta's neuron u = sum_k w_k z_k + theta with complex weights and a complex
    threshold, split activations, trained on the squared error of split-sigmoid
    outputs (range (0, 1) per component, the setting of the 40-20-40 rule) by
    the sknnmath engine. Any algebra of :class:`HypercomplexAlgebra` can replace
    the complex numbers.

    Parameters
    ----------{_COMMON_DOC}
    output_encoding : {{"onehot", "split"}}, default="onehot"
        Class indicators (one column for two classes, one per class otherwise).
        ``"onehot"``: one output neuron per indicator, every component trained to
        the indicator (target 1 + i or 0 for complex numbers); its decision
        value is the mean of the components' pre-activations. ``"split"``: the
        indicators are laid on consecutive components of ceil(K / m) output
        neurons (Re of neuron 1, Im of neuron 1, Re of neuron 2, ...); unused
        components are not trained.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of input columns (complex or real).
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    input_kind_ : {{"complex", "real", "pairs"}}
        How the training X was read.
    hidden_layer_sizes_ : tuple of int
        Validated hidden widths.
    n_outputs_ : int
        Output neurons.
    coefs_ : list of ndarray
        Real block matrices of the layers, shape (fan_in m, fan_out m): the weights
        of the real-equivalent network ([[a, -b], [b, a]] blocks, transposed, for complex).
    intercepts_ : list of ndarray
        Thresholds as stacked components.
    module_state_ : dict of str to torch.Tensor
        CPU state dict of the trained module.
    loss_curve_ : list of float
        Training loss per epoch.
    n_iter_ : int
        Epochs run.
    device_ : str
        The device the model was trained on.

    See Also
    --------
    ComplexMLPRegressor : Complex/hypercomplex targets.
    forty_twenty_forty_score : Fahlman's 40-20-40 criterion as a scorer.
    sknnmath.neural_network.MLPClassifier : The real network; see :meth:`to_real_equivalent`.

    References
    ----------
    .. [1] T. Nitta, "Resolution of singularities in neural networks", KAKENHI
       report 16K00347, 2023 (document 003, Nitta, singularities and
       complex/hypercomplex networks).
    .. [2] T. Nitta, "On the inherent property of the decision boundary in
       complex-valued neural networks", Neurocomputing 50 (2003) 291-303.
    .. [3] S. E. Fahlman, "Faster-learning variations on back-propagation",
       1988 (the 40-20-40 criterion).

    Examples
    --------
    >>> from sknnmath.datasets import make_two_spirals
    >>> from sknnmath.hypercomplex import ComplexMLPClassifier
    >>> X, y = make_two_spirals(n_points_per_spiral=20, n_turns=1, complex_input=True)
    >>> clf = ComplexMLPClassifier(hidden_layer_sizes=(16,), learning_rate=0.05, max_iter=400,
    ...                            random_state=0, device="cpu").fit(X.reshape(-1, 1), y)
    >>> clf.score(X.reshape(-1, 1), y) > 0.9
    True
    """

    _parameter_constraints = {
        **_BaseComplexMLP._parameter_constraints,
        "output_encoding": [StrOptions({"onehot", "split"})],
    }
    _sknnmath_test_params = {"hidden_layer_sizes": (8,), "max_iter": 60, "learning_rate": 0.05,
                             "device": "cpu", "random_state": 0}

    def __init__(self, hidden_layer_sizes=(10,), algebra="complex", activation="split_sigmoid",
                 parameterization="cartesian", input_encoding="real", init="he", solver="adam",
                 learning_rate=0.01, momentum=0.9, batch_size="full", max_iter=200, random_state=None,
                 device="auto", callbacks=None, verbose=0, output_encoding="onehot"):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.algebra = algebra
        self.activation = activation
        self.parameterization = parameterization
        self.input_encoding = input_encoding
        self.output_encoding = output_encoding
        self.init = init
        self.solver = solver
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose

    def _layout(self):
        """(n_out, readout (n_out m, K), mask (n_out m,)) of the output encoding."""
        m = get_algebra(self.algebra).dim
        K = 1 if len(self.classes_) == 2 else len(self.classes_)
        if self.output_encoding == "onehot":
            n_out = K
            R = np.zeros((K * m, K))
            for k in range(K):
                R[k * m:(k + 1) * m, k] = 1.0 / m
            mask = np.ones(K * m)
        else:
            n_out = -(-K // m)
            R = np.zeros((n_out * m, K))
            R[np.arange(K), np.arange(K)] = 1.0
            mask = np.zeros(n_out * m)
            mask[:K] = 1.0
        return n_out, R, mask

    def _targets(self, y_enc):
        m = get_algebra(self.algebra).dim
        K = 1 if len(self.classes_) == 2 else len(self.classes_)
        ind = (y_enc == 1).astype(float)[:, None] if K == 1 else np.eye(K)[y_enc]
        n_out, R, mask = self._layout()
        if self.output_encoding == "onehot":
            return np.repeat(ind, m, axis=1)
        T = np.zeros((len(y_enc), n_out * m))
        T[:, :K] = ind
        return T

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to X (complex or real) and class labels y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), real or complex
            Training data.
        y : array-like of shape (n_samples,)
            Class labels (two or more classes).

        Returns
        -------
        self : ComplexMLPClassifier
            The fitted estimator.
        """
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None.")
        Xn = self._validate_input(X, reset=True)
        y = column_or_1d(check_array(y, ensure_2d=False, dtype=None, ensure_min_samples=2,
                                     input_name="y"), warn=True)
        check_consistent_length(Xn, y)
        y_enc = encode_classes(self, y)
        n_out, _, mask = self._layout()
        T = self._targets(y_enc)
        mask_t = torch.as_tensor(mask, dtype=torch.float32)

        def loss(out, t):
            w = mask_t.to(out.device, out.dtype)
            return 0.5 * (w * (torch.sigmoid(out) - t) ** 2).sum(dim=1).mean()

        return self._train(Xn, T, loss, n_out)

    def decision_function(self, X):
        """Decision values (pre-activation read-out of the output neurons).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data (complex, or real as at fit).

        Returns
        -------
        scores : ndarray of shape (n_samples,) for two classes, else (n_samples, n_classes)
            Positive values mean class ``classes_[1]`` for two classes; otherwise
            the predicted class is the arg-max.
        """
        check_is_fitted(self, "module_state_")
        _, R, _ = self._layout()
        logits = self._raw_output(X) @ R
        return logits[:, 0] if len(self.classes_) == 2 else logits

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        s = self.decision_function(X)
        if len(self.classes_) == 2:
            return self.classes_[(s > 0).astype(int)]
        return self.classes_[np.argmax(s, axis=1)]

    def predict_outputs(self, X):
        """Split-sigmoid outputs of the trained components, in (0, 1).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        outputs : ndarray of shape (n_samples, n_trained_components)
            The outputs the loss was computed on (unused ``"split"`` slots dropped).
        """
        check_is_fitted(self, "module_state_")
        _, _, mask = self._layout()
        raw = self._raw_output(X)[:, mask > 0]
        return 0.5 * (1.0 + np.tanh(0.5 * raw))

    def output_targets(self, y):
        """Targets of the trained output components for labels ``y`` (0 or 1 each).

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Labels from ``classes_``.

        Returns
        -------
        targets : ndarray of shape (n_samples, n_trained_components)
        """
        check_is_fitted(self, "classes_")
        y = np.asarray(y)
        idx = np.searchsorted(self.classes_, y)
        if np.any(idx >= len(self.classes_)) or np.any(self.classes_[np.minimum(idx, len(self.classes_) - 1)] != y):
            raise ValueError("y contains labels not seen in fit.")
        _, _, mask = self._layout()
        return self._targets(idx)[:, mask > 0]

    def to_real_equivalent(self):
        """The fitted real :class:`~sknnmath.neural_network.MLPClassifier` computing the same function.

        Hidden layers: m h units with the algebra's block weights and the
        element-wise counterpart of the split activation (sigmoid, tanh, ReLU).
        The output layer is the block matrix followed by the linear read-out of
        the decision values (for two classes: outputs (0, s)), so its
        ``decision_function`` and ``predict`` equal this model's (to rounding in
        float64). The real network reads X as this model's real representation:
        X itself for ``input_encoding`` "real"/"pairs", :func:`complex_to_pairs`
        (X) for complex X.

        Returns
        -------
        MLPClassifier
            Fitted, with ``loss="squared_error"`` and ``output_activation="identity"``.
        """
        from ..neural_network import MLPClassifier

        check_is_fitted(self, "module_state_")
        _, R, _ = self._layout()
        if len(self.classes_) == 2:
            R = np.concatenate([np.zeros_like(R), R], axis=1)
        W, b = self._real_equivalent_layers(R)
        est = MLPClassifier(**self._real_kwargs(), loss="squared_error", output_activation="identity")
        est.classes_ = self.classes_.copy()
        return self._make_real(est, W, b, R.shape[1])


class ComplexMLPRegressor(RegressorMixin, _BaseComplexMLP):
    __doc__ = f"""Complex-valued (or hypercomplex) multi-layer perceptron regressor.

    Learns maps between complex (or hypercomplex) vectors: complex y gives
    complex predictions; real y is either one real number per column
    (``target_encoding="real"``) or groups of m columns forming one number
    (``"pairs"``). Loss: the mean over samples of (1/2) sum abs(y - f)^2 over the
    trained components.

    Parameters
    ----------{_COMMON_DOC}
    output_activation : {{"identity", "split_sigmoid", "split_tanh", "crelu", "modrelu", \
"amplitude_phase"}}, default="identity"
        Activation of the output neurons.
    target_encoding : {{"real", "pairs"}}, default="real"
        How a *real* y is read (as ``input_encoding`` for X); complex y is always
        complex.

    Attributes
    ----------
    n_features_in_ : int
        Number of input columns.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    input_kind_ : {{"complex", "real", "pairs"}}
        How the training X was read.
    target_kind_ : {{"complex", "real", "pairs"}}
        How y was read.
    hidden_layer_sizes_ : tuple of int
        Validated hidden widths.
    n_outputs_ : int
        Output neurons.
    coefs_ : list of ndarray
        Real block matrices of the layers (the real-equivalent weights).
    intercepts_ : list of ndarray
        Thresholds as stacked components.
    module_state_ : dict of str to torch.Tensor
        CPU state dict of the trained module.
    loss_curve_ : list of float
        Training loss per epoch.
    n_iter_ : int
        Epochs run.
    device_ : str
        The device the model was trained on.

    See Also
    --------
    ComplexMLPClassifier : The classifier.
    HypercomplexAlgebra : Multiplication tables.
    sknnmath.neural_network.MLPRegressor : The real network; see :meth:`to_real_equivalent`.

    References
    ----------
    .. [1] T. Nitta, "Resolution of singularities in neural networks", KAKENHI
       report 16K00347, 2023 (document 003, Nitta, singularities and
       complex/hypercomplex networks).
    .. [2] T. Nitta, "An extension of the back-propagation algorithm to complex
       numbers", Neural Networks 10 (1997) 1391-1415.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.hypercomplex import ComplexMLPRegressor
    >>> rng = np.random.RandomState(0)
    >>> Z = (rng.uniform(-1, 1, (200, 1)) + 1j * rng.uniform(-1, 1, (200, 1))) * 0.5
    >>> y = (0.5 + 0.5j) * Z[:, 0]  # a rotation-scaling
    >>> reg = ComplexMLPRegressor(hidden_layer_sizes=(4,), activation="split_tanh",
    ...                           learning_rate=0.02, max_iter=500, random_state=0,
    ...                           device="cpu").fit(Z, y)
    >>> bool(np.abs(reg.predict(Z) - y).max() < 0.05)
    True
    """

    _parameter_constraints = {
        **_BaseComplexMLP._parameter_constraints,
        "output_activation": [StrOptions({"identity", *COMPLEX_ACTIVATIONS})],
        "target_encoding": [StrOptions({"real", "pairs"})],
    }
    _sknnmath_test_params = {"hidden_layer_sizes": (8,), "max_iter": 100, "learning_rate": 0.05,
                             "activation": "split_tanh", "device": "cpu", "random_state": 0}
    _sknnmath_xfail_checks = {
        "check_complex_data": "complex X and complex y are what this estimator is for (document 003); "
                              "the check expects them to be refused",
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def __init__(self, hidden_layer_sizes=(10,), algebra="complex", activation="split_sigmoid",
                 parameterization="cartesian", input_encoding="real", init="he", solver="adam",
                 learning_rate=0.01, momentum=0.9, batch_size="full", max_iter=200, random_state=None,
                 device="auto", callbacks=None, verbose=0, output_activation="identity",
                 target_encoding="real"):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.algebra = algebra
        self.activation = activation
        self.parameterization = parameterization
        self.input_encoding = input_encoding
        self.output_activation = output_activation
        self.target_encoding = target_encoding
        self.init = init
        self.solver = solver
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose

    def _build_module(self, dtype, device, generator, n_out=None):
        module = super()._build_module(dtype, device, generator, n_out)
        if self.output_activation != "identity":
            module.output_activation = self.output_activation
            module._out_act = get_activation(self.output_activation).torch
        return module

    def _validate_y(self, y, n):
        A = get_algebra(self.algebra)
        m = A.dim
        complex_y = _is_complex_input(y)
        Y = np.asarray(y) if complex_y else check_array(y, ensure_2d=False, dtype=[np.float64, np.float32],
                                                         ensure_min_samples=1, input_name="y")
        if complex_y:
            check_array(Y.real, ensure_2d=False, input_name="y")
            check_array(Y.imag, ensure_2d=False, input_name="y")
            if m < 2:
                raise ValueError("Complex y needs an algebra of dimension >= 2.")
        if Y.ndim >= 1 and Y.shape[0] != n:
            raise ValueError(f"Found input variables with inconsistent numbers of samples: [{n}, {Y.shape[0]}].")
        self._y_1d = Y.ndim == 1
        Y2 = Y.reshape(-1, 1) if Y.ndim == 1 else Y
        if Y2.ndim != 2 or Y2.shape[0] != n:
            raise ValueError(f"y must have {n} rows and at most 2 dimensions; got shape {Y.shape}.")
        kind = "complex" if complex_y else self.target_encoding
        if kind == "pairs":
            if Y2.shape[1] % m:
                raise ValueError(f"target_encoding='pairs' needs a multiple of {m} target columns; "
                                 f"got {Y2.shape[1]}.")
            T = Y2.astype(np.float64)
            mask = np.ones(Y2.shape[1])
            n_out = Y2.shape[1] // m
        else:
            k = Y2.shape[1]
            T = np.zeros((n, k, m))
            T[..., 0] = Y2.real
            mask = np.zeros((k, m))
            mask[:, 0] = 1.0
            if kind == "complex":
                T[..., 1] = Y2.imag
                mask[:, 1] = 1.0
            T, mask, n_out = T.reshape(n, k * m), mask.ravel(), k
        self.target_kind_ = kind
        self.n_targets_ = Y2.shape[1]
        return T, mask, n_out

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to X and y (real or complex).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), real or complex
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets), real or complex
            Targets.

        Returns
        -------
        self : ComplexMLPRegressor
            The fitted estimator.
        """
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None.")
        Xn = self._validate_input(X, reset=True)
        T, mask, n_out = self._validate_y(y, Xn.shape[0])
        self._target_mask = mask
        if mask.all():
            loss = "squared_error"
        else:
            mask_t = torch.as_tensor(mask, dtype=torch.float32)

            def loss(out, t):
                w = mask_t.to(out.device, out.dtype)
                return 0.5 * (w * (out - t) ** 2).sum(dim=1).mean()

        return self._train(Xn, T, loss, n_out)

    def predict(self, X):
        """Predict targets (complex when y was complex).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Real or complex predictions in the layout of the training y.
        """
        out = self._raw_output(X)  # output activation included
        m = get_algebra(self.algebra).dim
        n = out.shape[0]
        if self.target_kind_ == "pairs":
            pred = out
        else:
            comp = out.reshape(n, -1, m)
            pred = comp[..., 0] + 1j * comp[..., 1] if self.target_kind_ == "complex" else comp[..., 0]
        return pred.ravel() if self._y_1d else pred

    def to_real_equivalent(self):
        """The fitted real :class:`~sknnmath.neural_network.MLPRegressor` computing the same function.

        Block weights of the algebra, the element-wise counterpart of the split
        activation; outputs are the trained components (``[Re, Im]`` pairs for
        complex y, as :func:`complex_to_pairs` lays them out). Needs
        ``output_activation="identity"``.

        Returns
        -------
        MLPRegressor
            Fitted; ``predict(X_real)`` equals this model's prediction in the
            real layout to rounding in float64.
        """
        from ..neural_network import MLPRegressor

        check_is_fitted(self, "module_state_")
        if self.output_activation != "identity":
            raise ValueError("to_real_equivalent needs output_activation='identity' (the real MLPRegressor "
                             "has a linear output).")
        keep = np.flatnonzero(self._target_mask)
        R = np.eye(len(self._target_mask))[:, keep]
        W, b = self._real_equivalent_layers(R)
        est = MLPRegressor(**self._real_kwargs())
        est._y_1d = bool(self._y_1d and self.target_kind_ == "real")
        return self._make_real(est, W, b, R.shape[1])


@validate_params(
    {
        "estimator": [HasMethods(["predict_outputs", "output_targets"])],
        "X": ["array-like"],
        "y": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def forty_twenty_forty_score(estimator, X, y):
    """Fahlman's 40-20-40 criterion: share of samples whose every output is in the right band.

    With outputs in (0, 1), a value in the lower 40 % of the range ([0, 0.4])
    reads as 0, the upper 40 % ([0.6, 1]) as 1, and the middle 20 % is wrong.
    A sample counts as correct when every trained output component is read as
    its target. Usable as ``scoring=`` in :class:`~sklearn.model_selection.GridSearchCV`.

    Parameters
    ----------
    estimator : ComplexMLPClassifier
        Fitted classifier (provides ``predict_outputs`` and ``output_targets``).
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like of shape (n_samples,)
        Labels.

    Returns
    -------
    float
        Fraction of samples correct under 40-20-40 (1.0 = the benchmark is solved).

    References
    ----------
    .. [1] S. E. Fahlman, "Faster-learning variations on back-propagation: an
       empirical study", Proc. 1988 Connectionist Models Summer School.

    Examples
    --------
    >>> from sknnmath.hypercomplex import forty_twenty_forty_score
    >>> callable(forty_twenty_forty_score)
    True
    """
    out = estimator.predict_outputs(X)
    t = estimator.output_targets(y)
    return float(forty_twenty_forty_correct(out, t).mean())


@validate_params(
    {
        "outputs": ["array-like"],
        "targets": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def forty_twenty_forty_correct(outputs, targets):
    """Per-sample 40-20-40 correctness of outputs in (0, 1) against 0/1 targets.

    Parameters
    ----------
    outputs : array-like of shape (..., n_outputs)
        Network outputs in (0, 1).
    targets : array-like of the same shape
        Targets 0 or 1.

    Returns
    -------
    ndarray of bool, shape (...)
        True where every output lies in its band ([0.6, 1] for 1, [0, 0.4] for 0).
    """
    outputs = np.asarray(outputs)
    targets = np.asarray(targets)
    ok = np.where(targets > 0.5, outputs >= 0.6, outputs <= 0.4)
    return ok.all(axis=-1)
