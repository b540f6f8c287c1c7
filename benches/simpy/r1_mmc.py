#!/usr/bin/env python3
"""Reference model R1 in SimPy: the comparison baseline for amtsim's speed.

Follows the definition in scenarios/reference-mmc.toml: a plain M/M/c queue, open around
the clock, c = 5 servers, Poisson arrivals 0.2125/min (12.75/h), exponential service with
mean 20 min (utilisation 0.85), FIFO, one year (525,600 min) from an empty start.
Time unit: minutes. Erlang C: mean wait 17.4525 min, P(wait > 0) = 0.654470.

Usage: python3 benches/simpy/r1_mmc.py [N] [--json]   (N replications, seeds 1..N)
"""
import json
import random
import statistics
import sys
import time

import simpy

SERVERS = 5
ARRIVAL_RATE = 0.2125  # per minute
SERVICE_MEAN = 20.0  # minutes
HORIZON = 365 * 1440.0  # one year in minutes


class Stats:
    def __init__(self):
        self.arrivals = 0
        self.started = 0  # clients whose service started within the horizon
        self.completed = 0  # services completed within the horizon
        self.wait_sum = 0.0
        self.waited = 0  # clients who started service after a wait > 0


def client(env, servers, rng, stats):
    arrival = env.now
    with servers.request() as req:
        yield req
        wait = env.now - arrival
        stats.started += 1
        stats.wait_sum += wait
        if wait > 0.0:
            stats.waited += 1
        yield env.timeout(rng.expovariate(1.0 / SERVICE_MEAN))
    stats.completed += 1


def source(env, servers, rng, stats):
    while True:
        yield env.timeout(rng.expovariate(ARRIVAL_RATE))
        stats.arrivals += 1
        env.process(client(env, servers, rng, stats))


def replicate(seed):
    """One replication: build the model, run it for a year, return its figures."""
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    stats = Stats()
    env.process(source(env, servers, rng, stats))
    env.run(until=HORIZON)
    return {
        "arrivals": stats.arrivals,
        "services_started": stats.started,
        "served": stats.completed,
        "wait_mean_min": stats.wait_sum / stats.started,
        "p_wait": stats.waited / stats.started,
    }


def main(argv):
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
        "model": "R1 M/M/5 (reference-mmc.toml), SimPy " + simpy.__version__,
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
    print(f"  arrivals          {figures['arrivals']:12.1f}")
    print(f"  services started  {figures['services_started']:12.1f}")
    print(f"  served (completed){figures['served']:12.1f}")
    print(f"  mean wait (min)   {figures['wait_mean_min']:12.4f}   (Erlang C 17.4525)")
    print(f"  P(wait > 0)       {figures['p_wait']:12.6f}   (Erlang C 0.654470)")


if __name__ == "__main__":
    main(sys.argv[1:])
