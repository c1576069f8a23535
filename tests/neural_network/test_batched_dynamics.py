"""Batched networks for many seeds at once: batch norm, gradient recorder, weight penalties."""

import numpy as np
import pytest
import torch

from sknnmath._engine import train
from sknnmath._layers import build_mlp, weight_parameters
from sknnmath.callbacks import GradientNormRecorder


def _gens(n, base=0):
    return [torch.Generator().manual_seed(base + s) for s in range(n)]


@pytest.mark.parametrize("training", [True, False])
def test_batched_batch_norm_equals_single_networks(training):
    S = 3
    X = torch.randn(20, 4, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    batched = build_mlp(4, (5, 5), 2, activation="sigmoid", batch_norm=True, generator=_gens(S),
                        dtype=torch.float64, n_models=S)
    batched.train()
    batched(X)  # one step of running statistics
    singles = [batched.model(s) for s in range(S)]
    batched.train(training)
    out = batched(X)
    for s, m in enumerate(singles):
        m.train(training)
        torch.testing.assert_close(out[s], m(X), rtol=1e-12, atol=1e-12)


def test_recorder_per_model_norms_equal_single_model_gradients():
    """Loss summed over models: each model's recorded norm is its own gradient norm."""
    S = 4
    X = torch.randn(30, 3, generator=torch.Generator().manual_seed(2))
    y = (X[:, 0] > 0).long()
    net = build_mlp(3, (6, 6), 2, activation="tanh", generator=_gens(S), n_models=S)
    singles = [net.model(s) for s in range(S)]
    rec = GradientNormRecorder()
    train(net, X, y, loss="cross_entropy", solver="sgd", learning_rate=0.1, max_iter=1, callbacks=[rec])
    assert rec.gradient_norms_.shape == (1, 3, S)
    for s, m in enumerate(singles):
        loss = torch.nn.functional.cross_entropy(m(X), y)
        grads = torch.autograd.grad(loss, [lin.weight for lin in m.layers()])
        expected = np.array([float(g.norm()) for g in grads])
        np.testing.assert_allclose(rec.gradient_norms_[0, :, s], expected, rtol=1e-5)


def test_penalty_acts_on_weights_only_for_batched_networks():
    S = 2
    net = build_mlp(2, (3,), 1, activation="relu", batch_norm=True, generator=_gens(S), n_models=S)
    names = [n for n, _ in weight_parameters(net)]
    assert names == ["weights.0", "weights.1"]
    X = torch.randn(16, 2, generator=torch.Generator().manual_seed(3))
    y = torch.zeros(16, 1)
    with torch.no_grad():
        for b in net.biases:
            b.fill_(1.0)
    # zero learning-rate-free check: with alpha_l2 only the weights shrink, biases keep their gradient
    ref = build_mlp(2, (3,), 1, activation="relu", batch_norm=True, generator=_gens(S), n_models=S)
    ref.load_state_dict(net.state_dict())
    train(net, X, y, solver="sgd", learning_rate=0.1, max_iter=1, alpha_l2=10.0)
    train(ref, X, y, solver="sgd", learning_rate=0.1, max_iter=1, alpha_l2=0.0)
    for b, br in zip(net.biases, ref.biases):
        torch.testing.assert_close(b, br)  # biases are not penalised
    assert any(not torch.allclose(w, wr) for w, wr in zip(net.weights, ref.weights))
