# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/08-linear-regression.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/08-linear-regression.pmd:623
"""Lasso and elastic net by cyclic coordinate descent (chapter 8), with scikit-learn's
objective 1/(2n) ||y - Xw - b||^2 + alpha*l1_ratio ||w||_1 + alpha*(1 - l1_ratio)/2 ||w||^2."""
import math
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_scalar
from mlfp.exceptions import ConvergenceWarning
from mlfp.linear_model.ols import _LinearRegressorBase, _center_data, _check_regression_data


def _soft_threshold(z, t):
    """S(z, t) = sign(z) max(|z| - t, 0) for floats (plain Python: it runs once per coordinate)."""
    return math.copysign(max(abs(z) - t, 0.0), z)


# chapters/02-classical/08-linear-regression.pmd:652
def _enet_duality_gap(X, y, w, R, l1, l2):
    """P(w) - D(theta) for P = 1/2 ||R||^2 + l1 ||w||_1 + l2/2 ||w||^2, R = y - X w."""
    XtA = X.T @ R - l2 * w
    dual_norm = np.max(np.abs(XtA)) if XtA.size else 0.0
    c = l1 / dual_norm if dual_norm > l1 else 1.0
    R2, w2 = float(R @ R), float(w @ w)
    primal = 0.5 * (R2 + l2 * w2) + l1 * np.abs(w).sum()
    dual = -0.5 * c ** 2 * (R2 + l2 * w2) + c * float(R @ y)
    return primal - dual


# chapters/02-classical/08-linear-regression.pmd:674
def _coordinate_descent(X, y, l1, l2, w, max_iter, tol):
    """Minimise 1/2 ||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2 from w. Returns (w, gap, n_iter, ok)."""
    X = np.asfortranarray(X)
    col_sq = np.einsum("ij,ij->j", X, X)
    R = y - X @ w
    gap_tol = tol * float(y @ y)
    everything = np.flatnonzero(col_sq > 0)
    coords, gap = everything, np.inf
    for it in range(1, max_iter + 1):
        w_max = dw_max = 0.0
        for j in coords:
            xj, wj = X[:, j], w[j]
            rho = float(xj @ R) + wj * col_sq[j]
            new = _soft_threshold(rho, l1) / (col_sq[j] + l2)     # @eq:linreg-cd-update
            if new != wj:
                R += (wj - new) * xj
                w[j] = new
            dw_max, w_max = max(dw_max, abs(new - wj)), max(w_max, abs(new))
        settled = w_max == 0.0 or dw_max <= tol * w_max
        if settled and coords is everything:
            gap = _enet_duality_gap(X, y, w, R, l1, l2)
            if gap <= gap_tol:
                return w, gap, it, True
        # until the active set settles, sweep only the nonzero coefficients; then everything
        coords = everything if settled else np.flatnonzero(w)
        if coords.size == 0:
            coords = everything
    return w, _enet_duality_gap(X, y, w, R, l1, l2), max_iter, False


# chapters/02-classical/08-linear-regression.pmd:713
def _check_enet_params(alpha, l1_ratio, max_iter, tol):
    check_scalar(alpha, "alpha", numbers.Real, low=0.0, low_open=True)
    check_scalar(l1_ratio, "l1_ratio", numbers.Real, low=0.0, high=1.0, low_open=True)
    check_scalar(max_iter, "max_iter", numbers.Integral, low=1)
    check_scalar(tol, "tol", numbers.Real, low=0.0)


class ElasticNet(_LinearRegressorBase):
    """min 1/(2n)||y - Xw - b||^2 + alpha*l1_ratio*||w||_1 + alpha*(1 - l1_ratio)/2*||w||^2.

    Learned: coef_, intercept_, n_iter_ (sweeps), dual_gap_ (on the 1/(2n) scale).
    """

    def __init__(self, alpha=1.0, l1_ratio=0.5, fit_intercept=True, max_iter=1000, tol=1e-4):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _l1_ratio(self):
        return self.l1_ratio

    def fit(self, X, y):
        rho = self._l1_ratio()
        _check_enet_params(self.alpha, rho, self.max_iter, self.tol)
        X, y = _check_regression_data(X, y, self.fit_intercept)
        Xc, yc, x_mean, y_mean = _center_data(X, y, self.fit_intercept)
        n = X.shape[0]
        w, gap, self.n_iter_, ok = _coordinate_descent(
            Xc, yc, n * self.alpha * rho, n * self.alpha * (1 - rho), np.zeros(X.shape[1]),
            self.max_iter, self.tol)
        if not ok:
            warnings.warn(f"coordinate descent did not converge in {self.max_iter} sweeps "
                          f"(duality gap {gap / n:.3g}); increase max_iter", ConvergenceWarning,
                          stacklevel=2)
        self.coef_, self.dual_gap_ = w, gap / n
        self.intercept_ = y_mean - float(x_mean @ w) if self.fit_intercept else 0.0
        self.n_features_in_ = X.shape[1]
        return self


class Lasso(ElasticNet):
    """min 1/(2n)||y - Xw - b||^2 + alpha ||w||_1, by coordinate descent."""

    def __init__(self, alpha=1.0, fit_intercept=True, max_iter=1000, tol=1e-4):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _l1_ratio(self):
        return 1.0


# chapters/02-classical/08-linear-regression.pmd:776
def enet_path(X, y, l1_ratio=0.5, alphas=None, n_alphas=100, eps=1e-3, max_iter=1000, tol=1e-4):
    """Elastic-net coefficients along a decreasing alpha grid, warm-started. Returns (alphas, coefs)."""
    _check_enet_params(1.0, l1_ratio, max_iter, tol)     # (alpha is checked below)
    X = check_array(X, "X", ndim=2)
    y = check_array(y, "y", ndim=1)
    if len(y) != len(X):
        raise ValueError(f"X and y have different lengths: {len(X)} and {len(y)}")
    n, d = X.shape
    if alphas is None:
        alpha_max = np.max(np.abs(X.T @ y)) / (n * l1_ratio)
        alphas = alpha_max * np.logspace(0, np.log10(eps), n_alphas)
    alphas = np.sort(check_array(alphas, "alphas", ndim=1))[::-1]
    if np.any(alphas <= 0):
        raise ValueError("alphas must be positive")
    coefs, w = np.empty((d, len(alphas))), np.zeros(d)
    for k, a in enumerate(alphas):
        w = _coordinate_descent(X, y, n * a * l1_ratio, n * a * (1 - l1_ratio), w.copy(),
                                max_iter, tol)[0]
        coefs[:, k] = w
    return alphas, coefs


def lasso_path(X, y, alphas=None, n_alphas=100, eps=1e-3, max_iter=1000, tol=1e-4):
    """enet_path with l1_ratio = 1."""
    return enet_path(X, y, 1.0, alphas, n_alphas, eps, max_iter, tol)
