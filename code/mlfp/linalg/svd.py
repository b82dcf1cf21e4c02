# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:1276
"""Singular value decomposition by one-sided (Hestenes) Jacobi rotations."""
import warnings

import numpy as np

from mlfp._validation import check_array
from mlfp.exceptions import ConvergenceWarning
from mlfp.linalg.eigh import _jacobi_rotation, _rotate_columns, _round_robin
from mlfp.linalg.qr import qr

_MAX_SWEEPS = 40


def _one_sided_jacobi(G):
    """Rotate the columns of G (m x n) until they are orthogonal; return (G V, V)."""
    G = G.copy()
    m, n = G.shape
    V = np.eye(n)
    tol = m * np.finfo(float).eps
    rounds = _round_robin(n)
    for sweep in range(_MAX_SWEEPS):
        rotated = False
        for p, q in rounds:
            Gp, Gq = G[:, p], G[:, q]
            alpha = np.einsum("ij,ij->j", Gp, Gp)     # the 2x2 Gram matrices of all pairs
            beta = np.einsum("ij,ij->j", Gq, Gq)
            gamma = np.einsum("ij,ij->j", Gp, Gq)
            big = np.abs(gamma) > tol * np.maximum(np.sqrt(alpha * beta), tol * np.maximum(alpha, beta))
            if not big.any():
                continue
            p, q = p[big], q[big]
            c, s = _jacobi_rotation(alpha[big], beta[big], gamma[big])
            _rotate_columns(G, p, q, c, s)
            _rotate_columns(V, p, q, c, s)
            rotated = True
        if not rotated:
            break
    else:
        warnings.warn(f"svd: Jacobi did not converge in {_MAX_SWEEPS} sweeps", ConvergenceWarning)
    return G, V


# chapters/01-foundations/02-linear-algebra.pmd:1330
def _complete_orthonormal(U, r):
    """Replace columns r: of U (m x k, first r orthonormal) by an orthonormal completion."""
    m, k = U.shape
    filler = np.random.default_rng(0).standard_normal((m, k - r))
    Q, _ = qr(np.hstack([U[:, :r], filler]))
    U[:, r:] = Q[:, r:k]
    return U


def svd(A):
    """Reduced SVD A = U @ diag(s) @ Vt, s descending, U (m x k), Vt (k x n), k = min(m, n)."""
    A = check_array(A, name="A")
    m, n = A.shape
    if m < n:                                          # A^T = V S U^T
        U, s, Vt = svd(A.T)
        return Vt.T, s, U.T
    scale = np.abs(A).max()                           # entries in [-1, 1]: squares are safe
    if scale == 0:
        return np.eye(m, n), np.zeros(n), np.eye(n)
    Q, R = qr(A / scale) if m > n else (None, A / scale)
    G, V = _one_sided_jacobi(R)
    s = np.sqrt(np.einsum("ij,ij->j", G, G))
    order = np.argsort(-s, kind="stable")
    s, G, V = s[order], G[:, order], V[:, order]
    r = int(np.count_nonzero(s > max(m, n) * np.finfo(float).eps * s[0]))
    U = np.zeros_like(G)
    U[:, :r] = G[:, :r] / s[:r]
    if r < n:                                         # directions of (numerically) zero sigma
        U = _complete_orthonormal(U, r)
    if Q is not None:
        U = Q @ U
    return U, s * scale, V.T
