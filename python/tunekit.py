"""tunekit's command protocol for Python training scripts, in one file with no dependencies.

Copy this file next to your script (or add its folder to PYTHONPATH), then:

    import tunekit
    p = tunekit.params()                  # {"lr": 0.01, ...}: the trial's parameters
    for epoch in range(1, 21):
        ...
        if tunekit.report(epoch, val_loss=loss, val_accuracy=acc):
            break                         # SIGTERM came (pruned, timed out or interrupted): stop cleanly
    tunekit.report(val_loss=loss, val_accuracy=acc)   # the final metrics (no step)

report() prints one JSON object per line on stdout, which is all tunekit reads: a line with "step" is an intermediate
value (what pruners judge), the last line without one is the trial's result. Any other output is a log line.
"""
import json
import math
import os
import signal
import sys

_stop = False


def _on_sigterm(signum, frame):
    global _stop
    _stop = True


signal.signal(signal.SIGTERM, _on_sigterm)


def params():
    """The trial's parameters: TUNEKIT_PARAMS (set by tunekit for every trial), else {} (run by hand)."""
    return json.loads(os.environ.get("TUNEKIT_PARAMS", "{}"))


def seed(default=0):
    """The per-trial seed tunekit derives from the study seed (TUNEKIT_SEED)."""
    return int(os.environ.get("TUNEKIT_SEED", default))


def trial():
    """The trial's number (TUNEKIT_TRIAL), or None when run by hand."""
    value = os.environ.get("TUNEKIT_TRIAL")
    return None if value is None else int(value)


def stopped():
    """True once tunekit asked the script to stop (SIGTERM: pruned, timed out or interrupted)."""
    return _stop


def report(step=None, **metrics):
    """Prints one report; with a step it is an intermediate value. Returns stopped(), so a loop can end at once."""
    line = {k: (None if isinstance(v, float) and not math.isfinite(v) else float(v)) for k, v in metrics.items()}
    if step is not None:
        line = {"step": int(step), **line}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    return _stop
