"""Oracles of the benign-overfitting bound's terms (document 004's slide, BLLT Theorem 4)."""

import math

import numpy as np
import pytest

from sknnmath.overparam import benign_overfitting_terms, covariance_spectrum, minnorm_excess_risk

N, P = 60, 2000


def _theta(lam):
    coef = np.zeros(lam.size)
    coef[0] = 1 / math.sqrt(lam[0])
    return coef


def test_isotropic_terms_in_closed_form():
    lam = np.ones(P)
    coef = np.r_[3.0, np.zeros(P - 1)]
    t = benign_overfitting_terms(lam, N, coef=coef)
    # r_k = p - k >= n for every k <= p - n, so k* = 0 and R_0 = p
    assert t["k_star"] == 0 and t["R_k_star"] == pytest.approx(P)
    assert t["bias_term"] == pytest.approx(9.0 * math.sqrt(P / N), rel=1e-14)
    # ||Sigma|| = 1: the theorem's sqrt(||Sigma|| tr Sigma / n) = the slide's; r_0/n > 1 here,
    # so the theorem's max picks r_0/n
    assert t["bias_term_theorem"] == pytest.approx(9.0 * P / N, rel=1e-14)
    assert t["bracket"] == pytest.approx(t["bias_term"] + N / P, rel=1e-14)


@pytest.mark.parametrize("kind, kw, expected", [
    # the reference's [checked] table (overparameterization.md §5.2): k*/n + n/R_k*
    ("spiked", {"n_spikes": 3, "spike": 1.0, "tail": 0.01}, 0.080),
    ("log-harmonic", {}, 0.78),
    ("power", {"exponent": 2.0}, 1.36),
    ("isotropic", {}, 0.030),
])
def test_variance_term_matches_the_reference_table(kind, kw, expected):
    lam = covariance_spectrum(kind, P, **kw)
    t = benign_overfitting_terms(lam, N, coef=_theta(lam))
    assert t["variance_term"] == pytest.approx(expected, abs=0.006)
    assert t["trace"] == pytest.approx(lam.sum())
    assert t["coef_norm2"] == pytest.approx(1 / lam[0])


def test_spiked_terms_by_hand():
    lam = covariance_spectrum("spiked", P, n_spikes=3, spike=1.0, tail=0.01)
    t = benign_overfitting_terms(lam, N, coef=_theta(lam))
    tr = 3 + 0.01 * (P - 3)
    assert t["bias_term"] == pytest.approx(math.sqrt(tr / N), rel=1e-12)
    assert t["k_star"] == 3
    assert t["R_k_star"] == pytest.approx(P - 3, rel=1e-12)      # flat tail: R_k = its size


@pytest.mark.parametrize("kind, kw", [("spiked", {"n_spikes": 3, "spike": 1.0, "tail": 0.01}),
                                      ("isotropic", {}), ("power", {"exponent": 2.0})])
def test_variance_term_tracks_the_exact_variance(kind, kw):
    # BLLT: the variance is sigma^2 (k*/n + n/R_k*) up to constants; measured (Lemma 7,
    # exact given X, 8 designs) it is within a factor 2 for these spectra
    lam = covariance_spectrum(kind, P, **kw)
    rng = np.random.default_rng(0)
    v = np.mean([minnorm_excess_risk(rng.standard_normal((N, P)) * np.sqrt(lam), lam,
                                     _theta(lam), 1.0).variance for _ in range(8)])
    t = benign_overfitting_terms(lam, N)
    assert 0.5 < v / t["variance_term"] < 2.0
