"""GridSearchCV scaled out with joblib's dask backend gives the default backend's answer."""

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from joblib import parallel_config  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402

from sknnmath.datasets import make_ball  # noqa: E402
from sknnmath.neural_network import MLPClassifier  # noqa: E402


@pytest.mark.slow
@pytest.mark.timeout(300)  # the dask backend hangs instead of raising on unpicklable tasks
def test_gridsearch_dask_backend_matches_default():
    X, y = make_ball(300, random_state=0)
    est = MLPClassifier(max_iter=60, learning_rate=0.03, random_state=0, device="cpu")
    grid = {"hidden_layer_sizes": [(2,), (16,), (16, 16)]}
    default = GridSearchCV(est, grid, cv=3, n_jobs=2).fit(X, y)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with parallel_config(backend="dask"):
            scaled = GridSearchCV(est, grid, cv=3, n_jobs=2).fit(X, y)
    assert scaled.best_params_ == default.best_params_
    np.testing.assert_allclose(scaled.cv_results_["mean_test_score"],
                               default.cv_results_["mean_test_score"])
