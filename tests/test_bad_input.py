"""One table of bad inputs, run against every public estimator.

Each case must raise a ValueError or TypeError whose message names the
problem (checked by a regular expression), never a silent result.
"""

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.utils import get_tags

from sknnmath.base import all_estimators

ESTIMATORS = all_estimators()
IDS = [n for n, _ in ESTIMATORS]


def _data(est, n=40, d=3):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(n, d))
    if is_classifier(est):
        y = (X[:, 0] > 0).astype(int)
    else:
        y = X.sum(axis=1)
    return X, y


def _needs_y(est):
    return get_tags(est).target_tags.required


def _fit(est, X, y):
    return est.fit(X, y) if _needs_y(est) else est.fit(X)


def _make(cls):
    return cls(**cls._sknnmath_test_params)


X_CASES = {
    "nan": (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 3, np.nan, X), r"NaN"),
    "inf": (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 3, np.inf, X), r"infinity|inf"),
    "strings": (lambda X: X.astype(str).astype(object) + "a", r"string|convert|float"),
    "complex": (lambda X: X + 1j, r"[Cc]omplex"),
    "empty": (lambda X: X[:0], r"0 sample"),
    "one_sample": (lambda X: X[:1], r"1 sample|one sample|n_samples ?= ?1|1 class|one class"),
    "three_d": (lambda X: X.reshape(X.shape[0], X.shape[1], 1), r"dim|2D|3"),
}


@pytest.mark.parametrize("case", list(X_CASES))
@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_bad_X_at_fit(name, cls, case):
    est = _make(cls)
    X, y = _data(est)
    transform, pattern = X_CASES[case]
    Xb = transform(X)
    yb = y[: Xb.shape[0]]
    if case == "complex" and getattr(cls, "_sknnmath_accept_complex", False):
        # complex-valued estimators (document 003) take complex X as their input
        _fit(est, Xb, yb)
        return
    with pytest.raises((ValueError, TypeError), match=pattern):
        _fit(est, Xb, yb)


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_wrong_n_features_at_predict(name, cls):
    est = _make(cls)
    X, y = _data(est)
    _fit(est, X, y)
    method = "predict" if hasattr(est, "predict") else "transform"
    with pytest.raises(ValueError, match=r"features"):
        getattr(est, method)(X[:, :2])


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_bad_X_at_predict(name, cls):
    est = _make(cls)
    X, y = _data(est)
    _fit(est, X, y)
    method = "predict" if hasattr(est, "predict") else "transform"
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"NaN"):
        getattr(est, method)(Xn)


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_mismatched_lengths(name, cls):
    est = _make(cls)
    if not _needs_y(est):
        pytest.skip(f"{name} is unsupervised")
    X, y = _data(est)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples"):
        est.fit(X, y[:-1])


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_nan_in_y(name, cls):
    est = _make(cls)
    if not _needs_y(est):
        pytest.skip(f"{name} is unsupervised")
    X, y = _data(est)
    y = y.astype(float)
    y[0] = np.nan
    with pytest.raises(ValueError, match=r"NaN|[Uu]nknown label"):
        est.fit(X, y)


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_one_class(name, cls):
    est = _make(cls)
    if not is_classifier(est):
        pytest.skip(f"{name} is not a classifier")
    X, _ = _data(est)
    with pytest.raises(ValueError, match=r"class"):
        est.fit(X, np.zeros(X.shape[0], dtype=int))


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_unknown_device(name, cls):
    if "device" not in cls().get_params():
        pytest.skip(f"{name} has no device parameter")
    X, y = _data(_make(cls))
    for device in ("tpu", "gpu0", "cuda:x"):
        est = clone(_make(cls)).set_params(device=device)
        with pytest.raises(ValueError, match=r"device"):
            _fit(est, X, y)


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_nonpositive_widths(name, cls):
    params = cls._sknnmath_width_params
    if not params:
        pytest.skip(f"{name} has no width-like parameter")
    X, y = _data(_make(cls))
    for p in params:
        for bad in (0, -3):
            est = _make(cls).set_params(**{p: bad})
            with pytest.raises((ValueError, TypeError), match=p):
                _fit(est, X, y)


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=IDS)
def test_nonfinite_hyperparameters(name, cls):
    est0 = _make(cls)
    real_params = [
        k for k, v in est0.get_params(deep=False).items()
        if isinstance(v, float) and k not in ("random_state",)
    ]
    X, y = _data(est0)
    for p in real_params:
        for bad in (np.nan, np.inf):
            est = clone(est0).set_params(**{p: bad})
            with pytest.raises((ValueError, TypeError), match=p):
                _fit(est, X, y)
