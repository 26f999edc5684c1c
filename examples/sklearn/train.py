#!/usr/bin/env python3
"""A scikit-learn model tuned by tunekit through the command protocol (experiments/sklearn-digits.json).

An MLPClassifier on the digits data shipped with tunekit, one partial_fit per epoch, each reported through
python/tunekit.py so that a pruner can stop it; stops cleanly on SIGTERM. Needs scikit-learn (Debian: python3-sklearn).
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
import tunekit  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.001)
parser.add_argument("--alpha", type=float, default=1e-4)
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--epochs", type=int, default=20)
args = parser.parse_args()

data = np.loadtxt(ROOT / "experiments/data/digits.csv", delimiter=",", skiprows=1)
x, y = data[:, :-1], data[:, -1].astype(int)
x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
scaler = StandardScaler().fit(x_train)
x_train, x_val = scaler.transform(x_train), scaler.transform(x_val)

model = MLPClassifier(hidden_layer_sizes=(args.hidden,), learning_rate_init=args.lr, alpha=args.alpha, random_state=tunekit.seed())
classes = np.arange(10)
val_loss, val_accuracy = float("nan"), 0.0
for epoch in range(1, args.epochs + 1):
    model.partial_fit(x_train, y_train, classes=classes)
    val_loss = log_loss(y_val, model.predict_proba(x_val), labels=classes)
    val_accuracy = model.score(x_val, y_val)
    if tunekit.report(epoch, val_loss=val_loss, val_accuracy=val_accuracy):
        sys.exit(0)

tunekit.report(val_loss=val_loss, val_accuracy=val_accuracy)
