# GENERATED FILE: do not edit. It is tangled from chapters/00-front/01-how-this-book-checks-itself.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/00-front/01-how-this-book-checks-itself.pmd:611
"""Exceptions raised by mlfp."""


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before fit() was called."""


class ConvergenceWarning(UserWarning):
    """An iterative method stopped before reaching its tolerance."""
