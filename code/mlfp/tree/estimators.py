# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/10-decision-trees.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/10-decision-trees.pmd:891
"""DecisionTreeClassifier and DecisionTreeRegressor with scikit-learn's contract."""
import math
import numbers

import numpy as np

from mlfp._validation import check_array, check_fitted_input, check_is_fitted, check_random_state, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin, RegressorMixin
from mlfp.tree.growth import grow_tree
from mlfp.tree.pruning import cost_complexity_path, prune_tree


def _resolve_max_features(max_features, n_features):
    """None, 'sqrt', 'log2', an int or a fraction -> number of features searched per node."""
    if max_features is None:
        return n_features
    if max_features in ("sqrt", "log2"):
        f = math.sqrt if max_features == "sqrt" else math.log2
        return max(1, int(f(n_features)))
    if isinstance(max_features, numbers.Integral) and not isinstance(max_features, bool):
        return check_scalar(max_features, "max_features", numbers.Integral, low=1, high=n_features)
    if isinstance(max_features, numbers.Real) and not isinstance(max_features, bool):
        check_scalar(max_features, "max_features", numbers.Real, low=0, high=1, low_open=True)
        return max(1, int(max_features * n_features))
    raise ValueError(f"max_features must be None, 'sqrt', 'log2', an int or a float, got {max_features!r}")


def _count(value, name, n_samples, low):
    """An int >= low, or a fraction of n_samples in (0, 1] (rounded up)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return check_scalar(value, name, numbers.Integral, low=low)
    check_scalar(value, name, numbers.Real, low=0, high=1, low_open=True)
    return max(low, math.ceil(value * n_samples))


def tree_params(est, n_samples, n_features):
    """Validated growth settings of a tree-based estimator (trees and the ensembles of
    chapter 11), as keyword arguments of grow_tree."""
    if est.max_depth is not None:
        check_scalar(est.max_depth, "max_depth", numbers.Integral, low=1)
    check_scalar(getattr(est, "ccp_alpha", 0.0), "ccp_alpha", numbers.Real, low=0)
    return dict(max_depth=est.max_depth,
                min_samples_split=_count(est.min_samples_split, "min_samples_split", n_samples, 2),
                min_samples_leaf=_count(est.min_samples_leaf, "min_samples_leaf", n_samples, 1),
                max_features=_resolve_max_features(est.max_features, n_features),
                rng=check_random_state(est.random_state))


def check_sample_weight(sample_weight, n_samples):
    """None -> ones; otherwise a finite, non-negative 1-D array of length n with positive sum."""
    if sample_weight is None:
        return np.ones(n_samples)
    w = check_array(sample_weight, "sample_weight", ndim=1)
    if len(w) != n_samples:
        raise ValueError(f"sample_weight has {len(w)} entries for {n_samples} samples")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("sample_weight must be non-negative with a positive sum")
    return w


# chapters/02-classical/10-decision-trees.pmd:956
def class_stats(codes, n_classes, w):
    """Per-sample statistics of a classification tree: w * onehot(y), then w.

    Integer weights (unit weights, bootstrap counts) give integer statistics, which the
    sweep sums exactly and fast.
    """
    integral = bool(np.all(w == np.round(w))) and w.sum() < 2 ** 31
    stats = np.zeros((len(codes), n_classes + 1), dtype=np.int64 if integral else float)
    stats[np.arange(len(codes)), codes] = w
    stats[:, -1] = w
    return stats


# chapters/02-classical/10-decision-trees.pmd:974
class _BaseDecisionTree(BaseEstimator):
    def _grow(self, X, stats, w, y_sq=None):
        params = tree_params(self, len(X), X.shape[1])
        keep = w > 0
        tree = grow_tree(X[keep], stats[keep], self.criterion,
                         None if y_sq is None else y_sq[keep], **params)
        self.tree_ = prune_tree(tree, self.ccp_alpha) if self.ccp_alpha > 0 else tree
        self.n_features_in_ = X.shape[1]
        self.feature_importances_ = self.tree_.feature_importances(X.shape[1])
        return self

    def _check_X(self, X):
        return check_fitted_input(self, X, "tree_")

    def apply(self, X):
        X = self._check_X(X)
        return self.tree_.apply(X)

    def get_depth(self):
        check_is_fitted(self, "tree_")
        return self.tree_.max_depth

    def get_n_leaves(self):
        check_is_fitted(self, "tree_")
        return self.tree_.n_leaves

    def cost_complexity_pruning_path(self, X, y, sample_weight=None):
        """Pruning path of the unpruned tree grown on (X, y): PruningPath(ccp_alphas, impurities)."""
        full = type(self)(**{**self.get_params(), "ccp_alpha": 0.0}).fit(X, y, sample_weight)
        return cost_complexity_path(full.tree_)


# chapters/02-classical/10-decision-trees.pmd:1012
class DecisionTreeClassifier(ClassifierMixin, _BaseDecisionTree):
    """CART classification tree (Gini or entropy), scikit-learn compatible."""

    def __init__(self, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 ccp_alpha=0.0, random_state=None, max_features=None):
        self.criterion, self.max_depth = criterion, max_depth
        self.min_samples_split, self.min_samples_leaf = min_samples_split, min_samples_leaf
        self.ccp_alpha, self.random_state, self.max_features = ccp_alpha, random_state, max_features

    def fit(self, X, y, sample_weight=None):
        X, y = check_X_y(X, y)
        if self.criterion not in ("gini", "entropy"):
            raise ValueError(f"criterion must be 'gini' or 'entropy', got {self.criterion!r}")
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        w = check_sample_weight(sample_weight, len(X))
        return self._grow(X, class_stats(codes, self.n_classes_, w), w)

    def predict_proba(self, X):
        X = self._check_X(X)
        return self.tree_.predict(X)

    def predict(self, X):
        proba = self.predict_proba(X)            # first: it checks that the tree is fitted
        return self.classes_[np.argmax(proba, axis=1)]


# chapters/02-classical/10-decision-trees.pmd:1043
class DecisionTreeRegressor(RegressorMixin, _BaseDecisionTree):
    """CART regression tree (squared error), scikit-learn compatible."""

    def __init__(self, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, ccp_alpha=0.0, random_state=None, max_features=None):
        self.criterion, self.max_depth = criterion, max_depth
        self.min_samples_split, self.min_samples_leaf = min_samples_split, min_samples_leaf
        self.ccp_alpha, self.random_state, self.max_features = ccp_alpha, random_state, max_features

    def fit(self, X, y, sample_weight=None):
        X, _ = check_X_y(X, y)
        y = check_array(y, "y", ndim=1)
        if self.criterion != "squared_error":
            raise ValueError(f"criterion must be 'squared_error', got {self.criterion!r}")
        w = check_sample_weight(sample_weight, len(X))
        return self._grow(X, np.column_stack([w * y, w]), w, y_sq=w * y * y)

    def predict(self, X):
        X = self._check_X(X)
        return self.tree_.predict(X)[:, 0]
