"""Helpers shared by the document-002 reproductions (timings; batched seeds)."""

from __future__ import annotations


def log_timings(rows):
    """Add measured ``{"stage", "seconds"}`` rows to the running reproduction's timings table.

    Seconds depend on the machine, so they never go into result tables (which
    must be identical run to run for a seed); outside a reproduction this is a no-op.
    """
    from ..reproduce._progress import _TIMINGS

    log = _TIMINGS.get()
    if log is not None:
        log.extend({"stage": str(r["stage"]), "seconds": float(r["seconds"])} for r in rows)
