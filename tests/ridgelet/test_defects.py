"""Regression tests for the ridgelet defects of issue 11 (item 5): extreme dimensions and
scales answer with a clear ValueError or a correct fit, and width-like parameters are
refused before allocation."""

import time

import numpy as np
import pytest

from sknnmath.ridgelet import (
    RidgeletRegressor,
    admissibility_constant,
    quadrature_weights,
    ridgelet_function,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    return rng.randn(50, 400), rng.randn(50)


@pytest.mark.parametrize("activation", ["relu", "gaussian", "tanh"])
def test_too_many_dims_is_a_clear_error(activation):
    # (2 pi)**(m - 0.5) raised a raw OverflowError for m >= ~386
    with pytest.raises(ValueError, match="outside the float64 range"):
        ridgelet_function(activation, n_dims=400)


@pytest.mark.parametrize("activation", ["relu", "gaussian", "tanh"])
@pytest.mark.parametrize("m", [100, 370])
def test_high_dims_normalised_in_log_space(activation, m):
    # the quadrature of rho#(w)|w|^-m used to give nan from w^power / w^m at m ~ 100
    rho = ridgelet_function(activation, n_dims=m, order=1)
    assert admissibility_constant(activation, rho) == pytest.approx(1.0, abs=1e-10)


def test_regressor_400_features_clear_error(data):
    X, y = data
    with pytest.raises(ValueError, match="n_dims=400"):
        RidgeletRegressor(device="cpu").fit(X, y)


def test_regressor_120_features_small_scale(data):
    # box_volume (2A)^m (2B) overflowed at m = 120 with X * 0.01
    X, y = data
    X = X[:, :120] * 0.01
    reg = RidgeletRegressor(device="cpu", random_state=0).fit(X, y)
    ref = RidgeletRegressor(device="cpu", random_state=0).fit(X * 100, y)
    np.testing.assert_allclose(reg.predict(X), ref.predict(X * 100), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("scale", [1e-150, 1e150])
def test_regressor_extreme_scale_is_equivariant(scale):
    # X * 1e150 in 3-D complained about a `weights` parameter the user never passed
    rng = np.random.RandomState(1)
    X, y = rng.randn(60, 3), rng.randn(60)
    ref = RidgeletRegressor(device="cpu", random_state=0).fit(X, y)
    reg = RidgeletRegressor(device="cpu", random_state=0).fit(X * scale, y)
    np.testing.assert_allclose(reg.predict(X * scale), ref.predict(X), rtol=1e-6, atol=1e-8)


def test_quadrature_weights_volume_overflow_is_clear():
    X = np.random.RandomState(0).randn(20, 3) * 1e150
    with pytest.raises(ValueError, match="outside the float64 range.*Rescale X"):
        quadrature_weights(X)


@pytest.mark.parametrize("params,name", [({"n_hidden": 10**9}, "n_hidden"),
                                         ({"grid_size": 10**5}, "grid_size")])
def test_memory_guard_names_parameter_and_bytes(params, name):
    X = np.linspace(-1, 1, 40)[:, None]
    y = np.sin(3 * X[:, 0])
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=rf"{name}=.*estimated peak [\d,]+ bytes"):
        RidgeletRegressor(device="cpu", **params).fit(X, y)
    assert time.perf_counter() - t0 < 1.0
