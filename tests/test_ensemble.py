"""mlfp.ensemble against scikit-learn's ensembles and hand computation; edge cases, bad input."""
import numpy as np
import pytest
from sklearn import ensemble as sk
from sklearn import tree as sktree
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

from mlfp.ensemble import (AdaBoostClassifier, GradientBoostingClassifier,
                           GradientBoostingRegressor, RandomForestClassifier,
                           RandomForestRegressor, bootstrap_counts, samme_alpha)
from mlfp.exceptions import NotFittedError


def f32(X):
    """Round to float32, so that both libraries see the same numbers (sklearn grows on float32)."""
    return np.asarray(X, dtype=np.float32).astype(np.float64)


CANCER = load_breast_cancer(return_X_y=True)
WINE = load_wine(return_X_y=True)
DIABETES = load_diabetes(return_X_y=True)


# ------------------------------------------------------------------ random forests
def test_bootstrap_counts_leave_out_about_a_third():
    rng = np.random.default_rng(0)
    counts = np.array([bootstrap_counts(1000, rng) for _ in range(50)])
    assert np.all(counts.sum(axis=1) == 1000)
    assert np.mean(counts == 0) == pytest.approx((1 - 1 / 1000) ** 1000, abs=0.01)


def test_forest_accuracy_close_to_sklearn():
    X, y = CANCER
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ours = cross_val_score(RandomForestClassifier(n_estimators=50, random_state=0), X, y, cv=cv).mean()
    ref = cross_val_score(sk.RandomForestClassifier(n_estimators=50, random_state=0), X, y, cv=cv).mean()
    assert abs(ours - ref) < 0.02


def test_forest_regressor_r2_close_to_sklearn():
    X, y = DIABETES
    cv = KFold(5, shuffle=True, random_state=0)
    kw = dict(n_estimators=50, max_features=1 / 3, random_state=0)
    ours = cross_val_score(RandomForestRegressor(**kw), X, y, cv=cv).mean()
    ref = cross_val_score(sk.RandomForestRegressor(**kw), X, y, cv=cv).mean()
    assert abs(ours - ref) < 0.03


@pytest.mark.parametrize("data", ["cancer", "wine"])
def test_oob_score_close_to_sklearn(data):
    X, y = CANCER if data == "cancer" else WINE
    ours = np.mean([RandomForestClassifier(n_estimators=60, oob_score=True, random_state=s).fit(X, y).oob_score_
                    for s in range(3)])
    ref = np.mean([sk.RandomForestClassifier(n_estimators=60, oob_score=True, random_state=s).fit(X, y).oob_score_
                   for s in range(3)])
    assert abs(ours - ref) < 0.02


def test_oob_regression_close_to_sklearn_and_to_held_out():
    X, y = DIABETES
    ours = RandomForestRegressor(n_estimators=80, max_features=1 / 3, oob_score=True, random_state=0).fit(X, y)
    ref = sk.RandomForestRegressor(n_estimators=80, max_features=1 / 3, oob_score=True, random_state=0).fit(X, y)
    assert abs(ours.oob_score_ - ref.oob_score_) < 0.04
    assert ours.oob_prediction_.shape == y.shape


def test_oob_warns_when_a_sample_is_never_out_of_bag():
    X, y = WINE
    with pytest.warns(UserWarning, match="out-of-bag"):
        RandomForestClassifier(n_estimators=2, oob_score=True, random_state=0).fit(X, y)


@pytest.mark.filterwarnings("ignore:.*out-of-bag")
def test_oob_decision_function_uses_only_out_of_bag_trees():
    X, y = WINE
    f = RandomForestClassifier(n_estimators=15, oob_score=True, random_state=3).fit(X, y)
    i = 7
    trees = [t for t, c in zip(f.estimators_, f.inbag_counts_) if c[i] == 0]
    by_hand = np.mean([t.predict(X[i:i + 1])[0] for t in trees], axis=0)
    np.testing.assert_allclose(f.oob_decision_function_[i], by_hand)


def test_without_bootstrap_and_feature_sampling_every_tree_is_the_cart_tree():
    rng = np.random.default_rng(0)
    X = f32(rng.standard_normal((300, 5)))
    y = (X[:, 0] + X[:, 1] * X[:, 2] + rng.standard_normal(300) > 0).astype(int)
    f = RandomForestClassifier(n_estimators=3, bootstrap=False, max_features=None, max_depth=2,
                               random_state=0).fit(X, y)
    ref = sktree.DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    for t in f.estimators_:
        np.testing.assert_array_equal(t.feature, ref.tree_.feature)
        np.testing.assert_array_equal(t.threshold, ref.tree_.threshold)
    np.testing.assert_allclose(f.predict_proba(X), ref.predict_proba(X))


def test_forest_in_bag_counts_and_probabilities():
    X, y = WINE
    f = RandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
    assert f.inbag_counts_.shape == (20, len(X))
    assert np.all(f.inbag_counts_.sum(axis=1) == len(X))
    for t, c in zip(f.estimators_, f.inbag_counts_):
        assert t.n_node_samples[0] == np.count_nonzero(c)       # distinct in-bag samples
        assert t.weighted_n_node_samples[0] == len(X)           # weighted by the counts
    P = f.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert f.feature_importances_.sum() == pytest.approx(1.0)


def test_max_features_one_decorrelates_trees():
    X, y = CANCER
    a = RandomForestClassifier(n_estimators=10, max_features=1, bootstrap=False, random_state=0).fit(X, y)
    roots = {t.feature[0] for t in a.estimators_}
    assert len(roots) > 1


def test_forest_determinism_and_string_labels():
    X, y = WINE
    names = np.array(["a", "b", "c"])[y]
    a = RandomForestClassifier(n_estimators=10, random_state=5).fit(X, names)
    b = RandomForestClassifier(n_estimators=10, random_state=5).fit(X, names)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert list(a.classes_) == ["a", "b", "c"]
    c = RandomForestClassifier(n_estimators=10, random_state=6).fit(X, names)
    assert not np.array_equal(a.inbag_counts_, c.inbag_counts_)


def test_forest_constant_feature_and_single_class():
    X = np.column_stack([np.ones(30), np.arange(30.0)])
    f = RandomForestClassifier(n_estimators=5, random_state=0).fit(X, np.zeros(30))
    np.testing.assert_array_equal(f.predict_proba(X), np.ones((30, 1)))
    y = (np.arange(30) > 14).astype(int)
    f = RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)
    assert all(0 not in t.feature for t in f.estimators_)


# ------------------------------------------------------------------ AdaBoost
def test_samme_alpha_by_hand():
    assert samme_alpha(0.25, 2) == pytest.approx(np.log(3))
    assert samme_alpha(0.25, 3) == pytest.approx(np.log(3) + np.log(2))
    assert samme_alpha(0.25, 3, learning_rate=0.5) == pytest.approx(0.5 * (np.log(3) + np.log(2)))
    assert samme_alpha(1 - 1 / 4, 4) == pytest.approx(0.0)      # chance level among 4 classes


@pytest.mark.parametrize("data", ["cancer", "wine"])
@pytest.mark.parametrize("depth", [1])
def test_adaboost_matches_sklearn_round_by_round(data, depth):
    """Stumps: no exact ties on this data, so every round agrees. (Deeper weighted trees
    often have several splits into two pure children, which tie exactly.)"""
    X, y = CANCER if data == "cancer" else WINE
    X = f32(X)
    ours = AdaBoostClassifier(n_estimators=30, max_depth=depth).fit(X, y)
    ref = sk.AdaBoostClassifier(sktree.DecisionTreeClassifier(max_depth=depth), n_estimators=30,
                                random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.estimator_weights_, ref.estimator_weights_[:len(ours.estimator_weights_)],
                               rtol=1e-9)
    np.testing.assert_allclose(ours.estimator_errors_, ref.estimator_errors_[:len(ours.estimator_errors_)],
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-9)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-9)


def test_adaboost_deeper_trees_accuracy_close_to_sklearn():
    X, y = CANCER
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ours = cross_val_score(AdaBoostClassifier(n_estimators=30, max_depth=3), X, y, cv=cv).mean()
    ref = cross_val_score(sk.AdaBoostClassifier(sktree.DecisionTreeClassifier(max_depth=3),
                                                n_estimators=30, random_state=0), X, y, cv=cv).mean()
    assert abs(ours - ref) < 0.02


def test_adaboost_learning_rate_and_staged_predict():
    X, y = f32(WINE[0]), WINE[1]
    ours = AdaBoostClassifier(n_estimators=20, learning_rate=0.3).fit(X, y)
    ref = sk.AdaBoostClassifier(n_estimators=20, learning_rate=0.3, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.estimator_weights_, ref.estimator_weights_, rtol=1e-9)
    for a, b in zip(ours.staged_predict(X), ref.staged_predict(X)):
        np.testing.assert_array_equal(a, b)


def test_adaboost_stops_on_a_perfect_learner():
    X = np.arange(20.0)[:, None]
    y = (X[:, 0] > 9).astype(int)
    ours = AdaBoostClassifier(n_estimators=10).fit(X, y)
    assert len(ours.estimators_) == 1 and ours.estimator_weights_[0] == 1.0
    assert ours.score(X, y) == 1.0


def test_adaboost_reweights_misclassified_samples_by_exp_alpha():
    """After round 1 a misclassified sample's weight is exp(alpha_1) times a correct one's."""
    X, y = f32(CANCER[0]), CANCER[1]
    ours = AdaBoostClassifier(n_estimators=2).fit(X, y)
    t1, a1 = ours.estimators_[0], ours.estimator_weights_[0]
    miss = t1.predict(X).argmax(1) != y
    w = np.where(miss, np.exp(a1), 1.0)
    w /= w.sum()
    t2 = sktree.DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y, sample_weight=w)
    assert ours.estimators_[1].feature[0] == t2.tree_.feature[0]
    assert ours.estimators_[1].threshold[0] == pytest.approx(t2.tree_.threshold[0])


# ------------------------------------------------------------------ gradient boosting
def test_gb_regressor_matches_sklearn_on_training_data():
    X, y = f32(DIABETES[0]), DIABETES[1]
    ours = GradientBoostingRegressor(n_estimators=40, random_state=0).fit(X, y)
    ref = sk.GradientBoostingRegressor(n_estimators=40, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10, atol=1e-9)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-10)


def test_gb_first_stage_is_a_tree_on_the_centred_target():
    X, y = f32(DIABETES[0]), DIABETES[1]
    gb = GradientBoostingRegressor(n_estimators=1, learning_rate=1.0, max_depth=2).fit(X, y)
    tree = sktree.DecisionTreeRegressor(max_depth=2, random_state=0).fit(X, y - y.mean())
    np.testing.assert_allclose(gb.predict(X), y.mean() + tree.predict(X), rtol=1e-12)


def test_gb_binary_classifier_matches_sklearn_on_training_data():
    X, y = f32(CANCER[0]), CANCER[1]
    ours = GradientBoostingClassifier(n_estimators=30, random_state=0).fit(X, y)
    ref = sk.GradientBoostingClassifier(n_estimators=30, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-10)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-8)


def test_gb_newton_leaf_values_by_hand():
    X, y = f32(CANCER[0]), CANCER[1]
    gb = GradientBoostingClassifier(n_estimators=1, learning_rate=1.0, max_depth=2).fit(X, y)
    p0 = y.mean()
    tree = gb.estimators_[0][0]
    leaves = tree.apply(X)
    for leaf in np.unique(leaves):
        r = y[leaves == leaf] - p0
        assert tree.value[leaf, 0] == pytest.approx(r.sum() / (len(r) * p0 * (1 - p0)))
    assert gb.init_[0] == pytest.approx(np.log(p0 / (1 - p0)))


def test_gb_multiclass_close_to_sklearn():
    X, y = WINE
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ours = cross_val_score(GradientBoostingClassifier(n_estimators=30, random_state=0), X, y, cv=cv).mean()
    ref = cross_val_score(sk.GradientBoostingClassifier(n_estimators=30, random_state=0), X, y, cv=cv).mean()
    assert abs(ours - ref) < 0.03
    gb = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(X, y)
    assert len(gb.estimators_[0]) == 3
    np.testing.assert_allclose(gb.predict_proba(X).sum(axis=1), 1.0)
    assert gb.decision_function(X).shape == (len(X), 3)


def test_gb_training_loss_decreases_and_subsample_is_deterministic():
    X, y = DIABETES
    gb = GradientBoostingRegressor(n_estimators=30, random_state=0).fit(X, y)
    assert np.all(np.diff(gb.train_score_) < 0)
    a = GradientBoostingRegressor(n_estimators=10, subsample=0.5, random_state=1).fit(X, y)
    b = GradientBoostingRegressor(n_estimators=10, subsample=0.5, random_state=1).fit(X, y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    staged = list(a.staged_predict(X))
    assert len(staged) == 10 and np.array_equal(staged[-1], a.predict(X))


def test_gb_string_labels():
    X, y = CANCER
    names = np.array(["malignant", "benign"])[y]
    gb = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(X, names)
    assert list(gb.classes_) == ["benign", "malignant"]
    assert set(gb.predict(X)) <= {"benign", "malignant"}


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("make, match", [
    (lambda: RandomForestClassifier(n_estimators=0), "n_estimators"),
    (lambda: RandomForestClassifier(bootstrap=False, oob_score=True), "bootstrap"),
    (lambda: RandomForestClassifier(max_features="half"), "max_features"),
    (lambda: RandomForestClassifier(criterion="mse"), "criterion"),
    (lambda: AdaBoostClassifier(learning_rate=0.0), "learning_rate"),
    (lambda: AdaBoostClassifier(n_estimators=1.5), "n_estimators"),
    (lambda: GradientBoostingClassifier(subsample=1.5), "subsample"),
    (lambda: GradientBoostingClassifier(max_depth=0), "max_depth"),
])
def test_bad_hyper_parameters(make, match):
    X, y = WINE
    with pytest.raises(ValueError, match=match):
        make().fit(X, y)


def test_bad_data_and_unfitted():
    X, y = WINE
    for make in (RandomForestClassifier, AdaBoostClassifier, GradientBoostingClassifier):
        with pytest.raises(ValueError, match="NaN"):
            make().fit(np.where(X > 1000, np.nan, X), y)
        with pytest.raises(NotFittedError):
            make().predict(X)
    for make in (AdaBoostClassifier, GradientBoostingClassifier):    # boosting needs 2 classes
        with pytest.raises(ValueError, match="2 classes"):
            make().fit(X, np.zeros(len(X)))
    for make in (RandomForestRegressor, GradientBoostingRegressor):
        with pytest.raises(ValueError, match="different lengths"):
            make().fit(X, y[:-1])
        with pytest.raises(NotFittedError):
            make().predict(X)
    f = RandomForestRegressor(n_estimators=3, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        f.predict(X[:, :4])
