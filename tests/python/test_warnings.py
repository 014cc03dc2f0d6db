"""Warnings, the capacity rule, and overrides checked when a session makes
them (include/passerelle/warnings.h, matcher.h)."""
import pytest

import passerelle
from passerelle import v1


def _tiny(capacity=None, french=True):
    request = v1.MatchRequest()
    request.policy.language = v1.LANGUAGE_ENGLISH
    c = request.candidates.add(id="c1", right_to_work=v1.RIGHT_TO_WORK_FULL)
    c.home.latitude, c.home.longitude = 43.6, 1.44
    if french:
        c.french_level = v1.CEFR_LEVEL_B1
    o = request.openings.add(id="o1", kind=v1.OPENING_KIND_JOB, occupation="G1602")
    o.location.latitude, o.location.longitude = 43.6, 1.43
    if capacity is not None:
        o.capacity = capacity
    far = request.openings.add(id="far", kind=v1.OPENING_KIND_JOB, occupation="G1602")
    far.location.latitude, far.location.longitude = 45.6, 1.43  # 220 km north
    return request


def test_an_opening_without_capacity_has_one_seat():
    response = passerelle.match(_tiny())
    assert [(p.candidate_id, p.opening_id) for p in response.placements] == [("c1", "o1")]
    assert len(response.warnings) == 0


def test_a_closed_opening_is_warned_about_and_never_lost_to_a_better_fit():
    response = passerelle.match(_tiny(capacity=0))
    assert [w.code for w in response.warnings] == [v1.WARNING_CODE_CLOSED_OPENING]
    assert response.warnings[0].path == 'openings[0] (id "o1").capacity'
    (unplaced,) = response.unplaced
    codes = [r.code for r in unplaced.reasons]
    assert v1.REASON_CODE_LOST_TO_BETTER_FIT not in codes
    assert codes[0] == v1.REASON_CODE_NO_OPENING_IN_REACH
    assert list(unplaced.reasons[0].opening_ids) == ["o1"]


def test_a_missing_french_level_is_valid_with_a_warning():
    request = _tiny(french=False)
    passerelle.validate(request)
    response = passerelle.match(request)
    assert [w.code for w in response.warnings] == [v1.WARNING_CODE_FRENCH_LEVEL_MISSING]
    assert "no French level given" in response.warnings[0].detail


@pytest.mark.parametrize("method", ["pin", "lock"])
def test_pin_and_lock_refuse_an_excluded_pair_at_once(method):
    session = passerelle.Matcher(_tiny())
    before = session.solve().SerializeToString()
    with pytest.raises(ValueError, match="commute_too_long"):
        getattr(session, method)("c1", "far", "note")
    with pytest.raises(ValueError):
        getattr(session, method)("c1", "nowhere")
    assert len(session.request.policy.pins) == 0
    assert len(session.request.policy.locks) == 0
    assert session.solve().SerializeToString() == before


def test_notes_appear_in_explanations():
    session = passerelle.Matcher(_tiny(capacity=2))
    session.pin("c1", "o1", "chosen by the committee")
    (placement,) = session.solve().placements
    assert 'counsellor\'s note: "chosen by the committee"' in placement.explanation
