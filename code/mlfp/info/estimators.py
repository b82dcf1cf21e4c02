# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/05-information-theory.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/05-information-theory.pmd:284
"""Plug-in estimates of entropy and mutual information from counts and labels."""
import numpy as np

from mlfp._validation import check_array
from mlfp.info.discrete import _log_base, mutual_information

_CORRECTIONS = (None, "miller-madow")


def _check_counts(counts):
    counts = check_array(counts, "counts", ndim=None)
    if counts.ndim not in (1, 2):
        raise ValueError("counts must be 1-D (one sample) or 2-D (one sample per row), "
                         f"got shape {counts.shape}")
    if np.any(counts < 0) or np.any(counts != np.floor(counts)):
        raise ValueError("counts must be non-negative integers")
    if np.any(counts.sum(axis=-1) == 0):
        raise ValueError("every count vector needs at least one observation")
    return counts


def plugin_entropy(counts, base=None, correction=None):
    """H(counts / n) along the last axis; Miller-Madow adds (K_observed - 1) / (2n)."""
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be None or 'miller-madow', got {correction!r}")
    counts = _check_counts(counts)
    n = counts.sum(axis=-1, keepdims=True)
    p = counts / n
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.sum(np.where(counts > 0, p * np.log(p), 0.0), axis=-1)
    if correction == "miller-madow":
        h = h + (np.count_nonzero(counts, axis=-1) - 1) / (2 * n[..., 0])
    h = h / _log_base(base) + 0.0
    return float(h) if h.ndim == 0 else h


def contingency_table(x, y):
    """Counts of each (x, y) label pair: shape (distinct x, distinct y), labels sorted."""
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 1 or y.ndim != 1 or len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must be non-empty 1-D label arrays of equal length, "
                         f"got shapes {x.shape} and {y.shape}")
    xs, xi = np.unique(x, return_inverse=True)
    ys, yi = np.unique(y, return_inverse=True)
    flat = np.bincount(xi * len(ys) + yi, minlength=len(xs) * len(ys))
    return flat.reshape(len(xs), len(ys))


def plugin_mutual_information(x, y, base=None, correction=None):
    """Mutual information of the empirical joint distribution of labels x and y."""
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be None or 'miller-madow', got {correction!r}")
    table = contingency_table(x, y)
    n = table.sum()
    mi = mutual_information(table / n, base)
    if correction == "miller-madow":   # H_MM(X) + H_MM(Y) - H_MM(X, Y)
        kx, ky = np.count_nonzero(table.sum(axis=1)), np.count_nonzero(table.sum(axis=0))
        mi += (kx - 1 + ky - 1 - (np.count_nonzero(table) - 1)) / (2 * n) / _log_base(base)
    return mi
