"""MLPClassifier and MLPRegressor on the sknnmath engine (documents 002 and 000)."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, state_dict_to_cpu, to_numpy
from .._engine import SOLVERS, train
from ..callbacks import set_callback_attributes
from ..base import SknnEstimator, device_constraint, encode_classes, validate_X, validate_X_y
from ._module import ACTIVATIONS, build_mlp


def _check_hidden(hidden_layer_sizes):
    sizes = (hidden_layer_sizes,) if isinstance(hidden_layer_sizes, (Integral, np.integer)) else hidden_layer_sizes
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


class _BaseMLP(SknnEstimator):
    """Shared fit/predict machinery of the MLP estimators."""

    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions(set(SOLVERS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "alpha_l2": [Interval(Real, 0, None, closed="left")],
        "alpha_l1": [Interval(Real, 0, None, closed="left")],
        "skip_connections": ["boolean"],
        "batch_norm": ["boolean"],
        "init": [StrOptions({"he", "glorot", "even"})],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "callbacks": [list, None],
        "verbose": ["verbose"],
    }
    _sknnmath_width_params = ("hidden_layer_sizes",)

    def _fit_module(self, X, Y, loss, n_out):
        hidden = _check_hidden(self.hidden_layer_sizes)
        be = self._resolve_backend(dtype=torch.float32)
        module = build_mlp(
            X.shape[1], hidden, n_out, activation=self.activation,
            skip_connections=self.skip_connections, batch_norm=self.batch_norm, init=self.init,
            generator=be.generator, dtype=torch.float32, device=be.device,
        )
        Xt = as_tensor(X, be.device, torch.float32)
        Yt = torch.as_tensor(Y, device=be.device) if Y.dtype.kind == "i" else as_tensor(Y, be.device, torch.float32)
        res = train(
            module, Xt, Yt, loss=loss, solver=self.solver, learning_rate=self.learning_rate,
            max_iter=self.max_iter, batch_size=self.batch_size, momentum=self.momentum,
            alpha_l2=self.alpha_l2, alpha_l1=self.alpha_l1, early_stopping=self.early_stopping,
            validation_fraction=self.validation_fraction, n_iter_no_change=self.n_iter_no_change,
            tol=self.tol, generator=be.generator, callbacks=self.callbacks, verbose=self.verbose,
        )
        self.hidden_layer_sizes_ = hidden
        self.n_outputs_ = n_out
        self.module_state_ = state_dict_to_cpu(res.module)
        self.loss_curve_ = res.loss_curve
        self.validation_scores_ = res.validation_scores
        self.best_validation_score_ = max(res.validation_scores) if res.validation_scores else None
        self.n_iter_ = res.n_iter
        set_callback_attributes(self, self.callbacks)  # e.g. GradientNormRecorder -> gradient_norms_
        self.coefs_ = [to_numpy(l.weight).T.astype(np.float64) for l in [*res.module.linears, res.module.out]]
        self.intercepts_ = [to_numpy(l.bias).astype(np.float64) for l in [*res.module.linears, res.module.out]]
        return self

    def _module(self):
        """Rebuild the fitted module in float64 on the predict device.

        Inference in float64 makes predictions independent of the batch
        composition (float32 GEMM blocking changes the last ulp).
        """
        dev = self._predict_device()
        m = build_mlp(
            self.n_features_in_, self.hidden_layer_sizes_, self.n_outputs_,
            activation=self.activation, skip_connections=self.skip_connections,
            batch_norm=self.batch_norm, init=self.init, generator=None, dtype=torch.float64,
            device=dev,
        )
        m.load_state_dict({k: v.to(torch.float64) if v.is_floating_point() else v
                           for k, v in self.module_state_.items()})
        return m.eval()

    def _forward(self, X):
        check_is_fitted(self)
        X = validate_X(self, X)
        m = self._module()
        with torch.no_grad():
            out = m(as_tensor(X, next(m.parameters()).device, torch.float64))
        return to_numpy(out)



_COMMON_DOC = """
    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Widths of the hidden layers.
    activation : {"relu", "sigmoid", "tanh", "identity"}, default="relu"
        Hidden nonlinearity (sigmoid is document 002's Fermi function).
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
        Number of epochs.
    alpha_l2 : float, default=0.0
        Weight of the L2 (ridge) penalty ½ Σ w² on the weight matrices.
    alpha_l1 : float, default=0.0
        Weight of the L1 (LASSO) penalty Σ abs(w) on the weight matrices.
    skip_connections : bool, default=False
        Residual connections between equal-width hidden layers.
    batch_norm : bool, default=False
        Batch normalisation of hidden pre-activations.
    init : {"he", "glorot", "even"}, default="he"
        Weight initialisation; ``"even"`` draws every parameter i.i.d. from a
        symmetric uniform law (document 003's even initialisation).
    early_stopping : bool, default=False
        Stop when the loss on a held-out ``validation_fraction`` stops improving;
        the best weights are restored.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int, default=10
        Patience of early stopping, in epochs.
    tol : float, default=1e-4
        Relative improvement that resets the patience.
    random_state : int, RandomState instance or None, default=None
        Seeds a local ``torch.Generator`` (initialisation, shuffling, split).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where to train; ``"auto"`` picks CUDA when available.
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks (``LRScheduler``, ``ProgressBar``, ``EarlyStopping``…).
    verbose : int, default=0
        Print skorch's per-epoch table."""


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
        Output map used by the squared-error loss (ignored for cross-entropy).

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
        Epochs run.
    device_ : str
        The device the model was trained on.

    See Also
    --------
    MLPRegressor : The regression counterpart.
    sklearn.neural_network.MLPClassifier : scikit-learn's NumPy implementation.

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", seed document 002.
    .. [2] K. Kawasumi and T. Yoneda, "Implementation and mathematical analysis
       of the dynamics of deep neural networks", seed document 000.
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
                 callbacks=None, verbose=0, loss="cross_entropy", output_activation="softmax"):
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
        y_enc = encode_classes(self, y)
        loss = self._squared_error_loss() if self.loss == "squared_error" else "cross_entropy"
        return self._fit_module(X, y_enc, loss, len(self.classes_))

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
        The training loss.

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
        Epochs run.
    device_ : str
        The device the model was trained on.

    See Also
    --------
    MLPClassifier : The classification counterpart.
    sklearn.neural_network.MLPRegressor : scikit-learn's NumPy implementation.

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", seed document 002.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 200).reshape(-1, 1); y = X.ravel() ** 2
    >>> reg = MLPRegressor(hidden_layer_sizes=(32,), learning_rate=0.01, max_iter=500,
    ...                    random_state=0, device="cpu").fit(X, y)
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
                 callbacks=None, verbose=0, loss="squared_error"):
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
        self.y_ndim_ = y.ndim
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        return self._fit_module(X, Y, "squared_error", Y.shape[1])

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
        return out.ravel() if self.y_ndim_ == 1 else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
