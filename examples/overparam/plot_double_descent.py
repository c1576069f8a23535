"""
Double descent of min-norm interpolation and random-feature networks
====================================================================

Document 004 (Imaizumi, approximation, double descent and benign overfitting)
explains why huge models generalise with the *min-norm interpolator*
beta_hat = X^+ y: its test risk rises as the number of parameters p approaches
the number of samples n, explodes at the interpolation threshold p = n, and
descends again for p > n.

We measure this with :class:`~sknnmath.overparam.MinNormInterpolator` on
Gaussian designs and compare it with the theory of Hastie, Montanari, Rosset &
Tibshirani (:func:`~sknnmath.overparam.minnorm_risk_isotropic`) and the exact
finite-n risk of Belkin, Hsu & Xu
(:func:`~sknnmath.overparam.minnorm_risk_finite_n`); then we do the same for a
two-layer network with a frozen random first layer,
:class:`~sknnmath.overparam.RandomFeatureRegressor`, searched over its width
with scikit-learn's ``validation_curve`` and compared with the curve of Mei &
Montanari (:func:`~sknnmath.overparam.mei_montanari_risk`).

``sknnmath reproduce double-descent`` runs the full-size version of this
experiment (more designs, exact noise averaging) and writes its tables.
"""

# %%
# Min-norm least squares: Monte Carlo risk against width
# -------------------------------------------------------
# n samples, p Gaussian features, a target beta of norm r and noise variance
# sigma^2. For each width we draw a few designs and noisy targets, fit the
# min-norm interpolator and measure ||beta_hat - beta||^2 (the excess risk for
# an isotropic design).
import numpy as np

from sknnmath.base import is_quick
from sknnmath.overparam import MinNormInterpolator, minnorm_risk_finite_n, minnorm_risk_isotropic
from sknnmath.plotting import RiskCurveDisplay

quick = is_quick()
n, r2, s2 = 40, 1.0, 0.25
n_designs = 10 if quick else 100
widths = [10, 20, 32, 36, 44, 48, 60, 80, 120, 200, 400]
rng = np.random.default_rng(0)

risks = np.empty((len(widths), n_designs))
for j, p in enumerate(widths):
    for i in range(n_designs):
        X = rng.standard_normal((n, p))
        beta = rng.standard_normal(p)
        beta *= np.sqrt(r2) / np.linalg.norm(beta)
        y = X @ beta + np.sqrt(s2) * rng.standard_normal(n)
        coef = MinNormInterpolator(device="cpu").fit(X, y).coef_
        risks[j, i] = np.sum((coef - beta) ** 2)

# %%
# The theory: the HMRT limit as n, p -> infinity with p / n = gamma fixed, and
# the exact Gaussian risk at this n.
gamma = np.r_[np.linspace(0.05, 0.97, 200), np.linspace(1.03, 12, 300)]
p_exact = np.array([p for p in range(1, 12 * n) if abs(p - n) > 1])
theory = {
    "HMRT limit": (gamma, minnorm_risk_isotropic(gamma, r2, s2).risk),
    f"exact finite n = {n} (Belkin–Hsu–Xu)": (p_exact / n,
                                              minnorm_risk_finite_n(n, p_exact, r2, s2).risk),
}
for p, row in zip(widths, risks):
    print(f"p = {p:4d}  gamma = {p / n:5.2f}  median risk = {np.median(row):7.3f}  "
          f"exact = {minnorm_risk_finite_n(n, p, r2, s2).risk:7.3f}")

display = RiskCurveDisplay(
    param_range=np.array(widths) / n, risks=risks, theory=theory,
    param_name="gamma = p / n (parameters / samples)",
    risk_name="excess risk ||beta_hat - beta||^2", estimator_name="MinNormInterpolator",
).plot(ylim=(0.02, 50), title="min-norm least squares: Monte Carlo risk vs theory")

# %%
# The peak sits at p = n; after it the risk falls again and its minimum over
# the over-parameterised branch is 2 r sigma - sigma^2 at gamma* = 1/(1 - sigma/r).
print("HMRT minimum for gamma > 1:", 2 * np.sqrt(r2 * s2) - s2, "at gamma* =",
      1 / (1 - np.sqrt(s2 / r2)))

# %%
# Random features: a width search with ``validation_curve``
# ----------------------------------------------------------
# A two-layer ReLU network whose first layer is random and frozen (N features
# on the sphere, Mei–Montanari's normalisation) and whose second layer is the
# min-norm / ridge solution. :meth:`RiskCurveDisplay.from_estimator` runs
# ``validation_curve`` over N for several random splits and first layers.
from sknnmath.overparam import RandomFeatureRegressor, make_sphere_teacher, mei_montanari_risk

d = 20
n_train, n_test, tau2 = 3 * d, 500, 0.5
X, y, _ = make_sphere_teacher(4 * (n_train + n_test), d, signal=1.0, noise=tau2, random_state=0)
Ns = np.unique(np.round(np.array([0.2, 0.5, 0.8, 1.25, 2, 4, 8]) * n_train).astype(int))
grid = np.geomspace(0.1, 10, 200)
mm = mei_montanari_risk(grid * n_train / d, n_train / d, 0.0, "relu", signal=1.0, noise=tau2)

rf = RiskCurveDisplay.from_estimator(
    RandomFeatureRegressor(alpha=0.0, alpha_scaling="mei-montanari", device="cpu"), X, y,
    param_name="n_features", param_range=Ns, x_values=Ns / n_train, train_size=n_train,
    test_size=n_test, n_repeats=2 if quick else 8, random_state=0,
    # the Monte Carlo test error includes the noise tau^2; so does the theory curve here
    theory={"Mei–Montanari (ridgeless)": (grid, mm.risk + tau2)},
    risk_name="test mean squared error", ylim=(0.3, 50),
    title="ReLU random features: test error vs width N / n")
rf.ax_.set_xlabel("N / n (random features / samples)")
print("median test MSE per width:", dict(zip(Ns.tolist(), np.round(np.median(rf.risks, 1), 3).tolist())))

# %%
# A ridge penalty removes the peak; the optimally tuned ridge (theory) has none.
for lam in (0.0, 1e-3, 1e-2, 0.1):
    r = mei_montanari_risk(grid * n_train / d, n_train / d, lam, "relu", signal=1.0, noise=tau2)
    finite = r.risk[np.isfinite(r.risk)]
    print(f"lambda = {lam:g}: largest theoretical error over the widths {finite.max():.3f}")
