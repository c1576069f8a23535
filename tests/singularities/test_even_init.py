"""init="even": the drawn parameters have an even law (KS test of W against -W, odd moments 0)."""

import numpy as np
import pytest
import torch
from scipy.stats import ks_2samp

from sknnmath._layers import build_mlp
from sknnmath.hypercomplex._module import HypercomplexMLP, hypercomplex_init_
from sknnmath.hypercomplex import get_algebra


def _params(module):
    return np.concatenate([p.detach().double().numpy().ravel() for p in module.parameters()])


def _check_even(w):
    n = w.size
    sd = w.std()
    # KS two-sample test of the sample against its reflection: no evidence of asymmetry
    assert ks_2samp(w, -w).pvalue > 1e-3
    # odd moments vanish: within 5 standard errors of 0 (se of the k-th moment ~ sqrt(m_2k / n))
    assert abs(w.mean()) < 5 * sd / np.sqrt(n)
    assert abs((w ** 3).mean()) < 5 * np.sqrt((w ** 6).mean() / n)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_even_init_is_symmetric(activation):
    g = torch.Generator().manual_seed(0)
    net = build_mlp(50, (200, 200), 1, activation=activation, init="even", generator=g, dtype=torch.float64,
                    device="cpu")
    _check_even(_params(net))


def test_even_init_law_is_uniform_with_the_documented_bound():
    g = torch.Generator().manual_seed(1)
    net = build_mlp(64, (256,), 1, activation="relu", init="even", generator=g, dtype=torch.float64, device="cpu")
    w = net.layers()[0].weight.detach().numpy().ravel()
    a = 1 / np.sqrt(64)
    assert np.abs(w).max() <= a
    assert ks_2samp(w, np.random.default_rng(0).uniform(-a, a, w.size)).pvalue > 1e-3


def test_complex_even_init_is_symmetric():
    g = torch.Generator().manual_seed(2)
    net = HypercomplexMLP(20, (100,), 1, get_algebra("complex"), activation="split_tanh", dtype=torch.float64)
    hypercomplex_init_(net, "even", g)
    _check_even(_params(net))


def test_shifted_law_fails_the_check():
    """The check can fail: a positive-mean law is detected."""
    w = np.random.default_rng(0).uniform(-0.05, 0.1, 20000)
    with pytest.raises(AssertionError):
        _check_even(w)
