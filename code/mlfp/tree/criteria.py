# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/10-decision-trees.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/10-decision-trees.pmd:254
"""Impurity measures of decision-tree nodes and the score a split search maximises."""
import numpy as np

LN2 = np.log(2.0)


def _xlogx(x):
    """x * log(x) elementwise, with 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(x), 0.0)


def gini_impurity(counts):
    """1 - sum_k p_k^2 for class weights `counts` (classes on the last axis)."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=-1)
    return 1.0 - (counts * counts).sum(axis=-1) / (total * total)


def entropy_impurity(counts):
    """-sum_k p_k log2 p_k (bits) for class weights `counts` (classes on the last axis)."""
    counts = np.asarray(counts, dtype=float)
    p = counts / counts.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(p > 0, p * (np.log(p) / LN2), 0.0).sum(axis=-1)


def variance_impurity(weight, y_sum, y_sq_sum):
    """Weighted variance Q/W - (S/W)^2 from a node's sums W, S = sum w y, Q = sum w y^2."""
    return y_sq_sum / weight - (y_sum / weight) ** 2


# chapters/02-classical/10-decision-trees.pmd:313
def node_impurity(criterion, totals, y_sq_sum=None):
    """Impurity of nodes from their statistic totals (k, K+1): class weights or S, then W."""
    if criterion == "squared_error":
        return variance_impurity(totals[:, -1], totals[:, 0], y_sq_sum)
    impurity = gini_impurity if criterion == "gini" else entropy_impurity
    return impurity(totals[:, :-1])


def split_score(criterion, left, totals):
    """Score of candidate splits from left sums (K+1, c, m) and node totals (K+1, m), weight last.

    Maximising it maximises the weighted impurity decrease of the split:
    gini           sum_k l_k^2 / W_L + sum_k r_k^2 / W_R
    entropy        sum_k l_k log l_k - W_L log W_L + (the same for the right)
    squared_error  S_L^2 / W_L + S_R^2 / W_R
    """
    wl, l, t = left[-1], left[:-1], totals[:-1]
    wr = totals[-1] - wl
    with np.errstate(divide="ignore", invalid="ignore"):
        if criterion == "gini":
            ll = np.einsum("kcm,kcm->cm", l, l)
            rr = np.einsum("km,km->m", t, t) - 2 * np.einsum("kcm,km->cm", l, t) + ll
            return ll / wl + rr / wr
        r = t[:, None, :] - l
        if criterion == "entropy":
            return _xlogx(l).sum(axis=0) + _xlogx(r).sum(axis=0) - _xlogx(wl) - _xlogx(wr)
        return l[0] ** 2 / wl + r[0] ** 2 / wr
