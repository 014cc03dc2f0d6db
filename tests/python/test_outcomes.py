"""passerelle.history and passerelle.fit: the fit recovers the documented
truth, and a model in the policy makes the match speak in probabilities."""
import hashlib

import pytest

import passerelle
from passerelle import v1

# docs/outcomes.md, HistoryTruth.
TRUTH = {"skills": 2.0, "occupation": 1.5, "french": 1.0, "commute": 1.2, "tension": 0.3, "preferences": 0.6}


@pytest.fixture(scope="module")
def past():
    return passerelle.history(region="occitanie", candidates=3000, openings=800, placements=20000, seed=7)


@pytest.fixture(scope="module")
def model(past):
    return passerelle.fit(past)


def test_history_is_deterministic_and_not_randomised():
    a = passerelle.history(candidates=300, openings=80, placements=200, seed=3)
    b = passerelle.history(candidates=300, openings=80, placements=200, seed=3)
    assert isinstance(a, v1.History)
    assert a == b
    assert not a.randomised
    assert len(a.placements) == 200
    dates = [p.placed_on for p in a.placements]
    assert dates == sorted(dates)


def test_fit_recovers_signs_and_ordering(model):
    fitted = {c.feature: c.value for c in model.coefficients}
    assert set(fitted) == set(TRUTH)
    assert all(fitted[f] > 0 for f in TRUTH)
    assert sorted(TRUTH, key=TRUTH.get) == sorted(fitted, key=fitted.get)


def test_fit_reports_window_metrics_and_sha256(past, model):
    assert model.data_sha256 == hashlib.sha256(past.SerializeToString()).hexdigest()
    assert model.trained_from <= model.trained_to < model.test_from
    assert model.training_count + model.test_count == len(past.placements)
    assert 0.6 < model.test_metrics.auc < 0.9
    assert len(model.test_metrics.calibration) == 10
    assert {g.attribute for g in model.subgroup_metrics} == {"gender", "country_of_origin", "departement", "age_group"}
    assert "sélectives" in model.warnings[0]


def test_fit_test_from_and_errors(past):
    later = passerelle.fit(past, test_from="2025-06-01", language="en")
    assert later.test_from == "2025-06-01"
    assert "selective labels" in later.warnings[0]
    with pytest.raises(ValueError, match="test"):
        passerelle.fit(past, test_from="2020-01-01")
    bad = v1.History()
    bad.CopyFrom(past)
    del bad.placements[10:]
    bad.placements[4].placed_on = "someday"
    with pytest.raises(ValueError, match=r"placements\[4\]\.placed_on"):
        passerelle.fit(bad)


def test_match_with_the_model_speaks_in_probabilities(model):
    request = passerelle.generate(region="loir-et-cher", candidates=300, openings=60, seed=1)
    request.policy.score_model.CopyFrom(model)
    response = passerelle.match(request)
    assert response.placements
    total = 0.0
    for p in response.placements:
        assert p.HasField("lasting_probability")
        assert p.lasting_probability == p.score
        assert "probabilité estimée d'emploi durable" in p.explanation
        total += p.score
    assert response.summary.expected_lasting == pytest.approx(total, abs=1e-3)
    plain = passerelle.match(passerelle.generate(region="loir-et-cher", candidates=300, openings=60, seed=1))
    assert not plain.summary.HasField("expected_lasting")
    assert not plain.placements[0].HasField("lasting_probability")


def test_explain_with_the_model_gives_probability_and_coefficients(model):
    request = passerelle.generate(region="loir-et-cher", candidates=50, openings=20, seed=1)
    pair = (request.candidates[0].id, request.openings[0].id)
    assert passerelle.explain(request, *pair).lasting_probability is None
    request.policy.score_model.CopyFrom(model)
    why = passerelle.explain(request, *pair, language="en")
    assert why.lasting_probability == why.score
    assert why.weights == {c.feature: c.value for c in model.coefficients}
    assert "coefficient of the lasting-job model" in why.text


def test_bad_model_is_refused_with_its_path(model):
    request = passerelle.generate(region="loir-et-cher", candidates=30, openings=10, seed=1)
    request.policy.score_model.CopyFrom(model)
    request.policy.score_model.coefficients[2].feature = "salary"
    with pytest.raises(passerelle.ValidationError, match=r"policy\.score_model\.coefficients\[2\]\.feature"):
        passerelle.match(request)
