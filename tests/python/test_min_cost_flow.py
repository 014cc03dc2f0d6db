"""passerelle.min_cost_flow against independent oracles: scipy's Hungarian
algorithm on assignments, HiGHS (scipy.optimize.linprog) on general networks,
and the optimality conditions checked in numpy."""
import numpy as np
import pytest

import passerelle

scipy_optimize = pytest.importorskip("scipy.optimize")

INF = passerelle.INFINITE_CAPACITY
ALGORITHMS = ["auto", "network_simplex", "successive_shortest_paths", "cost_scaling", "jonker_volgenant"]


def check_certificate(result, tails, heads, capacities, costs, supplies, lowers=None):
    """Feasibility, conservation, cost and complementary slackness."""
    tails, heads = np.asarray(tails), np.asarray(heads)
    capacities, costs = np.asarray(capacities), np.asarray(costs)
    lowers = np.zeros_like(capacities) if lowers is None else np.asarray(lowers)
    flows = result.flows
    assert flows.dtype == np.int64 and flows.shape == tails.shape
    assert np.all(flows >= lowers) and np.all(flows <= capacities)
    balance = np.zeros(len(supplies), dtype=np.int64)
    np.add.at(balance, tails, flows)
    np.subtract.at(balance, heads, flows)
    np.testing.assert_array_equal(balance, supplies)
    assert result.total_cost == int(np.dot(costs.astype(object), flows.astype(object)))
    pi = result.potentials
    assert pi.shape == (len(supplies),)
    reduced = costs + pi[tails] - pi[heads]
    assert np.all(flows[reduced > 0] == lowers[reduced > 0])
    assert np.all(flows[reduced < 0] == capacities[reduced < 0])


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("seed", range(6))
def test_assignment_matches_scipy_linear_sum_assignment(seed, algorithm):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 9), rng.integers(1, 9)
    cost = rng.integers(-50, 100, size=(n, m))
    # Rectangular: every row of the smaller side is assigned; the larger side
    # sends its surplus through a zero-cost dummy node.
    rows, cols = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    k = min(n, m)
    tails = list(rows.ravel())
    heads = list(n + cols.ravel())
    costs = list(cost.ravel())
    supplies = [1] * n + [-1] * m + [0]
    dummy = n + m
    if n > m:  # surplus rows go to the dummy, which feeds nothing
        tails += list(range(n))
        heads += [dummy] * n
        costs += [0] * n
        supplies[dummy] = -(n - k)
    elif m > n:
        tails += [dummy] * m
        heads += list(range(n, n + m))
        costs += [0] * m
        supplies[dummy] = m - k
    capacities = [1] * len(tails)
    result = passerelle.min_cost_flow(
        np.array(tails), np.array(heads), np.array(capacities), np.array(costs), np.array(supplies),
        algorithm=algorithm,
    )
    r, c = scipy_optimize.linear_sum_assignment(cost)
    assert result.status == "optimal"
    assert result.optimal
    assert result.total_cost == int(cost[r, c].sum())
    check_certificate(result, tails, heads, capacities, costs, supplies)


def linprog_optimum(n, tails, heads, lowers, capacities, costs, supplies):
    """(status, cost) of the LP relaxation, exact for network matrices."""
    m = len(tails)
    incidence = np.zeros((n, m))
    incidence[tails, np.arange(m)] += 1
    incidence[heads, np.arange(m)] -= 1
    bounds = [(lo, None if cap == INF else cap) for lo, cap in zip(lowers, capacities)]
    res = scipy_optimize.linprog(costs, A_eq=incidence, b_eq=supplies, bounds=bounds, method="highs")
    return {0: "optimal", 2: "infeasible", 3: "unbounded"}[res.status], res.fun


@pytest.mark.parametrize("seed", range(25))
def test_random_networks_match_linprog(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 9))
    m = int(rng.integers(1, 25))
    tails = rng.integers(0, n, size=m)
    heads = rng.integers(0, n, size=m)
    capacities = rng.integers(0, 8, size=m)
    capacities[rng.random(m) < 0.15] = INF
    lowers = np.where(rng.random(m) < 0.2, rng.integers(0, 3, size=m), 0)
    lowers = np.minimum(lowers, capacities)
    costs = rng.integers(-5, 20, size=m)
    supplies = rng.integers(-4, 5, size=n)
    supplies[-1] -= supplies.sum()  # balanced: feasibility depends on the arcs
    expected_status, expected_cost = linprog_optimum(n, tails, heads, lowers, capacities, costs, supplies)
    for algorithm in ALGORITHMS:
        result = passerelle.min_cost_flow(tails, heads, capacities, costs, supplies, lowers, algorithm=algorithm)
        assert result.status == expected_status, (algorithm, result)
        if expected_status == "optimal":
            assert result.total_cost == round(expected_cost)
            check_certificate(result, tails, heads, capacities, costs, supplies, lowers)


def test_unbalanced_supplies_are_infeasible():
    result = passerelle.min_cost_flow([0], [1], [5], [1], [3, -2])
    assert result.status == "infeasible"


def test_too_little_capacity_is_infeasible():
    result = passerelle.min_cost_flow([0, 1], [1, 2], [5, 2], [1, 1], [4, 0, -4])
    assert result.status == "infeasible"


def test_lower_bound_beyond_supply_is_infeasible():
    result = passerelle.min_cost_flow([0], [1], [5], [1], [1, -1], lower_bounds=[3])
    assert result.status == "infeasible"


def test_negative_cycle_of_infinite_capacity_is_unbounded():
    # 0 -> 1 -> 2 -> 0 costs -1 per lap and nothing limits it.
    result = passerelle.min_cost_flow([0, 1, 2], [1, 2, 0], [INF] * 3, [1, -3, 1], [0, 0, 0])
    assert result.status == "unbounded"


def test_negative_cycle_of_finite_capacity_is_saturated():
    result = passerelle.min_cost_flow([0, 1, 2], [1, 2, 0], [4, 4, 4], [1, -3, 1], [0, 0, 0])
    assert result.status == "optimal"
    assert result.total_cost == -4
    np.testing.assert_array_equal(result.flows, [4, 4, 4])


def test_accepts_lists_and_every_integer_dtype():
    for dtype in (np.int8, np.int32, np.uint16, np.int64, np.uint64):
        result = passerelle.min_cost_flow(
            np.array([0], dtype=dtype), np.array([1], dtype=dtype), np.array([3], dtype=dtype),
            np.array([2], dtype=dtype), [2, -2],
        )
        assert (result.status, result.total_cost) == ("optimal", 4)


def test_empty_network_is_optimal():
    result = passerelle.min_cost_flow([], [], [], [], [])
    assert result.status == "optimal" and result.total_cost == 0
    assert result.flows.shape == (0,)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(tails=[0.0, 1.0]), "tails: expected an integer array, got dtype float64"),
        (dict(heads=[[1, 2]]), "heads: expected a one-dimensional array"),
        (dict(capacities=[1, 2, 3]), "capacities: has 3 entries, tails has 2"),
        (dict(heads=[1, 7]), "heads[1]: node 7 is not in [0, 3)"),
        (dict(tails=[-1, 1]), "tails[0]: node -1 is not in [0, 3)"),
        (dict(capacities=[1, -4]), "capacities[1]: -4 must be >= 0"),
        (dict(lower_bounds=[0, 9]), "lower_bounds[1]: 9 exceeds capacities[1] = 4"),
        (dict(costs=[(1 << 62) + 1, 0]), "costs[0]: 4611686018427387905 exceeds 2^62"),
        (dict(supplies=[True, False, False]), "supplies: expected an integer array, got dtype bool"),
        (dict(costs=np.array([1, 2], dtype=np.uint64) << np.uint64(63)), "costs[0]"),
        (dict(algorithm="magic"), "algorithm"),
    ],
)
def test_bad_arrays_raise_value_error_naming_argument_and_index(kwargs, message):
    args = dict(tails=[0, 1], heads=[1, 2], capacities=[4, 4], costs=[1, 1], supplies=[2, 0, -2])
    args.update(kwargs)
    with pytest.raises(ValueError) as error:
        passerelle.min_cost_flow(**args)
    assert message in str(error.value)


def test_time_limit_returns_a_feasible_flow_or_says_there_is_none():
    # A matching network: 1500 candidates, 80 openings of 0-4 seats, a sink.
    rng = np.random.default_rng(3)
    candidates, openings = 1500, 80
    sink = candidates + openings
    tails, heads, caps, costs = [], [], [], []
    for c in range(candidates):
        for o in rng.integers(0, openings, size=6):
            tails.append(c), heads.append(candidates + int(o)), caps.append(1)
            costs.append(int(rng.integers(-20, 1)))
        tails.append(c), heads.append(sink), caps.append(1), costs.append(0)
    for o in range(openings):
        tails.append(candidates + o), heads.append(sink)
        caps.append(int(rng.integers(0, 5))), costs.append(0)
    supplies = [1] * candidates + [0] * openings + [-candidates]
    optimum = passerelle.min_cost_flow(tails, heads, caps, costs, supplies)
    assert optimum.optimal
    stopped = passerelle.min_cost_flow(tails, heads, caps, costs, supplies, time_limit=1e-9)
    assert stopped.status == "feasible" and not stopped.optimal
    flows = stopped.flows
    assert np.all(flows >= 0) and np.all(flows <= np.asarray(caps))
    balance = np.zeros(len(supplies), dtype=np.int64)
    np.add.at(balance, np.asarray(tails), flows)
    np.subtract.at(balance, np.asarray(heads), flows)
    np.testing.assert_array_equal(balance, supplies)
    assert stopped.total_cost == int(np.dot(costs, flows)) >= optimum.total_cost
    simplex = passerelle.min_cost_flow(tails, heads, caps, costs, supplies,
                                       algorithm="network_simplex", time_limit=1e-9)
    assert simplex.status in ("feasible", "time_limit")
    if simplex.status == "time_limit":
        assert simplex.flows.shape == (0,)
    with pytest.raises(ValueError, match="time_limit"):
        passerelle.min_cost_flow(tails, heads, caps, costs, supplies, time_limit=-1)


def test_threads_change_nothing_and_are_checked():
    # Threads apply from 2^20 arcs; below, any count must give the same answer.
    tails, heads = [0, 0, 1, 2], [1, 2, 3, 3]
    caps, costs, supplies = [4, 4, 4, 4], [1, 3, 2, 1], [5, 0, 0, -5]
    one = passerelle.min_cost_flow(tails, heads, caps, costs, supplies, threads=1)
    # Huge counts are capped (4 per core), never an abort or a TypeError.
    for threads in (0, 2, np.int64(3), 100000, 2**40):
        many = passerelle.min_cost_flow(tails, heads, caps, costs, supplies, threads=threads)
        assert many.total_cost == one.total_cost == 16
        np.testing.assert_array_equal(many.flows, one.flows)
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="threads"):
            passerelle.min_cost_flow(tails, heads, caps, costs, supplies, threads=bad)


def test_a_super_source_is_presolved_and_said_so():
    # S feeds three candidates (capacity 1 each, exactly its supply); each
    # candidate reaches an opening or stays unplaced (cost 50) at the sink T.
    s, c, o, t = 0, [1, 2, 3], [4, 5], 6
    tails = [s, s, s, 1, 1, 2, 3, 3, 4, 5, 1, 2, 3]
    heads = [1, 2, 3, 4, 5, 4, 5, 4, t, t, t, t, t]
    capacities = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    costs = [0, 0, 0, 3, 9, 4, 2, 8, 0, 0, 50, 50, 50]
    supplies = [3, 0, 0, 0, 0, 0, -3]
    result = passerelle.min_cost_flow(tails, heads, capacities, costs, supplies)
    assert result.optimal
    assert result.total_cost == 3 + 2 + 50  # 1 -> 4, 3 -> 5, 2 unplaced
    assert any("super-source" in note for note in result.notes), result.notes
    assert list(result.flows[:3]) == [1, 1, 1]
    check_certificate(result, tails, heads, capacities, costs, supplies)
