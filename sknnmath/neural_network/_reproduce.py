"""Reproduction ``mlp-iris``: document 002's hands-on on the iris data, revisited.

Many seeds are trained at once: every (loss, optimiser) configuration trains
``S`` networks — one per seed, each on its own stratified split — as one
batched module (``build_mlp(..., n_models=S)``) in one engine call.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import torch
from skorch.callbacks import Callback
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch import nn

from .._engine import train
from .._layers import build_mlp, get_loss, squared_error
from ..reproduce import ReproductionResult, parallel_map, register, spawn_seeds

# (loss label, loss, optimiser label, solver, learning rate): rates chosen once by hand so
# that every optimiser converges on the training set within the epoch budget
CONFIGS = [
    ("squared error (softmax)", "squared_error", "SGD", "sgd", 0.5),
    ("squared error (softmax)", "squared_error", "Momentum", "momentum", 0.05),
    ("squared error (softmax)", "squared_error", "RMSprop", "rmsprop", 0.002),
    ("squared error (softmax)", "squared_error", "Adam", "adam", 0.003),
    ("cross-entropy", "cross_entropy", "SGD", "sgd", 0.1),
    ("cross-entropy", "cross_entropy", "Momentum", "momentum", 0.01),
    ("cross-entropy", "cross_entropy", "RMSprop", "rmsprop", 0.002),
    ("cross-entropy", "cross_entropy", "Adam", "adam", 0.003),
]


def iris_splits(n_train, n_seeds, random_state):
    """One stratified train/validation/test split of iris per seed, stacked for batched models.

    Parameters
    ----------
    n_train : int
        Training samples per seed (the rest is halved into validation and test).
    n_seeds : int
        Number of splits.
    random_state : int
        Seed of the reproduction.

    Returns
    -------
    dict of str to torch.Tensor
        ``X_train`` (S, n_train, 4) standardised on each seed's training part,
        ``y_train`` (S, n_train), and the same for ``validation`` and ``test``.
    """
    X, y = load_iris(return_X_y=True)
    parts = {k: [] for k in ("X_train", "y_train", "X_validation", "y_validation", "X_test", "y_test")}
    for seed in spawn_seeds(random_state, n_seeds):
        X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, train_size=n_train, stratify=y,
                                                      random_state=seed)
        X_va, X_te, y_va, y_te = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest,
                                                  random_state=seed)
        sc = StandardScaler().fit(X_tr)
        for name, a in (("X_train", sc.transform(X_tr)), ("y_train", y_tr),
                        ("X_validation", sc.transform(X_va)), ("y_validation", y_va),
                        ("X_test", sc.transform(X_te)), ("y_test", y_te)):
            parts[name].append(a)
    return {k: torch.as_tensor(np.stack(v), dtype=torch.float32 if k[0] == "X" else torch.long)
            for k, v in parts.items()}


class _SampleMajor(nn.Module):
    """Batched networks fed (n, S, d): the engine slices mini-batches along the samples (dim 0)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x.transpose(0, 1))


def _per_model_loss(loss, out, y):
    """(S,) losses of the S models: ``out`` (S, n, 3), ``y`` (S, n) class indices."""
    if loss == "cross_entropy":
        S, n, C = out.shape
        return nn.functional.cross_entropy(out.reshape(S * n, C), y.reshape(-1),
                                           reduction="none").view(S, n).mean(dim=1)
    p = torch.softmax(out, dim=-1)
    onehot = nn.functional.one_hot(y, out.shape[-1]).to(p.dtype)
    return 0.5 * (p - onehot).pow(2).sum(dim=-1).mean(dim=1)


def _training_loss(loss):
    """The engine criterion: the sum over models of each model's mean loss on its mini-batch."""
    ce = get_loss("cross_entropy")

    def criterion(out, y):  # out (S, b, 3); y (b, S) in the sample-major layout
        yy = y.transpose(0, 1)
        if loss == "cross_entropy":
            return ce(out, yy)
        onehot = nn.functional.one_hot(yy, out.shape[-1]).to(out.dtype)
        return squared_error(torch.softmax(out, dim=-1), onehot)

    return criterion


class _PerModelMonitor(Callback):
    """Each epoch: every model's training, validation and test loss and accuracy."""

    def __init__(self, data, loss):
        self.data, self.loss = data, loss

    def initialize(self):
        self.rows = {k: [] for k in ("train loss", "validation loss", "train acc",
                                     "validation acc", "test acc")}
        return self

    def on_epoch_end(self, net, **kwargs):
        module = net.module_.net
        with torch.no_grad():
            for part in ("train", "validation", "test"):
                out = module(self.data[f"X_{part}"])
                y = self.data[f"y_{part}"]
                acc = (out.argmax(-1) == y).double().mean(dim=1).numpy()
                self.rows[f"{part} acc"].append(acc)
                if part != "test":
                    self.rows[f"{part} loss"].append(_per_model_loss(self.loss, out, y).double().numpy())


def _train_config(config, *, data, hidden, epochs, batch_size, seed):
    """Train all seeds of one (loss, optimiser) configuration at once."""
    loss_label, loss, opt_label, solver, lr = config
    S = data["X_train"].shape[0]
    gens = [torch.Generator().manual_seed(int(s)) for s in spawn_seeds(seed, S)]
    net = build_mlp(4, hidden, 3, activation="relu", generator=gens, n_models=S)
    monitor = _PerModelMonitor(data, loss)
    train(_SampleMajor(net), data["X_train"].transpose(0, 1).contiguous(),
          data["y_train"].transpose(0, 1).contiguous(), loss=_training_loss(loss), solver=solver,
          learning_rate=lr, max_iter=epochs, batch_size=batch_size,
          generator=torch.Generator().manual_seed(int(seed)), callbacks=[monitor])
    return {k: np.stack(v, axis=1) for k, v in monitor.rows.items()}  # (S, epochs)


def mlp_iris_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Iris with few training samples and a wide network: losses × optimisers × many seeds.

    Document 002 (Tomiya) trains on one-hot targets through a softmax output
    with the squared error, introduces the cross-entropy and the optimisers SGD,
    Momentum, RMSprop and Adam, and tells the reader to watch the validation
    loss for overfitting. With 30 training flowers and a 4-64-64-3 ReLU network
    the training loss goes to zero while the validation loss turns up: the
    overfitting the document warns about. Each configuration trains all seeds
    (own split, own initialisation) at once as batched networks; training runs
    on the CPU (tiny networks; ``device`` is accepted for the common signature).
    """
    n_seeds = 4 if quick else 20
    epochs = 40 if quick else 200
    n_train, hidden, batch_size = 30, (64, 64), 15
    data = iris_splits(n_train, n_seeds, random_state)
    seeds = spawn_seeds(random_state + 1, len(CONFIGS))
    runs = parallel_map(
        partial(_run_config_item, data=data, hidden=hidden, epochs=epochs, batch_size=batch_size),
        list(zip(CONFIGS, seeds)), n_jobs=n_jobs,
        desc=f"training {len(CONFIGS)} configurations x {n_seeds} seeds (batched)")
    rows, data_out = [], {}
    for (loss_label, loss, opt_label, solver, lr), r in zip(CONFIGS, runs):
        best = np.argmin(r["validation loss"], axis=1)  # early stopping's epoch, per seed
        idx = np.arange(n_seeds)
        rows.append({
            "loss": loss_label, "optimizer": opt_label, "learning rate": lr, "seeds": n_seeds,
            "epochs": epochs, "train acc": float(np.mean(r["train acc"][:, -1])),
            "test acc (last epoch)": float(np.mean(r["test acc"][:, -1])),
            "test acc std": float(np.std(r["test acc"][:, -1])),
            "early-stopping epoch (median)": float(np.median(best + 1)),
            "test acc (early stopping)": float(np.mean(r["test acc"][idx, best])),
            "final train loss": float(np.mean(r["train loss"][:, -1])),
            "min validation loss": float(np.mean(r["validation loss"][idx, best])),
            "final validation loss": float(np.mean(r["validation loss"][:, -1])),
            "overfitting: final / min validation loss": float(np.median(
                r["validation loss"][:, -1] / r["validation loss"][idx, best])),
        })
        key = f"{loss_label} / {opt_label}"
        data_out[key] = {"train": r["train loss"], "validation": r["validation loss"],
                         "best epoch": float(np.median(best + 1))}
    table = pd.DataFrame(rows)
    data = {}
    for loss_label in dict.fromkeys(c[0] for c in CONFIGS):
        curves, markers = {}, {}
        for i, opt_label in enumerate(dict.fromkeys(c[2] for c in CONFIGS)):
            d = data_out[f"{loss_label} / {opt_label}"]
            curves[f"{opt_label} train"] = {"y": d["train"], "style": {"color": f"C{i}"}, "band": False}
            curves[f"{opt_label} validation"] = {"y": d["validation"],
                                                 "style": {"color": f"C{i}", "ls": "--"}}
            med = np.median(d["validation"], axis=0)
            e = int(np.argmin(med))
            markers[f"{opt_label}: early stopping (validation minimum)"] = (e + 1, float(med[e]), f"C{i}")
        data[f"curves {loss_label}"] = {
            "curves": curves, "markers": markers, "xlabel": "epoch",
            "ylabel": f"{loss_label} loss (median over {n_seeds} seeds)", "yscale": "log",
            "integer_x": True,
            "plot": {"title": f"iris, {n_train} training flowers, {loss_label}:\n"
                              "training (solid) vs validation (dashed, 10-90% band)"},
        }
    settings = {"seeds": n_seeds, "epochs": epochs, "training samples": n_train,
                "validation samples": (150 - n_train) // 2, "test samples": (150 - n_train) // 2,
                "hidden layers": hidden, "activation": "relu", "mini-batch size": batch_size,
                "quick": quick}
    return ReproductionResult(settings=settings, tables={"iris": table}, data=data,
                              metrics={"best": table.loc[table["test acc (early stopping)"].idxmax(),
                                                         ["loss", "optimizer"]].str.cat(sep=" / ")})


def _run_config_item(item, *, data, hidden, epochs, batch_size):
    config, seed = item
    return _train_config(config, data=data, hidden=hidden, epochs=epochs, batch_size=batch_size,
                         seed=seed)


def mlp_iris_display(result):
    """Training and validation curves per loss, all four optimisers, seed medians and bands."""
    from ..plotting import CurvesDisplay, subplots

    keys = [k for k in result.data if k.startswith("curves ")]
    fig, axes = subplots(1, len(keys), width=6.0, height=4.2)
    for ax, key in zip(axes[0], keys):
        CurvesDisplay.from_results(result, key, ax=ax, legend_where="below")
    return {"loss_curves": fig}


def mlp_iris_summary(result):
    """Conclusions from the table."""
    t = result.tables["iris"]
    s = result.settings
    out = []
    for loss_label, sub in t.groupby("loss", sort=False):
        best = sub.loc[sub["test acc (early stopping)"].idxmax()]
        worst_gap = sub.loc[sub["overfitting: final / min validation loss"].idxmax()]
        out.append(
            f"{loss_label}: training accuracy {sub['train acc'].min():.3f}–{sub['train acc'].max():.3f} "
            f"after {s['epochs']} epochs; the validation loss ends {worst_gap['overfitting: final / min validation loss']:.2f}x "
            f"above its minimum with {worst_gap['optimizer']} (overfitting on {s['training samples']} flowers); "
            f"best test accuracy {best['test acc (early stopping)']:.3f} with {best['optimizer']} at the "
            "early-stopping epoch.")
    es, last = t["test acc (early stopping)"].mean(), t["test acc (last epoch)"].mean()
    out.append(f"Stopping at the validation minimum gives {es:.3f} mean test accuracy vs {last:.3f} after "
               f"the last epoch ({s['seeds']} seeds per configuration, trained at once as batched networks).")
    return out


register("mlp-iris", document="002",
         description="iris with few training samples: squared error vs cross-entropy, SGD, Momentum, "
                     "RMSprop, Adam; overfitting in the validation curves; many seeds at once",
         display=mlp_iris_display, summary=mlp_iris_summary)(mlp_iris_compute)


# the training-dynamics reproductions of document 002 (discovered through this module)
from . import _reproduce_optimizers, _reproduce_regularization, _reproduce_vanishing  # noqa: E402,F401
