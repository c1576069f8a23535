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
Cholesky is trusted when the factorisation succeeds **and** its step of iterative
refinement changes the solution by at most ``GRAM_COND_LIMIT * eps`` relative (2.2e-10 for
float64/complex128 with ``GRAM_COND_LIMIT = 1e6``; 1.2e-4 for float32/complex64 with 1e3).
A second, free test guards the primal route against exactly singular systems (whose null
directions leave no trace in the residual): the squared ratio of the largest to the smallest
Cholesky pivot, a lower bound of ``cond(G)``, must not exceed ``GRAM_COND_LIMIT`` either.
The refinement correction is about ``cond(G) * eps`` of the solution for the matrix ``G``
actually factorised (``A A^H + alpha I`` or ``A^H A + alpha I``), so this is the rule
``cond(G) <~ GRAM_COND_LIMIT``, measured a posteriori on the actual right-hand side at no
extra cost (a separate condition estimate costs dozens of small BLAS calls). Otherwise the
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

import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch

from ._backend import check_memory

__all__ = ["lstsq", "LstsqResult", "GRAM_COND_LIMIT", "lstsq_memory", "default_rcond", "gram",
           "least_squares_proba"]

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


class _Cholesky:
    """Cholesky factor ``G = L L^H`` (torch) with fast solves and a condition estimate.

    Factorised by torch (faster than scipy's ``potrf`` here); on the CPU the solves go
    through LAPACK ``potrs`` on a zero-copy view of the factor, which is several times
    faster than ``torch.cholesky_solve`` for a few right-hand sides.
    """

    def __init__(self, G):
        self.G = G
        self.L, info = torch.linalg.cholesky_ex(G)
        self.ok = int(info) == 0 and G.shape[0] > 0

    def solve(self, R):
        L = self.L
        if L.device.type != "cpu":
            return torch.cholesky_solve(R, L)
        from scipy.linalg import lapack

        # the C-ordered lower factor L is, read in Fortran order, the upper factor U = L^T:
        # potrs(U, upper) solves U^H U X = conj(G) X = B (= G X for real G)
        lower = L.numpy()
        potrs = lapack.get_lapack_funcs("potrs", (lower,))
        rhs = R.resolve_conj().numpy()
        if L.is_complex():
            X, info = potrs(lower.T, np.conj(rhs), lower=0)
            X = np.conj(X)
        else:
            X, info = potrs(lower.T, rhs, lower=0)
        return torch.from_numpy(np.ascontiguousarray(X))

    def accept(self, coef, correction):
        """The conditioning policy: trust the solve when refinement barely moves it.

        One step of iterative refinement changes the solution by about ``cond(G) * eps``
        relative; the Cholesky route is accepted when that correction is at most
        ``GRAM_COND_LIMIT * eps`` of the solution (and finite), i.e. ``cond(G) <~
        GRAM_COND_LIMIT`` measured on the actual right-hand side, at no extra cost.
        """
        rdt = _real_dtype(coef.dtype)
        limit = GRAM_COND_LIMIT[rdt]
        # (max/min pivot)^2 is a lower bound of cond(G); it catches the exactly singular
        # primal systems whose null directions the residual cannot see
        piv = self.L.diagonal().real
        if float(piv.max()) ** 2 > limit * float(piv.min()) ** 2:
            return False
        tol = limit * torch.finfo(rdt).eps
        size = float(torch.linalg.vector_norm(coef))
        corr = float(torch.linalg.vector_norm(correction))
        return math.isfinite(size) and math.isfinite(corr) and corr <= tol * max(
            size, torch.finfo(rdt).tiny)


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


def _check_finite(A, B):
    """Only on the fallback path (a NaN makes Cholesky fail): a clear error, not a LAPACK one."""
    if not (bool(torch.isfinite(A).all()) and bool(torch.isfinite(B).all())):
        raise ValueError("The least-squares problem has NaN or infinite entries (in the design "
                         "matrix or the targets); check the input scale.")


def lstsq(A, B, *, alpha=0.0, fit_intercept=False, rcond=None, solver="auto",
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
        chol = _Cholesky(G)
        if chol.ok:
            # solve, then one step of iterative refinement against A itself (the normal
            # equations alone lose about log10(cond(A)) digits); its size is the policy's test
            if dual:
                X = chol.solve(B)
                coef = A.mH @ X
                R = B - A @ coef - alpha * X
                if shift:
                    R = R - s * X.sum(0, keepdim=True)
                correction = A.mH @ chol.solve(R)
            else:
                coef = chol.solve(A.mH @ B)
                correction = chol.solve(A.mH @ (B - A @ coef) - alpha * coef)
        if chol.ok and chol.accept(coef, correction):
            coef = coef + correction
            rank = min(n - 1, p) if fit_intercept else min(n, p)
            used = "cholesky"
        else:
            del chol
            _check_finite(A, B)
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
        if solver == "svd":
            _check_finite(A, B)
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
        chol = _Cholesky(G)
        if chol.ok:
            W = chol.solve(AhB)
            correction = chol.solve(AhB - G @ W)          # refinement against G
            if chol.accept(W, correction):
                intercept = torch.zeros(AhB.shape[1], dtype=G.dtype, device=G.device)
                return LstsqResult(W + correction, intercept, p, None, "cholesky", False)
        del chol
        if solver == "cholesky":
            warnings.warn("The Gram matrix is singular or ill-conditioned; solving with the "
                          "SVD instead of Cholesky.", RuntimeWarning, stacklevel=3)
        if alpha > 0:
            G.diagonal().sub_(alpha)
    del G
    A = A() if callable(A) else A
    _check_finite(A, B)
    return lstsq(A, B, alpha=alpha, rcond=rcond, solver="svd" if solver != "eigh" else "eigh",
                 max_memory=max_memory)


def least_squares_proba(scores):
    """Clipped class probabilities of a least-squares classifier (not calibrated).

    ``scores`` are regression outputs on 0/1 targets: shape (n,) for two classes (the
    positive class's output) or (n, n_classes) for one-hot targets. Binary:
    ``P(class 1) = clip(score, 0, 1)``. Multiclass: outputs clipped at 0 and normalised per
    row; rows with no positive output use a softmax of the outputs. Either way
    ``argmax`` of the probabilities equals the classifier's arg-max / 0.5-threshold rule.

    Parameters
    ----------
    scores : ndarray of shape (n_samples,) or (n_samples, n_classes)

    Returns
    -------
    proba : ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath._linalg import least_squares_proba
    >>> least_squares_proba(np.array([-0.2, 0.3, 1.4]))
    array([[1. , 0. ],
           [0.7, 0.3],
           [0. , 1. ]])
    """
    F = np.asarray(scores, dtype=np.float64)
    if F.ndim == 1:
        p1 = np.clip(F, 0.0, 1.0)
        return np.column_stack([1.0 - p1, p1])
    P = np.clip(F, 0.0, None)
    total = P.sum(axis=1, keepdims=True)
    out = P / np.where(total > 0, total, 1.0)
    none = total[:, 0] <= 0
    if none.any():
        Z = F[none] - F[none].max(axis=1, keepdims=True)
        E = np.exp(Z)
        out[none] = E / E.sum(axis=1, keepdims=True)
    return out
