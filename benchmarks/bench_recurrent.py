"""Speed of an LSTM training step in mlfp.nn against torch.nn.LSTM (chapter 19).

    python benchmarks/bench_recurrent.py

A training step is zero_grad, forward over L steps, a squared-error loss on
every output, backward (BPTT) and an Adam step, with the same initial weights
(copied by name) and the same data in both libraries. Both run on one thread
(threadpoolctl for NumPy's BLAS, torch.set_num_threads(1) for PyTorch); time
is CPU time per step (time.process_time), the best of several blocks.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # also run as a script
from benchmarks._timing import best_cpu_times  # noqa: E402  (and code/ on sys.path)
from mlfp.nn import LSTM, Adam, Tensor  # noqa: E402

CONFIGS = (  # (sequence length, batch, input size, hidden size)
    (32, 32, 16, 64),
    (128, 32, 16, 64),
    (32, 64, 64, 256),
)


def time_steps(L, N, I, H, dtype=np.float64, steps=5, repeats=3, seed=0):
    """CPU seconds per training step (ours, PyTorch) and the two losses after the timed steps."""
    import torch

    ours = LSTM(I, H, random_state=seed)
    theirs = torch.nn.LSTM(I, H)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    theirs.to(tdtype)
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        p.data = p.data.astype(dtype)
        tp.data = torch.tensor(p.data)
    rng = np.random.default_rng(seed)
    x, target = rng.standard_normal((L, N, I)).astype(dtype), rng.standard_normal((L, N, H)).astype(dtype)
    xt, target_t = torch.from_numpy(x), torch.from_numpy(target)
    opt, opt_t = Adam(ours.parameters(), lr=1e-3), torch.optim.Adam(theirs.parameters(), lr=1e-3)

    def ours_block():
        for _ in range(steps):
            opt.zero_grad()
            out, _ = ours(x)
            diff = out - Tensor(target)
            loss = (diff * diff).mean()
            loss.backward()
            opt.step()
        return loss.item()

    def torch_block():
        for _ in range(steps):
            opt_t.zero_grad()
            out, _ = theirs(xt)
            loss = ((out - target_t) ** 2).mean()
            loss.backward()
            opt_t.step()
        return loss.item()

    (t_ours, t_torch), (l_ours, l_torch) = best_cpu_times([ours_block, torch_block], repeats,
                                                          min_seconds=0)
    return t_ours / steps, t_torch / steps, l_ours, l_torch


def run(configs=CONFIGS, dtypes=(np.float32, np.float64), steps=5, repeats=3):
    """Rows of (L, N, I, H, dtype, ours s/step, torch s/step, ratio, loss ours, loss torch)."""
    rows = []
    for L, N, I, H in configs:
        for dtype in dtypes:
            t_o, t_t, l_o, l_t = time_steps(L, N, I, H, dtype, steps, repeats)
            rows.append((L, N, I, H, np.dtype(dtype).name, t_o, t_t, t_o / t_t, l_o, l_t))
    return rows


def main():
    rows = run()
    print("| LSTM (L, N, I, H) | dtype | mlfp ms/step | PyTorch ms/step | ratio | loss mlfp | loss PyTorch |")
    print("|---|---|---|---|---|---|---|")
    for L, N, I, H, dtype, t_o, t_t, ratio, l_o, l_t in rows:
        print(f"| ({L}, {N}, {I}, {H}) | {dtype} | {t_o * 1e3:.2f} | {t_t * 1e3:.2f} | {ratio:.2f} | "
              f"{l_o:.6f} | {l_t:.6f} |")
    print("\nCPU time per training step (forward, BPTT, Adam) on one thread, best of 3 blocks of 5 steps.")


if __name__ == "__main__":
    main()
