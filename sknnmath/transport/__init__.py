"""Denoising autoencoders as transport maps (document 001 §4).

Time is the noise **variance** throughout: a DAE with ``noise_variance=t`` is
trained on ``x + eps``, ``eps ~ N(0, t I)``.
"""

from ._dae import DenoisingAutoencoder
from ._flow import (
    ResidualFlowNet,
    divergence,
    euler_flow,
    pushforward_log_density,
    rk4_flow,
    standard_normal_log_density,
)
from ._theory import (
    composed_dae_covariances,
    entropy_gradient_flow,
    gaussian_dae_map,
    gaussian_dae_pushforward,
    gaussian_entropy,
    gaussian_mixture_score,
    knn_entropy,
    tweedie_denoiser,
)

__all__ = [
    "DenoisingAutoencoder",
    "ResidualFlowNet",
    "divergence",
    "euler_flow",
    "pushforward_log_density",
    "rk4_flow",
    "standard_normal_log_density",
    "composed_dae_covariances",
    "entropy_gradient_flow",
    "gaussian_dae_map",
    "gaussian_dae_pushforward",
    "gaussian_entropy",
    "gaussian_mixture_score",
    "knn_entropy",
    "tweedie_denoiser",
]
