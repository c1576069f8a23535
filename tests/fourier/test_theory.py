"""Oracle tests of the exact ball series (reference fourier_and_ballnet.md §3-§5, [checked])."""

import math

import numpy as np
import pytest
from scipy import integrate

from sknnmath.fourier import (
    GIBBS_CONSTANT,
    ball_fourier_coefficient,
    ball_partial_sum,
    fourier_frequencies,
    gibbs_overshoot,
    lattice_count,
)

# (d, r, L, k, c_k): the reference's spot-value table.
SPOT = [
    (1, 0.5, 1.0, [1], 0.318310),
    (1, 0.5, 1.0, [3], -0.106103),
    (2, 0.5, 1.0, [0, 0], 0.196350),
    (2, 0.5, 1.0, [1, 0], 0.141706),
    (2, 0.5, 1.0, [3, 0], -0.023471),
    (2, 0.5, 1.0, [1, 2], 0.014777),
    (2, 0.9, 1.0, [2, 0], -0.074051),
    (3, 0.5, 1.0, [0, 0, 0], 0.065450),
    (3, 0.5, 1.0, [1, 0, 0], 0.050661),
    (3, 0.5, 1.0, [1, 2, 0], 0.013192),
    (2, 1.0, 1.5, [0, 0], 0.349066),
    (2, 1.0, 1.5, [1, 0], 0.189623),
    (2, 1.0, 1.5, [2, 1], -0.041071),
    (2, 1.0, 1.5, [3, 3], 0.020209),
]


@pytest.mark.parametrize("d, r, L, k, expected", SPOT)
def test_spot_values(d, r, L, k, expected):
    assert abs(ball_fourier_coefficient(k, r, L) - expected) < 1e-5


def test_vectorised_matches_scalar():
    ks = np.array([row[3] for row in SPOT if row[0] == 2 and row[1] == 0.5])
    vec = ball_fourier_coefficient(ks, 0.5, 1.0)
    assert vec.shape == (len(ks),)
    np.testing.assert_allclose(vec, [ball_fourier_coefficient(k) for k in ks], rtol=1e-14)


def test_closed_form_against_quadrature_2d():
    # c_k = (2L)^{-2} * integral over the disc of cos(pi k.x / L): polar quadrature.
    r, L, k = 1.0, 1.5, np.array([2.0, 1.0])

    def integrand(rho, phi):
        return rho * np.cos(np.pi * rho * (k[0] * np.cos(phi) + k[1] * np.sin(phi)) / L)

    val, _ = integrate.dblquad(integrand, 0, 2 * np.pi, 0, r, epsabs=1e-11)
    assert abs(val / (2 * L) ** 2 - ball_fourier_coefficient(k, r, L)) < 1e-9


@pytest.mark.parametrize("L", [1.0, 1.5])
def test_d1_reduction(L):
    r = 0.5
    k = np.arange(1, 40)
    expected = np.sin(np.pi * k * r / L) / (np.pi * k)
    np.testing.assert_allclose(ball_fourier_coefficient(k[:, None], r, L), expected,
                               rtol=0, atol=1e-14)
    assert abs(ball_fourier_coefficient(0, r, L) - r / L) < 1e-15
    # The 1-D partial sum is the classical Dirichlet sum of the interval indicator.
    x = np.linspace(-L, L, 13)[:, None]
    N = 30
    direct = r / L + 2 * np.sum(
        np.sin(np.pi * k[: N - 1] * r / L) / (np.pi * k[: N - 1])
        * np.cos(np.pi * k[: N - 1] * x / L), axis=1)
    np.testing.assert_allclose(ball_partial_sum(x, N, r, L), direct, atol=1e-12)


def test_parseval_deficit_d2():
    # (c_0 - sum_{|k|<N} c_k^2) * N -> about 1/(4 pi) = 0.0795 (reference §3).
    for N, lo in [(50, 0.0790), (100, 0.0792)]:
        f = fourier_frequencies(N, 2, max_terms=10**6)
        c = ball_fourier_coefficient(f)
        w = np.where(np.all(f == 0, axis=1), 1.0, 2.0)
        deficit = (c[0] - np.sum(w * c ** 2)) * N
        assert lo < deficit < 0.0797


def test_lattice_counts_and_half_lattice():
    assert lattice_count(8, 2) == 193 and lattice_count(25, 2) == 1941
    assert lattice_count(4, 3, "cubic") == 7 ** 3
    cases = [(5, 2, "spherical"), (3, 3, "spherical"), (3, 2, "cubic"), (1, 4, "spherical")]
    for n, d, tr in cases:
        f = fourier_frequencies(n, d, tr)
        assert len(f) == (lattice_count(n, d, tr) + 1) // 2
        assert np.all(f[0] == 0)
        # each +-k pair exactly once
        both = {tuple(v) for v in f} | {tuple(-v) for v in f}
        assert len(both) == lattice_count(n, d, tr)
        if tr == "spherical":
            assert np.all((f ** 2).sum(axis=1) < n * n)
    assert fourier_frequencies(0, 2).shape == (0, 2)


def test_max_terms_guard_states_count():
    with pytest.raises(ValueError, match="193 Fourier basis functions"):
        fourier_frequencies(8, 2, max_terms=100)
    with pytest.raises(ValueError, match="max_terms"):
        fourier_frequencies(1000, 8)          # must not try to enumerate


def test_shells_equal_direct():
    rng = np.random.default_rng(0)
    for d, ns in [(2, [1, 6, 11]), (3, [4, 9]), (5, [6])]:
        x = rng.uniform(-1, 1, size=(7, d))
        a = ball_partial_sum(x, ns, method="shells")
        b = ball_partial_sum(x, ns, method="direct")
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert ball_partial_sum(np.zeros(2), 0) == 0.0


def test_gibbs_overshoot_1d_and_2d():
    assert abs(GIBBS_CONSTANT - 1.0894898722) < 1e-9
    assert abs(gibbs_overshoot(200, n_dims=1) - GIBBS_CONSTANT) < 2e-4
    peak2, rho2 = gibbs_overshoot(150, n_dims=2, return_position=True)
    assert abs(peak2 - 1.0895) < 0.01          # the tolerance
    assert 1.085 < peak2 < 1.095               # reference oracle 3
    assert 0.5 - 3 / 150 < rho2 < 0.5


def test_sphere_value_tends_to_half():
    s = ball_partial_sum(np.array([0.5, 0.0]), [100, 200, 400])
    assert np.all(np.abs(s - 0.5) < 0.01) and abs(s[-1] - 0.5) < 0.002


def test_pinsky_centre_d3_oscillates():
    s = ball_partial_sum(np.zeros(3), np.arange(175, 301))
    lo, hi = 1 - 2 / np.pi, 1 + 2 / np.pi
    assert np.all(s > lo - 1e-3) and np.all(s < hi + 1e-3)
    # no convergence: the oscillation does not shrink (limsup - liminf about 4/pi)
    assert s.max() - s.min() > 1.2
    late = ball_partial_sum(np.zeros(3), np.arange(400, 451))
    assert late.max() - late.min() > 1.2


def test_d2_centre_converges_slowly():
    s = ball_partial_sum(np.zeros(2), np.arange(175, 301))
    assert np.all(np.abs(s - 1) < 0.04)


def test_centre_growth_d5():
    err1 = np.abs(ball_partial_sum(np.zeros(5), np.arange(100, 201)) - 1).max()
    err2 = np.abs(ball_partial_sum(np.zeros(5), np.arange(200, 401)) - 1).max()
    # reference: 66.67 and 133.33 (about N/3)
    assert abs(err1 - 66.67) < 0.1 and abs(err2 - 133.33) < 0.1


def test_third_phenomenon_d5():
    x = np.array([[1.0, 0, 0, 0, 0], [np.sqrt(2) / 8, np.sqrt(3) / 10, 0, 0, 0]])
    s = ball_partial_sum(x, np.arange(400, 801))
    assert np.abs(s[0] - 0.0).max() > 0.09      # rational point: no decay
    assert np.abs(s[1] - 1.0).max() < 0.01      # irrational point: converges


def test_input_errors():
    with pytest.raises(ValueError, match="radius"):
        ball_fourier_coefficient([1, 0], radius=-1)
    with pytest.raises(ValueError, match="NaN"):
        ball_partial_sum(np.array([np.nan, 0.0]), 3)
    with pytest.raises(ValueError, match="n_frequencies"):
        ball_partial_sum(np.zeros(2), -1)
    with pytest.raises(TypeError):
        ball_partial_sum(np.zeros(2), 2.5)


def test_lattice_count_exact_flag():
    import itertools

    import numpy as np

    from sknnmath.fourier import lattice_count

    # brute force in d = 3 (default and exact agree below the 1e8 shortcut)
    n, d = 7, 3
    brute = sum(1 for k in itertools.product(range(-n, n + 1), repeat=d) if np.dot(k, k) < n * n)
    assert lattice_count(n, d) == lattice_count(n, d, exact=True) == brute
    # above 1e8 the default returns a documented lower bound, exact=True counts
    assert lattice_count(80, 5, exact=True) > lattice_count(80, 5)


# --------------------------------------------------------------------------------------
# Proposition 2.1 of document 000 (Kuratsubo's third phenomenon)
# --------------------------------------------------------------------------------------
def _exact_shell_sums(x, n_max, radius=0.5, half_width=1.0):
    """Oracle: S_N(x), N = 1..n_max, from exact integer shell counts r_{d-c}(m) and c
    direct (FFT-free) passes over the non-zero coordinates of x."""
    from sknnmath.fourier import ball_fourier_coefficient, shell_counts

    x = np.asarray(x, dtype=float)
    d = x.size
    nz = np.flatnonzero(x)
    size = n_max * n_max
    R = shell_counts(size, d - nz.size).astype(np.float64)
    for i in nz:
        new = R.copy()
        for j in range(1, math.isqrt(size - 1) + 1):
            new[j * j:] += 2 * np.cos(np.pi * j * x[i] / half_width) * R[:size - j * j]
        R = new
    K = np.zeros((size, d))
    K[:, 0] = np.sqrt(np.arange(size))
    c = ball_fourier_coefficient(K, radius=radius, half_width=half_width)
    Ns = np.arange(1, n_max + 1)
    return np.cumsum(c * R)[Ns * Ns - 1]


@pytest.mark.parametrize("x", [np.zeros(5), [1 / 3, 0, 0, 0, 0], [0.5, 0.5, 0, 0, 0]])
def test_shell_sums_match_direct_lattice_sum_and_exact_counts(x):
    x = np.asarray(x, dtype=float)
    small = np.arange(1, 9)
    direct = ball_partial_sum(x, small, method="direct")
    shells = ball_partial_sum(x, small, method="shells")
    np.testing.assert_allclose(shells, direct, rtol=0, atol=1e-11)
    Ns = np.arange(1, 301)
    np.testing.assert_allclose(ball_partial_sum(x, Ns, method="shells"),
                               _exact_shell_sums(x, 300), rtol=1e-9, atol=1e-9)


def _fitted_exponent(x, n_max):
    x = np.asarray(x, dtype=float)
    Ns = np.arange(1, n_max + 1)
    err = np.abs(ball_partial_sum(x, Ns, method="shells") - float(np.linalg.norm(x) < 0.5))
    ends = [n_max // 4, n_max // 2, n_max]
    wmax = [err[(Ns > e // 2) & (Ns <= e)].max() for e in ends]
    return float(np.polyfit(np.log(ends), np.log(wmax), 1)[0]), wmax


@pytest.mark.parametrize("d, kind, head, n_max", [
    (5, "centre", [], 240),          # Pinsky: N^1
    (5, "rational", [1.0], 400),     # third phenomenon: bounded, no decay
    (5, "rational", [0.5, 0.5], 400),
    (6, "rational", [1.0], 240),     # N^(1/2)
    (7, "rational", [1.0], 120),     # N^1
])
def test_growth_exponent_matches_theory(d, kind, head, n_max):
    from sknnmath.fourier import pointwise_growth_exponent

    x = np.zeros(d)
    x[:len(head)] = head
    slope, _ = _fitted_exponent(x, n_max)
    assert abs(slope - pointwise_growth_exponent(d, kind)) < 0.15, slope


def test_third_phenomenon_one_third_point_stops_decaying():
    """(1/3, 0, 0, 0, 0) is rational: the window maxima fall like 1/N (as at an irrational
    point) only until the non-decaying oscillation (about 0.008) takes over."""
    _, w = _fitted_exponent([1 / 3, 0, 0, 0, 0], 1200)    # windows ending at 300, 600, 1200
    assert w[2] > 0.8 * w[1] > 0.005                      # no decay over the last window
    _, wi = _fitted_exponent([np.sqrt(2) / 8, np.sqrt(3) / 10, 0, 0, 0], 1200)
    assert wi[2] < 0.75 * wi[1]                            # the irrational point converges
    assert w[2] > 2 * wi[2]
