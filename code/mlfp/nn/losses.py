# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:749
"""Losses as modules: CrossEntropyLoss, MSELoss."""
from mlfp.nn import functional as F
from mlfp.nn.module import Module


class CrossEntropyLoss(Module):
    """loss(logits (n, K), integer targets (n,)) = mean cross-entropy."""

    def forward(self, logits, targets):
        return F.cross_entropy(logits, targets)


class MSELoss(Module):
    """loss(prediction, target) = mean squared error."""

    def forward(self, prediction, target):
        return F.mse_loss(prediction, target)
