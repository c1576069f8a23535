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
from sklearn.utils import gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ._backend import Backend, as_tensor, inference_device, resolve_device, state_dict_to_cpu, to_numpy

__all__ = [
    "SknnEstimator",
    "TorchEstimatorMixin",
    "predict_in_chunks",
    "validate_X_y",
    "validate_X",
    "encode_classes",
    "check_finite_params",
    "all_estimators",
    "is_quick",
]


def is_quick() -> bool:
    """Return True when ``SKNNMATH_QUICK`` asks for the quick mode of examples.

    Returns
    -------
    bool
        True unless the environment variable is unset, empty, ``"0"``, ``"false"``
        or ``"no"`` (case-insensitive).
    """
    import os

    return os.environ.get("SKNNMATH_QUICK", "0").lower() not in ("", "0", "false", "no")


def check_finite_params(est):
    """Raise a ValueError naming any real hyper-parameter that is NaN or infinite.

    ``Interval`` constraints already reject NaN; this also catches ``inf`` for
    parameters whose interval is open-ended, and floats nested in tuples.

    Parameters
    ----------
    est : estimator
        Estimator whose ``get_params(deep=False)`` values are checked; booleans
        are skipped.

    Raises
    ------
    ValueError
        If a real hyper-parameter (or a real inside a tuple/list parameter) is
        NaN or infinite.
    """
    for name, value in est.get_params(deep=False).items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        for v in values:
            if isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) and not np.isfinite(v):
                raise ValueError(
                    f"{type(est).__name__}: hyper-parameter {name}={value!r} must be finite."
                )


def _is_complex(X):
    """Whether ``X`` (array, DataFrame, nested list) holds complex numbers."""
    dtypes = getattr(X, "dtypes", None)
    if dtypes is not None and not isinstance(dtypes, np.dtype):  # pandas DataFrame
        try:
            return any(np.dtype(d).kind == "c" for d in dtypes)
        except TypeError:  # extension dtypes are never complex
            return False
    dtype = getattr(X, "dtype", None)
    if dtype is not None:
        try:
            return np.dtype(dtype).kind == "c"
        except TypeError:
            return False
    try:
        return np.iscomplexobj(np.asarray(X))
    except Exception:  # ragged input: let sklearn's validation report it
        return False


def _check_complex_policy(est, X, what="X"):
    """Refuse complex input unless ``est._sknnmath_accept_complex`` is True; return is_complex."""
    if not _is_complex(X):
        return False
    if not getattr(est, "_sknnmath_accept_complex", False):
        raise ValueError(
            # "Complex data not supported" is the phrase sklearn's check_complex_data looks for
            f"Complex data not supported: {type(est).__name__} got complex-valued {what}; it "
            f"accepts real {what} only. "
            f"Complex data are accepted by the complex-valued estimators (those with "
            f"`_sknnmath_accept_complex = True`)."
        )
    return True


def _complex_dtype(dtype):
    return np.complex64 if np.dtype(dtype) == np.float32 else np.complex128


def validate_X_y(est, X, y, *, reset=True, dtype=(np.float64, np.float32), multi_output=False,
                 y_numeric=False, min_samples=2, **kwargs):
    """``validate_data`` with sknnmath's policy (finite, numeric, 2-D, ≥ 2 samples).

    Returns float arrays; ``y`` is returned as given by ``check_X_y``. Fitting a
    model to a single sample is refused ("1 sample"), as no estimator here can
    learn anything from it. Complex ``X`` (and ``y``) is refused with a clear
    ValueError unless the estimator's class attribute ``_sknnmath_accept_complex``
    is True; then complex64/complex128 pass (real and imaginary parts are checked
    for finiteness separately) and come back complex.

    Parameters
    ----------
    est : estimator
        The estimator being fitted; ``n_features_in_`` (and ``feature_names_in_``)
        are set on it when ``reset=True`` and checked against it otherwise.
    X : array-like of shape (n_samples, n_features)
        Input data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets.
    reset : bool, default=True
        Whether to record the number of features (``fit``) instead of checking it.
    dtype : tuple of numpy dtypes, default=(np.float64, np.float32)
        Accepted real dtypes; other input is converted to the first.
    multi_output : bool, default=False
        Whether a 2-D ``y`` is allowed.
    y_numeric : bool, default=False
        Whether an object-dtype ``y`` is converted to float64 (regressors).
    min_samples : int, default=2
        Minimum number of samples.
    **kwargs : dict
        Passed on to :func:`sklearn.utils.validation.validate_data`.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Validated input, float (complex when accepted complex input was given).
    y : ndarray
        Validated targets.
    """
    X_c = _check_complex_policy(est, X, "X")
    y_c = y is not None and _check_complex_policy(est, y, "y")
    if not (X_c or y_c):
        return validate_data(
            est, X, y, reset=reset, dtype=list(dtype), multi_output=multi_output,
            y_numeric=y_numeric, ensure_min_samples=min_samples, **kwargs,
        )
    Xa = np.asarray(X) if X_c else X
    ya = np.asarray(y) if y_c else y
    Xr, yr = validate_data(
        est, Xa.real if X_c else Xa, ya.real if y_c else ya, reset=reset, dtype=list(dtype),
        multi_output=multi_output, y_numeric=y_numeric, ensure_min_samples=min_samples, **kwargs,
    )
    if X_c:
        Xi = check_array(Xa.imag, dtype=Xr.dtype, ensure_min_samples=min_samples)
        Xr = (Xr + 1j * Xi).astype(_complex_dtype(Xr.dtype))
    if y_c:
        yi = check_array(ya.imag, dtype=np.float64, ensure_2d=False)
        yr = np.asarray(yr, dtype=np.float64) + 1j * yi.reshape(np.shape(yr))
    return Xr, yr


def validate_X(est, X, *, reset=False, dtype=(np.float64, np.float32), min_samples=1, **kwargs):
    """``validate_data`` for X alone, with the complex-dtype policy of :func:`validate_X_y`.

    At prediction time (``reset=False``) it checks ``n_features_in_``; unsupervised
    estimators call it in ``fit`` with ``reset=True, min_samples=2``.

    Parameters
    ----------
    est : estimator
        The estimator whose ``n_features_in_`` is checked (or set when ``reset``).
    X : array-like of shape (n_samples, n_features)
        Input data.
    reset : bool, default=False
        Whether to record the number of features instead of checking it.
    dtype : tuple of numpy dtypes, default=(np.float64, np.float32)
        Accepted real dtypes; other input is converted to the first.
    min_samples : int, default=1
        Minimum number of samples.
    **kwargs : dict
        Passed on to :func:`sklearn.utils.validation.validate_data`.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Validated input, float (complex when accepted complex input was given).
    """
    if not _check_complex_policy(est, X, "X"):
        return validate_data(est, X, reset=reset, dtype=list(dtype), ensure_min_samples=min_samples,
                             **kwargs)
    Xa = np.asarray(X)
    Xr = validate_data(est, Xa.real, reset=reset, dtype=list(dtype), ensure_min_samples=min_samples,
                       **kwargs)
    Xi = check_array(Xa.imag, dtype=Xr.dtype, ensure_min_samples=min_samples)
    return (Xr + 1j * Xi).astype(_complex_dtype(Xr.dtype))


def encode_classes(est, y):
    """Set ``classes_`` on ``est`` and return the integer-encoded targets.

    Raises a ValueError mentioning "class" when fewer than two classes are
    present (scikit-learn's ``check_classifiers_one_label`` convention).

    Parameters
    ----------
    est : classifier
        The classifier being fitted; ``classes_`` is set on it.
    y : array-like of shape (n_samples,)
        Binary or multiclass class labels.

    Returns
    -------
    y_encoded : ndarray of shape (n_samples,), dtype=int64
        Index of each label in ``est.classes_``.
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
    #: dtype policy: complex X is refused by ``validate_X_y``/``validate_X`` unless True
    _sknnmath_accept_complex: bool = False

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


class TorchEstimatorMixin:
    """The torch-estimator skeleton: build → train → CPU state → rebuild → predict in chunks.

    An estimator mixes this in (left of :class:`SknnEstimator`) and implements
    :meth:`_build_module`. Its ``fit`` builds the module with a local generator,
    trains it through :func:`sknnmath._engine.train` and calls :meth:`_store_module`
    (a CPU state dict in ``module_state_``, so pickles are device-independent). At
    prediction time :meth:`_inference_module` rebuilds the module on the predict
    device (the fitted device if still available, else the CPU) in
    :meth:`_inference_dtype` — float64 (complex128) — which holds the trained
    float32/float64 values exactly, and :meth:`_predict_in_chunks` runs it over
    row blocks from :func:`sklearn.utils.gen_batches` sized by
    :func:`sklearn.utils.get_chunk_n_rows`, so temporaries stay within
    ``sklearn.set_config(working_memory=...)`` (MiB).

    Closed-form estimators (Fourier series, random features, ridgelet networks,
    min-norm interpolation) have no trained module: they use the prediction half
    only (:meth:`_inference_row_bytes` and :meth:`_predict_in_chunks`).
    """

    def _build_module(self, dtype, device, generator):
        """Return the (initialised when ``generator`` is given) torch module. Hook."""
        raise NotImplementedError

    def _store_module(self, module, attr="module_state_"):
        """Keep a CPU copy of ``module``'s state dict in ``attr``; return it."""
        state = state_dict_to_cpu(module)
        setattr(self, attr, state)
        return state

    def _inference_dtype(self, state=None):
        """float64, or complex128 when the stored state is complex: exact for any training dtype."""
        import torch

        state = self.module_state_ if state is None else state
        if any(v.is_complex() for v in state.values()):
            return torch.complex128
        return torch.float64

    def _inference_module(self, state=None, **build_kwargs):
        """Rebuild the fitted module on the predict device in the training values (eval mode)."""
        import torch

        state = self.module_state_ if state is None else state
        dtype = self._inference_dtype(state)
        device = self._predict_device()
        module = self._build_module(dtype=dtype, device=device, generator=None, **build_kwargs)
        module.load_state_dict({
            k: (v.to(dtype) if (v.is_floating_point() or v.is_complex()) else v)
            for k, v in state.items()
        })
        # a float64 (complex128) module holds every float32/float64 training value exactly;
        # a hook that ignored ``dtype`` would round them (the DAE's former float32 defect)
        if any(p.dtype != dtype for p in module.parameters()):
            raise RuntimeError(f"{type(self).__name__}._build_module ignored dtype={dtype}.")
        del torch  # imported lazily so that importing sknnmath.base stays cheap
        return module.eval()

    def _inference_row_bytes(self):
        """Bytes of temporaries per predicted row (override; used to size the chunks)."""
        return 8 * 4 * getattr(self, "n_features_in_", 1)

    def _predict_in_chunks(self, fn, X, *, row_bytes=None, dtype=None, device=None):
        """Apply ``fn`` (tensor → tensor) to row chunks of ``X``; return the concatenated numpy result.

        Chunk size: :func:`sklearn.utils.get_chunk_n_rows` with ``row_bytes`` (default
        :meth:`_inference_row_bytes`), i.e. within sklearn's ``working_memory``; see
        :func:`predict_in_chunks`.
        """
        return predict_in_chunks(
            fn, X, row_bytes=self._inference_row_bytes() if row_bytes is None else row_bytes,
            device=self._predict_device() if device is None else device, dtype=dtype,
        )


def predict_in_chunks(fn, X, *, row_bytes, device="cpu", dtype=None, axis=0):
    """Apply ``fn`` to row chunks of ``X`` within scikit-learn's ``working_memory``.

    The one prediction-chunking loop of the package: estimators call it through
    :meth:`TorchEstimatorMixin._predict_in_chunks`; batched networks that are not
    estimators (e.g. :class:`sknnmath.approximation.BatchedMLPFit`) call it directly.

    Parameters
    ----------
    fn : callable
        Maps a tensor of rows ``(n_chunk, n_features)`` to a tensor whose axis
        ``axis`` runs over those rows. Called under ``torch.no_grad()``.
    X : ndarray of shape (n_samples, n_features)
        Input rows.
    row_bytes : int
        Bytes of temporaries per row; chunks hold
        :func:`sklearn.utils.get_chunk_n_rows` rows (``sklearn.set_config(working_memory=...)``,
        in MiB).
    device : str or torch.device, default="cpu"
        Where the chunks are evaluated.
    dtype : torch.dtype or None, default=None
        dtype of the chunks on the device; ``None`` is float64.
    axis : int, default=0
        Axis of ``fn``'s output along which the chunks are concatenated.

    Returns
    -------
    ndarray
        The concatenated outputs (``np.empty((0,))`` for no rows).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.base import predict_in_chunks
    >>> float(predict_in_chunks(lambda t: 2 * t, np.ones((3, 2)), row_bytes=16).sum())
    12.0
    """
    import torch

    dtype = torch.float64 if dtype is None else dtype
    n = X.shape[0]
    chunk = get_chunk_n_rows(row_bytes=max(1, int(row_bytes)), max_n_rows=max(n, 1))
    outs = []
    with torch.no_grad():
        for sl in gen_batches(n, chunk):
            outs.append(to_numpy(fn(as_tensor(X[sl], device, dtype))))
    if not outs:
        return np.empty((0,))
    return np.concatenate(outs, axis=axis)


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
    """Constraint list for a ``device`` parameter (value checked at fit by the backend).

    Returns
    -------
    list
        ``[str, torch.device]``, for an estimator's ``_parameter_constraints``.
    """
    import torch

    return [str, torch.device]


__all__ += ["device_constraint", "check_is_fitted"]
