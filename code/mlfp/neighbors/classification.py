# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/13-nearest-neighbours.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/13-nearest-neighbours.pmd:420
"""k-nearest-neighbour classification by majority vote, with brute force or a k-d tree."""
import numbers

import numpy as np

from mlfp._validation import check_fitted_input, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin
from mlfp.neighbors.brute import brute_kneighbors
from mlfp.neighbors.kd_tree import KDTree


def _vote_counts(codes, n_classes):
    """(m, n_classes) counts of each class code in each row of the (m, k) array `codes`."""
    m = len(codes)
    flat = (np.arange(m)[:, None] * n_classes + codes).ravel()
    return np.bincount(flat, minlength=m * n_classes).reshape(m, n_classes)


# chapters/02-classical/13-nearest-neighbours.pmd:442
class KNeighborsClassifier(ClassifierMixin, BaseEstimator):
    """Majority vote of the k nearest training points (Euclidean); ties go to the smallest label."""

    def __init__(self, n_neighbors=5, algorithm="brute", leaf_size=256):
        self.n_neighbors, self.algorithm, self.leaf_size = n_neighbors, algorithm, leaf_size

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        check_scalar(self.n_neighbors, "n_neighbors", numbers.Integral, low=1)
        check_scalar(self.leaf_size, "leaf_size", numbers.Integral, low=1)
        if self.algorithm not in ("brute", "kd_tree"):
            raise ValueError(f"algorithm must be 'brute' or 'kd_tree', got {self.algorithm!r}")
        if self.n_neighbors > len(X):
            raise ValueError(f"n_neighbors={self.n_neighbors} is larger than the number of training "
                             f"samples ({len(X)})")
        self.classes_, self._codes = np.unique(y, return_inverse=True)
        self._X = X
        self._tree = KDTree(X, int(self.leaf_size)) if self.algorithm == "kd_tree" else None
        self.n_features_in_, self.n_samples_fit_ = X.shape[1], len(X)
        return self

    def kneighbors(self, X, n_neighbors=None, return_distance=True):
        """Distances and indices of the n_neighbors nearest training points, nearest first."""
        X = check_fitted_input(self, X, "classes_")
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        check_scalar(k, "n_neighbors", numbers.Integral, low=1, high=self.n_samples_fit_)
        dist, ind = self._tree.query(X, int(k)) if self._tree is not None else brute_kneighbors(self._X, X, int(k))
        return (dist, ind) if return_distance else ind

    def predict_proba(self, X):
        ind = self.kneighbors(X, return_distance=False)
        return _vote_counts(self._codes[ind], len(self.classes_)) / ind.shape[1]

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
