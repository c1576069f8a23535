"""Figures of training dynamics (document 002, Tomiya): curves over epochs or sizes
with seed bands, per-layer gradient norms with their bound, weight histograms."""

from __future__ import annotations

import numpy as np

from ._base import SpecDisplayMixin, create_axes, integer_ticks, legend_outside, set_labels

__all__ = ["CurvesDisplay", "LayerGradientDisplay", "WeightHistogramDisplay"]


def _series(value):
    """Normalise a curve spec to (x, median, lo, hi, style)."""
    band = True
    if isinstance(value, dict):
        y = np.asarray(value["y"], dtype=float)
        x = np.asarray(value.get("x", np.arange(1, y.shape[-1] + 1)), dtype=float)
        style = dict(value.get("style", {}))
        band = value.get("band", True)
    else:
        y = np.asarray(value, dtype=float)
        x = np.arange(1, y.shape[-1] + 1, dtype=float)
        style = {}
    if y.ndim == 2:  # rows are seeds: median and the 10–90% band
        med = np.nanmedian(y, axis=0)
        if not band:
            return x, med, None, None, style
        lo, hi = np.nanquantile(y, 0.1, axis=0), np.nanquantile(y, 0.9, axis=0)
        return x, med, lo, hi, style
    return x, y, None, None, style


class CurvesDisplay(SpecDisplayMixin):
    """Several curves y(x) on one axes; rows of a 2-D y are seeds (median, 10–90% band).

    Used for loss curves over epochs (optimisers, training vs validation), for
    shares of successful seeds vs depth and for costs vs parameter count.

    Parameters
    ----------
    curves : dict of str to array-like or dict
        By legend label: an array (y over x = 1, 2, …; 2-D for seeds × x) or a
        dict with ``y``, optional ``x``, ``style`` (matplotlib keywords) and
        ``band`` (False: the median only).
    xlabel, ylabel : str
        Axis labels (the quantities).
    xscale, yscale : {"linear", "log"}, default="linear"
        Axis scales.
    markers : dict of str to (x, y) or (x, y, color), optional
        Points to mark (e.g. an early-stopping epoch), by legend label.
    integer_x : bool, default=False
        Integer ticks on the x axis (epochs, depths).

    Attributes
    ----------
    lines_ : dict of str to Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import CurvesDisplay
    >>> disp = CurvesDisplay({"train": [1.0, 0.5, 0.2], "validation": [1.1, 0.7, 0.9]},
    ...                      xlabel="epoch", ylabel="loss").plot()
    >>> sorted(disp.lines_)
    ['train', 'validation']
    """

    def __init__(self, curves, *, xlabel, ylabel, xscale="linear", yscale="linear", markers=None,
                 integer_x=False):
        self.curves = dict(curves)
        self.xlabel, self.ylabel = xlabel, ylabel
        self.xscale, self.yscale = xscale, yscale
        self.markers = dict(markers or {})
        self.integer_x = integer_x

    def plot(self, ax=None, *, title=None, legend=True, legend_where="right"):
        """Draw the curves; returns self."""
        fig, ax = create_axes(ax)
        self.lines_ = {}
        for i, (label, value) in enumerate(self.curves.items()):
            x, y, lo, hi, style = _series(value)
            style.setdefault("color", f"C{i % 10}")
            (self.lines_[label],) = ax.plot(x, y, label=label, **style)
            if lo is not None:
                ax.fill_between(x, lo, hi, color=style["color"], alpha=0.15, lw=0)
        for label, spec in self.markers.items():
            mx, my = spec[0], spec[1]
            color = spec[2] if len(spec) > 2 else "k"
            ax.plot([mx], [my], ls="none", marker="v", ms=9, color=color, markeredgecolor="k",
                    label=label)
        ax.set_xscale(self.xscale)
        ax.set_yscale(self.yscale)
        if self.integer_x:
            integer_ticks(ax, "x")
        set_labels(ax, self.xlabel, self.ylabel, title)
        if legend:
            legend_outside(ax, where=legend_where)
        self.ax_, self.figure_ = ax, fig
        return self


class LayerGradientDisplay(SpecDisplayMixin):
    """Gradient norm ‖∂L/∂W_l‖ against the layer index l (log scale), one curve per network.

    Parameters
    ----------
    norms : dict of str to array-like
        By legend label: shape (n_layers,) or (n_seeds, n_layers) (median and
        10–90% band), layers ordered from the input to the output.
    bounds : dict of str to array-like, optional
        Upper bounds drawn dashed (e.g. (¼)^L ∏‖W_l‖ for sigmoid networks).
    ylabel : str, default="gradient norm ||dL/dW_l||"
        The quantity on the y axis.

    Attributes
    ----------
    lines_ : dict of str to Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import LayerGradientDisplay
    >>> disp = LayerGradientDisplay({"sigmoid": [1e-6, 1e-4, 1e-2]},
    ...                             bounds={"bound": [1e-5, 1e-3, 1e-1]}).plot()
    >>> disp.ax_.get_yscale()
    'log'
    """

    def __init__(self, norms, bounds=None, ylabel="gradient norm ||dL/dW_l||"):
        self.norms = dict(norms)
        self.bounds = dict(bounds or {})
        self.ylabel = ylabel

    def plot(self, ax=None, *, title=None, legend=True, legend_where="right"):
        """Draw the per-layer norms; returns self."""
        fig, ax = create_axes(ax)
        self.lines_ = {}
        for i, (label, value) in enumerate(self.norms.items()):
            y = np.asarray(value, dtype=float)
            x = np.arange(1, y.shape[-1] + 1)
            if y.ndim == 2:
                lo, hi = np.nanquantile(y, 0.1, axis=0), np.nanquantile(y, 0.9, axis=0)
                ax.fill_between(x, lo, hi, color=f"C{i % 10}", alpha=0.2, lw=0)
                y = np.nanmedian(y, axis=0)
            (self.lines_[label],) = ax.plot(x, y, marker="o", ms=3, color=f"C{i % 10}", label=label)
        for j, (label, value) in enumerate(self.bounds.items()):
            y = np.asarray(value, dtype=float)
            if y.ndim == 2:
                y = np.nanmedian(y, axis=0)
            (self.lines_[label],) = ax.plot(np.arange(1, y.size + 1), y, ls="--", color="k",
                                            alpha=0.8 - 0.3 * j, label=label)
        ax.set_yscale("log")
        integer_ticks(ax, "x")
        set_labels(ax, "layer l (1 = input layer's weights)", self.ylabel, title)
        if legend:
            legend_outside(ax, where=legend_where)
        self.ax_, self.figure_ = ax, fig
        return self


class WeightHistogramDisplay(SpecDisplayMixin):
    """Histograms of trained weights, one per setting (L1 gives exact or near zeros, L2 shrinks).

    The y axis counts weights on a log scale so that both the peak at zero and
    the tails are visible; the number of weights with ``|w| <= zero_tol`` is
    written in each legend entry.

    Parameters
    ----------
    weights : dict of str to array-like
        Flattened weights by legend label.
    bins : int, default=60
        Number of bins over the common range.
    zero_tol : float, default=1e-3
        Threshold for "near zero" in the legend.

    Attributes
    ----------
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import WeightHistogramDisplay
    >>> disp = WeightHistogramDisplay({"no penalty": np.linspace(-1, 1, 50)}).plot()
    >>> disp.ax_.get_xlabel()
    'weight value w'
    """

    def __init__(self, weights, bins=60, zero_tol=1e-3):
        self.weights = {k: np.asarray(v, dtype=float).ravel() for k, v in weights.items()}
        self.bins = bins
        self.zero_tol = zero_tol

    def plot(self, ax=None, *, title=None, legend=True, legend_where="right"):
        """Draw the histograms; returns self."""
        fig, ax = create_axes(ax)
        allw = np.concatenate(list(self.weights.values()))
        lim = float(np.quantile(np.abs(allw), 0.995)) if allw.size else 1.0
        edges = np.linspace(-lim, lim, self.bins + 1)
        for i, (label, w) in enumerate(self.weights.items()):
            near = int(np.sum(np.abs(w) <= self.zero_tol))
            ax.hist(np.clip(w, -lim, lim), bins=edges, histtype="step", lw=1.5, color=f"C{i % 10}",
                    label=f"{label} ({near}/{w.size} with |w| <= {self.zero_tol:g})")
        ax.set_yscale("log")
        set_labels(ax, "weight value w", "number of weights", title)
        if legend:
            legend_outside(ax, where=legend_where)
        self.ax_, self.figure_ = ax, fig
        return self

