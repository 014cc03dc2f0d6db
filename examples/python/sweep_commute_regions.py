"""A Dask sweep: the commute limit in five regions, with a plot.

A researcher asks "how many more people find a placement if the programme
accepts longer commutes, and where does it matter most?". Each region's
synthetic case is matched under five commute limits that every candidate
shares (`policy.default_max_commute_minutes`, with the candidates' own limits
cleared): 25 exact optima, run as tasks on a Dask cluster.

Without an address this starts a LocalCluster of two worker processes on this
machine; with one, the same script runs on a real cluster (start it with
`dask scheduler` and `dask worker tcp://HOST:8786` on each machine; see
docs/sweeps.md):

    PYTHONPATH=build/python /usr/bin/python3 examples/python/sweep_commute_regions.py [OUT_DIR] [SCHEDULER]

Writes OUT_DIR/sweep_commute_regions.csv, ..._subgroups.csv and
sweep_commute_regions.png (OUT_DIR: the argument, else
$PASSERELLE_EXAMPLES_OUT, else a new temporary folder), and prints the table.
"""
import os
import sys
import tempfile
import time

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import passerelle  # noqa: E402

REGIONS = ("occitanie", "loir-et-cher", "somme", "val-de-marne", "bretagne")
LIMITS_MINUTES = [20, 30, 45, 60, 90]
CANDIDATES, OPENINGS = 1200, 300


def output_dir() -> str:
    folder = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("PASSERELLE_EXAMPLES_OUT")
    folder = folder or tempfile.mkdtemp(prefix="passerelle-examples-")
    os.makedirs(folder, exist_ok=True)
    return folder


def shared_limit_case(region: str):
    """The region's case with every candidate's own commute limit cleared, so
    the policy's limit applies to all."""
    request = passerelle.generate(region=region, candidates=CANDIDATES, openings=OPENINGS, seed=1)
    for candidate in request.candidates:
        candidate.mobility.max_commute_minutes = 0
    return request


def main() -> None:
    folder = output_dir()
    scheduler = sys.argv[2] if len(sys.argv) > 2 else None
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0")
    with Client(scheduler or cluster) as client:
        frames, subgroups = [], []
        started = time.perf_counter()
        for region in REGIONS:
            frame, groups = passerelle.sweep(shared_limit_case(region),
                                             {"default_max_commute_minutes": LIMITS_MINUTES},
                                             client=client, progress=False, subgroups=True)
            frame.insert(1, "region", region)
            groups.insert(1, "region", region)
            frames.append(frame)
            subgroups.append(groups)
        seconds = time.perf_counter() - started
    if cluster is not None:
        cluster.close()

    table = pd.concat(frames, ignore_index=True)
    groups = pd.concat(subgroups, ignore_index=True)
    table.to_csv(os.path.join(folder, "sweep_commute_regions.csv"), index=False)
    groups.to_csv(os.path.join(folder, "sweep_commute_regions_subgroups.csv"), index=False)
    columns = ["region", "default_max_commute_minutes", "placement_rate", "fill_rate", "mean_commute_minutes"]
    print(table[columns].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"{len(table)} runs in {seconds:.1f} s ({60 * len(table) / seconds:.0f} runs per minute)")

    figure, axis = plt.subplots(figsize=(7, 4.2))
    for region, rows in table.groupby("region", sort=False):
        axis.plot(rows.default_max_commute_minutes, 100 * rows.placement_rate, marker="o", label=region)
    axis.set_xlabel("commute limit for everyone (minutes)")
    axis.set_ylabel("candidates placed (%)")
    axis.set_title(f"Placements by commute limit ({CANDIDATES} candidates, {OPENINGS} openings each)")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    png = os.path.join(folder, "sweep_commute_regions.png")
    figure.savefig(png, dpi=110)
    print(f"wrote {png}")

    # A longer limit relaxes a hard constraint only: in every region the
    # feasible pairs can only grow.
    for region, rows in table.groupby("region"):
        assert rows.pairs_feasible.is_monotonic_increasing, (region, rows)


if __name__ == "__main__":
    main()
