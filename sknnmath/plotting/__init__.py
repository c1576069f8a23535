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
from ._curves import BiasVarianceDisplay, FunctionFitDisplay, SpectrumDisplay
from ._risk import RiskCurveDisplay

__all__ = [
    "ApproximationRateDisplay",
    "BiasVarianceDisplay",
    "FunctionFitDisplay",
    "SpectrumDisplay",
    "DecisionBoundaryDisplay",
    "LearningCurveDisplay",
    "RiskCurveDisplay",
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
