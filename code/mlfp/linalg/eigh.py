# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/02-linear-algebra.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/02-linear-algebra.pmd:698
"""Symmetric eigensolvers: cyclic Jacobi (round-robin ordering), and Householder
tridiagonalisation followed by QL and inverse iteration (the default)."""
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


# chapters/01-foundations/02-linear-algebra.pmd:735
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


# chapters/01-foundations/02-linear-algebra.pmd:763
_MAX_SWEEPS = 40


def _eigh_jacobi(A):
    """Cyclic Jacobi on a checked symmetric A: eigenvalues (ascending) and eigenvectors (columns)."""
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


# chapters/01-foundations/02-linear-algebra.pmd:810
import math

from mlfp.linalg.qr import _accumulate_q, _householder_vector, qr


def _tridiagonalize(A):
    """T = Q^T A Q: T's diagonal d and off-diagonal e, and Q's reflectors [(v, beta), ...]."""
    A = A.copy()
    n = A.shape[0]
    e = np.zeros(max(n - 1, 0))
    reflectors = []
    for k in range(n - 2):
        v, beta, alpha = _householder_vector(A[k + 1:, k])
        reflectors.append((v, beta))
        e[k] = alpha
        if beta == 0:
            continue                                  # nothing below the subdiagonal to zero
        B = A[k + 1:, k + 1:]                         # a view: the trailing block, updated in place
        p = beta * (B @ v)
        w = p - (0.5 * beta * (p @ v)) * v
        vw = np.stack((v, w))
        B -= vw.T @ vw[::-1]                          # B <- B - v w^T - w v^T: one product
    if n >= 2:
        e[n - 2] = A[n - 1, n - 2]
    return np.diag(A).copy(), e, reflectors


# chapters/01-foundations/02-linear-algebra.pmd:854
_MAX_QL_STEPS = 30                                    # per eigenvalue; about 2 are typical


def _tridiagonal_eigenvalues(d, e):
    """Eigenvalues (unsorted) of the symmetric tridiagonal (d, e): implicit QL, Wilkinson shift."""
    d = [float(x) for x in d]
    e = [float(x) for x in e] + [0.0]
    n, eps = len(d), float(np.finfo(float).eps)
    floor = eps * max(abs(x) for x in d + e)          # below this, e[m] is rounding noise
    for l in range(n):
        for step in range(_MAX_QL_STEPS + 1):
            m = l
            while m < n - 1 and abs(e[m]) > eps * (abs(d[m]) + abs(d[m + 1])) + floor:
                m += 1
            if m == l:
                break                                 # d[l] is an eigenvalue
            if step == _MAX_QL_STEPS:
                warnings.warn(f"eigh: QL did not converge in {_MAX_QL_STEPS} steps", ConvergenceWarning)
                break
            g = (d[l + 1] - d[l]) / (2.0 * e[l])
            r = math.hypot(g, 1.0)
            g = d[m] - d[l] + e[l] / (g + math.copysign(r, g))   # d[m] - (Wilkinson shift)
            s = c = 1.0
            p = 0.0
            for i in range(m - 1, l - 1, -1):         # Givens rotations chase the bulge upwards
                f, b = s * e[i], c * e[i]
                r = math.hypot(f, g)
                e[i + 1] = r
                if r == 0.0:                          # underflow: T has split; start again
                    d[i + 1] -= p
                    e[m] = 0.0
                    break
                s, c = f / r, g / r
                g = d[i + 1] - p
                r = (d[i] - g) * s + 2.0 * c * b
                p = s * r
                d[i + 1] = g + p
                g = c * r - b
            else:
                d[l] -= p
                e[l] = g
                e[m] = 0.0
    return np.array(d)


# chapters/01-foundations/02-linear-algebra.pmd:911
def _tridiagonal_lu(d, e, shifts, tiny):
    """LU with partial pivoting of T - mu I for every mu in shifts at once (one column per shift).

    Returns U's diagonal u0 and superdiagonals u1, u2, L's multipliers and the row swaps."""
    n, k = len(d), len(shifts)
    u0 = d[:, None] - shifts[None, :]
    u1 = np.zeros((n, k))
    u1[:-1] = e[:, None]
    u2, mult = np.zeros((n, k)), np.zeros((n, k))
    swap = np.zeros((n, k), dtype=bool)
    for i in range(n - 1):
        if e[i] == 0:
            continue                                  # T splits here: nothing to eliminate
        sw = np.abs(u0[i]) < abs(e[i])                # pivot on the larger of u_ii and t_{i+1,i}
        pivot = np.where(sw, e[i], u0[i])             # nonzero, since |pivot| >= |e[i]|
        mult[i] = np.where(sw, u0[i], e[i]) / pivot
        top1 = np.where(sw, u0[i + 1], u1[i])         # the pivot row in columns i+1 and i+2
        top2 = np.where(sw, u1[i + 1], 0.0)
        u0[i + 1] = np.where(sw, u1[i], u0[i + 1]) - mult[i] * top1
        u1[i + 1] = np.where(sw, 0.0, u1[i + 1]) - mult[i] * top2
        u0[i], u1[i], u2[i], swap[i] = pivot, top1, top2, sw
    u0[np.abs(u0) < tiny] = tiny
    return u0, u1, u2, mult, swap


def _tridiagonal_solve(factors, B):
    """Solve (T - mu_j I) x_j = b_j for every column j, from the factors of _tridiagonal_lu."""
    u0, u1, u2, mult, swap = factors
    n = len(u0)
    y = B.copy()
    for i in range(n - 1):                            # apply L^{-1}: the swaps and multipliers
        top = np.where(swap[i], y[i + 1], y[i])
        y[i + 1] = np.where(swap[i], y[i], y[i + 1]) - mult[i] * top
        y[i] = top
    y[n - 1] /= u0[n - 1]                             # back substitution with three diagonals
    if n >= 2:
        y[n - 2] = (y[n - 2] - u1[n - 2] * y[n - 1]) / u0[n - 2]
    for i in range(n - 3, -1, -1):
        y[i] = (y[i] - u1[i] * y[i + 1] - u2[i] * y[i + 2]) / u0[i]
    return y


# chapters/01-foundations/02-linear-algebra.pmd:981
def _overlapping_runs(X):
    """Runs [a, b] of consecutive columns of X (unit vectors) that overlap beyond rounding,
    and the largest overlap within each run."""
    n = X.shape[1]
    G = np.abs(np.triu(X.T @ X, 1))
    overlap = G > np.sqrt(n) * np.finfo(float).eps
    first = np.where(overlap.any(axis=0), overlap.argmax(axis=0), np.arange(n))
    runs = []
    for j in np.flatnonzero(first < np.arange(n)):    # column j overlaps columns first[j]..j-1
        start = first[j]
        while runs and start <= runs[-1][1]:          # merge every run that [start, j] meets
            start = min(start, runs.pop()[0])
        runs.append([start, j])
    return runs, [G[a:b + 1, a:b + 1].max() for a, b in runs]


def _inverse_iteration(d, e, w, n_solves=2):
    """Orthonormal eigenvectors (columns) of the tridiagonal (d, e) for sorted eigenvalues w."""
    n = len(d)
    eps = np.finfo(float).eps
    tnorm = max(np.abs(d).max() + 2 * (np.abs(e).max() if n > 1 else 0.0), np.finfo(float).tiny)
    factors = _tridiagonal_lu(d, e, w, eps * tnorm)
    X = np.random.default_rng(0).uniform(-1.0, 1.0, (n, n))
    for _ in range(n_solves):
        X = _tridiagonal_solve(factors, X)
        X /= np.sqrt(np.einsum("ij,ij->j", X, X))
    runs, worst = _overlapping_runs(X)
    if not runs:
        return X
    near_parallel = [np.arange(a, b + 1) for (a, b), o in zip(runs, worst) if o > 0.1]
    if near_parallel:                                 # block inverse iteration on those runs
        cols = np.concatenate(near_parallel)
        below = np.concatenate([np.full(len(c), 2 * w[c].min() - w[c].max() - 8 * n * eps * tnorm)
                                for c in near_parallel])     # one shift below each run
        cluster_factors = _tridiagonal_lu(d, e, below, eps * tnorm)
        Y = _tridiagonal_solve(cluster_factors, qr(X[:, cols])[0])
        X[:, cols] = Y / np.sqrt(np.einsum("ij,ij->j", Y, Y))
    cols = np.concatenate([np.arange(a, b + 1) for a, b in runs])
    X[:, cols] = qr(X[:, cols])[0]
    return X


# chapters/01-foundations/02-linear-algebra.pmd:1032
def eigh(A, method="tridiagonal"):
    """Eigenvalues w (ascending) and orthonormal eigenvectors V (columns) of symmetric A.

    method: 'tridiagonal' (Householder reduction, QL, inverse iteration: fast, errors of
    size eps * ||A||) or 'jacobi' (cyclic Jacobi: slower, relative accuracy on graded A)."""
    if method not in ("tridiagonal", "jacobi"):
        raise ValueError(f"method must be 'tridiagonal' or 'jacobi', got {method!r}")
    A = _check_symmetric(A)
    if method == "jacobi":
        return _eigh_jacobi(A)
    n = A.shape[0]
    scale = np.abs(A).max()
    if scale == 0:
        return np.zeros(n), np.eye(n)
    d, e, reflectors = _tridiagonalize(A / scale)
    if not e.any():                                   # T is diagonal: eigenvectors are unit vectors
        order = np.argsort(d, kind="stable")
        w, V = d[order], np.eye(n)[:, order]
    else:
        w = np.sort(_tridiagonal_eigenvalues(d, e))
        V = _inverse_iteration(d, e, w)
    Q = np.eye(n)
    if n >= 2:
        Q[1:, 1:] = _accumulate_q(reflectors, n - 1, n - 1)
    return w * scale, Q @ V
