"""Runs Optuna 3.1's samplers on the suite for any seeds, in the suite's result format, so that a tunekit
configuration meant to mirror one can be checked on more seeds than the stored 0-9. The objectives are the
TypeScript ports (bench/problems/), evaluated by bench/optuna/objective-server.ts over a pipe.

usage (from the repository root):
  python3 bench/optuna/run.py --suite ../shared/bench/problems.json --sampler tpe --seed-start 1000 --seeds 30 \
      --out bench/results/optuna-tpe-1000.json [--problems branin,lr_log]
"""
import argparse
import json
import subprocess
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def same(a, b):
    # JSON equality: true is not 1.
    return json.dumps(a) == json.dumps(b)


def active(spec, params):
    for key, want in (spec.get("when") or {}).items():
        if key not in params:
            return False
        options = want if isinstance(want, list) else [want]
        if not any(same(params[key], w) for w in options):
            return False
    return True


def suggest(trial, name, spec):
    t = spec["type"]
    if t == "float":
        return trial.suggest_float(name, spec["low"], spec["high"], log=bool(spec.get("log")), step=spec.get("step"))
    if t == "int":
        return trial.suggest_int(name, spec["low"], spec["high"], log=bool(spec.get("log")), step=spec.get("step", 1))
    if t == "categorical":
        return trial.suggest_categorical(name, spec["choices"])
    raise ValueError(f"unsupported parameter type {t} for {name}")


def make_sampler(kind, seed):
    if kind == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if kind == "tpe-mv":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if kind == "cmaes":
        # As in the suite's optuna.json: defaults; categorical and conditional parameters fall back to RandomSampler.
        return optuna.samplers.CmaEsSampler(seed=seed)
    raise ValueError(f"unknown sampler {kind}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default="../shared/bench/problems.json")
    ap.add_argument("--sampler", default="tpe")
    ap.add_argument("--seed-start", type=int, default=1000)
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--problems")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    suite = json.load(open(args.suite))
    only = args.problems.split(",") if args.problems else None
    server = subprocess.Popen(
        ["npx", "tsx", "bench/optuna/objective-server.ts", args.suite], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )

    def evaluate(problem, params):
        server.stdin.write(json.dumps({"problem": problem, "params": params}) + "\n")
        server.stdin.flush()
        line = server.stdout.readline().strip()
        return None if line == "null" else float(line)

    runs = []
    started = time.time()
    for p in suite["problems"]:
        if only and p["name"] not in only:
            continue
        t0 = time.time()
        for seed in range(args.seed_start, args.seed_start + args.seeds):
            def objective(trial):
                params = {}
                for name, spec in p["space"].items():
                    if active(spec, params):
                        params[name] = suggest(trial, name, spec)
                v = evaluate(p["name"], params)
                return float("nan") if v is None else v

            study = optuna.create_study(sampler=make_sampler(args.sampler, seed))
            study.optimize(objective, n_trials=p["budget"])
            best, so_far = float("inf"), []
            for t in study.trials:
                if t.value is not None and t.value == t.value and t.value < best:
                    best = t.value
                so_far.append(best)
            runs.append({"problem": p["name"], "sampler": f"optuna-{args.sampler}", "seed": seed, "best_so_far": so_far})
        print(f"  {p['name']:<18} {args.seeds} seeds in {time.time() - t0:.1f} s", file=sys.stderr)
    server.stdin.close()
    server.wait()
    meta = {"tool": "bench/optuna/run.py", "optuna_version": optuna.__version__, "sampler": args.sampler,
            "seeds": list(range(args.seed_start, args.seed_start + args.seeds)), "total_wall_s": time.time() - started}
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "runs": runs}, f)
    print(f"wrote {len(runs)} runs to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
