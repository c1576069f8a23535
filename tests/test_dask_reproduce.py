"""A reproduction on a dask cluster (and with --n-jobs) gives the serial run's tables."""

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from joblib import parallel_config  # noqa: E402

from sknnmath.reproduce import get  # noqa: E402

NAME = "benign-overfitting"   # the quickest converted reproduction with parallel work


def _tables(**kw):
    return get(NAME)(quick=True, device="cpu", random_state=0, figures=False, **kw).tables


@pytest.mark.slow
@pytest.mark.timeout(600)  # the dask backend hangs instead of raising on unpicklable tasks
def test_local_cluster_and_n_jobs_equal_serial():
    serial = _tables()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client, parallel_config(backend="dask"):
        on_dask = _tables()
        assert len(client.scheduler_info()["workers"]) == 2
    with_jobs = _tables(n_jobs=2)
    for key in serial:
        pd.testing.assert_frame_equal(on_dask[key], serial[key], check_exact=True)
        pd.testing.assert_frame_equal(with_jobs[key], serial[key], check_exact=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_cli_dask_writes_the_serial_files(tmp_path, capsys):
    """`sknnmath reproduce NAME --dask` (a LocalCluster of worker processes) writes the same
    tables as the serial run; only the timings file differs."""
    from sknnmath.__main__ import main

    assert main(["reproduce", NAME, "--quick", "--device", "cpu", "--dask", "--n-jobs", "2",
                 "--quiet", "--out", str(tmp_path / "dask")]) == 0
    assert "dask: 2 workers" in capsys.readouterr().out
    get(NAME)(quick=True, device="cpu", random_state=0).save(tmp_path / "serial")
    for suffix in (".json", ".md"):
        assert (tmp_path / "dask" / f"{NAME}{suffix}").read_bytes() == \
            (tmp_path / "serial" / f"{NAME}{suffix}").read_bytes()
