"""Spreadsheet import (passerelle/spreadsheet.h): counsellors' sheets of
candidates, openings and employers, as .csv or .xlsx, into a MatchRequest.

CSV files are read by the C++ reader (UTF-8 or Windows-1252, `;` or `,`);
.xlsx sheets are read here with openpyxl (Debian python3-openpyxl) and their
rows handed to the same C++ importer, so both follow the same rules and give
the same messages (`people.xlsx:12: column niveau_francais: ...`).
"""
from __future__ import annotations

import datetime
import os
import warnings as _warnings
from typing import Any, List, Optional, Tuple, Union

from passerelle import _core
from passerelle._taxonomy import _core_taxonomy
from passerelle.v1 import passerelle_pb2 as pb

PathLike = Union[str, "os.PathLike[str]"]
_Table = Tuple[str, List[List[str]], List[int]]


class SpreadsheetWarning(UserWarning):
    """Something the importer read loosely or ignored (an unknown column, a
    former commune, a schedule constraint read as daytime only)."""


def _cell_text(value: Any) -> str:
    """An .xlsx cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: PathLike) -> _Table:
    try:
        import openpyxl  # noqa: PLC0415 (optional dependency)
    except ImportError as error:  # pragma: no cover - depends on the set-up
        raise ImportError(
            "passerelle.read_spreadsheet: .xlsx needs openpyxl (Debian python3-openpyxl, "
            "or pip install openpyxl)"
        ) from error
    source = os.fspath(path)
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows: List[List[str]] = []
        lines: List[int] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if not any(c.strip() for c in cells):
                continue  # blank rows, as in CSV
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
            lines.append(number)
    finally:
        workbook.close()
    return (source, rows, lines)


def _read_table(path: PathLike, name: str) -> _Table:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name}: expected a path to a .csv or .xlsx file, got {type(path).__name__}")
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension == ".xlsx":
        return _read_xlsx(path)
    if extension in (".csv", ".txt", ".tsv"):
        return _core.read_csv_file(os.fspath(path))
    raise ValueError(f"{name}: {os.fspath(path)!r}: expected a .csv or .xlsx file")


def _policy(policy: Any) -> Optional[pb.Policy]:
    if policy is None:
        return None
    if isinstance(policy, pb.Policy):
        return policy
    if isinstance(policy, (str, os.PathLike)):
        from google.protobuf import json_format, text_format  # noqa: PLC0415

        path = os.fspath(policy)
        message = pb.Policy()
        extension = os.path.splitext(path)[1].lower()
        if extension == ".json":
            with open(path, encoding="utf-8") as f:
                json_format.Parse(f.read(), message)
        elif extension in (".pb", ".binpb"):
            with open(path, "rb") as f:
                message.ParseFromString(f.read())
        elif extension == ".txtpb":
            with open(path, encoding="utf-8") as f:
                text_format.Parse(f.read(), message)
        else:
            raise ValueError(f"policy: {path!r}: expected .json, .pb or .txtpb")
        return message
    raise TypeError(f"policy: expected a passerelle.v1.Policy or a path, got {type(policy).__name__}")


def read_spreadsheet(
    candidates: PathLike,
    openings: PathLike,
    employers: Optional[PathLike] = None,
    policy: Any = None,
    taxonomy: Any = None,
    departement: Optional[str] = None,
) -> pb.MatchRequest:
    """A `passerelle.v1.MatchRequest` from a counsellor's sheets.

    - `candidates`, `openings`, `employers` (optional): paths to `.csv`
      (UTF-8 or Windows-1252, `;` or `,`) or `.xlsx` files (first sheet); the
      first row names the columns (French headers, English aliases; see
      examples/spreadsheet/README.md).
    - `policy`: None, a `passerelle.v1.Policy`, or a path to one (.json, .pb,
      .txtpb).
    - `taxonomy`: None (built-in ROME), a `passerelle.Taxonomy` or a CSV path;
      titles are looked up there.
    - `departement`: a département code ("41"): communes named without
      theirs ("Saint-Aignan") are looked for there first.

    Raises `passerelle.ValidationError` (a `ValueError`) listing every bad
    cell as `people.xlsx:12: column niveau_francais: "B7" is not a CEFR level
    (A1…C2, or none)`; emits a `SpreadsheetWarning` per warning.
    """
    tables = [
        _read_table(candidates, "candidates"),
        _read_table(openings, "openings"),
        None if employers is None else _read_table(employers, "employers"),
    ]
    data, found = _core.import_spreadsheet(
        *tables, taxonomy=_core_taxonomy(taxonomy), departement=departement or ""
    )
    for warning in found:
        _warnings.warn(warning, SpreadsheetWarning, stacklevel=2)
    request = pb.MatchRequest()
    request.ParseFromString(data)
    rules = _policy(policy)
    if rules is not None:
        request.policy.CopyFrom(rules)
    return request


__all__ = ("SpreadsheetWarning", "read_spreadsheet")
