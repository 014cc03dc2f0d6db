"""Why a candidate fits an opening, or not (passerelle/scoring.h: DescribePair)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from passerelle import _core
from passerelle._matching import RequestLike, _request_bytes
from passerelle._taxonomy import _core_taxonomy
from passerelle.v1 import passerelle_pb2 as pb

#: Score components, in the order of `passerelle.v1.ScoreBreakdown`.
_COMPONENTS: Tuple[str, ...] = ("skills", "occupation", "french", "commute", "tension", "preferences")


@dataclass(frozen=True)
class Violation:
    """A hard constraint the pair violates.

    Attributes:
        code: the reason's snake_case name ("commute_too_long", ...), as in
            `passerelle.v1.ReasonCode` without its prefix, lower case.
        reason_code: its `passerelle.v1.ReasonCode` value.
        sentence: the clause a counsellor reads, in the request's language.
    """

    code: str
    reason_code: int
    sentence: str


@dataclass(frozen=True)
class PairExplanation:
    """Everything about one (candidate, opening) pair, feasible or not.

    Attributes:
        candidate_id, opening_id: the pair.
        feasible: no hard constraint violated.
        score: weighted score in [0, 1], computed for excluded pairs too.
        breakdown: each component's value in [0, 1], by name (`COMPONENTS`).
        weights: the policy's weights normalised to sum 1, by name: `score`
            is the sum of each component times its weight. With
            `policy.score_model`, the model's coefficients (log-odds).
        violations: the hard constraints violated, in code order.
        explanation: the sentence a counsellor can read to the candidate (for
            an excluded pair, why not).
        commute_minutes: one-way minutes by the fastest allowed mode;
            `math.inf` when no mode of the candidate reaches the site.
        commute_mode: that mode's name ("public_transport", ...), None when
            there is none.
        skills_acquired_abroad: the candidate's skills acquired abroad that
            the opening asks for.
        skill_gaps: required skills the candidate lacks.
        required_skills_covered, required_skills_total: required skills the
            candidate has, and how many the opening requires.
        text: the same, as the lines `passerelle explain` prints.
        proto: the `passerelle.v1.PairExplanation` message.
        lasting_probability: with `policy.score_model`, the probability of
            a lasting job (`score`); None otherwise.
    """

    candidate_id: str
    opening_id: str
    feasible: bool
    score: float
    breakdown: Dict[str, float]
    weights: Dict[str, float]
    violations: List[Violation]
    explanation: str
    commute_minutes: float
    commute_mode: Optional[str]
    skills_acquired_abroad: List[str]
    skill_gaps: List[str]
    required_skills_covered: int
    required_skills_total: int
    text: str = field(repr=False)
    proto: pb.PairExplanation = field(repr=False, compare=False)
    lasting_probability: Optional[float] = None

    def __str__(self) -> str:
        return self.text


def _enum_name(enum: object, value: int, prefix: str) -> str:
    return enum.Name(value)[len(prefix):].lower()  # type: ignore[attr-defined]


def explain(
    request: RequestLike, candidate_id: str, opening_id: str, language: Optional[str] = None, taxonomy: Any = None
) -> PairExplanation:
    """Describes one pair of a request: its components and their weights, the
    hard constraints it violates with their sentences, its score, commute and
    the counsellor's sentence. Reads the request alone (no matching); the
    same as `passerelle explain --in REQUEST --candidate ID --opening ID`.

    Args:
        request: a `passerelle.v1.MatchRequest` or its serialized bytes.
        candidate_id, opening_id: ids of records of the request.
        language: "fr" or "en"; None (the default) for the request's
            `policy.language`.

    Returns:
        A `PairExplanation`.

    Raises:
        ValueError: an id the request does not hold (the message names it),
            or a language other than "fr" and "en".
        passerelle.ValidationError: an invalid request.
    """
    raw, text = _core.explain(_request_bytes(request), candidate_id, opening_id, language or "", _core_taxonomy(taxonomy))
    p = pb.PairExplanation.FromString(raw)
    reached = p.HasField("commute_minutes")
    return PairExplanation(
        candidate_id=p.candidate_id,
        opening_id=p.opening_id,
        feasible=p.feasible,
        score=p.score,
        breakdown={name: getattr(p.breakdown, name) for name in _COMPONENTS},
        weights={name: getattr(p.weights, name) for name in _COMPONENTS},
        violations=[
            Violation(_enum_name(pb.ReasonCode, v.code, "REASON_CODE_"), v.code, v.detail) for v in p.violations
        ],
        explanation=p.explanation,
        commute_minutes=p.commute_minutes if reached else math.inf,
        commute_mode=_enum_name(pb.TransportMode, p.commute_mode, "TRANSPORT_MODE_") if reached else None,
        skills_acquired_abroad=list(p.skills_acquired_abroad),
        skill_gaps=list(p.skill_gaps),
        required_skills_covered=p.required_skills_covered,
        required_skills_total=p.required_skills_total,
        text=text,
        proto=p,
        lasting_probability=p.lasting_probability if p.HasField("lasting_probability") else None,
    )
