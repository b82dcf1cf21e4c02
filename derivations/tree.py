"""Derivations shown in chapter 10, Decision trees
(chapters/02-classical/10-decision-trees.pmd).

Each function builds a `mlfp.derive.Derivation`; `@derivation` registers it so
that the verification appendix and tests/test_derivations.py check it.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

# three classes are enough to show every term of the class sums
K = 3


def _counts(name, k=K):
    """Positive class weights (weighted counts) of a node, one symbol per class."""
    return sp.symbols(f"{name}_1:{k + 1}", positive=True)


def _entropy(c):
    w = sum(c)
    return -sum(ck / w * sp.log(ck / w) for ck in c)


@derivation
def gini_two_forms():
    """Gini impurity: the chance that two independent draws from the node disagree."""
    p1, p2 = sp.symbols("p_1 p_2", positive=True)
    p = (p1, p2, 1 - p1 - p2)
    D = Derivation("Two forms of the Gini impurity")
    D.step(sum(p[j] * p[k] for j in range(K) for k in range(K) if j != k),
           1 - sum(pk ** 2 for pk in p),
           r"two labels drawn independently from the node disagree with probability "
           r"$\sum_{j \ne k} p_j p_k$; use $\sum_k p_k = 1$",
           assumptions=r"$p_k \ge 0$, $\sum_k p_k = 1$ (checked with $K = 3$ classes)",
           display=(r"\sum_{j \ne k} p_j\, p_k", r"1 - \sum_k p_k^2 = \sum_k p_k(1-p_k)"))
    return D


@derivation
def gini_split_decrease():
    """The weighted Gini decrease of a split, as a score and as a sum of squares."""
    l, r = _counts("l"), _counts("r")
    t = [a + b for a, b in zip(l, r)]
    # W_L, W_R stand for the children's total weights; only W = W_L + W_R is used
    WL, WR = sp.symbols("W_L W_R", positive=True)
    W = WL + WR

    def gini(c, w):
        return 1 - sum(ck ** 2 for ck in c) / w ** 2

    decrease = W * gini(t, W) - WL * gini(l, WL) - WR * gini(r, WR)
    score = sum(a ** 2 for a in l) / WL + sum(b ** 2 for b in r) / WR
    D = Derivation("The Gini decrease of a split")
    D.start(decrease)
    D.then(score - sum(c ** 2 for c in t) / W,
           r"expand $G = 1 - \sum_k c_k^2 / W^2$ for parent and children; the constants cancel "
           r"because $W = W_L + W_R$",
           assumptions=r"class weights $l_k, r_k > 0$, $t_k = l_k + r_k$ (checked with $K = 3$)",
           display=(r"W\,G(t) - W_L\,G(t_L) - W_R\,G(t_R)",
                    r"\sum_k \frac{l_k^2}{W_L} + \sum_k \frac{r_k^2}{W_R} - \sum_k \frac{t_k^2}{W}"))
    a, b = sp.symbols("l_k r_k", positive=True)
    D.step(a ** 2 / WL + b ** 2 / WR - (a + b) ** 2 / W,
           (a * WR - b * WL) ** 2 / (W * WL * WR),
           r"one class's three terms over a common denominator (with $W = W_L + W_R$); summing "
           r"over $k$ shows the decrease is a sum of squares",
           display=(r"\frac{l_k^2}{W_L} + \frac{r_k^2}{W_R} - \frac{t_k^2}{W}",
                    r"\frac{(l_k W_R - r_k W_L)^2}{W\, W_L\, W_R} \;\ge\; 0"))
    return D


@derivation
def entropy_split_decrease():
    """The entropy decrease of a split is W times the mutual information of split and class."""
    l, r = _counts("l", 2), _counts("r", 2)            # two classes keep the check quick
    t = [a + b for a, b in zip(l, r)]
    WL, WR = sum(l), sum(r)
    W = WL + WR
    D = Derivation("The entropy decrease of a split")
    D.step(WL * _entropy(l), WL * sp.log(WL) - sum(a * sp.log(a) for a in l),
           r"$W_L H(t_L) = -\sum_k l_k \log(l_k/W_L)$ and $\sum_k l_k = W_L$: the weighted child "
           r"entropy needs only the running class sums, which the sweep provides",
           assumptions=r"class weights $l_k > 0$ (a zero weight contributes $0 \log 0 = 0$); "
                       r"checked with $K = 2$ classes",
           display=(r"W_L\, H(t_L)", r"W_L \log W_L - \sum_k l_k \log l_k"))
    mi = sum(a * sp.log(a * W / (c * WL)) + b * sp.log(b * W / (c * WR)) for a, b, c in zip(l, r, t))
    D.step(W * _entropy(t) - WL * _entropy(l) - WR * _entropy(r), mi,
           r"collect the logarithms: the decrease is $W$ times the mutual information between "
           r"the side of the split and the class",
           display=(r"W\,H(t) - W_L H(t_L) - W_R H(t_R)",
                    r"\sum_k \Big(l_k \log \frac{l_k W}{t_k W_L} + r_k \log \frac{r_k W}{t_k W_R}\Big)"))
    D.step(mi, 0, "mutual information is non-negative (Gibbs' inequality)", relation=">=",
           method="numeric", display=(None, "0"))
    return D


@derivation
def variance_split_decrease():
    """Squared-error impurity is the weighted variance; its decrease is a difference of means."""
    n = 4
    w = sp.symbols(f"w_1:{n + 1}", positive=True)
    y = sp.symbols(f"y_1:{n + 1}", real=True)
    W, S, Q = sum(w), sum(a * b for a, b in zip(w, y)), sum(a * b ** 2 for a, b in zip(w, y))
    D = Derivation("Squared error: impurity and decrease")
    D.step(sum(a * (b - S / W) ** 2 for a, b in zip(w, y)) / W, Q / W - (S / W) ** 2,
           r"expand the square around the weighted mean $\bar y = S/W$",
           assumptions=r"weights $w_i > 0$; checked for a node of $n = 4$ samples",
           display=(r"\frac{1}{W}\sum_i w_i (y_i - \bar y)^2",
                    r"\frac{Q}{W} - \Big(\frac{S}{W}\Big)^2, \quad S = \sum_i w_i y_i,\ Q = \sum_i w_i y_i^2"))
    WL, WR, SL, SR, QL, QR = sp.symbols("W_L W_R S_L S_R Q_L Q_R", positive=True)

    def wvar(Wx, Sx, Qx):
        return Wx * (Qx / Wx - (Sx / Wx) ** 2)

    D.step(wvar(WL + WR, SL + SR, QL + QR) - wvar(WL, SL, QL) - wvar(WR, SR, QR),
           SL ** 2 / WL + SR ** 2 / WR - (SL + SR) ** 2 / (WL + WR),
           "the sums of squares $Q$ cancel between parent and children",
           display=(r"W\,V(t) - W_L V(t_L) - W_R V(t_R)",
                    r"\frac{S_L^2}{W_L} + \frac{S_R^2}{W_R} - \frac{S^2}{W}"))
    D.step(SL ** 2 / WL + SR ** 2 / WR - (SL + SR) ** 2 / (WL + WR),
           WL * WR / (WL + WR) * (SL / WL - SR / WR) ** 2,
           "common denominator: the decrease depends only on the gap between the children's means",
           display=("", r"\frac{W_L W_R}{W}\,(\bar y_L - \bar y_R)^2"))
    return D


@derivation
def cost_complexity_weakest_link():
    """The alpha at which collapsing a branch into a leaf stops costing anything."""
    a, Rt, RT = sp.symbols("alpha R_t R_T", real=True)
    N = sp.Symbol("N", positive=True)
    g = (Rt - RT) / (N - 1)
    D = Derivation("Cost-complexity: the weakest link")
    D.step((Rt + a) - (RT + a * N), (N - 1) * (g - a),
           r"cost of the leaf $t$ minus cost of the branch $T_t$ with $N = |\tilde T_t|$ leaves, "
           r"$R_\alpha = R + \alpha\cdot\#\text{leaves}$",
           assumptions=r"the branch has $N \ge 2$ leaves",
           display=(r"R_\alpha(t) - R_\alpha(T_t)", r"(N - 1)\,\big(g(t) - \alpha\big),\quad "
                    r"g(t) = \frac{R(t) - R(T_t)}{N - 1}"))
    return D
