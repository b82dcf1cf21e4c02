# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/10-decision-trees.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/10-decision-trees.pmd:357
"""A fitted binary decision tree stored as flat arrays (scikit-learn's layout)."""
import numpy as np


class Tree:
    """Nodes in depth-first preorder; children -1 and feature/threshold -2 at leaves.

    A sample goes left at node t when x[feature[t]] <= threshold[t]; `value[t]` is the
    prediction at t (class proportions, or the mean response).
    """

    def __init__(self, children_left, children_right, feature, threshold, value, impurity,
                 n_node_samples, weighted_n_node_samples):
        self.children_left, self.children_right = children_left, children_right
        self.feature, self.threshold, self.value = feature, threshold, value
        self.impurity, self.n_node_samples = impurity, n_node_samples
        self.weighted_n_node_samples = weighted_n_node_samples

    @property
    def node_count(self):
        return len(self.feature)

    @property
    def n_leaves(self):
        return int(np.sum(self.children_left == -1))

    @property
    def max_depth(self):
        depth = np.zeros(self.node_count, dtype=np.intp)
        for t in np.flatnonzero(self.children_left != -1):   # parents precede children
            depth[[self.children_left[t], self.children_right[t]]] = depth[t] + 1
        return int(depth.max())

    def apply(self, X):
        """Index of the leaf each row of X ends in."""
        node = np.zeros(len(X), dtype=np.intp)
        active = np.flatnonzero(self.children_left[node] != -1)
        while active.size:
            at = node[active]
            left = X[active, self.feature[at]] <= self.threshold[at]
            node[active] = np.where(left, self.children_left[at], self.children_right[at])
            active = active[self.children_left[node[active]] != -1]
        return node

    def predict(self, X):
        return self.value[self.apply(X)]

    def feature_importances(self, n_features):
        """Weighted impurity decreases per feature, normalised to sum to one."""
        inner = np.flatnonzero(self.children_left != -1)
        wn, imp = self.weighted_n_node_samples, self.impurity
        l, r = self.children_left[inner], self.children_right[inner]
        decrease = wn[inner] * imp[inner] - wn[l] * imp[l] - wn[r] * imp[r]
        out = np.bincount(self.feature[inner], weights=decrease, minlength=n_features) / wn[0]
        return out / out.sum() if out.sum() > 0 else out
