"""
Planar transformations learned by hypercomplex networks (document 003, Nitta)
=============================================================================

Document 003 (Nitta, singularities and complex-valued networks) lists abilities
of hypercomplex neurons: complex networks learn 2-D similarity maps, dual-number
networks generalise shear, split hyperbolic networks learn hyperbolic rotation,
and fully augmented complex networks (inputs z and its conjugate) reach maps that
ordinary complex networks cannot. Each network below learns a planar map from 12
point pairs on a small square and is tested on unseen shapes (a circle, a star, a
triangle); the number is the relative error on those shapes.
"""

# %%
# Fitting every network to every map
# ----------------------------------
import numpy as np
import pandas as pd

import sknnmath.base
from sknnmath.hypercomplex import TRANSFORMATIONS, ComplexMLPRegressor, shapes, transformation_models

quick = sknnmath.base.is_quick()
epochs = 60 if quick else 1000
maps = (["similarity (0.7, rotation 45 deg)", "shear (y + 0.6 x)"] if quick else list(TRANSFORMATIONS))
models = transformation_models()
train, tests = shapes()


def encode(P, kind):
    z = P[:, 0] + 1j * P[:, 1]
    return np.column_stack([z, np.conj(z)]) if kind == "augmented" else P


def decode(Y, kind):
    return np.column_stack([Y.real, Y.imag]) if kind == "augmented" else Y


errors, star = {}, {}
for tname in maps:
    T = TRANSFORMATIONS[tname]
    Ytr = T(train)
    for label, (kw, kind) in models.items():
        target = Ytr[:, 0] + 1j * Ytr[:, 1] if kind == "augmented" else Ytr
        reg = ComplexMLPRegressor(**kw, max_iter=epochs, learning_rate=0.02, random_state=0,
                                  device="cpu").fit(encode(train, kind), target)
        err = [np.linalg.norm(decode(reg.predict(encode(P, kind)), kind) - T(P), axis=1) for P in tests.values()]
        norm = [np.linalg.norm(T(P), axis=1) for P in tests.values()]
        errors[(label, tname)] = np.concatenate(err).mean() / np.concatenate(norm).mean()
        star[(label, tname)] = decode(reg.predict(encode(tests["star"], kind)), kind)
table = pd.Series(errors).unstack()
print(table.round(3).to_string())

# %%
# The unseen star and its images
# ------------------------------
import matplotlib.pyplot as plt  # noqa: E402

from sknnmath.plotting import TransformationDisplay  # noqa: E402

fig, axes = plt.subplots(1, len(maps), figsize=(4.6 * len(maps), 5.2), layout="constrained")
for ax, tname in zip(np.atleast_1d(axes), maps):
    T = TRANSFORMATIONS[tname]
    TransformationDisplay(train_in=train, train_out=T(train), test_in=tests["star"],
                          test_true=T(tests["star"]),
                          predictions={m: star[(m, tname)] for m in models}, title=tname).plot(ax=ax)
