"""Progress of reproductions: one line per stage in logs, tqdm bars in terminals."""

from __future__ import annotations

import contextlib
import contextvars
import sys
import time

# Whether progress is silenced (``--quiet``), the reproduction whose stages are
# reported, and the list that collects the stage timings of the running compute.
_QUIET = contextvars.ContextVar("sknnmath_quiet", default=False)
_CURRENT = contextvars.ContextVar("sknnmath_reproduction", default="")
_TIMINGS = contextvars.ContextVar("sknnmath_timings", default=None)


@contextlib.contextmanager
def quiet(flag: bool = True):
    """Silence (or re-enable) stage lines and progress bars inside the block.

    Parameters
    ----------
    flag : bool, default=True
        True silences, False re-enables inside an outer ``quiet()`` block.

    Yields
    ------
    None
        Control returns to the ``with`` block.

    Examples
    --------
    >>> from sknnmath.reproduce import quiet, stage
    >>> with quiet():
    ...     with stage("nothing printed"):
    ...         pass
    """
    token = _QUIET.set(bool(flag))
    try:
        yield
    finally:
        _QUIET.reset(token)


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Stage:
    """Handle yielded by :func:`stage`; ``update(n)`` advances a terminal bar."""

    def __init__(self, bar=None):
        self._bar = bar

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)


@contextlib.contextmanager
def stage(description: str, total: int | None = None):
    """Report one stage of a reproduction and record its wall time.

    When stdout is not a terminal (logs, CI, notebooks) one line is printed when
    the stage ends: ``[name] description: 3.2 s``. In a terminal a tqdm bar is
    shown on stderr instead. Under :func:`quiet` (``--quiet``) nothing is
    printed. The elapsed time always goes into the running reproduction's
    timings table (never into its result tables, which must not change from
    run to run).

    Parameters
    ----------
    description : str
        What the stage does, in words ("fitting 4 optimisers").
    total : int, optional
        Number of steps, for the terminal bar (``handle.update()`` per step).

    Yields
    ------
    handle
        An object with ``update(n=1)``.

    Examples
    --------
    >>> from sknnmath.reproduce import stage
    >>> with stage("adding numbers") as st:  # doctest: +ELLIPSIS
    ...     total = 1 + 1
    [...] adding numbers: ... s
    """
    name = _CURRENT.get() or "sknnmath"
    silent = _QUIET.get()
    bar = None
    if not silent and _is_terminal(sys.stderr) and _is_terminal(sys.stdout):
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc=f"{name}: {description}", leave=False, file=sys.stderr)
    t0 = time.perf_counter()
    try:
        yield _Stage(bar)
    finally:
        elapsed = time.perf_counter() - t0
        if bar is not None:
            bar.close()
        log = _TIMINGS.get()
        if log is not None:
            log.append({"stage": description, "seconds": elapsed})
        if not silent and bar is None:
            print(f"[{name}] {description}: {elapsed:.1f} s", flush=True)


def progress(iterable, desc: str = "", total=None):
    """A tqdm bar (stderr, terminals only) around an iterable; silent under --quiet.

    Parameters
    ----------
    iterable : iterable
        The items to iterate over.
    desc : str, default=""
        Label of the bar.
    total : int or None, default=None
        Number of items, when ``len(iterable)`` is not available.

    Returns
    -------
    iterable
        ``iterable`` itself, or a tqdm bar wrapping it on a terminal.
    """
    if _QUIET.get() or not _is_terminal(sys.stderr):
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False, file=sys.stderr)


def log_timings(rows):
    """Add measured ``{"stage", "seconds"}`` rows to the running reproduction's timings table.

    For times measured inside a stage (per case, per solver). Seconds depend on the
    machine, so they never go into result tables (which must be identical run to run
    for a seed); outside a reproduction this is a no-op.

    Parameters
    ----------
    rows : iterable of dict
        Each with keys ``"stage"`` (words) and ``"seconds"``.

    Examples
    --------
    >>> from sknnmath.reproduce import log_timings
    >>> log_timings([{"stage": "one solve", "seconds": 0.5}])  # no reproduction running: no-op
    """
    log = _TIMINGS.get()
    if log is not None:
        log.extend({"stage": str(r["stage"]), "seconds": float(r["seconds"])} for r in rows)
