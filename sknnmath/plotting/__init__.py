"""Figures of sknnmath as Display objects in scikit-learn's style.

Each Display has ``from_estimator`` / ``from_results`` constructors, a
``plot(ax=None)`` method and ``ax_`` / ``figure_`` attributes. scikit-learn's
own Displays are re-exported where they fit (decision regions, learning and
validation curves). The rules every figure follows are helpers in
:mod:`sknnmath.plotting._base` (re-exported here). matplotlib is imported only
when something is drawn.
"""

from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.model_selection import LearningCurveDisplay, ValidationCurveDisplay

from ._base import (
    add_colorbar,
    check_figure_rules,
    create_axes,
    integer_ticks,
    legend_outside,
    mark_categorical,
    plot_with_zero_floor,
    set_labels,
    subplots,
)
from ._approximation import ApproximationRateDisplay
from ._ballnet import (
    AreaExcessDisplay,
    BallNetRegionDisplay,
    LearningCurveComparisonDisplay,
    PolytopeDisplay,
)
from ._fourier import (
    BallDecisionRegionsDisplay,
    GibbsProfileDisplay,
    InterpolationThresholdDisplay,
    PartialSumDisplay,
    PointwiseConvergenceDisplay,
)
from ._curves import (
    BiasVarianceDisplay,
    BoundTermsDisplay,
    FunctionFitDisplay,
    SpectralDensityDisplay,
    SpectrumDisplay,
)
from ._dynamics import CurvesDisplay, LayerGradientDisplay, WeightHistogramDisplay
from ._hypercomplex import SpiralRegionsDisplay, SuccessCurveDisplay, TransformationDisplay
from ._ridgelet import RidgeletOptimumDisplay, RidgeletSpectrumDisplay
from ._risk import RiskCurveDisplay
from ._singularities import (
    CriticalLineDisplay,
    PlateauCurvesDisplay,
    PlateauTimeDisplay,
    SaddleDirectionDisplay,
)
from ._transport import (
    EntropyTransportDisplay,
    PushforwardDensityDisplay,
    ResidualFlowDisplay,
    TransportDisplay,
)

__all__ = [
    "ApproximationRateDisplay",
    "AreaExcessDisplay",
    "BallDecisionRegionsDisplay",
    "BallNetRegionDisplay",
    "CurvesDisplay",
    "LayerGradientDisplay",
    "WeightHistogramDisplay",
    "BiasVarianceDisplay",
    "BoundTermsDisplay",
    "CriticalLineDisplay",
    "DecisionBoundaryDisplay",
    "EntropyTransportDisplay",
    "FunctionFitDisplay",
    "GibbsProfileDisplay",
    "InterpolationThresholdDisplay",
    "LearningCurveComparisonDisplay",
    "LearningCurveDisplay",
    "PartialSumDisplay",
    "PlateauCurvesDisplay",
    "PlateauTimeDisplay",
    "PointwiseConvergenceDisplay",
    "PolytopeDisplay",
    "PushforwardDensityDisplay",
    "ResidualFlowDisplay",
    "RidgeletOptimumDisplay",
    "RidgeletSpectrumDisplay",
    "RiskCurveDisplay",
    "SaddleDirectionDisplay",
    "SpectralDensityDisplay",
    "SpectrumDisplay",
    "SpiralRegionsDisplay",
    "SuccessCurveDisplay",
    "TransformationDisplay",
    "TransportDisplay",
    "ValidationCurveDisplay",
    "add_colorbar",
    "check_figure_rules",
    "create_axes",
    "integer_ticks",
    "legend_outside",
    "mark_categorical",
    "plot_with_zero_floor",
    "set_labels",
    "subplots",
]
