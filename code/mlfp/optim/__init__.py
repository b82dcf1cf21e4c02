# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.optim (from chapters/01-foundations/04-optimization.pmd)."""
from .line_search import armijo_backtracking, wolfe_line_search
from .minimize import METHODS, minimize
from .objective import OptimizeResult, finite_difference_gradient
from .proximal import soft_threshold, prox_l1, project_box, proximal_gradient, projected_gradient
from .rules import newton_direction, lbfgs_direction

__all__ = ['armijo_backtracking', 'wolfe_line_search', 'METHODS', 'minimize', 'OptimizeResult', 'finite_difference_gradient', 'soft_threshold', 'prox_l1', 'project_box', 'proximal_gradient', 'projected_gradient', 'newton_direction', 'lbfgs_direction']
