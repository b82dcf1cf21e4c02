# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/13-nearest-neighbours.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/13-nearest-neighbours.pmd:255
"""A k-d tree with bounding boxes and a batched branch-and-bound k-nearest-neighbour query."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_scalar
from mlfp.neighbors.brute import _exact_sorted


def _build(X, leaf_size):
    """Flat arrays of a k-d tree over the rows of X: median split on the widest coordinate."""
    perm = np.arange(len(X))
    start, end, dim, value, left, right, lo, hi = ([] for _ in range(8))

    def grow(s, e):
        node = len(start)
        pts = X[perm[s:e]]
        start.append(s), end.append(e), lo.append(pts.min(axis=0)), hi.append(pts.max(axis=0))
        dim.append(-1), value.append(0.0), left.append(-1), right.append(-1)
        widths = hi[node] - lo[node]
        if e - s <= leaf_size or widths.max() == 0:        # small, or all points identical: a leaf
            return node
        j, mid = int(np.argmax(widths)), (s + e) // 2
        perm[s:e] = perm[s:e][np.argpartition(X[perm[s:e], j], mid - s)]
        dim[node], value[node] = j, X[perm[mid], j]
        left[node] = grow(s, mid)
        right[node] = grow(mid, e)
        return node

    grow(0, len(X))
    ints = lambda a: np.array(a, dtype=np.intp)
    return perm, ints(start), ints(end), ints(dim), np.array(value), ints(left), ints(right), \
        np.array(lo), np.array(hi)


# chapters/02-classical/13-nearest-neighbours.pmd:293
def _box_sq_distance(Q, lo, hi):
    """Squared distance from each row of Q to the box [lo, hi] (zero inside it)."""
    gap = np.maximum(lo, np.minimum(Q, hi)) - Q           # nearest point of the box, minus q
    return np.einsum("ij,ij->i", gap, gap)


# chapters/02-classical/13-nearest-neighbours.pmd:326
def _descend(tree, Q):
    """Index of the leaf containing each row of Q, following the splits from the root."""
    _, _, _, dim, value, left, right, _, _ = tree
    node = np.zeros(len(Q), dtype=np.intp)
    inner = left[node] >= 0
    while inner.any():
        n_in = node[inner]
        go_left = Q[inner, dim[n_in]] <= value[n_in]
        node[inner] = np.where(go_left, left[n_in], right[n_in])
        inner = left[node] >= 0
    return node


def _query(tree, X, Q, k):
    """Batched branch and bound; returns (squared distances, indices, nodes entered, distances computed)."""
    perm, start, end, dim, value, left, right, lo, hi = tree
    centre = X.mean(axis=0)                       # for the expansion only, as in brute force
    Xp, Qc = X[perm] - centre, Q - centre         # leaf points are contiguous rows of Xp
    Xp_sq, Q_sq = np.einsum("ij,ij->i", Xp, Xp), np.einsum("ij,ij->i", Qc, Qc)
    best_d, best_p = np.full((len(Q), k), np.inf), np.zeros((len(Q), k), dtype=np.intp)
    bound = np.full(len(Q), np.inf)             # k-th smallest squared distance found so far
    stats = [0, 0]

    def merge_leaf(node, q):
        """Merge the points of a leaf into the k best of the queries q (positions in Xp)."""
        s, e = start[node], end[node]
        stats[1] += q.size * (e - s)
        cand_d = np.concatenate((best_d[q], Q_sq[q, None] + Xp_sq[s:e] - 2.0 * (Qc[q] @ Xp[s:e].T)), axis=1)
        cand_p = np.empty(cand_d.shape, dtype=np.intp)
        cand_p[:, :k], cand_p[:, k:] = best_p[q], np.arange(s, e)
        keep = np.argpartition(cand_d, k - 1, axis=1)[:, :k]
        rows = np.arange(q.size)[:, None]
        best_d[q], best_p[q] = cand_d[rows, keep], cand_p[rows, keep]
        bound[q] = best_d[q].max(axis=1)

    own = _descend(tree, Q)                                         # phase 1: each query's own leaf
    order = np.argsort(own, kind="stable")
    leaves, first = np.unique(own[order], return_index=True)
    for leaf, q in zip(leaves, np.split(order, first[1:])):
        merge_leaf(leaf, q)

    def visit(node, q):                                             # phase 2: one walk, pruned
        q = q[_box_sq_distance(Q[q], lo[node], hi[node]) < bound[q]]
        if q.size == 0:
            return
        stats[0] += q.size
        if left[node] < 0:
            q = q[own[q] != node]
            if q.size:
                merge_leaf(node, q)
            return
        visit(left[node], q)
        visit(right[node], q)

    visit(0, np.arange(len(Q)))               # (the walk re-enters each query's own leaf, counted once)
    return best_d, perm[best_p], stats[0], stats[1]


# chapters/02-classical/13-nearest-neighbours.pmd:389
class KDTree:
    """k-d tree over the rows of X for exact Euclidean k-nearest-neighbour queries."""

    def __init__(self, X, leaf_size=256):
        self.data = check_array(X, "X")
        self.leaf_size = check_scalar(leaf_size, "leaf_size", numbers.Integral, low=1)
        self._tree = _build(self.data, self.leaf_size)
        self.n_nodes = len(self._tree[1])
        self.last_query_stats = None

    def query(self, Q, k=1):
        """(distances, indices) of the k nearest rows of X for every row of Q, nearest first."""
        Q = check_array(Q, "Q")
        if Q.shape[1] != self.data.shape[1]:
            raise ValueError(f"Q has {Q.shape[1]} features, the tree was built on {self.data.shape[1]}")
        check_scalar(k, "k", numbers.Integral, low=1, high=len(self.data))
        _, ind, nodes, dists = _query(self._tree, self.data, Q, k)
        self.last_query_stats = {"nodes_per_query": float(nodes) / len(Q),
                                 "distances_per_query": float(dists) / len(Q)}
        return _exact_sorted(Q, self.data, ind)
