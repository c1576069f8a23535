"""Public skorch callbacks for sknnmath's training engine.

Pass them to any estimator that accepts ``callbacks`` (``MLPClassifier``,
``MLPRegressor``, ``BallNetClassifier``, ``DenoisingAutoencoder`` ...); they
receive the engine's skorch net and write into its history. A callback that
defines ``fitted_attributes()`` hands its results to the estimator, which
stores them as fitted attributes after ``fit`` (see
:func:`set_callback_attributes`) — so they survive ``clone`` inside
``GridSearchCV`` or ``cross_validate``, where the estimator (and its callbacks)
are copies of the ones the user built.
"""

from __future__ import annotations

import numpy as np
import torch
from skorch.callbacks import Callback

__all__ = ["GradientNormRecorder", "HeldOutLoss", "RestoreBestState", "SingularityEscape",
           "set_callback_attributes"]


class HeldOutLoss(Callback):
    """Skorch callback recording the training criterion on held-out data each epoch.

    Works with any sknnmath estimator that accepts ``callbacks``; the values are
    the same loss the network is trained on (without penalties), so training
    and held-out curves are comparable.

    Parameters
    ----------
    X, y : array-like
        Held-out data, already encoded as the estimator encodes its targets
        (integer class indices for classifiers).
    name : str, default="heldout_loss"
        Key written into skorch's history.

    Attributes
    ----------
    curve : list of float
        The held-out loss after each epoch.

    See Also
    --------
    sknnmath.neural_network.MLPClassifier : accepts ``callbacks=[HeldOutLoss(...)]``.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.callbacks import HeldOutLoss
    >>> from sknnmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1); y = X.ravel()
    >>> held = HeldOutLoss(X[:10], y[:10].reshape(-1, 1))
    >>> reg = MLPRegressor(hidden_layer_sizes=(8,), max_iter=5, callbacks=[held],
    ...                    random_state=0, device="cpu").fit(X, y)
    >>> len(held.curve)
    5
    """

    def __init__(self, X, y, name="heldout_loss"):
        self.X = X
        self.y = y
        self.name = name

    def initialize(self):
        self.curve = []
        return self

    def on_epoch_end(self, net, **kwargs):
        X = torch.as_tensor(np.asarray(self.X), dtype=next(net.module_.parameters()).dtype,
                            device=net.device)
        y = torch.as_tensor(np.asarray(self.y), device=net.device)
        if y.is_floating_point():
            y = y.to(X.dtype)
        was_training = net.module_.training
        net.module_.eval()
        with torch.no_grad():
            value = float(net.get_loss(net.infer(X), y, training=False))
        net.module_.train(was_training)
        net.history.record(self.name, value)
        self.curve.append(value)


def _layer_parameters(module):
    """The weight matrices of ``module``, input layer first (see ``_layers.weight_parameters``)."""
    from ._layers import weight_parameters

    return [(name, p) for name, p in weight_parameters(module) if p.requires_grad]


class GradientNormRecorder(Callback):
    """Record the gradient norm of every layer's weight matrix, epoch by epoch.

    A skorch callback for every engine-trained sknnmath estimator
    (``MLPClassifier``, ``MLPRegressor``, ``BallNetClassifier``,
    ``DenoisingAutoencoder`` …): after each back-propagation it takes the
    Frobenius norm ‖∂L/∂W_l‖ of each weight matrix W_l (penalties included, as
    the optimiser sees them) and averages it over the epoch's mini-batches. With
    ``batch_size="full"`` the value of epoch k is exactly the norm of the
    training loss's gradient at the parameters the epoch starts from.

    Each epoch's row is written into skorch's history under ``name``; after
    ``fit`` the estimator holds the table as ``gradient_norms_``. Document 002
    (Tomiya, §III.C) explains with eq. (65) why these norms shrink towards the
    input layer of deep sigmoid networks (vanishing gradients).

    Parameters
    ----------
    name : str, default="gradient_norms"
        History key of each epoch's row of norms.

    Attributes
    ----------
    gradient_norms_ : ndarray of shape (n_epochs, n_layers) or (n_epochs, n_layers, n_models)
        Per-epoch norms, layers ordered from the input layer to the output
        layer. For batched networks (weights of shape (n_models, fan_in,
        fan_out)) each model's norm is kept separately in the last axis.
    layer_names_ : list of str
        Parameter names of the recorded layers.

    See Also
    --------
    sknnmath.neural_network.layer_gradient_norms : The norms at a fitted estimator's parameters.

    References
    ----------
    .. [1] A. Tomiya, "Introduction to neural networks for physics researchers
       (basics)", document 002, §III.B–C.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sknnmath.callbacks import GradientNormRecorder
    >>> from sknnmath.neural_network import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(8, 8), max_iter=5, device="cpu",
    ...                     random_state=0, callbacks=[GradientNormRecorder()]).fit(X, y)
    >>> clf.gradient_norms_.shape  # 5 epochs, 3 weight matrices
    (5, 3)
    """

    def __init__(self, name="gradient_norms"):
        self.name = name

    def initialize(self):
        self.gradient_norms_ = None
        self.layer_names_ = []
        self._rows = []
        self._sum = None
        self._count = 0
        self._params = None
        return self

    def on_train_begin(self, net, **kwargs):
        layers = _layer_parameters(net.module_)
        self.layer_names_ = [name for name, _ in layers]
        self._params = [p for _, p in layers]
        # batched networks declare ``n_models``; a 3-D weight of a single network (the
        # components of a hypercomplex weight) is one layer, not one model per slice
        self._batched = any(getattr(m, "n_models", None) for m in net.module_.modules())
        self._rows = []
        self._sum = None
        self._count = 0

    def _norms(self):
        out = []
        for p in self._params:
            g = p.grad
            if g is None:
                g = torch.zeros_like(p)
            if self._batched:  # batched networks: one norm per model (leading axis)
                out.append(torch.linalg.vector_norm(g.detach(), dim=tuple(range(1, g.ndim))))
            else:
                out.append(torch.linalg.vector_norm(g.detach()))
        return out

    def on_grad_computed(self, net, named_parameters, batch=None, **kwargs):
        norms = self._norms()
        if self._sum is None:
            self._sum = norms
        else:  # stay on the device; one transfer per epoch
            self._sum = [a + b for a, b in zip(self._sum, norms)]
        self._count += 1

    def _close_epoch(self, net):
        if self._count == 0:
            return
        values = [(s / self._count).double().cpu().numpy() for s in self._sum]
        row = np.stack(values, axis=0) if values else np.zeros(0)
        self._rows.append(row)
        net.history.record(self.name, row.tolist())
        self._sum, self._count = None, 0

    def on_epoch_end(self, net, **kwargs):
        self._close_epoch(net)

    def on_train_end(self, net, **kwargs):
        # an epoch interrupted by early stopping (KeyboardInterrupt raised in an
        # earlier callback's on_epoch_end) still counts: close it here
        self._close_epoch(net)
        n_layers = len(self._params or [])
        self.gradient_norms_ = (np.stack(self._rows, axis=0) if self._rows
                                else np.zeros((0, n_layers)))

    def fitted_attributes(self):
        """Attributes the estimator stores after ``fit``.

        Returns
        -------
        dict
            ``{"gradient_norms_": ..., "gradient_layer_names_": ...}``.
        """
        return {"gradient_norms_": self.gradient_norms_,
                "gradient_layer_names_": list(self.layer_names_)}


class RestoreBestState(Callback):
    """Keep the module state with the best held-out score, the starting state included.

    The score is evaluated before the first epoch (the state training starts from, e.g.
    a constructed network) and after every epoch; at the end of training the module is
    reset to the best state. Only a strict improvement replaces the kept state, so on a
    tie the earlier state (the start) wins: training can never end with a lower
    held-out score than its own starting point.

    Parameters
    ----------
    score : callable
        ``score(module) -> float``, higher is better (e.g. held-out accuracy). Called
        under ``torch.no_grad()`` with the module in eval mode.
    min_delta : float, default=0.0
        A trained state replaces the starting state only if its score exceeds the
        start's by more than ``min_delta`` (a noise margin for scores measured on few
        points); among trained states the best score wins (the earlier on a tie).
    name : str, default="restore_best_score"
        Key written into skorch's history each epoch.

    Attributes
    ----------
    scores_ : list of float
        Score of the start (index 0) and after each epoch.
    best_epoch_ : int
        Epoch of the restored state (0 = the starting state).
    best_score_ : float

    See Also
    --------
    sknnmath.ballnet.BallNetClassifier : uses it with held-out accuracy
        (``restore_best=True``).

    Examples
    --------
    >>> import torch
    >>> from sknnmath._engine import train
    >>> from sknnmath.callbacks import RestoreBestState
    >>> net = torch.nn.Linear(1, 1)
    >>> with torch.no_grad():
    ...     _ = net.weight.fill_(2.0), net.bias.fill_(0.0)
    >>> X = torch.linspace(-1, 1, 20).view(-1, 1)
    >>> cb = RestoreBestState(lambda m: -float(((m(X) - 2 * X) ** 2).mean()))
    >>> _ = train(net, X, 3 * X, learning_rate=0.1, max_iter=5, callbacks=[cb])
    >>> cb.best_epoch_, float(net.weight)     # fitting 3x moves away from the score's 2x
    (0, 2.0)
    """

    def __init__(self, score, min_delta=0.0, name="restore_best_score"):
        self.score = score
        self.min_delta = min_delta
        self.name = name

    def _evaluate(self, module):
        was_training = module.training
        module.eval()
        with torch.no_grad():
            value = float(self.score(module))
        module.train(was_training)
        return value

    def _keep(self, net, value, epoch):
        margin = self.min_delta if self.scores_ and self.best_epoch_ == 0 else 0.0
        if not self.scores_ or value > self.best_score_ + margin:
            self.best_score_ = value
            self.best_epoch_ = epoch
            self._best_state = {k: v.detach().clone() for k, v in net.module_.state_dict().items()}
        self.scores_.append(value)

    def on_train_begin(self, net, **kwargs):
        self.scores_ = []
        self._keep(net, self._evaluate(net.module_), 0)

    def on_epoch_end(self, net, **kwargs):
        value = self._evaluate(net.module_)
        net.history.record(self.name, value)
        self._keep(net, value, len(net.history))

    def on_train_end(self, net, **kwargs):
        net.module_.load_state_dict(self._best_state)

    def fitted_attributes(self):
        """Attributes the estimator stores after ``fit``.

        Returns
        -------
        dict
            ``{"best_epoch_": ..., "validation_scores_": ...}``.
        """
        return {"best_epoch_": self.best_epoch_, "validation_scores_": list(self.scores_)}


def set_callback_attributes(estimator, callbacks):
    """Copy every callback's ``fitted_attributes()`` onto a fitted estimator.

    Parameters
    ----------
    estimator : estimator
        The estimator whose ``fit`` used ``callbacks``.
    callbacks : list or None
        Its ``callbacks`` parameter (skorch callbacks or ``(name, callback)`` pairs).

    Returns
    -------
    estimator
        The same estimator.
    """
    for cb in callbacks or []:
        cb = cb[1] if isinstance(cb, tuple) else cb
        getter = getattr(cb, "fitted_attributes", None)
        if callable(getter):
            for key, value in getter().items():
                setattr(estimator, key, value)
    return estimator


class SingularityEscape(Callback):
    """Move units out of a neighbourhood of a hierarchical singularity during training.

    A realisation of document 003's "learning algorithm that forcibly escapes once
    it enters a neighbourhood of a singularity" — not Nitta's exact algorithm,
    which the report does not give. Every ``check_every`` epochs the hidden units
    of the engine's real MLP are scanned as in
    :func:`sknnmath.singularities.find_singularities`; for each finding within
    ``tol`` the unit is moved by ``step`` along a stated direction:

    * ``zero_output``: its outgoing weights v_j become ``step`` times a random
      unit vector;
    * ``zero_input``: its incoming weights w_j become ``step`` times a random
      unit vector;
    * ``duplicate`` (w̃_k ≈ q w̃_j): the two units are pushed apart symmetrically,
      w̃_k ← w̃_k + (step/2) η and w̃_j ← w̃_j − (step/2) q η, η a random unit vector.

    Random directions come from a local ``torch.Generator`` seeded by
    ``random_state`` (global RNGs untouched).

    Batched networks (``build_mlp(..., n_models=S)``, weights (S, fan_in,
    fan_out)) are scanned all at once with tensor operations, and every model is
    checked and moved on its own: a move touches only the parameters of the
    model whose unit is near a singularity, so the other models' trajectories
    are exactly those of training without the callback. A unit is moved at most
    once per scan (the closest finding first).

    Parameters
    ----------
    activation : str
        The network's hidden activation (selects the admissible factors q).
    tol : float, default=1e-2
        Distance to the exact singularity that triggers a move.
    step : float, default=0.5
        Size of the move.
    check_every : int, default=1
        Epochs between scans.
    random_state : int, default=0
        Seed of the local generator.

    Attributes
    ----------
    events : list of tuple
        ``(epoch, finding)`` of every move made; for batched networks
        ``(epoch, model, finding)``.

    See Also
    --------
    sknnmath.singularities.find_singularities : The scan used.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.callbacks import SingularityEscape
    >>> from sknnmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> esc = SingularityEscape("tanh", tol=10.0)  # everything is "near": moves every epoch
    >>> reg = MLPRegressor((3,), activation="tanh", max_iter=2, callbacks=[esc],
    ...                    random_state=0, device="cpu").fit(X, X.ravel())
    >>> len(esc.events) > 0
    True
    """

    def __init__(self, activation, tol=1e-2, step=0.5, check_every=1, random_state=0):
        self.activation = activation
        self.tol = tol
        self.step = step
        self.check_every = check_every
        self.random_state = random_state

    def initialize(self):
        self.events = []
        self._epoch = 0
        self._gen = torch.Generator().manual_seed(int(self.random_state))
        return self

    def _unit(self, n, dtype):
        v = torch.randn(n, generator=self._gen, dtype=torch.float64)
        return (v / v.norm()).to(dtype)

    def _move(self, s, lin_w, lin_b, nxt_w, model=None):
        """Move one finding out of the neighbourhood (views: weight (fan_in, fan_out) layout)."""
        dt, dev = lin_w.dtype, lin_w.device
        if s.kind == "zero_output":
            nxt_w[s.unit, :] = self.step * self._unit(nxt_w.shape[1], dt).to(dev)
        elif s.kind == "zero_input":
            lin_w[:, s.unit] = self.step * self._unit(lin_w.shape[0], dt).to(dev)
        else:
            eta = self._unit(lin_w.shape[0] + 1, dt).to(dev) * (self.step / 2)
            q = float(np.real(s.factor))
            lin_b[s.unit] += eta[0]
            lin_w[:, s.unit] += eta[1:]
            lin_b[s.partner] -= q * eta[0]
            lin_w[:, s.partner] -= q * eta[1:]
        self.events.append((self._epoch, s) if model is None else (self._epoch, model, s))

    def on_epoch_end(self, net, **kwargs):
        from ._layers import BatchedMLP
        from .singularities._core import _scan, _scan_batched

        self._epoch += 1
        if self._epoch % self.check_every:
            return
        module = net.module_
        if isinstance(module, BatchedMLP):
            if module.batch_norm or any(module.skips):
                raise TypeError("SingularityEscape needs batched MLPs without batch_norm or skip connections.")
            with torch.no_grad():
                W = [w.detach() for w in module.weights]
                b = [v.detach()[:, 0, :] for v in module.biases]
                moved = set()
                found = _scan_batched(W, b, self.activation, self.tol)
                for m, s in sorted(found, key=lambda ms: (ms[0], ms[1].distance)):
                    if (m, s.layer, s.unit) in moved:
                        continue
                    moved.add((m, s.layer, s.unit))
                    self._move(s, module.weights[s.layer][m], module.biases[s.layer][m, 0],
                               module.weights[s.layer + 1][m], model=m)
            return
        if not callable(getattr(module, "layers", None)):
            raise TypeError("SingularityEscape needs a real MLP module (MLPModule with layers(), or a "
                            f"batched BatchedMLP from build_mlp(n_models=S)); got {type(module).__name__}.")
        lins = module.layers()
        with torch.no_grad():
            W = [lin.weight.detach().double().cpu().numpy().T for lin in lins]
            b = [lin.bias.detach().double().cpu().numpy() for lin in lins]
            moved = set()
            for s in sorted(_scan(W, b, self.activation, self.tol), key=lambda s: s.distance):
                if (s.layer, s.unit) in moved:
                    continue
                moved.add((s.layer, s.unit))
                lin, nxt = lins[s.layer], lins[s.layer + 1]
                # nn.Linear stores (fan_out, fan_in): the transposed views share storage
                self._move(s, lin.weight.T, lin.bias, nxt.weight.T)
