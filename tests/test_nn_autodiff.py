"""mlfp.nn autodiff (chapter 16) against PyTorch's autograd and finite differences.

Every gradient is compared with torch.autograd on the same float64 numbers, and
with central differences through grad_check; shapes come from Hypothesis where
broadcasting or batching is involved. None compares our output with itself.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes
from threadpoolctl import threadpool_limits

from mlfp.nn import Tensor, apply_op, concatenate, grad_check, is_grad_enabled, no_grad, numerical_gradient, ops, stack

torch = pytest.importorskip("torch", reason="PyTorch is the oracle for these tests")

_blas = threadpool_limits(1)   # tiny matrices: threads only add contention on a shared machine
ATOL = 1e-12
SETTINGS = settings(max_examples=30, deadline=None)


def draw(shape, seed, positive=False):
    r = np.random.default_rng(seed)
    return r.uniform(0.5, 2.0, shape) if positive else r.standard_normal(shape)


def compare(ours, theirs, arrays, seed=0, check=True, atol=ATOL):
    """Forward + backward of ours (on Tensors) and theirs (on torch tensors) with one random upstream gradient."""
    xs = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    ts = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
    out, out_t = ours(*xs), theirs(*ts)
    assert out.shape == tuple(out_t.shape)
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), rtol=1e-12, atol=atol)
    u = np.random.default_rng(seed + 1).standard_normal(out.shape)
    out.backward(u)
    out_t.backward(torch.tensor(u))
    for x, t in zip(xs, ts):
        assert x.grad.shape == x.shape
        np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-10, atol=atol)
    if check:
        assert grad_check(ours, *[Tensor(a.copy(), requires_grad=True) for a in arrays]) < 1e-6


# ------------------------------------------------------------------ elementwise binary, broadcasting
BINARY = {
    "add": (lambda a, b: a + b, False),
    "sub": (lambda a, b: a - b, False),
    "mul": (lambda a, b: a * b, False),
    "div": (lambda a, b: a / b, True),
    "pow": (lambda a, b: a ** b, True),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@SETTINGS
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       seed=st.integers(0, 2**16))
def test_binary_ops_broadcast_like_torch(name, shapes, seed):
    fn, positive = BINARY[name]
    a = draw(shapes.input_shapes[0], seed, positive)
    b = draw(shapes.input_shapes[1], seed + 7, positive=(name == "div"))
    compare(fn, fn, [a, b], seed)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_with_python_numbers_and_arrays_on_either_side(name):
    fn, positive = BINARY[name]
    a = draw((3, 4), 1, positive=True)
    c = draw((4,), 2, positive=True)
    compare(lambda x: fn(x, 1.5), lambda x: fn(x, 1.5), [a])
    compare(lambda x: fn(2.5, x), lambda x: fn(2.5, x), [a])
    compare(lambda x: fn(c, x), lambda x: fn(torch.tensor(c), x), [a])
    out = fn(c, Tensor(a))                # ndarray (op) Tensor goes to the reflected operator
    assert isinstance(out, Tensor)


# ------------------------------------------------------------------ elementwise unary
UNARY = {
    "neg": (lambda a: -a, False),
    "exp": (lambda a: a.exp(), False),
    "log": (lambda a: a.log(), True),
    "tanh": (lambda a: a.tanh(), False),
    "sigmoid": (lambda a: a.sigmoid(), False),
    "relu": (lambda a: a.relu(), False),
    "square": (lambda a: a ** 2, False),
    "sqrt via pow": (lambda a: a ** 0.5, True),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@SETTINGS
@given(shape=st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple), seed=st.integers(0, 2**16))
def test_unary_ops_like_torch(name, shape, seed):
    fn, positive = UNARY[name]
    compare(fn, fn, [draw(shape, seed, positive)], seed)


def test_sigmoid_is_stable_for_large_inputs():
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):     # underflow to 0 is fine
        compare(lambda a: a.sigmoid(), lambda a: a.sigmoid(), [x], check=False, atol=1e-300)


def test_relu_gradient_at_zero_is_zero_like_torch():
    compare(lambda a: a.relu(), lambda a: a.relu(), [np.array([0.0, -1.0, 2.0])], check=False)


def test_power_corner_cases_follow_torch():
    # base 0 with exponent 0 and 2, and the exponent's gradient at base 0
    a = np.array([0.0, 0.0, 2.0])
    b = np.array([0.0, 2.0, 3.0])
    compare(lambda x, y: x ** y, lambda x, y: x ** y, [a, b], check=False)


# ------------------------------------------------------------------ matmul
@SETTINGS
@given(batch=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3),
       n=st.integers(1, 4), k=st.integers(1, 4), m=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_matmul_batched_and_broadcast_like_torch(batch, n, k, m, seed):
    a = draw(batch.input_shapes[0] + (n, k), seed)
    b = draw(batch.input_shapes[1] + (k, m), seed + 1)
    compare(lambda x, y: x @ y, lambda x, y: x @ y, [a, b], seed)


@pytest.mark.parametrize("shapes", [((3,), (3,)), ((3,), (3, 4)), ((2, 3), (3,)),
                                    ((3,), (2, 3, 4)), ((2, 4, 3), (3,))])
def test_matmul_with_vectors_like_torch(shapes):
    a, b = draw(shapes[0], 0), draw(shapes[1], 1)
    compare(lambda x, y: x @ y, lambda x, y: x @ y, [a, b])


def test_matmul_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"matmul: shapes \(3, 4\) and \(5, 2\) are not aligned"):
        Tensor(np.ones((3, 4))) @ Tensor(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3, 4\) and \(5, 4, 2\)"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((5, 4, 2)))      # batch axes 2 and 5
    with pytest.raises(ValueError, match="at least one axis"):
        Tensor(np.ones(3)) @ Tensor(2.0)


def test_broadcast_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"add: shapes \(3,\) and \(4,\) cannot be broadcast"):
        Tensor(np.ones(3)) + Tensor(np.ones(4))
    with pytest.raises(ValueError, match=r"mul: shapes \(2, 3\) and \(3, 2\)"):
        Tensor(np.ones((2, 3))) * np.ones((3, 2))


# ------------------------------------------------------------------ reductions
@st.composite
def reduction_case(draw_):
    shape = tuple(draw_(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    axes = draw_(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1),
                           st.lists(st.integers(0, len(shape) - 1), min_size=1, unique=True).map(tuple)))
    return shape, axes, draw_(st.booleans()), draw_(st.integers(0, 2**16))


@pytest.mark.parametrize("name", ["sum", "mean", "max"])
@SETTINGS
@given(case=reduction_case())
def test_reductions_like_torch(name, case):
    shape, axis, keepdims, seed = case
    ours = lambda a: getattr(a, name)(axis=axis, keepdims=keepdims)
    torch_name = "amax" if name == "max" else name
    if axis is None:   # torch reduces everything with dim=() only for some ops; spell it out
        dims = tuple(range(len(shape)))
    else:
        dims = axis
    theirs = lambda a: getattr(a, torch_name)(dim=dims, keepdim=keepdims)
    compare(ours, theirs, [draw(shape, seed)], seed)


def test_max_splits_ties_equally_like_amax():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    compare(lambda a: a.max(axis=1), lambda a: a.amax(dim=1), [x], check=False)
    compare(lambda a: a.max(), lambda a: a.amax(), [x], check=False)


def test_reduction_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        Tensor(np.ones((2, 3))).sum(axis=2)


# ------------------------------------------------------------------ shapes and indexing
def test_reshape_and_transpose_like_torch():
    a = draw((2, 3, 4), 0)
    compare(lambda x: x.reshape(4, 6), lambda x: x.reshape(4, 6), [a])
    compare(lambda x: x.reshape((3, -1)), lambda x: x.reshape(3, -1), [a])
    compare(lambda x: x.transpose(2, 0, 1), lambda x: x.permute(2, 0, 1), [a])
    compare(lambda x: x.transpose((1, 0, 2)), lambda x: x.permute(1, 0, 2), [a])
    compare(lambda x: x.T, lambda x: x.permute(2, 1, 0), [a])
    compare(lambda x: x.transpose(-1, 0, 1), lambda x: x.permute(2, 0, 1), [a])


def test_reshape_and_transpose_errors():
    with pytest.raises(ValueError, match=r"reshape: cannot reshape shape \(2, 3\)"):
        Tensor(np.ones((2, 3))).reshape(4, 2)
    with pytest.raises(ValueError, match="not a permutation"):
        Tensor(np.ones((2, 3, 4))).transpose(0, 1)


INDICES = {
    "repeated rows": np.array([0, 2, 0, 0, 1]),
    "slices": (slice(1, None), slice(None, None, 2)),
    "int and slice": (1, slice(0, 3)),
    "pairs with repeats": (np.array([0, 1, 0, 0]), np.array([2, 2, 2, 0])),
    "boolean mask": np.array([True, False, True]),
    "negative step": (slice(None, None, -1), Ellipsis),
    "new axis": (None, slice(None), 2),
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_indexing_accumulates_like_torch(name):
    idx = INDICES[name]
    a = draw((3, 4), 3)
    if name == "negative step":        # torch has no negative steps: flip instead
        compare(lambda x: x[idx], lambda x: x.flip(0), [a])
        return
    tidx = tuple(torch.tensor(i) if isinstance(i, np.ndarray) else i for i in idx) \
        if isinstance(idx, tuple) else torch.tensor(idx)
    compare(lambda x: x[idx], lambda x: x[tidx], [a])


def test_repeated_index_gradient_counts_uses():
    x = Tensor(np.zeros(3), requires_grad=True)
    x[np.array([0, 0, 0, 2])].sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 0.0, 1.0])


def test_indexing_with_a_tensor_is_refused():
    with pytest.raises(TypeError, match="not with a Tensor"):
        Tensor(np.ones(3))[Tensor([0.0])]


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_and_stack_like_torch(axis):
    a, b, c = draw((2, 3), 0), draw((2, 3), 1), draw((2, 3), 2)
    compare(lambda x, y, z: concatenate([x, y, z], axis=axis), lambda x, y, z: torch.cat([x, y, z], axis),
            [a, b, c])
    compare(lambda x, y, z: stack([x, y, z], axis=axis), lambda x, y, z: torch.stack([x, y, z], axis),
            [a, b, c])


def test_concatenate_errors():
    with pytest.raises(ValueError, match=r"concatenate: shapes \[\(2, 3\), \(2, 4\)\]"):
        concatenate([Tensor(np.ones((2, 3))), Tensor(np.ones((2, 4)))], axis=0)
    with pytest.raises(ValueError, match="at least one"):
        concatenate([])


# ------------------------------------------------------------------ softmax and log-softmax
@pytest.mark.parametrize("axis", [0, 1, -1])
@SETTINGS
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([1.0, 30.0, 300.0]))
def test_softmax_and_log_softmax_like_torch(axis, seed, scale):
    a = draw((3, 4), seed) * scale
    compare(lambda x: apply_op(ops.softmax, x, axis=axis), lambda x: torch.softmax(x, axis), [a], seed,
            check=(scale == 1.0))
    compare(lambda x: apply_op(ops.log_softmax, x, axis=axis), lambda x: torch.log_softmax(x, axis), [a], seed,
            check=(scale == 1.0), atol=1e-10)


def test_log_softmax_stays_finite_where_log_of_softmax_does_not():
    z = Tensor([[0.0, 1000.0]], requires_grad=True)
    out = apply_op(ops.log_softmax, z, axis=1)
    out.sum().backward()
    assert np.all(np.isfinite(out.data)) and np.all(np.isfinite(z.grad))
    np.testing.assert_allclose(out.data, [[-1000.0, 0.0]])


# ------------------------------------------------------------------ a composite function
def test_two_layer_network_like_torch():
    X, W1, b1, W2 = draw((5, 4), 0), draw((4, 6), 1), draw((6,), 2), draw((6, 3), 3)
    y = np.array([0, 2, 1, 1, 0])

    def ours(W1, b1, W2):
        logits = (Tensor(X) @ W1 + b1).tanh() @ W2
        return -apply_op(ops.log_softmax, logits, axis=1)[np.arange(5), y].mean()

    def theirs(W1, b1, W2):
        logits = torch.tanh(torch.tensor(X) @ W1 + b1) @ W2
        return torch.nn.functional.cross_entropy(logits, torch.tensor(y))

    compare(ours, theirs, [W1, b1, W2])


def test_node_used_on_two_paths_sums_contributions():
    # f = tanh(x*y + exp(x)): the example graph of the chapter
    compare(lambda x, y: (x * y + x.exp()).tanh(), lambda x, y: torch.tanh(x * y + x.exp()),
            [np.array(0.5), np.array(-1.5)])
    # the same tensor used twice as an operand
    compare(lambda x: x * x + x, lambda x: x * x + x, [draw((3,), 4)])


# ------------------------------------------------------------------ engine semantics
def test_deep_chain_has_no_recursion_limit():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y * 1.0001
    y.backward()
    np.testing.assert_allclose(x.grad, 1.0001 ** 20_000, rtol=1e-10)
    del y   # releasing a deep graph must not overflow the C stack either


def test_backward_twice_accumulates_like_torch():
    w, wt = Tensor([1.0, -2.0], requires_grad=True), torch.tensor([1.0, -2.0], dtype=torch.float64,
                                                                 requires_grad=True)
    loss, loss_t = (w * w * w).sum(), (wt * wt * wt).sum()
    loss.backward()
    loss.backward()
    loss_t.backward(retain_graph=True)
    loss_t.backward()
    np.testing.assert_allclose(w.grad, wt.grad.numpy())
    (w * 2).sum().backward()          # a new graph adds to the same .grad
    np.testing.assert_allclose(w.grad, wt.grad.numpy() + 2)


def test_only_leaves_keep_grad():
    w = Tensor([1.0, 2.0], requires_grad=True)
    h = w * 3
    h.sum().backward()
    assert w.is_leaf and not h.is_leaf
    assert h.grad is None
    np.testing.assert_array_equal(w.grad, [3.0, 3.0])


def test_leaf_without_requires_grad_gets_no_grad():
    w, c = Tensor([1.0, 2.0], requires_grad=True), Tensor([5.0, 6.0])
    (w * c).sum().backward()
    assert c.grad is None


def test_no_grad_and_detach():
    w = Tensor([1.0, 2.0], requires_grad=True)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        with no_grad():
            pass
        assert not is_grad_enabled()          # nested blocks restore the outer state
        z = w * 2
    assert is_grad_enabled()
    assert not z.requires_grad and z.is_leaf
    d = w.detach()
    assert not d.requires_grad and np.shares_memory(d.data, w.data)
    with pytest.raises(ValueError, match="does not require grad"):
        z.sum().backward()


def test_backward_needs_grad_for_non_scalar_outputs():
    x = Tensor(np.ones((3, 4)), requires_grad=True)
    with pytest.raises(ValueError, match=r"one-element tensor; this one has shape \(3, 4\)"):
        x.exp().backward()
    with pytest.raises(ValueError, match=r"grad has shape \(4,\) but the tensor has shape \(3, 4\)"):
        x.exp().backward(np.ones(4))
    y = x.exp()
    y.backward(np.ones((3, 4)))
    np.testing.assert_allclose(x.grad, np.e)


def test_float32_is_kept_and_python_numbers_do_not_promote():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    y = ((x * 2.0 + 1) / 3 - 0.5) ** 2
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_integer_data_becomes_float64_and_complex_is_refused():
    assert Tensor([1, 2, 3]).dtype == np.float64
    assert Tensor(True).dtype == np.float64
    with pytest.raises(ValueError, match="real numbers"):
        Tensor(np.array([1 + 2j]))
    with pytest.raises(ValueError, match="real numbers"):
        Tensor(["a", "b"])


def test_repr_item_len_and_properties():
    t = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert "requires_grad=True" in repr(t)
    assert len(t) == 2 and t.shape == (2, 2) and t.ndim == 2 and t.size == 4
    assert t.sum().item() == 10.0


# ------------------------------------------------------------------ grad_check and numerical_gradient
def test_grad_check_catches_a_wrong_vjp():
    def bad_tanh(a):
        out = np.tanh(a)
        return out, (lambda g: g * (1 - out),)       # forgot the square

    x = Tensor(draw((4,), 0), requires_grad=True)
    assert grad_check(lambda x: apply_op(bad_tanh, x), x) > 1e-2
    assert grad_check(lambda x: x.tanh(), x) < 1e-7


def test_grad_check_leaves_existing_grads_alone_and_needs_float64():
    x = Tensor(draw((3,), 0), requires_grad=True)
    x.grad = np.full(3, 7.0)
    grad_check(lambda x: (x * x).sum(), x)
    np.testing.assert_array_equal(x.grad, 7.0)
    with pytest.raises(ValueError, match="float64"):
        grad_check(lambda x: x.sum(), Tensor(np.ones(2, np.float32), requires_grad=True))
    with pytest.raises(ValueError, match="requires_grad"):
        grad_check(lambda x: x.sum(), Tensor(np.ones(2)))


def test_numerical_gradient_matches_an_analytic_gradient():
    x = np.array([0.3, -1.2, 2.0])
    g = numerical_gradient(lambda: float(np.sum(np.sin(x) * x)), x)
    np.testing.assert_allclose(g, np.cos(x) * x + np.sin(x), rtol=1e-8)
    np.testing.assert_array_equal(x, [0.3, -1.2, 2.0])      # restored exactly
    ro = np.ones(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        numerical_gradient(lambda: 0.0, ro)
