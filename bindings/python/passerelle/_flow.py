"""`min_cost_flow` on numpy arrays (include/passerelle/flow/min_cost_flow.h)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from numpy.typing import ArrayLike, NDArray

from passerelle import _core
from passerelle._matching import _threads

_INT64_MAX = np.iinfo(np.int64).max
# Largest magnitude of one cost, supply or finite capacity (2^62), as in
# passerelle/flow/network.h; `INFINITE_CAPACITY` is the only larger value.
_MAX_MAGNITUDE = int(_core.MAX_MAGNITUDE)


@dataclass(frozen=True)
class FlowResult:
    """Outcome of `min_cost_flow`.

    Attributes:
        status: "optimal", "infeasible" (no flow meets the bounds and
            supplies, including supplies that do not sum to 0), "unbounded"
            (a negative-cost cycle of infinite capacity), "overflow_risk"
            (inputs too large for exact 64-bit arithmetic); at the time
            limit, "feasible" (a feasible flow, optimality not proven) or
            "time_limit" (none found).
        total_cost: sum of cost * flow; meaningful when there are flows.
        flows: int64 flow per arc, in input order (empty unless optimal or
            feasible).
        potentials: int64 potential per node; when optimal, the reduced cost
            cost[a] + potentials[tails[a]] - potentials[heads[a]] is > 0 only
            on arcs at their lower bound and < 0 only on saturated arcs.
        algorithm: the algorithm that solved it ("network_simplex",
            "successive_shortest_paths", "cost_scaling" or, for dense
            assignment networks, "jonker_volgenant").
        notes: what the solve did besides its algorithm, one line each: the
            presolve's rewrite ("presolve 1 super-source into supplies: ...")
            or an algorithm asked for by name that fell back ("fallback
            successive_shortest_paths -> network_simplex: ...").
    """

    status: str
    total_cost: int
    flows: NDArray[np.int64]
    potentials: NDArray[np.int64]
    algorithm: str
    notes: tuple = ()

    @property
    def optimal(self) -> bool:
        """True when `status == "optimal"`."""
        return self.status == "optimal"


def _int64_array(name: str, values: ArrayLike, length: Optional[int] = None) -> NDArray[np.int64]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional array, got shape {array.shape}")
    if array.size == 0 and array.dtype.kind == "f":
        array = array.astype(np.int64)  # `[]` is float64 for numpy
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name}: expected an integer array, got dtype {array.dtype}")
    if array.dtype.kind == "u" and array.size and array.max() > _INT64_MAX:
        i = int(np.argmax(array > _INT64_MAX))
        raise ValueError(f"{name}[{i}]: {array[i]} does not fit in int64")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name}: has {array.shape[0]} entries, tails has {length}")
    return np.ascontiguousarray(array, dtype=np.int64)


def _first(mask: NDArray[np.bool_]) -> Optional[int]:
    bad = np.flatnonzero(mask)
    return int(bad[0]) if bad.size else None


def min_cost_flow(
    tails: ArrayLike,
    heads: ArrayLike,
    capacities: ArrayLike,
    costs: ArrayLike,
    supplies: ArrayLike,
    lower_bounds: Optional[ArrayLike] = None,
    *,
    algorithm: str = "auto",
    time_limit: float = 0.0,
    threads: int = 0,
) -> FlowResult:
    """Solves a min-cost flow problem exactly.

    Arc `a` goes from node `tails[a]` to node `heads[a]` (0-based, nodes are
    `0 .. len(supplies) - 1`) and carries between `lower_bounds[a]` (default 0)
    and `capacities[a]` units (`passerelle.INFINITE_CAPACITY` for no upper
    bound) at `costs[a]` per unit. Node `v` sends `supplies[v]` units (negative:
    receives). Conservation is an equality, so supplies must sum to 0 for a
    feasible problem. Parallel arcs, self-loops and negative costs are allowed.

    Args:
        tails, heads, capacities, costs: integer arrays, one entry per arc.
        supplies: integer array, one entry per node.
        lower_bounds: optional integer array, one entry per arc.
        algorithm: "auto" (default), "network_simplex",
            "successive_shortest_paths", "cost_scaling" or
            "jonker_volgenant" (dense assignment networks; "auto" on others).
        time_limit: seconds; 0 (default) for none. At the limit the result
            is the best feasible flow found ("feasible") or "time_limit".
        threads: threads network simplex may use on large networks; 0
            (default): one per core; counts above 4 per core are capped.
            The result does not depend on it.

    Returns:
        A `FlowResult`; infeasible and unbounded problems are statuses, not
        exceptions.

    Raises:
        ValueError: an array that is not one-dimensional or not of an integer
            dtype, of the wrong length, or a value out of range, naming the
            argument and the index (`heads[3]: node 7 is not in [0, 5)`).

    The GIL is released during the solve.
    """
    supplies_a = _int64_array("supplies", supplies)
    tails_a = _int64_array("tails", tails)
    m = tails_a.shape[0]
    heads_a = _int64_array("heads", heads, m)
    capacities_a = _int64_array("capacities", capacities, m)
    costs_a = _int64_array("costs", costs, m)
    lowers_a = (
        np.zeros(0, dtype=np.int64)
        if lower_bounds is None
        else _int64_array("lower_bounds", lower_bounds, m)
    )
    n = supplies_a.shape[0]
    for name, nodes in (("tails", tails_a), ("heads", heads_a)):
        i = _first((nodes < 0) | (nodes >= n))
        if i is not None:
            raise ValueError(f"{name}[{i}]: node {nodes[i]} is not in [0, {n})")
    i = _first(capacities_a < 0)
    if i is not None:
        raise ValueError(f"capacities[{i}]: {capacities_a[i]} must be >= 0")
    i = _first((capacities_a > _MAX_MAGNITUDE) & (capacities_a != _INT64_MAX))
    if i is not None:
        raise ValueError(
            f"capacities[{i}]: {capacities_a[i]} exceeds 2^62 "
            "(use passerelle.INFINITE_CAPACITY for no upper bound)"
        )
    if lowers_a.size:
        i = _first(lowers_a < 0)
        if i is not None:
            raise ValueError(f"lower_bounds[{i}]: {lowers_a[i]} must be >= 0")
        i = _first(lowers_a > capacities_a)
        if i is not None:
            raise ValueError(
                f"lower_bounds[{i}]: {lowers_a[i]} exceeds capacities[{i}] = {capacities_a[i]}"
            )
    for name, values in (("costs", costs_a), ("supplies", supplies_a)):
        i = _first((values > _MAX_MAGNITUDE) | (values < -_MAX_MAGNITUDE))
        if i is not None:
            raise ValueError(f"{name}[{i}]: {values[i]} exceeds 2^62 in magnitude")
    threads = _threads(threads)
    status, total_cost, flows, potentials, used, notes = _core.min_cost_flow(
        tails_a, heads_a, lowers_a, capacities_a, costs_a, supplies_a, algorithm, float(time_limit),
        threads,
    )
    return FlowResult(status, int(total_cost), flows, potentials, used, tuple(notes))
