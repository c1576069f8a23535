"""RandomFeatures / RandomFeatureRegressor / RandomFeatureClassifier."""

import math
import pickle

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, ShuffleSplit, validation_curve
from sklearn.pipeline import make_pipeline

from tests._markers import requires_cuda
from sknnmath.overparam import (
    MinNormInterpolator,
    RandomFeatureClassifier,
    RandomFeatureRegressor,
    RandomFeatures,
    make_sphere_teacher,
    mei_montanari_risk,
)



def test_transformer_definition():
    X = np.random.default_rng(0).standard_normal((7, 4))
    for act, fn in (("relu", lambda t: np.maximum(t, 0)), ("tanh", np.tanh), ("cos", np.cos)):
        rf = RandomFeatures(n_features=30, activation=act, bias=True, random_state=1,
                            device="cpu").fit(X)
        assert rf.weights_.shape == (30, 4) and rf.bias_.shape == (30,)
        np.testing.assert_allclose(np.linalg.norm(rf.weights_, axis=1), 2.0)   # sqrt(d)
        expect = fn(X @ rf.weights_.T / 2.0 + rf.bias_)
        np.testing.assert_allclose(rf.transform(X), expect, rtol=1e-12, atol=1e-14)
    cos = RandomFeatures(n_features=500, activation="cos", bias=True, random_state=0, device="cpu")
    b = cos.fit(X).bias_
    assert b.min() >= 0 and b.max() < 2 * math.pi
    g = RandomFeatures(n_features=4000, weights="gaussian", random_state=0, device="cpu").fit(X)
    assert np.std(g.weights_) == pytest.approx(1.0, rel=0.02)
    assert np.all(RandomFeatures(n_features=5, random_state=0, device="cpu").fit(X).bias_ == 0)


def test_transformer_determinism_and_feature_names():
    X = np.random.default_rng(0).standard_normal((5, 3))
    a = RandomFeatures(n_features=6, random_state=3, device="cpu").fit_transform(X)
    b = RandomFeatures(n_features=6, random_state=3, device="cpu").fit_transform(X)
    np.testing.assert_array_equal(a, b)
    rf = RandomFeatures(n_features=3, device="cpu").fit(X)
    assert list(rf.get_feature_names_out()) == ["randomfeatures0", "randomfeatures1",
                                                 "randomfeatures2"]
    rf.set_output(transform="default")
    with pytest.raises(ValueError):
        RandomFeatures(n_features=0, device="cpu").fit(X)


def test_regressor_equals_pipeline():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((40, 5)), rng.standard_normal(40)
    for N in (20, 100):
        reg = RandomFeatureRegressor(n_features=N, activation="tanh", random_state=7,
                                     device="cpu").fit(X, y)
        pipe = make_pipeline(RandomFeatures(n_features=N, activation="tanh", random_state=7,
                                            device="cpu"),
                             MinNormInterpolator(device="cpu")).fit(X, y)
        np.testing.assert_allclose(reg.predict(X), pipe.predict(X), rtol=1e-9, atol=1e-10)
        assert reg.predict(X).shape == (40,)
    assert reg.rank_ == 40
    np.testing.assert_allclose(reg.predict(X), y, atol=1e-8)   # N > n interpolates


def test_mei_montanari_alpha_scaling():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    lam = 0.05
    a = RandomFeatureRegressor(n_features=50, alpha=lam, alpha_scaling="mei-montanari",
                               random_state=0, device="cpu").fit(X, y)
    b = RandomFeatureRegressor(n_features=50, alpha=30 * 50 * lam / 4, random_state=0,
                               device="cpu").fit(X, y)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10)


def _mm_simulated_risk(N, lam, reps, d=100, n=300, n_test=2000, tau2=0.5, seed=0):
    risks = []
    for r in range(reps):
        X, y, beta = make_sphere_teacher(n + n_test, d, signal=1.0, noise=tau2,
                                         random_state=seed + 100 * r)
        est = RandomFeatureRegressor(n_features=N, alpha=lam, alpha_scaling="mei-montanari",
                                     random_state=seed + r, device="cpu").fit(X[:n], y[:n])
        risks.append(np.mean((est.predict(X[n:]) - X[n:] @ beta) ** 2))
    return float(np.mean(risks))


@pytest.mark.parametrize("N,lam", [(60, 0.0), (900, 0.0), (1800, 0.0), (300, 0.1), (900, 0.1)])
def test_simulated_risk_matches_mei_montanari(N, lam):
    """d = 100, n = 300 (psi2 = 3), ReLU, F1^2 = 1, tau^2 = 0.5; 15 % (away from N = n)."""
    sim = _mm_simulated_risk(N, lam, reps=4, seed=N)
    theory = mei_montanari_risk(N / 100, 3.0, lam, "relu", signal=1.0, noise=0.5).risk
    assert sim == pytest.approx(theory, rel=0.15)


def test_variance_identity_below_threshold_simulated():
    """Pure-noise targets: the risk is tau^2 V, and V = psi1/(psi2 - psi1) for N < n."""
    d, n, N, reps = 100, 300, 100, 4
    rng = np.random.default_rng(5)
    risks = []
    for r in range(reps):
        X, _, _ = make_sphere_teacher(n + 1000, d, random_state=r)
        eps = rng.standard_normal(n)
        est = RandomFeatureRegressor(n_features=N, random_state=r, device="cpu").fit(X[:n], eps)
        risks.append(np.mean(est.predict(X[n:]) ** 2))
    assert np.mean(risks) == pytest.approx((N / d) / (n / d - N / d), rel=0.15)


def test_peak_near_threshold_on_medians():
    d, n, reps = 20, 60, 8
    med = {}
    for N in (15, 50, 70, 600):
        risks = []
        for r in range(reps):
            X, y, beta = make_sphere_teacher(n + 500, d, noise=0.5, random_state=r)
            est = RandomFeatureRegressor(n_features=N, random_state=r, device="cpu")
            est.fit(X[:n], y[:n])
            risks.append(np.mean((est.predict(X[n:]) - X[n:] @ beta) ** 2))
        med[N] = np.median(risks)
    assert med[15] < med[50] and med[70] > med[600]


def test_grid_search_and_validation_curve_over_width():
    X, y, _ = make_sphere_teacher(120, 10, noise=0.1, random_state=0)
    pipe = make_pipeline(RandomFeatures(random_state=0, device="cpu"),
                         MinNormInterpolator(alpha=1e-3, device="cpu"))
    gs = GridSearchCV(pipe, {"randomfeatures__n_features": [5, 40, 400]}, cv=3).fit(X, y)
    assert gs.best_params_["randomfeatures__n_features"] in (40, 400)
    gs = GridSearchCV(RandomFeatureRegressor(random_state=0, device="cpu"),
                      {"n_features": [10, 300]}, cv=3).fit(X, y)
    assert gs.best_params_ == {"n_features": 300}
    cv = ShuffleSplit(n_splits=2, train_size=60, test_size=60, random_state=0)
    train, test = validation_curve(RandomFeatureRegressor(random_state=0, device="cpu"), X, y,
                                   param_name="n_features", param_range=[10, 200], cv=cv,
                                   scoring="neg_mean_squared_error")
    assert train.shape == (2, 2) and np.all(train[1] > -1e-10)   # N > n: zero training error


def test_pickle_and_device_cpu():
    X, y, _ = make_sphere_teacher(50, 6, random_state=0)
    est = RandomFeatureRegressor(n_features=80, random_state=0, device="cpu").fit(X, y)
    assert est.device_ == "cpu"
    est2 = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(est2.predict(X), est.predict(X))
    clf = RandomFeatureClassifier(n_features=80, random_state=0, device="cpu").fit(X, y > 0)
    assert clf.device_ == "cpu"
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(clf)).predict(X), clf.predict(X))


def test_classifier_iris_and_shapes():
    X, y = load_iris(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    rng = np.random.default_rng(0)
    idx = rng.permutation(150)
    tr, te = idx[:100], idx[100:]
    clf = RandomFeatureClassifier(n_features=40, bias=True, fit_intercept=True, random_state=0,
                                  device="cpu").fit(X[tr], y[tr])
    assert clf.decision_function(X[te]).shape == (50, 3)
    assert clf.score(X[te], y[te]) > 0.85
    wide = RandomFeatureClassifier(n_features=400, random_state=0, device="cpu").fit(X[tr], y[tr])
    assert wide.score(X[tr], y[tr]) == 1.0          # interpolates the +-1 codes
    binary = RandomFeatureClassifier(n_features=50, random_state=0, device="cpu")
    binary.fit(X[tr], np.where(y[tr] == 0, "a", "b"))
    assert binary.decision_function(X[te]).shape == (50,)
    assert set(binary.predict(X[te])) <= {"a", "b"}
    with pytest.raises(ValueError, match="class"):
        RandomFeatureClassifier(device="cpu").fit(X[:5], np.zeros(5))


def test_memory_guard_random_features():
    X = np.ones((100, 3))
    with pytest.raises(ValueError, match="memory budget"):
        RandomFeatureRegressor(n_features=10**4, max_memory=10**5, device="cpu").fit(X, X[:, 0])


@requires_cuda
def test_cuda_random_features_match_cpu():
    X, y, _ = make_sphere_teacher(80, 8, random_state=0)
    cpu = RandomFeatureRegressor(n_features=200, random_state=0, device="cpu").fit(X, y)
    gpu = RandomFeatureRegressor(n_features=200, random_state=0, device="cuda").fit(X, y)
    assert gpu.device_.startswith("cuda")
    np.testing.assert_allclose(gpu.weights_, cpu.weights_)
    np.testing.assert_allclose(gpu.predict(X), cpu.predict(X), atol=1e-6)
    np.testing.assert_allclose(pickle.loads(pickle.dumps(gpu)).predict(X), cpu.predict(X),
                               atol=1e-6)
