#!/usr/bin/env python3
"""A PyTorch model tuned by tunekit through the command protocol (experiments/pytorch-digits.json).

A dense network on the digits data shipped with tunekit; parameters from argv; a report per epoch through
python/tunekit.py; on SIGTERM (pruned, timed out, interrupted) it stops after the current batch and exits cleanly.
Needs PyTorch (Debian: apt-get install python3-torch).
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
import tunekit  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--dropout", type=float, default=0.0)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--optimizer", choices=["sgd", "adam"], default="adam")
args = parser.parse_args()

torch.manual_seed(tunekit.seed())
torch.set_num_threads(1)  # one core per trial: tunekit runs `parallel` trials at once

data = np.loadtxt(ROOT / "experiments/data/digits.csv", delimiter=",", skiprows=1, dtype=np.float32)
x, y = data[:, :-1], data[:, -1].astype(np.int64)
order = np.random.default_rng(0).permutation(len(x))  # the same split for every trial
cut = int(len(x) * 0.8)
train, val = order[:cut], order[cut:]
mean, std = x[train].mean(0), x[train].std(0) + 1e-6
xt, yt = torch.from_numpy((x[train] - mean) / std), torch.from_numpy(y[train])
xv, yv = torch.from_numpy((x[val] - mean) / std), torch.from_numpy(y[val])

model = nn.Sequential(nn.Linear(64, args.hidden), nn.ReLU(), nn.Dropout(args.dropout), nn.Linear(args.hidden, 10))
opt = (torch.optim.Adam if args.optimizer == "adam" else torch.optim.SGD)(model.parameters(), lr=args.lr)
loss_fn = nn.CrossEntropyLoss()

val_loss, val_accuracy = float("nan"), 0.0
for epoch in range(1, args.epochs + 1):
    model.train()
    for batch in torch.randperm(len(xt)).split(args.batch_size):
        opt.zero_grad()
        loss_fn(model(xt[batch]), yt[batch]).backward()
        opt.step()
        if tunekit.stopped():
            break
    model.eval()
    with torch.no_grad():
        logits = model(xv)
        val_loss = loss_fn(logits, yv).item()
        val_accuracy = (logits.argmax(1) == yv).float().mean().item()
    if tunekit.report(epoch, val_loss=val_loss, val_accuracy=val_accuracy):
        sys.exit(0)

tunekit.report(val_loss=val_loss, val_accuracy=val_accuracy)
