# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/20-mini-transformer.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/20-mini-transformer.pmd:770
"""Learning-rate schedules (chapter 20): linear warmup followed by cosine decay."""

import math
import numbers

from mlfp._validation import check_scalar


class WarmupCosine:
    """Set optimizer.lr: linear warmup for warmup_steps, then cosine decay."""

    def __init__(self, optimizer, warmup_steps, total_steps, min_lr=0.0):
        check_scalar(warmup_steps, "warmup_steps", numbers.Integral, low=0)
        check_scalar(total_steps, "total_steps", numbers.Integral, low=1)
        if warmup_steps > total_steps:
            raise ValueError(
                f"warmup_steps={warmup_steps} exceeds total_steps={total_steps}"
            )
        self.optimizer, self.base_lr = optimizer, float(optimizer.lr)
        self.warmup_steps, self.total_steps = warmup_steps, total_steps
        self.min_lr = check_scalar(min_lr, "min_lr", numbers.Real, low=0.0)
        self.last_step = 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, t):
        if t < self.warmup_steps:
            return self.base_lr * (t + 1) / self.warmup_steps
        progress = min(
            1.0, (t - self.warmup_steps) / max(1, self.total_steps - self.warmup_steps)
        )
        return self.min_lr + (self.base_lr - self.min_lr) * 0.5 * (
            1.0 + math.cos(math.pi * progress)
        )

    def step(self):
        self.last_step += 1
        self.optimizer.lr = self.lr_at(self.last_step)
        return self.optimizer.lr
