"""Complex-valued and hypercomplex networks (document 003, Nitta).

``ComplexMLPClassifier`` / ``ComplexMLPRegressor`` with neurons over any
:class:`HypercomplexAlgebra` (complex, hyperbolic, dual, quaternion,
commutative quaternion), their exact real-equivalent networks, the 40-20-40
criterion, capacity-matched real widths, and the two-spirals and
transformation-learning experiments.
"""

from ._algebra import ALGEBRAS, HypercomplexAlgebra, get_algebra
from ._estimators import (
    ComplexMLPClassifier,
    ComplexMLPRegressor,
    complex_to_pairs,
    forty_twenty_forty_correct,
    forty_twenty_forty_score,
)
from ._spirals import SpiralModel, plateau_mask, spiral_data, spiral_models, train_spiral_models
from ._theory import n_real_parameters, real_equivalent_width, split_sigmoid_shift
from ._transform import TRANSFORMATIONS, shapes, transformation_models

__all__ = [
    "ALGEBRAS",
    "SpiralModel",
    "TRANSFORMATIONS",
    "ComplexMLPClassifier",
    "ComplexMLPRegressor",
    "HypercomplexAlgebra",
    "complex_to_pairs",
    "forty_twenty_forty_correct",
    "forty_twenty_forty_score",
    "get_algebra",
    "n_real_parameters",
    "plateau_mask",
    "real_equivalent_width",
    "shapes",
    "spiral_data",
    "spiral_models",
    "split_sigmoid_shift",
    "train_spiral_models",
    "transformation_models",
]
