# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:549
"""Linear systems and least squares built on the factorisations."""
import numpy as np

from mlfp._validation import check_square
from mlfp.linalg._checks import _check_rhs
from mlfp.linalg.lu import _lu_factor
from mlfp.linalg.triangular import back_substitution, forward_substitution


def _check_pivots(diag, scale, what):
    """Raise if a triangular factor's diagonal is negligible next to scale = max |a_ij|."""
    size = np.abs(diag)
    tol = len(diag) * np.finfo(float).eps * scale
    bad = np.flatnonzero(size <= tol)
    if bad.size:
        raise ValueError(f"{what} to working precision: |pivot {bad[0] + 1}| = {size[bad[0]]:.3g} "
                         f"<= {tol:.3g} (n * eps * max |A_ij|)")


def solve(A, b):
    """x with A @ x = b for square nonsingular A (LU with partial pivoting); b 1-D or 2-D."""
    A = check_square(A)
    b = _check_rhs(b, A.shape[0])
    perm, LU = _lu_factor(A)
    _check_pivots(np.diag(LU), np.abs(A).max(), "A is singular")
    y = forward_substitution(LU, b[perm], unit_diagonal=True)
    return back_substitution(LU, y)


# chapters/01-foundations/02-linear-algebra.pmd:654
from mlfp.linalg.cholesky import cholesky
from mlfp.linalg.qr import qr


def _lstsq_normal(A, b):
    """Solve A^T A x = A^T b by Cholesky: fast, but the error grows like kappa(A)^2."""
    try:
        L = cholesky(A.T @ A)
    except ValueError:
        raise ValueError("A^T A is not positive definite in floating point (A is rank deficient "
                         "or kappa(A)^2 >= 1/eps); use method='qr' or 'svd'") from None
    return back_substitution(L.T, forward_substitution(L, A.T @ b))


def _lstsq_qr(A, b):
    """Solve R x = Q^T b: error grows like kappa(A) (plus a kappa^2 term times the residual)."""
    if A.shape[0] < A.shape[1]:
        raise ValueError(f"method='qr' needs at least as many rows as columns, got shape "
                         f"{A.shape}; use method='svd' for the minimum-norm solution")
    Q, R = qr(A)
    _check_pivots(np.diag(R), np.abs(A).max(), "A is rank deficient (R has a negligible diagonal entry)")
    return back_substitution(R, Q.T @ b)


# chapters/01-foundations/02-linear-algebra.pmd:1369
from mlfp._validation import check_array, check_scalar
from mlfp.linalg.svd import svd


def _lstsq_svd(A, b, rcond):
    """Minimum-norm solution: singular values <= rcond * s_max count as zero."""
    U, s, Vt = svd(A)
    keep = s > rcond * s[0]
    coef = U[:, keep].T @ b
    coef = coef / (s[keep] if coef.ndim == 1 else s[keep, None])
    return Vt[keep].T @ coef


def lstsq(A, b, rcond=None, method="svd"):
    """Least-squares solution of A x ~ b (minimum norm for method='svd'); b 1-D or 2-D.

    method: 'svd' (any rank), 'qr' (full column rank, error ~ kappa) or 'normal'
    (full column rank, error ~ kappa^2). rcond defaults to eps * max(m, n) as in NumPy.
    """
    A = check_array(A, name="A")
    b = _check_rhs(b, A.shape[0])
    if method == "svd":
        if rcond is None:
            rcond = np.finfo(float).eps * max(A.shape)
        check_scalar(rcond, "rcond", low=0)
        return _lstsq_svd(A, b, rcond)
    if method == "qr":
        return _lstsq_qr(A, b)
    if method == "normal":
        return _lstsq_normal(A, b)
    raise ValueError(f"method must be 'svd', 'qr' or 'normal', got {method!r}")
