"""Oracle tests of sknnmath.overparam._theory (pure numpy/scipy, fast).

Hard-coded numbers are the [checked] values of
shared/reference/overparameterization.md (quadrature / Monte Carlo / primary source).
"""

import math

import numpy as np
import pytest
from scipy import integrate

from sknnmath.overparam import (
    activation_constants,
    benign_overfitting_terms,
    critical_index,
    effective_ranks,
    latent_space_risk,
    marchenko_pastur_density,
    marchenko_pastur_stieltjes,
    mei_montanari_bias_variance,
    mei_montanari_risk,
    minnorm_excess_risk,
    minnorm_risk_finite_n,
    minnorm_risk_general,
    minnorm_risk_isotropic,
    optimal_ridge_isotropic,
    ridge_risk_isotropic,
)


# ---------------------------------------------------------------- HMRT isotropic
def test_isotropic_ridgeless_branches():
    r = minnorm_risk_isotropic(np.array([0.25, 0.8, 1.0, 1.2, 2.0, 10.0]), signal=1.0, noise=0.25)
    np.testing.assert_allclose(r.bias[[0, 1, 3, 4, 5]], [0, 0, 1 / 6, 0.5, 0.9], rtol=1e-12)
    np.testing.assert_allclose(r.variance[[0, 1, 3, 4, 5]],
                               [0.25 / 3, 1.0, 1.25, 0.25, 0.25 / 9], rtol=1e-12)
    assert np.isinf(r.risk[2])


def test_isotropic_overparam_minimum():
    # gamma* = 1/(1 - sigma/r), R* = 2 r sigma - sigma^2 (reference §2.2)
    r2, s2 = 1.0, 0.25
    g = np.linspace(1.01, 20, 200001)
    risk = minnorm_risk_isotropic(g, r2, s2).risk
    i = np.argmin(risk)
    assert abs(g[i] - 1 / (1 - math.sqrt(s2 / r2))) < 1e-3
    assert abs(risk[i] - (2 * math.sqrt(r2 * s2) - s2)) < 1e-8


def test_finite_n_tends_to_hmrt():
    for gamma in (0.5, 2.0, 5.0):
        n = 10**6
        fin = minnorm_risk_finite_n(n, int(gamma * n), 1.0, 0.3)
        asy = minnorm_risk_isotropic(gamma, 1.0, 0.3)
        assert fin.risk == pytest.approx(asy.risk, rel=1e-4)


def test_finite_n_reference_table():
    # exact columns of the reference table (n = 100, r^2 = 1, sigma^2 = 0.25)
    r = minnorm_risk_finite_n(100, np.array([25, 80, 120, 200, 1000]), 1.0, 0.25)
    np.testing.assert_allclose(r.bias, [0, 0, 0.1667, 0.5, 0.9], atol=5e-5)
    np.testing.assert_allclose(r.variance, [0.0845, 1.053, 1.316, 0.2525, 0.0278], rtol=2e-3)
    assert np.all(np.isinf(minnorm_risk_finite_n(100, np.array([99, 100, 101])).risk))


def test_finite_n_missing_signal_acts_as_noise():
    a = minnorm_risk_finite_n(50, 30, signal=1.0, noise=0.2, missing_signal=0.3)
    b = minnorm_risk_finite_n(50, 30, signal=1.0, noise=0.5)
    assert a.variance == pytest.approx(b.variance)


# ---------------------------------------------------------------- Marchenko–Pastur, ridge
@pytest.mark.parametrize("gamma", [0.3, 1.0, 2.5])
def test_mp_density_mass(gamma):
    mass = integrate.quad(lambda s: marchenko_pastur_density(s, gamma), 0, (1 + gamma**0.5) ** 2,
                          limit=400)[0]
    assert mass == pytest.approx(min(1.0, 1.0 / gamma), abs=1e-6)


@pytest.mark.parametrize("gamma", [0.4, 2.0])
def test_mp_stieltjes_matches_integral(gamma):
    a, b = (1 - gamma**0.5) ** 2, (1 + gamma**0.5) ** 2
    atom = max(0.0, 1 - 1 / gamma)
    for z in (-0.7, -3.0):
        integral = integrate.quad(lambda s: marchenko_pastur_density(s, gamma) / (s - z), a, b)[0]
        assert float(marchenko_pastur_stieltjes(z, gamma)) == pytest.approx(integral + atom / (-z),
                                                                            rel=1e-7)
    z = 0.5 + 0.3j
    re = integrate.quad(lambda s: (marchenko_pastur_density(s, gamma) / (s - z)).real, a, b)[0]
    im = integrate.quad(lambda s: (marchenko_pastur_density(s, gamma) / (s - z)).imag, a, b)[0]
    assert complex(marchenko_pastur_stieltjes(z, gamma)) == pytest.approx(
        complex(re, im) + atom / (0 - z), rel=1e-6)


def test_ridge_reference_values_and_limit():
    r = ridge_risk_isotropic(0.5, 0.1, 1.0, 0.25)
    assert (r.bias, r.variance) == pytest.approx((0.0345, 0.1423), abs=1e-4)
    r = ridge_risk_isotropic(2.0, 1.0, 1.0, 0.25)
    assert (r.bias, r.variance) == pytest.approx((0.6036, 0.0518), abs=1e-4)
    for g in (0.5, 2.0):
        lim = ridge_risk_isotropic(g, 1e-9, 1.0, 0.25)
        assert lim.risk == pytest.approx(minnorm_risk_isotropic(g, 1.0, 0.25).risk, rel=1e-6)


@pytest.mark.parametrize("gamma", [0.5, 2.0])
def test_optimal_ridge_is_grid_minimum(gamma):
    lam_star, risk_star = optimal_ridge_isotropic(gamma, 1.0, 0.25)
    lams = np.geomspace(1e-3, 10, 4001)
    risk = ridge_risk_isotropic(gamma, lams, 1.0, 0.25).risk
    assert lams[np.argmin(risk)] == pytest.approx(lam_star, rel=5e-3)
    assert risk.min() == pytest.approx(risk_star, rel=1e-6)
    assert ridge_risk_isotropic(gamma, lam_star, 1.0, 0.25).risk == pytest.approx(risk_star, rel=1e-10)


# ---------------------------------------------------------------- general covariance, latent
def test_general_reduces_to_isotropic():
    for g in (0.5, 1.5, 3.0):
        a = minnorm_risk_general(g, np.full(7, 2.0), np.full(7, 1 / 7) / 2.0, noise=0.3)
        # Sigma = 2 I with ||beta||_Sigma^2 = 1 is the isotropic model with r^2 = 1
        b = minnorm_risk_isotropic(g, 1.0, 0.3)
        assert (a.bias, a.variance) == pytest.approx((b.bias, b.variance), rel=1e-9)


def test_general_two_level_reference():
    s = np.r_[np.ones(50), 4 * np.ones(50)]
    r = minnorm_risk_general(np.array([1.5, 2.0, 4.0]), s, np.full(100, 0.01), noise=0.25)
    np.testing.assert_allclose(r.bias[:2], [0.614, 1.000], atol=1e-3)
    np.testing.assert_allclose(r.variance, [0.580, 0.3125, 0.112], atol=1e-3)


def test_latent_space_reference():
    # n = 200, d = 20, r_z^2 = 1, sigma_xi^2 = 0.1: theory column of the reference table
    p = np.array([40, 150, 300, 600, 1200])
    np.testing.assert_allclose(latent_space_risk(p / 200, 20 / p, 1.0, 0.1),
                               [0.542, 0.871, 0.505, 0.217, 0.159], atol=1.5e-3)


def test_latent_space_is_general_special_case():
    g, psi, rz2, s2 = 3.0, 0.1, 1.0, 0.1
    s1 = 1 + 1 / psi
    k = 1000
    eig = np.r_[np.full(int(k * (1 - psi)), 1.0), np.full(int(k * psi), s1)]
    theta2 = rz2 * (1 / psi) / (1 + 1 / psi) ** 2
    w = np.r_[np.zeros(int(k * (1 - psi))), np.full(int(k * psi), theta2 / int(k * psi))]
    sig_eff = s2 + rz2 * psi / (1 + psi)
    gen = minnorm_risk_general(g, eig, w, noise=sig_eff)
    assert latent_space_risk(g, psi, rz2, s2) == pytest.approx(gen.risk + sig_eff, rel=1e-9)


# ---------------------------------------------------------------- Mei–Montanari
@pytest.mark.parametrize("act,mu0,mu1,mu_star", [
    ("relu", 0.398942, 0.5, 0.301405),
    ("tanh", 0.0, 0.605706, 0.165576),
    ("erf", 0.0, 0.651470, 0.200364),
    ("sigmoid", 0.5, 0.206621, 0.026207),
    ("gelu", 0.282095, 0.5, 0.309264),
])
def test_activation_constants(act, mu0, mu1, mu_star):
    c = activation_constants(act)
    assert (c["mu0"], c["mu1"], c["mu_star"]) == pytest.approx((mu0, mu1, mu_star), abs=2e-6)


def test_activation_constants_callable_and_unknown():
    c = activation_constants(lambda g: np.maximum(g, 0))
    assert c["mu_star"] == pytest.approx(math.sqrt(0.25 - 1 / (2 * math.pi)), rel=1e-8)
    with pytest.raises(ValueError, match="Unknown activation"):
        activation_constants("swish-ish")


@pytest.mark.parametrize("zeta", [0.5, 1.66, 3.0])
@pytest.mark.parametrize("psi2", [0.7, 3.0])
def test_mm_variance_identity_below_threshold(zeta, psi2):
    for psi1 in (0.1 * psi2, 0.5 * psi2, 0.9 * psi2):
        v = mei_montanari_bias_variance(zeta, psi1, psi2).variance
        assert v == pytest.approx(psi1 / (psi2 - psi1), rel=1e-9)


@pytest.mark.parametrize("zeta", [0.5, 1.66, 3.0])
def test_mm_affine_above_threshold(zeta):
    psi2 = 3.0
    psi1 = np.array([4.0, 6.0, 12.0, 30.0])
    t = psi2 / (psi1 - psi2)
    rd = [mei_montanari_bias_variance(zeta, p, psi2) for p in psi1]
    for comp in ("bias", "variance"):
        vals = np.array([getattr(r, comp) for r in rd])
        coef = np.polyfit(t, vals, 1)
        np.testing.assert_allclose(np.polyval(coef, t), vals, rtol=1e-8, atol=1e-12)
    # variance slope is exactly 1 (V = V_inf + psi2/(psi1 - psi2))
    vals = np.array([r.variance for r in rd])
    assert np.polyfit(t, vals, 1)[0] == pytest.approx(1.0, rel=1e-8)


def test_mm_kernel_limit_relu():
    z = activation_constants("relu")["zeta"]
    r = mei_montanari_bias_variance(z, 1e7, 3.0)
    assert (r.variance, r.bias) == pytest.approx((0.32231, 0.02775), abs=2e-5)


def test_mm_ridgeless_matches_fixed_point():
    for psi1 in (0.6, 1.5, 9.0):
        a = mei_montanari_bias_variance(1.66, psi1, 3.0, 0.0)
        b = mei_montanari_bias_variance(1.66, psi1, 3.0, 1e-8)
        assert (a.bias, a.variance) == pytest.approx((b.bias, b.variance), rel=1e-5)


def test_mm_reference_theory_column():
    # d = 100, psi2 = 3, ReLU, F1^2 = 1, tau^2 = 0.5 (reference §3.5, theory column)
    rows = [(0, 60, .902), (0, 150, 1.12), (0, 270, 6.13), (0, 330, 6.64), (0, 900, .511),
            (0, 1800, .318), (1e-3, 300, 2.05), (1e-3, 1800, .309), (0.1, 300, .414),
            (0.1, 900, .304)]
    for lam, N, ref in rows:
        got = mei_montanari_risk(N / 100, 3.0, lam, "relu", signal=1.0, noise=0.5).risk
        assert got == pytest.approx(ref, rel=6e-3), (lam, N)
    assert math.isinf(mei_montanari_risk(3.0, 3.0, 0.0).risk)


# ---------------------------------------------------------------- BLLT
def test_effective_ranks_known_spectra():
    r, R = effective_ranks(np.ones(10))
    np.testing.assert_allclose(r, 10 - np.arange(10))
    np.testing.assert_allclose(R, 10 - np.arange(10))
    spec = np.r_[np.ones(3), np.full(1997, 0.01)]
    r, R = effective_ranks(spec)
    assert r[0] == pytest.approx(22.97)
    assert r[3] == pytest.approx(1997) and R[3] == pytest.approx(1997)
    assert critical_index(spec, 60) == 3
    assert critical_index(np.ones(2000), 60) == 0
    # k^-2: r_0 = sum k^-2 (-> pi^2/6), and r_k <= R_k <= r_k^2 everywhere
    k = np.arange(1, 2001)
    r, R = effective_ranks(k**-2.0)
    assert r[0] == pytest.approx(np.sum(k**-2.0))
    assert np.all(r <= R * (1 + 1e-12)) and np.all(R <= r**2 * (1 + 1e-12))
    assert critical_index(k**-2.0, 60) == 61
    assert critical_index(np.ones(10), 60) == math.inf
    # unsorted input is sorted
    assert effective_ranks([0.01, 1.0], k=0)[0] == pytest.approx(1.01)


def test_benign_terms_reference_table():
    k = np.arange(1, 2001)
    t = benign_overfitting_terms(k**-1.0 * np.log(k + 1.0) ** -2, 60)
    assert t["k_star"] == 31 and t["R_k_star"] == pytest.approx(229, abs=1)
    t = benign_overfitting_terms(np.r_[np.ones(3), np.full(1997, 0.01)], 60)
    assert t["variance_term"] == pytest.approx(3 / 60 + 60 / 1997)


def test_minnorm_excess_risk_matches_monte_carlo_formula():
    rng = np.random.default_rng(0)
    n, p = 8, 20
    lam = rng.uniform(0.1, 2.0, p)
    X = rng.standard_normal((n, p)) * np.sqrt(lam)
    theta = rng.standard_normal(p)
    rd = minnorm_excess_risk(X, lam, theta, noise=0.7)
    pinv = np.linalg.pinv(X)
    d0 = pinv @ X @ theta - theta
    assert rd.bias == pytest.approx(d0 @ (lam * d0), rel=1e-10)
    assert rd.variance == pytest.approx(0.7 * np.trace(pinv.T @ np.diag(lam) @ pinv), rel=1e-10)
