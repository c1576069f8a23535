"""Ridgelet transform and shallow networks without backpropagation (document 001, §3).

Admissible ridgelet functions, the numerical ridgelet transform R[f] and its dual S,
and :class:`RidgeletRegressor`, a shallow network whose hidden parameters are drawn
from |R[f]| and whose output weights come from the ridgelet quadrature or a ridge fit.
"""

from ._experiment import spectrum_agreement, train_shallow_networks
from ._optimum import optimum_features, optimum_grid, relative_l2, ridge_optimum, train_optimum
from ._regressor import RidgeletRegressor
from ._theory import (
    RidgeletFunction,
    activation_fourier,
    admissibility_constant,
    lowpass_factor,
    ridgelet_function,
)
from ._transform import quadrature_weights, ridgelet_reconstruction, ridgelet_transform, torch_activation

__all__ = [
    "RidgeletRegressor",
    "optimum_features",
    "optimum_grid",
    "relative_l2",
    "ridge_optimum",
    "train_optimum",
    "RidgeletFunction",
    "activation_fourier",
    "admissibility_constant",
    "lowpass_factor",
    "ridgelet_function",
    "ridgelet_reconstruction",
    "ridgelet_transform",
    "spectrum_agreement",
    "train_shallow_networks",
    "quadrature_weights",
    "torch_activation",
]
