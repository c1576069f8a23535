"""
Critical lines of a split hidden unit (document 003, Nitta; Fukumizu & Amari)
=============================================================================

Document 003 (Nitta, singularities and complex-valued networks) starts from the
hierarchical structure of multilayer perceptrons: a network with H − 1 hidden
units sits inside the H-unit network in many ways. Splitting one unit into two
copies with output weights λv* and (1 − λ)v* gives a line γ_λ of parameters with
the same function; Fukumizu & Amari (2000) show that every point of the line is a
critical point when the smaller network is, and that it is a local minimum exactly
where λ(1 − λ)A is positive definite, with

    A = Σ_n (∂ℓ/∂f)_n v* φ''(w̃*·x̃_n) x̃_n x̃_nᵀ.

Below: a 1-unit tanh student trained on a 2-unit teacher and refined to an exact
critical point, split along γ_λ; and three data sets constructed so that A is
positive definite, negative definite and indefinite.
"""

# %%
# Finding and removing a planted redundancy
# -----------------------------------------
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

import sknnmath.base
from sknnmath.neural_network import MLPRegressor
from sknnmath.singularities import (
    critical_line,
    data_with_split_curvature,
    embed_unit,
    find_singularities,
    reduce_network,
    refine_critical_point,
)

quick = sknnmath.base.is_quick()
rng = np.random.default_rng(0)
X = rng.uniform(-2, 2, size=(60, 1))
y = np.tanh(2 * X[:, 0] - 1) + np.tanh(X[:, 0] + 1) + 0.05 * rng.normal(size=60)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    student = MLPRegressor((1,), activation="tanh", max_iter=400, learning_rate=0.05,
                           device="cpu", random_state=0).fit(X, y)
student, grad = refine_critical_point(student, X, y)
print(f"gradient norm at the refined critical point: {grad:.1e}")

big = embed_unit(student, layer=0, unit=0, kind="split", lam=0.3)
print(find_singularities(big))
small, merged = reduce_network(big)
print("reduction error:", np.abs(small.predict(X) - student.predict(X)).max())

# %%
# Hessian along the line
# ----------------------
lam = np.linspace(-1, 2, 13 if quick else 61)
lam = lam[(np.abs(lam) > 1e-9) & (np.abs(lam - 1) > 1e-9)]
table, info = critical_line(student, X, y, lam)
print(f"A is {info['A_sign']}; classes agree with the condition at "
      f"{table['agree'].mean():.0%} of λ; max relative gradient {table['relative_grad'].max():.1e}")

# %%
# Constructed cases: A definite of either sign, and indefinite
# ------------------------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

from sknnmath.plotting import CriticalLineDisplay, subplots  # noqa: E402

fig, axes = subplots(1, 4, width=4.6, height=3.6)
CriticalLineDisplay(lam=table["lam"], min_eig=table["min_eig"], hessian_class=table["hessian_class"],
                    theory_class=table["theory_class"], title="trained student").plot(ax=axes[0, 0])
for ax, (title, A) in zip(axes[0, 1:], [("A positive definite", 1e-2 * np.eye(2)),
                                        ("A negative definite", -1e-2 * np.eye(2)),
                                        ("A indefinite", 1e-2 * np.diag([1.0, -1.0]))]):
    yc = data_with_split_curvature(student, X, A)
    t, _ = critical_line(student, X, yc, lam)
    CriticalLineDisplay(lam=t["lam"], min_eig=t["min_eig"], hessian_class=t["hessian_class"],
                        theory_class=t["theory_class"], title=title).plot(ax=ax)
fig.suptitle("Smallest Hessian eigenvalue along γ_λ (document 003, Nitta; Fukumizu & Amari)")
plt.show()
