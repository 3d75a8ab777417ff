#!/usr/bin/env python3
"""Quality table: validation perplexity of rnn4j and PyTorch at the same settings, by one command.

For every row — {char, word} level x {elman, lstm, gru} x {plain, dropout, tied (elman only)} —
the same model is trained by rnn4j's Trainer (scripts/LearningCurve.java on the built classes,
float32, simd backend) and by PyTorch (float32, this script), and the validation perplexity after
the last epoch is printed as a Markdown table: config | rnn4j | PyTorch | ratio.

Same on both sides, per row:
  data      Shakespeare's sonnets (scripts/fetch-corpus shakespeare); non-empty lines, the last
            tenth is validation text; every line ends with </s> (id 3). char: every character a
            token. word: lower-cased words (with inner apostrophes) and single punctuation marks;
            words seen fewer than --min-count times in the training part are <unk> (id 1)
  layout    stream mode as rnn4j documents it: B parallel streams, windows of T, the state carried
            and detached between windows, zero at the start of every epoch and of validation
  model     one-hot tokens -> L layers of the cell -> V, by; hidden n; the summed cross-entropy;
            Adam (lr, betas 0.9/0.999, eps 1e-8), no clipping, no schedule
  weights   one initial draw: PyTorch's default distributions (every weight and bias
            Uniform(+-1/sqrt(n)), as nn.RNN/nn.LSTM/nn.GRU/nn.Linear draw them) from
            torch.manual_seed(seed), written to a file that rnn4j loads
  dropout   inverted dropout p on the input of every layer above the first and on the output of
            the top layer (where V reads it), a fresh mask per step and unit, only in training;
            each side draws its own masks (rnn4j from the training seed, PyTorch from
            torch.manual_seed)
  tied      elman only: V is the first layer's input table [vocab, n] (one parameter, the gradient
            of both uses summed); lstm/gru read tokens through [vocab, 4n]/[vocab, 3n] tables and
            cannot tie in rnn4j, so their rows say so

The PyTorch cells are written out step by step with rnn4j's parameter layout (Ut/W/bx for elman,
Wih_t/Whh/bih/bhh in PyTorch's gate order for lstm and gru) so that a token's input product is a
row lookup, as in rnn4j, and the elman cell has one bias as in rnn4j (nn.RNN has two, which Adam
would step twice). With dropout 0 and the same weights the two sides agree within 1e-4 relative
(6.2e-5 in the README's run): the plain and tied rows check the PyTorch side.

    scripts/fetch-corpus shakespeare && mvn -q -B package -DskipTests
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread nice /usr/bin/python3 \\
        scripts/quality-table.py --char 128,32,50,6 --word 128,16,35,6 \\
        --json rnn-bench/results/quality-table-DATE.json
"""
import argparse
import collections
import datetime
import glob
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from comparison_common import rnn4j_java, validation_loss, windows  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNK, EOS = 1, 3
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*|[^\sa-z]")


def encode(path, level, min_count):
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
    cut = len(lines) * 9 // 10
    split = (lambda l: list(l)) if level == "char" else (lambda l: WORD.findall(l.lower()))
    counts = collections.Counter(t for l in lines[:cut] for t in split(l))
    kept = sorted(t for t, c in counts.items() if level == "char" or c >= min_count)
    ids = {t: 4 + i for i, t in enumerate(kept)}

    def stream(part):
        out = [EOS]
        for l in part:
            out += [ids.get(t, UNK) for t in split(l)] + [EOS]
        return out
    return stream(lines[:cut]), stream(lines[cut:]), 4 + len(kept)


class Model(torch.nn.Module):
    """rnn4j's model in PyTorch, parameters in rnn4j's names, layout and order."""

    def __init__(self, cell, layers, m, n, p, tied):
        super().__init__()
        self.cell, self.layers, self.n, self.p, self.tied = cell, layers, n, p, tied
        gates = {"elman": 1, "lstm": 4, "gru": 3}[cell]
        bound = 1 / math.sqrt(n)

        def draw(*shape):
            return torch.nn.Parameter(torch.empty(*shape).uniform_(-bound, bound))
        self.params = torch.nn.ParameterList()
        self.names = []
        for k in range(layers):
            inputs = m if k == 0 else n
            if cell == "elman":
                shapes = (("Ut", (inputs, n)), ("W", (n, n)), ("bx", (n,)))
            else:
                shapes = (("Wih_t", (inputs, gates * n)), ("Whh", (gates * n, n)),
                          ("bih", (gates * n,)), ("bhh", (gates * n,)))
            for name, shape in shapes:
                self.params.append(draw(*shape))
                self.names.append(f"layers.{k}.{name}")
        if not tied:
            self.params.append(draw(m, n))  # nn.Linear(n, m).weight
            self.names.append("V")
        self.params.append(draw(m))  # nn.Linear(n, m).bias
        self.names.append("by")
        self.p_ = dict(zip(self.names, self.params))

    def forward(self, x, state):
        """x [T, B] ids; state: per-layer h (lstm: (h, c)) or None. Returns logits, state."""
        T, B = x.shape
        inp, final = None, []
        for k in range(self.layers):
            q = lambda name: self.p_[f"layers.{k}.{name}"]
            table = q("Ut") if self.cell == "elman" else q("Wih_t")
            pre = F.embedding(x, table) if k == 0 else inp @ table
            s = None if state is None else state[k]
            outs = []
            if self.cell == "elman":
                w, h = q("W"), torch.zeros(B, self.n) if s is None else s
                pre = pre + q("bx")
                for t in range(T):
                    h = torch.tanh(pre[t] + h @ w.t())
                    outs.append(h)
                s = h
            elif self.cell == "lstm":
                whh, bhh = q("Whh"), q("bhh")
                h, c = (torch.zeros(B, self.n), torch.zeros(B, self.n)) if s is None else s
                pre = pre + q("bih")
                for t in range(T):
                    i, f, g, o = (pre[t] + h @ whh.t() + bhh).chunk(4, dim=1)
                    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                    h = torch.sigmoid(o) * torch.tanh(c)
                    outs.append(h)
                s = (h, c)
            else:
                whh, bhh = q("Whh"), q("bhh")
                h = torch.zeros(B, self.n) if s is None else s
                pre = pre + q("bih")
                for t in range(T):
                    ir, iz, inn = pre[t].chunk(3, dim=1)
                    hr, hz, hn = (h @ whh.t() + bhh).chunk(3, dim=1)
                    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                    h = (1 - z) * torch.tanh(inn + r * hn) + z * h
                    outs.append(h)
                s = h
            final.append(s)
            # inverted dropout, a fresh mask per step and unit: between layers and before V
            inp = F.dropout(torch.stack(outs), self.p, self.training)
        v = self.p_["layers.0.Ut"] if self.tied else self.p_["V"]
        return inp @ v.t() + self.p_["by"], final


def detach(state):
    return [tuple(t.detach() for t in s) if isinstance(s, tuple) else s.detach() for s in state]


def torch_curve(row, train, val, m, net):
    opt = torch.optim.Adam(net.parameters(), lr=row["lr"])
    out = []
    for _ in range(row["epochs"]):
        net.train()
        state, total, count = None, 0.0, 0
        for x, y in windows(train, row["batch"], row["window"]):
            opt.zero_grad()
            logits, state = net(x, state)
            loss = F.cross_entropy(logits.reshape(-1, m), y.reshape(-1), reduction="sum")
            loss.backward()
            opt.step()
            state = detach(state)
            total, count = total + float(loss), count + y.numel()
        net.eval()
        out.append((total / count, validation_loss(net, val, row["batch"], row["window"], m)))
    return out


def rnn4j_curve(row, work, init):
    cmd = rnn4j_java(ROOT) + [work, row["cell"],
           str(row["hidden"]), str(row["epochs"]), str(row["lr"]), str(row["batch"]),
           str(row["window"]), str(row.get("mask_seed", row["seed"])), "f32", "simd", init,
           f"layers={row['layers']}", f"dropout={row['dropout']}", "variational=false",
           f"tied={str(row['tied']).lower()}"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return [tuple(float(v) for v in line.split()[1:]) for line in out.stdout.split("\n") if line]


def run_row(row, data):
    train, val, m = data
    torch.manual_seed(row["seed"])
    net = Model(row["cell"], row["layers"], m, row["hidden"], row["dropout"], row["tied"])
    with tempfile.TemporaryDirectory() as work:
        for name, ids in (("train.ids", train), ("val.ids", val)):
            with open(os.path.join(work, name), "w") as f:
                f.write("%d\n" % m + "\n".join(map(str, ids)) + "\n")
        init = os.path.join(work, "init.bin")
        np.concatenate([p.detach().double().reshape(-1).numpy() for p in net.params]) \
            .astype(">f8").tofile(init)
        began = time.time()
        ours = rnn4j_curve(row, work, init)
        mid = time.time()
    if "mask_seed" in row:
        torch.manual_seed(row["mask_seed"])
    theirs = torch_curve(row, train, val, m, net)
    done = time.time()
    return {**row, "vocab": m, "train_tokens": len(train), "validation_tokens": len(val),
            "rnn4j": {"train_ppl": [math.exp(o[0]) for o in ours],
                      "validation_ppl": [math.exp(o[1]) for o in ours], "seconds": mid - began},
            "pytorch": {"train_ppl": [math.exp(t[0]) for t in theirs],
                        "validation_ppl": [math.exp(t[1]) for t in theirs], "seconds": done - mid}}


def label(r):
    kind = "plain"
    if r["tied"]:
        kind = "tied" + (f" + dropout {r['dropout']}" if r["dropout"] else "")
    elif r["dropout"]:
        kind = f"dropout {r['dropout']}"
    return f"{r['level']} {r['cell']} {kind}"


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split("\n")[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(), "java": java,
            "torch": torch.__version__, "python": platform.python_version(),
            "torch_threads": torch.get_num_threads()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=os.path.join(ROOT, "corpora", "shakespeare", "sonnets.txt"))
    p.add_argument("--levels", default="char,word")
    p.add_argument("--cells", default="elman,lstm,gru")
    p.add_argument("--kinds", default="plain,dropout,tied,tied+dropout")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--char", default="128,32,50,6", help="hidden,batch,window,epochs at char level")
    p.add_argument("--word", default="128,16,35,6", help="hidden,batch,window,epochs at word level")
    p.add_argument("--min-count", type=int, default=2, help="word level: rarer words are <unk>")
    p.add_argument("--mask-seed", type=int,
                   help="seed of the dropout masks alone (the initial weights stay those of --seed); "
                        "rnn4j's training seed, which with loaded weights draws only the masks")
    p.add_argument("--json", help="write the raw numbers here")
    a = p.parse_args()
    torch.set_num_threads(1)
    started = time.time()
    rows = []
    print("| config | rnn4j val ppl | PyTorch val ppl | ratio |")
    print("|---|---|---|---|")
    for level in a.levels.split(","):
        hidden, batch, window, epochs = (int(v) for v in getattr(a, level).split(","))
        data = encode(a.corpus, level, a.min_count)
        for cell in a.cells.split(","):
            for kind in a.kinds.split(","):
                tied, dropout = "tied" in kind, a.dropout if "dropout" in kind else 0.0
                row = {"level": level, "cell": cell, "layers": a.layers, "hidden": hidden,
                       "batch": batch, "window": window, "epochs": epochs, "lr": a.lr,
                       "seed": a.seed, "dropout": dropout, "tied": tied}
                if a.mask_seed is not None:
                    row["mask_seed"] = a.mask_seed
                if tied and cell != "elman":
                    if kind == "tied":
                        print(f"| {level} {cell} tied | not possible in rnn4j (input table "
                              f"[vocab, {4 if cell == 'lstm' else 3}n], V [vocab, n]) | – | – |",
                              flush=True)
                    continue
                r = run_row(row, data)
                rows.append(r)
                ours, theirs = r["rnn4j"]["validation_ppl"][-1], r["pytorch"]["validation_ppl"][-1]
                print(f"| {label(r)} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.3f} |", flush=True)
    total = time.time() - started
    settings = ", ".join(f"{lv}: hidden/batch/window/epochs {getattr(a, lv)}" for lv in a.levels.split(","))
    print(f"\n{a.layers} layers, Adam lr {a.lr}, seed {a.seed}, {settings}; {total / 60:.1f} min")
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump({"what": "validation perplexity after the last epoch, rnn4j and PyTorch at the "
                               "same settings (scripts/quality-table.py)",
                       "date": datetime.date.today().isoformat(), "machine": machine(),
                       "corpus": os.path.relpath(a.corpus, ROOT), "min_count": a.min_count,
                       "total_seconds": total, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
