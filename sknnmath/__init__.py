"""sknnmath: scikit-learn estimators with torch backends that make the mathematics of
neural networks runnable, with reproductions of five research documents.

Estimators live in topic subpackages (``sknnmath.neural_network``, ``sknnmath.fourier``,
``sknnmath.ballnet``, ``sknnmath.ridgelet``, ``sknnmath.transport``, ``sknnmath.overparam``);
``sknnmath reproduce NAME`` reruns a document's figure.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
