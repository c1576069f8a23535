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


def _split_torch(f):
    def g(z):
        return torch.complex(f(z.real), f(z.imag)) if z.is_complex() else f(z)
    return g


def _split_numpy(f):
    def g(z):
        z = np.asarray(z)
        return f(z.real) + 1j * f(z.imag) if np.iscomplexobj(z) else f(z)
    return g


def _coupled_torch(f):
    def g(z):
        if z.is_complex():
            return torch.view_as_complex(f(torch.view_as_real(z)).contiguous())
        return f(z)
    return g


def _coupled_numpy(f):
    def g(z):
        z = np.asarray(z)
        if np.iscomplexobj(z):
            out = f(np.stack([z.real, z.imag], axis=-1))
            return out[..., 0] + 1j * out[..., 1]
        return f(z)
    return g


def _relu_np(z):
    return np.maximum(z, 0.0)


#: name -> (torch fn, numpy fn, init gain, smoothness, description). Each accepts a complex
#: tensor/array, or a real one whose LAST axis holds the components of one number.
COMPLEX_ACTIVATIONS = {
    "split_sigmoid": (_split_torch(torch.sigmoid), _split_numpy(_sigmoid_np), 1.0, math.inf,
                      "Nitta's split sigmoid f(x + iy) = s(x) + i s(y), s = logistic; range (0, 1) + i(0, 1)"),
    "split_tanh": (_split_torch(torch.tanh), _split_numpy(np.tanh), 5.0 / 3.0, math.inf,
                   "split tanh f(x + iy) = tanh x + i tanh y"),
    "crelu": (_split_torch(torch.relu), _split_numpy(_relu_np), math.sqrt(2.0), 0,
              "CReLU f(x + iy) = ReLU(x) + i ReLU(y) (complexPyTorch's ComplexReLU)"),
    "modrelu": (_coupled_torch(_modrelu_t), _coupled_numpy(_modrelu_np), math.sqrt(2.0), 0,
                "modReLU f(z) = ReLU(|z| + b) z/|z| with b = -0.5 (bias added, negative)"),
    "amplitude_phase": (_coupled_torch(_amp_phase_t), _coupled_numpy(_amp_phase_np), 1.0, math.inf,
                        "amplitude-phase f(z) = tanh(|z|) exp(i arg z) (Nitta 2015, Savitha)"),
}

#: The entries above that couple the components of one number (built with ``_coupled_*``).
_COUPLED = ("modrelu", "amplitude_phase")


def _register():
    """Put the complex activations into the package's one activation registry."""
    from .._layers import ACTIVATIONS, Activation, register_activation

    for name, (ft, fn, gain, smooth, doc) in COMPLEX_ACTIVATIONS.items():
        if name not in ACTIVATIONS:
            register_activation(Activation(name=name, torch=ft, numpy=fn, gain=gain, smoothness=smooth,
                                           complex_ok=True, description=doc,
                                           elementwise=name not in _COUPLED))


_register()
