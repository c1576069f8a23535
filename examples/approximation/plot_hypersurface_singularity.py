"""
Jumps across a smooth hypersurface: where depth should pay off
=============================================================

Document 004 cites Imaizumi & Fukumizu: for targets that are smooth on pieces
separated by a smooth hypersurface, deep networks reach a faster rate than any
linear estimator (Fourier series, kernel methods); document 000's Fourier-vs-DNN
comparison is the 2-D case. We draw learning curves (test error against the
sample size ``n``) for a Fourier series with the correct period, Gaussian
kernel ridge and ReLU MLPs on ``f(x) = (1 + x₁/2) 1{|x| < r}``, and report the
fitted exponents and in which dimension the MLP wins. This runs the registered
reproduction; ``sknnmath reproduce hypersurface-singularity`` is the full size.
"""

# %%
import sknnmath.reproduce
from sknnmath.base import is_quick

result = sknnmath.reproduce.run("hypersurface-singularity", quick=is_quick(), device="auto")

# %%
# Learning curves with the DNN theory slope (−1 for C^∞ pieces and boundary, up to logs).
result.figures["learning_curves"]

# %%
print(result.tables["advantage"].to_string())
