import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402


def pytest_collection_modifyitems(config, items):
    # tests marked `cuda` skip with a reason on CPU-only machines
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skipif(True, reason="needs a CUDA device (none on this machine)")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
