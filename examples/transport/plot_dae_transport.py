"""
Composed denoising autoencoders follow the entropy gradient flow
================================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as
transport), §4.2.1: a Gaussian-noise denoising autoencoder (DAE) with noise
variance ``t`` is the transport map ``x + t grad log(W_t * mu)(x)`` (Tweedie's
formula; **time is the noise variance**). Composing ``L`` DAEs with noise
``t/L``, each trained on the push-forward of the previous one, gives a deep
network whose ``L -> infinity`` limit solves the backward heat equation and
decreases entropy: for Gaussians ``Sigma_t = Sigma_0 - 2 t I``, hyperbolas
``s1^2 - s2^2 = const`` in the ``(sigma_1, sigma_2)`` plane (the document's
Fig. 7).

We train composed linear DAEs (:class:`~sknnmath.transport.DenoisingAutoencoder`)
on Gaussian data, compare their trajectories with the closed-form recursion
``sigma -> sigma^3 / (sigma^2 + t/L)`` and with the flow, and push two moons
through a composed MLP DAE while estimating the entropy at each step.
"""

# %%
# Closed forms first
# ------------------
# The composed recursion approaches ``sigma^2 - 2t`` as L grows.
import numpy as np

from sknnmath.transport import composed_dae_covariances, entropy_gradient_flow

for L in (1, 10, 1000):
    print(f"L = {L:4d}: sigma^2 after t = 0.3 ->",
          composed_dae_covariances([1.0], 0.3, L)[-1, 0].round(4))
print("flow limit sigma^2 - 2t =", entropy_gradient_flow([1.0], [0.3]).covariances[0, 0, 0])

# %%
# Composed linear DAEs on Gaussian data
# -------------------------------------
# Each start N(0, diag(s1^2, s2^2)) gets a total noise variance of 0.8 of the
# flow's collapse time ``t* = min(s_i^2) / 2``.
from sknnmath.base import is_quick
from sknnmath.plotting import TransportDisplay
from sknnmath.transport import DenoisingAutoencoder

quick = is_quick()
L = 4 if quick else 16
rng = np.random.default_rng(0)
daes, samples = [], []
for s in [(2.0, 1.0), (1.8, 1.6)] if quick else [(2.0, 1.0), (1.8, 1.6), (1.2, 0.7), (0.8, 1.4)]:
    Xg = rng.standard_normal((800 if quick else 4000, 2)) * s
    t_total = 0.8 * 0.5 * min(s) ** 2
    dae = DenoisingAutoencoder(t_total, n_steps=L, architecture="linear", solver="sgd",
                               learning_rate=0.1, max_iter=40 if quick else 60,
                               batch_size="full", n_noise_draws=2, random_state=0,
                               device="cpu").fit(Xg)
    sig = np.sqrt(np.var(dae.transport(Xg), axis=1))
    theory = np.sqrt(composed_dae_covariances(np.var(Xg, axis=0), t_total, L))
    print(f"start {s}: final (s1, s2) trained {sig[-1].round(3)}, closed form "
          f"{theory[-1].round(3)}, largest relative error of the variances "
          f"{np.abs(sig**2 / theory**2 - 1).max():.2%}")
    daes.append(dae)
    samples.append(Xg)

TransportDisplay.from_estimators(
    daes, samples, title="Entropy gradient flow vs composed DAEs in the (σ₁, σ₂) plane")

# %%
# A non-Gaussian sample: two moons
# --------------------------------
# A composed MLP DAE moves the points towards the modes; the k-nearest-neighbour
# (Kozachenko-Leonenko) entropy decreases at every step.
from sklearn.datasets import make_moons

from sknnmath.plotting import EntropyTransportDisplay
from sknnmath.transport import gaussian_entropy, knn_entropy

Xm, _ = make_moons(n_samples=400 if quick else 2000, noise=0.08, random_state=0)
Xm -= Xm.mean(0)
moons = DenoisingAutoencoder(0.06 if quick else 0.08, n_steps=3 if quick else 8,
                             hidden_layer_sizes=(64,), learning_rate=1e-2,
                             max_iter=25 if quick else 80, batch_size=256,
                             n_noise_draws=1 if quick else 2, random_state=0,
                             device="cpu").fit(Xm)
traj = moons.transport(Xm)
knn = [knn_entropy(Z) for Z in traj]
gauss = [gaussian_entropy(np.cov(Z.T, bias=True)) for Z in traj]
print("kNN entropy after each step (nats):", np.round(knn, 3))
EntropyTransportDisplay(trajectory=traj, steps=np.arange(len(traj)),
                        entropies={"kNN (Kozachenko–Leonenko) entropy estimate": knn,
                                   "entropy of the Gaussian with the same covariance": gauss},
                        ).plot(title="Two moons pushed through composed MLP DAEs")
