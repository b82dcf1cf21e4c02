# GENERATED FILE: do not edit. It is tangled from chapters/00-front/01-how-this-book-checks-itself.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/00-front/01-how-this-book-checks-itself.pmd:627
"""Input checks shared by every module of mlfp (private: use through the estimators)."""
import numbers

import numpy as np

from mlfp.exceptions import NotFittedError


def check_array(A, name="X", ndim=2, min_samples=1, allow_nan=False, dtype=np.float64):
    """Return A as a float64 ndarray with `ndim` dimensions, or raise ValueError saying why."""
    try:
        arr = np.asarray(A)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} could not be converted to an array: {exc}") from None
    if np.iscomplexobj(arr):
        raise ValueError(f"{name} is complex; mlfp works with real numbers only")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    arr = arr.astype(dtype, copy=False)
    if ndim is not None and arr.ndim != ndim:
        shape_hint = " (reshape a single feature with X.reshape(-1, 1))" if ndim == 2 and arr.ndim == 1 else ""
        raise ValueError(f"{name} must be {ndim}-D, got {arr.ndim}-D with shape {arr.shape}{shape_hint}")
    if arr.size == 0 or (arr.ndim >= 1 and arr.shape[0] < min_samples):
        raise ValueError(f"{name} has shape {arr.shape}: need at least {min_samples} sample(s) and "
                         f"no empty dimension")
    if not allow_nan and not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(f"{name} contains {bad}")
    return arr


def check_square(A, name="A"):
    """A finite, square 2-D float array."""
    A = check_array(A, name=name, ndim=2)
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"{name} must be square, got shape {A.shape}")
    return A


def check_X_y(X, y, min_samples=1):
    """Validate a design matrix and a target of matching length."""
    X = check_array(X, "X", ndim=2, min_samples=min_samples)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    if len(y) != len(X):
        raise ValueError(f"X and y have different lengths: {len(X)} and {len(y)}")
    return X, y


# chapters/00-front/01-how-this-book-checks-itself.pmd:683
def check_random_state(random_state):
    """int | None | np.random.Generator -> np.random.Generator."""
    if random_state is None or isinstance(random_state, (numbers.Integral, np.integer)):
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise ValueError(f"random_state must be an int, None or a numpy Generator, got {random_state!r}")


def check_scalar(value, name, kind=numbers.Real, low=None, high=None, low_open=False, high_open=False):
    """Raise ValueError unless value is a `kind` in the given interval."""
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ValueError(f"{name} must be {kind.__name__}, got {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {value!r}")
    return value


def check_is_fitted(estimator, attribute):
    """Raise NotFittedError if `attribute` (ending in _) was not set by fit()."""
    if not hasattr(estimator, attribute):
        raise NotFittedError(f"this {type(estimator).__name__} is not fitted yet; call fit() first")


def check_fitted_input(estimator, X, attribute):
    """X for predict/transform: the estimator is fitted, X is valid and has the fitted width."""
    check_is_fitted(estimator, attribute)
    X = check_array(X)
    if X.shape[1] != estimator.n_features_in_:
        raise ValueError(f"X has {X.shape[1]} features, but this {type(estimator).__name__} was "
                         f"fitted with {estimator.n_features_in_}")
    return X
