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
# With many facets the construction is already better than 2000 points can
# resolve, and plain training ends worse than it (every facet's ramp sees a handful
# of points). ``restore_best=True`` (the default) holds out 10 % of the data and
# keeps the construction unless training beats it there by more than three points.
for n in ([5] if quick else [5, 6]):
    built = BallNetClassifier(depth=n, max_iter=0, device="cpu", random_state=0).fit(X, y)
    plain = BallNetClassifier(depth=n, max_iter=max_iter, restore_best=False, device="cpu",
                              random_state=0).fit(X, y)
    kept = BallNetClassifier(depth=n, max_iter=max_iter, device="cpu", random_state=0).fit(X, y)
    print(f"n = {n}: construction {built.score(X_test, y_test):.4f}, plain training "
          f"{plain.score(X_test, y_test):.4f}, restore_best {kept.score(X_test, y_test):.4f} "
          f"(kept epoch {kept.best_epoch_}; 0 is the construction)")

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

# %%
# Non-convex regions from sums and differences
# --------------------------------------------
# Document 000 (end of §3) leaves networks for mixed convex/concave regions open
# but expects sums and differences of its polytope networks to give them easily.
# :func:`~sknnmath.ballnet.polytope_combination` clips each BallNet output to an
# indicator with two ReLUs, adds them with signs and clips again: the outer
# polygon minus the inner one is an annulus, the sum of two overlapping discs
# their (non-convex) union.
from sknnmath.ballnet import polygon_area, polytope_combination


def piece(center, radius, n=6):
    return BallNetClassifier(depth=n, max_iter=0, center=center, radius=radius,
                             device="cpu").fit(X, y)


g = np.linspace(-1.5, 1.5, 201)
G = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
ring = polytope_combination([piece([0, 0], 1.0), piece([0, 0], 0.5)], X_test, signs=[1, -1])
rho = np.linalg.norm(X_test, axis=1)
print(f"annulus 0.5 < |x| < 1 (m = 64 per polygon): accuracy "
      f"{np.mean((ring > 0.5) == ((rho < 1) & (rho > 0.5))):.4f}; area "
      f"{np.mean(ring > 0.5) * 9:.4f} vs polygons {polygon_area(64, 1.0) - polygon_area(64, 0.5):.4f}"
      f" vs ring {np.pi * 0.75:.4f}")
outputs = {
    "annulus: outer minus inner BallNet": polytope_combination(
        [piece([0, 0], 1.0), piece([0, 0], 0.5)], G, signs=[1, -1]).reshape(len(g), len(g)),
    "union of two BallNets (non-convex)": polytope_combination(
        [piece([-0.5, 0], 0.7), piece([0.5, 0.3], 0.7)], G).reshape(len(g), len(g)),
}
from sknnmath.plotting import DecisionBoundaryDisplay, add_colorbar, set_labels, subplots

xx0, xx1 = np.meshgrid(g, g)
fig, axes = subplots(1, 2, width=4.6, height=4.0)
for a, (name, Z) in zip(axes.ravel(), outputs.items()):
    disp = DecisionBoundaryDisplay(xx0=xx0, xx1=xx1, n_classes=2, response=Z)
    disp.plot(ax=a, plot_method="pcolormesh", cmap="viridis", shading="auto")
    add_colorbar(disp.surface_, a, "combined output (1 = inside the region)")
    set_labels(a, "x₁", "x₂", name)
    a.set_aspect("equal")
fig.suptitle("Sums and differences of BallNets (m = 64 facets each)", fontsize=10)
