"""Critical lines γ_λ: zero gradient along the line, Hessian classification vs the A-matrix condition."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sknnmath.neural_network import MLPRegressor
from sknnmath.singularities import (
    critical_line,
    data_with_split_curvature,
    embed_unit,
    refine_critical_point,
    set_network_weights,
    split_curvature_matrix,
)

X = np.linspace(-3, 3, 61)[:, None]
LAMS = [-1.0, -0.3, 0.2, 0.5, 0.8, 1.3, 2.0]


def _net(w=1.3, b=0.2, v=0.8, c=0.1):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tmpl = MLPRegressor((1,), activation="tanh", max_iter=1, device="cpu", random_state=0).fit(X, X[:, 0])
    return set_network_weights(tmpl, [np.array([[w]]), np.array([[v]])], [np.array([b]), np.array([c])])


@pytest.mark.parametrize("sign,expected", [
    (np.eye(2), ["saddle", "saddle", "minimum", "minimum", "minimum", "saddle", "saddle"]),
    (-np.eye(2), ["minimum", "minimum", "saddle", "saddle", "saddle", "minimum", "minimum"]),
    (np.diag([1.0, -1.0]), ["saddle"] * 7),
])
def test_hessian_class_matches_fukumizu_amari_condition(sign, expected):
    est = _net()
    y = data_with_split_curvature(est, X, 1e-2 * sign)
    assert np.allclose(split_curvature_matrix(est, X, y), 1e-2 * sign, atol=1e-12)
    table, info = critical_line(est, X, y, LAMS)
    assert info["base_is_minimum"]
    assert list(table["hessian_class"]) == expected
    assert table["agree"].all()
    assert table["grad_norm"].max() < 1e-12


def test_trained_critical_point_has_zero_gradient_along_the_line():
    rng = np.random.default_rng(0)
    Xr = rng.uniform(-2, 2, size=(60, 1))
    y = np.tanh(2 * Xr[:, 0] - 1) + np.tanh(Xr[:, 0] + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = MLPRegressor((1,), activation="tanh", max_iter=300, learning_rate=0.05, device="cpu",
                           random_state=0).fit(Xr, y)
    ref, g = refine_critical_point(est, Xr, y)
    assert g < 1e-10
    table, info = critical_line(ref, Xr, y, LAMS)
    assert table["relative_grad"].max() < 1e-6
    # the loss is constant along the line and the Hessian has a zero eigenvalue there
    assert np.ptp(table["loss"]) < 1e-12
    for lam in LAMS:
        ev = info["eigvals"][lam]
        assert np.min(np.abs(ev)) < 1e-9 * np.abs(ev).max()
    # the function is the same at every λ
    f0 = ref.predict(Xr)
    for lam in LAMS:
        assert np.max(np.abs(embed_unit(ref, 0, 0, "split", lam).predict(Xr) - f0)) < 1e-10
    assert table["agree"].all()


def test_bad_input():
    est = _net()
    with pytest.raises(ValueError, match="symmetric"):
        data_with_split_curvature(est, X, np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="rows"):
        data_with_split_curvature(est, X[:5], np.eye(2))
