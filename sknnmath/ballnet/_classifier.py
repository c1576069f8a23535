"""BallNetClassifier: document 000's polytope network as a scikit-learn classifier."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from .._backend import as_tensor, resolve_device, to_numpy
from .._engine import SOLVERS, train
from ..callbacks import RestoreBestState, set_callback_attributes
from ..base import (
    SknnEstimator,
    TorchEstimatorMixin,
    device_constraint,
    encode_classes,
    validate_X,
    validate_X_y,
)
from ._module import BallNetModule, CalibratedBallNet, depth_from_facets
from ._theory import facet_offsets, layer_widths, minimum_enclosing_ball, relu, sphere_points

__all__ = ["BallNetClassifier", "polytope_combination"]


def _bce_on_probability(eps=1e-6):
    """Binary cross-entropy on the clipped output f = min(1, beta z) in [0, 1]."""

    def loss(f, y):
        f = f.clamp(eps, 1 - eps)
        y = y.to(f.dtype)
        return -(y * torch.log(f) + (1 - y) * torch.log1p(-f)).mean()

    return loss


# squared distances (minimum enclosing ball, facet offsets) must stay finite in float64
_MAX_ABS_X = 1e150


def _check_scale(X):
    """Refuse inputs whose squared distances overflow float64, with a clear message."""
    big = float(np.max(np.abs(X))) if X.size else 0.0
    if big * np.sqrt(X.shape[1]) > _MAX_ABS_X:
        raise ValueError(f"BallNetClassifier: X has entries of magnitude up to {big:.3g}; the "
                         f"polytope construction needs squared distances in float64 "
                         f"(|x| * sqrt(n_features) <= {_MAX_ABS_X:.0e}). Rescale X, e.g. with "
                         "sklearn.preprocessing.StandardScaler.")


class BallNetClassifier(ClassifierMixin, TorchEstimatorMixin, SknnEstimator):
    """The explicit deep ReLU network of document 000 §3, whose positive region is a convex polytope.

    The network has depth ``2n + 1``. Layer 1 has ``m = 2**n`` ReLU units
    ``z_j = h(w_j . x + b_j)``; each even layer maps every pair ``(a, b)`` of the
    previous layer to ``h(a/2 + b/2), h(a/2 - b/2), h(-a/2 + b/2)``, and each odd
    layer forms ``z_{3J-2} - z_{3J-1} - z_{3J}``. Because all pair inputs are ReLU
    outputs (non-negative), each pair block is ``min(a, b)``. The network output is
    therefore ``z(x) = min_j h(w_j . x + b_j)``, and the predicted positive region
    ``Omega_N = {x : z(x) > 0}`` is the intersection of ``m`` half-spaces (Theorem 3.1:
    Omega_N is convex). The fixed ±1/2 and ±1 layers are buffers. Only the first
    layer ``(w, b)`` and a scalar output calibration ``beta`` are trained, using the
    sknnmath engine.

    **Initialisation (why "circumscribed").** Only the facet attaining the minimum
    receives a gradient. A point outside Omega_N has ``z = 0`` and gives no
    gradient at all (the ReLU dead zone). So positive points that the initial
    polytope cuts off are never recovered. If instead the polytope contains the
    whole data box, the first facets that move in win the arg-min for almost
    every negative point, the other facets never move, and accuracy collapses to
    about 93 % (reference notes §7.5; the ``ballnet-polytope`` reproduction measures
    it). With the default ``margin`` the start is even worse: the clipped output is
    saturated, so nothing moves at all. The default therefore starts from the
    polytope circumscribed about the ball fitted to the positive class: unit
    normals spread over S^(d-1) (evenly spaced in 2-D, quasi-uniform for d >= 3)
    and every facet tangent to the sphere of radius ``radius`` about ``center``.
    This start contains almost every positive point and is only
    ``pi^3 r^2 / (3 m^2)`` too large in area (2-D). Training then makes small
    corrections. Its untrained accuracy on document 000's data is already 0.995
    at n = 4.

    Parameters
    ----------
    depth : int, default=4
        n; the first layer has ``2**n`` units (the number of facets) and the
        network has ``2n + 1`` layers.
    n_facets : int or None, default=None
        Alternative to ``depth``: the number of facets ``2**n`` (a power of two,
        at most ``2**20``, the same limit as ``depth``). Overrides ``depth`` when given.
    init : {"circumscribed", "inscribed", "area_matched", "random"}, default="circumscribed"
        Initial polytope, relative to the sphere of radius ``radius`` about ``center``.
        ``"circumscribed"``: facets tangent to the sphere. ``"inscribed"``: the same
        normals scaled so that every vertex is on or inside the sphere (regular
        m-gon in 2-D). ``"area_matched"``: the same normals with volume equal to
        the ball's. ``"random"``: uniform random normals, offsets ``r U(0.5, 1.5)``.
        Inscribed and area-matched need the polytope's vertices, which get
        expensive for d >= 6 with many facets.
    center : "auto" or array-like of shape (n_features,), default="auto"
        Centre of the initial polytope; ``"auto"`` is the centre of the minimum
        enclosing ball of the positive class (``pos_label_``), see
        :func:`~sknnmath.ballnet.minimum_enclosing_ball`.
    radius : "auto" or float, default="auto"
        Radius of the initial sphere; ``"auto"`` is the largest distance from
        ``center`` to a positive training point (the enclosing ball's radius). A radius so large that the
        polytope contains all the data reproduces the collapse described above.
    loss : {"squared_error", "binary_cross_entropy"}, default="squared_error"
        Loss on the calibrated output ``f = min(1, beta z)`` (two more ReLU units,
        ``h(beta z) - h(beta z - 1)``) against the 0/1 targets. ``"squared_error"``
        is the documents' loss, the mean of ``(f - y)^2 / 2``. The other option is
        the cross-entropy of ``f`` read as a probability.
    solver : {"sgd", "momentum", "rmsprop", "adam"}, default="adam"
        Optimiser of the engine.
    learning_rate : float, default=0.01
        Step size.
    max_iter : int, default=300
        Epochs; ``0`` means construction only (the untrained geometric network).
    batch_size : "full" or int, default="full"
        Full-batch gradient descent (the documents' setting) or mini-batches.
    margin : float, default=0.05
        Initial calibration width relative to the radius, ``beta_0 = 1 / (margin r)``.
        Positive points with ``z >= 1/beta`` are fitted exactly.
    random_state : int, RandomState instance or None, default=None
        Seeds the quasi-uniform normals for d >= 4, the ``"random"`` init and
        mini-batch shuffling.
    device : {"auto", "cpu", "cuda", "cuda:N"}, default="auto"
        Where to train and predict.
    restore_best : bool, default=True
        Hold out ``validation_fraction`` of the data, train on the rest, and end with the
        state (the construction included, see
        :class:`~sknnmath.callbacks.RestoreBestState`) of the best held-out accuracy. A
        trained state must beat the construction by more than three held-out points (the
        sampling noise of the hold-out), otherwise the construction is kept. So training
        never ends with a lower held-out accuracy than the untrained construction. With
        2^4 or more facets in 2-D the construction's error (area excess
        ``pi^3 r^2 / (3 m^2)``) is below what 2000 points resolve: each facet's ramp then
        sees a handful of points, and plain training (``restore_best=False``) ends worse
        than the construction (``ballnet-polytope`` measures both).
    validation_fraction : float, default=0.1
        Fraction held out when ``restore_best`` (and ``max_iter > 0``).
    callbacks : list of skorch callbacks or None, default=None
        Passed to the training engine.
    verbose : int, default=0
        Print the engine's epoch table.
    pos_label : int, float, bool, str or None, default=None
        The class modelled as the inside of the polytope (the "positive" class).
        ``None`` follows scikit-learn's binary convention: the larger of the two
        sorted labels, ``classes_[1]`` (1 for {0, 1}, True for {False, True}, but
        "out" for {"in", "out"}, so give ``pos_label="in"`` there). The inside
        class is stored in ``pos_label_``.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        Class labels, sorted (``predict_proba`` columns follow this order).
    pos_label_ : int, float, bool or str
        The class modelled as inside the polytope (``pos_label``, or ``classes_[1]``).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Input column names, when X had string column names.
    depth_ : int
        n.
    n_facets_ : int
        ``2**n``, the first-layer width.
    n_layers_ : int
        ``2n + 1``.
    layer_widths_ : list of int
        ``[2^n, 3 2^(n-1), 2^(n-1), ..., 3, 1]``.
    center_ : ndarray of shape (n_features,)
        Centre used for the initialisation.
    radius_ : float
        Radius used for the initialisation.
    weights_ : ndarray of shape (2**n, n_features)
        First-layer weights ``w_j``.
    biases_ : ndarray of shape (2**n,)
        First-layer biases ``b_j``.
    facet_normals_ : ndarray of shape (2**n, n_features)
        Unit outward normals ``u_j = -w_j / |w_j|``.
    facet_offsets_ : ndarray of shape (2**n,)
        ``c_j = b_j / |w_j|``. The decision region is ``{x : u_j . x < c_j for all j}``.
    beta_ : float
        Output calibration slope.
    proba_levels_ : tuple of float
        ``(p_out, p_in)``, the frequencies of the positive class outside the
        polytope and inside it on the training data (Laplace-smoothed; clipped to
        at most 1/2 outside and more than 1/2 inside). See :meth:`predict_proba`.
    module_state_ : dict of str to torch.Tensor
        CPU state dict of the network (device-independent pickles).
    loss_curve_ : list of float
        Training loss per epoch (empty when ``max_iter=0``).
    n_iter_ : int
        Epochs run.
    best_epoch_ : int
        With ``restore_best``: the epoch whose state was kept (0 = the construction).
    validation_scores_ : list of float
        With ``restore_best``: held-out accuracy of the construction (index 0) and after
        each epoch.
    device_ : str
        The device used in ``fit``.

    See Also
    --------
    sknnmath.ballnet.min_relu : The closed form ``min_j h(w_j . x + b_j)`` of the output.
    sknnmath.neural_network.MLPClassifier : A generic ReLU network.

    References
    ----------
    .. [1] R. Kawasumi and T. Yoneda, "Implementation and mathematical analysis
       of the dynamics of deep neural networks" (Japanese), document 000,
       §3 (the network, Theorem 3.1) and §4 (its derivative).
    .. [2] R. Kawasumi and T. Yoneda, "Pointwise convergence of Fourier series
       and deep neural network for the indicator function of d-dimensional
       ball", arXiv:2304.08172.

    Examples
    --------
    >>> from sknnmath.datasets import make_ball
    >>> from sknnmath.ballnet import BallNetClassifier
    >>> X, y = make_ball(2000, random_state=0)
    >>> clf = BallNetClassifier(depth=4, max_iter=0, device="cpu").fit(X, y)
    >>> clf.n_layers_, clf.layer_widths_[:3]
    (9, [16, 24, 8])
    >>> clf.score(X, y) > 0.98
    True
    """

    _parameter_constraints = {
        "depth": [Interval(Integral, 1, 20, closed="both")],
        # the same 2**20 limit as depth: the first layer alone is 2**n x d float64 values
        "n_facets": [Interval(Integral, 1, 2**20, closed="both"), None],
        "pos_label": [Real, str, "boolean", None],
        "init": [StrOptions({"circumscribed", "inscribed", "area_matched", "random"})],
        "center": [StrOptions({"auto"}), "array-like"],
        "radius": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "loss": [StrOptions({"squared_error", "binary_cross_entropy"})],
        "solver": [StrOptions(set(SOLVERS))],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "batch_size": [StrOptions({"full"}), Interval(Integral, 1, None, closed="left")],
        "margin": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
        "device": device_constraint(),
        "restore_best": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "callbacks": [list, None],
        "verbose": ["verbose"],
    }
    _sknnmath_test_params = {"depth": 3, "max_iter": 15, "learning_rate": 0.02, "device": "cpu",
                             "random_state": 0}
    _sknnmath_width_params = ("depth", "n_facets")

    def __init__(self, depth=4, n_facets=None, init="circumscribed", center="auto",
                 radius="auto", loss="squared_error", solver="adam", learning_rate=0.01,
                 max_iter=300, batch_size="full", margin=0.05, random_state=None,
                 device="auto", restore_best=True, validation_fraction=0.1, callbacks=None,
                 verbose=0, pos_label=None):
        self.depth = depth
        self.n_facets = n_facets
        self.pos_label = pos_label
        self.init = init
        self.center = center
        self.radius = radius
        self.loss = loss
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.margin = margin
        self.random_state = random_state
        self.device = device
        self.restore_best = restore_best
        self.validation_fraction = validation_fraction
        self.callbacks = callbacks
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    # ------------------------------------------------------------------ construction
    def _initial_polytope(self, X, y_enc, seed):
        d = X.shape[1]
        pos = X[y_enc == 1]
        meb_c, meb_r = minimum_enclosing_ball(pos)
        if isinstance(self.center, str):
            center = meb_c
        else:
            center = np.asarray(self.center, dtype=np.float64).reshape(-1)
            if center.shape != (d,) or not np.all(np.isfinite(center)):
                raise ValueError(f"center must be 'auto' or a finite array of shape ({d},); "
                                 f"got shape {center.shape}.")
        if isinstance(self.radius, str):
            radius = float(np.linalg.norm(pos - center, axis=1).max())
            if radius <= 0:  # a single positive point: fall back to the data scale
                radius = float(np.linalg.norm(X - center, axis=1).max()) or 1.0
        else:
            radius = float(self.radius)
        m = 2**self.depth_
        if self.init == "random":
            rng = np.random.RandomState(seed)
            U = rng.standard_normal((m, d))
            U /= np.linalg.norm(U, axis=1, keepdims=True)
            c = facet_offsets(U, radius, "random", random_state=rng)
        else:
            U = sphere_points(m, d, random_state=seed)
            c = facet_offsets(U, radius, self.init)
        # half-space u.(x - center) < c  <=>  w.x + b > 0 with w = -u, b = c + u.center
        return center, radius, -U, c + U @ center

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Build the polytope network and train it (``max_iter > 0``) on X, y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Binary labels; ``pos_label_`` is modelled as the inside.

        Returns
        -------
        self : BallNetClassifier
            The fitted estimator.
        """
        X, y = validate_X_y(self, X, y, dtype=(np.float64,))
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        if y_type == "multiclass":
            raise ValueError("Only binary classification is supported (the positive class is the "
                             f"inside of one polytope). The type of the target is {y_type}.")
        y_enc = encode_classes(self, y)
        if self.pos_label is None:
            self.pos_label_ = self.classes_[1]
        else:
            hits = np.flatnonzero(self.classes_ == self.pos_label)
            if hits.size != 1:
                raise ValueError(f"pos_label={self.pos_label!r} is not one of the classes "
                                 f"{self.classes_.tolist()}.")
            self.pos_label_ = self.classes_[hits[0]]
            y_enc = (y_enc == hits[0]).astype(np.int64)
        self._pos_index = int(np.flatnonzero(self.classes_ == self.pos_label_)[0])
        _check_scale(X)
        self.depth_ = depth_from_facets(self.n_facets) if self.n_facets is not None else int(self.depth)
        be = self._resolve_backend(dtype=torch.float64)
        seed = int(torch.randint(0, 2**31 - 1, (1,), generator=be.generator))
        center, radius, W, b = self._initial_polytope(X, y_enc, seed)
        self.center_, self.radius_ = center, radius

        net = self._build_module(torch.float64, be.device, be.generator)
        beta0 = 1.0 / (self.margin * radius)
        if not (np.isfinite(radius) and radius > 0 and np.isfinite(beta0) and beta0 > 0):
            raise ValueError(f"BallNetClassifier: the initial radius {radius!r} and margin "
                             f"{self.margin!r} give the calibration slope 1/(margin*radius)="
                             f"{beta0!r}, which is not a positive finite float64; rescale X "
                             "(e.g. with StandardScaler) or pass radius=.")
        with torch.no_grad():
            net.weight.copy_(as_tensor(W, be.device))
            # the loss's decision level is f = beta z = 1/2: put that level on the initial
            # polytope, and fold it back into the biases after training (below)
            net.bias.copy_(as_tensor(b + 0.5 / beta0, be.device))
            net.log_beta.fill_(float(np.log(beta0)))
        Xt = as_tensor(X, be.device)
        yt = as_tensor(y_enc, be.device)
        if self.max_iter > 0:
            loss = "squared_error" if self.loss == "squared_error" else _bce_on_probability()
            Xfit, yfit, callbacks = Xt, yt, list(self.callbacks or [])
            n = Xt.shape[0]
            n_val = int(np.ceil(self.validation_fraction * n))
            if self.restore_best and n - n_val >= 1:
                perm = torch.randperm(n, generator=be.generator).to(Xt.device)
                Xval, yval = Xt[perm[:n_val]], yt[perm[:n_val]]
                Xfit, yfit = Xt[perm[n_val:]], yt[perm[n_val:]]

                def heldout_accuracy(module):
                    # the decision level of the calibrated output min(1, beta z) is 1/2
                    inside = module(Xval).reshape(-1) > 0.5
                    return float((inside == (yval == 1)).double().mean())

                # a trained state must beat the construction by more than 3 held-out
                # points: at the construction's ~1 % error two points are the sampling
                # noise of a 200-point hold-out, and a 0.3 % test gain cannot be seen
                callbacks.append(("sknnmath_restore_best",
                                  RestoreBestState(heldout_accuracy, min_delta=3.0 / n_val)))
            res = train(CalibratedBallNet(net), Xfit, yfit, loss=loss, solver=self.solver,
                        learning_rate=self.learning_rate, max_iter=self.max_iter,
                        batch_size=self.batch_size, generator=be.generator,
                        callbacks=callbacks, verbose=self.verbose)
            self.loss_curve_, self.n_iter_ = res.loss_curve, res.n_iter
            set_callback_attributes(self, callbacks)
        else:
            self.loss_curve_, self.n_iter_ = [], 0
        with torch.no_grad():
            # {beta z > 1/2} = {min_j (w_j.x + b_j - 1/(2 beta)) > 0}: the same network with
            # shifted biases, whose own Omega_N = {z > 0} is the trained decision region
            net.bias.sub_(0.5 * torch.exp(-net.log_beta))
        self._store(net)
        # the trained network on the training device, in working-memory chunks
        inside = self._predict_in_chunks(net, X, device=be.device) > 0
        n_in, n_out = inside.sum(), (~inside).sum()
        p_in = (y_enc[inside].sum() + 1.0) / (n_in + 2.0)
        p_out = (y_enc[~inside].sum() + 1.0) / (n_out + 2.0)
        self.proba_levels_ = (float(min(p_out, 0.5)), float(max(p_in, 0.501)))
        return self

    def _store(self, net):
        self._store_module(net)
        W = to_numpy(net.weight).astype(np.float64)
        b = to_numpy(net.bias).astype(np.float64)
        norms = np.maximum(np.linalg.norm(W, axis=1), np.finfo(np.float64).tiny)
        self.weights_, self.biases_ = W, b
        self.facet_normals_ = -W / norms[:, None]
        self.facet_offsets_ = b / norms
        self.beta_ = float(np.exp(to_numpy(net.log_beta)))
        self.n_facets_ = 2**self.depth_
        self.n_layers_ = 2 * self.depth_ + 1
        self.layer_widths_ = layer_widths(self.depth_)

    # ------------------------------------------------------------------ skeleton hooks
    def _build_module(self, dtype, device, generator):
        # the weights come from the polytope construction (fit), not from a random init,
        # so ``generator`` is not drawn from here
        return BallNetModule(self.n_features_in_, self.depth_, dtype=dtype).to(device)

    def _inference_row_bytes(self):
        # float64: the input row, the 2**n first-layer units and the next pair layer
        # (at most 3 * 2**(n-1) units on the literal path)
        return 8 * (self.n_features_in_ + 3 * 2**self.depth_)

    # ------------------------------------------------------------------ inference
    def module(self, device=None):
        """Rebuild the fitted :class:`BallNetModule` (float64) on ``device``.

        Parameters
        ----------
        device : {"auto", "cpu", "cuda", "cuda:N"}, torch.device or None, default=None
            ``None``: the fitted device when available, else the CPU.

        Returns
        -------
        BallNetModule
            The network in evaluation mode.
        """
        check_is_fitted(self)
        net = self._inference_module()
        return net if device is None else net.to(resolve_device(device))

    def decision_function(self, X):
        """The network output ``z^{2n+1}(x) = min_j h(w_j . x + b_j)`` (>= 0).

        Evaluated in row chunks within scikit-learn's ``working_memory``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        z : ndarray of shape (n_samples,)
            Positive exactly on the polytope Omega_N (predicted as ``pos_label_``),
            zero outside. scikit-learn's scorers read larger values as ``classes_[1]``;
            with ``pos_label=classes_[0]`` score with ``predict_proba`` instead.
        """
        check_is_fitted(self)
        X = validate_X(self, X, dtype=(np.float64,))
        return self._predict_in_chunks(self._inference_module(), X)

    def predict(self, X):
        """``pos_label_`` on Omega_N = {z > 0}, else the other class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        z = self.decision_function(X)
        inside = (z > 0).astype(int)
        return self.classes_[inside if self._inside_index() == 1 else 1 - inside]

    def _inside_index(self):
        # fitted models pickled before pos_label existed modelled classes_[1]
        return getattr(self, "_pos_index", 1)

    def predict_proba(self, X):
        """A calibrated, monotone map of the network output.

        ``p_1 = p_out`` where ``z = 0`` (outside Omega_N). Inside Omega_N,
        ``p_1 = 1/2 + (p_in - 1/2) beta z / (1 + beta z)``, which rises strictly from
        1/2 towards ``p_in``. The levels ``(p_out, p_in) = proba_levels_`` are the
        positive-class frequencies outside and inside the polytope on the
        training data. The map is non-decreasing in ``z``, so ``argmax`` agrees
        with :meth:`predict`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, 2)
        """
        z = self.decision_function(X)
        p_out, p_in = self.proba_levels_
        s = self.beta_ * z
        p1 = 0.5 + (p_in - 0.5) * s / (1.0 + s)
        p1 = np.where(z > 0, np.maximum(p1, np.nextafter(0.5, 1.0)), p_out)
        cols = [1.0 - p1, p1] if self._inside_index() == 1 else [p1, 1.0 - p1]
        return np.stack(cols, axis=1)


@validate_params(
    {
        "estimators": [list],
        "X": ["array-like"],
        "signs": ["array-like", None],
        "sharpness": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def polytope_combination(estimators, X, signs=None, *, sharpness=1000.0):
    """Sums and differences of BallNets: non-convex regions from convex polytope networks.

    Document 000 (Kawasumi & Yoneda), §3, remarks that networks for mixed convex/concave
    regions are hard to build as one composition, but that sums and differences of its
    polytope networks should give them easily. This is that construction, itself a
    ReLU network: each fitted BallNet output ``z_i = min_j h(w_j . x + b_j)`` is
    clipped to an indicator ``iota_i = h(K z_i) - h(K z_i - 1)`` (exact off a band of
    width ``1/K`` inside the facets), the indicators are added with ``signs``
    (a linear layer), and the sum is clipped again, ``h(S) - h(S - 1)``. With nested
    polytopes and signs ``(+1, -1)`` this is the indicator of the difference (an
    annulus-like region); with signs ``(+1, +1)`` it is the indicator of the union.
    The region is ``{value > 1/2}``.

    Parameters
    ----------
    estimators : list of fitted BallNetClassifier
        The convex pieces (same number of features).
    X : array-like of shape (n_samples, n_features)
        Points.
    signs : array-like of shape (len(estimators),) or None, default=None
        +1 or -1 per piece; ``None`` means all +1 (union).
    sharpness : float, default=1000.0
        ``K``: the clip's slope; the ramp lies within ``1/K`` of the facets, measured
        in units of the network output (distance times ``|w_j|``).

    Returns
    -------
    values : ndarray of shape (n_samples,)
        In ``[0, 1]``; 1 on the combined region away from the facets.

    See Also
    --------
    BallNetClassifier

    References
    ----------
    Document 000 (Kawasumi & Yoneda), §3 (the remark after Theorem 3.1).

    Examples
    --------
    >>> import numpy as np
    >>> from sknnmath.ballnet import BallNetClassifier, polytope_combination
    >>> from sknnmath.datasets import make_ball
    >>> X, y = make_ball(500, random_state=0)
    >>> outer = BallNetClassifier(depth=6, max_iter=0, center=[0, 0], radius=1.0,
    ...                           init="area_matched", device="cpu").fit(X, y)
    >>> inner = BallNetClassifier(depth=6, max_iter=0, center=[0, 0], radius=0.5,
    ...                           init="area_matched", device="cpu").fit(X, y)
    >>> pts = np.array([[0.0, 0.0], [0.75, 0.0], [1.2, 0.0]])   # hole, ring, outside
    >>> polytope_combination([outer, inner], pts, signs=[1, -1]).tolist()
    [0.0, 1.0, 0.0]
    """
    if len(estimators) == 0:
        raise ValueError("estimators must contain at least one fitted BallNetClassifier.")
    for est in estimators:
        if not isinstance(est, BallNetClassifier):
            raise TypeError(f"estimators must be BallNetClassifier instances; got {type(est)}.")
        check_is_fitted(est)
    s = np.ones(len(estimators)) if signs is None else np.asarray(signs, dtype=np.float64)
    if s.shape != (len(estimators),) or not np.all(np.isin(s, (-1.0, 1.0))):
        raise ValueError(f"signs must hold one +1 or -1 per estimator; got {signs!r}.")
    h = relu
    total = 0.0
    for sign, est in zip(s, estimators):
        z = sharpness * est.decision_function(X)
        total = total + sign * (h(z) - h(z - 1.0))
    return h(total) - h(total - 1.0)
