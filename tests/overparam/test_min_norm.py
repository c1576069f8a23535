"""MinNormInterpolator: exactness against pinv / LinearRegression, and Monte-Carlo risk oracles."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge

from tests._markers import requires_cuda
from sknnmath.overparam import (
    MinNormInterpolator,
    minnorm_risk_finite_n,
    minnorm_risk_general,
    minnorm_risk_isotropic,
    ridge_risk_isotropic,
)



def _rel(a, b):
    return np.linalg.norm(np.asarray(a) - np.asarray(b)) / np.linalg.norm(np.asarray(b))


@pytest.mark.parametrize("n,p", [(40, 10), (40, 39), (40, 41), (30, 300), (200, 1000)])
def test_matches_pinv_and_linear_regression(n, p):
    rng = np.random.default_rng(n * 1000 + p)
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    est = MinNormInterpolator(device="cpu").fit(X, y)
    assert _rel(est.coef_, np.linalg.pinv(X) @ y) < 1e-8
    assert _rel(est.coef_, LinearRegression(fit_intercept=False).fit(X, y).coef_) < 1e-8
    assert est.intercept_ == 0.0
    assert est.rank_ == min(n, p)
    assert est.norm_ == pytest.approx(np.linalg.norm(est.coef_))
    if p > n:
        np.testing.assert_allclose(est.predict(X), y, atol=1e-8)


@pytest.mark.parametrize("solver", ["cholesky", "eigh", "svd"])
@pytest.mark.parametrize("n,p", [(30, 12), (20, 80)])
def test_solvers_agree(solver, n, p):
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((n, p)), rng.standard_normal((n, 2))
    ref = np.linalg.pinv(X) @ Y
    est = MinNormInterpolator(solver=solver, device="cpu").fit(X, Y)
    assert _rel(est.coef_.T, ref) < (1e-7 if solver == "eigh" else 1e-10)
    assert est.solver_ == solver
    if solver in ("eigh", "svd"):
        np.testing.assert_allclose(est.singular_values_, np.linalg.svd(X, compute_uv=False),
                                   rtol=1e-6)
    else:
        assert est.singular_values_ is None


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("offset", [-1, 0])
def test_finite_at_threshold(fit_intercept, offset):
    # p = n and p = n - 1 are the worst-conditioned problems
    n = 60
    for seed in range(5):
        rng = np.random.default_rng(seed)
        X, y = rng.standard_normal((n, n + offset)), rng.standard_normal(n)
        est = MinNormInterpolator(fit_intercept=fit_intercept, device="cpu").fit(X, y)
        assert np.all(np.isfinite(est.coef_)) and np.isfinite(est.intercept_)
        ref = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
        assert _rel(est.coef_, ref.coef_) < 1e-7
        if n + offset >= n - int(fit_intercept):      # enough parameters to interpolate
            np.testing.assert_allclose(est.predict(X), y, atol=1e-7)


def test_rank_deficient_equals_pinv():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((25, 10))
    X = np.hstack([A, A[:, :5], A @ rng.standard_normal((10, 20))])    # rank 10, p = 35
    y = rng.standard_normal(25)
    for solver in ("auto", "svd", "eigh"):
        est = MinNormInterpolator(solver=solver, device="cpu").fit(X, y)
        assert est.rank_ == 10
        assert _rel(est.coef_, np.linalg.pinv(X) @ y) < 1e-6
    with pytest.warns(RuntimeWarning, match="SVD"):
        MinNormInterpolator(solver="cholesky", device="cpu").fit(X, y)


def test_rcond_cutoff_is_exposed():
    rng = np.random.default_rng(4)
    U, _ = np.linalg.qr(rng.standard_normal((10, 10)))
    V, _ = np.linalg.qr(rng.standard_normal((30, 10)))
    s = np.logspace(0, -6, 10)
    X = U @ np.diag(s) @ V.T
    y = rng.standard_normal(10)
    est = MinNormInterpolator(solver="svd", rcond=1e-3, device="cpu").fit(X, y)
    assert est.rank_ == 5
    assert _rel(est.coef_, np.linalg.pinv(X, rcond=1e-3) @ y) < 1e-10


def test_intercept_moves_threshold_to_n_minus_1():
    rng = np.random.default_rng(5)
    n = 30
    for p in (n - 1, n, 100):
        X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
        est = MinNormInterpolator(fit_intercept=True, device="cpu").fit(X, y)
        lr = LinearRegression(fit_intercept=True).fit(X, y)
        assert est.rank_ == n - 1
        assert _rel(est.coef_, lr.coef_) < 1e-8
        assert est.intercept_ == pytest.approx(lr.intercept_, abs=1e-8)
        np.testing.assert_allclose(est.predict(X), y, atol=1e-8)   # already interpolates at n - 1


@pytest.mark.parametrize("n,p", [(40, 10), (20, 200)])
def test_ridge_matches_sklearn_and_tends_to_min_norm(n, p):
    rng = np.random.default_rng(6)
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    for solver in ("auto", "svd", "eigh"):
        est = MinNormInterpolator(alpha=2.5, solver=solver, device="cpu").fit(X, y)
        ref = Ridge(alpha=2.5, fit_intercept=False, solver="svd").fit(X, y)
        assert _rel(est.coef_, ref.coef_) < 1e-9
    est = MinNormInterpolator(alpha=2.5, fit_intercept=True, device="cpu").fit(X, y)
    ref = Ridge(alpha=2.5, fit_intercept=True, solver="svd").fit(X, y)
    assert _rel(est.coef_, ref.coef_) < 1e-9
    assert est.intercept_ == pytest.approx(ref.intercept_, abs=1e-9)
    tiny = MinNormInterpolator(alpha=1e-9, device="cpu").fit(X, y)
    assert _rel(tiny.coef_, np.linalg.pinv(X) @ y) < 1e-6


def test_gradient_descent_from_zero_converges_to_it():
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((15, 40)), rng.standard_normal(15)
    beta = np.zeros(40)
    step = 1.0 / np.linalg.norm(X, 2) ** 2
    for _ in range(20000):
        beta -= step * X.T @ (X @ beta - y)
    est = MinNormInterpolator(device="cpu").fit(X, y)
    assert _rel(est.coef_, beta) < 1e-8
    # another interpolant (min-norm + null-space vector) has a larger norm
    null = np.linalg.svd(X)[2][-1]
    assert np.linalg.norm(est.coef_ + null) > est.norm_


def test_multi_output_equals_separate_fits():
    rng = np.random.default_rng(8)
    X, Y = rng.standard_normal((20, 50)), rng.standard_normal((20, 3))
    est = MinNormInterpolator(fit_intercept=True, device="cpu").fit(X, Y)
    assert est.coef_.shape == (3, 50) and est.intercept_.shape == (3,) and est.norm_.shape == (3,)
    for j in range(3):
        single = MinNormInterpolator(fit_intercept=True, device="cpu").fit(X, Y[:, j])
        np.testing.assert_allclose(est.coef_[j], single.coef_, rtol=1e-10, atol=1e-13)
        assert est.intercept_[j] == pytest.approx(single.intercept_)
    assert est.predict(X).shape == (20, 3)


def test_memory_guard():
    X, y = np.ones((20, 30)), np.ones(20)
    with pytest.raises(ValueError, match="memory budget"):
        MinNormInterpolator(max_memory=1000, device="cpu").fit(X, y)
    MinNormInterpolator(max_memory=10**6, device="cpu").fit(X, y)


def test_bad_inputs_and_devices():
    X, y = np.random.default_rng(0).standard_normal((10, 4)), np.arange(10.0)
    with pytest.raises(ValueError, match="NaN"):
        MinNormInterpolator(device="cpu").fit(np.where(X > 1, np.nan, X), y)
    est = MinNormInterpolator(device="cpu").fit(X, y)
    assert est.device_ == "cpu"
    with pytest.raises(ValueError, match="features"):
        est.predict(X[:, :3])
    with pytest.raises(ValueError, match="[Uu]nknown device"):
        MinNormInterpolator(device="tpu").fit(X, y)
    est2 = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(est2.predict(X), est.predict(X))


@requires_cuda
def test_cuda_matches_cpu_and_pickles_to_cpu():
    rng = np.random.default_rng(9)
    for n, p in ((50, 50), (40, 400), (60, 59)):
        X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
        cpu = MinNormInterpolator(device="cpu").fit(X, y)
        gpu = MinNormInterpolator(device="cuda").fit(X, y)
        assert gpu.device_.startswith("cuda")
        assert _rel(gpu.coef_, cpu.coef_) < 1e-7
        blob = pickle.dumps(gpu)
        np.testing.assert_allclose(pickle.loads(blob).predict(X), cpu.predict(X), atol=1e-6)


# --------------------------------------------------------------------------- Monte Carlo
def _noise_averaged_risk(X, beta, noise, **kw):
    """Exact E_eps of ||beta_hat - beta||^2 given X, *through the estimator*.

    Fitting the targets [X beta, I_n] at once gives X^+ X beta and X^+ (one
    multi-output fit): bias = ||X^+ X beta - beta||^2, variance = noise ||X^+||_F^2.
    """
    n = X.shape[0]
    Y = np.column_stack([X @ beta, np.eye(n)])
    C = MinNormInterpolator(device="cpu", **kw).fit(X, Y).coef_
    return np.sum((C[0] - beta) ** 2), noise * np.sum(C[1:] ** 2)


def test_monte_carlo_matches_exact_finite_n():
    """Belkin–Hsu–Xu exact finite-n risk, n = 100, >= 200 design draws, 5 %."""
    n, r2, s2, reps = 100, 1.0, 0.25, 200
    rng = np.random.default_rng(2024)
    for p in (25, 80, 120, 200, 1000):
        exact = minnorm_risk_finite_n(n, p, r2, s2)
        B, V = np.empty(reps), np.empty(reps)
        for i in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p)
            beta *= np.sqrt(r2) / np.linalg.norm(beta)
            B[i], V[i] = _noise_averaged_risk(X, beta, s2)
        assert B.mean() == pytest.approx(exact.bias, rel=0.05, abs=1e-9), p
        assert V.mean() == pytest.approx(exact.variance, rel=0.05), p


def test_monte_carlo_with_real_noise():
    """Plain Monte Carlo (noisy labels, fresh design each time) at two aspect ratios."""
    n, r2, s2, reps = 100, 1.0, 0.25, 200
    rng = np.random.default_rng(11)
    for p in (50, 300):
        risk = np.empty(reps)
        for i in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p)
            beta *= np.sqrt(r2) / np.linalg.norm(beta)
            y = X @ beta + np.sqrt(s2) * rng.standard_normal(n)
            risk[i] = np.sum((MinNormInterpolator(device="cpu").fit(X, y).coef_ - beta) ** 2)
        assert risk.mean() == pytest.approx(minnorm_risk_finite_n(n, p, r2, s2).risk, rel=0.06)


def test_hmrt_limits_large_n():
    n, r2, s2, reps = 400, 1.0, 0.25, 4
    rng = np.random.default_rng(12)
    for gamma in (0.5, 2.0, 4.0):
        p = int(gamma * n)
        risk = []
        for _ in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p)
            beta *= np.sqrt(r2) / np.linalg.norm(beta)
            risk.append(sum(_noise_averaged_risk(X, beta, s2)))
        assert np.mean(risk) == pytest.approx(minnorm_risk_isotropic(gamma, r2, s2).risk, rel=0.10)


def test_ridge_risk_monte_carlo():
    n, r2, s2, reps = 300, 1.0, 0.25, 6
    rng = np.random.default_rng(13)
    for gamma, lam in ((0.5, 0.1), (2.0, 1.0)):
        p = int(gamma * n)
        risk = []
        for _ in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p)
            beta *= np.sqrt(r2) / np.linalg.norm(beta)
            risk.append(sum(_noise_averaged_risk(X, beta, s2, alpha=n * lam)))
        assert np.mean(risk) == pytest.approx(ridge_risk_isotropic(gamma, lam, r2, s2).risk,
                                              rel=0.10)


def test_general_covariance_monte_carlo():
    n, s2, reps = 200, 0.25, 8
    rng = np.random.default_rng(14)
    for gamma in (1.5, 3.0):
        p = int(gamma * n)
        lam = np.r_[np.ones(p // 2), 4 * np.ones(p - p // 2)]
        theory = minnorm_risk_general(gamma, lam, None, s2).risk
        risk = []
        for _ in range(reps):
            X = rng.standard_normal((n, p)) * np.sqrt(lam)
            beta = rng.standard_normal(p)
            beta /= np.linalg.norm(beta)
            Y = np.column_stack([X @ beta, np.eye(n)])
            C = MinNormInterpolator(device="cpu").fit(X, Y).coef_
            d = C[0] - beta
            risk.append(d @ (lam * d) + s2 * np.sum(C[1:] ** 2 * lam))
        assert np.mean(risk) == pytest.approx(theory, rel=0.10)


def test_double_descent_shape_on_medians():
    """Risk rises towards p = n and falls after it (medians over seeds; never at p = n)."""
    n, reps = 40, 30
    rng = np.random.default_rng(15)
    med = {}
    for p in (10, 30, 37, 43, 50, 120):
        risk = []
        for _ in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p) / np.sqrt(p)
            y = X @ beta + 0.5 * rng.standard_normal(n)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                coef = MinNormInterpolator(device="cpu").fit(X, y).coef_
            risk.append(np.sum((coef - beta) ** 2))
        med[p] = np.median(risk)
    assert med[10] < med[30] < med[37]
    assert med[43] > med[50] > med[120]


@pytest.mark.parametrize("p", [299, 300, 301])
def test_threshold_large_gram_route(p):
    # m > 256 uses the iterative condition estimate; results must stay exact-ish
    rng = np.random.default_rng(p)
    X, y = rng.standard_normal((300, p)), rng.standard_normal(300)
    est = MinNormInterpolator(device="cpu").fit(X, y)
    assert np.all(np.isfinite(est.coef_))
    assert _rel(est.coef_, np.linalg.pinv(X) @ y) < 1e-7


@pytest.mark.parametrize("kind,ref,rel", [("spiked", 0.123, 0.2), ("isotropic", 1.001, 0.05),
                                          ("power", 1.019, 0.1)])
def test_benign_overfitting_reference_values(kind, ref, rel):
    """n = 60, p = 2000, sigma^2 = 1, theta* on the top eigendirection (reference §5.2)."""
    from sknnmath.overparam import covariance_spectrum, minnorm_excess_risk

    n, p, reps = 60, 2000, 12
    lam = covariance_spectrum(kind, p)
    coef = np.zeros(p)
    coef[0] = 1 / np.sqrt(lam[0])
    rng = np.random.default_rng(16)
    risks = []
    for _ in range(reps):
        X = rng.standard_normal((n, p)) * np.sqrt(lam)
        Y = np.column_stack([X @ coef, np.eye(n)])
        C = MinNormInterpolator(device="cpu").fit(X, Y).coef_
        d = C[0] - coef
        risks.append(d @ (lam * d) + np.sum(C[1:] ** 2 @ lam))
        if len(risks) == 1:    # the estimator agrees with BLLT's Lemma 7 on the same design
            assert risks[0] == pytest.approx(minnorm_excess_risk(X, lam, coef, 1.0).risk, rel=1e-8)
    assert np.mean(risks) == pytest.approx(ref, rel=rel)
