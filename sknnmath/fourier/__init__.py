"""Fourier-series estimators and the exact Fourier series of the d-ball (document 000, Kawasumi & Yoneda, §2)."""

from ._fourier import FourierSeriesClassifier, FourierSeriesRegressor, fourier_feature_matrix
from ._theory import (
    GIBBS_CONSTANT,
    ball_fourier_coefficient,
    ball_partial_sum,
    fourier_frequencies,
    gibbs_overshoot,
    lattice_count,
    max_frequencies,
    pointwise_growth_exponent,
    shell_counts,
)

__all__ = [
    "FourierSeriesClassifier",
    "FourierSeriesRegressor",
    "fourier_feature_matrix",
    "GIBBS_CONSTANT",
    "ball_fourier_coefficient",
    "ball_partial_sum",
    "fourier_frequencies",
    "gibbs_overshoot",
    "lattice_count",
    "max_frequencies",
    "pointwise_growth_exponent",
    "shell_counts",
]
