"""ComplexMLPClassifier / ComplexMLPRegressor: real-equivalent equality, inputs, sklearn tooling."""

import pickle

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknnmath.hypercomplex import (
    ALGEBRAS,
    ComplexMLPClassifier,
    ComplexMLPRegressor,
    complex_to_pairs,
    forty_twenty_forty_correct,
    forty_twenty_forty_score,
    n_real_parameters,
    real_equivalent_width,
)
from sknnmath.neural_network import MLPClassifier, MLPRegressor

rng = np.random.RandomState(0)
FAST = dict(max_iter=15, learning_rate=0.05, device="cpu", random_state=0)


def _complex_data(n=60, d=2):
    Z = rng.randn(n, d) + 1j * rng.randn(n, d)
    return Z


@pytest.mark.parametrize("activation", ["split_sigmoid", "split_tanh", "crelu"])
@pytest.mark.parametrize("encoding", ["onehot", "split"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_real_equivalent_equal_to_1e12(activation, encoding, n_classes):
    Z = _complex_data()
    y = rng.randint(0, n_classes, size=len(Z))
    clf = ComplexMLPClassifier(hidden_layer_sizes=(5, 4), activation=activation, output_encoding=encoding,
                               **FAST).fit(Z, y)
    real = clf.to_real_equivalent()
    assert isinstance(real, MLPClassifier)
    assert real.hidden_layer_sizes_ == (10, 8)
    Zt = _complex_data(40)
    np.testing.assert_allclose(real.decision_function(complex_to_pairs(Zt)), clf.decision_function(Zt),
                               rtol=0, atol=1e-12)
    np.testing.assert_array_equal(real.predict(complex_to_pairs(Zt)), clf.predict(Zt))


def test_real_equivalent_weights_are_the_complex_blocks():
    Z = _complex_data()
    reg = ComplexMLPRegressor(hidden_layer_sizes=(3,), **FAST).fit(Z, Z[:, 0] * (1 - 0.5j))
    W = reg.to_real_equivalent().coefs_[0]  # (fan_in, fan_out) = (2 * 2, 2 * 3)
    for i in range(2):
        for o in range(3):
            blk = W[2 * i:2 * i + 2, 2 * o:2 * o + 2].T  # L(w) acting on (x, y) columns
            a, b = blk[0, 0], blk[1, 0]
            np.testing.assert_array_equal(blk, [[a, -b], [b, a]])


@pytest.mark.parametrize("algebra", sorted(ALGEBRAS))
@pytest.mark.parametrize("encoding", ["real", "pairs"])
def test_regressor_real_equivalent_all_algebras(algebra, encoding):
    m = ALGEBRAS[algebra].dim
    X = rng.randn(50, 2 * m)
    y = np.column_stack([X.sum(1), X[:, 0] * X[:, 1]])
    y = y if encoding == "real" else np.tile(y, (1, m))[:, : 2 * m]
    reg = ComplexMLPRegressor(hidden_layer_sizes=(4,), algebra=algebra, input_encoding=encoding,
                              target_encoding=encoding, activation="split_tanh", **FAST).fit(X, y)
    real = reg.to_real_equivalent()
    assert isinstance(real, MLPRegressor)
    Xt = rng.randn(30, 2 * m)
    pred = reg.predict(Xt)
    assert pred.shape == (30, y.shape[1])
    np.testing.assert_allclose(real.predict(Xt), pred, rtol=0, atol=1e-12)


def test_regressor_complex_targets_and_real_equivalent():
    Z = _complex_data(80, 1)
    y = (0.5 + 0.5j) * Z[:, 0]
    reg = ComplexMLPRegressor(hidden_layer_sizes=(4,), activation="split_tanh", **FAST).fit(Z, y)
    pred = reg.predict(Z)
    assert pred.dtype.kind == "c" and pred.shape == (80,)
    real = reg.to_real_equivalent()
    np.testing.assert_allclose(real.predict(complex_to_pairs(Z)), complex_to_pairs(pred.reshape(-1, 1)),
                               rtol=0, atol=1e-12)


def test_regressor_learns_a_rotation_scaling():
    Z = 0.5 * _complex_data(200, 1)
    y = (0.5 + 0.5j) * Z[:, 0]
    reg = ComplexMLPRegressor(hidden_layer_sizes=(4,), activation="split_tanh", learning_rate=0.02,
                              max_iter=500, random_state=0, device="cpu").fit(Z, y)
    assert np.sqrt(np.mean(np.abs(reg.predict(Z) - y) ** 2)) < 0.05 * np.sqrt(np.mean(np.abs(y) ** 2)) + 0.02


@pytest.mark.parametrize("activation", ["modrelu", "amplitude_phase"])
def test_coupled_activations_train_but_have_no_elementwise_equivalent(activation):
    Z = _complex_data()
    reg = ComplexMLPRegressor(hidden_layer_sizes=(4,), activation=activation, **FAST).fit(Z, Z[:, 0])
    assert np.all(np.isfinite(reg.predict(Z)))
    with pytest.raises(ValueError, match="element-wise"):
        reg.to_real_equivalent()


@pytest.mark.parametrize("algebra", sorted(ALGEBRAS))
@pytest.mark.parametrize("activation", ["split_sigmoid", "split_tanh", "crelu", "modrelu", "amplitude_phase"])
def test_every_algebra_and_activation_fits(algebra, activation):
    X = rng.randn(30, 4)
    y = (X[:, 0] > 0).astype(int)
    clf = ComplexMLPClassifier(hidden_layer_sizes=(3,), algebra=algebra, activation=activation,
                               **{**FAST, "max_iter": 5}).fit(X, y)
    assert set(clf.predict(X)) <= {0, 1}
    assert np.all(np.isfinite(clf.loss_curve_))


def test_polar_and_even_init():
    Z = _complex_data()
    y = (Z[:, 0].real > 0).astype(int)
    clf = ComplexMLPClassifier(hidden_layer_sizes=(6,), parameterization="polar", init="even",
                               max_iter=200, learning_rate=0.05, device="cpu", random_state=0).fit(Z, y)
    assert clf.score(Z, y) > 0.9
    assert {"layers.0.r", "layers.0.phi"} <= set(clf.module_state_)
    real = clf.to_real_equivalent()
    np.testing.assert_allclose(real.decision_function(complex_to_pairs(Z)), clf.decision_function(Z),
                               rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="complex"):
        ComplexMLPClassifier(algebra="dual", parameterization="polar", **FAST).fit(Z, y)


def test_input_encodings_and_their_errors():
    X = rng.randn(40, 3)
    y = (X[:, 0] > 0).astype(int)
    with pytest.raises(ValueError, match="multiple of 2"):
        ComplexMLPClassifier(input_encoding="pairs", **FAST).fit(X, y)
    clf = ComplexMLPClassifier(**FAST).fit(X, y)
    assert clf.input_kind_ == "real"
    with pytest.raises(ValueError, match="fitted on real X"):
        clf.predict(X + 1j)
    Z = _complex_data(40, 3)
    clf = ComplexMLPClassifier(**FAST).fit(Z, y)
    assert clf.input_kind_ == "complex"
    np.testing.assert_array_equal(clf.predict(Z.real), clf.predict(Z.real + 0j))
    with pytest.raises(ValueError, match="[Cc]omplex"):
        ComplexMLPClassifier(algebra="real", **FAST).fit(Z, y)
    with pytest.raises(ValueError, match="NaN"):
        ComplexMLPClassifier(**FAST).fit(np.where(np.eye(40, 3) > 0, np.nan + 0j, Z), y)


def test_real_only_estimators_refuse_complex_X():
    Z = _complex_data(40, 2)
    y = (Z[:, 0].real > 0).astype(int)
    with pytest.raises(ValueError, match="[Cc]omplex"):
        MLPClassifier(max_iter=2, device="cpu").fit(Z, y)


def test_forty_twenty_forty():
    out = np.array([[0.65, 0.9], [0.55, 0.9], [0.1, 0.39], [0.1, 0.41]])
    t = np.array([[1, 1], [1, 1], [0, 0], [0, 0]])
    np.testing.assert_array_equal(forty_twenty_forty_correct(out, t), [True, False, True, False])
    Z = _complex_data()
    y = (Z[:, 0].real > 0).astype(int)
    clf = ComplexMLPClassifier(hidden_layer_sizes=(6,), max_iter=300, learning_rate=0.05, device="cpu",
                               random_state=0).fit(Z, y)
    s = forty_twenty_forty_score(clf, Z, y)
    assert 0.0 <= s <= clf.score(Z, y)  # 40-20-40 is stricter than the arg-max rule
    assert clf.predict_outputs(Z).shape == (len(Z), 2)  # one neuron, target 1 + i or 0


def test_gridsearch_over_width_pipeline_and_cross_validate():
    Z = _complex_data(60, 1)
    y = (np.abs(Z[:, 0]) > 1.2).astype(int)
    gs = GridSearchCV(ComplexMLPClassifier(**{**FAST, "max_iter": 30}),
                      {"hidden_layer_sizes": [(2,), (6,)]}, cv=2, scoring=forty_twenty_forty_score)
    gs.fit(Z, y)
    assert gs.best_params_["hidden_layer_sizes"] in [(2,), (6,)]
    X = rng.randn(60, 4)
    pipe = make_pipeline(StandardScaler(), ComplexMLPRegressor(input_encoding="pairs", **FAST))
    res = cross_validate(pipe, X, X[:, 0], cv=2)
    assert np.all(np.isfinite(res["test_score"]))


def test_pickle_and_device():
    Z = _complex_data()
    y = (Z[:, 0].real > 0).astype(int)
    clf = ComplexMLPClassifier(**FAST).fit(Z, y)
    assert clf.device_ == "cpu"
    clone = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(clone.decision_function(Z), clf.decision_function(Z))
    with pytest.raises(ValueError, match="[Uu]nknown device"):
        ComplexMLPClassifier(**{**FAST, "device": "tpu"}).fit(Z, y)


@pytest.mark.cuda
def test_cuda_fit_predicts_like_cpu_pickle():
    Z = _complex_data()
    y = (Z[:, 0].real > 0).astype(int)
    clf = ComplexMLPClassifier(**{**FAST, "device": "cuda"}).fit(Z, y)
    assert clf.device_.startswith("cuda")
    assert all(v.device.type == "cpu" for v in clf.module_state_.values())
    np.testing.assert_allclose(pickle.loads(pickle.dumps(clf)).decision_function(Z),
                               clf.decision_function(Z), atol=1e-12)


def test_deterministic_for_a_random_state():
    Z = _complex_data()
    y = (Z[:, 0].real > 0).astype(int)
    a = ComplexMLPClassifier(**FAST).fit(Z, y).decision_function(Z)
    b = ComplexMLPClassifier(**FAST).fit(Z, y).decision_function(Z)
    np.testing.assert_array_equal(a, b)


def test_widths():
    assert real_equivalent_width((10, 5), "complex") == (20, 10)
    assert real_equivalent_width((3,), "quaternion") == (12,)
    (h,) = real_equivalent_width((10,), "complex", strategy="params", real_n_in=2, real_n_out=1)
    target = n_real_parameters((1, 10, 1), "complex")
    assert abs(n_real_parameters((2, h, 1)) - target) <= 4  # one unit of a 2-h-1 net is 4 parameters
    with pytest.raises(ValueError, match="strategy"):
        real_equivalent_width((3,), strategy="nope")


def test_plateau_mask_uses_the_plateau_detectors_definition():
    # records every 10 epochs; run 0 flat at the end (range 0.5 % of the minimum), run 1
    # still descending, run 2 flat but solved, run 3 flat only by the two-end comparison
    # (it dips in between: its best loss improved), run 4 diverged, run 5 stalled with
    # Adam-like upward spikes (best loss flat), run 6 spiky but still making progress.
    from sknnmath.hypercomplex import plateau_mask

    epochs = np.arange(0, 210, 10)
    T = epochs.size
    loss = np.empty((T, 7))
    spikes = np.where(np.arange(T) % 3 == 1, 0.2, 0.0)
    loss[:, 5] = 0.5 + spikes
    loss[:, 6] = np.geomspace(1.0, 0.3, T) + spikes
    loss[:, 0] = np.r_[np.geomspace(1.0, 0.5, 10), 0.5 + 0.0025 * np.sin(np.arange(T - 10))]
    loss[:, 1] = np.geomspace(1.0, 0.1, T)
    loss[:, 2] = 0.5
    loss[:, 3] = 0.5
    loss[-8:-2, 3] = 0.3
    loss[:, 4] = 0.5
    loss[-1, 4] = np.nan  # diverged
    solved = np.zeros((T, 7), dtype=bool)
    solved[-1, 2] = True
    mask = plateau_mask(epochs, loss, solved, window=100, rel_tol=0.01)
    np.testing.assert_array_equal(mask, [True, False, False, False, False, True, False])
    # the detector on the raw losses: the spikes hide run 5's stall
    from sknnmath.singularities import detect_plateaus

    assert not detect_plateaus(loss[-11:, 5], window=10, rtol=0.01)[-1]


def _spiral_summary(success, plateaus, n=100):
    import pandas as pd
    from scipy.stats import fisher_exact

    from sknnmath.hypercomplex._reproduce import two_spirals_summary
    from sknnmath.reproduce import ReproductionResult

    names = ["(a) complex", "(b) real-equivalent", "(c) real same", "(d) deeper"]
    rows = [{"model": m, "real parameters": 1, "runs": n, "success rate": s / n,
             "epochs to success q25": 1.0, "median": 2.0, "q75": 3.0, "final loss median": 0.1,
             "plateau share": p / n} for m, s, p in zip(names, success, plateaus)]
    tests = [{"comparison": f"(a) vs {m}", "solved (a)": success[0], "solved (other)": s,
              "Fisher exact p": fisher_exact([[success[0], n - success[0]], [s, n - s]])[1]}
             for m, s in zip(names[1:], success[1:])]
    res = ReproductionResult(name="two-spirals", settings={"n_seeds": n, "learning_rate": 0.02,
                                                          "max_epochs": 3000},
                             tables={"per model": pd.DataFrame(rows),
                                     "complex vs real (success counts)": pd.DataFrame(tests)})
    return two_spirals_summary(res)[-1]


def test_two_spirals_verdict_counts_only_significant_differences():
    # the full run's numbers: 6 % vs 24 % / 1 % / 1 %, no plateaus anywhere
    v = _spiral_summary([6, 24, 1, 1], [0, 0, 0, 0])
    assert v.startswith("These numbers do not support")
    assert "significantly less often than (b)" in v
    assert "not significantly differently from (c), (d)" in v
    assert "plateaus do not separate the models" in v
    v = _spiral_summary([40, 10, 5, 5], [0, 10, 20, 30])
    assert v.startswith("These numbers support document 003's claim (2) against every real model")
    v = _spiral_summary([6, 24, 1, 1], [0, 5, 3, 29])
    assert v.startswith("These numbers support document 003's claim (2) only partly")
    assert "plateau significantly less often than (d)" in v
