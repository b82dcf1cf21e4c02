# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/09-logistic-regression-and-glms.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/09-logistic-regression-and-glms.pmd:355
"""Damped Newton and L-BFGS for the smooth convex objectives of chapter 9."""
import numpy as np

from mlfp.linalg import back_substitution, forward_substitution

_ARMIJO = 1e-4                      # sufficient-decrease constant c in f(x + t d) <= f + c t g^T d
_FTOL = 64 * np.finfo(float).eps    # relative decrease below which we stop, as SciPy's L-BFGS-B


def _backtrack(fun, x, f, g, direction):
    """Armijo backtracking from t = 1; returns (t, fun(x + t d)) or (0, None) if no decrease."""
    slope = g @ direction
    t = 1.0
    while t > 1e-12:
        out = fun(x + t * direction)
        if out[0] <= f + _ARMIJO * t * slope:     # False for nan and inf: overflow backtracks
            return t, out
        t *= 0.5
    return 0.0, None


# chapters/02-classical/09-logistic-regression-and-glms.pmd:384
def _newton_direction(H, g):
    """Solve H s = g by Cholesky; if H is not numerically positive definite, by its
    eigendecomposition with the negligible eigenvalues dropped (a pseudo-inverse step)."""
    try:
        L = np.linalg.cholesky(H)
        return back_substitution(L.T, forward_substitution(L, g))
    except np.linalg.LinAlgError:
        lam, V = np.linalg.eigh(H)
        keep = lam > 1e-12 * max(lam.max(), 0.0)
        V = V[:, keep]
        return V @ ((V.T @ g) / lam[keep])


def _newton(fun, x0, max_iter, tol):
    """Damped Newton. fun(x, hessian) -> (f, g) or (f, g, H). Stops when max|g| <= tol.

    Returns (x, n_iter, converged, history of f)."""
    x = np.array(x0, dtype=float)
    f, g, H = fun(x, hessian=True)
    history = [f]
    for it in range(max_iter):
        if np.max(np.abs(g)) <= tol:
            return x, it, True, history
        step = -_newton_direction(H, g)
        t, out = _backtrack(lambda z: fun(z, hessian=False), x, f, g, step)
        if out is None:                          # no decrease at working precision
            return x, it, False, history
        x = x + t * step
        f_old, (f, g, H) = f, fun(x, hessian=True)
        history.append(f)
        if f_old - f <= _FTOL * max(abs(f_old), abs(f), 1.0):
            return x, it + 1, True, history
    return x, max_iter, bool(np.max(np.abs(g)) <= tol), history


# chapters/02-classical/09-logistic-regression-and-glms.pmd:427
def _two_loop(g, S, Y):
    """The L-BFGS product H_k g from the stored pairs (s_i, y_i), oldest first."""
    q = g.copy()
    alphas = []
    for s, y in zip(reversed(S), reversed(Y)):
        a = (s @ q) / (y @ s)
        q -= a * y
        alphas.append(a)
    if S:
        q *= (S[-1] @ Y[-1]) / (Y[-1] @ Y[-1])   # initial H_0 = gamma I
    for (s, y), a in zip(zip(S, Y), reversed(alphas)):
        q += (a - (y @ q) / (y @ s)) * s
    return q


def _lbfgs(fun, x0, max_iter, tol, memory=10):
    """L-BFGS with Armijo backtracking. fun(x) -> (f, g). Stops when max|g| <= tol or the
    relative decrease of f falls below 64 eps. Returns (x, n_iter, converged, history)."""
    x = np.array(x0, dtype=float)
    f, g = fun(x)
    history, S, Y = [f], [], []
    for it in range(max_iter):
        if np.max(np.abs(g)) <= tol:
            return x, it, True, history
        direction = -_two_loop(g, S, Y)
        if not S:                                # first step: unit length along -g
            direction /= max(np.linalg.norm(direction), 1.0)
        t, out = _backtrack(fun, x, f, g, direction)
        if out is None:
            return x, it, False, history
        f_new, g_new = out
        s, y = t * direction, g_new - g
        if s @ y > 1e-10 * (y @ y):              # curvature condition: keep H_k positive definite
            S.append(s)
            Y.append(y)
            if len(S) > memory:
                S.pop(0)
                Y.pop(0)
        x, small = x + s, f - f_new <= _FTOL * max(abs(f), abs(f_new), 1.0)
        f, g = f_new, g_new
        history.append(f)
        if small:
            return x, it + 1, True, history
    return x, max_iter, bool(np.max(np.abs(g)) <= tol), history
