#!/usr/bin/env python3
"""PyTorch peer of `rnn4j bench --cells lstm,gru`: one training row per process, so that the
process's peak RSS belongs to that row.

Model: nn.Embedding(m, n) -> nn.LSTM(n, n) or nn.GRU(n, n) -> nn.Linear(n, m), the way a
PyTorch language model is usually written (word_language_model); CrossEntropyLoss(reduction=
'sum') over all T x B tokens, optim.SGD(lr), float32, random token sequences, time-major
batches [T, B]. rnn4j's cell reads its input weights by token id (a lookup into a
[m, 4n] / [m, 3n] table); PyTorch's input here is a lookup of n numbers followed by the cell's
input product (one [T*B, n] x [n, 4n or 3n] GEMM and its gradients per sequence).

Output: JSON lines in the protocol of shared/baselines/torch_rnn.py: a "meta" line, then one
"train" line with tokens_per_s (median of the repeats), meas.all (every repeat), and in addition
peak_rss_kb (resource.getrusage maxrss of this process after the row) and first_tokens_s (the
seconds the first --first-tokens tokens took, timed from the first step).

Run with /usr/bin/python3 (Debian's python3-torch) and OpenBLAS first:
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 \
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/torch_cells.py --cell lstm \
  --config a1_char_m65_n128_T25 --batch 32 --threads 1
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn

CONFIGS = {
    "a1_char_m65_n128_T25": (65, 128, 25),
    "a2_char_m65_n512_T100": (65, 512, 100),
    "b_word_m8000_n100_T20": (8000, 100, 20),
    "c_word_m10000_n256_T35": (10000, 256, 35),
}


class CellLM(nn.Module):
    def __init__(self, cell, m, n):
        super().__init__()
        self.m = m
        self.emb = nn.Embedding(m, n)
        self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "elman": nn.RNN}[cell](n, n)
        self.out = nn.Linear(n, m)

    def forward(self, x):
        hs, _ = self.rnn(self.emb(x))
        return self.out(hs)


def emit(record):
    print(json.dumps(record), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cell", choices=["lstm", "gru", "elman"], required=True)
    ap.add_argument("--config", choices=list(CONFIGS), required=True)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--target-s", type=float, default=1.0)
    ap.add_argument("--first-tokens", type=int, default=0,
                    help="also time the first N tokens from the first step (0 = do not)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    m, n, T = CONFIGS[args.config]
    B = args.batch
    emit({"kind": "meta", "impl": "torch", "torch": torch.__version__,
          "python": sys.version.split()[0], "threads": torch.get_num_threads()})
    torch.manual_seed(1)
    model = CellLM(args.cell, m, n)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    lossf = nn.CrossEntropyLoss(reduction="sum")
    g = torch.Generator().manual_seed(123)
    pool = [torch.randint(0, m, (T + 1, B), generator=g) for _ in range(16)]
    it = [0]

    def step():
        seq = pool[it[0] % len(pool)]
        it[0] += 1
        opt.zero_grad(set_to_none=True)
        loss = lossf(model(seq[:-1]).reshape(-1, m), seq[1:].reshape(-1))
        loss.backward()
        opt.step()
        return loss

    first_s = None
    start = time.perf_counter()
    done = 0
    if args.first_tokens > 0:
        while done < args.first_tokens:
            step()
            done += T * B
        first_s = time.perf_counter() - start
    while time.perf_counter() - start < 0.5 or done < 2 * T * B:  # warm-up
        step()
        done += T * B
    # calibrate the calls per repeat to about --target-s
    t0 = time.perf_counter()
    step()
    per_call = max(time.perf_counter() - t0, 1e-6)
    calls = max(1, int(args.target_s / per_call))
    rates = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            last = step()
        rates.append(calls * T * B / (time.perf_counter() - t0))
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    emit({"kind": "train", "impl": "torch-%s-embed" % args.cell, "cell": args.cell,
          "config": args.config, "m": m, "n": n, "T": T, "batch": B, "dtype": "float32",
          "threads": args.threads, "tokens_per_s": statistics.median(rates),
          "meas": {"all": rates}, "peak_rss_kb": rss_kb, "first_tokens": args.first_tokens,
          "first_tokens_s": first_s, "final_loss": float(last)})


if __name__ == "__main__":
    main()
