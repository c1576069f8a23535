"""Algebra laws, layer arithmetic, activations' identities and Wirtinger gradients (document 003)."""

import numpy as np
import pytest
import torch

from sknnmath.hypercomplex import ALGEBRAS, HypercomplexAlgebra, get_algebra, split_sigmoid_shift
from sknnmath._layers import get_activation
from sknnmath.hypercomplex._activations import COMPLEX_ACTIVATIONS, MODRELU_BIAS
from sknnmath.hypercomplex._module import HypercomplexLinear, HypercomplexMLP, hypercomplex_init_

PRESETS = sorted(ALGEBRAS)
rng = np.random.RandomState(0)


def _rand(A, *shape):
    return rng.randn(*shape, A.dim)


def _to_c(x):
    return x[..., 0] + 1j * x[..., 1]


def _quat(p, q):  # Hamilton product, written out
    a1, b1, c1, d1 = p
    a2, b2, c2, d2 = q
    return np.array([a1 * a2 - b1 * b2 - c1 * c2 - d1 * d2,
                     a1 * b2 + b1 * a2 + c1 * d2 - d1 * c2,
                     a1 * c2 - b1 * d2 + c1 * a2 + d1 * b2,
                     a1 * d2 + b1 * c2 - c1 * b2 + d1 * a2])


@pytest.mark.parametrize("name", PRESETS)
def test_declared_laws_hold(name):
    A = get_algebra(name)
    x, y, z = _rand(A, 50), _rand(A, 50), _rand(A, 50)
    assert A.associative
    np.testing.assert_allclose(A.multiply(A.multiply(x, y), z), A.multiply(x, A.multiply(y, z)),
                               rtol=0, atol=1e-12)
    assert A.commutative == (name != "quaternion")
    gap = np.abs(A.multiply(x, y) - A.multiply(y, x)).max()
    assert (gap < 1e-12) == A.commutative


@pytest.mark.parametrize("name", PRESETS)
def test_matrix_representation_is_a_homomorphism(name):
    A = get_algebra(name)
    x, y = _rand(A, 20), _rand(A, 20)
    Lx, Ly, Lxy = A.left_matrix(x), A.left_matrix(y), A.left_matrix(A.multiply(x, y))
    np.testing.assert_allclose(Lxy, Lx @ Ly, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(A.left_matrix(A.one()), np.eye(A.dim))
    np.testing.assert_allclose((Lx @ y[..., None])[..., 0], A.multiply(x, y), rtol=0, atol=1e-12)
    np.testing.assert_allclose((A.right_matrix(y) @ x[..., None])[..., 0], A.multiply(x, y), rtol=0,
                               atol=1e-12)


def test_presets_against_independent_arithmetic():
    C, H, D, Q, CQ = (get_algebra(n) for n in
                      ("complex", "hyperbolic", "dual", "quaternion", "commutative_quaternion"))
    x, y = rng.randn(2), rng.randn(2)
    np.testing.assert_allclose(_to_c(C.multiply(x, y)), _to_c(x) * _to_c(y), atol=1e-14)
    np.testing.assert_array_equal(C.left_matrix([0.3, -0.7]), [[0.3, 0.7], [-0.7, 0.3]])
    # hyperbolic: (a + jb)(c + jd) = (ac + bd) + j(ad + bc); dual: ac + eps(ad + bc)
    np.testing.assert_allclose(H.multiply(x, y), [x[0] * y[0] + x[1] * y[1], x[0] * y[1] + x[1] * y[0]])
    np.testing.assert_allclose(D.multiply(x, y), [x[0] * y[0], x[0] * y[1] + x[1] * y[0]])
    p, q = rng.randn(4), rng.randn(4)
    np.testing.assert_allclose(Q.multiply(p, q), _quat(p, q), atol=1e-13)
    i, j, k = np.eye(4)[1], np.eye(4)[2], np.eye(4)[3]
    np.testing.assert_array_equal(Q.multiply(Q.multiply(i, j), k), -np.eye(4)[0])  # ijk = -1
    # Segre's commutative quaternions: i^2 = k^2 = -1, j^2 = +1, ij = ji = k, jk = i, ki = -j
    np.testing.assert_array_equal(CQ.multiply(i, i), -np.eye(4)[0])
    np.testing.assert_array_equal(CQ.multiply(j, j), np.eye(4)[0])
    np.testing.assert_array_equal(CQ.multiply(k, k), -np.eye(4)[0])
    np.testing.assert_array_equal(CQ.multiply(j, i), k)
    np.testing.assert_array_equal(CQ.multiply(k, j), i)
    np.testing.assert_array_equal(CQ.multiply(i, k), -j)


def test_dual_epsilon_part_is_the_derivative():
    D = get_algebra("dual")
    coef = rng.randn(6)
    a, b = rng.randn(30), rng.randn(30)
    out = D.polynomial(coef, np.stack([a, b], axis=-1))
    p = np.polynomial.Polynomial(coef)
    np.testing.assert_allclose(out[:, 0], p(a), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(out[:, 1], p.deriv()(a) * b, rtol=1e-12, atol=1e-12)


def test_custom_table_and_bad_tables():
    B = HypercomplexAlgebra.from_rules("bicomplex", ("1", "i", "j", "k"),
                                       {("i", "i"): (-1.0, "1"), ("j", "j"): (-1.0, "1"),
                                        ("k", "k"): (1.0, "1"), ("i", "j"): (1.0, "k"),
                                        ("j", "i"): (1.0, "k"), ("i", "k"): (-1.0, "j"),
                                        ("k", "i"): (-1.0, "j"), ("j", "k"): (-1.0, "i"),
                                        ("k", "j"): (-1.0, "i")})
    assert B.commutative and B.associative
    nonassoc = np.zeros((2, 2, 2))
    nonassoc[0], nonassoc[:, 0] = np.eye(2), np.eye(2)
    nonassoc[1, 1] = [1.0, 1.0]
    assert HypercomplexAlgebra("x", nonassoc).associative  # j^2 = 1 + j is still associative
    with pytest.raises(ValueError, match="unit"):
        HypercomplexAlgebra("bad", np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="shape"):
        HypercomplexAlgebra("bad", np.ones((2, 3, 2)))
    with pytest.raises(ValueError, match="Unknown algebra"):
        get_algebra("octonion")


@pytest.mark.parametrize("q", [1, -1, 1j, -1j])
def test_split_sigmoid_identities(q):
    f = get_activation("split_sigmoid")
    u = rng.randn(200) * 3 + 1j * rng.randn(200) * 3

    def fC(z):
        return _to_c(f.numpy(np.stack([z.real, z.imag], axis=-1)))

    np.testing.assert_allclose(fC(q * u), split_sigmoid_shift(q) + q * fC(u), rtol=0, atol=1e-14)
    ft = _to_c(f.torch(torch.as_tensor(np.stack([u.real, u.imag], -1))).numpy())
    np.testing.assert_allclose(ft, fC(u), atol=1e-15)
    assert np.all((ft.real > 0) & (ft.real < 1) & (ft.imag > 0) & (ft.imag < 1))


@pytest.mark.parametrize("q", [1, -1, 1j, -1j])
def test_duplicate_unit_merge_rule(q):
    """Unit B = q * unit A (weights and threshold) merges into A: v_A += q v_B, v_0 += v_B a_q."""
    f = get_activation("split_sigmoid")

    def fC(z):
        return _to_c(f.numpy(np.stack([z.real, z.imag], axis=-1)))

    z = rng.randn(100, 3) + 1j * rng.randn(100, 3)
    wA, thA = rng.randn(3) + 1j * rng.randn(3), 0.3 - 0.2j
    vA, vB, v0 = 0.7 + 0.1j, -0.4 + 0.9j, 0.05j
    uA = z @ wA + thA
    uB = z @ (q * wA) + q * thA
    full = vA * fC(uA) + vB * fC(uB) + v0
    merged = (vA + q * vB) * fC(uA) + v0 + vB * split_sigmoid_shift(q)
    np.testing.assert_allclose(full, merged, rtol=0, atol=1e-13)


def test_modrelu_and_amplitude_phase():
    z = np.array([[0.3, 0.0], [0.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    out = get_activation("modrelu").numpy(z)
    r = np.hypot(z[:, 0], z[:, 1])
    expect = np.where(r + MODRELU_BIAS > 0, (r + MODRELU_BIAS) / np.maximum(r, 1e-30), 0.0)[:, None] * z
    np.testing.assert_allclose(out, expect, atol=1e-15)
    assert MODRELU_BIAS < 0  # the stated convention: ReLU(|z| + b), b < 0
    ap = get_activation("amplitude_phase")
    out = ap.numpy(z)
    np.testing.assert_allclose(np.hypot(out[:, 0], out[:, 1]), np.tanh(r), atol=1e-15)
    zt = torch.tensor(z, requires_grad=True)
    ap.torch(zt).sum().backward()  # finite gradient at z = 0
    assert torch.isfinite(zt.grad).all()
    for name, (ft, fn, _, _, _) in COMPLEX_ACTIVATIONS.items():
        x = rng.randn(10, 2)
        np.testing.assert_allclose(ft(torch.as_tensor(x)).numpy(), fn(x), atol=1e-13, err_msg=name)


def test_complex_bias_is_exactly_br_plus_i_bi():
    """The complexPyTorch trap: two biased real Linear layers give (br - bi) + i(br + bi)."""
    lay = HypercomplexLinear(3, 2, get_algebra("complex"), dtype=torch.float64)
    with torch.no_grad():
        lay.weight.zero_()
        lay.bias.copy_(torch.tensor([0.5, 2.0, -1.0, 3.0]))
    out = lay(torch.as_tensor(rng.randn(4, 6))).detach().numpy()
    np.testing.assert_array_equal(_to_c(out.reshape(4, 2, 2)), np.tile([0.5 + 2.0j, -1.0 + 3.0j], (4, 1)))


@pytest.mark.parametrize("name", ["complex", "quaternion", "dual"])
def test_layer_is_sum_of_left_products(name):
    A = get_algebra(name)
    lay = HypercomplexLinear(3, 2, A, dtype=torch.float64)
    hypercomplex_init_(lay, "even", torch.Generator().manual_seed(0))
    z = _rand(A, 5, 3)
    out = lay(torch.as_tensor(z.reshape(5, -1))).detach().numpy().reshape(5, 2, A.dim)
    W = lay.weight.detach().numpy()  # (m, in, out)
    b = lay.bias.detach().numpy().reshape(2, A.dim)
    expect = np.zeros((5, 2, A.dim))
    for o in range(2):
        for i in range(3):
            expect[:, o] += A.multiply(np.broadcast_to(W[:, i, o], (5, A.dim)), z[:, i])
        expect[:, o] += b[o]
    np.testing.assert_allclose(out, expect, atol=1e-13)


@pytest.mark.parametrize("name", ["real", "complex", "hyperbolic", "dual", "quaternion",
                                  "commutative_quaternion"])
@pytest.mark.parametrize("n_models", [None, 3])
def test_gathered_block_matrix_equals_the_table_contraction(name, n_models):
    # every preset takes the signed-gather path; it must give the general einsum's matrix,
    # and the gradient of a loss through it must be the same
    A = get_algebra(name)
    lay = HypercomplexLinear(3, 4, A, n_models=n_models, dtype=torch.float64)
    hypercomplex_init_(lay, "even", torch.Generator().manual_seed(2))
    assert lay._gather
    fast = lay.block_matrix()
    (fast ** 3).sum().backward()
    g_fast, lay.weight.grad = lay.weight.grad.clone(), None
    lay._gather = False
    slow = lay.block_matrix()
    (slow ** 3).sum().backward()
    torch.testing.assert_close(fast, slow, rtol=0, atol=0)
    torch.testing.assert_close(g_fast, lay.weight.grad, rtol=0, atol=1e-14)


def test_batched_layers_equal_single_layers():
    A = get_algebra("complex")
    net = HypercomplexMLP(1, (5, 4), 1, A, n_models=3, dtype=torch.float64)
    hypercomplex_init_(net, "he", torch.Generator().manual_seed(1))
    x = torch.as_tensor(rng.randn(7, 2))
    out = net(x)
    for s in range(3):
        one = HypercomplexMLP(1, (5, 4), 1, A, dtype=torch.float64)
        one.load_state_dict({k: v[s] for k, v in net.state_dict().items()})
        np.testing.assert_allclose(one(x).detach().numpy(), out[s].detach().numpy(), atol=1e-14)


def test_wirtinger_gradient_equals_finite_differences_and_closed_form():
    """Real-component gradients are (dL/da, dL/db) = 2 dL/d(conj w) (the steepest-descent direction)."""
    A = get_algebra("complex")
    lay = HypercomplexLinear(1, 1, A, dtype=torch.float64)
    with torch.no_grad():
        lay.weight.copy_(torch.tensor([0.3, 0.2], dtype=torch.float64).view(2, 1, 1))
    z, t = 1.0 - 2.0j, 0.5 + 0.1j
    x = torch.tensor([[z.real, z.imag]], dtype=torch.float64)

    def loss():
        u = lay(x)[0]
        return (u[0] - t.real) ** 2 + (u[1] - t.imag) ** 2

    loss().backward()
    g = lay.weight.grad.view(2).numpy()
    w = 0.3 + 0.2j
    closed = 2 * (w * z - t) * np.conj(z)
    np.testing.assert_allclose(g[0] + 1j * g[1], closed, rtol=1e-12)
    wt = torch.tensor(w, dtype=torch.complex128, requires_grad=True)
    (torch.abs(wt * z - t) ** 2).backward()  # torch's native complex autograd agrees
    np.testing.assert_allclose(g[0] + 1j * g[1], wt.grad.item(), rtol=1e-12)
    # a deep network: every parameter against central differences
    net = HypercomplexMLP(2, (3,), 1, A, activation="split_tanh", dtype=torch.float64)
    hypercomplex_init_(net, "even", torch.Generator().manual_seed(3))
    X = torch.as_tensor(rng.randn(6, 4))
    T = torch.as_tensor(rng.randn(6, 2))

    def L():
        return 0.5 * ((net(X) - T) ** 2).sum()

    net.zero_grad()
    L().backward()
    h = 1e-6
    for p in net.parameters():
        flat = p.data.view(-1)
        for idx in range(flat.numel()):
            old = flat[idx].item()
            flat[idx] = old + h
            lp = L().item()
            flat[idx] = old - h
            lm = L().item()
            flat[idx] = old
            assert abs((lp - lm) / (2 * h) - p.grad.view(-1)[idx].item()) < 1e-7


def test_polar_parameterization_matches_cartesian():
    A = get_algebra("complex")
    pol = HypercomplexLinear(2, 3, A, parameterization="polar", dtype=torch.float64)
    hypercomplex_init_(pol, "he", torch.Generator().manual_seed(0))
    car = HypercomplexLinear(2, 3, A, dtype=torch.float64)
    with torch.no_grad():
        car.weight.copy_(pol.components())
        car.bias.copy_(pol.bias)
    x = torch.as_tensor(rng.randn(5, 4))
    np.testing.assert_allclose(pol(x).detach().numpy(), car(x).detach().numpy(), atol=1e-14)
    with pytest.raises(ValueError, match="complex"):
        HypercomplexLinear(2, 3, get_algebra("dual"), parameterization="polar")


@pytest.mark.parametrize("name,gain", [("complex", 1.0), ("quaternion", 5.0 / 3.0), ("real", 2 ** 0.5)])
@pytest.mark.parametrize("init", ["he", "even"])
def test_init_second_moment_and_symmetry(name, gain, init):
    from scipy import stats

    A = get_algebra(name)
    fan_in = 50
    lay = HypercomplexLinear(fan_in, 400, A, dtype=torch.float64)
    hypercomplex_init_(lay, init, torch.Generator().manual_seed(0), gain=gain)
    W = lay.weight.detach().numpy()
    sq = (W ** 2).sum(axis=0)  # |w|^2 per weight
    assert abs(sq.mean() / (gain ** 2 / fan_in) - 1) < 5 * np.sqrt(2.0 / W.size)  # 5 standard errors
    w = W.ravel()
    half = w.size // 2  # independent halves: W against -W
    assert stats.ks_2samp(w[:half], -w[half:]).pvalue > 0.001  # even density p(w) = p(-w)
    assert abs(np.mean(w ** 3)) < 5 * np.std(w ** 3) / np.sqrt(w.size)
    b = lay.bias.detach().numpy()
    assert (np.any(b != 0)) == (init == "even")


def test_registered_activations_accept_complex_tensors():
    """complex_ok: on a complex tensor the registered functions act as on (Re, Im) components."""
    from sknnmath._layers import ACTIVATIONS

    z = rng.randn(7) + 1j * rng.randn(7)
    pairs = np.stack([z.real, z.imag], axis=-1)
    for name in COMPLEX_ACTIVATIONS:
        act = ACTIVATIONS[name]
        assert act.complex_ok
        via_pairs = _to_c(act.numpy(pairs))
        np.testing.assert_allclose(act.numpy(z), via_pairs, atol=1e-15)
        np.testing.assert_allclose(act.torch(torch.as_tensor(z)).numpy(), via_pairs, atol=1e-14)
