"""
Plateaus near hierarchical singularities, a forced escape, and complex students (document 003, Nitta)
=====================================================================================================

Document 003 (Nitta, singularities and complex-valued networks) says that the
hierarchical singularities of multilayer perceptrons — a zero output weight, a
zero input weight vector, two units that duplicate each other — make learning
stall on plateaus, and proposes two remedies: a learning rule that forcibly
leaves the neighbourhood of a singularity, and network structures with fewer
of them; Nitta (2013) shows that most critical points of complex-valued
networks are saddles, not local minima.

Student–teacher regression tests this with many seeds at once. The teacher is
the real part of a complex split-tanh network 1-2-1 (a real tanh 2-4-1 network
with paired weights), so every student below contains it. Students:

* a real 2-4-1 tanh MLP,
* the same with :class:`~sknnmath.callbacks.SingularityEscape` — our
  realisation of "forcibly leave the neighbourhood" (not Nitta's exact
  algorithm): when two units come within ``tol`` of duplicating each other, or
  a unit's input or output weights within ``tol`` of zero, they are pushed apart,
* a complex 1-2-1 split-tanh MLP predicting Re f (14 real parameters vs 17).

Each starts from He initialisation and near a hierarchical singularity of its
own model: a network with one unit fewer is trained, one unit is split in two
copies with output weights v/2, v/2 (the Fukumizu–Amari line γ_½, the same
function) and the copy is perturbed by 10⁻³. All seeds of a configuration are
ONE batched network trained by one engine call (full-batch gradient descent).

Plateau detector: an epoch is on a plateau when it lies in a window of ``window``
epochs whose loss range is at most ``rtol`` times the window's minimum, while
the loss stays above 1.5 × the teacher's own loss on the sample (the noise
level).
"""

# %%
# Data and the many-seed training runs
# ------------------------------------
import numpy as np
import pandas as pd

import sknnmath.base
from sknnmath.callbacks import SingularityEscape
from sknnmath.singularities import detect_plateaus, make_teacher_data, train_students

quick = sknnmath.base.is_quick()
n_seeds, epochs, window = (8, 100, 20) if quick else (200, 2000, 100)
data = make_teacher_data(n_samples=60 if quick else 100, noise=0.05, random_state=0)
level = 1.5 * data["teacher_loss"]
print(f"teacher's loss on the sample (noise level): {data['teacher_loss']:.2e}")

students = {"real 2-4-1": ("real", 4, False), "real 2-4-1 + escape": ("real", 4, True),
            "complex 1-2-1": ("complex", 2, False)}
rows, curves, times = [], {}, {}
for start in ("near_singular", "standard"):
    for name, (family, hidden, escape) in students.items():
        cb = SingularityEscape("tanh", tol=0.05, step=0.5, check_every=10, random_state=1) if escape else None
        run = train_students(family, data["X"], data["y"], hidden, n_seeds, epochs=epochs,
                             learning_rate=0.3, start=start, escape=cb, random_state=1)
        L = run["loss"]  # (epochs + 1, n_seeds)
        on_plateau = detect_plateaus(L, window=window, rtol=0.01, level=level)
        t = on_plateau.sum(axis=0)
        key = f"{name}, {start.replace('_', '-')} start"
        curves[key] = (L[:, :8].T, on_plateau[:, :8].T)
        times[key] = t
        rows.append({"student": name, "start": start, "plateau epochs median": np.median(t),
                     "q25": np.quantile(t, 0.25), "q75": np.quantile(t, 0.75),
                     "final loss median": np.median(L[-1]), "share above noise": np.mean(L[-1] > level)})
table = pd.DataFrame(rows)
print(table.to_string(index=False, float_format="%.3g"))

# %%
# Loss curves with the plateaus marked
# ------------------------------------
from sknnmath.plotting import PlateauCurvesDisplay, PlateauTimeDisplay, subplots  # noqa: E402

fig, axes = subplots(2, 3, width=4.2, height=3.4, sharey=True)
for i, (key, (L, mask)) in enumerate(curves.items()):
    ax = axes[i // 3, i % 3]
    PlateauCurvesDisplay(epochs=np.arange(epochs + 1), curves=L, masks=mask,
                         noise_level=data["teacher_loss"], level=level,
                         title=key).plot(ax=ax, legend=(i == 2))
fig.suptitle("Student-teacher regression (document 003): plateaus in red")

# %%
# Time spent on plateaus
# ----------------------
PlateauTimeDisplay(times=times, total_epochs=epochs, title="Epochs on plateaus per run").plot()
