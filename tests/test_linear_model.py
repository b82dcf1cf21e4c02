"""mlfp.linear_model (chapters 8 and 9) against scikit-learn, statsmodels and NumPy:
coefficients on many shapes, ill-conditioned and rank-deficient designs, paths,
probabilities, separable data, finite-difference gradients, and bad input."""
import warnings

import numpy as np
import pytest
import sklearn.linear_model as sklm
import statsmodels.api as sm
from hypothesis import given, settings, strategies as hst
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from mlfp.exceptions import ConvergenceWarning, NotFittedError
from mlfp.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression,
                               PoissonRegressor, Ridge, enet_path, lasso_path)
from mlfp.linear_model._solvers import _lbfgs, _newton
from mlfp.linear_model.coordinate_descent import _coordinate_descent, _enet_duality_gap, _soft_threshold
from mlfp.linear_model.logistic import _binary_objective, _multinomial_objective, _softmax
from mlfp.linear_model.poisson import _poisson_objective

TIGHT = dict(tol=1e-12, max_iter=100000)


def _data(n, d, seed=0, noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.5, 3.0, d) + rng.uniform(-2, 2, d)
    y = X @ rng.standard_normal(d) + 3.0 + noise * rng.standard_normal(n)
    return X, y


def _rel(a, b):
    return np.max(np.abs(np.asarray(a) - np.asarray(b))) / max(1.0, np.max(np.abs(b)))


# ============================================================== chapter 8: least squares
@pytest.mark.parametrize("solver", ["qr", "svd", "normal"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n,d", [(50, 3), (200, 20), (31, 30), (1000, 5)])
def test_linear_regression_matches_sklearn(solver, fit_intercept, n, d):
    X, y = _data(n, d, seed=n + d)
    ours = LinearRegression(fit_intercept=fit_intercept, solver=solver).fit(X, y)
    ref = sklm.LinearRegression(fit_intercept=fit_intercept, tol=1e-14).fit(X, y)
    tol = 1e-6 if solver == "normal" else 1e-9
    assert _rel(ours.coef_, ref.coef_) < tol
    assert abs(ours.intercept_ - ref.intercept_) < tol * max(1, abs(ref.intercept_))
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-8, atol=1e-6)
    assert ours.rank_ == d


@pytest.mark.parametrize("solver", ["qr", "svd"])
def test_linear_regression_wide_is_minimum_norm(solver):
    X, y = _data(15, 40, seed=1)
    ours = LinearRegression(solver=solver, fit_intercept=True).fit(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    np.testing.assert_allclose(ours.coef_, np.linalg.pinv(Xc) @ yc, atol=1e-9)
    np.testing.assert_allclose(ours.predict(X), y, atol=1e-8)      # interpolates
    assert ours.rank_ == 14                                        # centring costs one rank
    assert np.all(np.isnan(ours.standard_errors_))


@pytest.mark.parametrize("solver", ["qr", "svd"])
def test_collinear_and_constant_columns_give_sklearn_minimum_norm(solver):
    X, y = _data(80, 4, seed=2)
    Xbad = np.column_stack([X, X[:, 1], 2.0 * X[:, 2] - X[:, 0], np.full(80, 7.0)])
    ours = LinearRegression(solver=solver).fit(Xbad, y)
    ref = sklm.LinearRegression().fit(Xbad, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-8)
    assert ours.coef_[-1] == pytest.approx(0.0, abs=1e-12)         # constant feature: no weight
    assert ours.coef_[1] == pytest.approx(ours.coef_[4])           # twins share equally
    assert ours.rank_ == 4


def test_normal_equations_warn_on_singular_gram_and_fall_back():
    X, y = _data(60, 3, seed=3)
    Xd = np.column_stack([X, X[:, 0]])
    with pytest.warns(RuntimeWarning, match="numerically singular"):
        ours = LinearRegression(solver="normal").fit(Xd, y)
    ref = sklm.LinearRegression().fit(Xd, y)
    np.testing.assert_allclose(ours.predict(Xd), ref.predict(Xd), rtol=1e-6)


@pytest.mark.parametrize("kappa", [1e4, 1e8, 1e11])
def test_ill_conditioned_designs_qr_and_svd_stay_accurate(kappa):
    rng = np.random.default_rng(4)
    U = np.linalg.qr(rng.standard_normal((120, 6)))[0]
    V = np.linalg.qr(rng.standard_normal((6, 6)))[0]
    X = U * np.logspace(0, -np.log10(kappa), 6) @ V.T
    w = rng.standard_normal(6)
    y = X @ w                                                      # consistent: error ~ kappa eps
    for solver in ("qr", "svd"):
        err = np.linalg.norm(LinearRegression(fit_intercept=False, solver=solver).fit(X, y).coef_ - w)
        assert err <= 1e3 * kappa * np.finfo(float).eps * np.linalg.norm(w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        err_normal = np.linalg.norm(LinearRegression(fit_intercept=False, solver="normal").fit(X, y).coef_ - w)
    if kappa >= 1e8:                                               # kappa^2 eps >= 1: no digits left
        assert err_normal > 1e-3 * np.linalg.norm(w)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_standard_errors_match_statsmodels(fit_intercept):
    X, y = _data(70, 5, seed=5, noise=2.0)
    for solver in ("qr", "svd", "normal"):
        ours = LinearRegression(fit_intercept=fit_intercept, solver=solver).fit(X, y)
        design = sm.add_constant(X) if fit_intercept else X
        bse = np.asarray(sm.OLS(y, design).fit().bse)
        if fit_intercept:
            assert ours.intercept_standard_error_ == pytest.approx(bse[0], rel=1e-9)
            bse = bse[1:]
        np.testing.assert_allclose(ours.standard_errors_, bse, rtol=1e-8)


def test_diabetes_standard_errors_and_coefficients():
    X, y = load_diabetes(return_X_y=True)
    ours = LinearRegression().fit(X, y)
    fit = sm.OLS(y, sm.add_constant(X)).fit()
    np.testing.assert_allclose(np.r_[ours.intercept_, ours.coef_], fit.params, rtol=1e-10)
    np.testing.assert_allclose(np.r_[ours.intercept_standard_error_, ours.standard_errors_], fit.bse, rtol=1e-10)


def test_single_sample_and_score():
    ours = LinearRegression().fit([[1.0, 2.0]], [3.0])
    np.testing.assert_allclose(ours.coef_, 0.0)
    assert ours.intercept_ == 3.0
    assert np.isnan(ours.intercept_standard_error_)
    X, y = _data(40, 3, seed=6)
    est = LinearRegression().fit(X, y)
    assert est.score(X, y) == pytest.approx(sklm.LinearRegression().fit(X, y).score(X, y))


# ============================================================== ridge
@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n,d,alpha", [(60, 5, 0.1), (60, 5, 30.0), (20, 50, 1.0), (10, 300, 0.01)])
def test_ridge_matches_sklearn(solver, fit_intercept, n, d, alpha):
    X, y = _data(n, d, seed=7 + d)
    ours = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver=solver).fit(X, y)
    ref = sklm.Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-8, abs=1e-8)


def test_ridge_is_the_svd_shrinkage_formula():
    X, y = _data(30, 8, seed=8)
    Xc, yc = X - X.mean(0), y - y.mean()
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    for alpha in (1e-3, 1.0, 1e3):
        formula = Vt.T @ (s / (s ** 2 + alpha) * (U.T @ yc))
        np.testing.assert_allclose(Ridge(alpha=alpha).fit(X, y).coef_, formula, rtol=1e-9, atol=1e-12)


def test_ridge_alpha_zero_is_least_squares_and_large_alpha_shrinks_to_zero():
    X, y = _data(40, 40, seed=9)                                   # rank-deficient after centring
    np.testing.assert_allclose(Ridge(alpha=0.0).fit(X, y).coef_, LinearRegression(solver="svd").fit(X, y).coef_,
                               atol=1e-9)
    big = Ridge(alpha=1e12).fit(X, y)
    assert np.max(np.abs(big.coef_)) < 1e-6
    assert big.intercept_ == pytest.approx(y.mean(), rel=1e-6)


# ============================================================== lasso and elastic net
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n,d,alpha", [(100, 10, 0.05), (100, 10, 1.0), (30, 80, 0.1), (200, 5, 0.001)])
def test_lasso_matches_sklearn(fit_intercept, n, d, alpha):
    X, y = _data(n, d, seed=10 + d)
    ours = Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    ref = sklm.Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-6
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-6)
    np.testing.assert_array_equal(ours.coef_ == 0, np.abs(ref.coef_) < 1e-12)


@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("n,d", [(100, 10), (25, 60)])
def test_elastic_net_matches_sklearn(l1_ratio, n, d):
    X, y = _data(n, d, seed=11)
    ours = ElasticNet(alpha=0.1, l1_ratio=l1_ratio, **TIGHT).fit(X, y)
    ref = sklm.ElasticNet(alpha=0.1, l1_ratio=l1_ratio, **TIGHT).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-6
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-6)


def test_lasso_on_diabetes_and_duality_gap_certificate():
    X, y = load_diabetes(return_X_y=True)
    ours = Lasso(alpha=0.1, tol=1e-8).fit(X, y)
    ref = sklm.Lasso(alpha=0.1, tol=1e-12, max_iter=100000).fit(X, y)
    assert 0.0 <= ours.dual_gap_ <= 1e-8 * np.sum((y - y.mean()) ** 2) / len(y)
    assert _rel(ours.coef_, ref.coef_) < 1e-5


def test_lasso_above_alpha_max_is_all_zero():
    X, y = _data(60, 7, seed=12)
    Xc, yc = X - X.mean(0), y - y.mean()
    alpha_max = np.max(np.abs(Xc.T @ yc)) / len(y)
    assert np.all(Lasso(alpha=alpha_max * 1.0001).fit(X, y).coef_ == 0)
    assert np.any(Lasso(alpha=alpha_max * 0.99).fit(X, y).coef_ != 0)


def test_lasso_path_matches_sklearn_and_gets_denser():
    X, y = _data(80, 12, seed=13)
    Xc, yc = X - X.mean(0), y - y.mean()
    alphas, coefs = lasso_path(Xc, yc, n_alphas=30, eps=1e-3, tol=1e-12, max_iter=100000)
    _, ref, _ = sklm.lasso_path(Xc, yc, alphas=alphas, tol=1e-12, max_iter=100000)
    assert np.max(np.abs(coefs - ref)) < 1e-6 * np.max(np.abs(ref))
    nonzero = (coefs != 0).sum(axis=0)
    assert nonzero[0] == 0 and nonzero[-1] >= 10 and nonzero[-1] > nonzero[len(alphas) // 3]
    np.testing.assert_array_equal(nonzero, (np.abs(ref) > 0).sum(axis=0))
    assert np.all(np.diff(alphas) < 0)
    # elastic net path too
    _, ecoefs = enet_path(Xc, yc, l1_ratio=0.5, alphas=alphas[:10], tol=1e-12, max_iter=100000)
    _, eref, _ = sklm.enet_path(Xc, yc, l1_ratio=0.5, alphas=alphas[:10], tol=1e-12, max_iter=100000)
    assert np.max(np.abs(ecoefs - eref)) < 1e-6 * max(1.0, np.max(np.abs(eref)))


@settings(max_examples=30, deadline=None)
@given(rho=hst.floats(-50, 50), a=hst.floats(0.1, 20), n=hst.integers(1, 50),
       l1=hst.floats(0.0, 2.0), l2=hst.floats(0.0, 2.0))
def test_soft_threshold_update_minimises_the_coordinate_objective(rho, a, n, l1, l2):
    """The update of @eq:linreg-cd-update against a brute-force minimisation in one variable."""
    w_star = _soft_threshold(rho, n * l1) / (a + n * l2)

    def F(w):
        return (a * w ** 2 - 2 * rho * w) / (2 * n) + l1 * np.abs(w) + l2 * w ** 2 / 2

    grid = w_star + np.linspace(-1, 1, 2001) * (abs(w_star) + 1)
    assert F(w_star) <= F(grid).min() + 1e-12 * (1 + abs(F(w_star)))


def test_duality_gap_is_nonnegative_and_vanishes_at_the_optimum():
    X, y = _data(50, 8, seed=14)
    X, y = X - X.mean(0), y - y.mean()
    rng = np.random.default_rng(0)
    l1, l2 = 5.0, 1.0
    for _ in range(5):
        w = rng.standard_normal(8)
        assert _enet_duality_gap(X, y, w, y - X @ w, l1, l2) >= 0
    w, gap, _, ok = _coordinate_descent(X, y, l1, l2, np.zeros(8), 10000, 1e-12)
    assert ok and 0 <= gap <= 1e-12 * (y @ y)


def test_coordinate_descent_warns_when_out_of_sweeps():
    X, y = _data(50, 10, seed=15)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        Lasso(alpha=1e-4, max_iter=1, tol=1e-12).fit(X, y)


# ============================================================== chapter 9: logistic regression
def _cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize("C", [0.05, 1.0, 20.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_binary_logistic_matches_sklearn(solver, C, fit_intercept):
    X, y = _cancer()
    ours = LogisticRegression(C=C, solver=solver, fit_intercept=fit_intercept, tol=1e-10, max_iter=5000).fit(X, y)
    ref = sklm.LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-10, max_iter=100000).fit(X, y)
    assert ours.coef_.shape == (1, 30) and ours.intercept_.shape == (1,)
    assert np.max(np.abs(ours.coef_ - ref.coef_)) < 1e-4
    assert np.max(np.abs(ours.intercept_ - ref.intercept_)) < 1e-4
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
def test_multinomial_logistic_matches_sklearn_on_iris_and_digits(solver):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    ours = LogisticRegression(C=1.0, solver=solver, tol=1e-10, max_iter=5000).fit(X, y)
    ref = sklm.LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit(X, y)
    assert ours.coef_.shape == (3, 4) and ours.intercept_.shape == (3,)
    assert np.max(np.abs(ours.coef_ - ref.coef_)) < 1e-4
    assert np.max(np.abs(ours.intercept_ - ref.intercept_)) < 1e-4
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-5)
    Xd, yd = load_digits(return_X_y=True)
    Xd, yd = Xd[:400] / 16.0, yd[:400]
    ours = LogisticRegression(C=0.5, solver=solver, tol=1e-9, max_iter=5000).fit(Xd, yd)
    ref = sklm.LogisticRegression(C=0.5, tol=1e-9, max_iter=100000).fit(Xd, yd)
    assert np.max(np.abs(ours.coef_ - ref.coef_)) < 1e-4
    np.testing.assert_allclose(ours.predict_proba(Xd), ref.predict_proba(Xd), atol=1e-5)
    assert np.abs(ours.coef_.sum(axis=0)).max() < 1e-6          # the penalty picks sum_c w_c = 0
    assert abs(ours.intercept_.sum()) < 1e-6


def test_multinomial_without_intercept_and_string_labels():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    ours = LogisticRegression(fit_intercept=False, solver="newton", tol=1e-10).fit(X, names)
    ref = sklm.LogisticRegression(fit_intercept=False, tol=1e-10, max_iter=100000).fit(X, names)
    np.testing.assert_array_equal(ours.classes_, ["setosa", "versicolor", "virginica"])
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    assert set(ours.predict(X)) <= set(names)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_binary_string_labels_positive_class_is_the_second():
    X, y = _cancer()
    labels = np.array(["malignant", "benign"])[y]                  # 0 -> malignant, 1 -> benign
    ours = LogisticRegression(tol=1e-10, max_iter=1000).fit(X, labels)
    ref = sklm.LogisticRegression(tol=1e-10, max_iter=100000).fit(X, labels)
    np.testing.assert_array_equal(ours.classes_, ["benign", "malignant"])
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-4)
    assert ours.score(X, labels) == pytest.approx(ref.score(X, labels))


def test_unpenalised_logistic_matches_statsmodels_and_c_inf():
    X, y = _cancer()
    X = X[:, [0, 1, 4, 7, 28]]                                     # not separable
    ours = LogisticRegression(penalty=None, solver="newton", tol=1e-10).fit(X, y)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(np.r_[ours.intercept_, ours.coef_[0]], glm.params, rtol=1e-7, atol=1e-8)
    inf = LogisticRegression(C=np.inf, solver="lbfgs", tol=1e-10, max_iter=5000).fit(X, y)
    np.testing.assert_allclose(inf.coef_, ours.coef_, atol=1e-5)


def test_separable_data_warns_and_coefficients_are_large():
    rng = np.random.default_rng(16)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    for solver in ("newton", "lbfgs"):
        with pytest.warns(ConvergenceWarning, match="separable"):
            est = LogisticRegression(penalty=None, solver=solver, max_iter=200).fit(X, y)
        assert np.linalg.norm(est.coef_) > 20
        assert np.all(np.isfinite(est.coef_)) and est.score(X, y) == 1.0
        assert np.all(np.isfinite(est.predict_proba(X)))
    # a penalty makes the estimate finite and smaller
    pen = LogisticRegression(C=1.0).fit(X, y)
    assert np.linalg.norm(pen.coef_) < 10


def test_probabilities_are_finite_for_extreme_scores():
    X, y = _cancer()
    est = LogisticRegression().fit(X, y)
    P = est.predict_proba(1e4 * X)
    assert np.all(np.isfinite(P)) and np.allclose(P.sum(axis=1), 1.0)
    Xd, yd = load_digits(return_X_y=True)
    est = LogisticRegression(max_iter=20).fit(Xd[:200] / 16, yd[:200]) if False else \
        LogisticRegression(max_iter=200, tol=1e-4).fit(Xd[:300] / 16, yd[:300])
    P = est.predict_proba(1e5 * Xd[:50])
    assert np.all(np.isfinite(P)) and np.allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(_softmax(np.array([[1000.0, 0.0, -1000.0]])), [[1.0, 0.0, 0.0]])


def _fd_gradient(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


@pytest.mark.parametrize("objective", ["binary", "multinomial", "poisson"])
def test_gradients_and_hessians_against_finite_differences(objective):
    rng = np.random.default_rng(17)
    n, p, k = 40, 4, 3
    Xa = np.column_stack([rng.standard_normal((n, p - 1)), np.ones(n)])
    lam = np.r_[np.full(p - 1, 0.3), 0.0]
    if objective == "binary":
        fun, target, size = _binary_objective, rng.integers(0, 2, n).astype(float), p
    elif objective == "multinomial":
        fun, target, size, lam = _multinomial_objective, np.eye(k)[rng.integers(0, k, n)], k * p, lam
    else:
        fun, target, size = _poisson_objective, rng.poisson(2.0, n).astype(float), p
    theta = 0.3 * rng.standard_normal(size)
    f, g, H = fun(theta, Xa, target, lam, hessian=True)
    np.testing.assert_allclose(g, _fd_gradient(lambda t: fun(t, Xa, target, lam)[0], theta), rtol=1e-6, atol=1e-8)
    H_fd = np.array([_fd_gradient(lambda t: fun(t, Xa, target, lam)[1][i], theta) for i in range(size)])
    if objective == "multinomial":       # the returned Hessian adds the projector onto the flat directions
        H = H - np.kron(np.ones((k, k)), np.eye(p)) / k
    np.testing.assert_allclose(H, H_fd, rtol=1e-5, atol=1e-7)


@settings(max_examples=20, deadline=None)
@given(seed=hst.integers(0, 10_000), n=hst.integers(20, 80), d=hst.integers(1, 6),
       C=hst.floats(0.01, 100.0))
def test_newton_and_lbfgs_reach_the_same_optimum(seed, n, d, C):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (X @ rng.standard_normal(d) + rng.standard_normal(n) > 0).astype(int)
    if len(np.unique(y)) < 2:
        y[0] = 1 - y[0]
    a = LogisticRegression(C=C, solver="newton", tol=1e-10, max_iter=500).fit(X, y)
    b = LogisticRegression(C=C, solver="lbfgs", tol=1e-10, max_iter=5000).fit(X, y)
    assert abs(a.loss_curve_[-1] - b.loss_curve_[-1]) <= 1e-10 * max(1.0, abs(a.loss_curve_[-1]))
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-4 * max(1.0, np.abs(a.coef_).max()))


def test_solvers_on_a_quadratic():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])

    def fun(x, hessian=False):
        f, g = 0.5 * x @ A @ x - b @ x, A @ x - b
        return (f, g, A) if hessian else (f, g)

    x_star = np.linalg.solve(A, b)
    x, it, ok, _ = _newton(fun, np.zeros(2), 10, 1e-12)
    assert ok and it == 1 and np.allclose(x, x_star)
    x, it, ok, hist = _lbfgs(lambda z: fun(z), np.zeros(2), 100, 1e-10)
    assert ok and np.allclose(x, x_star, atol=1e-9) and np.all(np.diff(hist) <= 0)


def test_logistic_sklearn_interoperability():
    X, y = _cancer()
    scores = cross_val_score(LogisticRegression(), X, y, cv=3)
    ref = cross_val_score(sklm.LogisticRegression(), X, y, cv=3)
    assert np.all(np.abs(scores - ref) < 0.02)
    assert clone(LogisticRegression(C=3.0)).get_params()["C"] == 3.0


# ============================================================== Poisson
@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize("alpha", [0.0, 0.01, 1.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_poisson_matches_sklearn(solver, alpha, fit_intercept):
    rng = np.random.default_rng(18)
    X = rng.standard_normal((300, 4))
    y = rng.poisson(np.exp(0.3 + X @ np.array([0.4, -0.2, 0.1, 0.0])))
    ours = PoissonRegressor(alpha=alpha, solver=solver, fit_intercept=fit_intercept, tol=1e-10, max_iter=1000).fit(X, y)
    ref = sklm.PoissonRegressor(alpha=alpha, fit_intercept=fit_intercept, tol=1e-10, max_iter=10000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, abs=1e-6)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-8)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-5)


def test_poisson_matches_statsmodels_glm_on_randhie():
    data = sm.datasets.randhie.load_pandas()
    X, y = data.exog.to_numpy(float), data.endog.to_numpy(float)
    ours = PoissonRegressor(alpha=0.0, solver="newton", tol=1e-10).fit(X, y)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson()).fit()
    np.testing.assert_allclose(np.r_[ours.intercept_, ours.coef_], glm.params, rtol=1e-7, atol=1e-9)


def test_poisson_survives_overflowing_steps():
    rng = np.random.default_rng(19)
    X = rng.standard_normal((100, 2)) * 50                         # eta of hundreds at a unit step
    y = rng.poisson(1.0, 100)
    for solver in ("newton", "lbfgs"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            est = PoissonRegressor(alpha=0.0, solver=solver, max_iter=300).fit(X, y)
        assert np.all(np.isfinite(est.coef_)) and np.isfinite(est.intercept_)


# ============================================================== bad input
@pytest.mark.parametrize("make", [LinearRegression, Ridge, Lasso, ElasticNet, PoissonRegressor])
def test_regressors_reject_bad_input(make):
    X, y = _data(20, 3, seed=20)
    y = np.abs(y) + 1
    with pytest.raises(ValueError, match="NaN"):
        make().fit(np.where(np.eye(20, 3) == 1, np.nan, X), y)
    with pytest.raises(ValueError, match="different lengths"):
        make().fit(X, y[:-1])
    with pytest.raises(ValueError, match="2-D"):
        make().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="y must be 1-D"):
        make().fit(X, np.c_[y, y])
    with pytest.raises(NotFittedError):
        make().predict(X)
    with pytest.raises(ValueError, match="features"):
        make().fit(X, y).predict(X[:, :2])
    with pytest.raises(ValueError, match="fit_intercept"):
        make(fit_intercept="yes").fit(X, y)


def test_hyperparameter_errors_name_the_parameter():
    X, y = _data(20, 3, seed=21)
    with pytest.raises(ValueError, match="solver"):
        LinearRegression(solver="cholesky").fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        Ridge(solver="lsqr").fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        Lasso(alpha=0.0).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=0.0).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=1.5).fit(X, y)
    with pytest.raises(ValueError, match="max_iter"):
        Lasso(max_iter=0).fit(X, y)
    with pytest.raises(ValueError, match="alphas must be positive"):
        lasso_path(X, y, alphas=[1.0, -1.0])
    with pytest.raises(ValueError, match="non-negative"):
        PoissonRegressor().fit(X, y - 100)
    with pytest.raises(ValueError, match="solver"):
        PoissonRegressor(solver="irls").fit(X, np.abs(y))


def test_logistic_rejects_bad_input():
    X, y = _cancer()
    with pytest.raises(ValueError, match="at least 2 classes"):
        LogisticRegression().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="C must be"):
        LogisticRegression(C=0.0).fit(X, y)
    with pytest.raises(ValueError, match="C must be"):
        LogisticRegression(C=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="penalty"):
        LogisticRegression(penalty="l1").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        LogisticRegression(solver="sag").fit(X, y)
    with pytest.raises(ValueError, match="tol"):
        LogisticRegression(tol=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        LogisticRegression().fit(np.where(X > 3, np.nan, X), y)
    with pytest.raises(ValueError, match="y contains NaN"):
        LogisticRegression().fit(X, np.where(y == 1, np.nan, 0.0))
    with pytest.raises(ValueError, match="different lengths"):
        LogisticRegression().fit(X, y[:-1])
    with pytest.raises(NotFittedError):
        LogisticRegression().predict_proba(X)
    with pytest.raises(ValueError, match="features"):
        LogisticRegression().fit(X, y).predict(X[:, :5])


def test_unconverged_logistic_warns():
    X, y = load_breast_cancer(return_X_y=True)                     # unscaled: slow for L-BFGS
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        LogisticRegression(max_iter=5).fit(X, y)
