"""The torch module behind the MLP estimators (documents 000 and 002)."""

from __future__ import annotations

import torch
from torch import nn

from .._engine import initialize_parameters, make_linear

ACTIVATIONS = {
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "identity": nn.Identity,
}


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
    activation : {"relu", "sigmoid", "tanh", "identity"}
        Element-wise nonlinearity.
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
        self.act = ACTIVATIONS[activation]()
        self.skips = [skip_connections and a == b for a, b in zip(widths[:-1], widths[1:])]
        self.out = make_linear(widths[-1], n_out, dtype=dtype)

    def forward(self, x):
        h = x
        for lin, norm, skip in zip(self.linears, self.norms, self.skips):
            z = self.act(norm(lin(h)))
            h = h + z if skip else z
        return self.out(h)


def build_mlp(n_in, hidden, n_out, *, activation, skip_connections, batch_norm, init,
              generator=None, dtype=torch.float32, device="cpu"):
    """Construct and (when ``generator`` is given) initialise an :class:`MLPModule`."""
    m = MLPModule(n_in, hidden, n_out, activation, skip_connections, batch_norm, dtype)
    if generator is not None:
        initialize_parameters(m, init, generator, activation=activation)
    return m.to(device)
