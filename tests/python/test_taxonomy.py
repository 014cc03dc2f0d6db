"""`passerelle.find_occupations` and `passerelle.Taxonomy`: the built-in ROME
by job title, and a user's taxonomy passed as `taxonomy=` to match, score,
explain and Matcher, agreeing with `passerelle match --taxonomy`."""
import subprocess

import pytest

import passerelle
from passerelle.v1 import passerelle_pb2 as pb


def test_find_occupations_finds_the_welder_by_title():
    found = passerelle.find_occupations("soudeur")
    assert found[0].code == "H2913"
    assert found[0].label == "Soudage manuel"
    assert found[0].score == pytest.approx(0.8)
    assert any(t.startswith("Soudeur / Soudeuse") for t in found[0].titles)
    assert found.suggestions == []
    assert len(passerelle.find_occupations("soudeur", limit=2)) == 2


def test_find_occupations_ignores_accents_and_case_and_suggests_on_no_match():
    assert passerelle.find_occupations("MACON")[0].code == "F1703"
    assert passerelle.find_occupations("maçonne")[0].score == pytest.approx(1.0)
    typo = passerelle.find_occupations("soudeurr")
    assert len(typo) == 0
    assert len(typo.suggestions) == 3
    assert typo.suggestions[0].distance == 1
    with pytest.raises(ValueError, match="limit"):
        passerelle.find_occupations("soudeur", limit=-1)


def test_the_builtin_taxonomy_is_the_whole_rome():
    rome = passerelle.Taxonomy()
    assert len(rome) == 532
    assert "H2913" in rome and "Z9999" not in rome
    assert rome.proximity("H2913", "H2902") == pytest.approx(0.70)
    assert rome.tension("H2913") == pytest.approx(0.770)
    assert rome.find_by_title("Soudeuse à l'arc électrique") == "H2913"
    assert rome.find_by_title("soudeur") is None
    assert "Maçon / Maçonne" in rome.titles("F1703")


def _isolated_taxonomy(request, path):
    """Every occupation of `request`, with no edges: only the prefix rule."""
    codes = sorted({c for o in request.openings for c in [o.occupation] if c}
                   | {c for k in request.candidates for c in list(k.target_occupations) + list(k.past_occupations)})
    path.write_text("code,label\n" + "".join(f"{c},{c}\n" for c in codes), encoding="utf-8")
    return path


def test_a_users_taxonomy_changes_scores_and_agrees_with_the_cli(small_request, tmp_path, cli):
    path = _isolated_taxonomy(small_request, tmp_path / "isolated.csv")
    builtin = passerelle.score(small_request)
    isolated = passerelle.score(small_request, taxonomy=path)
    assert builtin.components["occupation"].sum() != pytest.approx(isolated.components["occupation"].sum())

    by_path = passerelle.match(small_request, taxonomy=str(path))
    by_object = passerelle.match(small_request, taxonomy=passerelle.Taxonomy(path))
    assert by_path.SerializeToString() == by_object.SerializeToString()
    session = passerelle.Matcher(small_request, taxonomy=passerelle.Taxonomy(path))
    assert session.solve().summary.objective == pytest.approx(by_path.summary.objective)

    request_file = tmp_path / "request.pb"
    request_file.write_bytes(small_request.SerializeToString())
    subprocess.run([cli, "match", "--in", str(request_file), "--out", str(tmp_path / "r.pb"),
                    "--taxonomy", str(path)], check=True)
    assert (tmp_path / "r.pb").read_bytes() == by_path.SerializeToString()

    pair = isolated.pairs().iloc[0]
    why = passerelle.explain(small_request, pair.candidate_id, pair.opening_id, taxonomy=path)
    assert why.breakdown["occupation"] == pytest.approx(float(pair.occupation), abs=1e-6)


def test_a_bad_taxonomy_names_file_line_and_field(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,label,tension\nX1,a,1.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv:2: field tension"):
        passerelle.Taxonomy(path)
    with pytest.raises(OSError):
        passerelle.Taxonomy(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="taxonomy"):
        passerelle.match(pb.MatchRequest(), taxonomy=42)
