"""Display of document 001's ridgelet experiment: the signed ridgelet spectrum
R[f](a, b) and the hidden parameters (a_j, b_j) of networks before and after training."""

from __future__ import annotations

import numpy as np

from ._base import add_colorbar, set_labels, subplots


class RidgeletSpectrumDisplay:
    """The signed ridgelet spectrum ``R[f](a, b)`` and parameter clouds over it.

    Top row: ``R[f]`` on the window of the parameters and on a wider window (the star
    shape), each with a symmetric diverging colour scale and a colourbar. Bottom row:
    the initial and the trained hidden parameters ``(a_j, b_j)``, each in its own panel
    so neither hides the other, over the outline of the region that holds the top
    ``mass`` share of ``∫|R[f]|`` (the region the agreement numbers use), which the
    legend explains.

    Parameters
    ----------
    a_grid, b_grid : ndarray
        The grid of the spectrum.
    spectrum : ndarray of shape (len(a_grid), len(b_grid))
        ``R[f](a, b)``.
    points : dict of str to (ndarray, ndarray), optional
        Parameter clouds ``(a, b)`` by name (e.g. ``"initial"``, ``"trained"``).
    mass_region : ndarray of bool, optional
        Mask of the top-mass region of ``|R[f]|`` on the grid (default: computed, when
        ``points`` are given, as in :func:`sknnmath.ridgelet.spectrum_agreement`).
    mass : float, default=0.5
        The share of ``∫|R[f]|`` the region holds (for the legend).
    wide_grid, wide_spectrum : ndarray, optional
        The spectrum on a wider window (extra panel).

    Attributes
    ----------
    images_ : list of AxesImage
    colorbars_ : list of Colorbar
    scatters_ : dict of str to PathCollection
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.datasets import make_sine_grid
    >>> from sknnmath.plotting import RidgeletSpectrumDisplay
    >>> from sknnmath.ridgelet import ridgelet_function, ridgelet_transform
    >>> X, y = make_sine_grid()
    >>> g = np.linspace(-10, 10, 41)
    >>> R = ridgelet_transform(X, y, g, g, ridgelet_function("gaussian", 1, 1), device="cpu")
    >>> disp = RidgeletSpectrumDisplay(a_grid=g, b_grid=g, spectrum=R).plot()
    >>> len(disp.colorbars_)
    1
    """

    def __init__(self, *, a_grid, b_grid, spectrum, points=None, mass_region=None, mass=0.5,
                 wide_grid=None, wide_spectrum=None):
        self.a_grid = np.asarray(a_grid)
        self.b_grid = np.asarray(b_grid)
        self.spectrum = np.asarray(spectrum)
        self.points = dict(points or {})
        if mass_region is None and self.points:
            # the region the agreement numbers of spectrum_agreement use
            from ..ridgelet._experiment import _region

            mass_region = _region(self.spectrum, mass)
        self.mass_region = None if mass_region is None else np.asarray(mass_region, dtype=bool)
        self.mass = mass
        self.wide_grid = None if wide_grid is None else np.asarray(wide_grid)
        self.wide_spectrum = None if wide_spectrum is None else np.asarray(wide_spectrum)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the ``ridgelet-spectrum`` reproduction."""
        from ..reproduce import document_label

        d = result.data
        s = result.settings
        disp = cls(a_grid=d["a_grid"], b_grid=d["b_grid"], spectrum=d["spectrum"],
                   points={"initial": d["initial"], "trained": d["trained"]},
                   mass_region=d["mass_region"], wide_grid=d["wide_grid"],
                   wide_spectrum=d["spectrum_wide"])
        return disp.plot(ax=ax, title=(
            f"Hidden parameters of {s['n_networks']} shallow networks trained by backprop on "
            f"sin 2πx vs the ridgelet spectrum R[f] (k = 1):\nthe star-shaped cloud and spectrum "
            f"of {document_label('001')}"))

    def _image(self, ax, grid, R, title):
        vmax = float(np.abs(R).max()) or 1.0
        ext = [grid[0], grid[-1], grid[0], grid[-1]]
        im = ax.imshow(R.T, origin="lower", extent=ext, cmap="RdBu_r", vmin=-vmax, vmax=vmax,
                       aspect="auto", interpolation="nearest")
        self.images_.append(im)
        self.colorbars_.append(add_colorbar(im, ax, "R[f](a, b) (signed)"))
        set_labels(ax, "a (hidden weight)", "b (hidden bias)", title)
        ax.title.set_fontsize(9)

    def _outline(self, ax):
        if self.mass_region is None:
            return None
        ax.contour(self.a_grid, self.b_grid, self.mass_region.T.astype(float), levels=[0.5],
                   colors="k", linewidths=0.8)
        from matplotlib.lines import Line2D

        return Line2D([], [], color="k", lw=0.8,
                      label=f"region holding the top {self.mass:.0%} of ∫|R[f]|")

    def plot(self, ax=None, *, title=None):
        """Draw the panels (``ax``: a sequence of Axes, one per panel, or None)."""
        from matplotlib.lines import Line2D

        n_top = 1 + (self.wide_spectrum is not None)
        n_bottom = len(self.points)
        n_panels = n_top + n_bottom
        if ax is None:
            ncols = max(n_top, n_bottom, 1)
            nrows = 1 if n_bottom == 0 else 2
            fig, axes = subplots(nrows, ncols, width=4.6, height=3.9)
            axes = list(axes.ravel())
            top, bottom = axes[:n_top], axes[ncols:ncols + n_bottom]
            for extra in axes[n_top:ncols] + axes[ncols + n_bottom:]:
                extra.set_visible(False)
        else:
            axes = list(np.atleast_1d(ax).ravel())[:n_panels]
            fig = axes[0].figure
            top, bottom = axes[:n_top], axes[n_top:]
        self.images_, self.colorbars_, self.scatters_ = [], [], {}
        half = (self.a_grid[0], self.a_grid[-1])
        self._image(top[0], self.a_grid, self.spectrum,
                    f"R[f](a, b) on [{half[0]:g}, {half[1]:g}]²")
        handles = []
        outline = self._outline(top[0])
        if outline is not None:
            handles.append(outline)
        if self.wide_spectrum is not None:
            w = self.wide_grid
            self._image(top[1], w, self.wide_spectrum,
                        f"R[f](a, b) on [{w[0]:g}, {w[-1]:g}]²: the star shape")
        colours = {"initial": "0.45", "trained": "C3"}
        for k, (a_ax, (name, (a, b))) in enumerate(zip(bottom, self.points.items())):
            a = np.asarray(a)
            b = np.asarray(b)
            alpha = float(np.clip(1000.0 / max(a.size, 1), 0.15, 0.8))
            col = colours.get(name, f"C{k}")
            self.scatters_[name] = a_ax.scatter(a, b, s=2, color=col, alpha=alpha, lw=0)
            handles.append(Line2D([], [], ls="none", marker="o", color=col,
                                  label=f"{name} (a_j, b_j), {a.size} hidden units"))
            self._outline(a_ax)
            a_ax.set_xlim(*half)
            a_ax.set_ylim(self.b_grid[0], self.b_grid[-1])
            inside = ((a >= half[0]) & (a <= half[1]) & (b >= self.b_grid[0])
                      & (b <= self.b_grid[-1])).mean()
            set_labels(a_ax, "a (hidden weight)", "b (hidden bias)",
                       f"{name} parameters ({inside:.0%} inside the window)")
            a_ax.title.set_fontsize(9)
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                       fontsize="small", frameon=False)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = top + bottom, top[0], fig
        return self


class RidgeletOptimumDisplay:
    """Document 001's global optimum gamma* = (beta + 1)^-1 R[f]: trained vs theory.

    Left: the output-weight function gamma(a, b) trained by gradient descent with the L2
    penalty beta, and (beta + 1)^-1 R[f](a, b), on the same symmetric colour scale with
    a colourbar. Right: the relative L2 difference over the grid against the window of
    ``a`` (truncation) and against the grid step (density), one line per beta.

    Parameters
    ----------
    a_grid, b_grid : ndarray
        The grid of the maps.
    trained, theory : ndarray of shape (len(a_grid), len(b_grid))
        gamma by gradient descent and (beta + 1)^-1 R[f].
    beta : float
        The beta of the maps.
    table : pandas.DataFrame
        Columns ``a_max``, ``grid step``, ``beta`` and ``GD vs (beta+1)^-1 R[f]``.

    Attributes
    ----------
    images_ : list of AxesImage
    colorbars_ : list of Colorbar
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, pandas as pd
    >>> from sknnmath.plotting import RidgeletOptimumDisplay
    >>> g = np.linspace(-1, 1, 5)
    >>> t = pd.DataFrame({"a_max": [5, 10, 10], "grid step": [0.4, 0.4, 0.2], "beta": [1.0] * 3,
    ...                   "GD vs (beta+1)^-1 R[f]": [0.2, 0.04, 0.04]})
    >>> disp = RidgeletOptimumDisplay(a_grid=g, b_grid=g, trained=np.eye(5), theory=np.eye(5),
    ...                               beta=1.0, table=t).plot()
    >>> len(disp.colorbars_)
    2
    """

    def __init__(self, *, a_grid, b_grid, trained, theory, beta, table):
        self.a_grid, self.b_grid = np.asarray(a_grid), np.asarray(b_grid)
        self.trained, self.theory = np.asarray(trained), np.asarray(theory)
        self.beta = float(beta)
        self.table = table

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the ``ridgelet-optimum`` reproduction."""
        from ..reproduce import document_label

        d = result.data
        disp = cls(a_grid=d["a"], b_grid=d["b"], trained=d["gd"], theory=d["theory"],
                   beta=d["beta_map"], table=result.tables["optimum_vs_theory"])
        return disp.plot(ax=ax, title=(
            "Output weights trained by gradient descent with the L2 penalty beta vs the global "
            f"optimum (beta + 1)^-1 R[f]\nof {document_label('001')}, eq. (8); "
            "y = sin 2πx, normalised Ricker units"))

    def plot(self, ax=None, *, title=None):
        """Draw the four panels (``ax``: four Axes or None)."""
        from ._base import legend_outside

        if ax is None:
            fig, axes = subplots(1, 4, width=4.0, height=3.6)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())[:4]
            fig = axes[0].figure
        self.images_, self.colorbars_ = [], []
        vmax = float(max(np.abs(self.trained).max(), np.abs(self.theory).max())) or 1.0
        ext = [self.a_grid[0], self.a_grid[-1], self.b_grid[0], self.b_grid[-1]]
        for a_ax, M, name in ((axes[0], self.trained, "gamma by gradient descent"),
                              (axes[1], self.theory, "(beta + 1)^-1 R[f]")):
            im = a_ax.imshow(M.T, origin="lower", extent=ext, cmap="RdBu_r", vmin=-vmax,
                             vmax=vmax, aspect="auto", interpolation="nearest")
            self.images_.append(im)
            self.colorbars_.append(add_colorbar(im, a_ax, "gamma(a, b) (signed)"))
            set_labels(a_ax, "a (hidden weight)", "b (hidden bias)",
                       f"{name}, beta = {self.beta:g}")
            a_ax.title.set_fontsize(9)
        t = self.table
        col = "GD vs (beta+1)^-1 R[f]"
        step_ref = t.groupby("grid step")["a_max"].nunique().idxmax()
        a_ref = t.groupby("a_max")["grid step"].nunique().idxmax()
        for k, beta in enumerate(sorted(t["beta"].unique())):
            s = t[(t["beta"] == beta) & (t["grid step"] == step_ref)].sort_values("a_max")
            axes[2].plot(s["a_max"], s[col], "o-", color=f"C{k}", label=f"beta = {beta:g}")
            s = t[(t["beta"] == beta) & (t["a_max"] == a_ref)].sort_values("grid step")
            axes[3].plot(s["grid step"], s[col], "o-", color=f"C{k}", label=f"beta = {beta:g}")
        for a_ax in axes[2:]:
            a_ax.set_yscale("log")
        set_labels(axes[2], "window a_max of the scale a", "relative L2 difference",
                   f"vs the window (grid step {step_ref:g})")
        set_labels(axes[3], "grid step of (a, b)", "relative L2 difference",
                   f"vs the grid density (a_max = {a_ref:g})")
        for a_ax in axes[2:]:
            a_ax.title.set_fontsize(9)
        legend_outside(axes[3])
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self
