"""mlfp.prob against scipy.stats and hand-computed formulas; edge cases and bad input."""
import math

import numpy as np
import pytest
import scipy.stats as st
from hypothesis import given, settings, strategies as hst

from mlfp.prob import (MultivariateNormal, bernoulli_logpmf, bernoulli_map, bernoulli_mle,
                       beta_bernoulli_posterior, beta_logpdf, bootstrap_ci, categorical_logpmf,
                       gamma_logpdf, monte_carlo_bias_variance, normal_logpdf, normal_mle,
                       poisson_logpmf)
from mlfp.prob.densities import _gammaln
from mlfp.prob.mvn import _solve_lower


def _spd(d, rng, jitter=0.5):
    A = rng.standard_normal((d, d))
    return A @ A.T / d + jitter * np.eye(d)


def _same(ours, ref, rtol=1e-12):
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    assert ours.shape == ref.shape
    assert np.array_equal(np.isposinf(ours), np.isposinf(ref))
    assert np.array_equal(np.isneginf(ours), np.isneginf(ref))
    fin = np.isfinite(ref)
    np.testing.assert_allclose(ours[fin], ref[fin], rtol=rtol, atol=rtol)


# ---------------------------------------------------------------- log-gamma
def test_gammaln_matches_math_lgamma():
    z = np.concatenate([np.logspace(-8, 8, 5000), np.arange(1, 60, dtype=float), [0.5, 1.5, 2.5]])
    ref = np.array([math.lgamma(v) for v in z])
    err = np.abs(_gammaln(z) - ref) / np.maximum(1.0, np.abs(ref))
    assert err.max() < 1e-13


def test_gammaln_exact_at_integers():
    k = np.arange(1, 25)
    np.testing.assert_allclose(_gammaln(k + 1.0), [math.log(math.factorial(int(v))) for v in k],
                               rtol=1e-14, atol=1e-13)


# ---------------------------------------------------------------- 1-D densities
@pytest.mark.parametrize("mean,std", [(0.0, 1.0), (-2.0, 0.1), (5.0, 30.0)])
def test_normal_logpdf_vs_scipy(mean, std):
    x = np.linspace(-10, 10, 41)
    _same(normal_logpdf(x, mean, std), st.norm.logpdf(x, mean, std))


@pytest.mark.parametrize("p", [0.0, 1e-9, 0.3, 1.0])
def test_bernoulli_logpmf_vs_scipy(p):
    k = np.array([0, 1, 2, -1, 0.5])
    _same(bernoulli_logpmf(k, p), st.bernoulli.logpmf(k, p))


def test_categorical_logpmf_vs_scipy_multinomial():
    p = np.array([0.1, 0.0, 0.6, 0.3])
    for k in range(-1, 6):
        ref = st.multinomial.logpmf(np.eye(4)[k], 1, p) if 0 <= k < 4 else -np.inf
        _same(categorical_logpmf(k, p), ref)


def test_categorical_logpmf_batched_rows():
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(5), size=7)
    k = rng.integers(0, 5, size=7)
    np.testing.assert_allclose(categorical_logpmf(k, P), np.log(P[np.arange(7), k]))
    assert categorical_logpmf(2.5, P[0]) == -np.inf   # non-integer label


@pytest.mark.parametrize("rate", [0.0, 0.01, 3.5, 250.0])
def test_poisson_logpmf_vs_scipy(rate):
    k = np.r_[-3, -1, 0, 1.5, np.arange(0, 400, 7)]
    _same(poisson_logpmf(k, rate), st.poisson.logpmf(k, rate))


@pytest.mark.parametrize("shape,rate", [(0.5, 1.0), (1.0, 2.0), (3.7, 0.25), (120.0, 40.0)])
def test_gamma_logpdf_vs_scipy(shape, rate):
    x = np.r_[-1.0, 0.0, np.logspace(-5, 2, 60)]
    _same(gamma_logpdf(x, shape, rate), st.gamma.logpdf(x, shape, scale=1 / rate))


@pytest.mark.parametrize("a,b", [(0.5, 0.5), (1.0, 1.0), (1.0, 3.0), (2.5, 7.0), (300.0, 200.0)])
def test_beta_logpdf_vs_scipy(a, b):
    x = np.r_[-0.1, np.linspace(0, 1, 51), 1.1]
    _same(beta_logpdf(x, a, b), st.beta.logpdf(x, a, b), rtol=1e-11)


def test_densities_broadcast_and_return_floats():
    x = np.linspace(0.1, 2, 5)[:, None]
    shape = np.array([0.5, 1.0, 2.0])
    out = gamma_logpdf(x, shape, 2.0)
    assert out.shape == (5, 3)
    _same(out, st.gamma.logpdf(x, shape, scale=0.5))
    assert isinstance(normal_logpdf(0.0), float)
    assert isinstance(poisson_logpmf(3, 2.0), float)


@pytest.mark.parametrize("call", [
    lambda: normal_logpdf(0.0, 0.0, 0.0),           # std must be > 0
    lambda: normal_logpdf(0.0, 0.0, -1.0),
    lambda: bernoulli_logpmf(1, 1.5),
    lambda: bernoulli_logpmf(1, -0.1),
    lambda: poisson_logpmf(1, -1.0),
    lambda: gamma_logpdf(1.0, 0.0),
    lambda: gamma_logpdf(1.0, 1.0, 0.0),
    lambda: beta_logpdf(0.5, -1.0, 1.0),
    lambda: categorical_logpmf(0, [0.5, 0.6]),      # does not sum to 1
    lambda: categorical_logpmf(0, [1.5, -0.5]),     # negative entry
    lambda: categorical_logpmf(0, 1.0),             # no category axis
    lambda: normal_logpdf(np.nan),
    lambda: normal_logpdf(1.0, np.inf),
    lambda: poisson_logpmf([], 1.0),                 # empty
    lambda: normal_logpdf("a"),
])
def test_density_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()


# ---------------------------------------------------------------- triangular solve
def test_solve_lower_vs_scipy():
    from scipy.linalg import solve_triangular
    rng = np.random.default_rng(1)
    L = np.linalg.cholesky(_spd(7, rng))
    B = rng.standard_normal((7, 4))
    np.testing.assert_allclose(_solve_lower(L, B), solve_triangular(L, B, lower=True), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(_solve_lower(L, B[:, 0]), solve_triangular(L, B[:, 0], lower=True), atol=1e-12)


# ---------------------------------------------------------------- MultivariateNormal
@pytest.mark.parametrize("d", [1, 2, 5, 12])
def test_mvn_logpdf_and_pdf_vs_scipy(d):
    rng = np.random.default_rng(d)
    mu, S = rng.standard_normal(d), _spd(d, rng)
    X = rng.standard_normal((30, d)) * 2
    mvn = MultivariateNormal(mu, S)
    ref = st.multivariate_normal(mu, S)
    np.testing.assert_allclose(mvn.logpdf(X), ref.logpdf(X).reshape(-1), rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(mvn.pdf(X), ref.pdf(X).reshape(-1), rtol=1e-10)
    assert mvn.logpdf(X).shape == (30,)
    assert mvn.dim == d
    np.testing.assert_allclose(mvn.entropy(), ref.entropy(), rtol=1e-12)


def test_mvn_point_shapes():
    mvn = MultivariateNormal([0.0, 1.0], [[2.0, 0.3], [0.3, 1.0]])
    assert mvn.logpdf([0.5, 0.5]).shape == (1,)            # one point
    one_d = MultivariateNormal([1.0], [[4.0]])
    np.testing.assert_allclose(one_d.logpdf([0.0, 1.0, 3.0]), st.norm.logpdf([0.0, 1.0, 3.0], 1.0, 2.0))
    with pytest.raises(ValueError, match="shape"):
        mvn.logpdf(np.zeros((4, 3)))
    with pytest.raises(ValueError):
        mvn.logpdf([[np.nan, 0.0]])
    with pytest.raises(ValueError):
        mvn.logpdf(np.zeros((0, 2)))


def test_mvn_sample_moments_and_reproducibility():
    rng = np.random.default_rng(2)
    mu, S = rng.standard_normal(3), _spd(3, rng)
    mvn = MultivariateNormal(mu, S)
    X = mvn.sample(200_000, random_state=0)
    assert X.shape == (200_000, 3)
    se = np.sqrt(np.diag(S) / len(X))
    assert np.all(np.abs(X.mean(0) - mu) < 5 * se)
    np.testing.assert_allclose(np.cov(X.T), S, atol=0.03)
    np.testing.assert_array_equal(mvn.sample(5, random_state=7), mvn.sample(5, random_state=7))
    g = np.random.default_rng(3)
    assert mvn.sample(4, random_state=g).shape == (4, 3)
    assert mvn.sample(0, random_state=0).shape == (0, 3)
    # samples have the right distribution: each coordinate's KS test against its marginal
    for j in range(3):
        assert st.kstest(X[:5000, j], st.norm(mu[j], math.sqrt(S[j, j])).cdf).pvalue > 1e-4


def test_mvn_marginal_vs_scipy():
    rng = np.random.default_rng(4)
    mu, S = rng.standard_normal(5), _spd(5, rng)
    m = MultivariateNormal(mu, S).marginal([4, 1])
    np.testing.assert_allclose(m.mean, mu[[4, 1]])
    np.testing.assert_allclose(m.cov, S[np.ix_([4, 1], [4, 1])])
    X = rng.standard_normal((10, 2))
    np.testing.assert_allclose(m.logpdf(X), st.multivariate_normal(mu[[4, 1]], S[np.ix_([4, 1], [4, 1])]).logpdf(X))
    assert MultivariateNormal(mu, S).marginal(2).dim == 1


@pytest.mark.parametrize("obs", [[0], [3], [4, 1], [2, 0, 5], [5, 4, 3, 2, 1]])
def test_mvn_condition_vs_inverse_formula(obs):
    rng = np.random.default_rng(len(obs))
    d = 6
    mu, S = rng.standard_normal(d), _spd(d, rng)
    vals = rng.standard_normal(len(obs))
    rest = [j for j in range(d) if j not in obs]            # ascending
    S_ro, S_oo = S[np.ix_(rest, obs)], S[np.ix_(obs, obs)]
    K = S_ro @ np.linalg.inv(S_oo)
    mean_ref = mu[rest] + K @ (vals - mu[obs])
    cov_ref = S[np.ix_(rest, rest)] - K @ S_ro.T
    c = MultivariateNormal(mu, S).condition(obs, vals)
    np.testing.assert_allclose(c.mean, mean_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(c.cov, cov_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(c.chol @ c.chol.T, c.cov, atol=1e-12)
    X = rng.standard_normal((5, len(rest)))
    np.testing.assert_allclose(c.logpdf(X), st.multivariate_normal(mean_ref, cov_ref).logpdf(X).reshape(-1),
                               rtol=1e-9)


def test_mvn_condition_scalar_index_and_2d_closed_form():
    a, b, c = 2.0, 3.0, 1.2
    mvn = MultivariateNormal([1.0, -1.0], [[a, c], [c, b]])
    cond = mvn.condition(1, 0.5)
    np.testing.assert_allclose(cond.mean, [1.0 + c / b * (0.5 + 1.0)])
    np.testing.assert_allclose(cond.cov, [[a - c * c / b]])


@settings(max_examples=30, deadline=None)
@given(seed=hst.integers(0, 10_000), d=hst.integers(2, 6), k=hst.integers(1, 5))
def test_chain_rule_joint_equals_marginal_times_conditional(seed, d, k):
    k = min(k, d - 1)
    rng = np.random.default_rng(seed)
    mu, S = rng.standard_normal(d), _spd(d, rng, jitter=0.2)
    mvn = MultivariateNormal(mu, S)
    obs = rng.permutation(d)[:k]
    x = mvn.sample(1, random_state=seed)[0]
    rest = np.setdiff1d(np.arange(d), obs)
    joint = mvn.logpdf(x)[0]
    split = mvn.marginal(obs).logpdf(x[obs])[0] + mvn.condition(obs, x[obs]).logpdf(x[rest])[0]
    assert abs(joint - split) < 1e-9 * (1 + abs(joint))


def test_from_data_is_the_mle():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((50, 3)) @ np.array([[1, 0.5, 0], [0, 1, 0.2], [0, 0, 2.0]])
    m = MultivariateNormal.from_data(X)
    np.testing.assert_allclose(m.mean, X.mean(0))
    np.testing.assert_allclose(m.cov, np.cov(X.T, bias=True))


@pytest.mark.parametrize("mean,cov,match", [
    ([0.0, 0.0], [[1.0, 0.5], [0.2, 1.0]], "symmetric"),
    ([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], "indefinite"),
    ([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], "singular"),
    ([0.0, 0.0], [[0.0, 0.0], [0.0, 0.0]], "singular"),
    ([0.0, 0.0], [[-1.0, 0.0], [0.0, 1.0]], "positive definite"),
    ([[0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], "1-D"),
    ([0.0, 0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], "shape"),
    ([0.0, 0.0], [1.0, 1.0], "2-D"),
    ([np.nan, 0.0], np.eye(2), "NaN"),
    ([0.0, 0.0], [[1.0, np.nan], [np.nan, 1.0]], "NaN"),
    ([0.0, 0.0], [[1.0, np.inf], [np.inf, 1.0]], "infinity"),
    ([], np.zeros((0, 0)), "shape"),
])
def test_mvn_bad_parameters_raise(mean, cov, match):
    with pytest.raises(ValueError, match=match):
        MultivariateNormal(mean, cov)


def test_mvn_rank_deficient_sample_covariance_raises():
    X = np.random.default_rng(6).standard_normal((3, 5))
    with pytest.raises(ValueError, match="not positive definite|singular"):
        MultivariateNormal.from_data(X)


@pytest.mark.parametrize("call", [
    lambda m: m.marginal([0, 0]),
    lambda m: m.marginal([3]),
    lambda m: m.marginal([-1]),
    lambda m: m.marginal([]),
    lambda m: m.marginal([0.5]),
    lambda m: m.marginal([True]),
    lambda m: m.condition([0, 1, 2], [0.0, 0.0, 0.0]),   # nothing would remain
    lambda m: m.condition([0], [0.0, 1.0]),              # length mismatch
    lambda m: m.condition([0], [np.nan]),
    lambda m: m.sample(-1),
    lambda m: m.sample(2.5),
    lambda m: m.sample(3, random_state="seed"),
])
def test_mvn_bad_method_arguments_raise(call):
    m = MultivariateNormal(np.zeros(3), np.eye(3))
    with pytest.raises(ValueError):
        call(m)


# ---------------------------------------------------------------- estimation
def test_normal_mle_vs_scipy_fit():
    x = np.random.default_rng(7).normal(2.0, 3.0, size=101)
    m, v = normal_mle(x)
    loc, scale = st.norm.fit(x)
    assert m == pytest.approx(loc, rel=1e-12)
    assert v == pytest.approx(scale ** 2, rel=1e-10)
    assert v == pytest.approx(np.var(x), rel=1e-12)     # divisor n
    assert normal_mle([4.0]) == (4.0, 0.0)              # one sample


def test_bernoulli_estimates():
    x = np.array([1, 0, 1, 1, 0, 1, 1.0])
    k, n = 5, 7
    assert bernoulli_mle(x) == pytest.approx(k / n)
    assert beta_bernoulli_posterior(x, 2.0, 3.0) == (2.0 + k, 3.0 + n - k)
    assert bernoulli_map(x, 2.0, 3.0) == pytest.approx((2 + k - 1) / (2 + 3 + n - 2))
    assert bernoulli_map(x) == pytest.approx(k / n)     # uniform prior: MAP = MLE
    assert bernoulli_map(np.ones(4)) == 1.0              # boundary mode with a = b = 1
    # posterior mean by quadrature
    from scipy import integrate
    al, be = beta_bernoulli_posterior(x, 2.0, 3.0)
    f = lambda t: st.beta.pdf(t, 2, 3) * t ** k * (1 - t) ** (n - k)
    Z = integrate.quad(f, 0, 1)[0]
    assert integrate.quad(lambda t: t * f(t), 0, 1)[0] / Z == pytest.approx(al / (al + be), rel=1e-8)


@pytest.mark.parametrize("call", [
    lambda: bernoulli_mle([0, 2, 1]),
    lambda: bernoulli_mle([]),
    lambda: bernoulli_map([0, 1], a=0.5),
    lambda: beta_bernoulli_posterior([0, 1], a=0.0),
    lambda: normal_mle([[1.0, 2.0]]),
    lambda: normal_mle([1.0, np.nan]),
])
def test_estimation_bad_input_raises(call):
    with pytest.raises(ValueError):
        call()


def test_monte_carlo_bias_of_variance_estimators():
    normal = lambda rng, shape: rng.standard_normal(shape)
    n = 5
    biased = monte_carlo_bias_variance(lambda x, axis: x.var(axis=axis), normal, 1.0, n, 40_000, random_state=0)
    unbiased = monte_carlo_bias_variance(lambda x, axis: x.var(axis=axis, ddof=1), normal, 1.0, n, 40_000,
                                         random_state=0)
    assert abs(biased["bias"] - (-1.0 / n)) < 4 * biased["se_bias"]
    assert abs(unbiased["bias"]) < 4 * unbiased["se_bias"]
    # exact variance of the unbiased estimator for normal data: 2 sigma^4 / (n - 1)
    assert unbiased["variance"] == pytest.approx(2 / (n - 1), rel=0.05)
    assert biased["mse"] == pytest.approx(biased["bias"] ** 2 + biased["variance"], rel=1e-3)
    with pytest.raises(ValueError, match="shape"):
        monte_carlo_bias_variance(lambda x, axis: x, normal, 1.0, n, 10, random_state=0)


def test_bootstrap_ci_vs_scipy():
    x = np.random.default_rng(8).exponential(size=30)
    for method in ("percentile", "basic"):
        lo, hi = bootstrap_ci(x, np.mean, n_boot=20_000, method=method, random_state=1)
        ref = st.bootstrap((x,), np.mean, n_resamples=20_000, method=method, rng=2).confidence_interval
        width = ref.high - ref.low
        assert abs(lo - ref.low) < 0.05 * width and abs(hi - ref.high) < 0.05 * width


def test_bootstrap_ci_properties():
    x = np.random.default_rng(9).standard_normal(25)
    a = bootstrap_ci(x, np.median, n_boot=500, random_state=3)
    assert a == bootstrap_ci(x, np.median, n_boot=500, random_state=3)      # seeded
    assert a[0] <= np.median(x) <= a[1]
    narrow = bootstrap_ci(x, n_boot=2000, alpha=0.5, random_state=3)
    wide = bootstrap_ci(x, n_boot=2000, alpha=0.01, random_state=3)
    assert wide[0] < narrow[0] < narrow[1] < wide[1]
    # the batched path (n large, so a batch holds fewer resamples than n_boot) agrees in distribution
    big = np.random.default_rng(10).standard_normal(5000)
    lo, hi = bootstrap_ci(big, n_boot=400, random_state=4)
    half = 1.96 * big.std() / np.sqrt(len(big))
    assert abs((hi - lo) / 2 - half) < 0.2 * half
    # a constant sample has a degenerate interval
    assert bootstrap_ci(np.full(10, 3.0), n_boot=50, random_state=0) == (3.0, 3.0)


@pytest.mark.parametrize("kwargs", [
    dict(x=[1.0]), dict(x=[1.0, 2.0], method="bca"), dict(x=[1.0, 2.0], alpha=0.0),
    dict(x=[1.0, 2.0], alpha=1.0), dict(x=[1.0, 2.0], n_boot=0), dict(x=[1.0, np.nan]),
    dict(x=[1.0, 2.0], statistic=lambda x, axis: np.zeros(3)),
])
def test_bootstrap_bad_input_raises(kwargs):
    with pytest.raises(ValueError):
        bootstrap_ci(**kwargs)


def test_prob_derivations_are_registered():
    from mlfp.derive import discover
    names = {k.rsplit(".", 1)[-1] for k in discover("derivations") if k.startswith("derivations.prob.")}
    assert {"gaussian_conditioning_2d", "gaussian_conditioning_blocks", "schur_complement_via_cholesky",
            "gaussian_mle", "variance_estimator_bias", "beta_bernoulli_posterior"} <= names
