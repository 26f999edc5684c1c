#!/usr/bin/env python3
"""A command trainer in plain Python (standard library only), to show tunekit's protocol.

tunekit passes the parameters on the command line (see experiments/python-command.json) and in
TUNEKIT_PARAMS; this script prints one JSON object per line: with "step" it is an intermediate value.
Any other line is a log line, kept in the trial's log tail.
"""
import argparse
import json
import math
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--init", choices=["zeros", "normal", "uniform"], default="zeros")
parser.add_argument("--epochs", type=int, default=50)
args = parser.parse_args()

rng = random.Random(int(os.environ.get("TUNEKIT_SEED", "0")))
data = [(x, 2 + 3 * x + rng.random()) for x in (rng.random() for _ in range(100))]
train, val = data[:80], data[80:]
w, b = {"zeros": (0.0, 0.0), "normal": (rng.gauss(0, 1), rng.gauss(0, 1)), "uniform": (rng.random(), rng.random())}[args.init]

def mse(rows):
    return sum((w * x + b - y) ** 2 for x, y in rows) / len(rows)

print(f"training with lr={args.lr} init={args.init}", flush=True)
for epoch in range(1, args.epochs + 1):
    gw = sum(2 * (w * x + b - y) * x for x, y in train) / len(train)
    gb = sum(2 * (w * x + b - y) for x, y in train) / len(train)
    w, b = w - args.lr * gw, b - args.lr * gb
    loss = mse(val)
    if not math.isfinite(loss) or loss > 1e12:
        print("diverged", flush=True)
        raise SystemExit(3)
    print(json.dumps({"step": epoch, "val_loss": loss}), flush=True)

print(json.dumps({"val_loss": mse(val), "train_loss": mse(train), "w": w, "b": b}), flush=True)
