"""Min-norm / ridge least-squares solvers on torch tensors (float64, any device).

Never ``torch.linalg.lstsq``: on CUDA it only offers the ``gels`` driver, which
assumes full rank and returns wrong answers for the rank-deficient systems that
sit at the interpolation threshold (PyTorch #88101; reference §6.2).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch

from .._backend import check_memory

#: Largest estimated condition number of the Gram matrix for which the Cholesky
#: route is trusted (relative coefficient error ~ cond * eps ~ 1e-10); above it
#: ``solver="auto"`` switches to the SVD of X.
GRAM_COND_LIMIT = 1e6


@dataclass
class Solution:
    coef: torch.Tensor            # (p, k)
    intercept: torch.Tensor       # (k,)
    rank: int
    singular_values: torch.Tensor | None
    solver: str


def default_rcond(n, p, dtype=torch.float64):
    """numpy >= 2 / torch ``pinv`` default cutoff: max(n, p) * eps."""
    return max(n, p) * torch.finfo(dtype).eps


def memory_needed(n, p, k, solver, itemsize=8):
    """Bytes for X, the Gram matrix (or the thin SVD factors) and the targets."""
    m = min(n, p)
    gram = m * m + n * k + p * k
    svd = n * p + m * m + m + n * k + p * k
    return itemsize * (n * p + (svd if solver == "svd" else gram))


def _cond_estimate(G, L, n_iter=12):
    """Cheap estimate of cond(G) = lambda_max / lambda_min from its Cholesky factor.

    A few power iterations on G and inverse iterations with ``L`` (O(m^2) each)
    on a block of 4 deterministic start vectors; good to a modest factor, enough
    to decide between Cholesky and the SVD.
    """
    m = G.shape[0]
    if m <= 256:
        # small: the exact spectrum is as cheap as the iterations
        w = torch.linalg.eigvalsh(G)
        return float(w[-1] / w[0]) if w[0] > 0 else float("inf")
    idx = torch.arange(m, dtype=G.dtype, device=G.device)
    V = torch.stack([torch.ones_like(idx), torch.cos(idx * 1.3), torch.sin(idx * 0.7 + 0.1),
                     (idx % 3) - 1.0], dim=1)
    W = V.clone()
    for _ in range(n_iter):
        V = G @ V
        V = V / V.norm(dim=0, keepdim=True).clamp_min(1e-300)
        W = torch.cholesky_solve(W, L)
        W = W / W.norm(dim=0, keepdim=True).clamp_min(1e-300)
    lam_max = (V * (G @ V)).sum(0).max()
    lam_min = (W * (G @ W)).sum(0).min()
    if not torch.isfinite(lam_min) or lam_min <= 0:
        return float("inf")
    return float(lam_max / lam_min)


def _solve_svd(X, Y, alpha, rcond):
    U, S, Vh = torch.linalg.svd(X, full_matrices=False)
    if S.numel() == 0 or S[0] == 0:
        return torch.zeros(X.shape[1], Y.shape[1], dtype=X.dtype, device=X.device), 0, S
    keep = S > rcond * S[0]
    rank = int(keep.sum())
    if alpha > 0:
        d = S / (S * S + alpha)
    else:
        d = torch.where(keep, 1.0 / torch.where(keep, S, torch.ones_like(S)), torch.zeros_like(S))
    coef = Vh.T @ (d[:, None] * (U.T @ Y))
    return coef, rank, S


def _solve_eigh(X, Y, alpha, rcond, wide):
    G = X @ X.T if wide else X.T @ X
    if alpha > 0:
        G.diagonal().add_(alpha)
    w, V = torch.linalg.eigh(G)
    m = G.shape[0]
    wmax = w[-1].clamp_min(0)
    eps = torch.finfo(G.dtype).eps
    # Gram eigenvalues are s^2 and carry absolute error ~ m eps wmax.
    cut = max(rcond * rcond, m * eps) * wmax
    keep = w > cut if alpha == 0 else torch.ones_like(w, dtype=torch.bool)
    rank = int(keep.sum())
    inv = torch.where(keep, 1.0 / torch.where(keep, w, torch.ones_like(w)), torch.zeros_like(w))
    rhs = Y if wide else X.T @ Y
    A = V @ (inv[:, None] * (V.T @ rhs))
    coef = X.T @ A if wide else A
    sv = torch.sqrt(torch.clamp(w - (alpha if alpha > 0 else 0.0), min=0)).flip(0)
    return coef, rank, sv


def min_norm_solve(X, Y, *, alpha=0.0, rcond=None, solver="auto", fit_intercept=False,
                   max_memory=None):
    """Minimum-norm least squares (alpha = 0) or ridge (alpha > 0), X (n, p), Y (n, k).

    Returns a :class:`Solution`; coefficients minimise ||Y - X B - 1 c^T||^2 +
    alpha ||B||^2 with the smallest ||B|| among minimisers (c unpenalised).
    """
    n, p = X.shape
    k = Y.shape[1]
    check_memory(memory_needed(n, p, k, "svd" if solver == "svd" else "gram"),
                 f"The min-norm solve (n={n}, p={p}, {k} target(s))", max_memory)
    if rcond is None:
        rcond = default_rcond(n, p, X.dtype)
    if fit_intercept:
        x_mean, y_mean = X.mean(0), Y.mean(0)
        X = X - x_mean
        Y = Y - y_mean
    wide = p > n
    # With an intercept the centred Gram X_c X_c^T is singular along 1; adding
    # s 1 1^T leaves the min-norm solution unchanged (alpha stays orthogonal to 1
    # because Y_c is) and makes the matrix invertible again when rank X_c = n - 1.
    shift = None
    if fit_intercept and wide and alpha == 0 and n > 1:
        s = (X * X).sum() / (n * n)
        shift = torch.full((n, n), float(s) if s > 0 else 1.0, dtype=X.dtype, device=X.device)

    used = solver
    coef = rank = sv = None
    if solver in ("auto", "cholesky"):
        G = X @ X.T if wide else X.T @ X
        if shift is not None:
            G = G + shift
        if alpha > 0:
            G.diagonal().add_(alpha)
        L, info = torch.linalg.cholesky_ex(G)
        ok = int(info) == 0 and G.shape[0] > 0
        if ok and alpha == 0:
            ok = _cond_estimate(G, L) < GRAM_COND_LIMIT
        if ok:
            rhs = Y if wide else X.T @ Y
            A = torch.cholesky_solve(rhs, L)
            coef = X.T @ A if wide else A
            rank = min(n - 1, p) if (fit_intercept and wide) else min(n, p)
            used = "cholesky"
        else:
            del G, L
            if solver == "cholesky":
                warnings.warn("The Gram matrix is singular or ill-conditioned; solving with the "
                              "SVD instead of Cholesky.", RuntimeWarning, stacklevel=3)
            used = "svd"
    if used == "eigh":
        coef, rank, sv = _solve_eigh(X, Y, alpha, rcond, wide)
    elif used == "svd":
        if solver != "svd":     # fallback: the SVD factors need more memory than the Gram route
            check_memory(memory_needed(n, p, k, "svd"),
                         f"The SVD fallback of the min-norm solve (n={n}, p={p})", max_memory)
        coef, rank, sv = _solve_svd(X, Y, alpha, rcond)
    if fit_intercept:
        intercept = y_mean - x_mean @ coef
    else:
        intercept = torch.zeros(k, dtype=X.dtype, device=X.device)
    return Solution(coef, intercept, rank, sv, used)
