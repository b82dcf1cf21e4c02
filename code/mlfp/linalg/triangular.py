# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:416
"""Forward and back substitution: n^2 flops, one dot product per row."""
import numpy as np

from mlfp._validation import check_square
from mlfp.linalg._checks import _check_rhs


def _diagonal(T, unit_diagonal, name):
    n = T.shape[0]
    diag = np.ones(n) if unit_diagonal else np.diag(T).copy()
    zero = np.flatnonzero(diag == 0)
    if zero.size:
        raise ValueError(f"{name} is singular: zero on the diagonal at row {zero[0]}")
    return diag


def forward_substitution(L, b, unit_diagonal=False):
    """Solve L x = b, L lower triangular (only its lower triangle is read); b 1-D or 2-D."""
    L = check_square(L, name="L")
    x = _check_rhs(b, L.shape[0]).copy()
    diag = _diagonal(L, unit_diagonal, "L")
    for i in range(L.shape[0]):
        x[i] = (x[i] - L[i, :i] @ x[:i]) / diag[i]
    return x


def back_substitution(U, b, unit_diagonal=False):
    """Solve U x = b, U upper triangular (only its upper triangle is read); b 1-D or 2-D."""
    U = check_square(U, name="U")
    x = _check_rhs(b, U.shape[0]).copy()
    diag = _diagonal(U, unit_diagonal, "U")
    for i in reversed(range(U.shape[0])):
        x[i] = (x[i] - U[i, i + 1:] @ x[i + 1:]) / diag[i]
    return x
