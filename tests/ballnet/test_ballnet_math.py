"""Mathematics of document 000 §3-4: the literal network is min_j h(w_j.x + b_j)."""

import numpy as np
import pytest
import torch

from sknnmath.ballnet import (
    BallNetModule,
    expected_polygon_accuracy,
    facet_offsets,
    layer_widths,
    min_relu,
    pair_block,
    polygon_area,
    polygon_area_excess,
    polygon_area_excess_asymptotic,
    polytope_volume,
    sphere_points,
)


def _random_net(d, n, seed):
    g = torch.Generator().manual_seed(seed)
    net = BallNetModule(d, n)
    with torch.no_grad():
        net.weight.copy_(torch.randn(2**n, d, generator=g, dtype=torch.float64) / d**0.5)
        # positive biases put the origin inside, so Omega_N is non-empty
        net.bias.copy_(0.2 + 1.8 * torch.rand(2**n, generator=g, dtype=torch.float64))
    return net, g


@pytest.mark.parametrize("d,n", [(1, 0), (2, 1), (2, 3), (3, 4), (5, 5), (6, 2)])
def test_output_equals_min_relu(d, n):
    net, g = _random_net(d, n, seed=10 * d + n)
    X = 0.6 * torch.randn(3000, d, generator=g, dtype=torch.float64)
    z = net(X).detach().numpy()
    ref = min_relu(X.numpy(), net.weight.detach().numpy(), net.bias.detach().numpy())
    np.testing.assert_allclose(z, ref, atol=1e-6, rtol=0)
    # the dense block-diagonal layers, the layer-by-layer outputs and the in-place
    # inference path (no autograd) compute the same map
    np.testing.assert_allclose(net.forward_dense(X).detach().numpy(), z, atol=1e-12)
    np.testing.assert_allclose(net.layers(X)[-1][:, 0].detach().numpy(), z, atol=1e-12)
    with torch.no_grad():
        # inference path (pair blocks through their min identity) and literal in-place path
        np.testing.assert_allclose(net(X).numpy(), z, atol=1e-12)
        np.testing.assert_allclose(net(X, literal=True).numpy(), z, atol=1e-12)
    # z > 0 is reached by a good share of points, so the test is not vacuous
    assert (ref > 0).mean() > 0.01


def test_pair_block_is_min_for_nonnegative_inputs_only():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0, 5, 10_000), rng.uniform(0, 5, 10_000)
    np.testing.assert_allclose(pair_block(a, b), np.minimum(a, b), atol=1e-12)
    # The identity fails for negative inputs (reference §7.2): a=-1, b=-3 gives -1, not -3.
    assert pair_block(-1.0, -3.0) == -1.0
    a, b = rng.uniform(-5, 0, 1000), rng.uniform(-5, 0, 1000)
    wrong = np.abs(pair_block(a, b) - np.minimum(a, b)) > 1e-6
    assert wrong.mean() > 0.99
    # Feeding raw pre-activations into the pair layers (no first ReLU) is not min_j(w.x+b)
    net, g = _random_net(2, 3, seed=1)
    X = 3 * torch.randn(2000, 2, generator=g, dtype=torch.float64)
    pre = X @ net.weight.T + net.bias
    z = pre
    for _ in range(3):
        z = net.odd_layer(net.even_layer(z))
    assert (z[:, 0] - pre.min(1).values).abs().max().item() > 0.1


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_layer_widths_and_depth(n):
    net = BallNetModule(2, n)
    X = torch.randn(7, 2, dtype=torch.float64)
    widths = [z.shape[1] for z in net.layers(X)]
    assert widths == layer_widths(n)
    assert len(widths) == 2 * n + 1
    assert widths[0] == 2**n and widths[-1] == 1
    if n >= 1:
        assert max(widths) == 3 * 2 ** (n - 1)
    # only the first layer and the calibration are trainable; the ±1/2, ±1 blocks are buffers
    assert {k for k, p in net.named_parameters()} == {"weight", "bias", "log_beta"}
    assert {k for k, _ in net.named_buffers()} == {"pair_weight", "select_weight"}
    assert sum(b.numel() for _, b in net.named_buffers()) == 9


def test_layer_widths_values():
    assert layer_widths(3) == [8, 12, 4, 6, 2, 3, 1]
    assert layer_widths(0) == [1]
    with pytest.raises(ValueError):
        layer_widths(-1)


@pytest.mark.parametrize("d,n,seed", [(2, 3, 0), (2, 5, 1), (3, 4, 2), (5, 4, 3)])
def test_theorem_3_1_convexity(d, n, seed):
    """Omega_N is convex: midpoints of inside pairs are inside, and it equals the
    intersection of the half-spaces w_j.x + b_j > 0."""
    net, g = _random_net(d, n, seed)
    X = 0.7 * torch.randn(20_000, d, generator=g, dtype=torch.float64)
    z = net(X).detach()
    inside = X[z > 0]
    assert len(inside) > 50
    halfspace = ((X @ net.weight.T + net.bias) > 0).all(1)
    assert torch.equal(z > 0, halfspace)
    i = torch.randint(len(inside), (5000,), generator=g)
    j = torch.randint(len(inside), (5000,), generator=g)
    for t in (0.5, 0.25, 0.9):
        mid = t * inside[i] + (1 - t) * inside[j]
        assert (net(mid) > 0).all()


@pytest.mark.parametrize("d,n", [(2, 3), (3, 4), (4, 3)])
def test_gradient_is_w_j_on_D_j(d, n):
    """§4: d z / d x = w_j on the region D_j where facet j attains the minimum
    (and z > 0); z = sum_j h(w_j.x + b_j) chi_{D_j}."""
    net, g = _random_net(d, n, seed=7)
    X = (0.7 * torch.randn(3000, d, generator=g, dtype=torch.float64)).requires_grad_(True)
    z = net(X)
    (grad,) = torch.autograd.grad(z.sum(), X)
    pre = (X @ net.weight.T + net.bias).detach()
    srt = pre.sort(dim=1).values
    jstar = pre.argmin(1)
    ok = (srt[:, 0] > 1e-9) & (srt[:, 1] - srt[:, 0] > 1e-9)  # inside, unique arg-min
    assert ok.sum() > 100
    np.testing.assert_allclose(grad[ok].numpy(), net.weight.detach()[jstar[ok]].numpy(),
                               atol=1e-12)
    # outside Omega_N the output is 0 and so is its gradient
    out = srt[:, 0] < -1e-9
    assert out.sum() > 100
    assert grad[out].abs().max().item() == 0.0
    np.testing.assert_allclose(z.detach()[ok].numpy(), pre[ok, jstar[ok]].numpy(), atol=1e-12)


def test_sphere_points_quasi_uniform():
    U = sphere_points(16, 2)
    ang = np.sort(np.mod(np.arctan2(U[:, 1], U[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(ang), 2 * np.pi / 16, atol=1e-12)
    for d, m in [(3, 32), (5, 32), (6, 64)]:
        U = sphere_points(m, d, random_state=0)
        np.testing.assert_allclose(np.linalg.norm(U, axis=1), 1.0, atol=1e-12)
        G = U @ U.T
        np.fill_diagonal(G, -1.0)
        # separation: no two normals closer than for random points (Gaussian typical max ~0.9+)
        rnd = np.random.default_rng(0).standard_normal((m, d))
        rnd /= np.linalg.norm(rnd, axis=1, keepdims=True)
        Gr = rnd @ rnd.T
        np.fill_diagonal(Gr, -1.0)
        assert G.max() < Gr.max()
        # covering: every direction is within a bounded angle of some normal
        V = np.random.default_rng(1).standard_normal((20000, d))
        V /= np.linalg.norm(V, axis=1, keepdims=True)
        assert (V @ U.T).max(1).min() > 0.3
    np.testing.assert_array_equal(sphere_points(8, 4, random_state=3),
                                  sphere_points(8, 4, random_state=3))


def test_polygon_area_closed_forms():
    r = 1.3
    for m in (4, 8, 16, 64):
        U = sphere_points(m, 2)
        for kind in ("circumscribed", "inscribed", "area_matched"):
            c = facet_offsets(U, r, kind)
            np.testing.assert_allclose(polytope_volume(U, c), polygon_area(m, r, kind), rtol=1e-9)
    # reference §7.3 values, r = 1
    np.testing.assert_allclose(polygon_area_excess(8), 0.17212, atol=5e-6)
    np.testing.assert_allclose(polygon_area_excess(8, kind="inscribed"), -0.31317, atol=5e-6)
    np.testing.assert_allclose(polygon_area_excess(64), 0.00253, atol=5e-6)
    np.testing.assert_allclose(polygon_area_excess(64, kind="inscribed"), -0.00504, atol=5e-6)
    # asymptotics pi^3 r^2 / (3 m^2): relative error O(1/m^2)
    for m in (16, 64, 256):
        rel = polygon_area_excess(m, r) / polygon_area_excess_asymptotic(m, r) - 1
        assert 0 < rel < 3 / m**2 * np.pi**2
        rel = polygon_area_excess(m, r, "inscribed") / polygon_area_excess_asymptotic(
            m, r, "inscribed") - 1
        assert abs(rel) < 3 / m**2 * np.pi**2


def test_inscribed_and_area_matched_in_3d():
    U = sphere_points(32, 3)
    c_in = facet_offsets(U, 1.0, "inscribed")
    from sknnmath.ballnet import polytope_vertices
    V = polytope_vertices(U, c_in)
    np.testing.assert_allclose(np.linalg.norm(V, axis=1).max(), 1.0, atol=1e-9)
    c_am = facet_offsets(U, 1.0, "area_matched")
    np.testing.assert_allclose(polytope_volume(U, c_am), 4 * np.pi / 3, rtol=1e-9)
    assert c_in[0] < c_am[0] < 1.0


def test_expected_accuracy_formula_matches_monte_carlo():
    """Reference §7.4: untrained accuracy = 1 - |Omega_N sym.diff. B| / 9 (MC error ~ 1e-3)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1.5, 1.5, size=(200_000, 2))
    y = np.linalg.norm(X, axis=1) < 1
    for n, kind in [(2, "circumscribed"), (3, "circumscribed"), (3, "inscribed"),
                    (3, "area_matched"), (4, "circumscribed")]:
        U = sphere_points(2**n, 2)
        c = facet_offsets(U, 1.0, kind)
        pred = min_relu(X, -U, c) > 0
        acc = (pred == y).mean()
        assert abs(acc - expected_polygon_accuracy(2**n, kind=kind)) < 3e-3
    np.testing.assert_allclose(expected_polygon_accuracy(8), 0.98088, atol=1e-5)
    np.testing.assert_allclose(expected_polygon_accuracy(8, kind="inscribed"), 0.96520, atol=1e-5)


# --------------------------------------------------------------------------------------
# The pointwise claim near the sphere: circumscribed m-gon vs points at distance delta
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("delta", [1e-1, 1e-2, 1e-3, 1e-4])
def test_near_sphere_error_matches_circumscribed_polygon(delta):
    from sknnmath.ballnet import BallNetClassifier, circumscribed_miss_rate, critical_facets
    from sknnmath.datasets import make_ball

    r, K = 0.5, 4000
    theta = np.random.default_rng(0).uniform(0, 2 * np.pi, K)
    U = np.stack([np.cos(theta), np.sin(theta)], 1)
    X, y = make_ball(300, radius=r, half_width=1.0, random_state=0)
    for n in range(2, 10):
        m = 2**n
        net = BallNetClassifier(depth=n, max_iter=0, center=[0.0, 0.0], radius=r,
                                device="cpu").fit(X, y)
        outside = np.mean(net.decision_function((r + delta) * U) > 0)   # wrongly inside
        inside = np.mean(net.decision_function((r - delta) * U) <= 0)   # wrongly outside
        p = circumscribed_miss_rate(m, delta, r)
        assert inside == 0
        assert abs(outside - p) <= 4 * np.sqrt(p * (1 - p) / K) + 2 / K, (m, outside, p)
        if m >= critical_facets(delta, r):
            assert outside == 0


def test_polytope_combination_builds_annulus_and_non_convex_union():
    """Document 000 §3's remark: sums and differences of polytope networks give
    non-convex regions. Oracle: the exact ring / union of discs, and the polygon areas."""
    from sknnmath.ballnet import BallNetClassifier, polygon_area, polytope_combination
    from sknnmath.datasets import make_ball

    X, y = make_ball(300, random_state=0)

    def piece(center, radius, n=6):
        return BallNetClassifier(depth=n, max_iter=0, center=center, radius=radius,
                                 init="circumscribed", device="cpu").fit(X, y)

    P = np.random.default_rng(0).uniform(-1.5, 1.5, size=(200_000, 2))
    rho = np.linalg.norm(P, axis=1)
    outer, inner = piece([0, 0], 1.0), piece([0, 0], 0.5)
    ring = polytope_combination([outer, inner], P, signs=[1, -1]) > 0.5
    # the region is the outer m-gon minus the inner m-gon: its area is exact
    area = np.mean(ring) * 9
    exact = float(polygon_area(64, 1.0) - polygon_area(64, 0.5))
    assert abs(area - exact) < 4 * np.sqrt(exact / 9 * (1 - exact / 9) / len(P)) * 9
    assert np.mean(ring == ((rho < 1) & (rho > 0.5))) > 0.995
    # union of two overlapping discs: not convex (the midpoint of the far ends is outside)
    a, b = piece([-0.6, 0], 0.5), piece([0.6, 0], 0.5)
    u = polytope_combination([a, b], np.array([[-0.6, 0.45], [0.6, 0.45], [0.0, 0.45]]))
    assert u.tolist() == [1.0, 1.0, 0.0]
    with pytest.raises(ValueError, match="signs"):
        polytope_combination([a, b], P[:3], signs=[1, 2])
