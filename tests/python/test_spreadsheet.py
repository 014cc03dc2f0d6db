"""passerelle.read_spreadsheet: .csv and .xlsx sheets give the same request
through the one C++ importer, with the same messages (file:line: column)."""
import csv
import io
import os
import subprocess
import warnings

import pytest

import passerelle

openpyxl = pytest.importorskip("openpyxl")

SHEETS = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "spreadsheet")


def _template(name):
    return os.path.join(SHEETS, name)


def _rows(name):
    with open(_template(name), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def _to_xlsx(rows, path, numbers=False):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        cells = []
        for cell in row:
            # As a counsellor's sheet holds them: numbers as numbers.
            if numbers and cell.isdigit() and not cell.startswith("0"):
                cells.append(int(cell))
            else:
                cells.append(cell if cell != "" else None)
        sheet.append(cells)
    book.save(path)


def _read_quietly(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", passerelle.SpreadsheetWarning)
        return passerelle.read_spreadsheet(**kwargs)


def test_templates_import_and_match():
    with pytest.warns(passerelle.SpreadsheetWarning, match=r"candidats\.csv:5: Contres \(41, 41059\)"):
        request = passerelle.read_spreadsheet(
            candidates=_template("candidats.csv"),
            openings=_template("offres.csv"),
            employers=_template("employeurs.csv"),
        )
    assert len(request.candidates) == 18 and len(request.openings) == 18 and len(request.employers) == 11
    assert request.candidates[0].home.place == "Blois"
    assert request.candidates[0].target_occupations == ["K1304"]
    response = passerelle.match(request)
    assert len(response.placements) > 0


def test_csv_and_xlsx_give_the_same_request(tmp_path):
    for name in ("candidats", "offres", "employeurs"):
        _to_xlsx(_rows(name + ".csv"), tmp_path / (name + ".xlsx"), numbers=True)
    from_csv = _read_quietly(
        candidates=_template("candidats.csv"), openings=_template("offres.csv"), employers=_template("employeurs.csv")
    )
    from_xlsx = _read_quietly(
        candidates=tmp_path / "candidats.xlsx",
        openings=tmp_path / "offres.xlsx",
        employers=tmp_path / "employeurs.xlsx",
    )
    assert from_xlsx == from_csv


def test_same_request_as_the_command_line(tmp_path, cli):
    out = tmp_path / "r.pb"
    subprocess.run(
        [cli, "import", "--candidates", _template("candidats.csv"), "--openings", _template("offres.csv"),
         "--employers", _template("employeurs.csv"), "--out", str(out)],
        check=True, capture_output=True,
    )
    expected = passerelle.v1.MatchRequest()
    expected.ParseFromString(out.read_bytes())
    assert _read_quietly(
        candidates=_template("candidats.csv"), openings=_template("offres.csv"), employers=_template("employeurs.csv")
    ) == expected


def test_xlsx_errors_name_file_row_and_column(tmp_path):
    rows = [
        ["id", "commune", "niveau_francais", "droit_travail", "disponible_le"],
        ["c1", "Blois", "A2", "oui", None],
        [None, None, None, None, None],  # a blank row keeps its number
        ["c2", "Vendôme", "B7", "oui", None],
    ]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "people.xlsx")
    with pytest.raises(passerelle.ValidationError) as raised:
        passerelle.read_spreadsheet(candidates=tmp_path / "people.xlsx", openings=_template("offres.csv"))
    expected = 'people.xlsx:4: column niveau_francais: "B7" is not a CEFR level (A1…C2, or none)'
    assert [p.endswith(expected) for p in raised.value.problems] == [True]
    assert isinstance(raised.value, ValueError)


def test_xlsx_dates_and_booleans(tmp_path):
    import datetime

    book = openpyxl.Workbook()
    book.active.append(["id", "commune", "droit_travail", "permis", "disponible_le", "age"])
    book.active.append(["c1", "Blois", True, False, datetime.datetime(2027, 1, 15), 34])
    book.save(tmp_path / "people.xlsx")
    request = passerelle.read_spreadsheet(candidates=tmp_path / "people.xlsx", openings=_template("offres.csv"))
    c = request.candidates[0]
    assert c.right_to_work == passerelle.v1.RIGHT_TO_WORK_FULL
    assert not c.mobility.driving_licence
    assert c.available_from == "2027-01-15"
    assert c.age == 34


def test_policy_from_message_or_file(tmp_path):
    policy = passerelle.v1.Policy(shortlist_size=3)
    request = _read_quietly(candidates=_template("candidats.csv"), openings=_template("offres.csv"), policy=policy)
    assert request.policy.shortlist_size == 3
    (tmp_path / "policy.json").write_text('{"shortlistSize": 4}')
    request = _read_quietly(
        candidates=_template("candidats.csv"), openings=_template("offres.csv"), policy=tmp_path / "policy.json"
    )
    assert request.policy.shortlist_size == 4


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValueError, match="expected a .csv or .xlsx"):
        passerelle.read_spreadsheet(candidates=tmp_path / "people.ods", openings=_template("offres.csv"))


def test_default_departement(tmp_path):
    (tmp_path / "people.csv").write_text("id;droit_travail;commune\nc1;oui;Saint-Aignan\n", encoding="utf-8")
    with pytest.raises(passerelle.ValidationError, match="names 6 communes"):
        passerelle.read_spreadsheet(candidates=tmp_path / "people.csv", openings=_template("offres.csv"))
    request = passerelle.read_spreadsheet(
        candidates=tmp_path / "people.csv", openings=_template("offres.csv"), departement="41"
    )
    assert request.candidates[0].home.place == "Saint-Aignan (41)"
