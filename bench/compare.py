#!/usr/bin/python3
"""Side-by-side comparison of `passerelle mcf` with scipy's assignment solver.

Dense n x n assignment, the instance of bench/flow_generators.h
(`DenseAssignmentNetwork`): cost(i, j) is the (i * n + j)-th draw of
splitmix64(seed) modulo 1,000,000. The same instance is built here with
numpy (bit-identical), solved with scipy.optimize.linear_sum_assignment, and,
when --passerelle is given, written as DIMACS and solved with
`passerelle mcf` (its `c solve_seconds` line times the solve alone, parsing
excluded). `geometric`: squared distances between random points instead.
Runs alternate (scipy, passerelle, scipy, ...); medians. A DIMACS file of a
unit-supply bipartite assignment can be given instead of generating one.

Usage:
  /usr/bin/python3 bench/compare.py dense 2000 [--seed 4] [--repeat 5] \\
      [--passerelle build/passerelle]
  /usr/bin/python3 bench/compare.py geometric 2000 [--seed 4] [--repeat 5] [--passerelle ...]
  /usr/bin/python3 bench/compare.py dimacs FILE [--repeat 5] [--passerelle ...]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

MASK = (1 << 64) - 1


def splitmix64_stream(seed, count):
    """The first `count` outputs of splitmix64(seed), as uint64."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + golden * np.arange(1, count + 1, dtype=np.uint64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def dense_costs(n, seed):
    return (splitmix64_stream(seed, n * n) % np.uint64(1000000)).astype(np.int64).reshape(n, n)


def geometric_costs(n, seed):
    """Rows and columns at points of a 1,000 x 1,000 square (coordinates: the
    splitmix64(seed) stream modulo 1,000, x then y, rows first); cost = squared
    distance. Many near-ties, unlike uniform costs."""
    z = (splitmix64_stream(seed, 4 * n) % np.uint64(1000)).astype(np.int64)
    rows, cols = z[:2 * n].reshape(n, 2), z[2 * n:].reshape(n, 2)
    d = rows[:, None, :] - cols[None, :, :]
    return (d * d).sum(axis=2)


def write_dimacs(costs, path):
    n = costs.shape[0]
    with open(path, "w") as f:
        f.write(f"p min {2 * n} {n * n}\n")
        f.writelines(f"n {i + 1} 1\n" for i in range(n))
        f.writelines(f"n {n + j + 1} -1\n" for j in range(n))
        rows, cols = np.indices((n, n))
        lines = np.char.add(
            np.char.add(np.char.add("a ", (rows + 1).ravel().astype(str)),
                        np.char.add(" ", (n + cols + 1).ravel().astype(str))),
            np.char.add(" 0 1 ", costs.ravel().astype(str)))
        f.write("\n".join(lines.tolist()))
        f.write("\n")


def read_dimacs_assignment(path):
    """Cost matrix of a DIMACS assignment: sources 1..n, sinks n+1..2n."""
    arcs = []
    n = None
    with open(path) as f:
        for line in f:
            t = line.split()
            if not t or t[0] == "c":
                continue
            if t[0] == "p":
                n = int(t[2]) // 2
            elif t[0] == "a":
                arcs.append((int(t[1]) - 1, int(t[2]) - 1, int(t[5])))
    costs = np.full((n, n), np.iinfo(np.int64).max // 4, dtype=np.int64)
    for u, v, c in arcs:
        costs[u, v - n] = min(costs[u, v - n], c)
    return costs


def time_scipy(costs):
    start = time.perf_counter()
    rows, cols = linear_sum_assignment(costs)
    seconds = time.perf_counter() - start
    return seconds, int(costs[rows, cols].sum())


def time_passerelle(binary, path):
    out = subprocess.run([binary, "mcf", path], check=True, capture_output=True, text=True).stdout
    seconds, cost, algorithm = None, None, None
    for line in out.splitlines():
        if line.startswith("s "):
            cost = int(line.split()[1])
        elif line.startswith("c solve_seconds"):
            seconds = float(line.split()[2])
        elif line.startswith("c algorithm"):
            algorithm = line.split()[2]
    return seconds, cost, algorithm


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("family", choices=["dense", "geometric", "dimacs"])
    parser.add_argument("arg", help="n for dense and geometric, a file for dimacs")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--passerelle", help="path of the passerelle binary")
    args = parser.parse_args()

    if args.family == "dense":
        costs = dense_costs(int(args.arg), args.seed)
        path = None
    elif args.family == "geometric":
        costs = geometric_costs(int(args.arg), args.seed)
        path = None
    else:
        path = args.arg
        costs = read_dimacs_assignment(path)
    n = costs.shape[0]
    with tempfile.TemporaryDirectory() as tmp:
        if args.passerelle and path is None:
            path = os.path.join(tmp, "dense.min")
            write_dimacs(costs, path)
        # Alternated runs: scipy, passerelle, scipy, ... so that a change in
        # the machine's load affects both alike.
        scipy_times, passerelle_times = [], []
        scipy_cost = cost = algorithm = None
        for _ in range(args.repeat):
            seconds, scipy_cost = time_scipy(costs)
            scipy_times.append(seconds)
            if args.passerelle:
                seconds, cost, algorithm = time_passerelle(args.passerelle, path)
                passerelle_times.append(seconds)
    scipy_seconds = statistics.median(scipy_times)
    print(f"scipy.linear_sum_assignment  n={n}  median {scipy_seconds * 1e3:.1f} ms  cost {scipy_cost}"
          f"  runs {' '.join(f'{t * 1e3:.1f}' for t in scipy_times)}")
    if args.passerelle:
        seconds = statistics.median(passerelle_times)
        print(f"passerelle mcf ({algorithm})  n={n}  median {seconds * 1e3:.1f} ms  cost {cost}"
              f"  runs {' '.join(f'{t * 1e3:.1f}' for t in passerelle_times)}")
        print(f"same cost: {cost == scipy_cost}; passerelle / scipy time ratio: {seconds / scipy_seconds:.2f}")


if __name__ == "__main__":
    main()
