"""Registry of the documents' reproductions (``sknnmath reproduce NAME``).

A reproduction is a function registered with :func:`register`; it returns a
:class:`ReproductionResult` holding figures, tables and a printed conclusion.
Topic subpackages register theirs in a module named ``_reproduce.py``, which
:func:`registry` imports automatically, so adding one needs no edit here.

Examples
--------
>>> from sknnmath.reproduce import available
>>> "mlp-iris" in available()
True
"""

from __future__ import annotations

from ._registry import (
    Reproduction,
    ReproductionResult,
    available,
    get,
    progress,
    register,
    registry,
    run,
)

__all__ = [
    "Reproduction",
    "ReproductionResult",
    "available",
    "get",
    "progress",
    "register",
    "registry",
    "run",
]
