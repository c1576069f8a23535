"""The seed's Fig. 4-5 experiment: many BP-trained shallow networks vs the ridgelet spectrum.

All networks are trained at once as ONE batched torch module (parameter tensors of
shape (n_networks, n_hidden)) by a single call of the package's training engine; the
loss is the sum of the per-network mean squared errors, so each network receives
exactly the gradient of its own loss (and Adam, being elementwise, updates each
network as if it were trained alone).
"""

from __future__ import annotations

import numpy as np
import torch
from scipy import stats
from torch import nn

from .._backend import Backend, to_numpy
from .._engine import train

__all__ = ["BatchedShallowNetworks", "train_shallow_networks", "spectrum_agreement"]


class _BatchedShallowFunction(torch.autograd.Function):
    """Forward and hand-written backward of the batched shallow networks.

    Same values and gradients as autograd on ``sum_j c_j sigma(a_j x - b_j) + d``, with
    fewer passes over the (n, N, J) tensor (it is what a CPU run spends its time on).
    """

    @staticmethod
    def forward(ctx, x, a, b, c, d, activation):
        z = torch.addcmul(-b[None], x[:, None, None], a[None])  # (n, N, J)
        if activation == "tanh":
            s = torch.tanh(z)
        elif activation == "gaussian":
            s = torch.exp(-0.5 * z * z)
        else:
            s = torch.relu(z)
        ctx.activation = activation
        ctx.save_for_backward(x, c, z if activation != "tanh" else s, s)
        return torch.einsum("nkj,kj->nk", s, c) + d[None]

    @staticmethod
    def backward(ctx, g):
        x, c, z, s = ctx.saved_tensors
        n = x.shape[0]
        g3 = g[:, :, None]
        u = g3 * s
        grad_c = u.sum(0)
        if ctx.activation == "tanh":  # gz = c g (1 - s^2)
            # form 1 - s^2 first: a subtraction whose first operand is the broadcast
            # (n, N, 1) gradient runs ~4x slower on the CPU than these in-place products
            one = torch.ones((), dtype=s.dtype, device=s.device)
            gz = torch.addcmul(one, s, s, value=-1.0).mul_(g3).mul_(c[None])
        elif ctx.activation == "gaussian":  # gz = c g d/dz exp(-z^2/2) = -c (g s) z
            gz = u.mul_(z).mul_(c[None]).neg_()
        else:  # gz = c g 1[z > 0]
            gz = (g3 * c[None]).mul_(z > 0)
        # grad_a = sum_n x_n gz_n and grad_b = -sum_n gz_n in one matrix product
        xs = torch.stack([x, -torch.ones_like(x)])
        ab = (xs @ gz.reshape(n, -1)).reshape(2, *c.shape)
        grad_a, grad_b = ab[0], ab[1]
        return None, grad_a, grad_b, grad_c, g.sum(0), None


class BatchedShallowNetworks(nn.Module):
    """``n_networks`` independent 1-D shallow networks ``sum_j c_j sigma(a_j x - b_j) + d``.

    Parameters are tensors of shape (n_networks, n_hidden); the forward pass returns
    the (n_samples, n_networks) matrix of all networks' outputs.
    """

    def __init__(self, a, b, c, d, activation="gaussian"):
        super().__init__()
        self.a = nn.Parameter(a)
        self.b = nn.Parameter(b)
        self.c = nn.Parameter(c)
        self.d = nn.Parameter(d)
        self.activation = activation

    def forward(self, X):
        return _BatchedShallowFunction.apply(X[:, 0].contiguous(), self.a, self.b, self.c, self.d,
                                             self.activation)


def _sum_of_network_losses(output, y):
    # sum over networks of each network's (1/n) sum_i 1/2 (y_i - g(x_i))^2
    return 0.5 * ((output - y.reshape(-1, 1)) ** 2).mean(dim=0).sum()


def train_shallow_networks(X, y, *, n_networks=1000, n_hidden=10, activation="gaussian",
                           max_iter=500, learning_rate=0.1, solver="adam", init_scale=1.0,
                           random_state=0, device="auto", dtype=torch.float32):
    """Train many independent shallow networks by backprop, all at once.

    Protocol of ``waidotto/ridgelet-transform-numerial-experiment`` (a public
    replication of the seed's Fig. 4): J = 10 hidden units, parameters ~ N(0, 1),
    full-batch Adam(0.1), 500 epochs; the seed itself trains 1,000 networks.

    Returns
    -------
    dict with ``a0, b0`` (initial hidden parameters, flattened), ``a, b, c`` (trained),
    ``loss`` (final loss of each network), ``loss_curve`` (sum over networks per epoch),
    ``device``.
    """
    be = Backend.from_params(device=device, random_state=random_state, dtype=dtype)
    shape = (n_networks, n_hidden)
    a0 = be.randn(*shape) * init_scale
    b0 = be.randn(*shape) * init_scale
    c0 = be.randn(*shape) * init_scale
    d0 = be.randn(n_networks) * init_scale
    module = BatchedShallowNetworks(a0.clone(), b0.clone(), c0.clone(), d0.clone(), activation)
    Xt = be.tensor(np.asarray(X, dtype=float).reshape(-1, 1))
    yt = be.tensor(np.asarray(y, dtype=float).ravel())
    res = train(module, Xt, yt, loss=_sum_of_network_losses, solver=solver,
                learning_rate=learning_rate, max_iter=max_iter, batch_size="full",
                generator=be.generator)
    with torch.no_grad():
        out = module(Xt)
        per_net = 0.5 * ((out - yt[:, None]) ** 2).mean(0)
    return {
        "a0": to_numpy(a0).ravel(), "b0": to_numpy(b0).ravel(),
        "a": to_numpy(module.a).ravel(), "b": to_numpy(module.b).ravel(),
        "c": to_numpy(module.c).ravel(), "loss": to_numpy(per_net),
        "loss_curve": list(res.loss_curve), "device": str(be.device),
    }


def _region(spectrum, q):
    """Mask of the smallest set of cells carrying a fraction q of sum |R|."""
    mag = np.abs(spectrum).ravel()
    order = np.argsort(mag)[::-1]
    cum = np.cumsum(mag[order]) / mag.sum()
    k = int(np.searchsorted(cum, q)) + 1
    mask = np.zeros(mag.size, dtype=bool)
    mask[order[:k]] = True
    return mask.reshape(spectrum.shape)


def _cells(a_grid, b_grid, a, b):
    da, db = a_grid[1] - a_grid[0], b_grid[1] - b_grid[0]
    ia = np.round((a - a_grid[0]) / da).astype(int)
    ib = np.round((b - b_grid[0]) / db).astype(int)
    inside = (ia >= 0) & (ia < len(a_grid)) & (ib >= 0) & (ib < len(b_grid))
    return ia, ib, inside


def spectrum_agreement(spectrum, a_grid, b_grid, point_sets, quantiles=(0.5, 0.8), n_bins=20,
                       random_state=0):
    """Quantify how well parameter clouds follow |R[f]| on a grid.

    For each named set of points (a_j, b_j) and each q: the share of points (inside the
    window) lying in the top-q mass region of |R| (the smallest set of cells holding a
    fraction q of sum |R|), next to the share expected for uniformly random points (the
    region's area fraction). Also the enrichment ``mean |R|(points) / mean |R|(window)``
    and the Spearman rank correlation, over ``n_bins x n_bins`` blocks, between the
    point density and the block mean of |R|.

    Returns
    -------
    list of dict (one row per point set, plus a "uniform" row).
    """
    mag = np.abs(spectrum)
    regions = {q: _region(spectrum, q) for q in quantiles}
    rng = np.random.default_rng(random_state)
    sets = dict(point_sets)
    n_uni = max(len(next(iter(sets.values()))[0]), 1000) if sets else 1000
    sets["uniform"] = (rng.uniform(a_grid[0], a_grid[-1], n_uni), rng.uniform(b_grid[0], b_grid[-1], n_uni))
    ga, gb = len(a_grid) // n_bins, len(b_grid) // n_bins
    blocks = mag[:ga * n_bins, :gb * n_bins].reshape(n_bins, ga, n_bins, gb).mean(axis=(1, 3))
    rows = []
    for name, (a, b) in sets.items():
        a, b = np.asarray(a), np.asarray(b)
        ia, ib, inside = _cells(a_grid, b_grid, a, b)
        row = {"points": name, "n": int(len(a)), "in_window": float(inside.mean())}
        for q in quantiles:
            share = float(regions[q][ia[inside], ib[inside]].mean()) if inside.any() else float("nan")
            row[f"share_top{int(q * 100)}"] = share
        row.update({f"area_top{int(q * 100)}": float(regions[q].mean()) for q in quantiles})
        row["enrichment"] = float(mag[ia[inside], ib[inside]].mean() / mag.mean()) if inside.any() \
            else float("nan")
        counts = np.zeros((n_bins, n_bins))
        ok = inside & (ia < ga * n_bins) & (ib < gb * n_bins)
        np.add.at(counts, (ia[ok] // ga, ib[ok] // gb), 1)
        rho_s = stats.spearmanr(counts.ravel(), blocks.ravel()).statistic
        row["spearman"] = float(rho_s) if np.isfinite(rho_s) else float("nan")
        rows.append(row)
    return rows
