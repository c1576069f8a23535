"""Even initialisation (document 003, Nitta, results (3)–(4)): symmetry of a weight
law, many seeds of deep ReLU students trained at once from one initialisation law, and
how far wide networks move from their initialisation.

Result (3): if the density of the parameters is even, p(w) = p(−w), two assumptions of a
no-bad-local-minima theorem for deep ReLU networks hold at the start of gradient
descent ("even initialization"). Result (4): for very wide networks (the neural-tangent
regime, Jacot et al.) the parameters barely move, so the law stays (nearly) even during
the whole training. The functions here measure both: the first numerically, as the share
of seeds that end at a high training loss, the second as the relative movement
‖θ_T − θ₀‖/‖θ₀‖ and the Kolmogorov–Smirnov distance between the trained weights W_T and
−W_T, as functions of the width.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._layers import INITS
from ..base import device_constraint

__all__ = ["init_symmetry", "make_teacher_task", "train_many_seeds", "wide_network_movement"]


@validate_params({"weights": ["array-like"]}, prefer_skip_nested_validation=True)
def init_symmetry(weights):
    """How far an empirical weight law is from even: KS(W, −W) and the odd moments.

    Parameters
    ----------
    weights : array-like
        Weights (any shape; flattened), at least 2 finite values.

    Returns
    -------
    dict
        ``ks``: the two-sample Kolmogorov–Smirnov statistic between ``w`` and ``-w``,
        i.e. sup_t |F(t) − (1 − F(−t⁻))| — 0 for an exactly symmetric sample, 1 when
        all weights share a sign; ``ks_pvalue``: scipy's two-sample p-value (it treats
        ``w`` and ``-w`` as independent samples, so it is only a guide);
        ``mean_std``: mean / std; ``skewness``: E(w³) / E(w²)^{3/2} (both moments
        about 0: odd moments of an even law vanish); ``n``: the sample size. For an
        even law the standard errors of ``mean_std`` and ``skewness`` are about
        1/√n and √(E w⁶/(E w²)³ / n) (√(15/n) for a normal law).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.singularities import init_symmetry
    >>> w = np.random.default_rng(0).uniform(-1, 1, 20000)
    >>> s = init_symmetry(w)
    >>> s["ks"] < 0.02, abs(s["skewness"]) < 0.05
    (True, True)
    >>> init_symmetry(np.abs(w))["ks"]
    1.0
    """
    from scipy.stats import ks_2samp

    w = np.asarray(weights, dtype=np.float64).ravel()
    if w.size < 2 or not np.all(np.isfinite(w)):
        raise ValueError(f"init_symmetry needs at least 2 finite weights; got {w.size} values"
                         + ("" if np.all(np.isfinite(w)) else " with NaN or inf") + ".")
    res = ks_2samp(w, -w)
    m2 = float(np.mean(w * w))
    scale = np.sqrt(m2) if m2 > 0 else 1.0
    return {"ks": float(res.statistic), "ks_pvalue": float(res.pvalue),
            "mean_std": float(np.mean(w) / scale), "skewness": float(np.mean(w ** 3) / scale ** 3),
            "n": int(w.size)}


def _check_hidden(hidden):
    from .._layers import check_hidden_sizes

    return check_hidden_sizes(hidden)


@validate_params(
    {
        "n_samples": [Interval(Integral, 2, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "hidden": ["array-like", Interval(Integral, 1, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def make_teacher_task(n_samples=128, n_features=4, hidden=(8, 8, 8), *, random_state=0):
    """A regression task whose targets come from a random deep ReLU teacher network.

    The teacher is :func:`~sknnmath.neural_network.build_mlp` with He initialisation
    (N(0, 2/fan_in), zero biases) and then uniform biases U(−½, ½) so that its units
    have different kinks; inputs are standard normal. Targets are standardised (mean
    0, variance 1), so a student's mean squared error is its loss relative to the
    variance of the targets: 1 for a constant prediction, 0 for a perfect fit.

    Parameters
    ----------
    n_samples : int, default=128
        Number of inputs.
    n_features : int, default=4
        Input dimension.
    hidden : int or tuple of int, default=(8, 8, 8)
        The teacher's hidden widths.
    random_state : int, default=0
        Seed of the inputs and the teacher.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from sknnmath.singularities import make_teacher_task
    >>> X, y = make_teacher_task(50, 3, (4, 4), random_state=0)
    >>> X.shape, round(float(y.var()), 6)
    ((50, 3), 1.0)
    """
    from .._layers import build_mlp

    hidden = _check_hidden(hidden)
    if not isinstance(n_samples, Integral) or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}.")
    if not isinstance(n_features, Integral) or n_features < 1:
        raise ValueError(f"n_features must be a positive integer; got {n_features!r}.")
    g = torch.Generator().manual_seed(int(random_state))
    X = torch.randn(int(n_samples), int(n_features), generator=g, dtype=torch.float64)
    teacher = build_mlp(int(n_features), hidden, 1, activation="relu", init="he", generator=g,
                        dtype=torch.float64)
    with torch.no_grad():
        for m in teacher.modules():
            if isinstance(m, torch.nn.Linear) and m.out_features != 1:
                m.bias.copy_(torch.rand(m.out_features, generator=g, dtype=torch.float64) - 0.5)
        y = teacher(X)[:, 0]
    sd = float(y.std(correction=0))
    if sd == 0.0:  # a dead teacher: every unit off on every input (rare); say so
        raise ValueError("The random teacher is constant on the inputs; choose another random_state.")
    y = (y - y.mean()) / sd
    return X.numpy(), y.numpy()


def _per_model_gradient_norm(module, X, y):
    """‖∇_θ L_s‖ of each model's own mean squared error: (S,)."""
    module.zero_grad(set_to_none=True)
    out = module(X)[..., 0]  # (S, n)
    loss = 0.5 * ((out - y) ** 2).mean(dim=1).sum()  # the sum keeps the models' gradients separate
    params = [p for p in module.parameters() if p.requires_grad]
    grads = torch.autograd.grad(loss, params)
    sq = sum(g.reshape(g.shape[0], -1).square().sum(dim=1) for g in grads)
    return sq.sqrt().detach().double().cpu().numpy()


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions(set(INITS))],
        "n_seeds": [Interval(Integral, 1, None, closed="left")],
        "activation": [str],
        "solver": [str],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "device": device_constraint(),
    },
    prefer_skip_nested_validation=True,
)
def train_many_seeds(X, y, hidden_layer_sizes, *, init="even", n_seeds=200, activation="relu",
                     solver="adam", learning_rate=1e-2, max_iter=1000, random_state=0, device="cpu"):
    """Train ``n_seeds`` students from one initialisation law at once; their final losses.

    The students are one batched module (:func:`~sknnmath.neural_network.build_mlp`
    with ``n_models=n_seeds``, seed ``s`` initialised from its own generator) trained
    by the package's engine in one call: full-batch ``solver`` on the squared error,
    each model's gradient its own (the loss is summed over the models). No Python loop
    of fits.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like of shape (n_samples,)
        Targets (e.g. standardised, from :func:`make_teacher_task`).
    hidden_layer_sizes : int or tuple of int
        Hidden widths of every student.
    init : str, default="even"
        A law of the layer registry (``sknnmath._layers.INITS``): the even laws
        ``"even"``, ``"he"``, ``"glorot"`` or the non-even controls
        ``"positive_uniform"``, ``"half_normal"``.
    n_seeds : int, default=200
        Number of students.
    activation : str, default="relu"
        Hidden activation (layer registry).
    solver : str, default="adam"
        Optimiser of the engine.
    learning_rate : float, default=1e-2
        Step size.
    max_iter : int, default=1000
        Full-batch epochs.
    random_state : int, default=0
        Seed of the students' seeds (:func:`~sknnmath.reproduce.spawn_seeds`).
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="cpu"
        Where to train (float32).

    Returns
    -------
    dict
        ``final_loss`` (n_seeds,): mean squared error / var(y) after training;
        ``initial_loss`` (n_seeds,): the same at initialisation; ``gradient_norm``
        (n_seeds,): ‖∇_θ ½ MSE‖ at the end (near 0 at a critical point);
        ``constant_output`` (n_seeds,) bool: the trained student's prediction has
        spread below 1e-6 · std(y) (every path through the ReLUs is off — a dead
        network, one kind of bad local minimum).

    Examples
    --------
    >>> from sknnmath.singularities import make_teacher_task, train_many_seeds
    >>> X, y = make_teacher_task(32, 2, (4,), random_state=0)
    >>> r = train_many_seeds(X, y, (4,), init="even", n_seeds=3, max_iter=5)
    >>> r["final_loss"].shape
    (3,)
    """
    from .._backend import resolve_device
    from .._engine import train
    from .._layers import INITS, build_mlp
    from ..reproduce import spawn_seeds

    if init not in INITS:
        raise ValueError(f"Unknown init {init!r}; expected one of {INITS}.")
    if not isinstance(n_seeds, Integral) or n_seeds < 1:
        raise ValueError(f"n_seeds must be a positive integer; got {n_seeds!r}.")
    hidden = _check_hidden(hidden_layer_sizes)
    dev = resolve_device(device)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).ravel()
    if X.ndim != 2 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"X must be 2-D with as many rows as y; got X {X.shape}, y {y.shape}.")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite (no NaN or inf).")
    var = float(y.var())
    if var == 0.0:
        raise ValueError("y is constant: a relative loss is undefined.")
    Xt = torch.as_tensor(X, dtype=torch.float32, device=dev)
    yt = torch.as_tensor(y, dtype=torch.float32, device=dev)
    gens = [torch.Generator().manual_seed(int(s)) for s in spawn_seeds(random_state, int(n_seeds))]
    net = build_mlp(X.shape[1], hidden, 1, activation=activation, init=init, generator=gens,
                    dtype=torch.float32, device=dev, n_models=int(n_seeds))

    def mse():
        with torch.no_grad():
            out = net(Xt)[..., 0]
            return (((out - yt) ** 2).mean(dim=1) / var).double().cpu().numpy(), out

    initial, _ = mse()
    train(net, Xt, yt.view(-1, 1), loss="squared_error", solver=solver, learning_rate=learning_rate,
          max_iter=int(max_iter), batch_size="full",
          generator=torch.Generator().manual_seed(int(random_state)))
    final, out = mse()
    spread = out.std(dim=1, correction=0).double().cpu().numpy()
    return {"final_loss": final, "initial_loss": initial,
            "gradient_norm": _per_model_gradient_norm(net, Xt, yt),
            "constant_output": spread < 1e-6 * np.sqrt(var)}


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        "width": [Interval(Integral, 1, None, closed="left")],
        "depth": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions(set(INITS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "device": device_constraint(),
    },
    prefer_skip_nested_validation=True,
)
def wide_network_movement(X, y, width, *, depth=2, init="even", learning_rate=1.0, max_iter=200,
                          random_state=0, device="cpu"):
    """Relative movement ‖θ_T − θ₀‖/‖θ₀‖ of one deep ReLU network and the symmetry of W_T.

    Standard parameterisation (the registry's ``init`` law, e.g. U(−1/√fan_in,
    1/√fan_in)) trained by full-batch gradient descent with step
    ``learning_rate / width``. This is the step size that keeps training stable as
    the width grows (the empirical tangent kernel of the standard parameterisation
    grows ∝ width); for the hidden and output layers it is the same dynamics as the
    NTK parameterisation (weights N(0, 1)-scale, a 1/√fan_in factor in the forward
    pass) trained with the fixed step ``learning_rate``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    width : int
        Width of every hidden layer.
    depth : int, default=2
        Number of hidden layers.
    init : str, default="even"
        A law of the layer registry.
    learning_rate : float, default=1.0
        η₀; the step is η₀ / width.
    max_iter : int, default=200
        Full-batch gradient-descent steps.
    random_state : int, default=0
        Seed of the initialisation.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="cpu"
        Where to train (float32).

    Returns
    -------
    dict
        ``relative_movement``: ‖θ_T − θ₀‖/‖θ₀‖ over all weights and biases;
        ``layer_movement``: the same per weight matrix (input layer first);
        ``ks_init`` / ``ks_trained``: per weight matrix, :func:`init_symmetry`'s
        KS statistic of W₀ and of W_T; ``ks_noise``: 1.36·√(2/n), the 5 % critical
        value of the two-sample KS statistic for a sample of ``n`` weights, per
        matrix; ``initial_loss`` / ``final_loss``: mean squared error / var(y);
        ``n_parameters``.

    Examples
    --------
    >>> from sknnmath.singularities import make_teacher_task, wide_network_movement
    >>> X, y = make_teacher_task(32, 2, (4,), random_state=0)
    >>> r = wide_network_movement(X, y, 16, max_iter=5)
    >>> 0 < r["relative_movement"] < 1
    True
    """
    from .._backend import resolve_device
    from .._engine import train
    from .._layers import INITS, build_mlp

    if init not in INITS:
        raise ValueError(f"Unknown init {init!r}; expected one of {INITS}.")
    if not isinstance(width, Integral) or width < 1:
        raise ValueError(f"width must be a positive integer; got {width!r}.")
    if not isinstance(depth, Integral) or depth < 1:
        raise ValueError(f"depth must be a positive integer; got {depth!r}.")
    if not isinstance(learning_rate, Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive; got {learning_rate!r}.")
    dev = resolve_device(device)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).ravel()
    var = float(y.var())
    Xt = torch.as_tensor(X, dtype=torch.float32, device=dev)
    yt = torch.as_tensor(y, dtype=torch.float32, device=dev).view(-1, 1)
    net = build_mlp(X.shape[1], (int(width),) * int(depth), 1, activation="relu", init=init,
                    generator=torch.Generator().manual_seed(int(random_state)), dtype=torch.float32,
                    device=dev)
    theta0 = [p.detach().clone() for p in net.parameters()]
    weights0 = [m.weight.detach().double().cpu().numpy().copy() for m in net.modules()
                if isinstance(m, torch.nn.Linear)]

    def loss():
        with torch.no_grad():
            return float(((net(Xt) - yt) ** 2).mean()) / var

    initial = loss()
    train(net, Xt, yt, loss="squared_error", solver="sgd", learning_rate=learning_rate / width,
          max_iter=int(max_iter), batch_size="full",
          generator=torch.Generator().manual_seed(int(random_state)))
    final = loss()
    theta = [p.detach() for p in net.parameters()]
    num = float(sum(((a - b).double() ** 2).sum() for a, b in zip(theta, theta0)))
    den = float(sum((b.double() ** 2).sum() for b in theta0))
    weights = [m.weight.detach().double().cpu().numpy() for m in net.modules()
               if isinstance(m, torch.nn.Linear)]
    return {
        "width": int(width),
        "relative_movement": float(np.sqrt(num / den)),
        "layer_movement": [float(np.linalg.norm(w - w0) / np.linalg.norm(w0))
                           for w, w0 in zip(weights, weights0)],
        "ks_init": [init_symmetry(w0)["ks"] for w0 in weights0],
        "ks_trained": [init_symmetry(w)["ks"] for w in weights],
        "ks_noise": [1.36 * np.sqrt(2.0 / w.size) for w in weights],
        "initial_loss": initial, "final_loss": final,
        "n_parameters": int(sum(p.numel() for p in net.parameters())),
    }
