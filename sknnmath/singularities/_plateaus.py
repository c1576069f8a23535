"""Plateaus of student–teacher learning near hierarchical singularities (document 003).

The study behind ``sknnmath reproduce plateaus``: a fixed teacher network with H
tanh units produces noisy regression targets; students with H units start
either from a standard initialisation or *near* a hierarchical singularity
(the Fukumizu–Amari split γ_λ of a trained (H − 1)-unit network, slightly
perturbed), and many seeds of each student are trained at once as ONE batched
network by the engine. The per-model training loss is recorded every epoch from
the forward pass the engine computes anyway (no extra forward, no host sync).

The plateau detector (:func:`detect_plateaus`) is defined here once and used by
the reproduction, the gallery example and the tests.
"""

from __future__ import annotations

import time
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["detect_plateaus", "make_teacher_data", "train_students", "embed_split_batched"]


@validate_params(
    {
        "loss": ["array-like"],
        "window": [Interval(Integral, 1, None, closed="left")],
        "rtol": [Interval(Real, 0, None, closed="left")],
        "level": [Real, "array-like"],
    },
    prefer_skip_nested_validation=True,
)
def detect_plateaus(loss, *, window, rtol, level=0.0):
    """Epochs spent on a plateau, per run.

    Definition. Let L_t (t = 0, 1, ..., T − 1) be a run's training loss after t
    epochs and w = ``window``. The window [t − w, t] is *flat* when

        max_{t−w ≤ s ≤ t} L_s − min_{t−w ≤ s ≤ t} L_s  ≤  rtol · min_{t−w ≤ s ≤ t} L_s

    and the loss stays above the level throughout it (min L_s > ``level``).
    An epoch is *on a plateau* when it lies in at least one flat window. A
    constant stretch of P ≥ w + 1 epochs above the level, entered and left by
    drops larger than ``rtol`` per epoch, is therefore detected as exactly P
    plateau epochs; a converged run below the level never is.

    Parameters
    ----------
    loss : array-like of shape (T,) or (T, S)
        Loss curves (rows are epochs, columns are runs).
    window : int
        Window length w in epochs (≥ 1).
    rtol : float
        Largest relative range of the loss within a flat window (≥ 0).
    level : float or array-like of shape (S,), default=0.0
        Only losses above it can be on a plateau (e.g. a multiple of the noise
        level: a run that has reached the noise floor is converged, not stuck).

    Returns
    -------
    ndarray of bool, shape like ``loss``
        True at the epochs on a plateau. ``mask.sum(axis=0)`` is the time each
        run spent on plateaus.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.singularities import detect_plateaus
    >>> L = np.concatenate([np.geomspace(1, 0.5, 20), np.full(100, 0.5), np.geomspace(0.4, 1e-3, 30)])
    >>> int(detect_plateaus(L, window=10, rtol=1e-3, level=1e-2).sum())
    101
    """
    from scipy.ndimage import maximum_filter1d, minimum_filter1d

    L = np.asarray(loss, dtype=np.float64)
    if L.ndim not in (1, 2) or L.shape[0] == 0:
        raise ValueError(f"loss must be a non-empty array of shape (T,) or (T, S); got {L.shape}.")
    if not np.all(np.isfinite(L)):
        raise ValueError("loss contains NaN or inf.")
    window = int(window)
    if window < 1:
        raise ValueError(f"window must be a positive integer; got {window}.")
    if not np.isfinite(rtol) or rtol < 0:
        raise ValueError(f"rtol must be a finite non-negative number; got {rtol!r}.")
    one = L.ndim == 1
    L2 = L[:, None] if one else L
    T = L2.shape[0]
    mask = np.zeros_like(L2, dtype=bool)
    if T > window:
        size = window + 1
        # the window ending at t: filters centred at t - w/2 (origin shifts them to [t - w, t])
        origin = (size - 1) // 2
        hi = maximum_filter1d(L2, size=size, axis=0, origin=origin, mode="nearest")[window:]
        lo = minimum_filter1d(L2, size=size, axis=0, origin=origin, mode="nearest")[window:]
        lvl = np.broadcast_to(np.asarray(level, dtype=np.float64), (L2.shape[1],))
        flat = (hi - lo <= rtol * lo) & (lo > lvl[None, :])  # flat[t - w] for windows ending at t
        # epoch s is covered by a flat window ending at some t in [s, s + w]
        ends = np.zeros_like(L2, dtype=bool)
        ends[window:] = flat
        cover = maximum_filter1d(ends.astype(np.uint8), size=size, axis=0, origin=-(size // 2),
                                 mode="constant", cval=0)
        mask = cover.astype(bool)
    return mask[:, 0] if one else mask


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_teacher_data(n_samples=100, noise=0.05, random_state=0):
    """A teacher both students contain, and its noisy regression data.

    The teacher is the real part of a complex split-tanh network 1-2-1,
    Re f(z) with z = x₁ + i x₂ — equivalently a real tanh network 2-4-1 whose
    units come in pairs with orthogonal input weights of equal norm ((a, −b)
    and (b, a), the block structure of a complex weight a + ib). A real 2-4-1
    student and a complex 1-2-1 student (prediction Re f) can both represent
    it exactly, so a run that ends above the noise level is stuck, not short
    of capacity. Complex weights have modulus 2 and uniform phases, thresholds
    N(0, 0.5²) per part, the four real output weights alternate in sign with
    magnitudes in [0.8, 1.2]; inputs are N(0, I₂); targets get N(0, noise²) noise.

    Parameters
    ----------
    n_samples : int, default=100
    noise : float, default=0.05
        Standard deviation of the target noise.
    random_state : int, default=0

    Returns
    -------
    dict
        ``X`` (n, 2), ``y`` (n,), ``teacher`` (real form: W1 (2, 4), b1 (4,),
        v (4,)), ``noise_level`` (½ noise², the teacher's expected loss),
        ``teacher_loss`` (the teacher's loss on this sample).

    Examples
    --------
    >>> from sknnmath.singularities._plateaus import make_teacher_data
    >>> d = make_teacher_data(50, noise=0.0)
    >>> d["X"].shape, d["teacher_loss"]
    ((50, 2), 0.0)
    """
    rng = np.random.default_rng(random_state)
    phase = rng.uniform(0, 2 * np.pi, size=2)
    a, b = 2 * np.cos(phase), 2 * np.sin(phase)
    W1 = np.zeros((2, 4))
    W1[:, 0::2] = np.stack([a, -b])  # Re u_j = a x1 - b x2 + theta_r
    W1[:, 1::2] = np.stack([b, a])   # Im u_j = b x1 + a x2 + theta_i
    b1 = rng.normal(scale=0.5, size=4)
    v = rng.uniform(0.8, 1.2, size=4) * np.array([1.0, -1.0, 1.0, -1.0])
    X = rng.normal(size=(int(n_samples), 2))
    f = np.tanh(X @ W1 + b1) @ v
    eps = rng.normal(scale=noise, size=f.shape)
    return {"X": X, "y": f + eps, "teacher": (W1, b1, v), "noise_level": 0.5 * noise ** 2,
            "teacher_loss": float(0.5 * np.mean(eps ** 2))}


@validate_params(
    {
        "W": [list],
        "b": [list],
        "unit": [Integral, "array-like"],
        "lam": [Real],
    },
    prefer_skip_nested_validation=True,
)
def embed_split_batched(W, b, unit, lam=0.5):
    """The Fukumizu–Amari split γ_λ for S batched one-hidden-layer networks at once.

    Appends a copy of hidden unit ``unit`` (same incoming weights and bias) to
    every network; outgoing weights become λv (new unit) and (1 − λ)v (old
    unit), so each network computes the same function. For one model this is
    exactly :func:`sknnmath.singularities.embed_unit` (``kind="split"``).

    Parameters
    ----------
    W : list of two ndarray
        ``W[0]`` (S, d, h) incoming weights (real: float; complex: complex),
        ``W[1]`` (S, h, k) outgoing weights.
    b : list of two ndarray
        ``b[0]`` (S, h), ``b[1]`` (S, k).
    unit : int or ndarray of shape (S,)
        Unit to split (per model).
    lam : float, default=0.5

    Returns
    -------
    W, b : lists of ndarray
        The embedded weights with h + 1 hidden units.
    """
    W0, W1 = (np.array(w) for w in W)
    b0, b1 = (np.array(v) for v in b)
    S = W0.shape[0]
    idx = np.broadcast_to(np.asarray(unit), (S,))
    r = np.arange(S)
    v = W1[r, idx, :].copy()
    W1[r, idx, :] = (1 - lam) * v
    W0 = np.concatenate([W0, W0[r, :, idx][:, :, None]], axis=2)
    b0 = np.concatenate([b0, b0[r, idx][:, None]], axis=1)
    W1 = np.concatenate([W1, (lam * v)[:, None, :]], axis=1)
    return [W0, W1], [b0, b1.copy()]


def _real_net(hidden, S, generator_seeds, dtype, device, state=None):
    from .._layers import build_mlp

    gens = [torch.Generator().manual_seed(int(s)) for s in generator_seeds]
    net = build_mlp(2, (hidden,), 1, activation="tanh", init="he", generator=gens, n_models=S,
                    dtype=dtype, device=device)
    if state is not None:
        W, b = state
        with torch.no_grad():
            for p, w in zip(net.weights, W):
                p.copy_(torch.as_tensor(w, dtype=dtype))
            for p, v in zip(net.biases, b):
                p.copy_(torch.as_tensor(v, dtype=dtype)[:, None, :])
    return net


def _complex_net(hidden, S, seed, dtype, device, state=None):
    from .._layers import get_activation
    from ..hypercomplex._algebra import get_algebra
    from ..hypercomplex._module import HypercomplexMLP, hypercomplex_init_

    net = HypercomplexMLP(1, (hidden,), 1, get_algebra("complex"), activation="split_tanh",
                          n_models=S, dtype=dtype)
    hypercomplex_init_(net, "he", torch.Generator().manual_seed(int(seed)),
                       gain=get_activation("split_tanh").gain)
    if state is not None:
        W, b = state
        with torch.no_grad():
            for lin, w, v in zip(net.layers, W, b):
                lin.weight.copy_(torch.as_tensor(np.stack([w.real, w.imag], axis=1), dtype=dtype))
                bb = np.empty(v.shape[:-1] + (2 * v.shape[-1],))
                bb[..., 0::2], bb[..., 1::2] = v.real, v.imag
                lin.bias.copy_(torch.as_tensor(bb, dtype=dtype))
    return net.to(device)


def _weights(net, family):
    """(W, b) of a batched net as numpy: real (S, fan_in, fan_out) or complex numbers."""
    if family == "complex":
        W = [lin.weight.detach().cpu().double().numpy() for lin in net.layers]
        W = [w[:, 0] + 1j * w[:, 1] for w in W]
        b = [lin.bias.detach().cpu().double().numpy() for lin in net.layers]
        b = [v[:, 0::2] + 1j * v[:, 1::2] for v in b]
        return W, b
    return ([w.detach().cpu().double().numpy() for w in net.weights],
            [v.detach().cpu().double().numpy()[:, 0, :] for v in net.biases])


@validate_params(
    {
        "family": [StrOptions({"real", "complex"})],
        "X": ["array-like"],
        "y": ["array-like"],
        "hidden": [Interval(Integral, 1, None, closed="left")],
        "n_models": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "solver": [str],
        "start": [StrOptions({"standard", "near_singular"})],
        "pretrain_epochs": [Interval(Integral, 1, None, closed="left"), None],
        "perturbation": [Interval(Real, 0, None, closed="left")],
        "escape": "no_validation",
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "device": [str, torch.device],
        "dtype": [torch.dtype],
    },
    prefer_skip_nested_validation=True,
)
def train_students(family, X, y, hidden, n_models, *, epochs, learning_rate, solver="sgd",
                   start="standard", pretrain_epochs=None, perturbation=1e-3, escape=None,
                   random_state=0, device="cpu", dtype=torch.float32):
    """Train ``n_models`` students of one family at once (one engine call), loss every epoch.

    Parameters
    ----------
    family : {"real", "complex"}
        ``"real"``: 2-H-1 tanh networks (``build_mlp(n_models=S)``);
        ``"complex"``: 1-H-1 split-tanh complex networks (z = x₁ + i x₂,
        prediction Re f, loss ½(y − Re f)²).
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,)
    hidden : int
        Hidden units of the student (complex units for ``"complex"``).
    n_models : int
        Seeds trained at once.
    epochs : int
        Full-batch epochs.
    learning_rate : float
    solver : str, default="sgd"
        Engine solver (full-batch gradient descent by default, where plateaus
        are classically seen).
    start : {"standard", "near_singular"}, default="standard"
        ``"standard"``: He initialisation. ``"near_singular"``: S students with
        H − 1 units are first trained for ``pretrain_epochs`` (towards critical
        points of the smaller model), their unit of largest outgoing weight is
        split with λ = ½ (Fukumizu–Amari γ_½, the same function with H units) and
        the copy's incoming weights and bias get N(0, p²) noise, p = ``perturbation``.
    pretrain_epochs : int or None
        Default: ``epochs``.
    perturbation : float, default=1e-3
    escape : SingularityEscape or None
        Engine callback (real family only).
    random_state : int
    device : str
    dtype : torch.dtype, default=torch.float32
        SGD in float32 (the package's rule: closed forms in float64).

    Returns
    -------
    dict
        ``loss`` (epochs + 1, S) float64 — row t is the loss after t updates
        (row 0 at the start); ``final_weights``; ``seconds`` (the training
        call); ``events`` (the escape moves, if any).
    """
    from .._engine import train
    from ..reproduce import spawn_seeds

    S = int(n_models)
    dev = torch.device(device)
    seeds = spawn_seeds(random_state, S + 2)
    if start not in ("standard", "near_singular"):
        raise ValueError(f"start must be 'standard' or 'near_singular'; got {start!r}.")
    if start == "near_singular" and hidden < 2:
        raise ValueError(f"start='near_singular' splits a unit of a network with hidden - 1 units; "
                         f"hidden must be at least 2, got {hidden}.")
    if escape is not None and family != "real":
        raise ValueError("SingularityEscape is implemented for real (batched) MLPs only.")

    def build(h, state=None):
        if family == "real":
            return _real_net(h, S, seeds[:S], dtype, dev, state)
        if family == "complex":
            return _complex_net(h, S, seeds[S], dtype, dev, state)
        raise ValueError(f"family must be 'real' or 'complex'; got {family!r}.")

    Xt = torch.as_tensor(X, dtype=dtype, device=dev)
    # one target column: the real output, or the real part Re f of the complex output
    Tt = torch.as_tensor(np.asarray(y, dtype=np.float64)[:, None], dtype=dtype, device=dev)

    def run(net, n_epochs, callbacks=None):
        rec = torch.empty((n_epochs + 1, S), dtype=dtype, device=dev)
        step = [0]

        def loss(out, t):
            # each model's own ½ mean |y - f|², summed: every model gets exactly its gradient
            per_model = 0.5 * (out[..., :1] - t).square().sum(dim=2).mean(dim=1)
            rec[step[0]] = per_model.detach()  # the loss *before* update step[0]
            step[0] += 1
            return per_model.sum()

        t0 = time.perf_counter()
        train(net, Xt, Tt, loss=loss, solver=solver, learning_rate=learning_rate, max_iter=n_epochs,
              batch_size="full", generator=torch.Generator().manual_seed(int(seeds[-1])),
              callbacks=callbacks)
        with torch.no_grad():
            rec[n_epochs] = 0.5 * (net(Xt)[..., :1] - Tt).square().sum(dim=2).mean(dim=1)
        seconds = time.perf_counter() - t0
        return rec.double().cpu().numpy(), seconds

    if start == "near_singular":
        small = build(hidden - 1)
        run(small, int(epochs if pretrain_epochs is None else pretrain_epochs))
        W, b = _weights(small, family)
        unit = np.abs(W[1]).sum(axis=2).argmax(axis=1)
        W, b = embed_split_batched(W, b, unit, lam=0.5)
        g = np.random.default_rng(seeds[S + 1])
        noise = g.normal(scale=perturbation, size=W[0][:, :, -1].shape + ((2,) if family == "complex" else ()))
        bnoise = g.normal(scale=perturbation, size=b[0][:, -1].shape + ((2,) if family == "complex" else ()))
        if family == "complex":
            noise, bnoise = noise[..., 0] + 1j * noise[..., 1], bnoise[..., 0] + 1j * bnoise[..., 1]
        W[0][:, :, -1] += noise
        b[0][:, -1] += bnoise
        net = build(hidden, (W, b))
    else:
        net = build(hidden)
    loss, seconds = run(net, int(epochs), callbacks=[escape] if escape is not None else None)
    return {"loss": loss, "final_weights": _weights(net, family), "seconds": seconds,
            "events": list(getattr(escape, "events", []))}
