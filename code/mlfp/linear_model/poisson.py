# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/09-logistic-regression-and-glms.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/09-logistic-regression-and-glms.pmd:617
"""Poisson regression with the log link (chapter 9): scikit-learn's objective
mean half-deviance + alpha/2 ||w||^2, by Newton's method or L-BFGS."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_scalar
from mlfp.base import BaseEstimator, RegressorMixin
from mlfp.exceptions import ConvergenceWarning
from mlfp.linear_model.logistic import _design_with_intercept, _fit_glm, _penalty_vector
from mlfp.linear_model.ols import _check_features, _check_regression_data


def _poisson_objective(theta, Xa, y, lam, hessian=False):
    """mean(exp(eta) - y eta) + 1/2 sum(lam theta^2), eta = Xa theta: half the mean deviance
    up to a constant (@eq:glm-poisson). Overflow gives inf, which the line search rejects."""
    n = len(y)
    eta = Xa @ theta
    with np.errstate(over="ignore", invalid="ignore"):
        mu = np.exp(eta)
        f = np.mean(mu - y * eta) + 0.5 * theta @ (lam * theta)
        g = Xa.T @ (mu - y) / n + lam * theta
    if not hessian:
        return f, g
    H = (Xa.T * (mu / n)) @ Xa
    H[np.diag_indices_from(H)] += lam
    return f, g, H


def _poisson_deviance(y, mu):
    """2 sum(y log(y / mu) - y + mu), with 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)
    return 2.0 * float(np.sum(ylogy - y + mu))


# chapters/02-classical/09-logistic-regression-and-glms.pmd:655
class PoissonRegressor(RegressorMixin, BaseEstimator):
    """Poisson GLM, log link: min 1/(2n) sum deviance(y_i, exp(x_i^T w + b)) + alpha/2 ||w||^2.

    Learned: coef_, intercept_, n_iter_, converged_. score(X, y) is D^2, the fraction of
    Poisson deviance explained (as scikit-learn's)."""

    def __init__(self, alpha=1.0, fit_intercept=True, solver="lbfgs", max_iter=100, tol=1e-4):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        check_scalar(self.alpha, "alpha", numbers.Real, low=0.0)
        check_scalar(self.max_iter, "max_iter", numbers.Integral, low=1)
        check_scalar(self.tol, "tol", numbers.Real, low=0.0)
        if self.solver not in ("newton", "lbfgs"):
            raise ValueError(f"solver must be 'newton' or 'lbfgs', got {self.solver!r}")
        X, y = _check_regression_data(X, y, self.fit_intercept)
        if np.any(y < 0) or not np.any(y > 0):
            raise ValueError("y must be non-negative counts (or rates), not all zero")
        n, d = X.shape
        Xa = _design_with_intercept(X, self.fit_intercept)
        theta0 = np.zeros(Xa.shape[1])
        if self.fit_intercept:
            theta0[-1] = np.log(y.mean())          # start at the best constant model
        theta, self.n_iter_, self.converged_, self.loss_curve_ = _fit_glm(
            _poisson_objective, theta0, Xa, y, _penalty_vector(d, self.alpha, self.fit_intercept),
            self.solver, self.max_iter, self.tol)
        if not self.converged_:
            warnings.warn(f"{self.solver} did not converge in {self.max_iter} iterations",
                          ConvergenceWarning, stacklevel=2)
        self.coef_ = theta[:d]
        self.intercept_ = float(theta[d]) if self.fit_intercept else 0.0
        self.n_features_in_ = d
        return self

    def predict(self, X):
        check_is_fitted(self, "coef_")
        return np.exp(_check_features(X, self.n_features_in_) @ self.coef_ + self.intercept_)

    def score(self, X, y):
        """D^2: 1 - deviance(y, predict(X)) / deviance(y, mean(y))."""
        y = check_array(y, "y", ndim=1)
        return 1.0 - _poisson_deviance(y, self.predict(X)) / _poisson_deviance(y, np.full(len(y), y.mean()))
