"""mlfp.info against scipy.stats.entropy and sklearn's mutual_info_score; edge cases and bad input."""
import math

import numpy as np
import pytest
import scipy.stats as st
from hypothesis import given, settings, strategies as hst
from sklearn.metrics import mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

from mlfp.info import (contingency_table, cross_entropy, entropy, gaussian_kl, kl_divergence,
                       mutual_information, plugin_entropy, plugin_mutual_information)
from mlfp.prob import MultivariateNormal


def _random_pair(rng, K, zero_frac=0.0):
    p, q = rng.dirichlet(np.ones(K) * 0.7), rng.dirichlet(np.ones(K))
    if zero_frac:
        p[rng.random(K) < zero_frac] = 0.0
        if p.sum() == 0:
            p[0] = 1.0
        p /= p.sum()
    return p, q


# ---------------------------------------------------------------- oracle comparisons
@pytest.mark.parametrize("base", [None, 2, 10, math.e])
@pytest.mark.parametrize("seed", range(5))
def test_entropy_kl_cross_entropy_vs_scipy(base, seed):
    rng = np.random.default_rng(seed)
    p, q = _random_pair(rng, 3 + 7 * seed, zero_frac=0.3)
    assert entropy(p, base) == pytest.approx(st.entropy(p, base=base), abs=1e-13)
    assert kl_divergence(p, q, base) == pytest.approx(st.entropy(p, q, base=base), abs=1e-13)
    assert cross_entropy(p, q, base) == pytest.approx(st.entropy(p, base=base) + st.entropy(p, q, base=base),
                                                      abs=1e-12)


def test_two_d_tables_are_distributions_over_cells():
    rng = np.random.default_rng(1)
    P = rng.dirichlet(np.ones(12)).reshape(3, 4)
    Q = rng.dirichlet(np.ones(12)).reshape(3, 4)
    assert entropy(P) == pytest.approx(st.entropy(P.ravel()))
    assert kl_divergence(P, Q) == pytest.approx(st.entropy(P.ravel(), Q.ravel()))


@pytest.mark.parametrize("seed", range(5))
def test_mutual_information_vs_sklearn(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 4, size=300)
    y = (x * (seed % 3) + rng.integers(0, 3, size=300)) % 6
    table = contingency_table(x, y)
    np.testing.assert_array_equal(table, contingency_matrix(x, y))
    ref = mutual_info_score(x, y)
    assert mutual_information(table / table.sum()) == pytest.approx(ref, abs=1e-13)
    assert plugin_mutual_information(x, y) == pytest.approx(ref, abs=1e-13)
    assert plugin_mutual_information(x, y, base=2) == pytest.approx(ref / math.log(2), abs=1e-13)


def test_plugin_mutual_information_with_string_labels():
    rng = np.random.default_rng(2)
    a = rng.choice(["cat", "dog", "eel"], size=200)
    b = np.where(rng.random(200) < 0.5, a, "fox")
    assert plugin_mutual_information(a, b) == pytest.approx(mutual_info_score(a, b), abs=1e-13)


def test_plugin_entropy_vs_scipy_and_batches():
    rng = np.random.default_rng(3)
    C = rng.integers(0, 9, size=(20, 7))
    C[:, 0] += 1                                  # no empty rows
    np.testing.assert_allclose(plugin_entropy(C), st.entropy(C.T), atol=1e-13)
    np.testing.assert_allclose(plugin_entropy(C, base=2), st.entropy(C.T, base=2), atol=1e-13)
    assert isinstance(plugin_entropy(C[0]), float)
    assert plugin_entropy(C[0]) == pytest.approx(entropy(C[0] / C[0].sum()))


def test_miller_madow_correction_formula_and_effect():
    counts = np.array([5, 0, 3, 2])
    n, k_obs = 10, 3
    assert plugin_entropy(counts, correction="miller-madow") == pytest.approx(
        plugin_entropy(counts) + (k_obs - 1) / (2 * n))
    # on average it is much closer to the truth than the plug-in estimate at moderate n
    rng = np.random.default_rng(4)
    p = np.ones(10) / 10
    c = rng.multinomial(100, p, size=20_000)
    bias_plug = plugin_entropy(c).mean() - math.log(10)
    bias_mm = plugin_entropy(c, correction="miller-madow").mean() - math.log(10)
    assert bias_plug == pytest.approx(-(10 - 1) / 200, rel=0.15)
    assert abs(bias_mm) < 0.2 * abs(bias_plug)


def test_plugin_mi_bias_on_independent_data_and_correction():
    rng = np.random.default_rng(5)
    n = 2000
    plug = [plugin_mutual_information(*rng.integers(0, 5, size=(2, n))) for _ in range(200)]
    assert np.mean(plug) == pytest.approx(16 / (2 * n), rel=0.15)
    mm = [plugin_mutual_information(*rng.integers(0, 5, size=(2, n)), correction="miller-madow")
          for _ in range(200)]
    assert abs(np.mean(mm)) < 0.2 * np.mean(plug)


# ---------------------------------------------------------------- edge cases
def test_one_hot_and_uniform():
    assert entropy([0.0, 1.0, 0.0]) == 0.0
    assert not math.copysign(1, entropy([1.0])) < 0            # +0.0, not -0.0
    for K in (1, 2, 7, 256):
        assert entropy(np.full(K, 1 / K)) == pytest.approx(math.log(K))
        assert entropy(np.full(K, 1 / K), base=2) == pytest.approx(math.log2(K))
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)


def test_zero_probabilities():
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([0.0, 0.5, 0.5])
    assert kl_divergence(p, q) == math.inf
    assert cross_entropy(p, q) == math.inf
    assert kl_divergence(p, p) == 0.0
    # zeros in p are ignored (0 log 0 = 0), zeros in q only matter where p > 0
    r = np.array([0.5, 0.25, 0.25])
    assert math.isfinite(kl_divergence(p, r))
    assert kl_divergence(p, r) == pytest.approx(0.5 * math.log(0.5 / 0.5) + 0.5 * math.log(0.5 / 0.25))
    assert kl_divergence(np.eye(3)[1], r) == pytest.approx(math.log(4))


def test_mutual_information_special_tables():
    px, py = np.array([0.2, 0.8]), np.array([0.1, 0.3, 0.6])
    assert mutual_information(np.outer(px, py)) == pytest.approx(0.0, abs=1e-15)
    diag = np.diag([0.25, 0.25, 0.5])                           # Y = X
    assert mutual_information(diag) == pytest.approx(entropy([0.25, 0.25, 0.5]))
    assert mutual_information(diag, base=2) == pytest.approx(1.5)
    T = np.random.default_rng(6).dirichlet(np.ones(6)).reshape(2, 3)
    assert mutual_information(T) == pytest.approx(mutual_information(T.T))
    # identities: I = H(X) + H(Y) - H(X, Y)
    assert mutual_information(T) == pytest.approx(entropy(T.sum(1)) + entropy(T.sum(0)) - entropy(T))
    assert mutual_information([[1.0]]) == 0.0
    assert mutual_information([[0.5, 0.0], [0.0, 0.5]]) == pytest.approx(math.log(2))


def test_single_sample_and_single_label():
    assert plugin_entropy([1]) == 0.0
    assert plugin_mutual_information([3], ["a"]) == 0.0
    assert plugin_mutual_information([1, 1, 1], [0, 1, 2]) == 0.0


@settings(max_examples=60, deadline=None)
@given(seed=hst.integers(0, 100_000), K=hst.integers(1, 12))
def test_information_inequalities(seed, K):
    rng = np.random.default_rng(seed)
    p, q = _random_pair(rng, K, zero_frac=0.25)
    assert kl_divergence(p, q) >= -1e-12                    # Gibbs
    assert entropy(p) <= math.log(K) + 1e-12
    assert cross_entropy(p, q) >= entropy(p) - 1e-12
    T = rng.dirichlet(np.ones(K * 3)).reshape(K, 3)
    mi = mutual_information(T)
    assert -1e-12 <= mi <= min(entropy(T.sum(1)), entropy(T.sum(0))) + 1e-12


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("call,match", [
    (lambda: entropy([0.5, 0.6]), "sum to 1"),
    (lambda: entropy([3, 1]), "sum to 1"),
    (lambda: entropy([1.2, -0.2]), "negative"),
    (lambda: entropy([np.nan, 1.0]), "NaN"),
    (lambda: entropy([np.inf, 0.0]), "infinity"),
    (lambda: entropy([]), "shape"),
    (lambda: entropy(1.0), "scalar"),
    (lambda: entropy(["a", "b"]), "numeric"),
    (lambda: kl_divergence([0.5, 0.5], [0.2, 0.2, 0.6]), "same shape"),
    (lambda: kl_divergence([0.5, 0.5], [0.7, 0.7]), "q must sum"),
    (lambda: cross_entropy([0.5, 0.5], [-0.5, 1.5]), "negative"),
    (lambda: mutual_information([0.5, 0.5]), "2-D"),
    (lambda: mutual_information([[0.5, 0.6]]), "sum to 1"),
    (lambda: mutual_information([[[1.0]]]), "2-D"),
    (lambda: entropy([0.5, 0.5], base=1), "base"),
    (lambda: entropy([0.5, 0.5], base=0), "base"),
    (lambda: entropy([0.5, 0.5], base=-2), "base"),
    (lambda: entropy([0.5, 0.5], base="2"), "base"),
    (lambda: entropy([0.5, 0.5], base=math.inf), "base"),
    (lambda: entropy([0.5, 0.5], base=True), "base"),
    (lambda: plugin_entropy([1, -1, 2]), "non-negative"),
    (lambda: plugin_entropy([1.5, 2]), "integers"),
    (lambda: plugin_entropy([0, 0]), "at least one"),
    (lambda: plugin_entropy([[[1]]]), "1-D"),
    (lambda: plugin_entropy([1, 2], correction="bayes"), "correction"),
    (lambda: plugin_mutual_information([1, 2], [1]), "equal length"),
    (lambda: plugin_mutual_information([], []), "non-empty"),
    (lambda: plugin_mutual_information([1, 2], [1, 2], correction="x"), "correction"),
])
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_tolerance_accepts_single_precision_probabilities():
    logits = np.random.default_rng(7).standard_normal(1000).astype(np.float32)
    p = np.exp(logits - logits.max())
    p = p / p.sum()                                 # float32: sums to 1 only to ~1e-7
    assert math.isfinite(entropy(p))


# ---------------------------------------------------------------- Gaussian KL
def test_gaussian_kl_1d_closed_form():
    m0, s0, m1, s1 = 0.3, 1.7, -1.1, 0.6
    kl = gaussian_kl(MultivariateNormal([m0], [[s0 ** 2]]), MultivariateNormal([m1], [[s1 ** 2]]))
    assert kl == pytest.approx(math.log(s1 / s0) + (s0 ** 2 + (m0 - m1) ** 2) / (2 * s1 ** 2) - 0.5, rel=1e-13)


def test_gaussian_kl_vs_naive_formula_and_monte_carlo():
    rng = np.random.default_rng(8)
    d = 5
    A, B = rng.standard_normal((d, d)), rng.standard_normal((d, d))
    S0, S1 = A @ A.T / d + 0.5 * np.eye(d), B @ B.T / d + 0.5 * np.eye(d)
    m0, m1 = rng.standard_normal(d), rng.standard_normal(d)
    p, q = MultivariateNormal(m0, S0), MultivariateNormal(m1, S1)
    S1i = np.linalg.inv(S1)
    naive = 0.5 * (np.trace(S1i @ S0) + (m1 - m0) @ S1i @ (m1 - m0) - d
                   + np.linalg.slogdet(S1)[1] - np.linalg.slogdet(S0)[1])
    assert gaussian_kl(p, q) == pytest.approx(naive, rel=1e-11)
    assert gaussian_kl(p, q, base=2) == pytest.approx(naive / math.log(2), rel=1e-11)
    x = p.sample(200_000, random_state=1)
    r = p.logpdf(x) - q.logpdf(x)
    assert abs(r.mean() - gaussian_kl(p, q)) < 5 * r.std() / math.sqrt(len(r))
    assert gaussian_kl(p, p) == 0.0


def test_gaussian_kl_bad_input():
    p = MultivariateNormal([0.0], [[1.0]])
    with pytest.raises(ValueError, match="dimension"):
        gaussian_kl(p, MultivariateNormal([0.0, 0.0], np.eye(2)))
    with pytest.raises(ValueError, match="MultivariateNormal"):
        gaussian_kl(p, ([0.0], [[1.0]]))


def test_info_derivations_are_registered():
    from mlfp.derive import discover
    names = {k.rsplit(".", 1)[-1] for k in discover("derivations") if k.startswith("derivations.info.")}
    assert {"gibbs_inequality", "cross_entropy_is_nll", "mutual_information_identities", "miller_madow_bias",
            "plugin_mutual_information_bias", "gaussian_kl_1d", "expected_quadratic_form",
            "gaussian_kl_2d"} <= names


def test_standard_normal_expectation_helper_vs_sympy_stats():
    import sympy as sp
    from sympy.stats import E, Normal
    from derivations.info import standard_normal_expectation
    a, b, c = sp.symbols("a b c", real=True)
    z = sp.Symbol("z", real=True)
    expr = a + b * z + c * z ** 2 + z ** 4
    Z = Normal("Z", 0, 1)
    assert sp.simplify(standard_normal_expectation(expr, [z]) - E(expr.subs(z, Z))) == 0
