"""Ridgelet transform and shallow networks without backpropagation (document 001, §3).

Admissible ridgelet functions, the numerical ridgelet transform R[f] and its dual S,
and :class:`RidgeletRegressor`, a shallow network whose hidden parameters are drawn
from |R[f]| and whose output weights come from the ridgelet quadrature or a ridge fit.
"""

from ._theory import (
    RidgeletFunction,
    activation_fourier,
    admissibility_constant,
    lowpass_factor,
    ridgelet_function,
)

__all__ = [
    "RidgeletFunction",
    "activation_fourier",
    "admissibility_constant",
    "lowpass_factor",
    "ridgelet_function",
]
