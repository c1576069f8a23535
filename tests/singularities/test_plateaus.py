"""Plateau detector, batched SingularityEscape and the ``plateaus`` reproduction (document 003)."""

import matplotlib
import numpy as np
import pytest
import torch

from sknnmath._engine import train
from sknnmath._layers import build_mlp
from sknnmath.callbacks import SingularityEscape
from sknnmath.singularities import detect_plateaus, embed_unit, find_singularities
from sknnmath.singularities._core import _scan
from sknnmath.singularities._plateaus import embed_split_batched

matplotlib.use("Agg")


def _curve(plateau_len, before=30, after=40, value=0.5):
    """Geometric descent to ``value``, constant for ``plateau_len`` epochs, then a drop to 1e-4."""
    return np.concatenate([np.geomspace(2.0, value, before + 1)[:-1], np.full(plateau_len, value),
                           np.geomspace(value / 2, 1e-4, after)])


@pytest.mark.parametrize("length", [25, 80, 300])
@pytest.mark.parametrize("window", [5, 20])
def test_detector_finds_a_plateau_of_known_length(length, window):
    L = _curve(length)
    mask = detect_plateaus(L, window=window, rtol=1e-3, level=1e-2)
    assert mask.sum() == length
    assert np.flatnonzero(mask)[0] == 30 and np.flatnonzero(mask)[-1] == 30 + length - 1


def test_detector_level_window_and_columns():
    L = np.column_stack([_curve(100), _curve(10, after=130), _curve(100, value=1e-3)])
    mask = detect_plateaus(L, window=20, rtol=1e-3, level=1e-2)
    # shorter than the window: no flat window; below the level: converged, not stuck
    assert mask.sum(axis=0).tolist() == [100, 0, 0]
    # a slowly decreasing loss is flat for a loose tolerance only
    slow = np.geomspace(1.0, 0.9, 200)
    assert detect_plateaus(slow, window=10, rtol=1e-2).sum() == 200  # 0.53 % per 10 epochs
    assert detect_plateaus(slow, window=10, rtol=1e-3).sum() == 0
    with pytest.raises(ValueError, match="window"):
        detect_plateaus(L, window=0, rtol=0.1)
    with pytest.raises(ValueError, match="NaN"):
        detect_plateaus([1.0, np.nan], window=1, rtol=0.1)


def _batched_with_planted(S=5, planted=2):
    gens = [torch.Generator().manual_seed(s) for s in range(S)]
    net = build_mlp(2, (3,), 1, activation="tanh", generator=gens, n_models=S, dtype=torch.float64)
    with torch.no_grad():  # model `planted`: unit 2 an exact copy of unit 0 (a duplicate singularity,
        # the point λ = ½ of the split line: equal output weights keep the copies equal under GD)
        net.weights[0][planted, :, 2] = net.weights[0][planted, :, 0]
        net.biases[0][planted, 0, 2] = net.biases[0][planted, 0, 0]
        net.weights[1][planted, 2, :] = net.weights[1][planted, 0, :]
    return net


def test_batched_scan_matches_the_single_scan():
    net = _batched_with_planted()
    from sknnmath.singularities._core import _scan_batched

    W = [w.detach() for w in net.weights]
    b = [v.detach()[:, 0] for v in net.biases]
    for tol in (1e-9, 0.8):
        found = _scan_batched(W, b, "tanh", tol)
        for s in range(5):
            single = _scan([w[s].numpy() for w in W], [v[s].numpy() for v in b], "tanh", tol)
            mine = [f for m, f in found if m == s]
            key = lambda f: (f.layer, f.unit, f.kind, f.partner)  # noqa: E731
            assert sorted(map(key, mine)) == sorted(map(key, single))
            for f in mine:
                g = next(x for x in single if key(x) == key(f))
                assert f.factor == g.factor and abs(f.distance - g.distance) < 1e-12


def test_escape_moves_only_the_planted_model():
    X = torch.randn(40, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    y = torch.tanh(X[:, :1] - X[:, 1:])
    nets = [_batched_with_planted(), _batched_with_planted()]
    esc = SingularityEscape("tanh", tol=1e-6, step=0.5, check_every=1, random_state=0)
    for net, cbs in zip(nets, (None, [esc])):
        train(net, X, y, solver="sgd", learning_rate=0.05, max_iter=3, callbacks=cbs)
    plain, moved = nets
    assert {e[1] for e in esc.events} == {2}
    assert esc.events[0][2].kind == "duplicate"
    for s in range(5):
        same = all(torch.equal(a[s], b[s]) for a, b in zip(list(plain.parameters()), list(moved.parameters())))
        assert same == (s != 2)
    # the plain run keeps the two copies together (gradient descent preserves the symmetry)
    w = plain.weights[0][2]
    assert torch.allclose(w[:, 0], w[:, 2], atol=1e-12)
    assert not torch.allclose(moved.weights[0][2][:, 0], moved.weights[0][2][:, 2], atol=1e-3)


def test_batched_split_embedding_equals_embed_unit():
    from sknnmath.neural_network import MLPRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    est = MLPRegressor((2,), activation="tanh", max_iter=3, device="cpu", random_state=0).fit(X, X[:, 0])
    W = [w[None] for w in est.coefs_]
    b = [v[None] for v in est.intercepts_]
    Wb, bb = embed_split_batched(W, b, unit=1, lam=0.5)
    ref = embed_unit(est, 0, 1, "split", 0.5)
    for a, r in zip(Wb, ref.coefs_):
        np.testing.assert_allclose(a[0], r, atol=1e-15)
    for a, r in zip(bb, ref.intercepts_):
        np.testing.assert_allclose(a[0], r, atol=1e-15)
    assert [s.kind for s in find_singularities(ref)] == ["duplicate"]


def test_plateaus_quick(tmp_path):
    import matplotlib.pyplot as plt

    from sknnmath.plotting import check_figure_rules
    from sknnmath.reproduce import registry, run

    assert registry()["plateaus"].document == "003"
    res = run("plateaus", out=tmp_path, quick=True)
    t = res.tables["per model"]
    for col in ("model", "start", "plateau epochs median", "plateau epochs q25", "plateau epochs q75",
                "final loss median", "share ending above noise level", "share of runs with a plateau"):
        assert col in t.columns
    assert len(t) == 6
    for col in ("share ending above noise level", "share of runs with a plateau"):
        assert t[col].between(0, 1).all()
    assert (t["plateau epochs q25"] <= t["plateau epochs median"]).all()
    assert (t["plateau epochs median"] <= t["plateau epochs q75"]).all()
    assert (t["plateau epochs q75"] <= res.settings["epochs"] + 1).all()
    assert (t["runs"] == res.settings["n_seeds"]).all()
    for fig in res.figures.values():
        assert check_figure_rules(fig) == []
    assert any("in these runs" in line for line in res.summary)
    plt.close("all")
