# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/04-optimization.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/04-optimization.pmd:451
"""Line searches: Armijo backtracking and a strong-Wolfe bracketing search."""
import numpy as np


def _flat(ft, fx):
    """f(x + t p) and f(x) differ by no more than (generously) the rounding error of f."""
    return abs(ft - fx) <= 1e-10 * (1.0 + abs(fx))


def _sufficient_decrease(t, ft, slope_t, fx, d0, c1):
    """Armijo's condition; where f is flat to rounding error, its slope form for a quadratic,
    phi'(t) <= (2 c1 - 1) phi'(0) (Hager & Zhang's approximate Wolfe condition)."""
    if ft <= fx + c1 * t * d0:
        return True
    return _flat(ft, fx) and slope_t is not None and slope_t <= (2 * c1 - 1) * d0


# chapters/01-foundations/04-optimization.pmd:476
def armijo_backtracking(f, x, fx, gx, p, t0=1.0, c1=1e-4, shrink=0.5, max_steps=60, grad=None):
    """First t in t0, t0*shrink, ... with f(x + t p) <= f(x) + c1 t g'p (or, where f is flat
    to rounding error and `grad` is given, the slope form of that condition).

    Returns (t, f(x + t p)), or None if p is not a descent direction or no step passed.
    """
    slope = float(gx @ p)
    if not slope < 0:
        return None
    t = t0
    for _ in range(max_steps):
        xt = x + t * p
        ft = f(xt)
        if np.isfinite(ft):
            if _sufficient_decrease(t, ft, None, fx, slope, c1):
                return t, ft
            if grad is not None and _flat(ft, fx) and _sufficient_decrease(
                    t, ft, float(grad(xt) @ p), fx, slope, c1):
                return t, ft
        t *= shrink
    return None


# chapters/01-foundations/04-optimization.pmd:509
def _cubic_minimizer(a, fa, da, b, fb, db):
    """Minimiser of the cubic through (a, fa, da), (b, fb, db), kept inside [a, b]; else midpoint."""
    mid = 0.5 * (a + b)
    if not np.all(np.isfinite([fa, da, fb, db])):
        return mid
    d1 = da + db - 3 * (fa - fb) / (a - b)
    radicand = d1 * d1 - da * db
    if radicand < 0:
        return mid
    d2 = np.copysign(np.sqrt(radicand), b - a)
    denom = db - da + 2 * d2
    if denom == 0:
        return mid
    t = b - (b - a) * (db + d2 - d1) / denom
    lo, hi = min(a, b), max(a, b)
    margin = 0.1 * (hi - lo)
    return t if lo + margin <= t <= hi - margin else mid


# chapters/01-foundations/04-optimization.pmd:529
def _zoom(phi, f0, d0, lo, hi, c1, c2, max_steps):
    """Shrink [lo, hi] (tuples (t, f, g, slope)) to a strong-Wolfe step; lo always has sufficient
    decrease, so it is returned if the interval collapses first."""
    for _ in range(max_steps):
        t = _cubic_minimizer(lo[0], lo[1], lo[3], hi[0], hi[1], hi[3])
        trial = (t, *phi(t))
        if (not np.isfinite(trial[1]) or (trial[1] >= lo[1] and not _flat(trial[1], f0))
                or not _sufficient_decrease(t, trial[1], trial[3], f0, d0, c1)):
            hi = trial
        else:
            if abs(trial[3]) <= -c2 * d0:
                return trial[:3]
            if trial[3] * (hi[0] - lo[0]) >= 0:
                hi = lo
            lo = trial
        if abs(hi[0] - lo[0]) <= 1e-14 * max(1.0, abs(lo[0])):
            break
    return lo[:3] if lo[0] > 0 else None


def wolfe_line_search(f_and_g, x, fx, gx, p, t0=1.0, c1=1e-4, c2=0.9, max_steps=30):
    """A step t with f(x + t p) <= f(x) + c1 t g'p and |g(x + t p)'p| <= c2 |g'p|.

    Returns (t, f(x + t p), g(x + t p)), or None if p is not a descent direction or the
    search failed (Nocedal & Wright, Algorithms 3.5-3.6).
    """
    d0 = float(gx @ p)
    if not d0 < 0:
        return None

    def phi(t):
        ft, gt = f_and_g(x + t * p)
        return ft, gt, float(gt @ p) if np.isfinite(ft) else np.nan

    prev = (0.0, fx, gx, d0)
    t = t0
    for i in range(max_steps):
        cur = (t, *phi(t))
        if (not np.isfinite(cur[1]) or (i > 0 and cur[1] >= prev[1] and not _flat(cur[1], fx))
                or not _sufficient_decrease(t, cur[1], cur[3], fx, d0, c1)):
            return _zoom(phi, fx, d0, prev, cur, c1, c2, max_steps)
        if abs(cur[3]) <= -c2 * d0:
            return cur[:3]
        if cur[3] >= 0:
            return _zoom(phi, fx, d0, cur, prev, c1, c2, max_steps)
        prev, t = cur, 2.0 * t
    return None
