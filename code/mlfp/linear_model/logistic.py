# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/09-logistic-regression-and-glms.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/09-logistic-regression-and-glms.pmd:249
"""Logistic regression (chapter 9): binary and multinomial, with scikit-learn's objective
C * sum(loss) + ||w||^2 / 2 (intercept not penalised), by Newton's method (IRLS) or L-BFGS."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_scalar
from mlfp.base import BaseEstimator, ClassifierMixin
from mlfp.exceptions import ConvergenceWarning


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow: exp is only ever taken of -|z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _log1pexp(z):
    """log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), accurate for every z."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


# chapters/02-classical/09-logistic-regression-and-glms.pmd:277
def _binary_objective(theta, Xa, y, lam, hessian=False):
    """Mean logistic loss + 1/2 sum(lam * theta^2) at theta; gradient; Hessian if asked.

    Xa is X with a column of ones appended when there is an intercept; lam is the
    per-parameter penalty (0 for the intercept); y holds 0/1.
    """
    n = len(y)
    eta = Xa @ theta
    p = _sigmoid(eta)
    f = np.mean(_log1pexp(eta) - y * eta) + 0.5 * theta @ (lam * theta)
    g = Xa.T @ (p - y) / n + lam * theta
    if not hessian:
        return f, g
    H = (Xa.T * (p * (1.0 - p) / n)) @ Xa            # X^T D X / n, D = diag(p (1 - p))
    H[np.diag_indices_from(H)] += lam
    return f, g, H


# chapters/02-classical/09-logistic-regression-and-glms.pmd:300
def _logsumexp(Z):
    """log sum_k exp(Z[i, k]) for each row, shifted by the row maximum."""
    m = Z.max(axis=1)
    return m + np.log(np.exp(Z - m[:, None]).sum(axis=1))


def _softmax(Z):
    """Row-wise softmax, shifted by the row maximum (no overflow)."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


# chapters/02-classical/09-logistic-regression-and-glms.pmd:321
def _multinomial_objective(theta, Xa, Y, lam, hessian=False):
    """Mean softmax cross-entropy + penalty at theta = W.ravel(), W of shape (k, p); Y one-hot."""
    n, p = Xa.shape
    k = Y.shape[1]
    W = theta.reshape(k, p)
    Z = Xa @ W.T
    lse = _logsumexp(Z)
    f = np.mean(lse - np.sum(Y * Z, axis=1)) + 0.5 * np.sum(lam * W * W)
    P = np.exp(Z - lse[:, None])                      # softmax, from the same log-sum-exp
    g = ((P - Y).T @ Xa / n + lam * W).ravel()
    if not hessian:
        return f, g
    # H[(a, i), (c, j)] = sum_n x_ni x_nj p_na (delta_ac - p_nc) / n + penalty
    B = (P[:, :, None] * Xa[:, None, :]).reshape(n, k * p)   # block c: Xa * p_c
    H = -(B.T @ B) / n
    for c in range(k):
        block = slice(c * p, (c + 1) * p)
        H[block, block] += (Xa.T * (P[:, c] / n)) @ Xa
    H[np.diag_indices_from(H)] += np.tile(lam, k)
    # Adding the same vector to every class changes nothing (@eq:glm-softmax, step 3): H is
    # singular along those directions. Add the projector onto them; the gradient is orthogonal
    # to them (from theta = 0), so the Newton step is unchanged and stays orthogonal too.
    H += np.kron(np.ones((k, k)), np.eye(p)) / k
    return f, g, H


# chapters/02-classical/09-logistic-regression-and-glms.pmd:479
from mlfp.linear_model._solvers import _lbfgs, _newton
from mlfp.linear_model.ols import _check_features


def _design_with_intercept(X, fit_intercept):
    return np.column_stack([X, np.ones(len(X))]) if fit_intercept else X


def _penalty_vector(n_features, lam, fit_intercept):
    """lam for every weight, 0 for the intercept."""
    return np.r_[np.full(n_features, lam), [0.0] * int(fit_intercept)]


def _fit_glm(objective, theta0, Xa, target, lam, solver, max_iter, tol):
    """Minimise objective(theta, Xa, target, lam) with 'newton' or 'lbfgs'."""
    if solver == "newton":
        return _newton(lambda th, hessian=False: objective(th, Xa, target, lam, hessian),
                      theta0, max_iter, tol)
    return _lbfgs(lambda th: objective(th, Xa, target, lam), theta0, max_iter, tol)


def _check_labels(y, n_samples):
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    if len(y) != n_samples:
        raise ValueError(f"X and y have different lengths: {n_samples} and {len(y)}")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinity")
    return y


# chapters/02-classical/09-logistic-regression-and-glms.pmd:517
def _check_logistic_params(est):
    """Validate the hyper-parameters; return the penalty per sample, 1 / C (0 if unpenalised)."""
    if est.penalty not in ("l2", None):
        raise ValueError(f"penalty must be 'l2' or None, got {est.penalty!r}")
    if est.solver not in ("newton", "lbfgs"):
        raise ValueError(f"solver must be 'newton' or 'lbfgs', got {est.solver!r}")
    if not isinstance(est.fit_intercept, (bool, np.bool_)):
        raise ValueError(f"fit_intercept must be True or False, got {est.fit_intercept!r}")
    check_scalar(est.C, "C", numbers.Real, low=0.0, low_open=True)
    check_scalar(est.max_iter, "max_iter", numbers.Integral, low=1)
    check_scalar(est.tol, "tol", numbers.Real, low=0.0)
    return 0.0 if est.penalty is None or np.isinf(est.C) else 1.0 / est.C


def _warn_if_unconverged_or_separable(est, X, codes, lam):
    if not est.converged_:
        warnings.warn(f"{est.solver} did not converge in {est.max_iter} iterations; increase "
                      "max_iter or scale the features", ConvergenceWarning, stacklevel=3)
    if lam == 0.0:
        scores = X @ est.coef_.T + est.intercept_
        if len(est.classes_) == 2:
            margin = np.where(codes == 1, 1.0, -1.0) * scores[:, 0]
        else:
            true = scores[np.arange(len(codes)), codes]
            scores[np.arange(len(codes)), codes] = -np.inf
            margin = true - scores.max(axis=1)
        if np.all(margin > 0):
            warnings.warn("the training data are linearly separable: the unpenalised maximum-"
                          "likelihood estimate does not exist and the coefficients grow with "
                          "max_iter and tol; use penalty='l2'", ConvergenceWarning, stacklevel=3)


# chapters/02-classical/09-logistic-regression-and-glms.pmd:550
class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary (sigmoid) or multinomial (softmax) logistic regression with scikit-learn's objective
    C * sum_i loss_i + ||W||^2 / 2 (penalty=None or C=inf: unpenalised), intercept unpenalised.

    Learned: classes_, coef_ (1, d) or (k, d), intercept_ (1,) or (k,), n_iter_, loss_curve_
    (the objective, divided by C n, per iteration), converged_.
    """

    def __init__(self, C=1.0, penalty="l2", fit_intercept=True, solver="lbfgs", max_iter=100, tol=1e-6):
        self.C = C
        self.penalty = penalty
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        lam_per_sample = _check_logistic_params(self)
        X = check_array(X, "X", ndim=2)
        y = _check_labels(y, len(X))
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"need samples of at least 2 classes, got only {self.classes_!r}")
        n, d = X.shape
        Xa = _design_with_intercept(X, self.fit_intercept)
        lam = _penalty_vector(d, lam_per_sample / n, self.fit_intercept)
        k = len(self.classes_)
        if k == 2:
            objective, target = _binary_objective, codes.astype(float)
        else:
            objective, target = _multinomial_objective, np.eye(k)[codes]
        theta0 = np.zeros(Xa.shape[1] * (1 if k == 2 else k))
        theta, self.n_iter_, self.converged_, self.loss_curve_ = _fit_glm(
            objective, theta0, Xa, target, lam, self.solver, self.max_iter, self.tol)
        W = theta.reshape(-1, Xa.shape[1])
        self.coef_ = W[:, :d].copy()
        self.intercept_ = W[:, d].copy() if self.fit_intercept else np.zeros(len(W))
        self.n_features_in_ = d
        _warn_if_unconverged_or_separable(self, X, codes, lam_per_sample)
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        scores = _check_features(X, self.n_features_in_) @ self.coef_.T + self.intercept_
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def predict_proba(self, X):
        scores = self.decision_function(X)
        if len(self.classes_) == 2:
            p1 = _sigmoid(scores)
            return np.column_stack([1.0 - p1, p1])
        return _softmax(scores)

    def predict(self, X):
        scores = self.decision_function(X)
        idx = (scores > 0).astype(int) if len(self.classes_) == 2 else np.argmax(scores, axis=1)
        return self.classes_[idx]
