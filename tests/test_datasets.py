import numpy as np
import pytest

from sknnmath.datasets import load_iris, make_ball, make_sine_grid, make_two_spirals


def test_make_ball_matches_document_000_setting():
    X, y = make_ball(2000, random_state=0)
    assert X.shape == (2000, 2) and X.min() >= -1.5 and X.max() <= 1.5
    np.testing.assert_array_equal(y, (np.hypot(X[:, 0], X[:, 1]) < 1).astype(int))
    # P(inside) = pi / 9 for the unit disc in a cube of side 3
    assert abs(y.mean() - np.pi / 9) < 0.03
    X2, _ = make_ball(2000, random_state=0)
    np.testing.assert_array_equal(X, X2)


@pytest.mark.parametrize("d", [1, 3, 6])
def test_make_ball_dimensions(d):
    X, y = make_ball(500, n_features=d, radius=0.5, half_width=1.0, random_state=1)
    assert X.shape == (500, d)
    np.testing.assert_array_equal(y, (np.linalg.norm(X, axis=1) < 0.5).astype(int))


@pytest.mark.parametrize("kw", [dict(n_samples=0), dict(radius=-1.0), dict(half_width=0.0),
                                dict(n_features=0)])
def test_make_ball_rejects_bad_arguments(kw):
    with pytest.raises(ValueError):
        make_ball(**kw)


def test_make_sine_grid_is_the_document_grid():
    X, y = make_sine_grid()
    assert X.shape == (201, 1)
    np.testing.assert_allclose(X[[0, 100, 200], 0], [-1.0, 0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(y, np.sin(2 * np.pi * X[:, 0]), atol=1e-12)
    with pytest.raises(ValueError):
        make_sine_grid(step=0)


def test_two_spirals_canonical_cmu_set():
    X, y = make_two_spirals()
    assert X.shape == (194, 2)
    np.testing.assert_allclose(X[0], [0.0, 6.5])
    np.testing.assert_allclose(X[1], [0.0, -6.5])
    assert (y[0], y[1]) == (1, 0)
    np.testing.assert_allclose(X[y == 0], -X[y == 1])
    np.testing.assert_allclose(np.linalg.norm(X[-1]), 0.5)
    # three complete revolutions: angle of point i is i * pi / 16
    angles = np.arctan2(X[0::2, 0], X[0::2, 1])
    expected = np.arange(97) * np.pi / 16
    np.testing.assert_allclose(np.exp(1j * angles), np.exp(1j * expected), atol=1e-9)
    z, _ = make_two_spirals(complex_input=True)
    np.testing.assert_allclose(z, X[:, 0] + 1j * X[:, 1])
    Xu, _ = make_two_spirals(normalize="unit")
    assert Xu.min() >= 0 and Xu.max() <= 1


def test_load_iris_reexported():
    X, y = load_iris(return_X_y=True)
    assert X.shape == (150, 4) and len(np.unique(y)) == 3
