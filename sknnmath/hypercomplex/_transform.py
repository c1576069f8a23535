"""Transformation learning (document 003 result (5); Nitta's 2-D transformation experiments).

A network learns a planar map from a few input/output point pairs and is tested on
unseen shapes. Each map is the product by one number of an algebra:

* similarity (rotation + scaling): z -> r e^{i phi} z, a complex product;
* reflection: z -> conj(z), widely linear (needs z-bar: the fully augmented net);
* shear: (x, y) -> (x, y + k x), the dual product (1 + k eps)(x + eps y);
* hyperbolic rotation: the hyperbolic product (cosh t + j sinh t)(x + j y);
* contraction: z -> c z (the document's training map for the augmented net).
"""

from __future__ import annotations

import numpy as np
from numbers import Integral
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["TRANSFORMATIONS", "transformation_models", "shapes", "fit_transformation"]


def _sim(P):
    z = (P[:, 0] + 1j * P[:, 1]) * 0.7 * np.exp(1j * np.pi / 4)
    return np.column_stack([z.real, z.imag])


def _refl(P):
    return np.column_stack([P[:, 0], -P[:, 1]])


def _shear(P):
    return np.column_stack([P[:, 0], P[:, 1] + 0.6 * P[:, 0]])


def _hyp(P):
    c, s = np.cosh(0.5), np.sinh(0.5)
    return np.column_stack([c * P[:, 0] + s * P[:, 1], s * P[:, 0] + c * P[:, 1]])


def _contract(P):
    return 0.5 * P


#: name -> map of (n, 2) point arrays
TRANSFORMATIONS = {
    "similarity (0.7, rotation 45 deg)": _sim,
    "contraction (0.5)": _contract,
    "reflection (z -> conj z)": _refl,
    "shear (y + 0.6 x)": _shear,
    "hyperbolic rotation (t = 0.5)": _hyp,
}


@validate_params(
    {
        "n": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def shapes(n=40):
    """Training points (a few pairs) and unseen test shapes, all inside the unit disc.

    Parameters
    ----------
    n : int, default=40
        Points on the circle.

    Returns
    -------
    train : ndarray of shape (12, 2)
        Points on the boundary of a small square in the first quadrant.
    tests : dict of str to ndarray
        ``"circle"`` (radius 0.6 about the origin), ``"star"`` (five points),
        ``"triangle"`` (in the third quadrant).
    """
    s = np.linspace(0.1, 0.5, 4)
    sq = np.concatenate([np.column_stack([s, np.full(4, 0.1)]), np.column_stack([np.full(3, 0.5), s[1:]]),
                         np.column_stack([s[:-1][::-1], np.full(3, 0.5)]),
                         np.column_stack([np.full(2, 0.1), s[1:3][::-1]])])
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    circle = 0.6 * np.column_stack([np.cos(t), np.sin(t)])
    k = np.arange(10)
    r = np.where(k % 2 == 0, 0.7, 0.3)
    star = np.column_stack([r * np.cos(np.pi / 2 + k * np.pi / 5), r * np.sin(np.pi / 2 + k * np.pi / 5)])
    tri = np.array([[-0.2, -0.2], [-0.7, -0.3], [-0.4, -0.7]])
    return sq, {"circle": circle, "star": star, "triangle": tri}


def transformation_models():
    """The compared networks of the transformation-learning study.

    All have one hidden layer of split-tanh units and linear outputs: complex 1-6-1 (38 real
    parameters), fully augmented complex [z, z-bar]-6-1, dual 1-6-1, hyperbolic 1-6-1, and a
    real 2-7-2 network (37 parameters).

    Returns
    -------
    dict
        label -> (constructor kwargs of ComplexMLPRegressor, input kind: "pairs" or "augmented").
    """
    common = dict(activation="split_tanh", input_encoding="pairs", target_encoding="pairs")
    return {
        "complex 1-6-1": (dict(algebra="complex", hidden_layer_sizes=(6,), **common), "pairs"),
        "fully augmented complex [z, z-bar]-6-1": (dict(algebra="complex", hidden_layer_sizes=(6,),
                                                        activation="split_tanh"), "augmented"),
        "dual 1-6-1": (dict(algebra="dual", hidden_layer_sizes=(6,), **common), "pairs"),
        "hyperbolic 1-6-1": (dict(algebra="hyperbolic", hidden_layer_sizes=(6,), **common), "pairs"),
        "real 2-7-2": (dict(algebra="real", hidden_layer_sizes=(7,), **common), "pairs"),
    }


def _encode(P, kind):
    if kind == "augmented":
        z = P[:, 0] + 1j * P[:, 1]
        return np.column_stack([z, np.conj(z)])
    return P


def _decode(Y, kind):
    if kind == "augmented":
        return np.column_stack([Y.real, Y.imag])
    return Y


def fit_transformation(args):
    """Fit one (model, transformation, seed) and return its errors on the unseen shapes.

    ``args = (label, transformation, seed, max_iter, learning_rate, device)``; returns a dict with
    the relative generalisation error (mean |f(z) - T(z)| / mean |T(z)| over all unseen
    points), the training error and the predicted shapes.
    """
    from ._estimators import ComplexMLPRegressor

    label, tname, seed, max_iter, lr, device = args
    kw, kind = transformation_models()[label]
    T = TRANSFORMATIONS[tname]
    train, tests = shapes()
    Xtr = _encode(train, kind)
    Ytr = T(train)
    if kind == "augmented":
        Ytr = Ytr[:, 0] + 1j * Ytr[:, 1]
    reg = ComplexMLPRegressor(**kw, max_iter=max_iter, learning_rate=lr, random_state=seed,
                              device=device).fit(Xtr, Ytr)
    preds, errs, norms = {}, [], []
    for sname, P in tests.items():
        pred = _decode(reg.predict(_encode(P, kind)), kind)
        preds[sname] = pred
        errs.append(np.linalg.norm(pred - T(P), axis=1))
        norms.append(np.linalg.norm(T(P), axis=1))
    tr_pred = _decode(reg.predict(Xtr), kind)
    return {"model": label, "transformation": tname, "seed": seed,
            "generalisation error": float(np.concatenate(errs).mean() / np.concatenate(norms).mean()),
            "training error": float(np.linalg.norm(tr_pred - T(train), axis=1).mean()
                                    / np.linalg.norm(T(train), axis=1).mean()),
            "predictions": preds}
