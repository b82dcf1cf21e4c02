# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.tree (from chapters/02-classical/10-decision-trees.pmd)."""
from .criteria import LN2, gini_impurity, entropy_impurity, variance_impurity, node_impurity, split_score
from .estimators import tree_params, check_sample_weight, class_stats, DecisionTreeClassifier, DecisionTreeRegressor
from .growth import EPSILON, FEATURE_THRESHOLD, presort, subset_presorted, grow_trees, grow_tree
from .pruning import cost_complexity_path, prune_tree
from .structure import Tree

__all__ = ['LN2', 'gini_impurity', 'entropy_impurity', 'variance_impurity', 'node_impurity', 'split_score', 'tree_params', 'check_sample_weight', 'class_stats', 'DecisionTreeClassifier', 'DecisionTreeRegressor', 'EPSILON', 'FEATURE_THRESHOLD', 'presort', 'subset_presorted', 'grow_trees', 'grow_tree', 'cost_complexity_path', 'prune_tree', 'Tree']
