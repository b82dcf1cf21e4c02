"""Speed of a MiniTransformer training step in mlfp.nn against the same model in PyTorch (chapter 20).

    python benchmarks/bench_transformer.py

Run alone as above or with `python -m benchmarks`; chapter 20 calls `run()`
and prints `markdown_table()`.

A training step is zero_grad, forward, cross-entropy of the next-token
predictions, backward and an AdamW step (lr 1e-3, PyTorch's default weight
decay 0.01), for a decoder-only transformer: token embedding plus the fixed
sinusoidal positional encoding, pre-norm blocks (causal multi-head
self-attention and a ReLU feed-forward network of width 4 d_model), a final
layer norm and a linear head. PyTorch's model is assembled from torch.nn
parts (Embedding, TransformerEncoderLayer(batch_first=True, norm_first=True,
dropout=0) called with a causal mask and is_causal=True, LayerNorm, Linear),
in training mode, with our initial weights copied over; both see the same
batches of random token sequences. As in bench_nn.py, each configuration is
timed in single and in double precision, the same dtype in both libraries
(our parameters and positional table are cast; the dtype column is the one
our logits actually had). Both run on one thread (threadpoolctl for NumPy's
BLAS, torch.set_num_threads(1) for PyTorch), so that the comparison is like
for like on a shared machine, and time is CPU time per step
(time.process_time), the best of several blocks. The losses after the timed
steps show that the two computed the same thing.
"""
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # also run as a script
from benchmarks._timing import best_cpu_times  # noqa: E402  (and code/ on sys.path)
from mlfp.nn import AdamW, MiniTransformer  # noqa: E402
from mlfp.nn.functional import cross_entropy  # noqa: E402

CONFIGS = (  # vocab, d_model, n_heads, n_layers, sequence length, batch size
    dict(vocab=16, d_model=64, n_heads=4, n_layers=2, seq_len=32, batch=32),
    dict(vocab=16, d_model=128, n_heads=4, n_layers=2, seq_len=64, batch=32),
)


def _label(c):
    return (f"V={c['vocab']}, d={c['d_model']}, h={c['n_heads']}, layers={c['n_layers']}, "
            f"L={c['seq_len']}, batch={c['batch']}")


def _torch_model(c):
    """The same decoder-only transformer from torch.nn parts, with our parameter names."""
    import torch
    from torch import nn

    class TorchMini(nn.Module):
        def __init__(self):
            super().__init__()
            d = c["d_model"]
            self.token_embedding = nn.Embedding(c["vocab"], d)
            self.blocks = nn.ModuleList(
                nn.TransformerEncoderLayer(d, c["n_heads"], dim_feedforward=4 * d, dropout=0.0,
                                           batch_first=True, norm_first=True)
                for _ in range(c["n_layers"]))
            self.norm = nn.LayerNorm(d)
            self.head = nn.Linear(d, c["vocab"])
            pos = torch.arange(c["seq_len"], dtype=torch.float64)[:, None]
            div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
            pe = torch.zeros(c["seq_len"], d, dtype=torch.float64)
            pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
            self.register_buffer("pe", pe)
            self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(c["seq_len"]))

        def forward(self, tokens):
            length = tokens.shape[1]
            x = self.token_embedding(tokens) + self.pe[:length]
            mask = self.mask[:length, :length].to(x.dtype)
            for layer in self.blocks:
                x = layer(x, src_mask=mask, is_causal=True)
            return self.head(self.norm(x))

    return TorchMini()


def _models(c, dtype, seed=0):
    """Our MiniTransformer and the PyTorch one, with our initial weights copied over, both in dtype."""
    import torch

    ours = MiniTransformer(c["vocab"], d_model=c["d_model"], n_heads=c["n_heads"], n_layers=c["n_layers"],
                           max_len=c["seq_len"], norm_first=True, random_state=seed)
    theirs = _torch_model(c).to(torch.float32 if dtype == np.float32 else torch.float64)
    theirs_p = dict(theirs.named_parameters())
    ours_p = dict(ours.named_parameters())
    if sorted(ours_p) != sorted(theirs_p):
        raise RuntimeError(f"parameter names differ: {sorted(set(ours_p) ^ set(theirs_p))}")
    for name, p in ours_p.items():
        p.data = p.data.astype(dtype)
        with torch.no_grad():
            theirs_p[name].copy_(torch.from_numpy(p.data))
    for name, value in vars(ours).items():        # fixed float tables (the positional encoding) too
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            setattr(ours, name, value.astype(dtype))
    return ours, theirs.train()


def time_steps(config, dtype=np.float32, steps=10, repeats=5, seed=0):
    """CPU seconds per training step (ours, PyTorch), the two losses after the timed steps, our dtype."""
    import torch

    ours, theirs = _models(config, dtype, seed)
    opt, opt_t = AdamW(ours.parameters(), lr=1e-3), torch.optim.AdamW(theirs.parameters(), lr=1e-3)
    vocab = config["vocab"]
    rng = np.random.default_rng(seed)
    batches = [rng.integers(0, vocab, (config["batch"], config["seq_len"] + 1)) for _ in range(8)]
    torch_batches = [torch.from_numpy(b) for b in batches]
    seen = {}

    def ours_block():
        for k in range(steps):
            b = batches[k % len(batches)]
            opt.zero_grad()
            logits = ours(b[:, :-1])
            seen["dtype"] = logits.dtype
            loss = cross_entropy(logits.reshape(-1, vocab), b[:, 1:].reshape(-1))
            loss.backward()
            opt.step()
        return loss.item()

    def torch_block():
        for k in range(steps):
            b = torch_batches[k % len(torch_batches)]
            opt_t.zero_grad()
            logits = theirs(b[:, :-1])
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), b[:, 1:].reshape(-1))
            loss.backward()
            opt_t.step()
        return loss.item()

    (t_ours, t_torch), (l_ours, l_torch) = best_cpu_times([ours_block, torch_block], repeats,
                                                          min_seconds=0)
    return t_ours / steps, t_torch / steps, l_ours, l_torch, np.dtype(seen["dtype"]).name


def run(configs=CONFIGS, dtypes=(np.float32, np.float64), steps=10, repeats=5):
    """One dict per (configuration, dtype): config, dtype, ours_s, torch_s, ratio, ours_loss, torch_loss."""
    rows = []
    for c in configs:
        for dtype in dtypes:
            t_ours, t_torch, l_ours, l_torch, dt = time_steps(c, dtype, steps, repeats)
            rows.append(dict(config=_label(c), dtype=dt, ours_s=t_ours, torch_s=t_torch, ratio=t_ours / t_torch,
                             ours_loss=l_ours, torch_loss=l_torch))
    return rows


def markdown_table(rows):
    lines = ["| config | dtype | mlfp ms/step | PyTorch ms/step | ratio | loss mlfp | loss PyTorch |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['config']} | {r['dtype']} | {r['ours_s'] * 1e3:.2f} | {r['torch_s'] * 1e3:.2f} | "
                     f"{r['ratio']:.2f} | {r['ours_loss']:.6f} | {r['torch_loss']:.6f} |")
    return "\n".join(lines)


def main():
    print(markdown_table(run()))
    print("\nCPU time per training step on one thread (NumPy BLAS and PyTorch), best of 5 blocks of 10 steps.")


if __name__ == "__main__":
    main()
