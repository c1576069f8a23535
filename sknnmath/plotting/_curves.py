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



class SpectralDensityDisplay(SpecDisplayMixin):
    """Histogram of a matrix's eigenvalues against a limiting density (e.g. Marchenko–Pastur).

    The histogram is normalised so that its area is the fraction of eigenvalues it
    shows (the nonzero ones); an atom of the limit law at 0 (mass ``atom``) is drawn
    as a bar at 0 next to the empirical fraction of zero eigenvalues.

    Parameters
    ----------
    eigenvalues : array-like
        The empirical spectrum (all of it, zeros included).
    grid : array-like
        Points of the density curve.
    density : array-like
        The limiting density of the continuous part on ``grid``.
    atom : float, default=0.0
        Mass of the limit's atom at 0 (0: none).
    bins : int, default=60
        Number of histogram bins over the nonzero eigenvalues.
    label : str, default="eigenvalues"
        Legend label of the histogram.
    density_label : str, default="limiting density"
        Legend label of the curve.
    xlabel : str, default="eigenvalue s"
        Quantity on the x axis.

    Attributes
    ----------
    hist_ : list of Patch
    line_ : Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import SpectralDensityDisplay
    >>> s = np.linspace(0.1, 2.9, 50)
    >>> disp = SpectralDensityDisplay(np.linspace(0.1, 2.9, 200), s, np.full(50, 1 / 2.8)).plot()
    >>> disp.ax_.get_ylabel()
    'density of eigenvalues'
    """

    def __init__(self, eigenvalues, grid, density, *, atom=0.0, bins=60, label="eigenvalues",
                 density_label="limiting density", xlabel="eigenvalue s"):
        self.eigenvalues = np.asarray(eigenvalues, dtype=float).ravel()
        self.grid = np.asarray(grid, dtype=float)
        self.density = np.asarray(density, dtype=float)
        self.atom = float(atom)
        self.bins = bins
        self.label = label
        self.density_label = density_label
        self.xlabel = xlabel

    def plot(self, ax=None, *, title=None, legend=True, legend_where="below"):
        """Draw histogram, density and atom; returns self."""
        fig, ax = create_axes(ax)
        lam = self.eigenvalues
        tol = lam.size * np.finfo(float).eps * max(float(np.max(np.abs(lam), initial=0.0)), 1.0)
        nz = lam[np.abs(lam) > tol]
        frac = nz.size / max(lam.size, 1)
        weights = np.full(nz.size, 1.0 / max(lam.size, 1))
        edges = np.linspace(nz.min(), nz.max(), self.bins + 1) if nz.size else self.bins
        width = (edges[1] - edges[0]) if nz.size else 1.0
        _, _, self.hist_ = ax.hist(nz, bins=edges, weights=weights / width, color="C0",
                                   alpha=0.45, label=f"{self.label} (nonzero: {frac:.3f})")
        (self.line_,) = ax.plot(self.grid, self.density, color="C3", lw=1.6,
                                label=self.density_label)
        top = 1.3 * max(float(np.max(self.density, initial=0.0)),
                        max((float(p.get_height()) for p in self.hist_), default=0.0))
        if self.atom > 0:
            # the atom is a point mass: a bar clipped at the top of the axes, its mass in words
            zero_frac = 1.0 - frac
            ax.bar([0.0], [top], width=width, color="none", edgecolor="k", lw=1.2, hatch="//",
                   label=f"atom at 0: mass {self.atom:.3f}\n(zero eigenvalues: {zero_frac:.3f})")
        if top > 0:
            ax.set_ylim(0, top)
        set_labels(ax, self.xlabel, "density of eigenvalues", title)
        if legend:
            legend_outside(ax, where=legend_where, fontsize="x-small", ncols=1)
        self.ax_, self.figure_ = ax, fig
        return self


class BoundTermsDisplay(SpecDisplayMixin):
    """Grouped bars (log scale): the terms of a risk bound next to the measured risk, per setting.

    Parameters
    ----------
    labels : list of str
        Settings (one group of bars each).
    terms : dict of str to array-like
        Bound terms by legend label (one value per setting); drawn hatched.
    measured : array-like
        The measured risk per setting (drawn solid, first in each group).
    measured_label : str, default="measured excess risk"
    setting_name : str, default="setting"
        x-axis label.
    value_name : str, default="value (log scale)"
        y-axis label.

    Attributes
    ----------
    bars_ : dict of str to BarContainer
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import BoundTermsDisplay
    >>> disp = BoundTermsDisplay(["a", "b"], {"k/n": [0.1, 0.5]}, [0.2, 0.3]).plot()
    >>> sorted(disp.bars_)
    ['k/n', 'measured excess risk']
    """

    def __init__(self, labels, terms, measured, *, measured_label="measured excess risk",
                 setting_name="setting", value_name="value (log scale)"):
        self.labels = list(labels)
        self.terms = {k: np.asarray(v, dtype=float) for k, v in terms.items()}
        self.measured = np.asarray(measured, dtype=float)
        self.measured_label = measured_label
        self.setting_name = setting_name
        self.value_name = value_name

    def plot(self, ax=None, *, title=None, legend=True):
        """Draw the bars; returns self."""
        fig, ax = create_axes(ax)
        xb = np.arange(len(self.labels))
        k = 1 + len(self.terms)
        w = 0.8 / k
        self.bars_ = {self.measured_label: ax.bar(xb - 0.4 + w / 2, self.measured, w, color="k",
                                                  label=self.measured_label)}
        hatches = ["//", "\\\\", "..", "xx", "--", "++"]
        for i, (label, v) in enumerate(self.terms.items()):
            # a zero term (e.g. k*/n with k* = 0) cannot sit on a log axis: drawn at the floor
            self.bars_[label] = ax.bar(xb - 0.4 + w * (i + 1.5), np.where(v > 0, v, np.nan), w,
                                       color=f"C{i}", alpha=0.8, hatch=hatches[i % len(hatches)],
                                       label=label)
        ax.set_yscale("log")
        ax.set_xticks(xb, self.labels, fontsize="small", rotation=15)
        set_labels(ax, self.setting_name, self.value_name, title)
        if legend:
            legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self
