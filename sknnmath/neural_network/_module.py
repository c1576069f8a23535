"""The torch modules behind the MLP estimators (documents 000 and 002).

They live in the layer registry :mod:`sknnmath._layers`; this module re-exports them
under their historical names.
"""

from __future__ import annotations

from .._layers import ACTIVATIONS, BatchedMLP, MLPModule, build_mlp

__all__ = ["ACTIVATIONS", "BatchedMLP", "MLPModule", "build_mlp"]
