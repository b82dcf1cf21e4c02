"""Speed of convolution in mlfp.nn against PyTorch (chapter 18).

    python benchmarks/bench_conv.py

Two measurements, both with the same initial weights and inputs in the two
libraries, on one thread (threadpoolctl for NumPy's BLAS,
torch.set_num_threads(1) for PyTorch), in CPU time (time.process_time), the
best of several blocks:

- a training step of the chapter's digits CNN (conv 1->8, ReLU, max-pool,
  conv 8->16, ReLU, max-pool, linear 64->10; zero_grad, forward,
  cross-entropy, backward, Adam) on mini-batches of 64 digits;
- forward plus backward of one larger convolutional layer (32 images,
  16 -> 32 channels, 16x16, 3x3 kernel, padding 1).
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # also run as a script
from benchmarks._timing import best_cpu_times  # noqa: E402  (and code/ on sys.path)
from benchmarks.bench_nn import time_classifier_steps  # noqa: E402
from mlfp.nn import Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Tensor, conv2d  # noqa: E402


def _digits(dtype):
    from sklearn.datasets import load_digits

    d = load_digits()
    return (d.images[:, None] / 16.0).astype(dtype), d.target


def digits_cnn(random_state=0):
    """The chapter's small CNN for 8x8 digits (1898 parameters)."""
    r = np.random.default_rng(random_state)
    return Sequential(Conv2d(1, 8, 3, padding=1, random_state=r), ReLU(), MaxPool2d(2),
                      Conv2d(8, 16, 3, padding=1, random_state=r), ReLU(), MaxPool2d(2),
                      Flatten(), Linear(64, 10, random_state=r))


def torch_copy(model, dtype):
    """The same network in PyTorch with the weights of `model` copied over."""
    import torch

    layers = []
    for m in model.layers:
        if isinstance(m, Conv2d):
            t = torch.nn.Conv2d(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding)
        elif isinstance(m, Linear):
            t = torch.nn.Linear(m.in_features, m.out_features)
        elif isinstance(m, MaxPool2d):
            layers.append(torch.nn.MaxPool2d(m.kernel_size, m.stride))
            continue
        elif isinstance(m, Flatten):
            layers.append(torch.nn.Flatten())
            continue
        else:
            layers.append(torch.nn.ReLU())
            continue
        t.to(torch.float32 if dtype == np.float32 else torch.float64)
        with torch.no_grad():
            t.weight.copy_(torch.from_numpy(m.weight.data.astype(dtype)))
            t.bias.copy_(torch.from_numpy(m.bias.data.astype(dtype)))
        layers.append(t)
    return torch.nn.Sequential(*layers)


def _best_of(blocks, repeats):
    """Best CPU seconds per step of each named (block, steps) over `repeats` interleaved runs."""
    names = list(blocks)
    times, results = best_cpu_times([blocks[n][0] for n in names], repeats, min_seconds=0)
    return ({n: t / blocks[n][1] for n, t in zip(names, times)}, dict(zip(names, results)))


def time_training(batch=64, dtype=np.float32, steps=20, repeats=3, seed=0):
    """CPU seconds per training step (ours, PyTorch) and the two losses after the timed steps."""
    X, y = _digits(dtype)
    ours = digits_cnn(seed)
    for p in ours.parameters():
        p.data = p.data.astype(dtype)
    theirs = torch_copy(ours, dtype)
    return time_classifier_steps(ours, theirs, X, y, batch, steps, repeats, seed)


def time_layer(shape=(32, 16, 16, 16), out_channels=32, kernel=3, padding=1, dtype=np.float32,
               calls=5, repeats=3, seed=0):
    """CPU seconds of forward + backward of one conv layer (ours, PyTorch)."""
    import torch

    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    w = (0.1 * rng.standard_normal((out_channels, shape[1], kernel, kernel))).astype(dtype)
    b = np.zeros(out_channels, dtype=dtype)
    X, W, B = (Tensor(a, requires_grad=True) for a in (x, w, b))
    tx, tw, tb = (torch.from_numpy(a.copy()).requires_grad_() for a in (x, w, b))

    def ours_block():
        for _ in range(calls):
            out = conv2d(X, W, B, padding=padding)
            out.backward(np.ones(out.shape, dtype=dtype))
        return float(np.abs(W.grad).sum())

    def torch_block():
        for _ in range(calls):
            out = torch.nn.functional.conv2d(tx, tw, tb, padding=padding)
            out.backward(torch.ones_like(out))
        return float(tw.grad.abs().sum())

    best, _ = _best_of({"ours": (ours_block, calls), "torch": (torch_block, calls)}, repeats)
    return best["ours"], best["torch"]


def run(dtypes=(np.float32, np.float64), repeats=3):
    """Rows of (what, dtype, ours s, torch s, ratio)."""
    rows = []
    for dtype in dtypes:
        t_o, t_t, _, _ = time_training(dtype=dtype, repeats=repeats)
        rows.append(("digits CNN training step, batch 64", np.dtype(dtype).name, t_o, t_t, t_o / t_t))
    for dtype in dtypes:
        t_o, t_t = time_layer(dtype=dtype, repeats=repeats)
        rows.append(("conv 16->32, 3x3, 32 images of 16x16, fwd+bwd", np.dtype(dtype).name, t_o, t_t,
                     t_o / t_t))
    return rows


def main():
    rows = run(repeats=5)
    print("| measurement | dtype | mlfp ms | PyTorch ms | ratio |")
    print("|---|---|---|---|---|")
    for what, dtype, t_o, t_t, ratio in rows:
        print(f"| {what} | {dtype} | {t_o * 1e3:.3f} | {t_t * 1e3:.3f} | {ratio:.2f} |")
    print("\nCPU time on one thread (NumPy BLAS and PyTorch), best of 5 blocks.")


if __name__ == "__main__":
    main()
