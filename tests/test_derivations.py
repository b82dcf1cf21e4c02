"""Every derivation in derivations/ verifies, with the method it reports."""
import pytest

from mlfp.derive import Derivation, discover

REGISTRY = discover("derivations")


def test_there_are_derivations():
    # guards against discovery silently finding nothing
    assert len(REGISTRY) >= 1


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_derivation_verifies(name):
    d = REGISTRY[name]()
    assert isinstance(d, Derivation), f"{name} must return a Derivation"
    report = d.verify()
    assert report.steps, f"{name} has no steps"
    assert report.ok, str(report)
    for step in report.steps:
        assert step.method.startswith(("symbolic", "numeric")), step.method
