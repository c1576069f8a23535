"""Issue 11 regressions: the term-budget guard answers before any O(N^d) work, the
"auto" default works in every dimension, predict_proba, and the attribute convention."""

import threading
import time

import numpy as np
import pytest
from sklearn.utils.estimator_checks import check_estimator

from sknnmath.datasets import make_ball
from sknnmath.fourier import (
    FourierSeriesClassifier,
    FourierSeriesRegressor,
    lattice_count,
    max_frequencies,
    shell_counts,
)


def _finishes_within(fn, seconds):
    """Run ``fn`` in a daemon thread; return (finished, exception)."""
    box = {}

    def run():
        try:
            fn()
        except BaseException as e:      # noqa: BLE001 - reported to the test
            box["exc"] = e
        box["done"] = True

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    return box.get("done", False), box.get("exc")


def test_huge_n_frequencies_in_1d_is_a_value_error_not_memory_error():
    # before: lattice_count ran an O(N^3) count (7 TiB array) before the max_terms guard
    X, y = make_ball(50, random_state=0)
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="max_terms"):
        FourierSeriesRegressor(n_frequencies=10**6, device="cpu").fit(X[:, :1], y)
    assert time.perf_counter() - t0 < 1.0


def test_n_frequencies_5000_in_1d_does_not_hang():
    # before: the O(N^3) count hung; 2N - 1 = 9999 terms is within the budget
    X, y = make_ball(40, random_state=0)
    done, exc = _finishes_within(
        lambda: FourierSeriesRegressor(n_frequencies=5000, device="cpu").fit(X[:, :1], y), 30)
    assert done and exc is None


@pytest.mark.parametrize("d,N", [(2, 10**9), (3, 10**5), (8, 1000), (40, 100)])
def test_guard_answers_from_bounds_in_any_dimension(d, N):
    X = np.random.default_rng(0).uniform(-1, 1, (20, d))
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="above max_terms"):
        FourierSeriesRegressor(n_frequencies=N, device="cpu").fit(X, X[:, 0])
    assert time.perf_counter() - t0 < 1.0


def test_one_counter_brute_force():
    import itertools

    for d in (1, 2, 3, 4):
        ks = np.array(list(itertools.product(range(-6, 7), repeat=d)))
        sq = (ks**2).sum(1)
        np.testing.assert_array_equal(shell_counts(30, d), np.bincount(sq[sq < 30], minlength=30))
        for N in (1, 2, 4, 6):
            assert lattice_count(N, d) == int((sq < N * N).sum())
    assert lattice_count(10**6, 1) == 2 * 10**6 - 1
    assert lattice_count(10**6, 2, exact=False) > 3.1e12       # a lower bound, O(1)


@pytest.mark.parametrize("d", [1, 2, 3, 5, 8, 12])
def test_auto_default_fits_any_dimension(d):
    X = np.random.default_rng(d).uniform(-1, 1, (30, d))
    reg = FourierSeriesRegressor(device="cpu").fit(X, X[:, 0])
    assert reg.n_frequencies_ == min(8, max_frequencies(d, 100_000))
    assert reg.n_terms_ == lattice_count(reg.n_frequencies_, d) <= 100_000
    if d <= 4:
        assert reg.n_frequencies_ == 8                              # document 000's N
    if reg.n_terms_ > 30:
        np.testing.assert_allclose(reg.predict(X), X[:, 0], atol=1e-6)   # p > n: interpolates


def test_max_frequencies_is_the_largest_within_budget():
    for d in (1, 2, 3, 6):
        for budget in (1, 50, 1000, 100_000):
            N = max_frequencies(d, budget)
            assert lattice_count(N, d) <= budget or N == 1
            assert lattice_count(N + 1, d) > budget


@pytest.mark.slow
@pytest.mark.parametrize("Est", [FourierSeriesRegressor, FourierSeriesClassifier])
def test_check_estimator_with_default_parameters(Est):
    # before: the default n_frequencies=8 exceeded max_terms in 5+ dimensions
    check_estimator(Est())


def test_predict_proba_is_clipped_and_consistent():
    X, y = make_ball(300, random_state=1)
    clf = FourierSeriesClassifier(n_frequencies=6, half_width=1.5, device="cpu").fit(X, y)
    P = clf.predict_proba(X)
    assert P.shape == (300, 2) and np.all(P >= 0) and np.all(P <= 1)
    np.testing.assert_allclose(P.sum(1), 1.0)
    np.testing.assert_array_equal(clf.classes_[P.argmax(1)], clf.predict(X))
    f = clf.decision_function(X) + 0.5
    np.testing.assert_allclose(P[:, 1], np.clip(f, 0, 1))
    yc = np.digitize(X[:, 0], [-0.3, 0.3])                      # three classes
    clf3 = FourierSeriesClassifier(n_frequencies=4, half_width=1.5, device="cpu").fit(X, yc)
    P3 = clf3.predict_proba(X)
    np.testing.assert_allclose(P3.sum(1), 1.0)
    assert np.all(P3 >= 0)
    np.testing.assert_array_equal(clf3.classes_[P3.argmax(1)], clf3.predict(X))


def test_attribute_convention():
    X, y = make_ball(100, random_state=2)
    reg = FourierSeriesRegressor(n_frequencies=3, device="cpu").fit(X, y.astype(float))
    assert reg.coef_.shape == (reg.n_terms_,) and reg.intercept_ == 0.0 and reg._y_1d is True
    reg2 = FourierSeriesRegressor(n_frequencies=3, device="cpu").fit(X, np.c_[y, y])
    assert reg2.coef_.shape == (2, reg2.n_terms_) and reg2._y_1d is False
    clf = FourierSeriesClassifier(n_frequencies=3, device="cpu").fit(X, y)
    assert clf.coef_.shape == (1, clf.n_terms_) and clf.intercept_.shape == (1,)
