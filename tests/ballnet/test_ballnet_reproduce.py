"""Helpers of the ballnet-vs-fourier reproduction against brute force and the Parseval oracle."""

import itertools

import numpy as np

from sknnmath.ballnet._reproduce import _fourier_l2_squared, _shell_counts


def test_shell_counts_match_brute_force():
    for d in (1, 2, 3, 5):
        S = 30
        ks = np.array(list(itertools.product(range(-6, 7), repeat=d)))
        sq = (ks**2).sum(1)
        brute = np.bincount(sq[sq < S], minlength=S)
        np.testing.assert_array_equal(_shell_counts(S, d), brute)


def test_fourier_l2_tail_parseval_oracle():
    """Reference §3: (c_0 - sum_{|k|<N} c_k^2) N = 0.0792, 0.0794 for N = 50, 100 (d=2, r=1/2, L=1)."""
    tail = _fourier_l2_squared([50, 100], d=2)
    np.testing.assert_allclose(tail * np.array([50, 100]), [0.0792, 0.0794], atol=1e-4)
    # the tail decreases with N in every dimension
    for d in (3, 5):
        t = _fourier_l2_squared([4, 8, 16], d=d)
        assert np.all(np.diff(t) < 0) and np.all(t > 0)


def test_region_display_has_colourbar_labels_and_legend():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sknnmath.ballnet import BallNetClassifier
    from sknnmath.datasets import make_ball
    from sknnmath.plotting import BallNetRegionDisplay, PolytopeDisplay, check_figure_rules

    X, y = make_ball(300, random_state=0)
    clf = BallNetClassifier(depth=3, max_iter=0, device="cpu").fit(X, y)
    disp = BallNetRegionDisplay.from_estimators({"constructed": clf}, X, y, grid_resolution=41,
                                                X_test=X, y_test=y)
    poly = PolytopeDisplay.from_estimators({"m = 8": clf})
    try:
        assert check_figure_rules(disp.figure_) == [] and check_figure_rules(poly.figure_) == []
        assert disp.colorbars_[0].ax.get_ylabel() == "network output z(x)"
        assert disp.figure_.legends, "the boundary, circle and classes are explained in a legend"
        # the polygon drawn is the estimator's own polytope: 8 vertices, closed
        line = [ln for ln in poly.ax_.lines if ln.get_label().startswith("network polytope")][0]
        assert len(line.get_xdata()) == 9
    finally:
        plt.close("all")
