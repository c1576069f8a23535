"""MLPClassifier and MLPRegressor on the sknnmath engine (documents 002 and 000)."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, check_memory, to_numpy
from .._engine import SOLVERS, train
from .._layers import INITS, build_mlp, check_hidden_sizes, estimate_mlp_bytes, get_activation
from ..callbacks import set_callback_attributes
from ..base import (
    SknnEstimator,
    TorchEstimatorMixin,
    device_constraint,
    encode_classes,
    validate_X,
    validate_X_y,
)


class _BaseMLP(TorchEstimatorMixin, SknnEstimator):
    """Shared fit/predict machinery of the MLP estimators (the torch-estimator skeleton)."""

    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [str],  # any name of the layer registry (checked at fit)
        "solver": [StrOptions(set(SOLVERS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "alpha_l2": [Interval(Real, 0, None, closed="left")],
        "alpha_l1": [Interval(Real, 0, None, closed="left")],
        "skip_connections": ["boolean"],
        "batch_norm": ["boolean"],
        "init": [StrOptions(set(INITS))],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "callbacks": [list, None],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }
    _sknnmath_width_params = ("hidden_layer_sizes",)

    #: networks train in float32 (SGD tolerates it); inference rebuilds them in float64
    _train_dtype = torch.float32

    def _build_module(self, dtype, device, generator, hidden=None, n_in=None, n_out=None):
        return build_mlp(
            self.n_features_in_ if n_in is None else n_in,
            self.hidden_layer_sizes_ if hidden is None else hidden,
            self.n_outputs_ if n_out is None else n_out,
            activation=self.activation, skip_connections=self.skip_connections,
            batch_norm=self.batch_norm, init=self.init, generator=generator, dtype=dtype,
            device=device,
        )

    def _check_memory(self, hidden, n_rows, n_in, n_out):
        rows = n_rows if self.batch_size == "full" else min(int(self.batch_size), n_rows)
        peak = estimate_mlp_bytes(n_in, hidden, n_out, rows, itemsize=4)
        check_memory(peak, f"Training a {type(self).__name__} of widths {hidden}",
                     param=f"hidden_layer_sizes={self.hidden_layer_sizes!r}")

    def _fit_module(self, X, Y, loss, n_out, incremental=False):
        hidden = check_hidden_sizes(self.hidden_layer_sizes)
        get_activation(self.activation)  # unknown names: ValueError listing the registry
        self._check_memory(hidden, X.shape[0], X.shape[1], n_out)
        be = self._resolve_backend(dtype=self._train_dtype)
        previous = getattr(self, "module_state_", None)
        reuse = (incremental or self.warm_start) and previous is not None
        if reuse and (getattr(self, "hidden_layer_sizes_", None) != hidden
                      or getattr(self, "n_outputs_", None) != n_out
                      or self.coefs_[0].shape[0] != X.shape[1]):
            raise ValueError(
                f"warm_start/partial_fit need the fitted architecture: hidden_layer_sizes_="
                f"{self.hidden_layer_sizes_} and {self.n_outputs_} outputs were fitted; got "
                f"hidden_layer_sizes={self.hidden_layer_sizes!r} and {n_out} outputs."
            )
        module = self._build_module(self._train_dtype, be.device, None if reuse else be.generator,
                                    hidden=hidden, n_in=X.shape[1], n_out=n_out)
        if reuse:
            module.load_state_dict({k: v.to(self._train_dtype) if v.is_floating_point() else v
                                    for k, v in previous.items()})
        Xt = as_tensor(X, be.device, self._train_dtype)
        Yt = (torch.as_tensor(Y, device=be.device) if Y.dtype.kind == "i"
              else as_tensor(Y, be.device, self._train_dtype))
        res = train(
            module, Xt, Yt, loss=loss, solver=self.solver, learning_rate=self.learning_rate,
            max_iter=1 if incremental else self.max_iter, batch_size=self.batch_size,
            momentum=self.momentum, alpha_l2=self.alpha_l2, alpha_l1=self.alpha_l1,
            early_stopping=self.early_stopping and not incremental,
            validation_fraction=self.validation_fraction, n_iter_no_change=self.n_iter_no_change,
            tol=self.tol, generator=be.generator, callbacks=self.callbacks, verbose=self.verbose,
            stop_on_train_loss=not incremental,
            optimizer_state=getattr(self, "_optimizer_state", None) if incremental and reuse else None,
        )
        self.hidden_layer_sizes_ = hidden
        self.n_outputs_ = n_out
        self._store_module(res.module)
        self._optimizer_state = res.optimizer_state
        if reuse:
            self.loss_curve_ = list(self.loss_curve_) + list(res.loss_curve)
            self.validation_scores_ = list(self.validation_scores_) + list(res.validation_scores)
            self.n_iter_ += res.n_iter
        else:
            self.loss_curve_ = list(res.loss_curve)
            self.validation_scores_ = list(res.validation_scores)
            self.n_iter_ = res.n_iter
        self.best_validation_score_ = max(self.validation_scores_) if self.validation_scores_ else None
        set_callback_attributes(self, self.callbacks)  # e.g. GradientNormRecorder -> gradient_norms_
        # as scikit-learn: the best training loss, or None when early stopping monitors validation
        self.best_loss_ = None if (self.early_stopping and not incremental) else float(min(self.loss_curve_))
        layers = res.module.layers()
        self.coefs_ = [to_numpy(lin.weight).T.astype(np.float64) for lin in layers]
        self.intercepts_ = [to_numpy(lin.bias).astype(np.float64) for lin in layers]
        if not incremental and not res.stopped_early and res.n_iter >= self.max_iter:
            warnings.warn(
                f"{type(self).__name__}: maximum iterations ({self.max_iter}) reached and the "
                f"optimization hasn't converged yet (the loss still moved by more than tol={self.tol} "
                f"within the last n_iter_no_change={self.n_iter_no_change} epochs).",
                ConvergenceWarning,
            )
        return self

    def _set_weights(self, coefs, intercepts, n_out=None):
        """Make this estimator a fitted network with the given weights (float64, CPU).

        ``coefs[l]`` has shape (fan_in, fan_out) as ``coefs_``; used by
        ``to_real_equivalent`` and the singularity room (reduce / embed).
        """
        W = [np.asarray(w, dtype=np.float64) for w in coefs]
        b = [np.asarray(v, dtype=np.float64) for v in intercepts]
        self.n_features_in_ = W[0].shape[0]
        self.hidden_layer_sizes_ = tuple(w.shape[1] for w in W[:-1])
        self.n_outputs_ = W[-1].shape[1] if n_out is None else n_out
        module = self._build_module(torch.float64, "cpu", None)
        with torch.no_grad():
            for lin, w, v in zip(module.layers(), W, b):
                lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
                lin.bias.copy_(torch.from_numpy(np.ascontiguousarray(v)))
        self._store_module(module)
        self.coefs_ = [w.copy() for w in W]
        self.intercepts_ = [v.copy() for v in b]
        for name, value in (("loss_curve_", []), ("validation_scores_", []),
                            ("best_validation_score_", None), ("best_loss_", None), ("n_iter_", 0)):
            if not hasattr(self, name):
                setattr(self, name, value)
        self.device_ = "cpu"
        return self

    def _inference_row_bytes(self):
        widths = [self.n_features_in_, *self.hidden_layer_sizes_, self.n_outputs_]
        # float64 input, each layer's pre-activation and activation, the output
        return 8 * (widths[0] + 2 * sum(widths[1:]))

    def _forward(self, X):
        check_is_fitted(self, "module_state_")
        X = validate_X(self, X)
        m = self._inference_module()
        return self._predict_in_chunks(m, X)


_COMMON_DOC = """
    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Widths of the hidden layers.
    activation : str, default="relu"
        Hidden nonlinearity, any name of the layer registry
        (``sknnmath._layers.ACTIVATIONS``: "relu", "sigmoid", "tanh", "identity",
        "erf", "cos", "softplus", "gelu", "abs", "gaussian"); sigmoid is document
        002's Fermi function.
    solver : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
        Optimiser (document 002 §5).
    learning_rate : float, default=1e-3
        Step size ε.
    momentum : float, default=0.9
        Heavy-ball coefficient of the ``"momentum"`` solver.
    batch_size : "full" or int, default="full"
        ``"full"`` is gradient descent on the whole set (documents 000/002);
        an int gives shuffled mini-batch SGD.
    max_iter : int, default=200
        Maximum number of epochs. Training stops earlier when the loss stops
        improving (``tol``, ``n_iter_no_change``); a ``ConvergenceWarning`` is
        raised when ``max_iter`` is reached first.
    alpha_l2 : float, default=0.0
        Weight of the L2 (ridge) penalty ½ Σ w² on the weight matrices.
    alpha_l1 : float, default=0.0
        Weight of the L1 (LASSO) penalty Σ abs(w) on the weight matrices.
    skip_connections : bool, default=False
        Residual connections between equal-width hidden layers.
    batch_norm : bool, default=False
        Batch normalisation of hidden pre-activations.
    init : {"he", "glorot", "even", "positive_uniform", "half_normal"}, default="he"
        Weight initialisation (the layer registry's laws,
        ``sknnmath._layers.init_parameters``): ``"he"`` N(0, gain²/fan_in),
        ``"glorot"`` U(−a, a) with a = gain·√(6/(fan_in + fan_out)) and zero
        biases; ``"even"`` draws every weight and bias i.i.d. from
        U(−1/√fan_in, 1/√fan_in), an even density p(w) = p(−w) (document
        003's even initialisation). All three are even. ``"positive_uniform"``
        (U(0, 1/√fan_in)) and ``"half_normal"`` (abs(N(0, gain²/fan_in))) are
        deliberately non-even controls with the second moment of ``"even"`` and
        ``"he"``, for experiments on document 003's claim.
    early_stopping : bool, default=False
        Stop when the loss on a held-out ``validation_fraction`` stops improving;
        the best weights are restored.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int, default=10
        Patience, in epochs: with ``early_stopping`` on the validation loss,
        otherwise on the training loss (training stops after more than
        ``n_iter_no_change`` epochs without an improvement of ``tol``, as in
        scikit-learn).
    tol : float, default=1e-4
        Improvement that resets the patience: absolute on the training loss
        (scikit-learn's rule), relative on the validation loss.
    random_state : int, RandomState instance or None, default=None
        Seeds a local ``torch.Generator`` (initialisation, shuffling, split).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where to train; ``"auto"`` picks CUDA when available.
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks (``LRScheduler``, ``ProgressBar``, ``EarlyStopping``…).
    verbose : int, default=0
        Print skorch's per-epoch table."""

_WARM_DOC = """
    warm_start : bool, default=False
        Reuse the fitted weights as the starting point of the next ``fit`` (a
        fresh optimiser; :meth:`partial_fit` keeps the optimiser state too)."""

_NOTES_DOC = """
    Notes
    -----
    ``sample_weight`` is not supported (neither ``fit`` nor ``partial_fit`` accepts
    it). Training runs in float32; prediction rebuilds the network in float64 (which
    holds the float32 weights exactly) and runs in row chunks sized by scikit-learn's
    ``working_memory``.
"""


class MLPClassifier(ClassifierMixin, _BaseMLP):
    __doc__ = f"""Multi-layer perceptron classifier trained by the sknnmath engine.

    The "DNN" of document 000 and the network of document 002 (Tomiya): affine
    maps and element-wise nonlinearities, a softmax output, trained on one-hot
    targets with the squared error (the documents' default) or the softmax
    cross-entropy, by (stochastic) gradient descent, Momentum, RMSprop or Adam,
    with optional L1/L2 penalties, skip connections and batch normalisation.

    Parameters
    ----------{_COMMON_DOC}
    loss : {{"squared_error", "cross_entropy"}}, default="cross_entropy"
        ``"squared_error"``: L = (1/N) Σ ½‖y_onehot − f(x)‖² with f the output
        passed through ``output_activation``; ``"cross_entropy"``: softmax
        cross-entropy −Σ y·log softmax(f(x)) (document 002 eq. 43, with the
        minus sign the document omits).
    output_activation : {{"softmax", "identity"}}, default="softmax"
        Output map used by the squared-error loss (ignored for cross-entropy).{_WARM_DOC}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    coefs_ : list of ndarray
        Weight matrices (float64 copies), layer by layer, shape (fan_in, fan_out).
    intercepts_ : list of ndarray
        Bias vectors.
    module_state_ : dict of str to torch.Tensor
        CPU state dict of the trained module (device-independent pickles).
    loss_curve_ : list of float
        Training loss per epoch.
    validation_scores_ : list of float
        Negative validation loss per epoch (with ``early_stopping``).
    best_validation_score_ : float or None
        Best validation score.
    n_iter_ : int
        Epochs run (summed over ``partial_fit``/``warm_start`` calls).
    best_loss_ : float or None
        Smallest training loss seen (None with ``early_stopping``, as in
        scikit-learn, which reports ``best_validation_score_`` then).
    device_ : str
        The device the model was trained on.

    See Also
    --------
    MLPRegressor : The regression counterpart.
    sklearn.neural_network.MLPClassifier : scikit-learn's NumPy implementation.
{_NOTES_DOC}
    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002.
    .. [2] K. Kawasumi and T. Yoneda, "Implementation and mathematical analysis
       of the dynamics of deep neural networks", document 000.
    .. [3] D. Kingma and J. Ba, "Adam: A method for stochastic optimization",
       ICLR 2015.

    Examples
    --------
    >>> from sknnmath.datasets import make_ball
    >>> from sknnmath.neural_network import MLPClassifier
    >>> X, y = make_ball(400, random_state=0)
    >>> clf = MLPClassifier(hidden_layer_sizes=(32, 32), learning_rate=0.01,
    ...                     max_iter=300, random_state=0, device="cpu").fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    """

    _parameter_constraints = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"squared_error", "cross_entropy"})],
        "output_activation": [StrOptions({"softmax", "identity"})],
    }
    _sknnmath_test_params = {"hidden_layer_sizes": (16,), "max_iter": 60, "learning_rate": 0.05,
                             "device": "cpu", "random_state": 0}

    def __init__(self, hidden_layer_sizes=(64, 64), activation="relu", solver="adam",
                 learning_rate=1e-3, momentum=0.9, batch_size="full", max_iter=200,
                 alpha_l2=0.0, alpha_l1=0.0, skip_connections=False, batch_norm=False,
                 init="he", early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=10, tol=1e-4, random_state=None, device="auto",
                 callbacks=None, verbose=0, loss="cross_entropy", output_activation="softmax",
                 warm_start=False):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.alpha_l2 = alpha_l2
        self.alpha_l1 = alpha_l1
        self.skip_connections = skip_connections
        self.batch_norm = batch_norm
        self.init = init
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose
        self.loss = loss
        self.output_activation = output_activation
        self.warm_start = warm_start

    def _squared_error_loss(self):
        softmax = self.output_activation == "softmax"

        def loss(out, y):
            f = torch.softmax(out, dim=1) if softmax else out
            onehot = torch.nn.functional.one_hot(y, f.shape[1]).to(f.dtype)
            return 0.5 * (f - onehot).pow(2).sum(dim=1).mean()

        return loss

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to data matrix X and class labels y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels (two or more classes).

        Returns
        -------
        self : MLPClassifier
            The fitted estimator.
        """
        X, y = validate_X_y(self, X, y)
        previous = getattr(self, "classes_", None)
        y_enc = encode_classes(self, y)
        if (self.warm_start and previous is not None and hasattr(self, "module_state_")
                and not np.array_equal(previous, self.classes_)):
            self.classes_ = previous
            raise ValueError(
                f"warm_start can only be used where y has the same classes as in the previous "
                f"call to fit: {previous.tolist()} before, {np.unique(y).tolist()} now."
            )
        return self._fit_module(X, y_enc, self._loss_fn(), len(self.classes_))

    def _loss_fn(self):
        return self._squared_error_loss() if self.loss == "squared_error" else "cross_entropy"

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One epoch of training on ``(X, y)``, continuing from the current state.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        classes : array-like of shape (n_classes,), default=None
            All classes; required on the first call, ignored afterwards (as in
            scikit-learn).

        Returns
        -------
        self : MLPClassifier
            The updated estimator.
        """
        first = not hasattr(self, "module_state_")
        X, y = validate_X_y(self, X, y, reset=first, min_samples=1)
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            classes = np.unique(np.asarray(classes))
            if len(classes) < 2:
                raise ValueError(f"classes must hold at least 2 classes; got {classes.tolist()}.")
            self.classes_ = classes
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(f"y holds labels {unknown.tolist()} not in classes {self.classes_.tolist()}.")
        y_enc = np.searchsorted(self.classes_, y).astype(np.int64)
        return self._fit_module(X, y_enc, self._loss_fn(), len(self.classes_), incremental=True)

    def decision_function(self, X):
        """Network outputs before the output map.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        scores : ndarray of shape (n_samples,) for two classes, else (n_samples, n_classes)
            For two classes the difference of the class-1 and class-0 outputs.
        """
        out = self._forward(X)
        if len(self.classes_) == 2:
            return out[:, 1] - out[:, 0]
        return out

    def predict_proba(self, X):
        """Class probabilities (softmax outputs; clipped and normalised identity outputs).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``.
        """
        out = self._forward(X)
        if self.loss == "squared_error" and self.output_activation == "identity":
            p = np.clip(out, 1e-12, None)
            return p / p.sum(axis=1, keepdims=True)
        out = out - out.max(axis=1, keepdims=True)
        p = np.exp(out)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Predicted labels from ``classes_``.
        """
        out = self._forward(X)
        return self.classes_[np.argmax(out, axis=1)]


class MLPRegressor(RegressorMixin, _BaseMLP):
    __doc__ = f"""Multi-layer perceptron regressor trained by the sknnmath engine.

    Minimises the documents' squared error L = (1/N) Σ ½‖y − f(x)‖² (plus the
    optional L1/L2 penalties) with the engine's optimisers. Single- and
    multi-output targets.

    Parameters
    ----------{_COMMON_DOC}
    loss : {{"squared_error"}}, default="squared_error"
        The training loss.{_WARM_DOC}

    Attributes
    ----------
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    n_outputs_ : int
        Number of outputs.
    coefs_ : list of ndarray
        Weight matrices (float64 copies), shape (fan_in, fan_out).
    intercepts_ : list of ndarray
        Bias vectors.
    module_state_ : dict of str to torch.Tensor
        CPU state dict of the trained module.
    loss_curve_ : list of float
        Training loss per epoch.
    validation_scores_ : list of float
        Negative validation loss per epoch (with ``early_stopping``).
    best_validation_score_ : float or None
        Best validation score.
    n_iter_ : int
        Epochs run (summed over ``partial_fit``/``warm_start`` calls).
    best_loss_ : float or None
        Smallest training loss seen (None with ``early_stopping``, as in
        scikit-learn, which reports ``best_validation_score_`` then).
    device_ : str
        The device the model was trained on.

    See Also
    --------
    MLPClassifier : The classification counterpart.
    sklearn.neural_network.MLPRegressor : scikit-learn's NumPy implementation.
{_NOTES_DOC}
    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 200).reshape(-1, 1); y = X.ravel() ** 2
    >>> reg = MLPRegressor(hidden_layer_sizes=(32,), learning_rate=0.01, max_iter=500,
    ...                    n_iter_no_change=500, random_state=0, device="cpu").fit(X, y)
    >>> reg.score(X, y) > 0.95
    True
    """

    _parameter_constraints = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"squared_error"})],
    }
    _sknnmath_test_params = {"hidden_layer_sizes": (16,), "max_iter": 100, "learning_rate": 0.02,
                             "device": "cpu", "random_state": 0}

    def __init__(self, hidden_layer_sizes=(64, 64), activation="relu", solver="adam",
                 learning_rate=1e-3, momentum=0.9, batch_size="full", max_iter=200,
                 alpha_l2=0.0, alpha_l1=0.0, skip_connections=False, batch_norm=False,
                 init="he", early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=10, tol=1e-4, random_state=None, device="auto",
                 callbacks=None, verbose=0, loss="squared_error", warm_start=False):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.alpha_l2 = alpha_l2
        self.alpha_l1 = alpha_l1
        self.skip_connections = skip_connections
        self.batch_norm = batch_norm
        self.init = init
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose
        self.loss = loss
        self.warm_start = warm_start

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to data matrix X and targets y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : MLPRegressor
            The fitted estimator.
        """
        X, y = validate_X_y(self, X, y, multi_output=True, y_numeric=True)
        y = np.asarray(y, dtype=np.float64)
        self._y_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        return self._fit_module(X, Y, "squared_error", Y.shape[1])

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y):
        """One epoch of training on ``(X, y)``, continuing from the current state.

        The first call initialises the network; later calls keep its weights and
        the optimiser state (Adam moments), as scikit-learn's ``partial_fit``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : MLPRegressor
            The updated estimator.
        """
        first = not hasattr(self, "module_state_")
        X, y = validate_X_y(self, X, y, reset=first, multi_output=True, y_numeric=True,
                            min_samples=1)
        y = np.asarray(y, dtype=np.float64)
        if first:
            self._y_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        return self._fit_module(X, Y, "squared_error", Y.shape[1], incremental=True)

    def predict(self, X):
        """Predict targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions (float64).
        """
        out = self._forward(X)
        return out.ravel() if self._y_1d else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
