"""Derivations shown in chapter 1, "How this book checks itself"."""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def squared_error_expansion():
    """Expand L(w) = (y - Xw)^T (y - Xw) for X (n x d), y (n), w (d)."""
    n, d = sp.symbols("n d", integer=True, positive=True)
    X, y, w = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("w", d, 1)
    D = Derivation("Expanding the squared error", dims={n: 3, d: 2})
    D.start((y - X * w).T * (y - X * w))
    D.then(y.T * y - y.T * X * w - w.T * X.T * y + w.T * X.T * X * w, "distribute the product",
           display=(r"(y - Xw)^\top (y - Xw)",
                    r"y^\top y - y^\top X w - w^\top X^\top y + w^\top X^\top X w"))
    D.then(y.T * y - 2 * y.T * X * w + w.T * X.T * X * w,
           r"a scalar equals its transpose: $w^\top X^\top y = y^\top X w$",
           display=(None, r"y^\top y - 2\, y^\top X w + w^\top X^\top X w"))
    return D


@derivation
def trace_cyclic():
    """tr(AB) = tr(BA): true at every size, SymPy proves it only entrywise."""
    m, k = sp.symbols("m k", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", m, k), sp.MatrixSymbol("B", k, m)
    D = Derivation("The trace is cyclic", dims={m: 2, k: 3})
    D.step(sp.Trace(A * B), sp.Trace(B * A), "sum over i and j of A_ij B_ji in either order",
           display=(r"\operatorname{tr}(AB)", r"\operatorname{tr}(BA)"))
    return D
