# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/05-information-theory.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/05-information-theory.pmd:476
"""KL divergence between multivariate normal distributions, in closed form."""
import numpy as np

from mlfp.info.discrete import _log_base
from mlfp.prob.mvn import MultivariateNormal, _solve_lower


def gaussian_kl(p, q, base=None):
    """KL(p || q) for MultivariateNormal p and q of the same dimension."""
    if not (isinstance(p, MultivariateNormal) and isinstance(q, MultivariateNormal)):
        raise ValueError("p and q must be mlfp.prob.MultivariateNormal instances")
    if p.dim != q.dim:
        raise ValueError(f"p and q must have the same dimension, got {p.dim} and {q.dim}")
    M = _solve_lower(q.chol, p.chol)                   # L1^{-1} L0
    u = _solve_lower(q.chol, q.mean - p.mean)           # L1^{-1} (mu1 - mu0)
    log_det_ratio = 2.0 * np.sum(np.log(np.diag(q.chol)) - np.log(np.diag(p.chol)))
    kl = 0.5 * (np.sum(M * M) + u @ u - p.dim + log_det_ratio)
    return float(kl) / _log_base(base) + 0.0
