"""Oracle and API tests of the trained DenoisingAutoencoder (document 001 §4).

Oracles come from ``sknnmath.transport._theory`` (Gaussian closed forms, reference
dae_transport.md §4) and Tweedie's formula with the exact mixture score. Data are
whitened so that their *sample* covariance equals the target covariance exactly:
the trained DAE then has the population closed form as its exact target and the
tolerances measure training error only.
"""

import pickle

import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from tests._markers import requires_cuda
from sknnmath.transport import (
    DenoisingAutoencoder,
    composed_dae_covariances,
    gaussian_dae_map,
    gaussian_entropy,
    gaussian_mixture_score,
    tweedie_denoiser,
)

COV = np.diag([1.0, 0.25])
T = 0.1
# Linear DAE trained by full-batch gradient descent: well conditioned (inputs are
# standardised inside the module), so 60 epochs converge and average the noise.
LINEAR = dict(architecture="linear", solver="sgd", learning_rate=0.1, max_iter=60,
              batch_size="full", n_noise_draws=2, device="cpu")


def exact_gaussian(n, cov, seed):
    """Samples whose empirical mean is 0 and empirical (biased) covariance is ``cov``."""
    X = np.random.default_rng(seed).standard_normal((n, cov.shape[0]))
    X -= X.mean(0)
    L = np.linalg.cholesky(np.atleast_2d(np.cov(X.T, bias=True)))
    return X @ np.linalg.inv(L).T @ np.linalg.cholesky(cov).T


def sample_cov(X):
    return np.atleast_2d(np.cov(X.T, bias=True))


@pytest.fixture(scope="module")
def X_gauss():
    return exact_gaussian(2000, COV, seed=0)


@pytest.fixture(scope="module")
def composed10(X_gauss):
    return DenoisingAutoencoder(T, n_steps=10, random_state=0, **LINEAR).fit(X_gauss)


def test_linear_dae_matrix_matches_closed_form(X_gauss):
    dae = DenoisingAutoencoder(T, random_state=0, **LINEAR).fit(X_gauss)
    A, b = gaussian_dae_map(np.zeros(2), COV, T)
    rel = np.linalg.norm(dae.coef_[0] - A) / np.linalg.norm(A)
    assert rel < 0.03, rel
    assert np.all(np.abs(np.diag(dae.coef_[0]) / np.diag(A) - 1) < 0.03)
    assert np.abs(dae.intercept_[0] - b).max() < 0.03
    # coef_/intercept_ describe the map that transform applies
    X = X_gauss[:5]
    assert np.allclose(dae.transform(X), X @ dae.coef_[0].T + dae.intercept_[0])
    assert dae.step_noise_variance_ == pytest.approx(T)


@pytest.mark.parametrize("n_steps", [1, 10])
def test_composed_covariances_match_recursion(X_gauss, composed10, n_steps):
    dae = composed10 if n_steps == 10 else DenoisingAutoencoder(
        T, n_steps=1, random_state=0, **LINEAR).fit(X_gauss)
    traj = dae.transport(X_gauss)
    assert traj.shape == (n_steps + 1, *X_gauss.shape)
    theory = composed_dae_covariances(np.diag(COV), T, n_steps)
    got = np.array([np.diag(sample_cov(Z)) for Z in traj])
    rel = np.abs(got / theory - 1)
    assert rel.max() < 0.05, rel
    assert np.allclose(dae.transform(X_gauss), traj[-1])


def test_reference_table_and_depth():
    # reference §4.2: sigma^2 = 1, t = 0.3 -> 0.5917 (L = 1), 0.4360 (L = 10), limit 0.4
    X = exact_gaussian(2000, np.eye(1), seed=1)
    v = {}
    for L, expected in ((1, 0.5917), (10, 0.4360)):
        dae = DenoisingAutoencoder(0.3, n_steps=L, random_state=0, **LINEAR).fit(X)
        v[L] = float(np.var(dae.transform(X)))
        assert v[L] == pytest.approx(expected, rel=0.05)
    # deeper composed DAEs approach the entropy-flow limit sigma^2 - 2t
    assert abs(v[10] - 0.4) < abs(v[1] - 0.4) / 3


def test_entropy_decreases_along_transport(X_gauss, composed10):
    traj = composed10.transport(X_gauss)
    H = np.array([gaussian_entropy(sample_cov(Z)) for Z in traj])
    assert np.all(np.diff(H) < 0)


def _mixture():
    w = np.array([0.3, 0.3, 0.4])
    M = np.array([[-1.5, 0.0], [1.5, 0.0], [0.0, 1.5]])
    S = np.repeat(0.1 * np.eye(2)[None], 3, axis=0)
    return w, M, S


def _sample_mixture(n, seed):
    w, M, S = _mixture()
    rng = np.random.default_rng(seed)
    k = rng.choice(3, size=n, p=w)
    return M[k] + np.sqrt(0.1) * rng.standard_normal((n, 2))


def test_mlp_dae_matches_tweedie_on_mixture():
    t = 0.3
    w, M, S = _mixture()
    X = _sample_mixture(2000, seed=0)
    X_test = _sample_mixture(2000, seed=1)
    X_noisy = X_test + np.sqrt(t) * np.random.default_rng(2).standard_normal(X_test.shape)
    tweedie = tweedie_denoiser(lambda Z: gaussian_mixture_score(Z, w, M, S, noise_variance=t), t)
    dae = DenoisingAutoencoder(t, hidden_layer_sizes=(64,), learning_rate=1e-2, max_iter=50,
                               batch_size=256, random_state=0, device="cpu").fit(X)
    out = dae.denoise(X_noisy)
    opt = tweedie(X_noisy)
    gap_mlp = ((out - opt) ** 2).sum(1).mean()
    gap_identity = ((X_noisy - opt) ** 2).sum(1).mean()
    err_mlp = ((out - X_test) ** 2).sum(1).mean()
    err_identity = ((X_noisy - X_test) ** 2).sum(1).mean()
    err_bayes = ((opt - X_test) ** 2).sum(1).mean()
    assert gap_mlp < 0.1 * gap_identity, (gap_mlp, gap_identity)
    assert err_bayes <= err_mlp < 0.6 * err_identity, (err_bayes, err_mlp, err_identity)
    # score is minus the denoising error, so it beats the identity's
    assert -err_identity < dae.score(X_test) < 0


def test_api_shapes_determinism_and_errors(X_gauss):
    X = X_gauss[:300]
    params = dict(hidden_layer_sizes=(8,), max_iter=3, n_steps=2, random_state=0, device="cpu")
    a = DenoisingAutoencoder(**params).fit(X)
    b = DenoisingAutoencoder(**params).fit(X)
    assert a.device_ == "cpu"
    assert np.array_equal(a.transform(X), b.transform(X))
    assert a.transport(X).shape == (3, 300, 2)
    assert a.denoise(X, step=1).shape == X.shape
    assert len(a.loss_curves_) == 2 and a.n_iter_.tolist() == [3, 3]
    assert not hasattr(a, "coef_")
    assert list(a.get_feature_names_out()) == ["x0", "x1"]
    with pytest.raises(ValueError, match="step"):
        a.denoise(X, step=2)
    with pytest.raises(ValueError, match="features"):
        a.transform(X[:, :1])
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        DenoisingAutoencoder(hidden_layer_sizes=(4, 0), device="cpu").fit(X)
    with pytest.raises(ValueError, match="noise_variance"):
        DenoisingAutoencoder(noise_variance=0.0).fit(X)
    with pytest.raises(ValueError, match="device"):
        DenoisingAutoencoder(device="tpu").fit(X)
    # the global torch RNG is neither used nor changed by fit
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    DenoisingAutoencoder(**params).fit(X)
    assert torch.rand(1) == before


def test_pipeline_gridsearch_pickle(X_gauss):
    X = X_gauss[:300]
    pipe = make_pipeline(FunctionTransformer(),
                         DenoisingAutoencoder(max_iter=3, batch_size="full", random_state=0,
                                              device="cpu"))
    grid = GridSearchCV(pipe, {"denoisingautoencoder__hidden_layer_sizes": [(4,), (8,)]}, cv=2)
    grid.fit(X)
    assert grid.best_params_["denoisingautoencoder__hidden_layer_sizes"] in [(4,), (8,)]
    est = grid.best_estimator_
    clone = pickle.loads(pickle.dumps(est))
    assert np.array_equal(clone.transform(X), est.transform(X))
    assert clone.score(X) == est.score(X)


def test_set_output_default_and_fit_transform(X_gauss):
    X = X_gauss[:200]
    dae = DenoisingAutoencoder(hidden_layer_sizes=(4,), max_iter=2, random_state=0, device="cpu")
    Xt = dae.fit_transform(X)
    assert Xt.dtype == np.float64 and np.allclose(Xt, dae.transform(X))
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(X, columns=["a", "b"])
    out = dae.set_output(transform="pandas").fit(df).transform(df)
    assert list(out.columns) == ["a", "b"]


@requires_cuda
def test_cuda_fit_then_cpu_pickle(X_gauss):
    dae = DenoisingAutoencoder(T, random_state=0, **{**LINEAR, "device": "cuda"}).fit(X_gauss)
    assert dae.device_.startswith("cuda")
    A, _ = gaussian_dae_map(np.zeros(2), COV, T)
    assert np.linalg.norm(dae.coef_[0] - A) / np.linalg.norm(A) < 0.03
    clone = pickle.loads(pickle.dumps(dae))
    assert all(v.device.type == "cpu" for sd in clone.state_dicts_ for v in sd.values())
    assert np.allclose(clone.transform(X_gauss[:10]), dae.transform(X_gauss[:10]), atol=1e-5)
