# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/11-ensembles.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/11-ensembles.pmd:488
"""Gradient boosting with regression trees: squared error and (multinomial) log-loss."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_random_state, check_scalar, check_X_y
from mlfp.base import BaseEstimator, ClassifierMixin, RegressorMixin
from mlfp.tree import grow_tree, presort, subset_presorted


def _subsample_mask(n, subsample, rng):
    """In-bag mask of a stage: all samples, or int(subsample * n) drawn without replacement."""
    if subsample >= 1.0:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, max(1, int(subsample * n)), replace=False)] = True
    return mask


def fit_residual_tree(X, order, residual, inbag, max_depth, min_samples_leaf, rng):
    """A least-squares regression tree on the pseudo-residuals of the in-bag samples."""
    stats = np.column_stack([residual, np.ones(len(residual))])[inbag]
    return grow_tree(X[inbag], stats, "squared_error", (residual ** 2)[inbag],
                     max_depth=max_depth, min_samples_leaf=min_samples_leaf, rng=rng,
                     order=order if inbag.all() else subset_presorted(order, inbag))


def newton_leaf_values(tree, leaves, residual, hessian, inbag, scale=1.0):
    """Set each leaf's value to scale * sum(residual) / sum(hessian) over its in-bag samples."""
    num = np.bincount(leaves[inbag], residual[inbag], minlength=tree.node_count)
    den = np.bincount(leaves[inbag], hessian[inbag], minlength=tree.node_count)
    ok = np.abs(den) >= 1e-150
    tree.value = np.where(ok, scale * num / np.where(ok, den, 1.0), 0.0)[:, None]
    return tree


# chapters/02-classical/11-ensembles.pmd:530
def _probabilities(F):
    """sigmoid for one column of scores, softmax for several."""
    if F.shape[1] == 1:
        return 1.0 / (1.0 + np.exp(-F))
    e = np.exp(F - F.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def gradient_boost(X, Y, F0, loss, n_estimators, learning_rate, max_depth, subsample,
                   min_samples_leaf, rng):
    """Stages of gradient boosting. Y: (n, k) targets (values, or 0/1 per class column);
    F0: (k,) initial scores. Returns the list of stages (lists of k trees) and the in-bag loss."""
    n, k = Y.shape
    order = presort(X)
    F = np.tile(F0, (n, 1))
    stages, train_loss = [], []
    for _ in range(n_estimators):
        inbag = _subsample_mask(n, subsample, rng)
        P = F if loss == "squared_error" else _probabilities(F)
        R = Y - P                                          # pseudo-residuals
        stage = []
        for j in range(k):
            tree = fit_residual_tree(X, order, R[:, j], inbag, max_depth, min_samples_leaf, rng)
            leaves = tree.apply(X)
            if loss == "log_loss":
                scale = (k - 1) / k if k > 1 else 1.0
                newton_leaf_values(tree, leaves, R[:, j], P[:, j] * (1 - P[:, j]), inbag, scale)
            F[:, j] += learning_rate * tree.value[leaves, 0]
            stage.append(tree)
        stages.append(stage)
        train_loss.append(_loss(loss, Y[inbag], F[inbag]))
    return stages, np.array(train_loss)


def _loss(loss, Y, F):
    if loss == "squared_error":
        return float(np.mean((Y - F) ** 2))
    if F.shape[1] == 1:                                    # binary log-loss, stable form
        return float(np.mean(np.logaddexp(0, F[:, 0]) - Y[:, 0] * F[:, 0]))
    m = F.max(axis=1, keepdims=True)
    return float(np.mean(m[:, 0] + np.log(np.exp(F - m).sum(axis=1)) - (Y * F).sum(axis=1)))


# chapters/02-classical/11-ensembles.pmd:579
class _BaseGradientBoosting(BaseEstimator):
    def _fit(self, X, Y, F0, loss):
        check_scalar(self.n_estimators, "n_estimators", numbers.Integral, low=1)
        check_scalar(self.learning_rate, "learning_rate", numbers.Real, low=0, low_open=True)
        check_scalar(self.max_depth, "max_depth", numbers.Integral, low=1)
        check_scalar(self.subsample, "subsample", numbers.Real, low=0, high=1, low_open=True)
        check_scalar(self.min_samples_leaf, "min_samples_leaf", numbers.Integral, low=1)
        self.init_ = F0
        self.estimators_, self.train_score_ = gradient_boost(
            X, Y, F0, loss, self.n_estimators, self.learning_rate, self.max_depth,
            self.subsample, self.min_samples_leaf, check_random_state(self.random_state))
        self.n_features_in_ = X.shape[1]
        return self

    def _staged_scores(self, X):
        check_is_fitted(self, "estimators_")
        X = check_array(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, expected {self.n_features_in_}")
        F = np.tile(self.init_, (len(X), 1))
        for stage in self.estimators_:
            for j, tree in enumerate(stage):
                F[:, j] += self.learning_rate * tree.predict(X)[:, 0]
            yield F


class GradientBoostingRegressor(RegressorMixin, _BaseGradientBoosting):
    """Least-squares gradient boosting with regression trees, scikit-learn compatible."""

    def __init__(self, n_estimators=100, learning_rate=0.1, max_depth=3, subsample=1.0,
                 random_state=None, min_samples_leaf=1):
        self.n_estimators, self.learning_rate, self.max_depth = n_estimators, learning_rate, max_depth
        self.subsample, self.random_state, self.min_samples_leaf = subsample, random_state, min_samples_leaf

    def fit(self, X, y):
        X, _ = check_X_y(X, y)
        y = check_array(y, "y", ndim=1)
        return self._fit(X, y[:, None], np.array([y.mean()]), "squared_error")

    def staged_predict(self, X):
        for F in self._staged_scores(X):
            yield F[:, 0].copy()

    def predict(self, X):
        *_, last = self.staged_predict(X)
        return last


class GradientBoostingClassifier(ClassifierMixin, _BaseGradientBoosting):
    """Gradient boosting of the log-loss (binary and multinomial), scikit-learn compatible."""

    def __init__(self, n_estimators=100, learning_rate=0.1, max_depth=3, subsample=1.0,
                 random_state=None, min_samples_leaf=1):
        self.n_estimators, self.learning_rate, self.max_depth = n_estimators, learning_rate, max_depth
        self.subsample, self.random_state, self.min_samples_leaf = subsample, random_state, min_samples_leaf

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = K = len(self.classes_)
        if K < 2:
            raise ValueError("GradientBoostingClassifier needs at least 2 classes in y, got 1")
        eps = np.finfo(float).eps
        prior = np.clip(np.bincount(codes, minlength=K) / len(codes), eps, 1 - eps)
        if K == 2:
            Y, F0 = (codes == 1)[:, None].astype(float), np.log(prior[1:] / prior[:1])
        else:
            Y, F0 = np.eye(K)[codes], np.log(prior)
        return self._fit(X, Y, F0, "log_loss")

    def staged_predict_proba(self, X):
        for F in self._staged_scores(X):
            P = _probabilities(F)
            yield np.column_stack([1 - P[:, 0], P[:, 0]]) if P.shape[1] == 1 else P

    def predict_proba(self, X):
        *_, last = self.staged_predict_proba(X)
        return last

    def decision_function(self, X):
        *_, F = self._staged_scores(X)
        return F[:, 0].copy() if F.shape[1] == 1 else F.copy()

    def staged_predict(self, X):
        for P in self.staged_predict_proba(X):
            yield self.classes_[P.argmax(axis=1)]

    def predict(self, X):
        *_, last = self.staged_predict(X)
        return last
