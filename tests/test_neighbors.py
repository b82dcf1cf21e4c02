"""mlfp.neighbors against scikit-learn: brute force, the k-d tree and the classifier."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.neighbors import KNeighborsClassifier as SkKNN
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from mlfp.exceptions import NotFittedError
from mlfp.neighbors import KDTree, KNeighborsClassifier, brute_kneighbors

ALGORITHMS = ["brute", "kd_tree"]


def _scaled(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _split(X, y, every=4):
    test = np.arange(len(X)) % every == 0
    return X[~test], X[test], y[~test], y[test]


# ---------------------------------------------------------------- neighbours
@pytest.mark.parametrize("k", [1, 5, 17])
def test_brute_neighbours_match_sklearn(k):
    X, _ = _scaled(load_breast_cancer)
    X_tr, X_te = X[::2], X[1::2]
    d_ref, i_ref = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X_tr).kneighbors(X_te)
    d, i = brute_kneighbors(X_tr, X_te, k)
    np.testing.assert_array_equal(i, i_ref)
    np.testing.assert_allclose(d, d_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("leaf_size", [1, 5, 30, 256])
def test_kd_tree_neighbours_match_sklearn(leaf_size):
    X, _ = _scaled(load_wine)
    X_tr, X_te = X[::2], X[1::2]
    d_ref, i_ref = NearestNeighbors(n_neighbors=4).fit(X_tr).kneighbors(X_te)
    d, i = KDTree(X_tr, leaf_size=leaf_size).query(X_te, k=4)
    np.testing.assert_array_equal(i, i_ref)
    np.testing.assert_allclose(d, d_ref, rtol=1e-10, atol=1e-12)


def test_brute_force_in_small_chunks_is_the_same():
    rng = np.random.default_rng(0)
    X, Q = rng.standard_normal((300, 4)), rng.standard_normal((50, 4))
    whole = brute_kneighbors(X, Q, 6)
    chunked = brute_kneighbors(X, Q, 6, working_memory=8 * 300 * 7)     # 7 query rows per block
    np.testing.assert_array_equal(whole[1], chunked[1])
    np.testing.assert_array_equal(whole[0], chunked[0])


@pytest.mark.parametrize("search", ["brute", "kd_tree"])
def test_data_far_from_the_origin(search):
    # ||x||^2 ~ 3e16 while squared gaps are ~1e-6: without centring the expansion has no correct digit
    rng = np.random.default_rng(1)
    X = 1e8 + rng.standard_normal((40, 3)) * 1e-3
    if search == "brute":
        d, i = brute_kneighbors(X, X[:5], 2)
    else:
        d, i = KDTree(X, leaf_size=4).query(X[:5], 2)
    np.testing.assert_array_equal(i[:, 0], np.arange(5))
    np.testing.assert_array_equal(d[:, 0], 0.0)
    d_ref, i_ref = NearestNeighbors(n_neighbors=2, algorithm="brute").fit(X - X.mean(0)).kneighbors(X[:5] - X.mean(0))
    np.testing.assert_array_equal(i[:, 1], i_ref[:, 1])
    direct = np.linalg.norm(X[:5] - X[i[:, 1]], axis=1)
    np.testing.assert_allclose(d[:, 1], direct, rtol=1e-12)


def test_k_equal_to_n_returns_every_point_sorted():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((20, 2))
    for d, i in (brute_kneighbors(X, X[:3], 20), KDTree(X, leaf_size=4).query(X[:3], 20)):
        assert all(sorted(row) == list(range(20)) for row in i)
        assert np.all(np.diff(d, axis=1) >= 0)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 300), d=st.integers(1, 8), k=st.integers(1, 10),
       leaf_size=st.integers(1, 40))
def test_kd_tree_equals_brute_force_on_random_data(seed, n, d, k, leaf_size):
    rng = np.random.default_rng(seed)
    X, Q = rng.standard_normal((n, d)), rng.standard_normal((25, d))
    k = min(k, n)
    db, ib = brute_kneighbors(X, Q, k)
    dt, it = KDTree(X, leaf_size=leaf_size).query(Q, k)
    np.testing.assert_array_equal(it, ib)
    np.testing.assert_array_equal(dt, db)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(6, 200), d=st.integers(1, 4), leaf_size=st.integers(1, 20))
def test_kd_tree_distances_with_many_exact_ties(seed, n, d, leaf_size):
    """Integer coordinates make many distances equal; indices may then differ, distances may not."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(n, d)).astype(float)
    Q = rng.integers(0, 3, size=(10, d)).astype(float)
    d_ref, _ = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(Q)
    for dist, _ in (brute_kneighbors(X, Q, 5), KDTree(X, leaf_size=leaf_size).query(Q, 5)):
        np.testing.assert_allclose(dist, d_ref, atol=1e-12)


def test_identical_points_make_a_leaf():
    X = np.ones((50, 3))
    tree = KDTree(X, leaf_size=2)
    assert tree.n_nodes == 1
    d, i = tree.query(np.zeros((1, 3)), 3)
    np.testing.assert_allclose(d, np.sqrt(3))
    assert len(set(i[0])) == 3 and np.all(np.diff(i[0]) > 0)    # distinct; equal distances by index


def test_tree_prunes_in_low_dimension():
    rng = np.random.default_rng(3)
    tree = KDTree(rng.random((5000, 2)), leaf_size=16)
    tree.query(rng.random((100, 2)), k=3)
    assert tree.last_query_stats["distances_per_query"] < 0.05 * 5000


def test_kd_tree_errors():
    X = np.random.default_rng(0).standard_normal((10, 2))
    with pytest.raises(ValueError, match="leaf_size"):
        KDTree(X, leaf_size=0)
    tree = KDTree(X)
    with pytest.raises(ValueError, match="features"):
        tree.query(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="k must be"):
        tree.query(np.zeros((1, 2)), k=11)
    with pytest.raises(ValueError, match="NaN"):
        KDTree(np.array([[np.nan, 1.0]]))


# ---------------------------------------------------------------- the classifier
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer])
@pytest.mark.parametrize("k", [1, 5, 10])
def test_predictions_match_sklearn_on_continuous_data(algorithm, loader, k):
    X_tr, X_te, y_tr, y_te = _split(*_scaled(loader))
    ours = KNeighborsClassifier(n_neighbors=k, algorithm=algorithm).fit(X_tr, y_tr)
    ref = SkKNN(n_neighbors=k, algorithm=algorithm).fit(X_tr, y_tr)
    np.testing.assert_array_equal(ours.predict(X_te), ref.predict(X_te))
    np.testing.assert_allclose(ours.predict_proba(X_te), ref.predict_proba(X_te))
    assert ours.score(X_te, y_te) == ref.score(X_te, y_te)
    d, i = ours.kneighbors(X_te)
    d_ref, i_ref = ref.kneighbors(X_te)
    np.testing.assert_array_equal(i, i_ref)
    np.testing.assert_allclose(d, d_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_digits_agree_except_where_the_kth_neighbour_is_tied(algorithm):
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = _split(X, y)
    d6, _ = NearestNeighbors(n_neighbors=6).fit(X_tr).kneighbors(X_te)
    untied = ~np.isclose(d6[:, 4], d6[:, 5], rtol=1e-12, atol=0)
    ours = KNeighborsClassifier(algorithm=algorithm).fit(X_tr, y_tr).predict(X_te)
    ref = SkKNN(algorithm=algorithm).fit(X_tr, y_tr).predict(X_te)
    np.testing.assert_array_equal(ours[untied], ref[untied])


def test_tied_vote_goes_to_the_smallest_label():
    # the query at 0 has neighbours at distance 1 (label "b"), 2 (label "a"): a 1-1 vote with k = 2
    X = np.array([[1.0], [-2.0], [10.0]])
    y = np.array(["b", "a", "c"])
    for algorithm in ALGORITHMS:
        model = KNeighborsClassifier(n_neighbors=2, algorithm=algorithm).fit(X, y)
        assert model.predict([[0.0]])[0] == "a"
        np.testing.assert_allclose(model.predict_proba([[0.0]]), [[0.5, 0.5, 0.0]])
    # three classes, one vote each: the smallest label wins, as in scikit-learn
    X3 = np.array([[1.0], [-1.5], [2.0], [50.0]])
    y3 = np.array([2, 1, 0, 1])
    ours = KNeighborsClassifier(n_neighbors=3).fit(X3, y3).predict([[0.0]])
    assert ours[0] == 0 == SkKNN(n_neighbors=3).fit(X3, y3).predict([[0.0]])[0]


def test_string_labels_and_classes():
    X_tr, X_te, y_tr, _ = _split(*_scaled(load_iris))
    names = np.array(["setosa", "versicolor", "virginica"])
    model = KNeighborsClassifier().fit(X_tr, names[y_tr])
    assert list(model.classes_) == list(names)
    np.testing.assert_array_equal(model.predict(X_te), names[SkKNN().fit(X_tr, y_tr).predict(X_te)])


def test_kneighbors_options():
    X_tr, X_te, y_tr, _ = _split(*_scaled(load_wine))
    model = KNeighborsClassifier(n_neighbors=3).fit(X_tr, y_tr)
    ind = model.kneighbors(X_te, n_neighbors=7, return_distance=False)
    assert ind.shape == (len(X_te), 7)
    with pytest.raises(ValueError, match="n_neighbors"):
        model.kneighbors(X_te, n_neighbors=len(X_tr) + 1)


# ---------------------------------------------------------------- errors
def test_more_neighbours_than_samples_is_a_value_error():
    X, y = np.zeros((3, 2)), np.array([0, 1, 0])
    with pytest.raises(ValueError, match="larger than the number of training samples"):
        KNeighborsClassifier(n_neighbors=4).fit(X, y)


@pytest.mark.parametrize("params, match", [(dict(n_neighbors=0), "n_neighbors"), (dict(n_neighbors=2.5), "n_neighbors"),
                                           (dict(algorithm="ball_tree"), "algorithm"), (dict(leaf_size=0), "leaf_size")])
def test_bad_hyper_parameters_raise_in_fit(params, match):
    X, y = _scaled(load_iris)
    model = KNeighborsClassifier(**params)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)


def test_bad_input():
    X, y = _scaled(load_iris)
    with pytest.raises(NotFittedError):
        KNeighborsClassifier().predict(X)
    with pytest.raises(ValueError, match="different lengths"):
        KNeighborsClassifier().fit(X, y[:-1])
    model = KNeighborsClassifier().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :2])
    with pytest.raises(ValueError, match="infinity"):
        model.predict(np.full((1, 4), np.inf))
    with pytest.raises(ValueError, match="2-D"):
        model.predict(X[0])
