"""Displays of document 001's transport part: composed denoising autoencoders in the
(σ₁, σ₂) plane of centred Gaussians against the entropy gradient flow, and the
transport of a non-Gaussian sample with its entropy along the steps."""

from __future__ import annotations

import numpy as np

from ._base import integer_ticks, legend_outside, set_labels, subplots


def _doc(number):
    from ..reproduce import document_label

    return document_label(number)


class TransportDisplay:
    """Trajectories of composed DAEs and the entropy gradient flow in the (σ₁, σ₂) plane.

    For Gaussians ``N(0, diag(σ₁², σ₂²))`` the W2 distance is Euclidean in
    ``(σ₁, σ₂)``. Drawn for each start, from the closed forms of
    :mod:`sknnmath.transport`: the flow ``Σ_t = Σ_0 − 2tI`` up to its collapse time
    (:func:`~sknnmath.transport.entropy_gradient_flow`), one DAE as its noise variance
    grows (``σ³/(σ² + t)``), composed DAEs with ``L`` steps
    (:func:`~sknnmath.transport.composed_dae_covariances`); and, when given, the
    trajectory of a trained composed DAE. The legend sits outside the data.

    Parameters
    ----------
    runs : list of dict
        One per start: ``"start"`` (σ₁, σ₂) at t = 0, ``"t"`` the total noise variance
        of the composed DAEs, optionally ``"trained"`` ((L + 1, 2) standard deviations
        along a trained composed DAE's trajectory).
    n_steps : int, optional
        ``L`` of the trained composed DAEs (legend).
    closed_form_steps : tuple of int, default=(1, 4, 16)
        The ``L`` of the closed-form composed DAEs drawn.

    Attributes
    ----------
    ax_ : Axes
    figure_ : Figure

    See Also
    --------
    sknnmath.transport.DenoisingAutoencoder : ``transport(X)`` gives the trajectory.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sknnmath.plotting import TransportDisplay
    >>> disp = TransportDisplay(runs=[{"start": (2.0, 1.0), "t": 0.4}]).plot()
    >>> disp.ax_.get_xlabel()
    'σ₁ (standard deviation along axis 1)'
    """

    def __init__(self, *, runs, n_steps=None, closed_form_steps=(1, 4, 16)):
        self.runs = list(runs)
        self.n_steps = n_steps
        self.closed_form_steps = tuple(closed_form_steps)

    @classmethod
    def from_estimators(cls, estimators, samples, *, ax=None, title=None, **kwargs):
        """Push each sample through its fitted composed DAE and draw the trajectories.

        Parameters
        ----------
        estimators : sequence of fitted :class:`~sknnmath.transport.DenoisingAutoencoder`
        samples : sequence of ndarray of shape (n_samples, 2)
            The (centred Gaussian) data each DAE was fitted on.
        """
        runs = []
        for dae, X in zip(estimators, samples):
            traj = dae.transport(X)
            sig = np.array([np.sqrt(np.diag(np.cov(Z.T, bias=True))) for Z in traj])
            runs.append({"start": sig[0], "t": float(dae.noise_variance), "trained": sig})
        n_steps = estimators[0].n_steps if len(estimators) else None
        return cls(runs=runs, n_steps=n_steps, **kwargs).plot(ax=ax, title=title)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the Gaussian starts of ``dae-transport``."""
        return cls(runs=result.data["runs"], n_steps=result.data["n_steps"]).plot(
            ax=ax, title="Entropy gradient flow vs composed denoising autoencoders for Gaussians "
                         "N(0, diag(σ₁², σ₂²)),\ntime = noise variance; the (σ₁, σ₂)-plane "
                         f"figure (Fig. 7) of {_doc('001')}")

    def _theory(self, ax, s0, run, lab, markers):
        """The flow, the one-DAE curve and the closed-form composed DAEs from one start."""
        from ..transport import composed_dae_covariances, entropy_gradient_flow

        tstar = 0.5 * min(s0) ** 2  # collapse time of the flow
        tt = np.linspace(0, tstar * (1 - 1e-9), 400)
        flow = entropy_gradient_flow(s0**2, tt).covariances
        fl = np.sqrt(np.clip(np.diagonal(flow, axis1=1, axis2=2), 0, None))
        ts = np.linspace(0, 6 * tstar, 300)
        sh = s0[None] ** 3 / (s0[None] ** 2 + ts[:, None])  # one DAE of noise variance t
        ax.plot(fl[:, 0], fl[:, 1], "-", color="tab:blue", lw=1.5,
                label=lab("entropy gradient flow Σ_t = Σ₀ − 2tI"))
        ax.plot(sh[:, 0], sh[:, 1], ":", color="gray", lw=1,
                label=lab("one (shallow) DAE, noise variance t growing"))
        for L in self.closed_form_steps:
            th = np.sqrt(composed_dae_covariances(s0**2, run["t"], L))
            ax.plot(th[:, 0], th[:, 1], markers.get(L, "D"), mfc="none", color="tab:orange",
                    ms=4 + L**0.3, label=lab(f"closed form, L = {L} composed DAEs"))
        ax.plot(*s0, "k*", ms=9, label=lab("start (σ₁, σ₂) at t = 0"))

    def plot(self, ax=None, *, title=None):
        """Draw every start on one axes (``ax``: an Axes or None)."""
        if ax is None:
            fig, axes = subplots(1, 1, width=8.6, height=5.6)
            ax = axes[0, 0]
        fig = ax.figure
        markers = {1: "s", 4: "^", 16: "o"}
        seen = set()
        drawn = set()
        for k, run in enumerate(self.runs):
            def lab(s):
                return s if k == 0 else None

            s0 = np.asarray(run["start"], dtype=float)
            key = (round(float(s0[0]), 6), round(float(s0[1]), 6), float(run["t"]))
            if key not in drawn:  # the theory once per start (linear and MLP runs share it)
                drawn.add(key)
                self._theory(ax, s0, run, lab, markers)
            if run.get("trained") is not None:
                tr = np.asarray(run["trained"])
                L = self.n_steps if self.n_steps is not None else len(tr) - 1
                arch = run.get("architecture", "linear")
                label = None
                if arch not in seen:
                    seen.add(arch)
                    label = (f"trained composed {'linear' if arch == 'linear' else 'nonlinear (MLP)'}"
                             f" DAE, L = {L}")
                ax.plot(tr[:, 0], tr[:, 1], ".-" if arch == "linear" else "x--",
                        color="tab:green" if arch == "linear" else "tab:purple", lw=1, ms=5,
                        label=label)
        set_labels(ax, "σ₁ (standard deviation along axis 1)",
                   "σ₂ (standard deviation along axis 2)")
        ax.set_aspect("equal")
        ax.set_xlim(0, None)
        ax.set_ylim(0, None)
        ax.grid(alpha=0.3)
        legend_outside(ax, where="right")
        if title:
            ax.set_title(title, fontsize=9)
        self.ax_, self.figure_ = ax, fig
        return self


class EntropyTransportDisplay:
    """A sample pushed through composed DAEs, and its entropy after every step.

    Left: the data (step 0), the final push-forward and a subset of trajectories.
    Right: the k-nearest-neighbour entropy estimate and the entropy of the Gaussian
    with the same covariance against the step (integer ticks).

    Parameters
    ----------
    trajectory : ndarray of shape (n_steps + 1, n_samples, 2)
    steps : array-like of int
    entropies : dict of str to array-like
        Entropy curves by legend label.
    n_paths : int, default=60
        Number of trajectories drawn.

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
    >>> from sknnmath.plotting import EntropyTransportDisplay
    >>> traj = np.stack([np.random.default_rng(0).normal(size=(50, 2)) * s for s in (1, .8, .6)])
    >>> disp = EntropyTransportDisplay(trajectory=traj, steps=[0, 1, 2],
    ...                                entropies={"kNN": [2.8, 2.4, 1.9]}).plot()
    >>> disp.axes_[1].get_xlabel()
    'composed DAE step l'
    """

    def __init__(self, *, trajectory, steps, entropies, n_paths=60):
        self.trajectory = np.asarray(trajectory)
        self.steps = np.asarray(steps)
        self.entropies = {k: np.asarray(v, dtype=float) for k, v in entropies.items()}
        self.n_paths = n_paths

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the two-moons panel of ``dae-transport``."""
        t = result.tables["two_moons_entropy"]
        return cls(trajectory=result.data["moons_trajectory"], steps=t["step"],
                   entropies={"kNN (Kozachenko–Leonenko) entropy estimate":
                              t["kNN entropy (nats)"],
                              "entropy of the Gaussian with the same covariance":
                              t["Gaussian entropy of covariance"]}).plot(
            ax=ax, title="Two moons pushed through composed MLP denoising autoencoders: the "
                         f"entropy decreases, {_doc('001')}")

    def plot(self, ax=None, *, title=None):
        """Draw both panels (``ax``: two Axes, or None)."""
        from ._fourier import _figure_legend

        if ax is None:
            fig, axes = subplots(1, 2, width=5.0, height=4.0)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        a, b = axes
        tr = self.trajectory
        a.scatter(tr[0, :, 0], tr[0, :, 1], s=3, color="lightgray", label="data (step 0)")
        a.scatter(tr[-1, :, 0], tr[-1, :, 1], s=3, color="tab:green",
                  label=f"after {tr.shape[0] - 1} composed DAEs")
        for j, i in enumerate(range(0, tr.shape[1], max(1, tr.shape[1] // self.n_paths))):
            a.plot(tr[:, i, 0], tr[:, i, 1], "-", color="k", lw=0.5, alpha=0.6,
                   label="trajectories of single points" if j == 0 else None)
        a.set_aspect("equal")
        set_labels(a, "x₁", "x₂", "Points and their trajectories")
        a.title.set_fontsize(9)
        for k, (name, h) in enumerate(self.entropies.items()):
            b.plot(self.steps, h, "os"[k % 2] + ("-" if k == 0 else "--"),
                   color="tab:green" if k == 0 else "gray", label=name)
        integer_ticks(b, "x")
        set_labels(b, "composed DAE step l", "entropy (nats)", "Entropy after each step")
        b.title.set_fontsize(9)
        _figure_legend(fig, axes, ncols=3, markerscale=2)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class ResidualFlowDisplay:
    """A residual network as a flow: trajectories of the data and the Euler error vs depth.

    Left: the points (coloured by class, named in the legend) with their trajectories
    through the residual blocks (Euler steps) and the fine-step flow beside them.
    Right: the mean distance of the depth-L network's output to the flow's x(T) against
    the step h = T/L (log-log), with the fitted slope and a slope-1 guide.

    Parameters
    ----------
    X, y : ndarray
        Data and class labels.
    trajectory : ndarray of shape (L + 1, n, 2)
        Trajectory through the trained residual blocks.
    convergence : pandas.DataFrame
        Columns ``step h = T/L`` and ``mean |x_L - x(T)|``.
    slope : float
        Fitted log-log slope.
    fine_trajectory : ndarray of shape (K + 1, n, 2), optional
        The same points along the fine-step flow.

    Attributes
    ----------
    axes_ : list of Axes
    ax_ : Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, pandas as pd
    >>> from sknnmath.plotting import ResidualFlowDisplay
    >>> tr = np.cumsum(np.ones((3, 4, 2)) * 0.1, axis=0)
    >>> conv = pd.DataFrame({"step h = T/L": [1, 0.5, 0.25], "mean |x_L - x(T)|": [0.4, 0.2, 0.1]})
    >>> disp = ResidualFlowDisplay(X=tr[0], y=np.array([0, 1, 0, 1]), trajectory=tr,
    ...                            convergence=conv, slope=1.0).plot()
    >>> disp.axes_[1].get_xscale()
    'log'
    """

    def __init__(self, *, X, y, trajectory, convergence, slope, fine_trajectory=None):
        self.X, self.y = np.asarray(X), np.asarray(y)
        self.trajectory = np.asarray(trajectory)
        self.fine_trajectory = None if fine_trajectory is None else np.asarray(fine_trajectory)
        self.convergence, self.slope = convergence, float(slope)

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the ``resnet-flow`` reproduction's flow figure."""
        d = result.data
        return cls(X=d["X"], y=d["y"], trajectory=d["trajectory"],
                   fine_trajectory=d["fine_trajectory"], convergence=d["convergence"],
                   slope=d["slope"]).plot(
            ax=ax, title="A residual network x_(l+1) = x_l + h v(x_l, t_l) as the Euler "
                         f"discretisation of dx/dt = v_t(x),\n{_doc('001')} §4")

    def plot(self, ax=None, *, title=None):
        """Draw both panels (``ax``: two Axes, or None)."""
        from ._fourier import _figure_legend

        if ax is None:
            fig, axes = subplots(1, 2, width=5.0, height=4.2)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        a, b = axes
        tr = self.trajectory
        step = max(1, tr.shape[1] // 30)
        for j, i in enumerate(range(0, tr.shape[1], step)):
            if self.fine_trajectory is not None:
                f = self.fine_trajectory
                a.plot(f[:, i, 0], f[:, i, 1], "-", color="0.6", lw=1.5,
                       label="flow dx/dt = v_t(x) (fine RK4)" if j == 0 else None)
            a.plot(tr[:, i, 0], tr[:, i, 1], ".-", color="k", lw=0.5, ms=2,
                   label=f"{tr.shape[0] - 1} residual blocks (Euler steps)" if j == 0 else None)
        for c, col in zip(np.unique(self.y), ("tab:blue", "tab:orange")):
            m = self.y == c
            a.scatter(tr[0, m, 0], tr[0, m, 1], s=6, color=col, alpha=0.35,
                      label=f"class {c}: input x_0")
            a.scatter(tr[-1, m, 0], tr[-1, m, 1], s=10, color=col, marker="^",
                      label=f"class {c}: output x_T")
        a.set_aspect("equal")
        set_labels(a, "x₁", "x₂", "Data transported by the trained residual blocks")
        c = self.convergence
        h, e = np.asarray(c["step h = T/L"]), np.asarray(c["mean |x_L - x(T)|"])
        b.loglog(h, e, "o-", color="tab:red", label="Euler (ResNet of depth L = T/h)")
        b.loglog(h, e[-1] * h / h[-1], ":", color="k", label="slope 1 guide")
        b.text(0.05, 0.92, f"fitted slope {self.slope:.2f}", transform=b.transAxes)
        set_labels(b, "step h = T / L", "mean |x_L − x(T)|", "Convergence at fixed T as depth grows")
        for x_ in axes:
            x_.title.set_fontsize(9)
        _figure_legend(fig, axes, ncols=3, markerscale=1.5)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class PushforwardDensityDisplay:
    """Histogram of pushed samples next to the density given by the continuity equation.

    Both on the same colour scale with a colourbar; a third panel shows their difference.

    Parameters
    ----------
    hist, density : ndarray of shape (n_bins, n_bins)
        Histogram density of pushed samples and the change-of-variables density, per bin.
    edges : tuple of ndarray
        Bin edges along x₁ and x₂.
    tv : float, optional
        Total variation between the two (title).

    Attributes
    ----------
    images_ : list of AxesImage
    colorbars_ : list of Colorbar
    axes_ : list of Axes
    figure_ : Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import PushforwardDensityDisplay
    >>> e = np.linspace(0, 1, 5)
    >>> disp = PushforwardDensityDisplay(hist=np.ones((4, 4)), density=np.ones((4, 4)),
    ...                                  edges=(e, e)).plot()
    >>> len(disp.colorbars_)
    3
    """

    def __init__(self, *, hist, density, edges, tv=None):
        self.hist, self.density = np.asarray(hist), np.asarray(density)
        self.edges, self.tv = edges, tv

    @classmethod
    def from_results(cls, result, ax=None):
        """Draw the ``resnet-flow`` reproduction's density figure."""
        d = result.data
        s = result.settings
        return cls(hist=d["hist"], density=d["density"], edges=d["edges"],
                   tv=result.metrics["tv"]).plot(
            ax=ax, title=f"Push-forward of N(0, I) by the flow: histogram of {s['n_push']} "
                         "samples vs log p_T = log p_0 − ∫ div v dt\n(continuity equation), "
                         f"{_doc('001')} §4")

    def plot(self, ax=None, *, title=None):
        """Draw the three panels (``ax``: three Axes, or None)."""
        from ._base import add_colorbar

        if ax is None:
            fig, axes = subplots(1, 3, width=4.2, height=3.8)
            axes = list(axes.ravel())
        else:
            axes = list(np.atleast_1d(ax).ravel())
            fig = axes[0].figure
        ex, ey = self.edges
        ext = [ex[0], ex[-1], ey[0], ey[-1]]
        vmax = float(max(self.hist.max(), self.density.max())) or 1.0
        self.images_, self.colorbars_ = [], []
        diff = self.hist - self.density
        dmax = float(np.abs(diff).max()) or 1.0
        for a, M, name, kw, lab in (
                (axes[0], self.hist, "histogram of pushed samples", dict(vmin=0, vmax=vmax,
                                                                        cmap="viridis"), "density"),
                (axes[1], self.density, "change-of-variables density p_T",
                 dict(vmin=0, vmax=vmax, cmap="viridis"), "density"),
                (axes[2], diff, "histogram − p_T" + (f" (TV {self.tv:.3f})" if self.tv else ""),
                 dict(vmin=-dmax, vmax=dmax, cmap="RdBu_r"), "difference of densities")):
            im = a.imshow(M.T, origin="lower", extent=ext, aspect="auto", interpolation="nearest",
                          **kw)
            self.images_.append(im)
            self.colorbars_.append(add_colorbar(im, a, lab))
            set_labels(a, "x₁", "x₂", name)
            a.title.set_fontsize(9)
        if title:
            fig.suptitle(title, fontsize=10)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self
