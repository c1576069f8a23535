"""Document 002 §III.B: backpropagation by hand (eqs. (44)–(65)) against autograd."""

import numpy as np
import pytest
import torch

from sknnmath.neural_network import backprop_bias_free_3layer, logistic, logistic_derivative


def _autograd(W1, W2, X, Y):
    W1 = torch.tensor(W1, dtype=torch.float64, requires_grad=True)
    W2 = torch.tensor(W2, dtype=torch.float64, requires_grad=True)
    X = torch.as_tensor(np.atleast_2d(X), dtype=torch.float64)
    Y = torch.as_tensor(np.atleast_2d(Y), dtype=torch.float64)
    f = torch.sigmoid(torch.sigmoid(X @ W1.T) @ W2.T)  # eqs. (44)-(45)
    L = 0.5 * ((Y - f) ** 2).sum()
    L.backward()
    return W1.grad.numpy(), W2.grad.numpy()


@pytest.mark.parametrize("shape", [(3, 5, 2, 1), (4, 7, 3, 10), (1, 1, 1, 3), (6, 2, 4, 50)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backprop_matches_autograd_float64(shape, seed):
    n_in, n_hidden, n_out, n = shape
    rng = np.random.default_rng(seed)
    W1 = rng.normal(scale=1.5, size=(n_hidden, n_in))
    W2 = rng.normal(scale=1.5, size=(n_out, n_hidden))
    X = rng.normal(size=(n, n_in))
    Y = rng.uniform(size=(n, n_out))
    dW1, dW2 = backprop_bias_free_3layer(W1, W2, X, Y)
    gW1, gW2 = _autograd(W1, W2, X, Y)
    scale = max(np.abs(gW1).max(), np.abs(gW2).max(), 1e-300)
    assert np.max(np.abs(dW1 - gW1)) <= 1e-12 * max(1.0, scale)
    assert np.max(np.abs(dW2 - gW2)) <= 1e-12 * max(1.0, scale)


def test_single_sample_equals_batch_of_one():
    rng = np.random.default_rng(3)
    W1, W2 = rng.normal(size=(4, 3)), rng.normal(size=(2, 4))
    x, y = rng.normal(size=3), rng.uniform(size=2)
    a = backprop_bias_free_3layer(W1, W2, x, y)
    b = backprop_bias_free_3layer(W1, W2, x[None], y[None])
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


def test_gradient_is_sum_over_samples():
    """Eq. (52) sums over the data index d."""
    rng = np.random.default_rng(4)
    W1, W2 = rng.normal(size=(4, 3)), rng.normal(size=(2, 4))
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    total = backprop_bias_free_3layer(W1, W2, X, Y)
    parts = [backprop_bias_free_3layer(W1, W2, X[d], Y[d]) for d in range(5)]
    for k in range(2):
        np.testing.assert_allclose(total[k], sum(p[k] for p in parts), rtol=1e-13, atol=1e-15)


def test_finite_differences():
    rng = np.random.default_rng(5)
    W1, W2 = rng.normal(size=(3, 2)), rng.normal(size=(2, 3))
    X, Y = rng.normal(size=(4, 2)), rng.uniform(size=(4, 2))

    def loss(A, B):
        f = logistic(logistic(X @ A.T) @ B.T)
        return 0.5 * np.sum((Y - f) ** 2)

    dW1, _ = backprop_bias_free_3layer(W1, W2, X, Y)
    h = 1e-6
    E = np.zeros_like(W1)
    E[1, 0] = h
    fd = (loss(W1 + E, W2) - loss(W1 - E, W2)) / (2 * h)
    assert abs(fd - dW1[1, 0]) < 1e-8


def test_logistic_derivative_bound_is_one_quarter():
    """σ' ≤ 1/4 with equality at 0 (the document only states ≤ 1)."""
    u = np.linspace(-40, 40, 100001)
    d = logistic_derivative(u)
    assert d.max() == pytest.approx(0.25, abs=1e-15)
    assert np.all(d <= 0.25)
    assert np.all(np.isfinite(logistic(np.array([-1e4, 1e4]))))


@pytest.mark.parametrize("bad", ["shape", "nan", "hidden"])
def test_bad_input(bad):
    W1, W2 = np.ones((3, 2)), np.ones((1, 3))
    x, y = np.ones(2), np.ones(1)
    if bad == "shape":
        x = np.ones(5)
    elif bad == "nan":
        W1 = W1.copy()
        W1[0, 0] = np.nan
    else:
        W2 = np.ones((1, 4))
    with pytest.raises(ValueError):
        backprop_bias_free_3layer(W1, W2, x, y)
