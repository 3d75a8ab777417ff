#!/usr/bin/python3
"""Writes the fixture of the PyTorch import test: an nn.RNN (tanh, 2 layers) + nn.Linear with
seeded float64 weights, saved as safetensors (written by hand: the format is an 8-byte
little-endian header length, a JSON header, then little-endian tensor bytes), and the logits
PyTorch computes for one token sequence (one-hot input).

Run: /usr/bin/python3 scripts/gen-torch-rnn-fixture.py rnn-core/src/test/resources/fixtures
"""
import json
import struct
import sys

import torch

out = sys.argv[1]
torch.manual_seed(20261126)
m, n, layers, T = 9, 5, 2, 7
rnn = torch.nn.RNN(input_size=m, hidden_size=n, num_layers=layers, nonlinearity="tanh").double()
fc = torch.nn.Linear(n, m).double()
x = torch.randint(0, m, (T,))
with torch.no_grad():
    onehot = torch.nn.functional.one_hot(x, m).double().unsqueeze(1)  # [T, batch 1, m]
    h, _ = rnn(onehot)
    logits = fc(h[:, 0, :])

tensors = {"rnn." + k: v for k, v in rnn.state_dict().items()}
tensors.update({"fc." + k: v for k, v in fc.state_dict().items()})
header, blobs, offset = {"__metadata__": {"source": "scripts/gen-torch-rnn-fixture.py"}}, [], 0
for name, t in tensors.items():
    data = t.contiguous().numpy().astype("<f8").tobytes()
    header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
h_bytes = json.dumps(header).encode("utf-8")
h_bytes += b" " * ((8 - len(h_bytes) % 8) % 8)
with open(out + "/torch_rnn.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h_bytes)))
    f.write(h_bytes)
    for b in blobs:
        f.write(b)
with open(out + "/torch_rnn_logits.json", "w") as f:
    json.dump({"torch_version": torch.__version__, "m": m, "n": n, "layers": layers,
               "x": x.tolist(), "logits": logits.tolist()}, f)
