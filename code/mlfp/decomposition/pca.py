# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/06-pca-vs-autoencoder.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/06-pca-vs-autoencoder.pmd:334
"""Principal component analysis through the SVD of the centred data, or through the
eigendecomposition of X_c^T X_c, with mlfp.linalg doing the factorisations."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_is_fitted
from mlfp.base import BaseEstimator, TransformerMixin
from mlfp.linalg import eigh, qr, svd


def _svd_flip(Vt):
    """Flip each row of Vt so that its largest-magnitude entry is positive (as scikit-learn)."""
    rows = np.arange(Vt.shape[0])
    signs = np.sign(Vt[rows, np.argmax(np.abs(Vt), axis=1)])
    signs[signs == 0] = 1.0
    return Vt * signs[:, None]


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:359
def _pca_svd(Xc):
    """Singular values and right singular vectors (rows) of centred data: O(n d min(n, d))."""
    _, s, Vt = svd(Xc)
    return s, Vt


def _pca_eigh(Xc):
    """The same from the eigendecomposition of X_c^T X_c: O(n d^2 + d^3), condition squared."""
    w, V = eigh(Xc.T @ Xc)                      # ascending
    k = min(Xc.shape)
    w, V = w[::-1][:k], V[:, ::-1][:, :k]
    return np.sqrt(np.clip(w, 0.0, None)), V.T  # rounding can make a zero eigenvalue negative


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:390
class PCA(TransformerMixin, BaseEstimator):
    """Principal component analysis: project centred data on the top n_components directions."""

    def __init__(self, n_components=None, whiten=False, solver="auto"):
        self.n_components = n_components
        self.whiten = whiten
        self.solver = solver

    def fit(self, X, y=None):
        X = check_array(X, "X", min_samples=2)
        n, d = X.shape
        k = min(n, d) if self.n_components is None else self.n_components
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= min(n, d):
            raise ValueError("n_components must be an integer in [1, min(n_samples, n_features)]"
                             f" = [1, {min(n, d)}], got {self.n_components!r}")
        if self.solver not in ("auto", "svd", "eigh"):
            raise ValueError(f"solver must be 'auto', 'svd' or 'eigh', got {self.solver!r}")
        self.solver_ = self.solver
        if self.solver == "auto":                   # scikit-learn's rule for its 'auto' solver
            self.solver_ = "eigh" if n >= 10 * d and d <= 1000 else "svd"
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        s, Vt = (_pca_svd if self.solver_ == "svd" else _pca_eigh)(Xc)
        total = np.sum(Xc * Xc) / (n - 1)
        self.components_ = _svd_flip(Vt[:k])
        self.singular_values_ = s[:k]
        self.explained_variance_ = s[:k] ** 2 / (n - 1)
        self.explained_variance_ratio_ = (self.explained_variance_ / total if total > 0
                                          else np.zeros(k))
        self.n_components_, self.n_features_in_, self.n_samples_ = k, d, n
        return self

    def _scale(self):
        scale = np.sqrt(self.explained_variance_)
        return np.maximum(scale, np.finfo(float).eps)   # a zero-variance component stays finite

    def transform(self, X):
        check_is_fitted(self, "components_")
        X = check_array(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but PCA was fitted with "
                             f"{self.n_features_in_}")
        Z = (X - self.mean_) @ self.components_.T
        return Z / self._scale() if self.whiten else Z

    def inverse_transform(self, Z):
        check_is_fitted(self, "components_")
        Z = check_array(Z, "Z")
        if Z.shape[1] != self.n_components_:
            raise ValueError(f"Z has {Z.shape[1]} columns, but PCA has {self.n_components_} "
                             "components")
        if self.whiten:
            Z = Z * self._scale()
        return Z @ self.components_ + self.mean_


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:456
def reconstruction_error(X, X_hat):
    """Mean over samples of the squared reconstruction error, (1/n) ||X - X_hat||_F^2."""
    X, X_hat = check_array(X, "X"), check_array(X_hat, "X_hat")
    if X.shape != X_hat.shape:
        raise ValueError(f"X and X_hat have different shapes: {X.shape} and {X_hat.shape}")
    return float(np.sum((X - X_hat) ** 2) / X.shape[0])


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:465
def principal_angles(A, B):
    """Principal angles (radians, ascending) between the column spaces of A and B.

    A and B must have full column rank."""
    A, B = check_array(A, "A"), check_array(B, "B")
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"A and B must have the same number of rows, got {A.shape[0]} "
                         f"and {B.shape[0]}")
    Qa, _ = qr(A)
    Qb, _ = qr(B)
    if Qa.shape[1] < Qb.shape[1]:
        Qa, Qb = Qb, Qa
    M = Qa.T @ Qb
    cos = np.clip(svd(M)[1], 0.0, 1.0)              # descending: smallest angle first
    sin = np.clip(svd(Qb - Qa @ M)[1][::-1], 0.0, 1.0)  # ascending: smallest angle first
    return np.arctan2(sin, cos)                     # accurate for small and large angles alike
