"""Admissible ridgelet functions: constants and closed forms against quadrature oracles."""

import math

import numpy as np
import pytest
from scipy import integrate, special

from sknnmath.ridgelet import (
    activation_fourier,
    admissibility_constant,
    lowpass_factor,
    ridgelet_function,
)

D = special.dawsn
SQ2 = math.sqrt(2)


def _adaptive_constant(activation, rho, m):
    """<<sigma, rho>> with scipy's adaptive quad: independent of the library's quadrature."""

    def integrand(w):
        val = (activation_fourier(activation, w) * np.conj(rho.fourier(w))
               + activation_fourier(activation, -w) * np.conj(rho.fourier(-w)))
        return float(np.real(val)) / w**m

    total = sum(integrate.quad(integrand, lo, hi, limit=200, epsabs=1e-13, epsrel=1e-12)[0]
                for lo, hi in ((0, 1), (1, 8), (8, 60)))
    return (2 * math.pi) ** (m - 1) * total


@pytest.mark.parametrize("activation", ["relu", "gaussian", "tanh"])
@pytest.mark.parametrize("m", [1, 2, 3])
@pytest.mark.parametrize("k", [0, 1])
def test_admissibility_constant_is_one(activation, m, k):
    rho = ridgelet_function(activation, n_dims=m, order=k)
    assert admissibility_constant(activation, rho) == pytest.approx(1.0, abs=1e-6)
    # independent adaptive quadrature of the same definition
    assert _adaptive_constant(activation, rho, m) == pytest.approx(1.0, abs=1e-6)


def test_relu_constant_closed_form():
    # c = -1 / ((2 pi)^(m-1/2) (2k-1)!!) (reference §4.2)
    for m, k, dfact in [(1, 0, 1), (2, 1, 1), (3, 2, 3)]:
        rho = ridgelet_function("relu", m, k)
        assert rho.constant == pytest.approx(-1 / ((2 * math.pi) ** (m - 0.5) * dfact), rel=1e-14)
        assert rho.power == m + 2 + 2 * k


def test_seed_formula_without_2pi_factor_is_wrong_for_m2():
    # the seed's eq. (11) omits (2 pi)^(m-1): with it the constant is 1, without it 1/(2 pi)
    rho = ridgelet_function("relu", 2, 0)
    assert admissibility_constant("relu", rho) / (2 * math.pi) == pytest.approx(1 / (2 * math.pi))


@pytest.mark.parametrize("activation", ["relu", "gaussian", "tanh"])
@pytest.mark.parametrize("m", [1, 2, 3])
@pytest.mark.parametrize("k", [0, 1])
def test_closed_form_matches_inverse_fourier_quadrature(activation, m, k):
    rho = ridgelet_function(activation, n_dims=m, order=k)
    t = np.array([-22.0, -14.9, -7.3, -2.1, -0.4, 0.0, 0.7, 1.5, 3.3, 9.0, 15.1, 30.0])
    np.testing.assert_allclose(rho(t), rho.quadrature(t), rtol=0, atol=1e-9)


def test_reference_table_closed_forms():
    t = np.linspace(-8, 8, 41)
    pi = math.pi
    table = {
        (1, 0): -((2 - t**2) + SQ2 * t * (t**2 - 3) * D(t / SQ2)) / (pi * math.sqrt(2 * pi)),
        (1, 1): -((t**4 - 9 * t**2 + 8) - SQ2 * t * (t**4 - 10 * t**2 + 15) * D(t / SQ2))
        / (pi * math.sqrt(2 * pi)),
        (2, 0): -(t**4 - 6 * t**2 + 3) * np.exp(-t**2 / 2) / (2 * pi) ** 2,
        (2, 1): (t**6 - 15 * t**4 + 45 * t**2 - 15) * np.exp(-t**2 / 2) / (2 * pi) ** 2,
        (3, 0): -((t**4 - 9 * t**2 + 8) - SQ2 * t * (t**4 - 10 * t**2 + 15) * D(t / SQ2))
        / (pi * (2 * pi) ** 2.5),
    }
    for (m, k), expected in table.items():
        np.testing.assert_allclose(ridgelet_function("relu", m, k)(t), expected, rtol=1e-10, atol=1e-13)
    assert float(ridgelet_function("relu", 1, 0)(0.0)) == pytest.approx(-0.2540, abs=5e-5)
    assert float(ridgelet_function("relu", 1, 1)(0.0)) == pytest.approx(-1.0159, abs=5e-5)


def test_gaussian_activation_pair_of_public_code():
    # waidotto default: psi(z) = (1 - sqrt2 z D(z/sqrt2)) / (sqrt2 pi^2), K = 1 for m = 1
    t = np.linspace(-10, 10, 51)
    expected = (1 - SQ2 * t * D(t / SQ2)) / (SQ2 * math.pi**2)
    np.testing.assert_allclose(ridgelet_function("gaussian", 1, 0)(t), expected, rtol=1e-10, atol=1e-14)


def test_tanh_odd_orders_are_ghosts():
    # rho_1 (spectrum i w sign(w) e^{-w^2/2}: real even) pairs to zero with tanh (SII2021 App. C)
    class Ghost:
        n_dims = 1

        @staticmethod
        def fourier(w):
            return np.abs(w) * np.exp(-np.asarray(w) ** 2 / 2) + 0j

    assert abs(admissibility_constant("tanh", Ghost())) < 1e-12


def test_tail_is_continuous_and_algebraic():
    rho = ridgelet_function("relu", 1, 0)
    # asymptotic branch continues the closed form across |t| = 15
    assert rho(np.array([14.999]))[0] == pytest.approx(rho(np.array([15.001]))[0], rel=1e-3)
    # leading tail 6 c / (pi t^4) * ... : rho(t) t^4 -> -(1/pi) sin(3pi/2) 3! c = 6c/pi
    t = 400.0
    assert rho(np.array([t]))[0] * t**4 == pytest.approx(6 * rho.constant / math.pi, rel=1e-4)


def test_plain_callable_route():
    rho = ridgelet_function("gaussian", 2, 1)
    assert admissibility_constant("gaussian", lambda s: rho(s), n_dims=2) == pytest.approx(1, abs=1e-6)
    with pytest.raises(ValueError, match="n_dims"):
        admissibility_constant("gaussian", lambda s: rho(s))


def test_lowpass_factor_values():
    # reference §5: k = 0, xi = 2 pi, A = 30 keeps about 0.83; k >= 1 is nearly lossless
    assert lowpass_factor(order=0, a_max=30) == pytest.approx(1 - special.erf(2 * math.pi / 30 / SQ2),
                                                              abs=1e-10)
    assert 0.82 < lowpass_factor(order=0, a_max=30) < 0.85
    assert lowpass_factor(order=1, a_max=30) > 0.997
    assert lowpass_factor(order=0, a_max=60) > lowpass_factor(order=0, a_max=30)


def test_bad_arguments():
    with pytest.raises(ValueError, match="activation"):
        ridgelet_function("sigmoid")
    with pytest.raises(ValueError, match="n_dims"):
        ridgelet_function("relu", n_dims=0)
    with pytest.raises(ValueError, match="order"):
        ridgelet_function("relu", order=-1)
