"""
Pointwise convergence: BallNet against the Fourier series of the ball
=====================================================================

The question of arXiv:2304.08172 (document 000's companion paper): as the number of
parameters grows, does the approximation of the indicator of the ball
``|x| <= 1/2`` on ``[-1, 1]^d`` converge at every point? The spherical Fourier
partial sums ``S_N`` use the exact Bessel coefficients. They meet the Gibbs
phenomenon in every dimension, Pinsky's divergence at the centre for ``d >= 3``
and, for ``d >= 5``, non-convergence at rational points (Kuratsubo). The
polytope network of document 000 with ``m = 2^n`` facets circumscribed about the
ball has an indicator that is exact at every fixed point off the sphere once
``m`` is large enough.

The last part compares learning curves of the Fourier-series classifier, a
generic ReLU MLP and BallNet on document 000's data.
"""

# %%
import sknnmath.base
from sknnmath.reproduce import run

result = run("ballnet-vs-fourier", quick=sknnmath.base.is_quick(), device="cpu")

# %%
# Conclusions drawn from the tables above (per dimension):
for line in result.summary:
    print(line)

# %%
result.figures["pointwise"]

# %%
result.figures["l2_vs_parameters"]

# %%
result.figures["learning_curve"]
