"""
Pointwise convergence of the Fourier series of a ball: Gibbs, Pinsky, Kuratsubo
================================================================================

Document 000 (Kawasumi & Yoneda, Fourier series vs deep ReLU networks), §2:
gradient descent on the Fourier coefficients converges to the truncated Fourier
series of the target. For the indicator of the ball ``|x| < 1/2`` in the period
cell ``[-1, 1)^d`` we evaluate the exact spherical partial sums ``S_N`` (Bessel
coefficients, summed by lattice shells with
:func:`~sknnmath.fourier.ball_partial_sum`) and watch three obstructions to
pointwise convergence: the Gibbs overshoot near the sphere (every ``d``), the
Pinsky oscillation at the centre (``d = 3``; growth for ``d >= 4``) and
Kuratsubo's third phenomenon at rational points (``d = 5``, the document's
Proposition 2.1).
"""

# %%
# Exact partial sums at fixed points
# ----------------------------------
import numpy as np

from sknnmath.base import is_quick
from sknnmath.fourier import ball_partial_sum

quick = is_quick()
Ns = np.arange(1, (160 if quick else 800) + 1)
points = {
    2: {"centre x = 0": [0, 0], "rational point x = (1/4, 0, ...)": [0.25, 0],
        "half-period point x = (1, 0, ...)": [1, 0]},
    3: {"centre x = 0": [0, 0, 0], "rational point x = (1/4, 0, ...)": [0.25, 0, 0],
        "half-period point x = (1, 0, ...)": [1, 0, 0]},
    5: {"centre x = 0": [0] * 5, "rational point x = (1/4, 0, ...)": [0.25, 0, 0, 0, 0],
        "half-period point x = (1, 0, ...)": [1, 0, 0, 0, 0],
        "irrational point x = (√2/8, √3/10, 0, 0, 0)": [np.sqrt(2) / 8, np.sqrt(3) / 10, 0, 0, 0]},
}
errors = {}
for d, pts in points.items():
    P = np.array(list(pts.values()), dtype=float)
    f = (np.linalg.norm(P, axis=1) < 0.5).astype(float)
    S = ball_partial_sum(P, Ns, radius=0.5, half_width=1.0)  # one row per point, one column per N
    errors[d] = dict(zip(pts, S - f[:, None]))
    for label, e in errors[d].items():
        tail = np.abs(e[Ns > Ns[-1] // 2]).max()
        print(f"d = {d}  {label:<45s} max |S_N - f| over N in [{Ns[-1] // 2}, {Ns[-1]}]: {tail:.4g}")

# %%
# At the centre: slow convergence in d = 2, the Pinsky oscillation between
# ``1 -+ 2/pi`` in d = 3, growth like ``N/3`` in d = 5.
from sknnmath.plotting import PartialSumDisplay

PartialSumDisplay(n=Ns, errors={d: errors[d]["centre x = 0"] for d in points}).plot()

# %%
# The error at every point, as its worst value over the window ``[N/2, N]`` so
# the oscillating curves do not hide each other. In d = 5 the error at the
# rational half-period point does not decay, while the irrational point converges.
from sknnmath.plotting import PointwiseConvergenceDisplay

panels = {f"d = {d}": {label: {"x": Ns, "error": e, "envelope": True}
                       for label, e in errors[d].items()} for d in points}
PointwiseConvergenceDisplay(panels=panels, xlabel="truncation radius N (terms with |k| < N)",
                            ylabel="max |S_M(x) − f(x)|, M in [N/2, N]",
                            title="Error of the exact partial sums at fixed points").plot()

# %%
# Proposition 2.1: divergence at rational points for d >= 5, and how fast
# -----------------------------------------------------------------------
# Grouped by lattice shells ``m = |k|^2``, ``S_N(x) = sum_{m < N^2} a(sqrt m) R_x(m)``
# with ``a(rho) ~ rho^{-(d+1)/2}`` and ``R_x(m)`` the sum of ``cos(pi k.x)`` over the
# shell. At a rational ``x`` the shell sums do not cancel (``|R_x(m)| ~ m^{d/2-1}`` on
# arithmetic progressions), so single shells contribute ``N^{(d-5)/2}``: for
# ``d = 5`` a bounded oscillation that never decays, for ``d > 5`` growth. At the
# centre the Pinsky term ``N^{(d-3)/2}`` adds on. We fit the exponent of the window
# maxima against :func:`~sknnmath.fourier.pointwise_growth_exponent`.
from sknnmath.fourier import pointwise_growth_exponent

sizes = {5: 400, 6: 240, 7: 120} if quick else {5: 2000, 6: 800, 7: 400}
kinds = {"centre x = 0": ("centre", []), "half-period point (1, 0, ...)": ("rational", [1.0]),
         "rational point (1/3, 0, ...)": ("rational", [1 / 3]),
         "irrational point (√2/8, √3/10, 0, ...)": ("irrational", [np.sqrt(2) / 8, np.sqrt(3) / 10])}
div_panels = {}
for d, n_max in sizes.items():
    Nd = np.arange(1, n_max + 1)
    for label, (kind, head) in kinds.items():
        x = np.zeros(d)
        x[:len(head)] = head
        err = ball_partial_sum(x, Nd, method="shells") - float(np.linalg.norm(x) < 0.5)
        ends = [n_max // 4, n_max // 2, n_max]
        wmax = [np.abs(err[(Nd > e // 2) & (Nd <= e)]).max() for e in ends]
        slope = np.polyfit(np.log(ends), np.log(wmax), 1)[0]
        theory = pointwise_growth_exponent(d, kind)
        print(f"d = {d}  {label:<40s} window maxima {np.round(wmax, 4)}  fitted exponent "
              f"{slope:+.2f}  theory {'converges' if theory is None else theory}")
        div_panels.setdefault(f"d = {d}", {})[label] = {"x": Nd[9:], "error": err[9:],
                                                          "envelope": True}
PointwiseConvergenceDisplay(panels=div_panels, logx=True,
                            xlabel="truncation radius N (terms with |k| < N)",
                            ylabel="max |S_M(x) − f(x)|, M in [N/2, N]",
                            title="Proposition 2.1: partial sums at fixed points").plot()

# %%
# The point ``(1/3, 0, 0, 0, 0)`` is rational, so it diverges too, but its
# non-decaying oscillation is small (about 0.008, fourteen times smaller than at
# ``(1, 0, 0, 0, 0)``): up to ``N`` of a few hundred the convergent part, which
# falls like ``1/N`` as at the irrational point, is larger, and the error seems to
# decay. From ``N`` of about 500 on it stays at 0.0074-0.0084 (full run up to
# ``N = 2000``).

# %%
# The Gibbs overshoot
# -------------------
# Near the sphere the partial sums overshoot by the one-dimensional Gibbs
# constant ``1/2 + Si(pi)/pi``, in every dimension.
from sknnmath.fourier import GIBBS_CONSTANT, gibbs_overshoot
from sknnmath.plotting import GibbsProfileDisplay

for d in (1, 2, 3):
    peaks = [gibbs_overshoot(n, n_dims=d) for n in (25, 50, 100)]
    print(f"d = {d}: max S_N near the sphere for N = 25, 50, 100:", np.round(peaks, 4),
          f"(Gibbs constant {GIBBS_CONSTANT:.4f})")
rho = np.linspace(0, 1, 801)
profile = ball_partial_sum(np.c_[rho, np.zeros_like(rho)], 50, radius=0.5, half_width=1.0)
GibbsProfileDisplay(rho=rho, values=profile, n_frequencies=50).plot()
