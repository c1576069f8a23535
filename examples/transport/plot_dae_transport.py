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

We train composed linear and nonlinear DAEs (:class:`~sknnmath.transport.DenoisingAutoencoder`)
on Gaussian data up to the flow's collapse time, compare their trajectories with the closed-form recursion
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
# Composed linear and nonlinear DAEs on Gaussian data, up to the collapse time
# ----------------------------------------------------------------------------
# Each start N(0, diag(s1^2, s2^2)) gets a total noise variance equal to the flow's
# collapse time ``t* = min(s_i^2) / 2``, where the flow reaches an axis. Document 001
# trains networks: next to the linear DAE (exact for Gaussian data) a nonlinear one, one
# tanh hidden layer of 32 units written as ``x + f(x)``.
from sknnmath.base import is_quick
from sknnmath.plotting import TransportDisplay
from sknnmath.transport import DenoisingAutoencoder

quick = is_quick()
L = 4 if quick else 16
rng = np.random.default_rng(0)
settings = {
    "linear": dict(architecture="linear", solver="sgd", learning_rate=0.1,
                   max_iter=40 if quick else 60, batch_size="full", n_noise_draws=2),
    "mlp": dict(architecture="mlp", hidden_layer_sizes=(32,), activation="tanh",
                learning_rate=1e-2, max_iter=8 if quick else 40, batch_size=256,
                n_noise_draws=2),
}
runs = []
for s in [(2.0, 1.0), (1.8, 1.6)] if quick else [(2.0, 1.0), (1.8, 1.6), (1.2, 0.7), (0.8, 1.4)]:
    Xg = rng.standard_normal((800 if quick else 4000, 2)) * s
    t_star = 0.5 * min(s) ** 2
    theory = np.sqrt(composed_dae_covariances(np.var(Xg, axis=0), t_star, L))
    flow_end = np.sqrt(np.clip(np.var(Xg, axis=0) - 2 * t_star, 0, None))
    for arch, params in settings.items():
        dae = DenoisingAutoencoder(t_star, n_steps=L, random_state=0, device="cpu",
                                   **params).fit(Xg)
        sig = np.sqrt(np.var(dae.transport(Xg), axis=1))
        print(f"start {s}, {arch:6s}: final (s1, s2) trained {sig[-1].round(3)}, closed form "
              f"{theory[-1].round(3)}, flow at t* {flow_end.round(3)}; distance to the flow "
              f"at t*/2 {np.linalg.norm(sig[L // 2] - np.sqrt(np.var(Xg, 0) - t_star)):.3f}, "
              f"at t* {np.linalg.norm(sig[-1] - flow_end):.3f}")
        runs.append({"start": sig[0], "t": t_star, "trained": sig, "architecture": arch})

TransportDisplay(runs=runs, n_steps=L).plot(
    title="Entropy gradient flow vs composed linear and MLP DAEs in the (σ₁, σ₂) plane")

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
# the Gaussian entropy follows the covariance, which a smooth flow lowers by 2 t I per unit
# time; here the moons' cross-section collapses within the first step and the remaining
# change of the covariance is as small as the trained DAEs' error (mean drift):
print("trace of the covariance:", np.round([np.trace(np.cov(Z.T)) for Z in traj], 4))
print("|mean| (0 for the exact DAE):", np.round([np.linalg.norm(Z.mean(0)) for Z in traj], 4))
EntropyTransportDisplay(trajectory=traj, steps=np.arange(len(traj)),
                        entropies={"kNN (Kozachenko–Leonenko) entropy estimate": knn,
                                   "entropy of the Gaussian with the same covariance": gauss},
                        ).plot(title="Two moons pushed through composed MLP DAEs")
