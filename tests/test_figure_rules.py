"""Every reproduction's figures follow the figure rules (quick mode).

Rules (``sknnmath.plotting.check_figure_rules``): every data axes has an x and a y
label; every image, contour set, mesh or value-coloured scatter has a colourbar
(colours that only name categories are marked and explained in a legend); no text
names a document as "seed 00x", is a bare figure number or untranslated Japanese.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sknnmath.plotting import (  # noqa: E402
    add_colorbar,
    check_figure_rules,
    mark_categorical,
    plot_with_zero_floor,
    set_labels,
)
from sknnmath.reproduce import available, get  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in available() if not n.startswith("_")])
def test_reproduction_figures_follow_the_rules(name):
    result = get(name)(quick=True, device="cpu", random_state=0)
    try:
        assert result.figures, f"{name} draws no figure"
        problems = {k: check_figure_rules(f) for k, f in result.figures.items()}
        assert not any(problems.values()), problems
        assert result.summary and all(isinstance(s, str) for s in result.summary)
    finally:
        plt.close("all")


def test_the_check_finds_violations():
    fig, ax = plt.subplots()
    im = ax.imshow(np.eye(3))
    cs = ax.contour(np.random.default_rng(0).random((5, 5)))      # coloured by level
    ax.contour(np.random.default_rng(1).random((5, 5)), colors="k")  # one colour: a level set
    ax.set_title("Fig. 4")
    problems = check_figure_rules(fig)
    assert any("no x label" in p for p in problems)
    assert any("AxesImage" in p for p in problems)
    assert sum("ContourSet" in p for p in problems) == 1
    assert any("bare figure number" in p for p in problems)
    set_labels(ax, "x", "y", "seed 000 vs 最適化")
    add_colorbar(im, ax, "value")
    mark_categorical(cs)
    problems = check_figure_rules(fig)
    assert [p for p in problems if "seed" in p] and [p for p in problems if "Japanese" in p]
    ax.set_title("two functions compared")
    assert check_figure_rules(fig) == []
    plt.close(fig)


def test_zero_floor_keeps_the_axis_short():
    fig, ax = plt.subplots()
    line, zeros, floor = plot_with_zero_floor(ax, [1, 2, 3, 4], [1e-2, 0.0, 1e-3, 0.0],
                                              label="error")
    assert floor == pytest.approx(1e-4)
    assert zeros.get_xdata().tolist() == [2.0, 4.0]
    assert np.isnan(line.get_ydata()[1])
    lo, hi = ax.get_ylim()
    assert np.log10(hi / lo) < 4        # not 16 decades
    plt.close(fig)
