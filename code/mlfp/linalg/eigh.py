# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:638
"""Symmetric eigensolver: cyclic Jacobi with round-robin (parallel) ordering."""
import warnings

import numpy as np

from mlfp.exceptions import ConvergenceWarning
from mlfp.linalg._checks import _check_symmetric


def _round_robin(n):
    """Rounds of disjoint pairs (p, q), p < q, meeting every pair of range(n) exactly once."""
    players = n + n % 2                               # a bye (index n) when n is odd
    others = np.arange(1, players)
    rounds = []
    for r in range(players - 1):
        seats = np.concatenate(([0], np.roll(others, r)))
        top, bottom = seats[:players // 2], seats[players // 2:][::-1]
        real = (top < n) & (bottom < n)
        rounds.append((np.minimum(top, bottom)[real], np.maximum(top, bottom)[real]))
    return rounds


# chapters/01-foundations/02-linear-algebra.pmd:674
def _jacobi_rotation(app, aqq, apq):
    """Vectors c, s of the rotations [[c, s], [-s, c]] that zero a_pq in J^T A J."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        tau = (aqq - app) / (2.0 * apq)
        t = np.where(tau >= 0, 1.0, -1.0) / (np.abs(tau) + np.sqrt(1.0 + tau * tau))
    t = np.where(np.isfinite(t), t, 0.0)
    c = 1.0 / np.sqrt(1.0 + t * t)
    return c, c * t


def _rotate_columns(M, p, q, c, s):
    """M <- M J for the rotations in planes (p[i], q[i]), in place; pass M.T to rotate rows."""
    Mp, Mq = M[:, p], M[:, q]                         # fancy indexing copies
    M[:, p] = c * Mp - s * Mq
    M[:, q] = s * Mp + c * Mq


# chapters/01-foundations/02-linear-algebra.pmd:701
_MAX_SWEEPS = 40


def eigh(A):
    """Eigenvalues w (ascending) and orthonormal eigenvectors V (columns) of symmetric A."""
    A = _check_symmetric(A)
    scale = np.abs(A).max()                           # work with entries in [-1, 1]
    if scale == 0:
        return np.zeros(A.shape[0]), np.eye(A.shape[0])
    A = A / scale
    n = A.shape[0]
    V = np.eye(n)
    eps = np.finfo(float).eps
    floor = eps * np.sqrt(np.sum(A * A))   # ||A||_F
    rounds = _round_robin(n)
    for sweep in range(_MAX_SWEEPS):
        rotated = False
        for p, q in rounds:
            apq = A[p, q]
            big = np.abs(apq) > np.maximum(n * eps * np.sqrt(np.abs(A[p, p] * A[q, q])), floor)
            if not big.any():
                continue
            p, q, apq = p[big], q[big], apq[big]
            c, s = _jacobi_rotation(A[p, p], A[q, q], apq)
            _rotate_columns(A, p, q, c, s)            # A <- A J
            _rotate_columns(A.T, p, q, c, s)          # A <- J^T A
            _rotate_columns(V, p, q, c, s)            # V <- V J
            rotated = True
        if not rotated:
            break
    else:
        warnings.warn(f"eigh: Jacobi did not converge in {_MAX_SWEEPS} sweeps", ConvergenceWarning)
    w = np.diag(A) * scale
    order = np.argsort(w, kind="stable")
    return w[order], V[:, order]
