"""Document 001's global optimum gamma* = (beta + 1)^-1 R[f] (eq. (8)) against its oracle.

On L2(da db) -> L2(dx) with the self-admissible normalised Ricker activation, S S* = Id, so
the minimiser of problem (6) is exactly (beta + 1)^-1 R[f; sigma]; on a finite (a, b) grid
the only error is the truncated window of a. Tolerances are the measured values with a
margin (a_max = 10, step 0.8: 0.153, 0.091, 0.034, 0.0055 for beta = 0.01, 0.1, 1, 10).
"""

import math

import numpy as np
import pytest
import torch
from scipy import integrate

from sknnmath._layers import get_activation
from sknnmath.datasets import make_sine_grid
from sknnmath.ridgelet._optimum import (
    RICKER,
    optimum_features,
    optimum_grid,
    relative_l2,
    ridge_optimum,
    train_optimum,
)


def test_ricker_is_self_admissible():
    # <<sigma, sigma>> = int |sigma^(w)|^2 / |w| dw with sigma^(w) = int sigma(t) e^{-iwt} dt
    sig = get_activation(RICKER).numpy
    t = np.linspace(-20, 20, 40001)

    def hat(w):
        return np.trapezoid(sig(t) * np.cos(w * t), t)

    val = 2 * integrate.quad(lambda w: hat(w) ** 2 / w, 1e-9, 12, limit=200)[0]
    assert val == pytest.approx(1.0, abs=1e-6)


@pytest.fixture(scope="module")
def problem():
    X, y = make_sine_grid()
    a, b = optimum_grid(10.0, 0.8)
    Phi = optimum_features(X, a, b, RICKER)
    R = (0.01 * Phi.T @ torch.as_tensor(y)).numpy()
    return Phi, y, R


@pytest.mark.parametrize("beta, tol", [(0.01, 0.18), (0.1, 0.11), (1.0, 0.045), (10.0, 0.008)])
def test_closed_form_optimum_is_shrunk_ridgelet(problem, beta, tol):
    Phi, y, R = problem
    gamma = ridge_optimum(Phi, y, 0.01, 0.64, beta)
    err = relative_l2(gamma, R / (1 + beta))
    assert err < tol
    # and not the unshrunk transform: the factor (beta + 1)^-1 is what matches
    if beta >= 1.0:
        assert relative_l2(gamma, R) > 3 * err


def test_truncation_not_density_sets_the_error():
    X, y = make_sine_grid()
    errs = {}
    for a_max, step in ((5.0, 0.8), (10.0, 0.8)):
        a, b = optimum_grid(a_max, step)
        Phi = optimum_features(X, a, b, RICKER)
        R = (0.01 * Phi.T @ torch.as_tensor(y)).numpy()
        errs[a_max] = relative_l2(ridge_optimum(Phi, y, 0.01, step ** 2, 1.0), R / 2)
    assert errs[10.0] < errs[5.0] / 4


def test_gradient_descent_reaches_the_closed_form(problem):
    Phi, y, R = problem
    betas = [0.1, 1.0]
    gamma, curve = train_optimum(Phi, y, 0.01, 0.64, betas, max_iter=150)
    assert curve[-1] < curve[0]
    for i, beta in enumerate(betas):
        assert relative_l2(gamma[i], ridge_optimum(Phi, y, 0.01, 0.64, beta)) < 1e-3
