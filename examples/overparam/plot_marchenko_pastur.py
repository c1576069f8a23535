"""
The Marchenko–Pastur law behind the min-norm variance
=====================================================

Document 004 (Imaizumi, approximation, double descent and benign overfitting)
rewrites the variance of the min-norm interpolator with the eigenvalues of the
whitened design Z (n x p):

V = (sigma^2 / n) tr(Sigma_hat^+ Sigma) = sigma^2 (p/n) int s^-1 dF(s),

where F is the eigenvalue distribution of Z^T Z / n, and names its limit — the
Marchenko–Pastur law MP_gamma, gamma = p/n — as the key distribution. We draw the
eigenvalues for gamma < 1 and gamma > 1 (where p - n of them are exactly 0: the
law's atom of mass 1 - 1/gamma), measure the Kolmogorov–Smirnov distance to the law
(:func:`~sknnmath.overparam.marchenko_pastur_ks_distance`), and compute the variance
integral from the eigenvalues, by quadrature of the density
(:func:`~sknnmath.overparam.marchenko_pastur_integral`) and in closed form
(:func:`~sknnmath.overparam.minnorm_risk_isotropic`). ``sknnmath reproduce
marchenko-pastur`` runs it at n = 2000 for seven ratios.
"""

# %%
# Eigenvalues of Z^T Z / n
# ------------------------
import numpy as np

from sknnmath.base import is_quick
from sknnmath.overparam import (
    MinNormInterpolator,
    marchenko_pastur_density,
    marchenko_pastur_integral,
    marchenko_pastur_ks_distance,
    minnorm_risk_isotropic,
)
from sknnmath.plotting import CurvesDisplay, SpectralDensityDisplay, subplots

n = 400 if is_quick() else 2000
rng = np.random.default_rng(0)
gammas = [0.25, 0.5, 2.0, 3.0]
spectra, rows = {}, []
for gamma in gammas:
    p = int(gamma * n)
    Z = rng.standard_normal((n, p))
    small = Z @ Z.T if p > n else Z.T @ Z          # the smaller Gram matrix
    lam = np.sort(np.linalg.eigvalsh(small) / n)
    lam = np.r_[np.zeros(max(p - n, 0)), lam]       # Z^T Z / n has p - n zero eigenvalues
    spectra[gamma] = lam
    nonzero = lam[lam > 1e-10]
    empirical = gamma * np.sum(1 / nonzero) / p     # sigma^2 = 1
    quadrature = gamma * marchenko_pastur_integral(lambda s: 1 / s, gamma, include_atom=False)
    closed = float(minnorm_risk_isotropic(gamma, 0.0, 1.0).variance)
    # the same number from the estimator: sigma^2 ||Z^+||_F^2, the variance of Z^+ y
    coef = MinNormInterpolator(device="cpu").fit(Z, np.eye(n)).coef_
    rows.append((gamma, empirical, quadrature, closed, float(np.sum(coef ** 2))))
    print(f"gamma = {gamma:4.2f}: KS distance {marchenko_pastur_ks_distance(lam, gamma):.4f}; "
          f"variance: eigenvalues {empirical:.4f}, MinNormInterpolator {rows[-1][4]:.4f}, "
          f"MP quadrature {quadrature:.4f}, closed form {closed:.4f}")

# %%
# The law is a probability distribution with mean 1 (the atom included)
# ----------------------------------------------------------------------
for gamma in gammas:
    print(f"gamma = {gamma:4.2f}: mass {marchenko_pastur_integral(np.ones_like, gamma):.12f}, "
          f"mean {marchenko_pastur_integral(lambda s: s, gamma):.12f}")

# %%
# Histograms against the density, and the variance against gamma
# --------------------------------------------------------------
fig, axes = subplots(1, 3, width=4.6, height=4.0)
for ax, gamma in zip(axes[0, :2], (0.5, 2.0)):
    a, b = (1 - np.sqrt(gamma)) ** 2, (1 + np.sqrt(gamma)) ** 2
    grid = np.linspace(a, b, 400)
    SpectralDensityDisplay(spectra[gamma], grid, marchenko_pastur_density(grid, gamma),
                           atom=max(0.0, 1 - 1 / gamma), label="eigenvalues of Z^T Z / n",
                           density_label=f"Marchenko–Pastur, gamma = {gamma:g}").plot(
        ax=ax, title=f"gamma = {gamma:g} (n = {n}):\neigenvalues vs the Marchenko–Pastur law")
g = np.r_[np.linspace(0.05, 0.9, 60), 1.0, np.linspace(1.12, 4.0, 60)]
rows = np.array(rows)
CurvesDisplay({
    "closed form (HMRT)": {"x": g, "y": np.where(g == 1, np.nan,
                                                 minnorm_risk_isotropic(g, 0.0, 1.0).variance),
                           "style": {"color": "k"}},
    "MP quadrature": {"x": rows[:, 0], "y": rows[:, 2],
                      "style": {"ls": "none", "marker": "s", "mfc": "none", "ms": 9}},
    f"eigenvalues (n = {n})": {"x": rows[:, 0], "y": rows[:, 1],
                               "style": {"ls": "none", "marker": "o"}},
}, xlabel="gamma = p / n", ylabel="min-norm variance (sigma^2 = 1)", yscale="log").plot(
    ax=axes[0, 2], legend_where="below", title="sigma^2 gamma int s^-1 dF:\nthree ways")
