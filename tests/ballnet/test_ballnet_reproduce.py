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
