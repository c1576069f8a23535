import pickle

import numpy as np
import pytest
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, cross_validate, learning_curve, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknnmath.datasets import make_ball
from sknnmath.neural_network import MLPClassifier, MLPRegressor
from tests._markers import requires_cuda

FAST = dict(device="cpu", random_state=0)


@pytest.fixture(scope="module")
def ball():
    X, y = make_ball(2000, random_state=0)
    return train_test_split(X, y, test_size=0.25, random_state=0)


def test_ball_accuracy_bar(ball):
    """Document 000's DNN: the disc indicator is learned to >= 0.99 test accuracy."""
    Xtr, Xte, ytr, yte = ball
    clf = MLPClassifier(hidden_layer_sizes=(32, 32), learning_rate=0.02, max_iter=400, **FAST)
    clf.fit(Xtr, ytr)
    assert clf.score(Xte, yte) >= 0.99
    # training stops when the loss stops improving by tol (scikit-learn's rule), at most max_iter
    assert clf.n_iter_ <= 400 and clf.loss_curve_[-1] < clf.loss_curve_[0]


def test_squared_error_on_softmax_learns_the_disc(ball):
    Xtr, Xte, ytr, yte = ball
    clf = MLPClassifier(hidden_layer_sizes=(32, 32), loss="squared_error", learning_rate=0.02,
                        max_iter=400, **FAST).fit(Xtr, ytr)
    assert clf.score(Xte, yte) >= 0.97


@pytest.mark.parametrize("loss,out", [("cross_entropy", "softmax"), ("squared_error", "softmax"),
                                      ("squared_error", "identity")])
@pytest.mark.parametrize("solver", ["sgd", "momentum", "rmsprop", "adam"])
def test_iris_all_losses_and_solvers(loss, out, solver):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    lr = {"sgd": 0.5, "momentum": 0.1, "rmsprop": 0.01, "adam": 0.02}[solver]
    if out == "identity":  # unbounded outputs: the squared error's curvature is larger
        lr = min(lr, 0.05)
    clf = MLPClassifier(hidden_layer_sizes=(16,), loss=loss, output_activation=out, solver=solver,
                        learning_rate=lr, max_iter=300, **FAST).fit(X, y)
    assert clf.score(X, y) >= 0.9
    P = clf.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    assert clf.decision_function(X).shape == (150, 3)


def test_binary_decision_function_sign_matches_predict(ball):
    Xtr, Xte, ytr, _ = ball
    clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=100, learning_rate=0.02, **FAST).fit(Xtr, ytr)
    d = clf.decision_function(Xte)
    assert d.shape == (len(Xte),)
    np.testing.assert_array_equal(clf.classes_[(d > 0).astype(int)], clf.predict(Xte))


@pytest.mark.parametrize("kw", [dict(skip_connections=True), dict(batch_norm=True),
                                dict(init="even"), dict(init="glorot"), dict(activation="tanh"),
                                dict(activation="sigmoid", learning_rate=0.05),
                                dict(batch_size=256, max_iter=100), dict(alpha_l2=1e-3), dict(alpha_l1=1e-4),
                                dict(early_stopping=True, max_iter=1000)])
def test_options_train(kw, ball):
    Xtr, Xte, ytr, yte = ball
    params = dict(hidden_layer_sizes=(32, 32), learning_rate=0.02, max_iter=200, **FAST)
    params.update(kw)
    clf = MLPClassifier(**params).fit(Xtr, ytr)
    assert clf.score(Xte, yte) >= 0.93
    if kw.get("early_stopping"):
        assert clf.n_iter_ < 1000 and len(clf.validation_scores_) == clf.n_iter_


def test_l1_gives_smaller_weights_than_none(ball):
    Xtr, _, ytr, _ = ball
    base = dict(hidden_layer_sizes=(32,), learning_rate=0.02, max_iter=150, **FAST)
    w0 = sum(np.abs(c).sum() for c in MLPClassifier(**base).fit(Xtr, ytr).coefs_)
    w1 = sum(np.abs(c).sum() for c in MLPClassifier(alpha_l1=5e-3, **base).fit(Xtr, ytr).coefs_)
    assert w1 < 0.8 * w0


def test_regressor_multioutput_and_1d():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(300, 2))
    Y = np.c_[np.sin(2 * X[:, 0]), X[:, 1] ** 2]
    reg = MLPRegressor(hidden_layer_sizes=(32,), learning_rate=0.01, max_iter=500, **FAST).fit(X, Y)
    assert reg.predict(X).shape == (300, 2) and reg.score(X, Y) > 0.9
    reg1 = MLPRegressor(hidden_layer_sizes=(32,), learning_rate=0.01, max_iter=300, **FAST).fit(X, Y[:, 0])
    assert reg1.predict(X).shape == (300,)


def test_pipeline_gridsearch_crossvalidate_learning_curve(ball):
    Xtr, _, ytr, _ = ball
    Xs, ys = Xtr[:400], ytr[:400]
    pipe = make_pipeline(StandardScaler(), MLPClassifier(max_iter=60, learning_rate=0.03, **FAST))
    gs = GridSearchCV(pipe, {"mlpclassifier__hidden_layer_sizes": [(4,), (32,)]}, cv=3).fit(Xs, ys)
    assert gs.best_params_["mlpclassifier__hidden_layer_sizes"] == (32,)
    cv = cross_validate(pipe, Xs, ys, cv=3)
    assert cv["test_score"].mean() > 0.8
    sizes, tr, te = learning_curve(pipe, Xs, ys, cv=3, train_sizes=[0.3, 1.0])
    assert te.shape == (2, 3)


def test_pickle_roundtrip_and_determinism(ball):
    Xtr, Xte, ytr, _ = ball
    state = torch.get_rng_state()
    a = MLPClassifier(hidden_layer_sizes=(16,), max_iter=50, batch_size=128, **FAST).fit(Xtr, ytr)
    b = MLPClassifier(hidden_layer_sizes=(16,), max_iter=50, batch_size=128, **FAST).fit(Xtr, ytr)
    assert torch.equal(state, torch.get_rng_state())
    np.testing.assert_array_equal(a.predict_proba(Xte), b.predict_proba(Xte))
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(a.predict_proba(Xte), c.predict_proba(Xte))
    assert a.device_ == "cpu"


def test_hidden_layer_sizes_validation():
    X, y = make_ball(50, random_state=0)
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        MLPClassifier(hidden_layer_sizes=(8, 0), **FAST).fit(X, y)
    with pytest.raises(TypeError, match="hidden_layer_sizes"):
        MLPClassifier(hidden_layer_sizes=(8, 2.5), **FAST).fit(X, y)


@requires_cuda
def test_mlp_on_cuda_matches_cpu_accuracy(ball):
    Xtr, Xte, ytr, yte = ball
    kw = dict(hidden_layer_sizes=(32, 32), learning_rate=0.02, max_iter=400, random_state=0)
    gpu = MLPClassifier(device="cuda", **kw).fit(Xtr, ytr)
    cpu = MLPClassifier(device="cpu", **kw).fit(Xtr, ytr)
    assert gpu.device_.startswith("cuda")
    assert abs(gpu.score(Xte, yte) - cpu.score(Xte, yte)) <= 0.01
