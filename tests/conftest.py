import os

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402


def pytest_collection_modifyitems(config, items):
    # tests marked `heavy` (minutes each on 2 cores) run only when SKNNMATH_HEAVY=1
    if os.environ.get("SKNNMATH_HEAVY", "0") in ("", "0"):
        heavy = pytest.mark.skip(reason="heavy: set SKNNMATH_HEAVY=1 to run it")
        for item in items:
            if "heavy" in item.keywords:
                item.add_marker(heavy)
    # tests marked `cuda` skip with a reason on CPU-only machines
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skipif(True, reason="needs a CUDA device (none on this machine)")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
