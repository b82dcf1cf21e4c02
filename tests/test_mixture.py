"""mlfp.mixture.GaussianMixture (chapter 14) against scikit-learn and SciPy."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.base import clone
from sklearn.datasets import load_iris, load_wine, make_blobs
from sklearn.mixture import GaussianMixture as SkGMM
from sklearn.model_selection import GridSearchCV, cross_val_score

from mlfp.exceptions import ConvergenceWarning, NotFittedError
from mlfp.mixture import GaussianMixture
from mlfp.mixture.gaussian_mixture import _logsumexp, _m_step, _n_parameters

IRIS = load_iris().data
WINE = load_wine().data
WINE = (WINE - WINE.mean(axis=0)) / WINE.std(axis=0)
BLOBS = make_blobs(n_samples=300, centers=3, n_features=3, random_state=0)[0]


def _start(X, k, cov_type, seed=0):
    """Identical starting parameters for both libraries: one M-step from a random partition."""
    labels = np.random.default_rng(seed).integers(0, k, len(X))
    labels[:k] = np.arange(k)                      # no empty component
    w, m, c = _m_step(X, np.eye(k)[labels], 1e-6, cov_type)
    prec = np.linalg.inv(c) if cov_type == "full" else 1.0 / c
    return dict(weights_init=w, means_init=m, precisions_init=prec, covariance_type=cov_type)


@pytest.mark.parametrize("cov_type", ["full", "diag"])
@pytest.mark.parametrize("X, k", [(IRIS, 3), (WINE, 3), (BLOBS, 3), (IRIS, 5)])
@pytest.mark.parametrize("seed", [0, 1])
def test_em_from_identical_start_matches_sklearn(cov_type, X, k, seed):
    start = _start(X, k, cov_type, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=Warning)
        ours = GaussianMixture(k, max_iter=200, **start).fit(X)
        ref = SkGMM(k, max_iter=200, **start).fit(X)
    assert ours.n_iter_ == ref.n_iter_ and ours.converged_ == ref.converged_
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=1e-9)
    np.testing.assert_allclose(ours.weights_, ref.weights_, atol=1e-9)
    np.testing.assert_allclose(ours.means_, ref.means_, atol=1e-7)
    assert ours.covariances_.shape == ref.covariances_.shape
    np.testing.assert_allclose(ours.covariances_, ref.covariances_, atol=1e-7)
    np.testing.assert_allclose(ours.precisions_, ref.precisions_, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.score(X), ref.score(X), rtol=1e-9)
    np.testing.assert_allclose(ours.bic(X), ref.bic(X), rtol=1e-9)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-7)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    assert ours._n_parameters() == ref._n_parameters()


@pytest.mark.parametrize("cov_type", ["full", "diag"])
def test_score_samples_is_the_mixture_density(cov_type):
    gm = GaussianMixture(3, covariance_type=cov_type, random_state=0).fit(IRIS)
    covs = gm.covariances_ if cov_type == "full" else [np.diag(v) for v in gm.covariances_]
    log_terms = np.column_stack([np.log(w) + multivariate_normal(m, S).logpdf(IRIS)
                                 for w, m, S in zip(gm.weights_, gm.means_, covs)])
    np.testing.assert_allclose(gm.score_samples(IRIS), logsumexp(log_terms, axis=1), rtol=1e-10)
    np.testing.assert_allclose(gm.score(IRIS), logsumexp(log_terms, axis=1).mean(), rtol=1e-10)
    P = gm.predict_proba(IRIS)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(P, np.exp(log_terms - logsumexp(log_terms, axis=1, keepdims=True)),
                               atol=1e-10)
    np.testing.assert_array_equal(gm.predict(IRIS), P.argmax(axis=1))


@pytest.mark.parametrize("cov_type, per_component", [("full", 4 + 10), ("diag", 4 + 4)])
def test_bic_counts_free_parameters(cov_type, per_component):
    k, n = 3, len(IRIS)
    gm = GaussianMixture(k, covariance_type=cov_type, random_state=0).fit(IRIS)
    p = k * per_component + (k - 1)
    assert _n_parameters(k, 4, cov_type) == p
    np.testing.assert_allclose(gm.bic(IRIS), -2 * gm.score(IRIS) * n + p * np.log(n), rtol=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 4), cov_type=st.sampled_from(["full", "diag"]))
def test_log_likelihood_never_decreases(seed, k, cov_type):
    X = make_blobs(n_samples=120, centers=3, n_features=2, random_state=seed)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        gm = GaussianMixture(k, covariance_type=cov_type, tol=1e-10, max_iter=50,
                             init_params="random", random_state=seed).fit(X)
    lb = np.asarray(gm.lower_bounds_)
    assert np.all(np.diff(lb) >= -1e-10 * (1 + np.abs(lb[1:])))
    assert gm.score(X) >= gm.lower_bound_ - 1e-10       # one M-step after the last bound


def test_elbo_plus_kl_is_the_log_likelihood():
    """For any q, sum_i [ELBO(q_i) + KL(q_i || posterior_i)] = log L, with SciPy's densities."""
    gm = GaussianMixture(3, random_state=0).fit(WINE)
    log_joint = np.column_stack([np.log(w) + multivariate_normal(m, S).logpdf(WINE)
                                 for w, m, S in zip(gm.weights_, gm.means_, gm.covariances_)])
    q = np.random.default_rng(0).dirichlet(np.ones(3), size=len(WINE))
    log_post = np.log(gm.predict_proba(WINE))
    elbo = np.sum(q * (log_joint - np.log(q)))
    kl = np.sum(q * (np.log(q) - log_post))
    assert kl >= 0
    np.testing.assert_allclose(elbo + kl, gm.score(WINE) * len(WINE), rtol=1e-10)
    ref_loglik = logsumexp(log_joint, axis=1).sum()
    np.testing.assert_allclose(elbo + kl, ref_loglik, rtol=1e-10)


def test_logsumexp_does_not_overflow():
    A = np.array([[1000.0, 1000.0], [-1000.0, -1000.0], [0.0, -np.inf]])
    np.testing.assert_allclose(_logsumexp(A, axis=1), logsumexp(A, axis=1))
    with np.errstate(divide="ignore"):
        assert np.isneginf(_logsumexp(np.full((1, 2), -np.inf), axis=1)[0])


def test_translation_equivariance_and_best_of_n_init():
    a = GaussianMixture(3, random_state=1).fit(IRIS)
    b = GaussianMixture(3, random_state=1).fit(IRIS + 100.0)
    np.testing.assert_allclose(b.means_, a.means_ + 100.0, atol=1e-7)
    np.testing.assert_allclose(b.covariances_, a.covariances_, atol=1e-7)
    # the first of five starts is the single start, so five can only do better
    five = GaussianMixture(4, n_init=5, random_state=3).fit(WINE)
    one = GaussianMixture(4, n_init=1, random_state=3).fit(WINE)
    assert five.lower_bound_ >= one.lower_bound_ - 1e-12


def test_collapsed_component_is_refused_without_floor_and_floored_with_it():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.standard_normal((200, 2)), [[8.0, 8.0]]])
    start = dict(means_init=[[0.0, 0.0], [8.0, 8.0]], weights_init=[0.5, 0.5],
                 precisions_init=[np.eye(2), np.eye(2)])
    with pytest.raises(ValueError, match="component 1 has a singular covariance"):
        GaussianMixture(2, reg_covar=0.0, **start).fit(X)
    gm = GaussianMixture(2, reg_covar=1e-6, **start).fit(X)
    np.testing.assert_allclose(np.diag(gm.covariances_[1]), 1e-6, rtol=1e-6)
    assert np.isfinite(gm.score(X))
    line = np.repeat(np.random.default_rng(1).standard_normal((50, 1)), 2, axis=1)
    with pytest.raises(ValueError, match="singular covariance"):
        GaussianMixture(1, reg_covar=0.0).fit(line)
    with pytest.raises(ValueError, match="singular covariance"):
        GaussianMixture(1, covariance_type="diag", reg_covar=0.0).fit(np.column_stack([line[:, 0], np.ones(50)]))
    assert np.isfinite(GaussianMixture(1).fit(line).score(line))


def test_constant_feature_and_random_init():
    X = np.column_stack([IRIS, np.full(len(IRIS), 2.0)])
    for cov_type in ("full", "diag"):
        gm = GaussianMixture(2, covariance_type=cov_type, init_params="random", random_state=0).fit(X)
        assert np.all(np.isfinite(gm.predict_proba(X)))


def test_bad_input_and_parameters():
    with pytest.raises(ValueError, match="n_components"):
        GaussianMixture(n_components=10).fit(IRIS[:5])
    with pytest.raises(ValueError, match="n_components"):
        GaussianMixture(n_components=0).fit(IRIS)
    with pytest.raises(ValueError, match="covariance_type"):
        GaussianMixture(covariance_type="spherical").fit(IRIS)
    with pytest.raises(ValueError, match="init_params"):
        GaussianMixture(init_params="k-medoids").fit(IRIS)
    with pytest.raises(ValueError, match="reg_covar"):
        GaussianMixture(reg_covar=-1.0).fit(IRIS)
    with pytest.raises(ValueError, match="means_init"):
        GaussianMixture(2, means_init=np.zeros((3, 4))).fit(IRIS)
    with pytest.raises(ValueError, match="weights_init"):
        GaussianMixture(2, weights_init=[0.7, 0.7]).fit(IRIS)
    with pytest.raises(ValueError, match="precisions_init"):
        GaussianMixture(2, precisions_init=np.ones((2, 4))).fit(IRIS)
    with pytest.raises(ValueError, match="NaN"):
        GaussianMixture().fit(np.where(IRIS > 7, np.nan, IRIS))
    with pytest.raises(ValueError, match="2-D"):
        GaussianMixture().fit(IRIS[:, 0])
    with pytest.raises(ValueError, match="at least 2"):
        GaussianMixture().fit(IRIS[:1])
    with pytest.raises(NotFittedError):
        GaussianMixture().predict(IRIS)
    gm = GaussianMixture(2, random_state=0).fit(IRIS)
    with pytest.raises(ValueError, match="features"):
        gm.predict_proba(IRIS[:, :3])


def test_not_converged_warns():
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        GaussianMixture(3, max_iter=1, tol=0.0, random_state=0).fit(IRIS)


def test_works_with_sklearn_tools():
    gs = GridSearchCV(GaussianMixture(random_state=0), {"n_components": [1, 2, 3]}, cv=3).fit(BLOBS)
    assert gs.best_params_["n_components"] == 3          # held-out log-likelihood
    assert np.all(np.isfinite(cross_val_score(GaussianMixture(2, random_state=0), IRIS, cv=3)))
    twin = clone(GaussianMixture(n_components=4, covariance_type="diag"))
    assert twin.get_params()["n_components"] == 4
