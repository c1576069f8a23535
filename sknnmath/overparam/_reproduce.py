"""Reproductions of document 004's over-parameterisation figures.

``double-descent``: min-norm linear regression (HMRT and exact finite-n curves) and
random-features regression (Mei–Montanari curve, ridge curves) against width.
``benign-overfitting``: the n = 60, p = 2000 demo of the slides, with BLLT's
effective ranks, and the 1-D picture of a 2000-parameter interpolator.
"""

from __future__ import annotations

import math

import numpy as np

from ..reproduce import ReproductionResult, progress, register
from ._data import covariance_spectrum, make_sphere_teacher
from ._min_norm import MinNormInterpolator
from ._random_features import RandomFeatureRegressor
from ._theory import (
    benign_overfitting_terms,
    mei_montanari_risk,
    minnorm_excess_risk,
    minnorm_risk_finite_n,
    minnorm_risk_isotropic,
)


def _figure(ncols, width=5.2, height=3.9):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, axes


def noise_averaged_risk(X, coef, noise, eigenvalues=None, device="cpu", **params):
    """E_eps ||beta_hat - beta||_Sigma^2 given X, computed by one multi-output fit.

    Fitting [X beta, I_n] gives X^+ X beta and X^+; the bias is
    ||X^+ X beta - beta||_Sigma^2 and the variance noise * tr(X^+^T Sigma X^+).
    """
    n = X.shape[0]
    lam = np.ones(X.shape[1]) if eigenvalues is None else eigenvalues
    Y = np.column_stack([X @ coef, np.eye(n)])
    C = MinNormInterpolator(device=device, **params).fit(X, Y).coef_
    d = C[0] - coef
    return float(d @ (lam * d)), float(noise * np.sum((C[1:] ** 2) @ lam))


# ------------------------------------------------------------------------------------------
@register("double-descent", document="004",
          description="min-norm and random-feature regression: risk vs width with HMRT, "
                      "Belkin–Hsu–Xu and Mei–Montanari curves")
def double_descent(quick=False, device="auto", random_state=0):
    from sklearn.model_selection import ShuffleSplit, validation_curve

    rng = np.random.default_rng(random_state)
    r2, s2 = 1.0, 0.25
    # ---------------- (a) min-norm linear regression, isotropic Gaussian design
    n = 40 if quick else 100
    reps = 12 if quick else 200
    gammas = [0.25, 0.5, 0.8, 0.9, 1.1, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0]
    if not quick:
        gammas = [0.1, 0.25, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.2, 1.35, 1.5,
                  1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0]
    ps = sorted({int(round(g * n)) for g in gammas} - {n - 1, n, n + 1})
    rows_a = []
    for p in progress(ps, "min-norm widths"):
        B, V = np.empty(reps), np.empty(reps)
        for i in range(reps):
            X = rng.standard_normal((n, p))
            beta = rng.standard_normal(p)
            beta *= math.sqrt(r2) / np.linalg.norm(beta)
            B[i], V[i] = noise_averaged_risk(X, beta, s2, device=device)
        exact = minnorm_risk_finite_n(n, p, r2, s2)
        asym = minnorm_risk_isotropic(p / n, r2, s2)
        R = B + V
        rows_a.append({"p": p, "gamma": p / n, "MC bias": B.mean(), "MC variance": V.mean(),
                       "MC risk": R.mean(), "MC median": float(np.median(R)),
                       "exact finite-n": exact.risk, "HMRT": asym.risk,
                       "rel. err vs exact": (R.mean() - exact.risk) / exact.risk
                       if np.isfinite(exact.risk) else float("nan")})

    # intercept: the threshold moves to p = n - 1 (medians over designs)
    rows_int = []
    for p in (n - 3, n - 2, n - 1, n, n + 1, n + 2):
        med = {}
        for fi in (False, True):
            vals = []
            for _ in range(6 if quick else 100):
                X = rng.standard_normal((n, p))
                beta = rng.standard_normal(p) / math.sqrt(p)
                vals.append(sum(noise_averaged_risk(X, beta, s2, device=device, fit_intercept=fi)))
            med[fi] = float(np.median(vals))
        rows_int.append({"p": p, "p - n": p - n, "median risk, no intercept": med[False],
                         "median risk, fit_intercept=True": med[True]})

    # ---------------- (b) random-features regression on the sphere teacher
    d = 20 if quick else 100
    nrf = 3 * d
    n_test = 500 if quick else 2000
    tau2 = 0.5
    ratios = ([0.2, 0.5, 0.8, 1.25, 2.0, 4.0, 8.0] if quick else
              [0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 1.05, 1.1, 1.25, 1.5, 2.0, 3.0, 4.0,
               6.0, 8.0, 10.0])
    Ns = [max(1, int(round(r * nrf))) for r in ratios]
    reps_rf = 2 if quick else 8
    X, y, _ = make_sphere_teacher(4 * (nrf + n_test), d, signal=1.0, noise=tau2,
                                      random_state=random_state)
    lams_mc = [0.0, 1e-3, 0.1]
    mc = {lam: np.empty((len(Ns), reps_rf)) for lam in lams_mc}
    for r in range(reps_rf):
        # one validation_curve per seed, so that the random first layer is redrawn too
        cv = ShuffleSplit(n_splits=1, train_size=nrf, test_size=n_test,
                          random_state=random_state + r)
        for lam in lams_mc:
            est = RandomFeatureRegressor(alpha=lam, alpha_scaling="mei-montanari", device=device,
                                         random_state=random_state + r)
            _, test = validation_curve(est, X, y, param_name="n_features", param_range=Ns, cv=cv,
                                       scoring="neg_mean_squared_error")
            mc[lam][:, r] = -test[:, 0] - tau2          # noise-excluded test error
    rows_b = []
    for j, N in enumerate(Ns):
        row = {"N": N, "N/n": N / nrf}
        for lam in lams_mc:
            th = mei_montanari_risk(N / d, nrf / d, lam, "relu", signal=1.0, noise=tau2).risk
            row[f"MC lam={lam:g}"] = float(np.mean(mc[lam][j]))
            row[f"MM lam={lam:g}"] = th
        rows_b.append(row)

    # theory curves on a fine grid, with the optimal ridge per width
    psi2 = nrf / d
    grid = np.geomspace(0.1, 10, 61 if quick else 241) * psi2
    lam_grid = np.geomspace(1e-4, 10, 11 if quick else 41)
    curves = {lam: mei_montanari_risk(grid, psi2, lam, "relu", 1.0, 0.0, tau2).risk
              for lam in (0.0, 1e-3, 1e-2, 0.1)}
    all_r = np.array([mei_montanari_risk(grid, psi2, lm, "relu", 1.0, 0.0, tau2).risk
                      for lm in lam_grid])
    opt = all_r.min(axis=0)
    lam_opt = lam_grid[all_r.argmin(axis=0)]

    # ---------------- figures
    fig, (ax1, ax2) = _figure(2)
    g_fine = np.r_[np.linspace(0.05, 0.97, 200), np.linspace(1.03, 12, 400)]
    ax1.plot(g_fine, minnorm_risk_isotropic(g_fine, r2, s2).risk, "k-", lw=1.2,
             label="HMRT limit")
    p_int = np.array([p for p in range(1, int(12 * n)) if abs(p - n) > 1])
    ax1.plot(p_int / n, minnorm_risk_finite_n(n, p_int, r2, s2).risk, "C1--", lw=1,
             label=f"exact finite n = {n} (Belkin–Hsu–Xu)")
    ga = np.array([r["gamma"] for r in rows_a])
    ax1.plot(ga, [r["MC risk"] for r in rows_a], "o", color="C0", ms=4,
             label=f"MinNormInterpolator, mean of {reps}")
    ax1.plot(ga, [r["MC median"] for r in rows_a], "x", color="C2", ms=4, label="median")
    ax1.axhline(r2, color="grey", lw=0.7, ls=":")
    ax1.set(xscale="log", yscale="log", ylim=(0.02, 30), xlabel="gamma = p / n",
            ylabel="excess risk E||beta_hat - beta||^2",
            title=f"(a) min-norm least squares, r^2={r2}, sigma^2={s2}")
    ax1.legend(fontsize=7)
    for lam, c in zip((0.0, 1e-3, 1e-2, 0.1), ("k", "C3", "C4", "C5")):
        ax2.plot(grid / psi2, curves[lam], color=c, lw=1.1, label=f"Mei–Montanari lam={lam:g}")
    ax2.plot(grid / psi2, opt, "C2-", lw=2, alpha=0.6, label="optimal ridge (theory)")
    for lam, c, m in zip(lams_mc, ("k", "C3", "C5"), ("o", "s", "^")):
        ax2.plot([r["N/n"] for r in rows_b], [r[f"MC lam={lam:g}"] for r in rows_b], m, color=c,
                 ms=4, mfc="none", label=f"RandomFeatureRegressor lam={lam:g}")
    ax2.set(xscale="log", yscale="log", ylim=(0.05, 50), xlabel="N / n (width / samples)",
            ylabel="test error (noise excluded)",
            title=f"(b) ReLU random features, d={d}, n={nrf}, tau^2={tau2}")
    ax2.legend(fontsize=6.5)

    # ---------------- summary from the numbers
    fin = [r for r in rows_a if np.isfinite(r["exact finite-n"])]
    worst = max(abs(r["rel. err vs exact"]) for r in fin)
    below = [r for r in rows_b if r["N/n"] < 1]
    above = [r for r in rows_b if r["N/n"] > 1]
    peak_lo = max(below, key=lambda r: r["MC lam=0"])
    peak_hi = max(above, key=lambda r: r["MC lam=0"])
    i_int = {r["p - n"]: r for r in rows_int}
    mm_err = [abs(r[f"MC lam={lm:g}"] - r[f"MM lam={lm:g}"]) / r[f"MM lam={lm:g}"]
              for r in rows_b for lm in lams_mc if abs(r["N/n"] - 1) > 0.15]
    summary = [
        f"(a) Monte-Carlo risk of MinNormInterpolator (n = {n}, {reps} designs, noise averaged "
        f"exactly) matches the exact finite-n formula within {100 * worst:.1f}% at every p "
        f"off the threshold; it rises towards p = n and falls after it.",
        f"(a) Minimum of the over-parameterised branch: MC {min(r['MC risk'] for r in rows_a if r['gamma'] > 1):.3f}"
        f" vs HMRT 2 r sigma - sigma^2 = {2 * math.sqrt(r2 * s2) - s2:.3f} at gamma* = "
        f"{1 / (1 - math.sqrt(s2 / r2)):.1f}.",
        f"(a) With fit_intercept=True the median risk at p = n - 1 is "
        f"{i_int[-1]['median risk, fit_intercept=True']:.3g} vs {i_int[-1]['median risk, no intercept']:.3g}"
        f" without: the peak moves to p = n - 1.",
        f"(b) Ridgeless random features peak next to N = n (largest MC errors "
        f"{peak_lo['MC lam=0']:.3g} at N/n = {peak_lo['N/n']:.2f} and {peak_hi['MC lam=0']:.3g}"
        f" at N/n = {peak_hi['N/n']:.2f}); away from N/n in [0.85, 1.15] MC vs Mei–Montanari "
        f"differs by at most {100 * max(mm_err):.0f}% (median {100 * float(np.median(mm_err)):.0f}%).",
        f"(b) Theory: the optimally tuned ridge has no peak (max {opt.max():.3f} vs ridgeless "
        f"{np.nanmax(curves[0.0][np.isfinite(curves[0.0])]):.3g}); lam = 0.1 already caps it at "
        f"{curves[0.1].max():.3f}.",
    ]
    metrics = {"minnorm_max_rel_err_vs_exact": worst,
               "rf_max_rel_err_vs_mm_off_peak": float(max(mm_err)),
               "rf_optimal_ridge_max_risk": float(opt.max()),
               "rf_optimal_lambda_at_threshold": float(lam_opt[np.argmin(np.abs(grid - psi2))])}
    return ReproductionResult(
        tables={"min_norm_linear": rows_a, "intercept_threshold": rows_int,
                "random_features": rows_b},
        figures={"curves": fig}, summary=summary, metrics=metrics)


# ------------------------------------------------------------------------------------------
def _fourier_features(x, n_features, n_head, tail_weight):
    """Orthonormal Fourier features sqrt(2) cos / sin (2 pi k x), head weight 1, tail small.

    For x uniform on [0, 1] their covariance is diag(weights^2): a spiked spectrum
    (``n_head`` eigenvalues 1) with a flat tail (eigenvalue ``tail_weight^2``).
    """
    k = np.arange(1, n_features // 2 + 1)
    ang = 2 * np.pi * np.outer(x, k)
    F = np.empty((x.size, 2 * k.size))
    F[:, 0::2] = math.sqrt(2) * np.cos(ang)
    F[:, 1::2] = math.sqrt(2) * np.sin(ang)
    w = np.full(2 * k.size, tail_weight)
    w[:n_head] = 1.0
    return F * w, w**2


@register("benign-overfitting", document="004",
          description="n = 60, p = 2000 min-norm interpolation: excess risk and BLLT effective "
                      "ranks for four spectra, and the 1-D picture")
def benign_overfitting(quick=False, device="auto", random_state=0):
    rng = np.random.default_rng(random_state)
    n, p, s2 = 60, 2000, 1.0
    reps = 10 if quick else 60
    spectra = {
        "isotropic": covariance_spectrum("isotropic", p),
        "3 spikes + tail 0.01": covariance_spectrum("spiked", p, n_spikes=3, spike=1.0, tail=0.01),
        "k^-1 log^-2(k+1)": covariance_spectrum("log-harmonic", p),
        "k^-2": covariance_spectrum("power", p, exponent=2.0),
    }
    rows = []
    for name, lam in progress(spectra.items(), "spectra"):
        coef = np.zeros(p)
        coef[0] = 1.0 / math.sqrt(lam[0])            # ||theta*||_Sigma^2 = 1 (null risk 1)
        B, V, L7 = np.empty(reps), np.empty(reps), np.empty(reps)
        for i in range(reps):
            X = rng.standard_normal((n, p)) * np.sqrt(lam)
            B[i], V[i] = noise_averaged_risk(X, coef, s2, lam, device=device)
            L7[i] = minnorm_excess_risk(X, lam, coef, s2).risk
        t = benign_overfitting_terms(lam, n, b=1.0)
        rows.append({"spectrum": name, "r_0": t["r0"], "k* (b=1)": t["k_star"],
                     "R_k*": t["R_k_star"], "k*/n + n/R_k*": t["variance_term"],
                     "MC bias": B.mean(), "MC variance": V.mean(), "excess risk": (B + V).mean(),
                     "Lemma 7 check": L7.mean()})

    # ---------------- the slide's picture: 1-D target, 2000 Fourier parameters
    noise_sd = 0.5
    x = np.sort(rng.uniform(0, 1, n))

    def truth(t):
        return np.sin(2 * np.pi * t) + 0.5 * np.cos(4 * np.pi * t)

    y = truth(x) + noise_sd * rng.standard_normal(n)
    n_head, tail_w = 6, 0.1
    F, eig = _fourier_features(x, p, n_head, tail_w)
    est = MinNormInterpolator(device=device).fit(F, y)
    grid = np.linspace(0, 1, 1500 if quick else 6000)
    Fg, _ = _fourier_features(grid, p, n_head, tail_w)
    fit = est.predict(Fg)
    low = Fg[:, :n_head] @ est.coef_[:n_head]
    high = fit - low
    head_ols = MinNormInterpolator(device=device).fit(F[:, :n_head], y)
    t1 = benign_overfitting_terms(eig, n)
    rows_1d = [{"model": "2000-parameter min-norm interpolator",
                "train MSE": float(np.mean((est.predict(F) - y) ** 2)),
                "test excess risk": float(np.mean((fit - truth(grid)) ** 2)),
                "low-frequency part excess": float(np.mean((low - truth(grid)) ** 2))},
               {"model": "least squares on the 6 head features",
                "train MSE": float(np.mean((head_ols.predict(F[:, :n_head]) - y) ** 2)),
                "test excess risk": float(np.mean((head_ols.predict(Fg[:, :n_head])
                                                   - truth(grid)) ** 2)),
                "low-frequency part excess": float("nan")},
               {"model": "null predictor 0", "train MSE": float(np.mean(y**2)),
                "test excess risk": float(np.mean(truth(grid) ** 2)),
                "low-frequency part excess": float("nan")}]

    fig, (ax1, ax2) = _figure(2)
    for (name, lam), c in zip(spectra.items(), ("C0", "C1", "C2", "C3")):
        ax1.loglog(np.arange(1, p + 1), lam, color=c, label=name)
    ax1.axvline(n, color="grey", ls=":", lw=0.8)
    ax1.set(xlabel="k", ylabel="eigenvalue lambda_k", title="covariance spectra (p = 2000)")
    ax1.legend(fontsize=7)
    names = [r["spectrum"] for r in rows]
    xb = np.arange(len(rows))
    ax2.bar(xb, [r["MC bias"] for r in rows], color="C0", label="bias")
    ax2.bar(xb, [r["MC variance"] for r in rows], bottom=[r["MC bias"] for r in rows],
            color="C1", label="variance")
    ax2.axhline(1.0, color="k", ls=":", lw=0.8, label="null risk")
    ax2.set_xticks(xb, names, fontsize=7, rotation=12)
    ax2.set(ylabel="excess risk", title=f"min-norm interpolation, n={n}, sigma^2={s2}")
    ax2.legend(fontsize=7)

    fig2, (b1, b2) = _figure(2)
    b1.plot(grid, truth(grid), color="green", lw=2, label="true function")
    b1.plot(grid, fit, color="red", lw=0.7, label="learned (2000 parameters)")
    b1.plot(x, y, "o", color="blue", ms=3.5, label="data (n = 60)")
    b1.set(xlabel="x", ylabel="y", title="benign overfitting: interpolates and still tracks")
    b1.legend(fontsize=7)
    b2.plot(grid, truth(grid), color="green", lw=2, label="true function")
    b2.plot(grid, low, color="red", lw=1.2, label="low-frequency band (6 features)")
    b2.plot(grid, high, color="grey", lw=0.6, label="high-frequency band (1994 features)")
    b2.plot(x, y - truth(x), "o", color="blue", ms=3, label="noise at the data")
    b2.set(xlabel="x", title="low band learns the truth, high band absorbs the noise")
    b2.legend(fontsize=7)

    by = {r["spectrum"]: r for r in rows}
    summary = [
        f"3 spikes + small tail: excess risk {by['3 spikes + tail 0.01']['excess risk']:.3f} "
        f"while interpolating noise of variance {s2:g} (benign; r_0 = "
        f"{by['3 spikes + tail 0.01']['r_0']:.1f}, k* = {by['3 spikes + tail 0.01']['k* (b=1)']}, "
        f"R_k* = {by['3 spikes + tail 0.01']['R_k*']:.0f}).",
        f"isotropic: {by['isotropic']['excess risk']:.3f} (learns nothing: r_0/n = "
        f"{by['isotropic']['r_0'] / n:.0f}, bias ~ the null risk 1).",
        f"k^-2: {by['k^-2']['excess risk']:.3f} (harmful: variance "
        f"{by['k^-2']['MC variance']:.3f} ~ sigma^2, k* = {by['k^-2']['k* (b=1)']} > n); "
        f"k^-1 log^-2(k+1): {by['k^-1 log^-2(k+1)']['excess risk']:.3f} (benign only as n grows).",
        f"1-D picture: the interpolator has train MSE {rows_1d[0]['train MSE']:.1e} and test "
        f"excess risk {rows_1d[0]['test excess risk']:.3f} against {rows_1d[2]['test excess risk']:.3f}"
        f" for the null predictor; its 6 low frequencies alone are off by "
        f"{rows_1d[0]['low-frequency part excess']:.3f} (r_0 = {t1['r0']:.1f}, k* = {t1['k_star']}).",
    ]
    metrics = {r["spectrum"]: r["excess risk"] for r in rows}
    return ReproductionResult(tables={"spectra": rows, "one_dimensional": rows_1d},
                              figures={"spectra": fig, "picture": fig2}, summary=summary,
                              metrics=metrics)
