import pickle

import numpy as np
import pytest
import torch

from sknnmath._backend import (
    Backend, as_tensor, available_devices, check_memory, make_generator, resolve_device, to_numpy,
)
from sknnmath.datasets import make_ball
from sknnmath.neural_network import MLPClassifier
from tests._markers import requires_cuda


def test_resolve_device_cpu_and_auto():
    assert resolve_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert resolve_device("auto").type == expected


@pytest.mark.parametrize("bad", ["tpu", "gpu", "cuda:", "CUDA", "cuda:-1", ""])
def test_unknown_device_names_it_and_lists_available(bad):
    with pytest.raises(ValueError, match="Available devices") as exc:
        resolve_device(bad)
    assert repr(bad) in str(exc.value)


def test_device_wrong_type():
    with pytest.raises(TypeError, match="device must be a string"):
        resolve_device(3)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the CPU-only error")
def test_cuda_unavailable_is_a_clear_error():
    with pytest.raises(ValueError, match="CUDA is not available"):
        resolve_device("cuda:0")
    assert available_devices() == ["auto", "cpu"]


def test_generator_is_local_and_deterministic():
    state = torch.get_rng_state()
    a = torch.rand(5, generator=make_generator(42))
    b = torch.rand(5, generator=make_generator(42))
    assert torch.equal(a, b)
    assert torch.equal(state, torch.get_rng_state())  # global RNG untouched


def test_as_tensor_readonly_and_roundtrip():
    X = np.arange(6.0).reshape(2, 3)
    X.setflags(write=False)
    t = as_tensor(X, "cpu", torch.float64)
    assert t.dtype == torch.float64
    np.testing.assert_array_equal(to_numpy(t), X)


def test_check_memory():
    check_memory(10, "a tiny matrix")
    with pytest.raises(ValueError, match="a huge Gram matrix would need .* GiB"):
        check_memory(10 * 1024**3, "a huge Gram matrix", budget=1024**3)


def test_backend_object():
    be = Backend.from_params(device="cpu", random_state=0)
    assert be.tensor([[1, 2]]).dtype == torch.float64
    assert be.randperm(5).sort().values.tolist() == [0, 1, 2, 3, 4]


def test_gpu_fitted_model_predicts_on_cpu_after_pickle():
    """A model whose fitted device is CUDA loads and predicts on a CPU-only machine.

    Fitted state is stored CPU-side; we simulate the GPU fit by marking the
    fitted device as cuda:0 and checking the unpickled model falls back to the
    CPU with identical predictions.
    """
    X, y = make_ball(300, random_state=0)
    clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=50, learning_rate=0.05, device="cpu",
                        random_state=0).fit(X, y)
    before = clf.predict_proba(X)
    clf.device_ = "cuda:0"
    assert all(v.device.type == "cpu" for v in clf.module_state_.values())
    clone = pickle.loads(pickle.dumps(clf))
    if not torch.cuda.is_available():
        assert clone._predict_device() == torch.device("cpu")
    np.testing.assert_allclose(clone.predict_proba(X), before, rtol=1e-6, atol=1e-7)


@requires_cuda
def test_cuda_fit_then_cpu_predict():
    X, y = make_ball(500, random_state=0)
    clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=100, learning_rate=0.02, device="cuda",
                        random_state=0).fit(X, y)
    assert clf.device_.startswith("cuda")
    p_gpu = clf.predict_proba(X)
    state = pickle.dumps(clf)
    clone = pickle.loads(state)
    clone.device_ = "cpu"
    np.testing.assert_allclose(clone.predict_proba(X), p_gpu, rtol=1e-5, atol=1e-6)


@requires_cuda
def test_resolve_cuda_devices():
    assert resolve_device("cuda").type == "cuda"
    assert resolve_device("cuda:0") == torch.device("cuda:0")
    with pytest.raises(ValueError, match="does not exist"):
        resolve_device(f"cuda:{torch.cuda.device_count()}")



_HEAP_PROBE = """
import platform, resource, torch
from sknnmath._backend import retain_cpu_heap, _HEAP_STATE
from sknnmath._engine import train
from sknnmath._layers import build_mlp
torch.set_num_threads(1)
assert not _HEAP_STATE["done"]
net = build_mlp(2, (16, 16), 2, activation="tanh", n_models=100,
                generator=[torch.Generator().manual_seed(s) for s in range(100)])
g = torch.Generator().manual_seed(0)
X, y = torch.randn(194, 2, generator=g), torch.randn(194, 2, generator=g)
train(net, X, y, max_iter=5)  # the engine asks for it before training on the CPU
assert _HEAP_STATE["done"]
first = retain_cpu_heap()
assert retain_cpu_heap() is first  # once per process
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
train(net, X, y, max_iter=30)  # 100 batched networks: 1.2 MiB activations per layer
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - r0
glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
print(first, glibc, faults)
"""


def _heap_probe(env_extra):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("SKNNMATH_RETAIN_CPU_HEAP", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_",
                        "MALLOC_TOP_PAD_", "GLIBC_TUNABLES")}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", _HEAP_PROBE], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    applied, glibc, faults = out.stdout.split()
    return applied == "True", glibc == "True", int(faults)


def test_retain_cpu_heap_stops_the_page_faults_of_batched_training():
    applied, glibc, faults = _heap_probe({})
    assert applied == glibc  # applied exactly where glibc's mallopt exists
    off, _, faults_off = _heap_probe({"SKNNMATH_RETAIN_CPU_HEAP": "0"})
    assert not off
    if glibc:
        # measured over these 30 epochs: 160-1 400 faults with the setting; 1 200-18 000 with
        # glibc's adaptive defaults; 17 000-28 000 with every block mmapped and faulted afresh
        # (MALLOC_MMAP_THRESHOLD_=0): a 100 x 194 x 16 float32 activation is 300 pages
        assert faults < 4000, (faults, faults_off)


@pytest.mark.parametrize("env,leave", [
    ({}, False), ({"SKNNMATH_RETAIN_CPU_HEAP": "1"}, False), ({"GLIBC_TUNABLES": "glibc.rtld.x=1"}, False),
    ({"SKNNMATH_RETAIN_CPU_HEAP": "0"}, True), ({"SKNNMATH_RETAIN_CPU_HEAP": "off"}, True),
    ({"MALLOC_TRIM_THRESHOLD_": "131072"}, True), ({"MALLOC_MMAP_THRESHOLD_": "1"}, True),
    ({"MALLOC_TOP_PAD_": "0"}, True), ({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1"}, True),
])
def test_retain_cpu_heap_leaves_a_users_malloc_settings_alone(env, leave):
    from sknnmath._backend import _leave_malloc_alone

    assert _leave_malloc_alone(env) is leave
