"""
The BallNet polytope: area excess, accuracy and training
=========================================================

Document 000 (Kawasumi & Yoneda, Fourier series vs deep ReLU networks), §3,
builds a depth-``2n+1`` ReLU network. Its even and odd layers pair up first-layer
units with ``h(a/2+b/2) - h(a/2-b/2) - h(-a/2+b/2) = min(a, b)``, so the output is
``min_j h(w_j.x + b_j)`` and the region ``{z > 0}`` is a convex polytope with
``m = 2^n`` facets (its Theorem 3.1). We draw the polytopes around the unit
circle, compare their area excess with the closed form ``pi^3 r^2 / (3 m^2)``,
measure the untrained and trained accuracy on document 000's data, and show the
trained network's output next to the "collapse" of a start that contains the
whole data box.

``sknnmath reproduce ballnet-polytope`` also runs ``d = 3`` and ``d = 5``.
"""

# %%
# The construction, without training
# ----------------------------------
# ``max_iter=0`` gives the network as constructed: the polygon circumscribed
# about the given ball.
import numpy as np

from sknnmath.ballnet import BallNetClassifier
from sknnmath.base import is_quick
from sknnmath.datasets import make_ball
from sknnmath.plotting import PolytopeDisplay

quick = is_quick()
depths = [2, 3, 4] if quick else [2, 3, 4, 5, 6]
X, y = make_ball(2000, random_state=0)
X_test, y_test = make_ball(10_000 if quick else 200_000, random_state=1)
constructed = {f"n = {n}: m = {2**n} facets, depth {2 * n + 1}":
               BallNetClassifier(depth=n, max_iter=0, center=[0.0, 0.0], radius=1.0,
                                 device="cpu").fit(X, y) for n in depths}
PolytopeDisplay.from_estimators(constructed, title="BallNet's region {z > 0} around the unit "
                                                   "circle, as constructed")

# %%
# Area excess against the closed form
# -----------------------------------
from sknnmath.ballnet import (
    expected_polygon_accuracy,
    polygon_area_excess,
    polygon_area_excess_asymptotic,
    polytope_volume,
)
from sknnmath.plotting import AreaExcessDisplay

for (name, clf), n in zip(constructed.items(), depths):
    m = 2**n
    measured = polytope_volume(clf.facet_normals_, clf.facet_offsets_) - np.pi
    print(f"m = {m:3d}: area excess of the network's polygon {measured:.6f}, closed form "
          f"{polygon_area_excess(m):.6f}, pi^3/(3 m^2) = {polygon_area_excess_asymptotic(m):.6f}")
ms = 2 ** np.arange(2, 11)
AreaExcessDisplay(m=ms, circumscribed=polygon_area_excess(ms),
                  inscribed=polygon_area_excess(ms, kind="inscribed"),
                  asymptote=polygon_area_excess_asymptotic(ms)).plot()

# %%
# Accuracy: the construction against its exact expectation, then training
# ------------------------------------------------------------------------
# The default start is the polygon circumscribed about the minimum enclosing
# ball of the positive class; training moves only the first layer.
for n, clf in zip(depths, constructed.values()):
    print(f"n = {n}: constructed {clf.score(X_test, y_test):.4f} "
          f"(exact expectation 1 - |sym. diff.|/9 = {expected_polygon_accuracy(2**n):.4f})")
max_iter = 60 if quick else 300
trained = BallNetClassifier(depth=4, max_iter=max_iter, device="cpu", random_state=0).fit(X, y)
print(f"n = 4, trained from the default start: test accuracy {trained.score(X_test, y_test):.4f}")

# %%
# The collapse trap
# -----------------
# A start whose polygon contains the whole data box: the clipped output
# ``min(1, beta z)`` is saturated at every point, so no point sends a gradient
# and nothing moves.
trap = BallNetClassifier(depth=4, radius=2.2, center=[0.0, 0.0], max_iter=max_iter,
                         device="cpu", random_state=0).fit(X, y)
untouched = BallNetClassifier(**{**trap.get_params(), "max_iter": 0}).fit(X, y)
moved = np.abs(trap.facet_offsets_ - untouched.facet_offsets_) > 1e-3
print(f"start containing the box: test accuracy {trap.score(X_test, y_test):.4f}, "
      f"{moved.sum()}/{trap.n_facets_} facets moved")

from sknnmath.plotting import BallNetRegionDisplay

BallNetRegionDisplay.from_estimators(
    {"trained from the circumscribed start": trained,
     "trained from a start containing the data box": trap},
    X, y, X_test=X_test, y_test=y_test,
    title="Trained BallNets (m = 16 facets): the output z(x) and the region z > 0")
