# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/16-automatic-differentiation.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/16-automatic-differentiation.pmd:579
"""Tensor: a NumPy array that records how it was computed, for reverse-mode autodiff."""
import numbers

import numpy as np

from mlfp.nn import ops

_grad_enabled = True


class no_grad:
    """Context manager: operations inside it record no graph (like torch.no_grad)."""

    def __enter__(self):
        global _grad_enabled
        self._previous, _grad_enabled = _grad_enabled, False
        return self

    def __exit__(self, *exc_info):
        global _grad_enabled
        _grad_enabled = self._previous
        return False


def is_grad_enabled():
    """False inside a no_grad block."""
    return _grad_enabled


# chapters/03-neural/16-automatic-differentiation.pmd:618
def _float_array(data):
    arr = np.asarray(data.data if isinstance(data, Tensor) else data)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    raise ValueError(f"Tensor data must be real numbers, got dtype {arr.dtype}")


def _wrap(data):
    """A tensor around an array we just computed (no conversion, no checks)."""
    t = Tensor.__new__(Tensor)
    t.data, t.grad, t.requires_grad, t._parents, t._vjps = np.asarray(data), None, False, (), ()
    return t


def _lift(x, dtype):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Number):            # Python numbers follow the tensor's precision
        return _wrap(np.asarray(x, dtype=dtype))
    return Tensor(x)


def apply_op(op, *inputs, **options):
    """Run the primitive `op` (see mlfp.nn.ops) on tensors, recording it for backward."""
    dtype = next((x.data.dtype for x in inputs if isinstance(x, Tensor)), np.float64)
    tensors = tuple(_lift(x, dtype) for x in inputs)
    data, vjps = op(*(t.data for t in tensors), **options)
    out = _wrap(data)
    if _grad_enabled and any(t.requires_grad for t in tensors):
        out.requires_grad, out._parents, out._vjps = True, tensors, vjps
    return out


# chapters/03-neural/16-automatic-differentiation.pmd:663
def _topological_order(root):
    """Every node that root depends on and that requires grad, parents before children."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, emit = stack.pop()
        if emit:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))                       # emitted after everything pushed below
        stack.extend((p, False) for p in node._parents if p.requires_grad and id(p) not in seen)
    return order


# chapters/03-neural/16-automatic-differentiation.pmd:691
def _backward(root, grad=None):
    if not root.requires_grad:
        raise ValueError("backward: this tensor does not require grad (no input had "
                         "requires_grad=True, or it was computed inside no_grad)")
    if grad is None:
        if root.data.size != 1:
            raise ValueError(f"backward: grad can be omitted only for a one-element tensor; this one "
                             f"has shape {root.shape}, so pass grad= an array of that shape")
        grad = np.ones_like(root.data)
    grad = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=root.data.dtype)
    if grad.shape != root.shape:
        raise ValueError(f"backward: grad has shape {grad.shape} but the tensor has shape {root.shape}")
    adjoints = {id(root): grad}
    for node in reversed(_topological_order(root)):
        g = adjoints.pop(id(node), None)
        if g is None:
            continue
        if not node._parents:                            # a leaf: accumulate, as PyTorch does
            node.grad = np.array(g) if node.grad is None else node.grad + g
            continue
        for parent, vjp in zip(node._parents, node._vjps):
            if parent.requires_grad:
                gp = vjp(g)
                key = id(parent)
                adjoints[key] = gp if key not in adjoints else adjoints[key] + gp


# chapters/03-neural/16-automatic-differentiation.pmd:725
class Tensor:
    """An array that records the operations applied to it, for reverse-mode differentiation."""

    __slots__ = ("data", "grad", "requires_grad", "_parents", "_vjps")
    __array_ufunc__ = None                  # ndarray (op) Tensor -> Tensor's reflected operator

    def __init__(self, data, requires_grad=False):
        self.data = _float_array(data)
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self._parents, self._vjps = (), ()

    shape = property(lambda self: self.data.shape)
    ndim = property(lambda self: self.data.ndim)
    size = property(lambda self: self.data.size)
    dtype = property(lambda self: self.data.dtype)
    is_leaf = property(lambda self: not self._parents)
    T = property(lambda self: self.transpose())

    def __repr__(self):
        flag = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({np.array2string(self.data, precision=4, separator=', ')}{flag})"

    def __len__(self):
        return len(self.data)

    def numpy(self):
        return self.data

    def item(self):
        return self.data.item()

    def detach(self):
        return Tensor(self.data)

    def backward(self, grad=None):
        _backward(self, grad)

    def __add__(self, other): return apply_op(ops.add, self, other)
    def __radd__(self, other): return apply_op(ops.add, other, self)
    def __sub__(self, other): return apply_op(ops.sub, self, other)
    def __rsub__(self, other): return apply_op(ops.sub, other, self)
    def __mul__(self, other): return apply_op(ops.mul, self, other)
    def __rmul__(self, other): return apply_op(ops.mul, other, self)
    def __truediv__(self, other): return apply_op(ops.div, self, other)
    def __rtruediv__(self, other): return apply_op(ops.div, other, self)
    def __pow__(self, other): return apply_op(ops.power, self, other)
    def __rpow__(self, other): return apply_op(ops.power, other, self)
    def __matmul__(self, other): return apply_op(ops.matmul, self, other)
    def __rmatmul__(self, other): return apply_op(ops.matmul, other, self)
    def __neg__(self): return apply_op(ops.neg, self)

    def __getitem__(self, index):
        items = index if isinstance(index, tuple) else (index,)
        if any(isinstance(i, Tensor) for i in items):
            raise TypeError("index a Tensor with ints, slices or integer ndarrays, not with a Tensor")
        return apply_op(ops.getitem, self, index=index)

    def sum(self, axis=None, keepdims=False): return apply_op(ops.reduce_sum, self, axis=axis, keepdims=keepdims)
    def mean(self, axis=None, keepdims=False): return apply_op(ops.reduce_mean, self, axis=axis, keepdims=keepdims)
    def max(self, axis=None, keepdims=False): return apply_op(ops.reduce_max, self, axis=axis, keepdims=keepdims)
    def exp(self): return apply_op(ops.exp, self)
    def log(self): return apply_op(ops.log, self)
    def tanh(self): return apply_op(ops.tanh, self)
    def sigmoid(self): return apply_op(ops.sigmoid, self)
    def relu(self): return apply_op(ops.relu, self)

    def reshape(self, *shape):
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return apply_op(ops.reshape, self, shape=shape)

    def transpose(self, *axes):
        axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return apply_op(ops.transpose, self, axes=axes or None)


# chapters/03-neural/16-automatic-differentiation.pmd:806
def concatenate(tensors, axis=0):
    """Join a sequence of tensors along an existing axis (like np.concatenate)."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("concatenate: need at least one tensor")
    return apply_op(ops.concatenate, *tensors, axis=axis)


def stack(tensors, axis=0):
    """Join a sequence of same-shaped tensors along a new axis (like np.stack)."""
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("stack: need at least one tensor")
    ax = axis % (tensors[0].ndim + 1)
    return concatenate([t.reshape(t.shape[:ax] + (1,) + t.shape[ax:]) for t in tensors], axis=ax)
