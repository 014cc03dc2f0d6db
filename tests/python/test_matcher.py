"""passerelle.Matcher: after any sequence of changes, solve() is as good as a
cold match of the changed request, which is also built independently in
Python."""
import pytest

import passerelle
from passerelle import v1


def copy(message):
    other = type(message)()
    other.CopyFrom(message)
    return other


def assert_same_as_cold(session, expected_request):
    """The session's request is `expected_request`, and its solve() is as good
    as a cold match of that request: the same objective and the same number of
    placements. (Among equally good assignments, a warm re-solve may keep a
    different one: it starts from the session's previous answer.)"""
    assert session.request == expected_request
    warm = session.solve()
    cold = passerelle.match(expected_request)
    assert warm.summary.objective == pytest.approx(cold.summary.objective, abs=1e-6 * (1 + len(cold.placements)))
    assert warm.summary.placements == cold.summary.placements
    assert len(warm.unplaced) == len(cold.unplaced)


@pytest.fixture()
def request_and_session(small_request):
    request = copy(small_request)
    session = passerelle.Matcher(request)
    return request, session


def test_first_solve_equals_match(request_and_session, small_response):
    request, session = request_and_session
    assert session.solve() == small_response
    assert session.request == request


def test_changes_resolve_like_a_cold_match(request_and_session, small_response):
    request, session = request_and_session
    placed = small_response.placements[0]
    other = next(o.id for o in request.openings if o.id != placed.opening_id)
    loser = small_response.unplaced[0].candidate_id

    session.ban(placed.candidate_id, placed.opening_id, "not this one")
    request.policy.bans.add(candidate_id=placed.candidate_id, opening_id=placed.opening_id, note="not this one")
    assert_same_as_cold(session, request)
    after_ban = session.solve()
    assert not any(p.candidate_id == placed.candidate_id and p.opening_id == placed.opening_id
                   for p in after_ban.placements)

    session.clear_override(placed.candidate_id, placed.opening_id)
    del request.policy.bans[:]
    assert_same_as_cold(session, request)

    removed = request.candidates[1].id
    session.remove_candidate(removed)
    del request.candidates[1]
    assert_same_as_cold(session, request)

    session.set_capacity(other, 0)
    next(o for o in request.openings if o.id == other).capacity = 0
    assert_same_as_cold(session, request)

    newcomer = copy(request.candidates[0])
    newcomer.id = "c-new-1"
    session.add_candidate(newcomer)
    request.candidates.append(newcomer)
    assert_same_as_cold(session, request)

    opening = copy(request.openings[0])
    opening.id = "o-new-1"
    opening.capacity = 3
    session.add_opening(opening)
    request.openings.append(opening)
    assert_same_as_cold(session, request)

    session.remove_opening(request.openings[2].id)
    del request.openings[2]
    assert_same_as_cold(session, request)
    assert loser  # an unplaced candidate existed to begin with


def test_pin_places_the_pair(request_and_session):
    request, session = request_and_session
    scores = passerelle.score(request)
    # A candidate with several feasible openings, pinned to the worst one.
    c = next(i for i in range(scores.shape[0]) if scores.scores.getrow(i).nnz >= 2)
    row = scores.scores.getrow(c)
    opening_id = scores.opening_ids[row.indices[row.data.argmin()]]
    candidate_id = scores.candidate_ids[c]
    session.pin(candidate_id, opening_id, "counsellor's choice")
    response = session.solve()
    pinned = [p for p in response.placements if p.candidate_id == candidate_id and p.opening_id == opening_id]
    assert len(pinned) == 1 and pinned[0].pinned
    request.policy.pins.add(candidate_id=candidate_id, opening_id=opening_id, note="counsellor's choice")
    assert_same_as_cold(session, request)


def test_lock_is_kept(request_and_session, small_response):
    request, session = request_and_session
    placed = small_response.placements[-1]
    session.lock(placed.candidate_id, placed.opening_id)
    request.policy.locks.add(candidate_id=placed.candidate_id, opening_id=placed.opening_id)
    assert_same_as_cold(session, request)


def test_unknown_ids_raise_value_error(request_and_session):
    _, session = request_and_session
    with pytest.raises(ValueError, match="nobody"):
        session.remove_candidate("nobody")
    with pytest.raises(ValueError, match="nowhere"):
        session.set_capacity("nowhere", 3)
    with pytest.raises(ValueError):
        session.pin("nobody", "nowhere")


def test_invalid_new_records_are_refused_with_field_paths(request_and_session):
    request, session = request_and_session
    bad = copy(request.candidates[0])
    bad.id = "c-bad"
    bad.right_to_work = v1.RIGHT_TO_WORK_UNSPECIFIED
    with pytest.raises(passerelle.ValidationError, match=r'candidate \(id "c-bad"\)\.right_to_work'):
        session.add_candidate(bad)
    duplicate = copy(request.candidates[0])
    with pytest.raises(ValueError):
        session.add_candidate(duplicate)
    orphan = copy(request.openings[0])
    orphan.id = "o-orphan"
    orphan.employer_id = "no-such-employer"
    with pytest.raises(passerelle.ValidationError, match=r"employer_id"):
        session.add_opening(orphan)
    with pytest.raises(ValueError):
        session.set_capacity(request.openings[0].id, -1)
    for too_large in (2**31, 2**40, 2**70):
        with pytest.raises(ValueError, match="capacity"):
            session.set_capacity(request.openings[0].id, too_large)
    with pytest.raises(TypeError):
        session.add_candidate(request.openings[0])
    # Nothing refused was applied.
    assert session.request == request
