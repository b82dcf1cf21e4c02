# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp: Machine Learning from First Principles, the library tangled from the book."""
from ._version import __version__

import importlib as _importlib
_SUBPACKAGES = ('cluster', 'data', 'decomposition', 'ensemble', 'info', 'linalg', 'linear_model', 'mixture', 'neighbors', 'nn', 'optim', 'prob', 'svm', 'tree', 'base', 'derive', 'exceptions')

def __getattr__(name):  # import subpackages on first use
    if name in _SUBPACKAGES:
        return _importlib.import_module(f'{__name__}.{name}')
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')

__all__ = ['__version__', 'cluster', 'data', 'decomposition', 'ensemble', 'info', 'linalg', 'linear_model', 'mixture', 'neighbors', 'nn', 'optim', 'prob', 'svm', 'tree', 'base', 'derive', 'exceptions']
