"""Oracle tests of the constructed networks (documents 002 §II.C and 004).

Oracles (reference: complex_and_singularities.md §8.2, [checked] entries):
* ReLU interpolant of sin 3x on N equispaced intervals: sup error <= h² ‖f''‖∞ / 8, attained to 1 %;
* sigmoid steps with steepness w = 200 N: sup error O(L/N), slope -1, N·err ≈ 1.4 for sin 3x;
* Yarotsky's depth-m network: sup error on [0, 1] equal to 2^{-2m-2}.
"""

import pickle
import time

import numpy as np
import pytest
from scipy import special
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

from sknnmath.approximation import (
    ReLUInterpolator,
    StepNetworkRegressor,
    YarotskySquare,
    fit_loglog_slope,
    interpolation_error_bound,
    sigmoid_step_approximant,
    yarotsky_square,
    yarotsky_square_error,
)

NS = [8, 16, 32, 64, 128]
XFINE = np.linspace(0.0, 1.0, 2**16 + 1)  # contains every dyadic point used below


def f(x):
    return np.sin(3 * x)


def _knots(N):
    return np.linspace(0.0, 1.0, N + 1).reshape(-1, 1)


def test_relu_interpolant_attains_the_h2_bound_within_one_percent():
    errs = []
    for N in NS:
        net = ReLUInterpolator(device="cpu").fit(_knots(N), f(_knots(N).ravel()))
        pred = net.predict(XFINE.reshape(-1, 1))
        # independent oracle: numpy's piecewise-linear interpolation
        np.testing.assert_allclose(pred, np.interp(XFINE, _knots(N).ravel(), f(_knots(N).ravel())),
                                   rtol=0, atol=1e-12)
        err = np.abs(pred - f(XFINE)).max()
        bound = interpolation_error_bound(1.0 / N, 9.0)  # ‖(sin 3x)''‖∞ = 9 on [0, 1] (x = π/6)
        assert 0.99 * bound <= err <= bound * (1 + 1e-9), (N, err / bound)
        errs.append(err)
    assert fit_loglog_slope(NS, errs) == pytest.approx(-2.0, abs=0.02)
    assert net.hidden_layer_sizes_ == (129,) and net.n_params_ == 129 * 3 + 1


def test_sigmoid_steps_error_is_order_L_over_N():
    errs = []
    for N in NS:
        net = StepNetworkRegressor(device="cpu").fit(_knots(N), f(_knots(N).ravel()))
        assert net.steepness_ == 200 * N
        pred = net.predict(XFINE.reshape(-1, 1))
        np.testing.assert_allclose(pred, sigmoid_step_approximant(f, XFINE, N), rtol=0, atol=1e-10)
        err = np.abs(pred - f(XFINE)).max()
        # piecewise-constant error L h / 2 = 1.5 / N for L = 3; the reference measured ≈ 1.4 / N
        assert 1.3 <= err * N <= 1.5 * 1.01, (N, err * N)
        errs.append(err)
    assert fit_loglog_slope(NS, errs) == pytest.approx(-1.0, abs=0.05)


def test_sigmoid_steps_need_steepness_much_larger_than_N():
    N = 64
    X, y = _knots(N), f(_knots(N).ravel())
    steep = np.abs(StepNetworkRegressor(steepness=200 * N, device="cpu").fit(X, y)
                   .predict(XFINE.reshape(-1, 1)) - f(XFINE)).max()
    flat = np.abs(StepNetworkRegressor(steepness=N / 4, device="cpu").fit(X, y)
                  .predict(XFINE.reshape(-1, 1)) - f(XFINE)).max()
    # w ≪ N smears the staircase over many cells: no longer an O(1/N) approximation
    assert flat > 5 * steep


def test_exact_steps_are_the_heaviside_limit():
    N = 32
    net = StepNetworkRegressor(activation="step", device="cpu").fit(_knots(N), f(_knots(N).ravel()))
    pred = net.predict(XFINE.reshape(-1, 1))
    np.testing.assert_allclose(pred, sigmoid_step_approximant(f, XFINE, N, activation="step"),
                               rtol=0, atol=1e-12)
    # a steep sigmoid converges to it away from the jump points
    sig = StepNetworkRegressor(steepness=1e6, device="cpu").fit(_knots(N), f(_knots(N).ravel()))
    away = np.abs(((XFINE * N) % 1) - 0.5) > 1e-3
    np.testing.assert_allclose(sig.predict(XFINE.reshape(-1, 1))[away], pred[away], atol=1e-9)


@pytest.mark.parametrize("m", range(0, 11))
def test_yarotsky_error_equals_two_to_minus_2m_minus_2(m):
    X = np.linspace(0.0, 1.0, 9).reshape(-1, 1)  # range [0, 1], y = x² is an exact quadratic
    net = YarotskySquare(depth=m, device="cpu").fit(X, X.ravel() ** 2)
    pred = net.predict(XFINE.reshape(-1, 1))
    np.testing.assert_allclose(pred, yarotsky_square(XFINE, m), rtol=0, atol=1e-12)
    err = np.abs(pred - XFINE**2).max()
    assert err == pytest.approx(yarotsky_square_error(m), rel=1e-9)
    # attained at the midpoints of the dyadic grid of step 2^-m
    mid = (np.arange(2**m) + 0.5) / 2**m
    assert np.abs(yarotsky_square(mid, m) - mid**2).min() == pytest.approx(2.0 ** (-2 * m - 2))
    assert len(net.hidden_layer_sizes_) == m + 1 if m >= 1 else 2


def test_yarotsky_product_by_polarisation():
    rng = np.random.default_rng(0)
    X = np.vstack([[0, 0], [1, 1], rng.uniform(0, 1, (200, 2))])
    m = 6
    net = YarotskySquare(depth=m, device="cpu").fit(X, X[:, 0] * X[:, 1])
    G = rng.uniform(0, 1, (5000, 2))
    err = np.abs(net.predict(G) - G[:, 0] * G[:, 1]).max()
    # 2 S((u+v)/2) - S(u)/2 - S(v)/2 with 0 <= f_m - S <= e gives -e <= error <= 2e
    assert err <= 2 * yarotsky_square_error(m) + 1e-12
    assert err > 0.1 * yarotsky_square_error(m)


@pytest.mark.parametrize("est", [
    StepNetworkRegressor(device="cpu"), StepNetworkRegressor(12, device="cpu"),
    StepNetworkRegressor(activation="step", device="cpu"), ReLUInterpolator(device="cpu"),
    ReLUInterpolator(9, device="cpu"), YarotskySquare(depth=4, device="cpu"),
], ids=lambda e: repr(e))
def test_to_mlp_gives_identical_predictions(est):
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 3, (60, 2))
    y = np.column_stack([np.sin(X[:, 0]) + X[:, 1] ** 2, X[:, 0] * X[:, 1]])
    est.fit(X, y)
    mlp = est.to_mlp()
    Xt = rng.uniform(-3, 4, (500, 2))
    np.testing.assert_array_equal(mlp.predict(Xt), est.predict(Xt))
    assert [W.shape for W in mlp.coefs_] == [W.shape for W in est.coefs_]
    assert mlp.hidden_layer_sizes_ == est.hidden_layer_sizes_
    # the constructed network is a real network: a forward pass through coefs_ reproduces it
    act = {"relu": lambda z: np.maximum(z, 0), "sigmoid": special.expit,
           "step": lambda z: (z >= 0).astype(float)}[getattr(est, "activation", "relu")]
    h = Xt
    for W, b in zip(est.coefs_[:-1], est.intercepts_[:-1]):
        h = act(h @ W + b)
    np.testing.assert_allclose(h @ est.coefs_[-1] + est.intercepts_[-1], est.predict(Xt),
                               rtol=1e-9, atol=1e-9)


def test_interpolators_are_exact_on_distinct_training_points_in_any_dimension():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 5))
    y = rng.normal(size=80)
    np.testing.assert_allclose(ReLUInterpolator(device="cpu").fit(X, y).predict(X), y, atol=1e-10)
    np.testing.assert_allclose(StepNetworkRegressor(activation="step", device="cpu").fit(X, y).predict(X),
                               y, atol=1e-12)


def test_least_squares_knots_give_a_regression_spline():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (2000, 1))
    y = f(X.ravel()) + 0.05 * rng.normal(size=2000)
    net = ReLUInterpolator(n_knots=17, device="cpu").fit(X, y)
    assert np.abs(net.predict(XFINE.reshape(-1, 1)) - f(XFINE)).max() < 0.03
    assert net.hidden_layer_sizes_ == (17,)
    steps = StepNetworkRegressor(n_steps=32, activation="step", device="cpu").fit(X, y)
    assert np.abs(steps.predict(XFINE.reshape(-1, 1)) - f(XFINE)).max() < 3 / 32 + 0.05


@pytest.mark.parametrize("Est", [StepNetworkRegressor, ReLUInterpolator, YarotskySquare])
def test_check_estimator_with_default_parameters(Est):
    check_estimator(Est())


def test_sklearn_workflows_and_pickle():
    rng = np.random.default_rng(4)
    X = rng.uniform(0, 1, (120, 1))
    y = f(X.ravel())
    gs = GridSearchCV(make_pipeline(StandardScaler(), ReLUInterpolator(device="cpu")),
                      {"reluinterpolator__n_knots": [3, 9, 17]}, cv=3).fit(X, y)
    assert gs.best_params_["reluinterpolator__n_knots"] > 3
    cv = cross_validate(StepNetworkRegressor(n_steps=16, device="cpu"), X, y, cv=3)
    assert np.all(cv["test_score"] > 0.9)
    net = YarotskySquare(depth=5, device="cpu").fit(X, y)
    again = pickle.loads(pickle.dumps(net))
    np.testing.assert_array_equal(again.predict(X), net.predict(X))


def test_yarotsky_refuses_a_network_too_large_for_memory_quickly():
    X = np.random.default_rng(0).uniform(size=(5, 400))
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="memory"):
        YarotskySquare(depth=20, device="cpu").fit(X, X[:, 0])
    assert time.perf_counter() - t0 < 1.0
    # without interactions the same inputs give a small network
    assert YarotskySquare(depth=2, interactions=False, device="cpu").fit(X, X[:, 0]).n_params_ > 0
