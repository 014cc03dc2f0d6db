"""A map of an Occitanie match, and what its scores are made of.

Generates a synthetic Occitanie case, matches it, flattens request and
response with `passerelle.to_frames`, and draws two PNGs with matplotlib:

- occitanie_map.png: candidates' homes (placed or not), openings by kind
  (marker size = seats), and a line from each placed candidate to their
  opening, coloured by score;
- occitanie_score_breakdown.png: for each opening kind, the mean placement
  score split into its weighted components (skills, occupation, French,
  commute, tension, preferences), so a reader sees what drives each kind.

Usage:
    PYTHONPATH=build/python MPLBACKEND=Agg /usr/bin/python3 examples/python/occitanie_map.py [OUT_DIR]

OUT_DIR: the argument, else $PASSERELLE_EXAMPLES_OUT, else a new temporary
folder.
"""
import math
import os
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

import passerelle  # noqa: E402

KIND_STYLE = {  # kind -> (marker, colour, label)
    "job": ("s", "#1b6ca8", "job"),
    "apprenticeship": ("D", "#7b3294", "apprenticeship"),
    "internship": ("^", "#008837", "internship"),
    "workplace_trial": ("v", "#e66101", "workplace trial"),
    "qualifying_training": ("P", "#a6611a", "qualifying training"),
    "french_course": ("*", "#d01c8b", "French course"),
}
COMPONENT_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"]


def output_dir() -> str:
    folder = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("PASSERELLE_EXAMPLES_OUT")
    folder = folder or tempfile.mkdtemp(prefix="passerelle-examples-")
    os.makedirs(folder, exist_ok=True)
    return folder


def draw_map(frames, title, path):
    candidates, openings, placements = frames["candidates"], frames["openings"], frames["placements"]
    placed = candidates.id.isin(placements.candidate_id)

    fig, ax = plt.subplots(figsize=(11, 8.5), dpi=110)
    # Degrees of longitude are shorter than degrees of latitude at 43.5° N.
    ax.set_aspect(1 / math.cos(math.radians(candidates.latitude.mean())))
    ax.scatter(candidates.longitude[~placed], candidates.latitude[~placed], s=7, c="#bbbbbb",
               label=f"candidate, unplaced ({(~placed).sum()})", zorder=1)
    ax.scatter(candidates.longitude[placed], candidates.latitude[placed], s=7, c="#333333",
               label=f"candidate, placed ({placed.sum()})", zorder=3)

    segments = [
        [(row.candidate_longitude, row.candidate_latitude), (row.opening_longitude, row.opening_latitude)]
        for row in placements.itertuples()
    ]
    lines = LineCollection(segments, cmap="viridis", linewidths=0.9, alpha=0.8, zorder=2,
                           label=f"placement, home to opening ({len(segments)})")
    lines.set_array(placements.score.to_numpy())
    lines.set_clim(0.3, 1.0)
    ax.add_collection(lines)
    colourbar = fig.colorbar(lines, ax=ax, shrink=0.6, pad=0.02)
    colourbar.set_label("placement score")

    for kind, (marker, colour, label) in KIND_STYLE.items():
        subset = openings[openings.kind == kind]
        if subset.empty:
            continue
        ax.scatter(subset.longitude, subset.latitude, marker=marker, c=colour, edgecolors="white",
                   linewidths=0.6, s=25 + 12 * subset.capacity.clip(upper=10), zorder=4,
                   label=f"{label} ({subset.capacity.sum()} seats)")

    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_title(title)
    legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=8, frameon=False)
    for handle in legend.legendHandles:  # same marker size for every entry
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([40])
    ax.grid(alpha=0.2)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def draw_breakdown(frames, weights, title, path):
    placements = frames["placements"]
    total = sum(weights.values())
    # Each component's share of the score: weight * component / sum of weights,
    # so the stacked bars add up to the mean score of the kind.
    contributions = placements[["opening_kind"]].copy()
    for name, weight in weights.items():
        contributions[name] = weight * placements[name] / total
    means = contributions.groupby("opening_kind").mean()
    counts = placements.groupby("opening_kind").size()
    order = [k for k in KIND_STYLE if k in means.index]
    means = means.loc[order]

    fig, ax = plt.subplots(figsize=(11, 5.5), dpi=110)
    left = [0.0] * len(order)
    labels = [f"{KIND_STYLE[k][2]}\n({counts[k]} placements)" for k in order]
    for (name, colour) in zip(weights, COMPONENT_COLOURS):
        values = means[name].to_numpy()
        ax.barh(labels, values, left=left, color=colour, label=f"{name} (weight {weights[name]:.2f})")
        left = [a + b for a, b in zip(left, values)]
    for y, value in enumerate(left):
        ax.text(value + 0.01, y, f"{value:.2f}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean placement score, split into weighted components")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="component")
    ax.grid(axis="x", alpha=0.2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> None:
    folder = output_dir()
    request = passerelle.generate(region="occitanie", candidates=900, openings=180, seed=1)
    response = passerelle.match(request)
    frames = passerelle.to_frames(request, response)
    summary = response.summary
    weights = {name: getattr(request.policy.weights, name) for name in passerelle.COMPONENTS}

    map_path = os.path.join(folder, "occitanie_map.png")
    draw_map(frames, f"Occitanie (synthetic, seed 1): {summary.placed_candidates} of {summary.candidates} "
             f"candidates placed, mean commute {summary.mean_commute_minutes:.0f} min", map_path)
    chart_path = os.path.join(folder, "occitanie_score_breakdown.png")
    draw_breakdown(frames, weights, "What the placement scores are made of, by opening kind", chart_path)

    for path in (map_path, chart_path):
        assert os.path.getsize(path) > 10_000, path
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
