"""Hierarchical singularities: exact embedding/reduction invariance, planted findings, counts."""

import functools
import warnings
from itertools import combinations

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sknnmath.hypercomplex import ComplexMLPRegressor
from sknnmath.neural_network import MLPClassifier, MLPRegressor
from sknnmath.singularities import (
    count_hierarchical_singularities,
    embed_unit,
    find_singularities,
    network_weights,
    reduce_network,
    set_network_weights,
)

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3))
Y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2]
Z = X[:, :2] @ np.array([1.0, 1j]) + 0.3j
ZX = np.stack([Z, X[:, 2] - 0.5j * X[:, 0]], axis=1)


@functools.lru_cache(maxsize=None)
def _template(cls, act, hidden, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if cls is MLPClassifier:
            return cls(hidden, activation=act, max_iter=1, device="cpu", random_state=0).fit(X, Y > 0)
        if cls is MLPRegressor:
            return cls(hidden, activation=act, max_iter=1, device="cpu", random_state=0).fit(X, Y)
        return cls(hidden, activation=act, max_iter=1, device="cpu", random_state=0).fit(ZX, ZX[:, 0] ** 2)


def _random_net(est, seed=1, scale=1.0):
    """Generic (non-singular) weights of the template's shapes."""
    W, b, _ = network_weights(est)
    rng = np.random.default_rng(seed)

    def draw(shape, like):
        a = rng.normal(size=shape) * scale
        return a + 1j * rng.normal(size=shape) * scale if np.iscomplexobj(like) else a

    return [draw(w.shape, w) for w in W], [draw(v.shape, v) for v in b]


def _out(est, Xin):
    if hasattr(est, "predict_outputs"):
        return est.predict_outputs(Xin)
    return est.decision_function(Xin) if hasattr(est, "decision_function") else est.predict(Xin)


REAL_CASES = [(cls, act) for cls in (MLPRegressor, MLPClassifier) for act in ("tanh", "sigmoid", "relu")]
COMPLEX_CASES = [(ComplexMLPRegressor, a) for a in ("split_tanh", "split_sigmoid", "crelu")]


@pytest.mark.parametrize("cls,act", REAL_CASES + COMPLEX_CASES)
@pytest.mark.parametrize("kind", ["zero_output", "zero_input", "split"])
def test_embedding_and_reduction_are_exact(cls, act, kind):
    hidden = (3, 2)
    est = set_network_weights(_template(cls, act, hidden), *_random_net(_template(cls, act, hidden)))
    Xin = ZX if cls is ComplexMLPRegressor else X
    assert find_singularities(est, tol=1e-3) == []  # generic weights: nothing to find
    f0 = _out(est, Xin)
    for layer in (0, 1):
        for lam in (-1.5, 0.0, 0.3, 1.0, 2.0):
            big = embed_unit(est, layer, 1, kind, lam)
            assert big.hidden_layer_sizes_[layer] == hidden[layer] + 1
            assert np.max(np.abs(_out(big, Xin) - f0)) < 1e-10
            assert find_singularities(big, tol=1e-10), "the embedded unit must be found"
            small, merged = reduce_network(big, tol=1e-10)
            assert small.hidden_layer_sizes_ == hidden, merged
            assert np.max(np.abs(_out(small, Xin) - f0)) < 1e-10


PLANTED = [("tanh", -1.0), ("tanh", 1.0), ("sigmoid", -1.0), ("relu", 2.5),
           ("split_sigmoid", 1j), ("split_sigmoid", -1j), ("split_sigmoid", -1), ("split_tanh", -1j),
           ("crelu", 0.5)]


@pytest.mark.parametrize("act,q", PLANTED)
def test_planted_duplicate_found_with_factor_and_merged_exactly(act, q):
    cls = ComplexMLPRegressor if act in ("split_sigmoid", "split_tanh", "crelu") else MLPRegressor
    Xin = ZX if cls is ComplexMLPRegressor else X
    est = _template(cls, act, (3, 4))
    W, b = _random_net(est, seed=3)
    # unit 3 of the second hidden layer duplicates unit 0 with factor q
    W[1][:, 3], b[1][3] = q * W[1][:, 0], q * b[1][0]
    net = set_network_weights(est, W, b)
    found = find_singularities(net, tol=1e-9)
    assert [(s.layer, s.unit, s.kind, s.partner) for s in found] == [(1, 3, "duplicate", 0)]
    assert found[0].factor == pytest.approx(q) and found[0].distance < 1e-12
    small, merged = reduce_network(net, tol=1e-9)
    assert small.hidden_layer_sizes_ == (3, 3) and len(merged) == 1
    assert np.max(np.abs(_out(small, Xin) - _out(net, Xin))) < 1e-10
    # a perturbation of size eps is reported at distance eps
    W[1][0, 3] += 1e-4
    near = find_singularities(set_network_weights(est, W, b), tol=1e-3)
    if act in ("relu", "crelu"):  # c is re-fitted: the distance is the residual of the projection
        assert 1e-6 < near[0].distance <= 1e-4
    else:
        assert near[0].distance == pytest.approx(1e-4, rel=1e-6)
    assert find_singularities(set_network_weights(est, W, b), tol=1e-7) == []


def test_split_identities_machine_precision():
    from sknnmath.singularities._core import _FACTORS, _phi

    u = RNG.normal(size=50) + 1j * RNG.normal(size=50)
    for act in ("split_sigmoid", "split_tanh"):
        for q, (a, s) in _FACTORS[act].items():
            assert np.max(np.abs(_phi(act, q * u) - (a + s * _phi(act, u)))) < 1e-15
    t = RNG.normal(size=50)
    for act in ("tanh", "sigmoid"):
        for q, (a, s) in _FACTORS[act].items():
            assert np.max(np.abs(_phi(act, q * t) - (a + s * _phi(act, t)))) < 1e-15


def test_count_matches_enumeration_of_planted_families():
    """Plant every family of a (2, 3, 2, 1) tanh net; the distinct findings are the count."""
    est = _template(MLPRegressor, "tanh", (3, 2))
    W0, b0 = _random_net(est, seed=5)
    seen = set()
    for l in range(2):
        H = W0[l].shape[1]
        for j in range(H):
            for kind in ("zero_output", "zero_input"):
                W, b = [w.copy() for w in W0], [v.copy() for v in b0]
                if kind == "zero_output":
                    W[l + 1][j] = 0
                else:
                    W[l][:, j] = 0
                seen |= {(s.layer, s.kind, s.unit, s.partner, s.factor)
                         for s in find_singularities(set_network_weights(est, W, b), tol=1e-12)}
        for j, k in combinations(range(H), 2):
            for q in (1.0, -1.0):
                W, b = [w.copy() for w in W0], [v.copy() for v in b0]
                W[l][:, k], b[l][k] = q * W[l][:, j], q * b[l][j]
                found = find_singularities(set_network_weights(est, W, b), tol=1e-12)
                assert len(found) == 1
                seen |= {(s.layer, s.kind, s.unit, s.partner, s.factor) for s in found}
    table = count_hierarchical_singularities((3, 3, 2, 1))
    assert len(seen) == table["total"].sum() == 18
    for l in range(2):
        assert sum(1 for s in seen if s[0] == l) == table["total"][l]
    # grows with width and depth
    t = [count_hierarchical_singularities((2, *([h] * d), 1))["total"].sum() for h, d in ((4, 1), (8, 1), (8, 3))]
    assert t[0] < t[1] < t[2]


def test_bad_input():
    est = _template(MLPRegressor, "tanh", (3,))
    with pytest.raises(ValueError, match="tol"):
        find_singularities(est, tol=-1)
    with pytest.raises(ValueError, match="kind"):
        embed_unit(est, 0, 0, "nope", 0.5)
    with pytest.raises(ValueError, match="layer"):
        embed_unit(est, 3, 0, "split", 0.5)
    with pytest.raises(ValueError, match="activation"):
        find_singularities(_template(MLPRegressor, "identity", (3,)))
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        find_singularities(MLPRegressor())
