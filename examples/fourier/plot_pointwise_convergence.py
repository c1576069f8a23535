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
