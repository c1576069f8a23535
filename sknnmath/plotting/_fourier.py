"""Displays of document 000's Fourier part: decision regions of the compared
classifiers, the validation curve across the interpolation threshold, exact
partial sums at the centre, pointwise error envelopes and the Gibbs profile."""

from __future__ import annotations

import numpy as np

from ._base import (
    integer_ticks,
    legend_outside,
    mark_categorical,
    plot_with_zero_floor,
    set_labels,
    subplots,
)

_INSIDE, _OUTSIDE = "#9ecae1", "#f2f2f2"


def _figure_legend(fig, axes, ncols=3, **kwargs):
    """One legend for the whole figure, below the panels (labels deduplicated).

    Used when the panels share their curves, so the legend sits outside every
    panel's data and is read once.
    """
    seen = {}
    for a in axes:
        for h, lab in zip(*a.get_legend_handles_labels()):
            if not lab.startswith("_") and lab not in seen:
                seen[lab] = h
    kwargs.setdefault("fontsize", "small")
    kwargs.setdefault("frameon", False)
    return fig.legend(list(seen.values()), list(seen), loc="outside lower center",
                      ncols=min(ncols, max(len(seen), 1)), **kwargs)


def _doc(number):
    from ..reproduce import document_label

    return document_label(number)


class BallDecisionRegionsDisplay:
    """Predicted regions of several classifiers on the ball data, side by side.

    Each panel is a :class:`sklearn.inspection.DecisionBoundaryDisplay` of the
    predicted class; the true boundary (the circle of radius ``radius``) and
    training points of both labels are drawn on top. Colours name classes (a
    legend explains them), so no colourbar is needed.

    Parameters
    ----------
    xx0, xx1 : ndarray of shape (n_grid, n_grid)
        The grid (as :func:`numpy.meshgrid` returns it).
    responses : dict of str to ndarray of shape (n_grid, n_grid)
        Predicted class (0 or 1) of each model on the grid, by panel title.
    X, y : ndarray, optional
        Training points to overlay and their labels.
    radius : float, default=1.0
        Radius of the true ball.
    scores : dict of str to float, optional
        Test accuracy per model, shown in the panel titles.

    Attributes
    ----------
    displays_ : list of sklearn.inspection.DecisionBoundaryDisplay
    axes_ : list of matplotlib.axes.Axes
    ax_ : matplotlib.axes.Axes
        The first panel.
    figure_ : matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import BallDecisionRegionsDisplay
    >>> g = np.linspace(-1.5, 1.5, 31)
    >>> xx0, xx1 = np.meshgrid(g, g)
    >>> inside = (xx0**2 + xx1**2 < 1).astype(int)
    >>> disp = BallDecisionRegionsDisplay(xx0=xx0, xx1=xx1, responses={"exact": inside}).plot()
    >>> len(disp.axes_)
    1
    """

    def __init__(self, *, xx0, xx1, responses, X=None, y=None, radius=1.0, scores=None):
        self.xx0 = np.asarray(xx0)
        self.xx1 = np.asarray(xx1)
        self.responses = dict(responses)
        self.X = None if X is None else np.asarray(X)
        self.y = None if y is None else np.asarray(y)
        self.radius = radius
        self.scores = dict(scores or {})

    @classmethod
    def from_estimators(cls, estimators, X, y, *, grid_resolution=101, extent=1.5, radius=1.0,
                        X_test=None, y_test=None, n_points=400, ax=None, title=None):
        """Evaluate fitted classifiers on a grid of ``[-extent, extent]^2`` and plot.

        Parameters
        ----------
        estimators : dict of str to fitted classifier
        X, y : array-like
            Training data (the first ``n_points`` are drawn).
        grid_resolution : int, default=101
        extent : float, default=1.5
        radius : float, default=1.0
        X_test, y_test : array-like, optional
            When given, each panel title shows the model's test accuracy.
        n_points : int, default=400
        ax : array of Axes, optional
        title : str, optional

        Returns
        -------
        BallDecisionRegionsDisplay
        """
        g = np.linspace(-extent, extent, grid_resolution)
        xx0, xx1 = np.meshgrid(g, g)
        G = np.c_[xx0.ravel(), xx1.ravel()]
        responses = {k: np.asarray(est.predict(G)).reshape(xx0.shape)
                     for k, est in estimators.items()}
        scores = ({k: float(est.score(X_test, y_test)) for k, est in estimators.items()}
                  if X_test is not None else None)
        X, y = np.asarray(X), np.asarray(y)
        return cls(xx0=xx0, xx1=xx1, responses=responses, X=X[:n_points], y=y[:n_points],
                   radius=radius, scores=scores).plot(ax=ax, title=title)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the decision regions stored by the ``fourier-vs-dnn`` reproduction."""
        d = result.data
        xx0, xx1 = np.meshgrid(d["grid"], d["grid"])
        s = result.settings
        title = (f"Decision regions on the data of {_doc('000')}:\n{s['n_train']} uniform points "
                 f"of [-1.5, 1.5]², label 1 inside the unit circle")
        return cls(xx0=xx0, xx1=xx1, responses=d["regions"], X=d["X"], y=d["y"],
                   scores=d.get("region_accuracy")).plot(ax=ax, title=title)

    def plot(self, ax=None, *, title=None):
        """Draw one panel per model.

        Parameters
        ----------
        ax : sequence of Axes, optional
            One axes per model; a new figure when None.
        title : str, optional
            Figure title.

        Returns
        -------
        self
        """
        import matplotlib.patches as mpatches
        from sklearn.inspection import DecisionBoundaryDisplay

        names = list(self.responses)
        if ax is None:
            fig, axes = subplots(1, len(names), width=4.2, height=4.0)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        t = np.linspace(0, 2 * np.pi, 400)
        self.displays_ = []
        for a, name in zip(axes, names):
            disp = DecisionBoundaryDisplay(xx0=self.xx0, xx1=self.xx1, n_classes=2,
                                           response=self.responses[name])
            disp.plot(ax=a, plot_method="contourf", levels=[-0.5, 0.5, 1.5],
                      colors=[_OUTSIDE, _INSIDE])
            mark_categorical(disp.surface_)
            self.displays_.append(disp)
            if self.X is not None:
                for lab, col, txt in ((1, "#b2182b", "training point, label 1 (inside)"),
                                      (0, "#2166ac", "training point, label 0 (outside)")):
                    sel = self.y == lab
                    a.scatter(self.X[sel, 0], self.X[sel, 1], s=3, color=col, alpha=0.7,
                              label=txt)
            a.plot(self.radius * np.cos(t), self.radius * np.sin(t), "k--", lw=1,
                   label="true boundary |x| = 1")
            acc = self.scores.get(name)
            set_labels(a, "x₁", "x₂",
                       f"{name}\ntest accuracy {acc:.3f}" if acc is not None else name)
            a.title.set_fontsize(9)
            a.set_aspect("equal")
        handles, labels = axes[-1].get_legend_handles_labels()
        handles += [mpatches.Patch(color=_INSIDE, label="predicted inside (class 1)"),
                    mpatches.Patch(color=_OUTSIDE, ec="0.6", label="predicted outside (class 0)")]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize="small",
                   frameon=False, markerscale=3)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class InterpolationThresholdDisplay:
    """Test error of a min-norm fit as the number of terms crosses the number of points.

    Two :class:`sklearn.model_selection.ValidationCurveDisplay` panels (squared error
    on a log axis, accuracy) against ``n_terms / n_train``, with the interpolation
    threshold ``n_terms = n_train`` marked.

    Parameters
    ----------
    ratio : array-like of shape (n_params,)
        ``n_terms / n_train`` for each fit.
    test_mse, test_accuracy : array-like of shape (n_params,)
    train_accuracy : array-like of shape (n_params,), optional
    n_train : int, optional
        Shown in the title.

    Attributes
    ----------
    displays_ : list of sklearn.model_selection.ValidationCurveDisplay
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import InterpolationThresholdDisplay
    >>> disp = InterpolationThresholdDisplay(ratio=[0.5, 1.0, 2.0], test_mse=[0.1, 5.0, 0.3],
    ...                                      test_accuracy=[0.9, 0.6, 0.8]).plot()
    >>> disp.axes_[0].get_yscale()
    'log'
    """

    def __init__(self, *, ratio, test_mse, test_accuracy, train_accuracy=None, n_train=None):
        self.ratio = np.asarray(ratio, dtype=float)
        self.test_mse = np.asarray(test_mse, dtype=float)
        self.test_accuracy = np.asarray(test_accuracy, dtype=float)
        self.train_accuracy = (None if train_accuracy is None
                               else np.asarray(train_accuracy, dtype=float))
        self.n_train = n_train

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the ``validation_curve`` table of the ``fourier-vs-dnn`` reproduction."""
        vc = result.tables["validation_curve"]
        return cls(ratio=vc["n_terms / n_train"], test_mse=vc["test MSE"],
                   test_accuracy=vc["test accuracy"],
                   train_accuracy=vc["train accuracy"] if "train accuracy" in vc else None,
                   n_train=result.settings.get("validation_n_train")).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the two panels (``ax``: two Axes, or None for a new figure)."""
        from sklearn.model_selection import ValidationCurveDisplay

        if ax is None:
            fig, axes = subplots(1, 2, width=4.6, height=3.6)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        xlabel = "number of Fourier terms / number of training points"
        tr_acc = self.train_accuracy if self.train_accuracy is not None else self.test_accuracy
        panels = [("test squared error (MSE)", self.test_mse, self.test_mse, "test"),
                  ("accuracy (threshold 0.5)", self.test_accuracy, tr_acc,
                   "both" if self.train_accuracy is not None else "test")]
        self.displays_ = []
        for a, (name, test, train, kind) in zip(axes, panels):
            disp = ValidationCurveDisplay(param_name=xlabel, param_range=self.ratio,
                                          train_scores=np.asarray(train)[:, None],
                                          test_scores=np.asarray(test)[:, None], score_name=name)
            disp.plot(ax=a, score_type=kind, std_display_style=None, line_kw={"marker": "o"})
            for line in disp.lines_:
                train = line.get_label() == "Train"
                line.set_label("training points" if train else "held-out points")
                line.set_color("C0" if train else "C3")
            a.get_legend().remove()  # one legend for both panels, below them
            a.axvline(1.0, color="k", ls=":", lw=1,
                      label="interpolation threshold (terms = points)")
            set_labels(a, xlabel, name)
            self.displays_.append(disp)
        _figure_legend(fig, axes)
        axes[0].set_yscale("log")
        n = f" (n_train = {self.n_train})" if self.n_train else ""
        fig.suptitle("Min-norm least-squares Fourier fit (period 3): validation curve over "
                     f"n_frequencies{n},\ndouble descent at the interpolation threshold",
                     fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class PartialSumDisplay:
    """The exact spherical partial sums at the centre of the ball, minus the true value.

    Parameters
    ----------
    n : ndarray of shape (n_N,)
        The truncation radii ``N``.
    errors : dict of int to ndarray of shape (n_N,)
        ``S_N(0) - f(0)`` by dimension ``d``.

    Attributes
    ----------
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import PartialSumDisplay
    >>> disp = PartialSumDisplay(n=np.arange(1, 5), errors={3: np.array([0.5, -0.4, 0.3, -0.6])})
    >>> disp = disp.plot()
    >>> disp.axes_[0].get_xlabel()
    'truncation radius N (terms with |k| < N)'
    """

    def __init__(self, *, n, errors):
        self.n = np.asarray(n)
        self.errors = dict(errors)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the centre of every dimension of ``fourier-pointwise``."""
        sums = result.data["partial_sums"]
        truth = result.data["truth"]
        return cls(n=result.data["N"],
                   errors={d: sums[d]["centre"] - truth[d]["centre"] for d in sums}).plot(ax=ax)

    def plot(self, ax=None):
        """One panel per dimension (``ax``: sequence of Axes, or None)."""
        dims = list(self.errors)
        if ax is None:
            fig, axes = subplots(1, len(dims), width=4.2, height=3.5)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        for a, d in zip(axes, dims):
            a.plot(self.n, self.errors[d], lw=0.8, color="C0", label="S_N(0) − 1")
            a.axhline(0, color="k", lw=0.5)
            if d == 3:
                for k, v in enumerate((2 / np.pi, -2 / np.pi)):
                    a.axhline(v, color="C3", ls=":", lw=1,
                              label="Pinsky bounds ±2/π" if k == 0 else None)
            kind = {2: "converges slowly", 3: "bounded oscillation (Pinsky)"}.get(
                d, "grows like N^((d−3)/2)")
            set_labels(a, "truncation radius N (terms with |k| < N)",
                       "partial sum at the centre − 1", f"d = {d}: {kind}")
            a.title.set_fontsize(9)
            integer_ticks(a, "x")
        _figure_legend(fig, axes)
        fig.suptitle("Exact Fourier partial sums S_N at the centre of the ball |x| < 1/2 "
                     f"(period cell [−1, 1)^d),\n{_doc('000')}", fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


def window_max(n, err):
    """``max |err(M)|`` over ``M`` in ``[ceil(N/2), N]``, for every ``N`` of ``n``.

    The envelope the tables of ``fourier-pointwise`` report: it keeps the size of an
    oscillating error and drops the oscillation, so curves of different points do
    not overlap.

    Examples
    --------
    >>> from sknnmath.plotting._fourier import window_max
    >>> window_max([1, 2, 3, 4], [0.5, 0.1, 0.3, 0.0]).tolist()
    [0.5, 0.5, 0.3, 0.3]
    """
    n = np.asarray(n)
    err = np.abs(np.asarray(err, dtype=float))
    out = np.empty_like(err)
    for i, N in enumerate(n):
        sel = (n >= np.ceil(N / 2)) & (n <= N)
        out[i] = err[sel].max()
    return out


class PointwiseConvergenceDisplay:
    """Pointwise errors of approximations as their size grows; exact zeros on a floor.

    Each panel holds curves ``(x, |error|)`` on a log y-axis. Values that are exactly
    0 (BallNet's indicator is exact at most points) are drawn at a floor a decade
    below the smallest positive error, with a marker, instead of at 1e-16. A curve
    can be drawn as its window envelope ``max |error(M)|, M in [N/2, N]`` (see
    :func:`window_max`) so oscillating Fourier errors do not hide each other.

    Parameters
    ----------
    panels : dict of str to dict of str to dict
        ``{panel title: {curve label: {"x": ..., "error": ..., "envelope": bool,
        "style": dict}}}``.
    xlabel : str
    ylabel : str
    title : str, optional
        Figure title.
    logx : bool, default=False

    Attributes
    ----------
    lines_ : dict of (str, str) to Line2D
        The curves, by (panel, label).
    floors_ : dict of str to float
        The floor height of each panel.
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import PointwiseConvergenceDisplay
    >>> panels = {"d = 2": {"BallNet": {"x": [4, 8, 16], "error": [1.0, 0.0, 0.0]},
    ...                     "Fourier": {"x": [4, 8, 16], "error": [0.3, 0.1, 0.05]}}}
    >>> disp = PointwiseConvergenceDisplay(panels=panels, xlabel="size", ylabel="|error|").plot()
    >>> disp.floors_["d = 2"]
    0.001
    """

    def __init__(self, *, panels, xlabel, ylabel, title=None, logx=False):
        self.panels = panels
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.title = title
        self.logx = logx

    @classmethod
    def from_results(cls, result, ax=None, key="pointwise"):
        """Draw ``result.data[key]`` (``fourier-pointwise``, ``ballnet-vs-fourier``)."""
        d = result.data[key]
        return cls(panels=d["panels"], xlabel=d["xlabel"], ylabel=d["ylabel"],
                   title=d.get("title"), logx=d.get("logx", False)).plot(ax=ax)

    def plot(self, ax=None):
        """One panel per entry of ``panels`` (``ax``: sequence of Axes, or None)."""
        names = list(self.panels)
        if ax is None:
            fig, axes = subplots(1, len(names), width=4.4, height=3.6)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        self.lines_, self.floors_ = {}, {}
        styles = ["-", "--", "-.", ":"]
        for a, pname in zip(axes, names):
            curves = {}
            for label, c in self.panels[pname].items():
                x = np.asarray(c["x"])
                e = np.abs(np.asarray(c["error"], dtype=float))
                curves[label] = (x, window_max(x, e) if c.get("envelope") else e, c)
            pos = np.concatenate([e[e > 0] for _, e, _ in curves.values()] + [np.array([])])
            floor = float(10 ** (np.floor(np.log10(pos.min())) - 1)) if pos.size else 1e-3
            self.floors_[pname] = floor
            has_zero = False
            for k, (label, (x, e, c)) in enumerate(curves.items()):
                style = {"lw": 1.2, "ls": styles[k % len(styles)], **c.get("style", {})}
                line_marker = style.pop("marker", None)  # plot_with_zero_floor's marker is
                line, zeros, _ = plot_with_zero_floor(  # the one of the zeros
                    a, x, e, floor=floor, label=label,
                    zero_label=f"{label}: exactly 0 (drawn at the floor)", **style)
                if line_marker is not None:
                    line.set_marker(line_marker)
                    line.set_markersize(4)
                has_zero |= zeros is not None
                self.lines_[(pname, label)] = line
            if has_zero:
                a.text(0.99, floor, " floor: exact 0", transform=a.get_yaxis_transform(),
                       ha="right", va="bottom", fontsize=7, color="0.4")
            if self.logx:
                a.set_xscale("log")
            else:
                integer_ticks(a, "x")
            set_labels(a, self.xlabel, self.ylabel, pname)
            a.title.set_fontsize(9)
        labels = {lab for p in names for lab in self.panels[p]}
        if len(labels) <= 8:  # panels share their curves: one legend below them all
            self.legend_ = _figure_legend(fig, axes, ncols=2)
        else:
            for a in axes:
                legend_outside(a, where="right")
            self.legend_ = None
        if self.title:
            fig.suptitle(self.title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class GibbsProfileDisplay:
    """A partial sum along a ray through the sphere, against the Gibbs constant.

    Parameters
    ----------
    rho : ndarray
        Distance from the centre along ``e_1``.
    values : ndarray
        ``S_N(rho e_1)``.
    n_frequencies : int
    radius : float, default=0.5

    Attributes
    ----------
    line_ : Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import GibbsProfileDisplay
    >>> rho = np.linspace(0, 1, 5)
    >>> disp = GibbsProfileDisplay(rho=rho, values=[1, 1.05, 0.5, 0.0, 0.0], n_frequencies=5)
    >>> disp.plot().line_.get_xdata().shape
    (5,)
    """

    def __init__(self, *, rho, values, n_frequencies, radius=0.5):
        self.rho = np.asarray(rho)
        self.values = np.asarray(values)
        self.n_frequencies = n_frequencies
        self.radius = radius

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the radial profile stored by ``fourier-pointwise``."""
        d = result.data
        return cls(rho=d["profile_rho"], values=d["profile"],
                   n_frequencies=result.settings["profile_N"]).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the profile, the true indicator and the Gibbs constant."""
        from ..fourier import GIBBS_CONSTANT
        from ._base import create_axes

        fig, ax = create_axes(ax, width=9.0, height=3.8)
        (self.line_,) = ax.plot(self.rho, self.values, lw=1,
                                label=f"partial sum S_{self.n_frequencies}(ρ e₁)")
        ax.plot(self.rho, (self.rho < self.radius).astype(float), color="k", lw=0.8, ls="--",
                label="indicator of |x| < 1/2")
        ax.axhline(GIBBS_CONSTANT, color="C3", ls=":", lw=1,
                   label=f"1-D Gibbs constant 1/2 + Si(π)/π = {GIBBS_CONSTANT:.4f}")
        set_labels(ax, "distance ρ from the centre (x = ρ e₁, d = 2)", "value of the function",
                   f"Gibbs overshoot at the circle |x| = 1/2: the peak of S_{self.n_frequencies} "
                   "stays near 1.09")
        ax.title.set_fontsize(9)
        legend_outside(ax, where="right")
        self.ax_, self.figure_ = ax, fig
        return self
