"""Hierarchical singularities of multilayer perceptrons (document 003, Nitta).

Find, reduce and embed the redundant units of fitted real and complex MLPs
(Fukumizu & Amari 2000), count the singularity families, and analyse the
critical lines γ_λ (loss, gradient, Hessian along the split of a unit).
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

__all__ = [
    "Singularity",
    "count_hierarchical_singularities",
    "embed_unit",
    "find_singularities",
    "network_weights",
    "reduce_network",
    "set_network_weights",
]
