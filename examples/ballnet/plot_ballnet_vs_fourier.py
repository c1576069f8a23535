"""
Pointwise convergence: BallNet against the Fourier series of the ball
=====================================================================

The question of arXiv:2304.08172, the companion paper of document 000 (Kawasumi
& Yoneda, Fourier series vs deep ReLU networks): as the number of parameters
grows, does the approximation of the indicator of the ball ``|x| <= 1/2`` on
``[-1, 1]^d`` converge at every point? The spherical Fourier partial sums
``S_N`` (exact Bessel coefficients) meet the Gibbs phenomenon in every
dimension, Pinsky's divergence at the centre for ``d >= 3`` and, for
``d >= 5``, non-convergence at rational points (Kuratsubo). The polytope
network of document 000 with ``m = 2^n`` facets circumscribed about the ball has
an indicator that is exact at every fixed point off the sphere once ``m`` is
large enough.

The last part compares learning curves of the Fourier-series classifier, a
ReLU MLP and BallNet on document 000's data. ``sknnmath reproduce
ballnet-vs-fourier`` adds the L1/L2 errors against the number of parameters.
"""

# %%
# Pointwise errors at fixed points
# --------------------------------
import numpy as np

from sknnmath.ballnet import BallNetClassifier
from sknnmath.base import is_quick
from sknnmath.datasets import make_ball
from sknnmath.fourier import ball_partial_sum
from sknnmath.plotting import PointwiseConvergenceDisplay

quick = is_quick()
n_max = 32 if quick else 160
depths = range(2, 6) if quick else range(2, 9)
panels = {}
for d in (2, 3, 5):
    pts = {"centre": np.zeros(d), "rational point (1/3, 0, ...)": np.r_[1 / 3, np.zeros(d - 1)],
           "half-period point (1, 0, ...)": np.r_[1.0, np.zeros(d - 1)]}
    P = np.stack(list(pts.values()))
    f = (np.linalg.norm(P, axis=1) <= 0.5).astype(float)
    N = np.arange(1, n_max + 1)
    err = np.abs(ball_partial_sum(P, N, radius=0.5, half_width=1.0) - f[:, None])
    panel = {f"Fourier S_N, {name}": {"x": N, "error": e, "envelope": True}
             for name, e in zip(pts, err)}
    # BallNet as constructed about the true ball: its indicator at the same points
    Xfit, yfit = make_ball(400, n_features=d, radius=0.5, half_width=1.0, random_state=0)
    worst = []
    for n in depths:
        net = BallNetClassifier(depth=n, max_iter=0, center=np.zeros(d), radius=0.5,
                                device="cpu").fit(Xfit, yfit)
        worst.append(int(np.abs((net.decision_function(P) > 0) - f).max()))
    panel["BallNet, worst of the three points"] = {
        "x": [2**n for n in depths], "error": worst, "style": {"color": "k", "marker": "o"}}
    panels[f"d = {d}"] = panel
    print(f"d = {d}: Fourier max error over N in [{n_max // 2}, {n_max}]:",
          {k: round(float(e[n_max // 2 - 1:].max()), 4) for k, e in zip(pts, err)},
          "| BallNet worst error for m =", [2**n for n in depths], ":", worst)

PointwiseConvergenceDisplay(
    panels=panels, logx=True, xlabel="N (Fourier, |k| < N) or m = 2^n facets (BallNet)",
    ylabel="pointwise |error|",
    title="Fourier partial sums (worst value over M in [N/2, N]) vs BallNet at fixed points",
).plot()

# %%
# Near the sphere
# ---------------
# "Exact at every fixed point" depends on how close the point is to the sphere. A
# point at distance ``delta`` outside the circle is misclassified iff it lies inside
# the circumscribed m-gon, which happens for a fraction
# ``max(0, 1 - m arccos(r/(r+delta))/pi)`` of the directions
# (:func:`~sknnmath.ballnet.circumscribed_miss_rate`); every such point is right
# from ``m = pi / arccos(r/(r+delta))`` on (:func:`~sknnmath.ballnet.critical_facets`,
# about ``pi sqrt(r/(2 delta))``). Points inside the circle are never wrong.
from sknnmath.ballnet import circumscribed_miss_rate, critical_facets

r = 0.5
theta = np.random.default_rng(0).uniform(0, 2 * np.pi, 2000)
U = np.c_[np.cos(theta), np.sin(theta)]
Xn, yn = make_ball(300, radius=r, half_width=1.0, random_state=0)
ms_near = 2 ** np.arange(2, 9 if quick else 11)
near = {}
for delta in (1e-1, 1e-2, 1e-3, 1e-4):
    rates, wrong_inside = [], 0
    for m in ms_near:
        net = BallNetClassifier(n_facets=int(m), max_iter=0, center=[0, 0], radius=r,
                                device="cpu").fit(Xn, yn)
        rates.append(np.mean(net.decision_function((r + delta) * U) > 0))
        wrong_inside += int(np.sum(net.decision_function((r - delta) * U) <= 0))
    theory = circumscribed_miss_rate(ms_near, delta, r)
    print(f"delta = {delta:g}: critical m {critical_facets(delta, r):6.1f}; measured "
          f"{np.round(rates, 3)}; theory {np.round(theory, 3)}; wrong inside: {wrong_inside}")
    near[f"δ = {delta:g}, measured"] = {"x": ms_near, "error": np.array(rates),
                                        "style": {"marker": "o", "ls": "none"}}
    near[f"δ = {delta:g}, theory"] = {"x": ms_near[theory > 0], "error": theory[theory > 0],
                                      "style": {"ls": "--"}}
PointwiseConvergenceDisplay(
    panels={"points at distance δ outside the circle |x| = 1/2": near}, logx=True,
    xlabel="m = 2^n facets of the circumscribed construction",
    ylabel="fraction of points misclassified",
    title="BallNet near the sphere (dashed: circumscribed m-gon theory)").plot()

# %%
# Learning curves on document 000's data
# --------------------------------------
# scikit-learn's ``learning_curve`` for each classifier, drawn with one
# ``LearningCurveDisplay`` per model.
from sklearn.model_selection import ShuffleSplit

from sknnmath.fourier import FourierSeriesClassifier
from sknnmath.neural_network import MLPClassifier
from sknnmath.plotting import LearningCurveComparisonDisplay

X, y = make_ball(1500 if quick else 4000, random_state=0)
models = {
    "FourierSeriesClassifier (N=8, period 3)": FourierSeriesClassifier(
        n_frequencies=8, half_width=1.5, device="cpu"),
    "MLPClassifier (64, 64)": MLPClassifier(hidden_layer_sizes=(64, 64), learning_rate=0.01,
                                            max_iter=60 if quick else 500, random_state=0,
                                            device="cpu"),
    "BallNetClassifier (n=4)": BallNetClassifier(depth=4, max_iter=60 if quick else 300,
                                                 random_state=0, device="cpu"),
}
disp = LearningCurveComparisonDisplay.from_estimators(
    models, X, y, train_sizes=[100, 400] if quick else [100, 200, 500, 1000, 2000, 2800],
    cv=ShuffleSplit(n_splits=1 if quick else 3, test_size=0.3, random_state=0),
    title="Learning curves on document 000's data")
for name, d in disp.displays_.items():
    print(f"{name:<42s} test accuracy at {d.train_sizes[-1]} points: "
          f"{d.test_scores[-1].mean():.4f}")
