"""The layer registry: activations, the one MLP builder (single and batched), initialisers, tables."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from sknnmath._engine import train
from sknnmath._layers import _BatchedAffine  # noqa: E402  (the custom autograd Function)
from sknnmath._layers import (
    ACTIVATIONS,
    LOSSES,
    OPTIMIZERS,
    Activation,
    BatchedMLP,
    MLPModule,
    batched_affine,
    build_mlp,
    check_hidden_sizes,
    get_activation,
    init_parameters,
    make_linear,
    register_activation,
    squared_error,
)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_torch_and_numpy_forms_agree(name):
    act = get_activation(name)
    z = np.linspace(-3, 3, 41)
    np.testing.assert_allclose(act.torch(torch.tensor(z)).numpy(), act.numpy(z), rtol=1e-12, atol=1e-14)
    if act.derivative is not None:  # the closed-form derivative is autograd's
        t = torch.tensor(z[z != 0], requires_grad=True)
        (g,) = torch.autograd.grad(act.torch(t).sum(), t)
        np.testing.assert_allclose(act.derivative(t.detach()).numpy(), g.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_gain_is_torchs(name):
    assert get_activation(name).gain == pytest.approx(nn.init.calculate_gain(name))


def test_smoothness_and_unknown_name():
    assert get_activation("relu").smoothness == 0 and get_activation("tanh").smoothness == math.inf
    with pytest.raises(ValueError, match="registered"):
        get_activation("swish_unknown")


def test_register_complex_activation_and_refuse_duplicates():
    def split_tanh(z):
        return torch.complex(torch.tanh(z.real), torch.tanh(z.imag))

    act = Activation("split_tanh_test", split_tanh, lambda z: np.tanh(z.real) + 1j * np.tanh(z.imag),
                     complex_ok=True)
    try:
        register_activation(act)
        assert get_activation("split_tanh_test").complex_ok
        with pytest.raises(ValueError, match="already registered"):
            register_activation(act)
        net = build_mlp(2, (4,), 1, activation="split_tanh_test", generator=torch.Generator().manual_seed(0),
                        dtype=torch.complex128)
        out = net(torch.ones(3, 2, dtype=torch.complex128))
        assert out.dtype == torch.complex128 and out.shape == (3, 1)
    finally:
        ACTIVATIONS.pop("split_tanh_test", None)


def test_init_uses_local_generator_only():
    state = torch.random.get_rng_state()
    a = build_mlp(3, (5, 5), 2, generator=torch.Generator().manual_seed(1))
    b = build_mlp(3, (5, 5), 2, generator=torch.Generator().manual_seed(1))
    c = build_mlp(3, (5, 5), 2, generator=None)  # uninitialised, for load_state_dict
    c.load_state_dict(a.state_dict())
    assert torch.equal(state, torch.random.get_rng_state())
    for k, v in a.state_dict().items():
        assert torch.equal(v, b.state_dict()[k]) and torch.equal(v, c.state_dict()[k])
    with pytest.raises(ValueError, match="Generator"):
        init_parameters(make_linear(2, 2), "he", None)


def test_he_law_and_even_symmetry():
    g = torch.Generator().manual_seed(0)
    w = init_parameters(make_linear(400, 300, dtype=torch.float64), "he", g, activation="relu").weight.detach()
    assert float(w.std()) == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    e = init_parameters(make_linear(200, 200, dtype=torch.float64), "even", g).requires_grad_(False)
    a = 1 / math.sqrt(200)
    assert float(e.weight.abs().max()) <= a and float(e.bias.abs().max()) <= a
    assert abs(float(e.weight.mean())) < 4 * a / math.sqrt(3 * 200 * 200)


def test_check_hidden_sizes_one_checker():
    assert check_hidden_sizes(7) == (7,) and check_hidden_sizes(np.array([2, 3])) == (2, 3)
    with pytest.raises(ValueError, match="positive"):
        check_hidden_sizes((4, 0))
    with pytest.raises(TypeError, match="integers"):
        check_hidden_sizes((4, 2.5))
    with pytest.raises(TypeError):
        check_hidden_sizes(True)


def test_tables():
    assert set(LOSSES) == {"squared_error", "cross_entropy", "binary_cross_entropy"}
    assert set(OPTIMIZERS) == {"sgd", "momentum", "rmsprop", "adam"}


@pytest.mark.parametrize("solver", sorted(OPTIMIZERS))
@pytest.mark.parametrize("batch_size", ["full", 8])
def test_multi_tensor_optimisers_take_bitwise_the_single_tensor_steps(solver, batch_size,
                                                                       monkeypatch):
    # the registry asks for foreach=True (faster on the CPU); it must not change a single bit
    # of the trajectory torch's default (per-parameter loop on the CPU) gives
    X = torch.randn(40, 3, generator=torch.Generator().manual_seed(1))
    y = X.sum(dim=1, keepdim=True).sin()

    def fit():
        g = torch.Generator().manual_seed(0)
        net = build_mlp(3, (6, 5), 1, activation="tanh", init="he", generator=g)
        train(net, X, y, solver=solver, learning_rate=0.05, max_iter=15, batch_size=batch_size,
              generator=g)
        return torch.cat([p.detach().ravel() for p in net.parameters()])

    fast = fit()
    cls, kw = OPTIMIZERS[solver]
    assert kw(0.9)["foreach"] is True
    monkeypatch.setitem(OPTIMIZERS, solver,
                        (cls, lambda m: {k: v for k, v in kw(m).items() if k != "foreach"}))
    assert torch.equal(fast, fit())


def test_squared_error_is_squared_modulus_for_complex_outputs():
    y = torch.tensor([[1 + 2j], [0 - 1j]], dtype=torch.complex128)
    f = torch.tensor([[0 + 0j], [1 + 1j]], dtype=torch.complex128)
    loss = squared_error(f, y)
    # (1/N) sum 1/2 |y - f|^2 = 1/2 * 1/2 * (5 + 5)
    assert loss.dtype == torch.float64 and float(loss) == pytest.approx(2.5, abs=1e-15)


# ----------------------------------------------------------------------------- batched
def _data(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.rand(n, 2, generator=g, dtype=torch.float64) * 2 - 1
    return X, torch.sin(3 * X[:, :1]) * X[:, 1:]


def test_batched_shapes_and_slices_equal_single_networks():
    gens = [torch.Generator().manual_seed(s) for s in range(4)]
    B = build_mlp(2, (6, 6), 3, activation="tanh", skip_connections=True, generator=gens, n_models=4,
                  dtype=torch.float64)
    assert isinstance(B, BatchedMLP) and B.weights[0].shape == (4, 2, 6)
    X, _ = _data()
    out = B(X)
    assert out.shape == (4, 40, 3)
    assert torch.equal(B(X.expand(4, 40, 2).contiguous()), out) or torch.allclose(
        B(X.expand(4, 40, 2).contiguous()), out, rtol=0, atol=1e-14)
    for s in range(4):
        single = build_mlp(2, (6, 6), 3, activation="tanh", skip_connections=True,
                           generator=torch.Generator().manual_seed(s), dtype=torch.float64)
        assert isinstance(single, MLPModule)
        torch.testing.assert_close(out[s], single(X), rtol=0, atol=1e-14)
        torch.testing.assert_close(B.model(s)(X), single(X), rtol=0, atol=0)
    with pytest.raises(ValueError, match="input"):
        B(torch.zeros(3, 40, 2, dtype=torch.float64))
    # batched networks support batch normalisation (BatchedBatchNorm); its equality with
    # single networks is tested in tests/neural_network/test_batched_dynamics.py
    assert build_mlp(2, (3,), 1, batch_norm=True, n_models=2).batch_norm


def test_batched_gradients_are_independent():
    gens = [torch.Generator().manual_seed(s) for s in range(3)]
    B = build_mlp(2, (8,), 1, generator=gens, n_models=3, dtype=torch.float64)
    X, y = _data()
    squared_error(B(X), y).backward()
    for s in range(3):
        single = B.model(s)
        squared_error(single(X), y).backward()
        torch.testing.assert_close(B.weights[0].grad[s], single.linears[0].weight.grad.T, rtol=0, atol=1e-14)
        torch.testing.assert_close(B.weights[1].grad[s], single.out.weight.grad.T, rtol=0, atol=1e-14)
    # a perturbation of one model's output changes only that model's gradients
    B.zero_grad()
    out = B(X)
    (squared_error(out, y) + 1e3 * out[0].sum()).backward()
    g_ref = [w.grad.clone() for w in B.weights]
    B.zero_grad()
    squared_error(B(X), y).backward()
    assert not torch.equal(B.weights[0].grad[0], g_ref[0][0])
    for s in (1, 2):
        assert torch.equal(B.weights[0].grad[s], g_ref[0][s]) and torch.equal(B.weights[1].grad[s], g_ref[1][s])


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_model_trained_in_batch_equals_model_trained_alone(solver):
    X, y = _data()
    S = 5
    B = build_mlp(2, (16, 16), 1, activation="tanh", generator=[torch.Generator().manual_seed(s) for s in range(S)],
                  n_models=S, dtype=torch.float64)
    lr = 0.01 if solver == "adam" else 0.1
    res = train(B, X, y, solver=solver, learning_rate=lr, max_iter=150, generator=torch.Generator().manual_seed(0))
    assert res.n_iter == 150
    for s in (0, 3):
        single = build_mlp(2, (16, 16), 1, activation="tanh", generator=torch.Generator().manual_seed(s),
                           dtype=torch.float64)
        train(single, X, y, solver=solver, learning_rate=lr, max_iter=150,
              generator=torch.Generator().manual_seed(0))
        diff = max(float((B.model(s).state_dict()[k] - v).abs().max()) for k, v in single.state_dict().items())
        assert diff < 1e-10, diff


# (n, d, k): an outer product (d = 1), narrow results computed transposed (k <= 8 < n, and
# the weight gradient's k < d), a square layer and a wide first layer — every branch of _bmm
AFFINE_SHAPES = [(37, 1, 5), (37, 16, 1), (37, 16, 2), (37, 8, 8), (37, 12, 12), (37, 2, 16), (5, 3, 9)]


@pytest.mark.parametrize("shared", [True, False])
@pytest.mark.parametrize("n,d,k", AFFINE_SHAPES)
def test_batched_affine_equals_baddbmm_values_and_gradients(n, d, k, shared):
    S = 3
    g = torch.Generator().manual_seed(n * 100 + d * 10 + k)
    h0 = torch.randn((n, d) if shared else (S, n, d), generator=g, dtype=torch.float64)
    W0 = torch.randn(S, d, k, generator=g, dtype=torch.float64)
    b0 = torch.randn(S, 1, k, generator=g, dtype=torch.float64)
    up = torch.randn(S, n, k, generator=g, dtype=torch.float64)  # a generic upstream gradient
    outs, grads = [], []
    # the custom Function itself (batched_affine calls it only for large narrow layers)
    for fn in (_BatchedAffine.apply, lambda h, W, b: torch.baddbmm(b, h.expand(S, n, d), W)):
        h, W, b = (t.clone().requires_grad_() for t in (h0, W0, b0))
        out = fn(h, W, b)
        (out * up).sum().backward()
        outs.append(out.detach())
        grads.append((h.grad, W.grad, b.grad))
    assert outs[0].shape == (S, n, k)
    torch.testing.assert_close(outs[0], outs[1], rtol=0, atol=1e-12)
    for ours, ref in zip(*grads):
        assert ours.shape == ref.shape
        torch.testing.assert_close(ours, ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("n,d,k", [(9, 1, 3), (9, 4, 1), (9, 4, 2), (3, 2, 5)])
def test_batched_affine_second_derivatives(n, d, k):
    # the backward is written with differentiable torch ops: gradgradcheck (create_graph) holds
    g = torch.Generator().manual_seed(1)
    args = (torch.randn(2, n, d, generator=g, dtype=torch.float64, requires_grad=True),
            torch.randn(2, d, k, generator=g, dtype=torch.float64, requires_grad=True),
            torch.randn(2, 1, k, generator=g, dtype=torch.float64, requires_grad=True))
    assert torch.autograd.gradcheck(_BatchedAffine.apply, args)
    assert torch.autograd.gradgradcheck(_BatchedAffine.apply, args)
    shared = (torch.randn(n, d, generator=g, dtype=torch.float64, requires_grad=True),) + args[1:]
    assert torch.autograd.gradcheck(_BatchedAffine.apply, shared)


@pytest.mark.parametrize("S,n,d,k,custom", [
    (100, 194, 16, 2, True),    # the two-spirals output layer: narrow and large
    (24, 4096, 128, 1, True),   # a rate-study output layer
    (100, 194, 16, 16, False),  # square: torch's own product is as fast
    (4, 60, 64, 3, False),      # narrow but small (iris): not worth the Function's overhead
])
def test_batched_affine_uses_the_reoriented_products_only_where_they_pay(S, n, d, k, custom):
    h = torch.zeros(S, n, d, requires_grad=True)
    out = batched_affine(h, torch.zeros(S, d, k, requires_grad=True), torch.zeros(S, 1, k, requires_grad=True))
    assert ("_BatchedAffine" in type(out.grad_fn).__name__) is custom


def test_batched_affine_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="batched_affine expects"):
        batched_affine(torch.zeros(2, 5, 3), torch.zeros(3, 3, 4), torch.zeros(3, 1, 4))
    with pytest.raises(ValueError, match="batched_affine expects"):
        batched_affine(torch.zeros(5, 3), torch.zeros(3, 4), torch.zeros(1, 4))
