"""Generating, validating and matching requests (passerelle/synthetic.h,
passerelle/validate.h, passerelle/matcher.h)."""
from __future__ import annotations

import operator
from typing import Any, List, Optional, Union

from passerelle import _core
from passerelle._taxonomy import _core_taxonomy
from passerelle.v1 import passerelle_pb2 as pb

RequestLike = Union[pb.MatchRequest, bytes, bytearray, memoryview]
ResponseLike = Union[pb.MatchResponse, bytes, bytearray, memoryview]


def _message_bytes(message: object, expected: type, name: str) -> bytes:
    """The binary form of `message`, a `expected` proto or its serialization."""
    if isinstance(message, expected):
        return message.SerializeToString()
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    raise TypeError(
        f"{name}: expected a passerelle.v1.{expected.__name__} or its serialized bytes, "
        f"got {type(message).__name__}"
    )


def _request_bytes(request: RequestLike) -> bytes:
    return _message_bytes(request, pb.MatchRequest, "request")


def _threads(threads: object) -> int:
    """A thread count as the library takes it: an integer >= 0 (0: one per
    core); counts beyond 4 per core are capped by the library."""
    try:
        if isinstance(threads, bool):
            raise TypeError
        threads = operator.index(threads)  # int and numpy integers
    except TypeError:
        raise ValueError(f"threads: {threads!r} must be an integer >= 0 (0: one per core)") from None
    if threads < 0:
        raise ValueError(f"threads: {threads!r} must be an integer >= 0 (0: one per core)")
    return min(int(threads), 1 << 30)


def _count(name: str, value: int) -> int:
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__}") from None
    if value < 0:
        raise ValueError(f"{name}: must be >= 0, got {value}")
    return value


def available_regions() -> List[str]:
    """Names of the built-in regions, sorted ("occitanie", "somme", ...)."""
    return list(_core.available_regions())


def generate(
    region: str = "occitanie", candidates: int = 600, openings: int = 120, seed: int = 1
) -> pb.MatchRequest:
    """Generates a synthetic regional request, as `passerelle generate` does.

    Candidates live in the region's towns; openings of every kind are spread
    over its départements in the métiers en tension (docs/synthetic.md). The
    same arguments give the same request on every platform, and the first N
    candidates of a larger run are those of a smaller one.

    Args:
        region: a built-in region (see `available_regions()`), or any French
            département by code or name ("41", "Cher") or region by name
            ("Bretagne").
        candidates: number of candidates, >= 0.
        openings: number of openings of every kind, >= 0.
        seed: random seed, in [0, 2^64).

    Returns:
        A valid `passerelle.v1.MatchRequest` with the default policy.

    Raises:
        ValueError: unknown region or a negative count.
    """
    if not isinstance(region, str):
        raise TypeError(f"region: expected a str, got {type(region).__name__}")
    candidates = _count("candidates", candidates)
    openings = _count("openings", openings)
    seed = _count("seed", seed)
    if seed >= 1 << 64:
        raise ValueError(f"seed: must be < 2^64, got {seed}")
    try:
        data = _core.generate(region, candidates, openings, seed)
    except ValueError as error:  # the library names the command line's option
        message = str(error)
        raise ValueError(message[2:] if message.startswith("--region") else message) from None
    return pb.MatchRequest.FromString(data)


def validate(request: RequestLike) -> None:
    """Checks a request and reports every problem at once.

    Raises:
        passerelle.ValidationError: a `ValueError` whose message lists every
            problem with its field path, as `passerelle validate` prints them
            (`candidates[12] (id "c-0042").french_level: ...`); the list is
            also in its `problems` attribute.
        ValueError: bytes that are not a binary `MatchRequest`.
    """
    _core.validate(_request_bytes(request))


def _with_previous(request: bytes, previous: Optional[ResponseLike]) -> bytes:
    """`request` with the placements of `previous` as its previous placements
    (appended in binary: protobuf merges repeated fields by concatenation)."""
    if previous is None:
        return request
    response = pb.MatchResponse.FromString(_message_bytes(previous, pb.MatchResponse, "previous"))
    extra = pb.MatchRequest()
    for p in response.placements:
        extra.previous_placements.add(candidate_id=p.candidate_id, opening_id=p.opening_id)
    return request + extra.SerializeToString()


def match(
    request: RequestLike, threads: int = 0, previous: Optional[ResponseLike] = None, taxonomy: Any = None
) -> pb.MatchResponse:
    """Matches a request: the optimal, explained assignment.

    Takes a `passerelle.v1.MatchRequest` or its serialized bytes and returns
    the `passerelle.v1.MatchResponse` whose serialization is byte for byte
    what `passerelle match --out response.pb` writes for the same request.
    The GIL is released while matching. `threads`: worker threads, 0 (the
    default) for one per core; the response does not depend on it.
    `previous`: last run's `MatchResponse` (or its bytes), as
    `passerelle match --previous`: its placements are kept unless a change
    forces a move or moving gains more than `policy.min_gain_to_move` per
    moved placement; the summary counts who was kept and who moved.
    `taxonomy`: a `passerelle.Taxonomy` or the path of a taxonomy CSV, as
    `passerelle match --taxonomy` (default: the built-in ROME).

    Raises:
        passerelle.ValidationError: an invalid request (every problem listed).
        ValueError: conflicting overrides (e.g. a pin on an infeasible pair),
            limits exceeded, or bytes that are not a `MatchRequest`.
    """
    request_bytes = _with_previous(_request_bytes(request), previous)
    return pb.MatchResponse.FromString(_core.match(request_bytes, _threads(threads), _core_taxonomy(taxonomy)))


class Matcher:
    """An incremental matching session, mirroring the C++ `passerelle::Matcher`.

    Keeps the scores and the last solution, so that a counsellor's change (a
    candidate or opening added or removed, a capacity, a pin, lock or ban)
    re-solves warm. `solve()` after changes returns an optimal response for
    the changed request: the objective of `passerelle.match(session.request)`.
    Among equally good assignments it may keep a different one, since it
    starts from the session's previous answer (so a re-run moves as few
    people as it can); the placement count may then differ too when a
    placement adds nothing to the objective.

    Methods taking ids raise `ValueError` for unknown ids; new records are
    validated (`ValidationError`). A session may be shared between threads:
    calls are serialised, and `solve()` releases the GIL.
    """

    def __init__(self, request: RequestLike, threads: int = 0, taxonomy: Any = None) -> None:
        """Starts a session on `request` (validated; raises `ValidationError`).
        `threads`: worker threads for its solves, 0 (the default) for one per
        core. `taxonomy`: as `match`."""
        self._session = _core.Matcher(_request_bytes(request), _threads(threads), _core_taxonomy(taxonomy))

    def solve(self) -> pb.MatchResponse:
        """Solves (warm after the first time) and returns the response."""
        return pb.MatchResponse.FromString(self._session.solve())

    @property
    def request(self) -> pb.MatchRequest:
        """The current request, with every change applied (a copy)."""
        return pb.MatchRequest.FromString(self._session.request())

    def add_candidate(self, candidate: Union[pb.Candidate, bytes]) -> None:
        """Adds a candidate (a `passerelle.v1.Candidate`); its id must be new."""
        self._session.add_candidate(_message_bytes(candidate, pb.Candidate, "candidate"))

    def remove_candidate(self, candidate_id: str) -> None:
        """Removes a candidate and any pin, lock or ban on it."""
        self._session.remove_candidate(candidate_id)

    def add_opening(self, opening: Union[pb.Opening, bytes]) -> None:
        """Adds an opening (a `passerelle.v1.Opening`); its `employer_id`, if
        any, must name an employer of the request."""
        self._session.add_opening(_message_bytes(opening, pb.Opening, "opening"))

    def remove_opening(self, opening_id: str) -> None:
        """Removes an opening and any pin, lock or ban on it."""
        self._session.remove_opening(opening_id)

    def set_capacity(self, opening_id: str, capacity: int) -> None:
        """Sets an opening's seats, in [0, 2^31)."""
        capacity = _count("capacity", capacity)
        if capacity >= 1 << 31:
            raise ValueError(f"capacity: must be < 2^31, got {capacity}")
        self._session.set_capacity(opening_id, capacity)

    def pin(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        """Forces the pair into the assignment (replaces any override on it)."""
        self._session.pin(candidate_id, opening_id, note)

    def lock(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        """Keeps an existing placement (like a pin, reported as locked)."""
        self._session.lock(candidate_id, opening_id, note)

    def ban(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        """Forbids the pair."""
        self._session.ban(candidate_id, opening_id, note)

    def clear_override(self, candidate_id: str, opening_id: str) -> None:
        """Removes any pin, lock or ban on the pair."""
        self._session.clear_override(candidate_id, opening_id)
