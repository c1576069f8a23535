"""Independent work of reproductions through joblib (so dask clusters just work)."""

from __future__ import annotations

import numpy as np


def parallel_map(func, items, n_jobs=None, *, desc=None):
    """``[func(item) for item in items]`` through :class:`joblib.Parallel`.

    Every reproduction dispatches its independent work (seeds, designs, widths,
    dimensions) through this function, so ``--n-jobs`` uses local processes and
    an active ``joblib.parallel_config(backend="dask")`` (``--dask`` or
    ``--scheduler``) sends it to a dask.distributed cluster. ``func`` must be
    picklable (a module-level function or a :func:`functools.partial` of one)
    and must draw its randomness from its item only (see :func:`spawn_seeds`),
    so that the result is the same however the items are scheduled.

    Parameters
    ----------
    func : callable
        Function of one item.
    items : iterable
        The independent work items.
    n_jobs : int or None, default=None
        joblib's ``n_jobs``: None is one job unless a ``parallel_config``
        says otherwise; -1 uses every core.
    desc : str, optional
        Describe the work as a :func:`stage` (one progress line).

    Returns
    -------
    list
        ``func(item)`` for each item, in the order of ``items``.

    See Also
    --------
    joblib.parallel_config : Choose the backend (e.g. ``"dask"``).

    Examples
    --------
    >>> from sknnmath.reproduce import parallel_map
    >>> parallel_map(abs, [-1, 2, -3])
    [1, 2, 3]
    """
    from joblib import Parallel, delayed

    items = list(items)

    def _run():
        return Parallel(n_jobs=n_jobs)(delayed(func)(item) for item in items)

    if desc is None:
        return _run()
    from ._progress import stage

    with stage(desc):
        return _run()


def spawn_seeds(random_state, n: int) -> list[int]:
    """``n`` independent integer seeds derived from ``random_state``.

    Work items carry their own seed, so results do not depend on the order in
    which a scheduler runs them (unlike one generator shared across items).

    Parameters
    ----------
    random_state : int or None
        The reproduction's seed.
    n : int
        Number of seeds.

    Returns
    -------
    list of int

    Examples
    --------
    >>> from sknnmath.reproduce import spawn_seeds
    >>> spawn_seeds(0, 3) == spawn_seeds(0, 3)
    True
    """
    ss = np.random.SeedSequence(random_state)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in ss.spawn(n)]
