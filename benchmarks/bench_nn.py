"""Speed of an MLP training step in mlfp.nn against the same model in PyTorch (chapter 17).

    python benchmarks/bench_nn.py

A training step is zero_grad, forward, cross-entropy, backward and an Adam
step, on mini-batches of the digits, with the same layer sizes, the same
initial weights and the same batches in both libraries. Both run on one
thread (threadpoolctl for NumPy's BLAS, torch.set_num_threads(1) for
PyTorch), so that the comparison is like for like on a shared machine, and
time is CPU time per step (time.process_time), the best of several blocks.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # also run as a script
from benchmarks._timing import best_cpu_times  # noqa: E402  (and code/ on sys.path)
from mlfp.nn import Adam, Linear, ReLU, Sequential, Tensor  # noqa: E402
from mlfp.nn.functional import cross_entropy  # noqa: E402

CONFIGS = (  # hidden sizes, batch size
    ((128, 128), 64),
    ((256, 256), 256),
)


def _digits():
    from sklearn.datasets import load_digits

    d = load_digits()
    X = (d.data - d.data.mean(axis=0)) / (d.data.std(axis=0) + 1e-8)
    return X, d.target


def _models(sizes, dtype, seed=0):
    """Our Sequential MLP and the same network in PyTorch, with our initial weights copied over."""
    import torch

    rng = np.random.default_rng(seed)
    layers, torch_layers = [], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        lin = Linear(n_in, n_out, random_state=rng)
        lin.weight.data = lin.weight.data.astype(dtype)
        lin.bias.data = lin.bias.data.astype(dtype)
        tl = torch.nn.Linear(n_in, n_out)
        with torch.no_grad():
            tl.weight.copy_(torch.from_numpy(lin.weight.data.copy()))
            tl.bias.copy_(torch.from_numpy(lin.bias.data.copy()))
        tl.to(torch.float32 if dtype == np.float32 else torch.float64)
        layers.append(lin)
        torch_layers.append(tl)
        if i < len(sizes) - 2:
            layers.append(ReLU())
            torch_layers.append(torch.nn.ReLU())
    return Sequential(*layers), torch.nn.Sequential(*torch_layers)


def time_steps(hidden=(128, 128), batch=64, dtype=np.float32, steps=40, repeats=5, seed=0):
    """CPU seconds per training step (ours, PyTorch) and the two losses after the timed steps."""
    X, y = _digits()
    X = X.astype(dtype)
    sizes = (X.shape[1],) + tuple(hidden) + (10,)
    ours, theirs = _models(sizes, dtype, seed)
    return time_classifier_steps(ours, theirs, X, y, batch, steps, repeats, seed)


def time_classifier_steps(ours, theirs, X, y, batch=64, steps=40, repeats=5, seed=0):
    """CPU seconds per Adam training step (zero_grad, forward, cross-entropy, backward, step) of
    our classifier and its PyTorch twin on the same mini-batches of (X, y), and their last losses."""
    import torch

    opt, opt_t = Adam(ours.parameters(), lr=1e-3), torch.optim.Adam(theirs.parameters(), lr=1e-3)
    order = np.random.default_rng(seed).permutation(len(X))
    batches = [order[i:i + batch] for i in range(0, len(X) - batch + 1, batch)]
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def ours_block():
        for k in range(steps):
            idx = batches[k % len(batches)]
            opt.zero_grad()
            loss = cross_entropy(ours(Tensor(X[idx])), y[idx])
            loss.backward()
            opt.step()
        return loss.item()

    def torch_block():
        for k in range(steps):
            idx = torch.from_numpy(batches[k % len(batches)])
            opt_t.zero_grad()
            loss = torch.nn.functional.cross_entropy(theirs(Xt[idx]), yt[idx])
            loss.backward()
            opt_t.step()
        return loss.item()

    (t_ours, t_torch), (l_ours, l_torch) = best_cpu_times([ours_block, torch_block], repeats,
                                                          min_seconds=0)
    return t_ours / steps, t_torch / steps, l_ours, l_torch


def run(configs=CONFIGS, dtypes=(np.float32, np.float64), steps=40, repeats=5):
    """Rows of (layers, batch, dtype, ours s/step, torch s/step, ratio, loss ours, loss torch)."""
    rows = []
    for hidden, batch in configs:
        for dtype in dtypes:
            t_ours, t_torch, l_ours, l_torch = time_steps(hidden, batch, dtype, steps, repeats)
            layers = "-".join(str(s) for s in (64,) + tuple(hidden) + (10,))
            rows.append((layers, batch, np.dtype(dtype).name, t_ours, t_torch, t_ours / t_torch, l_ours, l_torch))
    return rows


def main():
    rows = run()
    print("| MLP (ReLU, Adam) | batch | dtype | mlfp ms/step | PyTorch ms/step | ratio | loss mlfp | loss PyTorch |")
    print("|---|---|---|---|---|---|---|---|")
    for layers, batch, dtype, t_o, t_t, ratio, l_o, l_t in rows:
        print(f"| {layers} | {batch} | {dtype} | {t_o * 1e3:.3f} | {t_t * 1e3:.3f} | {ratio:.2f} | "
              f"{l_o:.6f} | {l_t:.6f} |")
    print("\nCPU time per training step on one thread (NumPy BLAS and PyTorch), best of 5 blocks of 40 steps.")


if __name__ == "__main__":
    main()
