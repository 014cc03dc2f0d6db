"""Long calls release the GIL: a Python thread keeps counting while they run.

A call that held the GIL would freeze the counting thread for its whole
duration (zero increments); with the GIL released it counts freely."""
import threading
import time

import numpy as np
import pytest

import passerelle

MIN_INCREMENTS = 1000


def increments_during(call):
    """(increments of a spinning Python thread during `call()`, seconds)."""
    counter = [0]
    stop = threading.Event()
    started = threading.Event()

    def spin():
        started.set()
        while not stop.is_set():
            counter[0] += 1

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    started.wait()
    time.sleep(0.02)
    before = counter[0]
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    after = counter[0]
    stop.set()
    thread.join()
    return after - before, elapsed


@pytest.fixture(scope="module")
def large_request():
    request = passerelle.generate(region="occitanie", candidates=4000, openings=800, seed=2)
    request.policy.threads = 1  # leave a core to the counting thread
    return request


def test_match_releases_the_gil(large_request):
    count, elapsed = increments_during(lambda: passerelle.match(large_request))
    assert elapsed > 0.05, "the call is too short to tell"
    assert count > MIN_INCREMENTS, f"{count} increments in {elapsed:.2f} s"


def test_matcher_solve_releases_the_gil(large_request):
    session = passerelle.Matcher(large_request)
    count, elapsed = increments_during(session.solve)
    assert elapsed > 0.05
    assert count > MIN_INCREMENTS


def test_min_cost_flow_releases_the_gil():
    rng = np.random.default_rng(0)
    n, m = 4000, 500_000
    tails, heads = rng.integers(0, n, m), rng.integers(0, n, m)
    supplies = np.zeros(n, dtype=np.int64)
    supplies[:100], supplies[100:200] = 50, -50
    capacities, costs = np.full(m, 20), rng.integers(0, 1000, m)
    count, elapsed = increments_during(
        lambda: passerelle.min_cost_flow(tails, heads, capacities, costs, supplies)
    )
    assert elapsed > 0.05
    assert count > MIN_INCREMENTS


def test_threads_can_match_concurrently(small_request, small_response):
    results = [None] * 4

    def work(i):
        results[i] = passerelle.match(small_request)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == small_response for r in results)


def test_a_session_shared_by_threads_stays_consistent(small_request, small_response):
    session = passerelle.Matcher(small_request)
    results = []

    def work():
        results.append(session.solve())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(r == small_response for r in results)
