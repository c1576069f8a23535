import io
from contextlib import redirect_stdout

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback, LRScheduler
from torch import nn

from sknnmath._engine import TensorBatches, _TensorData, train
from sknnmath._layers import init_parameters as initialize_parameters, make_linear


def _problem(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    w = torch.tensor([[1.0], [-2.0], [0.5]])
    y = X @ w + 0.01 * torch.randn(n, 1, generator=g)
    return X, y


def _net(seed=0, hidden=8):
    g = torch.Generator().manual_seed(seed)
    m = nn.Sequential(make_linear(3, hidden), nn.ReLU(), make_linear(hidden, 1))
    return initialize_parameters(m, "he", g)


def test_loss_decreases_and_matches_documents_squared_error():
    X, y = _problem()
    net = _net()
    res = train(net, X, y, loss="squared_error", solver="adam", learning_rate=0.01, max_iter=200)
    assert res.n_iter == 200 and len(res.loss_curve) == 200
    assert res.loss_curve[-1] < 0.05 * res.loss_curve[0]
    with torch.no_grad():
        expected = 0.5 * ((net(X) - y) ** 2).sum(1).mean().item()
    # the last recorded loss is the loss before the last step: close to the final loss
    assert abs(res.loss_curve[-1] - expected) / expected < 0.05


@pytest.mark.parametrize("solver", ["sgd", "momentum", "rmsprop", "adam"])
def test_all_solvers_train(solver):
    X, y = _problem()
    lr = {"sgd": 0.05, "momentum": 0.02, "rmsprop": 0.005, "adam": 0.01}[solver]
    res = train(_net(), X, y, solver=solver, learning_rate=lr, max_iter=150)
    assert res.loss_curve[-1] < 0.2 * res.loss_curve[0]


def test_minibatches_cover_the_data_once_per_epoch():
    X = torch.arange(10.0).view(-1, 1)
    it = TensorBatches(_TensorData(X, X), batch_size=3, shuffle=True,
                       generator=torch.Generator().manual_seed(0))
    seen = torch.cat([xb for xb, _ in it]).view(-1).sort().values
    assert torch.equal(seen, X.view(-1))
    assert len(it) == 4
    full = TensorBatches(_TensorData(X, X), batch_size=10)
    (xb, _), = list(full)
    assert xb.data_ptr() == X.data_ptr()  # full batch is zero-copy


def test_deterministic_and_global_rng_untouched():
    X, y = _problem()
    state = torch.get_rng_state()
    r1 = train(_net(), X, y, batch_size=32, max_iter=20, learning_rate=0.01,
               generator=torch.Generator().manual_seed(1))
    r2 = train(_net(), X, y, batch_size=32, max_iter=20, learning_rate=0.01,
               generator=torch.Generator().manual_seed(1))
    assert r1.loss_curve == r2.loss_curve
    assert torch.equal(state, torch.get_rng_state())


def test_l2_and_l1_penalties_shrink_weights():
    X, y = _problem()
    w0 = train(_net(), X, y, max_iter=200, learning_rate=0.01).module[0].weight.norm().item()
    w2 = train(_net(), X, y, max_iter=200, learning_rate=0.01, alpha_l2=1.0).module[0].weight.norm().item()
    assert w2 < 0.8 * w0
    m1 = train(_net(hidden=16), X, y, max_iter=400, learning_rate=0.01, solver="sgd", alpha_l1=0.05).module
    m0 = train(_net(hidden=16), X, y, max_iter=400, learning_rate=0.01, solver="sgd").module
    assert m1[0].weight.abs().sum() < m0[0].weight.abs().sum()


class _Snapshots(Callback):
    """The module's weights and the optimiser's learning rate at every epoch."""

    def initialize(self):
        self.states, self.lrs = [], []
        return self

    def on_epoch_begin(self, net, **kw):
        self.lrs.append(net.optimizer_.param_groups[0]["lr"])

    def on_epoch_end(self, net, **kw):
        self.states.append({k: v.detach().clone() for k, v in net.module_.state_dict().items()})


def test_early_stopping_stops_and_restores_best():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(60, 3, generator=g)
    y = torch.randn(60, 1, generator=g)  # pure noise: validation loss soon rises
    snap = _Snapshots()
    res = train(_net(hidden=64), X, y, max_iter=2000, learning_rate=0.02, early_stopping=True,
                validation_fraction=0.3, n_iter_no_change=15, generator=g, callbacks=[snap])
    assert res.stopped_early and res.n_iter < 2000
    assert len(res.validation_scores) == res.n_iter
    # the recorder stops fit inside the last epoch's callbacks, before _Snapshots runs
    assert len(snap.states) >= res.n_iter - 1
    best = int(np.argmax(res.validation_scores))
    assert best < res.n_iter - 15
    final = res.module.state_dict()
    # the restored weights are exactly the best epoch's, not the last epoch's
    for k, v in final.items():
        assert torch.equal(v, snap.states[best][k]), k
    assert any(not torch.equal(v, snap.states[-1][k]) for k, v in final.items())


def test_skorch_callbacks_pass_through():
    class Count(Callback):
        def initialize(self):
            self.epochs = 0
            return self

        def on_epoch_end(self, net, **kw):
            self.epochs += 1

    X, y = _problem()
    count, snap = Count(), _Snapshots()
    sched = LRScheduler(policy="StepLR", step_size=5, gamma=0.5)
    train(_net(), X, y, max_iter=12, learning_rate=0.01, callbacks=[count, sched, snap])
    assert count.epochs == 12
    # StepLR halves the rate every 5 epochs: 0.01 (epochs 0-4), 0.005 (5-9), 0.0025 (10-11)
    np.testing.assert_allclose(snap.lrs, [0.01] * 5 + [0.005] * 5 + [0.0025] * 2)


def test_skorch_internals_keep_the_shape_the_engine_overrides():
    """The engine overrides private skorch methods; fail loudly if skorch changes them.

    Tested with the skorch versions declared in pyproject.toml (``skorch>=1.1,<1.5``).
    """
    import inspect

    import skorch
    from skorch import NeuralNet

    from sknnmath._engine import _EngineNet

    major, minor = (int(v) for v in skorch.__version__.split(".")[:2])
    assert (1, 1) <= (major, minor) < (1, 5), skorch.__version__

    def params(f):
        return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]

    P = inspect.Parameter
    assert params(NeuralNet.run_single_epoch) == [
        ("self", P.POSITIONAL_OR_KEYWORD, P.empty), ("iterator", P.POSITIONAL_OR_KEYWORD, P.empty),
        ("training", P.POSITIONAL_OR_KEYWORD, P.empty), ("prefix", P.POSITIONAL_OR_KEYWORD, P.empty),
        ("step_fn", P.POSITIONAL_OR_KEYWORD, P.empty), ("fit_params", P.VAR_KEYWORD, P.empty)]
    assert params(NeuralNet._set_training) == [("self", P.POSITIONAL_OR_KEYWORD, P.empty),
                                               ("training", P.POSITIONAL_OR_KEYWORD, True)]
    assert [n for n, *_ in params(NeuralNet._zero_grad_optimizer)][:1] == ["self"]
    assert all(p.default is not P.empty or p.kind is P.VAR_KEYWORD
               for p in inspect.signature(NeuralNet._zero_grad_optimizer).parameters.values()
               if p.name != "self"), "the engine calls _zero_grad_optimizer() without arguments"
    for name in ("train_step", "train_step_single", "get_loss", "infer", "run_single_epoch",
                 "_set_training"):
        assert params(getattr(_EngineNet, name))[:3] == params(getattr(NeuralNet, name))[:3], name
    # what skorch's own run_single_epoch records, which the fast path reproduces
    src = inspect.getsource(NeuralNet.run_single_epoch)
    for key in ('prefix + "_loss"', 'prefix + "_batch_size"', 'prefix + "_batch_count"'):
        assert key in src, key

    # the history row layout the fast path and the recorder write into directly
    X, y = _problem(n=40)
    res = train(_net(), X, y, max_iter=2, batch_size=16)
    row = res.history[-1]
    assert type(row) is dict and isinstance(row["batches"], list)
    assert {"epoch", "batches", "train_batch_count", "train_loss"} <= set(row)
    assert row["train_batch_count"] == len(row["batches"]) == 3
    assert set(row["batches"][0]) == {"train_loss", "train_batch_size"}
    assert [b["train_batch_size"] for b in row["batches"]] == [16, 16, 8]


def test_verbose_prints_skorch_table():
    X, y = _problem()
    buf = io.StringIO()
    with redirect_stdout(buf):
        train(_net(), X, y, max_iter=3, verbose=1)
    assert "train_loss" in buf.getvalue()


def test_batch_transform_and_param_subset():
    X, y = _problem()
    calls = []

    def noisy(Xb, yb, gen):
        calls.append(Xb.shape[0])
        return Xb + 0.01 * torch.randn(Xb.shape, generator=gen), yb

    net = _net()
    frozen = net[0].weight.detach().clone()
    train(net, X, y, max_iter=5, batch_transform=noisy, params=list(net[2].parameters()))
    assert calls == [200] * 5
    assert torch.equal(net[0].weight, frozen)


def test_cross_entropy_and_bad_arguments():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(100, 2, generator=g)
    y = (X[:, 0] > 0).long()
    m = initialize_parameters(nn.Sequential(make_linear(2, 2)), "glorot", g)
    res = train(m, X, y, loss="cross_entropy", learning_rate=0.1, max_iter=100)
    assert res.loss_curve[-1] < 0.3
    with pytest.raises(ValueError, match="Unknown loss"):
        train(m, X, y, loss="hinge")
    with pytest.raises(ValueError, match="Unknown solver"):
        train(m, X, y, solver="lbfgs", loss="cross_entropy")
    with pytest.raises(ValueError, match="empty"):
        train(m, X[:0], y[:0], loss="cross_entropy")


def test_divergence_raises():
    X, y = _problem()
    with pytest.raises(FloatingPointError, match="diverged"):
        train(_net(), X * 1e20, y, solver="sgd", learning_rate=1e10, max_iter=50)


def test_even_initialisation_is_symmetric():
    g = torch.Generator().manual_seed(0)
    m = initialize_parameters(make_linear(200, 200), "even", g)
    w = m.weight.detach().double().numpy().ravel()
    a = 1 / np.sqrt(200)
    assert np.abs(w).max() <= a
    assert abs(w.mean()) < 3 * a / np.sqrt(3 * w.size)  # mean ≈ 0 (odd moments vanish)
    assert abs((w ** 3).mean()) < 1e-3 * a ** 3 * 10
