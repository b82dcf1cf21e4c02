# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:463
"""Cholesky factorisation A = L L^T of a symmetric positive definite matrix."""
import numpy as np

from mlfp.linalg._checks import _check_symmetric


def cholesky(A):
    """Lower triangular L with A = L @ L.T; n^3/3 flops. ValueError if A is not SPD."""
    A = _check_symmetric(A)
    n = A.shape[0]
    L = np.zeros_like(A)
    for j in range(n):
        col = A[j:, j] - L[j:, :j] @ L[j, :j]     # column j of A minus what L[:, :j] explains
        if not col[0] > 0:
            raise ValueError(
                f"A is not positive definite: pivot {j + 1} of {n} is {col[0]:.3g} <= 0, "
                f"so the leading {j + 1}x{j + 1} block of A is not positive definite")
        L[j:, j] = col / np.sqrt(col[0])
    return L
