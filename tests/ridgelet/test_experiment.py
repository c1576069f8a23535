"""The batched 1000-network experiment: gradients, independence, agreement metrics."""

import numpy as np
import pytest
import torch

try:
    from tests._markers import requires_cuda
except ImportError:  # pragma: no cover
    requires_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

from sknnmath.datasets import make_sine_grid
from sknnmath.ridgelet import torch_activation
from sknnmath.ridgelet._experiment import (
    BatchedShallowNetworks,
    _sum_of_network_losses,
    spectrum_agreement,
    train_shallow_networks,
)


@pytest.mark.parametrize("activation", ["tanh", "gaussian", "relu"])
def test_hand_written_backward_matches_autograd(activation):
    g = torch.Generator().manual_seed(0)
    P = [torch.randn(7, 4, generator=g, dtype=torch.float64) for _ in range(3)]
    P.append(torch.randn(7, generator=g, dtype=torch.float64))
    x = torch.linspace(-1, 1, 31, dtype=torch.float64)[:, None]
    y = torch.sin(2 * np.pi * x[:, 0])
    net = BatchedShallowNetworks(*[p.clone() for p in P], activation)
    _sum_of_network_losses(net(x), y).backward()
    ref = [p.clone().requires_grad_() for p in P]
    out = (torch_activation(activation)(x[:, :, None] * ref[0][None] - ref[1][None]) * ref[2][None]).sum(-1)
    _sum_of_network_losses(out + ref[3][None], y).backward()
    for p, q in zip([net.a, net.b, net.c, net.d], ref):
        torch.testing.assert_close(p.grad, q.grad, rtol=1e-10, atol=1e-12)


def test_networks_train_independently():
    # network 0 trained among others == network 0 trained alone (summed losses, Adam is elementwise)
    from sknnmath._engine import train

    X, y = make_sine_grid()
    x, yt = torch.as_tensor(X), torch.as_tensor(y)
    g = torch.Generator().manual_seed(0)
    P = [torch.randn(3, 4, generator=g, dtype=torch.float64) for _ in range(3)]
    P.append(torch.randn(3, generator=g, dtype=torch.float64))
    many = BatchedShallowNetworks(*[p.clone() for p in P], "gaussian")
    alone = BatchedShallowNetworks(*[p[:1].clone() for p in P], "gaussian")
    for net in (many, alone):
        res = train(net, x, yt, loss=_sum_of_network_losses, solver="adam", learning_rate=0.1,
                    max_iter=40, generator=torch.Generator().manual_seed(1))
        assert res.loss_curve[-1] < res.loss_curve[0]
    for p_many, p_alone in zip([many.a, many.b, many.c, many.d], [alone.a, alone.b, alone.c, alone.d]):
        torch.testing.assert_close(p_many[:1], p_alone, rtol=1e-9, atol=1e-11)
    out = train_shallow_networks(X, y, n_networks=3, n_hidden=4, max_iter=5, random_state=0, device="cpu")
    assert out["a"].shape == (12,) and out["loss"].shape == (3,)


def test_agreement_metrics():
    a = np.linspace(-5, 5, 101)
    b = np.linspace(-5, 5, 101)
    spec = np.exp(-((a[:, None] - 2) ** 2 + b[None, :] ** 2))  # one bump at (2, 0)
    rng = np.random.default_rng(0)
    on = (rng.normal(2, 0.3, 500), rng.normal(0, 0.3, 500))
    rows = {r["points"]: r for r in spectrum_agreement(spec, a, b, {"on": on}, quantiles=(0.5,))}
    assert rows["on"]["share_top50"] > 0.9
    assert rows["uniform"]["share_top50"] == pytest.approx(rows["uniform"]["area_top50"], abs=0.05)
    assert rows["on"]["spearman"] > rows["uniform"]["spearman"]
    assert rows["on"]["enrichment"] > 5


@requires_cuda
def test_batched_training_on_cuda():
    X, y = make_sine_grid()
    out = train_shallow_networks(X, y, n_networks=50, n_hidden=10, max_iter=50, device="cuda")
    assert out["device"].startswith("cuda") and np.all(np.isfinite(out["a"]))
    assert out["loss_curve"][-1] < out["loss_curve"][0]


@pytest.mark.parametrize("activation", ["tanh", "gaussian", "relu"])
def test_kept_buffers_refuse_stale_backward(activation):
    # the forward writes into reusable buffers and the backward overwrites one of them; a second
    # backward, or a backward after another forward, must raise instead of returning wrong grads
    g = torch.Generator().manual_seed(0)
    P = [torch.randn(5, 3, generator=g, dtype=torch.float64) for _ in range(3)]
    P.append(torch.randn(5, generator=g, dtype=torch.float64))
    net = BatchedShallowNetworks(*P, activation)
    x = torch.linspace(-1, 1, 9, dtype=torch.float64)[:, None]
    y = torch.cos(x[:, 0])
    loss = _sum_of_network_losses(net(x), y)
    loss.backward(retain_graph=True)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    first = _sum_of_network_losses(net(x), y)
    net(x)  # overwrites the buffers `first` saved
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        first.backward()
    # a new shape gets new buffers: a graph built before it still holds valid ones
    net.zero_grad()
    kept = _sum_of_network_losses(net(x), y)
    small = net(x[:5])
    kept.backward()
    grads = [p.grad.clone() for p in net.parameters()]
    net.zero_grad()
    _sum_of_network_losses(net(x), y).backward()
    for g1, p in zip(grads, net.parameters()):
        torch.testing.assert_close(g1, p.grad)
    out = (torch_activation(activation)(x[:5, :, None] * P[0] - P[1]) * P[2]).sum(-1) + P[3]
    torch.testing.assert_close(small, out)


def test_batched_module_pickles_without_scratch_buffers():
    import pickle

    g = torch.Generator().manual_seed(0)
    net = BatchedShallowNetworks(*[torch.randn(4, 3, generator=g) for _ in range(3)],
                                 torch.randn(4, generator=g), "tanh")
    x = torch.linspace(-1, 1, 50)[:, None]
    before = net(x).detach()
    blob = pickle.dumps(net)
    assert len(blob) < 20_000  # the (4, 3, 50) buffers are not in it
    torch.testing.assert_close(pickle.loads(blob)(x), before)
