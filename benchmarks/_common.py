"""Shared timing helper for the benchmarks (not part of the package)."""

import time


def best_of(fn, repeat=3):
    """Minimum wall time of ``repeat`` calls (the least-disturbed run) and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def interleaved(fns, repeat=3):
    """Time several callables round-robin (fair on a shared machine); returns best times and results."""
    best = {k: float("inf") for k in fns}
    outs = {}
    for _ in range(repeat):
        for k, fn in fns.items():
            t = time.perf_counter()
            outs[k] = fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best, outs


def warm_up():
    """Pay torch's one-time import costs (the first optimiser imports torch._dynamo) untimed."""
    import torch

    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([p])
    (p ** 2).sum().backward()
    opt.step()
