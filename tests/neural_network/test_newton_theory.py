"""Newton's method (document 002 eqs. (24)-(29)) and the vanishing-gradient bound."""

import numpy as np
import pytest
import torch

from sknnmath.neural_network import (
    hessian_cost,
    mlp_parameter_count,
    network_loss_function,
    newton_minimize,
    sigmoid_gradient_bound,
)


def _logistic_problem(seed=0, n=200, p=6, alpha=0.1):
    rng = np.random.default_rng(seed)
    X = torch.as_tensor(rng.normal(size=(n, p)))
    w_true = rng.normal(size=p)
    y = torch.as_tensor((rng.uniform(size=n) < 1 / (1 + np.exp(-X.numpy() @ w_true))).astype(float))

    def loss(w):  # strictly convex: logistic loss + ridge
        z = X @ w
        return torch.nn.functional.softplus(z).mean() - (y * z).mean() + 0.5 * alpha * (w @ w)

    return loss, p


def test_newton_converges_quadratically_on_convex_problem():
    loss, p = _logistic_problem()
    ref = newton_minimize(loss, torch.zeros(p, dtype=torch.float64), gtol=1e-14, max_iter=50)
    assert ref.converged
    theta_star = ref.theta
    res = newton_minimize(loss, torch.full((p,), 2.0, dtype=torch.float64), gtol=1e-13, max_iter=50)
    assert res.converged and res.n_iter <= 12
    # rebuild the iterates' errors through the gradient: near θ*, ‖g‖ ∝ ‖θ − θ*‖
    g = np.array(res.grad_norms)
    tail = g[(g < 1e-2) & (g > 1e-12)]
    assert tail.size >= 2
    ratios = tail[1:] / tail[:-1] ** 2  # quadratic: g_{k+1} <= C g_k^2
    assert np.all(ratios < 10.0), ratios
    # and super-linear: the exponent log g_{k+1} / log g_k approaches 2
    assert np.log(tail[-1]) / np.log(tail[-2]) > 1.6
    np.testing.assert_allclose(res.theta.numpy(), theta_star.numpy(), atol=1e-10)


def test_newton_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(1)
    M = rng.normal(size=(5, 5))
    A = torch.as_tensor(M @ M.T + 5 * np.eye(5))
    b = torch.as_tensor(rng.normal(size=5))
    res = newton_minimize(lambda t: 0.5 * t @ A @ t - b @ t, torch.zeros(5, dtype=torch.float64),
                          damping=1e-14, gtol=1e-9)
    np.testing.assert_allclose(res.theta.numpy(), np.linalg.solve(A.numpy(), b.numpy()), rtol=1e-9)
    assert res.n_iter <= 2
    assert res.hessian_bytes == 25 * 8


def test_newton_on_a_tiny_network_decreases_the_loss_monotonically():
    torch.manual_seed(0)  # only for this test's own module; the library never seeds globally
    net = torch.nn.Sequential(torch.nn.Linear(1, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    X = np.linspace(-2, 2, 40).reshape(-1, 1)
    y = np.sin(2 * X)
    f, theta0 = network_loss_function(net, X, y)
    res = newton_minimize(f, theta0, gtol=1e-8, max_iter=200)
    assert np.all(np.diff(res.losses) <= 0)
    assert res.losses[-1] < 0.1 * res.losses[0]
    assert net[0].weight.dtype == torch.float32  # caller's module untouched


def test_newton_refuses_a_hessian_too_large():
    with pytest.raises(MemoryError, match="Hessian"):
        newton_minimize(lambda t: t.sum(), torch.zeros(30000, dtype=torch.float64))


def test_parameter_count_corrects_the_document():
    """Document 002 eq. (29) multiplies the layers (10^12); the count adds them."""
    assert mlp_parameter_count((100, 100, 100, 100), bias=False) == 30000
    assert mlp_parameter_count((100, 100, 100, 100)) == 30300
    assert mlp_parameter_count((4, 16, 3)) == 4 * 16 + 16 + 16 * 3 + 3
    c = hessian_cost(30000)
    assert c["entries"] == 9 * 10**8 and c["bytes"] == 72 * 10**8
    net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Linear(16, 3))
    assert sum(p.numel() for p in net.parameters()) == mlp_parameter_count((4, 16, 3))


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("depth", [1, 3, 8])
def test_sigmoid_gradient_bound_holds(loss, depth):
    rng = np.random.default_rng(depth)
    width, n = 6, 30
    sizes = [3] + [width] * depth + [2]
    coefs = [rng.normal(scale=1.5 / np.sqrt(a), size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    intercepts = [rng.normal(size=b) for b in sizes[1:]]
    X = rng.normal(size=(n, 3))
    y = rng.normal(size=(n, 2)) if loss == "squared_error" else rng.integers(0, 2, n)
    Ws = [torch.tensor(W, requires_grad=True) for W in coefs]
    h = torch.as_tensor(X)
    for W, b in zip(Ws[:-1], intercepts[:-1]):
        h = torch.sigmoid(h @ W + torch.as_tensor(b))
    out = h @ Ws[-1] + torch.as_tensor(intercepts[-1])
    if loss == "squared_error":
        L = 0.5 * (out - torch.as_tensor(y)).pow(2).sum(1).mean()
    else:
        L = torch.nn.functional.cross_entropy(out, torch.as_tensor(y))
    actual = np.array([float(g.norm()) for g in torch.autograd.grad(L, Ws)])
    bound = sigmoid_gradient_bound(coefs, intercepts, X, y, loss=loss)
    assert np.all(actual <= bound * (1 + 1e-12))
    # the output layer's bound is Cauchy–Schwarz on one sum: within a factor n of the truth
    assert bound[-1] <= n * actual[-1] + 1e-12
