"""Reports for counsellors: `passerelle.export`."""
from __future__ import annotations

import os
from typing import Any, Optional, Union

from passerelle import _core
from passerelle._matching import RequestLike, ResponseLike, _message_bytes, _request_bytes
from passerelle._taxonomy import _core_taxonomy
from passerelle.v1 import passerelle_pb2 as pb


def export(
    request: RequestLike,
    response: ResponseLike,
    path: Union[str, "os.PathLike[str]"],
    language: Optional[str] = None,
    max_cards: int = 2000,
    taxonomy: Any = None,
) -> None:
    """Writes a report of a match for counsellors, the same file as
    `passerelle export --request R --response S --out PATH`.

    The format follows `path`'s extension: `.csv` (UTF-8 with BOM, `;`
    separator, for French Excel), `.xlsx` (sheets of placements, unplaced
    people, summary, openings) or `.html` (one self-contained page: summary
    with charts, map, a card per person and per opening). See
    docs/reports.md.

    Args:
        request: the `passerelle.v1.MatchRequest` matched, or its bytes.
        response: its `passerelle.v1.MatchResponse` (from `passerelle.match`),
            or its bytes.
        path: the file to write (atomically: nothing is written on error).
        language: "fr" or "en"; None for the request's `policy.language`.
        max_cards: the HTML page has cards for at most this many people (and
            half as many openings), then a note.
        taxonomy: a `passerelle.Taxonomy` for ROME labels; None for the
            built-in one.

    Raises:
        ValueError: a response that names candidates or openings the request
            does not hold (the message names the record), an invalid
            request, an unknown extension or language.
        OSError: the file cannot be written.
    """
    _core.export_report(
        _request_bytes(request),
        _message_bytes(response, pb.MatchResponse, "response"),
        os.fspath(path),
        language or "",
        max_cards,
        _core_taxonomy(taxonomy),
    )
