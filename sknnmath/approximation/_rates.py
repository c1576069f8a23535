"""Rate studies: smooth periodic targets, their exact Fourier errors, and many MLPs trained at once.

* :class:`SmoothPeriodicTarget` — a random-phase Fourier series on ``[0, 1]^d`` whose
  coefficients decay like ``(1 + |k|²)^{−(β + d/2)/2}``: its best approximation by
  the Fourier partial sum over ``|k| < N`` has an L² error ``≍ N^{−β} = W^{−β/d}``
  (computed exactly by Parseval, no sampling);
* :func:`fit_batched_mlps` — ``n_models`` MLPs of one architecture (different seeds,
  and optionally different widths padded into one) trained in **one** engine call
  through the layer registry's batched networks; the rate studies and their
  benchmark use it instead of a Python loop of fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numbers import Integral, Real
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["SmoothPeriodicTarget", "fit_batched_mlps", "BatchedMLPFit", "hypersurface_target"]


class SmoothPeriodicTarget:
    """A ``β``-smooth 1-periodic function on ``[0, 1]^d`` with known Fourier coefficients.

    ``f(x) = Σ_{0 < |k| ≤ K, k ∈ half-lattice} a_k cos(2π k·x + φ_k)`` with
    ``a_k = c (1 + |k|²)^{−(β + d/2)/2}`` and uniform random phases, normalised
    to ``‖f‖_{L²} = 1``. Since ``Σ_{|k| ≥ N} a_k² ≍ N^{−2β}``, the Fourier partial
    sum with ``W ≍ N^d`` real coefficients has L² error ``≍ W^{−β/d}`` —
    document 004's rate for ``β``-smooth targets (Newman et al. 1964 for
    Fourier bases), exactly computable here by Parseval.

    Parameters
    ----------
    n_dims : int
        ``d``.
    beta : float, default=2.0
        Smoothness (Sobolev sense: ``f ∈ H^s`` for every ``s < β``).
    max_frequency : int, default=16
        ``K``, the truncation of the defining series.
    random_state : int, default=0
        Seed of the phases.

    Examples
    --------
    >>> t = SmoothPeriodicTarget(2, beta=2.0, max_frequency=8, random_state=0)
    >>> round(float(np.sqrt(np.mean(t(np.random.default_rng(0).uniform(size=(20000, 2))) ** 2))), 1)
    1.0
    >>> bool(t.fourier_error(2) > t.fourier_error(4) > 0)
    True
    """

    def __init__(self, n_dims, beta=2.0, max_frequency=16, random_state=0):
        from ..fourier import fourier_frequencies

        self.n_dims = int(n_dims)
        self.beta = float(beta)
        self.max_frequency = int(max_frequency)
        k = fourier_frequencies(self.max_frequency + 1, self.n_dims, max_terms=10**7)[1:]
        self.frequencies = k.astype(np.float64)
        norm2 = (k**2).sum(axis=1).astype(np.float64)
        self.radius2 = norm2
        amp = (1.0 + norm2) ** (-(self.beta + self.n_dims / 2) / 2)
        rng = np.random.default_rng(random_state)
        self.phases = rng.uniform(0, 2 * np.pi, len(k))
        self.amplitudes = amp / math.sqrt(0.5 * (amp**2).sum())

    def __call__(self, X, block=4096):
        """Evaluate ``f`` at the rows of ``X`` (blocks bound the memory)."""
        X = np.asarray(X, dtype=np.float64)
        out = np.empty(len(X))
        for s in range(0, len(X), block):
            ph = 2 * np.pi * X[s:s + block] @ self.frequencies.T + self.phases
            out[s:s + block] = np.cos(ph) @ self.amplitudes
        return out

    def fourier_error(self, n_frequencies):
        """L² error of the partial sum over ``|k| < N`` (Parseval; exact for the truncated series)."""
        tail = self.radius2 >= int(n_frequencies) ** 2
        return float(math.sqrt(0.5 * (self.amplitudes[tail] ** 2).sum()))

    def fourier_n_params(self, n_frequencies):
        """Number of real coefficients ``W`` of the partial sum over ``|k| < N`` (constant included)."""
        n_half = int((self.radius2 < int(n_frequencies) ** 2).sum())
        return 2 * n_half + 1


@dataclass
class BatchedMLPFit:
    """Result of :func:`fit_batched_mlps`: ``n_models`` trained networks.

    Parameters
    ----------
    network : torch.nn.Module
        The batched network (``BatchedMLP``), on the training device.
    hidden : tuple of int
        Hidden widths (the padded, common architecture).
    widths : ndarray of shape (n_models,)
        Each model's own width of every hidden layer (units beyond it are masked to zero).
    n_params : ndarray of shape (n_models,)
        Each model's effective number of parameters.
    loss_curve : list of float
        Summed training loss per epoch.
    """

    network: object
    hidden: tuple
    widths: np.ndarray
    n_params: np.ndarray
    loss_curve: list

    def predict(self, X):
        """Outputs of every model.

        Rows are evaluated in chunks within scikit-learn's ``working_memory``
        (:func:`sknnmath.base.predict_in_chunks`).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs (the same preprocessing as the training inputs).

        Returns
        -------
        ndarray of shape (n_models, n_samples)
            Outputs (float64).
        """
        from ..base import predict_in_chunks

        p = next(self.network.parameters())
        X = np.asarray(X, dtype=np.float64)
        # per row and model: the input and each hidden layer's pre-activation and activation
        row_bytes = p.element_size() * len(self.widths) * (X.shape[1] + 2 * sum(self.hidden) + 1)
        return predict_in_chunks(lambda xt: self.network(xt)[..., 0].double(), X,
                                 row_bytes=row_bytes, device=p.device, dtype=p.dtype, axis=1)


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        "hidden_layer_sizes": ["array-like"],
        "n_models": [Interval(Integral, 1, None, closed="left"), None],
        "widths": ["array-like", None],
        "random_state": ["random_state"],
        "activation": [str],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "device": [str, torch.device],
        "dtype": [torch.dtype],
    },
    prefer_skip_nested_validation=True,
)
def fit_batched_mlps(X, y, hidden_layer_sizes, *, n_models=None, widths=None, random_state=0,
                     activation="relu", learning_rate=3e-3, max_iter=2000, batch_size="full",
                     device="auto", dtype=torch.float32):
    """Train many MLPs at once — seeds and (optionally) widths — in one engine call.

    All models share the architecture ``hidden_layer_sizes`` (the largest one);
    ``widths`` gives each model its own number of units per hidden layer, the
    rest being held at zero by a gradient mask (exactly a narrower network: a
    zero unit contributes nothing and receives no update). The loss is summed
    over models, so each model's parameters see only their own gradient
    (Adam acts element-wise): the models are independent, as in a loop of fits.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Inputs, shared by all models.
    y : array-like of shape (n_samples,)
        Targets.
    hidden_layer_sizes : tuple of int
        Architecture (the maximum width per hidden layer).
    n_models : int or None, default=None
        Number of models; with ``widths`` it defaults to ``len(widths)``.
    widths : array-like of int or None, default=None
        Per-model hidden width (every hidden layer capped at it).
    random_state : int, default=0
        Seeds of the per-model generators (``spawn_seeds``).
    activation : str, default="relu"
        A registered activation.
    learning_rate : float, default=3e-3
        Adam step size.
    max_iter : int, default=2000
        Epochs.
    batch_size : "full" or int, default="full"
        As in :class:`~sknnmath.neural_network.MLPRegressor`.
    device : str, default="auto"
        Training device.
    dtype : torch.dtype, default=torch.float32
        Parameter dtype.

    Returns
    -------
    BatchedMLPFit

    Examples
    --------
    >>> import numpy as np
    >>> X = np.linspace(-1, 1, 64).reshape(-1, 1)
    >>> fit = fit_batched_mlps(X, X.ravel() ** 2, (16,), widths=[2, 16], max_iter=300,
    ...                        learning_rate=0.02, device="cpu")
    >>> err = np.abs(fit.predict(X) - X.ravel() ** 2).max(axis=1)
    >>> fit.n_params.tolist(), bool(err[1] < err[0])
    ([7, 49], True)
    """
    from .._backend import make_generator, resolve_device
    from .._engine import train
    from .._layers import build_mlp
    from ..neural_network import mlp_parameter_count
    from ..reproduce import spawn_seeds

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    hidden = tuple(int(h) for h in hidden_layer_sizes)
    if widths is not None:
        widths = np.asarray(widths, dtype=int)
        n_models = len(widths) if n_models is None else int(n_models)
        if len(widths) != n_models:
            raise ValueError(f"{len(widths)} widths for {n_models} models.")
    else:
        n_models = 1 if n_models is None else int(n_models)
        widths = np.full(n_models, max(hidden))
    dev = resolve_device(device)
    gens = [make_generator(s) for s in spawn_seeds(random_state, n_models)]
    net = build_mlp(X.shape[1], hidden, 1, activation=activation, generator=gens,
                    n_models=n_models, dtype=dtype, device=dev)
    # per-model unit masks on every hidden layer (weights into and out of masked units are 0)
    masks = [torch.as_tensor((np.arange(h)[None, :] < widths[:, None]).astype(np.float32),
                             dtype=dtype, device=dev) for h in hidden]
    with torch.no_grad():
        for i, m in enumerate(masks):
            net.weights[i].mul_(m[:, None, :])
            net.biases[i].mul_(m[:, None, :])
            net.weights[i + 1].mul_(m[:, :, None])
    hooks = []
    for i, m in enumerate(masks):
        hooks.append(net.weights[i].register_hook(lambda g, m=m: g * m[:, None, :]))
        hooks.append(net.biases[i].register_hook(lambda g, m=m: g * m[:, None, :]))
        hooks.append(net.weights[i + 1].register_hook(lambda g, m=m: g * m[:, :, None]))
    Xt = torch.as_tensor(X, dtype=dtype, device=dev)
    yt = torch.as_tensor(y, dtype=dtype, device=dev)
    try:
        res = train(net, Xt, yt, loss="squared_error", solver="adam", learning_rate=learning_rate,
                    max_iter=max_iter, batch_size=batch_size, generator=gens[0])
    finally:
        for h in hooks:
            h.remove()
    n_params = np.array([mlp_parameter_count((X.shape[1], *[min(h, w) for h in hidden], 1))
                         for w in widths])
    return BatchedMLPFit(net, hidden, widths, n_params, list(res.loss_curve))


def _radius(d):
    # ball volume = 1/4 of the cube [-1, 1]^d, capped inside the cube
    from scipy.special import gamma

    r = (0.25 * 2.0**d * gamma(d / 2 + 1) / math.pi ** (d / 2)) ** (1 / d)
    return min(r, 0.9)


@validate_params(
    {
        "X": ["array-like"],
        "shape": [StrOptions({"ball", "wavy"})],
    },
    prefer_skip_nested_validation=True,
)
def hypersurface_target(X, shape="ball"):
    """Targets smooth inside a region with a smooth boundary and 0 outside, on ``[−1, 1]^d``.

    ``f(x) = (1 + x_1/2) · 1{x ∈ Ω}`` with ``Ω`` the ball ``|x| < r_d`` (radius
    chosen so that ``Ω`` fills a quarter of the cube, at most 0.9) or the
    non-convex region ``|x|² + 0.3 r_d² sin(4 x_1 / r_d) < r_d²`` (a ball with a
    smooth wavy boundary). ``Ω`` stays inside the cube, so the period-2
    extension has no other discontinuity.

    Parameters
    ----------
    X : ndarray of shape (n_samples, d)
        Points of ``[−1, 1]^d``.
    shape : {"ball", "wavy"}, default="ball"
        The region.

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> hypersurface_target(np.zeros((1, 3))).tolist()
    [1.0]
    """
    X = np.asarray(X, dtype=np.float64)
    r = _radius(X.shape[1])
    q = (X**2).sum(axis=1)
    if shape == "wavy":
        q = q + 0.3 * r**2 * np.sin(4 * X[:, 0] / r)
    elif shape != "ball":
        raise ValueError(f"shape must be 'ball' or 'wavy'; got {shape!r}.")
    return (1 + 0.5 * X[:, 0]) * (q < r**2)
