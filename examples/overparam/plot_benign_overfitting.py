"""
Benign overfitting: 60 data points, 2000 parameters
===================================================

Document 004 (Imaizumi, approximation, double descent and benign overfitting)
fits n = 60 noisy points with a 2000-parameter model that interpolates the data
and still predicts well: the model's high-frequency band absorbs the noise while
its low-frequency band learns the true function. Bartlett, Long, Lugosi &
Tsigler explain when this happens with the effective ranks r_k and R_k of the
feature covariance.

We fit :class:`~sknnmath.overparam.MinNormInterpolator` on four covariance
spectra, compare the excess risk with the effective ranks and with every term of
the document's bound (:func:`~sknnmath.overparam.benign_overfitting_terms`), and draw the 1-D
picture with 2000 Fourier features. ``sknnmath reproduce benign-overfitting``
runs the full-size version (more designs, noise averaged exactly).
"""

# %%
# Four spectra and their effective ranks
# --------------------------------------
import numpy as np

from sknnmath.base import is_quick
from sknnmath.overparam import (
    MinNormInterpolator,
    benign_overfitting_terms,
    covariance_spectrum,
    minnorm_excess_risk,
)
from sknnmath.plotting import (
    BiasVarianceDisplay,
    BoundTermsDisplay,
    FunctionFitDisplay,
    SpectrumDisplay,
    subplots,
)

n, p, s2 = 60, 2000, 1.0
n_designs = 4 if is_quick() else 40
spectra = {
    "isotropic": covariance_spectrum("isotropic", p),
    "3 spikes + tail 0.01": covariance_spectrum("spiked", p, n_spikes=3, spike=1.0, tail=0.01),
    "k^-1 log^-2(k+1)": covariance_spectrum("log-harmonic", p),
    "k^-2": covariance_spectrum("power", p, exponent=2.0),
}
for name, lam in spectra.items():
    t = benign_overfitting_terms(lam, n, b=1.0)
    print(f"{name:22s} r_0 = {t['r0']:8.1f}  k* = {int(t['k_star']):3d}  R_k* = {t['R_k_star']:8.1f}")

# %%
# Excess risk of the min-norm interpolator
# ----------------------------------------
# Bias: fit the noiseless targets; variance: the exact noise average of Bartlett
# et al.'s Lemma 7 minus the bias. The target has ||theta||_Sigma = 1, so the
# null predictor 0 has risk 1.
rng = np.random.default_rng(0)
bias, variance = [], []
for name, lam in spectra.items():
    theta = np.zeros(p)
    theta[0] = 1 / np.sqrt(lam[0])
    b, v = [], []
    for _ in range(n_designs):
        X = rng.standard_normal((n, p)) * np.sqrt(lam)
        est = MinNormInterpolator(device="cpu").fit(X, X @ theta)
        b.append(np.sum(lam * (est.coef_ - theta) ** 2))
        v.append(minnorm_excess_risk(X, lam, theta, s2).risk - b[-1])
    bias.append(np.mean(b))
    variance.append(np.mean(v))
    print(f"{name:22s} bias = {bias[-1]:.3f}  variance = {variance[-1]:.3f}")

fig, axes = subplots(1, 2, width=5.6, height=4.2)
SpectrumDisplay(spectra, n_samples=n).plot(ax=axes[0, 0], title=f"covariance spectra (p = {p})")
BiasVarianceDisplay(list(spectra), bias, variance, reference=1.0,
                    reference_label="null risk (predict 0)", setting_name="covariance spectrum",
                    risk_name="excess risk (noise averaged)").plot(
    ax=axes[0, 1], title="min-norm interpolation: bias and variance per spectrum")

# %%
# Every term of the document's bound
# ----------------------------------
# The document writes the excess risk as at most
# c {||theta*||^2 sqrt(tr Sigma / n) + k*/n + n/R_k*(Sigma)} with an unknown constant c
# (Bartlett et al.'s Theorem 4; their constants b, c are not explicit). We show the terms
# with c = 1 and b = 1 next to the measured excess risk: the ratio is the smallest c
# these settings need. The second term tracks the variance; the first is a worst case over
# the direction of theta* (here theta* lies on the top eigendirection, so the bias is small).
terms = {"||theta*||^2 sqrt(tr Sigma / n)": [], "k*/n": [], "n/R_k*": [], "bracket (c = 1)": []}
for name, lam in spectra.items():
    theta = np.zeros(p)
    theta[0] = 1 / np.sqrt(lam[0])
    t = benign_overfitting_terms(lam, n, b=1.0, coef=theta)
    for key, value in zip(terms, (t["bias_term"], t["k_star"] / n, n / t["R_k_star"],
                                  t["bracket"])):
        terms[key].append(value)
measured = np.add(bias, variance)
for i, name in enumerate(spectra):
    print(f"{name:22s} measured {measured[i]:.3f}  bracket {terms['bracket (c = 1)'][i]:.3f}  "
          f"ratio {measured[i] / terms['bracket (c = 1)'][i]:.3f}")
BoundTermsDisplay(list(spectra), terms, measured, setting_name="covariance spectrum",
                  value_name="excess risk or bound term (log scale)").plot(
    title="the bound's terms (c = 1, b = 1) next to the measured excess risk")

# %%
# The picture: 60 noisy points, 2000 Fourier features
# ---------------------------------------------------
# Features sqrt(2) cos / sin (2 pi k x): the first 6 with weight 1, the other
# 1994 with weight 0.1 (a spiked spectrum with a flat tail).
k = np.arange(1, p // 2 + 1)
weights = np.full(p, 0.1)
weights[:6] = 1.0


def features(x):
    ang = 2 * np.pi * np.outer(x, k)
    F = np.empty((x.size, p))
    F[:, 0::2], F[:, 1::2] = np.sqrt(2) * np.cos(ang), np.sqrt(2) * np.sin(ang)
    return F * weights


def truth(x):
    return np.sin(2 * np.pi * x) + 0.5 * np.cos(4 * np.pi * x)


x = np.sort(rng.uniform(0, 1, n))
y = truth(x) + 0.5 * rng.standard_normal(n)
est = MinNormInterpolator(device="cpu").fit(features(x), y)
grid = np.linspace(0, 1, 3000)
fit = est.predict(features(grid))
low = features(grid)[:, :6] @ est.coef_[:6]
print(f"train MSE {np.mean((est.predict(features(x)) - y) ** 2):.1e}, "
      f"test excess risk {np.mean((fit - truth(grid)) ** 2):.3f} "
      f"(null predictor {np.mean(truth(grid) ** 2):.3f})")

fig, axes = subplots(1, 2, width=5.6, height=4.4)
FunctionFitDisplay(grid, {"true function": truth(grid), "learned (2000 parameters)": fit},
                   points=(x, y, "data (n = 60)"), xlabel="input x", ylabel="output y",
                   styles={"true function": {"color": "green", "lw": 2},
                           "learned (2000 parameters)": {"color": "red", "lw": 0.7}}).plot(
    ax=axes[0, 0], title="the interpolator passes every point\nand still tracks the truth")
FunctionFitDisplay(grid, {"true function": truth(grid), "low band (6 features)": low,
                          "high band (1994 features)": fit - low},
                   points=(x, y - truth(x), "noise at the data"), xlabel="input x",
                   ylabel="output y",
                   styles={"true function": {"color": "green", "lw": 2},
                           "low band (6 features)": {"color": "red"},
                           "high band (1994 features)": {"color": "grey", "lw": 0.6}}).plot(
    ax=axes[0, 1], title="the low band learns the truth,\nthe high band absorbs the noise")
