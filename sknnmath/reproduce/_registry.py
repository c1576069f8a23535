"""Implementation of the reproduction registry and its result object."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

_REGISTRY: dict[str, "Reproduction"] = {}
_DISCOVERED = False


@dataclass
class Reproduction:
    """A registered reproduction of a document's figure.

    Parameters
    ----------
    name : str
        Command-line name (``sknnmath reproduce NAME``).
    func : callable
        ``func(quick=False, device="auto", random_state=0) -> ReproductionResult``.
    document : str
        The source document (e.g. ``"002"``).
    description : str
        One line shown by ``sknnmath list``.
    """

    name: str
    func: Callable
    document: str
    description: str

    def __call__(self, quick=False, device="auto", random_state=0):
        result = self.func(quick=quick, device=device, random_state=random_state)
        if not isinstance(result, ReproductionResult):
            raise TypeError(f"Reproduction {self.name!r} must return a ReproductionResult.")
        result.name = self.name
        return result


def _to_jsonable(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, dict):
        return {str(k): _to_jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_to_jsonable(x) for x in v]
    return v


def _fmt(v):
    if isinstance(v, (float, np.floating)):
        av = abs(float(v))
        if av != 0 and (av < 1e-3 or av >= 1e5):
            return f"{float(v):.3e}"
        return f"{float(v):.4f}"
    return str(v)


def markdown_table(rows: list[dict]) -> str:
    """Render a list of row dicts as a Markdown table (union of keys, in order)."""
    if not rows:
        return "(empty table)\n"
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(c, "")) for c in cols) + " |")
    return "\n".join(lines) + "\n"


@dataclass
class ReproductionResult:
    """What a reproduction produces: figures, tables and a conclusion.

    Attributes
    ----------
    tables : dict of str to list of dict
        Named tables (rows as dicts); printed and written as Markdown and JSON.
    figures : dict of str to matplotlib.figure.Figure
        Named figures; written as PNG.
    summary : list of str
        Sentences concluded *from the numbers*, printed after the tables.
    metrics : dict
        Scalar results for the JSON file.
    """

    tables: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    summary: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    name: str = ""

    def to_markdown(self) -> str:
        """The tables and the summary as one Markdown document."""
        parts = [f"# Reproduction: {self.name}\n"]
        for tname, rows in self.tables.items():
            parts.append(f"## {tname}\n\n{markdown_table(rows)}")
        if self.summary:
            parts.append("## Conclusion\n\n" + "\n".join(f"- {s}" for s in self.summary) + "\n")
        return "\n".join(parts)

    def save(self, out) -> list[Path]:
        """Write ``<name>_<figure>.png``, ``<name>.md`` and ``<name>.json`` under ``out``."""
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
        p.write_text(json.dumps(_to_jsonable({"name": self.name, "tables": self.tables,
                                               "metrics": self.metrics,
                                               "summary": self.summary}), indent=2))
        written.append(p)
        return written


def register(name: str, *, document: str, description: str):
    """Decorator registering a reproduction function under ``name``."""

    def deco(func):
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"A reproduction named {name!r} is already registered.")
        _REGISTRY[name] = Reproduction(name, func, document, description)
        return func

    return deco


def _discover():
    global _DISCOVERED
    if _DISCOVERED:
        return
    import sknnmath

    for info in pkgutil.walk_packages(sknnmath.__path__, prefix="sknnmath."):
        if info.name.endswith("._reproduce"):
            importlib.import_module(info.name)
    _DISCOVERED = True


def registry() -> dict:
    """All registered reproductions, by name (discovers topic modules first)."""
    _discover()
    return dict(sorted(_REGISTRY.items()))


def available() -> list[str]:
    """Names of the registered reproductions."""
    return list(registry())


def get(name: str) -> Reproduction:
    """Look up a reproduction; unknown names raise a ValueError listing the known ones."""
    reg = registry()
    if name not in reg:
        raise ValueError(f"Unknown reproduction {name!r}. Available: {sorted(reg)}.")
    return reg[name]


def run(name: str, quick=False, device="auto", random_state=0, out=None, verbose=True):
    """Run a reproduction, optionally write its files to ``out`` and print its tables.

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
        Directory for the PNG figures and the Markdown/JSON tables.
    verbose : bool, default=True
        Print the tables and the conclusion.

    Returns
    -------
    ReproductionResult
    """
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    result = get(name)(quick=quick, device=device, random_state=random_state)
    if out is not None:
        result.paths_ = result.save(out)
    if verbose:
        print(result.to_markdown())
    return result


def progress(iterable, desc: str = "", total=None):
    """A progress bar (tqdm on stderr) for the long loops of reproductions."""
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return iterable
    return tqdm(iterable, desc=desc, total=total, leave=False, file=sys.stderr,
                disable=not sys.stderr.isatty())
