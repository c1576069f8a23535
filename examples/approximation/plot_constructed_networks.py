"""
Constructed networks: steps, ReLU interpolant and Yarotsky's squaring network
=============================================================================

Document 002 (Tomiya, §II.C, after Nielsen) and document 004 (Imaizumi) prove
universal approximation in one dimension by *building* a network: pairs of
steep sigmoids make rectangles, rectangles make a staircase. We build that
network from data with :class:`~sknnmath.approximation.StepNetworkRegressor`,
its ReLU counterpart (:class:`~sknnmath.approximation.ReLUInterpolator`) and
Yarotsky's deep sawtooth network for x² (:class:`~sknnmath.approximation.YarotskySquare`),
and check each against its theorem: error ``O(1/N)`` for steps,
``h² ‖f''‖∞ / 8`` for the interpolant, exactly ``2^{-2m-2}`` for Yarotsky.
Every one is a real network: ``to_mlp()`` returns a fitted
:class:`~sknnmath.neural_network.MLPRegressor` with the same predictions.
"""

# %%
import numpy as np

from sknnmath.approximation import (
    ReLUInterpolator,
    StepNetworkRegressor,
    YarotskySquare,
    fit_loglog_slope,
    interpolation_error_bound,
    yarotsky_square_error,
)
from sknnmath.base import is_quick
from sknnmath.plotting import ApproximationRateDisplay, FunctionFitDisplay, subplots

Ns = [8, 16, 32] if is_quick() else [8, 16, 32, 64, 128]
x = np.linspace(0, 1, 2**14 + 1).reshape(-1, 1)


def f(t):
    return np.sin(3 * t)


step_err, relu_err, W_step, W_relu = [], [], [], []
for N in Ns:
    knots = np.linspace(0, 1, N + 1).reshape(-1, 1)
    steps = StepNetworkRegressor(device="cpu").fit(knots, f(knots.ravel()))
    relu = ReLUInterpolator(device="cpu").fit(knots, f(knots.ravel()))
    step_err.append(np.abs(steps.predict(x) - f(x.ravel())).max())
    relu_err.append(np.abs(relu.predict(x) - f(x.ravel())).max())
    W_step.append(steps.n_params_)
    W_relu.append(relu.n_params_)
    bound = interpolation_error_bound(1 / N, 9.0)
    print(f"N = {N:4d}: steps N*error = {N * step_err[-1]:.3f}; ReLU error / bound = "
          f"{relu_err[-1] / bound:.4f}")
print(f"fitted slopes: steps {fit_loglog_slope(W_step, step_err):.2f} (theory -1), "
      f"ReLU {fit_loglog_slope(W_relu, relu_err):.2f} (theory -2)")

# %%
# Yarotsky: the error halves twice per layer, exactly.
yar_err, W_yar = [], []
for m in range(1, 7 if is_quick() else 11):
    net = YarotskySquare(depth=m, device="cpu").fit(x, x.ravel() ** 2)
    yar_err.append(np.abs(net.predict(x) - x.ravel() ** 2).max())
    W_yar.append(net.n_params_)
    print(f"depth m = {m:2d}: error {yar_err[-1]:.3e}, 2^(-2m-2) = {yarotsky_square_error(m):.3e}, "
          f"W = {net.n_params_}")
mlp = net.to_mlp()
print("to_mlp() predicts identically:", bool(np.array_equal(mlp.predict(x), net.predict(x))))

# %%
fig, axes = subplots(1, 2, width=5.4, height=4.0)
ApproximationRateDisplay({"sigmoid steps": (W_step, step_err), "ReLU interpolant": (W_relu, relu_err),
                          "Yarotsky (deep), target x²": (W_yar, yar_err)},
                         theory={"sigmoid steps": -1.0, "ReLU interpolant": -2.0}).plot(
    ax=axes[0, 0], ylabel="sup-norm error on [0, 1]", title="Error against parameters")
xs = np.linspace(0, 1, 801).reshape(-1, 1)
knots = np.linspace(0, 1, 9).reshape(-1, 1)
curves = {"target sin 3x": f(xs.ravel())}
for est, name in ((StepNetworkRegressor(steepness=40, device="cpu"), "sigmoid steps, w = 40"),
                  (StepNetworkRegressor(activation="step", device="cpu"), "exact steps"),
                  (ReLUInterpolator(device="cpu"), "ReLU interpolant")):
    curves[name] = est.fit(knots, f(knots.ravel())).predict(xs)
FunctionFitDisplay(xs.ravel(), curves, points=(knots.ravel(), f(knots.ravel()), "knots"),
                   xlabel="x", ylabel="network output").plot(
    ax=axes[0, 1], title="Eight knots: staircase and interpolant")
