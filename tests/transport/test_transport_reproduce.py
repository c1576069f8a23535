"""The dae-transport displays: legend outside the data, integer step ticks, theory curves."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sknnmath.plotting import EntropyTransportDisplay, TransportDisplay, check_figure_rules  # noqa: E402
from sknnmath.transport import composed_dae_covariances  # noqa: E402


def test_transport_display_draws_the_closed_forms_with_the_legend_outside():
    s0 = np.array([2.0, 1.0])
    trained = np.sqrt(composed_dae_covariances(s0**2, 0.4, 4))
    disp = TransportDisplay(runs=[{"start": s0, "t": 0.4, "trained": trained}], n_steps=4).plot()
    try:
        assert check_figure_rules(disp.figure_) == []
        disp.figure_.canvas.draw()
        leg = disp.ax_.get_legend().get_window_extent()
        assert leg.x0 >= disp.ax_.get_window_extent().x1  # right of the data
        flow = [ln for ln in disp.ax_.lines if ln.get_label().startswith("entropy gradient")][0]
        x, y = flow.get_xdata(), flow.get_ydata()
        # the flow keeps s1^2 - s2^2 constant (a hyperbola) and starts at the start
        np.testing.assert_allclose(x**2 - y**2, 3.0, rtol=1e-9)
        assert (x[0], y[0]) == (2.0, 1.0)
    finally:
        plt.close("all")


def test_entropy_display_has_integer_step_ticks():
    traj = np.stack([np.random.default_rng(0).normal(size=(40, 2)) * s for s in (1, 0.8, 0.6)])
    disp = EntropyTransportDisplay(trajectory=traj, steps=[0, 1, 2],
                                   entropies={"kNN": [2.8, 2.4, 1.9]}).plot()
    try:
        assert check_figure_rules(disp.figure_) == []
        ticks = disp.axes_[1].get_xticks()
        ticks = ticks[(ticks >= 0) & (ticks <= 2)]
        assert np.all(ticks == np.round(ticks)) and len(ticks) == 3
        assert disp.figure_.legends and disp.axes_[1].get_legend() is None
    finally:
        plt.close("all")
