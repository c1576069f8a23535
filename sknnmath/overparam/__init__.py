"""Over-parameterisation (document 004): min-norm interpolation, random features, risk theory."""

from ._data import (
    covariance_spectrum,
    make_spectrum_regression,
    make_sphere_teacher,
    make_spiked_covariance,
)
from ._min_norm import MinNormInterpolator
from ._random_features import RandomFeatureClassifier, RandomFeatureRegressor, RandomFeatures
from ._theory import (
    RiskDecomposition,
    activation_constants,
    benign_overfitting_terms,
    critical_index,
    effective_ranks,
    latent_space_risk,
    marchenko_pastur_density,
    marchenko_pastur_stieltjes,
    mei_montanari_bias_variance,
    mei_montanari_risk,
    minnorm_excess_risk,
    minnorm_risk_finite_n,
    minnorm_risk_general,
    minnorm_risk_isotropic,
    optimal_ridge_isotropic,
    ridge_risk_isotropic,
)

__all__ = [
    "MinNormInterpolator",
    "RandomFeatureClassifier",
    "RandomFeatureRegressor",
    "RandomFeatures",
    "RiskDecomposition",
    "covariance_spectrum",
    "make_spectrum_regression",
    "make_sphere_teacher",
    "make_spiked_covariance",
    "activation_constants",
    "benign_overfitting_terms",
    "critical_index",
    "effective_ranks",
    "latent_space_risk",
    "marchenko_pastur_density",
    "marchenko_pastur_stieltjes",
    "mei_montanari_bias_variance",
    "mei_montanari_risk",
    "minnorm_excess_risk",
    "minnorm_risk_finite_n",
    "minnorm_risk_general",
    "minnorm_risk_isotropic",
    "optimal_ridge_isotropic",
    "ridge_risk_isotropic",
]
