"""The fourier reproductions: numbers against the reference, scheduling-independent results,
and the displays' figure rules (envelopes, no overlapping legends, exact zeros on a floor)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sknnmath.plotting import PointwiseConvergenceDisplay, check_figure_rules  # noqa: E402
from sknnmath.plotting._fourier import window_max  # noqa: E402
from sknnmath.reproduce import get  # noqa: E402


@pytest.mark.slow
def test_fourier_pointwise_numbers_and_parallel_equal_serial():
    rep = get("fourier-pointwise")
    serial = rep(quick=True, device="cpu", figures=False)
    parallel = rep(quick=True, device="cpu", figures=False, n_jobs=2)
    for key in serial.tables:
        pd.testing.assert_frame_equal(serial.tables[key], parallel.tables[key], check_exact=True)
    # reference §5.2: S_N(0) in d = 3 oscillates in 1 -+ 2/pi (to 1e-3 over N in [40, 160])
    Ns = serial.data["N"]
    s3 = serial.data["partial_sums"][3]["centre"][Ns >= 40]
    assert abs(s3.min() - (1 - 2 / np.pi)) < 2e-3 and abs(s3.max() - (1 + 2 / np.pi)) < 2e-3
    # reference §5.3: d = 5, half-period point: the error does not decay (about 0.10)
    t = serial.tables["pointwise_error"]
    row = t[(t["d"] == 5) & (t["point"] == "half period (1, 0, 0, 0, 0)")].iloc[0]
    assert 0.09 < row["max|S_N - f|, N in [80,160]"] < 0.12
    # the summary is derived from the same numbers, and names no timing
    summary = rep.summary(serial)
    assert any("Pinsky" in s for s in summary) and not any(" s on " in s for s in summary)


def test_window_max_is_the_tables_envelope():
    n = np.arange(1, 41)
    err = np.sin(n) * np.exp(-n / 10)
    env = window_max(n, err)
    for N in (10, 25, 40):
        sel = (n >= np.ceil(N / 2)) & (n <= N)
        assert env[N - 1] == np.abs(err[sel]).max()
    assert np.all(env >= np.abs(err))


def test_pointwise_display_floors_exact_zeros_and_keeps_legends_outside():
    panels = {f"d = {d}": {"Fourier": {"x": np.arange(1, 33), "error": 1 / np.arange(1, 33),
                                       "envelope": True},
                           "BallNet": {"x": [4, 8, 16, 32], "error": [1.0, 0.0, 0.0, 0.0],
                                       "style": {"marker": "o", "color": "k"}}}
              for d in (2, 5)}
    disp = PointwiseConvergenceDisplay(panels=panels, xlabel="N", ylabel="|error|",
                                       logx=True).plot()
    try:
        assert check_figure_rules(disp.figure_) == []
        for ax in disp.axes_:
            lo, hi = ax.get_ylim()
            assert np.log10(hi / lo) < 4  # not 16 decades
            assert ax.get_legend() is None  # one figure legend below the panels
        assert disp.floors_["d = 2"] == pytest.approx(10 ** (np.floor(np.log10(1 / 32)) - 1))
        assert disp.lines_[("d = 2", "BallNet")].get_marker() == "o"
    finally:
        plt.close(disp.figure_)
