# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/11-ensembles.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/11-ensembles.pmd:186
"""Random forests: trees grown on bootstrap samples, searching random feature subsets."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_fitted_input, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin, RegressorMixin
from mlfp.tree import class_stats, grow_trees, presort, subset_presorted, tree_params


def bootstrap_counts(n_samples, rng):
    """How often each of n samples is drawn in a bootstrap sample of size n."""
    return np.bincount(rng.integers(0, n_samples, n_samples), minlength=n_samples)


def grow_forest(X, stats, criterion, n_estimators, bootstrap, rng, y_sq=None, **tree_kw):
    """Grow n_estimators trees on bootstrap samples of (X, stats), stats unweighted (weight 1
    last), all in one level-by-level loop. Returns the trees and the (n_estimators, n)
    in-bag counts."""
    n = len(X)
    counts = np.ones((n_estimators, n), dtype=np.int64)
    if bootstrap:
        counts = np.array([bootstrap_counts(n, rng) for _ in range(n_estimators)])
    order = presort(X)                                       # one sort for the whole forest
    rows, orders, sizes = [], [], []
    for c in counts:                                         # one block of rows per tree
        keep = c > 0
        orders.append(subset_presorted(order, keep) + sum(sizes))
        rows.append(np.flatnonzero(keep))
        sizes.append(len(rows[-1]))
    tree_of_row = np.repeat(np.arange(n_estimators), sizes)
    rows = np.concatenate(rows)
    w = counts[tree_of_row, rows]
    sq = None if y_sq is None else y_sq[rows] * w
    trees = grow_trees(X[rows], stats[rows] * w[:, None], sizes, criterion, sq, rng=rng,
                       order=np.concatenate(orders, axis=1), **tree_kw)
    return trees, counts


# chapters/02-classical/11-ensembles.pmd:234
def forest_predict(trees, X):
    """Average of the trees' predictions, (n, outputs)."""
    return sum(t.predict(X) for t in trees) / len(trees)


def oob_predict(trees, counts, X):
    """Per sample: the average prediction of the trees that did not see it, and how many."""
    total = np.zeros((len(X), trees[0].value.shape[1]))
    n_trees = np.zeros(len(X), dtype=np.intp)
    for tree, c in zip(trees, counts):
        out = c == 0
        total[out] += tree.predict(X[out])
        n_trees += out
    seen = n_trees > 0
    if not seen.all():
        warnings.warn(f"{int((~seen).sum())} samples were in every bootstrap sample and have no "
                      "out-of-bag prediction; the OOB score leaves them out", UserWarning)
    total[seen] /= n_trees[seen, None]
    return total, seen


# chapters/02-classical/11-ensembles.pmd:260
class _BaseForest(BaseEstimator):
    def _grow(self, X, stats, y_sq=None):
        check_scalar(self.n_estimators, "n_estimators", numbers.Integral, low=1)
        if self.oob_score and not self.bootstrap:
            raise ValueError("oob_score=True needs bootstrap=True (no sample is out of bag)")
        kw = tree_params(self, len(X), X.shape[1])
        rng = kw.pop("rng")
        self.estimators_, self.inbag_counts_ = grow_forest(
            X, stats, self.criterion, self.n_estimators, self.bootstrap, rng, y_sq, **kw)
        self.n_features_in_ = X.shape[1]
        imp = np.mean([t.feature_importances(X.shape[1]) for t in self.estimators_], axis=0)
        self.feature_importances_ = imp / imp.sum() if imp.sum() > 0 else imp
        return self

    def _check_X(self, X):
        return check_fitted_input(self, X, "estimators_")


class RandomForestClassifier(ClassifierMixin, _BaseForest):
    """Breiman's random forest of classification trees (soft vote), scikit-learn compatible."""

    def __init__(self, n_estimators=100, max_depth=None, max_features="sqrt", bootstrap=True,
                 oob_score=False, random_state=None, criterion="gini", min_samples_split=2,
                 min_samples_leaf=1):
        self.n_estimators, self.max_depth, self.max_features = n_estimators, max_depth, max_features
        self.bootstrap, self.oob_score, self.random_state = bootstrap, oob_score, random_state
        self.criterion, self.min_samples_split = criterion, min_samples_split
        self.min_samples_leaf = min_samples_leaf

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        if self.criterion not in ("gini", "entropy"):
            raise ValueError(f"criterion must be 'gini' or 'entropy', got {self.criterion!r}")
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self._grow(X, class_stats(codes, self.n_classes_, np.ones(len(X), dtype=np.int64)))
        if self.oob_score:
            P, seen = oob_predict(self.estimators_, self.inbag_counts_, X)
            self.oob_decision_function_ = P
            self.oob_score_ = float(np.mean(P[seen].argmax(axis=1) == codes[seen]))
        return self

    def predict_proba(self, X):
        X = self._check_X(X)
        return forest_predict(self.estimators_, X)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class RandomForestRegressor(RegressorMixin, _BaseForest):
    """Random forest of regression trees (average), scikit-learn compatible."""

    def __init__(self, n_estimators=100, max_depth=None, max_features="sqrt", bootstrap=True,
                 oob_score=False, random_state=None, criterion="squared_error",
                 min_samples_split=2, min_samples_leaf=1):
        self.n_estimators, self.max_depth, self.max_features = n_estimators, max_depth, max_features
        self.bootstrap, self.oob_score, self.random_state = bootstrap, oob_score, random_state
        self.criterion, self.min_samples_split = criterion, min_samples_split
        self.min_samples_leaf = min_samples_leaf

    def fit(self, X, y):
        X, _ = check_X_y(X, y)
        y = check_array(y, "y", ndim=1)
        if self.criterion != "squared_error":
            raise ValueError(f"criterion must be 'squared_error', got {self.criterion!r}")
        self._grow(X, np.column_stack([y, np.ones(len(y))]), y_sq=y * y)
        if self.oob_score:
            P, seen = oob_predict(self.estimators_, self.inbag_counts_, X)
            self.oob_prediction_ = P[:, 0]
            resid = np.sum((y[seen] - P[seen, 0]) ** 2)
            self.oob_score_ = float(1 - resid / np.sum((y[seen] - y[seen].mean()) ** 2))
        return self

    def predict(self, X):
        X = self._check_X(X)
        return forest_predict(self.estimators_, X)[:, 0]
