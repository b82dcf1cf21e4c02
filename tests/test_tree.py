"""mlfp.tree against scikit-learn's trees and hand computation; edge cases and bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as hst
from sklearn import tree as sk
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

from mlfp.exceptions import NotFittedError
from mlfp.tree import (DecisionTreeClassifier, DecisionTreeRegressor, cost_complexity_path,
                       entropy_impurity, gini_impurity, grow_tree, presort, prune_tree,
                       subset_presorted, variance_impurity)
from mlfp.tree.criteria import split_score


def f32(X):
    """Round to float32, so that both libraries see the same numbers (sklearn grows on float32)."""
    return np.asarray(X, dtype=np.float32).astype(np.float64)


CANCER = load_breast_cancer(return_X_y=True)
WINE = load_wine(return_X_y=True)
DIABETES = load_diabetes(return_X_y=True)


def _child_cost(t, i):
    l, r = t.children_left[i], t.children_right[i]
    return t.weighted_n_node_samples[l] * t.impurity[l] + t.weighted_n_node_samples[r] * t.impurity[r]


def assert_same_tree_up_to_ties(ours, ref):
    """Walk both trees together: every node agrees in samples and impurity, and where the
    splits differ the two splits are tied (equal weighted child impurity); below a tie the
    subtrees may legitimately differ and are not compared. Returns the nodes compared."""
    a, b = ours.tree_, ref.tree_
    stack, compared = [(0, 0)], 0
    while stack:
        i, j = stack.pop()
        compared += 1
        assert a.n_node_samples[i] == b.n_node_samples[j]
        assert a.weighted_n_node_samples[i] == pytest.approx(b.weighted_n_node_samples[j], rel=1e-12)
        assert a.impurity[i] == pytest.approx(b.impurity[j], rel=1e-10, abs=1e-12)
        a_leaf, b_leaf = a.children_left[i] == -1, b.children_left[j] == -1
        assert a_leaf == b_leaf, f"node {i}: leaf in one tree only"
        if a_leaf:
            continue
        if a.feature[i] == b.feature[j] and a.threshold[i] == pytest.approx(b.threshold[j], abs=1e-12):
            stack += [(a.children_left[i], b.children_left[j]), (a.children_right[i], b.children_right[j])]
        else:
            assert _child_cost(a, i) == pytest.approx(_child_cost(b, j), rel=1e-10), f"node {i} is not a tie"
    return compared


# ------------------------------------------------------------------ impurities by hand
def test_impurities_by_hand():
    assert gini_impurity([3, 1]) == pytest.approx(1 - (9 + 1) / 16)
    assert gini_impurity([5, 5, 0]) == pytest.approx(0.5)
    assert gini_impurity([7, 0]) == 0.0
    assert entropy_impurity([1, 1]) == pytest.approx(1.0)
    assert entropy_impurity([3, 1]) == pytest.approx(-(0.75 * np.log2(0.75) + 0.25 * np.log2(0.25)))
    assert entropy_impurity([4, 0, 0]) == 0.0
    assert entropy_impurity([1, 1, 1, 1]) == pytest.approx(2.0)
    y = np.array([1.0, 2.0, 3.0, 6.0])
    w = np.array([1.0, 2.0, 1.0, 0.5])
    mean = np.average(y, weights=w)
    assert variance_impurity(w.sum(), (w * y).sum(), (w * y * y).sum()) == pytest.approx(
        np.average((y - mean) ** 2, weights=w))


def test_impurities_are_vectorised_over_nodes():
    counts = np.array([[3, 1], [2, 2], [0, 5]])
    np.testing.assert_allclose(gini_impurity(counts), [0.375, 0.5, 0.0])


@settings(max_examples=30, deadline=None)
@given(hst.lists(hst.integers(1, 20), min_size=3, max_size=3),
       hst.lists(hst.integers(1, 20), min_size=3, max_size=3))
def test_split_scores_rank_splits_by_impurity_decrease(lk, rk):
    """score - (its value at the parent) equals the weighted impurity decrease computed by hand."""
    l, r = np.array(lk, float), np.array(rk, float)
    t = l + r
    for crit, G in (("gini", gini_impurity), ("entropy", entropy_impurity)):
        left = np.append(l, l.sum())[:, None, None]
        totals = np.append(t, t.sum())[:, None]
        score = split_score(crit, left, totals)[0, 0]
        decrease = t.sum() * G(t) - l.sum() * G(l) - r.sum() * G(r)
        # scores are in nats for entropy; the constant parent term is sum t log t - W log W
        parent = (t @ t) / t.sum() if crit == "gini" else (t @ np.log(t)) - t.sum() * np.log(t.sum())
        scale = 1.0 if crit == "gini" else np.log(2.0)
        assert score - parent == pytest.approx(decrease * scale, rel=1e-9, abs=1e-9)
        assert decrease >= -1e-12


def test_regression_split_score_is_variance_decrease():
    rng = np.random.default_rng(0)
    yl, yr = rng.normal(size=5), rng.normal(size=7) + 1
    y = np.concatenate([yl, yr])
    left = np.array([yl.sum(), len(yl)], float)[:, None, None]
    totals = np.array([y.sum(), len(y)], float)[:, None]
    score = split_score("squared_error", left, totals)[0, 0]
    decrease = len(y) * y.var() - len(yl) * yl.var() - len(yr) * yr.var()
    assert score - y.sum() ** 2 / len(y) == pytest.approx(decrease)


# ------------------------------------------------------------------ against scikit-learn
@pytest.mark.parametrize("data", ["cancer", "wine"])
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("depth", [1, 3, 5])
def test_classifier_structure_matches_sklearn(data, criterion, depth):
    X, y = CANCER if data == "cancer" else WINE
    X = f32(X)
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=0).fit(X, y)
    ref = sk.DecisionTreeClassifier(criterion=criterion, max_depth=depth, random_state=0).fit(X, y)
    assert_same_tree_up_to_ties(ours, ref)


def test_regressor_structure_matches_sklearn():
    X, y = DIABETES
    X = f32(X)
    for depth in (2, 4, 6):
        ours = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
        ref = sk.DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
        assert_same_tree_up_to_ties(ours, ref)


def _no_tie_data(seed, n=400, d=6, classes=3, noise=1.0):
    rng = np.random.default_rng(seed)
    X = f32(rng.standard_normal((n, d)))
    score = X[:, 0] + 0.8 * X[:, 1] * X[:, 2] + noise * rng.standard_normal(n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, classes + 1)[1:-1]))
    return X, y


@pytest.mark.parametrize("seed", range(8))
def test_predictions_equal_sklearn_on_data_without_ties(seed):
    """Continuous features, continuous sample weights, noisy labels and leaves of at least
    10 samples: no two splits tie exactly (with unit weights, equal counts tie often)."""
    X, y = _no_tie_data(seed)
    w = np.random.default_rng(seed).uniform(0.5, 1.5, len(y))
    Xt = f32(np.random.default_rng(100 + seed).standard_normal((1000, X.shape[1])))
    ours = DecisionTreeClassifier(max_depth=4, min_samples_leaf=10, random_state=0).fit(X, y, sample_weight=w)
    ref = sk.DecisionTreeClassifier(max_depth=4, min_samples_leaf=10, random_state=0).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(ours.tree_.feature, ref.tree_.feature)
    np.testing.assert_array_equal(ours.tree_.threshold, ref.tree_.threshold)
    np.testing.assert_allclose(ours.predict_proba(Xt), ref.predict_proba(Xt), atol=1e-12)
    np.testing.assert_array_equal(ours.predict(Xt), ref.predict(Xt))
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, atol=1e-12)


def test_regression_predictions_and_mse_match_sklearn():
    X, y = DIABETES
    X = f32(X)
    ours = DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, y)
    ref = sk.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12)
    # leaf values are the means of their samples, leaf impurities their variances
    leaves = ours.apply(X)
    for leaf in np.unique(leaves):
        assert ours.tree_.value[leaf, 0] == pytest.approx(y[leaves == leaf].mean())
        assert ours.tree_.impurity[leaf] == pytest.approx(y[leaves == leaf].var())
    assert np.mean((ours.predict(X) - y) ** 2) == pytest.approx(np.mean((ref.predict(X) - y) ** 2))


def test_sample_weight_matches_sklearn():
    X, y = _no_tie_data(7)
    w = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    ours = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y, sample_weight=w)
    ref = sk.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y, sample_weight=w)
    assert_same_tree_up_to_ties(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-10)


def test_zero_weights_drop_samples_like_sklearn():
    X, y = _no_tie_data(3)
    w = np.ones(len(y))
    w[::3] = 0
    ours = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y, sample_weight=w)
    ref = sk.DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y, sample_weight=w)
    assert_same_tree_up_to_ties(ours, ref)


def test_accuracy_close_to_sklearn_held_out():
    from sklearn.model_selection import cross_val_score, StratifiedKFold
    for X, y in (CANCER, WINE):
        cv = StratifiedKFold(5, shuffle=True, random_state=0)
        a = cross_val_score(DecisionTreeClassifier(random_state=0), X, y, cv=cv).mean()
        b = cross_val_score(sk.DecisionTreeClassifier(random_state=0), X, y, cv=cv).mean()
        assert abs(a - b) < 0.02


# ------------------------------------------------------------------ pruning
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_ccp_path_matches_sklearn(criterion):
    X, y = CANCER
    ours = DecisionTreeClassifier(criterion=criterion, random_state=0).cost_complexity_pruning_path(X, y)
    ref = sk.DecisionTreeClassifier(criterion=criterion, random_state=0).cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(ours.ccp_alphas, ref.ccp_alphas, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(ours.impurities, ref.impurities, rtol=1e-9, atol=1e-15)


def test_ccp_path_regression_matches_sklearn():
    X, y = DIABETES
    X = f32(X)
    ours = DecisionTreeRegressor(min_samples_leaf=5, random_state=0).cost_complexity_pruning_path(X, y)
    ref = sk.DecisionTreeRegressor(min_samples_leaf=5, random_state=0).cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(ours.ccp_alphas, ref.ccp_alphas, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.impurities, ref.impurities, rtol=1e-9)


def test_pruned_node_counts_match_sklearn():
    X, y = CANCER
    X = f32(X)
    path = sk.DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X, y)
    alphas = np.concatenate([path.ccp_alphas, (path.ccp_alphas[1:] + path.ccp_alphas[:-1]) / 2])
    for a in alphas:
        ours = DecisionTreeClassifier(ccp_alpha=a, random_state=0).fit(X, y)
        ref = sk.DecisionTreeClassifier(ccp_alpha=a, random_state=0).fit(X, y)
        assert ours.tree_.node_count == ref.tree_.node_count, a
        assert ours.get_n_leaves() == ref.get_n_leaves()


def test_pruning_minimises_cost_complexity():
    """The pruned tree's R + alpha |leaves| is no larger than any tree earlier on the path."""
    X, y = WINE
    tree = DecisionTreeClassifier(random_state=0).fit(X, y).tree_
    path = cost_complexity_path(tree)
    assert np.all(np.diff(path.ccp_alphas) >= -1e-15)
    assert np.all(np.diff(path.impurities) >= -1e-15)
    W = tree.weighted_n_node_samples[0]

    def cost(t, a):
        leaf = t.children_left == -1
        return np.sum(t.weighted_n_node_samples[leaf] * t.impurity[leaf]) / W + a * leaf.sum()

    for a in np.linspace(0, path.ccp_alphas[-1], 13):
        best = cost(prune_tree(tree, a), a)
        for b in path.ccp_alphas:
            assert best <= cost(prune_tree(tree, b), a) + 1e-12


# ------------------------------------------------------------------ hyper-parameters respected
@pytest.mark.parametrize("leaf", [1, 4, 17, 0.05])
def test_min_samples_leaf_respected(leaf):
    X, y = CANCER
    est = DecisionTreeClassifier(min_samples_leaf=leaf, random_state=0).fit(X, y)
    t = est.tree_
    need = leaf if isinstance(leaf, int) else int(np.ceil(leaf * len(X)))
    assert t.n_node_samples[t.children_left == -1].min() >= need
    ref = sk.DecisionTreeClassifier(min_samples_leaf=leaf, random_state=0).fit(f32(X), y)
    ours32 = DecisionTreeClassifier(min_samples_leaf=leaf, random_state=0).fit(f32(X), y)
    assert ours32.get_n_leaves() == ref.get_n_leaves()


@pytest.mark.parametrize("depth", [1, 2, 4, 7])
def test_max_depth_respected(depth):
    X, y = DIABETES
    est = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
    assert est.get_depth() == depth
    assert est.get_n_leaves() <= 2 ** depth


def test_min_samples_split_respected():
    X, y = WINE
    est = DecisionTreeClassifier(min_samples_split=30, random_state=0).fit(X, y)
    t = est.tree_
    inner = t.children_left != -1
    assert t.n_node_samples[inner].min() >= 30


def test_full_tree_is_pure_on_distinct_points():
    X, y = CANCER
    est = DecisionTreeClassifier(random_state=0).fit(X, y)
    assert est.score(X, y) == 1.0
    leaf = est.tree_.children_left == -1
    assert np.all(est.tree_.impurity[leaf] <= np.finfo(float).eps)


def test_max_features_searches_subsets_deterministically():
    X, y = CANCER
    a = DecisionTreeClassifier(max_features=3, random_state=1).fit(X, y)
    b = DecisionTreeClassifier(max_features=3, random_state=1).fit(X, y)
    c = DecisionTreeClassifier(max_features=3, random_state=2).fit(X, y)
    np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
    assert a.tree_.node_count != c.tree_.node_count or not np.array_equal(a.tree_.feature, c.tree_.feature)


# ------------------------------------------------------------------ edge cases
def test_string_labels():
    X, y = WINE
    names = np.array(["barbera", "barolo", "grignolino"])[y]
    est = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, names)
    assert list(est.classes_) == ["barbera", "barolo", "grignolino"]
    ref = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_array_equal(est.predict(X),
                                  np.array(["barbera", "barolo", "grignolino"])[ref.predict(X)])


def test_constant_features_give_a_single_leaf():
    X = np.ones((20, 3))
    y = np.array([0] * 12 + [1] * 8)
    est = DecisionTreeClassifier(random_state=0).fit(X, y)
    assert est.tree_.node_count == 1
    np.testing.assert_allclose(est.predict_proba(X[:2]), [[0.6, 0.4]] * 2)
    assert np.all(est.predict(X) == 0)
    np.testing.assert_array_equal(est.feature_importances_, np.zeros(3))


def test_constant_feature_is_never_split():
    X, y = CANCER
    X = np.column_stack([np.full(len(X), 7.0), X])
    est = DecisionTreeClassifier(random_state=0).fit(X, y)
    assert 0 not in est.tree_.feature
    assert est.feature_importances_[0] == 0.0


def test_single_class():
    X = np.random.default_rng(0).normal(size=(10, 2))
    est = DecisionTreeClassifier().fit(X, ["a"] * 10)
    assert list(est.classes_) == ["a"]
    np.testing.assert_array_equal(est.predict_proba(X), np.ones((10, 1)))
    assert list(est.predict(X)) == ["a"] * 10


def test_one_sample():
    est = DecisionTreeRegressor().fit([[1.0, 2.0]], [3.5])
    assert est.predict([[0.0, 0.0]])[0] == 3.5


def test_probabilities_sum_to_one_and_importances_normalised():
    X, y = WINE
    est = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_allclose(est.predict_proba(X).sum(axis=1), 1.0)
    assert est.feature_importances_.sum() == pytest.approx(1.0)


def test_subset_presorted_equals_sorting_the_subset():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, (50, 4)).astype(float)       # many ties: stability matters
    keep = rng.random(50) < 0.6
    np.testing.assert_array_equal(subset_presorted(presort(X), keep), presort(X[keep]))
    np.testing.assert_array_equal(presort(X), np.argsort(X, axis=0, kind="stable").T)


def test_integer_and_float_statistics_grow_the_same_tree():
    X, y = _no_tie_data(2)
    onehot = np.column_stack([np.eye(3)[y], np.ones(len(y))])
    a = grow_tree(X, onehot.astype(np.int64), "gini", rng=0)
    b = grow_tree(X, onehot.astype(float), "gini", rng=0)
    np.testing.assert_array_equal(a.feature, b.feature)
    np.testing.assert_array_equal(a.threshold, b.threshold)


@settings(max_examples=30, deadline=None)
@given(hst.integers(0, 10_000))
def test_stump_finds_the_brute_force_best_split(seed):
    """A depth-1 tree maximises the Gini decrease over every feature and midpoint."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 30))
    X = rng.integers(0, 6, (n, 3)).astype(float)
    y = rng.integers(0, 2, n)
    est = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y)
    best = -np.inf
    for j in range(3):
        v = np.unique(X[:, j])
        for t in (v[:-1] + v[1:]) / 2:
            left = X[:, j] <= t
            dec = n * gini_impurity(np.bincount(y, minlength=2))
            for side in (left, ~left):
                dec -= side.sum() * gini_impurity(np.bincount(y[side], minlength=2))
            best = max(best, dec)
    t = est.tree_
    if t.node_count == 1:
        assert best == -np.inf or gini_impurity(np.bincount(y, minlength=2)) == 0
    else:
        assert n * t.impurity[0] - _child_cost(t, 0) == pytest.approx(best, abs=1e-9)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs, match", [
    (dict(criterion="mse"), "criterion"),
    (dict(max_depth=0), "max_depth"),
    (dict(max_depth=2.5), "max_depth"),
    (dict(min_samples_split=1), "min_samples_split"),
    (dict(min_samples_leaf=0), "min_samples_leaf"),
    (dict(min_samples_leaf=1.5), "min_samples_leaf"),
    (dict(ccp_alpha=-0.1), "ccp_alpha"),
    (dict(max_features="cube"), "max_features"),
    (dict(max_features=100), "max_features"),
    (dict(random_state="seed"), "random_state"),
])
def test_bad_hyper_parameters(kwargs, match):
    X, y = WINE
    with pytest.raises(ValueError, match=match):
        DecisionTreeClassifier(**kwargs).fit(X, y)


def test_bad_data():
    X, y = WINE
    with pytest.raises(ValueError, match="NaN"):
        DecisionTreeClassifier().fit(np.where(X > 100, np.nan, X), y)
    with pytest.raises(ValueError, match="different lengths"):
        DecisionTreeClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="2-D"):
        DecisionTreeClassifier().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="sample_weight"):
        DecisionTreeClassifier().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="sample_weight"):
        DecisionTreeClassifier().fit(X, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match="criterion"):
        DecisionTreeRegressor(criterion="gini").fit(X, y)
    with pytest.raises(ValueError, match="y"):
        DecisionTreeRegressor().fit(X, np.where(y == 1, np.nan, y))
    est = DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        est.predict(X[:, :5])


def test_predict_before_fit():
    with pytest.raises(NotFittedError):
        DecisionTreeClassifier().predict(np.zeros((2, 2)))
    with pytest.raises(NotFittedError):
        DecisionTreeRegressor().predict(np.zeros((2, 2)))
    with pytest.raises(NotFittedError):
        DecisionTreeRegressor().get_depth()
