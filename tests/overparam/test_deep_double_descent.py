"""The deep-double-descent reproduction's building blocks (document 004, Nakkiran et al.)."""

import numpy as np
import torch

from sknnmath._layers import build_mlp
from sknnmath.overparam._reproduce_deep import _train_width, n_parameters, noisy_digits_splits


def test_label_noise_replaces_labels_by_incorrect_ones():
    d = noisy_digits_splits(600, 3, 0.2, random_state=0)
    assert d["X_train"].shape == (3, 600, 64) and d["X_test"].shape == (3, 1197, 64)
    wrong = (d["y_train"] != d["clean_train"]).double().mean(dim=1).numpy()
    # Bernoulli(0.2) per label: 600 labels, three sigma ~ 0.049
    assert np.all(np.abs(wrong - 0.2) < 0.05)
    # every replaced label is a different class (Nakkiran et al.: an incorrect label) — so
    # the fraction of changed labels is the noise level, not 0.9 times it
    assert set(np.unique(d["y_train"].numpy())) == set(range(10))
    # the seeds have different splits, and the pixels are scaled to [0, 1]
    assert not torch.equal(d["X_train"][0], d["X_train"][1])
    assert float(d["X_train"].max()) == 1.0 and float(d["X_train"].min()) == 0.0


def test_parameter_count_matches_the_built_network():
    for w in (1, 7, 64):
        net = build_mlp(64, (w,), 10, generator=torch.Generator().manual_seed(0))
        assert n_parameters(w) == sum(p.numel() for p in net.parameters())


def test_batched_training_fits_the_noisy_labels_of_each_seed():
    d = noisy_digits_splits(100, 2, 0.2, random_state=1)
    out = _train_width((64, 3), data=d, epochs=300, checkpoints=[10, 300],
                       learning_rate=3e-3)
    first, last = out["checkpoints"][10], out["checkpoints"][300]
    assert first["train"].shape == (2,)
    # a 4810-parameter network memorises 100 noisy labels; early on it does not
    assert np.all(last["train"] <= 0.02) and np.all(first["train"] > 0.2)
    assert np.all(out["fit_noise"] > 0.9)
    # errors on the clean test labels are far from chance (0.9) but hurt by the noise
    assert np.all((last["test"] > 0.05) & (last["test"] < 0.6))
