# GENERATED FILE: do not edit. It is tangled from chapters/00-front/00-preface.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/00-front/00-preface.pmd:69
__all__ = ["__version__"]
__version__ = "0.1.0"
