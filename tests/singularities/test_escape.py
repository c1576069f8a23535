"""SingularityEscape moves units out of a planted singularity; without it they stay."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sknnmath.callbacks import SingularityEscape
from sknnmath.neural_network import MLPRegressor
from sknnmath.singularities import embed_unit, find_singularities


def test_escape_leaves_a_planted_duplicate():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(80, 1))
    y = np.tanh(2 * X[:, 0] - 1) + np.tanh(X[:, 0] + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        small = MLPRegressor((1,), activation="tanh", max_iter=50, learning_rate=0.05, device="cpu",
                             random_state=0).fit(X, y)
        start = embed_unit(small, 0, 0, "split", 0.5)  # exactly on the critical line
        plain = MLPRegressor((2,), activation="tanh", max_iter=20, learning_rate=0.01, device="cpu",
                             random_state=0, warm_start=True)
        plain.__dict__.update({k: v for k, v in start.__dict__.items() if k.endswith("_")})
        plain.fit(X, y)
        esc = SingularityEscape("tanh", tol=1e-3, step=0.5, random_state=0)
        moved = MLPRegressor((2,), activation="tanh", max_iter=20, learning_rate=0.01, device="cpu",
                             random_state=0, warm_start=True, callbacks=[esc])
        moved.__dict__.update({k: v for k, v in start.__dict__.items() if k.endswith("_")})
        moved.fit(X, y)
    # gradient descent keeps the two copies identical (the symmetry is preserved exactly) ...
    assert [s.kind for s in find_singularities(plain, tol=1e-6)] == ["duplicate"]
    # ... the callback separates them
    assert esc.events and esc.events[0][1].kind == "duplicate"
    assert find_singularities(moved, tol=1e-3) == []
