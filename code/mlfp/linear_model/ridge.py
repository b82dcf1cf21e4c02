# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/08-linear-regression.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/08-linear-regression.pmd:543
"""Ridge regression (chapter 8): min ||y - Xw - b||^2 + alpha ||w||^2, scikit-learn's objective."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_scalar
from mlfp.linear_model.ols import (_LinearRegressorBase, _center_data, _check_regression_data,
                                   _cholesky_solve, _lstsq_svd)


def _ridge_svd(X, y, alpha):
    """w = V diag(s / (s^2 + alpha)) U^T y, the shrinkage form (@eq:linreg-ridge-svd)."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    return Vt.T @ ((s / (s ** 2 + alpha)) * (U.T @ y))


def _ridge_cholesky(X, y, alpha):
    """Solve (X^T X + alpha I) w = X^T y, or the dual (X X^T + alpha I) c = y, w = X^T c."""
    n, d = X.shape
    if n >= d:
        A = X.T @ X
        A.flat[:: d + 1] += alpha
        return _cholesky_solve(A, X.T @ y)[0]
    K = X @ X.T
    K.flat[:: n + 1] += alpha
    return X.T @ _cholesky_solve(K, y)[0]


# chapters/02-classical/08-linear-regression.pmd:577
class Ridge(_LinearRegressorBase):
    """Ridge regression: min ||y - Xw - b||^2 + alpha ||w||^2 (the intercept is not penalised).

    solver: 'auto' (= 'cholesky', primal or dual), 'cholesky' or 'svd'.
    """

    def __init__(self, alpha=1.0, fit_intercept=True, solver="auto"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver

    def fit(self, X, y):
        alpha = float(check_scalar(self.alpha, "alpha", numbers.Real, low=0.0))
        if self.solver not in ("auto", "cholesky", "svd"):
            raise ValueError(f"solver must be 'auto', 'cholesky' or 'svd', got {self.solver!r}")
        X, y = _check_regression_data(X, y, self.fit_intercept)
        Xc, yc, x_mean, y_mean = _center_data(X, y, self.fit_intercept)
        if alpha == 0.0:
            w = _lstsq_svd(Xc, yc)[0]
        elif self.solver == "svd":
            w = _ridge_svd(Xc, yc, alpha)
        else:
            try:
                w = _ridge_cholesky(Xc, yc, alpha)
            except np.linalg.LinAlgError:        # alpha tiny compared with the scale of X
                warnings.warn("ridge system not positive definite in floating point; using the SVD",
                              RuntimeWarning, stacklevel=2)
                w = _ridge_svd(Xc, yc, alpha)
        self.coef_ = w
        self.intercept_ = y_mean - float(x_mean @ w) if self.fit_intercept else 0.0
        self.n_features_in_ = X.shape[1]
        return self
