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
# t* = min(sigma_i^2) / 2 of the entropy gradient flow (the flow is ill-posed after t*).
_T_FRACTION = 0.8

# Linear DAE training: full-batch gradient descent on standardised inputs converges
# in a few dozen epochs and averages the per-epoch noise (see tests/transport).
_LINEAR = dict(architecture="linear", solver="sgd", learning_rate=0.1, max_iter=60,
               batch_size="full", n_noise_draws=2)


def _exact_gaussian(n, sigmas, rng):
    """Samples with empirical mean 0 and empirical covariance exactly diag(sigmas^2)."""
    X = rng.standard_normal((n, len(sigmas)))
    X -= X.mean(0)
    L = np.linalg.cholesky(np.cov(X.T, bias=True))
    return (X @ np.linalg.inv(L).T) * np.asarray(sigmas)


def _gaussian_start(task):
    """Train one composed linear DAE from one Gaussian start; theory beside it."""
    X, sig0, L, max_iter, device, random_state = task
    s1, s2 = sig0
    t_total = _T_FRACTION * 0.5 * min(s1, s2) ** 2
    dae = DenoisingAutoencoder(t_total, n_steps=L, random_state=random_state, device=device,
                               **{**_LINEAR, "max_iter": max_iter}).fit(X)
    traj = dae.transport(X)
    trained = np.array([np.sqrt(np.diag(np.cov(Z.T, bias=True))) for Z in traj])
    theory = np.sqrt(composed_dae_covariances(sig0**2, t_total, L))
    flow = entropy_gradient_flow(sig0**2, [t_total])
    sig_flow = np.sqrt(np.diag(flow.covariances[0]))
    var_err = np.abs(trained**2 / theory**2 - 1)
    H_trained = [gaussian_entropy(np.cov(Z.T, bias=True)) for Z in traj]
    row = {
        "start (s1, s2)": f"({s1:.1f}, {s2:.1f})",
        "t total": t_total,
        "L": L,
        "theory s1": theory[-1, 0], "trained s1": trained[-1, 0],
        "theory s2": theory[-1, 1], "trained s2": trained[-1, 1],
        "flow s1": sig_flow[0], "flow s2": sig_flow[1],
        "max rel. err. of variance (all steps)": float(var_err.max()),
        "entropy decreasing": bool(np.all(np.diff(H_trained) < 0)),
    }
    run = {"start": sig0, "t": t_total, "trained": trained}
    return row, run


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
             "Gaussian entropy of covariance": gaussian_entropy(np.cov(Z.T, bias=True))}
            for l, Z in enumerate(traj)]
    return rows, traj


def _task(task):
    kind, payload = task
    return _gaussian_start(payload) if kind == "gaussian" else _moons(payload)


def compute_dae_transport(quick=False, device="auto", random_state=0, n_jobs=None):
    """Composed linear DAEs from several Gaussian starts, and a composed MLP DAE on two moons.

    The starts and the two-moons run are independent work items of one
    :func:`~sknnmath.reproduce.parallel_map`; the Gaussian samples are drawn here, in
    order, so the result does not depend on the scheduling.
    """
    n = 800 if quick else 4000
    L = 4 if quick else 16
    starts = _STARTS[:2] if quick else _STARTS
    max_iter = 40 if quick else 60
    rng = np.random.default_rng(random_state)
    tasks = [("gaussian", (_exact_gaussian(n, np.array(s), rng), np.array(s), L, max_iter,
                           device, random_state)) for s in starts]
    moons = dict(n=400 if quick else 2000, L=3 if quick else 8, t=0.06 if quick else 0.08,
                 max_iter=25 if quick else 80, n_noise_draws=1 if quick else 2)
    tasks.append(("moons", (moons["n"], moons["L"], moons["t"], moons["max_iter"],
                            moons["n_noise_draws"], device, random_state)))
    with stage(f"training composed DAEs: {len(starts)} Gaussian starts (L = {L}) and two moons "
               f"(L = {moons['L']})"):
        out = parallel_map(_task, tasks, n_jobs=n_jobs)
    g_rows = [o[0] for o in out[:-1]]
    runs = [o[1] for o in out[:-1]]
    m_rows, traj = out[-1]
    knn = [r["kNN entropy (nats)"] for r in m_rows]
    max_err = max(r["max rel. err. of variance (all steps)"] for r in g_rows)
    lag = [max(abs(r["trained s1"] - r["flow s1"]), abs(r["trained s2"] - r["flow s2"]))
           for r in g_rows]
    return ReproductionResult(
        name="dae-transport",
        settings={"n_samples": n, "n_steps": L, "starts": starts, "t_fraction": _T_FRACTION,
                  "linear_dae": {**_LINEAR, "max_iter": max_iter}, "moons": moons,
                  "quick": bool(quick), "device": device, "random_state": random_state},
        tables={"gaussian_theory_vs_trained": pd.DataFrame(g_rows),
                "two_moons_entropy": pd.DataFrame(m_rows)},
        data={"runs": runs, "n_steps": L, "moons_trajectory": traj},
        metrics={"max_rel_variance_error": max_err, "max_sigma_lag_to_flow": max(lag),
                 "moons_knn_entropy": knn},
    )


def display_dae_transport(result):
    """The (σ₁, σ₂) plane (document 001's Fig. 7) and the two-moons transport."""
    from ..plotting import EntropyTransportDisplay, TransportDisplay

    return {"fig7": TransportDisplay.from_results(result).figure_,
            "two_moons": EntropyTransportDisplay.from_results(result).figure_}


def summary_dae_transport(result):
    """Conclusions of ``dae-transport`` from its numbers."""
    g_rows = result.tables["gaussian_theory_vs_trained"].to_dict(orient="records")
    knn = result.tables["two_moons_entropy"]["kNN entropy (nats)"].to_numpy()
    m = result.metrics
    L = result.settings["n_steps"]
    max_err = m["max_rel_variance_error"]
    return [
        f"Trained composed linear DAEs (L={L}) follow the closed-form recursion "
        f"sigma -> sigma^3/(sigma^2 + t/L): largest relative error of the per-axis variance over "
        f"all steps and starts = {100 * max_err:.2f}% ({'within' if max_err <= 0.05 else 'ABOVE'} "
        f"the 5% bar).",
        f"They end within {m['max_sigma_lag_to_flow']:.3f} (in sigma) of the entropy gradient "
        f"flow Sigma_t = Sigma_0 - 2tI; the finite-L lag is the O(t/L) term of the recursion.",
        "Gaussian entropy decreases at every step for every start: "
        f"{all(r['entropy decreasing'] for r in g_rows)}.",
        f"Two moons: kNN entropy goes from {knn[0]:.3f} to {knn[-1]:.3f} nats over "
        f"{len(knn) - 1} composed MLP DAEs "
        f"({'monotonically decreasing' if np.all(np.diff(knn) < 0) else 'not monotone'}).",
    ]


register("dae-transport", document="001",
         description="Entropy gradient flow vs trained composed DAEs in the (σ₁, σ₂) plane "
                     "of Gaussians, plus composed-DAE transport of two moons",
         display=display_dae_transport, summary=summary_dae_transport)(compute_dae_transport)
