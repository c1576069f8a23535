"""sknnmath: scikit-learn estimators with torch backends that make the mathematics of
neural networks runnable, with reproductions of five research documents.

Estimators live in topic subpackages (``sknnmath.neural_network``, ``sknnmath.fourier``,
``sknnmath.ballnet``, ``sknnmath.ridgelet``, ``sknnmath.transport``, ``sknnmath.overparam``,
``sknnmath.hypercomplex``)
and are also importable from the top level (``from sknnmath import MLPClassifier``).
The top level is lazy (PEP 562): ``import sknnmath`` imports neither torch nor any
subpackage; a name is imported on first use. ``sknnmath reproduce NAME`` reruns a
document's figure.

Examples
--------
>>> import sknnmath
>>> "MLPClassifier" in dir(sknnmath)
True
"""

import importlib
import pkgutil

__version__ = "0.1.0"

# public estimator -> subpackage that exports it. tests/test_init.py checks this table
# against sknnmath.base.all_estimators(), so a new estimator cannot be forgotten here.
_ESTIMATORS = {
    "BallNetClassifier": "ballnet",
    "ComplexMLPClassifier": "hypercomplex",
    "ComplexMLPRegressor": "hypercomplex",
    "DenoisingAutoencoder": "transport",
    "FourierSeriesClassifier": "fourier",
    "FourierSeriesRegressor": "fourier",
    "MLPClassifier": "neural_network",
    "MLPRegressor": "neural_network",
    "MinNormInterpolator": "overparam",
    "RandomFeatureClassifier": "overparam",
    "RandomFeatureRegressor": "overparam",
    "RandomFeatures": "overparam",
    "RidgeletRegressor": "ridgelet",
}

# public modules (topic rooms with their theory functions, data sets, reproductions):
# every module or package whose name has no leading underscore, found without importing it
_SUBMODULES = sorted(m.name for m in pkgutil.iter_modules(__path__)
                     if not m.name.startswith("_"))

__all__ = ["__version__", *sorted(_ESTIMATORS), *_SUBMODULES]


def __getattr__(name):
    if name in _ESTIMATORS:
        return getattr(importlib.import_module(f"{__name__}.{_ESTIMATORS[name]}"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
