"""The reproduction registry: a thin list of compute -> display -> summary triples."""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ._documents import DOCUMENTS, document_label
from ._progress import _CURRENT, _QUIET, _TIMINGS, quiet

_REGISTRY: dict[str, "Reproduction"] = {}
_DISCOVERED = False


# ------------------------------------------------------------------------------ formatting
def _to_jsonable(v):
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return v if math.isfinite(v) else str(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.ndarray):
        return _to_jsonable(v.tolist())
    if isinstance(v, dict):
        return {str(k): _to_jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_to_jsonable(x) for x in v]
    if _is_frame(v):
        return _to_jsonable(v.to_dict(orient="records"))
    return v


def _is_frame(v) -> bool:
    return type(v).__name__ == "DataFrame" and hasattr(v, "to_dict")


def _fmt(v):
    if isinstance(v, (float, np.floating)):
        av = abs(float(v))
        if av != 0 and (av < 1e-3 or av >= 1e5):
            return f"{float(v):.3e}"
        return f"{float(v):.4f}"
    return str(v)


def _rows(table) -> list[dict]:
    if _is_frame(table):
        return table.to_dict(orient="records")
    return list(table)


def markdown_table(rows) -> str:
    """Render a table (a DataFrame or a list of row dicts) as Markdown.

    Examples
    --------
    >>> from sknnmath.reproduce._registry import markdown_table
    >>> print(markdown_table([{"a": 1.5, "b": "x"}]), end="")
    | a | b |
    |---|---|
    | 1.5000 | x |
    """
    rows = _rows(rows)
    if not rows:
        return "(empty table)\n"
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(c, "")) for c in cols) + " |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ result
@dataclass
class ReproductionResult:
    """What a reproduction's compute function returns: numbers, never figures.

    Parameters
    ----------
    name : str
        The registered name (filled in by the registry).
    settings : dict
        The problem sizes and parameters used (quick or full, seed, device...).
    tables : dict of str to pandas.DataFrame
        Named result tables. They depend only on the settings and the seed:
        identical run to run (timings live in ``timings``).
    data : dict
        Arrays and other inputs of the displays (curves, grids, fitted values).
    timings : pandas.DataFrame or None
        Wall time per stage (columns ``stage``, ``seconds``), filled by the registry.
    metrics : dict
        Scalar results for the JSON file and the tests.
    figures : dict of str to matplotlib.figure.Figure
        Filled by the display function when the reproduction is run.
    summary : list of str
        Filled by the summary function: conclusions derived from the numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> from sknnmath.reproduce import ReproductionResult
    >>> res = ReproductionResult(name="demo", tables={"t": pd.DataFrame({"a": [1.5]})})
    >>> print(res.to_markdown().splitlines()[0])
    # Reproduction: demo
    """

    name: str = ""
    settings: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    timings: object = None
    metrics: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    summary: list = field(default_factory=list)

    def to_markdown(self, *, timings: bool = False) -> str:
        """The tables and the summary as Markdown (the timings table only if asked)."""
        head = f"# Reproduction: {self.name}\n"
        rep = _REGISTRY.get(self.name)
        if rep is not None and rep.document in DOCUMENTS:
            head += f"\n{rep.description} — {document_label(rep.document)}.\n"
        parts = [head]
        for tname, rows in self.tables.items():
            parts.append(f"## {tname}\n\n{markdown_table(rows)}")
        if self.summary:
            parts.append("## Conclusion\n\n" + "\n".join(f"- {s}" for s in self.summary) + "\n")
        if timings and self.timings is not None:
            parts.append(f"## Timings (seconds)\n\n{markdown_table(self.timings)}")
        return "\n".join(parts)

    def close_figures(self):
        """Close the figures (pyplot keeps every open figure alive until closed).

        ``sknnmath reproduce --all`` calls it after writing each reproduction's files:
        without it, the figures of every reproduction stayed in memory together.
        The ``figures`` dict is emptied.
        """
        if self.figures:
            import matplotlib.pyplot as plt

            for fig in self.figures.values():
                plt.close(fig)
            self.figures = {}

    def save(self, out) -> list[Path]:
        """Write the figures (PNG), the tables (Markdown, JSON) and the timings (CSV).

        ``<name>.md`` and ``<name>.json`` hold only what is reproducible, so they are
        byte-identical between runs with the same seed; ``<name>_timings.csv`` holds
        the wall times.
        """
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for fname, fig in self.figures.items():
            p = out / f"{self.name}_{fname}.png"
            fig.savefig(p, dpi=110, bbox_inches="tight")
            written.append(p)
        p = out / f"{self.name}.md"
        p.write_text(self.to_markdown())
        written.append(p)
        p = out / f"{self.name}.json"
        p.write_text(json.dumps(_to_jsonable({"name": self.name, "settings": self.settings,
                                               "tables": self.tables, "metrics": self.metrics,
                                               "summary": self.summary}), indent=2))
        written.append(p)
        if self.timings is not None:
            p = out / f"{self.name}_timings.csv"
            p.write_text("stage,seconds\n" + "".join(
                f"\"{r['stage']}\",{r['seconds']:.3f}\n" for r in _rows(self.timings)))
            written.append(p)
        return written


# ------------------------------------------------------------------------------ registry
@dataclass
class Reproduction:
    """A registered reproduction: a compute, a display and a summary function.

    Parameters
    ----------
    name : str
        Command-line name (``sknnmath reproduce NAME``).
    compute : callable
        ``compute(quick=False, device="auto", random_state=0, n_jobs=None) -> ReproductionResult``
        with tables, data and settings, and no figures.
    document : str
        The source document's number (see :func:`document_label`).
    description : str
        One line shown by ``sknnmath list``.
    display : callable
        ``display(result) -> dict[str, Figure]`` built from :mod:`sknnmath.plotting`.
    summary : callable
        ``summary(result) -> list[str]``: conclusions derived from the numbers.
    """

    name: str
    compute: Callable
    document: str
    description: str
    display: Callable
    summary: Callable

    @property
    def document_label(self) -> str:
        return document_label(self.document) if self.document in DOCUMENTS else self.document

    def run_compute(self, quick=False, device="auto", random_state=0, n_jobs=None):
        """Only the numbers: run the compute function and record its stage timings."""
        log: list = []
        t_tok, n_tok = _TIMINGS.set(log), _CURRENT.set(self.name)
        t0 = time.perf_counter()
        try:
            result = self.compute(quick=quick, device=device, random_state=random_state,
                                  n_jobs=n_jobs)
        finally:
            _TIMINGS.reset(t_tok)
            _CURRENT.reset(n_tok)
        if not isinstance(result, ReproductionResult):
            raise TypeError(f"Reproduction {self.name!r} must return a ReproductionResult.")
        if result.figures:
            raise TypeError(f"Reproduction {self.name!r}: compute must not draw figures "
                            f"(the display function does).")
        result.name = self.name
        log.append({"stage": "compute (total)", "seconds": time.perf_counter() - t0})
        result.timings = _timings_frame(log)
        return result

    def __call__(self, quick=False, device="auto", random_state=0, n_jobs=None, figures=True):
        """compute -> display -> summary; returns the result with figures and summary."""
        result = self.run_compute(quick=quick, device=device, random_state=random_state,
                                  n_jobs=n_jobs)
        extra = []
        if figures:
            t0 = time.perf_counter()
            result.figures = dict(self.display(result))
            extra.append({"stage": "display", "seconds": time.perf_counter() - t0})
        result.summary = list(self.summary(result))
        if extra:
            result.timings = _timings_frame(_rows(result.timings) + extra)
        return result


def _timings_frame(rows):
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return rows
    return pd.DataFrame(rows, columns=["stage", "seconds"])


def register(name: str, *, document: str, description: str, display, summary):
    """Decorator registering a compute function under ``name``.

    Parameters
    ----------
    name : str
        Command-line name.
    document : str
        Source document number (``"000"`` ... ``"004"``).
    description : str
        One line for ``sknnmath list``: what is compared, in words.
    display : callable
        ``display(result) -> dict[str, Figure]``, drawn with :mod:`sknnmath.plotting`.
    summary : callable
        ``summary(result) -> list[str]``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sknnmath.reproduce import ReproductionResult, register, stage
    >>> def compute(quick=False, device="auto", random_state=0, n_jobs=None):
    ...     with stage("counting"):
    ...         table = pd.DataFrame({"n": [1, 2, 3]})
    ...     return ReproductionResult(tables={"counts": table}, metrics={"total": 6})
    >>> def display(result):
    ...     from sknnmath.plotting import create_axes, integer_ticks, set_labels
    ...     fig, ax = create_axes()
    ...     ax.plot(result.tables["counts"]["n"], "o")
    ...     set_labels(ax, "position", "count", "counts in order")
    ...     integer_ticks(ax, "both")
    ...     return {"counts": fig}
    >>> def summary(result):
    ...     return [f"the counts add up to {result.metrics['total']}"]
    >>> _ = register("_doc-counts", document="004", description="counting",
    ...              display=display, summary=summary)(compute)

    Returns
    -------
    callable
        The decorator; it returns the compute function unchanged.
    """

    if not (callable(display) and callable(summary)):
        raise TypeError(f"Reproduction {name!r} needs callable display= and summary= "
                        f"functions (compute -> display -> summary).")

    def deco(func):
        if name in _REGISTRY and _REGISTRY[name].compute is not func:
            raise ValueError(f"A reproduction named {name!r} is already registered.")
        _REGISTRY[name] = Reproduction(name, func, document, description, display, summary)
        return func

    return deco


def _discover():
    global _DISCOVERED
    if _DISCOVERED:
        return
    import sknnmath

    for info in pkgutil.walk_packages(sknnmath.__path__, prefix="sknnmath."):
        # a topic's reproductions live in ``_reproduce.py`` or ``_reproduce_<name>.py``
        if info.name.rpartition(".")[2].startswith("_reproduce"):
            importlib.import_module(info.name)
    _DISCOVERED = True


def registry() -> dict:
    """All registered reproductions, by name (discovers topic modules first).

    Returns
    -------
    dict of str to Reproduction
        The reproductions, sorted by name.
    """
    _discover()
    return dict(sorted(_REGISTRY.items()))


def available() -> list[str]:
    """Names of the registered reproductions.

    Returns
    -------
    list of str
        Sorted names, as accepted by ``sknnmath reproduce NAME``.
    """
    return list(registry())


def get(name: str) -> Reproduction:
    """Look up a reproduction; unknown names raise a ValueError listing the known ones.

    Parameters
    ----------
    name : str
        A name from :func:`available`.

    Returns
    -------
    Reproduction
        The registered compute -> display -> summary triple.
    """
    reg = registry()
    if name not in reg:
        raise ValueError(f"Unknown reproduction {name!r}. Available: {sorted(reg)}.")
    return reg[name]


def run(name: str, quick=False, device="auto", random_state=0, out=None, verbose=True,
        n_jobs=None, progress=None, figures=True):
    """Run a reproduction (compute -> display -> summary), write its files, print its tables.

    Parameters
    ----------
    name : str
        A name from :func:`available`.
    quick : bool, default=False
        Smaller problem sizes (seconds instead of minutes).
    device : str, default="auto"
        Passed to every estimator of the reproduction.
    random_state : int, default=0
        Seed of the reproduction.
    out : path-like or None
        Directory for the PNG figures, the Markdown/JSON tables and the timings CSV.
    verbose : bool, default=True
        Print the tables and the conclusion.
    n_jobs : int or None, default=None
        joblib jobs for the independent work (see :func:`parallel_map`).
    progress : bool or None, default=None
        Stage lines / progress bars; None follows ``verbose``.
    figures : bool, default=True
        Run the display function (False: numbers only).

    Returns
    -------
    ReproductionResult
    """
    if figures and "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")
    show = verbose if progress is None else progress
    with quiet(not show or _QUIET.get()):
        result = get(name)(quick=quick, device=device, random_state=random_state, n_jobs=n_jobs,
                           figures=figures)
    if out is not None:
        result.paths_ = result.save(out)
    if verbose:
        print(result.to_markdown())
    return result
