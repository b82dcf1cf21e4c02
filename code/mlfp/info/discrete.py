# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/05-information-theory.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/05-information-theory.pmd:127
"""Entropy, cross-entropy, KL divergence and mutual information of discrete laws."""
import math
import numbers

import numpy as np

from mlfp._validation import check_array

_SUM_TOL = 1e-6


def _check_distribution(p, name="p"):
    """A finite, non-negative float array (at least 1-D) whose entries sum to 1."""
    p = check_array(p, name, ndim=None)
    if p.ndim == 0:
        raise ValueError(f"{name} must be a probability vector or table, got a scalar")
    if np.any(p < 0):
        raise ValueError(f"{name} has negative entries (smallest {p.min():.3g})")
    total = p.sum()
    if abs(total - 1.0) > _SUM_TOL:
        raise ValueError(f"{name} must sum to 1 (tolerance {_SUM_TOL:g}), got {total:.8g}; "
                         "normalise counts first, e.g. p = counts / counts.sum()")
    return p


def _check_pair(p, q):
    p, q = _check_distribution(p, "p"), _check_distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape, got {p.shape} and {q.shape}")
    return p, q


def _log_base(base):
    """log(base), the divisor converting nats to the requested unit (1.0 for nats)."""
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    return math.log(base)


# chapters/01-foundations/05-information-theory.pmd:179
def entropy(p, base=None):
    """H(p) = -sum p log p over the cells of p (any shape), in nats unless base is given."""
    p = _check_distribution(p)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz))) / _log_base(base) + 0.0


def cross_entropy(p, q, base=None):
    """H(p, q) = -sum p log q; inf if q = 0 where p > 0."""
    p, q = _check_pair(p, q)
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf
    return float(-np.sum(p[s] * np.log(q[s]))) / _log_base(base) + 0.0


def kl_divergence(p, q, base=None):
    """KL(p || q) = sum p log(p / q); inf if q = 0 where p > 0."""
    p, q = _check_pair(p, q)
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf
    return float(np.sum(p[s] * np.log(p[s] / q[s]))) / _log_base(base) + 0.0


def mutual_information(joint, base=None):
    """I(X; Y) = KL(joint || outer(p_x, p_y)) for a 2-D joint probability table."""
    joint = _check_distribution(joint, "joint")
    if joint.ndim != 2:
        raise ValueError(f"joint must be a 2-D table p(x, y), got shape {joint.shape}")
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    return kl_divergence(joint, product, base)
