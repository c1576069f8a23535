"""Constructive approximation and approximation rates (documents 002 §II.C and 004).

Networks whose weights are *constructed* from the data, not trained — Nielsen's
sigmoid steps (:class:`StepNetworkRegressor`), the ReLU piecewise-linear
interpolant (:class:`ReLUInterpolator`) and Yarotsky's deep squaring network
(:class:`YarotskySquare`) — with the closed forms they are tested against and
the rate exponents of document 004.
"""

from ._constructed import ReLUInterpolator, StepNetworkRegressor, YarotskySquare
from ._rates import (
    BatchedMLPFit,
    SmoothPeriodicTarget,
    fit_batched_mlps,
    hypersurface_target,
)
from ._manifold import TorusEmbedding, make_manifold_regression
from ._theory import (
    anthony_bartlett_bound,
    fit_loglog_slope,
    hypersurface_rate_exponents,
    intrinsic_rate_exponent,
    interpolation_error_bound,
    park_minimum_width,
    piecewise_linear_interpolant,
    rate_exponent,
    sawtooth,
    sigmoid_step_approximant,
    yarotsky_product,
    yarotsky_square,
    yarotsky_square_error,
)

__all__ = [
    "StepNetworkRegressor",
    "ReLUInterpolator",
    "YarotskySquare",
    "BatchedMLPFit",
    "SmoothPeriodicTarget",
    "fit_batched_mlps",
    "hypersurface_target",
    "TorusEmbedding",
    "make_manifold_regression",
    "anthony_bartlett_bound",
    "fit_loglog_slope",
    "hypersurface_rate_exponents",
    "intrinsic_rate_exponent",
    "interpolation_error_bound",
    "park_minimum_width",
    "piecewise_linear_interpolant",
    "rate_exponent",
    "sawtooth",
    "sigmoid_step_approximant",
    "yarotsky_product",
    "yarotsky_square",
    "yarotsky_square_error",
]
