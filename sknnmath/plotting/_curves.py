"""Curves and bars of the over-parameterisation figures: covariance spectra, the
bias/variance split of a risk, and a 1-D function fit with its data."""

from __future__ import annotations

import numpy as np

from ._base import SpecDisplayMixin, create_axes, legend_outside, set_labels


class SpectrumDisplay:
    """Eigenvalue spectra lambda_k against the index k (log-log), with a marker at k = n.

    Parameters
    ----------
    spectra : dict of str to array-like
        Eigenvalues (decreasing) by legend label.
    n_samples : int, optional
        Draw a vertical line at k = n.

    Attributes
    ----------
    lines_ : dict of str to Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import SpectrumDisplay
    >>> disp = SpectrumDisplay({"k^-2": [1, 0.25, 1 / 9]}, n_samples=2).plot()
    >>> sorted(disp.lines_)
    ['k^-2']
    """

    def __init__(self, spectra, n_samples=None):
        self.spectra = {k: np.asarray(v, dtype=float) for k, v in spectra.items()}
        self.n_samples = n_samples

    def plot(self, ax=None, *, title=None, legend=True):
        """Draw the spectra; returns self."""
        fig, ax = create_axes(ax)
        self.lines_ = {}
        for i, (label, lam) in enumerate(self.spectra.items()):
            (self.lines_[label],) = ax.loglog(np.arange(1, lam.size + 1), lam, color=f"C{i}",
                                              label=label)
        if self.n_samples is not None:
            ax.axvline(self.n_samples, color="grey", ls=":", lw=0.8,
                       label=f"k = n = {self.n_samples}")
        set_labels(ax, "index k of the eigenvalue", "eigenvalue lambda_k", title)
        if legend:
            legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_results(cls, result, key="spectra", ax=None, **plot_kw):
        """Draw ``result.data[key]`` (a dict with ``spectra`` and ``n_samples``)."""
        spec = dict(result.data[key])
        kw = {**spec.pop("plot", {}), **plot_kw}
        return cls(**spec).plot(ax=ax, **kw)


class BiasVarianceDisplay(SpecDisplayMixin):
    """Stacked bars: the bias and variance parts of a risk for several settings.

    Parameters
    ----------
    labels : list of str
        One bar per setting.
    bias, variance : array-like
        The two parts.
    reference : float, optional
        A horizontal reference (e.g. the null risk).
    reference_label : str, default="reference"
    risk_name : str, default="excess risk"
        y-axis label.
    setting_name : str, default="setting"
        x-axis label.

    Attributes
    ----------
    bars_ : dict with keys "bias" and "variance" (BarContainer)
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import BiasVarianceDisplay
    >>> disp = BiasVarianceDisplay(["a", "b"], [0.1, 0.9], [0.2, 0.1], reference=1.0).plot()
    >>> len(disp.bars_["bias"])
    2
    """

    def __init__(self, labels, bias, variance, *, reference=None, reference_label="reference",
                 risk_name="excess risk", setting_name="setting"):
        self.labels = list(labels)
        self.bias = np.asarray(bias, dtype=float)
        self.variance = np.asarray(variance, dtype=float)
        self.reference = reference
        self.reference_label = reference_label
        self.risk_name = risk_name
        self.setting_name = setting_name

    def plot(self, ax=None, *, title=None, legend=True):
        """Draw the bars; returns self."""
        fig, ax = create_axes(ax)
        xb = np.arange(len(self.labels))
        self.bars_ = {"bias": ax.bar(xb, self.bias, color="C0", label="bias"),
                      "variance": ax.bar(xb, self.variance, bottom=self.bias, color="C1",
                                         label="variance")}
        if self.reference is not None:
            ax.axhline(self.reference, color="k", ls=":", lw=0.8, label=self.reference_label)
        ax.set_xticks(xb, self.labels, fontsize="small", rotation=15)
        set_labels(ax, self.setting_name, self.risk_name, title)
        if legend:
            legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self


class FunctionFitDisplay(SpecDisplayMixin):
    """Curves of a 1-D function fit on a grid, with the data points.

    Parameters
    ----------
    grid : array-like
        The x values of the curves.
    curves : dict of str to array-like
        Curves by legend label, drawn in order.
    points : tuple (x, y, label), optional
        The data.
    xlabel, ylabel : str
        Axis labels naming the quantities.
    styles : dict of str to dict, optional
        Extra ``Axes.plot`` keywords per curve label.

    Attributes
    ----------
    lines_ : dict of str to Line2D
    points_ : Line2D or None
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import FunctionFitDisplay
    >>> disp = FunctionFitDisplay([0, 1], {"truth": [0, 1]}, points=([0.5], [0.4], "data")).plot()
    >>> disp.points_.get_label()
    'data'
    """

    def __init__(self, grid, curves, points=None, *, xlabel="x", ylabel="y", styles=None):
        self.grid = np.asarray(grid, dtype=float)
        self.curves = {k: np.asarray(v, dtype=float) for k, v in curves.items()}
        self.points = points
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.styles = styles or {}

    def plot(self, ax=None, *, title=None, legend=True):
        """Draw curves and points; returns self."""
        fig, ax = create_axes(ax)
        self.lines_ = {}
        for i, (label, yv) in enumerate(self.curves.items()):
            kw = {"color": f"C{i}", "lw": 1.2, **self.styles.get(label, {})}
            (self.lines_[label],) = ax.plot(self.grid, yv, label=label, **kw)
        self.points_ = None
        if self.points is not None:
            px, py, plabel = self.points
            (self.points_,) = ax.plot(px, py, "o", color="C0", ms=3.5, label=plabel,
                                      **self.styles.get(plabel, {}))
        set_labels(ax, self.xlabel, self.ylabel, title)
        if legend:
            legend_outside(ax, where="below")
        self.ax_, self.figure_ = ax, fig
        return self

