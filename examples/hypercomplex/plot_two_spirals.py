"""
Complex-valued networks on the two spirals (document 003, Nitta)
================================================================

Document 003 (Nitta, singularities and complex-valued networks) reports that a deep
real network *equivalent* to a deep complex-valued network has fewer singular points
(fewer plateaus and local minima), confirmed on the Two Spirals benchmark. Here four
families are trained on the canonical 194-point CMU set, many random seeds each,
all seeds of a family at once as one batched network (one engine call):

(a) a complex network 1-8-8-1 (input z = x + iy, output target 1 + i or 0);
(b) the same real-equivalent *structure* 2-16-16-2 trained as a real network;
(c) a real 2-12-12-1 network with about the same number of real parameters;
(d) a deeper real network 2-8-8-8-1.

A run succeeds when all 194 points are correct under Fahlman's 40-20-40 rule.
"""

# %%
# Training many seeds at once
# ---------------------------
import numpy as np
import pandas as pd

import sknnmath.base
from sknnmath.hypercomplex import plateau_mask, spiral_data, spiral_models, train_spiral_models

quick = sknnmath.base.is_quick()
n_seeds, epochs, window = (6, 150, 50) if quick else (100, 3000, 500)
X, y = spiral_data()
g = np.linspace(-7, 7, 41 if quick else 121)
xx, yy = np.meshgrid(g, g)
grid = np.column_stack([xx.ravel(), yy.ravel()])
runs, rows = {}, []
for model in spiral_models((8, 8)):
    r = train_spiral_models(model, n_seeds=n_seeds, max_epochs=epochs, learning_rate=0.02,
                            device="cpu", grid=grid)
    runs[model.label] = r
    first = r["first_success"]
    ok = np.isfinite(first)
    rows.append({"model": model.label, "real parameters": model.n_parameters,
                 "success rate": ok.mean(),
                 "median epochs to success": np.median(first[ok]) if ok.any() else np.nan,
                 "median final loss": np.median(r["final_loss"]),
                 "plateau share": plateau_mask(r["epochs"], r["loss"], r["solved"], window=window).mean(),
                 "seconds": round(r["seconds"], 1)})
print(pd.DataFrame(rows).to_string(index=False))

# %%
# Decision regions of a typical run and success curves
# ----------------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

from sknnmath.plotting import SpiralRegionsDisplay, SuccessCurveDisplay  # noqa: E402

fig, axes = plt.subplots(1, 4, figsize=(16, 4), layout="constrained")
for ax, (label, r) in zip(axes, runs.items()):
    SpiralRegionsDisplay(xx=xx, yy=yy, values=r["grid_output"].reshape(xx.shape), X=X, y=y,
                         title=label).plot(ax=ax)
curves = {label: r["solved"].cumsum(axis=0).astype(bool).mean(axis=1) for label, r in runs.items()}
SuccessCurveDisplay(epochs=runs[next(iter(runs))]["epochs"], curves=curves, n_runs=n_seeds).plot()

# %%
# The real-equivalent network is exact
# ------------------------------------
# A fitted ComplexMLPClassifier converts to a fitted real MLPClassifier whose weight
# matrices are the [[a, -b], [b, a]] blocks; their decision values agree to rounding.
from sknnmath.hypercomplex import ComplexMLPClassifier, complex_to_pairs  # noqa: E402

Z = (X[:, 0] + 1j * X[:, 1]).reshape(-1, 1)
clf = ComplexMLPClassifier(hidden_layer_sizes=(8, 8), learning_rate=0.02, max_iter=50 if quick else 500,
                           random_state=0, device="cpu").fit(Z, y)
real = clf.to_real_equivalent()
gap = np.abs(real.decision_function(complex_to_pairs(Z)) - clf.decision_function(Z)).max()
print(f"complex 1-8-8-1 vs its real equivalent {real.hidden_layer_sizes_}: max |difference| = {gap:.1e}")
