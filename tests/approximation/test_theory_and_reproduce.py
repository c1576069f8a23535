"""Theory functions of the approximation room and small runs of its reproductions."""

import numpy as np
import pytest

from sknnmath.approximation import (
    SmoothPeriodicTarget,
    anthony_bartlett_bound,
    fit_batched_mlps,
    fit_loglog_slope,
    hypersurface_rate_exponents,
    hypersurface_target,
    park_minimum_width,
    rate_exponent,
    sawtooth,
    yarotsky_product,
    yarotsky_square,
)


def test_park_width_is_the_relu_lp_theorem_not_the_documents_quote():
    # Park, Yun, Lee & Shin (ICLR 2021): max{d_x + 1, d_y} for ReLU in L^p
    assert park_minimum_width(2, 1) == 3
    assert park_minimum_width(1, 5) == 5
    assert park_minimum_width(2, 1) != max(2 + 2, 1 + 2)  # document 004's misquote gives 4
    with pytest.raises(ValueError, match="L\\^p"):
        park_minimum_width(2, 1, norm="sup")


def test_sawtooth_and_yarotsky_closed_forms():
    x = np.linspace(0, 1, 4097)
    g2 = sawtooth(x, 2)
    assert g2.max() == 1.0 and np.sum(np.isclose(g2, 1.0)) == 2  # 2 teeth
    for m in range(0, 9):
        grid = np.arange(2**m + 1) / 2**m
        np.testing.assert_allclose(yarotsky_square(grid, m), grid**2, atol=1e-15)  # interpolates
    err = np.abs(yarotsky_product(x[:, None], x[None, ::64], 5) - x[:, None] * x[None, ::64]).max()
    assert err <= 2 * 2.0 ** (-12) + 1e-15


def test_rate_exponents_and_bounds():
    assert rate_exponent(2, 4) == -0.5
    assert rate_exponent(3, 3, width_depth=True) == -2.0
    r = hypersurface_rate_exponents(1e6, 1e6, 3)
    assert r["dnn_risk_n"] == pytest.approx(-1.0, abs=1e-4)
    assert r["linear_risk_n_heuristic"] == -0.25
    # document 004's point: for W = 10^4 parameters the bound exceeds 1 until n > L W log W
    assert anthony_bartlett_bound(10_000, 3, 100_000) > 1.0
    assert fit_loglog_slope([1, 2, 4], [1.0, 0.0, 0.25]) == pytest.approx(-1.0)


def test_smooth_periodic_target_fourier_rate_is_minus_beta_over_d():
    for d, beta in ((1, 2.0), (2, 2.0), (3, 1.5)):
        t = SmoothPeriodicTarget(d, beta=beta, max_frequency=40 if d == 1 else 16, random_state=1)
        Ns = [2, 3, 4, 6, 8]
        slope = fit_loglog_slope([t.fourier_n_params(N) for N in Ns], [t.fourier_error(N) for N in Ns])
        assert slope == pytest.approx(-beta / d, abs=0.12 * beta / d), (d, slope)
    # Parseval: the sampled L² norm is 1 and the partial-sum error matches a projection
    t = SmoothPeriodicTarget(2, beta=2.0, max_frequency=6, random_state=0)
    g = (np.stack(np.meshgrid(np.arange(64), np.arange(64)), -1).reshape(-1, 2) + 0.5) / 64
    assert np.sqrt(np.mean(t(g) ** 2)) == pytest.approx(1.0, rel=1e-10)
    assert t.fourier_error(1) == pytest.approx(1.0)


def test_batched_mlps_grouped_by_width_equal_each_model_trained_alone():
    import torch

    from sknnmath._backend import make_generator
    from sknnmath._engine import train
    from sknnmath._layers import build_mlp
    from sknnmath.reproduce import spawn_seeds

    X = np.linspace(-1, 1, 40).reshape(-1, 1)
    y = np.abs(X.ravel())
    widths = [3, 8, 3, 5, 8]
    a = fit_batched_mlps(X, y, (8,), widths=widths, max_iter=50, learning_rate=0.01, device="cpu",
                         random_state=0, dtype=torch.float64)
    # one batched network per distinct width, each of its own (not padded) width
    assert [tuple(net.weights[0].shape) for net in a.networks] == [(2, 1, 3), (1, 1, 5), (2, 1, 8)]
    assert a.n_params.tolist() == [3 * 3 + 1, 8 * 3 + 1, 10, 5 * 3 + 1, 25]
    pred = a.predict(X)
    seeds = spawn_seeds(0, len(widths))
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y.reshape(-1, 1))
    for s, w in enumerate(widths):  # model s is the network trained alone from its generator
        g = make_generator(seeds[s])
        m = build_mlp(1, (w,), 1, activation="relu", generator=g, dtype=torch.float64)
        train(m, Xt, yt, loss="squared_error", solver="adam", learning_rate=0.01, max_iter=50,
              generator=g)
        with torch.no_grad():
            alone = m(Xt)[:, 0].numpy()
        np.testing.assert_allclose(pred[s], alone, rtol=0, atol=1e-10)
    # same seeds, same result: deterministic on CPU
    b = fit_batched_mlps(X, y, (8,), widths=widths, max_iter=50, learning_rate=0.01, device="cpu",
                         random_state=0, dtype=torch.float64)
    np.testing.assert_array_equal(pred, b.predict(X))
    with pytest.raises(ValueError, match="widths"):
        fit_batched_mlps(X, y, (8,), widths=[0, 3], device="cpu")


def test_hypersurface_targets():
    X = np.array([[0.0, 0.0, 0.0], [0.99, 0.99, 0.99]])
    assert hypersurface_target(X).tolist() == [1.0, 0.0]
    rng = np.random.default_rng(0)
    for d in (2, 3, 4):
        Z = rng.uniform(-1, 1, (200_000, d))
        frac = np.mean(hypersurface_target(Z) != 0)
        # a quarter of the cube, unless the radius is capped at 0.9 (d >= 4)
        assert frac == pytest.approx(0.25, abs=0.01) if d < 4 else 0.15 < frac < 0.25
    with pytest.raises(ValueError, match="shape"):
        hypersurface_target(X, "cube")


def test_approximation_rates_compute_small():
    from sknnmath.approximation._reproduce import _summary_rates, compute_approximation_rates

    res = compute_approximation_rates(quick=True, device="cpu", settings=dict(
        dims=(1,), widths=(4, 8), n_seeds=1, n_train=64, n_test=128, max_iter=20))
    e = res.tables["exponents"].set_index("method")
    assert e.loc["sigmoid steps (Nielsen)", "fitted_exponent"] == pytest.approx(-1.0, abs=0.1)
    assert e.loc["ReLU interpolant", "fitted_exponent"] == pytest.approx(-2.0, abs=0.2)
    assert res.metrics["yarotsky_log2_error_per_layer"] == pytest.approx(-2.0, abs=1e-9)
    assert any("Yarotsky" in s for s in _summary_rates(res))


def test_hypersurface_compute_small():
    from sknnmath.approximation._reproduce import _summary_hyper, compute_hypersurface_singularity

    res = compute_hypersurface_singularity(quick=True, device="cpu", settings=dict(
        dims=(2,), ns=(100, 200), n_test=500, widths=(8,), max_iter=20))
    lc = res.tables["learning_curves"]
    assert set(lc.method) == {"Fourier series (period 2)", "kernel ridge (Gaussian)",
                              "MLP (2 hidden ReLU layers)"}
    assert len(res.tables["advantage"]) == 1
    assert _summary_hyper(res)[-1].startswith("The MLP")


def test_error_decomposition_compute_small():
    from sknnmath.approximation._reproduce import _summary_decomp, compute_error_decomposition

    res = compute_error_decomposition(quick=True, device="cpu", settings=dict(
        widths=(4, 16), n_seeds=2, n_train=100, n_big=400, n_test=400, max_iter=30))
    t = res.tables["decomposition"]
    assert t.W.tolist() == [17, 65]
    assert np.all(t.optimisation_error >= 0)
    # the bound is evaluated exactly as stated: sqrt(L W log W / n), c = 1, L = 2
    np.testing.assert_allclose(t.anthony_bartlett_bound, np.sqrt(2 * t.W * np.log(t.W) / 100))
    assert "bound" in _summary_decomp(res)[-1]


def test_deep_narrow_compute_small():
    from sknnmath.approximation._reproduce import _summary_narrow, compute_deep_narrow

    res = compute_deep_narrow(quick=True, device="cpu", settings=dict(
        widths=(2, 3), depths=(3,), n_seeds=1, n_train=128, n_test=256, max_iter=20))
    t = res.tables["errors"]
    assert t.width.tolist() == [2, 3] and (t.park_min_width == 3).all()
    assert res.metrics["bump_L2_norm"] == pytest.approx(np.sqrt(np.pi * 0.35**2 / 4), rel=0.02)
    assert "Park" in _summary_narrow(res)[-1]
