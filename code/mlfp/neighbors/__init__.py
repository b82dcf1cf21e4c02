# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.neighbors (from chapters/02-classical/13-nearest-neighbours.pmd)."""
from .brute import WORKING_MEMORY, brute_kneighbors
from .classification import KNeighborsClassifier
from .kd_tree import KDTree

__all__ = ['WORKING_MEMORY', 'brute_kneighbors', 'KNeighborsClassifier', 'KDTree']
