# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/11-ensembles.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/11-ensembles.pmd:362
"""AdaBoost for K classes (SAMME): stagewise fitting of the exponential loss with weighted trees."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_random_state, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin
from mlfp.tree import class_stats, grow_tree, presort, subset_presorted


def samme_alpha(error, n_classes, learning_rate=1.0):
    """SAMME's weight of a weak learner with weighted error `error` among K classes."""
    return learning_rate * (np.log((1.0 - error) / error) + np.log(n_classes - 1.0))


def adaboost_samme(X, codes, n_classes, n_estimators, learning_rate, max_depth, rng):
    """Fit the rounds of AdaBoost; returns the trees, their weights alpha_t and errors."""
    n = len(X)
    w = np.full(n, 1.0 / n)
    order = presort(X)
    trees, alphas, errors = [], [], []
    for t in range(n_estimators):
        keep = w > 0                                      # weights can underflow to zero
        tree = grow_tree(X[keep], class_stats(codes[keep], n_classes, w[keep]), "gini",
                         max_depth=max_depth, rng=rng,
                         order=order if keep.all() else subset_presorted(order, keep))
        miss = tree.predict(X).argmax(axis=1) != codes
        error = w[miss].sum() / w.sum()
        if error <= 0:                                    # perfect: it gets the whole vote
            trees.append(tree), alphas.append(1.0), errors.append(0.0)
            break
        if error >= 1.0 - 1.0 / n_classes:                # no better than chance: stop
            if not trees:
                raise ValueError("the first weak learner is no better than chance; "
                                 "AdaBoost cannot proceed")
            break
        alpha = samme_alpha(error, n_classes, learning_rate)
        trees.append(tree), alphas.append(alpha), errors.append(error)
        if t < n_estimators - 1:
            w = w * np.exp(alpha * miss)
            w /= w.sum()
    return trees, np.array(alphas), np.array(errors)


# chapters/02-classical/11-ensembles.pmd:416
class AdaBoostClassifier(ClassifierMixin, BaseEstimator):
    """Multi-class AdaBoost (SAMME) with tree weak learners, scikit-learn compatible."""

    def __init__(self, n_estimators=50, learning_rate=1.0, max_depth=1, random_state=None):
        self.n_estimators, self.learning_rate = n_estimators, learning_rate
        self.max_depth, self.random_state = max_depth, random_state

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        check_scalar(self.n_estimators, "n_estimators", numbers.Integral, low=1)
        check_scalar(self.learning_rate, "learning_rate", numbers.Real, low=0, low_open=True)
        check_scalar(self.max_depth, "max_depth", numbers.Integral, low=1)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        if self.n_classes_ < 2:
            raise ValueError("AdaBoostClassifier needs at least 2 classes in y, got 1")
        self.estimators_, self.estimator_weights_, self.estimator_errors_ = adaboost_samme(
            X, codes, self.n_classes_, self.n_estimators, self.learning_rate, self.max_depth,
            check_random_state(self.random_state))
        self.n_features_in_ = X.shape[1]
        return self

    def _votes(self, X):
        X = check_array(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, expected {self.n_features_in_}")
        K = self.n_classes_
        codes = np.where(np.eye(K, dtype=bool), 1.0, -1.0 / (K - 1))   # row k: code of class k
        for tree, alpha in zip(self.estimators_, self.estimator_weights_):
            yield alpha * codes[tree.predict(X).argmax(axis=1)]

    def staged_decision_function(self, X):
        check_is_fitted(self, "estimators_")
        total, norm = 0.0, 0.0
        for votes, alpha in zip(self._votes(X), self.estimator_weights_):
            total, norm = total + votes, norm + alpha
            d = total / norm
            yield d[:, 1] - d[:, 0] if self.n_classes_ == 2 else d

    def decision_function(self, X):
        *_, last = self.staged_decision_function(X)
        return last

    def staged_predict(self, X):
        for d in self.staged_decision_function(X):
            yield self.classes_[(d > 0).astype(int) if d.ndim == 1 else d.argmax(axis=1)]

    def predict(self, X):
        *_, last = self.staged_predict(X)
        return last

    def predict_proba(self, X):
        d = self.decision_function(X)
        d = np.column_stack([-d, d]) / 2 if d.ndim == 1 else d / (self.n_classes_ - 1)
        e = np.exp(d - d.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
