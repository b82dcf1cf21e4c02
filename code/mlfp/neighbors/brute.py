# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/13-nearest-neighbours.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/13-nearest-neighbours.pmd:197
"""Exact k nearest neighbours by brute force: every distance, computed in blocks of bounded memory."""
import numpy as np

from mlfp.svm.kernels import squared_distances

WORKING_MEMORY = 64 * 2**20          # bytes for one block of the query x training distance matrix


def _k_smallest(D, k):
    """Column indices of the k smallest entries of each row of D (unordered), in O(n) per row."""
    if k >= D.shape[1]:
        return np.broadcast_to(np.arange(D.shape[1]), D.shape).copy()
    return np.argpartition(D, k - 1, axis=1)[:, :k]


# chapters/02-classical/13-nearest-neighbours.pmd:221
def _exact_sorted(Q, X, ind):
    """Distances ||q - x_i|| for the candidate indices, recomputed directly and sorted (ties: index)."""
    dist = np.sqrt(np.einsum("mkd,mkd->mk", Q[:, None, :] - X[ind], Q[:, None, :] - X[ind]))
    order = np.lexsort((ind, dist), axis=-1)
    return np.take_along_axis(dist, order, axis=1), np.take_along_axis(ind, order, axis=1)


def brute_kneighbors(X, Q, k, working_memory=WORKING_MEMORY):
    """Distances and indices of the k nearest rows of X for every row of Q, nearest first."""
    dist, ind = np.empty((len(Q), k)), np.empty((len(Q), k), dtype=np.intp)
    centre = X.mean(axis=0)                  # distances are unchanged; the expansion loses less
    Xc, Qc = X - centre, Q - centre
    rows = max(1, int(working_memory // (8 * len(X))))
    for start in range(0, len(Q), rows):
        block = slice(start, start + rows)
        candidates = _k_smallest(squared_distances(Qc[block], Xc), k)
        dist[block], ind[block] = _exact_sorted(Q[block], X, candidates)
    return dist, ind
