"""Test markers shared by the suite (modelled on PyTorch Lightning's ``RunIf``)."""

import pytest
import torch


def run_if(min_cuda_gpus=0):
    """A ``skipif`` marker with a readable reason for hardware the test needs."""
    n = torch.cuda.device_count() if torch.cuda.is_available() else 0
    reasons = []
    if min_cuda_gpus and n < min_cuda_gpus:
        reasons.append(f"needs {min_cuda_gpus} CUDA GPU(s), found {n}")
    return pytest.mark.skipif(bool(reasons), reason="; ".join(reasons) or "ok")


def requires_cuda(func):
    """Mark ``func`` as a CUDA test and skip it, with a reason, where no GPU exists."""
    return pytest.mark.cuda(run_if(min_cuda_gpus=1)(func))
