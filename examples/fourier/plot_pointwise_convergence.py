"""
Pointwise convergence of the Fourier series of a ball: Gibbs, Pinsky, Kuratsubo
================================================================================

Gradient descent on the Fourier coefficients converges to the truncated Fourier
series of the target (document 000, §2). For the indicator of the ball
``|x| < 1/2`` in the period cell ``[-1, 1)^d`` we evaluate the exact spherical
partial sums ``S_N`` (Bessel coefficients, summed by lattice shells) and watch
three obstructions to pointwise convergence: the Gibbs overshoot near the sphere
(every ``d``), the Pinsky oscillation at the centre (``d = 3``; growth for
``d >= 4``) and Kuratsubo's third phenomenon at rational points (``d = 5``).
"""

# %%
import numpy as np

import sknnmath.base
from sknnmath.fourier import ball_partial_sum
from sknnmath.reproduce import run

# %%
# A direct look: S_N at the centre of the 3-ball keeps oscillating between about 1 -+ 2/pi.
s = ball_partial_sum(np.zeros(3), np.arange(180, 200))
print("d = 3, S_N(0) for N = 180..199:", np.round(s, 3))

# %%
# The registered reproduction: windows of N, several points and dimensions.
result = run("fourier-pointwise", quick=sknnmath.base.is_quick(), verbose=False)
for row in result.tables["pointwise_error"]:
    errs = [f"{v:.4g}" for k, v in row.items() if k.startswith("max")]
    print(f"d={row['d']} {row['point']:<42s} " + "  ".join(errs))
for row in result.tables["gibbs"]:
    print(f"Gibbs d={row['d']} N={row['N']}: max S_N = {row['max S_N near the sphere']:.4f}")
for sentence in result.summary:
    print("-", sentence)

result.figures["errors"]
