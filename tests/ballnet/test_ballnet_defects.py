"""Regression tests for BallNet defects of issue 11 (item 5) and ``pos_label`` (item 6)."""

import time

import numpy as np
import pytest

from sknnmath.ballnet import BallNetClassifier, minimum_enclosing_ball
from sknnmath.datasets import make_ball


@pytest.fixture(scope="module")
def ball():
    return make_ball(200, random_state=0)


def test_n_facets_obeys_the_depth_limit(ball):
    # 2**21 facets used to bypass depth <= 20 and try to build a 2M-unit first layer
    X, y = ball
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="n_facets"):
        BallNetClassifier(n_facets=2**21, max_iter=0, device="cpu").fit(X, y)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("max_iter", [0, 3])
def test_huge_scale_is_a_clear_error(ball, max_iter):
    # X * 1e300 raised a raw ZeroDivisionError from 0.5 / beta0
    X, y = ball
    with pytest.raises(ValueError, match="Rescale X"):
        BallNetClassifier(max_iter=max_iter, device="cpu").fit(X * 1e300, y)


@pytest.mark.parametrize("scale", [1e-100, 1e-10, 1.0, 1e50, 1e140])
def test_construction_is_scale_equivariant(ball, scale):
    # SLSQP's absolute tolerances made the enclosing ball 7 % too large at 1e-10 scale
    X, y = ball
    ref = BallNetClassifier(max_iter=0, device="cpu").fit(X, y)
    clf = BallNetClassifier(max_iter=0, device="cpu").fit(X * scale, y)
    np.testing.assert_allclose(clf.radius_ / scale, ref.radius_, rtol=1e-6)
    np.testing.assert_array_equal(clf.predict(X * scale), ref.predict(X))


def test_minimum_enclosing_ball_equivariant():
    P = np.random.default_rng(0).normal(size=(50, 3))
    c, r = minimum_enclosing_ball(P)
    c2, r2 = minimum_enclosing_ball(1e-12 * (P + 5.0))
    np.testing.assert_allclose(c2 / 1e-12 - 5.0, c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r2 / 1e-12, r, rtol=1e-6)


def test_pos_label_default_is_classes_1(ball):
    # documented rule: None -> classes_[1], the larger sorted label ("out" for in/out)
    X, y = ball
    lab = np.where(y == 1, "in", "out")
    clf = BallNetClassifier(max_iter=0, device="cpu").fit(X, lab)
    assert clf.pos_label_ == "out" == clf.classes_[1]


def test_pos_label_models_the_given_class_inside(ball):
    X, y = ball
    lab = np.where(y == 1, "in", "out")
    ref = BallNetClassifier(max_iter=0, device="cpu").fit(X, y)
    clf = BallNetClassifier(max_iter=0, device="cpu", pos_label="in").fit(X, lab)
    assert clf.pos_label_ == "in"
    # the same polytope as the 0/1 fit, with "in" predicted inside it
    np.testing.assert_allclose(clf.facet_offsets_, ref.facet_offsets_)
    pred = clf.predict(X)
    np.testing.assert_array_equal(pred == "in", ref.predict(X) == 1)
    assert clf.score(X, lab) > 0.98
    P = clf.predict_proba(X)
    assert list(clf.classes_) == ["in", "out"]
    np.testing.assert_array_equal(clf.classes_[P.argmax(1)], pred)
    np.testing.assert_allclose(P[:, 0], ref.predict_proba(X)[:, 1])


def test_pos_label_unknown_is_an_error(ball):
    X, y = ball
    with pytest.raises(ValueError, match="pos_label=2 is not one of the classes"):
        BallNetClassifier(max_iter=0, device="cpu", pos_label=2).fit(X, y)
