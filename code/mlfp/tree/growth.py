# GENERATED FILE: do not edit. It is tangled from chapters/02-classical/10-decision-trees.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/02-classical/10-decision-trees.pmd:458
"""Growing a decision tree level by level: one vectorised sorted sweep per level."""
import numpy as np

from mlfp.tree.criteria import node_impurity, split_score
from mlfp.tree.structure import Tree

EPSILON = np.finfo(np.float64).eps   # a node this pure is a leaf (as scikit-learn)
FEATURE_THRESHOLD = 1e-7             # feature values closer than this count as equal


def presort(X):
    """order[j] lists the samples by increasing X[:, j] (stable for ties); shape (d, n)."""
    return np.argsort(X.T, axis=1, kind="stable")


def subset_presorted(order, keep):
    """presort(X[keep]) computed from presort(X) without sorting again."""
    kept = order[keep[order]].reshape(order.shape[0], -1)
    return (np.cumsum(keep) - 1)[kept]


def _segments(lens):
    """First position of each node's block, and the node owning each position."""
    starts = np.zeros(len(lens), dtype=np.intp)
    np.cumsum(lens[:-1], out=starts[1:])
    return starts, np.repeat(np.arange(len(lens)), lens)


def _segment_cumsum(A, starts, lens):
    """Running sums of A along its last axis that restart at the start of every block."""
    C = np.cumsum(A, axis=-1)
    before = np.zeros(C.shape[:-1] + (len(starts),), dtype=C.dtype)
    before[..., 1:] = C[..., starts[1:] - 1]
    C -= np.repeat(before, lens, axis=-1)
    return C


# chapters/02-classical/10-decision-trees.pmd:513
def _best_splits(Xs, Ss, totals, starts, lens, seg, criterion, min_samples_leaf, n_search):
    """Best split per node from one sweep over sorted values Xs (c, m), stats Ss (K+1, c, m)
    and node totals (nodes, K+1).

    Returns, per node, the winning feature row, the last position going left and the
    score (-inf: no admissible split).
    """
    c, m = Xs.shape
    left = _segment_cumsum(Ss, starts, lens)
    n_left = np.arange(1, m + 1) - starts[seg]
    n_right = lens[seg] - n_left
    ok = np.zeros((c, m), dtype=bool)
    np.greater(Xs[:, 1:], Xs[:, :-1] + FEATURE_THRESHOLD, out=ok[:, :-1])   # a gap follows
    ok &= (n_left >= min_samples_leaf) & (n_right >= min_samples_leaf)
    if (n_search < c).any():
        ok &= np.arange(c)[:, None] < n_search[seg]                      # only drawn features
    score = np.where(ok, split_score(criterion, left, totals[seg].T), -np.inf)
    feature_best = np.maximum.reduceat(score, starts, axis=1)            # (c, nodes)
    col = feature_best.argmax(axis=0)
    best = feature_best[col, np.arange(len(starts))]
    hit = score[col[seg], np.arange(m)] == best[seg]
    pos = np.minimum.reduceat(np.where(hit, np.arange(m), m), starts)
    return col, pos, best


# chapters/02-classical/10-decision-trees.pmd:548
def _candidate_features(X, idx, starts, lens, max_features, rng):
    """Per node: features in a random order, and how many of them to search."""
    k, d = len(starts), X.shape[1]
    perm = rng.random((k, d)).argsort(axis=1)
    lo = X[idx[perm, starts[:, None]], perm]
    hi = X[idx[perm, (starts + lens - 1)[:, None]], perm]
    first_varying = np.where(hi > lo + FEATURE_THRESHOLD, np.arange(d), d).min(axis=1)
    return perm, np.minimum(np.maximum(max_features, first_varying + 1), d)


def _midpoint(a, b):
    """Threshold halfway between consecutive values (a itself if the midpoint rounds to b)."""
    t = a / 2.0 + b / 2.0
    return np.where((t == b) | ~np.isfinite(t), a, t)


# chapters/02-classical/10-decision-trees.pmd:577
def _partition(idx, go_left, lens, n_left):
    """Stable partition of every block of idx (d, m) into its left then right child."""
    d, m = idx.shape
    starts, seg = _segments(lens)
    G = go_left[idx].astype(np.intp)
    lefts = _segment_cumsum(G, starts, lens)           # lefts up to and including here
    to_left = lefts + (starts[seg] - 1)                 # block start + lefts before
    to_right = (n_left[seg] + np.arange(m)) - lefts     # right child start + rights before
    dest = to_right + G * (to_left - to_right) + m * np.arange(d)[:, None]
    out = np.empty(idx.shape, dtype=idx.dtype)         # C order, so ravel() is a view
    out.ravel()[dest.ravel()] = idx.ravel()
    return out


# chapters/02-classical/10-decision-trees.pmd:607
def _new_level(totals, impurity, lens):
    k = len(lens)
    return dict(value=totals[:, :-1] / totals[:, -1:], impurity=impurity, n=lens,
                weight=totals[:, -1].astype(float), feature=np.full(k, -2),
                threshold=np.full(k, -2.0), left=np.full(k, -1), right=np.full(k, -1))


def _preorder_trees(levels, n_roots):
    """Concatenate the levels (breadth-first ids, roots first) and split them into one Tree
    per root, with nodes renumbered in depth-first preorder."""
    a = {key: np.concatenate([lv[key] for lv in levels]) for key in levels[0]}
    trees = []
    for root in range(n_roots):
        order, stack = [], [root]
        while stack:
            t = stack.pop()
            order.append(t)
            if a["left"][t] != -1:
                stack += [a["right"][t], a["left"][t]]
        order = np.array(order)
        new_id = np.zeros(len(a["left"]), dtype=np.intp)
        new_id[order] = np.arange(len(order))
        left, right = a["left"][order], a["right"][order]
        leaf = left == -1
        trees.append(Tree(np.where(leaf, -1, new_id[left]), np.where(leaf, -1, new_id[right]),
                          a["feature"][order], a["threshold"][order], a["value"][order],
                          a["impurity"][order], a["n"][order], a["weight"][order]))
    return trees


def grow_trees(X, stats, root_sizes, criterion="gini", y_sq=None, max_depth=None,
               min_samples_split=2, min_samples_leaf=1, max_features=None, rng=None, order=None):
    """Grow one tree per block of consecutive rows of X (block sizes `root_sizes`), all in
    the same breadth-first loop; returns a list of Trees.

    stats (n, K+1): per-sample class weights w*onehot(y) (or w*y for regression), then w > 0;
    integer stats are summed exactly in integers. y_sq (n,): w*y**2 (squared error only).
    order (d, n): sample indices sorted by each feature within each block (presort(X) for
    a single block), if already computed.
    """
    n, d = X.shape
    max_depth = np.inf if max_depth is None else max_depth
    max_features = d if max_features is None else max_features
    rng = np.random.default_rng(rng)
    lens = np.asarray(root_sizes, dtype=np.intp)
    if order is None:
        order = presort(X)
        if len(lens) > 1:                        # regroup by block, stably: sorted within blocks
            block = np.repeat(np.arange(len(lens)), lens)[order]
            order = np.take_along_axis(order, np.argsort(block, axis=1, kind="stable"), axis=1)
    idx = order
    S = np.ascontiguousarray(stats.T)          # gathers S[:, sidx] come out contiguous in m
    depth, n_nodes, levels = 0, len(lens), []
    while True:
        starts, seg = _segments(lens)
        totals = np.add.reduceat(stats[idx[0]], starts, axis=0)
        q = np.add.reduceat(y_sq[idx[0]], starts) if y_sq is not None else None
        level = _new_level(totals, node_impurity(criterion, totals, q), lens)
        levels.append(level)
        may_split = ((depth < max_depth) & (lens >= min_samples_split)
                     & (lens >= 2 * min_samples_leaf) & (level["impurity"] > EPSILON))
        if not may_split.any():
            break
        nodes, idx, lens = np.flatnonzero(may_split), idx.compress(may_split[seg], axis=1), lens[may_split]
        totals = totals[may_split]
        starts, seg = _segments(lens)
        perm, n_search = _candidate_features(X, idx, starts, lens, max_features, rng)
        F = np.ascontiguousarray(perm[seg, :n_search.max()].T)  # (c, m): feature searched
        sidx = idx[F, np.arange(idx.shape[1])]                   # sample at each (feature, pos)
        Xs = X[sidx, F]
        col, pos, score = _best_splits(Xs, S.take(sidx, axis=1), totals, starts, lens, seg,
                                       criterion, min_samples_leaf, n_search)
        split = score > -np.inf
        if not split.any():
            break
        at, p, c = nodes[split], pos[split], col[split]
        level["feature"][at] = perm[split, c]
        level["threshold"][at] = _midpoint(Xs[c, p], Xs[c, p + 1])
        level["left"][at] = n_nodes + 2 * np.arange(len(at))
        level["right"][at] = level["left"][at] + 1
        n_nodes += 2 * len(at)
        go_left = np.zeros(n, dtype=bool)               # read off each node's winning feature
        q = np.flatnonzero(split[seg])
        go_left[sidx[col[seg[q]], q]] = q <= pos[seg[q]]
        n_left = p - starts[split] + 1
        idx, lens = _partition(idx.compress(split[seg], axis=1), go_left, lens[split], n_left), lens[split]
        lens = np.column_stack([n_left, lens - n_left]).ravel()
        depth += 1
    return _preorder_trees(levels, len(root_sizes))


def grow_tree(X, stats, criterion="gini", y_sq=None, **kwargs):
    """Grow a single tree on X (n, d); see grow_trees for the arguments."""
    return grow_trees(X, stats, [len(X)], criterion, y_sq, **kwargs)[0]
