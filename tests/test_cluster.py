"""mlfp.cluster (chapter 14) against scikit-learn and SciPy: k-means, agglomerative, DBSCAN."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import linkage as scipy_linkage
from sklearn import cluster as skc
from sklearn.base import clone
from sklearn.datasets import load_iris, load_wine, make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from mlfp.cluster import DBSCAN, AgglomerativeClustering, KMeans, kmeans_plusplus
from mlfp.cluster.kmeans import _assign, _update_centers
from mlfp.exceptions import ConvergenceWarning, NotFittedError

IRIS = load_iris().data
WINE = StandardScaler().fit_transform(load_wine().data)
GAUSS = np.random.default_rng(0).standard_normal((200, 3))
LINKAGES = ("ward", "complete", "average", "single")


def _rows(X, k, seed):
    return X[np.random.default_rng(seed).choice(len(X), k, replace=False)]


# --------------------------------------------------------------------------- k-means
@pytest.mark.parametrize("X, k", [(IRIS, 3), (WINE, 3), (WINE, 5), (GAUSS, 4)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kmeans_same_init_matches_sklearn(X, k, seed):
    C0 = _rows(X, k, seed)
    ours = KMeans(n_clusters=k, init=C0, n_init=1).fit(X)
    ref = skc.KMeans(n_clusters=k, init=C0, n_init=1).fit(X)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, atol=1e-10)
    np.testing.assert_allclose(ours.inertia_, ref.inertia_, rtol=1e-12)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_


def test_kmeans_empty_cluster_relocated_like_sklearn():
    C0 = IRIS[[0, 0, 100]]                       # two identical centres: one cluster starts empty
    ours = KMeans(n_clusters=3, init=C0, n_init=1).fit(IRIS)
    ref = skc.KMeans(n_clusters=3, init=C0, n_init=1).fit(IRIS)
    assert len(np.unique(ours.labels_)) == 3
    np.testing.assert_allclose(ours.inertia_, ref.inertia_, rtol=1e-12)
    assert adjusted_rand_score(ours.labels_, ref.labels_) == 1.0


@pytest.mark.parametrize("X, k", [(IRIS, 3), (WINE, 3)])
def test_kmeans_default_reaches_sklearn_inertia(X, k):
    ours = KMeans(n_clusters=k, random_state=0).fit(X)
    ref = skc.KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    assert ours.inertia_ <= ref.inertia_ * (1 + 1e-9)


def test_kmeans_attributes_predict_transform_score():
    km = KMeans(n_clusters=3, random_state=0).fit(IRIS)
    assert km.cluster_centers_.shape == (3, 4) and km.labels_.shape == (150,)
    np.testing.assert_array_equal(km.predict(IRIS), km.labels_)
    D = km.transform(IRIS)
    ref = np.sqrt(((IRIS[:, None, :] - km.cluster_centers_[None]) ** 2).sum(-1))
    np.testing.assert_allclose(D, ref, atol=1e-9)
    np.testing.assert_allclose(-km.score(IRIS), km.inertia_, rtol=1e-12)
    np.testing.assert_allclose(km.inertia_, np.min(ref, axis=1) @ np.min(ref, axis=1), rtol=1e-10)
    np.testing.assert_array_equal(KMeans(3, random_state=0).fit_predict(IRIS), km.labels_)


def test_kmeans_plusplus_is_d2_sampling():
    """With one trial per step the second centre is j with probability mean_i D_ij^2 / sum_l D_il^2."""
    P = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [6.0, 1.0]])
    D = ((P[:, None] - P[None]) ** 2).sum(-1)
    exact = (D / D.sum(axis=1, keepdims=True)).mean(axis=0)
    rng = np.random.default_rng(1)
    draws = 4000
    second = [kmeans_plusplus(P, 2, random_state=rng, n_local_trials=1)[1][1] for _ in range(draws)]
    freq = np.bincount(second, minlength=len(P)) / draws
    sd = np.sqrt(exact * (1 - exact) / draws)
    assert np.all(np.abs(freq - exact) < 5 * sd + 1e-12)
    first = [kmeans_plusplus(P, 1, random_state=s)[1][0] for s in range(2000)]
    assert np.all(np.abs(np.bincount(first, minlength=5) / 2000 - 0.2) < 0.05)


def test_kmeans_plusplus_spreads_centres_over_separated_blobs():
    X, y = make_blobs(n_samples=300, centers=[[0, 0], [20, 0], [0, 20]], cluster_std=0.5, random_state=0)
    hits = 0
    for seed in range(50):
        _, idx = kmeans_plusplus(X, 3, random_state=seed)
        hits += len(set(y[idx])) == 3
    assert hits >= 48                 # D^2 sampling almost never puts two seeds in one blob
    _, idx = kmeans_plusplus(X, 3, random_state=0)
    assert len(set(idx)) == 3


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(6, 60), d=st.integers(1, 4), k=st.integers(1, 5))
def test_lloyd_half_steps_never_increase_objective(seed, n, d, k):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.1, 10, d)
    C = X[rng.choice(n, k, replace=False)]
    X_sq = np.einsum("ij,ij->i", X, X)
    J = [np.inf]
    for _ in range(15):
        labels, dist = _assign(X, C, X_sq)
        J.append(np.sum((X - C[labels]) ** 2))
        C = _update_centers(X, labels, k, dist)
        J.append(np.sum((X - C[labels]) ** 2))
    assert np.all(np.diff(J) <= 1e-9 * (1 + np.abs(J[1:])))


def test_kmeans_fewer_distinct_points_than_clusters_warns():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match="distinct clusters"):
        KMeans(n_clusters=3, n_init=1, random_state=0).fit(X)


def test_kmeans_bad_input_and_parameters():
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(n_clusters=10).fit(IRIS[:5])
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(n_clusters=0).fit(IRIS)
    with pytest.raises(ValueError, match="init"):
        KMeans(n_clusters=3, init="furthest").fit(IRIS)
    with pytest.raises(ValueError, match="init must have shape"):
        KMeans(n_clusters=3, init=IRIS[:2]).fit(IRIS)
    with pytest.raises(ValueError, match="n_init"):
        KMeans(n_clusters=3, n_init=0).fit(IRIS)
    with pytest.raises(ValueError, match="NaN"):
        KMeans(n_clusters=3).fit(np.where(IRIS > 7, np.nan, IRIS))
    with pytest.raises(ValueError, match="2-D"):
        KMeans(n_clusters=3).fit(IRIS[:, 0])
    with pytest.raises(NotFittedError):
        KMeans().predict(IRIS)
    km = KMeans(n_clusters=2, random_state=0).fit(IRIS)
    with pytest.raises(ValueError, match="features"):
        km.predict(IRIS[:, :3])


def test_kmeans_works_with_sklearn_tools():
    pipe = Pipeline([("scale", StandardScaler()), ("km", KMeans(n_clusters=3, random_state=0))])
    labels = pipe.fit_predict(IRIS)
    assert adjusted_rand_score(labels, skc.KMeans(3, n_init=10, random_state=0).fit_predict(
        StandardScaler().fit_transform(IRIS))) > 0.95
    gs = GridSearchCV(KMeans(random_state=0), {"n_clusters": [2, 3]}, cv=3).fit(IRIS)
    assert gs.best_params_["n_clusters"] == 3            # -inertia prefers more clusters
    assert np.all(np.isfinite(cross_val_score(KMeans(3, random_state=0), IRIS, cv=3)))
    assert clone(KMeans(n_clusters=4)).n_clusters == 4


# --------------------------------------------------------------------------- agglomerative
@pytest.mark.parametrize("linkage", LINKAGES)
@pytest.mark.parametrize("X", [IRIS, WINE, GAUSS], ids=["iris", "wine", "gauss"])
@pytest.mark.parametrize("k", [2, 3, 5])
def test_agglomerative_labels_match_sklearn(linkage, X, k):
    ours = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X)
    ref = skc.AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X)
    assert adjusted_rand_score(ours.labels_, ref.labels_) == 1.0
    assert len(np.unique(ours.labels_)) == k


@pytest.mark.parametrize("linkage", LINKAGES)
def test_agglomerative_tree_matches_scipy(linkage):
    """Without ties the merge order and heights are SciPy's linkage matrix."""
    ours = AgglomerativeClustering(n_clusters=2, linkage=linkage).fit(GAUSS)
    Z = scipy_linkage(GAUSS, method=linkage)
    np.testing.assert_allclose(ours.distances_, Z[:, 2], rtol=1e-10)
    np.testing.assert_array_equal(np.sort(ours.children_, axis=1), Z[:, :2].astype(int))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), d=st.integers(1, 3),
       linkage=st.sampled_from(LINKAGES), data=st.data())
def test_agglomerative_random_data_matches_sklearn(seed, n, d, linkage, data):
    k = data.draw(st.integers(1, n))
    X = np.random.default_rng(seed).standard_normal((n, d))
    ours = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X).labels_
    ref = skc.AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X).labels_
    assert adjusted_rand_score(ours, ref) == pytest.approx(1.0)


def test_agglomerative_edge_cases():
    assert np.all(AgglomerativeClustering(n_clusters=1).fit(IRIS).labels_ == 0)
    assert len(set(AgglomerativeClustering(n_clusters=20).fit(IRIS[:20]).labels_)) == 20
    one = AgglomerativeClustering(n_clusters=1).fit(IRIS[:1])
    assert one.labels_.tolist() == [0] and one.children_.shape == (0, 2)
    with pytest.raises(ValueError, match="linkage"):
        AgglomerativeClustering(linkage="centroid").fit(IRIS)
    with pytest.raises(ValueError, match="n_clusters"):
        AgglomerativeClustering(n_clusters=5).fit(IRIS[:3])
    with pytest.raises(ValueError, match="infinity"):
        AgglomerativeClustering().fit(np.where(IRIS > 7, np.inf, IRIS))


def test_agglomerative_single_linkage_separates_moons():
    X, y = make_moons(300, noise=0.05, random_state=0)
    assert adjusted_rand_score(y, AgglomerativeClustering(2, linkage="single").fit_predict(X)) == 1.0


# --------------------------------------------------------------------------- DBSCAN
MOONS = make_moons(400, noise=0.06, random_state=0)[0]
BLOBS = make_blobs(300, centers=4, cluster_std=[0.3, 0.8, 1.5, 0.5], random_state=1)[0]


@pytest.mark.parametrize("X, eps, min_samples", [(MOONS, 0.1, 5), (MOONS, 0.05, 3), (MOONS, 0.2, 15),
                                                 (BLOBS, 0.5, 5), (BLOBS, 1.0, 10), (IRIS, 0.4, 4),
                                                 (WINE, 2.0, 5), (IRIS, 0.3, 1)])
def test_dbscan_labels_identical_to_sklearn(X, eps, min_samples):
    ours = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    ref = skc.DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.core_sample_indices_, ref.core_sample_indices_)
    np.testing.assert_array_equal(ours.components_, ref.components_)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 80), eps=st.floats(0.05, 2.0),
       min_samples=st.integers(1, 8))
def test_dbscan_random_data_matches_sklearn(seed, n, eps, min_samples):
    X = np.random.default_rng(seed).standard_normal((n, 2))
    ours = DBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_
    ref = skc.DBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_
    np.testing.assert_array_equal(ours, ref)


def test_dbscan_counts_the_point_itself_and_the_boundary():
    X = np.array([[0.0], [0.5], [3.0]])
    # distance exactly eps counts; with min_samples=2 each of the first two has itself + one
    np.testing.assert_array_equal(DBSCAN(eps=0.5, min_samples=2).fit(X).labels_, [0, 0, -1])
    np.testing.assert_array_equal(DBSCAN(eps=0.5, min_samples=3).fit(X).labels_, [-1, -1, -1])
    # min_samples=1: every point is a core point of its own cluster at least
    np.testing.assert_array_equal(DBSCAN(eps=0.5, min_samples=1).fit(X).labels_, [0, 0, 1])


def test_dbscan_border_point_takes_lowest_numbered_cluster():
    # two clusters of cores, B listed first so it is cluster 0; the point 6 is within eps = 4 of
    # a core of each (2 and 10) but has only 3 neighbours itself: a border point of both
    B = [[10.0], [10.5], [11.0], [11.5], [12.0]]
    A = [[0.0], [0.5], [1.0], [1.5], [2.0]]
    X = np.array(B + [[6.0]] + A)
    ours = DBSCAN(eps=4.0, min_samples=4).fit(X).labels_
    ref = skc.DBSCAN(eps=4.0, min_samples=4).fit(X).labels_
    np.testing.assert_array_equal(ours, ref)
    assert ours[5] == 0 and 5 not in DBSCAN(eps=4.0, min_samples=4).fit(X).core_sample_indices_


def test_dbscan_bad_parameters():
    with pytest.raises(ValueError, match="eps"):
        DBSCAN(eps=0.0).fit(IRIS)
    with pytest.raises(ValueError, match="min_samples"):
        DBSCAN(min_samples=0).fit(IRIS)
    with pytest.raises(ValueError, match="NaN"):
        DBSCAN().fit(np.where(IRIS > 7, np.nan, IRIS))
    assert DBSCAN().fit(IRIS[:1]).labels_.tolist() == [-1]
