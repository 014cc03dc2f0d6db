"""Places without coordinates (include/passerelle/places.h): a request that
gives homes and locations only by INSEE code, postal code or commune name
matches from Python, and bad places are refused naming record and field."""
import pytest

import passerelle
from passerelle import v1


def _by_places():
    request = v1.MatchRequest()
    request.policy.language = v1.LANGUAGE_ENGLISH
    for i, (insee, job) in enumerate([("41018", "G1602"), ("41276", "G1602"), ("41059", "F1703")]):
        c = request.candidates.add(id=f"c{i}", right_to_work=v1.RIGHT_TO_WORK_FULL,
                                   french_level=v1.CEFR_LEVEL_B1)
        c.home.insee_code = insee
        c.target_occupations.append(job)
    blois = request.openings.add(id="blois", kind=v1.OPENING_KIND_JOB, occupation="G1602", capacity=2)
    blois.location.insee_code = "41018"
    contres = request.openings.add(id="contres", kind=v1.OPENING_KIND_JOB, occupation="F1703")
    contres.location.place = "Contres (41)"
    return request


def test_match_accepts_a_request_with_only_insee_codes_and_places():
    response = passerelle.match(_by_places())
    placed = {p.candidate_id: p.opening_id for p in response.placements}
    assert placed == {"c0": "blois", "c1": "blois", "c2": "contres"}
    # Town-level points: at least the town floor between two of them.
    assert all(p.commute_minutes > 0 for p in response.placements)


def test_places_resolve_the_same_as_their_coordinates():
    by_places = _by_places()
    by_points = v1.MatchRequest()
    by_points.CopyFrom(by_places)
    for point in [c.home for c in by_points.candidates] + [o.location for o in by_points.openings]:
        point.Clear()
    # The communes' centroids (data/places/communes.csv), written by hand.
    centroids = {"41018": (47.5817, 1.30626), "41276": (47.62668, 1.31903), "41059": (47.42105, 1.43621)}
    for c, original in zip(by_points.candidates, by_places.candidates):
        lat, lon = centroids[original.home.insee_code]
        c.home.latitude, c.home.longitude, c.home.precision = lat, lon, v1.GEO_PRECISION_TOWN
    for o, (lat, lon) in zip(by_points.openings, [centroids["41018"], centroids["41059"]]):
        o.location.latitude, o.location.longitude, o.location.precision = lat, lon, v1.GEO_PRECISION_TOWN
    assert passerelle.match(by_points).SerializeToString() == passerelle.match(by_places).SerializeToString()


def test_an_ambiguous_postal_code_is_refused_naming_the_record():
    request = _by_places()
    request.candidates[1].home.Clear()
    request.candidates[1].home.postal_code = "41120"
    with pytest.raises(passerelle.ValidationError) as error:
        passerelle.match(request)
    assert any(p.startswith('candidates[1] (id "c1").home.postal_code: postal code 41120 covers 11 communes')
               for p in error.value.problems)
