"""Hierarchical singularities of fitted MLPs: find, reduce, embed, count (document 003).

A fitted network is read as a list of affine layers u = h @ W[l] + b[l] acting on
numbers (real for :class:`~sknnmath.neural_network.MLPRegressor` /
:class:`~sknnmath.neural_network.MLPClassifier`, complex for the cartesian
:class:`~sknnmath.hypercomplex.ComplexMLPRegressor` / ``ComplexMLPClassifier``).
A hidden unit j of layer l with incoming column w_j = W[l][:, j], bias b_j and
outgoing row v_j = W[l + 1][j, :] is redundant (Fukumizu & Amari 2000; Nitta,
Arch. Neurosci. 2015) when

* ``zero_output``: v_j = 0 — the unit never reaches the output;
* ``zero_input``: w_j = 0 — the unit outputs the constant φ(b_j), which the next
  bias absorbs;
* ``duplicate``: w̃_k = q w̃_j with w̃ = (b, w) and φ(q u) = a_q + s_q φ(u), so that
  unit k merges into unit j: v_j ← v_j + s_q v_k, b_next ← b_next + a_q v_k.

The identities φ(q u) = a_q + s_q φ(u) used (reference §3.2, checked to machine
precision by the tests):

=================  ==========================  =================
activation         q                           (a_q, s_q)
=================  ==========================  =================
tanh               ±1                          (0, q)
sigmoid (logistic) +1, −1                      (0, 1), (1, −1)
relu               c > 0                       (0, c)
split_tanh         ±1, ±i                      (0, q)
split_sigmoid      1, −1, i, −i                (0, 1), (1+i, −1), (1, i), (i, −i)
crelu              c > 0                       (0, c)
=================  ==========================  =================
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted
from numbers import Integral, Real
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params

__all__ = [
    "Singularity",
    "find_singularities",
    "reduce_network",
    "embed_unit",
    "count_hierarchical_singularities",
    "network_weights",
    "set_network_weights",
]

#: q -> (a_q, s_q) with phi(q u) = a_q + s_q phi(u); "scale" marks positive homogeneity
_FACTORS = {
    "tanh": {1.0: (0.0, 1.0), -1.0: (0.0, -1.0)},
    "sigmoid": {1.0: (0.0, 1.0), -1.0: (1.0, -1.0)},
    "relu": "scale",
    "split_tanh": {1: (0, 1), -1: (0, -1), 1j: (0, 1j), -1j: (0, -1j)},
    "split_sigmoid": {1: (0, 1), -1: (1 + 1j, -1), 1j: (1, 1j), -1j: (1j, -1j)},
    "crelu": "scale",
}
_SPLIT_REAL = {"split_tanh": "tanh", "split_sigmoid": "sigmoid", "crelu": "relu"}


@dataclass(frozen=True)
class Singularity:
    """One hierarchical-singularity finding.

    Parameters
    ----------
    layer : int
        Hidden layer (0 = first hidden layer).
    unit : int
        The redundant unit (for ``duplicate``: the unit merged away).
    kind : {"zero_output", "zero_input", "duplicate"}
        Type of redundancy.
    partner : int or None
        For ``duplicate``: the unit that absorbs ``unit`` (w̃_unit ≈ factor · w̃_partner).
    factor : complex or float or None
        q of the duplicate relation (±1, ±i, or the ReLU scale c > 0).
    distance : float
        Euclidean distance of the parameters to the exact singularity
        (‖v_j‖, ‖w_j‖, or ‖w̃_unit − q w̃_partner‖).

    See Also
    --------
    find_singularities : Returns these records.

    Examples
    --------
    >>> from sknnmath.singularities import Singularity
    >>> Singularity(0, 2, "duplicate", 1, -1.0, 0.0).kind
    'duplicate'
    """

    layer: int
    unit: int
    kind: str
    partner: int | None
    factor: complex | float | None
    distance: float


def _is_complex_estimator(est):
    return hasattr(est, "algebra")


def _activation_name(est):
    return est.activation


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
    },
    prefer_skip_nested_validation=True,
)
def network_weights(estimator):
    """Weights of a fitted MLP as (W, b, activation): u = h @ W[l] + b[l].

    Parameters
    ----------
    estimator : fitted MLPRegressor, MLPClassifier, ComplexMLPRegressor or ComplexMLPClassifier
        Without skip connections or batch normalisation; complex models with
        ``algebra="complex"`` and ``parameterization="cartesian"``.

    Returns
    -------
    W : list of ndarray
        ``W[l]`` of shape (fan_in, fan_out), float64 or complex128 (complex models:
        one complex number per neuron; the input layer in the model's number layout).
    b : list of ndarray
        Biases, shape (fan_out,).
    activation : str
        Name of the hidden activation.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import network_weights
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((3,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> W, b, act = network_weights(est)
    >>> [w.shape for w in W], act
    ([(2, 3), (3, 1)], 'tanh')
    """
    check_is_fitted(estimator, "module_state_")
    act = _activation_name(estimator)
    if act not in _FACTORS:
        raise ValueError(f"Singularity analysis needs the activation to be one of {sorted(_FACTORS)}; "
                         f"got {act!r}.")
    if _is_complex_estimator(estimator):
        if estimator.algebra != "complex" or estimator.parameterization != "cartesian":
            raise ValueError("Complex singularity analysis needs algebra='complex' and "
                             "parameterization='cartesian'.")
        st = estimator.module_state_
        n = len(estimator.hidden_layer_sizes_) + 1
        W = []
        b = []
        for l in range(n):
            w = st[f"layers.{l}.weight"].double().numpy()
            W.append(w[0] + 1j * w[1])
            v = st[f"layers.{l}.bias"].double().numpy()
            b.append(v[0::2] + 1j * v[1::2])
        return W, b, act
    if getattr(estimator, "skip_connections", False) or getattr(estimator, "batch_norm", False):
        raise ValueError("Singularity analysis needs skip_connections=False and batch_norm=False.")
    return ([np.asarray(w, dtype=np.float64) for w in estimator.coefs_],
            [np.asarray(v, dtype=np.float64) for v in estimator.intercepts_], act)


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "W": ["array-like"],
        "b": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def set_network_weights(estimator, W, b):
    """A fitted copy of ``estimator`` holding the weights (W, b) (widths may change).

    Parameters
    ----------
    estimator : fitted MLP (see :func:`network_weights`)
        The template (its hyper-parameters and fitted metadata are kept).
    W, b : lists of ndarray
        As returned by :func:`network_weights`.

    Returns
    -------
    estimator
        A new fitted estimator (``hidden_layer_sizes_`` follows ``W``; the
        ``hidden_layer_sizes`` parameter is set to match, so that ``clone`` and
        refitting build the same architecture).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import network_weights, set_network_weights
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((3,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> W, b, _ = network_weights(est)
    >>> bool(np.allclose(set_network_weights(est, W, b).predict(X), est.predict(X), atol=1e-12))
    True
    """
    import torch

    new = copy.deepcopy(estimator)
    hidden = tuple(int(w.shape[1]) for w in W[:-1])
    new.hidden_layer_sizes = hidden
    if not _is_complex_estimator(estimator):
        new._set_weights(W, b, n_out=W[-1].shape[1])
        return new
    new.hidden_layer_sizes_ = hidden
    state = {}
    for l, (w, v) in enumerate(zip(W, b)):
        state[f"layers.{l}.weight"] = torch.from_numpy(np.stack([w.real, w.imag]).astype(np.float64))
        bv = np.empty(2 * v.shape[0])
        bv[0::2], bv[1::2] = v.real, v.imag
        state[f"layers.{l}.bias"] = torch.from_numpy(bv)
    new.module_state_ = state
    with torch.no_grad():
        m64 = new._inference_module()
        new.coefs_ = [m64.layers[l].block_matrix().numpy() for l in range(len(W))]
        new.intercepts_ = [m64.layers[l].bias.numpy() for l in range(len(W))]
    return new


def _phi(act, u):
    """The hidden activation on numbers (complex split activations part-wise)."""
    from .._layers import get_activation

    if act in _SPLIT_REAL:
        f = get_activation(_SPLIT_REAL[act]).numpy
        return f(np.real(u)) + 1j * f(np.imag(u))
    return get_activation(act).numpy(np.asarray(u, dtype=np.float64))


def _duplicate_factor(act, wj, wk):
    """(q, a_q, s_q, distance) of the best relation w̃_k ≈ q w̃_j, or None."""
    table = _FACTORS[act]
    nj = float(np.vdot(wj, wj).real)
    if table == "scale":
        if nj == 0.0:
            return None
        c = float(np.vdot(wj, wk).real) / nj
        if c <= 0:
            return None
        return c, 0.0, c, float(np.linalg.norm(wk - c * wj))
    best = None
    for q, (a, s) in table.items():
        d = float(np.linalg.norm(wk - q * wj))
        if best is None or d < best[3]:
            best = (q, a, s, d)
    return best


def _scan(W, b, act, tol):
    """All findings within tol (per layer: zero_output, zero_input, duplicate pairs)."""
    out = []
    for l in range(len(W) - 1):
        Win, bias, Vout = W[l], b[l], W[l + 1]
        H = Win.shape[1]
        tilde = np.concatenate([bias[None, :], Win], axis=0)  # (1 + fan_in, H)
        for j in range(H):
            d = float(np.linalg.norm(Vout[j]))
            if d <= tol:
                out.append(Singularity(l, j, "zero_output", None, None, d))
            d = float(np.linalg.norm(Win[:, j]))
            if d <= tol:
                out.append(Singularity(l, j, "zero_input", None, None, d))
        for j, k in combinations(range(H), 2):
            rel = _duplicate_factor(act, tilde[:, j], tilde[:, k])
            if rel is not None and rel[3] <= tol:
                q = rel[0]
                q = complex(q) if np.iscomplexobj(W[0]) else float(np.real(q))
                out.append(Singularity(l, k, "duplicate", j, q, rel[3]))
    return out


def _check_tol(tol):
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tol must be a finite non-negative number; got {tol!r}.")


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "tol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def find_singularities(estimator, tol=1e-6):
    """Hierarchical singularities of a fitted MLP (document 003, Fukumizu & Amari 2000).

    Parameters
    ----------
    estimator : fitted MLPRegressor, MLPClassifier, ComplexMLPRegressor or ComplexMLPClassifier
        Any depth; hidden activation tanh, sigmoid or relu (complex: split_tanh,
        split_sigmoid, crelu).
    tol : float, default=1e-6
        Report the findings whose distance to the exact singularity is ≤ tol.

    Returns
    -------
    list of Singularity
        Sorted by distance (closest first).

    See Also
    --------
    reduce_network : Remove what is found.
    embed_unit : The inverse operation.

    References
    ----------
    .. [1] K. Fukumizu and S. Amari, "Local minima and plateaus in hierarchical
       structures of multilayer perceptrons", Neural Networks 13 (2000) 317-327.
    .. [2] T. Nitta, "Complex-valued neurocomputing and singular points",
       Arch. Neurosci. 2(4) (2015) e27461.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import find_singularities, embed_unit
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((2,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> big = embed_unit(est, layer=0, unit=1, kind="split", lam=0.3)
    >>> [(s.kind, s.unit, s.partner, s.factor) for s in find_singularities(big)]
    [('duplicate', 2, 1, 1.0)]
    """
    _check_tol(tol)
    W, b, act = network_weights(estimator)
    return sorted(_scan(W, b, act, tol), key=lambda s: (s.distance, s.layer, s.unit))


def _apply(W, b, act, s):
    """Remove the unit of finding ``s`` (in place on copies), absorbing its contribution."""
    l, k = s.layer, s.unit
    if s.kind == "zero_input":
        b[l + 1] = b[l + 1] + _phi(act, b[l][k]) * W[l + 1][k]
    elif s.kind == "duplicate":
        j, q = s.partner, s.factor
        table = _FACTORS[act]
        a, sq = (0.0, q) if table == "scale" else table[q if np.iscomplexobj(W[0]) else float(np.real(q))]
        W[l + 1][j] = W[l + 1][j] + sq * W[l + 1][k]
        b[l + 1] = b[l + 1] + a * W[l + 1][k]
    W[l] = np.delete(W[l], k, axis=1)
    b[l] = np.delete(b[l], k)
    W[l + 1] = np.delete(W[l + 1], k, axis=0)


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "tol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def reduce_network(estimator, tol=1e-6):
    """Remove every hierarchical redundancy within tol; return the smaller network.

    Repeatedly takes the closest finding of :func:`find_singularities` and
    removes its unit (zero output: drop; zero input: the next bias absorbs
    φ(b_j) v_j; duplicate: v_j ← v_j + s_q v_k and the next bias absorbs a_q v_k),
    never emptying a layer. When the findings are exact the predictions are
    unchanged up to rounding.

    Parameters
    ----------
    estimator : fitted MLP (see :func:`find_singularities`)
    tol : float, default=1e-6
        Distance below which a finding is removed.

    Returns
    -------
    reduced : estimator
        A new fitted estimator of the same class with fewer hidden units.
    merged : list of Singularity
        The findings removed, in order (unit indices refer to the network at the
        time of each removal).

    See Also
    --------
    find_singularities, embed_unit

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import reduce_network, embed_unit
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((2,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> small, merged = reduce_network(embed_unit(est, 0, 0, "split", lam=2.0))
    >>> small.hidden_layer_sizes_, float(np.abs(small.predict(X) - est.predict(X)).max()) < 1e-10
    ((2,), True)
    """
    _check_tol(tol)
    W, b, act = network_weights(estimator)
    W, b = [w.copy() for w in W], [v.copy() for v in b]
    merged = []
    while True:
        found = [s for s in sorted(_scan(W, b, act, tol), key=lambda s: s.distance)
                 if W[s.layer].shape[1] > 1]
        if not found:
            break
        _apply(W, b, act, found[0])
        merged.append(found[0])
    return set_network_weights(estimator, W, b), merged


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "layer": [Interval(Integral, 0, None, closed="left")],
        "unit": [Interval(Integral, 0, None, closed="left")],
        "kind": [StrOptions({"zero_output", "zero_input", "split"})],
        "lam": [Interval(Real, None, None, closed="neither"), complex],
    },
    prefer_skip_nested_validation=True,
)
def embed_unit(estimator, layer, unit, kind, lam):
    """Fukumizu–Amari embedding: one more hidden unit, the same function for every λ.

    The new unit is appended as the last unit of ``layer``.

    * ``"zero_output"`` (α): incoming weights λ·w̃_unit, outgoing weights 0;
    * ``"zero_input"`` (β): incoming weights 0, bias λ, outgoing weights v_unit;
      the next layer's bias subtracts φ(λ) v_unit;
    * ``"split"`` (γ_λ): a copy of ``unit``; outgoing weights λ v (new unit) and
      (1 − λ) v (old unit).

    Parameters
    ----------
    estimator : fitted MLP (see :func:`find_singularities`)
    layer : int
        Hidden layer (0 = first).
    unit : int
        Unit whose weights seed the new unit.
    kind : {"zero_output", "zero_input", "split"}
    lam : float
        The free parameter λ of the embedding.

    Returns
    -------
    estimator
        A new fitted estimator with one more unit in ``layer``.

    See Also
    --------
    reduce_network : Inverse map.

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.neural_network import MLPRegressor
    >>> from sknnmath.singularities import embed_unit
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> est = MLPRegressor((2,), activation="tanh", max_iter=5, device="cpu",
    ...                    random_state=0).fit(X, X[:, 0])
    >>> big = embed_unit(est, 0, 1, "zero_input", lam=0.7)
    >>> big.hidden_layer_sizes_, float(np.abs(big.predict(X) - est.predict(X)).max()) < 1e-10
    ((3,), True)
    """
    W, b, act = network_weights(estimator)
    if not 0 <= layer < len(W) - 1:
        raise ValueError(f"layer must be in [0, {len(W) - 2}]; got {layer!r}.")
    if not 0 <= unit < W[layer].shape[1]:
        raise ValueError(f"unit must be in [0, {W[layer].shape[1] - 1}]; got {unit!r}.")
    if not np.isfinite(lam):
        raise ValueError(f"lam must be finite; got {lam!r}.")
    W, b = [w.copy() for w in W], [v.copy() for v in b]
    w_in, b_in, v = W[layer][:, unit], b[layer][unit], W[layer + 1][unit].copy()
    if kind == "zero_output":
        new_w, new_b, new_v = lam * w_in, lam * b_in, np.zeros_like(v)
    elif kind == "zero_input":
        new_w, new_b, new_v = np.zeros_like(w_in), np.asarray(lam, dtype=b_in.dtype), v
        b[layer + 1] = b[layer + 1] - _phi(act, new_b) * v
    elif kind == "split":
        new_w, new_b, new_v = w_in, b_in, lam * v
        W[layer + 1][unit] = (1 - lam) * v
    else:
        raise ValueError(f"kind must be 'zero_output', 'zero_input' or 'split'; got {kind!r}.")
    W[layer] = np.concatenate([W[layer], new_w[:, None]], axis=1)
    b[layer] = np.concatenate([b[layer], np.atleast_1d(new_b)])
    W[layer + 1] = np.concatenate([W[layer + 1], new_v[None, :]], axis=0)
    return set_network_weights(estimator, W, b)


@validate_params(
    {
        "layer_sizes": ["array-like"],
        "n_factors": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def count_hierarchical_singularities(layer_sizes, n_factors=2):
    """Number of hierarchical-singularity families of each hidden layer.

    A hidden layer of width h has h zero-output families (v_j = 0), h zero-input
    families (w_j = 0) and ``n_factors`` · h(h − 1)/2 duplicate families
    (w̃_k = q w̃_j for each of the ``n_factors`` admissible q: 2 for tanh (±1),
    1 for the logistic sigmoid's q = −1 (plus q = 1: 2), 4 for split complex
    units (±1, ±i)). The count grows with the widths and the depth (document 003).

    Parameters
    ----------
    layer_sizes : sequence of int
        (n_in, h_1, ..., h_L, n_out).
    n_factors : int, default=2
        Number of admissible duplicate factors q.

    Returns
    -------
    pandas.DataFrame
        One row per hidden layer: ``layer``, ``width``, ``zero_output``,
        ``zero_input``, ``duplicate``, ``total``.

    Examples
    --------
    >>> from sknnmath.singularities import count_hierarchical_singularities
    >>> int(count_hierarchical_singularities((2, 3, 2, 1))["total"].sum())
    18
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 3 or min(sizes) < 1:
        raise ValueError(f"layer_sizes must be (n_in, h_1, ..., n_out) of positive ints; got {layer_sizes!r}.")
    rows = []
    for l, h in enumerate(sizes[1:-1]):
        dup = n_factors * h * (h - 1) // 2
        rows.append({"layer": l, "width": h, "zero_output": h, "zero_input": h,
                     "duplicate": dup, "total": 2 * h + dup})
    return pd.DataFrame(rows)
