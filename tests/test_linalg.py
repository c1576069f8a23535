"""The one least-squares solver, ``sknnmath._linalg``, against numpy's pinv / lstsq oracles.

Tolerances: float64/complex128 relative coefficient error <= 1e-10 on well-conditioned
problems (cond(A) ~ 10) and <= 1e-8 near the interpolation threshold (cond ~ 1e3);
float32/complex64 <= 1e-4 (eps32 ~ 1.2e-7 times cond(A)^2 ~ 100, with refinement).
"""

import warnings

import numpy as np
import pytest
import torch

from sknnmath._linalg import GRAM_COND_LIMIT, gram, lstsq, lstsq_memory
from tests._markers import requires_cuda


def _rel(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return np.linalg.norm(a - b) / np.linalg.norm(b)


def _problem(n, p, k=2, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, p))
    B = rng.standard_normal((n, k))
    if np.dtype(dtype).kind == "c":
        A = A + 1j * rng.standard_normal((n, p))
        B = B + 1j * rng.standard_normal((n, k))
    return A.astype(dtype), B.astype(dtype)


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
@pytest.mark.parametrize("n,p", [(60, 15), (40, 40 - 10), (15, 60), (30, 300)])
def test_min_norm_matches_pinv(dtype, n, p):
    A, B = _problem(n, p, dtype=dtype)
    res = lstsq(_t(A), _t(B))
    ref = np.linalg.pinv(A) @ B
    assert res.solver == "cholesky" and res.dual == (p > n)
    assert res.coef.dtype == _t(A).dtype and res.coef.shape == (p, 2)
    assert _rel(res.coef.numpy(), ref) < 1e-10
    assert _rel(res.coef.numpy(), np.linalg.lstsq(A, B, rcond=None)[0]) < 1e-10
    assert res.rank == min(n, p)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
@pytest.mark.parametrize("n,p", [(50, 12), (12, 50)])
def test_ridge_matches_closed_form(dtype, n, p):
    A, B = _problem(n, p, dtype=dtype, seed=1)
    alpha = 0.7
    ref = np.linalg.solve(A.conj().T @ A + alpha * np.eye(p), A.conj().T @ B)
    for solver in ("auto", "eigh", "svd"):
        res = lstsq(_t(A), _t(B), alpha=alpha, solver=solver)
        assert _rel(res.coef.numpy(), ref) < 1e-10, solver


@pytest.mark.parametrize("solver", ["auto", "cholesky", "eigh", "svd"])
@pytest.mark.parametrize("n,p", [(40, 12), (12, 40)])
def test_intercept_is_centred_pinv(solver, n, p):
    A, B = _problem(n, p, seed=2)
    A = A + 3.0
    Ac, Bc = A - A.mean(0), B - B.mean(0)
    W = np.linalg.pinv(Ac) @ Bc
    res = lstsq(_t(A), _t(B), fit_intercept=True, solver=solver)
    assert _rel(res.coef.numpy(), W) < 1e-8
    np.testing.assert_allclose(res.intercept.numpy(), B.mean(0) - A.mean(0) @ W, atol=1e-9)
    assert res.rank == min(n - 1, p)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_rank_deficient_falls_back_to_svd(dtype):
    rng = np.random.default_rng(3)
    A0, _ = _problem(25, 8, dtype=dtype, seed=3)
    A = np.hstack([A0, A0[:, :4], A0 @ rng.standard_normal((8, 20))])       # rank 8, p = 32
    B = _problem(25, 32, k=1, dtype=dtype, seed=4)[1]
    res = lstsq(_t(A), _t(B))
    assert res.solver == "svd" and res.rank == 8
    assert _rel(res.coef.numpy(), np.linalg.pinv(A) @ B) < 1e-8
    np.testing.assert_allclose(res.singular_values.numpy(), np.linalg.svd(A, compute_uv=False),
                               rtol=1e-8, atol=1e-10)
    with pytest.warns(RuntimeWarning, match="SVD"):
        lstsq(_t(A), _t(B), solver="cholesky")
    eig = lstsq(_t(A), _t(B), solver="eigh")
    assert eig.rank == 8 and _rel(eig.coef.numpy(), np.linalg.pinv(A) @ B) < 1e-6


def test_ill_conditioned_full_rank_uses_svd_policy():
    # cond(A) = 1e5 -> cond(Gram) = 1e10 > GRAM_COND_LIMIT: the policy sends it to the SVD,
    # which is as accurate as numpy's pinv
    rng = np.random.default_rng(5)
    U, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    V, _ = np.linalg.qr(rng.standard_normal((80, 30)))
    A = U @ np.diag(np.logspace(0, -5, 30)) @ V.T
    B = rng.standard_normal((30, 1))
    res = lstsq(_t(A), _t(B))
    assert GRAM_COND_LIMIT[torch.float64] < 1e10
    assert res.solver == "svd" and res.rank == 30
    assert _rel(res.coef.numpy(), np.linalg.pinv(A) @ B) < 1e-8
    # the same spectrum squeezed to cond(A) = 100 stays on Cholesky and is exact too
    A2 = U @ np.diag(np.logspace(0, -2, 30)) @ V.T
    res2 = lstsq(_t(A2), _t(B))
    assert res2.solver == "cholesky"
    assert _rel(res2.coef.numpy(), np.linalg.pinv(A2) @ B) < 1e-10


@pytest.mark.parametrize("dtype", [np.float32, np.complex64])
@pytest.mark.parametrize("n,p", [(80, 10), (10, 80)])
def test_single_precision(dtype, n, p):
    A, B = _problem(n, p, dtype=dtype, seed=6)
    res = lstsq(_t(A), _t(B))
    assert res.coef.dtype == _t(A).dtype
    ref = np.linalg.pinv(A.astype(np.complex128 if np.dtype(dtype).kind == "c" else np.float64)) \
        @ B.astype(np.complex128)
    assert _rel(res.coef.numpy(), ref) < 1e-4


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.complex64])
@pytest.mark.parametrize("dual", [True, False])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_gram_is_syrk_of_the_view(dtype, dual, layout):
    A, _ = _problem(7, 11, dtype=dtype, seed=7)
    t = _t(A)
    if layout == "F":
        t = torch.from_numpy(np.asfortranarray(A))
    elif layout == "strided":
        t = _t(np.repeat(A, 2, axis=1))[:, ::2]          # a strided view of A
    G = gram(t, dual)
    ref = A @ A.conj().T if dual else A.conj().T @ A
    tol = 1e-12 if np.dtype(dtype).itemsize >= 16 or dtype == np.float64 else 1e-4
    np.testing.assert_allclose(G.numpy(), ref, rtol=tol, atol=tol * np.abs(ref).max())
    np.testing.assert_array_equal(G.numpy(), G.numpy().conj().T)      # exactly Hermitian


def test_precomputed_gram_route():
    A, B = _problem(50, 10, seed=8)
    G, AhB = _t(A.T @ A), _t(A.T @ B)
    res = lstsq(lambda: _t(A), _t(B), gram_matrix=(G, AhB))
    assert res.solver == "cholesky"
    assert _rel(res.coef.numpy(), np.linalg.pinv(A) @ B) < 1e-10
    # singular Gram: A is only built for the SVD fallback
    A2 = np.hstack([A, A[:, :3]])
    calls = []

    def build():
        calls.append(1)
        return _t(A2)

    res2 = lstsq(build, _t(B), gram_matrix=(_t(A2.T @ A2), _t(A2.T @ B)))
    assert calls == [1] and res2.solver == "svd"
    assert _rel(res2.coef.numpy(), np.linalg.pinv(A2) @ B) < 1e-8


def test_one_d_targets_and_empty():
    A, B = _problem(10, 4, k=1, seed=9)
    res = lstsq(_t(A), _t(B[:, 0]))
    assert res.coef.shape == (4, 1)
    empty = lstsq(torch.zeros(5, 0, dtype=torch.float64), _t(np.ones(5)))
    assert empty.coef.shape == (0, 1)


def test_bad_input_errors():
    A, B = _problem(10, 4, seed=10)
    A[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        lstsq(_t(A), _t(B))
    with pytest.raises(ValueError, match="solver"):
        lstsq(_t(B), _t(B), solver="qr")
    with pytest.raises(ValueError, match="same n"):
        lstsq(_t(B), _t(B[:5]))
    with pytest.raises(ValueError, match="memory budget"):
        lstsq(_t(B), _t(B), max_memory=10)
    assert lstsq_memory(10, 100, 1, "svd") > lstsq_memory(10, 100, 1, "auto")


def test_never_calls_torch_lstsq(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("torch.linalg.lstsq must not be used")

    monkeypatch.setattr(torch.linalg, "lstsq", boom)
    for n, p in [(20, 5), (5, 20)]:
        A, B = _problem(n, p, seed=11)
        A = np.hstack([A, A])                      # rank deficient: fallback path too
        for solver in ("auto", "eigh", "svd"):
            lstsq(_t(A), _t(B), solver=solver)


@requires_cuda
@pytest.mark.parametrize("dtype", [np.float64, np.complex128, np.float32])
@pytest.mark.parametrize("n,p", [(60, 15), (15, 60)])
def test_cuda_matches_cpu(dtype, n, p):
    A, B = _problem(n, p, dtype=dtype, seed=13)
    cpu = lstsq(_t(A), _t(B))
    gpu = lstsq(_t(A).cuda(), _t(B).cuda())
    assert gpu.coef.device.type == "cuda" and gpu.solver == cpu.solver
    tol = 1e-10 if np.dtype(dtype).itemsize >= 8 and dtype != np.float32 else 1e-4
    assert _rel(gpu.coef.cpu().numpy(), cpu.coef.numpy()) < tol
    A2 = np.hstack([A, A])                         # rank deficient on the GPU: the SVD route
    ref = np.linalg.pinv(A2.astype(np.complex128)) @ B
    g2 = lstsq(_t(A2).cuda(), _t(B).cuda())
    assert g2.solver == "svd" and _rel(g2.coef.cpu().numpy(), ref) < max(tol, 1e-8)


def test_warning_free_on_the_happy_path():
    A, B = _problem(30, 90, seed=14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lstsq(_t(A), _t(B), solver="cholesky")
