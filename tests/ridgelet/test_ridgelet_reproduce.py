"""The ridgelet-spectrum display: colourbars, the mass region explained, both clouds visible."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sknnmath.datasets import make_sine_grid  # noqa: E402
from sknnmath.plotting import RidgeletSpectrumDisplay, check_figure_rules  # noqa: E402
from sknnmath.ridgelet import ridgelet_function, ridgelet_transform, spectrum_agreement  # noqa: E402


def test_spectrum_display_follows_the_rules():
    X, y = make_sine_grid()
    g = np.linspace(-10, 10, 61)
    R = ridgelet_transform(X, y, g, g, ridgelet_function("gaussian", 1, 1), device="cpu")
    rng = np.random.default_rng(0)
    a0, b0 = rng.normal(size=(2, 200))
    a1, b1 = 3 * a0, 2 * b0
    disp = RidgeletSpectrumDisplay(a_grid=g, b_grid=g, spectrum=R, wide_grid=g, wide_spectrum=R,
                                   points={"initial": (a0, b0), "trained": (a1, b1)}).plot()
    try:
        assert check_figure_rules(disp.figure_) == []
        assert len(disp.colorbars_) == 2
        # initial and trained parameters in separate panels: neither hides the other
        ax_init, ax_trained = (disp.scatters_[k].axes for k in ("initial", "trained"))
        assert ax_init is not ax_trained
        labels = [t.get_text() for t in disp.figure_.legends[0].get_texts()]
        assert any("top 50%" in t for t in labels), labels
        # the outlined region is the one the agreement numbers use
        rows = {r["points"]: r for r in spectrum_agreement(R, g, g, {"initial": (a0, b0)})}
        assert disp.mass_region.mean() == rows["initial"]["area_top50"]
        vmin, vmax = disp.images_[0].get_clim()
        assert vmin == -vmax  # signed spectrum on a symmetric scale
    finally:
        plt.close("all")
