#!/usr/bin/python3
"""Objective `match` reaches under a solve time limit, against the optimum.

Solves REQUEST once without a limit, then once per LIMIT with
`policy.limits.max_solve_seconds = LIMIT` (the limit bounds the solve; at
the limit the best feasible assignment is returned, status FEASIBLE), and
prints each objective, how far below the optimum it is and the wall time.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/matching/time_to_gap.py REQUEST.pb LIMIT...
"""
import sys
import time

import passerelle
from passerelle import v1


def main():
    path, limits = sys.argv[1], [float(x) for x in sys.argv[2:]]
    request = v1.MatchRequest()
    with open(path, "rb") as f:
        request.ParseFromString(f.read())
    start = time.perf_counter()
    best = passerelle.match(request)
    optimum = best.summary.objective
    print(f"no limit: objective {optimum:.2f}, status {v1.SolveStatus.Name(best.summary.status)}, "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    for limit in limits:
        request.policy.limits.max_solve_seconds = limit
        start = time.perf_counter()
        response = passerelle.match(request)
        gap = (optimum - response.summary.objective) / abs(optimum)
        print(f"limit {limit:g} s: objective {response.summary.objective:.2f} ({100 * gap:.3f}% below), "
              f"status {v1.SolveStatus.Name(response.summary.status)}, {time.perf_counter() - start:.1f} s",
              flush=True)


if __name__ == "__main__":
    main()
