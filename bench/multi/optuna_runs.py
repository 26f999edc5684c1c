"""Optuna 3.1's NSGA-II and TPE on tunekit's multi-objective benchmark problems (bench/multi/problems.ts), for
`npm run bench -- multi-objective`. Python 3 standard library plus Debian's python3-optuna. Writes every trial's
objective (and constraint) values; the TypeScript side computes hypervolumes with the same code as tunekit's runs.

    /usr/bin/python3 bench/multi/optuna_runs.py --seeds 10 --out bench/results/optuna-multi.json
"""
import argparse
import json
import math
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt(x, second):
    n = len(x)
    f1 = x[0]
    g = 1 + 9 / (n - 1) * sum(x[1:])
    h = 1 - math.sqrt(f1 / g) if not second else 1 - (f1 / g) ** 2
    return [f1, g * h]


def dtlz2(x, m=3):
    g = sum((v - 0.5) ** 2 for v in x[m - 1:])
    f = []
    for i in range(m):
        v = 1 + g
        for j in range(m - 1 - i):
            v *= math.cos(x[j] * math.pi / 2)
        if i > 0:
            v *= math.sin(x[m - 1 - i] * math.pi / 2)
        f.append(v)
    return f


def c2_constraint(f, r=0.4):
    m = len(f)
    caps = min((f[i] - 1) ** 2 + sum(f[j] ** 2 for j in range(m) if j != i) - r * r for i in range(m))
    centre = sum((v - 1 / math.sqrt(m)) ** 2 for v in f) - r * r
    return [min(caps, centre)]


PROBLEMS = {
    "zdt1": dict(dims=6, objectives=lambda x: zdt(x, False)),
    "zdt2": dict(dims=6, objectives=lambda x: zdt(x, True)),
    "dtlz2": dict(dims=6, objectives=dtlz2),
    "c2_dtlz2": dict(dims=6, objectives=dtlz2, constraints=lambda f: c2_constraint(f)),
}


def run(problem, sampler_name, seed, trials):
    spec = PROBLEMS[problem]
    constraints = spec.get("constraints")
    kwargs = {"seed": seed}
    if constraints:
        kwargs["constraints_func"] = lambda t: t.user_attrs["constraints"]
    sampler = optuna.samplers.NSGAIISampler(**kwargs) if sampler_name == "nsga2" else optuna.samplers.TPESampler(**kwargs)
    f0 = spec["objectives"]([0.5] * spec["dims"])
    study = optuna.create_study(directions=["minimize"] * len(f0), sampler=sampler)
    values, cons = [], []

    def objective(t):
        x = [t.suggest_float(f"x{i + 1}", 0, 1) for i in range(spec["dims"])]
        f = spec["objectives"](x)
        if constraints:
            c = constraints(f)
            t.set_user_attr("constraints", c)
            cons.append(c)
        values.append(f)
        return f

    study.optimize(objective, n_trials=trials)
    out = {"problem": problem, "sampler": f"optuna-{sampler_name}", "seed": seed, "values": values}
    if constraints:
        out["constraints"] = cons
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    runs = []
    started = time.time()
    for problem in PROBLEMS:
        for sampler in ["nsga2", "tpe"]:
            t0 = time.time()
            for seed in range(a.seeds):
                runs.append(run(problem, sampler, seed, a.trials))
            print(f"{problem} {sampler}: {a.seeds} seeds in {time.time() - t0:.1f} s", flush=True)
    meta = {"tool": "bench/multi/optuna_runs.py", "optuna": optuna.__version__, "trials": a.trials, "seeds": list(range(a.seeds)), "wall_s": time.time() - started}
    with open(a.out, "w") as fh:
        json.dump({"meta": meta, "runs": runs}, fh)


if __name__ == "__main__":
    main()
