"""Long calls release the GIL: a Python thread keeps counting while they run.

A call that held the GIL would freeze the counting thread for its whole
duration; with the GIL released it counts freely. The probe itself is checked
on a call known to hold the GIL."""
import sys
import threading
import time

import numpy as np
import pytest

import passerelle

# The counting thread must run for at least this share of the call's
# duration. Holding the GIL gives it a switch interval or two (here 0.1 ms
# each), far below; releasing it lets it run most of the time.
MIN_SHARE = 0.1


def spin_during(call):
    """(increments of a spinning Python thread during `call()`, seconds)."""
    counter = [0]
    stop = threading.Event()
    started = threading.Event()

    def spin():
        started.set()
        while not stop.is_set():
            counter[0] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    thread = threading.Thread(target=spin, daemon=True)
    try:
        thread.start()
        started.wait()
        before = counter[0]
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        after = counter[0]
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    return after - before, elapsed


def share_of_time_counting(call):
    """Share of `call()`'s duration during which another Python thread ran,
    relative to its speed while this thread sleeps; and the duration."""
    idle_count, idle_elapsed = spin_during(lambda: time.sleep(0.1))
    count, elapsed = spin_during(call)
    return (count / elapsed) / (idle_count / idle_elapsed), elapsed


def test_the_probe_sees_a_call_that_holds_the_gil():
    numbers = range(3 * 10**7)
    share, elapsed = share_of_time_counting(lambda: sum(numbers))  # C loop, GIL held
    assert share < MIN_SHARE / 2, (share, elapsed)


@pytest.fixture(scope="module")
def large_request():
    # Large enough that every call lasts well over 0.05 s (score: ~0.17 s on
    # one thread), however fast scoring gets.
    request = passerelle.generate(region="occitanie", candidates=12000, openings=2500, seed=2)
    return request


@pytest.mark.parametrize("function", [passerelle.match, passerelle.score])
def test_match_and_score_release_the_gil(large_request, function):
    # One thread: leave a core to the counting thread.
    share, elapsed = share_of_time_counting(lambda: function(large_request, threads=1))
    assert elapsed > 0.05, "the call is too short to tell"
    assert share > MIN_SHARE, f"the other thread ran {share:.0%} of {elapsed:.2f} s"


def test_matcher_solve_releases_the_gil(large_request):
    session = passerelle.Matcher(large_request, threads=1)
    share, elapsed = share_of_time_counting(session.solve)
    assert elapsed > 0.05
    assert share > MIN_SHARE, f"the other thread ran {share:.0%} of {elapsed:.2f} s"


def test_min_cost_flow_releases_the_gil():
    rng = np.random.default_rng(0)
    n, m = 4000, 500_000
    tails, heads = rng.integers(0, n, m), rng.integers(0, n, m)
    supplies = np.zeros(n, dtype=np.int64)
    supplies[:100], supplies[100:200] = 50, -50
    capacities, costs = np.full(m, 20), rng.integers(0, 1000, m)
    share, elapsed = share_of_time_counting(
        lambda: passerelle.min_cost_flow(tails, heads, capacities, costs, supplies)
    )
    assert elapsed > 0.05
    assert share > MIN_SHARE, f"the other thread ran {share:.0%} of {elapsed:.2f} s"


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
