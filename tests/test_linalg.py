"""mlfp.linalg against numpy.linalg / scipy.linalg (chapter 2, Linear algebra).

Every check compares with a reference library or with an identity that a wrong
answer would break (reconstruction, orthogonality, ordering); none compares our
output with itself.
"""
import warnings

import numpy as np
import pytest
import scipy.linalg
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.datasets import load_digits

from mlfp.exceptions import ConvergenceWarning
from mlfp.linalg import (back_substitution, cholesky, eigh, forward_substitution, lstsq, lu,
                         matrix_with_condition, power_iteration, qr, random_orthogonal, solve, svd)

EPS = np.finfo(float).eps
SHAPES = [(1, 1), (1, 4), (4, 1), (5, 3), (3, 5), (8, 8), (20, 7), (7, 20), (33, 33)]


def rng(seed=0):
    return np.random.default_rng(seed)


def orth_err(Q):
    return np.linalg.norm(Q.T @ Q - np.eye(Q.shape[1]), 2)


def rel(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


def spd(n, seed=0):
    M = rng(seed).standard_normal((n, n))
    return M @ M.T + n * np.eye(n)


def sym(n, seed=0):
    M = rng(seed).standard_normal((n, n))
    return (M + M.T) / 2


def assert_same_columns_up_to_sign(M, ref, atol):
    """Each column of M equals the same column of ref or its negative."""
    signs = np.sign(np.sum(M * ref, axis=0))
    signs[signs == 0] = 1
    np.testing.assert_allclose(M * signs, ref, atol=atol)


# --------------------------------------------------------------------------- qr
@pytest.mark.parametrize("shape", SHAPES)
def test_qr_matches_numpy_and_reconstructs(shape):
    A = rng(1).standard_normal(shape)
    Q, R = qr(A)
    m, n = shape
    k = min(m, n)
    assert Q.shape == (m, k) and R.shape == (k, n)
    assert np.array_equal(R, np.triu(R))
    assert orth_err(Q) < 50 * EPS
    assert rel(Q @ R, A) < 50 * EPS
    Qn, Rn = np.linalg.qr(A)                       # R is unique up to the signs of its rows
    signs = np.sign(np.diag(R)) * np.sign(np.diag(Rn))
    np.testing.assert_allclose(signs[:, None] * R, Rn, atol=1e-12 * np.abs(A).max())
    assert_same_columns_up_to_sign(Q, Qn, atol=1e-10)


def test_qr_rank_deficient_and_zero():
    A = rng(2).standard_normal((10, 3)) @ rng(3).standard_normal((3, 6))   # rank 3
    Q, R = qr(A)
    assert orth_err(Q) < 50 * EPS and rel(Q @ R, A) < 50 * EPS
    Q, R = qr(np.zeros((4, 3)))
    assert orth_err(Q) < 10 * EPS and np.all(R == 0)


def test_qr_ill_conditioned_stays_orthogonal():
    A = matrix_with_condition(60, 20, 1e12, random_state=0)
    Q, R = qr(A)
    assert orth_err(Q) < 100 * EPS
    assert rel(Q @ R, A) < 100 * EPS


# --------------------------------------------------------------------- cholesky
@pytest.mark.parametrize("n", [1, 2, 5, 40])
def test_cholesky_matches_numpy(n):
    A = spd(n, seed=n)
    L = cholesky(A)
    np.testing.assert_allclose(L, np.linalg.cholesky(A), rtol=1e-12, atol=1e-12 * np.sqrt(n))
    assert np.array_equal(L, np.tril(L))
    assert np.all(np.diag(L) > 0)
    assert rel(L @ L.T, A) < 20 * EPS


def test_cholesky_rejects_indefinite_with_the_failing_block():
    A = np.array([[4.0, 2.0, 0.0], [2.0, 1.0, 3.0], [0.0, 3.0, 5.0]])
    with pytest.raises(ValueError, match="not positive definite.*leading 2x2"):
        cholesky(A)
    with pytest.raises(ValueError, match="not positive definite"):
        cholesky(-np.eye(3))
    with pytest.raises(ValueError, match="not positive definite"):
        cholesky(np.ones((3, 3)))              # semi-definite, singular


def test_cholesky_rejects_non_symmetric():
    A = spd(4)
    A[0, 3] += 1.0
    with pytest.raises(ValueError, match="symmetric"):
        cholesky(A)


def test_cholesky_accepts_rounding_level_asymmetry():
    A = spd(5)
    A[0, 1] *= 1 + 1e-14
    np.testing.assert_allclose(cholesky(A), np.linalg.cholesky((A + A.T) / 2), atol=1e-12)


# --------------------------------------------------------------------------- lu
@pytest.mark.parametrize("n", [1, 2, 6, 50])
def test_lu_matches_scipy(n):
    A = rng(n).standard_normal((n, n))
    P, L, U = lu(A)
    Ps, Ls, Us = scipy.linalg.lu(A)
    np.testing.assert_array_equal(P, Ps)
    np.testing.assert_allclose(L, Ls, atol=1e-12)
    np.testing.assert_allclose(U, Us, atol=1e-12 * np.abs(A).max() * n)
    assert rel(P @ L @ U, A) < 50 * EPS
    assert np.allclose(np.diag(L), 1) and np.array_equal(L, np.tril(L))
    assert np.abs(L).max() <= 1 + 1e-15             # partial pivoting bounds the multipliers


def test_lu_small_pivot_is_pivoted():
    A = np.array([[1e-20, 1.0], [1.0, 1.0]])
    P, L, U = lu(A)
    np.testing.assert_array_equal(P, scipy.linalg.lu(A)[0])
    assert np.allclose(P @ L @ U, A)


def test_lu_of_singular_matrix_still_reconstructs():
    A = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    P, L, U = lu(A)
    np.testing.assert_allclose(P @ L @ U, A, atol=1e-14)
    np.testing.assert_allclose(np.abs(np.diag(U)), np.abs(np.diag(scipy.linalg.lu(A)[2])), atol=1e-14)


# ------------------------------------------------------------------------- eigh
@pytest.mark.parametrize("n", [1, 2, 3, 10, 41])
def test_eigh_matches_numpy(n):
    A = sym(n, seed=n)
    w, V = eigh(A)
    wn, Vn = np.linalg.eigh(A)
    assert np.all(np.diff(w) >= 0)                   # ascending
    np.testing.assert_allclose(w, wn, atol=1e-12 * np.abs(wn).max())
    assert orth_err(V) < 1e-13
    assert np.linalg.norm(A @ V - V * w) < 1e-12 * np.linalg.norm(A)
    assert_same_columns_up_to_sign(V, Vn, atol=1e-8)   # random spectrum: distinct eigenvalues


def test_eigh_repeated_and_zero_eigenvalues():
    x = rng(5).standard_normal((12, 2))
    A = x @ x.T                                       # rank 2: ten zero eigenvalues
    w, V = eigh(A)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(A), atol=1e-12 * np.abs(A).max())
    assert orth_err(V) < 1e-13
    w, V = eigh(np.eye(4))
    np.testing.assert_allclose(w, 1.0)
    assert orth_err(V) < 1e-15
    w, V = eigh(np.zeros((3, 3)))
    np.testing.assert_allclose(w, 0.0)


def test_eigh_indefinite_and_diagonal():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(eigh(A)[0], [-1.0, 1.0], atol=1e-15)
    D = np.diag([3.0, -1.0, 2.0])
    w, V = eigh(D)
    np.testing.assert_allclose(w, [-1.0, 2.0, 3.0])
    np.testing.assert_allclose(np.abs(V), np.eye(3)[:, [1, 2, 0]])


def test_eigh_rejects_non_symmetric():
    with pytest.raises(ValueError, match="symmetric"):
        eigh(np.array([[1.0, 2.0], [0.0, 1.0]]))


def _eigh_cases():
    r = rng(11)
    Q = np.linalg.qr(r.standard_normal((30, 30)))[0]
    x = r.standard_normal((25, 3))
    W21 = np.diag(np.abs(np.arange(-10.0, 11.0))) + np.diag(np.ones(20), 1) + np.diag(np.ones(20), -1)
    digits = np.cov(load_digits().data, rowvar=False)          # three exactly zero eigenvalues
    return {
        "1x1": np.array([[-3.5]]),
        "2x2": np.array([[2.0, 1e-3], [1e-3, 2.0]]),
        "diagonal": np.diag([3.0, -1.0, 2.0, 0.0, 2.0]),
        "repeated": (Q * np.repeat([-1.0, 2.0, 2.0 + 1e-10, 5.0], [8, 9, 9, 4])) @ Q.T,
        "zero": np.zeros((4, 4)),
        "identity": np.eye(6),
        "rank 3 of 25": x @ x.T,
        "Wilkinson W21+": W21,
        "large norm": 1e150 * sym(12, seed=12),
        "small norm": 1e-150 * sym(12, seed=12),
        "random 64": sym(64, seed=13),
        "digits covariance": digits,
        "tridiagonal input": (np.diag(np.arange(8.0)) + np.diag(np.full(7, 1e-9), 1)
                              + np.diag(np.full(7, 1e-9), -1)),
    }


EIGH_CASES = _eigh_cases()


@pytest.mark.parametrize("method", ["tridiagonal", "jacobi"])
@pytest.mark.parametrize("case", list(EIGH_CASES))
def test_eigh_methods_match_numpy(case, method):
    A = EIGH_CASES[case]
    w, V = eigh(A, method=method)
    wn = np.linalg.eigvalsh(A)
    norm = max(np.abs(wn).max(), np.finfo(float).tiny)
    n = len(A)
    assert w.shape == (n,) and V.shape == (n, n)
    assert np.all(np.diff(w) >= 0)                               # ascending
    assert np.abs(w - wn).max() <= 1e-13 * norm * max(n, 10)
    assert orth_err(V) < 1e-13
    As = A / norm                                                # no overflow for the large norm
    assert np.linalg.norm(As @ V - V * (w / norm), 2) < 1e-13


def test_eigh_default_is_tridiagonal_and_method_is_checked():
    A = sym(20, seed=14)
    w, V = eigh(A)
    w2, V2 = eigh(A, method="tridiagonal")
    np.testing.assert_array_equal(w, w2)
    np.testing.assert_array_equal(V, V2)
    with pytest.raises(ValueError, match="method"):
        eigh(A, method="qr")
    for method in ("tridiagonal", "jacobi"):
        with pytest.raises(ValueError, match="NaN"):
            eigh(np.array([[1.0, np.nan], [np.nan, 1.0]]), method=method)


def test_tridiagonal_stages_against_scipy():
    from mlfp.linalg.eigh import _inverse_iteration, _tridiagonal_eigenvalues, _tridiagonalize
    from mlfp.linalg.qr import _accumulate_q

    A = sym(40, seed=15)
    d, e, reflectors = _tridiagonalize(A)
    Q = np.eye(40)
    Q[1:, 1:] = _accumulate_q(reflectors, 39, 39)
    T = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    assert orth_err(Q) < 1e-13
    assert rel(Q @ T @ Q.T, A) < 1e-14                           # a similarity to tridiagonal form
    wt = scipy.linalg.eigh_tridiagonal(d, e, eigvals_only=True)
    w = np.sort(_tridiagonal_eigenvalues(d, e))
    np.testing.assert_allclose(w, wt, atol=1e-13 * np.abs(wt).max())
    np.testing.assert_allclose(w, np.linalg.eigvalsh(A), atol=1e-13 * np.abs(wt).max())
    V = _inverse_iteration(d, e, w)
    wv, Vs = scipy.linalg.eigh_tridiagonal(d, e)
    assert orth_err(V) < 1e-13
    assert np.linalg.norm(T @ V - V * w, 2) < 1e-13 * np.abs(wt).max()
    assert_same_columns_up_to_sign(V, Vs, atol=1e-9)             # distinct eigenvalues: unique


@pytest.mark.parametrize("seed", range(6))
def test_eigh_large_null_space_and_repeated_values(seed):
    """Low rank (a large multiple eigenvalue 0) and spectra drawn from four values: the cases
    where plain inverse iteration returns nearly parallel vectors, and QL meets blocks of noise."""
    r = rng(100 + seed)
    n = int(r.integers(30, 70))
    x = r.standard_normal((n, int(r.integers(1, n // 3))))
    Q = np.linalg.qr(r.standard_normal((n, n)))[0]
    for A in (x @ x.T, (Q * r.choice([-1.0, 0.0, 1.0, 2.0], size=n)) @ Q.T):
        A = (A + A.T) / 2
        with warnings.catch_warnings():
            warnings.simplefilter("error")                      # no ConvergenceWarning either
            w, V = eigh(A)
        wn = np.linalg.eigvalsh(A)
        norm = np.abs(wn).max()
        assert np.abs(w - wn).max() < 1e-14 * norm * 10
        assert orth_err(V) < 1e-13
        assert np.linalg.norm(A @ V - V * w, 2) < 1e-13 * norm


def test_inverse_iteration_orthogonalises_a_multiple_eigenvalue():
    """50 x 50 with eigenvalues of multiplicity 10: plain inverse iteration returns nearly
    parallel vectors inside each cluster; the block iteration must make them orthonormal."""
    r = rng(0)
    Q = np.linalg.qr(r.standard_normal((50, 50)))[0]
    A = (Q * np.repeat([0.0, 1.0, 2.0, 2.0 + 1e-10, 3.0], 10)) @ Q.T
    w, V = eigh(A)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(A), atol=1e-14 * 3)
    assert orth_err(V) < 1e-14 * 5
    assert np.linalg.norm(A @ V - V * w, 2) < 1e-14 * 5 * 3


def test_orthonormalize_cholesky_qr2_and_qr_fallback():
    """Cholesky QR twice on well-conditioned columns; Householder QR when they are nearly
    parallel (kappa ~ 1e10) or rank deficient. Same span and orthonormal columns every time."""
    from mlfp.linalg.eigh import _orthonormalize
    r = rng(3)
    X = r.standard_normal((64, 12))
    nearly = X[:, :1] + 1e-10 * r.standard_normal((64, 6))
    deficient = np.column_stack([X[:, :3], X[:, :1] + X[:, 1:2]])
    for M in (X, nearly, deficient):
        Q = _orthonormalize(M)
        assert Q.shape == M.shape
        assert orth_err(Q) < 1e-14
    for M in (X, nearly):
        Q = _orthonormalize(M)
        assert np.linalg.norm(M - Q @ (Q.T @ M)) < 1e-13 * np.linalg.norm(M)


def test_single_shift_lu_matches_vectorised_lu():
    from mlfp.linalg.eigh import _tridiagonal_lu, _tridiagonal_lu_single, _tridiagonal_solve
    r = rng(4)
    d, e = r.standard_normal(40), r.standard_normal(39)
    e[10] = 0.0                                                # a split
    B = r.standard_normal((40, 5))
    for mu in (0.3, d[0], -2.0):
        one = _tridiagonal_lu_single(d, e, mu, 1e-300)
        many = _tridiagonal_lu(d, e, np.full(5, mu), 1e-300)
        np.testing.assert_array_equal(_tridiagonal_solve(one, B), _tridiagonal_solve(many, B))
        T = np.diag(d - mu) + np.diag(e, 1) + np.diag(e, -1)
        np.testing.assert_allclose(T @ _tridiagonal_solve(one, B), B, atol=1e-9)


# -------------------------------------------------------------------------- svd
@pytest.mark.parametrize("shape", SHAPES)
def test_svd_matches_numpy(shape):
    A = rng(7).standard_normal(shape)
    U, s, Vt = svd(A)
    m, n = shape
    k = min(m, n)
    assert U.shape == (m, k) and s.shape == (k,) and Vt.shape == (k, n)
    Un, sn, Vtn = np.linalg.svd(A, full_matrices=False)
    np.testing.assert_allclose(s, sn, atol=1e-13 * sn[0])
    assert np.all(np.diff(s) <= 0)                   # descending
    assert orth_err(U) < 1e-13 and orth_err(Vt.T) < 1e-13
    assert rel((U * s) @ Vt, A) < 1e-13
    assert_same_columns_up_to_sign(U, Un, atol=1e-8)
    assert_same_columns_up_to_sign(Vt.T, Vtn.T, atol=1e-8)


def test_svd_rank_deficient_has_orthonormal_u():
    A = rng(8).standard_normal((10, 3)) @ rng(9).standard_normal((3, 8))
    U, s, Vt = svd(A)
    np.testing.assert_allclose(s, np.linalg.svd(A, compute_uv=False), atol=1e-13 * s[0])
    assert np.all(s[3:] < 1e-13 * s[0])
    assert orth_err(U) < 1e-13 and orth_err(Vt.T) < 1e-13
    assert rel((U * s) @ Vt, A) < 1e-13
    U, s, Vt = svd(np.zeros((4, 3)))
    assert np.all(s == 0) and orth_err(U) < 1e-14 and orth_err(Vt.T) < 1e-14


def test_svd_ill_conditioned_backward_stable():
    A = matrix_with_condition(40, 15, 1e12, random_state=3)
    U, s, Vt = svd(A)
    np.testing.assert_allclose(s, np.geomspace(1, 1e-12, 15), rtol=1e-3, atol=50 * EPS)
    assert rel((U * s) @ Vt, A) < 100 * EPS
    assert orth_err(U) < 100 * EPS


# ------------------------------------------------------------- triangular/solve
@pytest.mark.parametrize("unit", [False, True])
def test_triangular_solves_match_scipy(unit):
    T = rng(10).standard_normal((7, 7)) + 5 * np.eye(7)
    b = rng(11).standard_normal((7, 2))
    for lower, ours in ((True, forward_substitution), (False, back_substitution)):
        x = ours(T, b, unit_diagonal=unit)
        ref = scipy.linalg.solve_triangular(T, b, lower=lower, unit_diagonal=unit)
        np.testing.assert_allclose(x, ref, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="singular"):
        back_substitution(np.triu(np.ones((3, 3))) - np.diag([0, 1, 0]), np.ones(3))


@pytest.mark.parametrize("n", [1, 3, 30])
def test_solve_matches_numpy(n):
    A = rng(n).standard_normal((n, n))
    b = rng(n + 1).standard_normal(n)
    B = rng(n + 2).standard_normal((n, 3))
    np.testing.assert_allclose(solve(A, b), np.linalg.solve(A, b), rtol=1e-9, atol=1e-10)
    X = solve(A, B)
    assert X.shape == (n, 3)
    np.testing.assert_allclose(X, np.linalg.solve(A, B), rtol=1e-9, atol=1e-10)


def test_solve_singular_raises():
    with pytest.raises(ValueError, match="singular"):
        solve(np.ones((3, 3)), np.ones(3))
    with pytest.raises(ValueError, match="singular"):
        solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2))


def test_solve_bad_right_hand_side():
    with pytest.raises(ValueError, match="rows"):
        solve(np.eye(3), np.ones(4))
    with pytest.raises(ValueError, match="NaN"):
        solve(np.eye(2), np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        solve(np.eye(2), np.ones((2, 1, 1)))


# ------------------------------------------------------------------------ lstsq
@pytest.mark.parametrize("method", ["svd", "qr", "normal"])
def test_lstsq_tall_full_rank(method):
    A = rng(12).standard_normal((30, 6))
    b = rng(13).standard_normal(30)
    np.testing.assert_allclose(lstsq(A, b, method=method), np.linalg.lstsq(A, b, rcond=None)[0],
                               rtol=1e-10, atol=1e-12)
    B = rng(14).standard_normal((30, 2))
    np.testing.assert_allclose(lstsq(A, B, method=method), np.linalg.lstsq(A, B, rcond=None)[0],
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape,rank", [((20, 8), 3), ((6, 15), 6), ((6, 15), 2), ((1, 1), 1)])
def test_lstsq_minimum_norm_equals_pinv(shape, rank):
    A = rng(15).standard_normal((shape[0], rank)) @ rng(16).standard_normal((rank, shape[1]))
    b = rng(17).standard_normal(shape[0])
    x = lstsq(A, b)
    np.testing.assert_allclose(x, np.linalg.lstsq(A, b, rcond=None)[0], atol=1e-10)
    np.testing.assert_allclose(x, np.linalg.pinv(A) @ b, atol=1e-10)


def test_lstsq_rcond_truncates_like_numpy():
    A = matrix_with_condition(12, 8, 1e6, random_state=4)   # s = geomspace(1, 1e-6, 8)
    b = rng(18).standard_normal(12)
    for rcond in (1e-3, 1e-5):
        np.testing.assert_allclose(lstsq(A, b, rcond=rcond), np.linalg.lstsq(A, b, rcond=rcond)[0],
                                   rtol=1e-8, atol=1e-10)


def test_lstsq_full_rank_methods_refuse_rank_deficiency():
    A = rng(19).standard_normal((10, 3))
    A = np.column_stack([A, np.zeros(10)])
    with pytest.raises(ValueError, match="rank deficient"):
        lstsq(A, np.ones(10), method="qr")
    with pytest.raises(ValueError, match="not positive definite"):
        lstsq(A, np.ones(10), method="normal")
    with pytest.raises(ValueError, match="rows"):
        lstsq(np.ones((2, 3)), np.ones(2), method="qr")
    with pytest.raises(ValueError, match="method"):
        lstsq(np.eye(2), np.ones(2), method="magic")
    with pytest.raises(ValueError, match="rcond"):
        lstsq(np.eye(2), np.ones(2), rcond=-1.0)


def test_normal_equations_lose_twice_the_digits():
    A = matrix_with_condition(60, 20, 1e6, random_state=5)
    x = rng(20).standard_normal(20)
    b = A @ x
    e_qr = rel(lstsq(A, b, method="qr"), x)
    e_ne = rel(lstsq(A, b, method="normal"), x)
    assert e_qr < 1e-8 and e_ne > 100 * e_qr


# -------------------------------------------------------------- power iteration
def test_power_iteration_finds_largest_magnitude_eigenvalue():
    Q = random_orthogonal(30, 0)
    lams = np.concatenate(([-5.0], np.linspace(-2, 2, 29)))
    A = (Q * lams) @ Q.T
    lam, v = power_iteration(A, random_state=1)
    ev = np.linalg.eigvals(A)
    ref = ev[np.argmax(np.abs(ev))].real
    assert abs(lam - ref) < 1e-9 * abs(ref)
    assert abs(np.linalg.norm(v) - 1) < 1e-12
    assert np.linalg.norm(A @ v - lam * v) < 1e-8


def test_power_iteration_non_symmetric_and_reproducible():
    A = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.5, 0.0, 0.5]])
    ev = np.linalg.eigvals(A)
    ref = ev[np.argmax(np.abs(ev))].real
    lam, v, n_iter = power_iteration(A, random_state=3, return_n_iter=True)
    assert abs(lam - ref) < 1e-8 and 1 <= n_iter <= 1000
    lam2, v2 = power_iteration(A, random_state=3)
    assert lam2 == lam and np.array_equal(v2, v)


def test_power_iteration_warns_without_a_dominant_eigenvalue():
    R = np.array([[0.0, -1.0], [1.0, 0.0]])          # eigenvalues +-i
    with pytest.warns(ConvergenceWarning):
        power_iteration(R, max_iter=50, random_state=0)
    with pytest.raises(ValueError, match="max_iter"):
        power_iteration(np.eye(2), max_iter=0)
    with pytest.raises(ValueError, match="tol"):
        power_iteration(np.eye(2), tol=-1.0)


# ------------------------------------------------------------------- generators
def test_generators():
    Q = random_orthogonal(6, 0)
    assert orth_err(Q) < 20 * EPS
    A = matrix_with_condition(30, 10, 1e8, random_state=1)
    np.testing.assert_allclose(np.linalg.cond(A), 1e8, rtol=1e-4)


# -------------------------------------------------------------------- bad input
SQUARE_ONLY = [cholesky, lu, eigh, lambda A: solve(A, np.ones(len(A)))]
ANY_SHAPE = [qr, svd, lambda A: lstsq(A, np.ones(len(A)))]


@pytest.mark.parametrize("fn", SQUARE_ONLY + ANY_SHAPE)
@pytest.mark.parametrize("bad,message", [
    (np.array([[1.0, np.nan], [np.nan, 1.0]]), "NaN"),
    (np.array([[1.0, np.inf], [np.inf, 1.0]]), "infinity"),
    (np.array([[1.0 + 1j, 0.0], [0.0, 1.0]]), "complex"),
    (np.zeros((0, 0)), "shape"),
])
def test_bad_values_raise(fn, bad, message):
    with pytest.raises(ValueError, match=message):
        fn(bad)


@pytest.mark.parametrize("fn", [cholesky, lu, eigh, qr, svd, lambda A: power_iteration(A)])
def test_one_dimensional_input_raises(fn):
    with pytest.raises(ValueError, match="2-D"):
        fn(np.ones(3))


@pytest.mark.parametrize("fn", SQUARE_ONLY + [lambda A: power_iteration(A)])
def test_non_square_raises(fn):
    with pytest.raises(ValueError, match="square"):
        fn(np.ones((3, 2)))


# --------------------------------------------------------- Hypothesis properties
def matrices(max_side=6):
    shapes = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
    return shapes.flatmap(lambda s: arrays(np.float64, s, elements=st.floats(
        -100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)))


def square_matrices(max_side=6):
    return st.integers(1, max_side).flatmap(lambda n: arrays(np.float64, (n, n), elements=st.floats(
        -100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)))


@settings(max_examples=50, deadline=None)
@given(matrices())
def test_qr_property(A):
    Q, R = qr(A)
    scale = np.abs(A).max() * A.size          # bounds ||A||_F without squaring tiny entries
    assert orth_err(Q) < 1e-13
    assert np.abs(Q @ R - A).max() <= 1e-13 * scale
    # R is unique up to signs when the first min(m, n) columns are independent (for a wide A
    # with two equal leading columns cond(A) is finite, but R's diagonal depends on rounding)
    if np.linalg.cond(A[:, :min(A.shape)]) < 1e8:
        np.testing.assert_allclose(np.abs(np.diag(R)), np.abs(np.diag(np.linalg.qr(A)[1])),
                                   atol=1e-12 * scale)


@settings(max_examples=50, deadline=None)
@given(matrices())
def test_svd_property(A):
    U, s, Vt = svd(A)
    scale = np.abs(A).max() * A.size
    np.testing.assert_allclose(s, np.linalg.svd(A, compute_uv=False), atol=1e-12 * scale)
    assert np.all(np.diff(s) <= 0)
    assert orth_err(U) < 1e-12 and orth_err(Vt.T) < 1e-12
    assert np.abs((U * s) @ Vt - A).max() <= 1e-12 * scale


@settings(max_examples=50, deadline=None)
@given(square_matrices())
def test_lu_property(A):
    P, L, U = lu(A)
    Ps, Ls, Us = scipy.linalg.lu(A)
    scale = max(np.abs(A).max(), 1e-300)
    np.testing.assert_allclose(P @ L @ U, A, atol=1e-12 * scale)
    assert np.abs(L).max() <= 1 + 1e-12
    if np.linalg.cond(A) < 1e8:                      # U is unique only for nonsingular A
        np.testing.assert_allclose(np.abs(np.diag(U)), np.abs(np.diag(Us)), atol=1e-10 * scale)


def _nearly_split_zero_cluster():
    """Found by Hypothesis: four zero eigenvalues across blocks that a 1e-14 entry nearly splits;
    inverse iteration returned non-orthogonal vectors here before eigh checked its result."""
    M = np.zeros((6, 6))
    M[1, 2], M[4, 2] = 1e-14, 2.0
    return M


@settings(max_examples=50, deadline=None)
@given(square_matrices())
@example(_nearly_split_zero_cluster())
def test_eigh_and_cholesky_property(M):
    S = (M + M.T) / 2
    w, V = eigh(S)
    scale = max(np.abs(S).max(), 1.0)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(S), atol=1e-11 * scale)
    assert orth_err(V) < 1e-12
    A = M @ M.T + np.eye(len(M))
    np.testing.assert_allclose(cholesky(A), np.linalg.cholesky(A), atol=1e-10 * np.sqrt(np.abs(A).max()))


@settings(max_examples=50, deadline=None)
@given(square_matrices())
def test_eigh_jacobi_property(M):
    S = (M + M.T) / 2
    w, V = eigh(S, method="jacobi")
    scale = max(np.abs(S).max(), 1.0)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(S), atol=1e-11 * scale)
    assert orth_err(V) < 1e-12


@settings(max_examples=50, deadline=None)
@given(square_matrices(), st.integers(0, 2**32 - 1))
def test_solve_property(A, seed):
    A = A + np.eye(len(A)) * (np.abs(A).sum() + 1)   # diagonally dominant: well conditioned
    b = np.random.default_rng(seed).standard_normal(len(A))
    np.testing.assert_allclose(solve(A, b), np.linalg.solve(A, b), rtol=1e-9, atol=1e-12)


def test_eigh_nearly_split_cluster_is_orthonormal():
    S = (_nearly_split_zero_cluster() + _nearly_split_zero_cluster().T) / 2
    w, V = eigh(S)
    np.testing.assert_allclose(w, np.linalg.eigvalsh(S), atol=1e-14)
    assert np.abs(V.T @ V - np.eye(6)).max() < 1e-13
    assert np.abs(S @ V - V * w).max() < 1e-13
