"""Displays of document 003's complex-valued network experiments (two spirals,
transformation learning)."""

from __future__ import annotations

import numpy as np

from ._base import add_colorbar, create_axes, legend_outside, set_labels

__all__ = ["SpiralRegionsDisplay", "SuccessCurveDisplay", "TransformationDisplay"]


class SpiralRegionsDisplay:
    """Output of one trained network over the plane, with the two-spirals points.

    Parameters
    ----------
    xx, yy : ndarray of shape (n, n)
        Grid coordinates.
    values : ndarray of shape (n, n)
        Network output (mean of the sigmoid output components) on the grid.
    X : ndarray of shape (n_samples, 2)
        The training points.
    y : ndarray of shape (n_samples,)
        Their labels (0/1).
    title : str, optional
        What the panel shows.

    Attributes
    ----------
    contour_ : QuadContourSet
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    sklearn.inspection.DecisionBoundaryDisplay : The same idea for fitted estimators.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import SpiralRegionsDisplay
    >>> xx, yy = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    >>> disp = SpiralRegionsDisplay(xx=xx, yy=yy, values=(xx > 0) * 1.0, X=np.zeros((2, 2)),
    ...                             y=np.array([0, 1])).plot()
    >>> disp.ax_.get_xlabel()
    'x'
    """

    def __init__(self, *, xx, yy, values, X, y, title=None):
        self.xx, self.yy, self.values = xx, yy, values
        self.X, self.y = np.asarray(X), np.asarray(y)
        self.title = title

    @classmethod
    def from_results(cls, result, model, ax=None):
        """Panel of ``model`` (a label of ``result.data["models"]``) from a two-spirals result."""
        d = result.data
        values = d["grid_output"][model]
        return cls(xx=d["xx"], yy=d["yy"], values=values.reshape(d["xx"].shape), X=d["X"], y=d["y"],
                   title=model).plot(ax=ax)

    def plot(self, ax=None, colorbar=True):
        """Draw the output as filled contours (levels 0.4 / 0.6 marked) and the points."""
        fig, ax = create_axes(ax, width=4.2, height=3.8)
        self.contour_ = ax.contourf(self.xx, self.yy, self.values, levels=np.linspace(0, 1, 11),
                                    cmap="RdBu_r", vmin=0, vmax=1)
        ax.contour(self.xx, self.yy, self.values, levels=[0.4, 0.6], colors="k", linewidths=0.5)
        for label, marker, color in ((1, "o", "C3"), (0, "s", "C0")):
            sel = self.y == label
            ax.scatter(self.X[sel, 0], self.X[sel, 1], s=8, marker=marker, c=color,
                       edgecolors="k", linewidths=0.3, label=f"class {label}")
        set_labels(ax, "x", "y")
        if self.title:
            ax.set_title(self.title, fontsize="small")
        ax.set_aspect("equal")
        if colorbar:
            add_colorbar(self.contour_, ax, "network output (0.4 / 0.6: 40-20-40 bands)")
        self.ax_, self.figure_ = ax, fig
        return self


class SuccessCurveDisplay:
    """Share of runs that have solved a task (e.g. all 194 points under 40-20-40) against epochs.

    Parameters
    ----------
    epochs : ndarray of shape (n_records,)
    curves : dict of str to ndarray of shape (n_records,)
        Fraction of runs solved by each epoch, per model.
    n_runs : int, optional
        Runs per model (for the y label).

    Attributes
    ----------
    lines_ : dict of str to Line2D
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    SpiralRegionsDisplay : A typical run's output over the plane.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import SuccessCurveDisplay
    >>> d = SuccessCurveDisplay(epochs=np.arange(3), curves={"a": np.array([0, .5, 1])}).plot()
    >>> d.lines_["a"].get_ydata().tolist()
    [0.0, 0.5, 1.0]
    """

    def __init__(self, *, epochs, curves, n_runs=None):
        self.epochs = np.asarray(epochs)
        self.curves = {k: np.asarray(v, dtype=float) for k, v in curves.items()}
        self.n_runs = n_runs

    @classmethod
    def from_results(cls, result, ax=None):
        """From a two-spirals result (``data["epochs"]``, ``data["success_curve"]``)."""
        d = result.data
        return cls(epochs=d["epochs"], curves=d["success_curve"], n_runs=d.get("n_seeds")).plot(ax=ax)

    def plot(self, ax=None, title=None):
        """Draw one step curve per model."""
        fig, ax = create_axes(ax, width=6.0, height=3.8)
        self.lines_ = {}
        for i, (label, c) in enumerate(self.curves.items()):
            (self.lines_[label],) = ax.step(self.epochs, c, where="post", color=f"C{i}", label=label)
        runs = f" of {self.n_runs} runs" if self.n_runs else ""
        set_labels(ax, "epoch", f"share{runs} solved (all points, 40-20-40)", title)
        ax.set_ylim(-0.02, 1.02)
        legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self


class TransformationDisplay:
    """Learned planar maps: training pairs, an unseen shape, its true and predicted images.

    Parameters
    ----------
    train_in, train_out : ndarray of shape (n_train, 2)
        Training input points and their images.
    test_in : ndarray of shape (n_test, 2)
        Unseen shape.
    test_true : ndarray of shape (n_test, 2)
        Its image under the true map.
    predictions : dict of str to ndarray of shape (n_test, 2)
        Predicted images per model.
    title : str, optional

    Attributes
    ----------
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    SuccessCurveDisplay : Two-spirals success curves.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import TransformationDisplay
    >>> p = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> d = TransformationDisplay(train_in=p, train_out=p, test_in=p, test_true=p,
    ...                           predictions={"m": p}).plot()
    >>> d.ax_.get_ylabel()
    'Im z'
    """

    def __init__(self, *, train_in, train_out, test_in, test_true, predictions, title=None):
        self.train_in, self.train_out = np.asarray(train_in), np.asarray(train_out)
        self.test_in, self.test_true = np.asarray(test_in), np.asarray(test_true)
        self.predictions = dict(predictions)
        self.title = title

    @classmethod
    def from_results(cls, result, transformation, ax=None):
        """Panel of one transformation of a transformation-learning result."""
        d = result.data["panels"][transformation]
        return cls(train_in=d["train_in"], train_out=d["train_out"], test_in=d["test_in"],
                   test_true=d["test_true"], predictions=d["predictions"],
                   title=transformation).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the shapes (closed polygons) and the training pairs."""
        fig, ax = create_axes(ax, width=4.6, height=4.0)

        def closed(p):
            return np.vstack([p, p[:1]])

        ax.scatter(self.train_in[:, 0], self.train_in[:, 1], s=10, c="0.6", marker="x",
                   label="training inputs")
        ax.scatter(self.train_out[:, 0], self.train_out[:, 1], s=10, c="k", marker="+",
                   label="training targets")
        ti, tt = closed(self.test_in), closed(self.test_true)
        ax.plot(ti[:, 0], ti[:, 1], color="0.5", lw=1.0, ls=":", label="unseen shape")
        ax.plot(tt[:, 0], tt[:, 1], color="k", lw=2.0, label="true image")
        for i, (label, p) in enumerate(self.predictions.items()):
            pc = closed(np.asarray(p))
            ax.plot(pc[:, 0], pc[:, 1], color=f"C{i}", lw=1.2, ls="--", label=label)
        set_labels(ax, "Re z", "Im z", self.title)
        ax.set_aspect("equal", adjustable="datalim")
        legend_outside(ax, where="below")
        self.ax_, self.figure_ = ax, fig
        return self
