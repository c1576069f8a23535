"""A residual network as the Euler discretisation of a flow (document 001 §4).

Document 001 (Sonoda) §4: the flow dx/dt = v_t(x), t in [0, T], composed of infinitely
many transport maps; Euler steps g_l(x) = x + h v_{t_l}(x) give a finite deep network,
and a skip connection g(x) = x + f(x) is such a transport map (ResNet). The density of
the transported points follows the continuity equation d_t mu_t = -div(mu_t v_t), i.e.
along a trajectory d/dt log mu_t(x_t) = -div v_t(x_t) (change of variables).

Here the velocity v(x, t) is one small MLP from the layer registry (time as an extra
input), shared by all residual blocks: a ResNet of depth L with step h = T / L is then
the Euler scheme of one ODE, so depth can grow at fixed total time T.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from .._layers import build_mlp, make_linear

__all__ = ["ResidualFlowNet", "euler_flow", "rk4_flow", "divergence", "pushforward_log_density",
           "standard_normal_log_density"]


class ResidualFlowNet(nn.Module):
    """Residual network x_{l+1} = x_l + h v(x_l, t_l), h = T / n_steps, then a linear head.

    Parameters
    ----------
    n_features : int
        Dimension of x.
    n_outputs : int
        Width of the linear head on x_T (class scores); 0 for none.
    hidden : tuple of int
        Hidden widths of the velocity MLP v: R^{d+1} -> R^d.
    n_steps : int
        Depth (number of residual blocks) used by ``forward``.
    total_time : float
        T.
    activation : str
        Registered activation of v (smooth, so the Euler order is 1).
    generator : torch.Generator
        Local generator of the initial weights.
    dtype : torch.dtype
    """

    def __init__(self, n_features, n_outputs, hidden=(32,), n_steps=10, total_time=1.0,
                 activation="tanh", generator=None, dtype=torch.float64):
        super().__init__()
        self.velocity = build_mlp(n_features + 1, hidden, n_features, activation=activation,
                                  init="glorot", generator=generator, dtype=dtype)
        self.head = make_linear(n_features, n_outputs, dtype=dtype) if n_outputs else None
        if self.head is not None and generator is not None:
            from .._layers import init_parameters

            init_parameters(self.head, "glorot", generator, activation="identity")
        self.n_steps, self.total_time = int(n_steps), float(total_time)

    def v(self, x, t):
        """The velocity field v(x, t).

        Parameters
        ----------
        x : torch.Tensor of shape (n, d)
            Points.
        t : float
            Time.

        Returns
        -------
        torch.Tensor of shape (n, d)
        """
        tt = torch.full((x.shape[0], 1), float(t), dtype=x.dtype, device=x.device)
        return self.velocity(torch.cat([x, tt], dim=1))

    def transport(self, x, n_steps=None):
        """x_T by ``n_steps`` residual blocks (the Euler scheme).

        Parameters
        ----------
        x : torch.Tensor of shape (n, d)
            Points at time 0.
        n_steps : int or None, default=None
            Depth; ``None`` uses ``self.n_steps``.

        Returns
        -------
        torch.Tensor of shape (n, d)
        """
        return euler_flow(self.v, x, self.total_time, n_steps or self.n_steps)

    def forward(self, x):
        """The head's scores on x_T (or x_T itself when there is no head).

        Parameters
        ----------
        x : torch.Tensor of shape (n, d)
            Inputs.

        Returns
        -------
        torch.Tensor of shape (n, n_outputs) or (n, d)
        """
        z = self.transport(x)
        return z if self.head is None else self.head(z)

    def fit(self, X, y, *, learning_rate=1e-2, max_iter=400, alpha_l2=0.0, generator=None):
        """Train every parameter (velocity and head) by the package's engine: Adam, squared error.

        Parameters
        ----------
        X : array-like of shape (n, d)
            Inputs.
        y : array-like of shape (n,) or (n, n_outputs)
            Targets of the head (e.g. ±1 class codes).
        learning_rate : float, default=1e-2
            Adam's step size.
        max_iter : int, default=400
            Epochs.
        alpha_l2 : float, default=0.0
            L2 penalty on the weights.
        generator : torch.Generator or None, default=None
            Local generator of the mini-batch order (global RNG untouched).

        Returns
        -------
        self : ResidualFlowNet
            The trained network.
        """
        from .._engine import train

        p = next(self.parameters())
        Xt = torch.as_tensor(X, dtype=p.dtype, device=p.device)
        yt = torch.as_tensor(y, dtype=p.dtype, device=p.device)
        train(self, Xt, yt, loss="squared_error", learning_rate=learning_rate, max_iter=int(max_iter),
              alpha_l2=alpha_l2, generator=generator)
        return self


def euler_flow(v, x, total_time, n_steps, *, trajectory=False):
    """Explicit Euler (= a ResNet with shared blocks): x <- x + h v(x, t).

    Parameters
    ----------
    v : callable
        Velocity ``v(x, t)`` returning a tensor shaped like ``x``.
    x : torch.Tensor of shape (n, d)
        Points at time 0.
    total_time : float
        T.
    n_steps : int
        Number of steps (the depth of the residual network).
    trajectory : bool, default=False
        Return every intermediate state.

    Returns
    -------
    torch.Tensor
        x_T of shape (n, d), or the path of shape (n_steps + 1, n, d).
    """
    h = total_time / n_steps
    path = [x]
    for k in range(n_steps):
        x = x + h * v(x, k * h)
        if trajectory:
            path.append(x)
    return torch.stack(path) if trajectory else x


def rk4_flow(v, x, total_time, n_steps, *, trajectory=False):
    """Classical Runge-Kutta (order 4): the fine-step reference of the flow.

    ``total_time`` may be negative (backward integration).

    Parameters
    ----------
    v : callable
        Velocity ``v(x, t)`` returning a tensor shaped like ``x``.
    x : torch.Tensor of shape (n, d)
        Points at time 0.
    total_time : float
        T.
    n_steps : int
        Number of steps (the depth of the residual network).
    trajectory : bool, default=False
        Return every intermediate state.

    Returns
    -------
    torch.Tensor
        x_T of shape (n, d), or the path of shape (n_steps + 1, n, d).
    """
    h = total_time / n_steps
    path = [x]
    for k in range(n_steps):
        t = k * h
        k1 = v(x, t)
        k2 = v(x + 0.5 * h * k1, t + 0.5 * h)
        k3 = v(x + 0.5 * h * k2, t + 0.5 * h)
        k4 = v(x + h * k3, t + h)
        x = x + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        if trajectory:
            path.append(x)
    return torch.stack(path) if trajectory else x


def divergence(v, x, t):
    """Divergence div_x v(x, t) = trace of the Jacobian, exactly (one autograd pass per dimension).

    Parameters
    ----------
    v : callable
        Velocity ``v(x, t)``.
    x : torch.Tensor of shape (n, d)
        Points.
    t : float
        Time.

    Returns
    -------
    torch.Tensor of shape (n,)
    """
    with torch.enable_grad():
        x = x.detach().requires_grad_(True)
        out = v(x, t)
        div = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for i in range(x.shape[1]):
            g, = torch.autograd.grad(out[:, i].sum(), x, retain_graph=i < x.shape[1] - 1)
            div = div + g[:, i]
    return div.detach()


def pushforward_log_density(v, y, total_time, log_p0, n_steps=200):
    """Log density log p_T(y) of the push-forward of p_0 by the flow, by the change of variables.

    Integrates the augmented system backwards from y at time T with RK4:
    x' = v(x, t), l' = div v(x, t); then x(0) is the pre-image and
    log p_T(y) = log p_0(x(0)) - int_0^T div v(x_t, t) dt (the continuity equation
    d_t mu = -div(mu v) along the trajectory).

    Parameters
    ----------
    v : callable
        Velocity ``v(x, t)``.
    y : torch.Tensor of shape (n, d)
        Points at time T.
    total_time : float
        T.
    log_p0 : callable
        ``x -> log p_0(x)``, the log density of the initial law.
    n_steps : int, default=200
        RK4 steps of the backward integration.

    Returns
    -------
    log_p : torch.Tensor of shape (n,)
    x0 : torch.Tensor of shape (n, d)
    """
    T = float(total_time)
    h = -T / n_steps  # backwards in time

    def f(x, t):
        return v(x, t), divergence(v, x, t)

    x = y.detach()
    integral = torch.zeros(y.shape[0], dtype=y.dtype, device=y.device)
    for k in range(n_steps):
        t = T + k * h
        a1, d1 = f(x, t)
        a2, d2 = f(x + 0.5 * h * a1, t + 0.5 * h)
        a3, d3 = f(x + 0.5 * h * a2, t + 0.5 * h)
        a4, d4 = f(x + h * a3, t + h)
        with torch.no_grad():
            x = x + h / 6.0 * (a1 + 2 * a2 + 2 * a3 + a4)
        # h < 0: this accumulates -int_0^T div v dt
        integral = integral + h / 6.0 * (d1 + 2 * d2 + 2 * d3 + d4)
    return log_p0(x) + integral, x


def standard_normal_log_density(x):
    """Log density of N(0, I) at the rows of x.

    Parameters
    ----------
    x : torch.Tensor of shape (n, d)
        Points.

    Returns
    -------
    torch.Tensor of shape (n,)
    """
    d = x.shape[1]
    return -0.5 * (x * x).sum(1) - 0.5 * d * math.log(2 * math.pi)
