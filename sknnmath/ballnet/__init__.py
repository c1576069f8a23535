"""BallNet: document 000's explicit deep ReLU network whose decision region is a convex polytope.

The network of Kawasumi & Yoneda (document 000, §3) has depth 2n+1 and computes
``min_j h(w_j . x + b_j)``; its positive set is the intersection of 2^n half-spaces.
"""

from ._classifier import BallNetClassifier, polytope_combination
from ._module import BallNetModule
from ._theory import (
    ball_volume,
    circumscribed_miss_rate,
    critical_facets,
    expected_polygon_accuracy,
    facet_offsets,
    layer_widths,
    min_relu,
    minimum_enclosing_ball,
    pair_block,
    polygon_area,
    polygon_area_excess,
    polygon_area_excess_asymptotic,
    polytope_vertices,
    polytope_volume,
    relu,
    sphere_points,
)

__all__ = [
    "BallNetClassifier",
    "BallNetModule",
    "ball_volume",
    "circumscribed_miss_rate",
    "critical_facets",
    "expected_polygon_accuracy",
    "facet_offsets",
    "layer_widths",
    "min_relu",
    "minimum_enclosing_ball",
    "pair_block",
    "polygon_area",
    "polygon_area_excess",
    "polygon_area_excess_asymptotic",
    "polytope_combination",
    "polytope_vertices",
    "polytope_volume",
    "relu",
    "sphere_points",
]
