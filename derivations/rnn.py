"""Derivations shown in chapter 19 (Sequence models), chapters/03-neural/.

Backpropagation through time for the Elman RNN (the Jacobian of h_t with
respect to an earlier state and its geometric bound), the LSTM cell's
gradients (the constant error carousel), and the GRU's interpolation.
"""
import sympy as sp

from mlfp.derive import Derivation, derivation

H = 2   # the state dimension at which the matrix identities are written out entry by entry


class _sigma(sp.Function):
    """The logistic function as an opaque symbol whose derivative is sigma (1 - sigma);
    lstm_cell_gradients checks that derivative against 1 / (1 + exp(-a)) first."""

    def fdiff(self, argindex=1):
        return _sigma(self.args[0]) * (1 - _sigma(self.args[0]))

    def _latex(self, printer):
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


def _vector(name, n=H):
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}_{i + 1}", real=True))


@derivation
def rnn_state_jacobian():
    """dh_t/dh_{t-1} = diag(1 - h_t^2) W, and over two steps the product of the factors."""
    W = sp.Matrix(H, H, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}", real=True))
    h0, u1, u2 = _vector("h"), _vector("u"), _vector("v")     # u_t = W_ih x_t + b, any input term

    def step(h, u):
        return (W * h + u).applyfunc(sp.tanh)

    h1 = step(h0, u1)
    h2 = step(h1, u2)

    def factor(h_new):
        return sp.diag(*[1 - e ** 2 for e in h_new]) * W

    D = Derivation(f"The Jacobian of an Elman state with respect to earlier states (H = {H}, entry by entry)")
    D.step(h1.jacobian(h0), factor(h1),
           r"chain rule through $h_t = \tanh(W h_{t-1} + u_t)$, with $u_t = W_{ih} x_t + b$; "
           r"$\tanh' = 1 - \tanh^2$",
           display=(r"\frac{\partial h_t}{\partial h_{t-1}}",
                    r"\operatorname{diag}(1 - h_t^{2})\, W =: D_t W"))
    D.step(h2.jacobian(h0), factor(h2) * factor(h1),
           r"two steps: the Jacobian of the composition is the product of the one-step factors, "
           r"newest on the left",
           display=(r"\frac{\partial h_{t}}{\partial h_{t-2}}", r"D_{t} W\, D_{t-1} W"))
    return D


@derivation
def rnn_gradient_bound():
    """For H = 1, |prod_j (1 - tanh^2 a_j) w| <= |w|^k: geometric decay when |w| < 1."""
    k = 3
    w = sp.Symbol("w", real=True)
    a = sp.symbols(f"a1:{k + 1}", real=True)
    product = sp.Mul(*[(1 - sp.tanh(aj) ** 2) * w for aj in a])
    D = Derivation(f"The size of a product of {k} recurrent factors (H = 1)")
    D.step(sp.Abs(product), sp.Abs(w) ** k,
           rf"each factor $\tanh'(a_j) \in (0, 1]$, so the product of $k = {k}$ factors is at most "
           rf"$|w|^k$ (for matrices: $\lVert D_j W \rVert \le \gamma \lVert W \rVert$ with $\gamma = 1$)",
           method="numeric", relation="<=",
           display=(r"\left\lvert \frac{\partial h_t}{\partial h_{t-k}} \right\rvert = "
                    r"\prod_{j=t-k+1}^{t} \tanh'(a_j)\, \lvert w \rvert",
                    r"\lvert w \rvert^{k}"))
    return D


@derivation
def lstm_cell_gradients():
    """The carousel dc_t/dc_{t-1} = f_t and the gate gradients the code uses, symbolically."""
    ai, af, ag, ao, c, uh, uc = sp.symbols("a_i a_f a_g a_o c u_h u_c", real=True)
    i, f, g, o = _sigma(ai), _sigma(af), sp.tanh(ag), _sigma(ao)
    c_new = f * c + i * g
    h_new = o * sp.tanh(c_new)
    loss = uh * h_new + uc * c_new            # any upstream gradients (u_h, u_c) of (h_t, c_t)
    tc = sp.tanh(c_new)
    dc = uc + uh * o * (1 - tc ** 2)          # the total gradient reaching c_t
    D = Derivation("Gradients of one LSTM cell (one unit; the same holds elementwise)")
    D.step(sp.diff(1 / (1 + sp.exp(-ai)), ai), (1 / (1 + sp.exp(-ai))) * (1 - 1 / (1 + sp.exp(-ai))),
           r"the logistic function's derivative, used for the three sigmoid gates below",
           display=(r"\sigma'(a) = \frac{d}{da} \frac{1}{1 + e^{-a}}", r"\sigma(a)\,(1 - \sigma(a))"))
    D.step(sp.diff(c_new, c), f,
           r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$ with the gates held fixed: "
           r"the constant error carousel",
           display=(r"\frac{\partial c_t}{\partial c_{t-1}}", r"f_t"))
    D.step(sp.diff(loss, c), dc * f,
           r"all of the cell's output reaches $c_{t-1}$ through $c_t$: "
           r"$\bar c_{t-1} = \bar c_t f_t$ with $\bar c_t = u_c + u_h o_t (1 - \tanh^2 c_t)$",
           display=(r"\frac{\partial \ell}{\partial c_{t-1}}", r"\bar c_t\, f_t"))
    D.step(sp.Matrix([sp.diff(loss, v) for v in (ai, af)]),
           sp.Matrix([dc * g * i * (1 - i), dc * c * f * (1 - f)]),
           r"the input and forget pre-activation gradients of `lstm_cell_backward`, "
           r"using step (1)",
           display=(r"\Big(\frac{\partial \ell}{\partial a_i}, \frac{\partial \ell}{\partial a_f}\Big)",
                    r"\big(\bar c_t g_t i_t(1 - i_t),\ \bar c_t c_{t-1} f_t(1 - f_t)\big)"))
    D.step(sp.Matrix([sp.diff(loss, v) for v in (ag, ao)]),
           sp.Matrix([dc * i * (1 - g ** 2), uh * tc * o * (1 - o)]),
           r"the candidate and output-gate gradients",
           display=(r"\Big(\frac{\partial \ell}{\partial a_g}, \frac{\partial \ell}{\partial a_o}\Big)",
                    r"\big(\bar c_t i_t (1 - g_t^2),\ u_h \tanh(c_t)\, o_t (1 - o_t)\big)"))
    return D


@derivation
def gru_interpolation():
    """The GRU update is an interpolation; its direct gradient to h_{t-1} is z_t."""
    ar, az, xn, hn, h, uh = sp.symbols("a_r a_z x_n h_n h u", real=True)
    r, z = _sigma(ar), _sigma(az)
    n = sp.tanh(xn + r * hn)              # x_n = W_in x + b_in, h_n = W_hn h + b_hn
    h_new = (1 - z) * n + z * h
    D = Derivation("The GRU update (one unit; the same holds elementwise)")
    D.step(h_new, n + z * (h - n),
           r"$h_t = (1 - z_t) n_t + z_t h_{t-1}$ moves from $n_t$ towards $h_{t-1}$ by $z_t$ "
           r"(the form the code evaluates)",
           display=(r"(1 - z_t) \odot n_t + z_t \odot h_{t-1}", r"n_t + z_t \odot (h_{t-1} - n_t)"))
    D.step(sp.diff(h_new, h), z,
           r"the direct path, with $r_t, z_t, n_t$ held fixed (their own dependence on $h_{t-1}$ "
           r"goes through $W_{hh}$)",
           display=(r"\frac{\partial h_t}{\partial h_{t-1}}\Big|_{\text{direct}}", r"z_t"))
    D.step(sp.diff(uh * h_new, hn), uh * (1 - z) * (1 - n ** 2) * r,
           r"the reset gate scales the gradient reaching $W_{hn} h_{t-1} + b_{hn}$ by $r_t$",
           display=(r"\frac{\partial (u\, h_t)}{\partial h_n}", r"u (1 - z_t)(1 - n_t^2)\, r_t"))
    return D
