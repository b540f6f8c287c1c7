"""Shared by the SimPy baselines: time replications, average their figures, print them."""
import json
import statistics
import time

import simpy


def run(model, replicate, argv, notes=None):
    """Runs `replicate(seed)` for seeds 1..N (N the first argument, default 10), each timed
    with time.perf_counter around model construction and run; prints the median and mean
    time per replication and the mean figures (`--json`: one JSON object instead).
    `notes` maps a figure to a reference value printed beside it."""
    as_json = "--json" in argv
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 10
    times, runs = [], []
    for seed in range(1, n + 1):
        t0 = time.perf_counter()
        figures = replicate(seed)
        times.append(time.perf_counter() - t0)
        runs.append(figures)
    figures = {k: statistics.fmean(r[k] for r in runs) for k in runs[0]}
    result = {
        "model": f"{model}, SimPy {simpy.__version__}",
        "replications": n,
        "median_s": statistics.median(times),
        "mean_s": statistics.fmean(times),
        "figures": figures,
    }
    if as_json:
        print(json.dumps(result))
        return
    print(f"{result['model']}: {n} replications (seeds 1..{n})")
    print(f"  time per replication: median {result['median_s']:.3f} s, mean {result['mean_s']:.3f} s")
    for k, v in figures.items():
        note = (notes or {}).get(k, "")
        print(f"  {k:28s} {v:12.4f}   {note}".rstrip())
