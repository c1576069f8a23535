"""BallNetClassifier: construction, training without collapse, sklearn integration."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from sknnmath.ballnet import (
    BallNetClassifier,
    expected_polygon_accuracy,
    layer_widths,
    min_relu,
)
from sknnmath.datasets import make_ball

from tests._markers import requires_cuda  # noqa: E402


@pytest.fixture(scope="module")
def ball2d():
    X, y = make_ball(2000, random_state=0)
    Xte, yte = make_ball(200_000, random_state=1)
    return X, y, Xte, yte


def test_untrained_circumscribed_matches_exact_expectation(ball2d):
    """Reference §7.4: with the true centre/radius the untrained accuracy is
    1 - |Omega_N sym.diff. B| / 9 (Monte Carlo error ~ 1e-3 for 2e5 points)."""
    X, y, Xte, yte = ball2d
    for n in (2, 3, 4, 5):
        clf = BallNetClassifier(depth=n, max_iter=0, center=[0.0, 0.0], radius=1.0,
                                device="cpu").fit(X, y)
        assert clf.n_iter_ == 0 and clf.loss_curve_ == []
        np.testing.assert_allclose(clf.facet_offsets_, 1.0, atol=1e-12)
        acc = clf.score(Xte, yte)
        assert abs(acc - expected_polygon_accuracy(2**n)) < 3e-3


def test_untrained_accuracy_bars_auto_center_radius(ball2d):
    X, y, Xte, yte = ball2d
    acc = {n: BallNetClassifier(depth=n, max_iter=0, device="cpu").fit(X, y).score(Xte, yte)
           for n in (3, 4)}
    assert acc[3] >= 0.98
    assert acc[4] >= 0.995


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_works_in_dimensions_2_to_6(d):
    """The circumscribed polytope contains (almost) the whole ball in every d, and the
    Jaccard index of Omega_N and the ball grows with the number of facets 2^n."""
    X, y = make_ball(2000, n_features=d, half_width=1.1, random_state=d)
    Xte, yte = make_ball(20_000, n_features=d, half_width=1.1, random_state=100 + d)
    jac = []
    for n in (3, 6):
        clf = BallNetClassifier(depth=n, max_iter=0, device="cpu", random_state=0).fit(X, y)
        p = clf.predict(Xte)
        assert (p[yte == 1] == 1).mean() >= 0.97
        jac.append(((p == 1) & (yte == 1)).sum() / ((p == 1) | (yte == 1)).sum())
    assert jac[1] > jac[0] + 0.05 * (d - 1) / d
    assert clf.facet_normals_.shape == (64, d)
    np.testing.assert_allclose(np.linalg.norm(clf.facet_normals_, axis=1), 1.0, atol=1e-12)


def test_attributes_and_output_identity(ball2d):
    X, y, Xte, _ = ball2d
    clf = BallNetClassifier(depth=3, max_iter=20, device="cpu", random_state=0).fit(X, y)
    assert clf.n_layers_ == 7 and clf.n_facets_ == 8 and clf.depth_ == 3
    assert clf.layer_widths_ == [8, 12, 4, 6, 2, 3, 1] == layer_widths(3)
    z = clf.decision_function(Xte[:5000])
    np.testing.assert_allclose(z, min_relu(Xte[:5000], clf.weights_, clf.biases_), atol=1e-10)
    # the decision region is the intersection of the listed half-spaces u_j.x < c_j
    inside = (Xte[:5000] @ clf.facet_normals_.T < clf.facet_offsets_).all(1)
    assert np.array_equal(clf.predict(Xte[:5000]) == 1, inside)
    # the fixed layers are buffers: only w, b and the calibration are in the state's parameters
    net = clf.module()
    assert {k for k, _ in net.named_parameters()} == {"weight", "bias", "log_beta"}
    torch.testing.assert_close(net.pair_weight, torch.tensor(
        [[0.5, 0.5], [0.5, -0.5], [-0.5, 0.5]], dtype=torch.float64))


def test_predict_proba_is_monotone_and_consistent(ball2d):
    X, y, Xte, _ = ball2d
    clf = BallNetClassifier(depth=3, max_iter=20, device="cpu", random_state=0).fit(X, y)
    Xs = Xte[:5000]
    z = clf.decision_function(Xs)
    P = clf.predict_proba(Xs)
    np.testing.assert_allclose(P.sum(1), 1.0)
    assert np.array_equal(clf.classes_[P.argmax(1)], clf.predict(Xs))
    order = np.argsort(z)
    assert np.all(np.diff(P[order, 1]) >= 0)
    p_out, p_in = clf.proba_levels_
    assert p_out < 0.05 and p_in > 0.9  # near-clean data: levels close to 0 and 1


def test_training_reaches_bar_without_collapse(ball2d):
    """Issue bar: >= 0.985 test accuracy at n = 4 in d = 2 from the default init."""
    X, y, Xte, yte = ball2d
    clf = BallNetClassifier(depth=4, device="cpu", random_state=0).fit(X, y)
    assert clf.n_iter_ == 300
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert clf.score(Xte, yte) >= 0.985
    # all facets still active (no winner-take-all): each is the arg-min for some inside point
    Xin = Xte[clf.predict(Xte) == 1]
    used = np.unique((Xin @ clf.weights_.T + clf.biases_).argmin(1))
    assert len(used) == 16


def test_contains_everything_init_trains_poorly(ball2d):
    """The trap of reference §7.5: a polytope containing the whole data box."""
    X, y, Xte, yte = ball2d
    bad = BallNetClassifier(depth=3, radius=2.2, center=[0.0, 0.0], max_iter=100,
                            device="cpu", random_state=0).fit(X, y)
    good = BallNetClassifier(depth=3, max_iter=100, device="cpu", random_state=0).fit(X, y)
    assert good.score(Xte, yte) - bad.score(Xte, yte) > 0.03


def test_n_facets_equals_depth_and_validation(ball2d):
    X, y, _, _ = ball2d
    a = BallNetClassifier(depth=3, max_iter=0, device="cpu").fit(X, y)
    b = BallNetClassifier(n_facets=8, depth=1, max_iter=0, device="cpu").fit(X, y)
    np.testing.assert_array_equal(a.weights_, b.weights_)
    with pytest.raises(ValueError, match="power of two"):
        BallNetClassifier(n_facets=6, device="cpu").fit(X, y)
    with pytest.raises(ValueError):
        BallNetClassifier(depth=0, device="cpu").fit(X, y)
    with pytest.raises(ValueError, match="binary"):
        BallNetClassifier(device="cpu").fit(X, np.arange(len(y)) % 3)
    with pytest.raises(ValueError, match="center"):
        BallNetClassifier(center=[0.0, 0.0, 0.0], device="cpu").fit(X, y)


@pytest.mark.parametrize("init", ["inscribed", "area_matched", "random"])
def test_other_inits(ball2d, init):
    X, y, Xte, yte = ball2d
    clf = BallNetClassifier(depth=4, init=init, max_iter=0, center=[0.0, 0.0], radius=1.0,
                            device="cpu", random_state=0).fit(X, y)
    if init != "random":
        assert abs(clf.score(Xte, yte) - expected_polygon_accuracy(16, kind=init)) < 3e-3


def test_deterministic_and_pickle_and_device(ball2d):
    X, y, Xte, _ = ball2d
    X3, y3 = make_ball(500, n_features=4, random_state=0)
    a = BallNetClassifier(depth=3, max_iter=10, device="cpu", random_state=3).fit(X3, y3)
    b = BallNetClassifier(depth=3, max_iter=10, device="cpu", random_state=3).fit(X3, y3)
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert a.device_ == "cpu"
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(c.decision_function(X3), a.decision_function(X3))
    with pytest.raises(ValueError, match="device"):
        BallNetClassifier(device="tpu").fit(X, y)


def test_pipeline_gridsearch_over_depth(ball2d):
    X, y, _, _ = ball2d
    pipe = Pipeline([("id", FunctionTransformer()),
                     ("net", BallNetClassifier(max_iter=0, device="cpu"))])
    gs = GridSearchCV(pipe, {"net__depth": [1, 2, 4]}, cv=3).fit(X[:900], y[:900])
    assert gs.best_params_["net__depth"] == 4
    scores = gs.cv_results_["mean_test_score"]
    assert scores[0] < scores[1] < scores[2]


@requires_cuda
def test_cuda_fit_and_cpu_predict(ball2d):
    X, y, Xte, yte = ball2d
    clf = BallNetClassifier(depth=4, device="cuda", random_state=0).fit(X, y)
    assert clf.device_.startswith("cuda")
    ref = BallNetClassifier(depth=4, device="cpu", random_state=0).fit(X, y)
    assert abs(clf.score(Xte, yte) - ref.score(Xte, yte)) < 5e-3
    c = pickle.loads(pickle.dumps(clf))
    assert all(v.device.type == "cpu" for v in c.module_state_.values())


def test_callbacks_are_passed_to_the_engine(ball2d):
    from skorch.callbacks import Callback

    class Count(Callback):
        def initialize(self):
            self.epochs = 0
            return self

        def on_epoch_end(self, net, **kwargs):
            self.epochs += 1

    X, y, _, _ = ball2d
    cb = Count()
    clf = BallNetClassifier(depth=2, max_iter=7, callbacks=[cb], device="cpu",
                            random_state=0).fit(X[:300], y[:300])
    assert clf.n_iter_ == 7 and len(clf.loss_curve_) == 7
    assert cb.epochs == 7


def test_training_never_ends_worse_than_the_construction():
    """Issue 17: trained BallNets with 2^5 facets ended below their own construction
    (0.9929 vs 0.9989). With restore_best the construction is kept unless training beats
    it on the held-out split by more than three points."""
    X, y = make_ball(2000, random_state=0)
    Xt, yt = make_ball(50_000, random_state=1)
    c0 = BallNetClassifier(depth=5, max_iter=0, device="cpu", random_state=0).fit(X, y)
    plain = BallNetClassifier(depth=5, max_iter=80, device="cpu", random_state=0,
                              restore_best=False).fit(X, y)
    kept = BallNetClassifier(depth=5, max_iter=80, device="cpu", random_state=0).fit(X, y)
    assert plain.score(Xt, yt) < c0.score(Xt, yt)          # the defect this guards against
    assert kept.best_epoch_ == 0 and len(kept.validation_scores_) == 81
    np.testing.assert_array_equal(kept.facet_offsets_, c0.facet_offsets_)
    assert kept.score(Xt, yt) == c0.score(Xt, yt)


def test_restore_best_keeps_training_when_it_clearly_helps():
    # 2^3 facets in d = 3: the construction is far from the ball (about 0.90); training
    # gains several held-out points and is kept
    X, y = make_ball(2000, n_features=3, random_state=0)
    clf = BallNetClassifier(depth=3, max_iter=60, device="cpu", random_state=0).fit(X, y)
    assert clf.best_epoch_ > 0
    assert max(clf.validation_scores_) > clf.validation_scores_[0] + 3 / 200
