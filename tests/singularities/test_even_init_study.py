"""Even initialisation (document 003, results (3)–(4)): the law of ``init="even"`` on every
torch-trained estimator, the registry's non-even controls, and the ``even-init`` study."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning

from sknnmath._layers import EVEN_INITS, INITS, NON_EVEN_INITS, build_mlp
from sknnmath.base import TorchEstimatorMixin, all_estimators
from sknnmath.singularities import (
    init_symmetry,
    make_teacher_task,
    train_many_seeds,
    wide_network_movement,
)

# tolerances for a sample of n weights from an even law: KS(W, -W) below the 0.1 % critical
# value of the two-sample statistic, 1.95·√(2/n); mean/std and the third moment about 0
# within 5 standard errors (1/√n and √(E w⁶ / (E w²)³ / n) ≤ √(15/n) for uniform and normal)


def _assert_even(w):
    w = np.asarray(w, dtype=float).ravel()
    n = w.size
    s = init_symmetry(w)
    assert s["ks"] < 1.95 * np.sqrt(2.0 / n), s
    assert abs(s["mean_std"]) < 5 / np.sqrt(n), s
    assert abs(s["skewness"]) < 5 * np.sqrt(15.0 / n), s


def _first_layer(init, n_in=256, width=512, seed=0):
    net = build_mlp(n_in, (width,), 1, activation="relu", init=init, dtype=torch.float64,
                    generator=torch.Generator().manual_seed(seed))
    lin = net.linears[0]
    return lin.weight.detach().numpy(), lin.bias.detach().numpy()


@pytest.mark.parametrize("init", EVEN_INITS)
def test_registry_even_laws_are_symmetric(init):
    W, b = _first_layer(init)
    _assert_even(W)
    if init == "even":  # biases drawn from the same law
        _assert_even(b)
        assert np.abs(W).max() <= 1 / np.sqrt(256)


@pytest.mark.parametrize("init", NON_EVEN_INITS)
def test_registry_non_even_controls_fail_the_symmetry_test(init):
    # the test above has power: the folds abs(w) are caught
    W, _ = _first_layer(init)
    assert init_symmetry(W)["ks"] == 1.0
    assert W.min() >= 0
    even_twin = {"positive_uniform": "even", "half_normal": "he"}[init]
    # same second moment as the even law they fold (within 2 %)
    assert np.mean(W ** 2) == pytest.approx(np.mean(_first_layer(even_twin)[0] ** 2), rel=0.02)


def test_init_symmetry_bad_input():
    with pytest.raises(ValueError, match="finite"):
        init_symmetry([1.0, np.nan])
    with pytest.raises(ValueError, match="at least 2"):
        init_symmetry([1.0])


# torch-backed estimators that do not train a network from random weights, with the reason
NOT_RANDOM_INIT = {
    "BallNetClassifier": "starts from a constructed polytope network; its init names the construction",
    "FourierSeriesClassifier": "a linear model in Fourier features (convex loss; init zeros/random)",
    "FourierSeriesRegressor": "a linear model in Fourier features (convex loss; init zeros/random)",
    "MinNormInterpolator": "closed-form least squares, not trained",
    "RandomFeatureClassifier": "random features are drawn, not trained; the fit is least squares",
    "RandomFeatureRegressor": "random features are drawn, not trained; the fit is least squares",
    "RidgeletRegressor": "closed-form ridgelet transform / least squares, not trained",
}


def _torch_estimators():
    return [cls for name, cls in all_estimators() if issubclass(cls, TorchEstimatorMixin)
            and name not in NOT_RANDOM_INIT]


def test_every_torch_trained_estimator_has_init_even():
    ests = _torch_estimators()
    names = {cls.__name__ for cls in ests}
    every = {name for name, cls in all_estimators() if issubclass(cls, TorchEstimatorMixin)}
    assert set(NOT_RANDOM_INIT) <= every  # the exclusions are real estimators
    assert {"MLPClassifier", "MLPRegressor", "DenoisingAutoencoder", "ComplexMLPClassifier",
            "ComplexMLPRegressor"} <= names
    for cls in ests:
        est = cls()
        assert "init" in est.get_params(), cls.__name__
        est.set_params(init="even")._validate_params()


def _tiny_step(est, X, y=None):
    # one step with a vanishing rate: the fitted weights are the initial ones
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X) if y is None else est.fit(X, y)


@pytest.fixture(scope="module")
def wide_X():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 128))
    return X, X[:, 0]


@pytest.mark.parametrize("name", ["MLPRegressor", "MLPClassifier"])
def test_mlp_init_even_is_symmetric(name, wide_X):
    from sknnmath import neural_network

    X, y = wide_X
    y = y if name == "MLPRegressor" else (y > 0).astype(int)
    est = getattr(neural_network, name)(hidden_layer_sizes=(512,), init="even", learning_rate=1e-30,
                                        max_iter=1, random_state=0, device="cpu")
    _tiny_step(est, X, y)
    _assert_even(est.coefs_[0])
    _assert_even(est.intercepts_[0])


def test_dae_init_even_is_symmetric(wide_X):
    from sknnmath.transport import DenoisingAutoencoder

    X, _ = wide_X
    dae = _tiny_step(DenoisingAutoencoder(hidden_layer_sizes=(512,), init="even", learning_rate=1e-30,
                                          max_iter=1, random_state=0, device="cpu"), X)
    W = dae.state_dicts_[0]["net.linears.0.weight"].numpy()
    assert np.abs(W).max() <= 1 / np.sqrt(X.shape[1])
    _assert_even(W)
    # the parameter is routed to the registry: a non-even law shows up in the weights
    dae_pos = _tiny_step(DenoisingAutoencoder(hidden_layer_sizes=(64,), init="positive_uniform",
                                              learning_rate=1e-30, max_iter=1, random_state=0,
                                              device="cpu"), X)
    assert dae_pos.state_dicts_[0]["net.linears.0.weight"].numpy().min() >= 0


@pytest.mark.parametrize("name", ["ComplexMLPRegressor", "ComplexMLPClassifier"])
def test_complex_mlp_init_even_is_symmetric(name, wide_X):
    from sknnmath import hypercomplex

    X, y = wide_X
    y = y if name == "ComplexMLPRegressor" else (y > 0).astype(int)
    est = getattr(hypercomplex, name)(hidden_layer_sizes=(256,), init="even", learning_rate=1e-30,
                                      max_iter=1, random_state=0, device="cpu")
    _tiny_step(est, X, y)
    first = [v for k, v in est.module_state_.items() if "weight" in k or k.endswith("w")]
    assert first, list(est.module_state_)
    _assert_even(first[0].numpy())


def test_teacher_task_is_standardised():
    X, y = make_teacher_task(64, 3, (5, 5), random_state=1)
    assert X.shape == (64, 3) and y.shape == (64,)
    assert abs(y.mean()) < 1e-12 and y.var() == pytest.approx(1.0)


def test_train_many_seeds_matches_separate_builds():
    X, y = make_teacher_task(24, 2, (4,), random_state=0)
    r = train_many_seeds(X, y, (3, 3), init="even", n_seeds=5, max_iter=20, learning_rate=0.01)
    assert r["final_loss"].shape == (5,) and np.all(r["final_loss"] >= 0)
    assert np.all(r["final_loss"] <= r["initial_loss"] + 1e-6)  # Adam with a small rate descends here
    assert r["gradient_norm"].shape == (5,) and r["constant_output"].dtype == bool
    with pytest.raises(ValueError, match="'init' parameter"):
        train_many_seeds(X, y, (3,), init="lecun")


def test_movement_exponent_is_negative_on_a_tiny_run():
    # result (4): wider networks move less from their (even) initialisation
    X, y = make_teacher_task(32, 4, (8,), random_state=0)
    runs = [wide_network_movement(X, y, w, depth=2, learning_rate=4.0, max_iter=10, random_state=0)
            for w in (16, 64)]
    slope = np.log(runs[1]["relative_movement"] / runs[0]["relative_movement"]) / np.log(4)
    assert slope < -0.3
    assert all(r["final_loss"] < r["initial_loss"] for r in runs)


@pytest.mark.slow
def test_even_init_reproduction_quick():
    from sknnmath.reproduce import get

    res = get("even-init").run_compute(quick=True, device="cpu", random_state=0)
    a = res.tables["A: bad minima by init law"]
    assert set(a["init"]) == {"even", "he", "positive_uniform", "half_normal"}
    share = [c for c in a.columns if c.startswith("share bad")][0]
    for col in (share, "share dead (constant output)", "95% interval low", "95% interval high"):
        assert a[col].between(0, 1).all()
    assert (a["95% interval low"] <= a[share]).all() and (a[share] <= a["95% interval high"]).all()
    assert a["seeds"].nunique() == 1 and a["seeds"].iloc[0] > 1
    b = res.tables["B: movement and symmetry vs width"]
    assert {"width", "relative movement", "KS(WT, -WT), output layer",
            "KS(W0, -W0), input layer"} <= set(b.columns)
    assert list(b["width"]) == res.settings["B: widths"]
    assert res.metrics["movement_exponent"] < 0
    fits = res.tables["B: fitted exponents"]
    assert fits["exponent"].iloc[0] == pytest.approx(res.metrics["movement_exponent"])


def test_even_inits_table_is_a_partition():
    assert set(EVEN_INITS) | set(NON_EVEN_INITS) == set(INITS)
    assert not set(EVEN_INITS) & set(NON_EVEN_INITS)
