# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/14-unsupervised-learning.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/14-unsupervised-learning.pmd:296
"""k-means clustering: Lloyd's algorithm with k-means++ seeding (chapter 14)."""
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_fitted_input, check_random_state, check_scalar
from mlfp.base import BaseEstimator
from mlfp.exceptions import ConvergenceWarning


def _squared_distances(A, B, A_sq=None, B_sq=None):
    """All ||a_i - b_j||^2 as ||a||^2 + ||b||^2 - 2 a.b: one matrix product, clipped at zero."""
    if A_sq is None:
        A_sq = np.einsum("ij,ij->i", A, A)
    if B_sq is None:
        B_sq = np.einsum("ij,ij->i", B, B)
    D = A @ B.T
    D *= -2.0
    D += A_sq[:, None]
    D += B_sq[None, :]
    np.maximum(D, 0.0, out=D)      # rounding can push a true zero slightly negative
    return D


# chapters/02-classical/14-unsupervised-learning.pmd:330
def _kmeans_plusplus(X, n_clusters, rng, n_local_trials, X_sq):
    """Indices of n_clusters rows of X chosen by (greedy) D^2 sampling; X_sq = row norms^2."""
    n = X.shape[0]
    indices = np.empty(n_clusters, dtype=np.intp)
    indices[0] = rng.integers(n)
    closest = _squared_distances(X[indices[:1]], X, X_sq[indices[:1]], X_sq)[0]
    for c in range(1, n_clusters):
        cumulative = np.cumsum(closest)
        u = rng.uniform(size=n_local_trials) * cumulative[-1]
        # side="right": a point at distance 0 (already a centre) is never drawn
        cand = np.minimum(np.searchsorted(cumulative, u, side="right"), n - 1)
        d_cand = np.minimum(closest, _squared_distances(X[cand], X, X_sq[cand], X_sq))
        best = np.argmin(d_cand.sum(axis=1))
        indices[c], closest = cand[best], d_cand[best]
    return indices


def kmeans_plusplus(X, n_clusters, random_state=None, n_local_trials=None):
    """k-means++ seeding: return (centers, indices) of n_clusters rows of X chosen by D^2 sampling.

    Each new centre is drawn with probability proportional to the squared distance to the
    nearest centre chosen so far. With n_local_trials > 1 ("greedy" k-means++, scikit-learn's
    default of 2 + log k) several candidates are drawn and the one that lowers the total
    squared distance most is kept; n_local_trials=1 is the original algorithm.
    """
    X = check_array(X, "X")
    check_scalar(n_clusters, "n_clusters", numbers.Integral, low=1, high=X.shape[0])
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    check_scalar(n_local_trials, "n_local_trials", numbers.Integral, low=1)
    Xc = X - X.mean(axis=0)
    indices = _kmeans_plusplus(Xc, n_clusters, check_random_state(random_state), n_local_trials,
                               np.einsum("ij,ij->i", Xc, Xc))
    return X[indices].copy(), indices


# chapters/02-classical/14-unsupervised-learning.pmd:373
def _assign(X, centers, X_sq):
    """Assignment step: nearest centre of every row, and the squared distance to it.

    ||x||^2 is the same for every centre, so it is left out of the comparison and added
    to the winning distance only.
    """
    D = X @ (-2.0 * centers).T
    D += np.einsum("ij,ij->i", centers, centers)[None, :]
    labels = D.argmin(axis=1)
    dist = D[np.arange(X.shape[0]), labels] + X_sq
    return labels, np.maximum(dist, 0.0, out=dist)


# chapters/02-classical/14-unsupervised-learning.pmd:393
def _update_centers(X, labels, n_clusters, min_dist):
    """Update step: each centre moves to the mean of its points.

    A cluster that lost all its points is re-seeded at the point farthest from its own centre
    (as scikit-learn does), so that k centres remain.
    """
    counts = np.bincount(labels, minlength=n_clusters).astype(float)
    onehot = np.zeros((n_clusters, X.shape[0]))
    onehot[labels, np.arange(X.shape[0])] = 1.0
    sums = onehot @ X                                   # (k, d) sums of each cluster's rows
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        far = np.argsort(min_dist, kind="stable")[::-1][:empty.size]
        for e, p in zip(empty, far):
            sums[labels[p]] -= X[p]
            counts[labels[p]] -= 1
            sums[e], counts[e] = X[p], 1
    return sums / counts[:, None]


# chapters/02-classical/14-unsupervised-learning.pmd:422
def _lloyd(X, centers, max_iter, tol, X_sq):
    """Lloyd's iteration from `centers` until the labels repeat or the centres move less than
    tol (sum of squared shifts). Returns labels, centers, inertia, iterations run."""
    labels_old = np.full(X.shape[0], -1)
    strict = False
    for it in range(1, max_iter + 1):
        labels, dist = _assign(X, centers, X_sq)
        new = _update_centers(X, labels, centers.shape[0], dist)
        shift = np.sum((new - centers) ** 2)
        centers = new
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= tol:
            break
        labels_old = labels
    if not strict:                       # labels must belong to the returned centres
        labels, _ = _assign(X, centers, X_sq)
    inertia = float(np.sum((X - centers[labels]) ** 2))
    return labels, centers, inertia, it


# chapters/02-classical/14-unsupervised-learning.pmd:449
def _initial_centers(X, k, init, rng, X_sq):
    """Starting centres for one run: k-means++, k distinct random rows, or the given array."""
    if isinstance(init, str):
        if init == "k-means++":
            return X[_kmeans_plusplus(X, k, rng, 2 + int(np.log(k)), X_sq)]
        return X[rng.choice(X.shape[0], size=k, replace=False)].copy()
    return init.copy()


class KMeans(BaseEstimator):
    """k-means by Lloyd's algorithm; the best of n_init k-means++ (or random) starts."""

    _estimator_type = "clusterer"

    def __init__(self, n_clusters=8, init="k-means++", n_init=10, max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X, y=None):
        X = check_array(X, "X")
        k = check_scalar(self.n_clusters, "n_clusters", numbers.Integral, low=1)
        n_runs = check_scalar(self.n_init, "n_init", numbers.Integral, low=1)
        check_scalar(self.max_iter, "max_iter", numbers.Integral, low=1)
        check_scalar(self.tol, "tol", numbers.Real, low=0)
        if X.shape[0] < k:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={k}")
        mean = X.mean(axis=0)
        Xc = X - mean                     # centring keeps ||x||^2 + ||c||^2 - 2 x.c accurate
        init = self.init
        if not isinstance(init, str):     # explicit starting centres: a single run
            init, n_runs = check_array(init, "init") - mean, 1
            if init.shape != (k, X.shape[1]):
                raise ValueError(f"init must have shape ({k}, {X.shape[1]}), got {init.shape}")
        elif init not in ("k-means++", "random"):
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {init!r}")
        rng = check_random_state(self.random_state)
        X_sq = np.einsum("ij,ij->i", Xc, Xc)
        tol = self.tol * np.mean(np.var(X, axis=0))   # relative to the data's variance
        runs = (_lloyd(Xc, _initial_centers(Xc, k, init, rng, X_sq), self.max_iter, tol, X_sq)
                for _ in range(n_runs))
        labels, centers, self.inertia_, self.n_iter_ = min(runs, key=lambda run: run[2])
        if len(np.unique(labels)) < k:
            warnings.warn(f"only {len(np.unique(labels))} distinct clusters found for "
                          f"n_clusters={k}; X may have fewer distinct points", ConvergenceWarning)
        self.cluster_centers_, self.labels_ = centers + mean, labels
        self.n_features_in_ = X.shape[1]
        return self

    def _check_X(self, X):
        return check_fitted_input(self, X, "cluster_centers_")

    def transform(self, X):
        """Euclidean distance from each row of X to each centre, shape (n, n_clusters)."""
        X, C = self._check_X(X), self.cluster_centers_
        shift = C.mean(axis=0)
        return np.sqrt(_squared_distances(X - shift, C - shift))

    def predict(self, X):
        """Index of the nearest centre for each row of X."""
        return self.transform(X).argmin(axis=1)

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_

    def score(self, X, y=None):
        """Minus the inertia of X under the fitted centres (higher is better, as scikit-learn)."""
        X = self._check_X(X)
        return -float(np.sum((X - self.cluster_centers_[self.predict(X)]) ** 2))
