"""Issue 11 regressions for MinNormInterpolator and the random-feature estimators:
numeric-string targets, the sklearn attribute convention, predict_proba, the peak-memory
guard and check_estimator with default parameters."""

import time

import numpy as np
import pytest
from sklearn.utils.estimator_checks import check_estimator

from sknnmath.overparam import (
    MinNormInterpolator,
    RandomFeatureClassifier,
    RandomFeatureRegressor,
    RandomFeatures,
)


def _data(n=30, d=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    return X, X[:, 0] + 0.1 * rng.standard_normal(n)


@pytest.mark.parametrize("Est", [MinNormInterpolator, RandomFeatureRegressor])
def test_numeric_string_targets_are_accepted(Est):
    # before: a torch TypeError (Fourier, MLP and Ridgelet already accepted them)
    X, y = _data()
    ys = np.array([repr(float(v)) for v in y])
    a = Est(device="cpu", **({"random_state": 0} if Est is RandomFeatureRegressor else {}))
    b = Est(device="cpu", **({"random_state": 0} if Est is RandomFeatureRegressor else {}))
    np.testing.assert_allclose(a.fit(X, ys).predict(X), b.fit(X, y).predict(X), atol=1e-12)
    with pytest.raises(ValueError):
        Est(device="cpu").fit(X, np.array(["a"] * len(y)))


def test_random_feature_regressor_attribute_convention():
    X, y = _data()
    est = RandomFeatureRegressor(n_features=50, random_state=0, device="cpu").fit(X, y)
    assert est.coef_.shape == (50,) and isinstance(est.intercept_, float) and est._y_1d
    assert isinstance(est.norm_, float)
    est2 = RandomFeatureRegressor(n_features=50, random_state=0, device="cpu").fit(X, np.c_[y, y])
    assert est2.coef_.shape == (2, 50) and est2.intercept_.shape == (2,) and not est2._y_1d
    np.testing.assert_allclose(est2.coef_[0], est.coef_, atol=1e-10)
    m = MinNormInterpolator(device="cpu").fit(X, y)
    assert m.coef_.shape == (4,) and m._y_1d is True


@pytest.mark.parametrize("n_classes", [2, 3])
def test_random_feature_predict_proba(n_classes):
    X, _ = _data(60, 2, seed=1)
    y = np.digitize(X[:, 0], [-0.4, 0.4])[:, None].ravel() if n_classes == 3 else (X[:, 0] > 0)
    clf = RandomFeatureClassifier(n_features=40, alpha=1.0, random_state=0, device="cpu").fit(X, y)
    P = clf.predict_proba(X)
    assert P.shape == (60, n_classes) and np.all(P >= 0) and np.all(P <= 1)
    np.testing.assert_allclose(P.sum(1), 1.0)
    np.testing.assert_array_equal(clf.classes_[P.argmax(1)], clf.predict(X))
    if n_classes == 2:
        np.testing.assert_allclose(P[:, 1], np.clip((clf.decision_function(X) + 1) / 2, 0, 1))


@pytest.mark.parametrize("make", [
    lambda: RandomFeatures(n_features=10**9, device="cpu"),
    lambda: RandomFeatureRegressor(n_features=10**9, device="cpu"),
    lambda: RandomFeatureClassifier(n_features=10**9, device="cpu"),
])
def test_huge_width_is_refused_quickly_naming_the_parameter(make):
    X, y = _data()
    est = make()
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"n_features=1000000000.*GiB"):
        est.fit(X, y > 0 if isinstance(est, RandomFeatureClassifier) else y)
    assert time.perf_counter() - t0 < 1.0


def test_memory_estimate_counts_the_peak():
    # before: only the one (n, N) feature matrix was checked; the fit holds ~3 of them at
    # once, so a budget of 1.5 matrices must refuse
    n, N = 200, 5000
    X, y = _data(n)
    one_matrix = 8 * n * N
    with pytest.raises(ValueError, match="n_features=5000"):
        RandomFeatureRegressor(n_features=N, max_memory=int(1.5 * one_matrix),
                               device="cpu").fit(X, y)
    RandomFeatureRegressor(n_features=N, max_memory=6 * one_matrix, device="cpu").fit(X, y)


@pytest.mark.slow
@pytest.mark.parametrize("Est", [MinNormInterpolator, RandomFeatures, RandomFeatureRegressor,
                                 RandomFeatureClassifier])
def test_check_estimator_with_default_parameters(Est):
    check_estimator(Est())
