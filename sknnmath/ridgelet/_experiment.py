"""Fig. 4-5 of document 001 (Sonoda): many BP-trained shallow networks vs the ridgelet spectrum.

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
from torch.nn import functional as F

from .._backend import Backend, to_numpy
from .._engine import train

__all__ = ["BatchedShallowNetworks", "train_shallow_networks", "spectrum_agreement"]


class _Workspace:
    """Reusable (N, J, n) buffers of the batched networks.

    A CPU training step is bound by passes over these tensors; allocating them afresh
    every step adds page faults on top (measured: ~1 ms a step for the 1.6 MB gradient
    buffer alone, against ~0.3 ms when kept), so they are kept. The buffers are saved
    for backward: a later forward that overwrites them bumps their version counter, and
    autograd then refuses a stale backward instead of returning wrong gradients.
    """

    def __init__(self):
        self._bufs = {}

    def get(self, name, shape, like):
        buf = self._bufs.get(name)
        if buf is None or buf.shape != shape or buf.dtype != like.dtype or buf.device != like.device:
            buf = torch.empty(shape, dtype=like.dtype, device=like.device)
            self._bufs[name] = buf
        return buf


class _BatchedShallowFunction(torch.autograd.Function):
    """Forward and hand-written backward of the batched shallow networks.

    Same values and gradients as autograd on ``sum_j c_j sigma(a_j x - b_j) + d``, with
    the (N, J, n) tensor of unit activations as the only large object: the pre-activation
    is one (N J, 2) x (2, n) product written into a kept buffer, the output and all
    parameter gradients are batched products over it, and the gradient with respect to
    the pre-activation is never formed. With ``w = [g, g x]`` (N, n, 2) per network,

    * tanh:     d/d(-b, a) = c (sum_i w_i - sum_i s_i^2 w_i)       (sigma' = 1 - s^2)
    * gaussian: d/d(-b, a) = -c sum_i (z_i s_i) w_i                (sigma' = -z s)
    * relu:     d/d(-b, a) = c sum_i 1[s_i > 0] w_i                (sigma' = 1[z > 0])

    and d/dc = sum_i s_i g_i, so one step costs about six passes over (N, J, n).
    """

    @staticmethod
    def forward(ctx, x, a, b, c, d, activation, workspace):
        N, J = a.shape
        n = x.shape[0]
        xs = torch.stack([torch.ones_like(x), x])  # (2, n)
        ab = torch.stack([-b.reshape(-1), a.reshape(-1)], dim=1)  # (N J, 2)
        if activation == "gaussian":
            z = workspace.get("z", (N, J, n), x)
            torch.mm(ab, xs, out=z.view(N * J, n))
            s = workspace.get("s", (N, J, n), x)
            torch.mul(z, z, out=s).mul_(-0.5).exp_()
        else:
            z = None
            s = workspace.get("s", (N, J, n), x)
            torch.mm(ab, xs, out=s.view(N * J, n))
            if activation == "tanh":
                s.tanh_()
            else:
                s.relu_()
        out = torch.baddbmm(d[:, None, None], c[:, None, :], s).view(N, n)  # (N, n)
        ctx.activation = activation
        ctx.workspace = workspace
        if z is None:
            ctx.save_for_backward(x, c, s)
        else:
            ctx.save_for_backward(x, c, s, z)
        return out

    @staticmethod
    def backward(ctx, g):
        x, c, s = ctx.saved_tensors[:3]
        N, J, n = s.shape
        # w = [g, g x] per network, (N, 2, n); products with w^T give the d/db, d/da sums
        w = ctx.workspace.get("w", (N, 2, n), s)
        G = w[:, 0]
        G.copy_(g)
        torch.mul(G, x, out=w[:, 1])
        w = w.transpose(1, 2)  # (N, n, 2), a strided view the batched product reads as is
        # d/dc = sum_i s_i g_i; a two-column product runs ~2x faster on the CPU than the
        # one-column (matrix-vector) one, so take it from s @ [g, g x]
        grad_c = torch.bmm(s, w)[..., 0]
        # the derivative factor overwrites a saved buffer (s, or z for the gaussian): one
        # 8 MB buffer fewer in cache. That bumps its version counter, so a second backward
        # through the same graph (retain_graph=True) raises instead of using it.
        if ctx.activation == "tanh":
            m = torch.bmm(s.mul_(s), w)
            q = (w.sum(1)[:, None, :] - m).mul_(c[:, :, None])
        elif ctx.activation == "gaussian":
            m = torch.bmm(ctx.saved_tensors[3].mul_(s), w)
            q = m.mul_(c[:, :, None]).neg_()
        else:
            m = torch.bmm(s.sign_(), w)  # s >= 0, so sign(s) = 1[z > 0]
            q = m.mul_(c[:, :, None])
        # q[..., 0] is the gradient w.r.t. -b, q[..., 1] the one w.r.t. a
        return None, q[..., 1], q[..., 0].neg(), grad_c, G.sum(1), None, None


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
        self._workspace = _Workspace()

    def forward(self, X):
        out = _BatchedShallowFunction.apply(X[:, 0].contiguous(), self.a, self.b, self.c, self.d,
                                            self.activation, self._workspace)
        return out.t()  # (n_samples, n_networks), a view of the network-major result

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_workspace"] = _Workspace()  # scratch space is not state
        return state


def _sum_of_network_losses(output, y):
    # sum over networks of each network's (1/n) sum_i 1/2 (y_i - g(x_i))^2; computed in the
    # network-major layout of the forward result (output is its transposed view), where
    # mse_loss's single fused backward kernel runs on contiguous memory
    out = output.t()
    return F.mse_loss(out, y.reshape(1, -1).expand_as(out), reduction="sum") * (0.5 / out.shape[1])


def train_shallow_networks(X, y, *, n_networks=1000, n_hidden=10, activation="gaussian",
                           max_iter=500, learning_rate=0.1, solver="adam", init_scale=1.0,
                           random_state=0, device="auto", dtype=torch.float32):
    """Train many independent shallow networks by backprop, all at once.

    Protocol of ``waidotto/ridgelet-transform-numerial-experiment`` (a public
    replication of document 001's Fig. 4, the parameter cloud of trained networks):
    J = 10 hidden units, parameters ~ N(0, 1), full-batch Adam(0.1), 500 epochs;
    document 001 (Sonoda) trains 1,000 networks.

    Parameters
    ----------
    X : array-like of shape (n_samples,) or (n_samples, 1)
        One-dimensional inputs.
    y : array-like of shape (n_samples,)
        Targets.
    n_networks : int, default=1000
        Number of independent networks trained at once.
    n_hidden : int, default=10
        Hidden units J of each network.
    activation : {"gaussian", "tanh", "relu"}, default="gaussian"
        Hidden nonlinearity.
    max_iter : int, default=500
        Full-batch epochs.
    learning_rate : float, default=0.1
        Step size of the optimiser.
    solver : str, default="adam"
        Optimiser name from the engine's table.
    init_scale : float, default=1.0
        Standard deviation of the N(0, s^2) initial parameters.
    random_state : int, default=0
        Seed of the local generator.
    device : str, default="auto"
        Device of the training.
    dtype : torch.dtype, default=torch.float32
        Training dtype.

    Returns
    -------
    dict
        ``a0, b0`` (initial hidden parameters, flattened), ``a, b, c`` (trained),
        ``loss`` (final loss of each network), ``loss_curve`` (sum over networks per
        epoch), ``device``.
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

    Parameters
    ----------
    spectrum : ndarray of shape (len(a_grid), len(b_grid))
        Ridgelet transform R[f](a, b) on the grid.
    a_grid, b_grid : ndarray
        Grid of the scale a and the shift b.
    point_sets : dict of str to (ndarray, ndarray)
        Named parameter clouds ``(a_j, b_j)``.
    quantiles : tuple of float, default=(0.5, 0.8)
        Mass fractions q of the top-q regions.
    n_bins : int, default=20
        Blocks per axis for the rank correlation.
    random_state : int, default=0
        Seed of the uniform reference points.

    Returns
    -------
    list of dict
        One row per point set, plus a "uniform" row.
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
