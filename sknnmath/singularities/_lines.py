"""Critical lines γ_λ of Fukumizu & Amari (2000): loss, gradient, Hessian along a unit split.

A critical point θ* of the network with H − 1 hidden units embeds into the H-unit
network along the line γ_λ (unit j split into two copies with output weights λ v*
and (1 − λ) v*, :func:`~sknnmath.singularities.embed_unit` with ``kind="split"``).
Every point of the line is a critical point. For one hidden layer and a scalar
output, the second-order change of the loss in the split direction η is
½ λ(1 − λ) ηᵀAη with

    A = Σ_n (∂ℓ/∂f)_n v* φ''(w̃*·x̃_n) x̃_n x̃_nᵀ,

so (with θ* a strict local minimum of the smaller network) the points with
λ(1 − λ)A positive definite are local minima and all others saddles: minima on
λ ∈ (0, 1) when A > 0, on λ ∉ [0, 1] when A < 0, none when A is indefinite.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from .._layers import get_activation
from .._linalg import lstsq
from ._core import embed_unit, network_weights, set_network_weights
from numbers import Integral, Real
from sklearn.utils._param_validation import HasMethods, Interval, validate_params

__all__ = ["data_with_split_curvature", "squared_loss_function", "refine_critical_point", "split_curvature_matrix", "critical_line"]


def _real_net(estimator):
    W, b, act = network_weights(estimator)
    if np.iscomplexobj(W[0]):
        raise ValueError("Critical-line analysis supports real MLPs only.")
    return W, b, act


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def squared_loss_function(estimator, X, y):
    """E(θ) = (1/2N) Σ_n ‖y_n − f(x_n; θ)‖² of the estimator's architecture as a torch function.

    Parameters
    ----------
    estimator : fitted MLPRegressor
        Fixes the architecture and the activation.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)

    Returns
    -------
    loss : callable
        ``loss(theta)`` on a flat float64 tensor of all weights and biases
        (layer by layer: W[l] row-major, then b[l]).
    theta : torch.Tensor
        The estimator's flat parameter vector (float64).
    unflatten : callable
        ``unflatten(theta) -> (W, b)`` as numpy lists.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import squared_loss_function
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((3,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> loss, theta, _ = squared_loss_function(est, X, X[:, 0])
    >>> theta.numel(), bool(abs(float(loss(theta)) - 0.5 * np.mean((est.predict(X) - X[:, 0]) ** 2)) < 1e-12)
    (13, True)
    """
    W, b, act = _real_net(estimator)
    phi = get_activation(act).torch
    Xt = torch.as_tensor(np.asarray(X, dtype=np.float64))
    Yt = torch.as_tensor(np.asarray(y, dtype=np.float64)).reshape(Xt.shape[0], -1)
    shapes = [(w.shape, v.shape) for w, v in zip(W, b)]

    def split(theta):
        out, i = [], 0
        for sw, sb in shapes:
            nw, nb = sw[0] * sw[1], sb[0]
            out.append((theta[i:i + nw].reshape(sw), theta[i + nw:i + nw + nb]))
            i += nw + nb
        return out

    def loss(theta):
        h = Xt
        layers = split(theta)
        for w, v in layers[:-1]:
            h = phi(h @ w + v)
        w, v = layers[-1]
        return 0.5 * ((h @ w + v - Yt) ** 2).sum(dim=1).mean()

    def unflatten(theta):
        layers = split(torch.as_tensor(theta))
        return [w.detach().numpy().copy() for w, _ in layers], [v.detach().numpy().copy() for _, v in layers]

    theta = torch.cat([torch.as_tensor(a).reshape(-1) for w, v in zip(W, b) for a in (w, v)])
    return loss, theta, unflatten


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
        "max_steps": [Interval(Integral, 0, None, closed="left")],
        "gtol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def refine_critical_point(estimator, X, y, max_steps=100, gtol=1e-12):
    """Newton (Levenberg-damped) refinement of a trained network to a critical point of E.

    The engine's SGD leaves the gradient at ~1e-4; the critical-line analysis needs
    an exact critical point, so a few float64 Newton steps with the Hessian of
    ``torch.func.hessian`` follow training (damping μ grows until the loss decreases).

    Parameters
    ----------
    estimator : fitted MLPRegressor
    X, y : array-like
        The training data.
    max_steps : int, default=100
    gtol : float, default=1e-12
        Stop when the gradient norm is below gtol.

    Returns
    -------
    refined : MLPRegressor
        A fitted copy at the refined parameters.
    grad_norm : float
        ‖∇E‖ at the refined point.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import refine_critical_point
    >>> X = np.random.default_rng(0).normal(size=(30, 1))
    >>> est = MLPRegressor((1,), activation="tanh", max_iter=300, learning_rate=0.05,
    ...                    device="cpu", random_state=0).fit(X, np.sin(2 * X[:, 0]))
    >>> _, g = refine_critical_point(est, X, np.sin(2 * X[:, 0]))
    >>> g < 1e-10
    True
    """
    loss, theta, unflatten = squared_loss_function(estimator, X, y)
    mu = 1e-6
    for _ in range(max_steps):
        g = torch.func.grad(loss)(theta)
        if float(g.norm()) < gtol:
            break
        H = torch.func.hessian(loss)(theta)
        e0 = float(loss(theta))
        eye = torch.eye(theta.numel(), dtype=theta.dtype)
        while mu < 1e8:
            step = torch.linalg.solve(H + mu * eye, -g)
            if float(loss(theta + step)) <= e0:
                theta = theta + step
                mu = max(mu / 10, 1e-12)
                break
            mu *= 10
        else:
            break
    W, b = unflatten(theta)
    g = float(torch.func.grad(loss)(theta).norm())
    return set_network_weights(estimator, W, b), g


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
        "unit": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def split_curvature_matrix(estimator, X, y, unit=0):
    """Fukumizu–Amari's A = Σ_n (∂ℓ/∂f)_n v* φ''(w̃*·x̃_n) x̃_n x̃_nᵀ for one hidden unit.

    For the loss E = (1/2N) Σ (f − y)², (∂ℓ/∂f)_n = (f_n − y_n)/N. One hidden
    layer, one output.

    Parameters
    ----------
    estimator : fitted MLPRegressor with one hidden layer and one output
    X, y : array-like
    unit : int, default=0
        The unit j to be split.

    Returns
    -------
    ndarray of shape (n_features + 1, n_features + 1)
        Symmetric; index 0 is the bias coordinate.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import split_curvature_matrix
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((2,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> split_curvature_matrix(est, X, X[:, 0]).shape
    (3, 3)
    """
    W, b, act = _real_net(estimator)
    if len(W) != 2 or W[1].shape[1] != 1:
        raise ValueError("split_curvature_matrix needs one hidden layer and one output.")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).ravel()
    phi = get_activation(act).torch
    d2 = torch.func.vmap(torch.func.grad(torch.func.grad(lambda t: phi(t))))
    u = torch.as_tensor(X @ W[0][:, unit] + b[0][unit])
    f = estimator.predict(X).ravel()
    dl = (f - y) / X.shape[0]
    Xt = np.column_stack([np.ones(len(X)), X])
    c = dl * W[1][unit, 0] * d2(u).numpy()
    A = (Xt * c[:, None]).T @ Xt
    return 0.5 * (A + A.T)


def _definiteness(A, rtol=1e-9):
    ev = np.linalg.eigvalsh(A)
    scale = np.max(np.abs(ev))
    if ev.min() > rtol * scale:
        return "positive"
    if ev.max() < -rtol * scale:
        return "negative"
    return "indefinite"


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
        "lams": ["array-like"],
        "unit": [Interval(Integral, 0, None, closed="left")],
        "rtol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def critical_line(estimator, X, y, lams, unit=0, rtol=1e-7):
    """Loss, gradient and Hessian spectrum along the split line γ_λ of ``unit``.

    Parameters
    ----------
    estimator : fitted MLPRegressor (H − 1 hidden units, one hidden layer, one output)
        Ideally at a critical point (see :func:`refine_critical_point`).
    X, y : array-like
        Training data of the loss E = (1/2N) Σ (f − y)².
    lams : array-like of float
        Points λ of the line.
    unit : int, default=0
        The unit split into λ and 1 − λ.
    rtol : float, default=1e-7
        A Hessian eigenvalue below −rtol · max|eigenvalue| counts as negative.

    Returns
    -------
    table : pandas.DataFrame
        Per λ: ``lam``, ``loss``, ``grad_norm``, ``relative_grad`` (‖∇E‖/E),
        ``min_eig``, ``max_eig``, ``n_negative``, ``hessian_class``
        ("minimum"/"saddle"), ``theory_class`` (from A) and ``agree``.
    info : dict
        ``A`` (the matrix), ``A_sign`` ("positive"/"negative"/"indefinite"),
        ``base_is_minimum`` (the smaller network's Hessian is positive definite),
        ``eigvals`` (λ -> Hessian eigenvalues), ``directions`` (λ -> eigenvector of
        the most negative eigenvalue), ``hessian_seconds`` (mean time per λ).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import critical_line
    >>> X = np.random.default_rng(0).normal(size=(20, 1))
    >>> est = MLPRegressor((1,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> table, info = critical_line(est, X, X[:, 0], [0.5, 2.0])
    >>> list(table["lam"])
    [0.5, 2.0]
    """
    import time

    A = split_curvature_matrix(estimator, X, y, unit=unit)
    sign = _definiteness(A)
    # the theorem needs θ* to be a strict local minimum of the smaller network
    loss0, theta0, _ = squared_loss_function(estimator, X, y)
    ev0 = torch.linalg.eigvalsh(torch.func.hessian(loss0)(theta0)).numpy()
    base_min = bool(ev0.min() > rtol * np.abs(ev0).max())
    rows, eig, dirs, times = [], {}, {}, []
    for lam in np.asarray(lams, dtype=np.float64):
        big = embed_unit(estimator, 0, unit, "split", float(lam))
        loss, theta, _ = squared_loss_function(big, X, y)
        t0 = time.perf_counter()
        H = torch.func.hessian(loss)(theta)
        times.append(time.perf_counter() - t0)
        g = torch.func.grad(loss)(theta)
        ev, vec = torch.linalg.eigh(H)
        ev = ev.numpy()
        e = float(loss(theta))
        neg = ev < -rtol * np.abs(ev).max()
        hclass = "saddle" if neg.any() else "minimum"
        w = lam * (1 - lam)
        tclass = ("minimum" if base_min and ((sign == "positive" and w > 0)
                                             or (sign == "negative" and w < 0)) else "saddle")
        eig[float(lam)] = ev
        dirs[float(lam)] = vec[:, 0].numpy()
        rows.append({"lam": float(lam), "loss": e, "grad_norm": float(g.norm()),
                     "relative_grad": float(g.norm()) / max(e, np.finfo(float).tiny),
                     "min_eig": float(ev[0]), "max_eig": float(ev[-1]), "n_negative": int(neg.sum()),
                     "hessian_class": hclass, "theory_class": tclass, "agree": hclass == tclass})
    info = {"A": A, "A_sign": sign, "base_is_minimum": base_min, "eigvals": eig, "directions": dirs,
            "hessian_seconds": float(np.mean(times)) if times else float("nan")}
    return pd.DataFrame(rows), info


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "A_target": ["array-like"],
        "unit": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def data_with_split_curvature(estimator, X, A_target, unit=0):
    """Targets y making the fitted (H − 1)-unit network critical with a prescribed A.

    Constructs the test cases of the Fukumizu–Amari condition: the residual
    r = f(X; θ*) − y is the minimum-norm vector orthogonal to every column of the
    Jacobian ∂f/∂θ (so ∇E(θ*) = Jᵀr/N = 0 exactly, up to rounding) whose split
    curvature matrix A(r) = Σ_n (r_n/N) v* φ''(w̃*·x̃_n) x̃_n x̃_nᵀ equals ``A_target``.
    Small targets keep θ* a strict local minimum (the Gauss–Newton part JᵀJ/N dominates).

    Parameters
    ----------
    estimator : fitted MLPRegressor with one hidden layer and one output
    X : array-like of shape (n_samples, n_features)
        Needs n_samples > n_parameters + (d + 1)(d + 2)/2.
    A_target : array-like of shape (n_features + 1, n_features + 1)
        Symmetric.
    unit : int, default=0

    Returns
    -------
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import data_with_split_curvature, split_curvature_matrix
    >>> X = np.linspace(-2, 2, 30)[:, None]
    >>> est = MLPRegressor((1,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> y = data_with_split_curvature(est, X, 1e-3 * np.eye(2))
    >>> bool(np.allclose(split_curvature_matrix(est, X, y), 1e-3 * np.eye(2), atol=1e-12))
    True
    """
    from scipy.linalg import null_space

    W, b, act = _real_net(estimator)
    if len(W) != 2 or W[1].shape[1] != 1:
        raise ValueError("data_with_split_curvature needs one hidden layer and one output.")
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    A_target = np.asarray(A_target, dtype=np.float64)
    if A_target.shape != (d + 1, d + 1) or not np.allclose(A_target, A_target.T):
        raise ValueError(f"A_target must be symmetric of shape {(d + 1, d + 1)}; got shape {A_target.shape}.")
    f = estimator.predict(X).ravel()
    # Jacobian of f(X; θ) at θ*: the loss of y = f - e_n ... via torch.func on the flat parameters
    loss, theta, _ = squared_loss_function(estimator, X, f)
    phi = get_activation(act).torch
    Xt = torch.as_tensor(X)
    p = theta.numel()
    H = W[0].shape[1]

    def forward(th):
        w0 = th[:d * H].reshape(d, H)
        b0 = th[d * H:d * H + H]
        w1 = th[d * H + H:d * H + 2 * H].reshape(H, 1)
        return (phi(Xt @ w0 + b0) @ w1).ravel() + th[-1]

    J = torch.func.jacrev(forward)(theta).numpy()  # (n, p)
    if n <= p + (d + 1) * (d + 2) // 2:
        raise ValueError(f"X needs more than {p + (d + 1) * (d + 2) // 2} rows; got {n}.")
    d2 = torch.func.vmap(torch.func.grad(torch.func.grad(lambda t: phi(t))))
    u = torch.as_tensor(X @ W[0][:, unit] + b[0][unit])
    c = W[1][unit, 0] * d2(u).numpy() / n
    Xtil = np.column_stack([np.ones(n), X])
    iu = np.triu_indices(d + 1)
    M = (Xtil[:, iu[0]] * Xtil[:, iu[1]] * c[:, None]).T  # (n_entries, n): A(r)[iu] = M r
    Nb = null_space(J.T)  # residuals orthogonal to the Jacobian
    MN = M @ Nb
    # the min-norm r-coefficients with M N coef = A_target (the solver module's dual path)
    coef = lstsq(torch.from_numpy(np.ascontiguousarray(MN)),
                 torch.from_numpy(np.ascontiguousarray(A_target[iu], dtype=np.float64))).coef.numpy().ravel()
    r = Nb @ coef
    return f - r
