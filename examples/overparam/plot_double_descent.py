"""
Double descent of min-norm interpolation and random-feature networks
====================================================================

Document 004 explains why huge models generalise with the *min-norm
interpolator* beta = X^+ y: its test risk rises as the number of parameters p
approaches the number of samples n, explodes at the interpolation threshold
p = n, and descends again for p > n.

(a) :class:`~sknnmath.overparam.MinNormInterpolator` on an isotropic Gaussian
design, risk against gamma = p/n, with the asymptotic curve of Hastie,
Montanari, Rosset & Tibshirani and the exact finite-n curve of Belkin, Hsu & Xu.

(b) :class:`~sknnmath.overparam.RandomFeatureRegressor` (ReLU random features,
Mei–Montanari normalisation) on a linear teacher, test error against the width
N/n computed with scikit-learn's ``validation_curve``, the Mei–Montanari curve
overlaid, and ridge curves showing the peak vanish under the optimal ridge.
"""

# %%
# Run the registered reproduction (``sknnmath reproduce double-descent``); quick
# mode (``SKNNMATH_QUICK=1``) uses smaller problems.
import sknnmath.reproduce
from sknnmath.base import is_quick

result = sknnmath.reproduce.run("double-descent", quick=is_quick(), device="auto")

# %%
# The figure: theory curves are drawn by :mod:`sknnmath.overparam` itself
# (:func:`~sknnmath.overparam.minnorm_risk_isotropic`,
# :func:`~sknnmath.overparam.minnorm_risk_finite_n`,
# :func:`~sknnmath.overparam.mei_montanari_risk`).
fig = result.figures["curves"]
fig

# %%
# The same theory by hand: the HMRT risk at a few aspect ratios, and the
# Mei–Montanari ridgeless variance identity V = psi1 / (psi2 - psi1) below the
# threshold.
from sknnmath.overparam import mei_montanari_risk, minnorm_risk_isotropic

for gamma in (0.5, 0.9, 1.1, 2.0, 10.0):
    r = minnorm_risk_isotropic(gamma, signal=1.0, noise=0.25)
    print(f"gamma={gamma:5.2f}  bias={r.bias:.3f}  variance={r.variance:.3f}  risk={r.risk:.3f}")
print("Mei-Montanari, N/n=0.5:", round(mei_montanari_risk(1.5, 3.0, 0.0, noise=0.5).risk, 3))
