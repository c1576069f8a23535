"""
Approximation rates: Fourier partial sums and trained MLPs against -β/d
=======================================================================

Document 004 (Imaizumi) states that a ``β``-smooth target in ``d`` dimensions
is approximated by networks of ``W`` parameters with error ``O(W^{-β/d})``,
optimally, and that Fourier and polynomial bases reach the same rate — so for
smooth targets networks and classical methods are equivalent, and both suffer
the curse of dimensionality. We measure the exponent for exact Fourier partial
sums of a random-phase ``β = 2`` periodic target
(:class:`~sknnmath.approximation.SmoothPeriodicTarget`, errors by Parseval) and
for one-hidden-layer ReLU MLPs, every width and seed trained at once
(:func:`~sknnmath.approximation.fit_batched_mlps`), best of seeds.
The full study with the constructed networks is ``sknnmath reproduce approximation-rates``.
"""

# %%
import numpy as np

from sknnmath.approximation import SmoothPeriodicTarget, fit_batched_mlps, fit_loglog_slope
from sknnmath.neural_network import mlp_parameter_count
from sknnmath.base import is_quick
from sknnmath.plotting import ApproximationRateDisplay

beta = 2.0
dims = (1, 2) if is_quick() else (1, 2, 4)
widths = np.array([4, 8, 16, 32] if is_quick() else [4, 8, 16, 32, 64, 128])
n_seeds, n_train = (2, 256) if is_quick() else (4, 4096)
curves, theory = {}, {}
for d in dims:
    target = SmoothPeriodicTarget(d, beta=beta, max_frequency=8, random_state=0)
    rng = np.random.default_rng(d)
    X, Xt = rng.uniform(size=(n_train, d)), rng.uniform(size=(2048, d))
    # one engine call trains len(widths) * n_seeds networks (inputs centred to [-1, 1])
    w_all = np.repeat(widths, n_seeds)
    fit = fit_batched_mlps(2 * X - 1, target(X), (widths.max(),), widths=w_all, learning_rate=1e-2,
                           max_iter=300 if is_quick() else 3000, device="auto", random_state=d)
    rmse = np.sqrt(np.mean((fit.predict(2 * Xt - 1) - target(Xt)) ** 2, axis=1))
    best = np.array([rmse[w_all == w].min() for w in widths])
    W_mlp = [mlp_parameter_count((d, w, 1)) for w in widths]
    Ns = range(2, 7)
    W_f = [target.fourier_n_params(N) for N in Ns]
    err_f = [target.fourier_error(N) for N in Ns]
    curves[f"MLP, d = {d}"] = (W_mlp, best)
    curves[f"Fourier, d = {d}"] = (W_f, err_f)
    theory[f"MLP, d = {d}"] = theory[f"Fourier, d = {d}"] = -beta / d
    print(f"d = {d}: fitted exponent Fourier {fit_loglog_slope(W_f, err_f):.2f}, "
          f"trained MLP {fit_loglog_slope(W_mlp, best):.2f}, theory -β/d = {-beta / d:.2f}")

# %%
ApproximationRateDisplay(curves, theory=theory).plot(
    ylabel="L² error", title="β = 2 periodic targets: exponent −β/d (dashed)")
