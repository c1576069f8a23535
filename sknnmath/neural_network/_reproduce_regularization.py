"""Reproduction ``regularization``: document 002 §II.B.5 and §II.B.8 — overfitting on a small
noisy training set, cured by the L1/L2 penalties of eqs. (34)–(35) or by early stopping."""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pandas as pd
import torch
from skorch.callbacks import Callback
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, validation_curve

from .._engine import train
from .._layers import build_mlp, weight_parameters
from ..reproduce import ReproductionResult, parallel_map, register, spawn_seeds, stage
from ._mlp import MLPRegressor
from ._reproduce import _SampleMajor


def noisy_sine(n_samples, noise=0.3, random_state=0):
    """x uniform on [0, 1], y = sin(2πx) + N(0, noise²): a small noisy regression set.

    Parameters
    ----------
    n_samples : int
        Number of points.
    noise : float, default=0.3
        Noise standard deviation.
    random_state : int
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)
    """
    rng = np.random.default_rng(random_state)
    x = rng.uniform(0, 1, n_samples)
    return x.reshape(-1, 1), np.sin(2 * np.pi * x) + noise * rng.standard_normal(n_samples)


def _stack(n_train, n_val, n_test, n_seeds, noise, random_state):
    parts = {k: [] for k in ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")}
    for seed in spawn_seeds(random_state, n_seeds):
        X, y = noisy_sine(n_train + n_val + n_test, noise, seed)
        cut = [n_train, n_train + n_val]
        for name, a in zip(("train", "val", "test"), np.split(np.arange(X.shape[0]), cut)):
            parts[f"X_{name}"].append(X[a])
            parts[f"y_{name}"].append(y[a].reshape(-1, 1))
    return {k: torch.as_tensor(np.stack(v), dtype=torch.float32) for k, v in parts.items()}


class _Curves(Callback):
    """Per-model training/validation/test mean squared errors after every epoch."""

    def __init__(self, data):
        self.data = data

    def initialize(self):
        self.rows = {"train": [], "validation": [], "test": []}
        return self

    def on_epoch_end(self, net, **kwargs):
        module = net.module_.net
        with torch.no_grad():
            for part, key in (("train", "train"), ("validation", "val"), ("test", "test")):
                err = (module(self.data[f"X_{key}"]) - self.data[f"y_{key}"]).pow(2).mean(dim=(1, 2))
                self.rows[part].append(err.double().numpy())


def _train_setting(item, *, data, hidden, epochs, learning_rate):
    """All seeds of one penalty setting at once; per-model curves and final weights."""
    label, alpha_l2, alpha_l1, seed = item
    S = data["X_train"].shape[0]
    gens = [torch.Generator().manual_seed(int(s)) for s in spawn_seeds(seed, S)]
    net = build_mlp(1, hidden, 1, activation="tanh", init="glorot", generator=gens, n_models=S)
    mon = _Curves(data)
    train(_SampleMajor(net), data["X_train"].transpose(0, 1).contiguous(),
          data["y_train"].transpose(0, 1).contiguous(),
          loss=lambda out, y: 0.5 * (out - y.transpose(0, 1)).pow(2).sum(dim=2).mean(dim=1).sum(),
          solver="adam", learning_rate=learning_rate, max_iter=epochs, alpha_l2=alpha_l2,
          alpha_l1=alpha_l1, generator=torch.Generator().manual_seed(int(seed)), callbacks=[mon])
    weights = [p.detach().double().numpy() for _, p in weight_parameters(net)]
    return {"label": label, "alpha_l2": alpha_l2, "alpha_l1": alpha_l1,
            "curves": {k: np.stack(v, axis=1) for k, v in mon.rows.items()},  # (S, epochs)
            "weights_first": np.concatenate([w[0].ravel() for w in weights]),
            "weight_norm": np.sqrt(sum((w ** 2).sum(axis=(1, 2)) for w in weights))}


def regularization_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Overfitting of a wide tanh network on 20 noisy points, and what L2, L1 and early stopping do.

    ``validation_curve`` (scikit-learn) chooses ``alpha_l2`` and ``alpha_l1`` by
    cross-validation on one training set; then every setting (no penalty, the
    chosen L2, the chosen L1) trains ``S`` seeds — each its own noisy data set
    and initialisation — at once as batched networks, recording training,
    validation and test errors each epoch. Early stopping takes, per seed, the
    epoch of the smallest validation error of the unpenalised network.
    """
    n_seeds = 4 if quick else 20
    epochs = 150 if quick else 1000
    n_train, n_val, n_test = 20, 100, 500
    hidden = (64, 64) if quick else (128, 128)
    lr, noise = 0.01, 0.3
    alphas = np.array([1e-5, 1e-3, 1e-1] if quick else [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
    X0, y0 = noisy_sine(n_train, noise, random_state)
    base = MLPRegressor(hidden_layer_sizes=hidden, activation="tanh", init="glorot", solver="adam",
                        learning_rate=lr, max_iter=epochs // 2 if not quick else epochs, tol=0.0,
                        # a fixed epoch budget: patience = max_iter disables the tol stop
                        n_iter_no_change=epochs // 2 if not quick else epochs,
                        random_state=random_state, device="cpu")
    cv = KFold(3, shuffle=True, random_state=random_state)
    vc = {}
    for name in ("alpha_l2", "alpha_l1"):
        with stage(f"validation_curve over {name} ({len(alphas)} values x 3 folds)"), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # fixed epoch budget by design
            tr, te = validation_curve(base, X0, y0, param_name=name, param_range=alphas, cv=cv,
                                      scoring="neg_mean_squared_error", n_jobs=n_jobs)
        vc[name] = {"train": -tr, "test": -te, "best": float(alphas[int(np.argmin(-te.mean(axis=1)))])}
    data = _stack(n_train, n_val, n_test, n_seeds, noise, random_state + 1)
    settings_items = [("no penalty", 0.0, 0.0), (f"L2, alpha = {vc['alpha_l2']['best']:g}",
                                                  vc["alpha_l2"]["best"], 0.0),
                      (f"L1, alpha = {vc['alpha_l1']['best']:g}", 0.0, vc["alpha_l1"]["best"])]
    seeds = spawn_seeds(random_state + 2, len(settings_items))
    runs = parallel_map(partial(_train_setting, data=data, hidden=hidden, epochs=epochs,
                                learning_rate=lr),
                        [(*s, seed) for s, seed in zip(settings_items, seeds)], n_jobs=n_jobs,
                        desc=f"training 3 penalty settings x {n_seeds} seeds (batched)")
    free = runs[0]["curves"]
    stop = np.argmin(free["validation"], axis=1)
    idx = np.arange(n_seeds)
    rows = []
    for r in runs:
        c = r["curves"]
        rows.append({"setting": r["label"], "test MSE": float(np.mean(c["test"][:, -1])),
                     "test MSE std": float(np.std(c["test"][:, -1])),
                     "train MSE": float(np.mean(c["train"][:, -1])),
                     "||W|| (median)": float(np.median(r["weight_norm"])),
                     "weights with |w| <= 1e-3 (first network)": int(np.sum(np.abs(r["weights_first"]) <= 1e-3)),
                     "weights per network": int(r["weights_first"].size)})
    rows.append({"setting": "early stopping (no penalty)",
                 "test MSE": float(np.mean(free["test"][idx, stop])),
                 "test MSE std": float(np.std(free["test"][idx, stop])),
                 "train MSE": float(np.mean(free["train"][idx, stop])),
                 "||W|| (median)": np.nan, "weights with |w| <= 1e-3 (first network)": np.nan,
                 "weights per network": int(runs[0]["weights_first"].size)})
    table = pd.DataFrame(rows)
    vc_table = pd.DataFrame([{"alpha": a, **{f"{name} CV MSE": float(vc[name]["test"][i].mean())
                                             for name in vc}} for i, a in enumerate(alphas)])
    med_val = np.median(free["validation"], axis=0)
    e = int(np.argmin(med_val))
    data_out = {
        "curves": {
            "curves": {
                "no penalty, train": {"y": free["train"], "style": {"color": "C0"}, "band": False},
                "no penalty, validation": {"y": free["validation"], "style": {"color": "C0", "ls": "--"}},
                f"{runs[1]['label']}, validation": {"y": runs[1]["curves"]["validation"],
                                                    "style": {"color": "C1", "ls": "--"}},
                f"{runs[2]['label']}, validation": {"y": runs[2]["curves"]["validation"],
                                                    "style": {"color": "C2", "ls": "--"}},
                "noise variance sigma^2": {"x": [1, epochs], "y": [noise ** 2] * 2,
                                           "style": {"color": "grey", "ls": ":"}},
            },
            "markers": {"early stopping (validation minimum)": (e + 1, float(med_val[e]), "C0")},
            "xlabel": "epoch", "ylabel": f"mean squared error (median over {n_seeds} seeds)",
            "yscale": "log", "xscale": "log",
            "plot": {"title": f"{n_train} noisy points, a {hidden[0]}x{hidden[1]} tanh network:\n"
                              "training error falls, validation error turns up"},
        },
        "validation curves": {name: {"param_range": alphas, "train_scores": vc[name]["train"],
                                     "test_scores": vc[name]["test"]} for name in vc},
        "weights": {"weights": {r["label"]: r["weights_first"] for r in runs},
                    "plot": {"title": "trained weights of the first network of each batch"}},
    }
    settings = {"training samples": n_train, "validation samples": n_val, "test samples": n_test,
                "noise sigma": noise, "hidden layers": hidden, "epochs": epochs,
                "optimizer": "Adam (full batch)", "learning rate": lr, "seeds": n_seeds,
                "alpha grid": alphas.tolist(), "quick": quick}
    metrics = {"best_alpha_l2": vc["alpha_l2"]["best"], "best_alpha_l1": vc["alpha_l1"]["best"],
               "early_stopping_epoch_median": float(np.median(stop + 1))}
    return ReproductionResult(settings=settings,
                              tables={"test scores": table, "validation curve": vc_table},
                              data=data_out, metrics=metrics)


def regularization_display(result):
    """Curves with the early-stopping epoch; validation curves over alpha; weight histograms."""
    from ..plotting import CurvesDisplay, ValidationCurveDisplay, WeightHistogramDisplay, subplots

    fig, axes = subplots(1, 2, width=6.0, height=4.2)
    CurvesDisplay.from_results(result, "curves", ax=axes[0, 0], legend_where="below")
    WeightHistogramDisplay.from_results(result, "weights", ax=axes[0, 1], legend_where="below")
    fig2, axes2 = subplots(1, 2, width=5.2, height=4.0)
    for ax, (name, vc) in zip(axes2[0], result.data["validation curves"].items()):
        disp = ValidationCurveDisplay(param_name=name, param_range=vc["param_range"],
                                      train_scores=vc["train_scores"], test_scores=vc["test_scores"],
                                      score_name="mean squared error")
        disp.plot(ax=ax)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"{name} (penalty weight)")
        ax.set_title(f"3-fold validation curve over {name}")
    return {"overfitting": fig, "validation_curves": fig2}


def regularization_summary(result):
    """Conclusions from the table."""
    t = result.tables["test scores"].set_index("setting")
    s, m = result.settings, result.metrics
    free = t.iloc[0]
    l2, l1, es = t.iloc[1], t.iloc[2], t.loc["early stopping (no penalty)"]
    return [
        f"Without a penalty the {s['hidden layers'][0]}x{s['hidden layers'][1]} network drives the "
        f"training error on {s['training samples']} points to {free['train MSE']:.3g} (noise variance "
        f"{s['noise sigma'] ** 2:.3g}) while its test error is {free['test MSE']:.3g}: overfitting.",
        f"L2 (alpha = {m['best_alpha_l2']:g}, chosen by validation_curve) gives test MSE "
        f"{l2['test MSE']:.3g} and shrinks the median ||W|| from {free['||W|| (median)']:.3g} to "
        f"{l2['||W|| (median)']:.3g}; L1 (alpha = {m['best_alpha_l1']:g}) gives {l1['test MSE']:.3g} with "
        f"{int(l1['weights with |w| <= 1e-3 (first network)'])} of {int(l1['weights per network'])} weights "
        f"within 1e-3 of zero (no penalty: {int(free['weights with |w| <= 1e-3 (first network)'])}).",
        f"Early stopping at the validation minimum (median epoch {m['early_stopping_epoch_median']:.0f}"
        f" of {s['epochs']}) gives test MSE {es['test MSE']:.3g}.",
    ]


register("regularization", document="002",
         description="overfitting of a wide network on 20 noisy points; validation curves over the L2 "
                     "and L1 penalties, weight histograms, early stopping",
         display=regularization_display, summary=regularization_summary)(regularization_compute)
