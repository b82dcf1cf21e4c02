# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.linear_model (from chapters/02-classical/08-linear-regression.pmd, chapters/02-classical/09-logistic-regression-and-glms.pmd)."""
from .coordinate_descent import ElasticNet, Lasso, enet_path, lasso_path
from .logistic import LogisticRegression
from .ols import LinearRegression
from .poisson import PoissonRegressor
from .ridge import Ridge

__all__ = ['ElasticNet', 'Lasso', 'enet_path', 'lasso_path', 'LogisticRegression', 'LinearRegression', 'PoissonRegressor', 'Ridge']
