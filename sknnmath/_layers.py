"""The layer registry: the one place for activations, MLP builders, initialisers, losses and optimisers.

Every topic draws from here instead of writing its own table:

* :data:`ACTIVATIONS` / :func:`get_activation` / :func:`register_activation` — an
  activation by name with its torch and numpy forms, its initialisation gain and its
  smoothness (the MLP, random features, the Mei–Montanari constants, the ridgelet
  networks and the denoising autoencoder all use it; the complex-network room
  registers its split/complex activations into the same dict with ``complex_ok=True``);
* :func:`build_mlp` — the one MLP builder, for one network or ``n_models`` independent
  networks evaluated at once (batched weights ``(S, fan_in, fan_out)``);
* :func:`batched_affine` — the one batched product ``h @ W + b`` of ``n_models`` networks
  (``BatchedMLP`` and the hypercomplex layers), oriented for the CPU BLAS;
* :func:`make_linear` / :func:`init_parameters` — layers created without touching the
  global torch RNG, initialised through ``torch.nn.init`` with a local ``generator``;
* :data:`LOSSES` and :data:`OPTIMIZERS` — the engine's tables;
* :func:`check_hidden_sizes` and :func:`estimate_mlp_bytes` — the one width checker and
  the peak-memory estimate used by the memory guard.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import torch
import torch.nn.functional as F
from scipy import special
from torch import nn

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "register_activation",
    "ActivationLayer",
    "make_linear",
    "init_parameters",
    "initialize_parameters",
    "INITS",
    "EVEN_INITS",
    "NON_EVEN_INITS",
    "MLPModule",
    "BatchedMLP",
    "BatchedBatchNorm",
    "batched_affine",
    "build_mlp",
    "weight_parameters",
    "check_hidden_sizes",
    "estimate_mlp_bytes",
    "squared_error",
    "LOSSES",
    "OPTIMIZERS",
    "get_loss",
    "get_optimizer",
]


# --------------------------------------------------------------------------------------
# activations
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Activation:
    """An activation function known by name.

    Parameters
    ----------
    name : str
        Registry key.
    torch : callable
        Element-wise function on tensors.
    numpy : callable
        The same function on numpy arrays (float64), used by closed forms
        (e.g. Gaussian moments for Mei–Montanari).
    gain : float, default=1.0
        Initialisation gain (``torch.nn.init.calculate_gain`` where torch defines one):
        He initialisation draws N(0, gain²/fan_in).
    smoothness : float, default=inf
        Number of continuous derivatives (0 for ReLU/abs, inf for analytic functions).
    derivative : callable or None, default=None
        Torch derivative, where a closed form helps (ridgelet, theory code).
    complex_ok : bool, default=False
        Whether ``torch`` accepts complex tensors (split/complex activations).
    elementwise : bool, default=True
        False for the hypercomplex activations that couple the components of one
        number (modReLU, amplitude-phase): they act on a real tensor whose last axis
        holds the m components; element-wise ones accept any shape.
    description : str, default=""
        One line for documentation.
    """

    name: str
    torch: Callable
    numpy: Callable
    gain: float = 1.0
    smoothness: float = math.inf
    derivative: Callable | None = None
    complex_ok: bool = False
    elementwise: bool = True
    description: str = field(default="", compare=False)


def _np_gelu(g):
    return g * special.ndtr(g)


def _torch_gaussian(z):
    return torch.exp(-0.5 * z * z)


_SQRT_2PI = math.sqrt(2.0 * math.pi)


def _torch_ricker(z):
    return (1.0 - z * z) * torch.exp(-0.5 * z * z) / _SQRT_2PI


def _np_ricker(z):
    z = np.asarray(z, dtype=float)
    return (1.0 - z * z) * np.exp(-0.5 * z * z) / _SQRT_2PI


def _torch_ricker_derivative(z):
    return (z * z * z - 3.0 * z) * torch.exp(-0.5 * z * z) / _SQRT_2PI


ACTIVATIONS: dict[str, Activation] = {}


def register_activation(activation: Activation, *, overwrite: bool = False) -> Activation:
    """Add an :class:`Activation` to the registry :data:`ACTIVATIONS`.

    Parameters
    ----------
    activation : Activation
        The activation to register under ``activation.name``.
    overwrite : bool, default=False
        Replace an existing entry of the same name (otherwise a ValueError).

    Returns
    -------
    Activation
        The registered activation.

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sknnmath._layers import Activation, register_activation, get_activation, ACTIVATIONS
    >>> _ = register_activation(Activation("square_demo", lambda t: t * t, np.square, smoothness=np.inf))
    >>> float(get_activation("square_demo").torch(torch.tensor(3.0)))
    9.0
    >>> del ACTIVATIONS["square_demo"]
    """
    if not isinstance(activation, Activation):
        raise TypeError(f"register_activation expects an Activation; got {type(activation).__name__}.")
    if activation.name in ACTIVATIONS and not overwrite:
        raise ValueError(f"Activation {activation.name!r} is already registered; pass overwrite=True.")
    ACTIVATIONS[activation.name] = activation
    return activation


for _a in (
    Activation("relu", torch.relu, lambda g: np.maximum(g, 0.0), math.sqrt(2.0), 0,
               lambda z: (z > 0).to(z.dtype), description="max(z, 0)"),
    Activation("tanh", torch.tanh, np.tanh, 5.0 / 3.0, math.inf,
               lambda z: 1 - torch.tanh(z) ** 2, complex_ok=True, description="tanh z"),
    Activation("sigmoid", torch.sigmoid, special.expit, 1.0, math.inf,
               lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)),
               description="1 / (1 + exp(-z)) (document 002's Fermi function)"),
    Activation("identity", lambda z: z, lambda g: np.asarray(g) * 1.0, 1.0, math.inf,
               lambda z: torch.ones_like(z), complex_ok=True, description="z"),
    Activation("erf", torch.erf, special.erf, 1.0, math.inf,
               lambda z: 2 / math.sqrt(math.pi) * torch.exp(-z * z), description="erf z"),
    Activation("cos", torch.cos, np.cos, 1.0, math.inf, lambda z: -torch.sin(z),
               complex_ok=True, description="cos z"),
    Activation("softplus", F.softplus, lambda g: np.logaddexp(0.0, g), 1.0, math.inf,
               torch.sigmoid, description="log(1 + exp z)"),
    Activation("gelu", F.gelu, _np_gelu, 1.0, math.inf, None, description="z Phi(z)"),
    Activation("abs", torch.abs, np.abs, 1.0, 0, torch.sign, description="|z|"),
    Activation("gaussian", _torch_gaussian, lambda g: np.exp(-0.5 * np.asarray(g) ** 2), 1.0,
               math.inf, lambda z: -z * _torch_gaussian(z), description="exp(-z^2 / 2)"),
    # normalised Ricker wavelet: admissible with itself, <<sigma, sigma>> = int |sigma^|^2/|w| dw
    # = 1 (m = 1), so S S* = Id on L2 and document 001's optimum (beta + 1)^-1 R[f] is exact
    Activation("ricker", _torch_ricker, _np_ricker, 1.0, math.inf, _torch_ricker_derivative,
               description="(1 - z^2) exp(-z^2 / 2) / sqrt(2 pi) (self-admissible ridgelet pair)"),
):
    register_activation(_a)
del _a


def get_activation(name) -> Activation:
    """Look an activation up by name (an :class:`Activation` passes through).

    Parameters
    ----------
    name : str or Activation
        Registry key.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        For an unknown name; the message lists the registered names.

    Examples
    --------
    >>> from sknnmath._layers import get_activation
    >>> act = get_activation("relu")
    >>> round(act.gain, 4), act.smoothness
    (1.4142, 0)
    """
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown activation {name!r}; registered: {sorted(ACTIVATIONS)}.") from None


class ActivationLayer(nn.Module):
    """``nn.Module`` wrapper applying a registered activation (stores only its name)."""

    def __init__(self, name):
        super().__init__()
        act = get_activation(name)
        self.name = act.name
        # registered activations are looked up by name on each call, so the module pickles
        # (registry callables may be lambdas); an unregistered Activation is kept as given
        self._act = None if ACTIVATIONS.get(act.name) is act else act

    def forward(self, x):
        return (self._act or ACTIVATIONS[self.name]).torch(x)

    def extra_repr(self):
        return self.name


# --------------------------------------------------------------------------------------
# layers and initialisation (local generators only)
# --------------------------------------------------------------------------------------
#: Initialisations whose law has an even density p(w) = p(-w) (every odd moment zero).
EVEN_INITS = ("he", "glorot", "even")
#: Deliberately non-even laws (the folds |w| of "even" and "he", same second moment):
#: the controls of document 003's even-initialisation experiment, not recommendations.
NON_EVEN_INITS = ("positive_uniform", "half_normal")
INITS = EVEN_INITS + NON_EVEN_INITS


def make_linear(in_features, out_features, bias=True, dtype=torch.float32, device="cpu"):
    """An ``nn.Linear`` created without consuming the global torch RNG.

    Its parameters are uninitialised: call :func:`init_parameters` with a local
    generator afterwards.
    """
    return torch.nn.utils.skip_init(nn.Linear, in_features, out_features, bias=bias,
                                    dtype=dtype, device=device)


def _init_weight_bias(w, b, init, gain, generator, scale=1.0):
    """Initialise one weight of shape (fan_out, fan_in) and its bias in place.

    Draws are made in float64 on the CPU from ``generator`` through ``torch.nn.init``
    and copied, so they do not depend on the device or the parameter dtype.
    """
    fan_out, fan_in = w.shape
    w64 = torch.empty(fan_out, fan_in, dtype=torch.float64)
    b64 = torch.zeros(fan_out, dtype=torch.float64)
    if init == "he":
        # Kaiming normal: N(0, gain² / fan_in)
        nn.init.normal_(w64, 0.0, gain / math.sqrt(fan_in), generator=generator)
    elif init == "glorot":
        nn.init.xavier_uniform_(w64, gain=gain, generator=generator)
    elif init == "even":
        a = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(w64, -a, a, generator=generator)
        nn.init.uniform_(b64, -a, a, generator=generator)
    elif init == "positive_uniform":
        # the fold |w| of "even": U(0, a), same E w² = a²/3 but mean a/2 > 0
        a = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(w64, 0.0, a, generator=generator)
        nn.init.uniform_(b64, 0.0, a, generator=generator)
    elif init == "half_normal":
        # the fold |w| of "he": same E w² = gain²/fan_in, mean gain·√(2/(π fan_in)) > 0
        nn.init.normal_(w64, 0.0, gain / math.sqrt(fan_in), generator=generator)
        w64.abs_()
    else:
        raise ValueError(f"Unknown init {init!r}; expected one of {INITS}.")
    with torch.no_grad():
        w.copy_(scale * w64)
        if b is not None:
            b.copy_(b64)


def init_parameters(module, init="he", generator=None, activation="relu", scale=1.0):
    """(Re-)initialise every linear layer of ``module`` from a local generator.

    Parameters
    ----------
    module : torch.nn.Module
        Its ``nn.Linear`` layers (and :class:`BatchedMLP` weights) are initialised in
        place, in module order, weight then bias.
    init : {"he", "glorot", "even", "positive_uniform", "half_normal"}, default="he"
        ``"he"``: N(0, gain²/fan_in) with the activation's gain
        (``torch.nn.init.normal_``); ``"glorot"``: U(-a, a),
        a = gain·√(6/(fan_in+fan_out)) (``torch.nn.init.xavier_uniform_``);
        ``"even"``: every weight and bias i.i.d. from the symmetric law
        U(-1/√fan_in, 1/√fan_in) — an even density p(w) = p(-w), the "even
        initialisation" of document 003 (Nitta); biases are drawn too. For "he"
        and "glorot" biases start at zero. All three laws are even
        (:data:`EVEN_INITS`). Deliberately **non-even** controls
        (:data:`NON_EVEN_INITS`, for experiments on document 003's claim):
        ``"positive_uniform"``: weights and biases U(0, 1/√fan_in), the fold
        abs(w) of ``"even"`` (same second moment 1/(3 fan_in), mean
        1/(2√fan_in)); ``"half_normal"``: weights abs(N(0, gain²/fan_in)), the
        fold of ``"he"`` (same second moment), biases zero.
    generator : torch.Generator or sequence of torch.Generator
        Local CPU generator. For a :class:`BatchedMLP`, a sequence of ``n_models``
        generators initialises model ``s`` from ``generator[s]`` (exactly as a single
        network built with that generator); one generator initialises the models one
        after another.
    activation : str or Activation, default="relu"
        Selects the gain (:attr:`Activation.gain`).
    scale : float, default=1.0
        Extra multiplicative factor on the weights.

    Returns
    -------
    module

    Examples
    --------
    >>> import torch
    >>> from sknnmath._layers import init_parameters, make_linear
    >>> lin = init_parameters(make_linear(3, 2), "he", torch.Generator().manual_seed(0))
    >>> lin.bias.tolist()
    [0.0, 0.0]
    """
    if init not in INITS:
        raise ValueError(f"Unknown init {init!r}; expected one of {INITS}.")
    if generator is None:
        raise ValueError("init_parameters needs a local torch.Generator (the global RNG is never used).")
    gain = get_activation(activation).gain
    if isinstance(module, BatchedMLP):
        gens = list(generator) if isinstance(generator, Sequence) else [generator] * module.n_models
        if len(gens) != module.n_models:
            raise ValueError(f"{len(gens)} generators for {module.n_models} models.")
        for s in range(module.n_models):
            for W, b in zip(module.weights, module.biases):
                # stored as (S, fan_in, fan_out); initialise the (fan_out, fan_in) view
                _init_weight_bias(W.data[s].T, b.data[s, 0], init, gain, gens[s], scale)
        return module
    if isinstance(generator, Sequence):
        raise ValueError("A sequence of generators is only meaningful for n_models networks.")
    for m in module.modules():
        if isinstance(m, nn.Linear):
            _init_weight_bias(m.weight.data, None if m.bias is None else m.bias.data, init, gain,
                              generator, scale)
    return module


#: Backwards-compatible name (the engine exported it before the registry existed).
initialize_parameters = init_parameters


# --------------------------------------------------------------------------------------
# width checks and memory estimate
# --------------------------------------------------------------------------------------
def check_hidden_sizes(hidden_layer_sizes, name="hidden_layer_sizes"):
    """Validate hidden widths: an int or a sequence of positive ints -> tuple of int.

    Examples
    --------
    >>> from sknnmath._layers import check_hidden_sizes
    >>> check_hidden_sizes(5), check_hidden_sizes([3, 4])
    ((5,), (3, 4))
    """
    hs = hidden_layer_sizes
    if isinstance(hs, (Integral, np.integer)) and not isinstance(hs, (bool, np.bool_)):
        hs = (hs,)
    try:
        sizes = tuple(hs)
    except TypeError:
        raise TypeError(f"{name} must be an int or a sequence of ints; got {hidden_layer_sizes!r}.") from None
    for s in sizes:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (Integral, np.integer)):
            raise TypeError(f"{name} must contain integers; got {hidden_layer_sizes!r}.")
        if s < 1:
            raise ValueError(f"{name} must contain positive widths (integers >= 1); got {hidden_layer_sizes!r}.")
    return tuple(int(s) for s in sizes)


def estimate_mlp_bytes(n_in, hidden, n_out, n_rows, *, itemsize=4, n_models=1, optimizer_slots=2):
    """Estimated peak bytes of training an MLP on ``n_rows`` rows (one batch).

    Parameters, gradients and ``optimizer_slots`` optimiser buffers per parameter
    (Adam keeps two), plus the activations kept for backward: each hidden layer's
    pre-activation and activation (2 × n_rows × width) and the output.

    Examples
    --------
    >>> from sknnmath._layers import estimate_mlp_bytes
    >>> estimate_mlp_bytes(2, (10**8,), 1, 100) > 10**10
    True
    """
    widths = [int(n_in), *[int(h) for h in hidden], int(n_out)]
    n_params = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
    n_act = int(n_rows) * (2 * sum(widths[1:-1]) + 2 * widths[-1] + widths[0])
    return int(n_models) * int(itemsize) * ((2 + optimizer_slots) * n_params + n_act)


# --------------------------------------------------------------------------------------
# MLP modules
# --------------------------------------------------------------------------------------
class MLPModule(nn.Module):
    """Fully connected network x → (affine → [batch norm] → activation)^L → affine.

    Parameters
    ----------
    n_in : int
        Input width.
    hidden : tuple of int
        Hidden widths.
    n_out : int
        Output width.
    activation : str or Activation
        Registered element-wise nonlinearity.
    skip_connections : bool
        Residual connections h ← h + σ(W h + b) between consecutive hidden layers
        of equal width (document 002's remedy for vanishing gradients).
    batch_norm : bool
        Normalise each hidden pre-activation over the mini-batch (document 002).
    dtype : torch.dtype
        Parameter dtype.
    """

    def __init__(self, n_in, hidden, n_out, activation="relu", skip_connections=False,
                 batch_norm=False, dtype=torch.float32):
        super().__init__()
        widths = [n_in, *hidden]
        self.linears = nn.ModuleList(
            make_linear(a, b, dtype=dtype) for a, b in zip(widths[:-1], widths[1:])
        )
        self.norms = nn.ModuleList(
            nn.BatchNorm1d(b, dtype=dtype) if batch_norm else nn.Identity() for b in widths[1:]
        )
        self.act = ActivationLayer(activation)
        self.skips = [skip_connections and a == b for a, b in zip(widths[:-1], widths[1:])]
        self.out = make_linear(widths[-1], n_out, dtype=dtype)

    def forward(self, x):
        h = x
        for lin, norm, skip in zip(self.linears, self.norms, self.skips):
            z = self.act(norm(lin(h)))
            h = h + z if skip else z
        return self.out(h)

    def layers(self):
        """The affine layers in order (hidden layers, then the output layer)."""
        return [*self.linears, self.out]


class BatchedBatchNorm(nn.Module):
    """Batch normalisation for ``n_models`` batched networks: input (S, n, b).

    Each model normalises its own pre-activations over its mini-batch (dim 1)
    to mean 0 and variance 1, then applies its own scale and shift, exactly as
    ``nn.BatchNorm1d`` does for one network (same ``eps``, ``momentum``,
    biased variance for normalising, unbiased for the running estimate that is
    used in eval mode).
    """

    def __init__(self, n_models, width, eps=1e-5, momentum=0.1, dtype=torch.float32):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(n_models, 1, width, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(n_models, 1, width, dtype=dtype))
        self.register_buffer("running_mean", torch.zeros(n_models, 1, width, dtype=dtype))
        self.register_buffer("running_var", torch.ones(n_models, 1, width, dtype=dtype))

    def forward(self, z):
        if self.training:
            mean = z.mean(dim=1, keepdim=True)
            var = z.var(dim=1, unbiased=False, keepdim=True)
            n = z.shape[1]
            with torch.no_grad():
                unbiased = var * (n / max(n - 1, 1))
                self.running_mean.lerp_(mean, self.momentum)
                self.running_var.lerp_(unbiased, self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        return (z - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias


def weight_parameters(module):
    """``(name, parameter)`` of the weight matrices of ``module``, input layer first.

    The parameters the documents call weights: at least two dimensions, not a
    bias (``bias``/``biases`` in the name, e.g. a batched bias of shape
    (S, 1, fan_out)) and not the scale or shift of a normalisation layer. The
    L1/L2 penalties of the engine and the gradient-norm recorder both use this.

    Examples
    --------
    >>> import torch
    >>> from sknnmath._layers import build_mlp, weight_parameters
    >>> net = build_mlp(2, (4, 4), 1, batch_norm=True, generator=torch.Generator().manual_seed(0))
    >>> [name for name, _ in weight_parameters(net)]
    ['linears.0.weight', 'linears.1.weight', 'out.weight']
    """
    norm_ids = {id(p) for m in module.modules()
                if isinstance(m, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm,
                                  BatchedBatchNorm))
                for p in m.parameters(recurse=False)}
    return [(name, p) for name, p in module.named_parameters()
            if p.ndim >= 2 and id(p) not in norm_ids
            and not any(part.startswith("bias") for part in name.split("."))]

# --------------------------------------------------------------------------------------
# batched affine maps: S independent products at once
# --------------------------------------------------------------------------------------
#: A product (M x K) @ (K x N) with N at most this (and N < M) is computed transposed.
_NARROW = 8
#: Below this many multiply-adds (S n d k) a layer keeps torch's own product: the
#: re-oriented one does not make up for the custom autograd Function's Python overhead.
_ORIENT_MIN_WORK = 1 << 16


def _transposed(M, N):
    """Whether an (M x K) @ (K x N) product runs faster computed as its transpose."""
    return N <= _NARROW and N < M


def _bmm(a, b):
    """``a @ b`` for a (S, M, K) and b (S, K, N), in the orientation the BLAS runs fastest.

    MKL's batched GEMM is slow when the result is narrow. Measured for 100 models, one
    thread (torch 2.13, MKL 2024.2): (194 x 16) @ (16 x 2) takes 2-3x as long as the same
    product computed as ((16 x 2)^T (194 x 16)^T)^T, and the weight gradient
    (16 x 194) @ (194 x 1) 9x as long as (1 x 194) @ (194 x 16), transposed. So a narrow
    result (N <= 8 and N < M) is computed transposed, and an outer product (K = 1) as a
    broadcast multiplication. The transposed result is a strided view; every consumer
    (element-wise ops, the next product) accepts it without a copy.
    """
    if a.shape[-1] == 1:
        return a * b
    if _transposed(a.shape[-2], b.shape[-1]):
        return torch.bmm(b.transpose(-1, -2), a.transpose(-1, -2)).transpose(-1, -2)
    return torch.bmm(a, b)


class _BatchedAffine(torch.autograd.Function):
    """h @ W + b for S models; forward and both gradients oriented by :func:`_bmm`.

    The backward uses differentiable torch operations, so higher derivatives
    (``create_graph=True``) work.
    """

    generate_vmap_rule = True

    @staticmethod
    def forward(h, W, b):
        S = W.shape[0]
        hx = h.expand(S, *h.shape[-2:]) if h.ndim == 2 else h
        if hx.shape[-1] == 1:
            return torch.addcmul(b, hx, W)
        if _transposed(hx.shape[-2], W.shape[-1]):
            return torch.baddbmm(b.transpose(-1, -2), W.transpose(-1, -2),
                                 hx.transpose(-1, -2)).transpose(-1, -2)
        return torch.baddbmm(b, hx, W)

    @staticmethod
    def setup_context(ctx, inputs, output):
        h, W, b = inputs
        ctx.save_for_backward(h, W)
        ctx.b_shape = b.shape

    @staticmethod
    def backward(ctx, g):
        h, W = ctx.saved_tensors
        gh = gW = gb = None
        if ctx.needs_input_grad[0]:
            gh = _bmm(g, W.transpose(-1, -2))
            if h.ndim == 2:  # one input shared by the S models: the gradients add up
                gh = gh.sum(dim=0)
        if ctx.needs_input_grad[1]:
            hx = h.expand(W.shape[0], *h.shape[-2:]) if h.ndim == 2 else h
            gW = _bmm(hx.transpose(-1, -2), g)
        if ctx.needs_input_grad[2]:
            gb = g.sum_to_size(ctx.b_shape)
        return gh, gW, gb


def batched_affine(h, W, b):
    """``h @ W + b`` for ``S`` independent affine maps at once.

    The one batched product of the package (:class:`BatchedMLP`, the hypercomplex
    layers): it gives the same values as ``torch.baddbmm(b, h, W)`` (to rounding:
    the BLAS may sum in another order) and orients every product — forward and both
    gradients — as the CPU BLAS runs it fastest (see :func:`_bmm`).

    Parameters
    ----------
    h : torch.Tensor of shape (n, d) or (S, n, d)
        Inputs, shared by the S maps or one block per map.
    W : torch.Tensor of shape (S, d, k)
        Weights.
    b : torch.Tensor of shape (S, 1, k)
        Biases (any shape that broadcasts to (S, n, k) and that W's batch fixes).

    Returns
    -------
    torch.Tensor of shape (S, n, k)
        Possibly a strided (transposed) view.

    Examples
    --------
    >>> import torch
    >>> from sknnmath._layers import batched_affine
    >>> g = torch.Generator().manual_seed(0)
    >>> h, W, b = (torch.randn(5, 3, generator=g), torch.randn(4, 3, 2, generator=g),
    ...            torch.randn(4, 1, 2, generator=g))
    >>> bool(torch.allclose(batched_affine(h, W, b), torch.baddbmm(b, h.expand(4, 5, 3), W)))
    True
    """
    if W.ndim != 3 or h.ndim not in (2, 3) or (h.ndim == 3 and h.shape[0] != W.shape[0]):
        raise ValueError(f"batched_affine expects h (n, d) or (S, n, d) and W (S, d, k); got h "
                         f"{tuple(h.shape)} and W {tuple(W.shape)}.")
    S, d, k = W.shape
    n = h.shape[-2]
    narrow = (d == 1 or _transposed(n, k)                                # the product itself
              or (W.requires_grad and _transposed(d, k))                 # the weight gradient
              or (h.requires_grad and (k == 1 or _transposed(n, d))))    # the input gradient
    # the custom Function's Python overhead per call pays off only where a product it
    # re-orients is needed and large (on every layer it made the quick mlp-iris compute,
    # 4-64-64-3 networks, 1.1-1.8 s against 0.6-0.9 s); otherwise torch's own op and autograd
    if narrow and S * n * d * k >= _ORIENT_MIN_WORK:
        return _BatchedAffine.apply(h, W, b)
    return torch.matmul(h, W) + b if h.ndim == 2 else torch.baddbmm(b, h, W)


class BatchedMLP(nn.Module):
    """``n_models`` independent MLPs of the same architecture evaluated at once.

    Layer ``l`` holds weights of shape ``(S, fan_in, fan_out)`` and biases
    ``(S, 1, fan_out)``; the forward pass is one batched product per layer
    (:func:`batched_affine`). Input ``(n, d)`` is shared by all models (broadcast) or
    ``(S, n, d)`` gives each model its own rows; the output is ``(S, n, n_out)``.
    Model ``s`` computes exactly what :class:`MLPModule` computes with the weights
    ``weights[l][s].T`` and biases ``biases[l][s, 0]`` (see :meth:`model`).

    A loss summed over the models (the engine's ``squared_error`` and
    ``cross_entropy`` on a 3-D output do this) keeps the models independent:
    each model's parameters receive only its own gradient, and Adam/SGD/RMSprop
    act element-wise.
    """

    def __init__(self, n_in, hidden, n_out, n_models, activation="relu", skip_connections=False,
                 dtype=torch.float32, batch_norm=False):
        super().__init__()
        widths = [int(n_in), *[int(h) for h in hidden], int(n_out)]
        self.n_models = int(n_models)
        self.batch_norm = bool(batch_norm)
        self.widths = tuple(widths)
        self.weights = nn.ParameterList(
            nn.Parameter(torch.zeros(self.n_models, a, b, dtype=dtype)) for a, b in zip(widths[:-1], widths[1:])
        )
        self.biases = nn.ParameterList(
            nn.Parameter(torch.zeros(self.n_models, 1, b, dtype=dtype)) for b in widths[1:]
        )
        self.activation = get_activation(activation).name
        self.act = ActivationLayer(activation)
        self.skips = [skip_connections and a == b for a, b in zip(widths[:-2], widths[1:-1])]
        if self.batch_norm:
            self.norms = nn.ModuleList(BatchedBatchNorm(self.n_models, b, dtype=dtype)
                                       for b in widths[1:-1])

    def forward(self, x):
        S = self.n_models
        if not (x.ndim == 2 or (x.ndim == 3 and x.shape[0] == S)):
            raise ValueError(f"BatchedMLP expects input (n, d) or ({S}, n, d); got {tuple(x.shape)}.")
        h = x
        n_layers = len(self.weights)
        for i in range(n_layers):
            W, b = self.weights[i], self.biases[i]
            z = batched_affine(h, W, b)
            if i == n_layers - 1:
                return z
            if self.batch_norm:
                z = self.norms[i](z)
            z = self.act(z)
            h = (h + z) if self.skips[i] else z
        return h  # pragma: no cover

    def model(self, s, skip_connections=None):
        """Model ``s`` as a standalone :class:`MLPModule` (a copy of its parameters)."""
        widths = self.widths
        skip = any(self.skips) if skip_connections is None else skip_connections
        m = MLPModule(widths[0], widths[1:-1], widths[-1], self.activation, skip, self.batch_norm,
                      dtype=self.weights[0].dtype)
        with torch.no_grad():
            for lin, W, b in zip(m.layers(), self.weights, self.biases):
                lin.weight.copy_(W[s].T)
                lin.bias.copy_(b[s, 0])
            if self.batch_norm:
                for bn, bbn in zip(m.norms, self.norms):
                    bn.weight.copy_(bbn.weight[s, 0])
                    bn.bias.copy_(bbn.bias[s, 0])
                    bn.running_mean.copy_(bbn.running_mean[s, 0])
                    bn.running_var.copy_(bbn.running_var[s, 0])
        return m.to(self.weights[0].device)

    @property
    def coefs_(self):
        """Weights per layer as float64 numpy arrays of shape (S, fan_in, fan_out)."""
        return [W.detach().cpu().double().numpy() for W in self.weights]

    @property
    def intercepts_(self):
        """Biases per layer as float64 numpy arrays of shape (S, fan_out)."""
        return [b.detach().cpu().double().numpy()[:, 0] for b in self.biases]


def build_mlp(n_in, hidden, n_out, *, activation="relu", skip_connections=False, batch_norm=False,
              init="he", generator=None, dtype=torch.float32, device="cpu", n_models=None):
    """Build (and, given a generator, initialise) an MLP — the package's one MLP builder.

    Parameters
    ----------
    n_in : int
        Input width.
    hidden : int or sequence of int
        Hidden widths (checked by :func:`check_hidden_sizes`).
    n_out : int
        Output width.
    activation : str or Activation, default="relu"
        A registered activation.
    skip_connections : bool, default=False
        Residual connections between equal-width hidden layers.
    batch_norm : bool, default=False
        Batch normalisation of hidden pre-activations (for ``n_models`` networks
        each model normalises over its own mini-batch: :class:`BatchedBatchNorm`).
    init : {"he", "glorot", "even", "positive_uniform", "half_normal"}, default="he"
        See :func:`init_parameters`.
    generator : torch.Generator, sequence of torch.Generator or None
        Local generator(s); ``None`` leaves the parameters uninitialised (for
        loading a state dict). The global torch RNG is never used.
    dtype : torch.dtype, default=torch.float32
        Parameter dtype.
    device : str or torch.device, default="cpu"
        Device the module is moved to.
    n_models : int or None, default=None
        ``None``: one :class:`MLPModule` (input (n, d) → (n, n_out)). An int ``S``:
        a :class:`BatchedMLP` of ``S`` independent networks (input (n, d) or
        (S, n, d) → (S, n, n_out)).

    Returns
    -------
    MLPModule or BatchedMLP

    Examples
    --------
    >>> import torch
    >>> from sknnmath._layers import build_mlp
    >>> gens = [torch.Generator().manual_seed(s) for s in range(3)]
    >>> nets = build_mlp(2, (16, 16), 1, activation="tanh", generator=gens, n_models=3,
    ...                  dtype=torch.float64)
    >>> nets(torch.zeros(5, 2, dtype=torch.float64)).shape
    torch.Size([3, 5, 1])
    >>> single = build_mlp(2, (16, 16), 1, activation="tanh", dtype=torch.float64,
    ...                    generator=torch.Generator().manual_seed(1))
    >>> x = torch.randn(4, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(9))
    >>> bool(torch.allclose(nets(x)[1], single(x), rtol=0, atol=1e-14))
    True
    """
    hidden = check_hidden_sizes(hidden)
    get_activation(activation)
    if n_models is None:
        m = MLPModule(n_in, hidden, n_out, activation, skip_connections, batch_norm, dtype)
    else:
        if isinstance(n_models, bool) or not isinstance(n_models, (Integral, np.integer)) or n_models < 1:
            raise ValueError(f"n_models must be a positive integer or None; got {n_models!r}.")
        m = BatchedMLP(n_in, hidden, n_out, int(n_models), activation, skip_connections, dtype,
                       batch_norm=batch_norm)
    if generator is not None:
        init_parameters(m, init, generator, activation=activation)
    return m.to(device)


# --------------------------------------------------------------------------------------
# losses and optimisers
# --------------------------------------------------------------------------------------
def _abs2(t):
    return t.real.square() + t.imag.square() if t.is_complex() else t.square()


def squared_error(out, y):
    """The documents' L = (1/N) Σ_i ½ |y_i − f(x_i)|² (complex-safe; batched-model aware).

    ``|·|²`` is the squared modulus, so complex outputs give a real loss whose
    Wirtinger gradient is the usual one. For a 3-D output ``(S, n, k)`` (``S``
    batched models) the per-model losses are **summed** over the models.
    """
    if out.ndim >= 2 and y.ndim == out.ndim - 1 and y.shape[-1] != out.shape[-1]:
        y = y.unsqueeze(-1)
    elif out.ndim == 2 and y.ndim == 1:
        y = y.view(-1, 1)
    y = y.to(out.dtype)
    diff = out - y
    if out.ndim == 3:
        return 0.5 * _abs2(diff).sum(dim=2).mean(dim=1).sum()
    return 0.5 * _abs2(diff).reshape(diff.shape[0], -1).sum(dim=1).mean()


def _cross_entropy(out, y):
    if out.ndim == 3:  # (S, n, C): sum of the models' mean cross-entropies
        S, n, C = out.shape
        yy = y.expand(S, n) if y.ndim == 1 else y
        return F.cross_entropy(out.reshape(S * n, C), yy.reshape(-1), reduction="sum") / n
    return F.cross_entropy(out, y)


def _binary_cross_entropy(out, y):
    if out.ndim == 3:
        S, n = out.shape[:2]
        yy = y.reshape(1, n).expand(S, n) if y.ndim <= 1 or y.shape[0] != S else y.reshape(S, n)
        return F.binary_cross_entropy_with_logits(out.reshape(S, n), yy.to(out.dtype),
                                                  reduction="sum") / n
    return F.binary_cross_entropy_with_logits(out.reshape(-1), y.reshape(-1).to(out.dtype))


#: Loss name -> ``f(output, y) -> scalar tensor`` (mean over samples, summed over batched models).
LOSSES: dict[str, Callable] = {
    "squared_error": squared_error,
    "cross_entropy": _cross_entropy,
    "binary_cross_entropy": _binary_cross_entropy,
}

#: Optimiser name -> (torch optimiser class, function of ``momentum`` giving extra kwargs).
#: ``foreach=True``: torch picks the multi-tensor update only for CUDA parameters and otherwise
#: loops over parameters in Python, a dozen small ops each; the multi-tensor kernels give
#: bitwise the same steps on the CPU (tests/test_layers.py), one code path on every device
OPTIMIZERS: dict[str, tuple] = {
    "sgd": (torch.optim.SGD, lambda momentum: {"foreach": True}),
    "momentum": (torch.optim.SGD, lambda momentum: {"momentum": momentum, "foreach": True}),
    "rmsprop": (torch.optim.RMSprop, lambda momentum: {"foreach": True}),
    "adam": (torch.optim.Adam, lambda momentum: {"foreach": True}),
}


def get_loss(loss):
    """A loss by name from :data:`LOSSES` (a callable passes through)."""
    if callable(loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown loss {loss!r}; expected one of {tuple(LOSSES)} or a callable.") from None


def get_optimizer(solver, momentum=0.9):
    """``(optimizer class, kwargs)`` for a solver name from :data:`OPTIMIZERS`."""
    try:
        cls, kw = OPTIMIZERS[solver]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown solver {solver!r}; expected one of {tuple(OPTIMIZERS)}.") from None
    return cls, kw(momentum)
