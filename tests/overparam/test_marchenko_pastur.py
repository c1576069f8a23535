"""Oracles of the Marchenko–Pastur panel (document 004: the variance as an eigenvalue integral)."""

import math

import numpy as np
import pytest
import torch
from scipy import integrate

from sknnmath._linalg import gram
from sknnmath.overparam import (
    marchenko_pastur_cdf,
    marchenko_pastur_density,
    marchenko_pastur_integral,
    marchenko_pastur_ks_distance,
    minnorm_risk_isotropic,
)

GAMMAS = [0.1, 0.25, 0.5, 0.8, 1.25, 2.0, 4.0]


def _spectrum(n, gamma, seed=0):
    """All p eigenvalues of Z^T Z / n (the p - n zeros appended for gamma > 1)."""
    p = int(round(gamma * n))
    Z = torch.from_numpy(np.random.default_rng(seed).standard_normal((n, p)))
    lam = torch.linalg.eigvalsh(gram(Z, dual=p > n)).numpy() / n
    return np.r_[np.zeros(max(p - n, 0)), lam]


@pytest.mark.parametrize("gamma", GAMMAS)
def test_mass_mean_and_second_moment(gamma):
    # MP_gamma (atom included for gamma > 1) is a probability law with mean 1 and
    # second moment 1 + gamma (normalisation E z^2 = 1; Bai & Silverstein, Lemma 3.1)
    assert marchenko_pastur_integral(np.ones_like, gamma) == pytest.approx(1.0, abs=1e-12)
    assert marchenko_pastur_integral(lambda s: s, gamma) == pytest.approx(1.0, abs=1e-12)
    assert marchenko_pastur_integral(lambda s: s * s, gamma) == pytest.approx(1 + gamma, abs=1e-11)
    # the bulk alone has mass min(1, 1/gamma)
    bulk = marchenko_pastur_integral(np.ones_like, gamma, include_atom=False)
    assert bulk == pytest.approx(min(1.0, 1.0 / gamma), abs=1e-12)


@pytest.mark.parametrize("gamma", [0.3, 0.5, 2.0, 3.0])
def test_cdf_against_adaptive_quadrature_of_the_density(gamma):
    a, b = (1 - math.sqrt(gamma)) ** 2, (1 + math.sqrt(gamma)) ** 2
    atom = max(0.0, 1 - 1 / gamma)
    for x in np.linspace(a, b, 7)[1:-1]:
        ref = atom + integrate.quad(marchenko_pastur_density, a, x, args=(gamma,),
                                    epsabs=1e-13, limit=200)[0]
        assert float(marchenko_pastur_cdf(x, gamma)) == pytest.approx(ref, abs=1e-9)
    assert float(marchenko_pastur_cdf(-1e-9, gamma)) == 0.0
    assert float(marchenko_pastur_cdf(b + 1e-9, gamma)) == 1.0


@pytest.mark.parametrize("gamma", GAMMAS)
def test_variance_integral_equals_closed_form(gamma):
    # sigma^2 gamma int_{s > 0} s^-1 dMP_gamma = sigma^2 gamma / (1 - gamma) (gamma < 1),
    # sigma^2 / (gamma - 1) (gamma > 1): HMRT Theorem 1's variance
    quad = 0.7 * gamma * marchenko_pastur_integral(lambda s: 1 / s, gamma, include_atom=False)
    closed = minnorm_risk_isotropic(gamma, 0.0, 0.7).variance
    assert quad == pytest.approx(float(closed), rel=1e-10)


@pytest.mark.parametrize("gamma", [0.5, 2.0])
def test_empirical_spectrum_at_n_2000(gamma):
    n = 2000
    lam = _spectrum(n, gamma)
    # stated tolerance: KS < 0.01 (edge effects are O(n^-2/3) in the edge, the
    # eigenvalue rigidity makes the bulk error O(log n / n))
    assert marchenko_pastur_ks_distance(lam, gamma) < 0.01
    # the same spectrum is far from a wrong law: the test can fail
    assert marchenko_pastur_ks_distance(lam, gamma * 1.6) > 0.05
    # the variance integral from the eigenvalues, against the closed form (5 %)
    nz = lam[lam > 1e-10]
    emp = gamma * np.sum(1 / nz) / lam.size
    assert emp == pytest.approx(float(minnorm_risk_isotropic(gamma, 0.0, 1.0).variance), rel=0.05)
    assert np.mean(lam == 0) == pytest.approx(max(0.0, 1 - 1 / gamma), abs=1e-12)


def test_ks_distance_of_exact_quantiles_is_one_over_m():
    # the m "ideal" eigenvalues F^-1((i - 1/2) / m) are at KS distance 1/(2m)
    gamma, m = 0.5, 500
    grid = np.linspace((1 - math.sqrt(gamma)) ** 2, (1 + math.sqrt(gamma)) ** 2, 200001)
    F = marchenko_pastur_cdf(grid, gamma)
    q = np.interp((np.arange(m) + 0.5) / m, F, grid)
    assert marchenko_pastur_ks_distance(q, gamma) == pytest.approx(0.5 / m, abs=1e-4)


def test_double_descent_random_feature_blocks_equal_the_estimator():
    """The reproduction's nested-feature shortcut gives RandomFeatureRegressor's test error
    at the full width (same draw, same Mei–Montanari penalty scaling)."""
    from sklearn.model_selection import ShuffleSplit

    from sknnmath.overparam import RandomFeatureRegressor, make_sphere_teacher
    from sknnmath.overparam._reproduce import _random_features_draw

    d, n_tr, n_te, tau2 = 10, 30, 50, 0.5
    X, y, _ = make_sphere_teacher(200, d, signal=1.0, noise=tau2, random_state=0)
    out = _random_features_draw(3, X=X, y=y, Ns=[5, 60], lams=[0.0, 0.1], n_train=n_tr,
                                n_test=n_te, tau2=tau2, device="cpu")
    tr, te = next(ShuffleSplit(n_splits=1, train_size=n_tr, test_size=n_te,
                               random_state=3).split(X))
    for k, lam in enumerate([0.0, 0.1]):
        est = RandomFeatureRegressor(n_features=60, alpha=lam, alpha_scaling="mei-montanari",
                                     random_state=3, device="cpu").fit(X[tr], y[tr])
        ref = np.mean((est.predict(X[te]) - y[te]) ** 2) - tau2
        assert out[k, 1] == pytest.approx(ref, rel=1e-8)
