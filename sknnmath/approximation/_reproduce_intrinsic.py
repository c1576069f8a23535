"""Reproduction ``intrinsic-dimension``: learning curves on a ``k``-torus embedded in ``R^D``.

Document 004 cites Nakada & Imaizumi (2020): deep networks pay for the intrinsic
dimension ``k`` of the data, not for the ambient dimension ``D``. Data lie on a
smooth random embedding of the ``k``-torus in ``R^D`` (:class:`TorusEmbedding`),
``k = 1, 2, 3`` and ``D = 10, 50``; the target is a ``β``-smooth periodic function
of the intrinsic coordinates. For each ``(k, D)`` we fit the exponent of the
test MSE against ``n`` for ReLU MLPs (every width and seed trained at once),
Gaussian kernel ridge and a Fourier series in the ambient coordinates (both
tuned by ``GridSearchCV``), next to the theory's ``−2β/(2β+k)`` and the ambient
``−2β/(2β+D)``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..reproduce import parallel_map, register, spawn_seeds
from ._manifold import make_manifold_regression
from ._rates import fit_batched_mlps
from ._theory import fit_loglog_slope, intrinsic_rate_exponent

__all__ = ["compute_intrinsic_dimension"]

MLP = "MLP (2 hidden ReLU layers)"
KRR = "kernel ridge (Gaussian)"
FOURIER = "Fourier series (ambient coordinates)"


def _intrinsic_settings(quick):
    if quick:
        return dict(intrinsic_dims=(1, 2), ambient_dims=(10, 50), ns=(60, 120, 240), beta=2.0,
                    noise=0.1, n_test=500, widths=(16,), n_seeds=1, max_iter=100,
                    learning_rate=1e-2, n_repeats=1)
    return dict(intrinsic_dims=(1, 2, 3), ambient_dims=(10, 50), ns=(200, 400, 800, 1600),
                beta=2.0, noise=0.1, n_test=2000, widths=(32, 64), n_seeds=2, max_iter=600,
                learning_rate=5e-3, n_repeats=1)


def _intrinsic_job(item, *, s, device):
    """One (k, D, n, repeat): the three methods on one sample, errors against the noise-free target."""
    from sklearn.kernel_ridge import KernelRidge
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    from ..fourier import FourierSeriesRegressor, lattice_count

    k, D, n, repeat, seed = item
    manifold = 1000 + 7 * k + D  # the same manifold and target for every n and repeat
    X, y = make_manifold_regression(n, k, D, beta=s["beta"], noise=s["noise"],
                                    random_state=(manifold, seed))
    Xt, _, _, ft = make_manifold_regression(s["n_test"], k, D, beta=s["beta"],
                                            random_state=(manifold, 10**6 + manifold),
                                            return_intrinsic=True)
    rows = []
    # Gaussian kernel ridge: bandwidth and ridge by 3-fold CV (the inputs have |x| ≈ 1 for every D)
    krr = GridSearchCV(KernelRidge(kernel="rbf"),
                       {"alpha": [1e-3, 1e-2, 1e-1], "gamma": [0.5, 2.0, 8.0]},
                       cv=3, scoring="neg_mean_squared_error").fit(X, y)
    rows.append({"method": KRR, "size": n, "test_mse": float(np.mean((krr.predict(Xt) - ft) ** 2))})
    # Fourier series in the ambient coordinates (scaled to [-1, 1]^D, period 3): every truncation
    # whose number of basis functions is at most n (ridge by CV) — their number grows like N^D
    Ns = [N for N in range(1, 40) if lattice_count(N, D) <= n]
    four = GridSearchCV(
        make_pipeline(MinMaxScaler((-1, 1)),
                      FourierSeriesRegressor(half_width=1.5, alpha=1e-6, device="cpu")),
        {"fourierseriesregressor__n_frequencies": Ns,
         "fourierseriesregressor__alpha": [1e-3, 1e-1]},
        cv=3, scoring="neg_mean_squared_error").fit(X, y)
    N = four.best_params_["fourierseriesregressor__n_frequencies"]
    rows.append({"method": FOURIER, "size": int(lattice_count(N, D)),
                 "test_mse": float(np.mean((four.predict(Xt) - ft) ** 2))})
    # MLPs: every width and seed trained at once; width and seed chosen on a held-out fifth
    n_val = max(n // 5, 1)
    w_all = np.repeat(np.asarray(s["widths"]), s["n_seeds"])
    fit = fit_batched_mlps(X[n_val:], y[n_val:], (max(s["widths"]),) * 2, widths=w_all,
                           random_state=seed, learning_rate=s["learning_rate"],
                           max_iter=s["max_iter"], device=device)
    best = int(np.argmin(np.mean((fit.predict(X[:n_val]) - y[:n_val]) ** 2, axis=1)))
    rows.append({"method": MLP, "size": int(w_all[best]),
                 "test_mse": float(np.mean((fit.predict(Xt)[best] - ft) ** 2))})
    for r in rows:
        r.update({"k": k, "D": D, "n": n, "repeat": repeat})
    return rows


def compute_intrinsic_dimension(quick=False, device="auto", random_state=0, n_jobs=None,
                                settings=None):
    """Learning curves on data of intrinsic dimension ``k`` embedded in ``R^D`` (Nakada & Imaizumi).

    Parameters
    ----------
    quick : bool, default=False
        Small sizes (seconds).
    device : str, default="auto"
        Device of the MLPs.
    random_state : int, default=0
        Seed of the samples and the networks.
    n_jobs : int or None, default=None
        Parallel jobs over ``(k, D, n, repeat)`` (joblib / dask).
    settings : dict or None, default=None
        Overrides of the sizes (``intrinsic_dims``, ``ambient_dims``, ``ns``, ``beta``,
        ``noise``, ``n_test``, ``widths``, ``n_seeds``, ``max_iter``, ``learning_rate``,
        ``n_repeats``).

    Returns
    -------
    ReproductionResult
        Tables ``learning_curves`` (test MSE per method, ``k``, ``D``, ``n``; mean over
        repeats) and ``exponents`` (fitted learning-curve exponent per method and
        ``(k, D)`` next to ``−2β/(2β+k)`` and ``−2β/(2β+D)``).

    Examples
    --------
    >>> from sknnmath.approximation._reproduce_intrinsic import compute_intrinsic_dimension
    >>> res = compute_intrinsic_dimension(quick=True, device="cpu", settings=dict(  # doctest: +SKIP
    ...     intrinsic_dims=(1,), ambient_dims=(10,), ns=(50, 100), max_iter=20))
    """
    from ..reproduce import ReproductionResult

    s = {**_intrinsic_settings(bool(quick)), **(settings or {})}
    items = [(k, D, n, r) for k in s["intrinsic_dims"] for D in s["ambient_dims"]
             for n in s["ns"] for r in range(s["n_repeats"])]
    seeds = spawn_seeds(random_state, len(items))
    rows = parallel_map(functools.partial(_intrinsic_job, s=s, device=device),
                        [(*it, sd) for it, sd in zip(items, seeds)], n_jobs=n_jobs,
                        desc=f"{len(items)} learning-curve points x 3 methods "
                             f"({len(s['widths']) * s['n_seeds']} MLPs at once each)")
    raw = pd.DataFrame([r for rs in rows for r in rs])
    lc = (raw.groupby(["method", "k", "D", "n"], sort=False)
          .agg(test_mse=("test_mse", "mean"), size=("size", "median")).reset_index())
    exps = []
    for (m, k, D), g in lc.groupby(["method", "k", "D"], sort=False):
        exps.append({"method": m, "k": int(k), "D": int(D),
                     "fitted_exponent": fit_loglog_slope(g.n, g.test_mse),
                     "mse_at_largest_n": float(g.test_mse.iloc[-1]),
                     "theory_intrinsic": intrinsic_rate_exponent(s["beta"], k),
                     "theory_ambient": intrinsic_rate_exponent(s["beta"], D)})
    exps = pd.DataFrame(exps)
    settings_out = {"quick": bool(quick), "random_state": random_state,
                    **{key: list(v) if isinstance(v, tuple) else v for key, v in s.items()},
                    "theory": "Nakada & Imaizumi (2020): E||f_hat - f||^2 = O~(n^(-2 beta/(2 beta + k)))"}
    return ReproductionResult(settings=settings_out,
                              tables={"learning_curves": lc, "exponents": exps})


def _display_intrinsic(result):
    from ..plotting import (ApproximationRateDisplay, integer_ticks, legend_outside, set_labels,
                            subplots)

    lc = result.tables["learning_curves"]
    beta = result.settings["beta"]
    ks = sorted(lc.k.unique())
    fig, axes = subplots(1, len(ks), width=4.8, height=3.9)
    for ax, k in zip(axes[0], ks):
        g = lc[lc.k == k]
        g = g.assign(series=g.method + ", D = " + g.D.astype(str))
        theory = {f"{MLP}, D = {D}": intrinsic_rate_exponent(beta, k) for D in g.D.unique()}
        ApproximationRateDisplay.from_frame(g, x="n", y="test_mse", by="series", theory=theory).plot(
            ax=ax, xlabel="training sample size n", ylabel="test MSE against the noise-free target",
            title=f"k = {k}: theory slope −2β/(2β+k) = {intrinsic_rate_exponent(beta, k):.2f}")
    e = result.tables["exponents"]
    fig2, axes2 = subplots(1, 1, width=5.6, height=4.0)
    ax = axes2[0, 0]
    markers = {10: "o", 50: "s"}
    for i, (m, gm) in enumerate(e.groupby("method", sort=False)):
        for D, g in gm.groupby("D"):
            ax.plot(g.k, g.fitted_exponent, marker=markers.get(int(D), "^"), color=f"C{i}", ms=5,
                    ls="-" if D == e.D.min() else ":", label=f"{m}, D = {D}")
    kk = np.linspace(min(ks), max(ks), 50)
    ax.plot(kk, [intrinsic_rate_exponent(beta, k) for k in kk], "k--", lw=1,
            label="theory −2β/(2β+k) (Nakada & Imaizumi)")
    for D in sorted(e.D.unique()):
        ax.axhline(intrinsic_rate_exponent(beta, D), color="grey", lw=1, ls="-.")
    ax.plot([], [], color="grey", lw=1, ls="-.", label="ambient −2β/(2β+D), D = "
            + ", ".join(str(int(D)) for D in sorted(e.D.unique())))
    integer_ticks(ax, "x")
    set_labels(ax, "intrinsic dimension k", "fitted exponent of test MSE in n",
               f"Learning-curve exponents, β = {beta:g}")
    legend_outside(ax)
    return {"learning_curves": fig, "exponents": fig2}


def _summary_intrinsic(result):
    e = result.tables["exponents"]
    out = []
    for _, r in e.iterrows():
        out.append(f"{r.method}, k = {r.k}, D = {r.D}: fitted exponent {r.fitted_exponent:.2f} "
                   f"(theory −2β/(2β+k) = {r.theory_intrinsic:.2f}, ambient −2β/(2β+D) = "
                   f"{r.theory_ambient:.2f}); MSE {r.mse_at_largest_n:.2g} at the largest n.")
    # ||f||_{L2} = 1, so a test MSE of 0.5 or more means the method has not learnt f
    learnt = e.mse_at_largest_n < 0.5
    for _, r in e[~learnt].iterrows():
        out.append(f"{r.method}, k = {r.k}, D = {r.D}: MSE {r.mse_at_largest_n:.2f} of ||f||^2 = 1 at "
                   "the largest n — it has not learnt the target (no exponent to compare).")
    Ds = sorted(e.D.unique())
    if len(Ds) >= 2:
        lo, hi = Ds[0], Ds[-1]
        for m, g in e.groupby("method", sort=False):
            a = g[g.D == lo].set_index("k")
            b = g[g.D == hi].set_index("k")
            ks = a.index.intersection(b.index)
            if not len(ks):
                continue
            de = float(np.max(np.abs(a.loc[ks, "fitted_exponent"] - b.loc[ks, "fitted_exponent"])))
            ratio = float(np.max(b.loc[ks, "mse_at_largest_n"] / a.loc[ks, "mse_at_largest_n"]))
            if np.all(b.loc[ks, "mse_at_largest_n"] >= 0.5):
                verdict = f"at D = {hi} it learns nothing for any k"
            elif de < 0.15 and ratio < 2:  # criterion: exponent within 0.15, final MSE within 2x
                verdict = "it follows k, not D"
            else:
                verdict = "it changes with D (exponent moves >= 0.15 or MSE grows >= 2x)"
            out.append(f"{m}: from D = {lo} to D = {hi} the exponent moves by at most {de:.2f} and the "
                       f"MSE at the largest n changes by a factor of at most {ratio:.2f} — {verdict}.")
    mlp = e[e.method == MLP]
    if len(mlp) and mlp.k.nunique() >= 2:
        by_k = mlp.groupby("k").fitted_exponent.mean()
        theory = ", ".join(f"{intrinsic_rate_exponent(result.settings['beta'], k):.2f}" for k in by_k.index)
        trend = ("flattens as k grows" if np.all(np.diff(by_k.to_numpy()) > 0)
                 else "does not flatten monotonically with k")
        level = mlp.groupby("k").mse_at_largest_n.mean()
        grows = "grows with k" if np.all(np.diff(level.to_numpy()) > 0) else "does not grow monotonically with k"
        out.append("MLP test MSE at the largest n (mean over D) per k: "
                   + ", ".join(f"k = {k}: {v:.2g}" for k, v in level.items()) + f" — it {grows}.")
        steeper = bool(np.all(by_k.to_numpy() < [intrinsic_rate_exponent(result.settings["beta"], k)
                                                for k in by_k.index]))
        if steeper:
            out.append("Every fitted MLP exponent (mean over D) is steeper than −2β/(2β+k): the theorem "
                       "bounds the risk of every β-smooth target, and this target, a truncated Fourier "
                       "series, is smoother than β.")
        out.append("MLP exponent (mean over D) per k: "
                   + ", ".join(f"k = {k}: {v:.2f}" for k, v in by_k.items())
                   + f" — it {trend} (theory: {theory}).")
    return out


register("intrinsic-dimension", document="004",
         description="Data on a k-dimensional torus embedded in R^D: learning-curve exponents of "
                     "MLPs, kernel ridge and ambient Fourier series follow k or D (Nakada & Imaizumi)",
         display=_display_intrinsic, summary=_summary_intrinsic)(compute_intrinsic_dimension)
