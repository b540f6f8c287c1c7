#!/usr/bin/env python3
"""Reference model R1 in SimPy: the comparison baseline for amtsim's speed.

Follows the definition in scenarios/reference-mmc.toml: a plain M/M/c queue, open around
the clock, c = 5 servers, Poisson arrivals 0.2125/min (12.75/h), exponential service with
mean 20 min (utilisation 0.85), FIFO, one year (525,600 min) from an empty start.
Time unit: minutes. Erlang C: mean wait 17.4525 min, P(wait > 0) = 0.654470.

Usage: python3 benches/simpy/r1_mmc.py [N] [--json]   (N replications, seeds 1..N)
"""
import random
import sys

import simpy

import baseline

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


if __name__ == "__main__":
    notes = {"wait_mean_min": "(Erlang C 17.4525)", "p_wait": "(Erlang C 0.654470)"}
    baseline.run("R1 M/M/5 (reference-mmc.toml)", replicate, sys.argv[1:], notes)
