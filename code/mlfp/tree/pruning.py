# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/10-decision-trees.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/10-decision-trees.pmd:792
"""Minimal cost-complexity pruning (weakest-link), with scikit-learn's ccp_alpha semantics."""
from collections import namedtuple

import numpy as np

from mlfp.tree.structure import Tree

PruningPath = namedtuple("PruningPath", ["ccp_alphas", "impurities"])


def _branch_costs(tree):
    """Parent of each node, node costs r_t = W_t G(t) / W, branch costs and leaf counts."""
    left, right = tree.children_left, tree.children_right
    n = tree.node_count
    parent = np.full(n, -1)
    inner = np.flatnonzero(left != -1)
    parent[left[inner]], parent[right[inner]] = inner, inner
    wn = tree.weighted_n_node_samples
    r_node = wn * tree.impurity / wn[0]
    r_branch, n_leaves = np.zeros(n), np.zeros(n, dtype=np.intp)
    for leaf in np.flatnonzero(left == -1):          # bubble each leaf's cost up to the root
        r_branch[leaf] = r_node[leaf]
        t = leaf
        while t != 0:
            t = parent[t]
            r_branch[t] += r_node[leaf]
            n_leaves[t] += 1
    size = np.ones(n, dtype=np.intp)                 # subtree sizes: children follow parents
    for t in inner[::-1]:
        size[t] += size[left[t]] + size[right[t]]
    return parent, r_node, r_branch, n_leaves, size


def _weakest_link(tree, ccp_alpha):
    """Collapse weakest links while their effective alpha is <= ccp_alpha.

    Returns the path (effective alphas, leaf impurity R) and masks: nodes kept, leaves.
    """
    parent, r_node, r_branch, n_leaves, size = _branch_costs(tree)
    candidate = tree.children_left != -1
    keep, leaf = np.ones(tree.node_count, dtype=bool), ~candidate
    alphas, impurities = [0.0], [r_branch[0]]
    while candidate[0]:
        g = np.where(candidate, (r_node - r_branch) / (n_leaves - 1), np.inf)
        t = int(np.argmin(g))
        if ccp_alpha < g[t]:
            break
        below = slice(t + 1, t + size[t])
        keep[below], candidate[below], leaf[below] = False, False, False
        candidate[t], leaf[t] = False, True
        pruned, diff = n_leaves[t] - 1, r_node[t] - r_branch[t]
        n_leaves[t], r_branch[t] = 0, r_node[t]
        a = parent[t]
        while a != -1:
            n_leaves[a] -= pruned
            r_branch[a] += diff
            a = parent[a]
        alphas.append(g[t])
        impurities.append(r_branch[0])
    return PruningPath(np.array(alphas), np.array(impurities)), keep, leaf


# chapters/02-classical/10-decision-trees.pmd:858
def cost_complexity_path(tree):
    """Effective alphas of weakest-link pruning and the total leaf impurity after each."""
    return _weakest_link(tree, np.inf)[0]


def prune_tree(tree, ccp_alpha):
    """The subtree minimising R(T) + ccp_alpha * |leaves(T)|."""
    _, keep, leaf = _weakest_link(tree, ccp_alpha)
    new_id = np.cumsum(keep) - 1
    is_leaf = leaf[keep]
    left = np.where(is_leaf, -1, new_id[np.maximum(tree.children_left[keep], 0)])
    right = np.where(is_leaf, -1, new_id[np.maximum(tree.children_right[keep], 0)])
    return Tree(left, right, np.where(is_leaf, -2, tree.feature[keep]),
                np.where(is_leaf, -2.0, tree.threshold[keep]), tree.value[keep],
                tree.impurity[keep], tree.n_node_samples[keep],
                tree.weighted_n_node_samples[keep])
