"""Reproduction ``plateaus`` (document 003, Nitta): plateaus near hierarchical singularities,
a forced escape, and complex networks — many seeds trained at once."""

from __future__ import annotations

import numpy as np

from ..reproduce import ReproductionResult, parallel_map, register, stage

_SETTINGS = {
    False: dict(n_seeds=200, epochs=2000, pretrain_epochs=2000, n_samples=100, window=100,
                n_curves=12),
    True: dict(n_seeds=8, epochs=100, pretrain_epochs=60, n_samples=60, window=20, n_curves=4),
}

#: (label, family, hidden units, escape?)
_MODELS = (
    ("real 2-4-1", "real", 4, False),
    ("real 2-4-1 + SingularityEscape", "real", 4, True),
    ("complex 1-2-1", "complex", 2, False),
)
_STARTS = {"near_singular": "near-singular start (split of a trained smaller net)",
           "standard": "standard init (He)"}


def _n_parameters(family, hidden):
    if family == "complex":  # complex weights and thresholds: 2 real numbers each
        return 2 * (hidden * 1 + hidden + hidden * 1 + 1)
    return 2 * hidden + hidden + hidden + 1


def _run(args):
    from ..callbacks import SingularityEscape
    from ._plateaus import train_students

    (label, family, hidden, escape), start, data, s, kw, seed = args
    cb = (SingularityEscape("tanh", tol=kw["escape_tol"], step=kw["escape_step"],
                            check_every=kw["check_every"], random_state=seed)
          if escape else None)
    out = train_students(family, data["X"], data["y"], hidden, s["n_seeds"], epochs=s["epochs"],
                         pretrain_epochs=s["pretrain_epochs"], learning_rate=kw["learning_rate"],
                         solver="sgd", start=start, perturbation=kw["perturbation"], escape=cb,
                         random_state=seed, device=kw["device"])
    return {"loss": out["loss"], "events": len(out["events"]),
            "moved_runs": len({e[1] for e in out["events"]}), "seconds": out["seconds"]}


def plateaus_compute(quick=False, device="auto", random_state=0, n_jobs=None, learning_rate=0.3,
                     noise=0.05, rtol=0.01, level_factor=1.5, perturbation=1e-3, escape_tol=0.05,
                     escape_step=0.5, check_every=10):
    """Student–teacher regression: plateau time, final loss, runs stuck above the noise level.

    The teacher (:func:`~sknnmath.singularities._plateaus.make_teacher_data`) is
    the real part of a complex split-tanh 1-2-1 network — a real tanh 2-4-1
    network with paired weights — plus noise (σ = ``noise``). Three students
    that all contain the teacher — a real 2-4-1 tanh MLP (17 real parameters),
    the same with the :class:`~sknnmath.callbacks.SingularityEscape` callback,
    and a complex 1-2-1 split-tanh MLP predicting Re f (14 real parameters) —
    start from He initialisation and near a hierarchical singularity of their
    own model (the Fukumizu–Amari split γ_½ of a trained network with one unit
    fewer — 3 real units, or 1 complex unit — perturbed by ``perturbation``),
    and are trained by full-batch gradient descent, all seeds
    of one configuration as ONE batched network. Same seeds (``random_state``)
    for every configuration of a start, so the near-singular real runs with and
    without escape start from the same points.

    Plateau detector (:func:`~sknnmath.singularities.detect_plateaus`): an epoch
    is on a plateau when it lies in a window of ``window`` epochs in which the
    loss's range is at most ``rtol`` times its minimum, while the loss stays
    above ``level_factor`` × the teacher's own loss on the sample (the noise
    level). A run "ends above the noise level" when its final loss exceeds
    that same level.
    """
    import pandas as pd
    from scipy.stats import fisher_exact, mannwhitneyu

    from ._plateaus import detect_plateaus, make_teacher_data

    s = dict(_SETTINGS[bool(quick)])
    if device == "auto":  # tiny networks: the CPU is the right device (accepted for the common signature)
        device = "cpu"
    data = make_teacher_data(n_samples=s["n_samples"], noise=noise, random_state=random_state)
    noise_level = data["teacher_loss"]
    level = level_factor * noise_level
    kw = dict(learning_rate=learning_rate, perturbation=perturbation, escape_tol=escape_tol,
              escape_step=escape_step, check_every=check_every, device=device)
    items = [(m, start, data, s, kw, random_state + 1) for start in _STARTS for m in _MODELS]
    with stage(f"training {len(items)} configurations x {s['n_seeds']} seeds (batched), "
               f"{s['epochs']} epochs"):
        runs = parallel_map(_run, items, n_jobs=n_jobs)
    rows, curves, times, finals = [], {}, {}, {}
    epochs = np.arange(s["epochs"] + 1)
    for ((label, family, hidden, _), start, *_rest), r in zip(items, runs):
        L = r["loss"]
        mask = detect_plateaus(L, window=s["window"], rtol=rtol, level=level)
        t = mask.sum(axis=0)
        fl = L[-1]
        key = f"{label} | {_STARTS[start]}"
        q = np.quantile(t, [0.25, 0.5, 0.75])
        fq = np.quantile(fl, [0.25, 0.5, 0.75])
        rows.append({
            "model": label, "start": _STARTS[start], "real parameters": _n_parameters(family, hidden),
            "runs": L.shape[1], "plateau epochs q25": q[0], "plateau epochs median": q[1],
            "plateau epochs q75": q[2], "share of runs with a plateau": float((t > 0).mean()),
            "final loss q25": fq[0], "final loss median": fq[1], "final loss q75": fq[2],
            "share ending above noise level": float((fl > level).mean()),
            "escape moves": r["events"], "runs moved": r["moved_runs"],
        })
        k = min(s["n_curves"], L.shape[1])
        curves[key] = {"loss": L[:, :k].T, "plateau": mask[:, :k].T}
        times[key] = t
        finals[key] = fl
    table = pd.DataFrame(rows)
    tests = []
    for start in _STARTS:
        base = f"{_MODELS[0][0]} | {_STARTS[start]}"
        for other in (_MODELS[1][0], _MODELS[2][0]):
            key = f"{other} | {_STARTS[start]}"
            a, b = times[base], times[key]
            p_t = mannwhitneyu(a, b).pvalue if np.ptp(np.concatenate([a, b])) > 0 else 1.0
            na, nb = int((finals[base] > level).sum()), int((finals[key] > level).sum())
            n = len(a)
            _, p_s = fisher_exact([[na, n - na], [nb, n - nb]])
            tests.append({"start": _STARTS[start], "comparison": f"{_MODELS[0][0]} vs {other}",
                          "plateau epochs median (real)": float(np.median(a)),
                          "plateau epochs median (other)": float(np.median(b)),
                          "Mann-Whitney p": float(p_t), "above noise (real)": na,
                          "above noise (other)": nb, "Fisher exact p": float(p_s)})
    return ReproductionResult(
        name="plateaus",
        settings={**s, "learning_rate": learning_rate, "solver": "sgd (full batch)", "noise": noise,
                  "rtol": rtol, "level_factor": level_factor, "perturbation": perturbation,
                  "escape_tol": escape_tol, "escape_step": escape_step, "check_every": check_every,
                  "teacher": "Re of a complex split-tanh 1-2-1 (real 2-4-1 with paired weights)", "device": device, "random_state": random_state},
        tables={"per model": table, "real vs escape and complex": pd.DataFrame(tests)},
        data={"epochs": epochs, "curves": curves, "plateau_epochs": times, "final_loss": finals,
              "noise_level": noise_level, "level": level},
        metrics={"plateau_epochs_median": {k: float(np.median(v)) for k, v in times.items()},
                 "share_above_noise": {f"{r['model']} | {r['start']}": r["share ending above noise level"]
                                       for r in rows}},
    )


def plateaus_display(result):
    """Loss curves with the plateau epochs marked (one panel per configuration), and box plots."""
    from ..plotting import PlateauCurvesDisplay, PlateauTimeDisplay, subplots

    keys = list(result.data["curves"])
    ncols = len(_MODELS)
    nrows = int(np.ceil(len(keys) / ncols))
    fig, axes = subplots(nrows, ncols, width=4.2, height=3.4, sharey=True)
    for i, key in enumerate(keys):
        ax = axes[i // ncols, i % ncols]
        PlateauCurvesDisplay.from_results(result, key, ax=ax).plot  # noqa: B018 (drawn)
        ax.set_title(key.replace(" | ", "\n"), fontsize=9)
        if ax.get_legend() is not None and i != ncols - 1:
            ax.get_legend().remove()
    fig.suptitle("Student-teacher regression (document 003, Nitta): loss curves, plateaus in red")
    fig2, ax2 = subplots(1, 1, width=7.5, height=3.8)
    PlateauTimeDisplay.from_results(result, ax=ax2[0, 0])
    return {"curves": fig, "plateau_time": fig2}


def plateaus_summary(result):
    """Which of document 003's claims the plateau numbers support."""
    t = result.tables["per model"]
    s = result.settings
    lines = [f"{s['n_seeds']} seeds per configuration, full-batch gradient descent (lr {s['learning_rate']}) "
             f"for {s['epochs']} epochs; plateau = a {s['window']}-epoch window whose loss range is at most "
             f"{s['rtol']:g} x its minimum while above {s['level_factor']:g} x the teacher's loss on the "
             "sample (the noise level)."]
    for _, r in t.iterrows():
        lines.append(f"{r['model']}, {r['start']}: plateau epochs median {r['plateau epochs median']:.0f} "
                     f"(quartiles {r['plateau epochs q25']:.0f}-{r['plateau epochs q75']:.0f}), "
                     f"{r['share of runs with a plateau']:.0%} of runs with a plateau, final loss median "
                     f"{r['final loss median']:.3g}, {r['share ending above noise level']:.0%} end above the "
                     "noise level.")
    tests = result.tables["real vs escape and complex"]

    def row(model, start):
        return t[(t["model"] == model) & (t["start"] == _STARTS[start])].iloc[0]

    def test(other, start):
        return tests[(tests["start"] == _STARTS[start])
                     & (tests["comparison"] == f"{_MODELS[0][0]} vs {other}")].iloc[0]

    real_n, real_s = row(_MODELS[0][0], "near_singular"), row(_MODELS[0][0], "standard")
    plateau_near = (real_n["plateau epochs median"] > real_s["plateau epochs median"]
                    or real_n["share ending above noise level"] > real_s["share ending above noise level"])
    lines.append(("Supported" if plateau_near else "Not supported") + " in these runs: real students started "
                 "near a hierarchical singularity stall longer or end stuck more often than from a standard "
                 f"init (median plateau epochs {real_n['plateau epochs median']:.0f} vs "
                 f"{real_s['plateau epochs median']:.0f}; stuck {real_n['share ending above noise level']:.0%} vs "
                 f"{real_s['share ending above noise level']:.0%}) — the singularities hurt learning.")
    for other, claim in ((_MODELS[1][0], "forcibly leaving the neighbourhood of a singularity (our "
                                         "SingularityEscape realisation) shortens plateaus or avoids ending "
                                         "stuck"),
                         (_MODELS[2][0], "a complex network with about the same number of real parameters "
                                         "has fewer plateaus (Nitta 2013: most of its critical points are "
                                         "saddles)")):
        parts, support = [], []
        for start in _STARTS:
            r0, r1, tt = row(_MODELS[0][0], start), row(other, start), test(other, start)
            better = ((r1["plateau epochs median"] < r0["plateau epochs median"] and tt["Mann-Whitney p"] < 0.05)
                      or (r1["share ending above noise level"] < r0["share ending above noise level"]
                          and tt["Fisher exact p"] < 0.05))
            worse = ((r1["plateau epochs median"] > r0["plateau epochs median"] and tt["Mann-Whitney p"] < 0.05)
                     or (r1["share ending above noise level"] > r0["share ending above noise level"]
                         and tt["Fisher exact p"] < 0.05))
            support.append("yes" if better and not worse else ("no (worse)" if worse and not better else
                                                                 "mixed" if better else "no difference"))
            parts.append(f"{_STARTS[start].split(' (')[0]}: {support[-1]} — plateau epochs "
                         f"{r0['plateau epochs median']:.0f} vs "
                         f"{r1['plateau epochs median']:.0f} (Mann-Whitney p = {tt['Mann-Whitney p']:.2g}), "
                         f"stuck {r0['share ending above noise level']:.0%} vs "
                         f"{r1['share ending above noise level']:.0%} (Fisher p = {tt['Fisher exact p']:.2g})")
        verdict = ("Supported" if all(x == "yes" for x in support) else
                   "Supported from one start only" if any(x == "yes" for x in support) else "Not supported")
        lines.append(f"{verdict} in these runs: {claim}. Real vs {other}, " + "; ".join(parts) + ".")
    c = row(_MODELS[2][0], "near_singular")
    if c["share ending above noise level"] > 0.5:
        left = 1 - c["share ending above noise level"]
        lines.append(f"Near its own split singularity the complex network stalls: {left:.0%} of its runs left the "
                     f"plateau within {s['epochs']} epochs" + (
                         " (a run that leaves shows the point is a saddle, but a very flat one)." if left > 0
                         else ".") + " Our complex student is fitted on Re f with a real loss, while "
                     "Nitta's analysis uses a complex output error, so this test of the 2013 claim is "
                     "indirect.")
    lines.append("Significance: p < 0.05 (two-sided Mann-Whitney on plateau epochs, Fisher exact on the "
                 "share stuck above the noise level).")
    return lines


register("plateaus", document="003",
         description="student-teacher regression near hierarchical singularities: real MLP, real MLP with "
                     "SingularityEscape, complex MLP; plateau time and runs stuck, 200 seeds batched",
         display=plateaus_display, summary=plateaus_summary)(plateaus_compute)
