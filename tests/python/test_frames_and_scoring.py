"""to_frames gives one row per record with consistent joins; score gives the
sparse matrix matching uses, with a breakdown that recombines into the score."""
import numpy as np
import pytest

import passerelle
from passerelle import v1

pd = pytest.importorskip("pandas")


def weights(request):
    w = request.policy.weights
    return {name: getattr(w, name) for name in passerelle.COMPONENTS}


def test_request_frames_have_one_row_per_record(small_request):
    frames = passerelle.to_frames(small_request)
    assert set(frames) == {"candidates", "openings"}
    assert frames["candidates"].shape[0] == len(small_request.candidates)
    assert frames["openings"].shape[0] == len(small_request.openings)
    assert list(frames["candidates"].id) == [c.id for c in small_request.candidates]
    assert frames["openings"].capacity.sum() == sum(o.capacity for o in small_request.openings)
    assert set(frames["openings"].kind) <= {"job", "apprenticeship", "internship", "qualifying_training",
                                            "french_course", "workplace_trial"}
    assert frames["candidates"].latitude.between(42, 46).all()


def test_response_frames_have_one_row_per_placement_and_unplaced(small_response):
    frames = passerelle.to_frames(small_response)
    assert set(frames) == {"placements", "unplaced", "opening_fills", "shortlists"}
    placements, unplaced = frames["placements"], frames["unplaced"]
    assert placements.shape[0] == len(small_response.placements) == small_response.summary.placements
    assert unplaced.shape[0] == len(small_response.unplaced)
    assert (unplaced.reason != "").all() and (unplaced.detail != "").all()
    assert frames["opening_fills"].filled.sum() == small_response.summary.seats_filled
    first = small_response.unplaced[0].reasons[0]
    assert unplaced.iloc[0].detail == first.detail


def test_breakdown_columns_recombine_into_the_score(small_request, small_response):
    placements = passerelle.to_frames(small_response)["placements"]
    w = weights(small_request)
    combined = sum(w[name] * placements[name] for name in w) / sum(w.values())
    np.testing.assert_allclose(combined, placements.score, atol=1e-6)


def test_joined_frames_carry_candidate_and_opening_columns(small_request, small_response):
    frames = passerelle.to_frames(small_request, small_response)
    assert set(frames) == {"candidates", "openings", "placements", "unplaced", "opening_fills", "shortlists"}
    placements = frames["placements"]
    assert placements.shape[0] == len(small_response.placements)
    for column in ("candidate_latitude", "candidate_french_level", "opening_kind", "opening_latitude",
                   "opening_title"):
        assert column in placements and placements[column].notna().all()
    # The join is by id: the opening's kind is the one in the request.
    kinds = frames["openings"].set_index("id").kind
    assert (placements.opening_kind.values == kinds[placements.opening_id].values).all()
    assert "candidate_age" in frames["unplaced"]
    # Arguments in either order.
    swapped = passerelle.to_frames(small_response, small_request)
    pd.testing.assert_frame_equal(swapped["placements"], placements)


def test_shortlists_frame_has_one_row_per_entry(small_request):
    request = v1.MatchRequest()
    request.CopyFrom(small_request)
    request.policy.shortlist_size = 3
    response = passerelle.match(request)
    shortlists = passerelle.to_frames(response)["shortlists"]
    assert shortlists.shape[0] == sum(len(s.entries) for s in response.shortlists) > 0
    assert set(shortlists["for"]) <= {"candidate", "opening"}
    assert shortlists["rank"].between(1, 3).all()
    assert shortlists.groupby(["for", "owner_id"]).size().max() <= 3


def test_empty_messages_give_empty_frames_with_columns():
    frames = passerelle.to_frames(v1.MatchRequest(), v1.MatchResponse())
    assert frames["placements"].shape[0] == 0 and "score" in frames["placements"]
    assert "reason" in frames["unplaced"] and "id" in frames["candidates"]


def test_to_frames_rejects_other_types():
    with pytest.raises(TypeError):
        passerelle.to_frames("request")
    with pytest.raises(TypeError):
        passerelle.to_frames(v1.MatchRequest(), v1.MatchRequest())


def test_score_matrix_shape_ids_and_ranges(small_request):
    result = passerelle.score(small_request)
    n, m = len(small_request.candidates), len(small_request.openings)
    assert result.shape == (n, m) == result.scores.shape
    assert result.candidate_ids == [c.id for c in small_request.candidates]
    assert result.scores.nnz <= result.pairs_feasible
    assert result.scores.nnz > 0 and result.scores.has_sorted_indices
    assert 0 <= result.scores.data.min() and result.scores.data.max() <= 1
    assert result.examined.shape == (n,) and result.excluded.shape == (n, 19)
    assert result.examined.sum() == result.pairs_examined
    assert np.all(result.feasible <= result.examined)
    # Per candidate: kept pairs <= feasible pairs.
    assert np.all(np.diff(result.scores.indptr) <= result.feasible)


def test_components_recombine_into_the_score(small_request):
    result = passerelle.score(small_request)
    w = weights(small_request)
    for name in passerelle.COMPONENTS:
        assert (result.components[name].indices == result.scores.indices).all()
    combined = sum(w[name] * result.components[name].data.astype(float) for name in w) / sum(w.values())
    np.testing.assert_allclose(combined, result.scores.data, atol=1e-5)


def test_every_placement_is_a_scored_pair_with_its_score(small_request, small_response):
    result = passerelle.score(small_request)
    row = {cid: i for i, cid in enumerate(result.candidate_ids)}
    col = {oid: j for j, oid in enumerate(result.opening_ids)}
    scores = result.scores.todok()
    for p in small_response.placements:
        assert abs(scores[row[p.candidate_id], col[p.opening_id]] - p.score) < 1e-6


def test_score_pairs_and_exclusions_frames(small_request):
    result = passerelle.score(small_request)
    pairs = result.pairs()
    assert pairs.shape[0] == result.scores.nnz
    first = pairs[pairs.candidate_id == pairs.candidate_id.iloc[0]].score
    assert first.is_monotonic_decreasing
    exclusions = result.exclusions()
    assert exclusions.shape == (len(small_request.candidates), 10)
    assert "out_of_project" in exclusions.columns
    assert "commute_too_long" in exclusions.columns
    assert exclusions.values.sum() > 0


def test_score_without_scipy_gives_csr_arrays(small_request, monkeypatch):
    monkeypatch.setattr(passerelle._scoring, "_sparse", None)
    result = passerelle.score(small_request)
    assert isinstance(result.scores, passerelle.CsrArrays)
    indptr, indices, data, shape = result.scores
    assert shape == result.shape and indptr[-1] == data.shape[0] == indices.shape[0]
    monkeypatch.undo()
    reference = passerelle.score(small_request).scores
    np.testing.assert_array_equal(reference.data, data)
    np.testing.assert_array_equal(reference.indices, indices)


def test_score_of_an_invalid_request_raises_validation_error(small_request):
    request = v1.MatchRequest()
    request.CopyFrom(small_request)
    request.openings[1].location.latitude = float("nan")
    with pytest.raises(passerelle.ValidationError, match=r"openings\[1\]"):
        passerelle.score(request)
