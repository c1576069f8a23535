"""
A residual network is the Euler discretisation of a flow
========================================================

Document 001 (Sonoda, ridgelet transform and denoising autoencoders as transport), §4:
a deep network is a flow ``dx/dt = v_t(x)``; Euler steps ``x_(l+1) = x_l + h v(x_l, t_l)``
give a finite network with skip connections (a ResNet), and the density of the
transported points follows the continuity equation ``d_t mu = -div(mu v)``.

A ResNet whose blocks share one velocity MLP ``v(x, t)`` is trained on two moons at depth
8 (total time T = 1); then, with ``v`` fixed, the depth grows at fixed T and the output
converges to the flow's ``x(T)`` with order 1, and the histogram of a pushed Gaussian
sample matches the density ``log p_T = log p_0 - ∫ div v dt``.
"""

# %%
# Train the residual network (shared velocity block) on two moons
# ----------------------------------------------------------------
import numpy as np
import torch
from sklearn.datasets import make_moons

from sknnmath.base import is_quick
from sknnmath.transport import (
    ResidualFlowNet,
    euler_flow,
    pushforward_log_density,
    rk4_flow,
    standard_normal_log_density,
)

quick = is_quick()
X, y = make_moons(n_samples=200 if quick else 400, noise=0.1, random_state=0)
X = (X - X.mean(0)) / X.std(0)
g = torch.Generator().manual_seed(0)
net = ResidualFlowNet(2, 1, hidden=(32,), n_steps=8, total_time=1.0, generator=g)
net.fit(X, 2.0 * y - 1.0, learning_rate=1e-2, max_iter=100 if quick else 400, alpha_l2=1e-3,
        generator=g)
Xt = torch.as_tensor(X)
with torch.no_grad():
    acc = ((net(Xt)[:, 0] > 0).numpy() == y).mean()
    print(f"training accuracy {acc:.3f}")

# %%
# Depth grows at fixed total time: Euler converges with order 1
# -------------------------------------------------------------
import pandas as pd

from sknnmath.plotting import PushforwardDensityDisplay, ResidualFlowDisplay

with torch.no_grad():
    ref = rk4_flow(net.v, Xt, 1.0, 512)
    rows = [{"depth L": L, "step h = T/L": 1.0 / L,
             "mean |x_L - x(T)|": float(torch.linalg.norm(euler_flow(net.v, Xt, 1.0, L) - ref,
                                                          dim=1).mean())}
            for L in [1, 2, 4, 8, 16, 32, 64]]
    traj = euler_flow(net.v, Xt, 1.0, 8, trajectory=True).numpy()
    fine = rk4_flow(net.v, Xt, 1.0, 64, trajectory=True).numpy()
conv = pd.DataFrame(rows)
fit = conv[conv["depth L"] >= 8]
slope = np.polyfit(np.log(fit["step h = T/L"]), np.log(fit["mean |x_L - x(T)|"]), 1)[0]
print(conv.to_string())
print(f"fitted order {slope:.2f} (Euler: 1)")
ResidualFlowDisplay(X=X, y=y, trajectory=traj, fine_trajectory=fine, convergence=conv,
                    slope=slope).plot()

# %%
# Push-forward density: histogram vs the continuity equation
# ----------------------------------------------------------
n, nb = 20000, 20
with torch.no_grad():
    ZT = rk4_flow(net.v, torch.randn(n, 2, generator=g, dtype=torch.float64), 1.0, 32).numpy()
lo, hi = np.quantile(ZT, 0.005, axis=0), np.quantile(ZT, 0.995, axis=0)
ex, ey = np.linspace(lo[0], hi[0], nb + 1), np.linspace(lo[1], hi[1], nb + 1)
hist = np.histogram2d(ZT[:, 0], ZT[:, 1], bins=[ex, ey])[0] / n
cx, cy = (ex[:-1] + ex[1:]) / 2, (ey[:-1] + ey[1:]) / 2
G = torch.as_tensor(np.stack(np.meshgrid(cx, cy, indexing="ij"), -1).reshape(-1, 2))
logp, _ = pushforward_log_density(net.v, G, 1.0, standard_normal_log_density, n_steps=32)
area = (ex[1] - ex[0]) * (ey[1] - ey[0])
dens = np.exp(logp.numpy()).reshape(nb, nb)
tv = 0.5 * np.abs(hist - dens * area).sum()
print(f"total variation histogram vs density {tv:.4f}; sampling alone "
      f"{0.5 * np.sqrt(2 * dens * area / (np.pi * n)).sum():.4f}")
PushforwardDensityDisplay(hist=hist / area, density=dens, edges=(ex, ey), tv=tv).plot()
