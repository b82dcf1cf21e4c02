"""Machine-checked derivations, one module per chapter topic.

Each module defines functions decorated with `mlfp.derive.derivation` that
build and return a `Derivation`. Chapters show them; tests/test_derivations.py
and the verification-report appendix discover them with `mlfp.derive.discover()`.
"""
