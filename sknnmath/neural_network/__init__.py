"""Multi-layer perceptrons trained by the sknnmath engine (documents 000 and 002)."""

from ._mlp import MLPClassifier, MLPRegressor
from ._module import MLPModule, build_mlp

__all__ = ["MLPClassifier", "MLPRegressor", "MLPModule", "build_mlp"]
