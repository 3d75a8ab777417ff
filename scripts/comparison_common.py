"""What the PyTorch comparison scripts (learning-curve.py, quality-table.py) share.

windows: the stream layout rnn4j documents: one token stream cut into `batch` parallel streams of
equal length, read in windows of `window` steps; inputs x[t, b] and targets y[t, b] = x[t + 1, b]
(time-major), as rnn4j's TrainingData.stream lays them out.
validation_loss: summed cross-entropy per token over such windows, the state carried.
rnn4j_java: the java command that runs scripts/LearningCurve.java on the built classes.
"""
import glob
import os

import torch
import torch.nn.functional as F


def windows(tokens, batch, window):
    per = (len(tokens) - 1) // batch
    data = torch.tensor(tokens)
    for start in range(0, per, window):
        steps = min(window, per - start)
        idx = torch.arange(batch) * per + start
        x = torch.stack([data[idx + t] for t in range(steps)])
        y = torch.stack([data[idx + t + 1] for t in range(steps)])
        yield x, y


def validation_loss(net, tokens, batch, window, m):
    """Loss per token of `net` (called as net(x, state) -> logits, state) on `tokens`."""
    with torch.no_grad():
        state, total, count = None, 0.0, 0
        for x, y in windows(tokens, batch, window):
            logits, state = net(x, state)
            total += float(F.cross_entropy(logits.reshape(-1, m), y.reshape(-1), reduction="sum"))
            count += y.numel()
    return total / count


def rnn4j_java(root):
    """The command prefix that runs scripts/LearningCurve.java on the built rnn4j classes."""
    version = open(os.path.join(root, "pom.xml")).read().split("<slf4j.version>")[1].split("<")[0]
    cp = [os.path.join(root, mod, "target", "classes")
          for mod in ("rnn-api", "rnn-core", "rnn-ops-simd", "rnn-ops-ejml")]
    cp += glob.glob(os.path.expanduser(f"~/.m2/repository/org/slf4j/slf4j-api/{version}/*.jar"))
    cp += glob.glob(os.path.expanduser("~/.m2/repository/org/ejml/ejml-*/*/*.jar"))
    return ["nice", "java", "--add-modules", "jdk.incubator.vector", "-cp", ":".join(cp),
            os.path.join(root, "scripts", "LearningCurve.java")]
