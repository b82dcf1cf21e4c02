# GENERATED FILE: do not edit. It is tangled from chapters/00-front/01-how-this-book-checks-itself.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/00-front/01-how-this-book-checks-itself.pmd:731
"""Base classes giving mlfp estimators scikit-learn's get_params/set_params contract."""
import inspect

import numpy as np


class BaseEstimator:
    """Hyper-parameters in __init__, fit returns self, learned attributes end in '_'."""

    _estimator_type = None

    @classmethod
    def _param_names(cls):
        sig = inspect.signature(cls.__init__)
        return sorted(p.name for p in sig.parameters.values()
                      if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        valid = self._param_names()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"invalid parameter {key!r} for {type(self).__name__}; "
                                 f"valid parameters: {valid}")
            setattr(self, key, value)
        return self

    def __repr__(self):
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items()
                   if not (isinstance(defaults.get(k), type(v)) and _same(defaults.get(k), v))]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self):
        from sklearn.utils import Tags, TargetTags, ClassifierTags, RegressorTags  # lazy: optional

        tags = Tags(estimator_type=self._estimator_type, target_tags=TargetTags(required=False))
        if self._estimator_type == "classifier":
            tags.classifier_tags = ClassifierTags()
            tags.target_tags.required = True
        elif self._estimator_type == "regressor":
            tags.regressor_tags = RegressorTags()
            tags.target_tags.required = True
        return tags


def _same(a, b):
    try:
        return bool(a == b)
    except Exception:
        return a is b


# chapters/00-front/01-how-this-book-checks-itself.pmd:790
class ClassifierMixin:
    _estimator_type = "classifier"

    def score(self, X, y):
        """Mean accuracy of predict(X) against y."""
        return float(np.mean(self.predict(X) == np.asarray(y)))


class RegressorMixin:
    _estimator_type = "regressor"

    def score(self, X, y):
        """Coefficient of determination R^2 of predict(X) against y."""
        y = np.asarray(y, dtype=float)
        resid = np.sum((y - self.predict(X)) ** 2)
        total = np.sum((y - y.mean()) ** 2)
        return float(1.0 - resid / total) if total > 0 else 0.0


class TransformerMixin:
    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)
