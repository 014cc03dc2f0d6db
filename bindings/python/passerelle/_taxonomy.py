"""Occupation taxonomies: the built-in ROME, a user's CSV, and finding
occupations by job title (`find_occupations`)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Sequence, Tuple, Union

from passerelle import _core


class Taxonomy:
    """An occupation taxonomy, as `passerelle::Taxonomy`.

    `Taxonomy()` is the built-in one (the 532 ROME sheets, their mobilities,
    BMO 2020 tension and 11,118 job titles); `Taxonomy("my.csv")` loads a
    user's CSV in the format of `data/taxonomy/rome_builtin.csv` (see
    docs/scoring.md, section 4) and raises `ValueError` naming the file, line
    and field of a bad line, `OSError` when it cannot be read. Pass it as
    `taxonomy=` to `match`, `score`, `explain` and `Matcher`. Immutable;
    copies share the data.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]", None] = None) -> None:
        if path is None:
            self._core = _core.Taxonomy.builtin()
        else:
            self._core = _core.Taxonomy.from_csv_file(os.fspath(path))

    @classmethod
    def from_csv_string(cls, text: str, source_name: str = "<string>") -> "Taxonomy":
        """A taxonomy from CSV text (errors name `source_name`)."""
        taxonomy = cls.__new__(cls)
        taxonomy._core = _core.Taxonomy.from_csv_string(text, source_name)
        return taxonomy

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._core.contains(code)

    def codes(self) -> List[str]:
        """Every occupation code, in the taxonomy's order."""
        return [row[0] for row in self._core.occupations()]

    def label(self, code: str) -> str:
        """Label of `code`, or "" when not listed."""
        return self._core.label(code)

    def tension(self, code: str) -> float:
        """BMO share of difficult hiring of `code`, or 0 when unknown."""
        return self._core.tension(code)

    def proximity(self, a: str, b: str) -> float:
        """Proximity in [0, 1] of two codes (1, 0.70, 0.45, 0.25 by hops; prefix rule)."""
        return self._core.proximity(a, b)

    def neighbours(self, code: str) -> List[str]:
        """Codes joined to `code` by an edge (a mobility)."""
        return self._core.neighbours(code)

    def titles(self, code: str) -> List[str]:
        """Job titles of `code` (empty for a user's taxonomy)."""
        return self._core.titles_of(code)

    def find_by_title(self, text: str) -> Optional[str]:
        """The code that `text` names exactly (code, label, title or one of its
        gendered forms; case and accents ignored), or None."""
        return self._core.find_by_title(text)

    def find_occupations(self, query: str, limit: int = 20) -> "OccupationSearch":
        """As `passerelle.find_occupations`, in this taxonomy."""
        return _search(self, query, limit)


@dataclass(frozen=True)
class OccupationMatch:
    """One occupation found: its code, label, group and domain labels, BMO
    tension, how well it matches (1 exact, 0.8 whole words, 0.6 word
    prefixes, 0.4 inside words) and its matching titles, best first."""

    code: str
    label: str
    group_label: str
    domain_label: str
    tension: float
    score: float
    titles: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class OccupationSuggestion:
    """A title (or label) near a query that matched nothing."""

    code: str
    text: str
    distance: int


@dataclass(frozen=True)
class OccupationSearch(Sequence[OccupationMatch]):
    """The occupations found, best first (a sequence of `OccupationMatch`),
    and when none is found, the three closest titles as `suggestions`."""

    matches: List[OccupationMatch]
    suggestions: List[OccupationSuggestion]

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, index):  # type: ignore[override]
        return self.matches[index]

    def __iter__(self) -> Iterator[OccupationMatch]:
        return iter(self.matches)


_BUILTIN: Optional[Taxonomy] = None


def _builtin() -> Taxonomy:
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = Taxonomy()
    return _BUILTIN


def _search(taxonomy: Taxonomy, query: str, limit: int) -> OccupationSearch:
    if not isinstance(query, str):
        raise ValueError(f"query: {query!r} is not a string")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit: {limit!r} must be an integer >= 0 (0: all)")
    info = {row[0]: row for row in taxonomy._core.occupations()}
    found, suggested = taxonomy._core.search(query, min(limit, 1 << 30))
    matches = []
    for code, score, _label_matches, titles in found:
        _, label, group_label, domain_label, tension = info[code]
        matches.append(OccupationMatch(code, label, group_label, domain_label, tension, score, list(titles)))
    suggestions = [OccupationSuggestion(code, text, distance) for code, text, distance in suggested]
    return OccupationSearch(matches, suggestions)


def find_occupations(query: str, limit: int = 20, taxonomy: Optional[Taxonomy] = None) -> OccupationSearch:
    """Occupations whose job titles, label or code match `query`, ignoring
    case and accents, best first::

        >>> passerelle.find_occupations("soudeur")[0].code
        'H2913'

    At most `limit` (0: all). When nothing matches, the result is empty and
    `.suggestions` holds the three closest titles (edit distance). In the
    built-in taxonomy unless `taxonomy` is given.
    """
    return _search(taxonomy if taxonomy is not None else _builtin(), query, limit)


def _core_taxonomy(taxonomy: object) -> Optional[object]:
    """The `_core.Taxonomy` behind a `taxonomy=` argument: None (built-in), a
    `Taxonomy`, or a path to a CSV."""
    if taxonomy is None:
        return None
    if isinstance(taxonomy, Taxonomy):
        return taxonomy._core
    if isinstance(taxonomy, (str, os.PathLike)):
        return Taxonomy(taxonomy)._core
    raise ValueError(f"taxonomy: {taxonomy!r} is neither a passerelle.Taxonomy nor a path to a CSV")


__all__: Tuple[str, ...] = ("Taxonomy", "OccupationMatch", "OccupationSuggestion", "OccupationSearch",
                            "find_occupations")
