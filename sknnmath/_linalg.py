"""The one least-squares solver of sknnmath: min-norm and ridge, primal or dual, real or complex.

Every estimator that solves a linear least-squares problem (Fourier series,
min-norm interpolation, random features, the ridgelet refit, ...) calls
:func:`lstsq`; no other module factorises a Gram matrix.

Routes
------
For ``A`` of shape (n, p) and targets ``B`` of shape (n, k) the problem is

.. math::

    \\min_{W, c} \\|B - A W - 1 c^T\\|_F^2 + \\alpha \\|W\\|_F^2

(scikit-learn's ``Ridge(alpha)`` scaling; ``c`` only with ``fit_intercept``, unpenalised),
and among the minimisers the one of smallest ``\\|W\\|_F`` (for ``alpha = 0``: ``W = A^+ B``).

* **dual** (``n < p``): ``W = A^H (A A^H + alpha I)^{-1} B`` — an n x n Gram matrix;
* **primal** (``p <= n``): ``W = (A^H A + alpha I)^{-1} A^H B`` — a p x p Gram matrix.

The Gram matrix is factorised by Cholesky, followed by one step of iterative
refinement against ``A`` itself (costs two products with ``A``, ``O(npk)``, and recovers
the digits the normal equations lose).

Conditioning policy (the one rule)
----------------------------------
Cholesky is trusted when the factorisation succeeds **and** the estimated condition
number of the matrix actually factorised (``A A^H + alpha I`` or ``A^H A + alpha I``) is at
most :data:`GRAM_COND_LIMIT` for the dtype (1e6 for float64/complex128, 1e3 for
float32/complex64, i.e. ``cond * eps`` stays below about 2e-10 and 1e-4). Otherwise the
solve falls back to the thin SVD of ``A`` (singular values below ``rcond * s_max`` are
dropped; ridge filter ``s / (s^2 + alpha)`` when ``alpha > 0``) — the exact minimum-norm
answer, the limit of gradient descent from zero. ``solver="eigh"`` diagonalises the Gram
matrix instead (cheaper than the SVD, resolution ``sqrt(eps)``).

Never ``torch.linalg.lstsq``: on CUDA it only offers the ``gels`` driver, which assumes
full rank and returns wrong answers for the rank-deficient systems at the interpolation
threshold (PyTorch issue #88101).

Speed
-----
On the CPU the Gram matrix is formed by the symmetric rank-k BLAS kernel (``syrk`` /
``herk``) on zero-copy numpy views of the tensor: numpy's ``a @ a.T`` uses ``syrk`` for real
dtypes, and ``scipy.linalg.blas`` ``zherk``/``cherk`` serve complex ones. That halves the
FLOPs of torch's general matrix product and is the floor of the problem
(``benchmarks/bench_min_norm.py``). On CUDA, torch's product is used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from ._backend import check_memory

__all__ = ["lstsq", "LstsqResult", "GRAM_COND_LIMIT", "lstsq_memory", "default_rcond", "gram"]

#: Largest estimated condition number of the factorised Gram matrix for which the
#: Cholesky route is trusted, per real dtype (complex dtypes use their real part's entry).
GRAM_COND_LIMIT = {torch.float64: 1e6, torch.float32: 1e3}

_SOLVERS = ("auto", "cholesky", "eigh", "svd")


@dataclass
class LstsqResult:
    """Result of :func:`lstsq`.

    Attributes
    ----------
    coef : torch.Tensor of shape (p, k)
        Coefficients ``W``.
    intercept : torch.Tensor of shape (k,)
        ``c`` (zeros without ``fit_intercept``).
    rank : int
        Numerical rank of ``A`` (of the centred ``A`` with an intercept).
    singular_values : torch.Tensor or None
        Singular values of ``A`` (descending, real) when the SVD or eigh route computed them.
    solver : str
        Route used: ``"cholesky"``, ``"eigh"`` or ``"svd"``.
    dual : bool
        Whether the n x n (dual) Gram matrix was used.
    """

    coef: torch.Tensor
    intercept: torch.Tensor
    rank: int
    singular_values: torch.Tensor | None
    solver: str
    dual: bool


def _real_dtype(dtype):
    return torch.empty((), dtype=dtype).real.dtype if dtype.is_complex else dtype


def default_rcond(n, p, dtype=torch.float64):
    """numpy >= 2 / ``torch.linalg.pinv`` default relative cutoff: ``max(n, p) * eps``."""
    return max(n, p) * torch.finfo(_real_dtype(dtype)).eps


def lstsq_memory(n, p, k=1, solver="auto", itemsize=8):
    """Peak bytes of :func:`lstsq` beyond the caller's ``A``: Gram (or SVD factors), targets.

    Parameters
    ----------
    n, p : int
        Shape of ``A``.
    k : int, default=1
        Number of target columns.
    solver : str, default="auto"
        ``"svd"`` counts the thin SVD factors (``U``, a copy of ``A`` used by the driver,
        ``Vh``), every other route the Gram matrix, its factor and the targets.
    itemsize : int, default=8
        Bytes per element (16 for complex128).

    Returns
    -------
    int
    """
    m = min(n, p)
    if solver == "svd":
        return int(itemsize * (2 * n * p + m * m + m + 2 * (n + p) * k))
    return int(itemsize * (2 * m * m + 2 * (n + p) * k))


def _cpu_blas_gram(A, dual):
    """Gram matrix by the symmetric rank-k kernel on zero-copy numpy views (CPU only)."""
    a = A.resolve_conj().numpy()
    if not A.is_complex():
        # numpy dispatches a @ a.T (same buffer, transposed) to syrk and fills both triangles
        return torch.from_numpy(a @ a.T if dual else a.T @ a)
    from scipy.linalg import blas

    herk = blas.zherk if a.dtype == np.complex128 else blas.cherk
    if dual:
        # a is (n, p); a.T is an F-ordered (p, n) view with no copy: herk(trans=2) gives
        # (a.T)^H a.T = conj(a a^H) in the lower triangle
        src = a.T if a.flags.c_contiguous else np.asfortranarray(a.T)
        G = np.conj(herk(1.0, src, trans=2, lower=1))
    else:
        src = a if a.flags.f_contiguous else np.asfortranarray(a)
        G = herk(1.0, src, trans=2, lower=1)          # a^H a
    # fill the upper triangle (Hermitian)
    iu = np.triu_indices(G.shape[0], 1)
    G[iu] = np.conj(G.T[iu])
    return torch.from_numpy(np.ascontiguousarray(G))


def gram(A, dual):
    """``A A^H`` (``dual=True``) or ``A^H A`` as a full Hermitian tensor on ``A``'s device.

    On the CPU this is BLAS ``syrk``/``herk`` (half the FLOPs of a general product).

    Parameters
    ----------
    A : torch.Tensor of shape (n, p)
        Real or complex, float32 or float64.
    dual : bool
        The n x n product ``A A^H`` if True, else the p x p product ``A^H A``.

    Returns
    -------
    torch.Tensor

    Examples
    --------
    >>> import torch
    >>> from sknnmath._linalg import gram
    >>> A = torch.arange(6.0, dtype=torch.float64).reshape(2, 3)
    >>> gram(A, dual=True)
    tensor([[ 5., 14.],
            [14., 50.]], dtype=torch.float64)
    """
    if A.device.type == "cpu" and not A.requires_grad and A.numel() > 0:
        return _cpu_blas_gram(A, dual)
    return A @ A.mH if dual else A.mH @ A


def _cond_estimate(G, L, n_iter=12):
    """Cheap estimate of cond(G) = lambda_max / lambda_min from its Cholesky factor ``L``.

    A few power iterations on ``G`` and inverse iterations with ``L`` (O(m^2) each) on a
    block of 4 deterministic start vectors; good to a modest factor, enough to choose
    between Cholesky and the SVD. Exact (eigvalsh) for m <= 256.
    """
    m = G.shape[0]
    if m <= 256:
        w = torch.linalg.eigvalsh(G)
        return float(w[-1] / w[0]) if w[0] > 0 else float("inf")
    rdt = _real_dtype(G.dtype)
    idx = torch.arange(m, dtype=rdt, device=G.device)
    V = torch.stack([torch.ones_like(idx), torch.cos(idx * 1.3), torch.sin(idx * 0.7 + 0.1),
                     (idx % 3) - 1.0], dim=1).to(G.dtype)
    W = V.clone()
    tiny = torch.finfo(rdt).tiny
    for _ in range(n_iter):
        V = G @ V
        V = V / V.norm(dim=0, keepdim=True).clamp_min(tiny)
        W = torch.cholesky_solve(W, L)
        W = W / W.norm(dim=0, keepdim=True).clamp_min(tiny)
    lam_max = (V.conj() * (G @ V)).sum(0).real.max()
    lam_min = (W.conj() * (G @ W)).sum(0).real.min()
    if not torch.isfinite(lam_min) or lam_min <= 0:
        return float("inf")
    return float(lam_max / lam_min)


def _solve_svd(A, B, alpha, rcond):
    U, S, Vh = torch.linalg.svd(A, full_matrices=False)
    if S.numel() == 0 or S[0] == 0:
        return torch.zeros(A.shape[1], B.shape[1], dtype=A.dtype, device=A.device), 0, S
    keep = S > rcond * S[0]
    rank = int(keep.sum())
    if alpha > 0:
        d = S / (S * S + alpha)
    else:
        d = torch.where(keep, 1.0 / torch.where(keep, S, torch.ones_like(S)), torch.zeros_like(S))
    coef = Vh.mH @ (d.to(A.dtype)[:, None] * (U.mH @ B))
    return coef, rank, S


def _solve_eigh(A, B, alpha, rcond, dual, G=None):
    if G is None:
        G = gram(A, dual)
        if alpha > 0:
            G.diagonal().add_(alpha)
    w, V = torch.linalg.eigh(G)
    m = G.shape[0]
    wmax = w[-1].clamp_min(0)
    eps = torch.finfo(w.dtype).eps
    # Gram eigenvalues are s^2 (+ alpha) and carry an absolute error ~ m eps wmax.
    cut = max(rcond * rcond, m * eps) * wmax
    keep = w > cut if alpha == 0 else torch.ones_like(w, dtype=torch.bool)
    rank = int((w - alpha > cut).sum()) if alpha > 0 else int(keep.sum())
    inv = torch.where(keep, 1.0 / torch.where(keep, w, torch.ones_like(w)), torch.zeros_like(w))
    rhs = B if dual else A.mH @ B
    X = V @ (inv.to(V.dtype)[:, None] * (V.mH @ rhs))
    coef = A.mH @ X if dual else X
    sv = torch.sqrt(torch.clamp(w - (alpha if alpha > 0 else 0.0), min=0)).flip(0)
    return coef, rank, sv


def _chol_solve(L, R):
    return torch.cholesky_solve(R, L)


def lstsq(A, B, *, alpha=0.0, fit_intercept=False, rcond=None, solver="auto", refine=True,
          gram_matrix=None, max_memory=None):
    """Minimum-norm (``alpha = 0``) or ridge least squares ``min ||B - A W - 1c^T||^2 + alpha ||W||^2``.

    Parameters
    ----------
    A : torch.Tensor of shape (n, p), or a callable returning it
        Design matrix: float32, float64, complex64 or complex128, on any device. A
        zero-argument callable is allowed together with ``gram_matrix`` (it is only called
        if the SVD fallback needs ``A``).
    B : torch.Tensor of shape (n, k) or (n,)
        Targets (same dtype and device as ``A``; a 1-D ``B`` gives a (p, 1) ``coef``).
    alpha : float, default=0.0
        Ridge penalty (scikit-learn's ``Ridge`` scaling: on the sum of squares).
    fit_intercept : bool, default=False
        Unpenalised intercept by centring ``A`` and ``B`` (one copy of ``A``); the rank of
        the centred ``A`` is at most ``n - 1``.
    rcond : float or None, default=None
        Relative singular-value cutoff of the SVD route (``max(n, p) * eps`` if None, the
        numpy >= 2 / ``torch.linalg.pinv`` default).
    solver : {"auto", "cholesky", "eigh", "svd"}, default="auto"
        ``"auto"``: Cholesky of the smaller Gram matrix under the conditioning policy of
        this module, else the SVD of ``A``; ``"cholesky"``: the same, with a
        ``RuntimeWarning`` on fallback; ``"eigh"``: eigen-decomposition of the Gram matrix;
        ``"svd"``: thin SVD of ``A``.
    refine : bool, default=True
        One step of iterative refinement of the Cholesky solve against ``A``.
    gram_matrix : tuple (G, AhB) or None, default=None
        Precomputed primal normal equations ``G = A^H A`` (p, p) and ``A^H B`` (p, k), for
        callers with a structured way to form them (the Fourier Gram from characteristic
        sums). ``G`` is modified in place. Only with ``fit_intercept=False``; refinement is
        then against ``G``.
    max_memory : int or None, default=None
        Budget in bytes (:func:`sknnmath._backend.check_memory`) for the solver's own
        arrays (:func:`lstsq_memory`), checked before allocating.

    Returns
    -------
    LstsqResult
        ``coef`` (p, k), ``intercept`` (k,), ``rank``, ``singular_values``, ``solver``,
        ``dual``.

    Raises
    ------
    ValueError
        Unknown solver, mismatched shapes, or a problem above the memory budget.

    See Also
    --------
    numpy.linalg.lstsq, numpy.linalg.pinv : the CPU oracles of the tests.
    sklearn.linear_model.Ridge : the same objective with ``alpha > 0``.

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sknnmath._linalg import lstsq
    >>> rng = np.random.default_rng(0)
    >>> A, b = rng.standard_normal((5, 20)), rng.standard_normal(5)
    >>> res = lstsq(torch.from_numpy(A), torch.from_numpy(b))
    >>> bool(np.allclose(res.coef[:, 0].numpy(), np.linalg.pinv(A) @ b)), res.solver, res.dual
    (True, 'cholesky', True)
    """
    if solver not in _SOLVERS:
        raise ValueError(f"solver must be one of {_SOLVERS}; got {solver!r}.")
    alpha = float(alpha)
    if not alpha >= 0:
        raise ValueError(f"alpha must be >= 0; got {alpha!r}.")
    if B.ndim == 1:
        B = B[:, None]
    if gram_matrix is not None:
        if fit_intercept:
            raise ValueError("gram_matrix cannot be combined with fit_intercept=True.")
        return _lstsq_from_gram(A, B, gram_matrix, alpha, rcond, solver, max_memory)
    if A.ndim != 2 or B.ndim != 2 or A.shape[0] != B.shape[0]:
        raise ValueError(f"A must be (n, p) and B (n, k) with the same n; got {tuple(A.shape)} "
                         f"and {tuple(B.shape)}.")
    if B.dtype != A.dtype:
        B = B.to(A.dtype)
    n, p = A.shape
    k = B.shape[1]
    itemsize = A.element_size()
    check_memory(lstsq_memory(n, p, k, "svd" if solver == "svd" else "gram", itemsize)
                 + (itemsize * n * p if fit_intercept else 0),
                 f"The least-squares solve (n={n}, p={p}, {k} target(s))", max_memory)
    if rcond is None:
        rcond = default_rcond(n, p, A.dtype)
    a_mean = b_mean = None
    if fit_intercept:
        a_mean, b_mean = A.mean(0), B.mean(0)
        A = A - a_mean
        B = B - b_mean
    dual = p > n
    if n == 0 or p == 0:
        coef = torch.zeros(p, k, dtype=A.dtype, device=A.device)
        return _finish(coef, 0, None, "cholesky", dual, A, B, a_mean, b_mean)
    # With an intercept the centred dual Gram A_c A_c^H is singular along 1; adding s 1 1^T
    # leaves the min-norm solution unchanged (the dual variables stay orthogonal to 1 because
    # B_c is) and makes the matrix invertible again when rank A_c = n - 1.
    shift = fit_intercept and dual and alpha == 0 and n > 1
    used = solver
    coef = rank = sv = None
    G = None
    if solver in ("auto", "cholesky", "eigh"):
        G = gram(A, dual)
        if shift:
            s = float(G.diagonal().real.sum()) / (n * n)
            G.add_(s if s > 0 else 1.0)
        if alpha > 0:
            G.diagonal().add_(alpha)
    if solver in ("auto", "cholesky"):
        L, info = torch.linalg.cholesky_ex(G)
        ok = int(info) == 0 and _cond_estimate(G, L) <= GRAM_COND_LIMIT[_real_dtype(A.dtype)]
        if ok:
            rhs = B if dual else A.mH @ B
            X = _chol_solve(L, rhs)
            if refine:
                # one step of iterative refinement against A itself (the normal equations
                # alone lose about log10(cond(A)) digits)
                if dual:
                    R = B - A @ (A.mH @ X) - alpha * X
                    if shift:
                        R = R - s * X.sum(0, keepdim=True)
                else:
                    R = A.mH @ (B - A @ X) - alpha * X
                X = X + _chol_solve(L, R)
            coef = A.mH @ X if dual else X
            rank = min(n - 1, p) if fit_intercept else min(n, p)
            used = "cholesky"
        else:
            del L
            if solver == "cholesky":
                warnings.warn("The Gram matrix is singular or ill-conditioned; solving with the "
                              "SVD instead of Cholesky.", RuntimeWarning, stacklevel=2)
            used = "svd"
    if used == "eigh":
        if shift:   # the eigh cutoff must see the true (centred) spectrum
            G = None
        coef, rank, sv = _solve_eigh(A, B, alpha, rcond, dual, G)
    elif used == "svd":
        G = None
        if solver != "svd":     # fallback: the SVD factors need more memory than the Gram route
            check_memory(lstsq_memory(n, p, k, "svd", itemsize),
                         f"The SVD fallback of the least-squares solve (n={n}, p={p})", max_memory)
        coef, rank, sv = _solve_svd(A, B, alpha, rcond)
    return _finish(coef, rank, sv, used, dual, A, B, a_mean, b_mean)


def _finish(coef, rank, sv, used, dual, A, B, a_mean, b_mean):
    if a_mean is not None:
        intercept = b_mean - a_mean @ coef
    else:
        intercept = torch.zeros(B.shape[1], dtype=B.dtype, device=B.device)
    return LstsqResult(coef, intercept, int(rank), sv, used, bool(dual))


def _lstsq_from_gram(A, B, gram_matrix, alpha, rcond, solver, max_memory):
    """Primal route from precomputed ``(A^H A, A^H B)``; ``A`` (or a callable) for the SVD."""
    G, AhB = gram_matrix
    p = G.shape[0]
    if solver in ("auto", "cholesky"):
        if alpha > 0:
            G.diagonal().add_(alpha)
        L, info = torch.linalg.cholesky_ex(G)
        if int(info) == 0 and _cond_estimate(G, L) <= GRAM_COND_LIMIT[_real_dtype(G.dtype)]:
            W = _chol_solve(L, AhB)
            W = W + _chol_solve(L, AhB - G @ W)          # refinement against G
            intercept = torch.zeros(AhB.shape[1], dtype=G.dtype, device=G.device)
            return LstsqResult(W, intercept, p, None, "cholesky", False)
        if solver == "cholesky":
            warnings.warn("The Gram matrix is singular or ill-conditioned; solving with the "
                          "SVD instead of Cholesky.", RuntimeWarning, stacklevel=3)
        if alpha > 0:
            G.diagonal().sub_(alpha)
    del G
    A = A() if callable(A) else A
    return lstsq(A, B, alpha=alpha, rcond=rcond, solver="svd" if solver != "eigh" else "eigh",
                 max_memory=max_memory)
