"""Derivations shown in chapter 13, Nearest neighbours and the curse of dimensionality
(chapters/02-classical/13-nearest-neighbours.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def squared_distance_expansion():
    """||a - b||^2 = ||a||^2 + ||b||^2 - 2 a^T b: all distances from one matrix product."""
    d = sp.Symbol("d", integer=True, positive=True)
    a, b = sp.MatrixSymbol("a", d, 1), sp.MatrixSymbol("b", d, 1)
    D = Derivation("Squared distances from inner products", dims={d: 3})
    D.start((a - b).T * (a - b))
    D.then(a.T * a - a.T * b - b.T * a + b.T * b, "distribute the product",
           display=(r"\|a - b\|^2 = (a - b)^\top (a - b)", r"a^\top a - a^\top b - b^\top a + b^\top b"))
    D.then(a.T * a + b.T * b - 2 * a.T * b, r"a scalar equals its transpose: $b^\top a = a^\top b$",
           method="fixed", display=(None, r"\|a\|^2 + \|b\|^2 - 2\,a^\top b"))
    return D


@derivation
def distance_concentration_uniform():
    """Relative variance of the squared distance between two uniform points in [0, 1]^d is 7/(5d)."""
    x, y = sp.symbols("x y", real=True)
    d = sp.Symbol("d", integer=True, positive=True)
    m, v = sp.Symbol("m", positive=True), sp.Symbol("v", positive=True)
    z2 = sp.Integral((x - y) ** 2, (x, 0, 1), (y, 0, 1))
    z4 = sp.Integral((x - y) ** 4, (x, 0, 1), (y, 0, 1))
    iid = r"the coordinates of the two points are independent and uniform on $[0, 1]$"
    D = Derivation("Concentration of squared distances")
    D.step(z2, sp.Rational(1, 6), "the mean of one squared coordinate difference $Z = (x_k - y_k)^2$",
           assumptions=iid, display=(r"\mathbb{E}[Z] = \int_0^1\!\!\int_0^1 (x - y)^2\,dx\,dy", r"\tfrac16"))
    D.step(z4, sp.Rational(1, 15), "its second moment",
           display=(r"\mathbb{E}[Z^2] = \int_0^1\!\!\int_0^1 (x - y)^4\,dx\,dy", r"\tfrac1{15}"))
    D.step(sp.Rational(1, 15) - sp.Rational(1, 6) ** 2, sp.Rational(7, 180), "so its variance",
           display=(r"\operatorname{Var}[Z] = \mathbb{E}[Z^2] - \mathbb{E}[Z]^2", r"\tfrac{7}{180}"))
    D.step((d * v) / (d * m) ** 2, v / (d * m ** 2),
           r"$S = \sum_{k=1}^d Z_k$ has mean $d\,m$ and, the $Z_k$ being independent, variance $d\,v$",
           display=(r"\frac{\operatorname{Var}[S]}{\mathbb{E}[S]^2} = \frac{d\,v}{(d\,m)^2}",
                    r"\frac{1}{d}\,\frac{v}{m^2}"))
    D.step((v / (d * m ** 2)).subs({v: sp.Rational(7, 180), m: sp.Rational(1, 6)}), sp.Rational(7, 5) / d,
           r"with $m = \tfrac16$ and $v = \tfrac{7}{180}$",
           display=(r"\frac{\operatorname{Var}[S]}{\mathbb{E}[S]^2}", r"\frac{7}{5d}"))
    return D
