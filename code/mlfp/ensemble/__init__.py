# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.ensemble (from chapters/02-classical/11-ensembles.pmd)."""
from .adaboost import samme_alpha, adaboost_samme, AdaBoostClassifier
from .forest import bootstrap_counts, grow_forest, forest_predict, oob_predict, RandomForestClassifier, RandomForestRegressor
from .gradient_boosting import fit_residual_tree, newton_leaf_values, gradient_boost, GradientBoostingRegressor, GradientBoostingClassifier

__all__ = ['samme_alpha', 'adaboost_samme', 'AdaBoostClassifier', 'bootstrap_counts', 'grow_forest', 'forest_predict', 'oob_predict', 'RandomForestClassifier', 'RandomForestRegressor', 'fit_residual_tree', 'newton_leaf_values', 'gradient_boost', 'GradientBoostingRegressor', 'GradientBoostingClassifier']
