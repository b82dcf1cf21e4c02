# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:779
"""Optimisers with torch.optim's update rules: SGD (momentum, Nesterov, weight decay), Adam, AdamW."""
import numbers

import numpy as np

from mlfp._validation import check_scalar
from mlfp.nn.tensor import Tensor


def _sgd_update(param, grad, state, lr, momentum, dampening, weight_decay, nesterov):
    if weight_decay:
        grad = grad + weight_decay * param
    if momentum:
        buf = state.get("momentum_buffer")
        buf = grad.copy() if buf is None else momentum * buf + (1 - dampening) * grad
        state["momentum_buffer"] = buf
        grad = grad + momentum * buf if nesterov else buf
    return param - lr * grad


# chapters/03-neural/17-multilayer-perceptrons.pmd:805
def _adam_update(param, grad, state, lr, beta1, beta2, eps, weight_decay, decoupled):
    if weight_decay and decoupled:
        param = param * (1 - lr * weight_decay)          # AdamW: shrink the weight itself
    elif weight_decay:
        grad = grad + weight_decay * param               # Adam: L2 penalty in the gradient
    t = state["step"] = state.get("step", 0) + 1
    m = state["exp_avg"] = beta1 * state.get("exp_avg", 0.0) + (1 - beta1) * grad
    v = state["exp_avg_sq"] = beta2 * state.get("exp_avg_sq", 0.0) + (1 - beta2) * grad * grad
    denom = np.sqrt(v) / np.sqrt(1 - beta2 ** t) + eps
    return param - (lr / (1 - beta1 ** t)) * m / denom


# chapters/03-neural/17-multilayer-perceptrons.pmd:822
class Optimizer:
    """Holds the parameters and per-parameter state; subclasses define _update."""

    def __init__(self, params, lr):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor) or not p.requires_grad:
                raise ValueError(f"parameter {i} is not a Tensor with requires_grad=True")
        self.lr = check_scalar(lr, "lr", numbers.Real, low=0.0)
        self.state = [{} for _ in self.params]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        for p, state in zip(self.params, self.state):
            if p.grad is not None:
                p.data = self._update(p.data, p.grad, state).astype(p.data.dtype, copy=False)


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr)
        self.momentum = check_scalar(momentum, "momentum", numbers.Real, low=0.0)
        self.dampening = check_scalar(dampening, "dampening", numbers.Real, low=0.0, high=1.0)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", numbers.Real, low=0.0)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum > 0 and zero dampening")
        self.nesterov = bool(nesterov)

    def _update(self, param, grad, state):
        return _sgd_update(param, grad, state, self.lr, self.momentum, self.dampening,
                           self.weight_decay, self.nesterov)


class Adam(Optimizer):
    _decoupled = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {betas!r}")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = check_scalar(eps, "eps", numbers.Real, low=0.0)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", numbers.Real, low=0.0)

    def _update(self, param, grad, state):
        return _adam_update(param, grad, state, self.lr, *self.betas, self.eps, self.weight_decay,
                            self._decoupled)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter); PyTorch's default decay 0.01."""

    _decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, lr, betas, eps, weight_decay)
