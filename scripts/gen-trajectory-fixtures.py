#!/usr/bin/env python3
"""PyTorch training trajectories for rnn4j's Trainer: every parameter after every update.

For each cell (elman, lstm, gru) and data mode (stream, sentences) this builds a tiny float64
language model (one-hot tokens -> L stacked cells -> Linear -> cross-entropy), lays the data out
exactly as rnn4j's Trainer documents it, and trains it several times from the same initial
weights, once per optimizer setting (Adam, SGD + momentum, RMSprop, Adagrad, plain SGD with the
loss averaged over the batch's tokens, SGD + momentum with the gradient norm clipped, plain SGD
with dropout and Adam with variational dropout, using the masks rnn4j draws). Every parameter is recorded,
in rnn4j's layout and names, after every update. Output: one JSON file per (cell, mode) in
rnn-core/src/test/resources/fixtures/trajectory_CELL_MODE.json, read by TrajectoryFixtureTest.

Data layout (rnn4j's TrainingData / Trainer):
  stream     tokens[0..N); per = (N-1) // B; stream b is tokens[b*per .. b*per+per] (its last
             target is the first token of stream b+1); windows of T steps (the last may be
             shorter): inputs tokens[b*per+from+t], targets tokens[b*per+from+t+1]. The state is
             carried from window to window, detached (truncated BPTT), and zero at the start of
             every epoch. Streams are not shuffled.
  sentences  every epoch the sentences are permuted by rnn4j's seeded shuffle (SplittableRandom
             with seed * 1000003 + epoch, Fisher-Yates from the end; reproduced below and recorded
             in the fixture as "orders"), cut into batches of B in that order; a batch is
             time-major, input <s> w1..wk, target w1..wk </s>, padded on the right (padding input
             = all-zero one-hot, padding target ignored); the state starts at zero every batch.
  loss       cross-entropy (natural log) over non-padding positions; "sum" (rnn4j's default) or
             "mean" (PyTorch's nn.CrossEntropyLoss default: divided by the batch's tokens).
  clip_norm  torch.nn.utils.clip_grad_norm_ (scale max_norm / (norm + 1e-6) when below 1).
  dropout    masks multiply the outputs of layer k < L-1 where layer k+1 reads them and the top
             layer's outputs where Linear reads them: 0 with probability p, else 1/(1-p); drawn
             exactly as rnn4j draws them (SplittableRandom((seed ^ 0x5DEECE66D) * golden + u) for
             update u = 0, 1, ...; mask by mask, time-major rows, one nextDouble() per element;
             variational: the batch's rows drawn once and repeated at every step).

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 \
        scripts/gen-trajectory-fixtures.py

Needs torch (Debian: apt-get install python3-torch libopenblas0-pthread). The Java tests only
read the JSON.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(os.path.dirname(HERE), "rnn-core", "src", "test", "resources", "fixtures")

PAD, UNK, BOS, EOS = 0, 1, 2, 3
M, N = 7, 3  # vocabulary (4 specials + 3 tokens), hidden units
SEED = 1601  # the Trainer's shuffle seed (TrainingConfig.seed)

# name, optimizer, learning rate, options (rnn4j option keys), loss reduction, clip_norm,
# dropout probability, variational dropout
RUNS = [
    ("adam", "adam", 0.05, {}, "sum", 0.0, 0.0, False),
    ("momentum", "sgd", 0.02, {"momentum": "0.9"}, "sum", 0.0, 0.0, False),
    ("rmsprop", "rmsprop", 0.01, {}, "sum", 0.0, 0.0, False),
    ("adagrad", "adagrad", 0.1, {}, "sum", 0.0, 0.0, False),
    ("sgd-mean", "sgd", 0.5, {}, "mean", 0.0, 0.0, False),
    ("momentum-clipped", "sgd", 0.02, {"momentum": "0.9"}, "sum", 2.0, 0.0, False),
    ("sgd-dropout", "sgd", 0.02, {}, "sum", 0.0, 0.3, False),
    ("adam-variational-dropout", "adam", 0.05, {}, "sum", 0.0, 0.3, True),
]

FIXTURES = [
    dict(cell="elman", mode="stream", layers=2, batch=2, window=5, tokens=41, seed=11),
    dict(cell="lstm", mode="stream", layers=2, batch=2, window=5, tokens=41, seed=12),
    dict(cell="gru", mode="stream", layers=2, batch=2, window=5, tokens=41, seed=13),
    dict(cell="elman", mode="sentences", layers=1, batch=3, sentences=10, seed=21),
    dict(cell="lstm", mode="sentences", layers=1, batch=3, sentences=10, seed=22),
    dict(cell="gru", mode="sentences", layers=1, batch=3, sentences=10, seed=23),
]
EPOCHS = 5  # stream: 4 windows per epoch; sentences: 4 batches per epoch -> 20 updates

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt() and nextInt(bound) as in JDK 17+."""

    def __init__(self, seed):
        self.seed = seed & MASK64

    def next_int(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        z = ((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64
        r = z >> 32
        return r - (1 << 32) if r >= (1 << 31) else r

    def next_long(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_bounded(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r) & 0xFFFFFFFF) < (1 << 31):  # Java: u + m - r >= 0 as int
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def epoch_order(seed, epoch, size):
    """rnn4j Trainer's permutation of the sentences in an epoch."""
    order = list(range(size))
    rnd = SplittableRandom(seed * 1000003 + epoch)
    for i in range(size - 1, 0, -1):
        j = rnd.next_bounded(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def dropout_masks(update, layers, steps, batch, p, variational):
    """rnn4j's masks of one update: a list of [steps, batch, N] tensors, one per layer."""
    rnd = SplittableRandom(((SEED ^ 0x5DEECE66D) * GOLDEN_GAMMA + update) & MASK64)
    masks = []
    for _ in range(layers):
        rows = batch if variational else steps * batch
        values = [0.0 if rnd.next_double() < p else 1 / (1 - p) for _ in range(rows * N)]
        mask = torch.tensor(values).reshape(rows, N)
        if variational:
            mask = mask.repeat(steps, 1)
        masks.append(mask.reshape(steps, batch, N))
    return masks


class Model(torch.nn.Module):
    """One-hot tokens -> L cells -> Linear; parameters kept in PyTorch's own modules."""

    def __init__(self, cell, layers):
        super().__init__()
        self.cell, self.layers = cell, layers
        if cell == "elman":  # rnn4j's Elman has one bias per layer: a = x Ut + h W^T + bx
            self.elman = torch.nn.ParameterList()
            for k in range(layers):
                size = M if k == 0 else N
                bound = 1 / math.sqrt(N)
                for shape in ((size, N), (N, N), (N,)):
                    self.elman.append(torch.nn.Parameter(torch.empty(shape).uniform_(-bound, bound)))
        else:  # one module per layer, so that masks can sit between layers
            kind = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
            self.rnn = torch.nn.ModuleList(
                [kind(input_size=M if k == 0 else N, hidden_size=N) for k in range(layers)])
        self.linear = torch.nn.Linear(N, M)

    def forward(self, x, state, masks=None):
        """x [T, B] ids (-1 = padding); state: per-layer tensors (lstm: (h, c)) or None."""
        T, B = x.shape
        inp = torch.zeros(T, B, M)
        pad = x >= 0
        inp[pad] = F.one_hot(x[pad], M).double()
        final = []
        for k in range(self.layers):
            s = None if state is None else state[k]
            if self.cell == "elman":
                ut, w, bx = self.elman[3 * k], self.elman[3 * k + 1], self.elman[3 * k + 2]
                h = torch.zeros(B, N) if s is None else s
                outs = []
                for t in range(T):
                    h = torch.tanh(inp[t] @ ut + h @ w.t() + bx)
                    outs.append(h)
                out, s = torch.stack(outs), h
            elif self.cell == "lstm":
                out, (h, c) = self.rnn[k](inp, None if s is None else (s[0][None], s[1][None]))
                s = (h[0], c[0])
            else:
                out, h = self.rnn[k](inp, None if s is None else s[None])
                s = h[0]
            final.append(s)
            inp = out if masks is None else out * masks[k]
        return self.linear(inp), final

    def rnn4j_parameters(self):
        """Every parameter in rnn4j's names and layout, flat row-major, in rnn4j's order."""
        out = {}
        for k in range(self.layers):
            p = f"layers.{k}."
            if self.cell == "elman":
                out[p + "Ut"], out[p + "W"], out[p + "bx"] = self.elman[3 * k: 3 * k + 3]
            else:
                out[p + "Wih_t"] = self.rnn[k].weight_ih_l0.t()
                out[p + "Whh"] = self.rnn[k].weight_hh_l0
                out[p + "bih"] = self.rnn[k].bias_ih_l0
                out[p + "bhh"] = self.rnn[k].bias_hh_l0
        out["V"], out["by"] = self.linear.weight, self.linear.bias
        return {k: v.detach().reshape(-1).tolist() for k, v in out.items()}


def detach(state):
    return [tuple(t.detach() for t in s) if isinstance(s, tuple) else s.detach() for s in state]


def make_data(f, gen):
    if f["mode"] == "stream":  # like the CLI: lines joined by </s>, the stream starts with </s>
        toks = torch.randint(EOS, M, (f["tokens"],), generator=gen).tolist()
        toks[0] = EOS
        return toks
    return [torch.randint(EOS + 1, M, (1 + int(torch.randint(0, 5, (1,), generator=gen)),),
                          generator=gen).tolist() for _ in range(f["sentences"])]


def batches(f, data, epoch):
    """(x [T, B], y [T, B], carry state?) for every update of an epoch, as rnn4j lays them out."""
    B = f["batch"]
    if f["mode"] == "stream":
        per = (len(data) - 1) // B
        for start in range(0, per, f["window"]):
            steps = min(f["window"], per - start)
            x = [[data[b * per + start + t] for b in range(B)] for t in range(steps)]
            y = [[data[b * per + start + t + 1] for b in range(B)] for t in range(steps)]
            yield torch.tensor(x), torch.tensor(y), True
        return
    order = epoch_order(SEED, epoch, len(data))
    for start in range(0, len(order), B):
        chosen = [data[i] for i in order[start:start + B]]
        steps = max(len(s) + 1 for s in chosen)
        x = torch.full((steps, B), -1, dtype=torch.long)
        y = torch.full((steps, B), -1, dtype=torch.long)
        for b, s in enumerate(chosen):
            x[: len(s) + 1, b] = torch.tensor([BOS] + s)
            y[: len(s) + 1, b] = torch.tensor(s + [EOS])
        yield x, y, False


def optimizer(name, params, lr, options):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=float(options.get("eps", 1e-8)))
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=float(options.get("momentum", 0)))
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    return torch.optim.Adagrad(params, lr=lr)


def train(f, initial, data, run):
    _, opt_name, lr, options, reduction, clip_norm, p, variational = run
    model = Model(f["cell"], f["layers"])
    model.load_state_dict(initial)
    opt = optimizer(opt_name, list(model.parameters()), lr, options)
    trajectory, losses, clipped = [], [], [0]
    for epoch in range(1, EPOCHS + 1):
        state = None  # zero at the start of every epoch
        for x, y, carry in batches(f, data, epoch):
            opt.zero_grad()
            masks = None if p == 0 else dropout_masks(len(losses), f["layers"], x.shape[0],
                                                        f["batch"], p, variational)
            logits, final = model(x, state if carry else None, masks)
            loss = F.cross_entropy(logits.reshape(-1, M), y.reshape(-1), ignore_index=-1,
                                   reduction=reduction)
            loss.backward()
            if clip_norm > 0:
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
                clipped[0] += int(norm > clip_norm)
            opt.step()
            state = detach(final)
            losses.append(float(loss))
            trajectory.append({k: [float("%.12g" % v) for v in vs]
                               for k, vs in model.rnn4j_parameters().items()})
    if clip_norm > 0:
        print("  %s %s: clipped in %d of %d updates" % (f["cell"], f["mode"], clipped[0], len(losses)))
    return trajectory, losses


def build(f):
    torch.manual_seed(f["seed"])
    model = Model(f["cell"], f["layers"])
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    data = make_data(f, torch.Generator().manual_seed(f["seed"] + 1))
    doc = {
        "cell": f["cell"], "mode": f["mode"], "vocab": M, "hidden": N, "layers": f["layers"],
        "batch": f["batch"], "window": f.get("window", 0), "epochs": EPOCHS, "seed": SEED,
        "bos": BOS, "eos": EOS, "torch_version": torch.__version__,
        "conventions": __doc__.split("Data layout")[1].split("    LD_LIBRARY_PATH")[0].strip(),
        "data": data,
        "orders": [epoch_order(SEED, e, len(data)) for e in range(1, EPOCHS + 1)]
        if f["mode"] == "sentences" else None,
        "initial": model.rnn4j_parameters(),
        "runs": [],
    }
    for run in RUNS:
        trajectory, losses = train(f, initial, data, run)
        doc["runs"].append({"name": run[0], "optimizer": run[1], "lr": run[2], "options": run[3],
                            "reduction": run[4], "clip_norm": run[5], "dropout": run[6],
                            "variational": run[7], "losses": losses,
                            "parameters": trajectory})
    return doc


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in FIXTURES:
        doc = build(f)
        path = os.path.join(OUT_DIR, "trajectory_%s_%s.json" % (f["cell"], f["mode"]))
        with open(path, "w") as fh:
            json.dump(doc, fh, separators=(",", ":"))
            fh.write("\n")
        print(os.path.relpath(path), "updates=%d" % len(doc["runs"][0]["losses"]),
              "final losses", ["%.6g" % r["losses"][-1] for r in doc["runs"]])


if __name__ == "__main__":
    main()
