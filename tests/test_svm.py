"""mlfp.svm against scikit-learn: kernels, the SMO solver, SVC and KernelRidge."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.spatial.distance import cdist
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine, make_blobs
from sklearn.kernel_ridge import KernelRidge as SkKernelRidge
from sklearn.metrics.pairwise import linear_kernel as sk_linear
from sklearn.metrics.pairwise import polynomial_kernel as sk_poly
from sklearn.metrics.pairwise import rbf_kernel as sk_rbf
from sklearn.metrics.pairwise import sigmoid_kernel as sk_sigmoid
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC as SkSVC

from mlfp.exceptions import ConvergenceWarning, NotFittedError
from mlfp.svm import SVC, KernelRidge, pairwise_kernel, smo, squared_distances

TIGHT = 1e-6      # a tight tolerance for both solvers, so that their solutions agree closely


def _scaled(loader, every=1):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X[::every]), y[::every]


# ---------------------------------------------------------------- kernels
def test_squared_distances_match_scipy_and_are_nonnegative():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((30, 5)), rng.standard_normal((20, 5))
    np.testing.assert_allclose(squared_distances(A, B), cdist(A, B, "sqeuclidean"), rtol=1e-10, atol=1e-12)
    A_big = 1e4 + rng.standard_normal((10, 3)) * 1e-4       # cancellation makes tiny negatives
    D = squared_distances(A_big, A_big)
    assert np.all(D >= 0)


@pytest.mark.parametrize("name, params, ref", [
    ("linear", {}, lambda A, B: sk_linear(A, B)),
    ("rbf", dict(gamma=0.3), lambda A, B: sk_rbf(A, B, gamma=0.3)),
    ("poly", dict(gamma=0.5, degree=3, coef0=1.0), lambda A, B: sk_poly(A, B, degree=3, gamma=0.5, coef0=1.0)),
    ("sigmoid", dict(gamma=0.2, coef0=-0.5), lambda A, B: sk_sigmoid(A, B, gamma=0.2, coef0=-0.5)),
])
def test_kernels_match_sklearn(name, params, ref):
    rng = np.random.default_rng(1)
    A, B = rng.standard_normal((25, 4)), rng.standard_normal((15, 4))
    np.testing.assert_allclose(pairwise_kernel(A, B, name, **params), ref(A, B), rtol=1e-10, atol=1e-12)


def test_unknown_kernel_is_a_value_error():
    with pytest.raises(ValueError, match="kernel must be one of"):
        pairwise_kernel(np.ones((2, 2)), np.ones((2, 2)), "laplacian")


# ---------------------------------------------------------------- the SMO solver
def _kkt_violation(alpha, b, K, y, C):
    f = K @ (alpha * y) + b
    m = y * f
    eps = 1e-9 * C
    lower, upper = alpha <= eps, alpha >= C - eps
    free = ~lower & ~upper
    return max(np.max(np.maximum(0, 1 - m[lower]), initial=0), np.max(np.abs(1 - m[free]), initial=0),
               np.max(np.maximum(0, m[upper] - 1), initial=0))


@pytest.mark.parametrize("C", [0.1, 1.0, 100.0])
def test_smo_satisfies_kkt_and_the_equality_constraint(C):
    X, y01 = make_blobs(n_samples=120, centers=2, cluster_std=2.5, random_state=0)
    y = np.where(y01 == 1, 1.0, -1.0)
    K = pairwise_kernel(X, X, "rbf", gamma=0.2)
    alpha, b, n_iter = smo(K, y, C=C, tol=1e-4)
    assert np.all(alpha >= 0) and np.all(alpha <= C)
    assert abs(alpha @ y) < 1e-10 * max(1.0, C)
    assert _kkt_violation(alpha, b, K, y, C) < 1e-4
    assert n_iter > 0


def test_smo_dual_objective_matches_libsvm():
    X, y01 = make_blobs(n_samples=150, centers=2, cluster_std=3.0, random_state=4)
    y = np.where(y01 == 1, 1.0, -1.0)
    K = pairwise_kernel(X, X, "rbf", gamma=0.1)
    alpha, _, _ = smo(K, y, C=1.0, tol=TIGHT)
    ref = SkSVC(C=1.0, gamma=0.1, tol=TIGHT).fit(X, y01)
    alpha_ref = np.zeros(len(y))
    alpha_ref[ref.support_] = np.abs(ref.dual_coef_[0])

    def f(a):
        return 0.5 * (a * y) @ K @ (a * y) - a.sum()

    assert f(alpha) == pytest.approx(f(alpha_ref), rel=1e-7)


def test_smo_warns_when_max_iter_is_reached():
    X, y01 = make_blobs(n_samples=80, centers=2, cluster_std=3.0, random_state=0)
    K = pairwise_kernel(X, X, "rbf", gamma=0.5)
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        smo(K, np.where(y01 == 1, 1.0, -1.0), C=10.0, max_iter=3)


# ---------------------------------------------------------------- SVC against scikit-learn
@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_same_support_vectors_on_easy_separable_data(kernel):
    X, y = make_blobs(n_samples=200, centers=[(-2, -2), (2, 2)], cluster_std=1.0, random_state=1)
    ours, ref = SVC(kernel=kernel, C=10.0).fit(X, y), SkSVC(kernel=kernel, C=10.0).fit(X, y)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_array_equal(ours.n_support_, ref.n_support_)
    np.testing.assert_allclose(ours.support_vectors_, ref.support_vectors_)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=2e-2)


def test_hard_margin_linear_solution_matches_exactly():
    X, y = make_blobs(n_samples=60, centers=[(-3, -1), (3, 1)], cluster_std=0.8, random_state=2)
    ours = SVC(kernel="linear", C=1e4, tol=TIGHT).fit(X, y)
    ref = SkSVC(kernel="linear", C=1e4, tol=TIGHT).fit(X, y)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-4, atol=1e-6)
    # the geometric margin: every point at distance >= 1/||w|| from the boundary
    w = ours.dual_coef_[0] @ ours.support_vectors_
    dist = np.abs(ours.decision_function(X)) / np.linalg.norm(w)
    assert dist.min() == pytest.approx(1 / np.linalg.norm(w), rel=1e-4)


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_non_separable_binary_decision_function_close_to_sklearn(kernel):
    X, y = _scaled(load_breast_cancer, every=3)
    ours = SVC(kernel=kernel, tol=TIGHT).fit(X, y)
    ref = SkSVC(kernel=kernel, tol=TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-4)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_default_tolerance_agrees_to_about_tol():
    X, y = _scaled(load_breast_cancer, every=2)
    ours, ref = SVC().fit(X, y), SkSVC().fit(X, y)
    assert np.abs(ours.decision_function(X) - ref.decision_function(X)).max() < 1e-2
    assert np.mean(ours.predict(X) == ref.predict(X)) == 1.0


def test_decision_function_is_positive_towards_classes_1():
    X, y = make_blobs(n_samples=80, centers=[(-2, 0), (2, 0)], random_state=0)
    labels = np.array(["left", "right"])[y]
    model = SVC(kernel="linear").fit(X, labels)
    assert list(model.classes_) == ["left", "right"]
    f = model.decision_function(X)
    np.testing.assert_array_equal(model.predict(X), np.where(f > 0, "right", "left"))
    assert f[X[:, 0] > 3].min() > 0


@pytest.mark.parametrize("loader, kernel", [(load_iris, "rbf"), (load_iris, "linear"), (load_wine, "rbf"),
                                            (load_wine, "poly")])
def test_multiclass_one_vs_one_matches_sklearn(loader, kernel):
    X, y = _scaled(loader)
    ours = SVC(kernel=kernel, tol=TIGHT, decision_function_shape="ovo").fit(X, y)
    ref = SkSVC(kernel=kernel, tol=TIGHT, decision_function_shape="ovo").fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-4)
    # support sets agree up to points whose multiplier is zero to rounding (degenerate duals)
    assert len(np.setxor1d(ours.support_, ref.support_)) <= 0.05 * len(ref.support_) + 1
    # the one-vs-rest aggregate (scikit-learn's default shape) agrees too
    ours.set_params(decision_function_shape="ovr")
    ref.set_params(decision_function_shape="ovr")
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)


def test_multiclass_dual_coef_layout_matches_sklearn_on_separable_classes():
    centres = [(-4, 0), (4, 0), (0, 5)]
    X, y = make_blobs(n_samples=90, centers=centres, cluster_std=0.8, random_state=3)
    ours = SVC(kernel="linear", C=100.0, tol=TIGHT).fit(X, y)
    ref = SkSVC(kernel="linear", C=100.0, tol=TIGHT).fit(X, y)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=1e-3, atol=1e-5)


def test_string_labels_multiclass():
    X, y = _scaled(load_iris)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    a, b = SVC().fit(X, names), SVC().fit(X, y)
    assert list(a.classes_) == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(a.predict(X), a.classes_[b.predict(X)])
    assert a.score(X, names) == b.score(X, y)


def test_gamma_options():
    X, y = _scaled(load_iris)
    for gamma in ("scale", "auto", 0.7):
        ours = SVC(gamma=gamma, tol=TIGHT).fit(X, y)
        ref = SkSVC(gamma=gamma, tol=TIGHT).fit(X, y)
        np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)


def test_constant_input_uses_gamma_one_like_sklearn():
    X = np.ones((10, 2))
    X[:5, 0] = 1.0
    y = np.array([0, 1] * 5)
    model = SVC().fit(np.column_stack([X, np.arange(10) % 2]), y)
    assert model._gamma > 0
    assert SVC().fit(np.ones((4, 1)), [0, 1, 0, 1])._gamma == 1.0


# ---------------------------------------------------------------- SVC errors
def test_single_class_is_a_value_error():
    with pytest.raises(ValueError, match="at least 2 classes"):
        SVC().fit(np.random.default_rng(0).standard_normal((5, 2)), np.zeros(5))


@pytest.mark.parametrize("params, match", [
    (dict(C=0.0), "C must be"), (dict(C=-1.0), "C must be"), (dict(kernel="cubic"), "kernel must be"),
    (dict(gamma="wide"), "gamma must be"), (dict(gamma=-1.0), "gamma must be"), (dict(tol=0.0), "tol must be"),
    (dict(degree=2.5), "degree must be"), (dict(decision_function_shape="ovx"), "decision_function_shape"),
])
def test_bad_hyper_parameters_raise_in_fit(params, match):
    X, y = make_blobs(n_samples=20, centers=2, random_state=0)
    model = SVC(**params)                     # the constructor only stores them
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)


def test_bad_input():
    X, y = make_blobs(n_samples=20, centers=2, random_state=0)
    with pytest.raises(NotFittedError):
        SVC().predict(X)
    model = SVC().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :1])
    with pytest.raises(ValueError, match="NaN"):
        model.decision_function(np.array([[np.nan, 0.0]]))
    with pytest.raises(ValueError, match="different lengths"):
        SVC().fit(X, y[:-1])


# ---------------------------------------------------------------- Hypothesis: random small problems
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(6, 40), d=st.integers(1, 4),
       C=st.sampled_from([0.1, 1.0, 10.0]), kernel=st.sampled_from(["linear", "rbf"]))
def test_random_problems_match_sklearn(seed, n, d, C, kernel):
    """The optimal w (in feature space) is unique, so sum_i alpha_i y_i k(x_i, x) must agree.

    The intercept need not: when no multiplier is strictly between 0 and C any b in an interval
    is optimal, and LIBSVM sometimes keeps a multiplier of 1e-16 as 'free' and uses it.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = np.arange(n) % 2
    rng.shuffle(y)
    ours = SVC(kernel=kernel, C=C, tol=TIGHT).fit(X, y)
    ref = SkSVC(kernel=kernel, C=C, tol=TIGHT).fit(X, y)
    f_ours = ours.decision_function(X) - ours.intercept_
    f_ref = ref.decision_function(X) - ref.intercept_
    scale = max(1.0, np.abs(f_ref).max())
    np.testing.assert_allclose(f_ours, f_ref, atol=1e-3 * scale)
    margins = np.where(y == 1, 1, -1) * ours.decision_function(X)
    alpha = np.zeros(n)
    alpha[ours.support_] = np.abs(ours.dual_coef_[0])
    assert np.all(margins[alpha == 0] >= 1 - 1e-5)           # KKT for the chosen intercept
    assert np.all(margins[alpha == C] <= 1 + 1e-5)


# ---------------------------------------------------------------- KernelRidge
@pytest.mark.parametrize("kernel, params", [("linear", {}), ("rbf", {}), ("rbf", dict(gamma=0.5)),
                                            ("poly", dict(degree=2)), ("polynomial", dict(degree=3, coef0=0.5)),
                                            ("sigmoid", dict(gamma=0.01))])
@pytest.mark.parametrize("alpha", [1e-3, 1.0])
def test_kernel_ridge_matches_sklearn(kernel, params, alpha):
    X, y = load_diabetes(return_X_y=True)
    X, y = X[:200], y[:200]
    ours = KernelRidge(alpha=alpha, kernel=kernel, **params).fit(X, y)
    ref = SkKernelRidge(alpha=alpha, kernel=kernel, **params).fit(X, y)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=1e-6, atol=1e-8 * np.abs(ref.dual_coef_).max())
    np.testing.assert_allclose(ours.predict(X[:50]), ref.predict(X[:50]), rtol=1e-8, atol=1e-8)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), abs=1e-10)


def test_kernel_ridge_singular_system_falls_back_to_least_squares():
    X = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])       # rank-1 linear Gram matrix
    y = np.array([1.0, 2.0, 3.0])
    with pytest.warns(UserWarning, match="least-squares"):
        model = KernelRidge(alpha=0.0).fit(X, y)
    np.testing.assert_allclose(model.predict(X), y, atol=1e-10)


def test_kernel_ridge_errors():
    X, y = load_diabetes(return_X_y=True)
    with pytest.raises(NotFittedError):
        KernelRidge().predict(X)
    with pytest.raises(ValueError, match="alpha must be"):
        KernelRidge(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="kernel must be"):
        KernelRidge(kernel="laplace").fit(X, y)
    with pytest.raises(ValueError, match="gamma must be"):
        KernelRidge(kernel="rbf", gamma=0.0).fit(X, y)
    model = KernelRidge().fit(X[:50], y[:50])
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:5, :3])


def test_kernel_ridge_one_sample():
    model = KernelRidge(alpha=1.0).fit([[2.0, 0.0]], [3.0])
    # beta = y / (k(x, x) + alpha) = 3 / 5
    np.testing.assert_allclose(model.dual_coef_, [0.6])
