"""Two-spirals study of document 003 result (2): many seeds per model, trained at once.

Each model family is ONE batched :class:`HypercomplexMLP` with ``n_models=S``
independent networks (real networks are the m = 1 algebra) trained by a single
call of the package's engine; the loss is the sum over networks of each
network's own mean squared error, so every network gets exactly its own gradient
and (Adam being element-wise) moves as if trained alone. The per-network losses
and the 40-20-40 success test are read off the same forward pass the engine
already computes, so recording them costs no extra forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .._backend import Backend, to_numpy
from .._engine import train
from ..datasets import make_two_spirals
from .._layers import get_activation
from . import _activations  # noqa: F401  (registers the complex activations)
from ._algebra import get_algebra
from ._module import HypercomplexMLP, hypercomplex_init_
from ._theory import n_real_parameters
from numbers import Integral, Real
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["SpiralModel", "spiral_models", "spiral_data", "train_spiral_models", "plateau_mask"]


@dataclass(frozen=True)
class SpiralModel:
    """One model family of the study.

    Parameters
    ----------
    label : str
        Name in tables and figures.
    algebra : str
        "complex" or "real".
    hidden : tuple of int
        Hidden widths (in numbers of the algebra).
    n_in : int
        Input numbers.
    n_out : int
        Output numbers.

    Attributes
    ----------
    label : str
        Name in tables and figures.
    algebra : str
        "complex" or "real".
    hidden : tuple of int
        Hidden widths (in numbers of the algebra).
    n_in, n_out : int
        Input and output numbers (the two coordinates are one complex number
        or two real inputs).
    """

    label: str
    algebra: str
    hidden: tuple
    n_in: int
    n_out: int

    @property
    def n_parameters(self):
        return n_real_parameters((self.n_in, *self.hidden, self.n_out), self.algebra)


def _matched_equal_widths(n_layers, target, n_in=2, n_out=1):
    """Equal widths w (n_layers layers) whose real parameter count is closest to ``target``."""
    best = None
    for w in range(1, 4096):
        p = n_real_parameters((n_in, *([w] * n_layers), n_out))
        if best is None or abs(p - target) < abs(best[1] - target):
            best = (w, p)
        if p > target:
            break
    return (best[0],) * n_layers


@validate_params(
    {
        "hidden": ["array-like", Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def spiral_models(hidden=(8, 8)):
    """The four families compared on the two spirals.

    (a) a complex network 1-h-...-1 (z = x + iy in, one complex output with
    target 1 + i or 0); (b) its real-equivalent *structure* 2-2h-...-2 trained as
    an ordinary real network (targets (1, 1) or (0, 0)); (c) a real network of
    the same depth with the same number of real parameters (one output);
    (d) a real network one layer deeper with about the same number of parameters.

    Parameters
    ----------
    hidden : tuple of int, default=(8, 8)
        Hidden widths of the complex model (a).

    Returns
    -------
    list of SpiralModel
    """
    hidden = tuple(int(h) for h in hidden)
    tag = "-".join(map(str, hidden))
    a = SpiralModel(f"(a) complex 1-{tag}-1", "complex", hidden, 1, 1)
    wide = tuple(2 * h for h in hidden)
    b = SpiralModel(f"(b) real-equivalent structure 2-{'-'.join(map(str, wide))}-2", "real", wide, 2, 2)
    target = a.n_parameters
    same = _matched_equal_widths(len(hidden), target)
    c = SpiralModel(f"(c) real 2-{'-'.join(map(str, same))}-1, same parameters", "real", same, 2, 1)
    deep = _matched_equal_widths(len(hidden) + 1, target)
    d = SpiralModel(f"(d) deeper real 2-{'-'.join(map(str, deep))}-1", "real", deep, 2, 1)
    return [a, b, c, d]


@validate_params(
    {
        "scale": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def spiral_data(scale=1.0):
    """The canonical 194-point CMU set (raw coordinates, radius 0.5 to 6.5, by default).

    Parameters
    ----------
    scale : float, default=1.0
        Coordinates are divided by ``scale``.

    Returns
    -------
    X : ndarray of shape (194, 2)
        The points.
    y : ndarray of shape (194,)
        Their spiral (1 or 0).
    """
    X, y = make_two_spirals()
    return X / scale, y


def _inputs_targets(model, X, y):
    if model.algebra == "complex":
        Xn = X.copy()  # (x, y) are the components of z = x + iy
    else:
        Xn = X
    T = np.repeat(y[:, None].astype(float), get_algebra(model.algebra).dim * model.n_out, axis=1)
    return Xn, T


@validate_params(
    {
        "model": [SpiralModel],
        "n_seeds": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "solver": [str],
        "init": [StrOptions({"he", "even"})],
        "activation": [str],
        "random_state": ["random_state"],
        "device": [str, torch.device],
        "record_every": [Interval(Integral, 1, None, closed="left")],
        "grid": ["array-like", None],
        "dtype": [torch.dtype],
    },
    prefer_skip_nested_validation=True,
)
def train_spiral_models(model, n_seeds=100, max_epochs=5000, learning_rate=0.01, solver="adam",
                        init="he", activation="split_sigmoid", random_state=0, device="auto",
                        record_every=10, grid=None, dtype=torch.float32):
    """Train ``n_seeds`` independent networks of one family at once on the two spirals.

    Parameters
    ----------
    model : SpiralModel
        Family (algebra and widths).
    n_seeds : int, default=100
        Independent initialisations, trained as one batched module.
    max_epochs : int, default=5000
        Full-batch epochs (the same optimiser budget for every family).
    learning_rate : float, default=0.01
        Step size of the solver.
    solver : str, default="adam"
        Engine solver.
    init : {"he", "even"}, default="he"
        Initialisation (E abs(w)^2 = gain^2 / fan_in).
    activation : str, default="split_sigmoid"
        Hidden activation; outputs are always (split) sigmoids, as the 40-20-40
        criterion needs outputs in (0, 1).
    random_state : int, default=0
        Seed of the local generator.
    device : str, default="auto"
        Device.
    record_every : int, default=10
        Epoch stride of the recorded per-network loss and success.
    grid : ndarray of shape (n_grid, 2) or None
        Points at which the *typical* network (the solved one with the median
        epochs to success, else the one with the median final loss) is evaluated
        for a decision-region plot.
    dtype : torch.dtype, default=torch.float32
        Training dtype.

    Returns
    -------
    dict
        ``epochs`` (recorded epochs), ``loss`` (n_records, S) per-network mean
        over samples and output components of (1/2)(y - f)^2, ``solved`` (n_records, S) 40-20-40 success at those
        epochs, ``first_success`` (S,) first recorded epoch with all 194 points
        correct (NaN if never), ``final_loss`` (S,), ``outputs`` (S, n, n_out m)
        final sigmoid outputs, ``state`` (CPU state dict), ``seconds``, ``device``.
    """
    import time

    X, y = spiral_data()
    Xn, T = _inputs_targets(model, X, y)
    be = Backend.from_params(device=device, random_state=random_state, dtype=dtype)
    A = get_algebra(model.algebra)
    net = HypercomplexMLP(model.n_in, model.hidden, model.n_out, A, activation=activation,
                          output_activation=None, n_models=n_seeds, dtype=dtype)
    hypercomplex_init_(net, init, be.generator, gain=get_activation(activation).gain)
    net = net.to(be.device)
    Xt = be.tensor(Xn)
    Tt = be.tensor(T)
    n_rec = max_epochs // record_every + 1
    rec_loss = torch.full((n_rec, n_seeds), float("nan"), device=be.device, dtype=dtype)
    rec_solved = torch.zeros((n_rec, n_seeds), dtype=torch.bool, device=be.device)
    state = {"epoch": 0}

    def loss(out, t):
        # out: (S, n, k) pre-activations; each network's mean over samples and output
        # components of 1/2 (y - f)^2 (per component, so families with one and with two
        # output components have comparable losses)
        f = torch.sigmoid(out)
        per_net = 0.5 * ((f - t) ** 2).mean(dim=(1, 2))
        e = state["epoch"]
        if e % record_every == 0:
            with torch.no_grad():
                ok = torch.where(t > 0.5, f >= 0.6, f <= 0.4).all(dim=2).all(dim=1)
                rec_loss[e // record_every] = per_net.detach()
                rec_solved[e // record_every] = ok
        state["epoch"] = e + 1
        return per_net.sum()

    t0 = time.perf_counter()
    train(net, Xt, Tt, loss=loss, solver=solver, learning_rate=learning_rate, max_iter=max_epochs,
          batch_size="full", generator=be.generator)
    with torch.no_grad():
        f = torch.sigmoid(net(Xt))
        per_net = 0.5 * ((f - Tt) ** 2).mean(dim=(1, 2))
        ok = torch.where(Tt > 0.5, f >= 0.6, f <= 0.4).all(dim=2).all(dim=1)
    seconds = time.perf_counter() - t0
    epochs = np.arange(n_rec) * record_every
    loss_np = to_numpy(rec_loss).astype(np.float64)
    solved = to_numpy(rec_solved)
    # the final state (after max_epochs updates) as one more record
    epochs = np.append(epochs[: max_epochs // record_every + 1], max_epochs)
    loss_np = np.vstack([loss_np, to_numpy(per_net)[None].astype(np.float64)])
    solved = np.vstack([solved, to_numpy(ok)[None]])
    any_solved = solved.any(axis=0)
    first = np.where(any_solved, epochs[np.argmax(solved, axis=0)], np.nan)
    final = loss_np[-1]
    if any_solved.any():
        idx = np.flatnonzero(any_solved)
        typical = int(idx[np.argsort(first[idx])[len(idx) // 2]])
    else:
        typical = int(np.argsort(final)[len(final) // 2])
    grid_out = None
    if grid is not None:
        with torch.no_grad():
            g = torch.sigmoid(net(be.tensor(np.asarray(grid, dtype=float))))[typical]
        grid_out = to_numpy(g).astype(np.float64).mean(axis=1)
    return {
        "typical": typical, "grid_output": grid_out,
        "epochs": epochs, "loss": loss_np, "solved": solved, "first_success": first,
        "final_loss": loss_np[-1], "outputs": to_numpy(f).astype(np.float64),
        "state": {k: v.detach().cpu() for k, v in net.state_dict().items()},
        "seconds": seconds, "device": str(be.device),
    }


@validate_params(
    {
        "epochs": ["array-like"],
        "loss": ["array-like"],
        "solved": ["array-like"],
        "window": [Interval(Real, 0, None, closed="left")],
        "rel_tol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def plateau_mask(epochs, loss, solved, window=1000, rel_tol=0.01):
    """Runs on a plateau at the end: still failing and no progress over the last ``window`` epochs.

    "No progress" is :func:`sknnmath.singularities.detect_plateaus`' definition applied to
    the *best loss so far* (the running minimum) over the records of the last ``window``
    epochs: it fell by at most ``rel_tol`` times its value. For a monotone loss — full-batch
    gradient descent, the plateau study — the running minimum is the loss itself, so the
    definition is the detector's; Adam's loss oscillates, and a range criterion on the raw
    loss counts a run with one spike in the window as moving although its best loss has
    stalled. One detector serves the two-spirals and the plateau studies.

    Parameters
    ----------
    epochs : ndarray of shape (n_records,)
        Recorded epochs (non-decreasing).
    loss : ndarray of shape (n_records, S)
        Loss per record and run.
    solved : ndarray of shape (n_records, S)
        Whether the run classified every point correctly at that record.
    window : int, default=1000
        Window length in epochs.
    rel_tol : float, default=0.01
        Largest relative range of the loss within a flat window.

    Returns
    -------
    ndarray of bool, shape (S,)
        True for the runs that never succeeded and end on a plateau.

    See Also
    --------
    sknnmath.singularities.detect_plateaus : Epochs on a plateau, per run.
    """
    from ..singularities import detect_plateaus  # local: singularities imports this package

    epochs = np.asarray(epochs)
    loss = np.asarray(loss, dtype=np.float64)
    i0 = int(np.searchsorted(epochs, epochs[-1] - window))
    # a run's progress is its best loss so far (fmin: a NaN record does not erase it)
    tail = np.fmin.accumulate(loss, axis=0)[i0:]
    tail[~np.isfinite(loss[i0:])] = np.nan
    # a run whose loss overflowed diverged: it is not on a plateau
    finite = np.isfinite(tail).all(axis=0)
    flat = np.zeros(loss.shape[1], dtype=bool)
    if finite.any():
        flat[finite] = detect_plateaus(tail[:, finite], window=max(tail.shape[0] - 1, 1),
                                       rtol=rel_tol)[-1]
    return flat & ~np.asarray(solved).any(axis=0)
