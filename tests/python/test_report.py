"""`passerelle.export`: the CLI's report files from Python, the XLSX
workbook's structure read back with openpyxl, and a response that does not
belong to its request."""
import subprocess

import pytest
from google.protobuf import json_format

import passerelle


def test_csv_is_the_clis(tmp_path, cli, small_request, small_response):
    (tmp_path / "r.json").write_text(json_format.MessageToJson(small_request))
    (tmp_path / "s.json").write_text(json_format.MessageToJson(small_response))
    subprocess.run(
        [cli, "export", "--request", tmp_path / "r.json", "--response", tmp_path / "s.json", "--out", tmp_path / "cli.csv"],
        check=True,
    )
    passerelle.export(small_request, small_response, tmp_path / "py.csv")
    assert (tmp_path / "py.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    lines = (tmp_path / "py.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Personne;Identifiant;Domicile;Statut;")
    placed = {p.candidate_id for p in small_response.placements}
    # One row per placement and per unplaced person (a partially placed one has both).
    assert len(lines) - 2 == len(small_response.placements) + len(small_response.unplaced)
    assert len(placed) == small_response.summary.placed_candidates


def test_xlsx_sheets_headers_and_rows(tmp_path, small_request, small_response):
    openpyxl = pytest.importorskip("openpyxl", reason="python3-openpyxl is not installed")
    path = tmp_path / "report.xlsx"
    passerelle.export(small_request, small_response, path, language="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Placements", "Not placed", "Summary", "Openings"]
    placements = book["Placements"]
    assert placements.freeze_panes == "A2"
    assert placements["A1"].value == "Person" and placements["A1"].font.b
    assert placements.max_row == len(small_response.placements) + 1
    assert placements.column_dimensions["L"].width > 50  # the explanation
    headers = [c.value for c in placements[1]]
    score = headers.index("Score") + 1
    first = small_response.placements
    assert all(isinstance(placements.cell(row=r, column=score).value, float) for r in range(2, placements.max_row + 1))
    assert sorted(placements.cell(row=r, column=score).value for r in range(2, placements.max_row + 1)) == pytest.approx(
        sorted(p.score for p in first)
    )
    unplaced = book["Not placed"]
    assert unplaced.max_row == len(small_response.unplaced) + 1
    assert all(unplaced.cell(row=r, column=4).value for r in range(2, unplaced.max_row + 1))  # reasons
    assert book["Openings"].max_row == len(small_request.openings) + 1


def test_html_sections(tmp_path, small_request, small_response):
    path = tmp_path / "report.html"
    passerelle.export(small_request, small_response, path)
    html = path.read_text(encoding="utf-8")
    for section in ('id="summary"', 'id="map"', 'id="people"', 'id="openings"'):
        assert section in html
    assert "<script" not in html


def test_a_response_of_another_request_is_refused(tmp_path, small_request, small_response):
    other = passerelle.generate(region="occitanie", candidates=30, openings=10, seed=99)
    path = tmp_path / "report.html"
    with pytest.raises(ValueError, match=r"placements\[[0-9]+\]\.(candidate|opening)_id: .* is not"):
        passerelle.export(other, small_response, path)
    assert not path.exists()
    with pytest.raises(ValueError, match="neither"):
        passerelle.export(small_request, small_response, path, language="de")
    with pytest.raises(ValueError, match=r"\.csv, \.xlsx or \.html"):
        passerelle.export(small_request, small_response, tmp_path / "report.pdf")
