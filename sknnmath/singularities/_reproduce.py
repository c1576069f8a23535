"""Reproduction of document 003's critical lines: ``singular-lines``."""

from __future__ import annotations

import warnings

import numpy as np

from ..reproduce import ReproductionResult, log_timings, parallel_map, register, stage

_SETTINGS = {False: dict(n_lam=61, n_seeds=4, n_steps=41), True: dict(n_lam=13, n_seeds=1, n_steps=21)}


def _lam_grid(n):
    # λ = 0 and λ = 1 themselves are degenerate (one copy has output weight 0): avoid them
    lam = np.linspace(-1.0, 2.0, n)
    return lam[(np.abs(lam) > 1e-9) & (np.abs(lam - 1) > 1e-9)]


def _template(X, y):
    from sklearn.exceptions import ConvergenceWarning

    from ..neural_network import MLPRegressor

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPRegressor((1,), activation="tanh", max_iter=1, device="cpu", random_state=0).fit(X, y)


def _profiles(est, X, y, lams, steps):
    """Loss change along the most negative Hessian direction at a few λ."""
    import torch

    from ._core import embed_unit
    from ._lines import squared_loss_function

    out = {}
    for lam in lams:
        loss, theta, _ = squared_loss_function(embed_unit(est, 0, 0, "split", float(lam)), X, y)
        ev, vec = torch.linalg.eigh(torch.func.hessian(loss)(theta))
        u = vec[:, 0]
        e0 = float(loss(theta))
        out[float(lam)] = np.array([float(loss(theta + t * u)) - e0 for t in steps])
    return out


def _trained_case(args):
    """A 1-unit tanh student trained on a 2-unit teacher, refined to a critical point."""
    from sklearn.exceptions import ConvergenceWarning

    from ..neural_network import MLPRegressor
    from ._lines import critical_line, refine_critical_point

    seed, lam = args
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(60, 1))
    y = np.tanh(2 * X[:, 0] - 1) + np.tanh(X[:, 0] + 1) + 0.05 * rng.normal(size=60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = MLPRegressor((1,), activation="tanh", max_iter=400, learning_rate=0.05, device="cpu",
                           random_state=seed).fit(X, y)
    ref, g = refine_critical_point(est, X, y)
    table, info = critical_line(ref, X, y, lam)
    return ref, X, y, g, table, info


def singular_lines_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Loss, gradient and Hessian along γ_λ; Hessian classes vs the Fukumizu–Amari A condition.

    Cases: three constructed data sets whose A is positive definite, negative
    definite and indefinite at a fixed 1-unit tanh network (targets from
    :func:`~sknnmath.singularities.data_with_split_curvature`), and trained
    students (1 tanh unit, teacher with 2 units plus noise) refined to a critical
    point by Newton steps. CPU only (a few dozen parameters).
    """
    import pandas as pd

    from ._core import set_network_weights
    from ._lines import critical_line, data_with_split_curvature

    s = _SETTINGS[bool(quick)]
    lam = _lam_grid(s["n_lam"])
    steps = np.linspace(-0.5, 0.5, s["n_steps"])
    X = np.linspace(-3, 3, 61)[:, None]
    base = set_network_weights(_template(X, X[:, 0]), [np.array([[1.3]]), np.array([[0.8]])],
                               [np.array([0.2]), np.array([0.1])])
    cases = {"constructed, A positive definite": 1e-2 * np.eye(2),
             "constructed, A negative definite": -1e-2 * np.eye(2),
             "constructed, A indefinite": 1e-2 * np.diag([1.0, -1.0])}
    lines, profiles, rows = {}, {}, []
    pick = [float(lam[np.argmin(np.abs(lam - v))]) for v in (-0.5, 0.5, 1.5)]
    with stage(f"Hessians along γ_λ for {len(cases)} constructed cases, {len(lam)} λ"):
        for name, T in cases.items():
            y = data_with_split_curvature(base, X, T)
            table, info = critical_line(base, X, y, lam)
            lines[name] = table
            profiles[name] = _profiles(base, X, y, pick, steps)
            rows.append(_row(name, table, info))
    with stage(f"training and refining {s['n_seeds']} students (1 tanh unit, 2-unit teacher)"):
        seeds = [random_state + i for i in range(s["n_seeds"])]
        runs = parallel_map(_trained_case, [(sd, lam) for sd in seeds], n_jobs=n_jobs)
    for sd, (ref, Xs, ys, g, table, info) in zip(seeds, runs):
        name = f"trained student, seed {sd}"
        lines[name] = table
        rows.append(_row(name, table, info, g))
        if sd == seeds[0]:
            profiles[name] = _profiles(ref, Xs, ys, pick, steps)
    # seconds are machine-dependent: they go to the timings table, not the result table
    log_timings([{"stage": f"Hessian per λ, {r['case']}", "seconds": r.pop("_hessian seconds")}
                 for r in rows])
    summary = pd.DataFrame(rows)
    return ReproductionResult(
        name="singular-lines",
        settings={"quick": bool(quick), "lambda": [float(lam[0]), float(lam[-1]), len(lam)],
                  "network": "1 input, tanh, 1 -> 2 hidden units by splitting, squared loss",
                  "device": "cpu", "random_state": random_state},
        tables={"critical lines: Hessian classes vs the A-matrix condition": summary},
        data={"lines": lines, "profiles": profiles, "steps": steps},
        metrics={"agreement": float(summary["agreement"].mean()),
                 "max_relative_gradient": float(summary["max relative gradient"].max())},
    )


def _row(name, table, info, g=None):
    lam = table["lam"]
    is_min = table["hessian_class"] == "minimum"
    inside = (lam > 0) & (lam < 1)
    return {"case": name, "A": info["A_sign"], "θ* strict minimum": info["base_is_minimum"],
            "minima inside (0, 1)": f"{int((is_min & inside).sum())} of {int(inside.sum())}",
            "minima outside [0, 1]": f"{int((is_min & ~inside).sum())} of {int((~inside).sum())}",
            "agreement": float(table["agree"].mean()),
            "max relative gradient": float(table["relative_grad"].max()),
            "loss spread along line": float(np.ptp(table["loss"])),
            "_hessian seconds": info["hessian_seconds"]}


def singular_lines_display(result):
    """Smallest Hessian eigenvalue per case; loss along the line and along the saddle direction."""
    from ..plotting import CriticalLineDisplay, SaddleDirectionDisplay, subplots

    names = list(result.data["lines"])
    fig, axes = subplots(1, 4, width=4.6, height=3.6)
    for ax, name in zip(axes[0], names[:4]):
        CriticalLineDisplay.from_results(result, name, ax=ax)
    fig.suptitle("Critical lines γ_λ of Fukumizu & Amari: Hessian classes vs the A-matrix condition "
                 "(document 003, Nitta)")
    out = {"classes": fig}
    for key, name in (("saddle_positive", names[0]), ("saddle_trained", names[3] if len(names) > 3 else names[-1])):
        d = SaddleDirectionDisplay.from_results(result, name)
        out[key] = d.figure_
    return out


def singular_lines_summary(result):
    """Conclusions from the agreement table."""
    t = result.tables["critical lines: Hessian classes vs the A-matrix condition"]
    lines = []
    for _, r in t.iterrows():
        lines.append(f"{r['case']}: A {r['A']}, Hessian minima inside (0, 1) {r['minima inside (0, 1)']}, "
                     f"outside {r['minima outside [0, 1]']}, "
                     f"agreement with the condition {r['agreement']:.0%}, max ‖∇E‖/E "
                     f"{r['max relative gradient']:.1e}.")
    ok = t["agreement"].min() == 1.0
    lines.append(f"{'Supported' if ok else 'Not supported'} in these runs: the Hessian classifies every λ "
                 "as the Fukumizu–Amari condition predicts (minima on (0, 1) for A > 0, outside [0, 1] "
                 "for A < 0, none for indefinite A).")
    g = t["max relative gradient"].max()
    lines.append(f"{'Supported' if g < 1e-6 else 'Not supported'}: every point of γ_λ is critical "
                 f"(max relative gradient {g:.1e}).")
    return lines


register("singular-lines", document="003",
         description="critical lines of Fukumizu & Amari: loss, gradient and Hessian along the split of a "
                     "hidden unit; minima vs saddles against the A-matrix condition",
         display=singular_lines_display, summary=singular_lines_summary)(singular_lines_compute)
