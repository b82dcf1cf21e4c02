# GENERATED FILE: do not edit. It is tangled from chapters/03-neural/17-multilayer-perceptrons.pmd
# by `python build.py tangle`; edit the chapter and re-tangle.

# chapters/03-neural/17-multilayer-perceptrons.pmd:360
"""Module: the base class of layers and networks; Sequential."""
from mlfp.nn.tensor import Tensor


def _members(name, value):
    """(qualified name, Tensor or Module) pairs inside one attribute value."""
    if isinstance(value, (Tensor, Module)):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _members(f"{name}.{i}", item)


class Module:
    """Parameters are the attributes that are Tensors with requires_grad; children are Modules."""

    training = True

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def named_parameters(self, prefix=""):
        """(name, Tensor) for every parameter of this module and its children, each once."""
        seen, stack = set(), [(prefix, self)]
        out = []
        while stack:                                   # iterative, like the backward sweep
            pre, module = stack.pop()
            children = []
            for attr, value in vars(module).items():
                for name, member in _members(pre + attr, value):
                    if isinstance(member, Module):
                        children.append((name + ".", member))
                    elif member.requires_grad and id(member) not in seen:
                        seen.add(id(member))
                        out.append((name, member))
            stack.extend(reversed(children))
        return out

    def parameters(self):
        return [p for _, p in self.named_parameters()]

    def modules(self):
        """This module and every module below it."""
        found, stack = [], [self]
        while stack:
            m = stack.pop()
            found.append(m)
            stack.extend(member for value in reversed(list(vars(m).values()))
                         for _, member in _members("", value) if isinstance(member, Module))
        return found

    def train(self, mode=True):
        for m in self.modules():
            m.training = bool(mode)
        return self

    def eval(self):
        return self.train(False)

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sequential(Module):
    """Apply modules in order: Sequential(Linear(4, 8), ReLU(), Linear(8, 2))."""

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise ValueError(f"Sequential: argument {i} is a {type(layer).__name__}, not a Module")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Sequential(\n  {inner}\n)"
