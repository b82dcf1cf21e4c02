# GENERATED FILE: do not edit. It is tangled from the chapters' tangle targets
# by `python build.py tangle`; edit the chapter and re-tangle.

"""mlfp.nn (from chapters/03-neural/16-automatic-differentiation.pmd, chapters/03-neural/17-multilayer-perceptrons.pmd, chapters/03-neural/18-convolutional-networks.pmd, chapters/03-neural/19-sequence-models.pmd, chapters/03-neural/20-mini-transformer.pmd)."""
from .attention import scaled_dot_product_attention, causal_mask, sinusoidal_positional_encoding, MultiHeadAttention
from .clip import clip_grad_norm, clip_grad_value
from .conv import conv_output_size, im2col, col2im, conv2d, max_pool2d, avg_pool2d, Conv2d, MaxPool2d, AvgPool2d, Flatten
from .gradcheck import numerical_gradient, grad_check
from .init import calculate_gain, xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal
from .layers import Linear, ReLU, Tanh, Sigmoid, Dropout, BatchNorm1d, LayerNorm, Embedding
from .losses import CrossEntropyLoss, MSELoss
from .module import Module, Sequential
from .optim import Optimizer, SGD, Adam, AdamW
from .recurrent import RNN, LSTM, GRU
from .schedule import WarmupCosine
from .tensor import no_grad, is_grad_enabled, apply_op, Tensor, concatenate, stack
from .transformer import gelu, TransformerBlock, MiniTransformer

__all__ = ['scaled_dot_product_attention', 'causal_mask', 'sinusoidal_positional_encoding', 'MultiHeadAttention', 'clip_grad_norm', 'clip_grad_value', 'conv_output_size', 'im2col', 'col2im', 'conv2d', 'max_pool2d', 'avg_pool2d', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'Flatten', 'numerical_gradient', 'grad_check', 'calculate_gain', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', 'Linear', 'ReLU', 'Tanh', 'Sigmoid', 'Dropout', 'BatchNorm1d', 'LayerNorm', 'Embedding', 'CrossEntropyLoss', 'MSELoss', 'Module', 'Sequential', 'Optimizer', 'SGD', 'Adam', 'AdamW', 'RNN', 'LSTM', 'GRU', 'WarmupCosine', 'no_grad', 'is_grad_enabled', 'apply_op', 'Tensor', 'concatenate', 'stack', 'gelu', 'TransformerBlock', 'MiniTransformer']
