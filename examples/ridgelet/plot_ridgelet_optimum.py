"""
The global optimum of a shallow network is the shrunk ridgelet transform
========================================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as transport),
eqs. (6)-(8): back-propagation with an L2 penalty ``beta`` on the output-weight function
``gamma(a, b)`` of ``S[gamma](x) = ∫ gamma(a, b) sigma(a x - b) da db`` has the global
optimum ``gamma* = (beta + 1)^-1 R[f]``.

The factor ``(beta + 1)^-1`` needs ``S S* = Id``. With Lebesgue measures (``G = L2(da db)``,
``F = L2(dx)``) the adjoint is ``S* f = R[f; sigma]``, and ``S S* = <<sigma, sigma>> Id``: the
formula is exact for an activation that is admissible with itself and normalised — here
the Ricker wavelet ``(1 - z^2) exp(-z^2/2) / sqrt(2 pi)``. Hidden parameters are fixed on an
(a, b) grid (cell area ``da db``), the output weights ``c = gamma da db`` are trained by
gradient descent with the penalty, and compared with ``(beta + 1)^-1 R[f]``. The same
problem with ReLU units and document 001's admissible ReLU ridgelets shows why the
document needs its RKHS: ``<<ReLU, ReLU>>`` is infinite.
"""

# %%
# Run the reproduction (quick mode in the documentation build)
# ------------------------------------------------------------
from sknnmath.base import is_quick
from sknnmath.reproduce import get

result = get("ridgelet-optimum")(quick=is_quick(), device="cpu", random_state=0)
for line in result.summary:
    print("-", line)

# %%
# Trained vs theory, for every grid and beta
# ------------------------------------------
# "GD vs closed form" is the optimisation error, "closed form vs (beta+1)^-1 R[f]" the
# discretisation error (the window of a, not the grid density, sets it).
print(result.tables["optimum_vs_theory"].round(5).to_string())

# %%
# Document 001's ReLU pair on the same L2 problem
# -----------------------------------------------
print(result.tables["relu_pair"].round(4).to_string())
