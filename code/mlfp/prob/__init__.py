# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.prob (from chapters/01-foundations/03-probability-and-statistics.pmd)."""
from .densities import normal_logpdf, bernoulli_logpmf, categorical_logpmf, poisson_logpmf, gamma_logpdf, beta_logpdf
from .estimation import normal_mle, bernoulli_mle, beta_bernoulli_posterior, bernoulli_map, monte_carlo_bias_variance, bootstrap_ci
from .mvn import MultivariateNormal

__all__ = ['normal_logpdf', 'bernoulli_logpmf', 'categorical_logpmf', 'poisson_logpmf', 'gamma_logpdf', 'beta_logpdf', 'normal_mle', 'bernoulli_mle', 'beta_bernoulli_posterior', 'bernoulli_map', 'monte_carlo_bias_variance', 'bootstrap_ci', 'MultivariateNormal']
