"""Reproduction ``deep-double-descent``: model-wise double descent of trained MLPs.

Document 004 (Imaizumi) reports that double descent, first seen with linear
regression and two-layer networks (Belkin et al. 2019), was reproduced with deep
networks — CNNs and ResNets — by Nakkiran et al. (2020, "Deep double descent"). Their
setting: label noise (15–20 %: a label is replaced, with that probability, by a
uniformly drawn *incorrect* label), training long enough to fit the training set, and
the model-wise peak of the test error where the effective model complexity — the
largest sample size the procedure fits to train error <= epsilon — equals n.

Here: one-hidden-layer ReLU MLPs of growing width h on scikit-learn's ``load_digits``
(8 x 8 digits, 10 classes), 20 % label noise on the training labels only, full-batch
Adam on the cross-entropy with no regularisation and no early stopping. Every width is
one work item (``parallel_map``); inside it all seeds (each with its own split, label
noise and initialisation) train at once as one batched module
(``build_mlp(..., n_models=S)``) in one engine call. Test errors are on clean labels.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import torch
from skorch.callbacks import Callback

from .._engine import train
from .._layers import build_mlp
from ..reproduce import ReproductionResult, parallel_map, register, spawn_seeds
from ._reproduce import _one_thread

N_CLASSES = 10
N_INPUTS = 64


def noisy_digits_splits(n_train, n_seeds, noise, random_state):
    """Per seed: a stratified digits split with a fraction ``noise`` of wrong training labels.

    Parameters
    ----------
    n_train : int
        Training samples per seed (the rest of the 1797 digits is the test set).
    n_seeds : int
        Number of splits.
    noise : float
        Probability that a training label is replaced by a uniformly drawn incorrect one
        (Nakkiran et al.'s label noise); test labels stay clean.
    random_state : int
        Seed of the reproduction.

    Returns
    -------
    dict of str to torch.Tensor
        ``X_train`` (S, n_train, 64) in [0, 1], ``y_train`` (S, n_train) noisy labels,
        ``clean_train`` (S, n_train) the true ones, ``X_test``, ``y_test``.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    parts = {k: [] for k in ("X_train", "y_train", "clean_train", "X_test", "y_test")}
    for seed in spawn_seeds(random_state, n_seeds):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, train_size=n_train, stratify=y,
                                                  random_state=seed)
        rng = np.random.default_rng(seed)
        flip = rng.random(n_train) < noise
        noisy = y_tr.copy()
        # an incorrect label, uniformly among the other nine classes
        noisy[flip] = (y_tr[flip] + rng.integers(1, N_CLASSES, flip.sum())) % N_CLASSES
        for k, a in (("X_train", X_tr), ("y_train", noisy), ("clean_train", y_tr),
                     ("X_test", X_te), ("y_test", y_te)):
            parts[k].append(a)
    return {k: torch.as_tensor(np.stack(v), dtype=torch.float32 if k[0] == "X" else torch.long)
            for k, v in parts.items()}


class _ErrorCheckpoints(Callback):
    """Each model's train (noisy labels) and test (clean labels) error at chosen epochs."""

    def __init__(self, data, epochs):
        self.data, self.epochs = data, set(int(e) for e in epochs)

    def initialize(self):
        self.rows = {}
        return self

    def on_epoch_end(self, net, **kwargs):
        epoch = len(net.history)
        if epoch not in self.epochs:
            return
        module = net.module_.net
        with torch.no_grad():
            self.rows[epoch] = {
                part: (module(self.data[f"X_{part}"]).argmax(-1) != self.data[f"y_{part}"])
                .double().mean(dim=1).numpy() for part in ("train", "test")}


@_one_thread
def _train_width(item, *, data, epochs, checkpoints, learning_rate):
    """Train all seeds of one width at once; errors at the checkpoints, final losses."""
    from ..neural_network._reproduce import _SampleMajor, _training_loss

    width, seed = item
    S = data["X_train"].shape[0]
    gens = [torch.Generator().manual_seed(int(s)) for s in spawn_seeds(seed, S)]
    net = build_mlp(N_INPUTS, (width,), N_CLASSES, activation="relu", generator=gens,
                    n_models=S)
    monitor = _ErrorCheckpoints(data, checkpoints)
    train(_SampleMajor(net), data["X_train"].transpose(0, 1).contiguous(),
          data["y_train"].transpose(0, 1).contiguous(), loss=_training_loss("cross_entropy"),
          solver="adam", learning_rate=learning_rate, max_iter=epochs, batch_size="full",
          generator=torch.Generator().manual_seed(int(seed)), callbacks=[monitor])
    with torch.no_grad():
        memorised = (net(data["X_train"]).argmax(-1) == data["y_train"])
        noisy = data["y_train"] != data["clean_train"]
        # share of the wrong labels the network reproduces: it fits the noise
        fit_noise = ((memorised & noisy).double().sum(1) / noisy.double().sum(1)).numpy()
    return {"checkpoints": monitor.rows, "fit_noise": fit_noise}


def n_parameters(width):
    """Weights and biases of the 64-width-10 MLP: (64 + 1) width + (width + 1) 10."""
    return (N_INPUTS + 1) * width + (width + 1) * N_CLASSES


def deep_double_descent_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Test error vs width of label-noise-trained MLPs on digits (see the module docstring).

    Training runs on the CPU (small networks; ``device`` is accepted for the common
    signature).
    """
    noise = 0.2
    if quick:
        n_train, n_seeds, epochs = 200, 2, 120
        widths = [2, 8, 32, 128]
    else:
        # sized to finish in minutes on a shared 2-core machine; the peak needs the networks
        # near the threshold trained until they fit the noise (hence 1500 full-batch epochs)
        n_train, n_seeds, epochs = 500, 4, 1500
        widths = [2, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256]
    lr = 3e-3
    checkpoints = sorted({max(1, epochs // 20), epochs // 4, epochs // 2, epochs})
    data = noisy_digits_splits(n_train, n_seeds, noise, random_state)
    seeds = spawn_seeds(random_state + 1, len(widths))
    runs = parallel_map(partial(_train_width, data=data, epochs=epochs, checkpoints=checkpoints,
                                learning_rate=lr),
                        list(zip(widths, seeds)), n_jobs=n_jobs,
                        desc=f"training {len(widths)} widths x {n_seeds} seeds (batched), "
                             f"{epochs} epochs")
    test = np.array([r["checkpoints"][epochs]["test"] for r in runs])      # (widths, S)
    train_err = np.array([r["checkpoints"][epochs]["train"] for r in runs])
    rows = []
    for j, w in enumerate(widths):
        row = {"width": w, "parameters": n_parameters(w),
               "parameters / (n K)": n_parameters(w) / (n_train * N_CLASSES),
               "train error (median)": float(np.median(train_err[j])),
               "test error (median)": float(np.median(test[j])),
               "test error (min over seeds)": float(test[j].min()),
               "test error (max over seeds)": float(test[j].max()),
               "noisy labels fitted (median)": float(np.median(runs[j]["fit_noise"]))}
        for e in checkpoints[:-1]:
            row[f"test error at epoch {e}"] = float(np.median(runs[j]["checkpoints"][e]["test"]))
        rows.append(row)
    table = pd.DataFrame(rows)
    med_test = table["test error (median)"].to_numpy()
    med_train = table["train error (median)"].to_numpy()
    w = np.asarray(widths, dtype=float)

    def _threshold(eps):
        hit = np.nonzero(med_train <= eps)[0]
        return float(w[hit[0]]) if hit.size else float("nan")

    emc_width = _threshold(0.1)          # Nakkiran et al.'s epsilon = 0.1
    interp_width = _threshold(0.0)       # exact interpolation of the noisy labels
    nk_width = (n_train * N_CLASSES - N_CLASSES) / (N_INPUTS + 1 + N_CLASSES)
    # classical sweet spot: best width among those that do not yet fit the training set
    under = np.nonzero(med_train > 0.1)[0]
    j_sweet = int(under[np.argmin(med_test[under])]) if under.size else 0
    j_peak = j_sweet + int(np.argmax(med_test[j_sweet:]))
    metrics = {"emc_width_eps_0.1": emc_width, "interpolation_width": interp_width,
               "n_times_classes_width": float(nk_width),
               "sweet_spot_width": float(w[j_sweet]), "sweet_spot_test_error": float(med_test[j_sweet]),
               "peak_width": float(w[j_peak]), "peak_test_error": float(med_test[j_peak]),
               "widest_test_error": float(med_test[-1]), "widest_width": float(w[-1]),
               "best_test_error": float(med_test.min()), "best_width": float(w[np.argmin(med_test)])}
    span = (0.0, float(max(med_test.max(), 0.5)))
    curves = {
        "test error (clean labels), median, 10-90 % of seeds": {
            "x": w, "y": test.T, "style": {"color": "C3", "marker": "o"}},
        "train error (noisy labels), median": {
            "x": w, "y": train_err.T, "style": {"color": "C0", "marker": "s"}, "band": False},
    }
    for k, e in enumerate(checkpoints[:-1]):
        curves[f"test error at epoch {e} (of {epochs}), median"] = {
            "x": w, "y": np.array([r["checkpoints"][e]["test"] for r in runs]).T,
            "style": {"color": "C3", "ls": ":", "alpha": 0.3 + 0.2 * k}, "band": False}
    if np.isfinite(emc_width):
        curves[f"train error <= 0.1 from width {emc_width:g} (EMC = n)"] = {
            "x": [emc_width] * 2, "y": list(span), "style": {"color": "k", "ls": "--", "lw": 0.9},
            "band": False}
    curves[f"parameters = n K = {n_train * N_CLASSES} (width {nk_width:.0f})"] = {
        "x": [nk_width] * 2, "y": list(span), "style": {"color": "grey", "ls": "-.", "lw": 0.9},
        "band": False}
    data_out = {"curves": {"curves": curves, "xlabel": "hidden width h (parameters 75 h + 10)",
                           "ylabel": "classification error", "xscale": "log"}}
    settings = {"quick": quick, "random_state": random_state, "n_train": n_train,
                "n_test": int(data["X_test"].shape[1]), "label noise": noise, "seeds": n_seeds,
                "epochs": epochs, "optimizer": "Adam, full batch", "learning rate": lr,
                "loss": "cross-entropy", "widths": widths}
    return ReproductionResult(settings=settings, tables={"test_error_vs_width": table},
                              data=data_out, metrics=metrics)


def deep_double_descent_display(result):
    """Test and train error vs width, with the interpolation thresholds."""
    from ..plotting import CurvesDisplay, subplots

    s = result.settings
    fig, axes = subplots(1, 1, width=7.2, height=4.6)
    CurvesDisplay.from_results(
        result, "curves", ax=axes[0, 0], legend_where="right",
        title=f"one-hidden-layer MLPs on digits, {int(100 * s['label noise'])} % label noise "
              f"(n = {s['n_train']}):\ntest error vs width ({s['seeds']} seeds, "
              f"{s['epochs']} epochs of Adam)")
    return {"error_vs_width": fig}


def deep_double_descent_summary(result):
    """Conclusions of the deep-double-descent reproduction, from its numbers."""
    s, m = result.settings, result.metrics
    t = result.tables["test_error_vs_width"].set_index("width")
    rise = m["peak_test_error"] - m["sweet_spot_test_error"]
    fall = m["peak_test_error"] - m["widest_test_error"]
    def _w(x):
        return f"{x:g}" if np.isfinite(x) else "never (within these widths)"

    emc, nk = m["emc_width_eps_0.1"], m["n_times_classes_width"]
    lines = [
        f"Median test error: classical sweet spot {m['sweet_spot_test_error']:.3f} at width "
        f"{m['sweet_spot_width']:g}, peak {m['peak_test_error']:.3f} at width "
        f"{m['peak_width']:g} ({int(t.loc[int(m['peak_width']), 'parameters'])} parameters), "
        f"then {m['widest_test_error']:.3f} at width {m['widest_width']:g}: "
        + ("a model-wise double descent (rise " f"{rise:.3f}, second descent {fall:.3f})."
           if rise > 0 and fall > 0 else
           f"no double-descent shape here (rise {rise:.3f}, second descent {fall:.3f})."),
        f"Interpolation threshold: the median train error (noisy labels) is <= 0.1 from width "
        f"{_w(emc)} and 0 from width {_w(m['interpolation_width'])}; the peak is at width "
        f"{m['peak_width']:g}"
        + (f" (ratio {m['peak_width'] / emc:.2f} to the EMC width)" if np.isfinite(emc) else "")
        + f"; parameters = n K = {s['n_train'] * 10} corresponds to width {nk:.0f}"
        + (f", {nk / emc:.1f} times the width that fits the noisy labels." if np.isfinite(emc)
           else "."),
        f"Best median test error {m['best_test_error']:.3f} at width {m['best_width']:g}; the "
        f"widest networks reproduce {t['noisy labels fitted (median)'].iloc[-1]:.0%} of the wrong "
        f"training labels and reach test error {m['widest_test_error']:.3f}.",
    ]
    early = [c for c in t.columns if c.startswith("test error at epoch")]
    if early:
        c = early[0]
        best_c = min(early, key=lambda k: t[k].min())
        lines.append(
            f"Earlier in training ({c[len('test error at '):]} of {s['epochs']}) the median test "
            f"error is largest at width {int(t[c].idxmax())} and smallest, {t[c].min():.3f}, at "
            f"width {int(t[c].idxmin())}; the best checkpoint ({best_c[len('test error at '):]}) "
            f"reaches {t[best_c].min():.3f} against {m['best_test_error']:.3f} after "
            f"{s['epochs']} epochs; at {c[len('test error at '):]} the final peak width "
            f"{m['peak_width']:g} has {t[c].loc[int(m['peak_width'])]:.3f} (final "
            f"{m['peak_test_error']:.3f}), so early stopping "
            + ("beats" if t[best_c].min() < m['best_test_error'] else "does not beat")
            + " every network trained to the end.")
    return lines


register("deep-double-descent", document="004",
         description="model-wise double descent of trained MLPs on digits with 20 % label "
                     "noise (Nakkiran et al.): test error vs width, seeds batched",
         display=deep_double_descent_display,
         summary=deep_double_descent_summary)(deep_double_descent_compute)
