"""Tests for mlfp.optim (chapters/01-foundations/04-optimization.pmd).

Oracles: scipy.optimize (minimize, nnls, approx_fprime), scikit-learn (Lasso,
LogisticRegression), and numpy.linalg.solve for quadratics.
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime, nnls, rosen, rosen_der, rosen_hess
from scipy.optimize import minimize as scipy_minimize
from scipy.special import expit

from mlfp.exceptions import ConvergenceWarning
from mlfp.optim import (OptimizeResult, finite_difference_gradient, lbfgs_direction, minimize,
                        project_box, projected_gradient, prox_l1, proximal_gradient, soft_threshold,
                        wolfe_line_search, armijo_backtracking)


# ----------------------------------------------------------------------------- problems
def spd_quadratic(d, kappa=10.0, seed=0):
    """f(x) = x'Ax/2 - b'x with eigenvalues in [1, kappa] and a random rotation."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    lam = np.linspace(1.0, kappa, d) if d > 1 else np.array([kappa])
    A = (Q * lam) @ Q.T
    A = (A + A.T) / 2
    b = rng.standard_normal(d)

    def f(x):
        return 0.5 * x @ A @ x - b @ x

    def g(x):
        return A @ x - b

    def h(x):
        return A

    return f, g, h, A, b


@pytest.fixture(scope="module")
def breast_cancer():
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X, y.astype(float)


def logistic(X, y, lam):
    """Mean log-loss + lam/2 ||w||^2 with an unpenalised intercept w[0]."""
    Xi = np.column_stack([np.ones(len(X)), X])
    n = len(y)
    pen = np.r_[0.0, np.ones(X.shape[1])]

    def f(w):
        z = Xi @ w
        return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * np.sum(pen * w * w)

    def g(w):
        return Xi.T @ (expit(Xi @ w) - y) / n + lam * pen * w

    def h(w):
        p = expit(Xi @ w)
        return (Xi.T * (p * (1 - p))) @ Xi / n + lam * np.diag(pen)

    return f, g, h


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fn(*args, **kwargs)


# ----------------------------------------------------------------------------- against SciPy
@pytest.mark.parametrize("d", [1, 2, 5, 20, 50])
@pytest.mark.parametrize("method", ["lbfgs", "newton"])
def test_convex_quadratic_matches_scipy(d, method):
    f, g, h, A, b = spd_quadratic(d, kappa=100.0, seed=d)
    x0 = np.zeros(d)
    ours = minimize(f, x0, jac=g, hess=h if method == "newton" else None, method=method)
    ref = scipy_minimize(f, x0, jac=g, method="BFGS", options={"gtol": 1e-10})
    assert ours.converged
    assert np.max(np.abs(ours.jac)) <= 1e-8
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-7)
    np.testing.assert_allclose(ours.fun, ref.fun, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.x, np.linalg.solve(A, b), atol=1e-7)


def test_newton_is_exact_in_one_step_on_a_quadratic():
    f, g, h, A, b = spd_quadratic(8, kappa=1e4, seed=3)
    r = minimize(f, np.ones(8), jac=g, hess=h, method="newton")
    assert r.nit == 1 and r.converged
    np.testing.assert_allclose(r.x, np.linalg.solve(A, b), rtol=1e-8)


@settings(max_examples=30, deadline=None)
@given(d=st.integers(1, 12), seed=st.integers(0, 10_000), log_kappa=st.floats(0.0, 3.0))
def test_lbfgs_random_quadratics_match_scipy(d, seed, log_kappa):
    f, g, h, A, b = spd_quadratic(d, kappa=10.0 ** log_kappa, seed=seed)
    x0 = np.random.default_rng(seed + 1).standard_normal(d)
    ours = minimize(f, x0, jac=g, method="lbfgs")
    ref = scipy_minimize(f, x0, jac=g, method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 0.0})
    assert ours.converged
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-6)
    assert ours.fun <= ref.fun + 1e-10 * (1 + abs(ref.fun))


@pytest.mark.parametrize("method", ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_first_order_methods_reach_the_scipy_solution(method):
    f, g, h, A, b = spd_quadratic(5, kappa=4.0, seed=7)
    lr = {"gd": 0.3, "momentum": 0.1, "nesterov": 0.1, "adagrad": 0.5, "rmsprop": 1e-3,
          "adam": 0.01}[method]
    r = quiet(minimize, f, np.zeros(5), jac=g, method=method, learning_rate=lr, tol=1e-6,
              max_iter=5000)
    ref = scipy_minimize(f, np.zeros(5), jac=g, method="BFGS", options={"gtol": 1e-10})
    # with a constant step, RMSProp and Adam take steps of size ~ learning_rate in every
    # coordinate (g / sqrt(running mean of g^2) ~ 1), so they hover within a few
    # learning rates of the minimum instead of converging to tol
    atol = 5 * lr if method in ("rmsprop", "adam") else 1e-5
    np.testing.assert_allclose(r.x, ref.x, atol=atol)
    if method not in ("rmsprop", "adam"):
        assert r.converged


@pytest.mark.parametrize("d", [2, 3, 5])
def test_rosenbrock_lbfgs_matches_scipy(d):
    x0 = np.tile([-1.2, 1.0], d)[:d]
    ours = minimize(rosen, x0, jac=rosen_der, method="lbfgs")
    ref = scipy_minimize(rosen, x0, jac=rosen_der, method="BFGS", options={"gtol": 1e-10})
    assert ours.converged
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-6)
    assert ours.fun < 1e-12 and ref.fun < 1e-12


@pytest.mark.parametrize("line_search", ["wolfe", "armijo"])
def test_rosenbrock_lbfgs_line_searches(line_search):
    ours = minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_der, line_search=line_search)
    assert ours.converged
    np.testing.assert_allclose(ours.x, [1.0, 1.0], atol=1e-7)


def test_rosenbrock_newton_matches_scipy_newton_cg():
    x0 = np.array([-1.2, 1.0])
    ours = minimize(rosen, x0, jac=rosen_der, hess=rosen_hess, method="newton")
    ref = scipy_minimize(rosen, x0, jac=rosen_der, hess=rosen_hess, method="Newton-CG",
                         options={"xtol": 1e-12})
    assert ours.converged
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-6)
    assert np.all(np.linalg.eigvalsh(rosen_hess(ours.x)) > 0)   # a minimum, not a saddle


@pytest.mark.parametrize("lam", [1e-3, 1e-1])
@pytest.mark.parametrize("method", ["lbfgs", "newton"])
def test_logistic_loss_matches_scipy_and_sklearn(breast_cancer, lam, method):
    from sklearn.linear_model import LogisticRegression

    X, y = breast_cancer
    f, g, h = logistic(X, y, lam)
    w0 = np.zeros(X.shape[1] + 1)
    ours = minimize(f, w0, jac=g, hess=h if method == "newton" else None, method=method)
    ref = scipy_minimize(f, w0, jac=g, method="BFGS", options={"gtol": 1e-9, "maxiter": 10_000})
    assert ours.converged
    np.testing.assert_allclose(ours.fun, ref.fun, rtol=1e-9)
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-4)
    # scikit-learn's objective ||w||^2/2 + C sum(loss) is ours times C n with C = 1/(n lam)
    sk = LogisticRegression(C=1.0 / (len(y) * lam), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.x[1:], sk.coef_.ravel(), atol=1e-4)
    np.testing.assert_allclose(ours.x[0], sk.intercept_[0], atol=1e-4)


def test_armijo_gd_on_logistic_loss(breast_cancer):
    X, y = breast_cancer
    f, g, h = logistic(X, y, 0.1)
    r = minimize(f, np.zeros(31), jac=g, method="gd", line_search="armijo", tol=1e-7)
    ref = scipy_minimize(f, np.zeros(31), jac=g, method="BFGS", options={"gtol": 1e-10})
    assert r.converged
    np.testing.assert_allclose(r.x, ref.x, atol=1e-5)


def test_update_rules_follow_pytorch_trajectories():
    """The first 40 iterates of each first-order rule equal those of torch.optim."""
    torch = pytest.importorskip("torch", reason="PyTorch's optimizers are the oracle for the rules")
    f, g, h, A, b = spd_quadratic(4, kappa=20.0, seed=11)
    x0 = np.array([1.0, -2.0, 0.5, 3.0])
    cases = {   # method: (our options, torch optimizer factory)
        "gd": (dict(learning_rate=0.05), lambda p: torch.optim.SGD(p, lr=0.05)),
        "momentum": (dict(learning_rate=0.05, momentum=0.8),
                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8)),
        "nesterov": (dict(learning_rate=0.05, momentum=0.8),
                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True)),
        "adagrad": (dict(learning_rate=0.1), lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-8)),
        "rmsprop": (dict(learning_rate=0.01, decay=0.95),
                    lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.95, eps=1e-8)),
        "adam": (dict(learning_rate=0.05, momentum=0.8, decay=0.95),
                 lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.95), eps=1e-8)),
    }
    At, bt = torch.tensor(A), torch.tensor(b)
    for method, (options, make) in cases.items():
        ours = []
        quiet(minimize, f, x0, jac=g, method=method, tol=0.0, max_iter=40, callback=ours.append,
              **options)
        x = torch.tensor(x0, requires_grad=True)
        opt = make([x])
        theirs = []
        for _ in range(40):
            opt.zero_grad()
            (0.5 * x @ At @ x - bt @ x).backward()
            opt.step()
            theirs.append(x.detach().numpy().copy())
        np.testing.assert_allclose(np.array(ours), np.array(theirs), rtol=1e-10, atol=1e-12,
                                   err_msg=f"method={method!r} departs from torch.optim")


# ----------------------------------------------------------------------------- histories
def test_armijo_gd_history_is_monotone_up_to_rounding_when_run_to_convergence():
    f, g, h, A, b = spd_quadratic(6, kappa=30.0, seed=4)
    r = minimize(f, np.zeros(6), jac=g, method="gd", line_search="armijo")
    assert r.converged
    # where f is flat to rounding error the line search judges steps by slopes (Hager-Zhang),
    # so f may rise by at most the documented slack 1e-10 * (1 + |f|)
    h = r.history
    assert np.all(np.diff(h) <= 1e-10 * (1 + np.abs(h[:-1])))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_armijo_gd_history_is_monotone_on_convex_problems(seed, breast_cancer):
    f, g, h, A, b = spd_quadratic(10, kappa=1e3, seed=seed)
    r = quiet(minimize, f, np.zeros(10), jac=g, method="gd", line_search="armijo", max_iter=500)
    assert np.all(np.diff(r.history) <= 0)
    X, y = breast_cancer
    fl, gl, _ = logistic(X, y, 1e-3)
    r = quiet(minimize, fl, np.zeros(31), jac=gl, method="gd", line_search="armijo", max_iter=300)
    assert np.all(np.diff(r.history) <= 0)
    assert len(r.history) == r.nit + 1
    np.testing.assert_allclose(r.history[-1], fl(r.x))


def test_history_starts_at_x0_and_callback_sees_every_iterate():
    f, g, h, A, b = spd_quadratic(4, seed=1)
    seen = []
    x0 = np.ones(4)
    r = minimize(f, x0, jac=g, callback=seen.append)
    assert r.history[0] == f(x0)
    assert len(seen) == r.nit == len(r.history) - 1
    np.testing.assert_allclose([f(x) for x in seen], r.history[1:])


def test_result_fields():
    f, g, h, A, b = spd_quadratic(3, seed=2)
    r = minimize(f, np.zeros(3), jac=g)
    assert isinstance(r, OptimizeResult)
    assert r.success is r.converged is True
    assert r.method == "lbfgs" and r.nfev >= 1 and r.njev >= 1
    assert r.fun == pytest.approx(f(r.x))
    np.testing.assert_allclose(r.jac, g(r.x))
    assert "converged" in repr(r)


# ----------------------------------------------------------------------------- gradients
def test_finite_difference_path_warns_and_converges():
    with pytest.warns(UserWarning, match="finite differences"):
        r = minimize(rosen, np.array([-1.2, 1.0]), tol=1e-6)
    assert r.converged
    np.testing.assert_allclose(r.x, [1.0, 1.0], atol=1e-5)
    assert r.njev == 0 and r.nfev > 4 * r.nit      # every gradient cost 2d evaluations


def test_finite_difference_path_on_logistic_loss(breast_cancer):
    X, y = breast_cancer
    f, g, _ = logistic(X[:, :5], y, 0.01)
    with pytest.warns(UserWarning, match="finite differences"):
        fd = minimize(f, np.zeros(6), tol=1e-7)
    exact = minimize(f, np.zeros(6), jac=g)
    np.testing.assert_allclose(fd.x, exact.x, atol=1e-5)


@pytest.mark.parametrize("seed", range(5))
def test_finite_difference_gradient_against_analytic_and_scipy(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(6) * 3
    fd = finite_difference_gradient(rosen, x)
    np.testing.assert_allclose(fd, rosen_der(x), rtol=1e-7, atol=1e-6)
    np.testing.assert_allclose(fd, approx_fprime(x, rosen, 1e-7), rtol=1e-4, atol=1e-3)


def test_jac_true_means_fun_returns_value_and_gradient():
    f, g, h, A, b = spd_quadratic(6, seed=4)
    r = minimize(lambda x: (f(x), g(x)), np.zeros(6), jac=True)
    np.testing.assert_allclose(r.x, np.linalg.solve(A, b), atol=1e-7)
    assert r.nfev == r.njev


# ----------------------------------------------------------------------------- failures
def test_newton_requires_hess():
    with pytest.raises(ValueError, match="hess"):
        minimize(rosen, np.zeros(2), jac=rosen_der, method="newton")


def test_hess_is_ignored_with_a_warning_by_other_methods():
    with pytest.warns(UserWarning, match="hess is only used"):
        minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_der, hess=rosen_hess, method="lbfgs")


def test_convergence_warning_when_max_iter_is_too_small():
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        r = minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_der, method="lbfgs", max_iter=3)
    assert not r.converged and r.nit == 3 and len(r.history) == 4
    with pytest.warns(ConvergenceWarning):
        r = minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_der, method="gd", learning_rate=1e-4,
                     max_iter=10)
    assert not r.converged


def test_too_large_a_step_diverges_and_says_so():
    f, g, h, A, b = spd_quadratic(3, kappa=10.0, seed=5)
    with pytest.warns(ConvergenceWarning, match="diverged"), np.errstate(over="ignore", invalid="ignore"):
        r = minimize(f, np.ones(3), jac=g, method="gd", learning_rate=3.0 / 10.0, max_iter=100_000)
    assert not r.converged and not np.isfinite(r.fun)
    # just below 2/L it converges
    r = minimize(f, np.ones(3), jac=g, method="gd", learning_rate=1.9 / 10.0, max_iter=100_000)
    assert r.converged


def test_newton_stops_on_a_singular_hessian():
    def f(x):
        return x[0] ** 2 + x[1] ** 4

    def g(x):
        return np.array([2 * x[0], 4 * x[1] ** 3])

    def h(x):
        return np.diag([2.0, 12 * x[1] ** 2])

    with pytest.warns(ConvergenceWarning, match="singular"):
        r = minimize(f, np.array([1.0, 0.0]), jac=g, hess=h, method="newton", line_search=None)
    assert not r.converged


def test_newton_goes_to_a_saddle_and_gd_escapes_it():
    def f(z):
        return 0.5 * z[0] ** 2 + 0.25 * z[1] ** 4 - 0.5 * z[1] ** 2

    def g(z):
        return np.array([z[0], z[1] ** 3 - z[1]])

    def h(z):
        return np.diag([1.0, 3 * z[1] ** 2 - 1])

    z0 = np.array([1.0, 1e-6])
    nt = minimize(f, z0, jac=g, hess=h, method="newton")
    assert nt.converged and np.linalg.eigvalsh(h(nt.x)).min() < 0
    gd = minimize(f, z0, jac=g, method="gd", learning_rate=0.1)
    assert gd.converged and gd.fun == pytest.approx(-0.25)


def test_already_optimal_and_scalar_start():
    r = minimize(lambda x: float((x[0] - 2.0) ** 2), 2.0, jac=lambda x: 2 * (x - 2.0))
    assert r.converged and r.nit == 0 and r.x.shape == (1,) and len(r.history) == 1
    r = minimize(lambda x: float((x[0] - 2.0) ** 2), 0.0, jac=lambda x: 2 * (x - 2.0), method="newton",
                 hess=lambda x: np.array([[2.0]]))
    np.testing.assert_allclose(r.x, [2.0])


def test_max_iter_zero_evaluates_only():
    with pytest.warns(ConvergenceWarning):
        r = minimize(rosen, np.array([-1.2, 1.0]), jac=rosen_der, max_iter=0)
    assert r.nit == 0 and len(r.history) == 1


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("x0, match", [
    (np.array([np.nan, 1.0]), "NaN"),
    (np.array([np.inf, 1.0]), "infinity"),
    (np.zeros((2, 2)), "1-D"),
    (np.array([]), "x0"),
    (["a", "b"], "numeric"),
])
def test_bad_x0(x0, match):
    with pytest.raises(ValueError, match=match):
        minimize(rosen, x0, jac=rosen_der)


def test_bad_arguments():
    x0 = np.array([-1.2, 1.0])
    with pytest.raises(ValueError, match="unknown method"):
        minimize(rosen, x0, jac=rosen_der, method="bfgs2")
    with pytest.raises(ValueError, match="fun must be callable"):
        minimize("rosen", x0, jac=rosen_der)
    with pytest.raises(ValueError, match="jac must be"):
        minimize(rosen, x0, jac="2-point")
    with pytest.raises(ValueError, match="line_search"):
        minimize(rosen, x0, jac=rosen_der, method="adam", line_search="armijo")
    with pytest.raises(ValueError, match="line_search"):
        minimize(rosen, x0, jac=rosen_der, method="lbfgs", line_search=None)
    with pytest.raises(ValueError, match="tol"):
        minimize(rosen, x0, jac=rosen_der, tol=-1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        minimize(rosen, x0, jac=rosen_der, method="gd", learning_rate=0.0)
    with pytest.raises(ValueError, match="momentum"):
        minimize(rosen, x0, jac=rosen_der, method="momentum", momentum=1.0)
    with pytest.raises(ValueError, match="max_iter"):
        minimize(rosen, x0, jac=rosen_der, max_iter=2.5)
    with pytest.raises(ValueError, match="memory"):
        minimize(rosen, x0, jac=rosen_der, memory=0)


def test_non_finite_or_non_scalar_objective():
    x0 = np.zeros(2)
    with pytest.raises(ValueError, match="finite"):
        minimize(lambda x: np.nan, x0, jac=lambda x: x)
    with pytest.raises(ValueError, match="finite"):
        minimize(lambda x: np.inf, x0, jac=lambda x: x)
    with pytest.raises(ValueError, match="scalar"):
        minimize(lambda x: x, x0, jac=lambda x: x)
    with pytest.raises(ValueError, match="gradient at x0"):
        minimize(lambda x: 0.0, x0, jac=lambda x: np.array([np.nan, 0.0]))
    with pytest.raises(ValueError, match="shape"):
        minimize(lambda x: float(x @ x), x0, jac=lambda x: np.zeros(3))
    with pytest.raises(ValueError, match="shape"):
        minimize(lambda x: float(x @ x), np.ones(2), jac=lambda x: 2 * x, method="newton",
                 hess=lambda x: np.eye(3))


# ----------------------------------------------------------------------------- line searches
@pytest.mark.parametrize("seed", range(6))
def test_wolfe_step_satisfies_the_strong_wolfe_conditions(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, 4)
    g = rosen_der(x)
    p = -g / np.linalg.norm(g) * rng.uniform(0.01, 3.0)
    c1, c2 = 1e-4, 0.9
    t, ft, gt = wolfe_line_search(lambda z: (rosen(z), rosen_der(z)), x, rosen(x), g, p, c1=c1, c2=c2)
    assert ft <= rosen(x) + c1 * t * g @ p
    assert abs(gt @ p) <= c2 * abs(g @ p)
    assert ft == pytest.approx(rosen(x + t * p))


def test_line_searches_reject_ascent_directions():
    x = np.array([0.5, 0.5])
    g = rosen_der(x)
    assert armijo_backtracking(rosen, x, rosen(x), g, g) is None
    assert wolfe_line_search(lambda z: (rosen(z), rosen_der(z)), x, rosen(x), g, g) is None


def test_lbfgs_direction_equals_dense_bfgs_recursion():
    rng = np.random.default_rng(0)
    d, m = 6, 4
    M = rng.standard_normal((d, d))
    A = M @ M.T + d * np.eye(d)
    S = [rng.standard_normal(d) for _ in range(m)]
    Y = [A @ s for s in S]                              # curvature pairs of a quadratic
    gamma = (S[-1] @ Y[-1]) / (Y[-1] @ Y[-1])
    B = gamma * np.eye(d)
    for s, y in zip(S, Y):                              # the BFGS inverse update, dense
        rho = 1.0 / (y @ s)
        V = np.eye(d) - rho * np.outer(y, s)
        B = V.T @ B @ V + rho * np.outer(s, s)
    g = rng.standard_normal(d)
    np.testing.assert_allclose(lbfgs_direction(g, S, Y), -B @ g, rtol=1e-10)
    np.testing.assert_allclose(lbfgs_direction(g, [], []), -g)


# ----------------------------------------------------------------------------- proximal
@pytest.fixture(scope="module")
def diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X, y - y.mean()


@pytest.mark.parametrize("alpha", [0.1, 1.0, 10.0])
@pytest.mark.parametrize("accelerated", [False, True])
def test_lasso_by_proximal_gradient_matches_sklearn(diabetes, alpha, accelerated):
    from sklearn.linear_model import Lasso

    X, y = diabetes
    n = len(y)
    L = np.linalg.eigvalsh(X.T @ X / n)[-1]
    r = proximal_gradient(lambda w: X.T @ (X @ w - y) / n, prox_l1(alpha), np.zeros(X.shape[1]),
                          step=1.0 / L, tol=1e-9, max_iter=200_000, accelerated=accelerated,
                          fun=lambda w: 0.5 * np.mean((X @ w - y) ** 2) + alpha * np.abs(w).sum())
    sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000).fit(X, y)
    assert r.converged
    np.testing.assert_allclose(r.x, sk.coef_, atol=1e-6)
    np.testing.assert_array_equal(r.x == 0, sk.coef_ == 0)
    assert len(r.history) == r.nit + 1


def test_nonnegative_least_squares_matches_scipy_nnls(diabetes):
    X, y = diabetes
    n = len(y)
    L = np.linalg.eigvalsh(X.T @ X / n)[-1]
    r = projected_gradient(lambda w: X.T @ (X @ w - y) / n, project_box(0.0), np.zeros(X.shape[1]),
                           step=1.0 / L, tol=1e-10, accelerated=True, max_iter=100_000)
    w, _ = nnls(X, y)
    assert r.converged and np.all(r.x >= 0)
    np.testing.assert_allclose(r.x, w, atol=1e-7)


def test_box_constrained_quadratic_matches_scipy_lbfgsb():
    f, g, h, A, b = spd_quadratic(6, kappa=20.0, seed=9)
    b *= 5
    lo, hi = -0.3 * np.ones(6), 0.4 * np.ones(6)
    L = np.linalg.eigvalsh(A)[-1]
    r = projected_gradient(g, project_box(lo, hi), np.zeros(6), step=1.0 / L, fun=f, tol=1e-10)
    ref = scipy_minimize(f, np.zeros(6), jac=g, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                         options={"gtol": 1e-12, "ftol": 0.0})
    np.testing.assert_allclose(r.x, ref.x, atol=1e-6)
    assert np.all((r.x >= lo) & (r.x <= hi))


@settings(max_examples=30, deadline=None)
@given(v=st.floats(-10, 10), t=st.floats(0.0, 5.0))
def test_soft_threshold_is_the_prox_of_the_absolute_value(v, t):
    from scipy.optimize import minimize_scalar

    ref = minimize_scalar(lambda u: t * abs(u) + 0.5 * (u - v) ** 2, bounds=(-11, 11),
                          method="bounded", options={"xatol": 1e-10})
    assert soft_threshold(np.array([v]), t)[0] == pytest.approx(ref.x, abs=1e-6)


def test_proximal_gradient_bad_input_and_non_convergence():
    grad = lambda w: w                                  # noqa: E731
    with pytest.raises(ValueError, match="grad_f must be callable"):
        proximal_gradient(None, prox_l1(1.0), np.zeros(2), step=1.0)
    with pytest.raises(ValueError, match="step"):
        proximal_gradient(grad, prox_l1(1.0), np.zeros(2), step=0.0)
    with pytest.raises(ValueError, match="NaN"):
        proximal_gradient(grad, prox_l1(1.0), np.array([np.nan, 0.0]), step=1.0)
    with pytest.raises(ValueError, match="grad_f must return"):
        proximal_gradient(lambda w: np.zeros(3), prox_l1(1.0), np.zeros(2), step=1.0)
    with pytest.raises(ValueError, match="lower"):
        project_box(1.0, 0.0)
    with pytest.raises(ValueError, match="alpha"):
        prox_l1(-1.0)
    with pytest.warns(ConvergenceWarning):
        r = proximal_gradient(grad, prox_l1(0.0), np.ones(3), step=0.01, max_iter=5)
    assert not r.converged and r.nit == 5
