"""Requests and responses as pandas DataFrames."""
from __future__ import annotations

from typing import Any, Dict, Optional

from passerelle._scoring import COMPONENTS
from passerelle.v1 import passerelle_pb2 as pb


def _labels(enum: Any, prefix: str) -> Dict[int, str]:
    """Value -> short lower-case label: OPENING_KIND_JOB -> "job"."""
    return {v.number: v.name[len(prefix):].lower() for v in enum.DESCRIPTOR.values}


_CEFR = {v.number: v.name[len("CEFR_LEVEL_"):].replace("NONE", "none") for v in pb.CefrLevel.DESCRIPTOR.values}
_CEFR[pb.CEFR_LEVEL_UNSPECIFIED] = ""
_KIND = _labels(pb.OpeningKind, "OPENING_KIND_")
_MODE = _labels(pb.TransportMode, "TRANSPORT_MODE_")
_RIGHT = _labels(pb.RightToWork, "RIGHT_TO_WORK_")
_GENDER = _labels(pb.Gender, "GENDER_")
_CONTRACT = _labels(pb.ContractType, "CONTRACT_TYPE_")
_TRANSIT = _labels(pb.TransitAccess, "TRANSIT_ACCESS_")
_REASON = _labels(pb.ReasonCode, "REASON_CODE_")
_CHILDCARE = _labels(pb.ChildcareConstraint, "CHILDCARE_CONSTRAINT_")
_HOUSING = _labels(pb.HousingSituation, "HOUSING_SITUATION_")
_BREAKDOWN = COMPONENTS

# Column order, fixed so that empty frames have the same columns.
_CANDIDATE_COLUMNS = [
    "id", "latitude", "longitude", "french_level", "right_to_work", "age", "gender",
    "country_of_origin", "departement", "max_commute_minutes", "transport_modes",
    "driving_licence", "has_vehicle", "home_transit_access", "childcare", "housing",
    "num_skills", "num_skills_acquired_abroad", "target_occupations", "past_occupations",
    "preferred_sectors", "available_from", "priority", "placements_needed",
]
_OPENING_COLUMNS = [
    "id", "employer_id", "kind", "occupation", "title", "latitude", "longitude", "departement",
    "capacity", "min_french_level", "provides_french_training", "provides_skill_training",
    "requires_driving_licence", "contract_type", "duration_months", "tension", "start_date",
    "num_required_skills", "early_shift", "night_shift", "weekend_shift", "site_transit_access",
]
_PLACEMENT_COLUMNS = [
    "candidate_id", "opening_id", "score", *_BREAKDOWN, "commute_minutes", "commute_mode",
    "pinned", "num_skill_gaps", "skills_acquired_abroad", "explanation",
]
_SHORTLIST_COLUMNS = ["for", "owner_id", "rank", "id", "score", *_BREAKDOWN, "explanation"]
_UNPLACED_COLUMNS = [
    "candidate_id", "reason", "detail", "count", "opening_ids", "num_reasons", "all_reasons",
]


def _candidates(request: pb.MatchRequest) -> Any:
    import pandas as pd

    rows = []
    for c in request.candidates:
        m, b, s = c.mobility, c.barriers, c.subgroup
        rows.append(
            {
                "id": c.id,
                "latitude": c.home.latitude,
                "longitude": c.home.longitude,
                "french_level": _CEFR.get(c.french_level, ""),
                "right_to_work": _RIGHT.get(c.right_to_work, ""),
                "age": c.age,
                "gender": _GENDER.get(s.gender, ""),
                "country_of_origin": s.country_of_origin,
                "departement": s.departement,
                "max_commute_minutes": m.max_commute_minutes,
                "transport_modes": ",".join(_MODE.get(x, "") for x in m.transport_modes),
                "driving_licence": m.driving_licence,
                "has_vehicle": m.has_vehicle,
                "home_transit_access": _TRANSIT.get(m.home_transit_access, ""),
                "childcare": _CHILDCARE.get(b.childcare, ""),
                "housing": _HOUSING.get(b.housing, ""),
                "num_skills": len(c.skills),
                "num_skills_acquired_abroad": sum(k.acquired_abroad for k in c.skills),
                "target_occupations": ",".join(c.target_occupations),
                "past_occupations": ",".join(c.past_occupations),
                "preferred_sectors": ",".join(c.preferred_sectors),
                "available_from": c.available_from,
                "priority": c.priority,
                "placements_needed": c.placements_needed,
            }
        )
    return pd.DataFrame(rows, columns=_CANDIDATE_COLUMNS)


def _openings(request: pb.MatchRequest) -> Any:
    import pandas as pd

    rows = []
    for o in request.openings:
        rows.append(
            {
                "id": o.id,
                "employer_id": o.employer_id,
                "kind": _KIND.get(o.kind, ""),
                "occupation": o.occupation,
                "title": o.title,
                "latitude": o.location.latitude,
                "longitude": o.location.longitude,
                "departement": o.departement,
                "capacity": o.capacity,
                "min_french_level": _CEFR.get(o.min_french_level, ""),
                "provides_french_training": o.provides_french_training,
                "provides_skill_training": o.provides_skill_training,
                "requires_driving_licence": o.requires_driving_licence,
                "contract_type": _CONTRACT.get(o.contract_type, ""),
                "duration_months": o.duration_months,
                "tension": o.tension,
                "start_date": o.start_date,
                "num_required_skills": len(o.required_skills),
                "early_shift": o.schedule.early_shift,
                "night_shift": o.schedule.night_shift,
                "weekend_shift": o.schedule.weekend_shift,
                "site_transit_access": _TRANSIT.get(o.site_transit_access, ""),
            }
        )
    return pd.DataFrame(rows, columns=_OPENING_COLUMNS)


def _placements(response: pb.MatchResponse) -> Any:
    import pandas as pd

    rows = []
    for p in response.placements:
        row = {"candidate_id": p.candidate_id, "opening_id": p.opening_id, "score": p.score}
        for name in _BREAKDOWN:
            row[name] = getattr(p.breakdown, name)
        row.update(
            {
                "commute_minutes": p.commute_minutes,
                "commute_mode": _MODE.get(p.commute_mode, ""),
                "pinned": p.pinned,
                "num_skill_gaps": len(p.skill_gaps),
                "skills_acquired_abroad": ",".join(p.skills_acquired_abroad),
                "explanation": p.explanation,
            }
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=_PLACEMENT_COLUMNS)


def _unplaced(response: pb.MatchResponse) -> Any:
    import pandas as pd

    rows = []
    for u in response.unplaced:
        first = u.reasons[0] if u.reasons else pb.Reason()
        rows.append(
            {
                "candidate_id": u.candidate_id,
                "reason": _REASON.get(first.code, ""),
                "detail": first.detail,
                "count": first.count,
                "opening_ids": ",".join(first.opening_ids),
                "num_reasons": len(u.reasons),
                "all_reasons": ",".join(_REASON.get(r.code, "") for r in u.reasons),
            }
        )
    return pd.DataFrame(rows, columns=_UNPLACED_COLUMNS)


def _shortlists(response: pb.MatchResponse) -> Any:
    import pandas as pd

    rows = []
    for shortlist in response.shortlists:
        side = shortlist.WhichOneof("subject") or ""
        owner = getattr(shortlist, side) if side else ""
        for entry in shortlist.entries:
            row = {"for": side.replace("_id", ""), "owner_id": owner, "rank": entry.rank, "id": entry.id,
                   "score": entry.score}
            for name in _BREAKDOWN:
                row[name] = getattr(entry.breakdown, name)
            row["explanation"] = entry.explanation
            rows.append(row)
    return pd.DataFrame(rows, columns=_SHORTLIST_COLUMNS)


def _opening_fills(response: pb.MatchResponse) -> Any:
    import pandas as pd

    rows = [
        {"opening_id": f.opening_id, "capacity": f.capacity, "filled": f.filled}
        for f in response.opening_fills
    ]
    return pd.DataFrame(rows, columns=["opening_id", "capacity", "filled"])


def _prefixed(frame: Any, prefix: str) -> Any:
    return frame.rename(columns={c: f"{prefix}_{c}" for c in frame.columns})


def to_frames(request_or_response: Any, response: Optional[Any] = None) -> Dict[str, Any]:
    """Flattens passerelle.v1 messages into pandas DataFrames.

    - `to_frames(request)`: `candidates` and `openings`, one row per record
      (enum values as short lower-case labels: kind "job", french_level "A2").
    - `to_frames(response)`: `placements` (one row per placement, with the
      score breakdown as columns skills ... preferences), `unplaced` (one row
      per unplaced candidate: first reason code and its detail, and all
      reason codes), `opening_fills`, and `shortlists` (one row per entry:
      `for` "candidate" or "opening", `owner_id`, `rank`, the other side's
      `id`, score and breakdown; empty unless `policy.shortlist_size` > 0).
    - `to_frames(request, response)` (either order): all of them, with `placements` joined to
      the candidate's and the opening's columns (prefixed `candidate_` and
      `opening_`), `unplaced` joined to the candidate's, and `opening_fills`
      to the opening's.

    Requires pandas.
    """
    request: Optional[pb.MatchRequest] = None
    answer: Optional[pb.MatchResponse] = None
    for message in (request_or_response, response):
        if isinstance(message, pb.MatchRequest) and request is None:
            request = message
        elif isinstance(message, pb.MatchResponse) and answer is None:
            answer = message
        elif message is not None or message is request_or_response:
            raise TypeError(
                "to_frames: expected a passerelle.v1.MatchRequest, a MatchResponse, or one "
                f"of each, got {type(message).__name__}"
            )
    response = answer

    frames: Dict[str, Any] = {}
    if request is not None:
        frames["candidates"] = _candidates(request)
        frames["openings"] = _openings(request)
    if response is not None:
        frames["placements"] = _placements(response)
        frames["unplaced"] = _unplaced(response)
        frames["opening_fills"] = _opening_fills(response)
        frames["shortlists"] = _shortlists(response)
    if request is not None and response is not None:
        candidates = _prefixed(frames["candidates"], "candidate")
        openings = _prefixed(frames["openings"], "opening")
        frames["placements"] = frames["placements"].merge(
            candidates, on="candidate_id", how="left", validate="many_to_one"
        ).merge(openings, on="opening_id", how="left", validate="many_to_one")
        frames["unplaced"] = frames["unplaced"].merge(
            candidates, on="candidate_id", how="left", validate="many_to_one"
        )
        frames["opening_fills"] = frames["opening_fills"].merge(
            openings.drop(columns="opening_capacity"), on="opening_id", how="left", validate="one_to_one"
        )
    return frames
