"""The one place where sknnmath talks to devices, dtypes and random generators.

Every estimator resolves its ``device`` and ``random_state`` here, converts
arrays with :func:`as_tensor` / :func:`to_numpy`, and checks memory budgets with
:func:`check_memory`. No other module calls ``torch.cuda`` directly.
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import threading
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.utils import check_random_state

__all__ = [
    "Backend",
    "available_devices",
    "resolve_device",
    "make_generator",
    "as_tensor",
    "to_numpy",
    "torch_dtype",
    "check_memory",
    "state_dict_to_cpu",
    "cuda_available",
    "inference_device",
    "DEFAULT_MEMORY_BUDGET",
    "retain_cpu_heap",
]

_DEVICE_RE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")

#: Default budget (bytes) for a single dense matrix an estimator materialises.
#: Estimators expose their own ``max_memory`` where users may want to raise it.
DEFAULT_MEMORY_BUDGET = 8 * 1024**3


def cuda_available() -> bool:
    """Return whether a usable CUDA device is present."""
    return bool(torch.cuda.is_available())


def available_devices() -> list[str]:
    """List the device strings that :func:`resolve_device` accepts on this machine."""
    out = ["auto", "cpu"]
    if cuda_available():
        out.append("cuda")
        out.extend(f"cuda:{i}" for i in range(torch.cuda.device_count()))
    return out


def resolve_device(device="auto") -> torch.device:
    """Resolve a ``device`` parameter to a concrete :class:`torch.device`.

    Parameters
    ----------
    device : {"auto", "cpu", "cuda", "cuda:N"} or torch.device, default="auto"
        ``"auto"`` selects CUDA when available and the CPU otherwise.

    Returns
    -------
    torch.device
        The resolved device.

    Raises
    ------
    ValueError
        If the string is not a known device, or names a device that is not
        available; the message lists the available devices.
    TypeError
        If ``device`` is neither a string nor a ``torch.device``.

    Examples
    --------
    >>> from sknnmath._backend import resolve_device
    >>> resolve_device("cpu")
    device(type='cpu')
    """
    if isinstance(device, torch.device):
        device = str(device)
    if not isinstance(device, str):
        raise TypeError(
            f"device must be a string such as 'auto', 'cpu', 'cuda' or 'cuda:0'; got {device!r} "
            f"of type {type(device).__name__}."
        )
    if not _DEVICE_RE.match(device):
        raise ValueError(
            f"Unknown device {device!r}. Available devices on this machine: {available_devices()}."
        )
    if device == "auto":
        return torch.device("cuda" if cuda_available() else "cpu")
    if device == "cpu":
        return torch.device("cpu")
    if not cuda_available():
        raise ValueError(
            f"device={device!r} was requested but CUDA is not available. "
            f"Available devices on this machine: {available_devices()}."
        )
    dev = torch.device(device)
    if dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(
            f"device={device!r} does not exist: {torch.cuda.device_count()} CUDA device(s). "
            f"Available devices on this machine: {available_devices()}."
        )
    return dev


def inference_device(fitted_device="cpu") -> torch.device:
    """Device for inference with a model fitted on ``fitted_device``.

    The fitted device when it is still available, otherwise the CPU: a model
    fitted on a GPU and unpickled on a CPU-only machine predicts on the CPU
    (its fitted state is stored CPU-side).

    Examples
    --------
    >>> from sknnmath._backend import inference_device
    >>> inference_device("cpu")
    device(type='cpu')
    """
    dev = str(fitted_device)
    if dev.startswith("cuda") and not cuda_available():
        return torch.device("cpu")
    return torch.device(dev)


def make_generator(random_state=None, device="cpu") -> torch.Generator:
    """Build a local :class:`torch.Generator` seeded from ``random_state``.

    The global torch RNG is never touched, so fitting is reproducible and
    side-effect free (``check_fit_idempotent``).

    Parameters
    ----------
    random_state : int, RandomState instance or None
        Seed source, as everywhere in scikit-learn.
    device : str or torch.device, default="cpu"
        Device of the generator. Sampling on the CPU and moving the result is
        the reproducible choice; CUDA generators are offered for large draws.

    Returns
    -------
    torch.Generator
    """
    rng = check_random_state(random_state)
    seed = int(rng.randint(0, 2**31 - 1))
    gen = torch.Generator(device=torch.device(device))
    gen.manual_seed(seed)
    return gen


def torch_dtype(dtype) -> torch.dtype:
    """Map a numpy dtype, a string or a torch dtype to a torch floating/complex dtype."""
    if isinstance(dtype, torch.dtype):
        return dtype
    mapping = {
        np.dtype("float64"): torch.float64,
        np.dtype("float32"): torch.float32,
        np.dtype("complex128"): torch.complex128,
        np.dtype("complex64"): torch.complex64,
    }
    try:
        return mapping[np.dtype(dtype)]
    except (KeyError, TypeError):
        raise ValueError(f"Unsupported dtype {dtype!r}; use float32, float64, complex64 or complex128.")


def as_tensor(X, device="cpu", dtype=torch.float64) -> torch.Tensor:
    """Convert an array (numpy or tensor) to a tensor on ``device`` with ``dtype``.

    Read-only numpy arrays (memmaps) are copied, because torch cannot wrap
    non-writeable memory without a warning.
    """
    dtype = torch_dtype(dtype)
    device = torch.device(device) if not isinstance(device, torch.device) else device
    if isinstance(X, torch.Tensor):
        return X.to(device=device, dtype=dtype)
    X = np.asarray(X)
    if not X.flags.writeable or not X.flags.c_contiguous:
        X = np.ascontiguousarray(X).copy()
    return torch.from_numpy(X).to(device=device, dtype=dtype)


def to_numpy(t, dtype=None) -> np.ndarray:
    """Detach a tensor, move it to the CPU and return a numpy array."""
    if isinstance(t, torch.Tensor):
        out = t.detach().cpu().numpy()
    else:
        out = np.asarray(t)
    if dtype is not None:
        out = out.astype(dtype, copy=False)
    return out


def state_dict_to_cpu(module_or_state) -> dict:
    """Return a CPU copy of a module's state dict (device-independent pickles)."""
    state = module_or_state.state_dict() if hasattr(module_or_state, "state_dict") else module_or_state
    return {k: v.detach().to("cpu").clone() for k, v in state.items()}


def check_memory(n_bytes, what, budget=None, *, param=None):
    """Refuse to allocate more than ``budget`` bytes (estimated peak), naming the cause.

    Call it *before* allocating, with the estimated peak of the operation (all
    buffers alive at once, not only the largest one); it answers instantly.

    Parameters
    ----------
    n_bytes : int
        Estimated peak bytes of the allocation.
    what : str
        Human-readable description used in the error message.
    budget : int or None
        Budget in bytes; defaults to :data:`DEFAULT_MEMORY_BUDGET`.
    param : str or None, keyword-only
        The estimator parameter (with its value, e.g. ``"hidden_layer_sizes=(10**8,)"``)
        that sets the size; named in the message so that the user knows what to change.

    Raises
    ------
    ValueError
        If ``n_bytes`` exceeds the budget; the message states the parameter, the
        estimated peak in bytes and GiB, and the budget.

    Examples
    --------
    >>> from sknnmath._backend import check_memory
    >>> check_memory(10, "a tiny matrix")
    >>> try:
    ...     check_memory(2**40, "the hidden layer", param="n_hidden=10**9")
    ... except ValueError as e:
    ...     print(str(e)[:60])
    n_hidden=10**9: the hidden layer would need an estimated pea
    """
    budget = DEFAULT_MEMORY_BUDGET if budget is None else budget
    n_bytes = int(n_bytes)
    if n_bytes > budget:
        prefix = f"{param}: " if param else ""
        raise ValueError(
            f"{prefix}{what} would need an estimated peak of {n_bytes:.3e} bytes "
            f"({n_bytes / 1024**3:.2f} GiB), above the memory budget of {budget / 1024**3:.2f} GiB. "
            f"Reduce {param.split('=')[0] if param else 'the problem size'} or raise the budget "
            f"(the estimator's `max_memory` parameter where it has one)."
        )


# --------------------------------------------------------------------------------------
# CPU heap: keep freed torch buffers for reuse
# --------------------------------------------------------------------------------------
#: glibc ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: Blocks up to this size come from the heap instead of a fresh ``mmap`` (glibc's own
#: upper limit for its dynamic threshold).
CPU_HEAP_MMAP_THRESHOLD = 32 * 1024**2
#: Free memory at the top of the heap is returned to the kernel only above this.
CPU_HEAP_TRIM_THRESHOLD = 256 * 1024**2
_HEAP_LOCK = threading.Lock()
_HEAP_STATE = {"done": False, "applied": False}


def _leave_malloc_alone(env) -> bool:
    """Whether the environment opts out or tunes malloc itself (then its choice stands)."""
    return (env.get("SKNNMATH_RETAIN_CPU_HEAP", "1").strip().lower() in ("0", "false", "no", "off")
            or any(k in env for k in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
                                      "MALLOC_TOP_PAD_"))
            or "glibc.malloc" in env.get("GLIBC_TUNABLES", ""))


def retain_cpu_heap() -> bool:
    """Let glibc keep freed torch CPU buffers in the heap for the next epoch (once per process).

    Training on the CPU allocates and frees the same activation tensors every epoch.
    With glibc's default (dynamic) thresholds, buffers of some hundred KiB to a few MiB
    are returned to the kernel when freed and page-faulted back in at the next epoch:
    100 batched two-spiral networks spent 15-30 % of their training time in the
    kernel (70 000-170 000 minor page faults per second of training); with the
    thresholds raised, none. This sets ``M_MMAP_THRESHOLD`` to
    :data:`CPU_HEAP_MMAP_THRESHOLD` and ``M_TRIM_THRESHOLD`` to
    :data:`CPU_HEAP_TRIM_THRESHOLD` with ``mallopt`` — the tuning PyTorch's performance
    guide does by swapping in jemalloc or tcmalloc. The cost: up to
    :data:`CPU_HEAP_TRIM_THRESHOLD` bytes freed by torch stay mapped in the process.

    The engine calls it before training on the CPU. It does nothing off glibc, when
    the environment variable ``SKNNMATH_RETAIN_CPU_HEAP=0`` is set, or when the user
    tunes malloc already (``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TRIM_THRESHOLD_``,
    ``MALLOC_TOP_PAD_`` or a ``glibc.malloc`` entry in ``GLIBC_TUNABLES``).

    Returns
    -------
    bool
        Whether the thresholds were set (by this or an earlier call).

    Examples
    --------
    >>> from sknnmath._backend import retain_cpu_heap
    >>> retain_cpu_heap() in (True, False)
    True
    """
    with _HEAP_LOCK:
        if _HEAP_STATE["done"]:
            return _HEAP_STATE["applied"]
        _HEAP_STATE["done"] = True
        if (_leave_malloc_alone(os.environ)
                or platform.system() != "Linux" or platform.libc_ver()[0] != "glibc"):
            return False
        try:
            libc = ctypes.CDLL("libc.so.6")
            # the mmap threshold first: setting either one turns off glibc's dynamic
            # adjustment, and a trim threshold alone would leave every block above
            # 128 KiB on mmap (measured: three times the page faults)
            ok = (libc.mallopt(_M_MMAP_THRESHOLD, CPU_HEAP_MMAP_THRESHOLD) == 1
                  and libc.mallopt(_M_TRIM_THRESHOLD, CPU_HEAP_TRIM_THRESHOLD) == 1)
        except (OSError, AttributeError):
            ok = False
        _HEAP_STATE["applied"] = bool(ok)
        return _HEAP_STATE["applied"]


@dataclass(frozen=True)
class Backend:
    """A resolved (device, dtype, generator) triple, built once in ``fit``.

    Parameters
    ----------
    device : torch.device
        Where tensors live.
    dtype : torch.dtype
        Floating dtype for computations.
    generator : torch.Generator
        Local CPU generator seeded from ``random_state``.

    Examples
    --------
    >>> from sknnmath._backend import Backend
    >>> be = Backend.from_params(device="cpu", random_state=0)
    >>> be.tensor([[1.0, 2.0]]).dtype
    torch.float64
    """

    device: torch.device
    dtype: torch.dtype
    generator: torch.Generator

    @classmethod
    def from_params(cls, device="auto", random_state=None, dtype=torch.float64) -> "Backend":
        """Resolve ``device``/``random_state`` as given to an estimator."""
        return cls(resolve_device(device), torch_dtype(dtype), make_generator(random_state, "cpu"))

    def tensor(self, X, dtype=None) -> torch.Tensor:
        """:func:`as_tensor` on this backend's device and dtype."""
        return as_tensor(X, self.device, self.dtype if dtype is None else dtype)

    def randn(self, *shape, dtype=None) -> torch.Tensor:
        """Standard normal draws from the local generator, moved to the device."""
        out = torch.randn(*shape, generator=self.generator, dtype=dtype or self.dtype)
        return out.to(self.device)

    def rand(self, *shape, dtype=None) -> torch.Tensor:
        """Uniform [0, 1) draws from the local generator, moved to the device."""
        out = torch.rand(*shape, generator=self.generator, dtype=dtype or self.dtype)
        return out.to(self.device)

    def randperm(self, n) -> torch.Tensor:
        """A random permutation from the local generator, moved to the device."""
        return torch.randperm(n, generator=self.generator).to(self.device)
