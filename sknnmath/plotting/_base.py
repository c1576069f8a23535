"""The rules every sknnmath figure follows, as helpers (matplotlib imported lazily).

* axis labels that name the quantity (:func:`set_labels`);
* a colourbar whenever colour encodes a value (:func:`add_colorbar`); colours
  that only name categories explained in a legend are marked with
  :func:`mark_categorical`;
* legends outside the data (:func:`legend_outside`);
* integer ticks on integer axes (:func:`integer_ticks`);
* titles that say in words what is compared;
* exact zeros on a log axis drawn as a floor with a marker, never at 1e-16
  (:func:`plot_with_zero_floor`).

:func:`check_figure_rules` lists the violations of a figure; the tests run it on
every reproduction's figures.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "add_colorbar",
    "check_figure_rules",
    "create_axes",
    "integer_ticks",
    "legend_outside",
    "mark_categorical",
    "plot_with_zero_floor",
    "set_labels",
    "subplots",
]


def subplots(nrows=1, ncols=1, *, width=5.2, height=3.9, squeeze=False, **kwargs):
    """A pyplot figure with constrained layout (so sphinx-gallery's scraper finds it).

    Parameters
    ----------
    nrows, ncols : int, default=1
        Grid of axes.
    width, height : float
        Size of one panel in inches.
    squeeze : bool, default=False
        As :func:`matplotlib.pyplot.subplots` (False: always a 2-D array).
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : ndarray of Axes
    """
    import matplotlib.pyplot as plt

    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=squeeze,
                        **kwargs)


def create_axes(ax=None, *, width=5.2, height=3.9):
    """``(figure, ax)``: the given axes and its figure, or a new pyplot figure.

    This is what a Display's ``plot(ax=None)`` calls, as scikit-learn's Displays do.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None, default=None
        Axes to draw on; None makes a new figure.
    width, height : float, default=5.2, 3.9
        Size in inches of a new figure.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The figure holding ``ax``.
    ax : matplotlib.axes.Axes
        The axes to draw on.
    """
    if ax is not None:
        return ax.figure, ax
    fig, axes = subplots(1, 1, width=width, height=height)
    return fig, axes[0, 0]


def set_labels(ax, xlabel, ylabel, title=None):
    """Label both axes with their quantity (required) and optionally title the axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    xlabel, ylabel : str
        Quantities on the axes (non-empty).
    title : str or None, default=None
        Title saying in words what is compared.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    ValueError
        If a label is empty: an unlabelled axis breaks the figure rules.
    """
    if not xlabel or not ylabel:
        raise ValueError("Both axes need a label naming the quantity.")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    return ax


def add_colorbar(mappable, ax, label, **kwargs):
    """A labelled colourbar for a mappable whose colour encodes a value.

    Parameters
    ----------
    mappable : ScalarMappable
        An image, contour set, mesh or scatter with ``c=`` values.
    ax : Axes
        The axes the colourbar belongs to.
    label : str
        The quantity the colour encodes.
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.colorbar`.

    Returns
    -------
    matplotlib.colorbar.Colorbar
    """
    if not label:
        raise ValueError("A colourbar needs a label naming the quantity.")
    cb = ax.figure.colorbar(mappable, ax=ax, **kwargs)
    cb.set_label(label)
    return cb


def mark_categorical(mappable):
    """Declare that a mappable's colours name categories explained in a legend.

    Such colours encode no value, so they need no colourbar (e.g. the class
    regions of a decision boundary).

    Parameters
    ----------
    mappable : matplotlib.cm.ScalarMappable
        The image, contour set or collection.

    Returns
    -------
    matplotlib.cm.ScalarMappable
        ``mappable``, marked.
    """
    mappable._sknnmath_categorical = True
    return mappable


def legend_outside(ax, where="right", **kwargs):
    """Place the legend outside the data: to the right of the axes or below it.

    Parameters
    ----------
    ax : Axes
    where : {"right", "below"}, default="right"
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.legend` (e.g. ``ncols``, ``fontsize``).

    Returns
    -------
    matplotlib.legend.Legend
    """
    kwargs.setdefault("fontsize", "small")
    kwargs.setdefault("frameon", False)
    if where == "right":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                         **kwargs)
    if where == "below":
        kwargs.setdefault("ncols", 2)
        return ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), borderaxespad=0.0,
                         **kwargs)
    raise ValueError(f"where must be 'right' or 'below', got {where!r}.")


def integer_ticks(ax, axis="x"):
    """Only integer tick positions on an axis that counts something.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    axis : {"x", "y", "both"}, default="x"
        Which axis counts.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    from matplotlib.ticker import MaxNLocator

    for a in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{a}axis").set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_with_zero_floor(ax, x, y, *, floor=None, label=None, zero_label="exact 0 (drawn at floor)",
                         marker="v", **kwargs):
    """Plot positive values on a log y-axis with exact zeros drawn at a visible floor.

    Values that are exactly 0 cannot be drawn on a log axis; plotting them as
    1e-16 stretches the axis over 16 decades. Instead they are drawn at
    ``floor`` (default: a decade below the smallest positive value) with a
    marker, and a dotted line marks the floor.

    Parameters
    ----------
    ax : Axes
    x, y : array-like
        Data; ``y >= 0``.
    floor : float, optional
        Height at which exact zeros are drawn.
    label : str, optional
        Legend label of the positive values.
    zero_label : str
        Legend label of the zero markers.
    marker : str, default="v"
        Marker of the zeros.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for the positive values.

    Returns
    -------
    line : Line2D
        The positive values (zeros are gaps).
    zeros : Line2D or None
        The zero markers (None when there is no zero).
    floor : float
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    zero = y == 0
    pos = y[y > 0]
    if floor is None:
        floor = 10 ** (np.floor(np.log10(pos.min())) - 1) if pos.size else 1e-3
    (line,) = ax.plot(x, np.where(zero, np.nan, y), label=label, **kwargs)
    zeros = None
    if zero.any():
        (zeros,) = ax.plot(x[zero], np.full(zero.sum(), floor), linestyle="none", marker=marker,
                           color=line.get_color(), label=zero_label)
        ax.axhline(floor, color="grey", lw=0.6, ls=":")
    ax.set_yscale("log")
    return line, zeros, floor


# ------------------------------------------------------------------------------ the check
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_SEED_DOC = re.compile(r"\bseed[ _-]?0\d\d\b", re.IGNORECASE)
_BARE_FIG = re.compile(r"^\s*\(?fig(ure)?\.?\s*\d+\)?\s*$", re.IGNORECASE)


def _is_colorbar_axes(ax) -> bool:
    return getattr(ax, "_colorbar", None) is not None


def _encodes_value(m) -> bool:
    from matplotlib.contour import ContourSet

    if getattr(m, "_sknnmath_categorical", False):
        return False
    if isinstance(m, ContourSet) and not m.filled:
        # contour lines of one colour mark a level set; they are explained in a legend
        ec = np.asarray(m.get_edgecolor())
        return ec.ndim == 2 and len({tuple(np.round(r, 6)) for r in ec}) > 1
    arr = m.get_array()
    return arr is not None and np.size(arr) > 1


def check_figure_rules(fig) -> list[str]:
    """List the figure-rule violations of a figure (empty list: it follows the rules).

    Checks that every data axes has an x and a y label, that every image,
    contour set, mesh or value-coloured scatter has a colourbar (unless marked
    with :func:`mark_categorical`), and that no text names a document as
    "seed 00x", is a bare figure number or is untranslated Japanese.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    list of str
        One sentence per violation.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> check_figure_rules(fig)
    ['axes 0 (untitled): no x label', 'axes 0 (untitled): no y label']
    """
    import matplotlib.cm as cm

    problems = []
    data_axes = [ax for ax in fig.axes if not _is_colorbar_axes(ax) and ax.get_visible()]
    for i, ax in enumerate(data_axes):
        name = f"axes {i} ({ax.get_title() or 'untitled'})"
        if not ax.axison:
            continue
        if not ax.get_xlabel().strip():
            problems.append(f"{name}: no x label")
        if not ax.get_ylabel().strip():
            problems.append(f"{name}: no y label")
        mappables = list(ax.images) + [c for c in ax.collections
                                       if isinstance(c, cm.ScalarMappable)]
        for m in mappables:
            if _encodes_value(m) and getattr(m, "colorbar", None) is None:
                problems.append(f"{name}: {type(m).__name__} encodes values by colour "
                                f"but has no colourbar")
    from matplotlib.text import Text

    texts = [t.get_text() for t in fig.findobj(Text)]
    for t in texts:
        if not isinstance(t, str) or not t:
            continue
        if _CJK.search(t):
            problems.append(f"text {t!r}: untranslated Japanese")
        if _SEED_DOC.search(t):
            problems.append(f"text {t!r}: names a document as a seed (use document_label)")
        if _BARE_FIG.match(t):
            problems.append(f"text {t!r}: a bare figure number (say what the figure shows)")
    return problems


class SpecDisplayMixin:
    """``from_results`` for Displays whose constructor parameters a compute function stores.

    A compute function keeps ``result.data[key]`` as a dict of the Display's constructor
    parameters, plus an optional ``"plot"`` dict of :meth:`plot` keywords.
    """

    @classmethod
    def from_results(cls, result, key, ax=None, **plot_kw):
        """Draw ``result.data[key]`` (the constructor's parameters as a dict, plus ``plot``).

        Parameters
        ----------
        result : ReproductionResult
            The result of a reproduction's compute function.
        key : str
            Entry of ``result.data`` holding the parameters.
        ax : matplotlib.axes.Axes or None, default=None
            Axes to draw on; None makes a new figure.
        **plot_kw : dict
            Keywords of :meth:`plot`, overriding the stored ones.

        Returns
        -------
        display
            The drawn Display.
        """
        spec = dict(result.data[key])
        kw = {**spec.pop("plot", {}), **plot_kw}
        return cls(**spec).plot(ax=ax, **kw)
