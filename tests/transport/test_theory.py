"""Oracle tests of the transport closed forms (document 001 §4, reference dae_transport.md).

Time is the noise variance throughout.
"""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from sknnmath.transport import (
    composed_dae_covariances,
    entropy_gradient_flow,
    gaussian_dae_map,
    gaussian_dae_pushforward,
    gaussian_entropy,
    gaussian_mixture_score,
    knn_entropy,
    tweedie_denoiser,
)


def test_gaussian_dae_map_matches_least_squares():
    # Oracle: the least-squares regression of clean on noisy data (reference §5.6).
    rng = np.random.default_rng(0)
    cov = np.array([[1.0, 0.3], [0.3, 0.5]])
    m = np.array([1.0, -2.0])
    t = 0.2
    X = rng.multivariate_normal(m, cov, size=200_000)
    Xn = X + np.sqrt(t) * rng.standard_normal(X.shape)
    reg = LinearRegression().fit(Xn, X)
    A, b = gaussian_dae_map(m, cov, t)
    assert np.allclose(A, cov @ np.linalg.inv(cov + t * np.eye(2)), atol=1e-12)
    assert np.allclose(reg.coef_, A, atol=0.01)
    assert np.allclose(reg.intercept_, b, atol=0.02)


def test_gaussian_dae_map_slope_one_dimensional():
    A, b = gaussian_dae_map([0.0], [[0.4]], 0.1)
    assert A[0, 0] == pytest.approx(0.8)
    assert b[0] == 0.0


def test_pushforward_clean_and_noisy_monte_carlo():
    rng = np.random.default_rng(1)
    cov = np.diag([1.0, 0.25])
    t = 0.3
    A, _ = gaussian_dae_map([0, 0], cov, t)
    X = rng.multivariate_normal([0, 0], cov, size=400_000)
    clean = np.cov((X @ A.T).T)
    noisy = np.cov(((X + np.sqrt(t) * rng.standard_normal(X.shape)) @ A.T).T)
    assert np.allclose(clean, gaussian_dae_pushforward(cov, t), atol=5e-3)
    assert np.allclose(noisy, gaussian_dae_pushforward(cov, t, noisy_input=True), atol=5e-3)
    # per-axis forms of reference §4.1
    s = np.sqrt(np.diag(cov))
    assert np.allclose(np.sqrt(np.diag(gaussian_dae_pushforward(cov, t))), s**3 / (s**2 + t))
    assert np.allclose(np.sqrt(np.diag(gaussian_dae_pushforward(cov, t, True))),
                       s**2 / np.sqrt(s**2 + t))


def test_composed_reference_table():
    # reference §4.2 [checked]: sigma^2 = 1, t = 0.3
    expected = {1: 0.5917, 10: 0.4360, 1000: 0.4004}
    for L, v in expected.items():
        out = composed_dae_covariances([1.0], 0.3, L)
        assert out.shape == (L + 1, 1)
        assert out[-1, 0] == pytest.approx(v, abs=5e-5)
    # L -> large approaches s - 2t
    assert composed_dae_covariances([1.0], 0.3, 100_000)[-1, 0] == pytest.approx(0.4, abs=1e-5)


def test_composed_equals_iterated_gaussian_dae_pushforward():
    # Independent route: iterate the full-matrix optimal DAE push-forward.
    cov = np.array([[1.0, 0.4], [0.4, 0.6]])
    t, L = 0.2, 5
    seq = composed_dae_covariances(cov, t, L)
    c = cov
    for l in range(L):
        c = gaussian_dae_pushforward(c, t / L)
        assert np.allclose(seq[l + 1], c, atol=1e-12)
    diag_seq = composed_dae_covariances(np.diag(cov).copy(), t, 1)
    assert diag_seq.shape == (2, 2)


def test_shallow_dae_lags_second_order():
    # sigma^2 after one step = s - 2t + 3t^2/s + O(t^3)
    s, t = 1.0, 1e-2
    v = composed_dae_covariances([s], t, 1)[-1, 0]
    assert v - (s - 2 * t + 3 * t**2 / s) == pytest.approx(0, abs=5 * t**3)


def test_entropy_gradient_flow():
    flow = entropy_gradient_flow([1.0, 0.25], np.linspace(0, 0.2, 21))
    assert flow.collapse_time == pytest.approx(0.125)
    alive = flow.times < 0.125
    diag = np.diagonal(flow.covariances[alive], axis1=1, axis2=2)
    # hyperbola sigma1^2 - sigma2^2 = const
    assert np.allclose(diag[:, 0] - diag[:, 1], 0.75)
    assert np.all(np.isnan(flow.covariances[~alive]))
    assert np.all(np.diff(flow.entropy[alive]) < 0)
    # entropy rate equals the numerical derivative of the entropy
    h = 1e-6
    f = entropy_gradient_flow(np.diag([1.0, 0.25]), [0.05 - h, 0.05, 0.05 + h])
    assert f.entropy_rate[1] == pytest.approx((f.entropy[2] - f.entropy[0]) / (2 * h), rel=1e-6)
    # and equals -tr Sigma_t^-1
    assert f.entropy_rate[1] == pytest.approx(-(1 / 0.9 + 1 / 0.15))


def test_composed_converges_to_flow():
    t = 0.1
    flow = entropy_gradient_flow([1.0, 0.5], [t])
    errs = [np.abs(composed_dae_covariances([1.0, 0.5], t, L)[-1]
                   - np.diag(flow.covariances[0])).max() for L in (1, 10, 100)]
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < 3e-3 * 1.0


def test_gaussian_entropy_monte_carlo():
    rng = np.random.default_rng(2)
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    X = rng.multivariate_normal([0, 0], cov, size=200_000)
    from scipy.stats import multivariate_normal

    mc = -multivariate_normal([0, 0], cov).logpdf(X).mean()
    assert gaussian_entropy(cov) == pytest.approx(mc, abs=0.01)
    assert gaussian_entropy(np.diag([2.0, 1.0])) == pytest.approx(gaussian_entropy([2.0, 1.0]))


def test_mixture_score_matches_finite_difference():
    from scipy.stats import multivariate_normal

    w = [0.3, 0.7]
    M = np.array([[-1.0, 0.0], [1.5, 0.5]])
    S = np.array([np.diag([0.2, 0.3]), [[0.3, 0.1], [0.1, 0.2]]])
    t = 0.15
    X = np.random.default_rng(3).standard_normal((7, 2))

    def logp(x):
        return np.log(sum(wk * multivariate_normal(mk, Sk + t * np.eye(2)).pdf(x)
                          for wk, mk, Sk in zip(w, M, S)))

    h = 1e-5
    fd = np.stack([(logp(X + h * e) - logp(X - h * e)) / (2 * h) for e in np.eye(2)], axis=1)
    assert np.allclose(gaussian_mixture_score(X, w, M, S, noise_variance=t), fd, atol=1e-6)


def test_tweedie_is_posterior_mean_for_mixture():
    # Monte Carlo posterior mean E[x | x + eps] by importance weighting within narrow bins.
    rng = np.random.default_rng(4)
    w = [0.5, 0.5]
    M = np.array([[-1.0], [1.0]])
    S = np.array([[[0.1]], [[0.1]]])
    t = 0.3
    n = 400_000
    comp = rng.random(n) < 0.5
    x = np.where(comp, -1.0, 1.0) + np.sqrt(0.1) * rng.standard_normal(n)
    xt = x + np.sqrt(t) * rng.standard_normal(n)
    g = tweedie_denoiser(lambda Z: gaussian_mixture_score(Z, w, M, S, noise_variance=t), t)
    for z in (-1.2, -0.3, 0.0, 0.4, 1.5):
        sel = np.abs(xt - z) < 0.02
        assert g(np.array([[z]]))[0, 0] == pytest.approx(x[sel].mean(), abs=0.03)


def test_knn_entropy_gaussian():
    rng = np.random.default_rng(5)
    cov = np.diag([1.0, 0.25])
    X = rng.multivariate_normal([0, 0], cov, size=5000)
    assert knn_entropy(X) == pytest.approx(gaussian_entropy(cov), abs=0.05)


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_bad_noise_variance(bad):
    with pytest.raises(ValueError, match="noise_variance"):
        gaussian_dae_map([0.0], [[1.0]], bad)


def test_bad_inputs():
    with pytest.raises(ValueError, match="n_steps"):
        composed_dae_covariances([1.0], 0.1, 0)
    with pytest.raises(ValueError, match="square"):
        gaussian_dae_map([0.0, 0.0], np.ones((2, 3)), 0.1)
    with pytest.raises(ValueError, match="positive definite"):
        entropy_gradient_flow([1.0, 0.0], [0.0])
    with pytest.raises(TypeError):
        tweedie_denoiser(3.0, 0.1)
