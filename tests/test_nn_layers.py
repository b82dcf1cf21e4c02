"""mlfp.nn layers, losses, initialisation and optimisers (chapter 17) against PyTorch.

Modules are compared with torch.nn modules holding copied weights, forward and
backward in float64; optimisers with torch.optim over several steps from the
same weights and batches. None compares our output with itself.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

import mlfp.nn.functional as F
from mlfp.nn import (SGD, Adam, AdamW, BatchNorm1d, CrossEntropyLoss, Dropout, Embedding, LayerNorm, Linear,
                     Module, MSELoss, ReLU, Sequential, Sigmoid, Tanh, Tensor, calculate_gain, init,
                     kaiming_normal, kaiming_uniform, no_grad, xavier_normal, xavier_uniform)

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for these tests")
tnn = torch.nn

_blas = threadpool_limits(1)
SETTINGS = settings(max_examples=30, deadline=None)
ATOL = 1e-12


def copy_into_torch(ours, theirs, rng=None):
    """Copy our parameters (perturbed if rng is given) into the torch module, in order."""
    ours_p, theirs_p = ours.named_parameters(), list(theirs.named_parameters())
    assert len(ours_p) == len(theirs_p)
    for (name, p), (tname, tp) in zip(ours_p, theirs_p):
        assert p.shape == tuple(tp.shape), (name, tname)
        if rng is not None:
            p.data = p.data + 0.3 * rng.standard_normal(p.shape)
        with torch.no_grad():
            tp.copy_(torch.from_numpy(p.data))


def check_module(ours, theirs, x, integer_input=False, seed=0, calls=1, perturb=True, atol=ATOL):
    """Forward and backward of both modules on x; every output and gradient must agree."""
    theirs = theirs.double()
    r = np.random.default_rng(seed)
    copy_into_torch(ours, theirs, r if perturb else None)
    for _ in range(calls):
        xo = x if integer_input else Tensor(x.copy(), requires_grad=True)
        xt = torch.from_numpy(x) if integer_input else torch.tensor(x.copy(), requires_grad=True)
        out, out_t = ours(xo), theirs(xt)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), rtol=1e-10, atol=atol)
    u = r.standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.from_numpy(u))
    if not integer_input:
        np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=1e-10, atol=atol)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-10, atol=atol)
    return ours, theirs


# ------------------------------------------------------------------ Linear
@SETTINGS
@given(n_in=st.integers(1, 6), n_out=st.integers(1, 6),
       lead=st.lists(st.integers(1, 3), min_size=0, max_size=2).map(tuple),
       bias=st.booleans(), seed=st.integers(0, 2**16))
def test_linear_like_torch(n_in, n_out, lead, bias, seed):
    x = np.random.default_rng(seed).standard_normal(lead + (n_in,))
    check_module(Linear(n_in, n_out, bias=bias, random_state=seed), tnn.Linear(n_in, n_out, bias=bias), x, seed=seed)


def test_linear_default_init_matches_torch_bounds():
    lin = Linear(400, 300, random_state=0)
    bound = 1 / math.sqrt(400)
    assert lin.weight.shape == (300, 400) and lin.bias.shape == (300,)
    assert np.abs(lin.weight.data).max() <= bound and np.abs(lin.bias.data).max() <= bound
    ref = tnn.Linear(400, 300).weight.detach().numpy()   # torch's own draw: same distribution
    np.testing.assert_allclose(lin.weight.data.std(), ref.std(), rtol=0.02)


def test_linear_reproducible_and_distinct_with_shared_rng():
    a, b = Linear(3, 4, random_state=5), Linear(3, 4, random_state=5)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    rng = np.random.default_rng(0)
    c, d = Linear(3, 4, random_state=rng), Linear(3, 4, random_state=rng)
    assert not np.array_equal(c.weight.data, d.weight.data)


def test_linear_shape_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"input of shape \(3, 5\) does not match a weight of shape \(2, 4\)"):
        Linear(4, 2)(Tensor(np.ones((3, 5))))
    with pytest.raises(ValueError, match="in_features"):
        Linear(0, 2)


def test_functional_linear_without_bias_like_torch():
    r = np.random.default_rng(0)
    x, w = r.standard_normal((5, 3)), r.standard_normal((2, 3))
    xo, wo = Tensor(x, requires_grad=True), Tensor(w, requires_grad=True)
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    F.linear(xo, wo).sum().backward()
    torch.nn.functional.linear(xt, wt).sum().backward()
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), atol=ATOL)
    np.testing.assert_allclose(wo.grad, wt.grad.numpy(), atol=ATOL)


# ------------------------------------------------------------------ LayerNorm
@SETTINGS
@given(lead=st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
       norm=st.lists(st.integers(1, 5), min_size=1, max_size=2).map(tuple),
       scale=st.sampled_from([1e-3, 1.0, 100.0]), seed=st.integers(0, 2**16))
def test_layernorm_like_torch(lead, norm, scale, seed):
    x = 5 + scale * np.random.default_rng(seed).standard_normal(lead + norm)
    # with one normalised entry, x - mean is rounding noise of size |x| eps, amplified by 1/sqrt(1e-5)
    check_module(LayerNorm(norm), tnn.LayerNorm(norm), x, seed=seed, atol=1e-12 * (1 + scale))


def test_layernorm_defaults_and_int_shape():
    ln = LayerNorm(6)
    assert ln.normalized_shape == (6,) and ln.eps == 1e-5
    np.testing.assert_array_equal(ln.weight.data, 1.0)
    np.testing.assert_array_equal(ln.bias.data, 0.0)
    x = np.random.default_rng(0).standard_normal((4, 6))
    check_module(ln, tnn.LayerNorm(6), x, perturb=False)
    check_module(LayerNorm(6, eps=0.5), tnn.LayerNorm(6, eps=0.5), x)


def test_layernorm_errors():
    with pytest.raises(ValueError, match=r"last 1 axes of the input must have shape \(4,\)"):
        LayerNorm(4)(Tensor(np.ones((2, 5))))
    with pytest.raises(ValueError, match="normalized_shape"):
        LayerNorm(0)


# ------------------------------------------------------------------ BatchNorm1d
@pytest.mark.parametrize("shape", [(8, 5), (2, 5), (4, 5, 3), (1, 5, 2)])
def test_batchnorm_train_like_torch_including_running_stats(shape):
    ours, theirs = BatchNorm1d(5), tnn.BatchNorm1d(5)
    r = np.random.default_rng(1)
    x = 2 + 3 * r.standard_normal(shape)
    check_module(ours, theirs, x, calls=3)
    np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), atol=ATOL)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), atol=ATOL)
    assert ours.num_batches_tracked == int(theirs.num_batches_tracked)


def test_batchnorm_eval_uses_running_stats_like_torch():
    ours, theirs = BatchNorm1d(4, momentum=0.3), tnn.BatchNorm1d(4, momentum=0.3).double()
    r = np.random.default_rng(2)
    for _ in range(4):
        b = 1 + 2 * r.standard_normal((6, 4))
        ours(Tensor(b))
        theirs(torch.from_numpy(b))
    ours.eval()
    theirs.eval()
    with torch.no_grad():
        theirs.weight.copy_(torch.from_numpy(ours.weight.data))
        theirs.bias.copy_(torch.from_numpy(ours.bias.data))
    check_module(ours, theirs, r.standard_normal((3, 4)), perturb=False)
    check_module(ours, theirs, r.standard_normal((1, 4)))      # a batch of one is fine in eval mode


def test_batchnorm_errors():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm1d(3)(Tensor(np.ones((1, 3))))
    with pytest.raises(ValueError, match=r"expected input \(N, 3\) or \(N, 3, L\), got shape \(4, 2\)"):
        BatchNorm1d(3)(Tensor(np.ones((4, 2))))
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm1d(3, momentum=2.0)


# ------------------------------------------------------------------ Dropout
def test_dropout_eval_is_identity_like_torch():
    x = np.random.default_rng(0).standard_normal((4, 7))
    check_module(Dropout(0.4, random_state=0).eval(), tnn.Dropout(0.4).eval(), x)


def test_dropout_train_statistics_and_gradient():
    d = Dropout(0.25, random_state=0)
    x = Tensor(np.ones((400, 500)), requires_grad=True)
    out = d(x)
    zero = out.data == 0
    assert abs(zero.mean() - 0.25) < 0.005
    np.testing.assert_allclose(out.data[~zero], 1 / 0.75)
    assert abs(out.data.mean() - 1.0) < 0.01
    out.sum().backward()
    np.testing.assert_allclose(x.grad, out.data)        # the VJP multiplies by the same scaled mask
    t = tnn.Dropout(0.25)(torch.ones(400, 500, dtype=torch.float64))
    assert abs((t == 0).double().mean().item() - zero.mean()) < 0.01


def test_dropout_edge_probabilities_like_torch():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(Dropout(0.0)(Tensor(x)).data, tnn.Dropout(0.0)(torch.from_numpy(x)).numpy())
    np.testing.assert_array_equal(Dropout(1.0)(Tensor(x)).data, tnn.Dropout(1.0)(torch.from_numpy(x)).numpy())
    with pytest.raises(ValueError, match="p must be <= 1"):
        Dropout(1.5)
    a, b = Dropout(0.5, random_state=3), Dropout(0.5, random_state=3)
    np.testing.assert_array_equal(a(Tensor(np.ones(50))).data, b(Tensor(np.ones(50))).data)


# ------------------------------------------------------------------ Embedding
def test_embedding_accumulates_repeated_indices_like_torch():
    idx = np.array([[1, 3, 3, 0], [3, 3, 9, 1]])
    check_module(Embedding(10, 4, random_state=0), tnn.Embedding(10, 4), idx, integer_input=True)


def test_embedding_init_and_errors():
    e = Embedding(1000, 20, random_state=0)
    assert abs(e.weight.data.std() - 1.0) < 0.02          # N(0, 1) as in torch
    with pytest.raises(ValueError, match=r"0\.\.9"):
        Embedding(10, 2)(np.array([0, 10]))
    with pytest.raises(ValueError, match="integers"):
        Embedding(10, 2)(np.array([0.5]))
    np.testing.assert_array_equal(Embedding(5, 2, random_state=0)(np.array([1.0, 2.0])).data,
                                  Embedding(5, 2, random_state=0)(np.array([1, 2])).data)


# ------------------------------------------------------------------ activations, whole networks
@pytest.mark.parametrize("ours, theirs", [(ReLU, tnn.ReLU), (Tanh, tnn.Tanh), (Sigmoid, tnn.Sigmoid)])
def test_activation_modules_like_torch(ours, theirs):
    check_module(ours(), theirs(), np.random.default_rng(0).standard_normal((3, 5)))


def test_mlp_with_batchnorm_and_dropout_like_torch_in_both_modes():
    r = np.random.default_rng(0)
    ours = Sequential(Linear(6, 8, random_state=r), BatchNorm1d(8), ReLU(), Dropout(0.3, random_state=r),
                      Linear(8, 8, random_state=r), LayerNorm(8), Tanh(), Linear(8, 3, random_state=r))
    theirs = tnn.Sequential(tnn.Linear(6, 8), tnn.BatchNorm1d(8), tnn.ReLU(), tnn.Dropout(0.3),
                            tnn.Linear(8, 8), tnn.LayerNorm(8), tnn.Tanh(), tnn.Linear(8, 3))
    ours.eval()
    theirs.eval()
    check_module(ours, theirs, r.standard_normal((5, 6)))
    # in training mode without dropout noise, batch statistics on both sides
    ours[3].p = 0.0
    theirs[3].p = 0.0
    ours.train()
    theirs.train()
    check_module(ours, theirs, r.standard_normal((5, 6)), perturb=False)


# ------------------------------------------------------------------ losses and functional
@SETTINGS
@given(n=st.integers(1, 8), k=st.integers(2, 6), scale=st.sampled_from([1.0, 50.0, 1000.0]),
       seed=st.integers(0, 2**16))
def test_cross_entropy_like_torch(n, k, scale, seed):
    r = np.random.default_rng(seed)
    logits, targets = scale * r.standard_normal((n, k)), r.integers(0, k, n)
    z, zt = Tensor(logits, requires_grad=True), torch.tensor(logits, requires_grad=True)
    loss, loss_t = F.cross_entropy(z, targets), torch.nn.functional.cross_entropy(zt, torch.from_numpy(targets))
    np.testing.assert_allclose(loss.item(), loss_t.item(), rtol=1e-12, atol=1e-12)
    loss.backward()
    loss_t.backward()
    np.testing.assert_allclose(z.grad, zt.grad.numpy(), atol=1e-13)
    assert np.isfinite(loss.item())


def test_loss_modules_and_array_inputs_like_torch():
    r = np.random.default_rng(0)
    logits, targets = r.standard_normal((6, 4)), r.integers(0, 4, 6)
    np.testing.assert_allclose(CrossEntropyLoss()(logits, targets).item(),
                               tnn.CrossEntropyLoss()(torch.from_numpy(logits), torch.from_numpy(targets)).item())
    p, y = r.standard_normal((5, 2)), r.standard_normal((5, 2))
    pt = torch.tensor(p, requires_grad=True)
    po = Tensor(p, requires_grad=True)
    loss, loss_t = MSELoss()(po, y), tnn.MSELoss()(pt, torch.from_numpy(y))
    np.testing.assert_allclose(loss.item(), loss_t.item())
    loss.backward()
    loss_t.backward()
    np.testing.assert_allclose(po.grad, pt.grad.numpy(), atol=ATOL)


@pytest.mark.parametrize("axis", [0, -1])
def test_functional_softmax_accepts_arrays_like_torch(axis):
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_allclose(F.softmax(x, axis=axis).data, torch.softmax(torch.from_numpy(x), axis).numpy())
    np.testing.assert_allclose(F.log_softmax(Tensor(x), axis=axis).data,
                               torch.log_softmax(torch.from_numpy(x), axis).numpy())


def test_loss_errors():
    with pytest.raises(ValueError, match=r"targets must lie in 0\.\.2"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"targets must lie in 0\.\.2"):
        F.cross_entropy(np.zeros((2, 3)), np.array([-1, 0]))
    with pytest.raises(ValueError, match="integer class labels"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="must be 2-D"):
        F.cross_entropy(np.zeros(3), np.array([0]))
    with pytest.raises(ValueError, match=r"prediction has shape \(3,\) but target has shape \(3, 1\)"):
        F.mse_loss(np.zeros(3), np.zeros((3, 1)))


def test_functional_module_is_importable_and_exports_nothing_into_nn():
    import mlfp.nn

    assert mlfp.nn.functional is F
    assert not hasattr(mlfp.nn, "cross_entropy") and not hasattr(mlfp.nn, "softmax")


# ------------------------------------------------------------------ Module
def test_module_parameters_order_sharing_and_modes():
    class Net(Module):
        def __init__(self):
            self.first = Linear(3, 4, random_state=0)
            self.blocks = [Linear(4, 4, random_state=1), Dropout(0.5)]
            self.tied = self.first.weight                      # shared: listed once
            self.extra = Tensor(np.ones(2), requires_grad=True)
            self.buffer = Tensor(np.ones(2))                   # no requires_grad: not a parameter

        def forward(self, x):
            return self.blocks[0](self.first(x))

    class TorchNet(tnn.Module):                                # the same structure in PyTorch
        def __init__(self):
            super().__init__()
            self.first = tnn.Linear(3, 4)
            self.blocks = tnn.ModuleList([tnn.Linear(4, 4), tnn.Dropout(0.5)])
            self.tied = self.first.weight
            self.extra = tnn.Parameter(torch.ones(2))
            self.register_buffer("buffer", torch.ones(2))

    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == [n for n, _ in TorchNet().named_parameters()]   # own tensors first, then children
    assert len(net.parameters()) == 5
    net.eval()
    assert not net.training and not net.blocks[1].training and not net.first.training
    net.train()
    assert all(m.training for m in net.modules())
    net(Tensor(np.ones((2, 3)))).sum().backward()
    assert net.extra.grad is None                             # not used in forward
    assert all(p.grad is not None for p in net.parameters() if p is not net.extra)
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_sequential_and_module_errors():
    with pytest.raises(ValueError, match="argument 1 is a int, not a Module"):
        Sequential(ReLU(), 3)
    with pytest.raises(NotImplementedError):
        Module()(1)
    s = Sequential(Linear(2, 3), ReLU())
    assert len(s) == 2 and isinstance(s[1], ReLU) and "Linear(2, 3" in repr(s)


# ------------------------------------------------------------------ initialisation
@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_calculate_gain_like_torch(name):
    assert calculate_gain(name) == pytest.approx(tnn.init.calculate_gain(name))
    assert calculate_gain("leaky_relu", 0.2) == pytest.approx(tnn.init.calculate_gain("leaky_relu", 0.2))


@pytest.mark.parametrize("scheme", ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"])
@pytest.mark.parametrize("shape", [(300, 200), (64, 16, 3, 3)])
def test_init_variance_matches_torch(scheme, shape):
    ours_fn = {"xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal,
               "kaiming_uniform": kaiming_uniform, "kaiming_normal": kaiming_normal}[scheme]
    kwargs = {"nonlinearity": "relu"} if scheme.startswith("kaiming") else {"gain": 5 / 3}
    t = Tensor(np.zeros(shape), requires_grad=True)
    ours_fn(t, random_state=0, **kwargs)
    ref = torch.empty(shape, dtype=torch.float64)
    getattr(tnn.init, scheme + "_")(ref, **kwargs)
    np.testing.assert_allclose(t.data.std(), ref.std().item(), rtol=0.03)
    if scheme.endswith("uniform"):
        assert np.abs(t.data).max() <= ref.abs().max().item() * 1.01 + 1e-12
    assert t.requires_grad and t.shape == shape


def test_init_errors_and_dtype():
    with pytest.raises(ValueError, match="at least 2 axes"):
        xavier_uniform(Tensor(np.zeros(5)))
    with pytest.raises(ValueError, match="mode"):
        kaiming_normal(Tensor(np.zeros((3, 3))), mode="fan_sideways")
    with pytest.raises(ValueError, match="unknown nonlinearity"):
        calculate_gain("swish")
    t = Tensor(np.zeros((4, 4), dtype=np.float32))
    xavier_normal(t, random_state=0)
    assert t.dtype == np.float32
    init.constant(t, 2.5)
    np.testing.assert_array_equal(t.data, 2.5)


# ------------------------------------------------------------------ optimisers
def _run(make_ours, make_torch, steps=8, seed=0):
    r = np.random.default_rng(seed)
    X, y = r.standard_normal((40, 5)), r.integers(0, 3, 40)
    ours = Sequential(Linear(5, 6, random_state=r), Tanh(), Linear(6, 3, random_state=r))
    theirs = tnn.Sequential(tnn.Linear(5, 6), tnn.Tanh(), tnn.Linear(6, 3)).double()
    copy_into_torch(ours, theirs)
    opt, opt_t = make_ours(ours.parameters()), make_torch(theirs.parameters())
    for k in range(steps):
        idx = np.arange(k * 5, k * 5 + 10) % 40
        opt.zero_grad()
        F.cross_entropy(ours(Tensor(X[idx])), y[idx]).backward()
        opt.step()
        opt_t.zero_grad()
        torch.nn.functional.cross_entropy(theirs(torch.from_numpy(X[idx])), torch.from_numpy(y[idx])).backward()
        opt_t.step()
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=1e-10, atol=1e-12)


OPTIMIZERS = {
    "sgd": (lambda ps: SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd momentum wd": (lambda ps: SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
                        lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01)),
    "sgd nesterov": (lambda ps: SGD(ps, lr=0.1, momentum=0.8, nesterov=True),
                     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.8, nesterov=True)),
    "sgd dampening": (lambda ps: SGD(ps, lr=0.1, momentum=0.8, dampening=0.3),
                      lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.8, dampening=0.3)),
    "adam": (lambda ps: Adam(ps, lr=0.05), lambda ps: torch.optim.Adam(ps, lr=0.05)),
    "adam betas eps wd": (lambda ps: Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.1),
                          lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.1)),
    "adamw": (lambda ps: AdamW(ps, lr=0.05), lambda ps: torch.optim.AdamW(ps, lr=0.05)),
    "adamw wd": (lambda ps: AdamW(ps, lr=0.05, weight_decay=0.3),
                 lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.3)),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_like_torch_optim(name):
    _run(*OPTIMIZERS[name])


def test_optimizer_skips_parameters_without_grad_like_torch():
    w, unused = Tensor([1.0, 2.0], requires_grad=True), Tensor([5.0], requires_grad=True)
    wt, ut = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([5.0], requires_grad=True)
    opt, opt_t = Adam([w, unused], lr=0.1), torch.optim.Adam([wt, ut], lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
        opt_t.zero_grad()
        (wt * wt).sum().backward()
        opt_t.step()
    np.testing.assert_allclose(w.data, wt.detach().numpy(), rtol=1e-6)
    np.testing.assert_array_equal(unused.data, [5.0])
    assert unused.grad is None


def test_optimizer_keeps_float32_and_validates():
    w = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    opt = SGD([w], lr=0.5, momentum=0.9)
    (w * w).sum().backward()
    opt.step()
    assert w.dtype == np.float32
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr must be >= 0"):
        Adam([w], lr=-1.0)
    with pytest.raises(ValueError, match="requires_grad"):
        SGD([Tensor(np.ones(2))], lr=0.1)
    with pytest.raises(ValueError, match="Nesterov"):
        SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="betas"):
        Adam([w], betas=(0.9, 1.0))


def test_zero_grad_resets_to_none():
    w = Tensor([1.0], requires_grad=True)
    opt = SGD([w], lr=0.1)
    (w * 3).sum().backward()
    opt.zero_grad()
    assert w.grad is None


# ------------------------------------------------------------------ training smoke test
def test_mlp_learns_digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(d.data / 16.0, d.target, test_size=0.3, random_state=0,
                                              stratify=d.target)
    r = np.random.default_rng(0)
    model = Sequential(Linear(64, 64, random_state=r), BatchNorm1d(64), ReLU(), Dropout(0.1, random_state=r),
                       Linear(64, 10, random_state=r))
    opt = AdamW(model.parameters(), lr=3e-3)
    for epoch in range(4):
        model.train()
        order = r.permutation(len(X_tr))
        for start in range(0, len(order) - 1, 32):
            idx = order[start:start + 32]
            opt.zero_grad()
            F.cross_entropy(model(Tensor(X_tr[idx])), y_tr[idx]).backward()
            opt.step()
    model.eval()
    with no_grad():
        acc = np.mean(model(Tensor(X_te)).data.argmax(axis=1) == y_te)
    assert acc >= 0.90, acc
