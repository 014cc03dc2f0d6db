"""passerelle.sweep: counterfactual runs in local processes and on Dask.

The oracle is passerelle.match itself: every row of a sweep must equal a
direct match of the request with that row's policy. Local and Dask frames
must be identical, also when a worker dies mid-sweep.
"""
import os

import pandas as pd
import pytest

import passerelle
from passerelle import v1

GRID = {"default_max_commute_minutes": [30, 60], "weights.commute": [0.1, 0.4]}


@pytest.fixture(scope="module")
def request_without_own_limits():
    """A Loir-et-Cher case where every candidate takes the policy's commute
    limit, so sweeping that limit changes the answer."""
    request = passerelle.generate(region="loir-et-cher", candidates=300, openings=80, seed=2)
    for candidate in request.candidates:
        candidate.mobility.max_commute_minutes = 0
    return request


@pytest.fixture(scope="module")
def local_frames(request_without_own_limits):
    return passerelle.sweep(request_without_own_limits, GRID, workers=2, progress=False, subgroups=True)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_rows_equal_direct_matches(request_without_own_limits, local_frames):
    local_frame, groups = local_frames
    assert list(local_frame["run"]) == [0, 1, 2, 3]
    assert list(local_frame["default_max_commute_minutes"]) == [30, 30, 60, 60]
    assert list(local_frame["weights.commute"]) == [0.1, 0.4, 0.1, 0.4]
    for row in local_frame.itertuples(index=False):
        request = v1.MatchRequest()
        request.CopyFrom(request_without_own_limits)
        request.policy.default_max_commute_minutes = row.default_max_commute_minutes
        request.policy.weights.commute = getattr(row, "_2")  # "weights.commute"
        summary = passerelle.match(request, threads=1).summary
        assert row.placements == summary.placements
        assert row.objective == summary.objective
        assert row.mean_commute_minutes == summary.mean_commute_minutes
        assert row.status == "SOLVE_STATUS_OPTIMAL"
    # The rule matters: a longer limit places at least as many.
    by_limit = local_frame.groupby("default_max_commute_minutes").placements.max()
    assert by_limit[60] > by_limit[30]
    assert set(groups["run"]) == {0, 1, 2, 3}
    assert {"gender", "departement"} <= set(groups["dimension"])
    one = groups[(groups.run == 0) & (groups.dimension == "gender")]
    assert one.total.sum() == len(request_without_own_limits.candidates)


def test_dask_gives_the_same_frames(request_without_own_limits, local_frames, dask_client):
    remote = passerelle.sweep(request_without_own_limits, GRID, client=dask_client, progress=False,
                              subgroups=True)
    pd.testing.assert_frame_equal(local_frames[0], remote[0])
    pd.testing.assert_frame_equal(local_frames[1], remote[1])


def test_generated_requests_sweep_regions_and_seeds(dask_client):
    spec = {"candidates": 120, "openings": 40}
    grid = {"region": ["somme", "41"], "unplaced_penalty": [0.0, 0.2]}
    local = passerelle.sweep(spec, grid, seeds=[1, 2], workers=2, progress=False)
    assert len(local) == 8
    assert list(local["seed"]) == [1, 2] * 4
    first = local.iloc[1]  # somme, penalty 0, seed 2
    request = passerelle.generate(region="somme", candidates=120, openings=40, seed=2)
    request.policy.unplaced_penalty = 0.0
    assert first.placements == passerelle.match(request, threads=1).summary.placements
    remote = passerelle.sweep(spec, grid, seeds=[1, 2], client=dask_client, progress=False)
    pd.testing.assert_frame_equal(local, remote)


def test_a_worker_that_dies_is_retried(request_without_own_limits, local_frames, tmp_path, monkeypatch):
    marker = tmp_path / "killed"
    monkeypatch.setenv("PASSERELLE_SWEEP_KILL_ONCE", str(marker))
    again = passerelle.sweep(request_without_own_limits, GRID, workers=2, progress=False)
    assert marker.exists()  # a worker did die
    pd.testing.assert_frame_equal(local_frames[0], again)


def test_a_dask_worker_that_dies_is_retried(request_without_own_limits, local_frames, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    marker = tmp_path / "killed"
    monkeypatch.setenv("PASSERELLE_SWEEP_KILL_ONCE", str(marker))  # inherited by the new workers
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        again = passerelle.sweep(request_without_own_limits, GRID, client=client, progress=False)
    assert marker.exists()
    pd.testing.assert_frame_equal(local_frames[0], again)


def test_message_fields_take_dicts_and_none(request_without_own_limits):
    frame = passerelle.sweep(request_without_own_limits,
                             {"limits": [None, {"maxSolveSeconds": 30}]}, workers=1, progress=False)
    assert list(frame["limits"]) == [None, '{"maxSolveSeconds": 30}']
    assert frame.placements.nunique() == 1


@pytest.mark.parametrize(
    "grid, message",
    [
        ({"weights.comute": [0.1]}, "'comute' is not a field of weights"),
        ({"default_max_commute": [30]}, "'default_max_commute' is not a field of Policy"),
        ({"quotas": [1]}, "'quotas' is a list"),
        ({"weights.commute": ["far"]}, "'weights.commute': 'far'"),
        ({"weights.commute": []}, "empty list"),
        ({"weights.commute": 0.1}, "expected a list of values"),
        ({"region": ["somme"]}, "generator argument"),
        ({"limits": [3]}, "expected a passerelle.v1.Limits"),
    ],
)
def test_bad_grids_fail_before_any_run(request_without_own_limits, grid, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("(", r"\(")):
        passerelle.sweep(request_without_own_limits, grid, progress=False)


def test_seeds_need_a_generated_request(request_without_own_limits):
    with pytest.raises(ValueError, match="seeds"):
        passerelle.sweep(request_without_own_limits, GRID, seeds=[1], progress=False)
    with pytest.raises(ValueError, match="unknown generate"):
        passerelle.sweep({"regio": "somme"}, GRID, progress=False)
