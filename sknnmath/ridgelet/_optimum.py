"""The global optimum gamma* = (beta + 1)^{-1} R[f] of document 001 (Sonoda), eq. (8).

Document 001 §3.1 writes back-propagation for the integral representation
S[gamma](x) = int gamma(a, b) sigma(a x - b) d lambda(a, b) as the strongly convex problem

    minimise ||f - S[gamma]||_F^2 + beta ||gamma||_G^2,      G = L^2(lambda),     (6)

with the global optimum gamma* = (beta + S*S)^{-1} S* f (7), which equals
(beta + 1)^{-1} R[f] (8) when S S* = Id (a co-isometry). Document 001 obtains S S* = Id
with its RKHS H_sigma-sigma; on the Lebesgue spaces of its §3.2 (lambda = da db,
F = L^2(dx)) the adjoint is S* f = R[f; sigma] (ridgelet function rho = sigma) and

    S S* = <<sigma, sigma>> Id,   <<sigma, sigma>> = int |sigma^(w)|^2 / |w| dw      (m = 1)

(Sonoda, Ishikawa & Ikeda 2021, Lemma 9), so eq. (8) holds exactly on L^2 for an
activation that is admissible *with itself* and normalised, <<sigma, sigma>> = 1. The
normalised Ricker wavelet sigma(z) = (1 - z^2) e^{-z^2/2} / sqrt(2 pi) is one
(sigma^ = sqrt(2 pi) w^2 e^{-w^2/2}, int 2 pi |w|^3 e^{-w^2} dw = 2 pi). For ReLU,
<<ReLU, ReLU>> = infinity: S is unbounded on L^2(da db) and no L^2 ridgelet function
gives the optimum; the admissible rho_k of document 001 (rho^ = |w|^{m+2+2k} phi) solve
S[gamma] = f but are not the (ghost-free) minimiser.

Discretisation. Hidden parameters on a grid (a_i, b_j) with cell area D = da db, data on
x = -1.00:0.01:1.00 (spacing dx); output weights c = gamma D. Problem (6) becomes

    dx ||y - D Phi gamma||^2 + beta D ||gamma||^2,     Phi_ij = sigma(a_j x_i - b_j),

solved here by full-batch gradient descent (the engine) and in closed form (the solver
room's ridge least squares); both are compared with (beta + 1)^{-1} R[f; sigma] where
R[f; sigma] = dx Phi^T y is the same data quadrature as document 001's eq. (10).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .._backend import Backend, to_numpy
from .._engine import train
from .._layers import get_activation
from .._linalg import lstsq

__all__ = ["RICKER", "optimum_grid", "optimum_features", "ridge_optimum",
           "train_optimum", "relative_l2"]

#: Name of the normalised Ricker activation in the layer registry (self-admissible:
#: <<sigma, sigma>> = 1 for m = 1, so S S* = Id on L2 and eq. (8) is exact).
RICKER = "ricker"


def optimum_grid(a_max, step, b_margin=5.0):
    """The (a, b) grid: a in [-a_max, a_max], b in [-(a_max + margin), a_max + margin].

    Parameters
    ----------
    a_max : float
        Half width of the scale window.
    step : float
        Grid spacing of a and b (the cell area is ``step ** 2``).
    b_margin : float, default=5.0
        Extra half width of the shift window: a unit sigma(a x - b) with x in [-1, 1]
        matters for |b| <= |a| + O(1).

    Returns
    -------
    a, b : ndarray
        The 1-D grids.
    """
    n_a = int(round(2 * a_max / step))
    n_b = int(round(2 * (a_max + b_margin) / step))
    a = -a_max + step * np.arange(n_a + 1)
    b = -(a_max + b_margin) + step * np.arange(n_b + 1)
    return a, b


def optimum_features(x, a, b, activation=RICKER, *, dtype=torch.float64, device="cpu"):
    """Phi of shape (n_samples, len(a) * len(b)): sigma(a_i x - b_j), a-major.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        1-D inputs.
    a, b : ndarray
        The grids of :func:`optimum_grid`.
    activation : str, default=RICKER
        Name in the layer registry.
    dtype : torch.dtype, default=torch.float64
        Dtype of the features.
    device : str, default="cpu"
        Device of the features.

    Returns
    -------
    torch.Tensor of shape (n_samples, len(a) * len(b))
    """
    act = get_activation(activation).torch
    xt = torch.as_tensor(np.asarray(x, dtype=float).ravel(), dtype=dtype, device=device)
    at = torch.as_tensor(a, dtype=dtype, device=device)
    bt = torch.as_tensor(b, dtype=dtype, device=device)
    z = xt[:, None, None] * at[None, :, None] - bt[None, None, :]
    return act(z).reshape(len(xt), -1)


def relative_l2(u, v):
    """||u - v|| / ||v|| (over the grid; the cell area cancels).

    Parameters
    ----------
    u, v : array-like
        Arrays of the same shape; ``v`` is the reference.

    Returns
    -------
    float
    """
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    return float(np.linalg.norm(u - v) / np.linalg.norm(v))


def ridge_optimum(Phi, y, dx, cell, beta):
    """Closed-form minimiser gamma of ``dx ||y - cell Phi gamma||^2 + beta cell ||gamma||^2``.

    Through :func:`sknnmath._linalg.lstsq` (ridge, dual path when p > n):
    ``||sqrt(dx) y - sqrt(dx) cell Phi gamma||^2 + (beta cell) ||gamma||^2``.

    Parameters
    ----------
    Phi : torch.Tensor of shape (n_samples, n_units)
        Features of :func:`optimum_features`.
    y : array-like of shape (n_samples,)
        Target values on the sample grid.
    dx : float
        Spacing of the sample grid (quadrature weight of the data term).
    cell : float
        Area of one (a, b) cell.
    beta : float
        The L2 penalty.

    Returns
    -------
    ndarray of shape (n_units,)
    """
    y_t = torch.as_tensor(np.asarray(y, dtype=float), dtype=Phi.dtype, device=Phi.device)
    s = math.sqrt(dx)
    res = lstsq(Phi * (s * cell), y_t * s, alpha=beta * cell)
    return to_numpy(res.coef).ravel()


class _GridOutputLayer(nn.Module):
    """Output weights gamma (one row per beta) of fixed hidden units; input rows are Phi."""

    def __init__(self, n_models, n_units, cell, dtype, device):
        super().__init__()
        self.gamma = nn.Parameter(torch.zeros(n_models, n_units, dtype=dtype, device=device))
        self.cell = cell

    def forward(self, Phi):
        return self.cell * Phi @ self.gamma.T  # (n, n_models)


def train_optimum(Phi, y, dx, cell, betas, *, max_iter=600, lambda_max=None,
                  random_state=0):
    """Gradient descent on problem (6) for several beta at once (one engine call).

    The loss is (6) divided by ``2 n dx`` (same minimiser): for each beta,
    ``(1/n) sum_i 1/2 (y_i - g_i)^2 + 1/2 alpha ||gamma||^2`` with
    ``alpha = beta cell / (n dx)``, summed over the betas (independent models). The
    Hessian is ``kappa (cell dx Phi^T Phi + beta)``, ``kappa = cell / (n dx)``, so
    heavy-ball momentum with Polyak's step and momentum for the spectrum
    ``[kappa beta_min, kappa (lambda_max + beta_max)]`` converges linearly; ``lambda_max``
    is the top eigenvalue of the discretised ``S S*`` (about 1 by the theory).

    Parameters
    ----------
    Phi : torch.Tensor of shape (n_samples, n_units)
        Features of :func:`optimum_features`.
    y : array-like of shape (n_samples,)
        Target values on the sample grid.
    dx : float
        Spacing of the sample grid.
    cell : float
        Area of one (a, b) cell.
    betas : array-like of shape (n_betas,)
        The L2 penalties, one model each.
    max_iter : int, default=600
        Full-batch iterations.
    lambda_max : float or None, default=None
        Top eigenvalue of ``cell dx Phi Phi^T``; computed when None.
    random_state : int, default=0
        Seed of the engine's local generator.

    Returns
    -------
    gamma : ndarray of shape (len(betas), n_units)
    loss_curve : list of float
    """
    betas = np.asarray(betas, dtype=float)
    n, p = Phi.shape
    if lambda_max is None:
        lambda_max = float(torch.linalg.eigvalsh(cell * dx * Phi @ Phi.T)[-1])
    kappa = cell / (n * dx)
    L = kappa * (lambda_max + betas.max())
    mu = kappa * betas.min()
    lr = 4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2
    mom = ((math.sqrt(L) - math.sqrt(mu)) / (math.sqrt(L) + math.sqrt(mu))) ** 2
    module = _GridOutputLayer(len(betas), p, cell, Phi.dtype, Phi.device)
    alphas = torch.as_tensor(betas * cell / (n * dx), dtype=Phi.dtype, device=Phi.device)
    y_t = torch.as_tensor(np.asarray(y, dtype=float), dtype=Phi.dtype, device=Phi.device)

    def loss(out, yb):
        data = 0.5 * ((yb[:, None] - out) ** 2).mean(0)
        return (data + 0.5 * alphas * (module.gamma ** 2).sum(1)).sum()

    be = Backend.from_params(device=str(Phi.device), random_state=random_state, dtype=Phi.dtype)
    res = train(module, Phi, y_t, loss=loss, solver="momentum", momentum=mom, learning_rate=lr,
                max_iter=max_iter, batch_size="full", shuffle=False, generator=be.generator)
    return to_numpy(module.gamma.detach()), list(res.loss_curve)
