# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/04-optimization.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/04-optimization.pmd:590
"""Update rules: each maps (x, f(x), g(x)) to the next iterate; state lives in a closure."""
from collections import deque

import numpy as np

from mlfp.optim.line_search import armijo_backtracking, wolfe_line_search

__all__ = ["newton_direction", "lbfgs_direction"]   # the rules themselves are used by minimize


class _Stop(Exception):
    """Raised by an update rule that cannot make progress; the message says why."""


def gd_rule(learning_rate):
    def update(x, f, g):
        return x - learning_rate * g
    return update


def gd_armijo_rule(objective, t0):
    t_prev = t0

    def update(x, f, g):
        nonlocal t_prev
        found = armijo_backtracking(objective.value, x, f, g, -g, t0=min(t0, 2 * t_prev),
                                    grad=objective.grad)
        if found is None:
            raise _Stop("line search failed: no step decreases f by the Armijo condition "
                        "(the decrease is below the rounding error of f)")
        t_prev = found[0]
        return x - t_prev * g
    return update


# chapters/01-foundations/04-optimization.pmd:632
def heavy_ball_rule(learning_rate, momentum):
    x_prev = None

    def update(x, f, g):
        nonlocal x_prev
        step = -learning_rate * g if x_prev is None else -learning_rate * g + momentum * (x - x_prev)
        x_prev = x
        return x + step
    return update


def nesterov_rule(learning_rate, momentum):
    x_prev = None                       # x_k; the loop's iterate is the look-ahead point y_k

    def update(y, f, g):
        nonlocal x_prev
        if x_prev is None:
            x_prev = y                  # y_0 = x_0
        x_next = y - learning_rate * g
        y_next = x_next + momentum * (x_next - x_prev)
        x_prev = x_next
        return y_next
    return update


# chapters/01-foundations/04-optimization.pmd:660
def adagrad_rule(learning_rate, eps):
    G = 0.0

    def update(x, f, g):
        nonlocal G
        G = G + g * g
        return x - learning_rate * g / (np.sqrt(G) + eps)
    return update


def rmsprop_rule(learning_rate, decay, eps):
    s = 0.0

    def update(x, f, g):
        nonlocal s
        s = decay * s + (1 - decay) * g * g
        return x - learning_rate * g / (np.sqrt(s) + eps)
    return update


def adam_rule(learning_rate, beta1, beta2, eps):
    m = v = 0.0
    k = 0

    def update(x, f, g):
        nonlocal m, v, k
        k += 1
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat, v_hat = m / (1 - beta1 ** k), v / (1 - beta2 ** k)
        return x - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return update


# chapters/01-foundations/04-optimization.pmd:706
from mlfp.linalg import solve


def newton_direction(H, g):
    """The Newton step p solving H p = -g (LU with partial pivoting)."""
    return -solve(H, g)


def newton_rule(objective, t0, line_search):
    def update(x, f, g):
        H = objective.hessian(x)               # validated: a bad shape or NaN is the caller's error
        try:
            p = newton_direction(H, g)
        except ValueError as exc:          # mlfp.linalg.solve: singular to working precision
            raise _Stop(f"the Hessian is singular, so Newton's step is undefined ({exc})") from None
        if line_search == "armijo" and g @ p < 0:
            found = armijo_backtracking(objective.value, x, f, g, p, t0=t0, grad=objective.grad)
            if found is None:
                raise _Stop("line search failed along the Newton direction")
            return x + found[0] * p
        return x + t0 * p          # no line search, or H is not positive definite along p
    return update


# chapters/01-foundations/04-optimization.pmd:737
def lbfgs_direction(g, s_list, y_list):
    """-B g for the L-BFGS inverse-Hessian approximation B built from the pairs (s_i, y_i)."""
    q = np.array(g, dtype=float)
    alphas = []
    for s, y in zip(reversed(s_list), reversed(y_list)):      # newest to oldest
        rho = 1.0 / (y @ s)
        a = rho * (s @ q)
        q -= a * y
        alphas.append((rho, a))
    gamma = (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1]) if len(s_list) else 1.0
    r = gamma * q
    for (s, y), (rho, a) in zip(zip(s_list, y_list), reversed(alphas)):   # oldest to newest
        b = rho * (y @ r)
        r += (a - b) * s
    return -r


# chapters/01-foundations/04-optimization.pmd:762
def lbfgs_rule(objective, t0, line_search, memory):
    S, Y = deque(maxlen=memory), deque(maxlen=memory)

    def search(x, f, g, p, t):
        if line_search == "wolfe":
            found = wolfe_line_search(objective.value_and_grad, x, f, g, p, t0=t)
        else:
            found = armijo_backtracking(objective.value, x, f, g, p, t0=t, grad=objective.grad)
        return None if found is None else found[0]

    def update(x, f, g):
        p = lbfgs_direction(g, S, Y)
        t = search(x, f, g, p, t0 if S else min(t0, 1.0 / np.linalg.norm(g)))
        if t is None and S:                     # restart from steepest descent
            S.clear(), Y.clear()
            p = -g
            t = search(x, f, g, p, min(t0, 1.0 / np.linalg.norm(g)))
        if t is None:
            raise _Stop("line search failed: no step along the search direction satisfies the "
                        f"{line_search} conditions (the decrease is below the rounding error of f)")
        x_next = x + t * p
        s, y = x_next - x, objective.grad(x_next) - g
        if s @ y > 1e-10 * np.linalg.norm(s) * np.linalg.norm(y):
            S.append(s), Y.append(y)
        return x_next
    return update
