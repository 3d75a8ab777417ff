#!/usr/bin/env python3
"""Expected parameters for rnn-core's OptimizerReferenceValuesTest.

An independent float64 re-implementation (numpy) of the update formulas of torch.optim
(SGD, Adagrad, RMSprop, Adam, AdamW), written from the PyTorch documentation's algorithm
boxes, not from the Java code. Prints the parameters after each of three steps as Java
array literals; the test pastes them as constants.

    python3 scripts/optim_reference.py
"""
import numpy as np

P0 = np.array([0.5, -1.25, 2.0])
GRADS = [np.array([0.1, -0.2, 0.3]),
         np.array([-0.4, 0.05, 0.6]),
         np.array([0.25, 0.0, -0.15])]


def sgd(lr, momentum=0.0, nesterov=False):
    p, b = P0.copy(), None
    for g in GRADS:
        if momentum != 0:
            b = g.copy() if b is None else momentum * b + g
            d = g + momentum * b if nesterov else b
        else:
            d = g
        p = p - lr * d
        yield p


def adagrad(lr, eps):
    p, s = P0.copy(), np.zeros(3)
    for g in GRADS:
        s = s + g * g
        p = p - lr * g / (np.sqrt(s) + eps)
        yield p


def rmsprop(lr, alpha, eps):
    p, v = P0.copy(), np.zeros(3)
    for g in GRADS:
        v = alpha * v + (1 - alpha) * g * g
        p = p - lr * g / (np.sqrt(v) + eps)
        yield p


def adam(lr, beta1, beta2, eps, wd=0.0):
    p, m, v = P0.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(GRADS, start=1):
        p = p * (1 - lr * wd)                      # AdamW: decoupled decay
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        yield p


CASES = {
    "SGD_LR_0_1": sgd(0.1),
    "SGD_MOMENTUM_0_9_LR_0_1": sgd(0.1, momentum=0.9),
    "SGD_NESTEROV_0_9_LR_0_1": sgd(0.1, momentum=0.9, nesterov=True),
    "ADAGRAD_LR_0_1_EPS_1E_10": adagrad(0.1, 1e-10),
    "RMSPROP_LR_0_01_ALPHA_0_99_EPS_1E_8": rmsprop(0.01, 0.99, 1e-8),
    "ADAM_LR_0_01_DEFAULTS": adam(0.01, 0.9, 0.999, 1e-8),
    "ADAMW_LR_0_01_B1_0_8_B2_0_99_EPS_1E_6_WD_0_1": adam(0.01, 0.8, 0.99, 1e-6, wd=0.1),
}

for name, steps in CASES.items():
    rows = ["{" + ", ".join(repr(float(x)) for x in p) + "}" for p in steps]
    print(f"  private static final double[][] {name} = {{\n      " + ",\n      ".join(rows) + "};")
