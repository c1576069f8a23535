"""Reproduction ``dae-transport``: composed denoising autoencoders against the entropy
gradient flow (document 001 §4.2.1, its Fig. 7) and a non-Gaussian (two moons) panel.

Time is the noise variance throughout. Compute -> display -> summary: the compute
function trains the DAEs and evaluates the closed forms (no figures); the displays of
:mod:`sknnmath.plotting` draw the (σ₁, σ₂) plane and the two-moons transport; the
summary states the conclusions from the numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reproduce import ReproductionResult, parallel_map, register, stage
from ._dae import DenoisingAutoencoder
from ._theory import (
    composed_dae_covariances,
    entropy_gradient_flow,
    gaussian_entropy,
    knn_entropy,
)

# Starting standard deviations (sigma_1, sigma_2) of the Gaussians N(0, diag(sigma^2)).
_STARTS = [(2.0, 1.0), (1.8, 1.6), (1.2, 0.7), (0.8, 1.4)]
# Total noise variance of each composed DAE, as a fraction of the collapse time
# t* = min(sigma_i^2) / 2 of the entropy gradient flow: the trajectories run up to t*,
# where the flow reaches an axis (and is ill-posed after) while a composed DAE never does.
_T_FRACTION = 1.0

# Linear DAE training: full-batch gradient descent on standardised inputs converges
# in a few dozen epochs and averages the per-epoch noise (see tests/transport).
_LINEAR = dict(architecture="linear", solver="sgd", learning_rate=0.1, max_iter=60,
               batch_size="full", n_noise_draws=2)
# Nonlinear DAE (document 001's setting: a trained network): one tanh hidden layer of 32
# units written as a displacement x + f(x) (a transport map, document 001 §4.0.1),
# mini-batch Adam.
_MLP = dict(architecture="mlp", hidden_layer_sizes=(32,), activation="tanh",
            skip_connection=True, solver="adam", learning_rate=1e-2, max_iter=40,
            batch_size=256, n_noise_draws=2)


def _exact_gaussian(n, sigmas, rng):
    """Samples with empirical mean 0 and empirical covariance exactly diag(sigmas^2)."""
    X = rng.standard_normal((n, len(sigmas)))
    X -= X.mean(0)
    L = np.linalg.cholesky(np.cov(X.T, bias=True))
    return (X @ np.linalg.inv(L).T) * np.asarray(sigmas)


def _gaussian_start(task):
    """Train one composed DAE (linear or MLP) from one Gaussian start; theory beside it."""
    X, sig0, L, max_iter, device, random_state, arch = task
    s1, s2 = sig0
    tstar = 0.5 * min(s1, s2) ** 2
    t_total = _T_FRACTION * tstar
    params = {**(_LINEAR if arch == "linear" else _MLP), "max_iter": max_iter}
    dae = DenoisingAutoencoder(t_total, n_steps=L, random_state=random_state, device=device,
                               **params).fit(X)
    traj = dae.transport(X)
    trained = np.array([np.sqrt(np.diag(np.cov(Z.T, bias=True))) for Z in traj])
    theory = np.sqrt(composed_dae_covariances(sig0**2, t_total, L))
    t_steps = np.arange(L + 1) * t_total / L
    flow_all = np.sqrt(np.clip(sig0[None] ** 2 - 2 * t_steps[:, None], 0, None))
    sig_flow = flow_all[-1]
    var_err = np.abs(trained**2 / theory**2 - 1)
    H_trained = [gaussian_entropy(np.cov(Z.T, bias=True)) for Z in traj]
    # distances in the (sigma_1, sigma_2) plane = W2 distances between the Gaussians
    w2_flow = np.linalg.norm(trained - flow_all, axis=1)
    w2_rec = np.linalg.norm(trained - theory, axis=1)
    w2_rec_flow = np.linalg.norm(theory - flow_all, axis=1)
    row = {
        "start (s1, s2)": f"({s1:.1f}, {s2:.1f})",
        "DAE": arch,
        "t total": t_total,
        "L": L,
        "theory s1": theory[-1, 0], "trained s1": trained[-1, 0],
        "theory s2": theory[-1, 1], "trained s2": trained[-1, 1],
        "flow s1": sig_flow[0], "flow s2": sig_flow[1],
        "max rel. err. of variance (all steps)": float(var_err.max()),
        "entropy decreasing": bool(np.all(np.diff(H_trained) < 0)),
    }
    steps = [{"start (s1, s2)": row["start (s1, s2)"], "DAE": arch, "step": l,
              "t / t*": t_steps[l] / tstar, "flow min sigma": float(flow_all[l].min()),
              "W2 trained-flow": float(w2_flow[l]), "W2 trained-recursion": float(w2_rec[l]),
              "W2 recursion-flow": float(w2_rec_flow[l])} for l in range(L + 1)]
    run = {"start": sig0, "t": t_total, "trained": trained, "architecture": arch}
    return row, run, steps


def _moons(task):
    """Push two moons through a composed MLP DAE; entropy after every step."""
    from sklearn.datasets import make_moons

    n, L, t_total, max_iter, n_noise_draws, device, random_state = task
    X, _ = make_moons(n_samples=n, noise=0.08, random_state=random_state)
    X = X - X.mean(0)
    dae = DenoisingAutoencoder(t_total, n_steps=L, hidden_layer_sizes=(64,),
                               learning_rate=1e-2, max_iter=max_iter, batch_size=256,
                               n_noise_draws=n_noise_draws, random_state=random_state,
                               device=device).fit(X)
    traj = dae.transport(X)
    rows = [{"step": l, "cumulative noise variance": l * dae.step_noise_variance_,
             "kNN entropy (nats)": knn_entropy(Z),
             "Gaussian entropy of covariance": gaussian_entropy(np.cov(Z.T, bias=True)),
             # a smooth density's flow lowers the covariance by exactly 2 t I (integration by
             # parts: d/dt Cov = E[grad log mu (x - m)^T] + transpose = -2 I) and keeps the
             # mean: the two diagnostics of the Gaussian-entropy column
             "trace of covariance": float(np.trace(np.cov(Z.T, bias=True))),
             "|mean| (drift; exact DAE: 0)": float(np.linalg.norm(Z.mean(0)))}
            for l, Z in enumerate(traj)]
    return rows, traj


def _task(task):
    kind, payload = task
    return _gaussian_start(payload) if kind == "gaussian" else _moons(payload)


def compute_dae_transport(quick=False, device="auto", random_state=0, n_jobs=None):
    """Composed linear and MLP DAEs from several Gaussian starts, and a composed MLP DAE on
    two moons.

    Every (start, architecture) pair and the two-moons run are independent work items of
    one :func:`~sknnmath.reproduce.parallel_map` (a composed DAE is sequential: DAE l is
    trained on the push-forward by DAEs 1..l-1, so its steps cannot be batched); the
    Gaussian samples are drawn here, in order, so the result does not depend on the
    scheduling.
    """
    n = 800 if quick else 4000
    L = 4 if quick else 16
    starts = _STARTS[:2] if quick else _STARTS
    max_iter = 40 if quick else 60
    mlp_iter = 8 if quick else 40
    rng = np.random.default_rng(random_state)
    samples = [_exact_gaussian(n, np.array(s), rng) for s in starts]
    tasks = [("gaussian", (X, np.array(s), L, max_iter if arch == "linear" else mlp_iter,
                           device, random_state, arch))
             for arch in ("linear", "mlp") for X, s in zip(samples, starts)]
    moons = dict(n=400 if quick else 2000, L=3 if quick else 8, t=0.06 if quick else 0.08,
                 max_iter=25 if quick else 80, n_noise_draws=1 if quick else 2)
    tasks.append(("moons", (moons["n"], moons["L"], moons["t"], moons["max_iter"],
                            moons["n_noise_draws"], device, random_state)))
    with stage(f"training composed DAEs: {len(starts)} Gaussian starts x (linear, MLP) "
               f"(L = {L}) and two moons (L = {moons['L']})"):
        out = parallel_map(_task, tasks, n_jobs=n_jobs)
    g_rows = [o[0] for o in out[:-1]]
    runs = [o[1] for o in out[:-1]]
    steps = pd.DataFrame([r for o in out[:-1] for r in o[2]])
    m_rows, traj = out[-1]
    knn = [r["kNN entropy (nats)"] for r in m_rows]
    lin = [r for r in g_rows if r["DAE"] == "linear"]
    max_err = max(r["max rel. err. of variance (all steps)"] for r in lin)
    mlp_err = max(r["max rel. err. of variance (all steps)"] for r in g_rows if r["DAE"] == "mlp")
    lag = [max(abs(r["trained s1"] - r["flow s1"]), abs(r["trained s2"] - r["flow s2"]))
           for r in lin]
    return ReproductionResult(
        name="dae-transport",
        settings={"n_samples": n, "n_steps": L, "starts": starts, "t_fraction": _T_FRACTION,
                  "linear_dae": {**_LINEAR, "max_iter": max_iter},
                  "mlp_dae": {**_MLP, "max_iter": mlp_iter}, "moons": moons,
                  "quick": bool(quick), "device": device, "random_state": random_state},
        tables={"gaussian_theory_vs_trained": pd.DataFrame(g_rows),
                "fig7_deviation": steps,
                "two_moons_entropy": pd.DataFrame(m_rows)},
        data={"runs": runs, "n_steps": L, "moons_trajectory": traj, "deviation": steps},
        metrics={"max_rel_variance_error": max_err, "max_rel_variance_error_mlp": mlp_err,
                 "max_sigma_lag_to_flow": max(lag), "moons_knn_entropy": knn},
    )


def display_dae_transport(result):
    """The (σ₁, σ₂) plane (document 001's Fig. 7) and the two-moons transport."""
    from ..plotting import EntropyTransportDisplay, TransportDisplay

    from ..plotting import CurvesDisplay

    dev = result.tables["fig7_deviation"]
    dev = dev[dev["step"] > 0]  # step 0 is the start itself (distance 0 on a log axis)
    starts = list(dict.fromkeys(dev["start (s1, s2)"]))
    curves = {}
    for arch, ls in (("linear", "-"), ("mlp", "--")):
        for k, start in enumerate(starts):
            g = dev[(dev["DAE"] == arch) & (dev["start (s1, s2)"] == start)]
            curves[f"trained {arch} DAEs from {start}"] = {
                "x": g["t / t*"], "y": g["W2 trained-flow"],
                "style": {"color": f"C{k}", "ls": ls, "marker": "o" if arch == "linear" else "s",
                          "ms": 3}}
    for k, start in enumerate(starts):
        g = dev[(dev["DAE"] == "linear") & (dev["start (s1, s2)"] == start)]
        curves[f"closed-form recursion from {start}"] = {
            "x": g["t / t*"], "y": g["W2 recursion-flow"], "style": {"color": f"C{k}", "ls": ":"}}
    from ..plotting import subplots

    _, axes = subplots(1, 1, width=8.4, height=4.2)
    fig_dev = CurvesDisplay(curves, xlabel="t / t* (noise variance over the collapse time)",
                            ylabel="W2 distance to the entropy gradient flow", yscale="log").plot(
        ax=axes[0, 0], title="Where composed DAEs and the entropy gradient flow part:\n"
                             "distance in the (σ₁, σ₂) plane (= W2) at the same time t")
    return {"fig7": TransportDisplay.from_results(result).figure_,
            "fig7_deviation": fig_dev.figure_,
            "two_moons": EntropyTransportDisplay.from_results(result).figure_}


def summary_dae_transport(result):
    """Conclusions of ``dae-transport`` from its numbers."""
    g_rows = result.tables["gaussian_theory_vs_trained"].to_dict(orient="records")
    dev = result.tables["fig7_deviation"]
    knn = result.tables["two_moons_entropy"]["kNN entropy (nats)"].to_numpy()
    gauss = result.tables["two_moons_entropy"]["Gaussian entropy of covariance"].to_numpy()
    m = result.metrics
    L = result.settings["n_steps"]
    max_err = m["max_rel_variance_error"]

    def part(arch, lo, hi, col="W2 trained-flow"):
        sel = dev[(dev["DAE"] == arch) & (dev["t / t*"] > lo) & (dev["t / t*"] <= hi)]
        return float(sel[col].max())

    lines = [
        f"Trained composed linear DAEs (L={L}) follow the closed-form recursion "
        f"sigma -> sigma^3/(sigma^2 + t/L): largest relative error of the per-axis variance over "
        f"all steps and starts = {100 * max_err:.2f}% ({'within' if max_err <= 0.05 else 'ABOVE'} "
        f"the 5% bar); nonlinear (MLP) DAEs, document 001's setting: "
        f"{100 * m['max_rel_variance_error_mlp']:.1f}%.",
        f"Where theory and experiment part (W2 = distance in the (sigma_1, sigma_2) plane, runs to "
        f"the collapse time t* = min sigma^2 / 2): up to t*/2 (upper right of each path) the "
        f"trained DAEs stay within {part('linear', 0, 0.5):.3f} (linear) and "
        f"{part('mlp', 0, 0.5):.3f} (MLP) of the flow; at t* they are "
        f"{part('linear', 0.99, 1.0):.3f} and {part('mlp', 0.99, 1.0):.3f} away, where the "
        f"closed-form recursion itself is {part('linear', 0.99, 1.0, 'W2 recursion-flow'):.3f} "
        "away: the flow reaches the axis at t* while a composed DAE with finite L never does "
        "(sigma^3/(sigma^2 + tau) > 0), so they part near the axes, as document 001's 'especially "
        "in the upper right' implies.",
        f"Training error of the MLP DAEs (distance to the closed-form recursion): at most "
        f"{dev[dev['DAE'] == 'mlp']['W2 trained-recursion'].max():.3f}, against "
        f"{dev[dev['DAE'] == 'linear']['W2 trained-recursion'].max():.3f} for the linear ones.",
        "Gaussian entropy decreases at every step for every start: "
        f"{all(r['entropy decreasing'] for r in g_rows)}.",
        f"Two moons: kNN entropy goes from {knn[0]:.3f} to {knn[-1]:.3f} nats over "
        f"{len(knn) - 1} composed MLP DAEs "
        f"({'monotonically decreasing' if np.all(np.diff(knn) < 0) else 'not monotone'}); the "
        "entropy of the Gaussian with the same covariance is "
        f"{'monotone' if np.all(np.diff(gauss) < 0) else 'not monotone'}"
        f" ({gauss[0]:.4f} -> {gauss[-1]:.4f}).",
    ]
    mt = result.tables["two_moons_entropy"]
    mo = result.settings["moons"]
    tau = mo["t"] / mo["L"]
    d_tr = np.diff(mt["trace of covariance"].to_numpy())
    lines.append(
        "The Gaussian entropy follows the covariance, which the flow of a smooth density lowers by "
        f"exactly 2 tau I per step (trace: -{4 * tau:g}) keeping the mean; the trained DAEs change "
        f"the trace by {np.round(d_tr, 3).tolist()} (mean {d_tr.mean():.3f}, "
        f"{d_tr.mean() / (-4 * tau):.0%} of that) and let the mean drift by up to "
        f"{mt['|mean| (drift; exact DAE: 0)'].max():.3f} (0 for the exact DAE). The moons' "
        f"cross-section (variance 0.08^2) collapses at t = 0.0032 < tau = {tau:g}: after the first "
        "step the points sit on the curves, the kNN entropy keeps falling "
        f"({-np.diff(knn).mean():.2f} nats a step) but the covariance changes by about as much "
        "as the DAEs' own error, so the Gaussian-entropy column can rise "
        f"({'and does here' if np.any(np.diff(gauss) >= 0) else 'though not in this run'}).")
    return lines


register("dae-transport", document="001",
         description="Entropy gradient flow vs trained composed DAEs in the (σ₁, σ₂) plane "
                     "of Gaussians, plus composed-DAE transport of two moons",
         display=display_dae_transport, summary=summary_dae_transport)(compute_dae_transport)
