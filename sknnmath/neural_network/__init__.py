"""Multi-layer perceptrons trained by the sknnmath engine (documents 000 and 002),
with the training-dynamics tools of document 002: backpropagation by hand,
gradient diagnostics and Newton's method."""

from ._backprop import backprop_bias_free_3layer, logistic, logistic_derivative
from ._diagnostics import layer_gradient_norms
from ._mlp import MLPClassifier, MLPRegressor
from ._newton import NewtonResult, network_loss_function, newton_minimize
from ._theory import hessian_cost, mlp_parameter_count, sigmoid_gradient_bound
from ._module import MLPModule, build_mlp

__all__ = [
    "MLPClassifier",
    "MLPRegressor",
    "MLPModule",
    "build_mlp",
    "backprop_bias_free_3layer",
    "logistic",
    "logistic_derivative",
    "layer_gradient_norms",
    "NewtonResult",
    "newton_minimize",
    "network_loss_function",
    "hessian_cost",
    "mlp_parameter_count",
    "sigmoid_gradient_bound",
]
