# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.info (from chapters/01-foundations/05-information-theory.pmd)."""
from .discrete import entropy, cross_entropy, kl_divergence, mutual_information
from .estimators import plugin_entropy, contingency_table, plugin_mutual_information
from .gaussian import gaussian_kl

__all__ = ['entropy', 'cross_entropy', 'kl_divergence', 'mutual_information', 'plugin_entropy', 'contingency_table', 'plugin_mutual_information', 'gaussian_kl']
