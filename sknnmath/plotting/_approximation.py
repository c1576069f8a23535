"""Rate plots of the approximation room: error against a size on log–log axes with fitted
and theoretical slopes (documents 002 and 004)."""

from __future__ import annotations

import numpy as np

from ._base import create_axes, legend_outside, set_labels


class ApproximationRateDisplay:
    """Errors against a size (parameters ``W``, sample size ``n``) with fitted and theory slopes.

    Each series is drawn as markers with its least-squares log–log line (slope
    in the legend); a theory slope, where given, is drawn dashed through the
    series' first point, so the eye compares exponents, not constants.

    Parameters
    ----------
    curves : dict of str to (x, y)
        Series by legend label.
    theory : dict of str to float, optional
        Theory exponent per series label (``-inf`` or missing: none drawn).

    Attributes
    ----------
    lines_ : dict of str to Line2D
        The data markers per series.
    slopes_ : dict of str to float
        Fitted log–log slopes.
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    sknnmath.plotting.RiskCurveDisplay : Monte Carlo risk curves with bands.
    sklearn.model_selection.LearningCurveDisplay : Scores against training size.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import ApproximationRateDisplay
    >>> W = np.array([10, 20, 40, 80])
    >>> disp = ApproximationRateDisplay({"ReLU": (W, 1 / W**2)}, theory={"ReLU": -2.0}).plot()
    >>> round(disp.slopes_["ReLU"], 3)
    -2.0
    """

    def __init__(self, curves, theory=None):
        self.curves = {k: (np.asarray(x, float), np.asarray(y, float)) for k, (x, y) in curves.items()}
        self.theory = dict(theory or {})

    @classmethod
    def from_frame(cls, frame, *, x, y, by, theory=None):
        """Build from a long table (one row per point, series named by column ``by``)."""
        curves = {str(k): (g[x].to_numpy(), g[y].to_numpy())
                  for k, g in frame.groupby(by, sort=False)}
        return cls(curves, theory=theory)

    @classmethod
    def from_results(cls, result, key, *, x, y, by, theory=None, ax=None, **plot_kw):
        """Draw table ``key`` of a :class:`~sknnmath.reproduce.ReproductionResult`."""
        return cls.from_frame(result.tables[key], x=x, y=y, by=by, theory=theory).plot(ax=ax, **plot_kw)

    def plot(self, ax=None, *, xlabel="number of parameters W", ylabel="error", title=None,
             legend=True):
        """Draw the series, their fitted lines and the theory slopes.

        Parameters
        ----------
        ax : Axes, optional
            Where to draw.
        xlabel, ylabel : str
            Axis labels.
        title : str, optional
            What is compared.
        legend : bool, default=True
            Legend outside the axes.

        Returns
        -------
        self
        """
        from ..approximation import fit_loglog_slope

        fig, ax = create_axes(ax)
        self.lines_, self.slopes_ = {}, {}
        for i, (label, (xs, ys)) in enumerate(self.curves.items()):
            color = f"C{i % 10}"
            keep = ys > 0
            slope = fit_loglog_slope(xs, ys)
            self.slopes_[label] = slope
            (self.lines_[label],) = ax.plot(xs[keep], ys[keep], "o", color=color, ms=4,
                                            label=f"{label} (slope {slope:.2f})")
            if keep.sum() >= 2 and np.isfinite(slope):
                lx = np.log(xs[keep])
                c = np.mean(np.log(ys[keep]) - slope * lx)
                xx = np.array([xs[keep].min(), xs[keep].max()])
                ax.plot(xx, np.exp(c) * xx**slope, "-", color=color, lw=1)
            th = self.theory.get(label)
            if th is not None and np.isfinite(th) and keep.any():
                x0, y0 = xs[keep][0], ys[keep][0]
                xx = np.array([x0, xs[keep].max()])
                ax.plot(xx, y0 * (xx / x0) ** th, "--", color=color, lw=1,
                        label=f"theory slope {th:.2f}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        set_labels(ax, xlabel, ylabel, title)
        if legend:
            legend_outside(ax, where="below", ncols=1)
        self.ax_, self.figure_ = ax, fig
        return self
