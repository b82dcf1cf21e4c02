# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/12-svms-and-kernels.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/12-svms-and-kernels.pmd:437
"""Sequential minimal optimisation for the SVM dual, with LIBSVM's second-order working sets."""
import warnings

import numpy as np

from mlfp.exceptions import ConvergenceWarning

_TAU = 1e-12        # replaces a non-positive curvature a_ij (LIBSVM's TAU)


def _masked(v, alpha, y, C):
    """v on I_up (-inf elsewhere) and v on I_low (+inf elsewhere), for multipliers alpha."""
    pos = y > 0
    up = (pos & (alpha < C)) | (~pos & (alpha > 0))
    low = (pos & (alpha > 0)) | (~pos & (alpha < C))
    return np.where(up, v, -np.inf), np.where(low, v, np.inf)


def _inverse_curvatures(K):
    """1 / a_it for every pair, a_it = K_ii + K_tt - 2 K_it clipped below at TAU; O(n^2) once."""
    Kdiag = np.diag(K)
    a = K * -2.0
    a += Kdiag[:, None]
    a += Kdiag[None, :]
    np.maximum(a, _TAU, out=a)
    return np.divide(1.0, a, out=a)


def _select_working_set(v_up, v_low, inv_a, tol):
    """WSS-2: i maximises v over I_up; j in I_low maximises (v_i - v_j)^2 / a_ij. j = -1 if optimal."""
    i = v_up.argmax()
    b = v_up[i] - v_low                  # v_i - v_t, -inf outside I_low
    if b.max() < tol:                    # m(alpha) - M(alpha) < tol: the KKT conditions hold
        return i, -1
    np.maximum(b, 0.0, out=b)            # only t with v_t < v_i can pair with i
    b *= b
    b *= inv_a[i]                        # twice the decrease of the step with t
    return i, b.argmax()


# chapters/02-classical/12-svms-and-kernels.pmd:491
def _update_pair(i, j, alpha, v_up, v_low, y, K, inv_a, C):
    """Minimise the dual along alpha + t (y_i e_i - y_j e_j) within the box; update v in O(n)."""
    vi, vj = v_up[i], v_low[j]
    ai, aj, yi, yj = alpha[i], alpha[j], y[i], y[j]
    room_i, room_j = (C - ai if yi > 0 else ai), (aj if yj > 0 else C - aj)
    t = min((vi - vj) * inv_a[i, j], room_i, room_j)      # t* > 0, clipped to the box
    # a multiplier that reaches its bound, to rounding, is set to the bound exactly
    eps = 1e-12 * C
    alpha[i] = new_i = (C if yi > 0 else 0.0) if t >= room_i - eps else ai + yi * t
    alpha[j] = new_j = (0.0 if yj > 0 else C) if t >= room_j - eps else aj - yj * t
    delta = (yi * (new_i - ai)) * K[i]
    delta += (yj * (new_j - aj)) * K[j]
    v_up -= delta
    v_low -= delta
    for k, vk, ak, yk in ((i, vi - delta[i], new_i, yi), (j, vj - delta[j], new_j, yj)):
        v_up[k] = vk if (ak < C if yk > 0 else ak > 0) else -np.inf
        v_low[k] = vk if (ak > 0 if yk > 0 else ak < C) else np.inf


# chapters/02-classical/12-svms-and-kernels.pmd:519
def _intercept(alpha, v_up, v_low, C):
    """b = mean of v over free multipliers (which are in both sets), else (m + M) / 2."""
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return float(v_up[free].mean())
    return float((v_up.max() + v_low.min()) / 2)


def smo(K, y, C=1.0, tol=1e-3, max_iter=-1):
    """Minimise 1/2 a^T Q a - 1^T a, Q = diag(y) K diag(y), s.t. y^T a = 0, 0 <= a <= C.

    K: (n, n) kernel matrix, y: labels in {-1, +1}. Returns (alpha, b, n_iter), where the
    decision function is f(x) = sum_i alpha_i y_i k(x_i, x) + b.
    """
    y = np.asarray(y, dtype=float)
    n = len(y)
    alpha = np.zeros(n)
    v_up, v_low = _masked(y.copy(), alpha, y, C)          # G = -1 at alpha = 0, so v = y
    inv_a = _inverse_curvatures(K)
    limit = max(10_000_000, 100 * n) if max_iter < 0 else max_iter
    for n_iter in range(limit):
        i, j = _select_working_set(v_up, v_low, inv_a, tol)
        if j < 0:
            break
        _update_pair(i, j, alpha, v_up, v_low, y, K, inv_a, C)
    else:
        n_iter = limit
        warnings.warn(f"SMO stopped after max_iter={limit} iterations before the KKT conditions "
                      f"held to tol={tol}", ConvergenceWarning)
    return alpha, _intercept(alpha, v_up, v_low, C), n_iter
