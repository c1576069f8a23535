"""Newton's method with the exact Hessian (document 002 §II.B.6, eqs. (24)–(29)).

Document 002 derives Newton's update θ ← θ − H⁻¹∇L (eq. (28)) and discards it
as too costly. This module runs it on tiny networks so that the cost can be
measured: the Hessian is formed exactly by ``torch.func.hessian`` (P² entries
for P parameters, O(P²) memory) and the damped Newton system is solved by a
Cholesky factorisation (O(P³) time). It is a second-order *solver* — one
iteration is one full-batch Newton step, not an epoch of the training engine.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from numbers import Integral, Real
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["NewtonResult", "newton_minimize", "network_loss_function"]


@dataclass
class NewtonResult:
    """What :func:`newton_minimize` returns.

    Parameters
    ----------
    theta : torch.Tensor
        The final parameter vector (float64).
    losses : list of float
        Loss at the start and after each accepted step.
    grad_norms : list of float
        ‖∇L‖ at the same points.
    dampings : list of float
        Damping λ used by each accepted step.
    n_iter : int
        Accepted Newton steps.
    converged : bool
        Whether ``‖∇L‖ <= gtol`` (or ``loss <= ftol``) was reached.
    seconds : float
        Wall time of the whole run.
    hessian_seconds : float
        Time spent forming Hessians.
    solve_seconds : float
        Time spent in the Cholesky solves.
    hessian_bytes : int
        Memory of one Hessian, P² · 8 bytes in float64.
    """

    theta: torch.Tensor
    losses: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)
    dampings: list = field(default_factory=list)
    n_iter: int = 0
    converged: bool = False
    seconds: float = 0.0
    hessian_seconds: float = 0.0
    solve_seconds: float = 0.0
    hessian_bytes: int = 0


def _solve_damped(H, g, lam):
    """Solve (H + λI) p = g by Cholesky; None when H + λI is not positive definite."""
    A = H + lam * torch.eye(H.shape[0], dtype=H.dtype, device=H.device)
    L, info = torch.linalg.cholesky_ex(A)
    if int(info) != 0:
        return None
    return torch.cholesky_solve(g.unsqueeze(1), L).squeeze(1)


@validate_params(
    {
        "loss_fn": [callable],
        "theta0": ["array-like"],
        "gtol": [Interval(Real, 0, None, closed="left")],
        "ftol": [Interval(Real, 0, None, closed="left"), None],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "damping": [Interval(Real, 0, None, closed="neither")],
        "max_damping": [Interval(Real, 0, None, closed="neither")],
        "max_hessian_bytes": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def newton_minimize(loss_fn, theta0, *, gtol=1e-10, ftol=None, max_iter=100, damping=1e-3,
                    max_damping=1e12, max_hessian_bytes=2 * 1024**3):
    """Minimise ``loss_fn`` by damped Newton steps with the exact Hessian.

    Each iteration forms the gradient g and the Hessian H of ``loss_fn`` at θ
    (``torch.func``), solves (H + λ‖g‖ I) p = g by Cholesky and accepts
    θ ← θ − p if the loss decreases; otherwise the damping grows tenfold and
    the step is retried. A damping proportional to ‖g‖ vanishes at a minimum,
    so near a non-degenerate minimum the iteration is Newton's eq. (28) and
    converges quadratically (‖θ_{k+1} − θ*‖ ≤ C‖θ_k − θ*‖²); far from it, or
    where H is indefinite (non-convex networks), the damping makes every
    accepted step a descent step.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(theta) -> scalar tensor`` of a 1-D float64 tensor, written with
        torch operations (differentiable twice by ``torch.func``).
    theta0 : array-like of shape (P,)
        Starting point.
    gtol : float, default=1e-10
        Stop when ‖∇L‖ ≤ gtol.
    ftol : float or None, default=None
        Also stop when the loss is ≤ ftol (a loss tolerance).
    max_iter : int, default=100
        Maximum number of accepted steps.
    damping : float, default=1e-3
        Initial damping factor μ (λ = μ‖g‖); divided by 10 after an accepted
        step, multiplied by 10 after a rejected one.
    max_damping : float, default=1e12
        Give up when μ exceeds this (no descent step found).
    max_hessian_bytes : int, default=2 GiB
        Refuse (at once) a problem whose Hessian, P²·8 bytes, is larger.

    Returns
    -------
    NewtonResult

    Raises
    ------
    MemoryError
        If the Hessian would exceed ``max_hessian_bytes``.

    See Also
    --------
    network_loss_function : Turns a torch module and data into ``loss_fn``.
    hessian_cost : Memory and flop counts of the Newton step for P parameters.

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002, eqs. (24)–(29).
    .. [2] J. Nocedal and S. Wright, "Numerical Optimization", 2nd ed., Springer
       2006, Thm. 3.5 (quadratic convergence of Newton's method).

    Examples
    --------
    >>> import torch
    >>> from sknnmath.neural_network import newton_minimize
    >>> A = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=torch.float64)
    >>> res = newton_minimize(lambda t: 0.5 * t @ A @ t - t.sum() + torch.exp(t).sum() / 10,
    ...                       torch.zeros(2, dtype=torch.float64))
    >>> res.converged, res.n_iter < 10
    (True, True)
    """
    theta = torch.as_tensor(theta0, dtype=torch.float64).detach().clone().reshape(-1)
    if not torch.all(torch.isfinite(theta)):
        raise ValueError("theta0 contains NaN or infinity.")
    P = theta.numel()
    hbytes = P * P * 8
    if hbytes > max_hessian_bytes:
        raise MemoryError(
            f"The Hessian of {P} parameters needs {hbytes / 2**30:.1f} GiB (P² float64 entries); "
            f"the limit is {max_hessian_bytes / 2**30:.1f} GiB. This is document 002's point: "
            "Newton's method does not scale to networks."
        )
    grad_fn = torch.func.grad(loss_fn)
    hess_fn = torch.func.hessian(loss_fn)
    t0 = time.perf_counter()
    res = NewtonResult(theta=theta, hessian_bytes=hbytes)
    loss = float(loss_fn(theta))
    g = grad_fn(theta)
    gnorm = float(torch.linalg.vector_norm(g))
    res.losses.append(loss)
    res.grad_norms.append(gnorm)
    mu = float(damping)
    def done():
        return gnorm <= gtol or (ftol is not None and loss <= ftol)

    while res.n_iter < max_iter and not done():
        th = time.perf_counter()
        H = hess_fn(theta)
        H = 0.5 * (H + H.T)  # exact symmetry for Cholesky
        res.hessian_seconds += time.perf_counter() - th
        accepted = False
        while mu <= max_damping:
            lam = mu * gnorm
            ts = time.perf_counter()
            p = _solve_damped(H, g, lam)
            res.solve_seconds += time.perf_counter() - ts
            if p is not None:
                cand = theta - p
                new_loss = float(loss_fn(cand))
                if math.isfinite(new_loss) and new_loss <= loss:
                    accepted = True
                    break
            mu *= 10.0
        if not accepted:
            break
        theta, loss = cand, new_loss
        g = grad_fn(theta)
        gnorm = float(torch.linalg.vector_norm(g))
        res.n_iter += 1
        res.losses.append(loss)
        res.grad_norms.append(gnorm)
        res.dampings.append(lam)
        mu = max(mu / 10.0, 1e-12)
    res.theta = theta
    res.converged = bool(done())
    res.seconds = time.perf_counter() - t0
    return res


@validate_params(
    {
        "module": [torch.nn.Module],
        "X": ["array-like"],
        "y": ["array-like"],
        "loss": [StrOptions({"squared_error", "cross_entropy"})],
    },
    prefer_skip_nested_validation=True,
)
def network_loss_function(module, X, y, loss="squared_error"):
    """The full-batch training loss of ``module`` as a function of its flattened parameters.

    Parameters
    ----------
    module : torch.nn.Module
        A network (its parameters are read, never modified).
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like
        Targets: real values for ``"squared_error"`` (L = (1/N) Σ ½‖y − f‖²),
        class indices for ``"cross_entropy"``.
    loss : {"squared_error", "cross_entropy"}, default="squared_error"
        The loss.

    Returns
    -------
    loss_fn : callable
        ``loss_fn(theta)`` for a float64 vector θ of length P.
    theta0 : torch.Tensor of shape (P,)
        The module's current parameters, flattened (float64).

    Examples
    --------
    >>> import torch
    >>> from sknnmath.neural_network import network_loss_function
    >>> net = torch.nn.Linear(2, 1).double()
    >>> f, theta0 = network_loss_function(net, torch.ones(4, 2), torch.zeros(4, 1))
    >>> theta0.shape
    torch.Size([3])
    """
    if loss not in ("squared_error", "cross_entropy"):
        raise ValueError(f"Unknown loss {loss!r}; expected 'squared_error' or 'cross_entropy'.")
    names = [n for n, _ in module.named_parameters()]
    shapes = [p.shape for _, p in module.named_parameters()]
    sizes = [int(np.prod(s)) for s in shapes]
    theta0 = torch.cat([p.detach().double().reshape(-1) for p in module.parameters()])
    module = copy.deepcopy(module).double()  # never change the caller's module
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float64)
    if loss == "squared_error":
        Yt = torch.as_tensor(np.asarray(y), dtype=torch.float64)
    else:
        Yt = torch.as_tensor(np.asarray(y), dtype=torch.long)

    def loss_fn(theta):
        params = {n: t.reshape(s) for n, t, s in zip(names, torch.split(theta, sizes), shapes)}
        out = torch.func.functional_call(module, params, (Xt,))
        if loss == "cross_entropy":
            return torch.nn.functional.cross_entropy(out, Yt)
        return 0.5 * (out - Yt.reshape(out.shape)).pow(2).sum() / out.shape[0]

    return loss_fn, theta0
