"""scikit-learn's own conformance checks on every public sknnmath estimator.

Estimators are discovered by :func:`sknnmath.base.all_estimators`; each class
provides fast constructor parameters in ``_sknnmath_test_params`` and its
expected failures, with reasons, in ``_sknnmath_xfail_checks``. Adding an
estimator needs no edit here.
"""

import pickle

import cloudpickle
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_param_validation,
    parametrize_with_checks,
)

from sknnmath.base import all_estimators

ESTIMATORS = all_estimators()


def _instances():
    return [cls(**cls._sknnmath_test_params) for _, cls in ESTIMATORS]


def _expected_failed_checks(est):
    return dict(type(est)._sknnmath_xfail_checks)


def test_estimators_discovered():
    names = {name for name, _ in ESTIMATORS}
    assert {"MLPClassifier", "MLPRegressor"} <= names


def test_xfail_tables_have_reasons():
    for name, cls in ESTIMATORS:
        table = cls._sknnmath_xfail_checks
        assert len(table) <= 2, f"{name}: at most two expected failures allowed"
        for check, reason in table.items():
            assert isinstance(reason, str) and len(reason) > 20, f"{name}.{check}: give a real reason"


@parametrize_with_checks(_instances(), expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", _instances(), ids=lambda e: type(e).__name__)
def test_check_param_validation(estimator):
    check_param_validation(type(estimator).__name__, estimator)


@pytest.mark.parametrize("estimator", _instances(), ids=lambda e: type(e).__name__)
def test_dataframe_column_names_consistency(estimator):
    pytest.importorskip("pandas")
    check_dataframe_column_names_consistency(type(estimator).__name__, estimator)


@pytest.mark.parametrize("estimator", _instances(), ids=lambda e: type(e).__name__)
def test_unfitted_estimator_pickles(estimator):
    # the dask backend hangs on unpicklable parameters instead of raising
    # (engineering reference §4.3), so check both picklers up front
    est = clone(estimator)
    assert pickle.loads(pickle.dumps(est)).get_params() == est.get_params()
    assert cloudpickle.loads(cloudpickle.dumps(est)).get_params() == est.get_params()


@pytest.mark.parametrize("name,cls", ESTIMATORS, ids=[n for n, _ in ESTIMATORS])
def test_docstring_sections(name, cls):
    doc = cls.__doc__ or ""
    for section in ("Parameters", "Attributes", "See Also", "References", "Examples"):
        assert section in doc, f"{name} docstring lacks a {section} section"
    assert "device" in doc, f"{name} must document its device parameter"
