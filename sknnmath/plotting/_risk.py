"""Risk curves: Monte Carlo median and quantile band against a width-like parameter,
with theory curves overlaid (double descent, random features, learning curves)."""

from __future__ import annotations

import numpy as np

from ._base import create_axes, legend_outside, set_labels


class RiskCurveDisplay:
    """Monte Carlo risk (median and a quantile band over repetitions) with theory curves.

    Build it with :meth:`from_estimator` (runs the Monte Carlo with
    scikit-learn's ``validation_curve``) or :meth:`from_results` (draws a
    reproduction's stored curves), or directly from arrays and call
    :meth:`plot`.

    Parameters
    ----------
    param_range : array-like of shape (n_params,)
        The x values (a width, p/n, N/n...).
    risks : array-like of shape (n_params, n_repeats)
        The Monte Carlo risks, one column per repetition.
    theory : dict of str to (x, y), optional
        Theory curves by legend label.
    param_name : str, default="parameter"
        x-axis label.
    risk_name : str, default="test risk"
        y-axis label.
    estimator_name : str, optional
        Legend label of the Monte Carlo points.
    quantiles : tuple of float, default=(0.25, 0.75)
        The band drawn around the median.

    Attributes
    ----------
    line_ : matplotlib.lines.Line2D
        The Monte Carlo medians.
    fill_ : matplotlib.collections.PolyCollection or None
        The quantile band (None with one repetition).
    theory_lines_ : dict of str to Line2D
        The theory curves.
    ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    See Also
    --------
    sklearn.model_selection.ValidationCurveDisplay : One score curve with a std band.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sknnmath.plotting import RiskCurveDisplay
    >>> g = np.array([0.5, 2.0, 4.0])
    >>> risks = np.array([[1.1, 0.9], [1.6, 1.4], [0.8, 0.7]])
    >>> disp = RiskCurveDisplay(param_range=g, risks=risks, param_name="p / n",
    ...                         theory={"theory": (g, [1.0, 1.5, 0.75])}).plot()
    >>> disp.line_.get_ydata().tolist()
    [1.0, 1.5, 0.75]
    """

    def __init__(self, *, param_range, risks, theory=None, param_name="parameter",
                 risk_name="test risk", estimator_name=None, quantiles=(0.25, 0.75)):
        self.param_range = np.asarray(param_range, dtype=float)
        risks = np.asarray(risks, dtype=float)
        self.risks = risks[:, None] if risks.ndim == 1 else risks
        if self.risks.shape[0] != self.param_range.shape[0]:
            raise ValueError(f"risks has {self.risks.shape[0]} rows for "
                             f"{self.param_range.shape[0]} parameter values.")
        self.theory = dict(theory or {})
        self.param_name = param_name
        self.risk_name = risk_name
        self.estimator_name = estimator_name
        self.quantiles = quantiles

    def plot(self, ax=None, *, logx=True, logy=True, title=None, color="C0", marker="o",
             theory_kw=None, legend=True, ylim=None):
        """Draw medians, the quantile band and the theory curves.

        Parameters
        ----------
        ax : Axes, optional
            Where to draw (new figure if None).
        logx, logy : bool, default=True
            Log scales.
        title : str, optional
            What is compared, in words.
        color, marker : str
            Style of the Monte Carlo points.
        theory_kw : dict of str to dict, optional
            Line style per theory label.
        legend : bool, default=True
            Draw the legend outside the axes.
        ylim : tuple, optional
            y-limits (a peak at an interpolation threshold can be unbounded).

        Returns
        -------
        self
        """
        fig, ax = create_axes(ax)
        theory_kw = theory_kw or {}
        self.theory_lines_ = {}
        for i, (label, (x, y)) in enumerate(self.theory.items()):
            kw = {"color": "k" if i == 0 else f"C{i + 1}", "lw": 1.2}
            kw.update(theory_kw.get(label, {}))
            (self.theory_lines_[label],) = ax.plot(x, y, label=label, **kw)
        med = np.median(self.risks, axis=1)
        reps = self.risks.shape[1]
        name = self.estimator_name or "Monte Carlo"
        self.fill_ = None
        if reps > 1:
            lo, hi = np.quantile(self.risks, self.quantiles, axis=1)
            q = f"{int(100 * self.quantiles[0])}–{int(100 * self.quantiles[1])}%"
            self.fill_ = ax.fill_between(self.param_range, lo, hi, color=color, alpha=0.2,
                                         lw=0, label=f"{name}, {q} of {reps} repetitions")
            label = f"{name}, median of {reps}"
        else:
            label = name
        (self.line_,) = ax.plot(self.param_range, med, marker, color=color, ms=4, label=label)
        if logx:
            ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        if ylim is not None:
            ax.set_ylim(*ylim)
        set_labels(ax, self.param_name, self.risk_name, title)
        if legend:
            legend_outside(ax)
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_estimator(cls, estimator, X, y, *, param_name, param_range, train_size,
                       test_size=None, n_repeats=5, scoring="neg_mean_squared_error",
                       x_values=None, theory=None, random_state=None, n_jobs=None,
                       risk_name=None, ax=None, **plot_kw):
        """Monte Carlo risk by ``validation_curve`` over ``n_repeats`` random splits.

        Each repetition draws a new train/test split (``ShuffleSplit``) and, when
        the estimator has a ``random_state``, a new seed for it (so random
        features are redrawn too).

        Parameters
        ----------
        estimator : estimator
        X, y : array-like
        param_name : str
            The width-like parameter (``"n_features"``).
        param_range : array-like
        train_size, test_size : int or float
            Of each split.
        n_repeats : int, default=5
        scoring : str, default="neg_mean_squared_error"
            A ``neg_`` score is turned into a positive risk.
        x_values : array-like, optional
            The x positions (default ``param_range``, e.g. give N / n).
        theory : dict, optional
            Theory curves (see the class).
        random_state : int, optional
        n_jobs : int, optional
            joblib jobs of ``validation_curve``.
        risk_name : str, optional
            y-axis label.
        ax : Axes, optional
        **plot_kw
            Passed to :meth:`plot`.

        Returns
        -------
        RiskCurveDisplay
        """
        from sklearn.base import clone
        from sklearn.model_selection import ShuffleSplit, validation_curve

        from ..reproduce import spawn_seeds

        seeds = spawn_seeds(random_state, n_repeats)
        risks = np.empty((len(param_range), n_repeats))
        for r, seed in enumerate(seeds):
            est = clone(estimator)
            if "random_state" in est.get_params():
                est.set_params(random_state=seed)
            cv = ShuffleSplit(n_splits=1, train_size=train_size, test_size=test_size,
                              random_state=seed)
            _, test = validation_curve(est, X, y, param_name=param_name,
                                       param_range=param_range, cv=cv, scoring=scoring,
                                       n_jobs=n_jobs)
            sign = -1.0 if str(scoring).startswith("neg_") else 1.0
            risks[:, r] = sign * test[:, 0]
        disp = cls(param_range=param_range if x_values is None else x_values, risks=risks,
                   theory=theory, param_name=param_name,
                   risk_name=risk_name or str(scoring).removeprefix("neg_").replace("_", " "),
                   estimator_name=type(estimator).__name__)
        return disp.plot(ax=ax, **plot_kw)

    @classmethod
    def from_results(cls, result, key, ax=None, **plot_kw):
        """Draw the risk curve stored as ``result.data[key]``.

        ``result.data[key]`` is a dict with ``param_range``, ``risks`` and
        optionally ``theory``, ``param_name``, ``risk_name``, ``estimator_name``
        (the class parameters); ``plot`` keywords stored under ``"plot"`` are
        used unless overridden.

        Returns
        -------
        RiskCurveDisplay
        """
        spec = dict(result.data[key])
        stored_kw = spec.pop("plot", {})
        disp = cls(**spec)
        return disp.plot(ax=ax, **{**stored_kw, **plot_kw})
