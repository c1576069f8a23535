"""The training engine: the only epoch loop in sknnmath.

Built on skorch's :class:`~skorch.NeuralNet` so that users can pass skorch
callbacks (``EarlyStopping``, ``LRScheduler``, ``ProgressBar``, ``Checkpoint`` …)
and get skorch's ``verbose`` epoch table. Two things make it fast on the small
full-batch problems of the documents:

* data never goes through a per-sample ``Dataset.__getitem__`` /
  ``default_collate``: :class:`TensorBatches` slices tensors that already live
  on the target device (one zero-copy batch for ``batch_size="full"``);
* skorch's default callbacks are replaced by a single recorder callback.

Estimators call :func:`train`; they never write their own epoch loop, build a
DataLoader or touch CUDA.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np
import torch
from skorch import NeuralNet
from skorch.callbacks import Callback, EpochTimer, PrintLog
from skorch.utils import TeeGenerator
from torch import nn

from ._backend import retain_cpu_heap
from ._layers import (
    LOSSES,
    OPTIMIZERS,
    get_loss,
    get_optimizer,
    init_parameters,
    make_linear,
    weight_parameters,
)

initialize_parameters = init_parameters  # compatibility: the initialisers moved to _layers

__all__ = [
    "train",
    "HeldOutLoss",
    "TrainResult",
    "TensorBatches",
    "initialize_parameters",
    "make_linear",
    "LOSSES",
    "SOLVERS",
]

# the loss and optimiser tables live in the layer registry; SOLVERS keeps the old name
SOLVERS = tuple(OPTIMIZERS)


# --------------------------------------------------------------------------------------
# data: tensors on the device, sliced by index
# --------------------------------------------------------------------------------------
class _TensorData(torch.utils.data.Dataset):
    """Holds X and y as tensors; skorch passes it through untouched."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return self.X.shape[0]

    def __getitem__(self, i):  # only for third-party code; the engine never calls it
        return self.X[i], (self.y[i] if self.y is not None else torch.empty(0))


class TensorBatches:
    """Batch iterator over a :class:`_TensorData` by tensor slicing.

    Replaces ``torch.utils.data.DataLoader`` (per-sample ``__getitem__`` and
    ``default_collate`` made skorch ~9× slower than a plain loop on full-batch
    problems).

    Parameters
    ----------
    dataset : _TensorData
        Tensors already on the target device.
    batch_size : int
        Batch size; ``>= len(dataset)`` yields the full batch without copying.
    shuffle : bool, default=False
        Draw a new permutation each epoch from ``generator``.
    generator : torch.Generator or None
        Local generator for the permutation (and for ``transform``).
    transform : callable or None
        ``transform(Xb, yb, generator) -> (Xb, yb)`` applied to each batch
        (e.g. fresh noise for a denoising autoencoder).
    """

    def __init__(self, dataset, batch_size, shuffle=False, generator=None, transform=None):
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.generator = generator
        self.transform = transform

    def __len__(self):
        return max(1, math.ceil(len(self.dataset) / self.batch_size))

    def __iter__(self):
        X, y = self.dataset.X, self.dataset.y
        n = X.shape[0]
        if self.batch_size >= n:
            batches = [(X, y)]
        else:
            if self.shuffle:
                idx = torch.randperm(n, generator=self.generator).to(X.device)
            else:
                idx = torch.arange(n, device=X.device)
            batches = (
                (X[i], y[i] if y is not None else None)
                for i in torch.split(idx, self.batch_size)
            )
        for Xb, yb in batches:
            if self.transform is not None:
                Xb, yb = self.transform(Xb, yb, self.generator)
            yield Xb, yb


# --------------------------------------------------------------------------------------
# losses
# --------------------------------------------------------------------------------------
class _Criterion(nn.Module):
    """A loss of :data:`sknnmath._layers.LOSSES` (or a callable) as an ``nn.Module`` for skorch."""

    def __init__(self, loss):
        super().__init__()
        self.loss = loss
        self._fn = get_loss(loss)

    def forward(self, out, y):
        return self._fn(out, y)


# --------------------------------------------------------------------------------------
# the skorch net behind the façade
# --------------------------------------------------------------------------------------
class _EngineNet(NeuralNet):
    """skorch ``NeuralNet`` with sknnmath's penalties, parameter subsets and no default callbacks."""

    def __init__(self, *args, alpha_l1=0.0, alpha_l2=0.0, param_subset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alpha_l1 = alpha_l1
        self.alpha_l2 = alpha_l2
        self.param_subset = param_subset

    @property
    def _default_callbacks(self):
        return []

    def get_all_learnable_params(self):
        if self.param_subset is None:
            yield from super().get_all_learnable_params()
            return
        ids = {id(p) for p in self.param_subset}
        for name, p in self.module_.named_parameters():
            if id(p) in ids:
                yield name, p

    def _penalised_weights(self):
        # weight matrices only (batched biases (S, 1, b) and norm scales are not weights)
        cached = getattr(self, "_sknn_penalised", None)
        if cached is None or cached[0] is not self.module_:
            learnable = {id(p) for _, p in self.get_all_learnable_params()}
            cached = (self.module_, [p for _, p in weight_parameters(self.module_)
                                     if p.requires_grad and id(p) in learnable])
            self._sknn_penalised = cached
        return cached[1]

    def get_loss(self, y_pred, y_true, X=None, training=False):
        loss = self.criterion_(y_pred, y_true)
        if training and (self.alpha_l2 > 0 or self.alpha_l1 > 0):
            # E_L2 = ½ Σ w², E_L1 = Σ |w| over weight matrices only (document 002)
            weights = self._penalised_weights()
            if self.alpha_l2 > 0:
                loss = loss + self.alpha_l2 * 0.5 * sum(w.pow(2).sum() for w in weights)
            if self.alpha_l1 > 0:
                loss = loss + self.alpha_l1 * sum(w.abs().sum() for w in weights)
        return loss

    # Lean per-step path. skorch's generic train_step builds a closure and a step
    # accumulator (for LBFGS-style optimisers) and notifies callbacks on every batch;
    # none of our optimisers needs the closure, and the batch-level notifications
    # only run when the user passed callbacks (or asked for verbose output).
    _sknn_user_hooks = True

    def train_step(self, batch, **fit_params):
        self._zero_grad_optimizer()
        step = self.train_step_single(batch, **fit_params)
        if self._sknn_user_hooks:
            self.notify("on_grad_computed", named_parameters=TeeGenerator(self.get_all_learnable_params()),
                        batch=batch)
        self.optimizer_.step()
        return step

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        if iterator is None:
            return
        if self._sknn_user_hooks:
            return super().run_single_epoch(iterator, training, prefix, step_fn, **fit_params)
        # skorch's History.__getitem__ parses keys and copies lists on every
        # history[-1]; the epoch row is a plain dict, so hold it directly.
        epoch_row = list.__getitem__(self.history, -1)
        batches = epoch_row["batches"]
        batch_count = 0
        for batch in iterator:
            step = step_fn(batch, **fit_params)
            batches.append({prefix + "_loss": step["loss"].item(),
                            prefix + "_batch_size": batch[0].shape[0]})
            batch_count += 1
        epoch_row[prefix + "_batch_count"] = batch_count

    def _set_training(self, training=True):
        # skorch calls module.train() on every step, which walks all submodules;
        # switch only when the mode changes (train ↔ validation)
        if getattr(self, "_sknn_training_mode", None) is training:
            return
        self._sknn_training_mode = training
        super()._set_training(training)

    def infer(self, x, **fit_params):
        # x is already a tensor on the right device: skip skorch's conversions
        return self.module_(x, **fit_params)


class _Recorder(Callback):
    """Per-epoch losses into skorch's history, and validation-based early stopping."""

    def __init__(self, early_stopping, n_iter_no_change, tol, has_valid, stop_on_train_loss=False,
                 optimizer_state=None):
        self.early_stopping = early_stopping
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.has_valid = has_valid
        self.stop_on_train_loss = stop_on_train_loss
        self.optimizer_state = optimizer_state

    def initialize(self):
        self.loss_curve = []
        self.valid_curve = []
        self.best_loss = np.inf
        self.best_state = None
        self.no_improve = 0
        self.stopped_early = False
        self.best_train_loss = np.inf
        self.train_no_improve = 0
        return self

    def on_train_begin(self, net, **kwargs):
        # continue from a previous call's optimiser state (partial_fit)
        if self.optimizer_state is not None:
            net.optimizer_.load_state_dict(self.optimizer_state)

    @staticmethod
    def _mean(batches, prefix):
        tot = sum(b[prefix + "_loss"] * b[prefix + "_batch_size"] for b in batches if prefix + "_loss" in b)
        n = sum(b[prefix + "_batch_size"] for b in batches if prefix + "_loss" in b)
        return tot / n if n else float("nan")

    def on_epoch_end(self, net, **kwargs):
        row = list.__getitem__(net.history, -1)  # the epoch's dict (see run_single_epoch)
        batches = row["batches"]
        if len(batches) == 1:  # full batch: skip the generic averaging
            train_loss = batches[0].get("train_loss", float("nan"))
        else:
            train_loss = self._mean(batches, "train")
        if not np.isfinite(train_loss):
            raise FloatingPointError(
                f"Training diverged: the loss became {train_loss} at epoch {len(net.history)}. "
                "Lower the learning rate or standardise the inputs."
            )
        row["train_loss"] = train_loss
        self.loss_curve.append(train_loss)
        if self.stop_on_train_loss and not self.early_stopping:
            # scikit-learn's MLP rule: count epochs whose loss is not below best - tol (absolute)
            if train_loss > self.best_train_loss - self.tol:
                self.train_no_improve += 1
            else:
                self.train_no_improve = 0
            self.best_train_loss = min(self.best_train_loss, train_loss)
            if self.train_no_improve > self.n_iter_no_change:
                self.stopped_early = True
                raise KeyboardInterrupt  # skorch's own way to end fit_loop
        if not self.has_valid:
            return
        valid_loss = self._mean(batches, "valid")
        row["valid_loss"] = valid_loss
        self.valid_curve.append(valid_loss)
        if not self.early_stopping:
            return
        improved = (not np.isfinite(self.best_loss)
                    or valid_loss < self.best_loss - self.tol * max(1.0, abs(self.best_loss)))
        if improved:
            self.best_loss = valid_loss
            self.best_state = copy.deepcopy(net.module_.state_dict())
            self.no_improve = 0
        else:
            self.no_improve += 1
            if self.no_improve >= self.n_iter_no_change:
                self.stopped_early = True
                raise KeyboardInterrupt  # skorch's own way to end fit_loop (see EarlyStopping)

    def on_train_end(self, net, **kwargs):
        if self.early_stopping and self.best_state is not None:
            net.module_.load_state_dict(self.best_state)


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    module : torch.nn.Module
        The trained module (the object passed in).
    loss_curve : list of float
        Training loss per epoch (penalties included).
    validation_scores : list of float
        Negative validation loss per epoch (empty without a validation split).
    n_iter : int
        Number of epochs run.
    stopped_early : bool
        Whether early stopping (validation) or ``stop_on_train_loss`` ended training.
    history : list of dict
        skorch's history (per-epoch rows).
    optimizer_state : dict or None
        CPU copy of the optimiser's state dict at the end (to continue with
        ``optimizer_state=`` in a later call, as ``partial_fit`` does).
    """

    module: nn.Module
    loss_curve: list = field(default_factory=list)
    validation_scores: list = field(default_factory=list)
    n_iter: int = 0
    stopped_early: bool = False
    history: list = field(default_factory=list)
    optimizer_state: dict | None = None


def _optimizer(solver, momentum):
    cls, kwargs = get_optimizer(solver, momentum)
    return cls, {f"optimizer__{k}": v for k, v in kwargs.items()}


def train(module, X, y=None, *, loss="squared_error", solver="adam", learning_rate=1e-3,
          max_iter=200, batch_size="full", shuffle=True, momentum=0.9, alpha_l2=0.0,
          alpha_l1=0.0, early_stopping=False, validation_fraction=0.1, n_iter_no_change=10,
          tol=1e-4, X_val=None, y_val=None, batch_transform=None, generator=None,
          callbacks=None, verbose=0, params=None, stop_on_train_loss=False, optimizer_state=None):
    """Train ``module`` on tensors ``X``, ``y`` — the package's only epoch loop.

    Parameters
    ----------
    module : torch.nn.Module
        Module already on the device of ``X``.
    X, y : torch.Tensor
        Training data on the target device (``y`` may be None for a callable
        loss that ignores it).
    loss : {"squared_error", "cross_entropy", "binary_cross_entropy"} or callable
        ``squared_error`` is the documents' L = (1/N) Σ ½‖y − f(x)‖² (on
        one-hot targets for classifiers); a callable gets ``(output, y_batch)``.
    solver : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
        Optimiser (``momentum`` is SGD with heavy-ball ``momentum``).
    learning_rate : float, default=1e-3
        Step size.
    max_iter : int, default=200
        Number of epochs.
    batch_size : "full" or int, default="full"
        Full batch, or shuffled mini-batches drawn by index on the device.
    shuffle : bool, default=True
        Reshuffle mini-batches each epoch.
    momentum : float, default=0.9
        Momentum of the ``"momentum"`` solver.
    alpha_l2, alpha_l1 : float, default=0.0
        Weights of ½Σw² and Σ|w| over weight matrices (parameters with ndim ≥ 2).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data (or use ``X_val``) and stop
        when the validation loss has not improved by ``tol`` (relative) for
        ``n_iter_no_change`` epochs; the best weights are restored.
    validation_fraction : float, default=0.1
        Fraction held out when ``early_stopping`` and no ``X_val`` is given.
    n_iter_no_change : int, default=10
        Patience of early stopping.
    tol : float, default=1e-4
        Relative improvement that counts for early stopping.
    X_val, y_val : torch.Tensor or None
        Explicit validation data (recorded each epoch even without early stopping).
    batch_transform : callable or None
        ``f(Xb, yb, generator) -> (Xb, yb)`` applied to each training batch.
    generator : torch.Generator or None
        Local CPU generator for shuffling, the validation split and ``batch_transform``.
    callbacks : list of skorch callbacks or None
        Passed to the skorch net (e.g. ``skorch.callbacks.LRScheduler``).
    verbose : int, default=0
        ``> 0`` prints skorch's per-epoch table.
    params : iterable of parameters or None
        Optimise only these (default: all parameters of ``module``).
    stop_on_train_loss : bool, default=False
        Without ``early_stopping``: stop when the training loss has not decreased
        by at least ``tol`` (absolute) for more than ``n_iter_no_change``
        consecutive epochs — scikit-learn's MLP rule.
    optimizer_state : dict or None
        An optimiser state dict (``TrainResult.optimizer_state``) to continue from.

    Returns
    -------
    TrainResult

    Examples
    --------
    >>> import torch
    >>> from sknnmath._engine import train
    >>> from sknnmath._layers import init_parameters, make_linear
    >>> g = torch.Generator().manual_seed(0)
    >>> net = init_parameters(make_linear(1, 1), "he", g)
    >>> X = torch.linspace(-1, 1, 50).view(-1, 1); y = 3 * X
    >>> res = train(net, X, y, solver="adam", learning_rate=0.1, max_iter=300, generator=g)
    >>> round(net.weight.item(), 2)
    3.0
    """
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    get_loss(loss)  # unknown names fail here, before any work
    if X.device.type == "cpu":
        retain_cpu_heap()  # epochs free and re-allocate the same buffers: keep them mapped
    optimizer, opt_kwargs = _optimizer(solver, momentum)
    n = X.shape[0]
    if n == 0:
        raise ValueError("Cannot train on an empty dataset (0 samples).")

    train_data = _TensorData(X, y)
    valid_data = None
    if X_val is not None:
        valid_data = _TensorData(X_val, y_val)
    elif early_stopping:
        n_val = int(math.ceil(validation_fraction * n))
        if n_val < 1 or n - n_val < 1:
            raise ValueError(
                f"early_stopping with validation_fraction={validation_fraction} leaves no "
                f"training or validation samples out of {n}."
            )
        perm = torch.randperm(n, generator=generator).to(X.device)
        vi, ti = perm[:n_val], perm[n_val:]
        train_data = _TensorData(X[ti], None if y is None else y[ti])
        valid_data = _TensorData(X[vi], None if y is None else y[vi])
    n_train = len(train_data)
    bs = n_train if batch_size == "full" else int(batch_size)
    if bs < 1:
        raise ValueError(f"batch_size must be 'full' or a positive integer; got {batch_size!r}.")

    recorder = _Recorder(early_stopping and valid_data is not None, n_iter_no_change, tol,
                         valid_data is not None, stop_on_train_loss, optimizer_state)
    cbs = [("sknnmath_recorder", recorder)]
    if verbose:
        cbs = [("epoch_timer", EpochTimer())] + cbs + [("print_log", PrintLog())]
    for i, cb in enumerate(callbacks or []):
        cbs.append(cb if isinstance(cb, tuple) else (f"user_{i}_{type(cb).__name__}", cb))

    fixed_split = (lambda ds, *a, **k: (ds, valid_data)) if valid_data is not None else None
    net = _EngineNet(
        module,
        criterion=_Criterion(loss),
        optimizer=optimizer,
        lr=learning_rate,
        max_epochs=int(max_iter),
        batch_size=bs,
        iterator_train=TensorBatches,
        iterator_valid=TensorBatches,
        iterator_train__shuffle=shuffle,
        iterator_train__generator=generator,
        iterator_train__transform=batch_transform,
        train_split=fixed_split,
        callbacks=cbs,
        verbose=verbose,
        device=str(X.device),
        alpha_l1=alpha_l1,
        alpha_l2=alpha_l2,
        param_subset=list(params) if params is not None else None,
        iterator_valid__batch_size=max(1, len(valid_data)) if valid_data is not None else 1,
        **opt_kwargs,
    )
    net._sknn_user_hooks = bool(callbacks) or bool(verbose)
    net.fit(train_data, None)
    return TrainResult(
        module=net.module_,
        loss_curve=list(recorder.loss_curve),
        validation_scores=[-v for v in recorder.valid_curve],
        n_iter=len(recorder.loss_curve),
        stopped_early=recorder.stopped_early,
        history=list(net.history),
        optimizer_state=_optimizer_state_to_cpu(net.optimizer_.state_dict()),
    )


def _optimizer_state_to_cpu(state):
    return copy.deepcopy({
        "state": {k: {n: (v.detach().cpu() if torch.is_tensor(v) else v) for n, v in st.items()}
                  for k, st in state["state"].items()},
        "param_groups": state["param_groups"],
    })


# HeldOutLoss is public in sknnmath.callbacks; this import keeps old code working
from .callbacks import HeldOutLoss  # noqa: E402
