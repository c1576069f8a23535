"""Reproduction ``mlp-iris``: document 002's hands-on on the iris data."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from ..callbacks import HeldOutLoss
from ..reproduce import ReproductionResult, progress, register
from ._mlp import MLPClassifier

CONFIGS = [
    ("squared error (softmax)", "squared_error", "sgd", 0.5),
    ("squared error (softmax)", "squared_error", "adam", 0.01),
    ("cross-entropy", "cross_entropy", "sgd", 0.1),
    ("cross-entropy", "cross_entropy", "adam", 0.01),
]


@register("mlp-iris", document="002",
          description="iris, one-hot targets: squared error on softmax vs cross-entropy, SGD vs Adam")
def mlp_iris(quick=False, device="auto", random_state=0):
    """Train a 4-16-3 network on iris with each loss and optimiser; curves and accuracy table.

    Document 002 (Tomiya) trains on one-hot targets through a softmax output with
    the squared error, then introduces the cross-entropy and the optimisers SGD,
    Momentum, RMSprop and Adam. Each configuration is trained on the same
    60/20/20 stratified split with mini-batches of 16 for several seeds.
    """
    import matplotlib.pyplot as plt

    n_seeds = 1 if quick else 10
    epochs = 100 if quick else 600
    batch_size = 32 if quick else 16
    X, y = load_iris(return_X_y=True)
    rows, curves = [], {}
    for (label, loss, solver, lr) in progress(CONFIGS, desc="mlp-iris"):
        accs = {"train": [], "validation": [], "test": []}
        final_tr, final_va = [], []
        for seed in range(n_seeds):
            rs = random_state + seed
            X_tmp, X_te, y_tmp, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=rs)
            X_tr, X_va, y_tr, y_va = train_test_split(X_tmp, y_tmp, test_size=0.25, stratify=y_tmp,
                                                      random_state=rs)
            sc = StandardScaler().fit(X_tr)
            X_tr, X_va, X_te = sc.transform(X_tr), sc.transform(X_va), sc.transform(X_te)
            held = HeldOutLoss(X_va, y_va)  # classes are 0, 1, 2: indices equal labels
            clf = MLPClassifier(hidden_layer_sizes=(16,), activation="relu", loss=loss, solver=solver,
                                learning_rate=lr, batch_size=batch_size, max_iter=epochs, random_state=rs,
                                # a fixed number of epochs: patience = max_iter disables the tol stop
                                n_iter_no_change=epochs, device=device, callbacks=[held]).fit(X_tr, y_tr)
            fitted_held = held  # the callback object was used (not cloned) by this fit
            accs["train"].append(clf.score(X_tr, y_tr))
            accs["validation"].append(clf.score(X_va, y_va))
            accs["test"].append(clf.score(X_te, y_te))
            final_tr.append(clf.loss_curve_[-1])
            final_va.append(fitted_held.curve[-1])
            if seed == 0:
                curves[(label, solver)] = (clf.loss_curve_, list(fitted_held.curve))
        rows.append({
            "loss": label, "optimizer": solver, "learning rate": lr, "epochs": epochs,
            "batch size": batch_size, "seeds": n_seeds,
            "train acc": float(np.mean(accs["train"])),
            "validation acc": float(np.mean(accs["validation"])),
            "test acc": float(np.mean(accs["test"])),
            "test acc std": float(np.std(accs["test"])),
            "final train loss": float(np.mean(final_tr)),
            "final validation loss": float(np.mean(final_va)),
        })

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, lossname in zip(axes, ["squared error (softmax)", "cross-entropy"]):
        for solver, color in [("sgd", "tab:blue"), ("adam", "tab:red")]:
            tr, va = curves[(lossname, solver)]
            ax.plot(tr, color=color, label=f"{solver} train")
            ax.plot(va, color=color, ls="--", label=f"{solver} validation")
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.set_title(f"iris, {lossname}")
        ax.legend()
    fig.tight_layout()

    by = {(r["loss"], r["optimizer"]): r for r in rows}
    summary = []
    for lossname in ["squared error (softmax)", "cross-entropy"]:
        s, a = by[(lossname, "sgd")], by[(lossname, "adam")]
        summary.append(
            f"With the {lossname}, Adam reaches {a['test acc']:.3f} mean test accuracy and SGD "
            f"{s['test acc']:.3f} after {epochs} epochs ({n_seeds} seeds)."
        )
    best = max(rows, key=lambda r: (r["test acc"], -r["test acc std"]))
    summary.append(
        f"Best configuration: {best['loss']} with {best['optimizer']} "
        f"({best['test acc']:.3f} ± {best['test acc std']:.3f} test accuracy). Loss values of the two "
        "criteria are on different scales; compare accuracies across criteria, curves within one."
    )
    return ReproductionResult(tables={"test accuracy": rows}, figures={"loss_curves": fig},
                              summary=summary,
                              metrics={"best": f"{best['loss']} / {best['optimizer']}"})
