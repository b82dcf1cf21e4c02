# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/06-pca-vs-autoencoder.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/06-pca-vs-autoencoder.pmd:491
"""A small autoencoder in NumPy: MLP encoder and decoder, hand-derived backpropagation,
trained with Adam or with SGD and momentum."""
import functools
import numbers
import warnings

import numpy as np

from mlfp._validation import check_array, check_is_fitted, check_random_state, check_scalar
from mlfp.base import BaseEstimator, TransformerMixin
from mlfp.exceptions import ConvergenceWarning


def _sigmoid(A):
    return 0.5 * (1.0 + np.tanh(0.5 * A))           # equals 1 / (1 + e^-A), without overflow


# name: (f, f' written as a function of the layer's output Z = f(A); None means f' = 1)
_ACTIVATIONS = {
    "tanh": (np.tanh, lambda Z: 1.0 - Z * Z),
    "sigmoid": (_sigmoid, lambda Z: Z * (1.0 - Z)),
    "relu": (lambda A: np.maximum(A, 0.0), lambda Z: (Z > 0.0).astype(Z.dtype)),
    "linear": (lambda A: A, None),
}


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:527
def _layer_sizes(n_features, hidden_sizes, n_components):
    """Encoder d -> h_1 -> ... -> k; the decoder is its mirror image k -> ... -> h_1 -> d."""
    hidden = list(hidden_sizes)
    return [n_features, *hidden, n_components, *hidden[::-1], n_features]


def _layer_activations(n_hidden, activation):
    """One activation per layer: the code layer and the output layer are linear."""
    return [activation] * n_hidden + ["linear"] + [activation] * n_hidden + ["linear"]


def _views(theta, sizes):
    """[W_1, b_1, W_2, b_2, ...] as views into the flat parameter vector theta (no copies)."""
    params, start = [], 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        W = theta[start:start + fan_in * fan_out].reshape(fan_in, fan_out)
        start += fan_in * fan_out
        params += [W, theta[start:start + fan_out]]
        start += fan_out
    return params


def _init_params(sizes, rng):
    """Flat vector of Glorot-uniform weights (W_l is s_{l-1} x s_l) and zero biases."""
    n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    theta = np.zeros(n_params)
    for W in _views(theta, sizes)[0::2]:
        limit = np.sqrt(6.0 / (W.shape[0] + W.shape[1]))
        W[...] = rng.uniform(-limit, limit, size=W.shape)
    return theta


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:564
def _forward(params, X, activations, start=0, stop=None):
    """Outputs [Z_start, ..., Z_stop] of layers start+1..stop, with Z_start = X."""
    stop = len(activations) if stop is None else stop
    Z = [X]
    for l in range(start, stop):
        f = _ACTIVATIONS[activations[l]][0]
        Z.append(f(Z[-1] @ params[2 * l] + params[2 * l + 1]))
    return Z


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:579
def _backward(params, Z, G, activations):
    """Gradients [dW_1, db_1, ...] from the layer outputs Z and G = dL/dZ_L (the layer rule)."""
    grads = [None] * len(params)
    for l in reversed(range(len(activations))):
        fprime = _ACTIVATIONS[activations[l]][1]
        dA = G if fprime is None else G * fprime(Z[l + 1])  # Delta (.) f'(A)
        grads[2 * l] = Z[l].T @ dA                           # X^T (Delta (.) f'(A))
        grads[2 * l + 1] = dA.sum(axis=0)                    # (Delta (.) f'(A))^T 1
        if l > 0:
            G = dA @ params[2 * l].T                         # passed down: (...) W^T
    return grads


def _loss_and_grad(theta, X, sizes, activations):
    """L = ||X_hat - X||_F^2 / (2m) on a batch of m rows, and its gradient as a flat vector."""
    params = _views(theta, sizes)
    Z = _forward(params, X, activations)
    R = Z[-1] - X
    m = X.shape[0]
    grads = _backward(params, Z, R / m, activations)
    return 0.5 * np.sum(R * R) / m, np.concatenate([g.ravel() for g in grads])


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:610
def _adam_step(theta, grad, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step on the flat parameter vector, in place (moments m, v, bias-corrected)."""
    state["t"] += 1
    m, v = state["m"], state["v"]
    m += (1.0 - beta1) * (grad - m)
    v += (1.0 - beta2) * (grad * grad - v)
    m_hat = m / (1.0 - beta1 ** state["t"])
    v_hat = v / (1.0 - beta2 ** state["t"])
    theta -= lr * m_hat / (np.sqrt(v_hat) + eps)


def _momentum_step(theta, grad, state, lr, momentum):
    """One step of gradient descent with heavy-ball momentum, in place."""
    u = state["m"]
    u *= momentum
    u -= lr * grad
    theta += u


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:635
def _epoch(theta, X, sizes, activations, step, rng, batch_size):
    """One pass over X in shuffled mini-batches; returns the mean per-sample squared error."""
    n = X.shape[0]
    order = rng.permutation(n)
    total = 0.0
    for start in range(0, n, batch_size):
        batch = X[order[start:start + batch_size]]
        loss, grad = _loss_and_grad(theta, batch, sizes, activations)
        step(theta, grad)
        total += 2.0 * loss * batch.shape[0]
    return total / n


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:652
def _check_hyperparameters(ae):
    """Validate an Autoencoder's hyper-parameters; return its hidden sizes as a tuple."""
    hidden = ae.hidden_sizes
    hidden = (hidden,) if isinstance(hidden, numbers.Integral) else tuple(hidden)
    for h in hidden:
        check_scalar(h, "each hidden size", numbers.Integral, low=1)
    if ae.activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, "
                         f"got {ae.activation!r}")
    if ae.solver not in ("adam", "sgd"):
        raise ValueError(f"solver must be 'adam' or 'sgd', got {ae.solver!r}")
    check_scalar(ae.n_components, "n_components", numbers.Integral, low=1)
    check_scalar(ae.learning_rate, "learning_rate", low=0.0, low_open=True)
    check_scalar(ae.max_epochs, "max_epochs", numbers.Integral, low=1)
    check_scalar(ae.batch_size, "batch_size", numbers.Integral, low=1)
    check_scalar(ae.momentum, "momentum", low=0.0, high=1.0, high_open=True)
    return hidden


def _make_step(solver, n_params, learning_rate, momentum):
    """The optimiser as a function step(theta, grad) that carries its own state."""
    state = {"t": 0, "m": np.zeros(n_params), "v": np.zeros(n_params)}
    if solver == "adam":
        return functools.partial(_adam_step, state=state, lr=learning_rate)
    return functools.partial(_momentum_step, state=state, lr=learning_rate, momentum=momentum)


def _check_width(A, width, name, what):
    if A.shape[1] != width:
        raise ValueError(f"{name} has {A.shape[1]} {what}, but the autoencoder expects {width}")
    return A


# chapters/01-foundations/06-pca-vs-autoencoder.pmd:694
class Autoencoder(TransformerMixin, BaseEstimator):
    """Autoencoder d -> hidden_sizes -> n_components -> reversed(hidden_sizes) -> d, trained
    on the mean squared reconstruction error. Hidden layers use `activation`; the code and
    output layers are linear."""

    def __init__(self, hidden_sizes=(64,), activation="tanh", n_components=2,
                 learning_rate=3e-3, max_epochs=100, batch_size=64, solver="adam",
                 momentum=0.9, random_state=None):
        self.hidden_sizes, self.activation = hidden_sizes, activation
        self.n_components, self.learning_rate = n_components, learning_rate
        self.max_epochs, self.batch_size = max_epochs, batch_size
        self.solver, self.momentum, self.random_state = solver, momentum, random_state

    def fit(self, X, y=None):
        X = self._start(check_array(X, "X"), reset=True)
        for _ in range(self.max_epochs):
            if not self._train_epoch(X):
                break
        return self

    def partial_fit(self, X, y=None):
        """Train one more epoch on X (initialising the network on the first call)."""
        X = self._start(check_array(X, "X"), reset=not hasattr(self, "theta_"))
        self._train_epoch(X)
        return self

    def transform(self, X):
        """The codes Z = encoder(X), shape (n_samples, n_components)."""
        check_is_fitted(self, "theta_")
        X = _check_width(check_array(X, "X"), self.n_features_in_, "X", "features")
        return _forward(self._params(), X, self._acts, 0, len(self._acts) // 2)[-1]

    def inverse_transform(self, Z):
        """The reconstructions decoder(Z), shape (n_samples, n_features)."""
        check_is_fitted(self, "theta_")
        Z = _check_width(check_array(Z, "Z"), self.n_components, "Z", "columns")
        return _forward(self._params(), Z, self._acts, len(self._acts) // 2)[-1]

    @property
    def coefs_(self):
        """The weight matrices W_1, ..., W_L (views into theta_)."""
        return self._params()[0::2]

    @property
    def intercepts_(self):
        return self._params()[1::2]

    def _params(self):
        check_is_fitted(self, "theta_")
        return _views(self.theta_, self._sizes)

    def _start(self, X, reset):
        hidden = _check_hyperparameters(self)
        if reset:
            self._rng = check_random_state(self.random_state)
            self._acts = _layer_activations(len(hidden), self.activation)
            self._sizes = _layer_sizes(X.shape[1], hidden, self.n_components)
            self.theta_ = _init_params(self._sizes, self._rng)
            self._step = _make_step(self.solver, self.theta_.size, self.learning_rate,
                                    self.momentum)
            self.n_features_in_, self.loss_curve_, self.n_iter_ = X.shape[1], [], 0
        return _check_width(X, self.n_features_in_, "X", "features")

    def _train_epoch(self, X):
        loss = _epoch(self.theta_, X, self._sizes, self._acts, self._step, self._rng,
                      self.batch_size)
        self.loss_curve_.append(loss)
        self.n_iter_ += 1
        if not np.isfinite(loss):
            warnings.warn(f"the training loss became {loss} in epoch {self.n_iter_}: training "
                          "diverged; lower learning_rate or standardise the features",
                          ConvergenceWarning)
            return False
        return True
