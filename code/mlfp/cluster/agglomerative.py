# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/14-unsupervised-learning.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/14-unsupervised-learning.pmd:549
"""Agglomerative (hierarchical) clustering: nearest-neighbour chains and Lance-Williams
updates (chapter 14)."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_scalar
from mlfp.base import BaseEstimator

_LINKAGES = ("ward", "complete", "average", "single")


def _lance_williams(linkage, d_xi, d_yi, d_xy, n_x, n_y, n_i):
    """Distance from the merged cluster x+y to every cluster i, from d(x,i), d(y,i), d(x,y)."""
    if linkage == "single":
        return np.minimum(d_xi, d_yi)
    if linkage == "complete":
        return np.maximum(d_xi, d_yi)
    if linkage == "average":
        return (n_x * d_xi + n_y * d_yi) / (n_x + n_y)
    t = 1.0 / (n_x + n_y + n_i)                  # Ward, on squared distances
    return np.sqrt((n_i + n_x) * t * d_xi * d_xi + (n_i + n_y) * t * d_yi * d_yi
                   - n_i * t * d_xy * d_xy)


def _pairwise_distances(X, block=64):
    """Exact Euclidean distances, summed feature by feature as SciPy's pdist sums them (so that
    distances that tie there tie here), a block of rows at a time to stay in cache."""
    n = X.shape[0]
    D = np.empty((n, n))
    XT = np.ascontiguousarray(X.T)
    for start in range(0, n, block):
        rows = slice(start, min(start + block, n))
        acc = np.zeros((rows.stop - start, n))
        for feature in XT:
            diff = feature[rows, None] - feature[None, :]
            acc += diff * diff
        D[rows] = np.sqrt(acc)
    return D


# chapters/02-classical/14-unsupervised-learning.pmd:609
def _nn_chain(D, linkage):
    """Merges (x, y, height) of the agglomerative tree, in the order the chain finds them.
    D: (n, n) Euclidean distances; overwritten with cluster distances."""
    n = D.shape[0]
    np.fill_diagonal(D, np.inf)
    size = np.ones(n)
    merges, chain = [], []
    for _ in range(n - 1):
        if not chain:
            chain = [int(np.flatnonzero(size)[0])]
        while True:
            x = chain[-1]
            y = int(np.argmin(D[x]))
            if len(chain) > 1 and D[x, chain[-2]] <= D[x, y]:
                y = chain[-2]                    # reciprocal nearest neighbours: merge
                break
            chain.append(y)
        del chain[-2:]
        x, y = min(x, y), max(x, y)
        merges.append((x, y, D[x, y]))
        active = size > 0
        active[[x, y]] = False
        new = _lance_williams(linkage, D[x, active], D[y, active], D[x, y], size[x], size[y],
                              size[active])
        D[y, active] = D[active, y] = new        # cluster y becomes x + y ...
        D[x, :] = D[:, x] = np.inf               # ... and x is retired
        size[y], size[x] = size[x] + size[y], 0
    return merges


def _linkage_tree(X, linkage):
    """(children, heights) in SciPy's linkage-matrix convention, merges sorted by height."""
    n = X.shape[0]
    merges = _nn_chain(_pairwise_distances(X), linkage)
    order = sorted(range(n - 1), key=lambda m: merges[m][2])        # stable sort
    parent = list(range(2 * n - 1))

    def root(a):                                 # union-find with path halving
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    children, heights = np.empty((n - 1, 2), dtype=np.intp), np.empty(n - 1)
    for step, m in enumerate(order):
        x, y, h = merges[m]
        rx, ry = root(x), root(y)
        children[step], heights[step] = (min(rx, ry), max(rx, ry)), h
        parent[rx] = parent[ry] = n + step
    return children, heights


def _cut_tree(children, n, n_clusters):
    """Flat labels from the first n - n_clusters merges, numbered by first appearance."""
    parent = np.arange(2 * n - 1)
    merges = n - n_clusters
    parent[children[:merges].ravel()] = np.repeat(n + np.arange(merges), 2)
    while True:                                  # pointer jumping: O(n log n)
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    _, first, labels = np.unique(parent[:n], return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[labels]


# chapters/02-classical/14-unsupervised-learning.pmd:676
class AgglomerativeClustering(BaseEstimator):
    """Bottom-up hierarchical clustering with Ward, complete, average or single linkage."""

    _estimator_type = "clusterer"

    def __init__(self, n_clusters=2, linkage="ward"):
        self.n_clusters = n_clusters
        self.linkage = linkage

    def fit(self, X, y=None):
        X = check_array(X, "X")
        k = check_scalar(self.n_clusters, "n_clusters", numbers.Integral, low=1)
        if self.linkage not in _LINKAGES:
            raise ValueError(f"linkage must be one of {_LINKAGES}, got {self.linkage!r}")
        if X.shape[0] < k:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={k}")
        n = X.shape[0]
        if n == 1:
            self.children_, self.distances_ = np.empty((0, 2), dtype=np.intp), np.empty(0)
        else:
            self.children_, self.distances_ = _linkage_tree(X, self.linkage)
        self.labels_ = _cut_tree(self.children_, n, k)
        self.n_leaves_, self.n_clusters_, self.n_features_in_ = n, k, X.shape[1]
        return self

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_
