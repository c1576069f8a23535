"""Denoising autoencoder (shallow and composed) as a transport map (document 001 §4).

Time is the noise **variance**: a DAE with ``noise_variance=t`` is trained on
``x + eps`` with ``eps ~ N(0, t I)``.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions

from .._backend import as_tensor, check_memory, make_generator, state_dict_to_cpu
from .._layers import (
    INITS,
    OPTIMIZERS,
    build_mlp,
    check_hidden_sizes,
    estimate_mlp_bytes,
    get_activation,
    make_linear,
)
from ..base import SknnEstimator, TorchEstimatorMixin, check_is_fitted, device_constraint, validate_X
from ..callbacks import set_callback_attributes

__all__ = ["DenoisingAutoencoder"]


class _DAEModule(torch.nn.Module):
    """One DAE ``g``: affine (``"linear"``) or an MLP, optionally with a skip connection.

    The network sees standardised inputs ``z = D^-1 (x - c)`` (training mean ``c`` and
    per-feature standard deviation ``D`` are buffers) and outputs raw units:
    ``g(x) = x + h(z)`` (skip connection; always used for ``"linear"``, where ``h`` is
    affine, so ``g`` is any affine map) or ``g(x) = c + h(z)``. This is the same
    function class as without standardisation; it only conditions the squared-error
    problem well when the composed DAE shrinks some axes much more than others.
    ``h`` starts at zero (``g`` = identity, "no denoising") in the skip form.
    """

    def __init__(self, n_features, architecture, hidden_layer_sizes, activation, skip_connection,
                 dtype=torch.float64, generator=None, init="even"):
        super().__init__()
        self.register_buffer("center", torch.zeros(n_features, dtype=dtype))
        self.register_buffer("scale", torch.ones(n_features, dtype=dtype))
        self.skip = bool(skip_connection) or architecture == "linear"
        if architecture == "linear":
            self.net = make_linear(n_features, n_features, dtype=dtype)
            last = self.net
            if generator is not None:  # g = identity at the start: h = 0
                with torch.no_grad():
                    last.weight.zero_()
                    last.bias.zero_()
        else:
            # the one MLP builder and its initialisers; the default "even" is the law
            # U(-1/sqrt(fan_in), 1/sqrt(fan_in)) of weights and biases that nn.Linear's
            # default initialisation used to draw here
            self.net = build_mlp(n_features, hidden_layer_sizes, n_features, activation=activation,
                                 init=init, generator=generator, dtype=dtype)
            last = self.net.out
            if generator is not None and self.skip:
                with torch.no_grad():  # small, not zero, so that the hidden layers receive gradients
                    last.weight.mul_(0.1)
                    last.bias.zero_()

    def forward(self, x):
        out = self.net((x - self.center) / self.scale)
        return x + out if self.skip else self.center + out


class DenoisingAutoencoder(OneToOneFeatureMixin, TransformerMixin, TorchEstimatorMixin, SknnEstimator):
    """Gaussian-noise denoising autoencoder, shallow or composed, as a transport map.

    Trains ``g`` to minimise ``E |g(x + eps) - x|^2`` with ``eps ~ N(0, tau I)``.
    **Time is the noise variance.** With ``n_steps = L`` the estimator is the
    *composed* DAE of document 001 §4.2.1: ``L`` DAEs, each with noise variance
    ``tau = noise_variance / L``, the ``l``-th trained on the push-forward of the
    data through the previous ``l - 1`` (clean samples in, fresh Gaussian noise
    drawn for every training batch). ``L = 1`` is the shallow DAE.

    The optimal DAE is Tweedie's posterior mean ``x + tau grad log(W_tau * mu)(x)``
    (:func:`~sknnmath.transport.tweedie_denoiser`); for Gaussian data it is the
    affine map ``m + S (S + tau I)^-1 (x - m)``
    (:func:`~sknnmath.transport.gaussian_dae_map`), which ``architecture="linear"``
    represents exactly. As ``L`` grows the composed DAE follows the entropy
    gradient flow ``S_t = S_0 - 2 t I``
    (:func:`~sknnmath.transport.entropy_gradient_flow`).

    Parameters
    ----------
    noise_variance : float > 0, default=0.1
        Total noise variance ``t`` (the "time"); each of the ``n_steps`` DAEs uses
        ``t / n_steps``.
    n_steps : int >= 1, default=1
        Number ``L`` of composed DAEs.
    architecture : {"mlp", "linear"}, default="mlp"
        ``"linear"``: an affine map (exact for Gaussian data). ``"mlp"``: a
        multilayer perceptron with ``hidden_layer_sizes`` and ``activation``.
    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Widths of the MLP's hidden layers (ignored for ``"linear"``).
    activation : str, default="tanh"
        Hidden activation of the MLP: a name of the layer registry
        (``sknnmath._layers.ACTIVATIONS``, e.g. "relu", "tanh", "sigmoid",
        "softplus", "gelu").
    skip_connection : bool, default=True
        For the MLP, use ``g(x) = x + f(x)`` (a transport map written as a
        displacement, document 001 §4.0.1).
    init : {"even", "he", "glorot", "positive_uniform", "half_normal"}, default="even"
        Law of the MLP's initial weights, from the layer registry
        (``sknnmath._layers.init_parameters``): ``"even"`` draws every weight
        and bias i.i.d. from U(−1/√fan_in, 1/√fan_in), an even density
        p(w) = p(−w) (document 003's even initialisation); ``"he"`` and
        ``"glorot"`` are even too; ``"positive_uniform"`` and ``"half_normal"``
        are deliberately non-even controls. With ``skip_connection`` the output
        layer is then scaled by 0.1 (its bias zeroed) so that the DAE starts near
        the identity. ``architecture="linear"`` always starts at the identity
        and ignores ``init``.
    n_noise_draws : int >= 1, default=1
        Independent noise draws per sample and epoch (the data are repeated this
        many times; each batch gets fresh noise).
    solver : {"adam", "sgd", "momentum", "rmsprop"}, default="adam"
        Optimiser of the training engine.
    learning_rate : float > 0, default=1e-3
        Step size.
    max_iter : int >= 1, default=200
        Epochs per DAE.
    batch_size : int or "full", default=256
        Mini-batch size (clipped to the number of training rows).
    alpha_l2 : float >= 0, default=0.0
        L2 penalty on weight matrices.
    random_state : int, RandomState instance or None, default=None
        Seeds initialisation, shuffling, training noise and the noise of :meth:`score`.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where to train. Training uses float64 on the CPU and float32 on CUDA;
        inference rebuilds the DAEs in float64, which holds the trained values
        exactly, and runs in row chunks within scikit-learn's ``working_memory``.
    callbacks : list or None, default=None
        Passed to the training engine.
    verbose : int, default=0
        Progress printing of the engine.

    Attributes
    ----------
    n_features_in_ : int
        Number of features seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen in :meth:`fit` (only when X has string column names).
    step_noise_variance_ : float
        Noise variance ``tau = noise_variance / n_steps`` of each DAE.
    state_dicts_ : list of dict
        CPU state dicts of the ``n_steps`` trained DAEs.
    coef_ : ndarray of shape (n_steps, n_features, n_features)
        For ``architecture="linear"`` only: the matrices ``A_l`` with
        ``g_l(x) = A_l x + b_l``.
    intercept_ : ndarray of shape (n_steps, n_features)
        For ``architecture="linear"`` only: the offsets ``b_l``.
    loss_curves_ : list of list of float
        Training loss per epoch for each DAE (mean over samples of half the
        squared error).
    n_iter_ : ndarray of shape (n_steps,)
        Epochs run for each DAE.
    device_ : str
        The resolved device.

    See Also
    --------
    sknnmath.transport.gaussian_dae_map : the optimal DAE for Gaussian data.
    sknnmath.transport.composed_dae_covariances : the composed DAE in closed form.
    sknnmath.transport.entropy_gradient_flow : its continuous limit.
    sknnmath.transport.tweedie_denoiser : the optimal DAE for any distribution.

    References
    ----------
    .. [1] S. Sonoda, document 001 (in Japanese), §4.2.1 and Fig. 7.
    .. [2] S. Sonoda and N. Murata, "Transport analysis of infinitely deep neural
       network", JMLR 20 (2019); arXiv:1605.02832.
    .. [3] P. Vincent et al., "Extracting and composing robust features with
       denoising autoencoders", ICML 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.transport import DenoisingAutoencoder
    >>> X = np.random.default_rng(0).normal(size=(200, 2)) * [1.0, 0.5]
    >>> dae = DenoisingAutoencoder(noise_variance=0.1, architecture="linear",
    ...                            learning_rate=0.1, max_iter=20, batch_size="full",
    ...                            n_noise_draws=2, random_state=0, device="cpu").fit(X)
    >>> dae.transform(X).shape
    (200, 2)
    >>> dae.transport(X).shape  # (n_steps + 1, n_samples, n_features)
    (2, 200, 2)
    """

    _parameter_constraints: dict = {
        "noise_variance": [Interval(Real, 0, None, closed="neither")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "architecture": [StrOptions({"linear", "mlp"})],
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [str],  # a name of the layer registry, checked at fit
        "skip_connection": ["boolean"],
        "init": [StrOptions(set(INITS))],
        "n_noise_draws": [Interval(Integral, 1, None, closed="left")],
        "solver": [StrOptions(set(OPTIMIZERS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "alpha_l2": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "callbacks": [list, None],
        "verbose": ["verbose"],
    }

    _sknnmath_test_params = {"hidden_layer_sizes": (8,), "max_iter": 3, "batch_size": "full",
                             "random_state": 0, "device": "cpu"}
    _sknnmath_xfail_checks: dict = {}
    _sknnmath_width_params = ("hidden_layer_sizes",)

    def __init__(self, noise_variance=0.1, *, n_steps=1, architecture="mlp",
                 hidden_layer_sizes=(64, 64), activation="tanh", skip_connection=True,
                 init="even", n_noise_draws=1, solver="adam", learning_rate=1e-3, max_iter=200,
                 batch_size=256, alpha_l2=0.0, random_state=None, device="auto",
                 callbacks=None, verbose=0):
        self.noise_variance = noise_variance
        self.n_steps = n_steps
        self.architecture = architecture
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.skip_connection = skip_connection
        self.init = init
        self.n_noise_draws = n_noise_draws
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.alpha_l2 = alpha_l2
        self.random_state = random_state
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose

    # ------------------------------------------------------------------ helpers
    def _build_module(self, dtype, device, generator):
        return _DAEModule(self.n_features_in_, self._arch_, self._hidden_, self._activation_,
                          self._skip_, dtype=dtype, generator=generator,
                          init=getattr(self, "_init_", "even")).to(device)

    def _modules(self):
        return [self._inference_module(state=sd) for sd in self.state_dicts_]

    def _inference_row_bytes(self):
        d = self.n_features_in_
        widths = self._hidden_ if self._arch_ == "mlp" else ()
        # float64: input, standardised input, each hidden pre-activation/activation, output,
        # and the trajectory kept by transport
        return 8 * (4 * d + 2 * sum(widths) + (self.n_steps + 1) * d)

    def _inference_setup(self, X):
        check_is_fitted(self, "state_dicts_")
        return validate_X(self, X)

    def _check_finite_output(self, out, X):
        if not np.all(np.isfinite(out)):
            raise ValueError(
                f"DenoisingAutoencoder produced non-finite values: the inputs (max |x| = "
                f"{np.max(np.abs(X)):.3g}) are too far outside the training data's range "
                f"for float64 arithmetic. Rescale X."
            )
        return out

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the ``n_steps`` composed DAEs on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Clean training data.
        y : None
            Ignored.

        Returns
        -------
        self : DenoisingAutoencoder
            The fitted estimator.
        """
        from .._engine import train

        # a denoiser of a one-point distribution is degenerate (and the per-feature
        # standardisation needs a spread): require two samples
        X = validate_X(self, X, reset=True, min_samples=2)
        hidden = check_hidden_sizes(self.hidden_layer_sizes)
        hidden = hidden if self.architecture == "mlp" else ()
        get_activation(self.activation)  # unknown names: ValueError listing the registry
        be = self._resolve_backend()
        dtype = torch.float32 if be.device.type == "cuda" else torch.float64
        itemsize = 4 if dtype == torch.float32 else 8
        n, d = X.shape
        n_rep = n * self.n_noise_draws
        batch_rows = n_rep if self.batch_size == "full" else min(int(self.batch_size), n_rep)
        # peak: the repeated data, its noisy batch and the push-forward, plus the network's
        # parameters, gradients, Adam moments and activations on one batch
        peak = 3 * n_rep * d * itemsize + estimate_mlp_bytes(d, hidden, d, batch_rows, itemsize=itemsize)
        check_memory(peak, "DenoisingAutoencoder training (n_samples * n_noise_draws rows)",
                     param=(f"hidden_layer_sizes={self.hidden_layer_sizes!r}" if hidden
                            else f"n_noise_draws={self.n_noise_draws!r}"))
        # the squared error squares residuals of the size of X: refuse scales it cannot hold
        limit = float(np.sqrt(torch.finfo(dtype).max / (16.0 * d)))
        max_abs = float(np.max(np.abs(X)))
        if max_abs > limit:
            raise ValueError(
                f"X has entries up to {max_abs:.3g} in magnitude; training in {dtype} squares "
                f"values of that size and would overflow (limit about {limit:.3g}). Rescale X "
                f"(e.g. with sklearn.preprocessing.StandardScaler)."
            )
        self._arch_, self._hidden_ = self.architecture, hidden
        self._activation_, self._skip_ = self.activation, bool(self.skip_connection)
        self._init_ = self.init
        tau = float(self.noise_variance) / self.n_steps
        self.step_noise_variance_ = tau
        sqrt_tau = float(np.sqrt(tau))

        def add_noise(Xb, yb, generator):
            # fresh noise of variance tau for every training batch; y stays clean
            eps = torch.randn(Xb.shape, generator=generator, dtype=Xb.dtype,
                              device=generator.device if generator is not None else "cpu")
            return Xb + sqrt_tau * eps.to(Xb.device), yb

        batch_size = self.batch_size
        if batch_size != "full":
            batch_size = min(int(batch_size), n_rep)

        current = be.tensor(X, dtype=dtype)
        # every draw (initialisation, shuffling, noise) comes from the local generator:
        # the global torch RNG is neither read nor changed, so fits are thread-safe
        state_dicts, curves, n_iter = [], [], []
        for _ in range(self.n_steps):
            module = self._build_module(dtype, be.device, be.generator)
            with torch.no_grad():
                module.center.copy_(current.mean(0))
                std = current.std(0, correction=0)
                module.scale.copy_(torch.where(std > 0, std, torch.ones_like(std)))
            Xrep = current.repeat(self.n_noise_draws, 1) if self.n_noise_draws > 1 else current
            res = train(module, Xrep, Xrep, loss="squared_error", solver=self.solver,
                        learning_rate=self.learning_rate, max_iter=self.max_iter,
                        batch_size=batch_size, alpha_l2=self.alpha_l2,
                        batch_transform=add_noise, generator=be.generator,
                        callbacks=self.callbacks, verbose=self.verbose)
            module = res.module.eval()
            with torch.no_grad():  # push the clean samples forward
                current = module(current)
            state_dicts.append(state_dict_to_cpu(module))
            curves.append([float(v) for v in res.loss_curve])
            n_iter.append(int(res.n_iter))
        self.state_dicts_ = state_dicts
        set_callback_attributes(self, self.callbacks)  # values of the last DAE step
        self.loss_curves_ = curves
        self.n_iter_ = np.asarray(n_iter)
        if self.architecture == "linear":
            coefs, intercepts = [], []
            for sd in state_dicts:
                W = sd["net.weight"].double().numpy()
                b = sd["net.bias"].double().numpy()
                c = sd["center"].double().numpy()
                D = sd["scale"].double().numpy()
                W = W / D[None, :]  # g(x) = x + W D^-1 (x - c) + b
                coefs.append(np.eye(d) + W)
                intercepts.append(b - W @ c)
            self.coef_ = np.stack(coefs)
            self.intercept_ = np.stack(intercepts)
        else:  # a refit with another architecture must not keep stale linear maps
            for attr in ("coef_", "intercept_"):
                self.__dict__.pop(attr, None)
        return self

    # ------------------------------------------------------------------ inference
    def transport(self, X):
        """Trajectory of ``X`` through the composed DAE.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Starting points.

        Returns
        -------
        ndarray of shape (n_steps + 1, n_samples, n_features)
            ``X`` (index 0) and its images after each DAE.
        """
        X = self._inference_setup(X)
        mods = self._modules()

        def trajectory(x):
            out = [x]
            for m in mods:
                x = m(x)
                out.append(x)
            return torch.stack(out, dim=1)  # (rows, n_steps + 1, d): chunks stack on rows

        out = self._predict_in_chunks(trajectory, X)
        return self._check_finite_output(np.ascontiguousarray(out.transpose(1, 0, 2)), X)

    def transform(self, X):
        """Push ``X`` through all ``n_steps`` DAEs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            ``g_L o ... o g_1 (X)``.
        """
        X = self._inference_setup(X)
        mods = self._modules()

        def compose(x):
            for m in mods:
                x = m(x)
            return x

        return self._check_finite_output(self._predict_in_chunks(compose, X), X)

    def denoise(self, X_noisy, step=0):
        """Apply one DAE (by default the first, trained on the data) to noisy inputs.

        Parameters
        ----------
        X_noisy : array-like of shape (n_samples, n_features)
            Inputs ``x + eps`` with noise variance ``step_noise_variance_``.
        step : int, default=0
            Which DAE of the composition to apply.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            The denoised points ``g_step(X_noisy)``.
        """
        X = self._inference_setup(X_noisy)
        if not isinstance(step, Integral) or not 0 <= step < len(self.state_dicts_):
            raise ValueError(f"step must be an integer in [0, {len(self.state_dicts_)}); got {step!r}.")
        m = self._inference_module(state=self.state_dicts_[step])
        return self._check_finite_output(self._predict_in_chunks(m, X), X)

    def score(self, X, y=None):
        """Negative denoising error, averaged over the composed DAEs.

        For each DAE ``g_l`` (input: ``X`` pushed through the previous ones,
        ``x_l``), the error is the mean over samples of ``|g_l(x_l + eps) - x_l|^2``
        with ``eps ~ N(0, tau I)`` drawn from a generator seeded by
        ``random_state``. Higher is better.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Clean test data.
        y : None
            Ignored.

        Returns
        -------
        float
            Minus the mean denoising error.
        """
        X = self._inference_setup(X)
        device, dtype = self._predict_device(), torch.float64
        gen = make_generator(self.random_state, "cpu")
        cur = as_tensor(X, device, dtype)
        sqrt_tau = float(np.sqrt(self.step_noise_variance_))
        errs = []
        with torch.no_grad():
            for m in self._modules():
                eps = torch.randn(cur.shape, generator=gen, dtype=dtype).to(device)
                errs.append(float(((m(cur + sqrt_tau * eps) - cur) ** 2).sum(1).mean()))
                cur = m(cur)
        return -float(np.mean(errs))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
