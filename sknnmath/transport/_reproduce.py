"""Reproduction ``dae-transport``: Fig. 7 of document 001 (§4.2.1) and a non-Gaussian panel.

Time is the noise variance throughout.
"""

from __future__ import annotations

import numpy as np

from ..reproduce import ReproductionResult, progress, register
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


def _gaussian_panel(quick, device, random_state):
    n = 800 if quick else 4000
    L = 4 if quick else 16
    starts = _STARTS[:2] if quick else _STARTS
    rng = np.random.default_rng(random_state)
    rows, runs = [], []
    for s1, s2 in progress(starts, desc="Gaussian starts"):
        sig0 = np.array([s1, s2])
        t_total = _T_FRACTION * 0.5 * min(s1, s2) ** 2
        X = _exact_gaussian(n, sig0, rng)
        dae = DenoisingAutoencoder(t_total, n_steps=L, random_state=random_state,
                                   device=device, **{**_LINEAR, "max_iter": 40 if quick else 60}
                                   ).fit(X)
        traj = dae.transport(X)
        trained = np.array([np.sqrt(np.diag(np.cov(Z.T, bias=True))) for Z in traj])
        theory = np.sqrt(composed_dae_covariances(sig0**2, t_total, L))
        flow = entropy_gradient_flow(sig0**2, [t_total])
        sig_flow = np.sqrt(np.diag(flow.covariances[0]))
        var_err = np.abs(trained**2 / theory**2 - 1)
        H_trained = [gaussian_entropy(np.cov(Z.T, bias=True)) for Z in traj]
        runs.append(dict(sig0=sig0, t=t_total, trained=trained, theory=theory))
        rows.append({
            "start (s1, s2)": f"({s1:.1f}, {s2:.1f})",
            "t total": t_total,
            "L": L,
            "theory s1": theory[-1, 0], "trained s1": trained[-1, 0],
            "theory s2": theory[-1, 1], "trained s2": trained[-1, 1],
            "flow s1": sig_flow[0], "flow s2": sig_flow[1],
            "max rel. err. of variance (all steps)": float(var_err.max()),
            "entropy decreasing": bool(np.all(np.diff(H_trained) < 0)),
        })
    return rows, runs, L


def _gaussian_figure(runs, L_trained):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6.4, 6.0))
    ax = fig.add_subplot(1, 1, 1)
    for k, run in enumerate(runs):
        s0 = run["sig0"]
        lab = (lambda s: s) if k == 0 else (lambda s: None)
        tstar = 0.5 * min(s0) ** 2
        tt = np.linspace(0, tstar, 400)
        fl = np.sqrt(np.clip(s0[None] ** 2 - 2 * tt[:, None], 0, None))
        ax.plot(fl[:, 0], fl[:, 1], "-", color="tab:blue", lw=1.5, label=lab("entropy gradient flow"))
        ts = np.linspace(0, 6 * tstar, 300)
        sh = s0[None] ** 3 / (s0[None] ** 2 + ts[:, None])
        ax.plot(sh[:, 0], sh[:, 1], ":", color="gray", lw=1, label=lab("shallow DAE, t varying"))
        for L, mk in ((1, "s"), (4, "^"), (16, "o")):
            th = np.sqrt(composed_dae_covariances(s0**2, run["t"], L))
            ax.plot(th[:, 0], th[:, 1], mk, mfc="none", color="tab:orange", ms=4 + L**0.3,
                    label=lab(f"closed form, L={L}"))
        tr = run["trained"]
        ax.plot(tr[:, 0], tr[:, 1], ".-", color="tab:green", lw=1, ms=5,
                label=lab(f"trained composed DAE, L={L_trained}"))
    ax.set_xlabel(r"$\sigma_1$")
    ax.set_ylabel(r"$\sigma_2$")
    ax.set_aspect("equal")
    ax.set_xlim(0, None)
    ax.set_ylim(0, None)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title("Fig. 7: entropy gradient flow vs composed DAEs\n"
                 "(N(0, diag(σ₁², σ₂²)); time = noise variance)", fontsize=9)
    return fig


def _moons_panel(quick, device, random_state):
    from sklearn.datasets import make_moons

    n = 400 if quick else 2000
    L = 3 if quick else 8
    t_total = 0.06 if quick else 0.08
    X, _ = make_moons(n_samples=n, noise=0.08, random_state=random_state)
    X = X - X.mean(0)
    dae = DenoisingAutoencoder(t_total, n_steps=L, hidden_layer_sizes=(64,),
                               learning_rate=1e-2, max_iter=25 if quick else 80, batch_size=256,
                               n_noise_draws=1 if quick else 2, random_state=random_state,
                               device=device).fit(X)
    traj = dae.transport(X)
    rows = []
    for l, Z in enumerate(traj):
        rows.append({"step": l, "cumulative noise variance": l * dae.step_noise_variance_,
                     "kNN entropy (nats)": knn_entropy(Z),
                     "Gaussian entropy of covariance": gaussian_entropy(np.cov(Z.T, bias=True))})
    return rows, traj


def _moons_figure(traj, rows):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(10, 4.2))
    ax = fig.add_subplot(1, 2, 1)
    ax.scatter(traj[0, :, 0], traj[0, :, 1], s=3, color="lightgray", label="data (step 0)")
    ax.scatter(traj[-1, :, 0], traj[-1, :, 1], s=3, color="tab:green",
               label=f"after {traj.shape[0] - 1} composed DAEs")
    for i in range(0, traj.shape[1], max(1, traj.shape[1] // 60)):
        ax.plot(traj[:, i, 0], traj[:, i, 1], "-", color="k", lw=0.5, alpha=0.6)
    ax.set_aspect("equal")
    ax.legend(fontsize=7, markerscale=3)
    ax.set_title("Two moons: composed MLP DAE trajectories", fontsize=9)
    ax2 = fig.add_subplot(1, 2, 2)
    steps = [r["step"] for r in rows]
    ax2.plot(steps, [r["kNN entropy (nats)"] for r in rows], "o-", color="tab:green",
             label="kNN (Kozachenko-Leonenko) entropy")
    ax2.plot(steps, [r["Gaussian entropy of covariance"] for r in rows], "s--", color="gray",
             label="entropy of the Gaussian with the same covariance")
    ax2.set_xlabel("DAE step l")
    ax2.set_ylabel("entropy (nats)")
    ax2.legend(fontsize=7)
    ax2.set_title("Entropy decreases along the composed DAE", fontsize=9)
    return fig


@register("dae-transport", document="001",
          description="Fig. 7: entropy gradient flow vs trained composed DAEs in the (σ₁, σ₂) "
                      "plane, plus composed-DAE transport of two moons")
def dae_transport(quick=False, device="auto", random_state=0):
    """Fig. 7 of document 001 §4.2.1 and a non-Gaussian (two moons) panel."""
    g_rows, runs, L = _gaussian_panel(quick, device, random_state)
    m_rows, traj = _moons_panel(quick, device, random_state)
    max_err = max(r["max rel. err. of variance (all steps)"] for r in g_rows)
    knn = [r["kNN entropy (nats)"] for r in m_rows]
    lag = [max(abs(r["trained s1"] - r["flow s1"]), abs(r["trained s2"] - r["flow s2"]))
           for r in g_rows]
    summary = [
        f"Trained composed linear DAEs (L={L}) follow the closed-form recursion "
        f"sigma -> sigma^3/(sigma^2 + t/L): largest relative error of the per-axis variance over "
        f"all steps and starts = {100 * max_err:.2f}% ({'within' if max_err <= 0.05 else 'ABOVE'} "
        f"the 5% bar).",
        f"They end within {max(lag):.3f} (in sigma) of the entropy gradient flow "
        f"Sigma_t = Sigma_0 - 2tI; the finite-L lag is the O(t/L) term of the recursion.",
        "Gaussian entropy decreases at every step for every start: "
        f"{all(r['entropy decreasing'] for r in g_rows)}.",
        f"Two moons: kNN entropy goes from {knn[0]:.3f} to {knn[-1]:.3f} nats over "
        f"{len(knn) - 1} composed MLP DAEs "
        f"({'monotonically decreasing' if np.all(np.diff(knn) < 0) else 'not monotone'}).",
    ]
    return ReproductionResult(
        tables={"fig7_theory_vs_trained": g_rows, "two_moons_entropy": m_rows},
        figures={"fig7": _gaussian_figure(runs, L), "two_moons": _moons_figure(traj, m_rows)},
        summary=summary,
        metrics={"max_rel_variance_error": max_err, "max_sigma_lag_to_flow": max(lag),
                 "moons_knn_entropy": knn},
    )
