# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/14-unsupervised-learning.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/14-unsupervised-learning.pmd:722
"""DBSCAN: density-based clustering with noise (chapter 14)."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_scalar
from mlfp.base import BaseEstimator
from mlfp.cluster.kmeans import _squared_distances


def _radius_graph(X, eps, block=1024):
    """Pairs (i, j), i != j, with ||x_i - x_j|| <= eps, and each point's neighbour count
    including itself. Distances are computed a block of rows at a time: O(n^2) time,
    O(n * block) working memory, plus the edges."""
    Xc = X - X.mean(axis=0)
    sq = np.einsum("ij,ij->i", Xc, Xc)
    eps2 = float(eps) ** 2
    rows, cols = [], []
    for start in range(0, X.shape[0], block):
        stop = min(start + block, X.shape[0])
        D = _squared_distances(Xc[start:stop], Xc, sq[start:stop], sq)
        # the expansion is accurate to about eps_machine * (|a|^2 + |b|^2); pairs within that
        # band of the threshold are decided by the exact sum of squared differences
        band = 1e-10 * (sq[start:stop, None] + sq[None, :] + eps2)
        r, c = np.nonzero(D <= eps2 + band)
        near = np.flatnonzero(D[r, c] >= eps2 - band[r, c])
        r += start
        diff = X[r[near]] - X[c[near]]
        keep = np.ones(r.size, dtype=bool)
        keep[near] = np.einsum("ij,ij->i", diff, diff) <= eps2
        rows.append(r[keep])
        cols.append(c[keep])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    counts = np.bincount(rows, minlength=X.shape[0])      # includes the point itself
    off = rows != cols
    return rows[off], cols[off], counts


# chapters/02-classical/14-unsupervised-learning.pmd:769
def _components(n, rows, cols):
    """Connected components of an undirected graph on n nodes by min-label propagation:
    every node ends labelled with the smallest node index in its component."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[rows], label[cols])
        new = label.copy()
        np.minimum.at(new, label[rows], low)     # hook each root to the smallest label it sees
        np.minimum.at(new, label[cols], low)
        while True:                              # then jump pointers to the roots
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


# chapters/02-classical/14-unsupervised-learning.pmd:789
class DBSCAN(BaseEstimator):
    """Clusters are connected regions of core points (>= min_samples points, the point itself
    included, within eps) plus their border points; everything else is noise, label -1."""

    _estimator_type = "clusterer"

    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X, y=None):
        X = check_array(X, "X")
        check_scalar(self.eps, "eps", numbers.Real, low=0, low_open=True)
        check_scalar(self.min_samples, "min_samples", numbers.Integral, low=1)
        n = X.shape[0]
        rows, cols, counts = _radius_graph(X, self.eps)
        core = counts >= self.min_samples
        both = core[rows] & core[cols]
        root = _components(n, rows[both], cols[both])
        # clusters numbered by their lowest-index core point, as scikit-learn numbers them
        roots = np.unique(root[core])
        labels = np.full(n, -1)
        labels[core] = np.searchsorted(roots, root[core])
        # a border point joins the lowest-numbered cluster among its core neighbours
        border = ~core[rows] & core[cols]
        best = np.full(n, n)
        np.minimum.at(best, rows[border], labels[cols[border]])
        has = (best < n) & ~core
        labels[has] = best[has]
        self.labels_ = labels
        self.core_sample_indices_ = np.flatnonzero(core)
        self.components_ = X[core]
        self.n_features_in_ = X.shape[1]
        return self

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_
