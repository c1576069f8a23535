"""``@validate_params`` on the public theory functions (imbalanced-learn's
test_public_functions; issue 11 item 8): each is fed a wrong type and a wrong value and
must answer with sklearn's InvalidParameterError naming the parameter.

A wrong value of ``None`` means the parameter has no wrong value of the right type that
the constraint can see (an array-like, a boolean, a callable, or an activation name whose
registry is checked by the function itself)."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import InvalidParameterError

from sknnmath import (
    approximation,
    ballnet,
    datasets,
    fourier,
    hypercomplex,
    neural_network,
    overparam,
    ridgelet,
    singularities,
    transport,
)


def _fitted(cls, X, y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return cls(max_iter=2, device="cpu", random_state=0, **params).fit(X, y)


# small fitted networks the singularity, diagnostic and 40-20-40 functions take
_X1 = np.linspace(-3, 3, 61)[:, None]
_TX, _TY = singularities.make_teacher_task(8, 2, (3,), random_state=0)
_NET = singularities.set_network_weights(
    _fitted(neural_network.MLPRegressor, _X1, _X1[:, 0], hidden_layer_sizes=(1,), activation="tanh"),
    [np.array([[1.3]]), np.array([[0.8]])], [np.array([0.2]), np.array([0.1])])
_NET2 = _fitted(neural_network.MLPRegressor, _X1, _X1[:, 0], hidden_layer_sizes=(2,), activation="tanh")
_Z = np.exp(1j * np.linspace(0, 3, 12))[:, None]
_CMLP = _fitted(hypercomplex.ComplexMLPClassifier, _Z, np.arange(12) % 2, hidden_layer_sizes=(2,))
_W1, _W2 = np.ones((3, 2)), np.ones((1, 3))
_SPIRAL = hypercomplex.spiral_models((2,))[0]

# (function, valid kwargs, parameter to break, wrong type, wrong value)
CASES = [
    (ballnet.layer_widths, {"depth": 3}, "depth", "3", -1),
    (ballnet.sphere_points, {"m": 8, "d": 2}, "m", 8.5, 0),
    (ballnet.sphere_points, {"m": 8, "d": 2}, "d", "2", -1),
    (ballnet.ball_volume, {"d": 3}, "r", "1", -1.0),
    (ballnet.polygon_area, {"m": 8}, "kind", 3, "square"),
    (ballnet.polygon_area_excess, {"m": 8}, "r", "1", 0.0),
    (ballnet.polygon_area_excess_asymptotic, {"m": 8}, "kind", 1.0, "area_matched"),
    (ballnet.expected_polygon_accuracy, {"m": 8}, "half_width", "1.5", -1.0),
    (ballnet.critical_facets, {"delta": 0.1}, "r", "1", -1.0),
    (ballnet.circumscribed_miss_rate, {"m": 8, "delta": 0.1}, "r", "1", 0.0),
    (ballnet.minimum_enclosing_ball, {"P": np.zeros((3, 2))}, "P", "points", None),
    # fourier (document 000, Kawasumi & Yoneda)
    (fourier.ball_fourier_coefficient, {"k": [0, 0]}, "radius", "0.5", -1.0),
    (fourier.ball_fourier_coefficient, {"k": [0, 0]}, "half_width", "1", np.inf),
    (fourier.shell_counts, {"n_shells": 4, "n_dims": 2}, "n_dims", 2.0, 0),
    (fourier.lattice_count, {"n_frequencies": 3, "n_dims": 2}, "truncation", 1, "square"),
    (fourier.lattice_count, {"n_frequencies": 3, "n_dims": 2}, "n_frequencies", 3.5, -1),
    (fourier.max_frequencies, {"n_dims": 2, "max_terms": 100}, "max_terms", 100.5, 0),
    (fourier.fourier_frequencies, {"n_frequencies": 2, "n_dims": 2}, "n_frequencies", 2.5, -1),
    (fourier.ball_partial_sum, {"x": [0.1, 0.0], "n_frequencies": 4}, "method", 1, "fft"),
    (fourier.ball_partial_sum, {"x": [0.1, 0.0], "n_frequencies": 4}, "radius", "0.5", 0.0),
    (fourier.gibbs_overshoot, {"n_frequencies": 8, "n_dims": 1, "n_grid": 20}, "n_frequencies",
     "8", 1),
    (fourier.pointwise_growth_exponent, {"n_dims": 5}, "point", 1, "boundary"),
    # ridgelet (document 001, Sonoda)
    (ridgelet.ridgelet_function, {"activation": "relu"}, "activation", 1, "sigmoid"),
    (ridgelet.ridgelet_function, {"activation": "relu"}, "order", 1.0, -1),
    (ridgelet.activation_fourier, {"activation": "relu", "omega": [1.0]}, "activation", 3, "elu"),
    (ridgelet.admissibility_constant,
     {"activation": "gaussian", "rho": ridgelet.ridgelet_function("gaussian", 1, 0)}, "n_dims",
     "1", 0),
    (ridgelet.admissibility_constant,
     {"activation": "gaussian", "rho": ridgelet.ridgelet_function("gaussian", 1, 0)}, "rho",
     3.0, None),
    (ridgelet.lowpass_factor, {"order": 1}, "a_max", "30", 0.0),
    (ridgelet.torch_activation, {"activation": "tanh"}, "activation", 1, "sigmoid"),
    (ridgelet.quadrature_weights, {"X": np.linspace(-1, 1, 5)[:, None]}, "weights", 1j, "riemann"),
    (ridgelet.ridgelet_transform,
     {"X": np.linspace(-1, 1, 11)[:, None], "y": np.linspace(-1, 1, 11) ** 2, "a": [1.0, 2.0],
      "b": [0.0], "method": "exact"}, "method", 1, "fast"),
    (ridgelet.ridgelet_transform,
     {"X": np.linspace(-1, 1, 11)[:, None], "y": np.linspace(-1, 1, 11) ** 2, "a": [1.0, 2.0],
      "b": [0.0], "method": "exact"}, "dtype", 64, "float16"),
    (ridgelet.ridgelet_reconstruction,
     {"gamma": [1.0, -1.0], "a": [1.0, 1.0], "b": [0.0, 1.0], "activation": "relu",
      "X": [[2.0]]}, "max_memory", "1e9", 0),
    # transport (document 001, Sonoda)
    (transport.gaussian_dae_map, {"mean": [0.0], "cov": [[1.0]], "noise_variance": 0.1},
     "noise_variance", "0.1", 0.0),
    (transport.gaussian_dae_pushforward, {"cov": [[1.0]], "noise_variance": 0.3}, "noisy_input",
     "yes", None),
    (transport.gaussian_dae_pushforward, {"cov": [[1.0]], "noise_variance": 0.3},
     "noise_variance", "0.3", -1.0),
    (transport.composed_dae_covariances, {"cov_diag": [1.0], "noise_variance": 0.3, "n_steps": 2},
     "n_steps", 2.5, 0),
    (transport.gaussian_entropy, {"cov": [[1.0]]}, "cov", "cov", None),
    (transport.entropy_gradient_flow, {"cov": [1.0], "times": [0.0, 1.0]}, "times", "1", -1.0),
    (transport.tweedie_denoiser, {"score_fn": np.negative, "noise_variance": 0.5}, "score_fn", 3.0,
     None),
    (transport.tweedie_denoiser, {"score_fn": np.negative, "noise_variance": 0.5},
     "noise_variance", "0.5", -0.5),
    (transport.gaussian_mixture_score,
     {"X": [[2.0]], "weights": [1.0], "means": [[0.0]], "covariances": [[[4.0]]]},
     "noise_variance", "0", -1.0),
    (transport.knn_entropy, {"X": np.arange(20.0)[:, None]}, "n_neighbors", 3.5, 0),
    # overparam (document 004, Imaizumi)
    (overparam.minnorm_risk_isotropic, {"gamma": 2.0}, "gamma", "2", -1.0),
    (overparam.minnorm_risk_finite_n, {"n_samples": 100, "n_features": 200}, "n_samples", 100.5, 0),
    (overparam.marchenko_pastur_density, {"s": 1.0, "gamma": 0.5}, "gamma", "0.5", 0.0),
    (overparam.marchenko_pastur_stieltjes, {"z": -1.0, "gamma": 2.0}, "gamma", "2", -2.0),
    (overparam.marchenko_pastur_integral, {"func": np.ones_like, "gamma": 2.0}, "gamma", "2", 0.0),
    (overparam.marchenko_pastur_integral, {"func": np.ones_like, "gamma": 2.0}, "n_nodes", 4.5, 1),
    (overparam.marchenko_pastur_cdf, {"s": 1.0, "gamma": 0.5}, "gamma", "0.5", -1.0),
    (overparam.marchenko_pastur_ks_distance, {"eigenvalues": [1.0, 2.0], "gamma": 0.5}, "gamma",
     "0.5", 0.0),
    (overparam.ridge_risk_isotropic, {"gamma": 2.0, "lam": 1.0}, "lam", "1", 0.0),
    (overparam.optimal_ridge_isotropic, {"gamma": 0.5}, "signal", "1", 0.0),
    (overparam.minnorm_risk_general, {"gamma": 2.0, "eigenvalues": [1.0] * 4}, "noise", "1", -1.0),
    (overparam.latent_space_risk, {"gamma": 1.5, "psi": 0.1}, "psi", "0.1", -0.1),
    (overparam.activation_constants, {"activation": "relu"}, "activation", 1.0, None),
    (overparam.mei_montanari_bias_variance, {"zeta": 1.0, "psi1": 0.5, "psi2": 1.0}, "lam_bar",
     "0", -1.0),
    (overparam.mei_montanari_risk, {"psi1": 9.0, "psi2": 3.0}, "noise", "0", -1.0),
    (overparam.effective_ranks, {"eigenvalues": [1.0] * 5, "k": 0}, "k", 0.5, -1),
    (overparam.critical_index, {"eigenvalues": [1.0] * 3, "n_samples": 2}, "b", "1", 0.0),
    (overparam.benign_overfitting_terms, {"eigenvalues": [1.0] * 3 + [0.01] * 50, "n_samples": 10},
     "n_samples", 10.5, 0),
    (overparam.minnorm_excess_risk,
     {"X": np.eye(2, 3), "eigenvalues": np.ones(3), "coef": [0.0, 0.0, 1.0]}, "noise", "1", -1.0),
    (overparam.covariance_spectrum, {"kind": "isotropic", "n_features": 3}, "kind", 1, "flat"),
    (overparam.make_spectrum_regression, {"n_samples": 3, "eigenvalues": [1.0, 0.5]}, "noise",
     "1", -1.0),
    (overparam.make_spiked_covariance, {"n_samples": 5, "n_features": 10}, "n_spikes", 1.5, -1),
    (overparam.make_sphere_teacher, {"n_samples": 3, "n_dim": 4}, "n_dim", "4", 0),
    # datasets
    (datasets.make_ball, {"n_samples": 10}, "radius", "1", -1.0),
    (datasets.make_sine_grid, {}, "step", "0.01", 0.0),
    (datasets.make_two_spirals, {}, "normalize", 1, "minmax"),
    (datasets.make_two_spirals, {}, "n_points_per_spiral", 97.0, 1),
    # approximation (documents 002 §II.C and 004)
    (approximation.sigmoid_step_approximant, {"f": np.sin, "x": [0.5], "n_steps": 4}, "n_steps",
     2.5, 0),
    (approximation.sigmoid_step_approximant, {"f": np.sin, "x": [0.5], "n_steps": 4}, "activation",
     1, "relu"),
    (approximation.piecewise_linear_interpolant, {"f": np.sin, "x": [0.5], "n_knots": 4}, "n_knots",
     "4", 1),
    (approximation.interpolation_error_bound, {"h": 0.1, "second_derivative_sup": 8.0},
     "second_derivative_sup", "8", -1.0),
    (approximation.sawtooth, {"x": [0.25]}, "s", 1.5, -1),
    (approximation.yarotsky_square, {"x": [0.25], "depth": 2}, "depth", "2", -1),
    (approximation.yarotsky_square_error, {"depth": 2}, "depth", 2.0, -1),
    (approximation.yarotsky_product, {"x": [0.5], "y": [0.5], "depth": 2}, "y", "0.5", None),
    (approximation.rate_exponent, {"beta": 2, "d": 1}, "d", 1.5, 0),
    (approximation.hypersurface_rate_exponents, {"beta": 2, "alpha": 2, "d": 2}, "d", "2", 1),
    (approximation.hypersurface_rate_exponents, {"beta": 2, "alpha": 2, "d": 2}, "alpha", "2", 0.0),
    (approximation.anthony_bartlett_bound, {"n_params": 1000, "depth": 2, "n_samples": 100},
     "n_samples", "100", 0),
    (approximation.park_minimum_width, {"d_x": 2, "d_y": 1}, "d_x", 2.5, 0),
    (approximation.fit_loglog_slope, {"x": [1.0, 2.0], "y": [1.0, 0.5]}, "x", 3.0, None),
    (approximation.hypersurface_target, {"X": np.zeros((2, 2))}, "shape", 1, "square"),
    (approximation.fit_batched_mlps,
     {"X": _X1[:8], "y": _X1[:8, 0], "hidden_layer_sizes": (2,), "n_models": 2, "max_iter": 1,
      "device": "cpu"}, "learning_rate", "0.1", 0.0),
    (approximation.fit_batched_mlps,
     {"X": _X1[:8], "y": _X1[:8, 0], "hidden_layer_sizes": (2,), "n_models": 2, "max_iter": 1,
      "device": "cpu"}, "batch_size", 2.5, "half"),
    (approximation.intrinsic_rate_exponent, {"beta": 2, "intrinsic_dim": 3}, "beta", "2", 0.0),
    (approximation.make_manifold_regression, {"n_samples": 5, "intrinsic_dim": 1, "ambient_dim": 10},
     "noise", "0.1", -1.0),
    # singularities (document 003, Nitta; Fukumizu & Amari)
    (singularities.init_symmetry, {"weights": [-1.0, 1.0]}, "weights", 3.0, None),
    (singularities.make_teacher_task, {"n_samples": 8, "n_features": 2, "hidden": (3,)}, "n_samples",
     "8", 1),
    (singularities.train_many_seeds, {"X": _TX, "y": _TY, "hidden_layer_sizes": (2,), "n_seeds": 2,
                                      "max_iter": 1}, "init", 1, "lecun"),
    (singularities.train_many_seeds, {"X": _TX, "y": _TY, "hidden_layer_sizes": (2,), "n_seeds": 2,
                                      "max_iter": 1}, "n_seeds", 2.5, 0),
    (singularities.wide_network_movement, {"X": _TX, "y": _TY, "width": 4, "max_iter": 1}, "width",
     "4", 0),
    (singularities.wide_network_movement, {"X": _TX, "y": _TY, "width": 4, "max_iter": 1},
     "learning_rate", "1", 0.0),
    (singularities.network_weights, {"estimator": _NET}, "estimator", "mlp", None),
    (singularities.set_network_weights, {"estimator": _NET, "W": [np.ones((1, 1)), np.ones((1, 1))],
                                         "b": [np.zeros(1), np.zeros(1)]}, "W", 1.0, None),
    (singularities.find_singularities, {"estimator": _NET2}, "tol", "1e-6", -1.0),
    (singularities.reduce_network, {"estimator": _NET2}, "tol", "1e-6", np.inf),
    (singularities.embed_unit, {"estimator": _NET2, "layer": 0, "unit": 1, "kind": "split", "lam": 0.3},
     "kind", 1, "merge"),
    (singularities.embed_unit, {"estimator": _NET2, "layer": 0, "unit": 1, "kind": "split", "lam": 0.3},
     "unit", 1.0, -1),
    (singularities.embed_unit, {"estimator": _NET2, "layer": 0, "unit": 1, "kind": "split", "lam": 0.3},
     "lam", "0.3", np.nan),
    (singularities.detect_plateaus, {"loss": np.ones(5), "window": 2, "rtol": 0.1}, "window", 2.5, 0),
    (singularities.detect_plateaus, {"loss": np.ones(5), "window": 2, "rtol": 0.1}, "rtol", "0.1", -1.0),
    (singularities.make_teacher_data, {"n_samples": 5}, "noise", "0.1", -1.0),
    (singularities.embed_split_batched, {"W": [np.ones((1, 2, 1)), np.ones((1, 1, 1))],
                                          "b": [np.zeros((1, 1)), np.zeros((1, 1))], "unit": 0},
     "lam", "half", None),
    (singularities.train_students, {"family": "real", "X": np.ones((4, 2)), "y": np.ones(4), "hidden": 2,
                                    "n_models": 2, "epochs": 1, "learning_rate": 0.1},
     "start", 1, "near"),
    (singularities.count_hierarchical_singularities, {"layer_sizes": (2, 3, 1)}, "n_factors", 2.5, 0),
    (singularities.squared_loss_function, {"estimator": _NET, "X": _X1, "y": _X1[:, 0]}, "X", 1.0,
     None),
    (singularities.refine_critical_point, {"estimator": _NET, "X": _X1, "y": _X1[:, 0], "max_steps": 1},
     "gtol", "0", -1.0),
    (singularities.split_curvature_matrix, {"estimator": _NET, "X": _X1, "y": _X1[:, 0]}, "unit",
     0.5, -1),
    (singularities.critical_line, {"estimator": _NET, "X": _X1, "y": _X1[:, 0], "lams": [0.5]},
     "rtol", "1e-7", -1.0),
    (singularities.data_with_split_curvature, {"estimator": _NET, "X": _X1, "A_target": 1e-2 * np.eye(2)},
     "unit", "0", -1),
    # hypercomplex (document 003, Nitta)
    (hypercomplex.complex_to_pairs, {"Z": _Z}, "Z", 1j, None),
    (hypercomplex.forty_twenty_forty_correct, {"outputs": [[0.7]], "targets": [[1.0]]}, "targets", 1.0,
     None),
    (hypercomplex.forty_twenty_forty_score, {"estimator": _CMLP, "X": _Z, "y": np.arange(12) % 2},
     "estimator", "clf", None),
    (hypercomplex.get_algebra, {"algebra": "complex"}, "algebra", 2, None),
    (hypercomplex.n_real_parameters, {"widths": (1, 2, 1)}, "algebra", 2, None),
    (hypercomplex.real_equivalent_width, {"hidden_layer_sizes": (3,)}, "strategy", 1, "triple"),
    (hypercomplex.real_equivalent_width, {"hidden_layer_sizes": (3,)}, "n_in", 1.5, 0),
    (hypercomplex.split_sigmoid_shift, {"q": 1j}, "q", "1j", 2),
    (hypercomplex.shapes, {"n": 8}, "n", 8.5, 0),
    (hypercomplex.spiral_data, {}, "scale", "1", 0.0),
    (hypercomplex.spiral_models, {"hidden": (2,)}, "hidden", "2", 0),
    (hypercomplex.plateau_mask,
     {"epochs": np.arange(3.0), "loss": np.ones((3, 2)), "solved": np.zeros((3, 2), bool), "window": 1},
     "rel_tol", "0.01", -0.1),
    (hypercomplex.train_spiral_models,
     {"model": _SPIRAL, "n_seeds": 1, "max_epochs": 1, "record_every": 1, "device": "cpu"}, "init",
     1, "glorot"),
    (hypercomplex.train_spiral_models,
     {"model": _SPIRAL, "n_seeds": 1, "max_epochs": 1, "record_every": 1, "device": "cpu"}, "n_seeds",
     1.5, 0),
    # neural_network diagnostics (document 002, Tomiya)
    (neural_network.backprop_bias_free_3layer, {"W1": _W1, "W2": _W2, "x": [1.0, 2.0], "y": [1.0]}, "W1",
     "W", None),
    (neural_network.logistic, {"u": [0.0, 1.0]}, "u", "0", None),
    (neural_network.logistic_derivative, {"u": 0.5}, "u", "0.5", None),
    (neural_network.layer_gradient_norms, {"estimator": _NET2, "X": _X1, "y": _X1[:, 0]}, "estimator",
     "mlp", None),
    (neural_network.newton_minimize, {"loss_fn": lambda t: (t**2).sum(), "theta0": torch.ones(2)},
     "damping", "1e-3", 0.0),
    (neural_network.newton_minimize, {"loss_fn": lambda t: (t**2).sum(), "theta0": torch.ones(2)},
     "max_iter", 1.5, -1),
    (neural_network.network_loss_function,
     {"module": torch.nn.Linear(1, 1), "X": _X1, "y": _X1}, "loss", 1, "hinge"),
    (neural_network.network_loss_function,
     {"module": torch.nn.Linear(1, 1), "X": _X1, "y": _X1}, "module", "linear", None),
    (neural_network.hessian_cost, {"n_parameters": 100}, "n_parameters", "100", -1),
    (neural_network.mlp_parameter_count, {"layer_sizes": (2, 3, 1)}, "bias", "yes", None),
    (neural_network.sigmoid_gradient_bound,
     {"coefs": [np.ones((1, 2)), np.ones((2, 1))], "intercepts": [np.zeros(2), np.zeros(1)], "X": _X1,
      "y": _X1[:, 0]}, "loss", 1, "hinge"),
]


@pytest.mark.parametrize("func,kwargs,param,wrong_type,wrong_value", CASES,
                         ids=[f"{c[0].__name__}-{c[2]}" for c in CASES])
def test_public_function_validates(func, kwargs, param, wrong_type, wrong_value):
    func(**kwargs)  # the valid call works
    for bad in (wrong_type, wrong_value):
        if bad is None:
            continue
        with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of {func.__name__}"):
            func(**{**kwargs, param: bad})


def test_array_valued_m_still_accepted():
    np.testing.assert_allclose(ballnet.polygon_area(np.array([4, 8]), kind="area_matched"), np.pi)


def test_documented_scalar_and_array_forms_still_accepted():
    # the constraints must not reject what the functions legitimately take: numpy scalars,
    # 0-d and n-d arrays where an array is documented, None where documented, np.inf as the
    # unbounded term budget used internally
    assert fourier.lattice_count(np.int64(3), np.int32(2)) == fourier.lattice_count(3, 2)
    assert fourier.ball_fourier_coefficient(1, radius=np.float32(0.5)) > 0
    assert fourier.ball_partial_sum(np.zeros(2), np.array([2, 3])).shape == (2,)
    assert fourier.fourier_frequencies(2, 2, max_terms=np.inf).shape == (5, 2)
    r = overparam.minnorm_risk_isotropic(np.array([0.5, 2.0]), signal=np.float64(1.0))
    assert r.risk.shape == (2,)
    assert overparam.marchenko_pastur_stieltjes(np.array([1j, -1.0]), 2.0).shape == (2,)
    assert overparam.mei_montanari_risk(np.array([9.0]), 3.0, lam=np.array([0.1])).risk.shape == (1,)
    assert overparam.effective_ranks([1.0, 0.5], k=None)[0].shape == (2,)
    assert overparam.minnorm_risk_general(2.0, np.ones(3), coef_weights=None).risk > 0
    assert ridgelet.admissibility_constant("relu", ridgelet.ridgelet_function("relu", 1, 0),
                                           n_dims=None) == pytest.approx(1.0)
    assert transport.gaussian_entropy(np.array([2.0, 3.0])) > 0
    w, kind = ridgelet.quadrature_weights(np.linspace(-1, 1, 3)[:, None], weights=np.float64(0.5))
    assert kind == "given" and w.tolist() == [0.5] * 3
    X, _ = datasets.make_two_spirals(n_turns=np.float64(1.5), normalize=None, random_state=None)
    assert X.shape == (194, 2)
