"""Displays of document 003's hierarchical-singularity experiments (critical lines γ_λ)."""

from __future__ import annotations

import numpy as np

from ._base import create_axes, legend_outside, set_labels

__all__ = ["CriticalLineDisplay", "PlateauCurvesDisplay", "PlateauTimeDisplay", "SaddleDirectionDisplay"]


class CriticalLineDisplay:
    """Loss and smallest Hessian eigenvalue along the critical line γ_λ of one case.

    Points are marked by their Hessian classification (local minimum / saddle);
    the Fukumizu–Amari prediction from the matrix A is drawn as a shaded band
    where it predicts minima.

    Parameters
    ----------
    lam : ndarray of shape (n,)
        Points λ of the line.
    min_eig : ndarray of shape (n,)
        Smallest Hessian eigenvalue at each λ.
    hessian_class : sequence of str
        "minimum" or "saddle" from the Hessian.
    theory_class : sequence of str
        The same predicted from A.
    title : str, optional

    Attributes
    ----------
    line_ : Line2D
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    SaddleDirectionDisplay : Loss along the most negative Hessian direction.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import CriticalLineDisplay
    >>> d = CriticalLineDisplay(lam=np.array([-1., .5, 2.]), min_eig=np.array([-1., 0., -1.]),
    ...                         hessian_class=["saddle", "minimum", "saddle"],
    ...                         theory_class=["saddle", "minimum", "saddle"]).plot()
    >>> d.ax_.get_xlabel()
    'λ (split of the unit: output weights λv*, (1 − λ)v*)'
    """

    def __init__(self, *, lam, min_eig, hessian_class, theory_class, title=None):
        self.lam = np.asarray(lam, dtype=float)
        self.min_eig = np.asarray(min_eig, dtype=float)
        self.hessian_class = list(hessian_class)
        self.theory_class = list(theory_class)
        self.title = title

    @classmethod
    def from_results(cls, result, case, ax=None):
        """Panel of ``case`` (a key of ``result.data["lines"]``) of a singular-lines result."""
        t = result.data["lines"][case]
        return cls(lam=t["lam"], min_eig=t["min_eig"], hessian_class=t["hessian_class"],
                   theory_class=t["theory_class"], title=case).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the smallest eigenvalue against λ with class markers and the predicted band."""
        fig, ax = create_axes(ax, width=4.6, height=3.6)
        pred = np.array([c == "minimum" for c in self.theory_class])
        if pred.any():
            lo, hi = self.lam.min(), self.lam.max()
            ax.fill_between(self.lam, 0, 1, where=pred, transform=ax.get_xaxis_transform(),
                            color="C2", alpha=0.15, step="mid", label="A predicts minima")
            ax.set_xlim(lo, hi)
        (self.line_,) = ax.plot(self.lam, self.min_eig, color="0.4", lw=1)
        for cls_, marker, color in (("minimum", "o", "C2"), ("saddle", "x", "C3")):
            sel = np.array([c == cls_ for c in self.hessian_class])
            if sel.any():
                ax.scatter(self.lam[sel], self.min_eig[sel], marker=marker, color=color,
                           label=f"Hessian: {cls_}", zorder=3)
        ax.axhline(0, color="k", lw=0.5)
        set_labels(ax, "λ (split of the unit: output weights λv*, (1 − λ)v*)",
                   "smallest Hessian eigenvalue", self.title)
        legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self


class SaddleDirectionDisplay:
    """Loss along the line and along the most negative Hessian direction at chosen λ.

    Parameters
    ----------
    lam : ndarray of shape (n,)
    loss : ndarray of shape (n,)
        Loss along the line (constant: every point is critical).
    steps : ndarray of shape (m,)
        Step sizes t along the unit eigenvector u of the smallest eigenvalue.
    profiles : dict of float to ndarray of shape (m,)
        λ -> loss(γ_λ + t u) − loss(γ_λ).
    title : str, optional

    Attributes
    ----------
    lines_ : dict of float to Line2D
    ax_ : ndarray of matplotlib.axes.Axes (two panels)
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    CriticalLineDisplay

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import SaddleDirectionDisplay
    >>> t = np.linspace(-1, 1, 5)
    >>> d = SaddleDirectionDisplay(lam=np.array([0., 1.]), loss=np.array([1., 1.]), steps=t,
    ...                            profiles={2.0: -t ** 2}).plot()
    >>> len(d.lines_)
    1
    """

    def __init__(self, *, lam, loss, steps, profiles, title=None):
        self.lam = np.asarray(lam, dtype=float)
        self.loss = np.asarray(loss, dtype=float)
        self.steps = np.asarray(steps, dtype=float)
        self.profiles = {float(k): np.asarray(v, dtype=float) for k, v in profiles.items()}
        self.title = title

    @classmethod
    def from_results(cls, result, case):
        """Both panels of ``case`` of a singular-lines result."""
        t = result.data["lines"][case]
        p = result.data["profiles"][case]
        return cls(lam=t["lam"], loss=t["loss"], steps=result.data["steps"], profiles=p, title=case).plot()

    def plot(self):
        """Two panels: loss against λ; loss change against the step along u."""
        from ._base import subplots

        fig, axes = subplots(1, 2, width=4.4, height=3.6)
        a0, a1 = axes[0]
        a0.plot(self.lam, self.loss, color="C0", marker=".")
        a0.ticklabel_format(useOffset=False)
        set_labels(a0, "λ", "training loss E", self.title)
        self.lines_ = {}
        for i, (lam, prof) in enumerate(self.profiles.items()):
            (self.lines_[lam],) = a1.plot(self.steps, prof, color=f"C{i}", label=f"λ = {lam:g}")
        a1.axhline(0, color="k", lw=0.5)
        set_labels(a1, "step t along the most negative Hessian eigenvector",
                   "E(γ_λ + t u) − E(γ_λ)")
        legend_outside(a1)
        self.ax_, self.figure_ = axes[0], fig
        return self


class PlateauCurvesDisplay:
    """Training-loss curves of several runs with their plateau epochs marked.

    Each run's loss is drawn thin against the epoch (log scale); the epochs the
    plateau detector (:func:`sknnmath.singularities.detect_plateaus`) flags are
    overdrawn thick in red; the noise level and the plateau level are dashed.

    Parameters
    ----------
    epochs : ndarray of shape (T,)
    curves : ndarray of shape (k, T)
        Loss of k runs.
    masks : ndarray of bool, shape (k, T)
        Plateau epochs of each run.
    noise_level : float
        The teacher's noise level (½ σ²).
    level : float
        The level above which the detector looks for plateaus.
    title : str, optional

    Attributes
    ----------
    lines_ : list of Line2D
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    PlateauTimeDisplay : Distribution of the time on plateaus.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import PlateauCurvesDisplay
    >>> L = np.array([[1.0, 0.5, 0.5, 0.5, 0.01]])
    >>> d = PlateauCurvesDisplay(epochs=np.arange(5), curves=L, masks=L > 0.4,
    ...                          noise_level=0.005, level=0.01).plot()
    >>> d.ax_.get_yscale()
    'log'
    """

    def __init__(self, *, epochs, curves, masks, noise_level, level, title=None):
        self.epochs = np.asarray(epochs, dtype=float)
        self.curves = np.atleast_2d(np.asarray(curves, dtype=float))
        self.masks = np.atleast_2d(np.asarray(masks, dtype=bool))
        self.noise_level = float(noise_level)
        self.level = float(level)
        self.title = title

    @classmethod
    def from_results(cls, result, key, ax=None):
        """Panel ``key`` (a key of ``result.data["curves"]``) of a plateaus result."""
        c = result.data["curves"][key]
        return cls(epochs=result.data["epochs"], curves=c["loss"], masks=c["plateau"],
                   noise_level=result.data["noise_level"], level=result.data["level"],
                   title=key).plot(ax=ax)

    def plot(self, ax=None, legend=True):
        """Draw the curves, the marked plateau epochs and the two levels."""
        fig, ax = create_axes(ax, width=4.6, height=3.6)
        self.lines_ = []
        for i, (y, m) in enumerate(zip(self.curves, self.masks)):
            (line,) = ax.plot(self.epochs, y, color="C0", lw=0.8, alpha=0.6,
                              label="training loss of a run" if i == 0 else None)
            self.lines_.append(line)
            if m.any():
                ax.plot(self.epochs, np.where(m, y, np.nan), color="C3", lw=2.5,
                        label="on a plateau (detector)" if not any(
                            mm.any() for mm in self.masks[:i]) else None)
        ax.axhline(self.noise_level, color="k", ls="--", lw=0.8, label="noise level ½σ²")
        ax.axhline(self.level, color="0.5", ls=":", lw=1.0, label="plateau level")
        ax.set_yscale("log")
        set_labels(ax, "epoch", "training loss ½ mean (y − f)²", self.title)
        if legend:
            legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self


class PlateauTimeDisplay:
    """Box plots of the epochs each run spent on plateaus, one box per configuration.

    Parameters
    ----------
    times : dict of str to ndarray
        Configuration label -> epochs on plateaus of each run.
    total_epochs : int
        Length of training (the largest possible time).
    title : str, optional

    Attributes
    ----------
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import PlateauTimeDisplay
    >>> d = PlateauTimeDisplay(times={"a": np.array([0, 10, 20]), "b": np.array([5, 5])},
    ...                        total_epochs=100).plot()
    >>> d.ax_.get_xlabel()
    'epochs on plateaus per run'
    """

    def __init__(self, *, times, total_epochs, title=None):
        self.times = {k: np.asarray(v, dtype=float) for k, v in times.items()}
        self.total_epochs = int(total_epochs)
        self.title = title

    @classmethod
    def from_results(cls, result, ax=None):
        """All configurations of a plateaus result."""
        return cls(times=result.data["plateau_epochs"], total_epochs=result.settings["epochs"],
                   title="Time on plateaus per run").plot(ax=ax)

    def plot(self, ax=None):
        """Horizontal box plots (median, quartiles, 1.5 IQR whiskers)."""
        labels = list(self.times)
        fig, ax = create_axes(ax, width=6.4, height=0.45 * len(labels) + 1.4)
        ax.boxplot([self.times[k] for k in labels], orientation="horizontal", widths=0.6)
        ax.set_yticks(np.arange(1, len(labels) + 1), labels)
        ax.set_xlim(-0.02 * self.total_epochs, 1.02 * self.total_epochs)
        ax.invert_yaxis()
        set_labels(ax, "epochs on plateaus per run", "student and start", self.title)
        self.ax_, self.figure_ = ax, fig
        return self
