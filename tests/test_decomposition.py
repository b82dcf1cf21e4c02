"""mlfp.decomposition (PCA, Autoencoder) and mlfp.data.synthetic against scikit-learn, NumPy,
SciPy and PyTorch; edge cases and bad input (chapter 6)."""
import warnings

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings, strategies as st
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA as SkPCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlfp.data import make_circle_manifold
from mlfp.decomposition import PCA, Autoencoder, principal_angles, reconstruction_error
from mlfp.decomposition.autoencoder import (_ACTIVATIONS, _init_params, _layer_activations,
                                            _layer_sizes, _loss_and_grad, _views)
from mlfp.exceptions import ConvergenceWarning, NotFittedError

SOLVERS = ("svd", "eigh")


def _data(n, d, seed=0):
    rng = np.random.default_rng(seed)
    # distinct column scales, so that the eigenvalues are well separated
    return rng.standard_normal((n, d)) @ np.diag(np.linspace(3.0, 0.5, d)) + rng.normal(size=d)


def _n_determined(ref):
    """Components of nonzero variance (the others are arbitrary in any correct PCA)."""
    return int(np.sum(ref.explained_variance_ > 1e-10 * ref.explained_variance_[0]))


# ---------------------------------------------------------------------------------------------
# PCA against scikit-learn
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("shape, k", [((100, 6), None), ((100, 6), 1), ((100, 6), 6), ((15, 40), None),
                                      ((15, 40), 3), ((40, 40), 10)])
def test_pca_matches_sklearn(shape, k, solver):
    X = _data(*shape)
    ref = SkPCA(n_components=k, svd_solver="full").fit(X)
    ours = PCA(n_components=k, solver=solver).fit(X)
    r = min(_n_determined(ref), ours.n_components_)
    assert ours.components_.shape == ref.components_.shape
    np.testing.assert_allclose(ours.mean_, ref.mean_, atol=1e-12)
    np.testing.assert_allclose(ours.explained_variance_[:r], ref.explained_variance_[:r], rtol=1e-9)
    np.testing.assert_allclose(ours.explained_variance_ratio_[:r], ref.explained_variance_ratio_[:r], rtol=1e-9)
    np.testing.assert_allclose(ours.singular_values_[:r], ref.singular_values_[:r], rtol=1e-9)
    # same sign convention as scikit-learn: no flips needed
    np.testing.assert_allclose(ours.components_[:r], ref.components_[:r], atol=1e-8)
    np.testing.assert_allclose(ours.transform(X)[:, :r], ref.transform(X)[:, :r], atol=1e-8)


@pytest.mark.parametrize("solver", SOLVERS)
def test_pca_whiten_matches_sklearn(solver):
    X = load_digits().data
    ref = SkPCA(n_components=12, whiten=True, svd_solver="full").fit(X)
    ours = PCA(n_components=12, whiten=True, solver=solver).fit(X)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, ref.transform(X), atol=1e-7)
    np.testing.assert_allclose(Z.var(axis=0, ddof=1), 1.0, rtol=1e-10)
    np.testing.assert_allclose(ours.inverse_transform(Z), ref.inverse_transform(ref.transform(X)), atol=1e-7)


@pytest.mark.parametrize("solver", SOLVERS)
def test_pca_components_orthonormal_and_variances_descending(solver):
    X = load_digits().data
    p = PCA(n_components=20, solver=solver).fit(X)
    np.testing.assert_allclose(p.components_ @ p.components_.T, np.eye(20), atol=1e-10)
    assert np.all(np.diff(p.explained_variance_) <= 0)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("shape", [(50, 8), (8, 20)])
def test_round_trip_with_all_components(shape, solver):
    X = _data(*shape, seed=1)
    p = PCA(solver=solver).fit(X)      # min(n, d) components: all of the centred data's span
    np.testing.assert_allclose(p.inverse_transform(p.transform(X)), X, atol=1e-10)


def test_explained_variance_equals_covariance_eigenvalues():
    X = _data(200, 7, seed=2)
    p = PCA().fit(X)
    lam = np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1]
    np.testing.assert_allclose(p.explained_variance_, lam, rtol=1e-10)
    np.testing.assert_allclose(p.explained_variance_ratio_.sum(), 1.0, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(3, 40), d=st.integers(2, 12), seed=st.integers(0, 10_000), data=st.data())
def test_pca_error_is_the_eckart_young_bound(n, d, seed, data):
    X = np.random.default_rng(seed).standard_normal((n, d)) * np.linspace(2.0, 0.3, d)
    k = data.draw(st.integers(1, min(n, d)))
    p = PCA(n_components=k).fit(X)
    err = reconstruction_error(X, p.inverse_transform(p.transform(X)))
    lam = np.clip(np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1], 0, None)
    bound = (n - 1) / n * lam[k:].sum()
    assert err == pytest.approx(bound, rel=1e-8, abs=1e-10)


def test_eigh_and_svd_solvers_agree_on_well_conditioned_data():
    X = _data(300, 10, seed=3)
    a, b = PCA(solver="svd").fit(X), PCA(solver="eigh").fit(X)
    np.testing.assert_allclose(a.explained_variance_, b.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(a.components_, b.components_, atol=1e-8)


def test_svd_solver_keeps_small_variances_that_eigh_loses():
    rng = np.random.default_rng(3)
    U = rng.standard_normal((100, 6))
    U, _ = np.linalg.qr(U - U.mean(axis=0))     # orthonormal columns orthogonal to 1: centred data
    V, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    sig = np.logspace(0, -10, 6)
    X = (U * sig) @ V.T
    truth = sig**2 / 99
    rel_svd = np.abs(PCA(solver="svd").fit(X).explained_variance_ - truth) / truth
    rel_eigh = np.abs(PCA(solver="eigh").fit(X).explained_variance_ - truth) / truth
    assert rel_svd.max() < 1e-4
    assert rel_eigh[-1] > 1e-2      # sigma^2 = 1e-20 is below the rounding of X^T X


@pytest.mark.parametrize("shape, route", [((1797, 64), "eigh"), ((640, 64), "eigh"), ((639, 64), "svd"),
                                          ((15, 40), "svd"), ((40, 40), "svd")])
def test_auto_solver_follows_sklearns_rule(shape, route):
    """'auto' takes the eigh route when n >= 10 d (scikit-learn's covariance_eigh rule), else svd."""
    X = _data(*shape, seed=6)
    auto = PCA().fit(X)
    assert auto.solver_ == route
    explicit = PCA(solver=route).fit(X)
    np.testing.assert_array_equal(auto.components_, explicit.components_)
    ref = SkPCA(svd_solver="full").fit(X)
    r = _n_determined(ref)
    np.testing.assert_allclose(auto.explained_variance_[:r], ref.explained_variance_[:r], rtol=1e-9)
    np.testing.assert_allclose(auto.components_[:r], ref.components_[:r], atol=1e-8)


def test_default_pca_on_digits_matches_sklearn():
    X = load_digits().data / 16.0
    ours, ref = PCA().fit(X), SkPCA(svd_solver="full").fit(X)
    r = _n_determined(ref)
    assert ours.solver_ == "eigh"
    np.testing.assert_allclose(ours.explained_variance_[:r], ref.explained_variance_[:r],
                               rtol=1e-9, atol=1e-12 * ref.explained_variance_[0])
    np.testing.assert_allclose(ours.components_ @ ours.components_.T, np.eye(64), atol=1e-12)
    top = ref.explained_variance_ > 1e-6 * ref.explained_variance_[0]    # well-separated components
    np.testing.assert_allclose(ours.components_[top], ref.components_[top], atol=1e-7)


# ---------------------------------------------------------------------------------------------
# PCA edge cases and bad input
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_constant_feature(solver):
    X = _data(60, 5, seed=4)
    X[:, 2] = 7.0
    p = PCA(solver=solver, whiten=True).fit(X)
    ref = SkPCA(svd_solver="full").fit(X)
    assert p.explained_variance_[-1] == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(p.explained_variance_[:4], ref.explained_variance_[:4], rtol=1e-9)
    assert np.all(np.abs(p.components_[:4, 2]) < 1e-10)   # no weight on the constant column
    assert np.all(np.isfinite(p.transform(X)))             # whitening a zero-variance component
    np.testing.assert_allclose(PCA(n_components=4, solver=solver).fit(X).inverse_transform(
        PCA(n_components=4, solver=solver).fit(X).transform(X)), X, atol=1e-10)


def test_all_constant_data():
    X = np.ones((10, 3))
    p = PCA().fit(X)
    np.testing.assert_allclose(p.explained_variance_, 0.0)
    np.testing.assert_allclose(p.explained_variance_ratio_, 0.0)
    np.testing.assert_allclose(p.inverse_transform(p.transform(X)), X)


def test_one_sample_is_rejected():
    with pytest.raises(ValueError, match="at least 2 sample"):
        PCA().fit(np.ones((1, 4)))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf_are_rejected(bad):
    X = _data(10, 3)
    X[3, 1] = bad
    with pytest.raises(ValueError, match="NaN|infinity"):
        PCA().fit(X)
    with pytest.raises(ValueError, match="NaN|infinity"):
        Autoencoder(max_epochs=1).fit(X)


@pytest.mark.parametrize("k", [0, 6, 11, 2.0, True, "2"])
def test_bad_n_components(k):
    X = _data(10, 5)            # min(n, d) = 5
    with pytest.raises(ValueError, match="n_components"):
        PCA(n_components=k).fit(X)


def test_bad_solver_and_shapes():
    X = _data(10, 5)
    with pytest.raises(ValueError, match="solver"):
        PCA(solver="lapack").fit(X)
    with pytest.raises(ValueError, match="1-D|2-D"):
        PCA().fit(np.arange(10.0))
    p = PCA(n_components=2).fit(X)
    with pytest.raises(ValueError, match="features"):
        p.transform(X[:, :4])
    with pytest.raises(ValueError, match="components"):
        p.inverse_transform(np.ones((3, 3)))


def test_unfitted_raises_not_fitted_error():
    X = _data(10, 5)
    for est in (PCA(), Autoencoder()):
        with pytest.raises(NotFittedError):
            est.transform(X)
        with pytest.raises(NotFittedError):
            est.inverse_transform(X[:, :2])
    assert issubclass(NotFittedError, ValueError)


# ---------------------------------------------------------------------------------------------
# helpers: reconstruction_error, principal_angles
# ---------------------------------------------------------------------------------------------
def test_reconstruction_error_definition_and_shape_check():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    assert reconstruction_error(X, X + np.array([[3.0, 4.0], [0.0, 0.0]])) == pytest.approx(12.5)
    with pytest.raises(ValueError, match="shapes"):
        reconstruction_error(X, X[:, :1])


@pytest.mark.parametrize("p, q", [(3, 3), (4, 2), (2, 5)])
def test_principal_angles_match_scipy(p, q):
    rng = np.random.default_rng(p * 10 + q)
    A, B = rng.standard_normal((8, p)), rng.standard_normal((8, q))
    np.testing.assert_allclose(principal_angles(A, B), np.sort(scipy.linalg.subspace_angles(A, B)), atol=1e-12)


def test_principal_angles_small_angles_are_accurate():
    rng = np.random.default_rng(5)
    Q, _ = np.linalg.qr(rng.standard_normal((10, 3)))
    B = Q + 1e-9 * rng.standard_normal((10, 3))
    ours = principal_angles(Q, B)
    np.testing.assert_allclose(ours, np.sort(scipy.linalg.subspace_angles(Q, B)), rtol=1e-4, atol=1e-15)
    assert 1e-11 < ours.max() < 1e-8          # arccos alone would round this to 0 or ~1e-8 noise
    with pytest.raises(ValueError, match="same number of rows"):
        principal_angles(Q, Q[:5])


# ---------------------------------------------------------------------------------------------
# Autoencoder: gradients
# ---------------------------------------------------------------------------------------------
def _random_network(activation, seed=0, hidden=(5, 3), k=2, d=6, m=9):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, d))
    sizes = _layer_sizes(d, hidden, k)
    acts = _layer_activations(len(hidden), activation)
    theta = _init_params(sizes, rng)
    theta += 0.1 * rng.standard_normal(theta.size)       # nonzero biases too
    return X, sizes, acts, theta


def _smallest_preactivation(theta, X, sizes, acts):
    """min |A_l| over the layers with a non-linear activation (ReLU kinks sit at A = 0)."""
    smallest, Z = np.inf, X
    for l, (W, b) in enumerate(zip(_views(theta, sizes)[0::2], _views(theta, sizes)[1::2])):
        A = Z @ W + b
        if acts[l] != "linear":
            smallest = min(smallest, np.abs(A).min())
        Z = _ACTIVATIONS[acts[l]][0](A)
    return smallest


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "linear", "relu"])
def test_gradient_matches_finite_differences(activation):
    X, sizes, acts, theta = _random_network(activation)
    _, grad = _loss_and_grad(theta, X, sizes, acts)
    eps = 1e-6
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = eps
        numeric[i] = (_loss_and_grad(theta + e, X, sizes, acts)[0]
                      - _loss_and_grad(theta - e, X, sizes, acts)[0]) / (2 * eps)
    if activation == "relu":       # a difference that straddles a kink is wrong by design
        assert _smallest_preactivation(theta, X, sizes, acts) > 10 * eps
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_gradient_matches_torch_autograd(activation):
    torch = pytest.importorskip("torch", reason="PyTorch is the autodiff oracle; not installed")
    X, sizes, acts, theta = _random_network(activation, seed=1, hidden=(7, 4), k=3, d=5, m=11)
    loss, grad = _loss_and_grad(theta, X, sizes, acts)
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    Z = torch.tensor(X, dtype=torch.float64)
    f = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "linear": lambda a: a}
    start = 0
    for (fan_in, fan_out), act in zip(zip(sizes[:-1], sizes[1:]), acts):
        W = t[start:start + fan_in * fan_out].reshape(fan_in, fan_out)
        start += fan_in * fan_out
        b = t[start:start + fan_out]
        start += fan_out
        Z = f[act](Z @ W + b)
    L = 0.5 * ((Z - torch.tensor(X)) ** 2).sum() / X.shape[0]
    L.backward()
    assert loss == pytest.approx(L.item(), rel=1e-12)
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# Autoencoder: behaviour
# ---------------------------------------------------------------------------------------------
def test_linear_autoencoder_recovers_the_pca_subspace_not_the_basis():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((400, 8)) * np.array([3.0, 2.5, 2.0, 0.6, 0.5, 0.4, 0.3, 0.2])
    X = (X @ np.linalg.qr(rng.standard_normal((8, 8)))[0].T)
    X -= X.mean(axis=0)
    pca = PCA(n_components=3).fit(X)
    for seed in (0, 1):
        ae = Autoencoder(hidden_sizes=(), activation="linear", n_components=3, solver="sgd",
                         learning_rate=0.04, momentum=0.9, batch_size=400, max_epochs=400,
                         random_state=seed).fit(X)
        E, D = ae.coefs_
        assert principal_angles(D.T, pca.components_.T).max() < 1e-4          # decoder rows
        assert principal_angles(X @ E, pca.transform(X)).max() < 1e-4         # codes vs scores
        assert principal_angles(E, pca.components_.T).max() < 1e-2            # encoder: slower
        err = reconstruction_error(X, ae.inverse_transform(ae.transform(X)))
        bound = reconstruction_error(X, pca.inverse_transform(pca.transform(X)))
        assert bound <= err < bound * (1 + 1e-6)
        # ... but the decoder rows are not an orthonormal basis
        assert np.max(np.abs(D @ D.T - np.eye(3))) > 0.05


def test_nonlinear_autoencoder_beats_the_linear_bound_on_a_curve():
    X, _ = make_circle_manifold(800, n_features=20, n_harmonics=3, noise=0.05, random_state=0)
    X_tr, X_te = X[:400], X[400:]
    pca = PCA(n_components=2).fit(X_tr)
    bound = reconstruction_error(X_te, pca.inverse_transform(pca.transform(X_te)))
    for seed in (0, 1):
        ae = Autoencoder(n_components=2, random_state=seed).fit(X_tr)
        err = reconstruction_error(X_te, ae.inverse_transform(ae.transform(X_te)))
        assert err < 0.3 * bound


def test_default_autoencoder_trains_on_digits():
    X = load_digits().data[:600] / 16.0
    ae = Autoencoder(n_components=8, random_state=0).fit(X)        # the defaults, untuned
    pca = PCA(n_components=8).fit(X)
    assert ae.loss_curve_[-1] < 0.5 * ae.loss_curve_[0]
    assert reconstruction_error(X, ae.inverse_transform(ae.transform(X))) < \
        reconstruction_error(X, pca.inverse_transform(pca.transform(X)))
    assert ae.transform(X).shape == (600, 8)
    assert ae.inverse_transform(ae.transform(X)).shape == X.shape
    assert ae.n_iter_ == len(ae.loss_curve_) == ae.max_epochs


def test_autoencoder_is_reproducible_and_partial_fit_continues():
    X = _data(50, 4)
    a = Autoencoder(hidden_sizes=(6,), n_components=2, max_epochs=5, random_state=3).fit(X)
    b = Autoencoder(hidden_sizes=(6,), n_components=2, max_epochs=5, random_state=3).fit(X)
    np.testing.assert_array_equal(a.theta_, b.theta_)
    c = Autoencoder(hidden_sizes=(6,), n_components=2, random_state=3)
    for _ in range(5):
        c.partial_fit(X)
    np.testing.assert_allclose(c.theta_, a.theta_)
    assert c.loss_curve_ == pytest.approx(a.loss_curve_)
    rng = np.random.default_rng(0)
    d = Autoencoder(hidden_sizes=(6,), n_components=2, max_epochs=5, random_state=rng).fit(X)
    assert d.theta_.shape == a.theta_.shape


def test_autoencoder_layout_and_views():
    ae = Autoencoder(hidden_sizes=(7, 5), n_components=3, max_epochs=1, random_state=0).fit(_data(20, 9))
    assert [W.shape for W in ae.coefs_] == [(9, 7), (7, 5), (5, 3), (3, 5), (5, 7), (7, 9)]
    assert [b.shape for b in ae.intercepts_] == [(7,), (5,), (3,), (5,), (7,), (9,)]
    assert ae.theta_.size == sum(W.size + b.size for W, b in zip(ae.coefs_, ae.intercepts_))
    assert np.shares_memory(ae.coefs_[0], ae.theta_)
    one = Autoencoder(hidden_sizes=4, n_components=1, max_epochs=1, random_state=0).fit(_data(20, 3))
    assert [W.shape for W in one.coefs_] == [(3, 4), (4, 1), (1, 4), (4, 3)]


def test_divergence_warns_and_stops():
    X = 100.0 * _data(50, 4)
    ae = Autoencoder(solver="sgd", learning_rate=10.0, max_epochs=1000, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)          # NumPy's overflow warnings
        with pytest.warns(ConvergenceWarning, match="diverged"):
            ae.fit(X)
    assert ae.n_iter_ < 1000 and not np.isfinite(ae.loss_curve_[-1])


@pytest.mark.parametrize("params, match", [
    (dict(activation="softplus"), "activation"), (dict(solver="lbfgs"), "solver"),
    (dict(n_components=0), "n_components"), (dict(learning_rate=0.0), "learning_rate"),
    (dict(max_epochs=0), "max_epochs"), (dict(batch_size=0), "batch_size"),
    (dict(momentum=1.0), "momentum"), (dict(hidden_sizes=(4, 0)), "hidden size"),
    (dict(hidden_sizes=(2.5,)), "hidden size"), (dict(n_components=1.5), "n_components"),
])
def test_autoencoder_bad_hyperparameters(params, match):
    with pytest.raises(ValueError, match=match):
        Autoencoder(**params).fit(_data(10, 3))


def test_autoencoder_width_checks():
    ae = Autoencoder(hidden_sizes=(4,), n_components=2, max_epochs=1, random_state=0).fit(_data(10, 3))
    with pytest.raises(ValueError, match="features"):
        ae.transform(_data(10, 4))
    with pytest.raises(ValueError, match="columns"):
        ae.inverse_transform(np.ones((5, 3)))
    with pytest.raises(ValueError, match="features"):
        ae.partial_fit(_data(10, 5))


# ---------------------------------------------------------------------------------------------
# scikit-learn compatibility
# ---------------------------------------------------------------------------------------------
def test_clone_get_params_set_params_and_pipeline():
    for est in (PCA(n_components=3, whiten=True, solver="eigh"),
                Autoencoder(hidden_sizes=(8,), n_components=3, max_epochs=2, random_state=1)):
        c = clone(est)
        assert c.get_params() == est.get_params() and c is not est
        c.set_params(n_components=2)
        assert c.n_components == 2
        with pytest.raises(ValueError, match="invalid parameter"):
            c.set_params(not_a_parameter=1)
        X = _data(30, 5)
        Z = make_pipeline(StandardScaler(), c).fit_transform(X)
        assert Z.shape == (30, 2)
    assert "whiten=True" in repr(PCA(whiten=True))


# ---------------------------------------------------------------------------------------------
# the synthetic data set
# ---------------------------------------------------------------------------------------------
def test_circle_manifold_shapes_seeds_and_spectrum():
    X, t = make_circle_manifold(4000, n_features=12, n_harmonics=3, noise=0.0, random_state=0)
    assert X.shape == (4000, 12) and t.shape == (4000,)
    assert 0 <= t.min() and t.max() < 2 * np.pi
    X2, t2 = make_circle_manifold(4000, n_features=12, n_harmonics=3, noise=0.0, random_state=0)
    np.testing.assert_array_equal(X, X2)
    lam = PCA().fit(X).explained_variance_
    expected = np.repeat(1.0 / (2 * np.arange(1, 4) ** 2), 2)     # var(cos jt / j) = 1 / (2 j^2)
    np.testing.assert_allclose(lam[:6], expected, rtol=0.08)
    assert lam[6] < 1e-12                                        # noiseless: rank 2m
    Xa, ta = make_circle_manifold(100, n_features=2, n_harmonics=1, arc=0.25, noise=0.0, random_state=1)
    np.testing.assert_allclose(np.linalg.norm(Xa, axis=1), 1.0)   # a unit circle in a rotated plane
    assert ta.max() < np.pi / 2


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_features=5, n_harmonics=3), "n_features"), (dict(arc=0.0), "arc"), (dict(arc=1.5), "arc"),
    (dict(noise=-1.0), "noise"), (dict(n_samples=0), "n_samples"), (dict(n_harmonics=0), "n_harmonics"),
])
def test_circle_manifold_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_circle_manifold(**kwargs)
