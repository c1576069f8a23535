"""
A residual network is the Euler discretisation of a flow
========================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as transport), §4:
a deep network is a flow ``dx/dt = v_t(x)``; Euler steps ``x_(l+1) = x_l + h v(x_l, t_l)``
give a finite network with skip connections (a ResNet), and the density of the
transported points follows the continuity equation ``d_t mu = -div(mu v)``.

A ResNet whose blocks share one velocity MLP ``v(x, t)`` is trained on two moons at depth
8 (total time T = 1); then, with ``v`` fixed, the depth grows at fixed T and the output
converges to the flow's ``x(T)`` with order 1, and the histogram of a pushed Gaussian
sample matches the density ``log p_T = log p_0 - ∫ div v dt``.
"""

# %%
from sknnmath.base import is_quick
from sknnmath.reproduce import get

result = get("resnet-flow")(quick=is_quick(), device="cpu", random_state=0)
for line in result.summary:
    print("-", line)

# %%
# Error of the depth-L network against the flow (RK4 reference)
# -------------------------------------------------------------
print(result.tables["euler_convergence"].to_string())

# %%
# Histogram of pushed samples vs the change-of-variables density
# --------------------------------------------------------------
print(result.tables["pushforward"].T.to_string())
