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


def test_early_stopping_stops_and_restores_best():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(60, 3, generator=g)
    y = torch.randn(60, 1, generator=g)  # pure noise: validation loss soon rises
    res = train(_net(hidden=64), X, y, max_iter=2000, learning_rate=0.02, early_stopping=True,
                validation_fraction=0.3, n_iter_no_change=15, generator=g)
    assert res.stopped_early and res.n_iter < 2000
    assert len(res.validation_scores) == res.n_iter
    best = max(res.validation_scores)
    assert res.validation_scores.index(best) < res.n_iter - 1


def test_skorch_callbacks_pass_through():
    class Count(Callback):
        def initialize(self):
            self.epochs = 0
            return self

        def on_epoch_end(self, net, **kw):
            self.epochs += 1

    X, y = _problem()
    count = Count()
    sched = LRScheduler(policy="StepLR", step_size=5, gamma=0.5)
    train(_net(), X, y, max_iter=12, callbacks=[count, sched])
    assert count.epochs == 12


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
