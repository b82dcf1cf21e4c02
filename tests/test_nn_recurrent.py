"""mlfp.nn RNN, LSTM, GRU and gradient clipping (chapter 19) against PyTorch.

Every recurrent layer is compared with the torch.nn layer holding copied
weights, forward and backward in float64 (output, final state, gradients of
the input, the initial state and every parameter); the hand-written cell
VJPs are also checked by central finite differences. Clipping is compared
with torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
"""
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from mlfp.nn import GRU, LSTM, RNN, Tensor, clip_grad_norm, clip_grad_value, numerical_gradient
from mlfp.nn import recurrent

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for these tests")
tnn = torch.nn

_blas = threadpool_limits(1)
ATOL = 1e-11

KINDS = {
    "rnn_tanh": (lambda i, h, **kw: RNN(i, h, **kw), lambda i, h, **kw: tnn.RNN(i, h, **kw)),
    "rnn_relu": (lambda i, h, **kw: RNN(i, h, nonlinearity="relu", **kw),
                 lambda i, h, **kw: tnn.RNN(i, h, nonlinearity="relu", **kw)),
    "lstm": (lambda i, h, **kw: LSTM(i, h, **kw), lambda i, h, **kw: tnn.LSTM(i, h, **kw)),
    "gru": (lambda i, h, **kw: GRU(i, h, **kw), lambda i, h, **kw: tnn.GRU(i, h, **kw)),
}


def make_pair(kind, i, h, batch_first=False, seed=0, scale=0.0):
    ours_cls, theirs_cls = KINDS[kind]
    ours = ours_cls(i, h, batch_first=batch_first, random_state=seed)
    theirs = theirs_cls(i, h, batch_first=batch_first).double()
    rng = np.random.default_rng(seed + 100)
    names = [n for n, _ in ours.named_parameters()]
    assert names == [n for n, _ in theirs.named_parameters()]
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert p.shape == tuple(tp.shape), name
        p.data = p.data + scale * rng.standard_normal(p.shape)
        tp.data = torch.tensor(p.data)          # the one-to-one copy the API promises
    return ours, theirs


def run_both(kind, x, state, ours, theirs, seed=1):
    """Forward and backward through both from the same upstream gradients; return the pieces."""
    rng = np.random.default_rng(seed)
    xo, xt = Tensor(x.copy(), requires_grad=True), torch.tensor(x, requires_grad=True)
    if state is None:
        so, st = None, None
    elif kind == "lstm":
        so = tuple(Tensor(s.copy(), requires_grad=True) for s in state)
        st = tuple(torch.tensor(s, requires_grad=True) for s in state)
    else:
        so, st = Tensor(state.copy(), requires_grad=True), torch.tensor(state, requires_grad=True)
    out, fin = ours(xo, so)
    out_t, fin_t = theirs(xt, st)
    fins = fin if kind == "lstm" else (fin,)
    fins_t = fin_t if kind == "lstm" else (fin_t,)
    u = rng.standard_normal(out.shape)
    loss, loss_t = (out * u).sum(), (out_t * torch.tensor(u)).sum()
    rng2 = np.random.default_rng(seed + 1)
    for f, ft in zip(fins, fins_t):
        u = rng2.standard_normal(f.shape)
        loss, loss_t = loss + (f * u).sum(), loss_t + (ft * torch.tensor(u)).sum()
    loss.backward()
    loss_t.backward()
    return dict(out=(out.data, out_t.detach().numpy()),
                fin=[(f.data, ft.detach().numpy()) for f, ft in zip(fins, fins_t)],
                x_grad=(xo.grad, xt.grad.numpy()),
                state_grad=[] if so is None else
                [(a.grad, b.grad.numpy()) for a, b in zip(so if kind == "lstm" else (so,),
                                                          st if kind == "lstm" else (st,))],
                param_grads=[(p.grad, tp.grad.numpy()) for p, tp in
                             zip(ours.parameters(), theirs.parameters())])


def assert_all_close(res):
    pairs = [res["out"], res["x_grad"], *res["fin"], *res["state_grad"], *res["param_grads"]]
    for a, b in pairs:
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=1e-9)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("with_state", [False, True])
def test_matches_torch(kind, with_state):
    L, N, I, H = 7, 3, 4, 5
    ours, theirs = make_pair(kind, I, H, scale=0.3)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((L, N, I))
    state = None
    if with_state:
        state = tuple(rng.standard_normal((1, N, H)) for _ in range(2)) if kind == "lstm" \
            else rng.standard_normal((1, N, H))
    res = run_both(kind, x, state, ours, theirs)
    assert res["out"][0].shape == (L, N, H)
    assert all(f[0].shape == (1, N, H) for f in res["fin"])
    assert_all_close(res)


@pytest.mark.parametrize("kind", list(KINDS))
def test_batch_first_matches_torch(kind):
    ours, theirs = make_pair(kind, 3, 4, batch_first=True, seed=2, scale=0.2)
    x = np.random.default_rng(4).standard_normal((2, 6, 3))   # (N, L, I)
    res = run_both(kind, x, None, ours, theirs)
    assert res["out"][0].shape == (2, 6, 4)
    assert_all_close(res)


@pytest.mark.parametrize("kind", list(KINDS))
def test_unbatched_matches_torch(kind):
    ours, theirs = make_pair(kind, 3, 4, seed=5, scale=0.2)
    rng = np.random.default_rng(6)
    x = rng.standard_normal((5, 3))
    state = tuple(rng.standard_normal((1, 4)) for _ in range(2)) if kind == "lstm" \
        else rng.standard_normal((1, 4))
    res = run_both(kind, x, state, ours, theirs)
    assert res["out"][0].shape == (5, 4)
    assert res["fin"][0][0].shape == (1, 4)
    assert_all_close(res)


@pytest.mark.parametrize("kind", list(KINDS))
def test_single_step_and_single_sample(kind):
    ours, theirs = make_pair(kind, 2, 3, seed=7, scale=0.5)
    x = np.random.default_rng(8).standard_normal((1, 1, 2))
    assert_all_close(run_both(kind, x, None, ours, theirs))


def test_long_sequence_large_weights_lstm():
    """Saturated gates over 60 steps: the stable sigmoid and BPTT still agree with PyTorch."""
    ours, theirs = make_pair("lstm", 4, 6, seed=9, scale=2.0)
    x = 3 * np.random.default_rng(10).standard_normal((60, 2, 4))
    assert_all_close(run_both("lstm", x, None, ours, theirs))


@pytest.mark.parametrize("kind", list(KINDS))
def test_initialisation_and_parameter_names(kind):
    ours = KINDS[kind][0](6, 16, random_state=0)
    names = [n for n, _ in ours.named_parameters()]
    assert names == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    gates = {"lstm": 4, "gru": 3}.get(kind, 1)
    assert ours.weight_ih_l0.shape == (gates * 16, 6)
    assert ours.weight_hh_l0.shape == (gates * 16, 16)
    assert ours.bias_hh_l0.shape == (gates * 16,)
    everything = np.concatenate([p.data.ravel() for p in ours.parameters()])
    assert np.abs(everything).max() <= 0.25          # U(-1/sqrt(16), 1/sqrt(16))
    assert abs(everything.var() - 0.25 ** 2 / 3) < 0.003
    again = KINDS[kind][0](6, 16, random_state=0)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(ours.parameters(), again.parameters()))


@pytest.mark.parametrize("cell, n_states, gates", [
    ((recurrent.rnn_cell, recurrent.rnn_cell_backward), 1, 1),
    ((recurrent.lstm_cell, recurrent.lstm_cell_backward), 2, 4),
    ((recurrent.gru_cell, recurrent.gru_cell_backward), 1, 3)])
def test_recurrence_vjp_finite_differences(cell, n_states, gates):
    """The hand-written BPTT against central differences of a scalar loss, for every input."""
    rng = np.random.default_rng(11)
    L, N, H = 4, 2, 3
    inputs = [rng.standard_normal((L, N, gates * H)), 0.5 * rng.standard_normal((gates * H, H)),
              rng.standard_normal(gates * H)] + [rng.standard_normal((N, H)) for _ in range(n_states)]
    u = rng.standard_normal((L, N, n_states * H))

    def loss(*arrays):
        out, _ = recurrence_fn(*arrays)
        return float((out * u).sum())

    recurrence_fn = lambda *a: recurrent.recurrence(*a, cell=cell)   # noqa: E731
    _, vjps = recurrence_fn(*inputs)
    for k in range(len(inputs)):
        analytic = vjps[k](u)
        numeric = numerical_gradient(lambda: loss(*inputs), inputs[k])   # perturbs inputs[k] in place
        np.testing.assert_allclose(analytic, numeric, atol=1e-7)


def test_output_feeds_a_graph_and_state_can_be_detached():
    """Truncated BPTT: a detached final state carries values but no gradient."""
    lstm = LSTM(2, 3, random_state=0)
    x = np.random.default_rng(0).standard_normal((4, 1, 2))
    out, (h, c) = lstm(x)
    out2, _ = lstm(x, (h.detach(), c.detach()))
    out2.sum().backward()
    g_detached = lstm.weight_hh_l0.grad.copy()
    lstm.weight_hh_l0.grad = None
    for p in lstm.parameters():
        p.grad = None
    out3, _ = lstm(x, (h, c))
    out3.sum().backward()
    assert not np.allclose(g_detached, lstm.weight_hh_l0.grad)   # the full graph reaches further
    np.testing.assert_allclose(out2.data, out3.data)


@pytest.mark.parametrize("kind", list(KINDS))
def test_bad_input(kind):
    layer = KINDS[kind][0](3, 4, random_state=0)
    with pytest.raises(ValueError, match=r"\(5, 2, 7\).*input_size=3"):
        layer(np.zeros((5, 2, 7)))
    with pytest.raises(ValueError, match="input of shape"):
        layer(np.zeros(3))
    with pytest.raises(ValueError, match="input of shape"):
        layer(np.zeros((0, 2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        layer(np.full((2, 2, 3), np.nan))
    bad_state = np.zeros((1, 3, 4))
    with pytest.raises(ValueError, match=r"\(1, 3, 4\).*\(1, 2, 4\)"):
        layer(np.zeros((5, 2, 3)), (bad_state, bad_state) if kind == "lstm" else bad_state)
    with pytest.raises(ValueError, match="input_size"):
        KINDS[kind][0](0, 4)
    with pytest.raises(ValueError, match="hidden_size"):
        KINDS[kind][0](3, 2.5)


def test_bad_nonlinearity_and_lstm_state_arity():
    with pytest.raises(ValueError, match="nonlinearity"):
        RNN(2, 3, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match=r"\(h0, c0\)"):
        LSTM(2, 3)(np.zeros((4, 1, 2)), (np.zeros((1, 1, 3)),))


# ---------------------------------------------------------------- clipping
def grads_pair(seed, scale):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (5,), (2, 2, 2)]
    ours, theirs = [], []
    for s in shapes:
        g = scale * rng.standard_normal(s)
        p = Tensor(rng.standard_normal(s), requires_grad=True)
        p.grad = g.copy()
        tp = torch.tensor(p.data, requires_grad=True)
        tp.grad = torch.tensor(g)
        ours.append(p), theirs.append(tp)
    return ours, theirs


@pytest.mark.parametrize("scale, max_norm, norm_type",
                         [(1.0, 1.0, 2.0), (0.01, 1.0, 2.0), (10.0, 0.5, 2.0), (3.0, 1.0, float("inf")),
                          (3.0, 2.0, 1.0)])
def test_clip_grad_norm_matches_torch(scale, max_norm, norm_type):
    ours, theirs = grads_pair(0, scale)
    total = clip_grad_norm(ours, max_norm, norm_type=norm_type)
    total_t = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    assert total == pytest.approx(float(total_t), rel=1e-12)
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-12, atol=1e-15)
    if total > max_norm:
        joint = np.sqrt(sum((p.grad ** 2).sum() for p in ours)) if norm_type == 2.0 else None
        if joint is not None:
            assert joint == pytest.approx(max_norm, rel=1e-5)


def test_clip_grad_value_matches_torch():
    ours, theirs = grads_pair(1, 2.0)
    clip_grad_value(ours, 0.7)
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for p, tp in zip(ours, theirs):
        np.testing.assert_array_equal(p.grad, tp.grad.numpy())


def test_clip_edge_cases_and_bad_input():
    p = Tensor(np.ones(3), requires_grad=True)
    assert clip_grad_norm([p], 1.0) == 0.0               # no gradients yet: nothing to do
    p.grad = np.array([3.0, 4.0, 0.0])
    assert clip_grad_norm(p, 10.0) == pytest.approx(5.0)  # a single tensor is accepted
    np.testing.assert_array_equal(p.grad, [3.0, 4.0, 0.0])
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm([p], -1.0)
    with pytest.raises(ValueError, match="clip_value"):
        clip_grad_value([p], -0.1)
    p.grad = np.array([np.inf, 0.0, 0.0])
    with pytest.raises(ValueError, match="inf"):
        clip_grad_norm([p], 1.0, error_if_nonfinite=True)


@pytest.mark.parametrize("kind", list(KINDS))
def test_float32_stays_float32(kind):
    layer = KINDS[kind][0](3, 4, random_state=0)
    for p in layer.parameters():
        p.data = p.data.astype(np.float32)
    out, fin = layer(np.ones((5, 2, 3), dtype=np.float32))
    assert out.dtype == np.float32
    out.sum().backward()
    assert all(p.grad.dtype == np.float32 for p in layer.parameters())
