"""Displays of document 000's polytope network (BallNet): the polytopes over the
circle, their area excess, the trained network's output and decision region, and
learning curves of several classifiers on one axes."""

from __future__ import annotations

import numpy as np

from ._base import add_colorbar, create_axes, legend_outside, set_labels, subplots


def _doc(number):
    from ..reproduce import document_label

    return document_label(number)


def _closed_polygon(vertices):
    """Vertices of a 2-D convex polygon in counter-clockwise order, first one repeated."""
    V = np.asarray(vertices, dtype=float)
    c = V.mean(0)
    V = V[np.argsort(np.arctan2(V[:, 1] - c[1], V[:, 0] - c[0]))]
    return np.vstack([V, V[:1]])


class PolytopeDisplay:
    """BallNet's decision polytopes (``{z > 0}``) over the circle they approximate.

    Parameters
    ----------
    polytopes : list of dict
        One panel each: ``{"title": str, "vertices": {label: (n_vertices, 2) array}}``.
        The label ``"circumscribed"`` (the network's polytope) is drawn solid, others dashed.
    radius : float, default=1.0
        Radius of the circle.
    center : array-like of shape (2,), default=(0, 0)

    Attributes
    ----------
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    See Also
    --------
    sknnmath.ballnet.BallNetClassifier : Its ``facet_normals_`` / ``facet_offsets_``
        define the polytope.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.ballnet import BallNetClassifier
    >>> from sknnmath.datasets import make_ball
    >>> from sknnmath.plotting import PolytopeDisplay
    >>> clf = BallNetClassifier(depth=3, max_iter=0, center=[0, 0], radius=1.0,
    ...                         device="cpu").fit(*make_ball(200, random_state=0))
    >>> disp = PolytopeDisplay.from_estimator(clf)
    >>> disp.ax_.get_xlabel()
    'x₁'
    """

    def __init__(self, *, polytopes, radius=1.0, center=(0.0, 0.0)):
        self.polytopes = list(polytopes)
        self.radius = radius
        self.center = np.asarray(center, dtype=float)

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, radius=None, center=None, title=None):
        """Draw the polytope of a fitted 2-D :class:`~sknnmath.ballnet.BallNetClassifier`."""
        return cls.from_estimators([estimator], ax=ax, radius=radius, center=center,
                                   title=title)

    @classmethod
    def from_estimators(cls, estimators, *, ax=None, radius=None, center=None, title=None):
        """One panel per fitted 2-D BallNet (a list, or a dict of panel titles)."""
        from ..ballnet import polytope_vertices

        items = (estimators.items() if isinstance(estimators, dict)
                 else [(None, e) for e in estimators])
        polys = []
        for name, est in items:
            V = polytope_vertices(est.facet_normals_, est.facet_offsets_)
            m = len(est.facet_offsets_)
            polys.append({"title": name or f"m = {m} facets, {len(est.layer_widths_)} layers",
                          "vertices": {"network polytope {z > 0}": V}})
            if radius is None:
                radius = float(np.ravel(getattr(est, "radius_", est.radius))[0])
            if center is None:
                center = np.ravel(getattr(est, "center_", (0.0, 0.0)))
        return cls(polytopes=polys, radius=radius, center=center).plot(ax=ax, title=title)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the polytopes of the ``ballnet-polytope`` reproduction."""
        polys = [{"title": f"n = {p['n']}: m = {p['m']} facets, depth {p['depth']}",
                  "vertices": {"circumscribed (the network's polytope)":
                               p["vertices"]["circumscribed"],
                               "inscribed": p["vertices"]["inscribed"]}}
                 for p in result.data["polytopes"]]
        return cls(polytopes=polys).plot(
            ax=ax, title="BallNet's decision region {z > 0} is a polygon with m = 2^n facets "
                         f"around the unit circle,\n{_doc('000')}")

    def plot(self, ax=None, *, title=None):
        """One panel per polytope (``ax``: sequence of Axes, or None)."""
        from ._fourier import _figure_legend

        if ax is None:
            fig, axes = subplots(1, len(self.polytopes), width=3.0, height=3.2)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        t = np.linspace(0, 2 * np.pi, 400)
        for a, poly in zip(axes, self.polytopes):
            a.plot(self.center[0] + self.radius * np.cos(t),
                   self.center[1] + self.radius * np.sin(t), "k-", lw=1,
                   label="circle the network approximates")
            for k, (lab, V) in enumerate(poly["vertices"].items()):
                P = _closed_polygon(V)
                a.plot(P[:, 0], P[:, 1], "C0-" if k == 0 else "C3--", label=lab)
            a.set_aspect("equal")
            lim = 1.5 * self.radius
            a.set_xlim(self.center[0] - lim, self.center[0] + lim)
            a.set_ylim(self.center[1] - lim, self.center[1] + lim)
            set_labels(a, "x₁", "x₂", poly["title"])
            a.title.set_fontsize(9)
        _figure_legend(fig, axes)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class AreaExcessDisplay:
    """Area error of the m-gons against the circle, with the ``pi^3 r^2/(3 m^2)`` law.

    Parameters
    ----------
    m : array-like of int
        Numbers of facets.
    circumscribed, inscribed, asymptote : array-like
        ``area(polygon) - pi r^2`` for both polygons and the asymptote of the first.

    Attributes
    ----------
    lines_ : dict of str to Line2D
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.ballnet import polygon_area_excess, polygon_area_excess_asymptotic
    >>> from sknnmath.plotting import AreaExcessDisplay
    >>> m = np.array([4, 8, 16])
    >>> disp = AreaExcessDisplay(m=m, circumscribed=polygon_area_excess(m),
    ...                          inscribed=polygon_area_excess(m, kind="inscribed"),
    ...                          asymptote=polygon_area_excess_asymptotic(m)).plot()
    >>> sorted(disp.lines_)
    ['asymptote', 'circumscribed', 'inscribed']
    """

    def __init__(self, *, m, circumscribed, inscribed, asymptote):
        self.m = np.asarray(m)
        self.circumscribed = np.asarray(circumscribed, dtype=float)
        self.inscribed = np.asarray(inscribed, dtype=float)
        self.asymptote = np.asarray(asymptote, dtype=float)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the area curve of ``ballnet-polytope``."""
        c = result.data["area_curve"]
        return cls(m=c["m"], circumscribed=c["circumscribed"], inscribed=c["inscribed"],
                   asymptote=c["asymptote"]).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the three curves on log-log axes (base 2 in m)."""
        fig, ax = create_axes(ax, width=8.4, height=3.8)
        self.lines_ = {
            "circumscribed": ax.loglog(self.m, self.circumscribed, "o-",
                                       label="circumscribed (network): m tan(π/m) − π")[0],
            "asymptote": ax.loglog(self.m, self.asymptote, "k--", label="π³ / (3 m²)")[0],
            "inscribed": ax.loglog(self.m, -self.inscribed, "s-",
                                   label="inscribed: π − (m/2) sin(2π/m)")[0],
        }
        ax.set_xscale("log", base=2)
        ax.set_xticks(self.m, [str(int(v)) for v in self.m])  # facet counts are integers
        ax.minorticks_off()
        set_labels(ax, "number of facets m = 2^n", "|area of the polygon − π| (r = 1)",
                   "Area error of the BallNet polygon falls like 1/m²")
        ax.title.set_fontsize(9)
        legend_outside(ax, where="right")
        self.ax_, self.figure_ = ax, fig
        return self


class BallNetRegionDisplay:
    """The network output ``z(x)`` of trained BallNets, with their decision boundary.

    Each panel is a :class:`sklearn.inspection.DecisionBoundaryDisplay` of the output
    (``pcolormesh``, colourbar "network output z(x)"); the boundary ``z = 0`` of the
    trained polytope, the true circle and training points of both labels are drawn on
    top, and explained in a legend below the panels.

    Parameters
    ----------
    xx0, xx1 : ndarray of shape (n_grid, n_grid)
    outputs : dict of str to ndarray of shape (n_grid, n_grid)
        ``decision_function`` on the grid, by panel title.
    X, y : ndarray, optional
        Training points to overlay.
    scores : dict of str to float, optional
        Test accuracies for the titles.
    radius : float, default=1.0

    Attributes
    ----------
    displays_ : list of DecisionBoundaryDisplay
    colorbars_ : list of Colorbar
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.ballnet import BallNetClassifier
    >>> from sknnmath.datasets import make_ball
    >>> from sknnmath.plotting import BallNetRegionDisplay
    >>> X, y = make_ball(300, random_state=0)
    >>> clf = BallNetClassifier(depth=3, max_iter=0, device="cpu").fit(X, y)
    >>> disp = BallNetRegionDisplay.from_estimators({"untrained": clf}, X, y, grid_resolution=41)
    >>> len(disp.colorbars_)
    1
    """

    def __init__(self, *, xx0, xx1, outputs, X=None, y=None, scores=None, radius=1.0):
        self.xx0 = np.asarray(xx0)
        self.xx1 = np.asarray(xx1)
        self.outputs = dict(outputs)
        self.X = None if X is None else np.asarray(X)
        self.y = None if y is None else np.asarray(y)
        self.scores = dict(scores or {})
        self.radius = radius

    @classmethod
    def from_estimators(cls, estimators, X, y, *, grid_resolution=201, extent=1.5,
                        X_test=None, y_test=None, n_points=500, ax=None, title=None):
        """Evaluate fitted BallNets' ``decision_function`` on a grid and plot."""
        g = np.linspace(-extent, extent, grid_resolution)
        xx0, xx1 = np.meshgrid(g, g)
        G = np.c_[xx0.ravel(), xx1.ravel()]
        outputs = {k: e.decision_function(G).reshape(xx0.shape) for k, e in estimators.items()}
        scores = ({k: float(e.score(X_test, y_test)) for k, e in estimators.items()}
                  if X_test is not None else None)
        X, y = np.asarray(X), np.asarray(y)
        return cls(xx0=xx0, xx1=xx1, outputs=outputs, X=X[:n_points], y=y[:n_points],
                   scores=scores).plot(ax=ax, title=title)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the trained regions of ``ballnet-polytope``."""
        d = result.data
        xx0, xx1 = np.meshgrid(d["grid"], d["grid"])
        regs = d["regions"]
        return cls(xx0=xx0, xx1=xx1, outputs={k: v["z"] for k, v in regs.items()},
                   X=d["X"], y=d["y"], scores={k: v["accuracy"] for k, v in regs.items()}).plot(
            ax=ax, title="Trained BallNets (n = 4, m = 16 facets) on the data of "
                         f"{_doc('000')}:\nthe output z(x) and the decision region z > 0")

    def plot(self, ax=None, *, title=None):
        """One panel per network (``ax``: sequence of Axes, or None)."""
        from matplotlib.lines import Line2D
        from sklearn.inspection import DecisionBoundaryDisplay

        names = list(self.outputs)
        if ax is None:
            fig, axes = subplots(1, len(names), width=4.6, height=4.0)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        t = np.linspace(0, 2 * np.pi, 400)
        self.displays_, self.colorbars_ = [], []
        for a, name in zip(axes, names):
            Z = self.outputs[name]
            disp = DecisionBoundaryDisplay(xx0=self.xx0, xx1=self.xx1, n_classes=2, response=Z)
            disp.plot(ax=a, plot_method="pcolormesh", cmap="viridis", shading="auto")
            self.colorbars_.append(add_colorbar(disp.surface_, a, "network output z(x)"))
            self.displays_.append(disp)
            if (Z > 0).any() and (Z <= 0).any():
                a.contour(self.xx0, self.xx1, (Z > 0).astype(float), levels=[0.5], colors="w",
                          linewidths=1.2)
            a.plot(self.radius * np.cos(t), self.radius * np.sin(t), "r--", lw=1)
            if self.X is not None:
                for lab, col in ((1, "#f4a582"), (0, "#92c5de")):
                    sel = self.y == lab
                    a.scatter(self.X[sel, 0], self.X[sel, 1], s=4, color=col, ec="k", lw=0.2)
            acc = self.scores.get(name)
            set_labels(a, "x₁", "x₂", f"{name}\ntest accuracy {acc:.4f}" if acc is not None
                       else name)
            a.title.set_fontsize(9)
            a.set_aspect("equal")
        handles = [Line2D([], [], color="w", lw=1.2, label="decision boundary z = 0"),
                   Line2D([], [], color="r", ls="--", label="true boundary |x| = 1"),
                   Line2D([], [], ls="none", marker="o", mfc="#f4a582", mec="k",
                          label="training point, label 1"),
                   Line2D([], [], ls="none", marker="o", mfc="#92c5de", mec="k",
                          label="training point, label 0")]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize="small",
                   frameon=True, facecolor="0.75")
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class LearningCurveComparisonDisplay:
    """Test-score learning curves of several estimators on one axes.

    One :class:`sklearn.model_selection.LearningCurveDisplay` per estimator
    (test score, mean and standard deviation over the splits), relabelled by
    estimator, with the legend outside the data.

    Parameters
    ----------
    curves : dict of str to dict
        ``{name: {"train_sizes": ..., "train_scores": (n_sizes, n_splits),
        "test_scores": (n_sizes, n_splits)}}`` as :func:`sklearn.model_selection.learning_curve`
        returns them.
    score_name : str, default="test accuracy"

    Attributes
    ----------
    displays_ : dict of str to LearningCurveDisplay
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import LearningCurveComparisonDisplay
    >>> c = {"a": {"train_sizes": [10, 100], "train_scores": np.ones((2, 2)),
    ...            "test_scores": np.array([[0.7, 0.8], [0.9, 0.9]])}}
    >>> LearningCurveComparisonDisplay(curves=c).plot().ax_.get_ylabel()
    'test accuracy'
    """

    def __init__(self, *, curves, score_name="test accuracy"):
        self.curves = dict(curves)
        self.score_name = score_name

    @classmethod
    def from_estimators(cls, estimators, X, y, *, train_sizes, cv=None, n_jobs=None, ax=None,
                        title=None):
        """Run :func:`sklearn.model_selection.learning_curve` for each estimator and plot."""
        from sklearn.model_selection import learning_curve

        curves = {}
        for name, est in estimators.items():
            tr, trs, tes = learning_curve(est, X, y, train_sizes=train_sizes, cv=cv,
                                          n_jobs=n_jobs)
            curves[name] = {"train_sizes": tr, "train_scores": trs, "test_scores": tes}
        return cls(curves=curves).plot(ax=ax, title=title)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the learning curves of ``ballnet-vs-fourier``."""
        return cls(curves=result.data["learning_curves"]).plot(
            ax=ax, title=f"Learning curves of three classifiers on the data of\n{_doc('000')}")

    def plot(self, ax=None, *, title=None):
        """Draw every estimator's test curve with its standard-deviation band."""
        from sklearn.model_selection import LearningCurveDisplay

        fig, ax = create_axes(ax, width=8.0, height=3.8)
        self.displays_ = {}
        for k, (name, c) in enumerate(self.curves.items()):
            disp = LearningCurveDisplay(train_sizes=np.asarray(c["train_sizes"]),
                                        train_scores=np.asarray(c["train_scores"]),
                                        test_scores=np.asarray(c["test_scores"]),
                                        score_name=self.score_name)
            disp.plot(ax=ax, score_type="test", line_kw={"marker": "o", "color": f"C{k}"},
                      fill_between_kw={"color": f"C{k}", "alpha": 0.2})
            disp.lines_[0].set_label(name)
            self.displays_[name] = disp
        ax.set_xscale("log")
        # the training sizes themselves as ticks (integers, no 2x10^2 labels)
        sizes = np.unique(np.concatenate([np.asarray(c["train_sizes"])
                                          for c in self.curves.values()]))
        ax.set_xticks(sizes, [str(int(v)) for v in sizes])
        ax.minorticks_off()
        set_labels(ax, "number of training points", self.score_name)
        if title:
            ax.set_title(title, fontsize=9)
        legend_outside(ax, where="right")
        self.ax_, self.figure_ = ax, fig
        return self
