"""GradientNormRecorder and layer_gradient_norms against autograd (document 002 §III.C)."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler

from sknnmath.callbacks import GradientNormRecorder
from sknnmath.datasets import make_ball
from sknnmath.neural_network import MLPClassifier, MLPRegressor, layer_gradient_norms

FAST = dict(device="cpu", random_state=0)


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _manual_norms(est, X, y):
    """Autograd in float64 on an independently rebuilt torch network."""
    Ws = [torch.tensor(W.T, dtype=torch.float64, requires_grad=True) for W in est.coefs_]
    bs = [torch.tensor(b, dtype=torch.float64) for b in est.intercepts_]
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[est.activation]
    h = torch.as_tensor(X, dtype=torch.float64)
    for W, b in zip(Ws[:-1], bs[:-1]):
        h = act(h @ W.T + b)
    out = h @ Ws[-1].T + bs[-1]
    if isinstance(est, MLPClassifier):
        loss = torch.nn.functional.cross_entropy(out, torch.as_tensor(np.searchsorted(est.classes_, y)))
    else:
        loss = 0.5 * (out - torch.as_tensor(y, dtype=torch.float64).view(-1, 1)).pow(2).sum(1).mean()
    loss = loss + est.alpha_l2 * 0.5 * sum((W ** 2).sum() for W in Ws)
    grads = torch.autograd.grad(loss, Ws)
    return np.array([float(g.norm()) for g in grads])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradient_norms_equal_autograd(iris, activation):
    X, y = iris
    clf = MLPClassifier(hidden_layer_sizes=(6, 5), activation=activation, max_iter=20,
                        learning_rate=0.01, alpha_l2=1e-3, **FAST).fit(X, y)
    got = layer_gradient_norms(clf, X, y)
    assert got.shape == (3,)
    np.testing.assert_allclose(got, _manual_norms(clf, X, y), rtol=1e-10)


def test_layer_gradient_norms_regressor():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.sin(X[:, 0])
    reg = MLPRegressor(hidden_layer_sizes=(7,), activation="tanh", max_iter=10, **FAST).fit(X, y)
    np.testing.assert_allclose(layer_gradient_norms(reg, X, y), _manual_norms(reg, X, y), rtol=1e-10)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_recorder_equals_autograd_full_batch(iris, solver):
    """Row k of gradient_norms_ is ‖∂L/∂W_l‖ at the parameters after k-1 epochs."""
    X, y = iris
    params = dict(hidden_layer_sizes=(8, 8, 8), activation="sigmoid", solver=solver,
                  learning_rate=0.05, alpha_l2=1e-3, **FAST)
    K = 4
    rec = MLPClassifier(max_iter=K, callbacks=[GradientNormRecorder()], **params).fit(X, y)
    assert rec.gradient_norms_.shape == (K, 4)
    assert rec.gradient_layer_names_ == ["linears.0.weight", "linears.1.weight",
                                         "linears.2.weight", "out.weight"]
    for k in range(1, K):  # parameters after k epochs, by refitting deterministically
        est_k = MLPClassifier(max_iter=k, **params).fit(X, y)
        expected = layer_gradient_norms(est_k, X, y)
        np.testing.assert_allclose(rec.gradient_norms_[k], expected, rtol=2e-4)
    hist = rec.callbacks[0]
    np.testing.assert_array_equal(hist.gradient_norms_, rec.gradient_norms_)


def test_recorder_minibatch_mean_and_history(iris):
    X, y = iris
    cb = GradientNormRecorder(name="gn")
    clf = MLPClassifier(hidden_layer_sizes=(4,), batch_size=32, max_iter=3, callbacks=[cb], **FAST).fit(X, y)
    assert clf.gradient_norms_.shape == (3, 2)
    assert np.all(clf.gradient_norms_ > 0)


def test_recorder_survives_clone_and_grid_search(iris):
    X, y = iris
    est = MLPClassifier(hidden_layer_sizes=(4,), max_iter=3, callbacks=[GradientNormRecorder()], **FAST)
    fitted = clone(est).fit(X, y)
    assert fitted.gradient_norms_.shape == (3, 2)
    gs = GridSearchCV(est, {"hidden_layer_sizes": [(3,), (5, 5)]}, cv=2).fit(X, y)
    assert gs.best_estimator_.gradient_norms_.shape[0] == 3


def test_recorder_with_early_stopping_counts_every_epoch(iris):
    X, y = iris
    clf = MLPClassifier(hidden_layer_sizes=(4,), max_iter=200, early_stopping=True, n_iter_no_change=2,
                        learning_rate=0.05, callbacks=[GradientNormRecorder()], **FAST).fit(X, y)
    assert clf.gradient_norms_.shape[0] == clf.n_iter_


def test_recorder_with_other_engine_estimators():
    from sknnmath.ballnet import BallNetClassifier
    from sknnmath.transport import DenoisingAutoencoder

    X, y = make_ball(200, random_state=0)
    bn = BallNetClassifier(max_iter=3, device="cpu", random_state=0,
                           callbacks=[GradientNormRecorder()]).fit(X, y)
    assert bn.gradient_norms_.shape[0] == 3 and np.all(np.isfinite(bn.gradient_norms_))
    dae = DenoisingAutoencoder(max_iter=3, device="cpu", random_state=0,
                               callbacks=[GradientNormRecorder()]).fit(X)
    assert dae.gradient_norms_.shape[0] == 3


def test_recorder_with_fourier_gradient_descent():
    """Document 000's GD on Fourier coefficients: one layer, the coefficient vector."""
    from sknnmath.fourier import FourierSeriesRegressor

    X, y = make_ball(200, random_state=0)
    reg = FourierSeriesRegressor(n_frequencies=3, solver="gd", max_iter=4,
                                 callbacks=[GradientNormRecorder()], **FAST).fit(X, y.astype(float))
    assert reg.gradient_norms_.shape == (4, 1)
    # full-batch GD from zero: the first norm is ||Psi^T y|| / n in the orthonormal scaling > 0
    assert np.all(np.isfinite(reg.gradient_norms_)) and reg.gradient_norms_[0, 0] > 0


def test_recorder_with_complex_networks():
    """A hypercomplex weight (components, fan_in, fan_out) is one layer, not one model per slice."""
    from sknnmath.hypercomplex import ComplexMLPRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2)) + 1j * rng.normal(size=(60, 2))
    y = X[:, 0] * X[:, 1]
    reg = ComplexMLPRegressor(hidden_layer_sizes=(4, 3), max_iter=5, callbacks=[GradientNormRecorder()],
                              **FAST).fit(X, y)
    assert reg.gradient_norms_.shape == (5, 3)
    assert np.all(np.isfinite(reg.gradient_norms_)) and np.all(reg.gradient_norms_ > 0)


def test_recorder_batch_norm_and_skip(iris):
    X, y = iris
    clf = MLPClassifier(hidden_layer_sizes=(6, 6), batch_norm=True, skip_connections=True, max_iter=2,
                        callbacks=[GradientNormRecorder()], **FAST).fit(X, y)
    assert clf.gradient_norms_.shape == (2, 3)  # batch-norm scales are vectors, not layers


def test_layer_gradient_norms_refuses_unknown_estimator(iris):
    from sklearn.linear_model import LogisticRegression

    X, y = iris
    with pytest.raises((TypeError, ValueError)):
        layer_gradient_norms(LogisticRegression().fit(X, y), X, y)


def test_layer_gradient_norms_bad_input(iris):
    X, y = iris
    clf = MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, **FAST).fit(X, y)
    with pytest.raises(ValueError):
        layer_gradient_norms(clf, X[:, :2], y)
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError):
        layer_gradient_norms(clf, Xn, y)


@pytest.mark.parametrize("penalty", ["alpha_l2", "alpha_l1"])
def test_regularisation_shrinks_weights_monotonically(penalty):
    """Document 002 eqs. (34)-(35): a larger penalty weight gives smaller weights."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(40, 2))
    y = np.sin(3 * X[:, 0]) + 0.3 * rng.standard_normal(40)
    norms = []
    for alpha in [0.0, 1e-3, 1e-2, 1e-1]:
        reg = MLPRegressor(hidden_layer_sizes=(16,), activation="tanh", learning_rate=0.01,
                           max_iter=250, tol=0.0, n_iter_no_change=250, **{penalty: alpha},
                           **FAST).fit(X, y)
        norms.append(np.sqrt(sum((W ** 2).sum() for W in reg.coefs_)))
    assert np.all(np.diff(norms) < 0), norms
