"""Derivations shown in chapter 14, Unsupervised learning
(chapters/02-classical/14-unsupervised-learning.pmd): why Lloyd's iteration
never increases the k-means objective, and the Lance-Williams updates of
agglomerative clustering.

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation


@derivation
def lloyd_monotone():
    """Neither half of a Lloyd iteration can increase J = sum_i ||x_i - c_{z_i}||^2."""
    xs = sp.symbols("x_1:5", real=True)            # the points of one cluster, one coordinate
    c = sp.Symbol("c", real=True)                  # that cluster's current centre
    n = len(xs)
    m = sum(xs) / n                                # their mean
    # assignment step: three points, two centres, an arbitrary current assignment (1, 2, 1)
    ys = sp.symbols("y_1:4", real=True)
    c1, c2 = sp.symbols("c_1 c_2", real=True)
    old = (ys[0] - c1) ** 2 + (ys[1] - c2) ** 2 + (ys[2] - c1) ** 2
    new = sum(sp.Min((y - c1) ** 2, (y - c2) ** 2) for y in ys)
    D = Derivation("One Lloyd iteration does not increase the k-means objective")
    D.step(new, old, r"assignment: each point moves to its nearest centre",
           relation="<=", method="numeric",
           assumptions=r"three points, two centres, current assignment $(1, 2, 1)$",
           display=(r"\textstyle\sum_i \min_k \lVert x_i - c_k\rVert^2",
                    r"\textstyle\sum_i \lVert x_i - c_{z_i}\rVert^2"))
    S = sum((x - c) ** 2 for x in xs)
    D.start(S)
    D.then(sum((x - m) ** 2 for x in xs) + 2 * (m - c) * sum(x - m for x in xs) + n * (m - c) ** 2,
           r"add and subtract the cluster mean $m$, expand",
           assumptions=r"a cluster of $|S| = 4$ points, one coordinate (a squared norm is a sum "
                       r"of such terms over coordinates)",
           display=(r"\textstyle\sum_{i\in S} \lVert x_i - c\rVert^2",
                    r"\textstyle\sum_{i\in S} \lVert x_i - m\rVert^2 + 2(m - c)^\top"
                    r"\sum_{i\in S}(x_i - m) + |S|\,\lVert m - c\rVert^2"))
    D.then(sum((x - m) ** 2 for x in xs) + n * (m - c) ** 2,
           r"the deviations from the mean sum to zero",
           display=(None, r"\textstyle\sum_{i\in S} \lVert x_i - m\rVert^2 + |S|\,\lVert m - c\rVert^2"))
    D.then(sum((x - m) ** 2 for x in xs), r"drop the non-negative term: the mean is the best centre",
           relation=">=", method="numeric",
           display=(None, r"\textstyle\sum_{i\in S} \lVert x_i - m\rVert^2"))
    return D


@derivation
def lance_williams():
    """Distances to a merged cluster from distances to its two halves."""
    a, b = sp.symbols("d_ik d_jk", real=True)
    ni, nj, nk = sp.symbols("n_i n_j n_k", positive=True)
    Sik, Sjk = sp.symbols("S_ik S_jk", positive=True)   # sums of pairwise distances between clusters
    ci, cj, ck = sp.symbols("c_i c_j c_k", real=True)   # centroids, one coordinate

    def ward(na, nb, ca, cb):                           # increase in within-cluster sum of squares
        return na * nb / (na + nb) * (ca - cb) ** 2

    c_ij = (ni * ci + nj * cj) / (ni + nj)
    D = Derivation("Lance-Williams updates")
    # min, max and |.| are rewritten as piecewise functions, so that SymPy can compare them
    # case by case (d_ik < d_jk or not)
    pw = lambda e: e.rewrite(sp.Piecewise)
    D.step(pw(sp.Min(a, b)), pw((a + b) / 2 - sp.Abs(a - b) / 2),
           r"single linkage: $\alpha_i = \alpha_j = \tfrac12$, $\beta = 0$, $\gamma = -\tfrac12$",
           display=(r"d_{\mathrm{single}}(i\cup j, k) = \min(d_{ik}, d_{jk})",
                    r"\tfrac12 d_{ik} + \tfrac12 d_{jk} - \tfrac12\lvert d_{ik} - d_{jk}\rvert"))
    D.step(pw(sp.Max(a, b)), pw((a + b) / 2 + sp.Abs(a - b) / 2),
           r"complete linkage: $\gamma = +\tfrac12$",
           display=(r"d_{\mathrm{complete}}(i\cup j, k) = \max(d_{ik}, d_{jk})",
                    r"\tfrac12 d_{ik} + \tfrac12 d_{jk} + \tfrac12\lvert d_{ik} - d_{jk}\rvert"))
    D.step((Sik + Sjk) / ((ni + nj) * nk),
           ni / (ni + nj) * (Sik / (ni * nk)) + nj / (ni + nj) * (Sjk / (nj * nk)),
           r"average linkage: $\alpha_i = \frac{n_i}{n_i + n_j}$, where "
           r"$d_{ik} = S_{ik} / (n_i n_k)$ averages the $n_i n_k$ pairwise distances",
           display=(r"d_{\mathrm{average}}(i\cup j, k) = \frac{S_{ik} + S_{jk}}{(n_i + n_j)\,n_k}",
                    r"\frac{n_i}{n_i + n_j}\, d_{ik} + \frac{n_j}{n_i + n_j}\, d_{jk}"))
    D.step(ward(ni + nj, nk, c_ij, ck),
           ((ni + nk) * ward(ni, nk, ci, ck) + (nj + nk) * ward(nj, nk, cj, ck)
            - nk * ward(ni, nj, ci, cj)) / (ni + nj + nk),
           r"Ward: $\Delta(A, B) = \frac{n_A n_B}{n_A + n_B}\lVert c_A - c_B\rVert^2$, "
           r"merged centroid $c_{i\cup j} = \frac{n_i c_i + n_j c_j}{n_i + n_j}$",
           assumptions=r"one coordinate; $\lVert\cdot\rVert^2$ is a sum of such terms",
           display=(r"\Delta(i\cup j, k)",
                    r"\frac{(n_i + n_k)\,\Delta(i, k) + (n_j + n_k)\,\Delta(j, k) - n_k\,\Delta(i, j)}"
                    r"{n_i + n_j + n_k}"))
    # Ward's Delta is the increase in the within-cluster sum of squares (clusters of 2 and 3 points)
    A = sp.symbols("a_1:3", real=True)
    B = sp.symbols("b_1:4", real=True)
    mA, mB, mAB = sum(A) / 2, sum(B) / 3, (sum(A) + sum(B)) / 5
    sse = lambda pts, mean: sum((p - mean) ** 2 for p in pts)
    D.step(sse(A + B, mAB) - sse(A, mA) - sse(B, mB), ward(2, 3, mA, mB),
           r"$\Delta$ is the increase in within-cluster sum of squares caused by the merge",
           assumptions=r"$|A| = 2$, $|B| = 3$ points, one coordinate",
           display=(r"\mathrm{SSE}(A\cup B) - \mathrm{SSE}(A) - \mathrm{SSE}(B)",
                    r"\frac{|A|\,|B|}{|A| + |B|}\lVert c_A - c_B\rVert^2"))
    return D
