"""
Benign overfitting: 60 data points, 2000 parameters
===================================================

Document 004's slides fit n = 60 noisy points with a 2000-parameter model that
interpolates the data and still predicts well: the model's high-frequency band
absorbs the noise while its low-frequency band learns the true function.
Bartlett, Long, Lugosi & Tsigler explain when this happens with the effective
ranks r_k and R_k of the feature covariance.

We fit :class:`~sknnmath.overparam.MinNormInterpolator` on four covariance
spectra (isotropic; three spikes plus a small isotropic tail;
k^-1 log^-2(k+1); k^-2), report the excess risk with r_0, k* and R_k*
(:func:`~sknnmath.overparam.benign_overfitting_terms`), and draw the slide's
1-D picture with 2000 Fourier features.
"""

# %%
import sknnmath.reproduce
from sknnmath.base import is_quick

result = sknnmath.reproduce.run("benign-overfitting", quick=is_quick(), device="auto")

# %%
# Spectra and the bias/variance split of the excess risk (null risk = 1).
result.figures["spectra"]

# %%
# The slide's picture: green the truth, blue the data, red the interpolator.
result.figures["picture"]

# %%
# Effective ranks by hand for the benign spectrum.
from sknnmath.overparam import benign_overfitting_terms, covariance_spectrum

terms = benign_overfitting_terms(covariance_spectrum("spiked", 2000, n_spikes=3, tail=0.01), 60)
print({k: round(float(v), 3) for k, v in terms.items()})
