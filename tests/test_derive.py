"""mlfp.derive: true steps verify with the method reported, false steps fail."""
import numpy as np
import pytest
import sympy as sp

from mlfp.derive import Derivation, DerivationError, derivation, REGISTRY

x, y = sp.symbols("x y", real=True)
a = sp.symbols("a", positive=True)
n, d = sp.symbols("n d", integer=True, positive=True)


def test_scalar_identity_is_symbolic():
    D = Derivation("square").step((x + y) ** 2, x**2 + 2 * x * y + y**2, "expand")
    rep = D.verify()
    assert rep.ok and rep.steps[0].method == "symbolic"


def test_false_scalar_step_fails_and_blocks_typesetting():
    D = Derivation("wrong").step((x + y) ** 2, x**2 + y**2, "forgot the cross term")
    rep = D.verify()
    assert not rep.ok
    assert "counterexample" in rep.steps[0].detail
    with pytest.raises(DerivationError, match="forgot the cross term"):
        D.markdown()


def test_one_bad_step_in_a_chain_fails_the_chain():
    D = Derivation("chain").start((x + 1) ** 2)
    D.then(x**2 + 2 * x + 1, "expand").then(x**2 + 2 * x, "drop the constant (wrong)")
    rep = D.verify()
    assert [s.ok for s in rep.steps] == [True, False]
    assert not rep.ok


def test_matrix_identity_needs_fixed_dimension_and_says_so():
    X = sp.MatrixSymbol("X", n, d)
    w = sp.MatrixSymbol("w", d, 1)
    yv = sp.MatrixSymbol("y", n, 1)
    D = Derivation("scalar transpose", dims={n: 3, d: 2})
    D.step(w.T * X.T * yv, yv.T * X * w, "a 1x1 matrix is its own transpose")
    rep = D.verify()
    assert rep.ok
    assert rep.steps[0].method == "symbolic at fixed dimension (n=3, d=2)"


def test_false_matrix_identity_fails():
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    D = Derivation("matrices do not commute", dims={n: 2}).step(A * B, B * A, "wrong")
    assert not D.verify().ok


def test_explicit_numeric_method_is_reported_with_points_and_tolerance():
    D = Derivation("gamma recursion", points=7, tol=1e-10)
    D.step(sp.gamma(a + 1), a * sp.gamma(a), "Gamma(a+1) = a Gamma(a)", method="numeric")
    rep = D.verify()
    assert rep.ok
    assert rep.steps[0].method == "numeric (7 points, tol 1e-10)"


def test_numeric_respects_samplers():
    # x^2 = |x|*x only for x >= 0: true with a positive sampler, false with a signed one
    good = Derivation("sampled").step(x**2, sp.Abs(x) * x, "x >= 0", method="numeric",
                                       samplers={x: lambda rng: rng.uniform(0.1, 2)})
    bad = Derivation("signed").step(x**2, sp.Abs(x) * x, "x >= 0", method="numeric",
                                     samplers={x: lambda rng: rng.uniform(-2, -0.1)})
    assert good.verify().ok and not bad.verify().ok


def test_inequality_is_numeric_and_can_fail():
    ok = Derivation("AM-GM").step(sp.sqrt(a * (a + 1)), (2 * a + 1) / 2, "AM-GM", relation="<=")
    assert ok.verify().ok and ok.verify().steps[0].method.startswith("numeric")
    wrong = Derivation("reversed").step(sp.sqrt(a * (a + 1)), (2 * a + 1) / 2, "wrong", relation=">=")
    assert not wrong.verify().ok


def test_latex_marks_each_step_with_its_method():
    D = Derivation("t").start((x + 1) ** 2).then(x**2 + 2 * x + 1, "expand")
    tex = D.latex()
    assert r"\checkmark" in tex and "symbolic" in tex and tex.startswith(r"\begin{aligned}")
    md = D.markdown(label="eq:t")
    assert "{#eq:t}" in md and "expand" in md


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="title"):
        Derivation("")
    D = Derivation("t")
    with pytest.raises(ValueError, match="method"):
        D.step(x, x, "same", method="magic")
    with pytest.raises(ValueError, match="reason"):
        D.step(x, x, "")
    with pytest.raises(ValueError, match="start"):
        Derivation("t").then(x, "no start")
    with pytest.raises(ValueError, match="numerically"):
        D.step(x, x + 1, "ineq", relation="<=", method="symbolic")


def test_empty_derivation_is_not_ok():
    assert not Derivation("nothing").verify().ok


def test_registry_decorator():
    @derivation
    def _tmp_derivation():
        return Derivation("tmp").step(x, x, "same")

    key = f"{__name__}._tmp_derivation"
    assert REGISTRY[key] is _tmp_derivation
    del REGISTRY[key]


def test_sampler_keyed_by_symbolic_size_matrix_is_used():
    # U must be orthogonal for U^T U = I; a Gaussian U would fail the step
    U = sp.MatrixSymbol("U", n, n)
    orth = lambda rng: np.linalg.qr(rng.standard_normal((3, 3)))[0]
    D = Derivation("orthogonal", dims={n: 3})
    D.step(U.T * U, sp.Identity(n), "U is orthogonal", method="numeric", samplers={U: orth})
    assert D.verify().ok
    without = Derivation("not orthogonal", dims={n: 3})
    without.step(U.T * U, sp.Identity(n), "U is orthogonal", method="numeric")
    assert not without.verify().ok


def test_slow_symbolic_attempt_times_out_and_falls_through():
    import time

    def slow(expr):
        time.sleep(5)
        return True

    from mlfp.derive import _within
    t0 = time.perf_counter()
    assert _within(0.2, slow, x) is False
    assert time.perf_counter() - t0 < 2


def test_independent_step_with_zero_lhs_is_not_shown_as_a_continuation():
    # SymPy reuses one object for 0: a free-standing step 0 = ... after a step
    # ending in 0 must still print its left-hand side
    D = Derivation("zeros").step(x - x, sp.S.Zero, "cancel").step(sp.S.Zero, y - y, "cancel again")
    assert [st.chained for st in D.steps] == [False, False]
    C = Derivation("chain").start(x).then(x + 0, "add zero").then(x * 1, "times one")
    assert [st.chained for st in C.steps] == [False, True]


def test_numeric_check_reports_unevaluable_side_as_failure():
    f = sp.Function("f")
    D = Derivation("opaque").step(f(x), x, "f is unknown", method="numeric")
    rep = D.verify()
    assert not rep.ok and "could not evaluate" in rep.steps[0].detail
