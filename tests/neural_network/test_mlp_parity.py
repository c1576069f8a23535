"""scikit-learn MLP parity (issue 11 item 6) and the memory guard (item 5) for the MLP estimators."""

import time
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sknnmath.neural_network import MLPClassifier, MLPRegressor

FAST = dict(device="cpu", random_state=0)


def _data(n=60):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(n, 2))
    return X, (X[:, 0] > 0).astype(int), np.sin(2 * X[:, 0]) + X[:, 1]


def test_huge_max_iter_stops_when_the_loss_stops_improving():
    X, _, y = _data(20)
    reg = MLPRegressor(hidden_layer_sizes=(8,), learning_rate=0.01, max_iter=10**9, **FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        reg.fit(X, y)
    assert reg.n_iter_ < 10**5
    # scikit-learn's rule: more than n_iter_no_change epochs without a tol improvement at the end
    curve = np.asarray(reg.loss_curve_)
    last = range(len(curve) - reg.n_iter_no_change - 1, len(curve))
    assert all(curve[i] > curve[:i].min() - reg.tol for i in last)
    i = last[0] - 1  # the epoch before the final run improved (or the run started at epoch 0)
    assert i == 0 or curve[i] <= curve[:i].min() - reg.tol
    assert reg.best_loss_ == pytest.approx(curve.min())


def test_convergence_warning_when_max_iter_is_reached():
    X, y, _ = _data()
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        MLPClassifier(hidden_layer_sizes=(8,), learning_rate=0.05, max_iter=5, **FAST).fit(X, y)


def test_partial_fit_is_one_epoch_and_continues_the_optimiser():
    X, _, y = _data()
    inc = MLPRegressor(hidden_layer_sizes=(8,), learning_rate=0.01, max_iter=6, tol=0, **FAST)
    for _ in range(6):
        inc.partial_fit(X, y)
    assert inc.n_iter_ == 6 and len(inc.loss_curve_) == 6
    full = MLPRegressor(hidden_layer_sizes=(8,), learning_rate=0.01, max_iter=6, tol=0, **FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        full.fit(X, y)
    # six single-epoch calls with the Adam state carried over equal six epochs of fit
    np.testing.assert_allclose(inc.loss_curve_, full.loss_curve_, rtol=1e-6)
    np.testing.assert_allclose(inc.predict(X), full.predict(X), rtol=1e-6, atol=1e-7)


def test_classifier_partial_fit_needs_classes_first():
    X, y, _ = _data()
    clf = MLPClassifier(hidden_layer_sizes=(8,), learning_rate=0.05, **FAST)
    with pytest.raises(ValueError, match="classes"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[:30], y[:30], classes=[0, 1, 2])
    assert clf.classes_.tolist() == [0, 1, 2] and clf.n_iter_ == 1
    clf.partial_fit(X[30:], y[30:])
    assert clf.n_iter_ == 2 and clf.predict_proba(X).shape == (60, 3)
    with pytest.raises(ValueError, match="not in classes"):
        clf.partial_fit(X, y + 5)


def test_warm_start_continues_from_the_fitted_weights():
    X, y, _ = _data()
    kw = dict(hidden_layer_sizes=(8,), learning_rate=0.05, max_iter=5, **FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = MLPClassifier(warm_start=True, **kw).fit(X, y)
        first = a.loss_curve_[-1]
        a.fit(X, y)
        cold = MLPClassifier(**kw).fit(X, y)
    assert a.n_iter_ == 10 and len(a.loss_curve_) == 10
    assert a.loss_curve_[5] < first * 1.01  # starts where the previous fit ended, not afresh
    assert cold.loss_curve_[0] == pytest.approx(a.loss_curve_[0])
    with pytest.raises(ValueError, match="same classes"):
        a.fit(X, y + 1)


def test_networks_expose_coefs_and_intercepts_like_sklearn():
    X, _, y = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = MLPRegressor(hidden_layer_sizes=(8, 4), max_iter=3, **FAST).fit(X, y)
    assert [c.shape for c in reg.coefs_] == [(2, 8), (8, 4), (4, 1)]
    assert [b.shape for b in reg.intercepts_] == [(8,), (4,), (1,)]
    assert reg._y_1d and not hasattr(reg, "y_ndim_")
    h = np.maximum(X @ reg.coefs_[0] + reg.intercepts_[0], 0)
    h = np.maximum(h @ reg.coefs_[1] + reg.intercepts_[1], 0)
    np.testing.assert_allclose(reg.predict(X), (h @ reg.coefs_[2] + reg.intercepts_[2]).ravel(), rtol=1e-12)


@pytest.mark.parametrize("cls", [MLPClassifier, MLPRegressor])
def test_memory_guard_names_the_width_and_the_bytes(cls):
    X, yc, yr = _data()
    t = time.perf_counter()
    with pytest.raises(ValueError, match=r"hidden_layer_sizes=\(100000000,\).*estimated peak of [0-9.e+]+ bytes"):
        cls(hidden_layer_sizes=(10**8,), **FAST).fit(X, yc if cls is MLPClassifier else yr)
    assert time.perf_counter() - t < 1.0
