#!/usr/bin/env python3
"""PyTorch reference fixtures for the rnn4j LSTM and GRU cells.

For each fixture (seeded): build torch.nn.LSTM or torch.nn.GRU (num_layers = L) and an
nn.Linear output layer in float64 with PyTorch's default initialisation, feed one-hot token
inputs (time-major [T, B, m]; a padded position is an all-zero input), run forward and the
summed cross-entropy backward (padding targets = -1 are ignored), and write weights, inputs,
initial states, per-step top-layer outputs, final states, logits, loss and gradients to
rnn-core/src/test/resources/fixtures/NAME.json.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 scripts/gen-cell-fixtures.py

Needs numpy and torch (Debian: apt-get install python3-torch libopenblas0-pthread). The Java
tests only read the JSON; Python is never needed to build or test rnn4j.
"""
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(os.path.dirname(HERE), "rnn-core", "src", "test", "resources", "fixtures")

FIXTURES = [
    dict(name="lstm_l1_b1", cell="lstm", m=9, n=5, T=7, L=1, B=1, seed=501, initial_state=False),
    dict(name="lstm_l2_b3", cell="lstm", m=8, n=4, T=6, L=2, B=3, seed=502, initial_state=True),
    dict(name="gru_l1_b1", cell="gru", m=9, n=5, T=7, L=1, B=1, seed=503, initial_state=False),
    dict(name="gru_l2_b3", cell="gru", m=8, n=4, T=6, L=2, B=3, seed=504, initial_state=True),
]

CONVENTIONS = {
    "model": "L stacked torch.nn.LSTM/GRU layers over one-hot tokens, then nn.Linear(n, m); float64",
    "lstm": "PyTorch nn.LSTM: gates i,f,g,o; c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)",
    "gru": "PyTorch nn.GRU: gates r,z,n; n_t = tanh(W_in x + b_in + r*(W_hn h + b_hn)); h_t = (1-z)*n_t + z*h_{t-1}",
    "x": "[T][B] token ids, time-major; -1 = padding (all-zero one-hot input), always at the end of a sequence",
    "y": "[T][B] target ids; -1 = padding (ignored by the loss)",
    "h0, c0": "[L][B][n] initial states per layer (c0 for lstm only), or null for zeros",
    "outputs": "[T][B][n] hidden outputs h_t of the top layer",
    "h_n, c_n": "[L][B][n] states after the last step (padding steps included, as nn.LSTM/GRU without packing)",
    "logits": "[T][B][m] = outputs W_linear^T + b_linear",
    "loss": "sum over non-padding positions of cross-entropy (natural log), not averaged",
    "weights": "PyTorch parameter names; matrices as nested row-major lists (weight_ih_lk [G*n, m or n], weight_hh_lk [G*n, n], G = 4 lstm, 3 gru)",
    "grads": "d loss / d weight for every weight, same names and shapes",
    "rnn4j mapping": "layers.k.Wih_t = weight_ih_lk^T, layers.k.Whh = weight_hh_lk, layers.k.bih = bias_ih_lk, layers.k.bhh = bias_hh_lk, V = linear.weight, by = linear.bias; state of layer k per sequence = [h (n), c (n)] for lstm, h for gru",
    "dtype": "float64; numbers written with Python repr (shortest round trip)",
    "init": "torch.manual_seed(seed); PyTorch default initialisation (Uniform(+-1/sqrt(n)) for the recurrent layers, nn.Linear default for the output layer)",
}


def make_ids(f, gen):
    T, B, m = f["T"], f["B"], f["m"]
    x = torch.randint(0, max(2, m // 2), (T, B), generator=gen)  # few ids: repeated tokens
    y = torch.randint(0, m, (T, B), generator=gen)
    for b in range(1, B):  # sequence b is b steps shorter (right padding)
        for t in range(max(1, T - b), T):
            x[t, b] = -1
            y[t, b] = -1
    return x, y


def build(f):
    torch.manual_seed(f["seed"])
    m, n, L, B, T = f["m"], f["n"], f["L"], f["B"], f["T"]
    rnn_type = torch.nn.LSTM if f["cell"] == "lstm" else torch.nn.GRU
    rnn = rnn_type(input_size=m, hidden_size=n, num_layers=L).double()
    linear = torch.nn.Linear(n, m).double()
    gen = torch.Generator().manual_seed(f["seed"] + 1)
    x, y = make_ids(f, gen)
    onehot = torch.zeros(T, B, m, dtype=torch.float64)
    for t in range(T):
        for b in range(B):
            if x[t, b] >= 0:
                onehot[t, b, x[t, b]] = 1.0
    h0 = c0 = None
    if f["initial_state"]:
        h0 = (torch.rand(L, B, n, generator=gen, dtype=torch.float64) * 1.6 - 0.8)
        c0 = (torch.rand(L, B, n, generator=gen, dtype=torch.float64) * 1.6 - 0.8)
    if f["cell"] == "lstm":
        out, (h_n, c_n) = rnn(onehot, None if h0 is None else (h0, c0))
    else:
        out, h_n = rnn(onehot, h0)
        c_n = None
        c0 = None
    logits = linear(out)
    loss = F.cross_entropy(logits.reshape(T * B, m), y.reshape(T * B), ignore_index=-1,
                           reduction="sum")
    loss.backward()
    named = [(k, p) for k, p in rnn.named_parameters()] + \
            [("linear." + k, p) for k, p in linear.named_parameters()]
    doc = {
        "name": f["name"], "cell": f["cell"], "vocab": m, "hidden": n, "layers": L, "batch": B,
        "steps": T, "seed": f["seed"], "torch_version": torch.__version__,
        "conventions": CONVENTIONS,
        "x": x.tolist(), "y": y.tolist(),
        "h0": None if h0 is None else h0.tolist(),
        "c0": None if c0 is None else c0.tolist(),
        "weights": {k: p.detach().tolist() for k, p in named},
        "outputs": out.detach().tolist(),
        "h_n": h_n.detach().tolist(),
        "c_n": None if c_n is None else c_n.detach().tolist(),
        "logits": logits.detach().tolist(),
        "loss": float(loss.item()),
        "grads": {k: p.grad.tolist() for k, p in named},
    }
    return doc


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in FIXTURES:
        doc = build(f)
        path = os.path.join(OUT_DIR, f["name"] + ".json")
        with open(path, "w") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
        print(f["name"], "loss=%.17g" % doc["loss"], "->", os.path.relpath(path))


if __name__ == "__main__":
    main()
