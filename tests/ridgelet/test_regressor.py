"""RidgeletRegressor: the no-backprop bar, sampling schemes, sklearn integration."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknnmath.datasets import make_sine_grid
from sknnmath.ridgelet import RidgeletRegressor

try:
    from tests._markers import requires_cuda
except ImportError:  # pragma: no cover
    requires_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def _test_points(n=2000, m=1, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (n, m))


@pytest.fixture(scope="module")
def sine():
    X, y = make_sine_grid()
    Xt = _test_points()
    return X, y, Xt, np.sin(2 * np.pi * Xt[:, 0])


@pytest.mark.parametrize("activation", ["relu", "tanh", "gaussian"])
def test_bar_r2_on_sine_without_backprop(sine, activation):
    X, y, Xt, yt = sine
    grad_enabled = []
    reg = RidgeletRegressor(n_hidden=200, activation=activation, random_state=0, device="cpu")
    orig = torch.Tensor.backward

    def spy(*args, **kwargs):  # any gradient step would call backward
        grad_enabled.append(True)
        return orig(*args, **kwargs)

    torch.Tensor.backward = spy
    try:
        reg.fit(X, y)
    finally:
        torch.Tensor.backward = orig
    assert not grad_enabled
    assert reg.n_hidden_ == 200 and reg.hidden_weights_.shape == (200, 1)
    assert reg.score(Xt, yt) >= 0.99
    assert reg.spectrum_.shape == (201, 201)


def test_oracle_units_sit_where_the_spectrum_is_large(sine):
    X, y, _, _ = sine
    reg = RidgeletRegressor(n_hidden=400, random_state=0, device="cpu").fit(X, y)
    spec = np.abs(reg.spectrum_)
    ia = np.clip(np.searchsorted(reg.spectrum_a_, reg.hidden_weights_[:, 0]), 0, 200)
    ib = np.clip(np.searchsorted(reg.spectrum_b_, reg.hidden_biases_), 0, 200)
    # the drawn units see |R| far above its mean over the window
    assert spec[ia, ib].mean() > 3 * spec.mean()


def test_ridgelet_output_is_the_discretised_reconstruction(sine):
    # grid sampling + ridgelet output = Riemann sum of S[R f]: no fitting of c at all
    X, y, Xt, yt = sine
    reg = RidgeletRegressor(n_hidden=150**2, sampling="grid", output="ridgelet", random_state=0,
                            device="cpu").fit(X, y)
    assert reg.intercept_ == 0.0
    assert reg.score(Xt, yt) > 0.99
    # beta shrinks the output weights by 1/(1+beta)
    reg2 = RidgeletRegressor(n_hidden=150**2, sampling="grid", output="ridgelet", beta=1.0,
                             random_state=0, device="cpu").fit(X, y)
    np.testing.assert_allclose(reg2.coef_, reg.coef_ / 2)


def test_gaussian_oracle_ridgelet_output(sine):
    X, y, Xt, yt = sine
    reg = RidgeletRegressor(n_hidden=5000, activation="gaussian", output="ridgelet",
                            random_state=0, device="cpu").fit(X, y)
    assert reg.score(Xt, yt) > 0.95


def test_two_dimensional_target():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (1500, 2))
    f = lambda Z: np.exp(-2 * (Z**2).sum(1)) + 0.5 * np.sin(np.pi * Z[:, 0])  # noqa: E731
    Xt = rng.uniform(-1, 1, (2000, 2))
    reg = RidgeletRegressor(n_hidden=200, random_state=0, device="cpu").fit(X, f(X))
    assert reg.score(Xt, f(Xt)) > 0.99
    assert reg.spectrum_ is None and reg.hidden_weights_.shape == (200, 2)


def test_deterministic_and_offset_handling(sine):
    X, y, Xt, yt = sine
    r1 = RidgeletRegressor(n_hidden=60, random_state=3, device="cpu").fit(X + 5, y)
    r2 = RidgeletRegressor(n_hidden=60, random_state=3, device="cpu").fit(X + 5, y)
    np.testing.assert_array_equal(r1.coef_, r2.coef_)
    assert r1.score(Xt + 5, yt) > 0.99  # shifted inputs: biases are mapped back


def test_pipeline_gridsearch_pickle_and_device(sine):
    X, y, Xt, yt = sine
    pipe = make_pipeline(StandardScaler(), RidgeletRegressor(random_state=0, device="cpu"))
    gs = GridSearchCV(pipe, {"ridgeletregressor__n_hidden": [5, 80]}, cv=3).fit(X, y)
    assert gs.best_params_["ridgeletregressor__n_hidden"] == 80
    reg = gs.best_estimator_[-1]
    assert reg.device_ == "cpu"
    clone = pickle.loads(pickle.dumps(gs.best_estimator_))
    np.testing.assert_allclose(clone.predict(Xt), gs.best_estimator_.predict(Xt))


def test_bad_parameters(sine):
    X, y, _, _ = sine
    with pytest.raises(ValueError):
        RidgeletRegressor(n_hidden=0).fit(X, y)
    with pytest.raises(ValueError):
        RidgeletRegressor(sampling="random").fit(X, y)
    with pytest.raises(ValueError, match="device"):
        RidgeletRegressor(device="gpu").fit(X, y)
    with pytest.raises(ValueError):
        RidgeletRegressor(beta=float("inf")).fit(X, y)


@requires_cuda
def test_cuda_fit_predicts_like_cpu(sine):
    X, y, Xt, yt = sine
    g = RidgeletRegressor(n_hidden=100, random_state=0, device="cuda").fit(X, y)
    c = RidgeletRegressor(n_hidden=100, random_state=0, device="cpu").fit(X, y)
    assert g.device_.startswith("cuda")
    np.testing.assert_allclose(g.predict(Xt), c.predict(Xt), atol=1e-6)
    cpu_copy = pickle.loads(pickle.dumps(g))
    assert isinstance(cpu_copy.coef_, np.ndarray)


def test_mlp_layout_attributes_and_shared_solver():
    """Issue 11: coef_ (n_hidden_,), scalar intercept_, coefs_/intercepts_ as sklearn's MLP,
    and the ridge refit equals the one solver's closed form (centred ridge, penalty n*alpha)."""
    from sknnmath.datasets import make_sine_grid

    X, y = make_sine_grid()
    reg = RidgeletRegressor(n_hidden=30, alpha=1e-3, random_state=0, device="cpu").fit(X, y)
    assert reg.coef_.shape == (reg.n_hidden_,) and isinstance(reg.intercept_, float)
    assert reg._y_1d is True
    assert [w.shape for w in reg.coefs_] == [(1, reg.n_hidden_), (reg.n_hidden_, 1)]
    assert [b.shape for b in reg.intercepts_] == [(reg.n_hidden_,), (1,)]
    H = np.maximum(X @ reg.coefs_[0] + reg.intercepts_[0], 0.0)          # relu
    np.testing.assert_allclose(H @ reg.coefs_[1][:, 0] + reg.intercepts_[1][0], reg.predict(X),
                               atol=1e-10)
    Hc, yc = H - H.mean(0), y - y.mean()
    c = np.linalg.solve(Hc.T @ Hc + len(y) * 1e-3 * np.eye(H.shape[1]), Hc.T @ yc)
    np.testing.assert_allclose(reg.coef_, c, rtol=1e-6, atol=1e-8 * np.abs(c).max())


@pytest.mark.slow
def test_check_estimator_with_default_parameters():
    from sklearn.utils.estimator_checks import check_estimator

    check_estimator(RidgeletRegressor())
