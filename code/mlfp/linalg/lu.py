# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:498
"""LU factorisation with partial pivoting, A = P @ L @ U (SciPy's convention)."""
import numpy as np

from mlfp._validation import check_square


def _lu_factor(A, pivoting=True):
    """Gaussian elimination on a copy of A: returns (perm, LU) with A[perm] = L @ U.

    LU holds the multipliers of L below its diagonal and U on and above it.
    """
    LU = np.array(A, dtype=float)
    n = LU.shape[0]
    perm = np.arange(n)
    for k in range(n - 1):
        if pivoting:
            p = k + int(np.argmax(np.abs(LU[k:, k])))
            if p != k:
                LU[[k, p]] = LU[[p, k]]
                perm[[k, p]] = perm[[p, k]]
        pivot = LU[k, k]
        if pivot == 0:
            if np.any(LU[k + 1:, k] != 0):
                raise ValueError(f"zero pivot at step {k + 1} without pivoting; use pivoting=True")
            continue                                  # column already eliminated
        LU[k + 1:, k] /= pivot
        LU[k + 1:, k + 1:] -= np.outer(LU[k + 1:, k], LU[k, k + 1:])
    return perm, LU


def lu(A):
    """P, L, U with A = P @ L @ U, L unit lower triangular, |L| <= 1; 2n^3/3 flops."""
    A = check_square(A)
    perm, LU = _lu_factor(A)
    n = A.shape[0]
    L = np.tril(LU, -1) + np.eye(n)
    U = np.triu(LU)
    P = np.zeros((n, n))
    P[perm, np.arange(n)] = 1.0                       # row i of L @ U is row perm[i] of A
    return P, L, U
