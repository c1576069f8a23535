"""Data of low intrinsic dimension (Nakada & Imaizumi, cited by document 004) and its reproduction."""

import numpy as np
import pytest

from sknnmath.approximation import (
    SmoothPeriodicTarget,
    TorusEmbedding,
    intrinsic_rate_exponent,
    make_manifold_regression,
)


@pytest.mark.parametrize("k, D", [(1, 10), (2, 10), (3, 10), (3, 50)])
def test_jacobian_is_the_derivative_and_has_rank_k(k, D):
    emb = TorusEmbedding(k, D, random_state=3)
    t = np.random.default_rng(0).uniform(size=(300, k))
    J = emb.jacobian(t)
    h = 1e-6
    fd = np.stack([(emb(t + h * np.eye(k)[j]) - emb(t - h * np.eye(k)[j])) / (2 * h)
                   for j in range(k)], axis=-1)
    np.testing.assert_allclose(J, fd, rtol=0, atol=1e-6 * np.abs(J).max())
    sv = np.linalg.svd(J, compute_uv=False)
    # an immersion: k independent tangent directions at every point (rank k, not less)
    assert sv.shape[1] == k and sv.min() > 0.05 * sv.max()


@pytest.mark.parametrize("k, D", [(1, 10), (2, 50), (3, 10)])
def test_local_pca_of_ambient_neighbourhoods_has_rank_k(k, D):
    # the sample alone (ambient nearest neighbours, no intrinsic coordinates) shows dimension k
    X, _ = make_manifold_regression(20000, k, D, random_state=(1, 2))
    rng = np.random.default_rng(0)
    for i in rng.choice(len(X), 10, replace=False):
        nn = np.argsort(((X - X[i]) ** 2).sum(axis=1))[:40]
        ev = np.linalg.svd(X[nn] - X[nn].mean(axis=0), compute_uv=False) ** 2
        ev = ev / ev.sum()
        # k components explain the neighbourhood up to curvature, the k-th is not negligible,
        # and the spectrum drops by more than 5x after the k-th (the rest is curvature)
        assert ev[:k].sum() > 0.95 and ev[k - 1] > 0.05 and ev[k - 1] > 5 * ev[k], \
            (k, D, np.round(ev[:k + 2], 4))


@pytest.mark.parametrize("k, D", [(1, 10), (2, 50)])
def test_manifold_is_curved_and_injective(k, D):
    emb = TorusEmbedding(k, D, random_state=0)
    t = np.random.default_rng(1).uniform(size=(3000, k))
    X = emb(t)
    # not inside a 2k-plane: the bend spreads the torus over more ambient directions
    ev = np.linalg.svd(X - X.mean(axis=0), compute_uv=False) ** 2
    assert ev[2 * k:].sum() / ev.sum() > 0.01
    # points far apart on the torus stay apart in R^D
    d_t = np.abs(t[:, None, :] - t[None, :500, :])
    d_t = np.sqrt((np.minimum(d_t, 1 - d_t) ** 2).sum(axis=2))
    d_x = np.sqrt(((X[:, None, :] - X[None, :500, :]) ** 2).sum(axis=2))
    assert d_x[d_t > 0.1].min() > 0.05


def test_make_manifold_regression_target_and_noise():
    X, y, t, f = make_manifold_regression(4000, 2, 10, beta=2.0, max_frequency=8, noise=0.3,
                                          random_state=(4, 5), return_intrinsic=True)
    np.testing.assert_allclose(f, SmoothPeriodicTarget(2, beta=2.0, max_frequency=8, random_state=4)(t))
    np.testing.assert_allclose(X, TorusEmbedding(2, 10, random_state=4)(t))
    assert np.std(y - f) == pytest.approx(0.3, rel=0.05)
    assert np.mean(f**2) == pytest.approx(1.0, rel=0.1)  # ||f||_L2 = 1
    # the manifold seed fixes embedding and target, the sample seed only the sample
    X2, _, t2, f2 = make_manifold_regression(10, 2, 10, random_state=(4, 6), return_intrinsic=True)
    np.testing.assert_allclose(X2, TorusEmbedding(2, 10, random_state=4)(t2))
    for kw in (dict(n_samples=0), dict(intrinsic_dim=0), dict(ambient_dim=3), dict(noise=-1.0)):
        args = {**dict(n_samples=10, intrinsic_dim=2, ambient_dim=10), **kw}
        with pytest.raises(ValueError):
            make_manifold_regression(**args)
    with pytest.raises(ValueError, match="shape"):
        TorusEmbedding(2, 10)(np.zeros((3, 3)))


def test_intrinsic_rate_exponent():
    assert intrinsic_rate_exponent(2, 1) == pytest.approx(-0.8)
    assert intrinsic_rate_exponent(2, 2) == pytest.approx(-2 / 3)
    assert intrinsic_rate_exponent(2, 3) == pytest.approx(-4 / 7)
    assert intrinsic_rate_exponent(1.5, 10) == pytest.approx(-3 / 13)
    with pytest.raises(ValueError):
        intrinsic_rate_exponent(0, 2)


def test_intrinsic_dimension_compute_small():
    from sknnmath.approximation._reproduce_intrinsic import (
        FOURIER,
        MLP,
        _summary_intrinsic,
        compute_intrinsic_dimension,
    )

    res = compute_intrinsic_dimension(quick=True, device="cpu", settings=dict(
        intrinsic_dims=(1,), ambient_dims=(10, 50), ns=(60, 120), n_test=300, max_iter=30))
    lc, e = res.tables["learning_curves"], res.tables["exponents"]
    assert len(lc) == 3 * 2 * 2 and len(e) == 3 * 2
    assert set(e.method) == {MLP, FOURIER, "kernel ridge (Gaussian)"}
    np.testing.assert_allclose(e.theory_intrinsic, -0.8)
    np.testing.assert_allclose(e[e.D == 50].theory_ambient, -4 / 54)
    # with n <= 120 only the constant fits the budget of basis functions: its MSE is ||f||^2 = 1
    four = lc[lc.method == FOURIER]
    assert (four["size"] == 1).all()
    np.testing.assert_allclose(four.test_mse, 1.0, atol=0.25)
    assert np.isfinite(e.fitted_exponent).all()
    lines = _summary_intrinsic(res)
    assert any("has not learnt" in ln for ln in lines)
    assert sum("fitted exponent" in ln for ln in lines) == len(e)
