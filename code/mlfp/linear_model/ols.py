# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/08-linear-regression.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/08-linear-regression.pmd:296
"""Ordinary least squares (chapter 8): LinearRegression by Householder QR, the SVD
or the normal equations, with classical standard errors."""
import warnings

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_X_y
from mlfp.base import BaseEstimator, RegressorMixin
from mlfp.linalg import back_substitution, forward_substitution

_EPS = np.finfo(np.float64).eps


def _center_data(X, y, fit_intercept):
    """Return (Xc, yc, x_mean, y_mean): centred copies if an intercept is fitted."""
    if not fit_intercept:
        return X, y, np.zeros(X.shape[1]), 0.0
    x_mean = X.mean(axis=0)
    y_mean = float(y.mean())
    return X - x_mean, y - y_mean, x_mean, y_mean


# chapters/02-classical/08-linear-regression.pmd:327
def _lstsq_svd(X, y):
    """Minimum-norm least squares by the SVD. Returns (w, rank, F) with F F^T = (X^T X)^+."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    cutoff = _EPS * max(X.shape) * (s[0] if s.size else 0.0)
    rank = int(np.count_nonzero(s > cutoff))
    U, s, V = U[:, :rank], s[:rank], Vt[:rank].T
    w = V @ ((U.T @ y) / s)
    return w, rank, V / s


# chapters/02-classical/08-linear-regression.pmd:355
def _lstsq_qr(X, y):
    """Least squares by Householder QR; the SVD if R reveals rank deficiency."""
    n, d = X.shape
    if n >= d:
        R_aug = np.linalg.qr(np.column_stack([X, y]), mode="r")   # [X | y] = Q [[R, z], [0, rho]]
        R, z = R_aug[:d, :d], R_aug[:d, d]                         # z = Q^T y
        diag = np.abs(np.diag(R))
        if diag.min() > _EPS * max(n, d) * diag.max():
            w = back_substitution(R, z)                # R w = Q^T y  (@eq:la-qr-least-squares)
            return w, d, back_substitution(R, np.eye(d))   # (X^T X)^{-1} = R^{-1} R^{-T}
    return _lstsq_svd(X, y)


# chapters/02-classical/08-linear-regression.pmd:377
def _cholesky_solve(A, b):
    """Solve A x = b for symmetric positive definite A; return (x, L). LinAlgError if not SPD."""
    L = np.linalg.cholesky(A)
    return back_substitution(L.T, forward_substitution(L, b)), L


def _lstsq_normal(X, y):
    """Solve X^T X w = X^T y by Cholesky (eigendecomposition if X^T X is singular)."""
    d = X.shape[1]
    G, b = X.T @ X, X.T @ y
    scale = np.max(np.diag(G)) if d else 0.0
    try:
        w, L = _cholesky_solve(G, b)
        if np.min(np.diag(L)) ** 2 > 10 * d * _EPS * scale:
            return w, d, forward_substitution(L, np.eye(d)).T   # (X^T X)^{-1} = L^{-T} L^{-1}
    except np.linalg.LinAlgError:
        pass
    warnings.warn("X^T X is numerically singular; solving the normal equations with its "
                  "pseudo-inverse (use solver='qr' or 'svd' for accuracy)", RuntimeWarning,
                  stacklevel=3)
    lam, V = np.linalg.eigh(G)
    keep = lam > 10 * d * _EPS * max(lam.max(), 0.0)
    V, lam = V[:, keep], lam[keep]
    return V @ ((V.T @ b) / lam), int(keep.sum()), V / np.sqrt(lam)


# chapters/02-classical/08-linear-regression.pmd:410
def _ols_standard_errors(F, resid, x_mean, n, rank, fit_intercept):
    """Classical OLS standard errors of (coef, intercept); NaN if not identifiable."""
    d = F.shape[0]
    dof = n - rank - int(fit_intercept)
    if rank < d or dof <= 0:
        return np.full(d, np.nan), np.nan
    sigma2 = float(resid @ resid) / dof
    se = np.sqrt(sigma2 * np.sum(F ** 2, axis=1))
    se_b = np.sqrt(sigma2 * (1.0 / n + np.sum((F.T @ x_mean) ** 2))) if fit_intercept else np.nan
    return se, float(se_b)


# chapters/02-classical/08-linear-regression.pmd:427
def _check_features(X, n_features):
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != n_features:
        raise ValueError(f"X has {X.shape[1]} features, but the model was fitted with {n_features}")
    return X


def _check_regression_data(X, y, fit_intercept):
    X, y = check_X_y(X, y)
    y = check_array(y, "y", ndim=1)
    if not isinstance(fit_intercept, (bool, np.bool_)):
        raise ValueError(f"fit_intercept must be True or False, got {fit_intercept!r}")
    return X, y


class _LinearRegressorBase(RegressorMixin, BaseEstimator):
    """predict(X) = X @ coef_ + intercept_ for the regressors of chapter 8."""

    def predict(self, X):
        check_is_fitted(self, "coef_")
        return _check_features(X, self.n_features_in_) @ self.coef_ + self.intercept_


# chapters/02-classical/08-linear-regression.pmd:453
_SOLVERS = {"qr": _lstsq_qr, "svd": _lstsq_svd, "normal": _lstsq_normal}


class LinearRegression(_LinearRegressorBase):
    """Ordinary least squares, min ||y - Xw - b||^2, by 'qr' (default), 'svd' or 'normal'.

    Learned: coef_ (d,), intercept_, rank_, standard_errors_ (d,),
    intercept_standard_error_ (classical, assuming homoscedastic noise).
    """

    def __init__(self, fit_intercept=True, solver="qr"):
        self.fit_intercept = fit_intercept
        self.solver = solver

    def fit(self, X, y):
        if self.solver not in _SOLVERS:
            raise ValueError(f"solver must be one of {sorted(_SOLVERS)}, got {self.solver!r}")
        X, y = _check_regression_data(X, y, self.fit_intercept)
        Xc, yc, x_mean, y_mean = _center_data(X, y, self.fit_intercept)
        w, self.rank_, F = _SOLVERS[self.solver](Xc, yc)
        self.coef_ = w
        self.intercept_ = y_mean - float(x_mean @ w) if self.fit_intercept else 0.0
        self.n_features_in_ = X.shape[1]
        self.standard_errors_, self.intercept_standard_error_ = _ols_standard_errors(
            F, yc - Xc @ w, x_mean, X.shape[0], self.rank_, self.fit_intercept)
        return self
