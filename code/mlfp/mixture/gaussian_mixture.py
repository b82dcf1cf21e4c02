# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/14-unsupervised-learning.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/14-unsupervised-learning.pmd:841
"""Gaussian mixture models fitted by expectation-maximisation (chapter 14)."""
import math
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_fitted_input, check_is_fitted, check_random_state, check_scalar
from mlfp.base import BaseEstimator
from mlfp.cluster.kmeans import KMeans
from mlfp.exceptions import ConvergenceWarning
from mlfp.linalg import cholesky, forward_substitution

_LOG_2PI = math.log(2.0 * math.pi)
_COVARIANCE_TYPES = ("full", "diag")


def _logsumexp(A, axis=1):
    """log sum exp along an axis without overflow: factor out the largest term."""
    top = np.max(A, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(A - top), axis=axis))


# chapters/02-classical/14-unsupervised-learning.pmd:871
def _m_step(X, resp, reg_covar, covariance_type):
    """Weights, means and covariances maximising the expected complete-data log-likelihood.

    reg_covar is added to every variance: a component that collapses onto one point would
    otherwise get a singular covariance and an infinite likelihood.
    """
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps      # keeps an empty component finite
    means = resp.T @ X / nk[:, None]
    k, d = means.shape
    if covariance_type == "full":
        cov = np.empty((k, d, d))
        for j in range(k):
            diff = X - means[j]
            cov[j] = (resp[:, j] * diff.T) @ diff / nk[j]
            cov[j].flat[:: d + 1] += reg_covar
    else:
        # E[(x - mu)^2] = E[x^2] - mu^2 as matrix products: X is centred by the caller, which
        # keeps the cancellation small; a rounding error below zero is clipped
        cov = np.maximum(resp.T @ (X * X) / nk[:, None] - means * means, 0.0) + reg_covar
    return nk / nk.sum(), means, cov


# chapters/02-classical/14-unsupervised-learning.pmd:914
def _singular_error(j, what):
    return ValueError(f"component {j} has a singular covariance ({what}): it collapsed onto a "
                      "point or a subspace; increase reg_covar or reduce n_components")


def _precision_cholesky(cov, covariance_type):
    """Factors P with P P^T = Sigma^{-1}: P = L^{-T} for Sigma = L L^T (full), 1/sigma (diag).
    Raises ValueError naming a component whose covariance is singular to working precision."""
    floor = cov.shape[-1] * np.finfo(float).eps           # relative size of a negligible pivot
    if covariance_type == "diag":
        small = cov <= floor * cov.max(axis=1, keepdims=True)
        if np.any(small):
            raise _singular_error(int(np.flatnonzero(small.any(axis=1))[0]), "a variance is ~0")
        return 1.0 / np.sqrt(cov)
    k, d, _ = cov.shape
    prec_chol = np.empty_like(cov)
    for j in range(k):
        try:
            L = cholesky(cov[j])
        except ValueError:
            raise _singular_error(j, "not positive definite") from None
        if np.min(np.diag(L)) ** 2 <= floor * np.max(np.diag(cov[j])):
            raise _singular_error(j, f"smallest pivot {np.min(np.diag(L)) ** 2:.2g}")
        prec_chol[j] = forward_substitution(L, np.eye(d)).T      # (L^{-1})^T, upper triangular
    return prec_chol


# chapters/02-classical/14-unsupervised-learning.pmd:949
def _log_gaussian(X, means, prec_chol, covariance_type):
    """log N(x_i; mu_j, Sigma_j) for all i, j as an (n, k) array, through P with P P^T = Sigma^{-1}:
    log N = -(d log 2 pi + ||(x - mu)^T P||^2) / 2 + log det P."""
    d = X.shape[1]
    if covariance_type == "full":
        maha = np.empty((X.shape[0], means.shape[0]))
        log_det = np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)
        for j in range(means.shape[0]):
            Y = (X - means[j]) @ prec_chol[j]
            maha[:, j] = np.einsum("ij,ij->i", Y, Y)
    else:
        # sum_d p_jd^2 (x_d - mu_jd)^2 expanded into matrix products (X centred by the caller)
        log_det = np.sum(np.log(prec_chol), axis=1)
        P2 = prec_chol ** 2
        maha = (X * X) @ P2.T - 2.0 * X @ (means * P2).T + np.sum(means * means * P2, axis=1)
        np.maximum(maha, 0.0, out=maha)
    return -0.5 * (d * _LOG_2PI + maha) + log_det


# chapters/02-classical/14-unsupervised-learning.pmd:972
def _e_step(X, weights, means, prec_chol, covariance_type):
    """Responsibilities (as logs) and the mean log-likelihood, by log-sum-exp."""
    joint = _log_gaussian(X, means, prec_chol, covariance_type) + np.log(weights)
    log_px = _logsumexp(joint, axis=1)
    return float(np.mean(log_px)), joint - log_px[:, None]


def _n_parameters(k, d, covariance_type):
    """Free parameters: k - 1 weights, k d means, and k d(d+1)/2 (full) or k d (diag) variances."""
    cov = k * d * (d + 1) // 2 if covariance_type == "full" else k * d
    return (k - 1) + k * d + cov


# chapters/02-classical/14-unsupervised-learning.pmd:992
def _em(X, params, covariance_type, reg_covar, max_iter, tol):
    """EM from params = (weights, means, covariances, precision factors) until the mean
    log-likelihood changes by less than tol. Returns the final parameters, the mean
    log-likelihood at every E-step (non-decreasing: the ELBO argument), and convergence."""
    weights, means, cov, prec_chol = params
    history, converged = [], False
    for _ in range(max_iter):
        loglik, log_resp = _e_step(X, weights, means, prec_chol, covariance_type)
        weights, means, cov = _m_step(X, np.exp(log_resp), reg_covar, covariance_type)
        prec_chol = _precision_cholesky(cov, covariance_type)
        history.append(loglik)
        if len(history) > 1 and abs(history[-1] - history[-2]) < tol:
            converged = True
            break
    return (weights, means, cov, prec_chol), history, converged


# chapters/02-classical/14-unsupervised-learning.pmd:1015
def _initial_parameters(X, k, covariance_type, reg_covar, init_params, rng, shift=0.0,
                        weights_init=None, means_init=None, precisions_init=None):
    """Starting parameters: one M-step from k-means labels (or random responsibilities),
    then any of weights, means and precisions the user supplied replaces its estimate.
    X is centred: it is the data minus `shift`, so means_init is shifted the same way."""
    n, d = X.shape
    if init_params == "kmeans":
        resp = np.zeros((n, k))
        resp[np.arange(n), KMeans(k, n_init=1, random_state=rng).fit(X).labels_] = 1.0
    else:
        resp = rng.uniform(size=(n, k))
        resp /= resp.sum(axis=1, keepdims=True)
    weights, means, cov = _m_step(X, resp, reg_covar, covariance_type)
    if weights_init is not None:
        weights = check_array(weights_init, "weights_init", ndim=1)
        if weights.shape != (k,) or np.any(weights < 0) or abs(weights.sum() - 1) > 1e-6:
            raise ValueError(f"weights_init must be {k} non-negative numbers summing to 1")
    if means_init is not None:
        means = check_array(means_init, "means_init")
        if means.shape != (k, d):
            raise ValueError(f"means_init must have shape ({k}, {d}), got {means.shape}")
        means = means - shift
    if precisions_init is None:
        return weights, means, cov, _precision_cholesky(cov, covariance_type)
    shape = (k, d, d) if covariance_type == "full" else (k, d)
    prec = check_array(precisions_init, "precisions_init", ndim=len(shape))
    if prec.shape != shape:
        raise ValueError(f"precisions_init must have shape {shape}, got {prec.shape}")
    if covariance_type == "diag":
        return weights, means, 1.0 / prec, _precision_cholesky(1.0 / prec, "diag")
    prec_chol = np.stack([cholesky(p) for p in prec])   # lower P with P P^T = precision
    inv = [forward_substitution(P, np.eye(d)) for P in prec_chol]    # P^{-1}
    cov = np.stack([Z.T @ Z for Z in inv])                         # (P P^T)^{-1}
    return weights, means, cov, prec_chol


# chapters/02-classical/14-unsupervised-learning.pmd:1058
def _check_parameters(est, n_samples):
    """Validate the hyper-parameters of a GaussianMixture at fit time; return n_components."""
    k = check_scalar(est.n_components, "n_components", numbers.Integral, low=1)
    if n_samples < k:
        raise ValueError(f"n_components={k} must be <= n_samples={n_samples}")
    if est.covariance_type not in _COVARIANCE_TYPES:
        raise ValueError(f"covariance_type must be one of {_COVARIANCE_TYPES}, "
                         f"got {est.covariance_type!r}")
    if est.init_params not in ("kmeans", "random"):
        raise ValueError(f"init_params must be 'kmeans' or 'random', got {est.init_params!r}")
    check_scalar(est.tol, "tol", numbers.Real, low=0)
    check_scalar(est.reg_covar, "reg_covar", numbers.Real, low=0)
    check_scalar(est.max_iter, "max_iter", numbers.Integral, low=1)
    check_scalar(est.n_init, "n_init", numbers.Integral, low=1)
    return k


class GaussianMixture(BaseEstimator):
    """A mixture of k Gaussians with full or diagonal covariances, fitted by EM."""

    _estimator_type = "density_estimator"

    def __init__(self, n_components=1, covariance_type="full", tol=1e-3, reg_covar=1e-6,
                 max_iter=100, n_init=1, init_params="kmeans", weights_init=None,
                 means_init=None, precisions_init=None, random_state=None):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state

    def fit(self, X, y=None):
        X = check_array(X, "X", min_samples=2)
        k = _check_parameters(self, X.shape[0])
        rng = check_random_state(self.random_state)
        shift = X.mean(axis=0)          # EM is translation-equivariant: work on centred data
        X = X - shift
        best = None
        for _ in range(self.n_init):
            start = _initial_parameters(X, k, self.covariance_type, self.reg_covar, self.init_params,
                                        rng, shift, self.weights_init, self.means_init,
                                        self.precisions_init)
            run = _em(X, start, self.covariance_type, self.reg_covar, self.max_iter, self.tol)
            if best is None or run[1][-1] > best[1][-1]:
                best = run
        (self.weights_, means, self.covariances_, self.precisions_cholesky_), history, \
            self.converged_ = best
        self.means_ = means + shift
        self.lower_bounds_, self.lower_bound_, self.n_iter_ = history, history[-1], len(history)
        P = self.precisions_cholesky_
        self.precisions_ = P @ np.swapaxes(P, 1, 2) if self.covariance_type == "full" else P ** 2
        self.n_features_in_ = X.shape[1]
        if not self.converged_:
            warnings.warn(f"EM did not converge in max_iter={self.max_iter} iterations; increase "
                          "max_iter or tol", ConvergenceWarning)
        return self

    def _joint(self, X):
        """log pi_j + log N(x_i; mu_j, Sigma_j), shape (n, k)."""
        X = check_fitted_input(self, X, "means_")
        centre = self.means_.mean(axis=0)
        return _log_gaussian(X - centre, self.means_ - centre, self.precisions_cholesky_,
                             self.covariance_type) + np.log(self.weights_)

    def score_samples(self, X):
        """log p(x_i) for each row of X."""
        return _logsumexp(self._joint(X), axis=1)

    def score(self, X, y=None):
        """Mean log-likelihood per sample."""
        return float(np.mean(self.score_samples(X)))

    def predict_proba(self, X):
        """Responsibilities p(z = j | x_i); rows sum to one."""
        joint = self._joint(X)
        return np.exp(joint - _logsumexp(joint, axis=1)[:, None])

    def predict(self, X):
        return np.argmax(self._joint(X), axis=1)

    def fit_predict(self, X, y=None):
        return self.fit(X).predict(X)

    def bic(self, X):
        """Bayesian information criterion: -2 log L + p log n (lower is better)."""
        n = check_array(X, "X").shape[0]
        return -2.0 * self.score(X) * n + self._n_parameters() * math.log(n)

    def _n_parameters(self):
        check_is_fitted(self, "means_")
        return _n_parameters(*self.means_.shape, self.covariance_type)
