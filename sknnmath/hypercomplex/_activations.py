"""Complex/hypercomplex activations, registered into the one layer registry.

Each acts on a real tensor whose LAST axis holds the m components of one
hypercomplex number (shape (..., m)); split (Type-A) activations act on every
component, amplitude-phase (Type-B) ones on the Euclidean length of the
component vector (|z| for complex numbers and quaternions).
"""

from __future__ import annotations

import math

import numpy as np
import torch

__all__ = ["COMPLEX_ACTIVATIONS", "MODRELU_BIAS"]

#: modReLU threshold b in G(z) = ReLU(|z| + b) z / |z|. Sign convention (stated because
#: libraries disagree, cplxmodule #22): the bias is ADDED to |z| and is negative, so
#: numbers with |z| < 0.5 are cut to 0 (b >= 0 would make G a mere radial rescaling).
MODRELU_BIAS = -0.5


def _norm(z):
    # clamp before the square root: d sqrt/dx is infinite at 0 and would turn the
    # (zero) gradient of the activations at z = 0 into NaN
    return torch.sqrt((z * z).sum(dim=-1, keepdim=True).clamp_min(1e-30))


def _np_norm(z):
    return np.sqrt((z * z).sum(axis=-1, keepdims=True))


def _modrelu_t(z):
    r = _norm(z)
    # where |z| + b <= 0 the output and its gradient are 0; elsewhere r >= 0.5 > 0
    return z * (torch.relu(r + MODRELU_BIAS) / r.clamp_min(1e-30))


def _modrelu_np(z):
    r = _np_norm(z)
    return z * (np.maximum(r + MODRELU_BIAS, 0.0) / np.maximum(r, 1e-30))


def _amp_phase_t(z):
    # tanh(|z|) e^{i arg z} = z tanh(|z|)/|z|; tanh(r)/r -> 1 at r = 0 (series 1 - r^2/3)
    r2 = (z * z).sum(dim=-1, keepdim=True)
    safe = torch.sqrt(r2.clamp_min(1e-8))
    factor = torch.where(r2 < 1e-8, 1.0 - r2 / 3.0, torch.tanh(safe) / safe)
    return z * factor


def _amp_phase_np(z):
    r = _np_norm(z)
    safe = np.maximum(r, 1e-4)
    return z * np.where(r < 1e-4, 1.0 - r * r / 3.0, np.tanh(safe) / safe)


def _sigmoid_np(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


#: name -> (torch fn, numpy fn, init gain, description)
COMPLEX_ACTIVATIONS = {
    "split_sigmoid": (torch.sigmoid, _sigmoid_np, 1.0,
                      "Nitta's split sigmoid f(x + iy) = s(x) + i s(y), s = logistic; range (0, 1) + i(0, 1)"),
    "split_tanh": (torch.tanh, np.tanh, 5.0 / 3.0, "split tanh f(x + iy) = tanh x + i tanh y"),
    "crelu": (torch.relu, lambda z: np.maximum(z, 0.0), math.sqrt(2.0),
              "CReLU f(x + iy) = ReLU(x) + i ReLU(y) (complexPyTorch's ComplexReLU)"),
    "modrelu": (_modrelu_t, _modrelu_np, math.sqrt(2.0),
                "modReLU f(z) = ReLU(|z| + b) z/|z| with b = -0.5 (bias added, negative)"),
    "amplitude_phase": (_amp_phase_t, _amp_phase_np, 1.0,
                        "amplitude-phase f(z) = tanh(|z|) exp(i arg z) (Nitta 2015, Savitha)"),
}


def _register():
    """Put the complex activations into the package's one activation registry."""
    try:
        from .._layers import Activation, register_activation  # noqa: F401
    except ImportError:  # topic/layers not merged yet: a minimal local table
        return None
    for name, (ft, fn, gain, doc) in COMPLEX_ACTIVATIONS.items():
        register_activation(Activation(name=name, torch=ft, numpy=fn, gain=gain, complex_ok=True))
    return True


_REGISTERED = _register()


class _LocalActivation:
    def __init__(self, name, torch_fn, numpy_fn, gain):
        self.name, self.torch, self.numpy, self.gain = name, torch_fn, numpy_fn, gain


def get_activation(name):
    """The activation ``name`` from the layer registry (complex ones included)."""
    if _REGISTERED:
        from .._layers import get_activation as _get

        return _get(name)
    table = {"identity": (lambda z: z, lambda z: z, 1.0, "")}
    table.update(COMPLEX_ACTIVATIONS)
    if name not in table:
        raise ValueError(f"Unknown activation {name!r}; expected one of {sorted(table)}.")
    ft, fn, gain, _ = table[name]
    return _LocalActivation(name, ft, fn, gain)
