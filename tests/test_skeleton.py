"""The torch-estimator skeleton (TorchEstimatorMixin) and the complex-dtype policy of base.py."""

import numpy as np
import pytest
import sklearn
import torch
from sklearn.base import RegressorMixin

import sknnmath.base as base
from sklearn.base import is_classifier

from sknnmath.ballnet import BallNetClassifier
from sknnmath.base import SknnEstimator, TorchEstimatorMixin, all_estimators, validate_X, validate_X_y
from sknnmath.neural_network import MLPClassifier, MLPRegressor
from sknnmath.transport import DenoisingAutoencoder


class _ComplexEcho(RegressorMixin, SknnEstimator):
    _sknnmath_accept_complex = True

    def fit(self, X, y):
        self.X_, self.y_ = validate_X_y(self, X, y, y_numeric=True)
        return self

    def predict(self, X):
        return validate_X(self, X)


def test_complex_X_refused_unless_the_estimator_opts_in():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 3)) + 1j * rng.normal(size=(20, 3))
    y = rng.normal(size=20)
    with pytest.raises(ValueError, match="complex-valued X"):
        MLPRegressor(max_iter=2, device="cpu").fit(X, y)
    with pytest.raises(ValueError, match="complex-valued X"):
        DenoisingAutoencoder(max_iter=2, device="cpu").fit(X)
    est = _ComplexEcho().fit(X, y + 1j * y)
    assert est.X_.dtype == np.complex128 and np.array_equal(est.X_, X)
    assert np.iscomplexobj(est.y_) and np.array_equal(est.y_, y + 1j * y)
    assert est.n_features_in_ == 3
    assert est.predict(X.astype(np.complex64)).dtype == np.complex64
    bad = X.copy()
    bad[0, 0] = 1 + 1j * np.nan
    with pytest.raises(ValueError, match="NaN"):
        _ComplexEcho().fit(bad, y)


def _record_chunks(monkeypatch):
    rows = []
    real = base.as_tensor

    def spy(X, device="cpu", dtype=torch.float64):
        rows.append(X.shape[0])
        return real(X, device, dtype)

    monkeypatch.setattr(base, "as_tensor", spy)
    return rows


@pytest.mark.parametrize("kind", ["mlp", "dae", "ballnet"])
def test_prediction_runs_in_working_memory_chunks(monkeypatch, kind):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(60, 2))
    if kind == "mlp":
        est = MLPRegressor(hidden_layer_sizes=(32, 32), max_iter=3, device="cpu", random_state=0)
        est.fit(X, X[:, 0])
        method = est.predict
    elif kind == "ballnet":
        est = BallNetClassifier(depth=6, max_iter=3, device="cpu", random_state=0)
        est.fit(X, (np.linalg.norm(X, axis=1) < 0.7).astype(int))
        method = est.decision_function
    else:
        est = DenoisingAutoencoder(hidden_layer_sizes=(32, 32), max_iter=3, device="cpu", random_state=0)
        est.fit(X)
        method = est.transform
    n = 200_000
    Xbig = rng.uniform(-1, 1, size=(n, 2))
    full = method(Xbig)  # default working memory (1 GiB): one chunk
    rows = _record_chunks(monkeypatch)
    budget_mib = 0.25
    with sklearn.config_context(working_memory=budget_mib):
        chunked = method(Xbig)
    assert sum(rows) == n and len(rows) > 1
    # every chunk's temporaries fit in the budget
    assert max(rows) * est._inference_row_bytes() <= budget_mib * 2**20
    np.testing.assert_allclose(chunked, full, rtol=1e-12, atol=1e-12)


def test_inference_module_is_float64_and_leaves_global_rng_alone():
    X = np.random.RandomState(0).uniform(-1, 1, size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, device="cpu", random_state=0).fit(X, y)
    state = torch.random.get_rng_state()
    m = clf._inference_module()
    clf.predict_proba(X)
    assert torch.equal(state, torch.random.get_rng_state())
    assert all(p.dtype == torch.float64 for p in m.parameters())
    # exactly the trained float32 values
    for k, v in clf.module_state_.items():
        assert v.dtype == torch.float32 and torch.equal(m.state_dict()[k], v.double())


# Every torch-backed estimator: networks use the whole skeleton (build -> engine -> CPU state ->
# float64 rebuild -> chunks); the closed forms (no trained module) its prediction half.
SKELETON_USERS = [
    "BallNetClassifier", "ComplexMLPClassifier", "ComplexMLPRegressor", "DenoisingAutoencoder",
    "FourierSeriesClassifier", "FourierSeriesRegressor", "MLPClassifier", "MLPRegressor",
    "MinNormInterpolator", "RandomFeatureClassifier", "RandomFeatureRegressor", "RidgeletRegressor",
]
NETWORKS = ["BallNetClassifier", "ComplexMLPClassifier", "ComplexMLPRegressor",
            "DenoisingAutoencoder", "MLPClassifier", "MLPRegressor"]


def test_torch_estimators_are_on_the_skeleton():
    found = dict(all_estimators())
    for name in SKELETON_USERS:
        assert issubclass(found[name], TorchEstimatorMixin), name
    for name in NETWORKS:  # the module hook is implemented, not inherited
        assert found[name]._build_module is not TorchEstimatorMixin._build_module, name


@pytest.mark.parametrize("name", SKELETON_USERS)
def test_every_skeleton_user_predicts_within_working_memory(monkeypatch, name):
    cls = dict(all_estimators())[name]
    est = cls(**{**cls._sknnmath_test_params, "device": "cpu"})
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(60, 2))
    if name == "DenoisingAutoencoder":
        method = est.fit(X).transform
    elif is_classifier(est):
        est.fit(X, (np.linalg.norm(X, axis=1) < 0.7).astype(int))
        method = getattr(est, "predict_proba", None) or est.decision_function
    else:
        est.fit(X, X[:, 0] ** 2)
        method = est.predict
    Xbig = rng.uniform(-1, 1, size=(20_000, 2))
    full = method(Xbig)
    rows = _record_chunks(monkeypatch)
    budget_mib = 0.25
    with sklearn.config_context(working_memory=budget_mib):
        chunked = method(Xbig)
    assert sum(rows) == len(Xbig) and len(rows) > 1
    assert max(rows) * est._inference_row_bytes() <= budget_mib * 2**20
    # equal to rounding (the row blocking of the matrix products changes)
    np.testing.assert_allclose(chunked, full, rtol=1e-9, atol=1e-9)
