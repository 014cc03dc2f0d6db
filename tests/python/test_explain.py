"""`passerelle.explain` (DescribePair): one pair's components, weights,
violations and sentences, checked against `passerelle.score`, the CLI's
`explain --out` and the unplaced reasons of `passerelle.match`."""
import json
import math
import subprocess

import pytest
from google.protobuf import json_format

import passerelle
from passerelle.v1 import passerelle_pb2 as pb


def _kept_pair(request):
    scores = passerelle.score(request)
    pairs = scores.pairs()
    row = pairs.iloc[0]
    return row


def test_a_kept_pair_has_the_scores_of_score(small_request):
    row = _kept_pair(small_request)
    why = passerelle.explain(small_request, row.candidate_id, row.opening_id)
    assert why.feasible and why.violations == []
    assert why.score == pytest.approx(float(row.score), abs=1e-6)
    for name in passerelle.COMPONENTS:
        assert why.breakdown[name] == pytest.approx(float(row[name]), abs=1e-6)
    assert sum(why.weights.values()) == pytest.approx(1.0)
    assert why.score == pytest.approx(sum(why.breakdown[k] * why.weights[k] for k in why.weights), abs=1e-12)
    assert why.commute_minutes == pytest.approx(float(row.commute_minutes), rel=1e-5)
    assert why.commute_mode in {"walk", "bicycle", "public_transport", "car", "moped", "carpool"}
    assert why.explanation and not why.explanation.startswith(("Exclu", "Excluded"))
    assert 0 <= why.required_skills_covered <= why.required_skills_total
    assert len(why.skill_gaps) == why.required_skills_total - why.required_skills_covered
    assert row.candidate_id in why.text and row.opening_id in why.text
    assert str(why) == why.text


def test_unplaced_reasons_name_openings_that_explain_confirms():
    request = passerelle.generate(region="loir-et-cher", candidates=400, openings=80, seed=1)
    response = passerelle.match(request)
    checked = 0
    for u in response.unplaced:
        for reason in u.reasons:
            if not 1 <= reason.code <= 9 or reason.count == 0:
                continue
            assert 1 <= len(reason.opening_ids) <= min(5, reason.count), (u.candidate_id, reason)
            for opening_id in reason.opening_ids:
                why = passerelle.explain(request, u.candidate_id, opening_id, language="en")
                assert not why.feasible
                assert reason.code in [v.reason_code for v in why.violations], (u.candidate_id, opening_id)
                checked += 1
    assert checked > 50


def test_an_excluded_pair_says_why_in_both_languages(small_request):
    scores = passerelle.score(small_request)
    kept = set(zip(*scores.scores.nonzero())) if hasattr(scores.scores, "nonzero") else set()
    for c in range(len(scores.candidate_ids)):
        for o in range(len(scores.opening_ids)):
            if (c, o) in kept:
                continue
            fr = passerelle.explain(small_request, scores.candidate_ids[c], scores.opening_ids[o], language="fr")
            if fr.feasible:
                continue
            en = passerelle.explain(small_request, scores.candidate_ids[c], scores.opening_ids[o], language="en")
            assert [v.code for v in fr.violations] == [v.code for v in en.violations]
            assert all(v.code == passerelle._core.reason_code_name(v.reason_code) for v in en.violations)
            assert fr.explanation.startswith("Exclu : ") and en.explanation.startswith("Excluded: ")
            for v in en.violations:
                assert v.sentence and v.sentence in en.explanation
            assert "Constraints not met:" in en.text and "Contraintes non respectées :" in fr.text
            assert fr.score == en.score and fr.breakdown == en.breakdown
            return
    pytest.fail("no excluded pair in the request")


def test_unknown_ids_and_languages_raise_value_error(small_request):
    some_opening = small_request.openings[0].id
    some_candidate = small_request.candidates[0].id
    with pytest.raises(ValueError, match='candidate id "nobody" is not in the request'):
        passerelle.explain(small_request, "nobody", some_opening)
    with pytest.raises(ValueError, match='opening id "nowhere" is not in the request'):
        passerelle.explain(small_request, some_candidate, "nowhere")
    with pytest.raises(ValueError, match="neither"):
        passerelle.explain(small_request, some_candidate, some_opening, language="de")
    bad = pb.MatchRequest()
    bad.CopyFrom(small_request)
    bad.openings[0].capacity = -2
    with pytest.raises(passerelle.ValidationError, match="capacity"):
        passerelle.explain(bad, some_candidate, some_opening)


def test_the_cli_writes_the_same_message(small_request, cli, tmp_path):
    path = tmp_path / "r.pb"
    path.write_bytes(small_request.SerializeToString())
    c, o = small_request.candidates[3].id, small_request.openings[5].id
    out = tmp_path / "x.json"
    run = subprocess.run([cli, "explain", "--in", str(path), "--candidate", c, "--opening", o, "--out", str(out)],
                         capture_output=True, text=True, check=True)
    why = passerelle.explain(small_request, c, o)
    assert run.stdout == why.text
    from_cli = json_format.Parse(out.read_text(), pb.PairExplanation())
    assert from_cli == why.proto
    assert json.loads(out.read_text())["candidateId"] == c
    assert math.isfinite(why.commute_minutes) == from_cli.HasField("commute_minutes")
