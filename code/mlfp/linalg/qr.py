# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:590
"""Householder QR factorisation."""
import numpy as np

from mlfp._validation import check_array


def _householder_vector(x):
    """v (v_0 = 1), beta, alpha with (I - beta v v^T) x = alpha e_1, alpha = -sign(x_0) ||x||."""
    scale = np.abs(x).max()
    v = np.zeros_like(x)
    v[0] = 1.0
    if scale == 0:
        return v, 0.0, 0.0                  # x = 0: nothing to reflect
    xs = x / scale                          # so that xs @ xs can neither overflow nor underflow
    alpha = -np.copysign(np.sqrt(xs @ xs), x[0])
    v[1:] = xs[1:] / (xs[0] - alpha)        # xs_0 - alpha = xs_0 + sign(xs_0) ||xs||: no cancellation
    return v, 2.0 / (v @ v), alpha * scale


# chapters/01-foundations/02-linear-algebra.pmd:620
def _accumulate_q(reflectors, m, k):
    """Q[:, :k] = H_1 ... H_r I[:, :k], applying the reflectors last to first."""
    Q = np.eye(m, k)
    for j in reversed(range(len(reflectors))):
        v, beta = reflectors[j]
        Q[j:, j:] -= np.outer(beta * v, v @ Q[j:, j:])
    return Q


def qr(A):
    """Reduced QR of an m x n matrix: Q (m x k) orthonormal columns, R (k x n) upper, k = min(m, n)."""
    R = check_array(A, name="A").copy()
    m, n = R.shape
    k = min(m, n)
    reflectors = []
    for j in range(min(m - 1, n)):
        v, beta, alpha = _householder_vector(R[j:, j])
        R[j:, j + 1:] -= np.outer(beta * v, v @ R[j:, j + 1:])
        R[j, j], R[j + 1:, j] = alpha, 0.0          # what H_j does to column j, exactly
        reflectors.append((v, beta))
    return _accumulate_q(reflectors, m, k), np.triu(R[:k])
