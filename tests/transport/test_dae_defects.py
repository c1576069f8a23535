"""Regression tests of the DenoisingAutoencoder defects of issue 11 item 5."""

import threading
import time

import numpy as np
import pytest
import torch

from sknnmath.transport import DenoisingAutoencoder
from sknnmath.transport._dae import _DAEModule

PARAMS = dict(hidden_layer_sizes=(8,), max_iter=5, batch_size="full", random_state=0, device="cpu")


def _float64_reference(dae, X):
    """The composed DAE evaluated with float64 modules built from the stored state dicts."""
    cur = torch.as_tensor(X, dtype=torch.float64)
    for sd in dae.state_dicts_:
        m = _DAEModule(X.shape[1], "mlp", dae.hidden_layer_sizes, dae.activation, True, dtype=torch.float64)
        m.load_state_dict(sd)
        with torch.no_grad():
            cur = m(cur)
    return cur.numpy()


@pytest.mark.parametrize("shift,scale", [(1e6, 1.0), (0.0, 1e50)])
def test_transform_uses_the_trained_float64_values(shift, scale):
    """Formerly 1.7e-3 off at offset 1e6 (float64 weights loaded into a float32 module), all-NaN at 1e50."""
    X = np.random.default_rng(0).normal(size=(200, 2)) * scale + shift
    dae = DenoisingAutoencoder(n_steps=2, **PARAMS).fit(X)
    assert all(v.dtype == torch.float64 for sd in dae.state_dicts_ for v in sd.values())
    out = dae.transform(X)
    assert np.all(np.isfinite(out))
    ref = _float64_reference(dae, X)
    np.testing.assert_allclose(out, ref, rtol=1e-13, atol=0)


def test_scales_that_float64_training_cannot_hold_are_refused():
    X = np.random.default_rng(0).normal(size=(50, 2)) * 1e200
    with pytest.raises(ValueError, match="Rescale X"):
        DenoisingAutoencoder(**PARAMS).fit(X)
    dae = DenoisingAutoencoder(**PARAMS).fit(X / 1e200)
    # an output beyond float64 is reported, never returned as inf/NaN
    dae.state_dicts_[0]["net.out.bias"].fill_(1e308)
    with pytest.raises(ValueError, match="non-finite"):
        dae.transform(np.full((3, 2), 1e308))


def test_inference_does_not_touch_the_global_torch_rng():
    X = np.random.default_rng(0).normal(size=(50, 2))
    dae = DenoisingAutoencoder(**PARAMS).fit(X)
    state = torch.random.get_rng_state()
    dae.transform(X)
    dae.transport(X)
    dae.denoise(X)
    dae.score(X)
    assert torch.equal(state, torch.random.get_rng_state())


def test_fits_in_threads_equal_sequential_fits():
    X = np.random.default_rng(0).normal(size=(100, 2))
    kw = dict(hidden_layer_sizes=(8,), max_iter=30, batch_size=16)
    threaded = [DenoisingAutoencoder(random_state=s, device="cpu", **kw) for s in range(4)]
    threads = [threading.Thread(target=e.fit, args=(X,)) for e in threaded]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s, est in enumerate(threaded):
        seq = DenoisingAutoencoder(random_state=s, device="cpu", **kw).fit(X)
        np.testing.assert_array_equal(est.transform(X), seq.transform(X))


def test_memory_guard_names_a_dae_parameter_within_a_second():
    X = np.random.default_rng(0).normal(size=(50, 2))
    t = time.perf_counter()
    with pytest.raises(ValueError, match=r"hidden_layer_sizes=\(100000000,\).*estimated peak of [0-9.e+]+ bytes"):
        DenoisingAutoencoder(hidden_layer_sizes=(10**8,), device="cpu").fit(X)
    assert time.perf_counter() - t < 1.0
    assert "hidden_layer_sizes" in DenoisingAutoencoder().get_params()
