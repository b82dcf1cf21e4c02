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

from mlfp.linalg.cholesky import cholesky
from mlfp.linalg.qr import _accumulate_q, _householder_vector, qr
from mlfp.linalg.triangular import forward_substitution


def _tridiagonalize(A):
    """T = Q^T A Q: T's diagonal d and off-diagonal e, and Q's reflectors [(v, beta), ...]."""
    A = A.copy()
    n = A.shape[0]
    e = np.zeros(max(n - 1, 0))
    reflectors = []
    VW = np.empty((2, n))                             # rows v and w, reused at every step
    for k in range(n - 2):
        v, beta, alpha = _householder_vector(A[k + 1:, k])
        reflectors.append((v, beta))
        e[k] = alpha
        if beta == 0:
            continue                                  # nothing below the subdiagonal to zero
        B = A[k + 1:, k + 1:]                         # a view: the trailing block, updated in place
        vw = VW[:, k + 1:]
        vw[0] = v
        p = B @ v
        p *= beta
        vw[1] = p - (0.5 * beta * (p @ v)) * v        # w
        B -= vw.T @ vw[::-1]                          # B <- B - v w^T - w v^T: one product
    if n >= 2:
        e[n - 2] = A[n - 1, n - 2]
    return np.diag(A).copy(), e, reflectors


# chapters/01-foundations/02-linear-algebra.pmd:859
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


# chapters/01-foundations/02-linear-algebra.pmd:919
def _tridiagonal_lu(d, e, shifts, tiny):
    """LU with partial pivoting of T - mu I for every mu in shifts at once (one column per shift).

    Returns lists of rows: U's diagonal u0 and superdiagonals u1, u2, L's multipliers, the swaps."""
    n, k = len(d), len(shifts)
    diag = d[:, None] - shifts[None, :]
    zero = np.zeros(k)
    u0, u1, u2, mult, swap = [], [], [], [], []
    a, b = diag[0], np.full(k, e[0] if n > 1 else 0.0)   # the current row: a in column i, b in i+1
    for i in range(n - 1):
        c, e_next = diag[i + 1], (e[i + 1] if i < n - 2 else 0.0)   # row i+1: e[i], c, e_next
        if e[i] == 0:                                 # T splits here: nothing to eliminate
            u0.append(a), u1.append(b), u2.append(zero), mult.append(zero), swap.append(zero > 0)
            a, b = c, np.full(k, e_next)
            continue
        sw = np.abs(a) < abs(e[i])                    # pivot on the larger of u_ii and t_{i+1,i}
        pivot = np.where(sw, e[i], a)                 # nonzero, since |pivot| >= |e[i]|
        m = np.where(sw, a, e[i]) / pivot
        top1 = np.where(sw, c, b)                     # the pivot row in columns i+1 and i+2
        u0.append(pivot), u1.append(top1), u2.append(sw * e_next), mult.append(m), swap.append(sw)
        a = np.where(sw, b, c) - m * top1             # the other row, minus m times the pivot row
        b = np.where(sw, -m, 1.0) * e_next
    u0 = np.array(u0 + [a])
    u0[np.abs(u0) < tiny] = tiny
    return list(u0), u1, u2, mult, swap


def _tridiagonal_lu_single(d, e, mu, tiny):
    """_tridiagonal_lu for a single shift mu, on Python floats: the same rows, as scalars."""
    n = len(d)
    diag = [float(x) - mu for x in d]
    e = [float(x) for x in e] + [0.0]
    u0, u1, u2, mult, swap = [], [], [], [], []
    a, b = diag[0], e[0]
    for i in range(n - 1):
        c = diag[i + 1]
        if e[i] == 0.0:
            u0.append(a), u1.append(b), u2.append(0.0), mult.append(0.0), swap.append(False)
            a, b = c, e[i + 1]
        elif abs(a) < abs(e[i]):                      # swap: row i+1 is the pivot row
            m = a / e[i]
            u0.append(e[i]), u1.append(c), u2.append(e[i + 1]), mult.append(m), swap.append(True)
            a, b = b - m * c, -m * e[i + 1]
        else:
            m = e[i] / a
            u0.append(a), u1.append(b), u2.append(0.0), mult.append(m), swap.append(False)
            a, b = c - m * b, e[i + 1]
    u0.append(a)
    return [x if abs(x) >= tiny else tiny for x in u0], u1, u2, mult, swap


def _tridiagonal_solve(factors, B):
    """Solve (T - mu_j I) x_j = b_j for every column j, from the factors of _tridiagonal_lu."""
    u0, u1, u2, mult, swap = factors
    n = len(u0)
    y, row = [], B[0]
    for i in range(n - 1):                            # apply L^{-1}: the swaps and multipliers
        top = np.where(swap[i], B[i + 1], row)
        row = np.where(swap[i], row, B[i + 1]) - mult[i] * top
        y.append(top)
    x = [row / u0[n - 1]]                             # back substitution with three diagonals,
    if n >= 2:                                        # x collects rows n-1, n-2, ..., 0
        x.append((y[n - 2] - u1[n - 2] * x[-1]) / u0[n - 2])
    for i in range(n - 3, -1, -1):
        x.append((y[i] - u1[i] * x[-1] - u2[i] * x[-2]) / u0[i])
    return np.array(x[::-1])


# chapters/01-foundations/02-linear-algebra.pmd:1031
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


def _orthonormalize(X):
    """Orthonormal basis of the columns of X: Cholesky QR twice, or Householder QR when X is
    too ill-conditioned for that."""
    Q = X
    for sweep in range(2):
        G = Q.T @ Q
        if sweep == 1 and np.sqrt(np.sum((G - np.eye(len(G))) ** 2)) > 0.1:
            return qr(X)[0]                           # kappa(X) beyond about 1e7: use QR
        try:
            L = cholesky(G)
        except ValueError:                            # G not numerically positive definite
            return qr(X)[0]
        Q = forward_substitution(L, Q.T).T            # Q <- Q R^{-1}, R = L^T
    return Q


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
    for (a, b), o in zip(runs, worst):
        if o > 0.1:                                   # block inverse iteration on this run
            below = 2 * w[a:b + 1].min() - w[a:b + 1].max() - 8 * n * eps * tnorm
            cluster_factors = _tridiagonal_lu_single(d, e, below, eps * tnorm)
            Y = _tridiagonal_solve(cluster_factors, _orthonormalize(X[:, a:b + 1]))
            X[:, a:b + 1] = Y / np.sqrt(np.einsum("ij,ij->j", Y, Y))
    cols = np.concatenate([np.arange(a, b + 1) for a, b in runs])
    X[:, cols] = _orthonormalize(X[:, cols])
    return X


# chapters/01-foundations/02-linear-algebra.pmd:1096
def _tridiagonal_error(d, e, w, X):
    """max(|T X - X diag(w)|, |X^T X - I|): how far X is from orthonormal eigenvectors of T."""
    TX = d[:, None] * X
    TX[:-1] += e[:, None] * X[1:]
    TX[1:] += e[:, None] * X[:-1]
    return max(np.abs(TX - X * w).max(), np.abs(X.T @ X - np.eye(len(d))).max())


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
        if _tridiagonal_error(d, e, w, V) > 100 * n * np.finfo(float).eps:
            T = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
            w, V = _eigh_jacobi(T)                    # the slow, safe path (see the text)
    Q = np.eye(n)
    if n >= 2:
        Q[1:, 1:] = _accumulate_q(reflectors, n - 1, n - 1)
    return w * scale, Q @ V
