"""Torch modules of hypercomplex networks, written once for every algebra.

A layer of ``n_out`` hypercomplex neurons with ``n_in`` inputs holds its weights as
real components W[a, i, o] (a = 0..m-1) and computes u_o = sum_i w_oi z_i + theta_o
by ONE real matrix product with the block matrix

    B[(i, b), (o, c)] = sum_a table[a, b, c] W[a, i, o],

i.e. the block (i, o) is L(w_oi)^T, the transposed left-multiplication matrix of
the algebra. The forward pass of the hypercomplex network *is* therefore the forward
pass of its real-equivalent network, and ``to_real_equivalent`` only copies B.

Tensors carry numbers as consecutive groups of m real components; activations are
applied to a view with a trailing component axis (..., units, m).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .._layers import batched_affine, get_activation
from . import _activations  # noqa: F401  (registers the complex activations)

__all__ = ["HypercomplexLinear", "HypercomplexMLP", "hypercomplex_init_"]


def _init_components(shape, m, fan_in, init, gain, generator):
    """Draw weight components with E|w|^2 = gain^2 / fan_in (|w|^2 = sum of squared components).

    ``"he"``: each component N(0, gain^2 / (m fan_in)) — the complex Kaiming rule
    (per-part sigma = gain / sqrt(2 fan)) for m = 2, He's rule for m = 1.
    ``"even"``: each component U(-a, a), a = gain sqrt(3 / (m fan_in)) — an even
    density p(w) = p(-w) with the same second moment (document 003's even
    initialisation); biases are drawn from the same law.
    Draws are made in float64 on the CPU from the local generator.
    """
    var = gain * gain / (m * fan_in)
    if init == "he":
        return torch.randn(shape, generator=generator, dtype=torch.float64) * math.sqrt(var)
    if init == "even":
        a = math.sqrt(3.0 * var)
        return (2.0 * torch.rand(shape, generator=generator, dtype=torch.float64) - 1.0) * a
    raise ValueError(f"Unknown init {init!r}; expected 'he' or 'even'.")


class HypercomplexLinear(nn.Module):
    """Affine layer of hypercomplex neurons u = sum_k w_k z_k + theta (weights on the left).

    Parameters
    ----------
    n_in, n_out : int
        Numbers of input and output hypercomplex numbers.
    algebra : HypercomplexAlgebra
        The algebra (its table fixes the product).
    parameterization : {"cartesian", "polar"}, default="cartesian"
        ``"polar"`` (complex only): w = r e^{i phi} with parameters ``r``, ``phi``.
    n_models : int or None, default=None
        S independent layers evaluated at once (parameters get a leading S axis).
    dtype : torch.dtype, default=torch.float32
        Real dtype of the parameters.

    Notes
    -----
    The threshold theta is stored as its m real components, so a complex bias is
    exactly b_r + i b_i (not the (b_r - b_i) + i (b_r + b_i) of two real
    ``nn.Linear`` layers that both carry a bias).
    """

    def __init__(self, n_in, n_out, algebra, parameterization="cartesian", n_models=None,
                 dtype=torch.float32):
        super().__init__()
        self.n_in, self.n_out, self.m = int(n_in), int(n_out), algebra.dim
        self.parameterization = parameterization
        self.n_models = n_models
        lead = () if n_models is None else (int(n_models),)
        self.register_buffer("table", torch.as_tensor(algebra.table, dtype=dtype), persistent=False)
        # every preset has at most one a with table[a, b, c] != 0 for each (b, c): then the block
        # matrix is a signed gather of weight components, B_flat = W_flat[index] * sign — two
        # kernels, much cheaper (forward and backward) than the general contraction
        nz = (algebra.table != 0).sum(axis=0)
        self._gather = bool(nz.max() <= 1)
        if self._gather:
            m, n_i, n_o = self.m, self.n_in, self.n_out
            a_idx = np.abs(algebra.table).argmax(axis=0)  # (b, c)
            sign = np.take_along_axis(algebra.table, a_idx[None], axis=0)[0]
            i, b, o, c = np.meshgrid(np.arange(n_i), np.arange(m), np.arange(n_o), np.arange(m),
                                     indexing="ij")  # B's axes (i, b, o, c)
            flat = (a_idx[b, c] * n_i + i) * n_o + o  # position of W[a, i, o] in W.reshape(-1)
            self.register_buffer("flat_index", torch.as_tensor(flat.ravel(), dtype=torch.long),
                                 persistent=False)
            self.register_buffer("flat_sign", torch.as_tensor(sign[b, c].ravel(), dtype=dtype),
                                 persistent=False)
        if parameterization == "cartesian":
            self.weight = nn.Parameter(torch.zeros(lead + (self.m, self.n_in, self.n_out), dtype=dtype))
        elif parameterization == "polar":
            if algebra.dim != 2 or not torch.equal(self.table[1, 1], torch.tensor([-1.0, 0.0], dtype=dtype)):
                raise ValueError("parameterization='polar' (w = r e^{i phi}) needs the complex algebra; "
                                 f"got {algebra.name!r}.")
            self.r = nn.Parameter(torch.zeros(lead + (self.n_in, self.n_out), dtype=dtype))
            self.phi = nn.Parameter(torch.zeros(lead + (self.n_in, self.n_out), dtype=dtype))
        else:
            raise ValueError(f"Unknown parameterization {parameterization!r}; expected 'cartesian' or 'polar'.")
        self.bias = nn.Parameter(torch.zeros(lead + (self.n_out * self.m,), dtype=dtype))

    def components(self):
        """Weight components W[..., a, i, o] (a tensor, differentiable)."""
        if self.parameterization == "polar":
            return torch.stack([self.r * torch.cos(self.phi), self.r * torch.sin(self.phi)], dim=-3)
        return self.weight

    def block_matrix(self):
        """The real matrix B of shape (..., n_in m, n_out m) with ``x_real @ B`` = sum_k w_k z_k."""
        W = self.components()
        lead = W.shape[:-3]
        m = self.m
        if self._gather:
            Wf = W.reshape(*lead, -1).index_select(-1, self.flat_index)
            return (Wf * self.flat_sign.to(W.dtype)).view(*lead, self.n_in * m, self.n_out * m)
        B = torch.einsum("abc,...aio->...ibo" + "c", self.table.to(W.dtype), W)
        return B.reshape(*lead, self.n_in * m, self.n_out * m)

    def forward(self, x):
        B = self.block_matrix()
        if self.n_models is None:
            return torch.addmm(self.bias, x, B) if x.ndim == 2 else x @ B + self.bias
        # x: (n, d) shared by all models or (S, n, d); out: (S, n, n_out m)
        return batched_affine(x, B, self.bias[:, None, :])

    def reset_parameters(self, init, gain, generator):
        """Initialise from the local generator (see :func:`hypercomplex_init_`)."""
        lead = () if self.n_models is None else (self.n_models,)
        W = _init_components(lead + (self.m, self.n_in, self.n_out), self.m, self.n_in, init, gain,
                             generator)
        with torch.no_grad():
            if self.parameterization == "polar":
                self.r.copy_(torch.sqrt(W[..., 0, :, :] ** 2 + W[..., 1, :, :] ** 2))
                self.phi.copy_(torch.atan2(W[..., 1, :, :], W[..., 0, :, :]))
            else:
                self.weight.copy_(W)
            if init == "even":
                b = _init_components(lead + (self.n_out * self.m,), self.m, self.n_in, init, gain,
                                     generator)
                self.bias.copy_(b)
            else:
                self.bias.zero_()


def hypercomplex_init_(module, init, generator, gain=1.0):
    """Initialise every :class:`HypercomplexLinear` of ``module`` in place.

    E|w|^2 = gain^2 / fan_in per weight (fan_in counted in hypercomplex inputs);
    ``init="even"`` also draws the thresholds from the same even law.
    """
    for mod in module.modules():
        if isinstance(mod, HypercomplexLinear):
            mod.reset_parameters(init, gain, generator)
    return module


class HypercomplexMLP(nn.Module):
    """z -> (hypercomplex affine -> activation)^L -> hypercomplex affine [-> output activation].

    Parameters
    ----------
    n_in : int
        Input numbers.
    hidden : tuple of int
        Hidden widths (in hypercomplex neurons).
    n_out : int
        Output numbers.
    algebra : HypercomplexAlgebra
    activation : str
        Name in the layer registry (``sknnmath._layers``) of a complex-capable activation.
    output_activation : str or None
        Applied to the output inside ``forward`` when ``apply_output=True``.
    parameterization : {"cartesian", "polar"}
    n_models : int or None
        Batched independent networks (leading axis S).
    dtype : torch.dtype
    """

    def __init__(self, n_in, hidden, n_out, algebra, activation="split_sigmoid",
                 output_activation=None, parameterization="cartesian", n_models=None,
                 dtype=torch.float32):
        super().__init__()
        self.m = algebra.dim
        widths = [n_in, *hidden, n_out]
        self.layers = nn.ModuleList(
            HypercomplexLinear(a, b, algebra, parameterization, n_models, dtype)
            for a, b in zip(widths[:-1], widths[1:])
        )
        self.activation = activation
        self.output_activation = output_activation
        self.apply_output = True
        self._resolve_activations()

    def _resolve_activations(self):
        # looked up once (here and after unpickling), not on every forward pass
        self._act = self._flat(self.activation)
        self._out_act = self._flat(self.output_activation) if self.output_activation else None

    def _flat(self, name):
        """The activation ``name`` as a function of the flat (..., units * m) tensor."""
        act = get_activation(name)
        if act.elementwise:  # component-wise: the flat tensor will do
            return act.torch
        m = self.m

        def coupled(h):
            # a view with a trailing component axis (..., units, m), also for m = 1, so that
            # amplitude activations see one number at a time
            shape = h.shape
            return act.torch(h.reshape(*shape[:-1], shape[-1] // m, m)).reshape(shape)
        return coupled

    def forward(self, x):
        h = x
        *hidden, last = self.layers  # (slicing a ModuleList would build a new one per step)
        for layer in hidden:
            h = self._act(layer(h))
        out = last(h)
        if self.apply_output and self._out_act is not None:
            out = self._out_act(out)
        return out

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_act", None)
        state.pop("_out_act", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._resolve_activations()
