"""Hypercomplex algebras as multiplication tables with a real matrix representation.

Every hypercomplex layer of :mod:`sknnmath.hypercomplex` goes through one
:class:`HypercomplexAlgebra`: a number is its coefficient vector on the basis
(1, e_1, ..., e_{m-1}); the product is fixed by structure constants
``table[a, b, c]`` with e_a e_b = sum_c table[a, b, c] e_c; and multiplication
by a weight w from the left is the real m x m matrix L(w). A layer of
hypercomplex neurons is therefore one real matrix made of m x m blocks, so
adding an algebra is adding a table, not a new network.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils._param_validation import validate_params

__all__ = ["HypercomplexAlgebra", "ALGEBRAS", "get_algebra"]


def _table_from_rules(basis, rules):
    """Structure constants from a dict ``{(x, y): (sign, z)}`` of basis products."""
    m = len(basis)
    idx = {b: i for i, b in enumerate(basis)}
    T = np.zeros((m, m, m))
    for a in range(m):  # 1 is the unit
        T[0, a, a] = 1.0
        T[a, 0, a] = 1.0
    for (x, y), (sign, z) in rules.items():
        T[idx[x], idx[y], :] = 0.0
        if z is not None:
            T[idx[x], idx[y], idx[z]] = sign
    return T


class HypercomplexAlgebra:
    """A finite-dimensional real algebra with unit, given by its multiplication table.

    Parameters
    ----------
    name : str
        Name of the algebra (used in error messages and figures).
    table : array-like of shape (m, m, m)
        Structure constants: ``e_a e_b = sum_c table[a, b, c] e_c``; index 0
        must be the unit (``table[0, a] = table[a, 0] = e_a``).
    basis : sequence of str, optional
        Names of the basis elements, default ``("1", "e1", ...)``.
    description : str, default=""
        The rules in words (shown in the docs).

    Attributes
    ----------
    dim : int
        m, the number of real components.
    commutative : bool
        Whether the table is commutative (computed from the table).
    associative : bool
        Whether the table is associative (computed from the table).

    See Also
    --------
    get_algebra : The presets by name.
    ComplexMLPRegressor : Networks of neurons over any of these algebras.

    Notes
    -----
    Presets (``ALGEBRAS``):

    * ``"real"`` — R, m = 1 (real networks are the m = 1 case of the same layers);
    * ``"complex"`` — i^2 = -1; L(a + ib) = [[a, -b], [b, a]];
    * ``"hyperbolic"`` — split-complex, j^2 = +1 (Nitta & Kuroe 2018);
    * ``"dual"`` — epsilon^2 = 0, so f(a + eps b) = f(a) + eps f'(a) b for
      polynomials (Okawa & Nitta 2021);
    * ``"quaternion"`` — Hamilton, i^2 = j^2 = k^2 = ijk = -1, ij = -ji = k
      (associative, not commutative);
    * ``"commutative_quaternion"`` — Segre's commutative quaternions
      i^2 = -1, j^2 = +1, k^2 = -1, ij = ji = k, jk = kj = i, ki = ik = -j.
      These are the tensor product C (x) hyperbolic numbers with k = ij, so
      associativity and commutativity follow from those of C and of the
      hyperbolic numbers. Nitta & Gan's exact convention was not available
      (the reference lists it as unverified); the bicomplex variant
      i^2 = j^2 = -1, k^2 = +1 is isomorphic to this one (both are C (+) C)
      and can be built with :meth:`from_rules`.

    References
    ----------
    .. [1] T. Nitta, "Resolution of singularities in neural networks",
       KAKENHI report 16K00347 (document 003).
    .. [2] T. Nitta and Y. Kuroe, "Hyperbolic gradient operator and hyperbolic
       back-propagation learning algorithms", IEEE TNNLS 29 (2018) 1689-1702.
    .. [3] F. Catoni, R. Cannata and P. Zampetti, "An introduction to
       commutative quaternions", Adv. Appl. Clifford Algebras 16 (2006) 1-28.

    Examples
    --------
    >>> from sknnmath.hypercomplex import get_algebra
    >>> C = get_algebra("complex")
    >>> C.multiply([1.0, 2.0], [3.0, 4.0]).tolist()  # (1 + 2i)(3 + 4i) = -5 + 10i
    [-5.0, 10.0]
    >>> C.left_matrix([1.0, 2.0]).tolist()
    [[1.0, -2.0], [2.0, 1.0]]
    >>> get_algebra("quaternion").commutative
    False
    """

    def __init__(self, name, table, basis=None, description=""):
        T = np.asarray(table, dtype=np.float64)
        if T.ndim != 3 or not (T.shape[0] == T.shape[1] == T.shape[2]) or T.shape[0] < 1:
            raise ValueError(f"table must have shape (m, m, m); got {T.shape}.")
        m = T.shape[0]
        eye = np.eye(m)
        if not (np.array_equal(T[0], eye) and np.array_equal(T[:, 0], eye)):
            raise ValueError("table: basis element 0 must be the unit (e_0 e_a = e_a e_0 = e_a).")
        self.name = str(name)
        self.table = T
        self.dim = m
        self.basis = tuple(basis) if basis is not None else ("1",) + tuple(f"e{k}" for k in range(1, m))
        if len(self.basis) != m:
            raise ValueError(f"basis has {len(self.basis)} names for an algebra of dimension {m}.")
        self.description = description
        self.commutative = bool(np.array_equal(T, T.transpose(1, 0, 2)))
        # (e_a e_b) e_c = sum_d T[a,b,d] e_d e_c ; e_a (e_b e_c) = sum_d T[b,c,d] e_a e_d
        left = np.einsum("abd,dce->abce", T, T)
        right = np.einsum("bcd,ade->abce", T, T)
        self.associative = bool(np.allclose(left, right, atol=0, rtol=0))

    @classmethod
    def from_rules(cls, name, basis, rules, description=""):
        """Build an algebra from products of basis elements.

        Parameters
        ----------
        name : str
            Name of the algebra.
        basis : sequence of str
            Basis names, the unit first (e.g. ``("1", "i")``).
        rules : dict
            ``{(x, y): (sign, z)}`` meaning x y = sign * z; ``z=None`` means
            x y = 0. Products with the unit are implied.
        description : str, default=""
            The rules in words.

        Returns
        -------
        HypercomplexAlgebra

        Examples
        --------
        >>> from sknnmath.hypercomplex import HypercomplexAlgebra
        >>> D = HypercomplexAlgebra.from_rules("dual", ("1", "eps"), {("eps", "eps"): (0, None)})
        >>> D.multiply([2.0, 1.0], [3.0, 5.0]).tolist()  # (2 + e)(3 + 5e) = 6 + 13e
        [6.0, 13.0]
        """
        return cls(name, _table_from_rules(tuple(basis), rules), basis=basis, description=description)

    def __repr__(self):
        return f"HypercomplexAlgebra({self.name!r}, dim={self.dim})"

    def __eq__(self, other):
        return isinstance(other, HypercomplexAlgebra) and np.array_equal(self.table, other.table)

    def __hash__(self):
        return hash((self.name, self.table.tobytes()))

    # ------------------------------------------------------------------ arithmetic
    def multiply(self, x, y):
        """Product x y of numbers given by their components (last axis of length m).

        Parameters
        ----------
        x, y : array-like of shape (..., m)
            Factors (broadcast against each other).

        Returns
        -------
        ndarray of shape (..., m)
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self._check_last(x)
        self._check_last(y)
        return np.einsum("...a,...b,abc->...c", x, y, self.table)

    def left_matrix(self, w):
        """Real matrix L(w) of left multiplication: ``L(w) @ x == multiply(w, x)``.

        Parameters
        ----------
        w : array-like of shape (..., m)

        Returns
        -------
        ndarray of shape (..., m, m)
            ``L[..., c, b] = sum_a table[a, b, c] w[..., a]``.
        """
        w = np.asarray(w, dtype=np.float64)
        self._check_last(w)
        return np.einsum("abc,...a->...cb", self.table, w)

    def right_matrix(self, w):
        """Real matrix R(w) of right multiplication: ``R(w) @ x == multiply(x, w)``."""
        w = np.asarray(w, dtype=np.float64)
        self._check_last(w)
        return np.einsum("abc,...b->...ca", self.table, w)

    def one(self):
        """The unit as a component vector."""
        e = np.zeros(self.dim)
        e[0] = 1.0
        return e

    def power(self, x, k):
        """x^k for an integer k >= 0 (repeated left multiplication)."""
        x = np.asarray(x, dtype=np.float64)
        out = np.broadcast_to(self.one(), x.shape).copy()
        for _ in range(int(k)):
            out = self.multiply(x, out)
        return out

    def polynomial(self, coefficients, x):
        """p(x) = sum_k c_k x^k with real coefficients, in the algebra (Horner's rule)."""
        x = np.asarray(x, dtype=np.float64)
        out = np.zeros_like(x)
        for c in list(coefficients)[::-1]:
            out = self.multiply(out, x)
            out[..., 0] += c
        return out

    # ------------------------------------------------------------------ encodings
    def from_complex(self, Z):
        """Components of complex numbers: x + iy -> (x, y, 0, ...) (needs m >= 2)."""
        Z = np.asarray(Z)
        if self.dim < 2:
            raise ValueError(f"The {self.name} algebra (dimension 1) cannot hold complex numbers.")
        out = np.zeros(Z.shape + (self.dim,))
        out[..., 0] = Z.real
        out[..., 1] = Z.imag
        return out

    def _check_last(self, x):
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(
                f"{self.name} numbers need a last axis of length {self.dim}; got shape {x.shape}."
            )


def _presets():
    out = {}
    out["real"] = HypercomplexAlgebra("real", np.ones((1, 1, 1)), basis=("1",),
                                      description="the real numbers")
    out["complex"] = HypercomplexAlgebra.from_rules(
        "complex", ("1", "i"), {("i", "i"): (-1.0, "1")}, "i^2 = -1")
    out["hyperbolic"] = HypercomplexAlgebra.from_rules(
        "hyperbolic", ("1", "j"), {("j", "j"): (1.0, "1")}, "split-complex numbers, j^2 = +1")
    out["dual"] = HypercomplexAlgebra.from_rules(
        "dual", ("1", "eps"), {("eps", "eps"): (0.0, None)}, "dual numbers, eps^2 = 0")
    out["quaternion"] = HypercomplexAlgebra.from_rules(
        "quaternion", ("1", "i", "j", "k"),
        {("i", "i"): (-1.0, "1"), ("j", "j"): (-1.0, "1"), ("k", "k"): (-1.0, "1"),
         ("i", "j"): (1.0, "k"), ("j", "i"): (-1.0, "k"),
         ("j", "k"): (1.0, "i"), ("k", "j"): (-1.0, "i"),
         ("k", "i"): (1.0, "j"), ("i", "k"): (-1.0, "j")},
        "Hamilton quaternions, i^2 = j^2 = k^2 = ijk = -1")
    out["commutative_quaternion"] = HypercomplexAlgebra.from_rules(
        "commutative_quaternion", ("1", "i", "j", "k"),
        {("i", "i"): (-1.0, "1"), ("j", "j"): (1.0, "1"), ("k", "k"): (-1.0, "1"),
         ("i", "j"): (1.0, "k"), ("j", "i"): (1.0, "k"),
         ("j", "k"): (1.0, "i"), ("k", "j"): (1.0, "i"),
         ("k", "i"): (-1.0, "j"), ("i", "k"): (-1.0, "j")},
        "Segre's commutative quaternions, i^2 = k^2 = -1, j^2 = +1, ij = ji = k")
    return out


#: The preset algebras by name.
ALGEBRAS = _presets()


@validate_params(
    {
        "algebra": [str, HypercomplexAlgebra],
    },
    prefer_skip_nested_validation=True,
)
def get_algebra(algebra):
    """Return a preset :class:`HypercomplexAlgebra` by name (or pass one through).

    Parameters
    ----------
    algebra : str or HypercomplexAlgebra
        One of ``ALGEBRAS`` ("real", "complex", "hyperbolic", "dual",
        "quaternion", "commutative_quaternion") or an algebra object.

    Returns
    -------
    HypercomplexAlgebra

    Examples
    --------
    >>> from sknnmath.hypercomplex import get_algebra
    >>> get_algebra("dual").dim
    2
    """
    if isinstance(algebra, HypercomplexAlgebra):
        return algebra
    if algebra not in ALGEBRAS:
        raise ValueError(f"Unknown algebra {algebra!r}; expected one of {sorted(ALGEBRAS)} "
                         "or a HypercomplexAlgebra.")
    return ALGEBRAS[algebra]
