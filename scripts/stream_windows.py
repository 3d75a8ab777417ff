"""The stream layout rnn4j documents, for the PyTorch side of the comparison scripts.

One token stream is cut into `batch` parallel streams of equal length, read in windows of
`window` steps; inputs x[t, b] and targets y[t, b] = x[t + 1, b] (time-major), as rnn4j's
TrainingData.stream lays them out.
"""
import torch


def windows(tokens, batch, window):
    per = (len(tokens) - 1) // batch
    data = torch.tensor(tokens)
    for start in range(0, per, window):
        steps = min(window, per - start)
        idx = torch.arange(batch) * per + start
        x = torch.stack([data[idx + t] for t in range(steps)])
        y = torch.stack([data[idx + t + 1] for t in range(steps)])
        yield x, y
