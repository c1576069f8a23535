"""Registry of the documents' reproductions (``sknnmath reproduce NAME``).

A reproduction is three functions: ``compute`` returns a
:class:`ReproductionResult` (tables as DataFrames, arrays, settings — no
figures), ``display`` draws it with :mod:`sknnmath.plotting`, ``summary``
derives the conclusions from the numbers. Topic subpackages register theirs in
a module named ``_reproduce.py`` with :func:`register`; :func:`registry`
imports them automatically. Independent work goes through :func:`parallel_map`
(joblib, so a dask cluster can run it); :func:`stage` reports progress.

Examples
--------
>>> from sknnmath.reproduce import available, document_label
>>> "double-descent" in available()
True
>>> document_label("004")
'document 004 (Imaizumi, approximation, double descent and benign overfitting)'
"""

from __future__ import annotations

from ._documents import DOCUMENTS, document_label
from ._parallel import parallel_map, spawn_seeds
from ._progress import log_timings, progress, quiet, stage
from ._registry import (
    Reproduction,
    ReproductionResult,
    available,
    get,
    register,
    registry,
    run,
)

__all__ = [
    "DOCUMENTS",
    "Reproduction",
    "ReproductionResult",
    "available",
    "document_label",
    "get",
    "log_timings",
    "parallel_map",
    "progress",
    "quiet",
    "register",
    "registry",
    "run",
    "spawn_seeds",
    "stage",
]
