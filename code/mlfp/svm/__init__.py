# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.svm (from chapters/02-classical/12-svms-and-kernels.pmd)."""
from .kernel_ridge import KernelRidge
from .kernels import squared_distances, linear_kernel, polynomial_kernel, rbf_kernel, sigmoid_kernel, KERNELS, pairwise_kernel
from .smo import smo
from .svc import SVC

__all__ = ['KernelRidge', 'squared_distances', 'linear_kernel', 'polynomial_kernel', 'rbf_kernel', 'sigmoid_kernel', 'KERNELS', 'pairwise_kernel', 'smo', 'SVC']
