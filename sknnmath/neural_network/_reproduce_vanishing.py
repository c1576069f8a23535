"""Reproduction ``vanishing-gradients``: document 002 §III.C — deep sigmoid networks stop
learning (the product of σ' ≤ ¼ along the layers, eq. (65)); ReLU, skip connections and
batch normalisation fix it."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import torch

from .._engine import train
from .._layers import build_mlp
from ..callbacks import GradientNormRecorder, _layer_parameters
from ..datasets import make_ball
from ..reproduce import ReproductionResult, parallel_map, register, spawn_seeds
from ._theory import sigmoid_gradient_bound

# label -> (activation, skip_connections, batch_norm)
# Adam, the document's hands-on default: its per-parameter step sizes compensate
# moderately small gradients, so what fails below fails for want of any gradient
SOLVER = "adam"

VARIANTS = {
    "sigmoid": ("sigmoid", False, False),
    "tanh": ("tanh", False, False),
    "ReLU": ("relu", False, False),
    "sigmoid + skip": ("sigmoid", True, False),
    "sigmoid + batch norm": ("sigmoid", False, True),
    "ReLU + skip": ("relu", True, False),
}


def _data(n_samples, random_state):
    """Document 000's task: is a point of [-1.5, 1.5]² inside the unit disc?"""
    X, y = make_ball(n_samples, random_state=random_state)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)


def _gradient_norms_at_init(module, X, y):
    """Per-model, per-layer ‖∂L/∂W_l‖ of the cross-entropy at the current parameters: (S, n_layers)."""
    module.zero_grad(set_to_none=True)
    out = module(X)
    S = out.shape[0]
    loss = sum(torch.nn.functional.cross_entropy(out[s], y) for s in range(S))
    weights = [p for _, p in _layer_parameters(module)]
    grads = torch.autograd.grad(loss, weights)
    return torch.stack([torch.linalg.vector_norm(g, dim=(1, 2)) for g in grads], dim=1).double().numpy()


def _run_one(item, *, X, y, width, n_seeds, epochs, learning_rate, threshold, device):
    """Train ``n_seeds`` networks of one (variant, depth) at once; return their statistics."""
    label, depth, seed = item
    activation, skip, bn = VARIANTS[label]
    gens = [torch.Generator().manual_seed(int(s)) for s in spawn_seeds(seed, n_seeds)]
    module = build_mlp(X.shape[1], (width,) * depth, 2, activation=activation, skip_connections=skip,
                       batch_norm=bn, init="he", generator=gens, dtype=torch.float32,
                       device=device, n_models=n_seeds)
    Xd, yd = X.to(device), y.to(device)
    module.train()
    init_norms = _gradient_norms_at_init(module, Xd, yd)
    bound = None
    if label == "sigmoid":
        coefs = [W.detach().cpu().double().numpy() for W in module.weights]
        intercepts = [b.detach().cpu().double().numpy()[:, 0] for b in module.biases]
        bound = np.stack([sigmoid_gradient_bound([c[s] for c in coefs], [b[s] for b in intercepts],
                                                 X.numpy(), y.numpy(), loss="cross_entropy")
                          for s in range(n_seeds)])
    rec = GradientNormRecorder()
    try:
        train(module, Xd, yd, loss="cross_entropy", solver=SOLVER, learning_rate=learning_rate,
              max_iter=epochs, generator=torch.Generator().manual_seed(int(seed)), callbacks=[rec])
        diverged = False
    except FloatingPointError:  # a model blew up: count the whole batch as failed (reported)
        diverged = True
    module.eval() if not bn else module.train()  # batch norm: the training-mode function
    with torch.no_grad():
        acc = (module(Xd).argmax(-1) == yd).double().mean(dim=1).cpu().numpy()
    if diverged:
        acc = np.zeros(n_seeds)
    norms = rec.gradient_norms_ if rec.gradient_norms_ is not None else np.zeros((0, depth + 1, n_seeds))
    return {
        "variant": label, "depth": depth,
        "accuracy": acc,
        "success": acc >= threshold,
        "diverged": diverged,
        "init_norms": init_norms,  # (S, L+1)
        "bound": bound,
        "train_first_layer": norms[:, 0, :].T if norms.size else np.zeros((n_seeds, 0)),  # (S, epochs)
        "train_last_layer": norms[:, -1, :].T if norms.size else np.zeros((n_seeds, 0)),
    }


def vanishing_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    """Networks of depth 2 … 30 with six activation/architecture variants, many seeds at once.

    For each (variant, depth) ``n_seeds`` networks of the same architecture are
    built as one batched module (``build_mlp(..., n_models=S)``) and trained
    together by full-batch Adam (document 002's hands-on optimiser) on
    document 000's disc-classification task: per-layer gradient norms at
    initialisation (with the bound (¼)^L ∏‖W_l‖ for sigmoid), the first layer's
    gradient norm during training (:class:`GradientNormRecorder`) and the share
    of seeds whose training accuracy reaches ``threshold``.
    """
    from .._backend import resolve_device

    dev = resolve_device(device)
    depths = [2, 8] if quick else [2, 3, 4, 6, 8, 12, 20, 30]
    n_seeds = 8 if quick else 20
    width = 16
    epochs = 100 if quick else 200
    n_samples = 128
    learning_rate = 0.03 if quick else 0.01
    threshold = 0.9
    X, y = _data(n_samples, random_state)
    seeds = spawn_seeds(random_state, len(VARIANTS) * len(depths))
    items = [(label, d, seeds[i * len(depths) + j]) for i, label in enumerate(VARIANTS)
             for j, d in enumerate(depths)]
    runs = parallel_map(partial(_run_one, X=X, y=y, width=width, n_seeds=n_seeds, epochs=epochs,
                                learning_rate=learning_rate, threshold=threshold, device=dev),
                        items, n_jobs=n_jobs,
                        desc=f"training {len(items)} x {n_seeds} networks (variants x depths x seeds)")
    rows = []
    for r in runs:
        first = np.median(r["init_norms"][:, 0])
        last = np.median(r["init_norms"][:, -1])
        rows.append({"variant": r["variant"], "depth": r["depth"], "seeds": n_seeds,
                     "share trained (acc >= %.2f)" % threshold: float(np.mean(r["success"])),
                     "median train accuracy": float(np.median(r["accuracy"])),
                     "init grad norm, first layer (median)": float(first),
                     "init grad norm, last layer (median)": float(last),
                     "first/last ratio": float(first / last) if last > 0 else np.nan,
                     "diverged": r["diverged"]})
    table = pd.DataFrame(rows)
    share_col = "share trained (acc >= %.2f)" % threshold
    shares = table.pivot(index="variant", columns="depth", values=share_col).loc[list(VARIANTS)]

    def failing_depth(label):
        s = shares.loc[label]
        bad = [d for d in depths if s[d] < 0.5]
        return int(min(bad)) if bad else None

    deep = max(d for d in depths if d <= 20)
    by = {(r["variant"], r["depth"]): r for r in runs}
    data = {
        "shares": {
            "curves": {label: {"x": depths, "y": shares.loc[label].to_numpy(), "style": {"marker": "o"}}
                       for label in VARIANTS},
            "xlabel": "depth (number of hidden layers)",
            "ylabel": f"share of {n_seeds} seeds with train accuracy >= {threshold:g}",
            "integer_x": True,
            "plot": {"title": "which deep networks still train (Adam, full batch)"},
        },
        "init norms": {
            "norms": {label: by[(label, deep)]["init_norms"] for label in VARIANTS},
            "bounds": {"sigmoid bound (1/4)^(L+1-l) prod ||W_k||_2": by[("sigmoid", deep)]["bound"]},
            "plot": {"title": f"gradient norm per layer at initialisation, depth {deep}"},
        },
        "training": {
            "curves": {label: {"y": by[(label, deep)]["train_first_layer"]} for label in VARIANTS},
            "xlabel": "epoch", "ylabel": "||dL/dW_1|| (input layer)", "yscale": "log",
            "integer_x": True,
            "plot": {"title": f"input layer's gradient norm during training, depth {deep}"},
        },
    }
    metrics = {f"failing_depth[{label}]": failing_depth(label) for label in VARIANTS}
    metrics["representative_depth"] = deep
    settings = {"depths": depths, "seeds": n_seeds, "width": width, "epochs": epochs,
                "samples": n_samples, "optimizer": "Adam (full batch)",
                "learning rate": learning_rate, "success threshold": threshold,
                "loss": "cross-entropy", "init": "He (gain 1 for sigmoid)", "quick": quick}
    return ReproductionResult(settings=settings,
                              tables={"vanishing gradients": table, "share trained": shares.reset_index()},
                              data=data, metrics=metrics)


def vanishing_display(result):
    """Share trained vs depth; per-layer norms at initialisation with the bound; training norms."""
    from ..plotting import CurvesDisplay, LayerGradientDisplay, subplots

    fig, axes = subplots(1, 3, width=5.0, height=4.0)
    CurvesDisplay.from_results(result, "shares", ax=axes[0, 0], legend_where="below")
    LayerGradientDisplay.from_results(result, "init norms", ax=axes[0, 1], legend_where="below")
    CurvesDisplay.from_results(result, "training", ax=axes[0, 2], legend_where="below")
    return {"vanishing_gradients": fig}


def vanishing_summary(result):
    """Conclusions from the tables."""
    m, s = result.metrics, result.settings
    t = result.tables["vanishing gradients"]
    out = []
    for label in VARIANTS:
        d = m[f"failing_depth[{label}]"]
        out.append(f"{label}: " + (f"fewer than half of {s['seeds']} seeds train from depth {d} on"
                                   if d is not None else
                                   f"at least half of {s['seeds']} seeds train at every depth up to "
                                   f"{max(s['depths'])}"))
    for label in VARIANTS:
        d = m[f"failing_depth[{label}]"]
        if d is None or label == "sigmoid":
            continue
        row = t[(t["variant"] == label) & (t["depth"] == d)].iloc[0]
        if row["init grad norm, last layer (median)"] > 100:
            kind = "exploding gradients, not the sigmoid's geometric decay"
        elif row["first/last ratio"] > 1e-4:
            kind = "the gradient does not vanish, so the failure is not the sigmoid's geometric decay"
        else:
            kind = "vanishing gradients"
        out.append(f"{label} at depth {d}: input/output gradient ratio {row['first/last ratio']:.1e} and "
                   f"output-layer gradient {row['init grad norm, last layer (median)']:.1e} at "
                   f"initialisation: {kind}.")
    sig = t[t["variant"] == "sigmoid"].set_index("depth")
    dmax = max(s["depths"])
    out.append(f"At initialisation the plain sigmoid network's input-layer gradient is "
               f"{sig.loc[dmax, 'first/last ratio']:.1e} times its output layer's at depth {dmax} "
               f"({sig.loc[min(s['depths']), 'first/last ratio']:.1e} at depth {min(s['depths'])}): "
               "the product of sigma' <= 1/4 along the layers (document 002 eq. (65); the document "
               "says only <= 1), always below the bound drawn in the figure.")
    return out


register("vanishing-gradients", document="002",
         description="depth 2-30 networks: sigmoid, tanh, ReLU, skip connections, batch norm — "
                     "gradient norms per layer and the share of seeds that train",
         display=vanishing_display, summary=vanishing_summary)(vanishing_compute)
