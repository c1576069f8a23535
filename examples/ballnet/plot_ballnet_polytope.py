"""
The BallNet polytope: area excess, accuracy and training
=========================================================

Document 000 (§3) builds a depth-``2n+1`` ReLU network. Its even and odd layers
pair up first-layer units with ``h(a/2+b/2) - h(a/2-b/2) - h(-a/2+b/2) = min(a, b)``,
so the output is ``min_j h(w_j.x + b_j)`` and the region ``{z > 0}`` is a convex
polytope (Theorem 3.1). This example draws the circumscribed polytopes for
``n = 2..6`` around the unit circle and compares their area excess with the
closed form ``pi^3 r^2 / (3 m^2)``. It then tabulates the untrained and trained
accuracy on document 000's data and shows the trained network's region next to
the "collapse" of a start that contains the whole data box.
"""

# %%
import sknnmath.base
from sknnmath.reproduce import run

result = run("ballnet-polytope", quick=sknnmath.base.is_quick(), device="cpu")

# %%
# The tables printed above: ``area_excess`` compares the network's polytope with
# the exact polygon area. ``accuracy`` gives the untrained and trained accuracy
# per ``n`` and per dimension ``d``. ``collapse_trap`` contrasts the default
# initialisation with one whose polytope contains every data point.
for line in result.summary:
    print(line)

# %%
result.figures["polytopes"]

# %%
result.figures["area_excess"]

# %%
result.figures["trained_region"]
