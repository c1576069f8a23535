"""Hierarchical singularities of multilayer perceptrons (document 003, Nitta).

Find, reduce and embed the redundant units of fitted real and complex MLPs
(Fukumizu & Amari 2000), count the singularity families, and analyse the
critical lines γ_λ (loss, gradient, Hessian along the split of a unit), and
measure the plateaus they cause in many batched student–teacher runs.
"""

from ._core import (
    Singularity,
    count_hierarchical_singularities,
    embed_unit,
    find_singularities,
    network_weights,
    reduce_network,
    set_network_weights,
)
from ._plateaus import detect_plateaus, embed_split_batched, make_teacher_data, train_students
from ._lines import critical_line, data_with_split_curvature, refine_critical_point, split_curvature_matrix, squared_loss_function

__all__ = [
    "Singularity",
    "critical_line",
    "detect_plateaus",
    "embed_split_batched",
    "make_teacher_data",
    "train_students",
    "data_with_split_curvature",
    "refine_critical_point",
    "split_curvature_matrix",
    "squared_loss_function",
    "count_hierarchical_singularities",
    "embed_unit",
    "find_singularities",
    "network_weights",
    "reduce_network",
    "set_network_weights",
]
