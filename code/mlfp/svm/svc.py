# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/12-svms-and-kernels.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/12-svms-and-kernels.pmd:577
"""Support vector classification: kernels, SMO and one-vs-one voting."""
import numbers

import numpy as np

from mlfp._validation import check_fitted_input, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin
from mlfp.svm.kernels import KERNELS, pairwise_kernel
from mlfp.svm.smo import smo


def _resolve_gamma(gamma, X):
    """'scale' -> 1 / (d Var X), 'auto' -> 1 / d, or a positive number."""
    if isinstance(gamma, str):
        if gamma == "scale":
            var = X.var()
            return 1.0 / (X.shape[1] * var) if var > 0 else 1.0
        if gamma == "auto":
            return 1.0 / X.shape[1]
        raise ValueError(f"gamma must be 'scale', 'auto' or a positive number, got {gamma!r}")
    return float(check_scalar(gamma, "gamma", low=0, low_open=True))


def _pair_kernel(K, start, stop, a, b):
    """K restricted to classes a and b, whose samples are rows start[c]:stop[c] of K."""
    blocks = (slice(start[a], stop[a]), slice(start[b], stop[b]))
    return np.block([[K[r, c] for c in blocks] for r in blocks])


def _fit_one_vs_one(X, kernel, codes, n_classes, C, tol, max_iter):
    """One SMO per pair a < b (y = +1 for b); returns [(a, b, sample indices of SVs, alpha*y, b0, n_iter)]."""
    order = np.argsort(codes, kind="stable")             # each class's samples contiguous
    K = kernel(X[order], X[order])
    counts = np.bincount(codes, minlength=n_classes)
    stop = np.cumsum(counts)
    start = stop - counts
    fits = []
    for a in range(n_classes):
        for b in range(a + 1, n_classes):
            idx = np.concatenate([order[start[a]:stop[a]], order[start[b]:stop[b]]])
            y = np.where(codes[idx] == b, 1.0, -1.0)
            K_pair = K if n_classes == 2 else _pair_kernel(K, start, stop, a, b)
            alpha, b0, n_iter = smo(K_pair, y, C, tol, max_iter)
            sv = alpha > 0
            fits.append((a, b, idx[sv], alpha[sv] * y[sv], b0, n_iter))
    return fits


# chapters/02-classical/12-svms-and-kernels.pmd:639
def _assemble(fits, codes, n_classes):
    """Union of support vectors (grouped by class), per-pair coefficients and scikit-learn's layout."""
    is_sv = np.zeros(len(codes), dtype=bool)
    for fit in fits:
        is_sv[fit[2]] = True
    support = np.concatenate([np.flatnonzero(is_sv & (codes == c)) for c in range(n_classes)])
    column = np.full(len(codes), -1)
    column[support] = np.arange(len(support))
    pair_coef = np.zeros((len(fits), len(support)))
    dual_coef = np.zeros((n_classes - 1, len(support)))
    for p, (a, b, sv, coef, _, _) in enumerate(fits):
        pair_coef[p, column[sv]] = coef
        in_a = codes[sv] == a
        dual_coef[b - 1, column[sv[in_a]]] = -coef[in_a]    # LIBSVM: +1 for the first class
        dual_coef[a, column[sv[~in_a]]] = -coef[~in_a]
    return support, pair_coef, dual_coef


def _ovr_decision(D, n_classes):
    """Votes plus a confidence in (-1/3, 1/3), one column per class (scikit-learn's 'ovr' shape)."""
    votes, conf = np.zeros((len(D), n_classes)), np.zeros((len(D), n_classes))
    p = 0
    for a in range(n_classes):
        for b in range(a + 1, n_classes):
            votes[:, b] += D[:, p] > 0
            votes[:, a] += D[:, p] <= 0
            conf[:, b] += D[:, p]
            conf[:, a] -= D[:, p]
            p += 1
    return votes, votes + conf / (3 * (np.abs(conf) + 1))


# chapters/02-classical/12-svms-and-kernels.pmd:675
class SVC(ClassifierMixin, BaseEstimator):
    """C-support vector classifier trained by SMO (binary, or one-vs-one for k > 2 classes)."""

    def __init__(self, C=1.0, kernel="rbf", gamma="scale", degree=3, coef0=0.0, tol=1e-3, max_iter=-1,
                 decision_function_shape="ovr"):
        self.C, self.kernel, self.gamma, self.degree = C, kernel, gamma, degree
        self.coef0, self.tol, self.max_iter = coef0, tol, max_iter
        self.decision_function_shape = decision_function_shape

    def _kernel(self, A, B):
        return pairwise_kernel(A, B, self.kernel, self._gamma, self.degree, self.coef0)

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        check_scalar(self.C, "C", low=0, low_open=True)
        check_scalar(self.tol, "tol", low=0, low_open=True)
        check_scalar(self.degree, "degree", numbers.Integral, low=0)
        check_scalar(self.coef0, "coef0")
        check_scalar(self.max_iter, "max_iter", numbers.Integral, low=-1)
        if self.kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}, got {self.kernel!r}")
        if self.decision_function_shape not in ("ovr", "ovo"):
            raise ValueError(f"decision_function_shape must be 'ovr' or 'ovo', got {self.decision_function_shape!r}")
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"SVC needs samples of at least 2 classes in y; got only {self.classes_}")
        self._gamma = _resolve_gamma(self.gamma, X)
        fits = _fit_one_vs_one(X, self._kernel, codes, len(self.classes_), self.C, self.tol,
                               self.max_iter)
        self.support_, self._pair_coef, dual_coef = _assemble(fits, codes, len(self.classes_))
        self._pair_intercept = np.array([f[4] for f in fits])
        two = len(self.classes_) == 2
        self.dual_coef_ = -dual_coef if two else dual_coef
        self.intercept_ = self._pair_intercept.copy() if two else -self._pair_intercept
        self.support_vectors_ = X[self.support_]
        self.n_support_ = np.bincount(codes[self.support_], minlength=len(self.classes_))
        self.n_iter_ = np.array([f[5] for f in fits])
        self.n_features_in_ = X.shape[1]
        return self

    def _pair_decisions(self, X):
        X = check_fitted_input(self, X, "support_")
        return self._kernel(X, self.support_vectors_) @ self._pair_coef.T + self._pair_intercept

    def decision_function(self, X):
        """Binary: f(x), positive towards classes_[1]. k > 2, 'ovr': (n, k) scores as scikit-learn;
        'ovo': (n, k(k-1)/2) pairwise values, positive towards the first class of each pair (LIBSVM)."""
        D = self._pair_decisions(X)
        if len(self.classes_) == 2:
            return D[:, 0]
        return -D if self.decision_function_shape == "ovo" else _ovr_decision(D, len(self.classes_))[1]

    def predict(self, X):
        D = self._pair_decisions(X)
        if len(self.classes_) == 2:
            return self.classes_[(D[:, 0] > 0).astype(int)]
        return self.classes_[np.argmax(_ovr_decision(D, len(self.classes_))[0], axis=1)]
