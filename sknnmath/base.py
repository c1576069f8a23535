"""Shared estimator machinery: validation, device/random-state handling, discovery.

Every public sknnmath estimator derives from :class:`SknnEstimator` (to the right
of the scikit-learn mixins) and uses the helpers here instead of re-implementing
input validation, class encoding or device resolution.

Test hooks (read by ``tests/test_common.py`` and the bad-input table; no estimator
needs a test edit to be covered):

``_sknnmath_test_params``
    dict of constructor parameters giving a *fast* instance for the common checks.
``_sknnmath_xfail_checks``
    dict ``{check_name: reason}`` of expected sklearn check failures (with reasons).
``_sknnmath_width_params``
    tuple of width-like parameter names (``n_hidden`` …) that must reject 0 and negatives.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from ._backend import Backend, inference_device, resolve_device

__all__ = [
    "SknnEstimator",
    "validate_X_y",
    "validate_X",
    "encode_classes",
    "check_finite_params",
    "all_estimators",
    "is_quick",
]


def is_quick() -> bool:
    """Return True when ``SKNNMATH_QUICK`` asks for the quick mode of examples."""
    import os

    return os.environ.get("SKNNMATH_QUICK", "0").lower() not in ("", "0", "false", "no")


def check_finite_params(est):
    """Raise a ValueError naming any real hyper-parameter that is NaN or infinite.

    ``Interval`` constraints already reject NaN; this also catches ``inf`` for
    parameters whose interval is open-ended, and floats nested in tuples.
    """
    for name, value in est.get_params(deep=False).items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        for v in values:
            if isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) and not np.isfinite(v):
                raise ValueError(
                    f"{type(est).__name__}: hyper-parameter {name}={value!r} must be finite."
                )


def validate_X_y(est, X, y, *, reset=True, dtype=(np.float64, np.float32), multi_output=False,
                 y_numeric=False, min_samples=2, **kwargs):
    """``validate_data`` with sknnmath's policy (finite, numeric, 2-D, ≥ 2 samples).

    Returns float arrays; ``y`` is returned as given by ``check_X_y``. Fitting a
    model to a single sample is refused ("1 sample"), as no estimator here can
    learn anything from it.
    """
    X, y = validate_data(
        est, X, y, reset=reset, dtype=list(dtype), multi_output=multi_output,
        y_numeric=y_numeric, ensure_min_samples=min_samples, **kwargs,
    )
    return X, y


def validate_X(est, X, *, reset=False, dtype=(np.float64, np.float32), min_samples=1, **kwargs):
    """``validate_data`` for X alone.

    At prediction time (``reset=False``) it checks ``n_features_in_``; unsupervised
    estimators call it in ``fit`` with ``reset=True, min_samples=2``.
    """
    return validate_data(est, X, reset=reset, dtype=list(dtype), ensure_min_samples=min_samples,
                         **kwargs)


def encode_classes(est, y):
    """Set ``classes_`` on ``est`` and return the integer-encoded targets.

    Raises a ValueError mentioning "class" when fewer than two classes are
    present (scikit-learn's ``check_classifiers_one_label`` convention).
    """
    check_classification_targets(y)
    if type_of_target(y) not in ("binary", "multiclass"):
        raise ValueError(
            f"{type(est).__name__} supports binary and multiclass targets; got "
            f"{type_of_target(y)!r}."
        )
    classes, y_enc = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(
            f"{type(est).__name__} needs samples of at least 2 classes in the data, but the data "
            f"contain only one class: {classes[0]!r}."
        )
    est.classes_ = classes
    return y_enc.astype(np.int64)


class SknnEstimator(BaseEstimator):
    """Base class of every sknnmath estimator.

    Provides device resolution (:meth:`_resolve_backend`), the finite-parameter
    check, tags matching the validation policy and the test hooks described in
    the module docstring. Put scikit-learn mixins to the left of this class.
    """

    _sknnmath_test_params: dict = {}
    _sknnmath_xfail_checks: dict = {}
    _sknnmath_width_params: tuple = ()

    def _resolve_backend(self, dtype=None, random_state="__param__") -> Backend:
        """Validate finite params, resolve ``self.device`` and seed a local generator.

        Stores the resolved device string in ``device_``.
        """
        import torch

        check_finite_params(self)
        if random_state == "__param__":
            random_state = getattr(self, "random_state", None)
        device = resolve_device(getattr(self, "device", "cpu"))
        self.device_ = str(device)
        return Backend.from_params(device=device, random_state=random_state,
                                   dtype=torch.float64 if dtype is None else dtype)

    def _predict_device(self):
        """Device to run inference on: the fitted device if still available, else the CPU.

        This is what lets a model fitted on a GPU predict after being unpickled
        on a CPU-only machine.
        """
        return inference_device(getattr(self, "device_", "cpu"))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.input_tags.sparse = False
        return tags


def _iter_subpackages():
    import sknnmath

    yield sknnmath
    for info in pkgutil.walk_packages(sknnmath.__path__, prefix="sknnmath."):
        if not info.ispkg:
            continue
        if ".tests" in info.name or info.name.endswith("tests"):
            continue
        yield importlib.import_module(info.name)


def all_estimators(type_filter=None):
    """List every public sknnmath estimator class.

    Discovers classes exported in the ``__all__`` of sknnmath's subpackages, so
    estimators added in later modules are picked up without editing tests.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "transformer"} or None
        Keep only estimators of this kind.

    Returns
    -------
    list of (name, class) tuples, sorted by name.

    Examples
    --------
    >>> from sknnmath.base import all_estimators
    >>> names = [name for name, _ in all_estimators()]
    >>> "MLPClassifier" in names
    True
    """
    from sklearn.base import is_classifier, is_regressor

    found = {}
    for pkg in _iter_subpackages():
        for name in getattr(pkg, "__all__", []):
            obj = getattr(pkg, name, None)
            if (inspect.isclass(obj) and issubclass(obj, BaseEstimator)
                    and obj.__module__.startswith("sknnmath") and not name.startswith("_")
                    and not inspect.isabstract(obj)):
                found[name] = obj
    out = sorted(found.items())
    if type_filter is not None:
        def keep(cls):
            inst = cls()
            if type_filter == "classifier":
                return is_classifier(inst)
            if type_filter == "regressor":
                return is_regressor(inst)
            if type_filter == "transformer":
                return hasattr(cls, "transform")
            raise ValueError(f"Unknown type_filter {type_filter!r}.")
        out = [(n, c) for n, c in out if keep(c)]
    return out


# Common constraint fragments, reused by estimators' ``_parameter_constraints``.
def device_constraint():
    """Constraint list for a ``device`` parameter (value checked at fit by the backend)."""
    import torch

    return [str, torch.device]


__all__ += ["device_constraint", "check_is_fitted"]
