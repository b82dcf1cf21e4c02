# GENERATED FILE: do not edit. It is tangled from chapters/01-foundations/03-probability-and-statistics.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/01-foundations/03-probability-and-statistics.pmd:750
"""Maximum likelihood, MAP, Monte Carlo bias/variance and the bootstrap."""
import numbers

import numpy as np

from mlfp._validation import check_array, check_random_state, check_scalar


def normal_mle(x):
    """(mean, variance) maximising the normal likelihood of x; the variance divides by n."""
    x = check_array(x, "x", ndim=1)
    mean = x.mean()
    return float(mean), float(np.mean((x - mean) ** 2))


def _binary(x):
    x = check_array(x, "x", ndim=1)
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("x must contain only 0 and 1")
    return x


def bernoulli_mle(x):
    """k / n for binary observations x."""
    return float(_binary(x).mean())


def beta_bernoulli_posterior(x, a=1.0, b=1.0):
    """Parameters (a + k, b + n - k) of the Beta posterior after binary observations x."""
    x = _binary(x)
    check_scalar(a, "a", low=0, low_open=True)
    check_scalar(b, "b", low=0, low_open=True)
    k = float(x.sum())
    return a + k, b + len(x) - k


def bernoulli_map(x, a=1.0, b=1.0):
    """Posterior mode (a + k - 1) / (a + b + n - 2) under a Beta(a, b) prior, a, b >= 1."""
    check_scalar(a, "a", low=1)
    check_scalar(b, "b", low=1)
    alpha, beta = beta_bernoulli_posterior(x, a, b)
    return (alpha - 1.0) / (alpha + beta - 2.0)


# chapters/01-foundations/03-probability-and-statistics.pmd:854
def monte_carlo_bias_variance(estimator, sampler, true_value, n, n_rep=10_000,
                              random_state=None):
    """Bias, variance and MSE of estimator(x, axis=1) over n_rep samples of size n.

    sampler(rng, shape) must return an array of that shape; returns a dict with
    bias, variance, mse and the Monte Carlo standard error of the bias.
    """
    check_scalar(n, "n", numbers.Integral, low=1)
    check_scalar(n_rep, "n_rep", numbers.Integral, low=2)
    rng = check_random_state(random_state)
    x = np.asarray(sampler(rng, (n_rep, n)), dtype=float)
    est = np.asarray(estimator(x, axis=1), dtype=float)
    if est.shape != (n_rep,):
        raise ValueError(f"estimator(x, axis=1) must return shape ({n_rep},), "
                         f"got {est.shape}")
    err = est - true_value
    return {"bias": float(err.mean()), "variance": float(est.var(ddof=1)),
            "mse": float(np.mean(err ** 2)),
            "se_bias": float(est.std(ddof=1) / np.sqrt(n_rep))}


# chapters/01-foundations/03-probability-and-statistics.pmd:970
def _bootstrap_replicates(x, statistic, n_boot, rng, max_entries=2 ** 20):
    n = x.shape[0]
    reps = np.empty(n_boot)
    batch = max(1, max_entries // n)
    for start in range(0, n_boot, batch):
        m = min(batch, n_boot - start)
        out = np.asarray(statistic(x[rng.integers(0, n, size=(m, n))], axis=1), dtype=float)
        if out.shape != (m,):
            raise ValueError("statistic(x, axis=1) must return one value per resample, "
                             f"got shape {out.shape}")
        reps[start:start + m] = out
    return reps


def bootstrap_ci(x, statistic=np.mean, n_boot=2000, alpha=0.05, method="percentile",
                 random_state=None):
    """(low, high) bootstrap confidence interval for statistic(x), which must take axis=.

    method is 'percentile' ([q_lo, q_hi]) or 'basic' ([2 theta - q_hi, 2 theta - q_lo]).
    """
    x = check_array(x, "x", ndim=1, min_samples=2)
    check_scalar(n_boot, "n_boot", numbers.Integral, low=1)
    check_scalar(alpha, "alpha", low=0, high=1, low_open=True, high_open=True)
    if method not in ("percentile", "basic"):
        raise ValueError(f"method must be 'percentile' or 'basic', got {method!r}")
    reps = _bootstrap_replicates(x, statistic, n_boot, check_random_state(random_state))
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    if method == "basic":
        theta = float(statistic(x, axis=0))
        lo, hi = 2 * theta - hi, 2 * theta - lo
    return float(lo), float(hi)
