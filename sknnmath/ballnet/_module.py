"""The literal torch network of document 000 §3 (BallNet).

Layer 1: ``z^1_j = h(w_j . x + b_j)`` (trainable ``w``, ``b``). Even layer 2k: for each
pair ``(a, b) = (z^{2k-1}_{2J-1}, z^{2k-1}_{2J})`` the three ReLU units
``h(a/2 + b/2), h(a/2 - b/2), h(-a/2 + b/2)``; odd layer 2k+1: ``z_{3J-2} - z_{3J-1} -
z_{3J}``. The even/odd layers are block-diagonal with identical blocks
``P = [[1/2, 1/2], [1/2, -1/2], [-1/2, 1/2]]`` and ``Q = [1, -1, -1]``; these fixed
blocks are registered as buffers (never trained) and applied pair-wise, which is
the same linear map as the dense block-diagonal matrix (see
:meth:`BallNetModule.layer_matrices`) at a fraction of the cost.
"""

from __future__ import annotations

import math

import torch
from torch import nn

__all__ = ["BallNetModule", "CalibratedBallNet"]


class BallNetModule(nn.Module):
    """Depth-(2n+1) network of document 000 §3 computing ``min_j h(w_j . x + b_j)``.

    Parameters
    ----------
    n_features : int
        Input dimension d.
    depth : int
        n; the first layer has ``2**depth`` units.
    dtype : torch.dtype, default=torch.float64

    Attributes
    ----------
    weight : Parameter of shape (2**n, d)
        First-layer weights w_j.
    bias : Parameter of shape (2**n,)
        First-layer biases b_j.
    pair_weight : buffer of shape (3, 2)
        The fixed ±1/2 block of every even layer.
    select_weight : buffer of shape (1, 3)
        The fixed (1, -1, -1) block of every odd layer.
    log_beta : Parameter of shape ()
        Output calibration: the training output is ``min(1, beta z)`` with
        ``beta = exp(log_beta)`` (two more ReLU units: ``h(beta z) - h(beta z - 1)``).
    """

    def __init__(self, n_features, depth, dtype=torch.float64):
        super().__init__()
        self.n_features = int(n_features)
        self.depth = int(depth)
        m = 2**self.depth
        self.weight = nn.Parameter(torch.zeros(m, self.n_features, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(m, dtype=dtype))
        self.log_beta = nn.Parameter(torch.zeros((), dtype=dtype))
        self.register_buffer("pair_weight", torch.tensor([[0.5, 0.5], [0.5, -0.5], [-0.5, 0.5]],
                                                         dtype=dtype))
        self.register_buffer("select_weight", torch.tensor([[1.0, -1.0, -1.0]], dtype=dtype))

    @property
    def n_facets(self):
        return 2**self.depth

    def first_layer(self, x):
        """``z^1 = h(w x + b)``, shape (n_samples, 2**n)."""
        return torch.relu(x @ self.weight.T + self.bias)

    def even_layer(self, z):
        """Layer 2k: (n, 2M) -> (n, 3M), ``h(P (a, b))`` for each consecutive pair."""
        n, width = z.shape
        pairs = z.reshape(n, width // 2, 2)
        return torch.relu(pairs @ self.pair_weight.T).reshape(n, 3 * (width // 2))

    def odd_layer(self, z):
        """Layer 2k+1: (n, 3M) -> (n, M), ``z_{3J-2} - z_{3J-1} - z_{3J}`` (no ReLU)."""
        n, width = z.shape
        return (z.reshape(n, width // 3, 3) @ self.select_weight.T).reshape(n, width // 3)

    def layers(self, x):
        """All 2n+1 layer outputs ``[z^1, z^2, ..., z^{2n+1}]``."""
        out = [self.first_layer(x)]
        for _ in range(self.depth):
            out.append(self.even_layer(out[-1]))
            out.append(self.odd_layer(out[-1]))
        return out

    def _pair_blocks_are_min(self):
        # the document's blocks: (1/2, 1/2), (1/2, -1/2), (-1/2, 1/2) then (1, -1, -1)
        P = self.pair_weight.new_tensor([[0.5, 0.5], [0.5, -0.5], [-0.5, 0.5]])
        S = self.select_weight.new_tensor([[1.0, -1.0, -1.0]])
        return bool(torch.equal(self.pair_weight, P) and torch.equal(self.select_weight, S))

    def forward(self, x, literal=None):
        """The network output ``z^{2n+1}(x)``, shape (n_samples,).

        ``literal=None`` (default) runs the layers literally whenever autograd is
        on (training, gradient checks) and, for inference, evaluates each pair
        block through its identity ``h(½z₁+½z₂) − h(½z₁−½z₂) − h(−½z₁+½z₂) =
        min(z₁, z₂)``, exact for the non-negative inputs every block receives
        (first-layer ReLUs, then minima of them). The pairing (2J−1, 2J) and the
        depth are the network's own; the result is equal to the literal one to
        rounding (tested), about 5× faster on the CPU. ``literal=True`` forces
        the literal layers.

        Computes the same ReLU units as :meth:`layers`, in a units-by-samples layout:
        each pair ``(2J-1, 2J)`` is a ``2 x n_samples`` slab. The even layer is then one
        batched product with the ``3 x 2`` buffer, and the odd layer one product with
        the ``1 x 3`` buffer. Without autograd, the ReLU is applied in place. See
        ``benchmarks/bench_ballnet.py``.
        """
        z = torch.addmm(self.bias[:, None], self.weight, x.T)  # (2^n, n_samples)
        if literal is None:
            literal = torch.is_grad_enabled() or not self._pair_blocks_are_min()
        if not literal:
            z = z.relu_()
            for _ in range(self.depth):  # layers 2J, 2J+1 on each pair: min(z_{2J-1}, z_{2J})
                pairs = z.view(z.shape[0] // 2, 2, -1)
                z = torch.minimum(pairs[:, 0], pairs[:, 1])
            return z[0]
        inplace = not torch.is_grad_enabled()
        z = z.relu_() if inplace else torch.relu(z)
        for _ in range(self.depth):
            pairs = z.view(z.shape[0] // 2, 2, -1)           # (M, 2, n)
            u = torch.matmul(self.pair_weight, pairs)         # even layer: (M, 3, n)
            u = u.relu_() if inplace else torch.relu(u)
            z = torch.matmul(self.select_weight, u).view(pairs.shape[0], -1)  # odd: (M, n)
        return z[0]

    def calibrated(self, x):
        """Training output ``min(1, beta z) = h(beta z) - h(beta z - 1)`` in [0, 1]."""
        s = torch.exp(self.log_beta) * self.forward(x)
        return torch.relu(s) - torch.relu(s - 1.0)

    def layer_matrices(self):
        """Dense matrices of the fixed layers 2..2n+1 (block-diagonal, for inspection).

        Returns
        -------
        list of Tensor
            ``[A_2, A_3, ..., A_{2n+1}]`` with ``z^{l} = h(A_l z^{l-1})`` for even l
            and ``z^{l} = A_l z^{l-1}`` for odd l.
        """
        mats = []
        width = self.n_facets
        for _ in range(self.depth):
            M = width // 2
            mats.append(torch.block_diag(*([self.pair_weight] * M)))
            mats.append(torch.block_diag(*([self.select_weight] * M)))
            width = M
        return mats

    def forward_dense(self, x):
        """The output computed with the dense block-diagonal matrices (slow; for tests)."""
        z = self.first_layer(x)
        for i, A in enumerate(self.layer_matrices()):
            z = z @ A.T
            if i % 2 == 0:
                z = torch.relu(z)
        return z[:, 0]


class CalibratedBallNet(nn.Module):
    """Wrapper whose forward is the calibrated training output ``min(1, beta z)``.

    The training engine optimises ``weight``, ``bias`` and ``log_beta`` through it;
    the fixed ±1/2, ±1 blocks are buffers and receive no update.
    """

    def __init__(self, net: BallNetModule):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.calibrated(x)


def _check_depth(depth):
    if depth < 0 or depth > 20:
        raise ValueError(f"depth must be in [0, 20]; got {depth}.")
    return int(depth)


def depth_from_facets(n_facets):
    """n with 2**n == n_facets (a power of two is required by the pairing layers)."""
    n = int(round(math.log2(n_facets))) if n_facets >= 1 else -1
    if n < 0 or 2**n != n_facets:
        raise ValueError(f"n_facets must be a power of two (2**depth); got {n_facets}.")
    return n
