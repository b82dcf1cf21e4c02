# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/12-svms-and-kernels.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/12-svms-and-kernels.pmd:744
"""Kernel ridge regression: beta = (K + alpha I)^{-1} y, predictions K(x, X) beta."""
import warnings

import numpy as np

from mlfp._validation import check_array, check_fitted_input, check_scalar, check_X_y
from mlfp.base import BaseEstimator, RegressorMixin
from mlfp.linalg import back_substitution, cholesky, forward_substitution, lstsq
from mlfp.svm.kernels import KERNELS, pairwise_kernel


def _solve_kernel_system(K, y, alpha):
    """(K + alpha I)^{-1} y by Cholesky; minimum-norm least squares if that fails."""
    A = K + alpha * np.eye(len(K))
    try:
        L = cholesky(A)
    except ValueError:
        warnings.warn("K + alpha I is singular; using the least-squares solution instead")
        return lstsq(A, y)
    return back_substitution(L.T, forward_substitution(L, y))


class KernelRidge(RegressorMixin, BaseEstimator):
    """Ridge regression in the feature space of a kernel (no intercept, as scikit-learn)."""

    def __init__(self, alpha=1.0, kernel="linear", gamma=None, degree=3, coef0=1.0):
        self.alpha, self.kernel, self.gamma, self.degree, self.coef0 = alpha, kernel, gamma, degree, coef0

    def _kernel(self, A, B):
        gamma = 1.0 / A.shape[1] if self.gamma is None else self.gamma
        kernel = "poly" if self.kernel == "polynomial" else self.kernel
        return pairwise_kernel(A, B, kernel, gamma, self.degree, self.coef0)

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        y = check_array(y, "y", ndim=1)
        check_scalar(self.alpha, "alpha", low=0)
        if self.kernel not in KERNELS + ("polynomial",):
            raise ValueError(f"kernel must be one of {KERNELS + ('polynomial',)}, got {self.kernel!r}")
        if self.gamma is not None:
            check_scalar(self.gamma, "gamma", low=0, low_open=True)
        self.X_fit_ = X
        self.dual_coef_ = _solve_kernel_system(self._kernel(X, X), y, float(self.alpha))
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        X = check_fitted_input(self, X, "dual_coef_")
        return self._kernel(X, self.X_fit_) @ self.dual_coef_
