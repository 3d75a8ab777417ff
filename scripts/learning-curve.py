#!/usr/bin/env python3
"""Learning curves of rnn4j and PyTorch side by side, both run by this script.

A character-level language model (lstm or gru, one layer, Adam, stream mode: B parallel streams
read in windows of T with the state carried, as rnn4j documents it) is trained on a fetched corpus
by rnn4j's Trainer (scripts/LearningCurve.java, float32, simd backend) and by PyTorch (float32,
the same data layout and loss), and the per-epoch training and validation perplexities are
printed as a Markdown table. Characters are tokens; every non-empty line ends with </s> (id 3, as
in the CLI's stream mode); the last tenth of the lines is the validation text.

  --init same   PyTorch's default initialisation (seeded), exported to rnn4j: both sides start
                from the same weights
  --init own    each side draws its own default initialisation from the seed

    scripts/fetch-corpus shakespeare && mvn -q -B -o package -DskipTests
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 \\
        scripts/learning-curve.py --init same --epochs 10
"""
import argparse
import glob
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from comparison_common import rnn4j_java, validation_loss, windows  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EOS, UNK = 3, 1


def encode(path):
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
    cut = len(lines) * 9 // 10
    chars = sorted({c for l in lines[:cut] for c in l})
    ids = {c: 4 + i for i, c in enumerate(chars)}

    def stream(part):
        out = [EOS]
        for l in part:
            out += [ids.get(c, UNK) for c in l] + [EOS]
        return out
    return stream(lines[:cut]), stream(lines[cut:]), 4 + len(chars)


class Net(torch.nn.Module):
    def __init__(self, cell, m, n):
        super().__init__()
        self.m = m
        self.rnn = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(m, n)
        self.linear = torch.nn.Linear(n, m)

    def forward(self, x, state):
        out, state = self.rnn(F.one_hot(x, self.m).float(), state)
        return self.linear(out), state

    def rnn4j_order(self):
        r = self.rnn
        return [r.weight_ih_l0.t(), r.weight_hh_l0, r.bias_ih_l0, r.bias_hh_l0,
                self.linear.weight, self.linear.bias]


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def torch_curve(a, train, val, m, net):
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    rows = []
    for _ in range(a.epochs):
        state, total, count = None, 0.0, 0
        for x, y in windows(train, a.batch, a.window):
            opt.zero_grad()
            logits, state = net(x, state)
            loss = F.cross_entropy(logits.reshape(-1, m), y.reshape(-1), reduction="sum")
            loss.backward()
            opt.step()
            state = detach(state)
            total, count = total + float(loss), count + y.numel()
        rows.append((total / count, validation_loss(net, val, a.batch, a.window, m)))
    return rows


def rnn4j_curve(a, work, init):
    cmd = rnn4j_java(ROOT) + [work, a.cell, str(a.hidden),
           str(a.epochs), str(a.lr), str(a.batch), str(a.window), str(a.seed), "f32", "simd"]
    out = subprocess.run(cmd + ([init] if init else []), check=True, capture_output=True, text=True)
    return [tuple(float(v) for v in line.split()[1:]) for line in out.stdout.split("\n") if line]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=os.path.join(ROOT, "corpora", "shakespeare", "sonnets.txt"))
    p.add_argument("--cell", default="lstm", choices=["lstm", "gru"])
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--window", type=int, default=50)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--init", default="same", choices=["same", "own"])
    p.add_argument("--zero-output-bias", action="store_true",
                   help="PyTorch's Linear bias starts at 0, as rnn4j's b_y")
    a = p.parse_args()
    torch.set_num_threads(1)
    train, val, m = encode(a.corpus)
    torch.manual_seed(a.seed)
    net = Net(a.cell, m, a.hidden)
    if a.zero_output_bias:
        torch.nn.init.zeros_(net.linear.bias)
    with tempfile.TemporaryDirectory() as work:
        for name, ids in (("train.ids", train), ("val.ids", val)):
            with open(os.path.join(work, name), "w") as f:
                f.write("%d\n" % m + "\n".join(map(str, ids)) + "\n")
        init = None
        if a.init == "same":
            init = os.path.join(work, "init.bin")
            np.concatenate([t.detach().double().reshape(-1).numpy() for t in net.rnn4j_order()]) \
                .astype(">f8").tofile(init)
        ours = rnn4j_curve(a, work, init)
    theirs = torch_curve(a, train, val, m, net)
    print(f"{a.cell} {a.hidden}, Adam lr {a.lr}, batch {a.batch}, windows of {a.window}, "
          f"seed {a.seed}, init {a.init}{', output bias 0' if a.zero_output_bias else ''}; {len(train)} training and {len(val)} validation tokens")
    print("| epoch | rnn4j train | PyTorch train | rnn4j validation | PyTorch validation | largest difference |")
    print("|---|---|---|---|---|---|")
    for e, (o, t) in enumerate(zip(ours, theirs), 1):
        ppl = [math.exp(v) for v in (o[0], t[0], o[1], t[1])]
        diff = max(abs(ppl[0] / ppl[1] - 1), abs(ppl[2] / ppl[3] - 1))
        print("| %d | %.3f | %.3f | %.3f | %.3f | %.2f%% |" % (e, *ppl, 100 * diff))


if __name__ == "__main__":
    main()
