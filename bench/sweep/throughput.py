"""Sweep throughput, local processes against a Dask LocalCluster, same machine.

Runs the same sweep (Occitanie, default 3,000 candidates x 800 openings, one
shared commute limit, 12 runs) alternately locally (2 processes) and on a
LocalCluster of 2 worker processes, REPEATS times each, and prints runs per
minute (median) and the ratio. The cluster is started once, before timing, as
a researcher's would be; each local sweep pays for its process pool.

    PYTHONPATH=build/python /usr/bin/python3 bench/sweep/throughput.py [CANDIDATES OPENINGS REPEATS]
"""
import statistics
import sys
import time

import pandas as pd
from distributed import Client, LocalCluster

import passerelle


def main() -> None:
    candidates = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    openings = int(sys.argv[2]) if len(sys.argv) > 2 else 800
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    request = passerelle.generate(region="occitanie", candidates=candidates, openings=openings, seed=1)
    for candidate in request.candidates:
        candidate.mobility.max_commute_minutes = 0
    grid = {"default_max_commute_minutes": [20, 30, 45, 60], "weights.commute": [0.1, 0.2, 0.4]}
    runs = 12
    timings = {"local": [], "dask": []}
    frames = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        for _ in range(repeats):
            for where in ("local", "dask"):
                started = time.perf_counter()
                frames[where] = passerelle.sweep(request, grid, client=client if where == "dask" else None,
                                                 workers=2, progress=False)
                timings[where].append(time.perf_counter() - started)
    pd.testing.assert_frame_equal(frames["local"], frames["dask"])
    per_minute = {k: 60 * runs / statistics.median(v) for k, v in timings.items()}
    print(f"Occitanie {candidates} x {openings}, {runs} runs, {repeats} alternated repeats, medians:")
    for where, rate in per_minute.items():
        print(f"  {where}: {rate:.0f} runs per minute ({statistics.median(timings[where]):.2f} s per sweep)")
    print(f"  dask / local: {per_minute['dask'] / per_minute['local']:.2f}x; frames identical")


if __name__ == "__main__":
    main()
