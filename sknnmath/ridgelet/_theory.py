"""Admissible ridgelet functions and admissibility constants (pure numpy/scipy).

Conventions (Sonoda, Ishikawa & Ikeda 2021, §2; Sonoda & Murata 2017, eq. (14)):
the 1-D Fourier transform is ``F(omega) = int f(t) exp(-i omega t) dt`` and the
inverse ``(1/2 pi) int F(omega) exp(i omega t) d omega``. The admissibility
constant of an activation ``sigma`` and a ridgelet function ``rho`` on ``R^m`` is

    <<sigma, rho>> = (2 pi)^(m-1) int sigma#(omega) conj(rho#(omega)) |omega|^(-m) d omega

and the reconstruction formula reads ``S[R[f; rho]] = <<sigma, rho>> f``.

References
----------
.. [SM2017] S. Sonoda and N. Murata, "Neural network with unbounded activation
   functions is universal approximator", Appl. Comput. Harmon. Anal. 43 (2017)
   233-268, arXiv:1505.03654.
.. [SII2021] S. Sonoda, I. Ishikawa and M. Ikeda, "Ghosts in neural networks:
   existence, structure and role of infinite-dimensional null space",
   arXiv:2106.04770.
.. [Doc001] S. Sonoda, "Recent progress in deep neural network theory" (Japanese),
   RIKEN AIP, 31 July 2018, §3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
from numpy.polynomial import Polynomial
from numpy.polynomial.hermite_e import herme2poly
from scipy import integrate, special
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params

__all__ = [
    "ACTIVATIONS",
    "RidgeletFunction",
    "ridgelet_function",
    "activation_fourier",
    "admissibility_constant",
    "lowpass_factor",
]

# the activations of the layer registry (sknnmath._layers) that have a closed-form ridgelet function
ACTIVATIONS = ("relu", "tanh", "gaussian")

# |t| beyond which algebraically decaying ridgelets are evaluated by their
# asymptotic series (the closed form P + Q D cancels catastrophically there).
_T_SWITCH = 15.0
_N_ASYMPTOTIC = 24


def _double_factorial_odd(k):
    """(2k-1)!! with (-1)!! = 1."""
    return float(np.prod(np.arange(2 * k - 1, 0, -2))) if k > 0 else 1.0


def _dawson_derivative_polys(n):
    """Polynomials P_n, Q_n (in u) with D^(n)(u) = P_n(u) + Q_n(u) D(u).

    From D' = 1 - 2 u D: P_{n+1} = P_n' + Q_n, Q_{n+1} = Q_n' - 2 u Q_n [SM2017, eq. (86)].
    """
    P, Q = Polynomial([0.0]), Polynomial([1.0])
    u = Polynomial([0.0, 1.0])
    for _ in range(n):
        P, Q = P.deriv() + Q, Q.deriv() - 2 * u * Q
    return P, Q


def _rescale(poly, s):
    """Return the polynomial t -> poly(s t)."""
    coef = poly.coef * s ** np.arange(len(poly.coef))
    return Polynomial(coef)


@dataclass(frozen=True)
class RidgeletFunction:
    """A ridgelet function rho with spectrum ``c |w|^n e^{-w^2/2}`` or ``c i sign(w) |w|^n e^{-w^2/2}``.

    Instances are returned by :func:`ridgelet_function`; they are callables
    (``rho(t)``, vectorised numpy) that also know their Fourier transform, a
    quadrature evaluation of the inverse Fourier integral (the oracle for the
    closed form), and the polynomial pieces of the closed form.

    Parameters
    ----------
    activation : str
        Activation the function is admissible for (``"relu"``, ``"tanh"``, ``"gaussian"``).
    n_dims : int
        Input dimension m.
    order : int
        The index k of the family.
    power : int
        n, the power of ``|omega|`` in the spectrum.
    parity : {"even", "odd"}
        ``"even"``: real even spectrum (rho even); ``"odd"``: ``i sign(omega)``
        times a real even profile (rho odd).
    constant : float
        The factor c making ``<<sigma, rho>> = 1``.

    Attributes
    ----------
    kind : {"hermite", "dawson"}
        ``"hermite"``: rho(t) = poly(t) exp(-t^2/2) (Gaussian tails);
        ``"dawson"``: rho(t) = P(t) + Q(t) D(t/sqrt 2) (algebraic tails ~ |t|^-(n+1)).
    """

    activation: str
    n_dims: int
    order: int
    power: int
    parity: str
    constant: float
    kind: str = field(init=False)
    poly_gauss: Polynomial = field(init=False, repr=False, compare=False)
    poly_p: Polynomial = field(init=False, repr=False, compare=False)
    poly_q: Polynomial = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        n, c = self.power, self.constant
        if self.parity == "even":
            hermite_case = n % 2 == 0
        else:
            hermite_case = n % 2 == 1
        object.__setattr__(self, "kind", "hermite" if hermite_case else "dawson")
        zero = Polynomial([0.0])
        if hermite_case:
            he = Polynomial(herme2poly([0] * n + [1]))
            if self.parity == "even":  # (1/2pi) int |w|^n e^{-w^2/2} e^{iwt} = (-1)^{n/2} He_n g
                sign = (-1) ** (n // 2)
            else:  # (1/2pi) int i w^n e^{-w^2/2} e^{iwt} = -(-1)^{(n-1)/2} He_n g
                sign = -((-1) ** ((n - 1) // 2))
            object.__setattr__(self, "poly_gauss", he * (c * sign / math.sqrt(2 * math.pi)))
            object.__setattr__(self, "poly_p", zero)
            object.__setattr__(self, "poly_q", zero)
        else:
            P, Q = _dawson_derivative_polys(n)
            if self.parity == "even":  # n odd
                sign = (-1) ** ((n - 1) // 2)
            else:  # n even
                sign = -((-1) ** (n // 2))
            scale = c * sign * math.sqrt(2) / math.pi * 2.0 ** (-n / 2)
            s = 1 / math.sqrt(2)
            object.__setattr__(self, "poly_gauss", zero)
            object.__setattr__(self, "poly_p", _rescale(P, s) * scale)
            object.__setattr__(self, "poly_q", _rescale(Q, s) * scale)

    # ------------------------------------------------------------------ spectra
    def fourier(self, omega, divide_power=0):
        """The Fourier transform rho#(omega) = int rho(t) e^{-i omega t} dt (complex for odd parity).

        ``divide_power=p`` returns ``rho#(omega) / |omega|^p`` computed as one power
        (finite where the two factors alone would over- or underflow).
        """
        w = np.asarray(omega, dtype=float)
        with np.errstate(divide="ignore"):
            logw = np.log(np.abs(w))
        prof = self.constant * np.exp((self.power - divide_power) * logw - w * w / 2)
        if self.parity == "even":
            return prof
        return 1j * np.sign(w) * prof

    def quadrature(self, t):
        """rho(t) by direct numerical inverse-Fourier quadrature (the oracle of the closed form)."""
        t = np.atleast_1d(np.asarray(t, dtype=float))
        out = np.empty_like(t)
        n, c = self.power, self.constant
        for i, ti in enumerate(t):
            if self.parity == "even":
                val, _ = integrate.quad(lambda w: w**n * np.exp(-w * w / 2), 0, 40, weight="cos",
                                        wvar=ti, limit=400, epsabs=1e-13, epsrel=1e-10)
                out[i] = c * val / math.pi
            else:
                val, _ = integrate.quad(lambda w: w**n * np.exp(-w * w / 2), 0, 40, weight="sin",
                                        wvar=ti, limit=400, epsabs=1e-13, epsrel=1e-10)
                out[i] = -c * val / math.pi
        return out

    # ---------------------------------------------------------------- real space
    def asymptotic(self, t, n_terms=_N_ASYMPTOTIC):
        """Large-|t| expansion of a Dawson-type rho (zero for Hermite types).

        From the singularity of the spectrum at 0: ``(1/2pi) int |w|^l e^{iwt} dw =
        -(1/pi) sin(pi l/2) Gamma(l+1) |t|^{-l-1}`` and ``(1/2pi) int i sign(w)|w|^l e^{iwt} dw
        = -(1/pi) cos(pi l/2) Gamma(l+1) sign(t) |t|^{-l-1}``, applied to the Taylor
        series of ``e^{-w^2/2}``.
        """
        t = np.asarray(t, dtype=float)
        if self.kind == "hermite":
            return np.zeros_like(t)
        coefs = self._asymptotic_coefficients(n_terms)
        at = np.abs(t)
        s = 1.0 / (at * at)
        acc = np.zeros_like(t)
        for cj in coefs[::-1]:
            acc = acc * s + cj
        out = acc * at ** (-(self.power + 1.0))
        return out if self.parity == "even" else out * np.sign(t)

    def _asymptotic_coefficients(self, n_terms=_N_ASYMPTOTIC):
        n, c = self.power, self.constant
        out = []
        for j in range(n_terms):
            lam = n + 2 * j
            trig = math.sin(math.pi * lam / 2) if self.parity == "even" else math.cos(math.pi * lam / 2)
            trig = round(trig)  # exactly 0, +1 or -1
            out.append(c * (-0.5) ** j / math.factorial(j) * (-1 / math.pi) * trig * math.gamma(lam + 1))
        return np.array(out)

    def __call__(self, t):
        """Evaluate rho(t) by its closed form (Hermite or Dawson; asymptotic series for |t| > 15)."""
        t = np.asarray(t, dtype=float)
        if self.kind == "hermite":
            return self.poly_gauss(t) * np.exp(-t * t / 2)
        out = np.empty_like(t)
        near = np.abs(t) <= _T_SWITCH
        tn = t[near]
        out[near] = self.poly_p(tn) + self.poly_q(tn) * special.dawsn(tn / math.sqrt(2))
        out[~near] = self.asymptotic(t[~near])
        return out

    def __repr__(self):
        return (f"RidgeletFunction(activation={self.activation!r}, n_dims={self.n_dims}, "
                f"order={self.order}, spectrum={'' if self.parity == 'even' else 'i sign(w) '}"
                f"{self.constant:.6g} |w|^{self.power} exp(-w^2/2))")


def _log_double_factorial_odd(k):
    """log((2k-1)!!) = log((2k)! / (2^k k!)), finite for every k."""
    return math.lgamma(2 * k + 1) - k * math.log(2.0) - math.lgamma(k + 1)


def _representable_exp(log_c, m, activation):
    """exp(log_c), or a ValueError when the constant of rho is outside float64."""
    if not (math.log(np.finfo(np.float64).tiny) < log_c < math.log(np.finfo(np.float64).max)):
        raise ValueError(
            f"ridgelet_function({activation!r}, n_dims={m}): the normalising constant of rho is "
            f"10^{log_c / math.log(10):.0f}, outside the float64 range, because it carries "
            f"(2 pi)^-(n_dims - 1/2). The ridgelet transform is not representable in float64 "
            f"for this many input dimensions; reduce them (e.g. with PCA) below about 370.")
    return math.exp(log_c)


@validate_params(
    {
        "activation": [StrOptions(set(ACTIVATIONS))],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
        "order": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def ridgelet_function(activation="relu", n_dims=1, order=1):
    """Normalised admissible ridgelet function rho with ``<<sigma, rho>> = 1``.

    Families (all with the unnormalised ``e^{-i omega t}`` Fourier convention):

    * ``"relu"``: ``rho#(w) = c |w|^(m+2+2k) e^{-w^2/2}`` with
      ``c = -1 / ((2 pi)^(m - 1/2) (2k-1)!!)`` [SM2017, §6; document 001 (Sonoda) §3.2]. The
      minus sign comes from ``relu#(w) = -1/w^2`` (away from 0). Closed forms:
      Hermite polynomial times a Gaussian for even m, Dawson-function form for odd m.
    * ``"gaussian"`` (``sigma(z) = exp(-z^2/2)``): ``rho#(w) = c |w|^(m+2k) e^{-w^2/2}``
      with ``c = 1 / ((2 pi)^(m - 1/2) Gamma(k + 1/2))``; for m = 1, k = 0 this is the
      pair used by ``waidotto/ridgelet-transform-numerial-experiment``.
    * ``"tanh"``: ``rho#(w) = c i sign(w) |w|^(m+1+2k) e^{-w^2/2}`` (derivatives of the
      Hilbert transform of a Gaussian, [SII2021, App. C]; for m = 1, order k is their
      rho_{2+2k}); c is found by quadrature of ``tanh#(w) = -i pi / sinh(pi w / 2)``.

    Parameters
    ----------
    activation : {"relu", "tanh", "gaussian"}, default="relu"
        Activation sigma the function is admissible for.
    n_dims : int, default=1
        Input dimension m (the constant carries (2 pi)^(m-1)).
    order : int, default=1
        k >= 0. Higher k localises rho# away from 0; k >= 1 avoids the low-pass
        loss of finite |a| grids (see :func:`lowpass_factor`).

    Returns
    -------
    RidgeletFunction
        Callable ``rho(t)`` with ``.fourier``, ``.quadrature`` and the closed-form pieces.

    References
    ----------
    [SM2017] §6 (eq. (86)-(87)); [SII2021] Def. 5, App. C; [Doc001] eq. (10)-(11).

    Examples
    --------
    >>> from sknnmath.ridgelet import ridgelet_function, admissibility_constant
    >>> rho = ridgelet_function("relu", n_dims=1, order=0)
    >>> round(float(rho(0.0)), 4)
    -0.254
    >>> round(admissibility_constant("relu", rho), 8)
    1.0
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}; got {activation!r}.")
    m, k = int(n_dims), int(order)
    if m < 1 or k < 0 or m != n_dims or k != order:
        raise ValueError(f"n_dims must be an integer >= 1 and order an integer >= 0; got "
                         f"n_dims={n_dims!r}, order={order!r}.")
    # the constants carry (2 pi)^-(m - 1/2): work in log space, so that a dimension whose
    # constant leaves float64 is refused with a clear message instead of an OverflowError
    log_2pi = (m - 0.5) * math.log(2 * math.pi)
    if activation == "relu":
        n = m + 2 + 2 * k
        c = -_representable_exp(-log_2pi - _log_double_factorial_odd(k), m, activation)
        return RidgeletFunction("relu", m, k, n, "even", c)
    if activation == "gaussian":
        n = m + 2 * k
        c = _representable_exp(-log_2pi - math.lgamma(k + 0.5), m, activation)
        return RidgeletFunction("gaussian", m, k, n, "even", c)
    _representable_exp(-log_2pi, m, activation)  # the same (2 pi)^-(m - 1/2) scale
    n = m + 1 + 2 * k
    trial = RidgeletFunction("tanh", m, k, n, "odd", 1.0)
    c = 1.0 / admissibility_constant("tanh", trial, n_dims=m)
    return RidgeletFunction("tanh", m, k, n, "odd", c)


@validate_params(
    {
        "activation": [StrOptions(set(ACTIVATIONS))],
        "omega": ["array-like", Real],
    },
    prefer_skip_nested_validation=True,
)
def activation_fourier(activation, omega):
    """Fourier transform sigma#(omega) of an activation away from omega = 0.

    * relu: ``-1 / w^2`` (the ``i pi delta'`` term at 0 is dropped; it does not
      contribute when ``rho#(w) |w|^-m`` vanishes to second order at 0) [SM2017, eq. (87)];
    * gaussian ``exp(-z^2/2)``: ``sqrt(2 pi) exp(-w^2/2)``;
    * tanh: ``-i pi / sinh(pi w / 2)`` (principal value) [SII2021, App. C].

    Parameters
    ----------
    activation : {"relu", "tanh", "gaussian"}
        Name of sigma.
    omega : array-like
        Frequencies (nonzero).

    Returns
    -------
    ndarray
        sigma#(omega), complex for tanh.
    """
    w = np.asarray(omega, dtype=float)
    if activation == "relu":
        return -1.0 / (w * w)
    if activation == "gaussian":
        return math.sqrt(2 * math.pi) * np.exp(-w * w / 2)
    if activation == "tanh":
        return -1j * math.pi / np.sinh(math.pi * w / 2)
    raise ValueError(f"activation must be one of {ACTIVATIONS}; got {activation!r}.")


def _numeric_fourier(rho, window=40.0, step=0.01):
    """Spectrum of a real callable by the trapezoid rule on [-window, window].

    Accurate for rapidly decaying rho; the error of an algebraic tail ~|t|^-p is
    about window^(1-p).
    """
    t = np.arange(-window, window + step / 2, step)
    vals = np.asarray(rho(t), dtype=float) * step
    vals[[0, -1]] *= 0.5

    def rho_hat(w):
        w = np.atleast_1d(np.asarray(w, dtype=float))
        out = np.empty(w.shape, dtype=complex)
        flat = w.ravel()
        for s in range(0, flat.size, 128):
            ws = flat[s:s + 128]
            out.ravel()[s:s + 128] = np.cos(np.outer(ws, t)) @ vals - 1j * (np.sin(np.outer(ws, t)) @ vals)
        return out

    return rho_hat


@validate_params(
    {
        "activation": [StrOptions(set(ACTIVATIONS))],
        # a callable, or any object with an exact ``fourier`` method (documented below)
        "rho": [callable, HasMethods(["fourier"])],
        "n_dims": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def admissibility_constant(activation, rho, n_dims=None):
    """Admissibility constant <<sigma, rho>> by numerical quadrature.

    ``<<sigma, rho>> = (2 pi)^(m-1) int sigma#(w) conj(rho#(w)) |w|^(-m) dw``
    [SII2021, Def. 5; SM2017, eq. (30)]. Document 001's eq. (11) omits the
    factor (2 pi)^(m-1) and the conjugate; both matter for m >= 2 / complex spectra.

    Parameters
    ----------
    activation : {"relu", "tanh", "gaussian"}
        sigma.
    rho : RidgeletFunction or callable
        A :class:`RidgeletFunction` (its exact spectrum is used) or any real
        callable ``rho(t)``, whose spectrum is then computed by Fourier quadrature
        (trapezoid rule on [-40, 40]). This route is accurate for rapidly decaying rho
        and an activation whose spectrum is regular at 0 (``"gaussian"``); for relu and
        tanh the weight sigma#(w)/|w|^m is singular at 0 and small absolute errors of a
        numerical spectrum are amplified, so pass a :class:`RidgeletFunction` (or any
        object with an exact ``fourier`` method) there.
    n_dims : int or None
        m; defaults to ``rho.n_dims`` for a :class:`RidgeletFunction`.

    Returns
    -------
    float
        The (real) constant; 1 for the functions of :func:`ridgelet_function`.

    References
    ----------
    [SII2021] Def. 5 and Thm. 6; [SM2017] eq. (30), Thm. 5.6; [Doc001] eq. (11).

    Examples
    --------
    >>> from sknnmath.ridgelet import ridgelet_function, admissibility_constant
    >>> rho = ridgelet_function("gaussian", n_dims=2, order=1)
    >>> round(admissibility_constant("gaussian", rho), 8)
    1.0
    """
    if n_dims is None:
        n_dims = getattr(rho, "n_dims", None)
        if n_dims is None:
            raise ValueError("n_dims must be given for a plain callable rho.")
    m = int(n_dims)
    if isinstance(rho, RidgeletFunction) or hasattr(rho, "fourier"):
        rho_hat = rho.fourier
    else:
        rho_hat = _numeric_fourier(rho)

    # fixed Gauss-Legendre panels: vectorised, and smooth integrands converge fast
    nodes, weights = np.polynomial.legendre.leggauss(80)
    edges = np.array([0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.5, 6.0, 8.0, 11.0, 15.0, 20.0, 30.0, 40.0])
    w_all, q_all = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        w_all.append(0.5 * (hi - lo) * nodes + 0.5 * (hi + lo))
        q_all.append(0.5 * (hi - lo) * weights)
    w = np.concatenate(w_all)
    q = np.concatenate(q_all)
    if isinstance(rho, RidgeletFunction):
        # rho#(w) / |w|^m in one power: w^power and w^-m each leave float64 for m ~ 100
        def rho_hat_scaled(u):
            return rho.fourier(u, divide_power=m)

        val = (activation_fourier(activation, w) * np.conj(rho_hat_scaled(w))
               + activation_fourier(activation, -w) * np.conj(rho_hat_scaled(-w)))
        total = float(np.sum(q * np.real(val)))
    else:
        val = (activation_fourier(activation, w) * np.conj(rho_hat(w))
               + activation_fourier(activation, -w) * np.conj(rho_hat(-w)))
        total = float(np.sum(q * np.real(val) / w**m))
    return float(math.exp((m - 1) * math.log(2 * math.pi)) * total)


@validate_params(
    {
        "order": [Interval(Integral, 0, None, closed="left")],
        "frequency": [Interval(Real, None, None, closed="neither")],
        "a_max": [Interval(Real, 0, None, closed="neither")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "n_dims": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def lowpass_factor(order=1, frequency=2 * math.pi, a_max=30.0, activation="relu", n_dims=1):
    """Fraction of a Fourier mode kept by S[R f] when |a| is cut at ``a_max``.

    At frequency xi only spectral scales |omega| = |xi| / |a| > |xi| / a_max enter the
    truncated a-integral, so the reconstruction multiplies the mode by

        int_{|w| > xi/A} sigma#(w) conj(rho#(w)) |w|^-m dw / int sigma#(w) conj(rho#(w)) |w|^-m dw.

    For relu and k = 0, xi = 2 pi, A = 30 this is about 0.83: the k = 0 "low-pass"
    loss of [SM2017, §7.1]; k >= 1 makes it negligible.

    Parameters
    ----------
    order : int, default=1
        k, the order of the ridgelet function.
    frequency : float, default=2 pi
        xi, the frequency of the mode.
    a_max : float, default=30.0
        A, the cut-off of |a|.
    activation : {"relu", "tanh", "gaussian"}, default="relu"
        sigma.
    n_dims : int, default=1
        Input dimension m.

    Returns
    -------
    float
        The fraction of the mode kept.

    Examples
    --------
    >>> from sknnmath.ridgelet import lowpass_factor
    >>> round(lowpass_factor(order=0), 3), round(lowpass_factor(order=1), 4)
    (0.834, 0.9976)
    """
    rho = ridgelet_function(activation, n_dims, order)
    m = n_dims

    def integrand(w):
        val = (activation_fourier(activation, w) * np.conj(rho.fourier(w))
               + activation_fourier(activation, -w) * np.conj(rho.fourier(-w)))
        return np.real(val) / w**m

    cut = abs(frequency) / a_max
    lost, _ = integrate.quad(integrand, 0.0, cut, limit=200, epsabs=1e-14)
    return float(1.0 - (2 * math.pi) ** (m - 1) * lost)
