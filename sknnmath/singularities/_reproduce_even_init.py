"""Reproduction ``even-init``: document 003 (Nitta) results (3)–(4) — even initialisation
and deep ReLU networks' bad local minima, and how little wide networks move."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..reproduce import ReproductionResult, parallel_map, register, spawn_seeds
from ._even_init import make_teacher_task, train_many_seeds, wide_network_movement

#: init law -> is its density even? (the registry's laws; the non-even ones are the folds
#: abs(w) of "even" and "he", with the same second moment)
INIT_LAWS = {"even": True, "he": True, "positive_uniform": False, "half_normal": False}
LAW_TEXT = {
    "even": "U(-1/sqrt(fan_in), 1/sqrt(fan_in)), weights and biases",
    "he": "N(0, 2/fan_in), zero biases",
    "positive_uniform": "U(0, 1/sqrt(fan_in)), weights and biases (fold of 'even')",
    "half_normal": "abs(N(0, 2/fan_in)), zero biases (fold of 'he')",
}

_SETTINGS = {
    False: dict(seeds=200, student=(4, 4, 4, 4), teacher=(8, 8, 8), samples=64, epochs=300,
                lr=0.02, widths=[16, 64, 256, 1024, 4096], depth=2, wide_samples=64, wide_steps=60,
                wide_lr=4.0),
    True: dict(seeds=12, student=(4, 4, 4), teacher=(8, 8), samples=32, epochs=30, lr=0.03,
               widths=[16, 32, 64], depth=2, wide_samples=32, wide_steps=10, wide_lr=4.0),
}
#: a student is "bad" when it leaves more than this share of the targets' variance unexplained
BAD_LOSS = 0.5
#: a bad student sits at a critical point (a bad local minimum or a flat region, e.g. a dead
#: network) when the norm of its loss gradient is below this; otherwise it is still descending
CRITICAL_GRAD = 1e-4


def _fit_loglog(x, y):
    """Least-squares slope and intercept of log y on log x (a power law's exponent)."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    slope, intercept = np.polyfit(lx, ly, 1)
    return float(slope), float(intercept)


def _wilson(k, n, z=1.96):
    """95 % Wilson interval of a binomial share k/n."""
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return float(max(0.0, mid - half)), float(min(1.0, mid + half))


def _seeds_run(item, *, X, y, s, device):
    init, seed = item
    r = train_many_seeds(X, y, s["student"], init=init, n_seeds=s["seeds"], solver="adam",
                         learning_rate=s["lr"], max_iter=s["epochs"], random_state=seed, device=device)
    return init, r


def _width_run(item, *, X, y, s, device):
    width, seed = item
    return wide_network_movement(X, y, width, depth=s["depth"], init="even", learning_rate=s["wide_lr"],
                                 max_iter=s["wide_steps"], random_state=seed, device=device)


def even_init_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Experiments A (result (3)) and B (result (4)) of document 003 on even initialisation.

    A: deep narrow ReLU students fitted by full-batch Adam to a random deep ReLU teacher
    (:func:`make_teacher_task`), ``seeds`` students per initialisation law trained at
    once (:func:`train_many_seeds`); a student ends in a bad minimum when its final
    loss exceeds ``BAD_LOSS`` of the targets' variance. B: one ReLU network of each
    width under even initialisation, gradient descent with step η₀/width
    (:func:`wide_network_movement`): relative movement and KS(W_T, −W_T) vs width.
    The laws and the widths are independent work items (:func:`parallel_map`).
    """
    from .._backend import resolve_device

    dev = str(resolve_device(device))
    s = dict(_SETTINGS[bool(quick)])
    seed_task, seed_wide, *seeds = spawn_seeds(random_state, 2 + len(INIT_LAWS) + len(s["widths"]))
    X, y = make_teacher_task(s["samples"], 4, s["teacher"], random_state=seed_task)
    laws = list(INIT_LAWS)
    runs = dict(parallel_map(partial(_seeds_run, X=X, y=y, s=s, device=dev),
                             list(zip(laws, seeds[:len(laws)])), n_jobs=n_jobs,
                             desc=f"A: {len(laws)} init laws x {s['seeds']} students"))
    rows = []
    for init in laws:
        r = runs[init]
        loss = r["final_loss"]
        bad = loss > BAD_LOSS
        stuck = bad & (r["gradient_norm"] < CRITICAL_GRAD)
        lo, hi = _wilson(int(bad.sum()), loss.size)
        slo, shi = _wilson(int(stuck.sum()), loss.size)
        rows.append({
            "init": init, "even density": INIT_LAWS[init], "law": LAW_TEXT[init], "seeds": loss.size,
            "share bad (loss > %.2g)" % BAD_LOSS: float(bad.mean()),
            "95% interval low": lo, "95% interval high": hi,
            "share bad at a critical point (grad norm < %.0e)" % CRITICAL_GRAD: float(stuck.mean()),
            "critical 95% low": slo, "critical 95% high": shi,
            "share dead (constant output)": float(r["constant_output"].mean()),
            "median final loss": float(np.median(loss)),
            "best final loss": float(loss.min()),
            "median grad norm of bad seeds": float(np.median(r["gradient_norm"][bad])) if bad.any()
            else np.nan,
            "median grad norm of good seeds": float(np.median(r["gradient_norm"][~bad])) if (~bad).any()
            else np.nan,
        })
    table_a = pd.DataFrame(rows)

    Xw, yw = make_teacher_task(s["wide_samples"], 4, s["teacher"], random_state=seed_wide)
    wide = parallel_map(partial(_width_run, X=Xw, y=yw, s=s, device=dev),
                        list(zip(s["widths"], seeds[len(laws):])), n_jobs=n_jobs,
                        desc=f"B: {len(s['widths'])} widths")
    layer_names = ["input layer"] + [f"hidden layer {k}" for k in range(2, s["depth"] + 1)] + ["output layer"]
    rows = []
    for r in wide:
        row = {"width": r["width"], "parameters": r["n_parameters"], "initial loss": r["initial_loss"],
               "final loss": r["final_loss"], "relative movement": r["relative_movement"]}
        for k, name in enumerate(layer_names):
            row[f"movement, {name}"] = r["layer_movement"][k]
            row[f"KS(W0, -W0), {name}"] = r["ks_init"][k]
            row[f"KS(WT, -WT), {name}"] = r["ks_trained"][k]
            row[f"KS 5% critical value, {name}"] = r["ks_noise"][k]
        rows.append(row)
    table_b = pd.DataFrame(rows)
    widths = table_b["width"].to_numpy()
    fits = [{"quantity": "relative movement (all parameters)",
             "exponent": _fit_loglog(widths, table_b["relative movement"])[0]}]
    for name in layer_names:
        fits.append({"quantity": f"movement, {name}",
                     "exponent": _fit_loglog(widths, table_b[f"movement, {name}"])[0]})
    table_fit = pd.DataFrame(fits)
    table_fit["widths"] = f"{widths.min()}-{widths.max()}"
    slope, icpt = _fit_loglog(widths, table_b["relative movement"])

    ecdf = {}
    for i, init in enumerate(laws):
        loss = np.sort(runs[init]["final_loss"])
        ecdf[f"{init} ({'even' if INIT_LAWS[init] else 'non-even'})"] = {
            "x": loss, "y": np.arange(1, loss.size + 1) / loss.size, "band": False,
            "style": {"ls": "-" if INIT_LAWS[init] else "--", "drawstyle": "steps-post"}}
    ecdf[f"bad-minimum threshold {BAD_LOSS:g}"] = {
        "x": [BAD_LOSS, BAD_LOSS], "y": [0.0, 1.0], "band": False, "style": {"color": "k", "ls": ":"}}
    movement = {"relative movement (all parameters)": {"x": widths, "y": table_b["relative movement"],
                                                       "style": {"marker": "o", "lw": 2}}}
    for name in layer_names:
        movement[f"movement, {name}"] = {"x": widths, "y": table_b[f"movement, {name}"],
                                         "style": {"marker": ".", "alpha": 0.7}}
    movement[f"fit: width^{slope:.2f}"] = {"x": widths, "y": np.exp(icpt) * widths ** slope,
                                           "style": {"color": "k", "ls": "--"}}
    ks = {}
    for name in layer_names:
        ks[f"KS(WT, -WT), {name}"] = {"x": widths, "y": table_b[f"KS(WT, -WT), {name}"],
                                      "style": {"marker": "o"}}
    for j, name in enumerate(layer_names):
        ks[f"KS(W0, -W0), {name}"] = {"x": widths, "y": table_b[f"KS(W0, -W0), {name}"],
                                      "style": {"ls": "--", "color": f"C{j}", "alpha": 0.6}}
    ks["KS 5% critical value, output layer"] = {"x": widths,
                                                "y": table_b["KS 5% critical value, output layer"],
                                                "style": {"color": "k", "ls": ":"}}
    data = {
        "losses": {"curves": ecdf, "xlabel": "final training loss / var(y)",
                   "ylabel": f"share of {s['seeds']} students with a smaller loss", "xscale": "log",
                   "plot": {"title": "A: final losses of deep ReLU students by init law"}},
        "movement": {"curves": movement, "xlabel": "width of the hidden layers",
                     "ylabel": "relative movement ||theta_T - theta_0|| / ||theta_0||",
                     "xscale": "log", "yscale": "log",
                     "plot": {"title": "B: how far even-initialised networks move"}},
        "symmetry": {"curves": ks, "xlabel": "width of the hidden layers",
                     "ylabel": "KS statistic between W and -W", "xscale": "log", "yscale": "log",
                     "plot": {"title": "B: symmetry of the weights before and after training"}},
    }
    share_col = "share bad (loss > %.2g)" % BAD_LOSS
    metrics = {f"share_bad[{init}]": float(table_a.loc[table_a["init"] == init, share_col].iloc[0])
               for init in laws}
    metrics["movement_exponent"] = slope
    settings = {
        "quick": bool(quick), "device": dev, "random_state": random_state,
        "A: students": f"ReLU {s['student']}, {s['seeds']} seeds per law, full-batch Adam "
                       f"lr {s['lr']}, {s['epochs']} epochs",
        "A: teacher": f"random ReLU {s['teacher']} (He weights, biases U(-1/2, 1/2)), "
                      f"{s['samples']} standard normal inputs in R^4, targets standardised",
        "A: bad minimum": f"final mean squared error > {BAD_LOSS:g} var(y)",
        "B: networks": f"ReLU, {s['depth']} hidden layers of equal width, init 'even'",
        "B: training": f"full-batch gradient descent, step {s['wide_lr']:g}/width (standard "
                       f"parameterisation; = NTK parameterisation with a fixed step for the hidden "
                       f"and output layers), {s['wide_steps']} steps, {s['wide_samples']} samples",
        "B: widths": list(s["widths"]),
    }
    return ReproductionResult(settings=settings,
                              tables={"A: bad minima by init law": table_a,
                                      "B: movement and symmetry vs width": table_b,
                                      "B: fitted exponents": table_fit},
                              data=data, metrics=metrics)


def even_init_display(result):
    """A: final-loss distributions per law; B: movement vs width and KS vs width."""
    from ..plotting import CurvesDisplay, subplots

    fig, axes = subplots(1, 3, width=5.2, height=4.4)
    CurvesDisplay.from_results(result, "losses", ax=axes[0, 0], legend_where="below")
    CurvesDisplay.from_results(result, "movement", ax=axes[0, 1], legend_where="below")
    CurvesDisplay.from_results(result, "symmetry", ax=axes[0, 2], legend_where="below")
    return {"even_init": fig}


def even_init_summary(result):
    """What the numbers say about results (3) and (4)."""
    a = result.tables["A: bad minima by init law"]
    b = result.tables["B: movement and symmetry vs width"]
    fits = result.tables["B: fitted exponents"]
    share_col = [c for c in a.columns if c.startswith("share bad")][0]
    crit_col = [c for c in a.columns if c.startswith("share bad at a critical point")][0]
    out = []
    for _, r in a.iterrows():
        out.append(f"A: init {r['init']} ({'even' if r['even density'] else 'non-even'}): "
                   f"{r[share_col]:.1%} of {r['seeds']} students end with loss > {BAD_LOSS:g} var(y) "
                   f"(95% interval {r['95% interval low']:.1%}-{r['95% interval high']:.1%}); "
                   f"{r[crit_col]:.1%} end there at a critical point (gradient norm < {CRITICAL_GRAD:g}: "
                   f"a bad local minimum or flat region; {r['share dead (constant output)']:.1%} are dead "
                   f"networks), the rest are still descending; median loss {r['median final loss']:.3f}")
    even = a[a["even density"]]
    odd = a[~a["even density"]]
    clear = a["best final loss"].min() < BAD_LOSS / 10
    out.append(f"A: the best students clear the threshold by a factor {BAD_LOSS / a['best final loss'].min():.0f} "
               f"({'an order of magnitude or more' if clear else 'less than an order of magnitude'})")
    for label, col, lo_col, hi_col in (("ends above the threshold", share_col, "95% interval low",
                                        "95% interval high"),
                                       ("ends at a bad critical point", crit_col, "critical 95% low",
                                        "critical 95% high")):
        worst = even.loc[even[col].idxmax()]
        best = even.loc[even[col].idxmin()]
        for _, r in odd.iterrows():
            if r[lo_col] > worst[hi_col]:
                verdict = "significantly more often than every even law"
            elif r[hi_col] < best[lo_col]:
                verdict = "significantly less often than every even law"
            else:
                verdict = "not distinguishable (95% intervals overlap) from some even law"
            out.append(f"A: non-even {r['init']} {label} {verdict} "
                       f"({r[col]:.1%} vs {best[col]:.1%}-{worst[col]:.1%})")
    if (even[crit_col] > 0).any():
        out.append("A: even initialisation does not remove bad critical points altogether here: "
                   f"{int((even[crit_col] > 0).sum())} of {len(even)} even laws leave some students at "
                   "one (result (3) concerns the start of training and the theorem's assumptions)")
    row = fits.iloc[0]
    out.append(f"B: relative movement ~ width^{row['exponent']:.2f} over widths {row['widths']} "
               f"({b['relative movement'].iloc[0]:.3g} -> {b['relative movement'].iloc[-1]:.3g}); "
               + ("it shrinks with the width, as result (4) uses" if row["exponent"] < 0 else
                  "it does not shrink with the width"))
    out.append("B: per-layer exponents " + ", ".join(
        f"{q.replace('movement, ', '')} {e:.2f}" for q, e in zip(fits["quantity"][1:], fits["exponent"][1:]))
        + " (standard parameterisation with step ∝ 1/width: -3/2, -1, -1/2 expected for the input, "
          "hidden-to-hidden and output layers, and -1 for the total; a total of -1/2 belongs to the "
          "NTK parameterisation with one hidden layer, where the O(1) movement is compared with "
          "||theta_0|| ~ width^1/2)")
    ks_t = [c for c in b.columns if c.startswith("KS(WT")]
    ks_0 = [c.replace("KS(WT, -WT)", "KS(W0, -W0)") for c in ks_t]
    crit = b[[c.replace("KS(WT, -WT)", "KS 5% critical value") for c in ks_t]].to_numpy()
    ratio = b[ks_t].to_numpy() / crit
    ratio0 = b[ks_0].to_numpy() / crit
    out.append("B: KS(W_T, -W_T) / 5% critical value, largest over the layers, by width: "
               + ", ".join(f"{int(w)}: {m:.2f}" for w, m in zip(b["width"], ratio.max(axis=1)))
               + f"; above 1 in {int((ratio > 1).sum())} of {ratio.size} layer-width cases, against "
               f"{int((ratio0 > 1).sum())} for the initial weights W_0, an exact sample of the even law "
               "(W and -W are not independent samples, so the two-sample critical value is only a "
               "guide; W_0 is the reference)")
    change = b[ks_t].to_numpy() - b[ks_0].to_numpy()
    out.append("B: KS(W_T, -W_T) - KS(W_0, -W_0), largest over the layers, by width: "
               + ", ".join(f"{int(w)}: {m:+.3f}" for w, m in zip(b["width"], change.max(axis=1)))
               + ("; at the largest width training leaves the weights' symmetry within the sampling "
                  "noise of the even law" if ratio[-1].max() <= max(1.0, ratio0[-1].max()) else
                  "; at the largest width the trained weights are less symmetric than the initial ones"))
    return out


register("even-init", document="003",
         description="Even initialisation: bad-minimum shares of deep ReLU students (even vs non-even "
                     "laws) and the relative movement of wide networks vs width",
         display=even_init_display, summary=even_init_summary)(even_init_compute)
