"""Top-level names (issue 11, item 9): lazy PEP 562 re-exports of every public estimator
and public module."""

import pytest

import sknnmath
from sknnmath.base import all_estimators


def test_table_lists_every_public_estimator():
    assert set(sknnmath._ESTIMATORS) == {name for name, _ in all_estimators()}


@pytest.mark.parametrize("name,cls", all_estimators(), ids=[n for n, _ in all_estimators()])
def test_estimator_from_top_level(name, cls):
    assert getattr(sknnmath, name) is cls
    assert name in dir(sknnmath) and name in sknnmath.__all__


def test_public_modules_from_top_level():
    import importlib

    for mod in ("fourier", "ballnet", "ridgelet", "transport", "overparam", "datasets",
                "neural_network", "reproduce"):
        assert getattr(sknnmath, mod) is importlib.import_module(f"sknnmath.{mod}")
        assert mod in dir(sknnmath)


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'NotAnEstimator'"):
        sknnmath.NotAnEstimator  # noqa: B018
    from sknnmath import MLPClassifier

    assert MLPClassifier is sknnmath.MLPClassifier
