"""`passerelle.score` (ScoreRequest) against an independent oracle.

The oracle below is the scoring model of docs/scoring.md written again, in
plain Python, from the request's proto fields and the taxonomy's CSV: it
shares no code with the library (not its preparation, its taxonomy graph, its
constants or its formulas), and it works on great-circle distances where the
library works on chords. A change of a formula, a constant or a weight in the
library, or of a proto default, makes it disagree.

On a generated request with non-default weights, detour and half-life, every
component, the score and the commute time of a sample of kept pairs must
agree to float precision, and each sampled candidate's count of feasible
openings must equal the oracle's.
"""
import csv
import math
from collections import deque
from pathlib import Path

import numpy as np
import pytest

import passerelle
from passerelle.v1 import passerelle_pb2 as pb

TAXONOMY_CSV = Path(__file__).resolve().parents[2] / "data" / "taxonomy" / "rome_builtin.csv"

# docs/scoring.md, section 2: speeds in km/h, access minutes, the car's
# speed bands (road km from, km/h), the town floor.
EARTH_RADIUS_KM = 6371.0088
WALK, BICYCLE, MOPED = 4.5, 14.0, 30.0
TRANSIT_CITY, TRANSIT_DAYTIME = 20.0, 14.0
BICYCLE_ACCESS, TRANSIT_ACCESS, CAR_ACCESS, MOPED_ACCESS, CARPOOL_ACCESS = 2.0, 10.0, 5.0, 3.0, 15.0
CAR_BANDS = [(0.0, 24.0), (1.5, 65.0), (25.0, 90.0)]


def car_driving_minutes(road_km):
    """Minutes at each band's speed over the part of `road_km` in the band."""
    minutes = 0.0
    for i, (start, kmh) in enumerate(CAR_BANDS):
        end = CAR_BANDS[i + 1][0] if i + 1 < len(CAR_BANDS) else math.inf
        minutes += 60 * max(0.0, min(road_km, end) - start) / kmh
    return minutes
# Section 3.
PAST_OCCUPATION_WEIGHT = 0.8
NEUTRAL = 0.5
# Least proximity to the project (policy.h `project_min_proximity`).
PROJECT_MIN_PROXIMITY = 0.45
TRAINED_GAP_CREDIT = 0.5
OPTIONAL_BONUS = 0.25
FRENCH_PENALTY, FRENCH_PENALTY_TRAINED = 0.35, 0.20
COURSE_FIT = [1.0, 0.9, 0.7, 0.4, 0.2, 0.1, 0.1]  # by level: none, A1 ... C2
# Section 4: proximity by hops in the graph, and by code prefix.
HOP_PROXIMITY = {0: 1.0, 1: 0.70, 2: 0.45, 3: 0.25}
SAME_SUBDOMAIN, SAME_DOMAIN = 0.25, 0.10
# include/passerelle/policy.h: weights when the request gives none.
DEFAULT_WEIGHTS = (0.30, 0.25, 0.15, 0.15, 0.10, 0.05)

COMPONENTS = passerelle.COMPONENTS
EMPLOYMENT = {pb.OPENING_KIND_JOB, pb.OPENING_KIND_APPRENTICESHIP, pb.OPENING_KIND_INTERNSHIP}


def rome_shaped(code):
    return len(code) == 5 and "A" <= code[0] <= "N" and code[1:].isdigit()


class Taxonomy:
    """The CSV's occupations: tension, and hops between them (at most 3)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(line for line in f if line.strip() and not line.startswith("#")))
        self.tension = {row["code"]: float(row["tension"]) if row["tension"] else 0.0 for row in rows}
        self.edges = {row["code"]: set() for row in rows}
        for row in rows:
            for other in filter(None, row["neighbours"].split(";")):
                self.edges[row["code"]].add(other)
                self.edges[other].add(row["code"])
        self._hops = {}

    def hops(self, a):
        """Hops from `a` to each occupation within 3 (breadth-first)."""
        if a not in self._hops:
            seen = {a: 0}
            queue = deque([a])
            while queue:
                x = queue.popleft()
                if seen[x] < 3:
                    for y in self.edges[x]:
                        if y not in seen:
                            seen[y] = seen[x] + 1
                            queue.append(y)
            self._hops[a] = seen
        return self._hops[a]

    def proximity(self, a, b):
        graph = 0.0
        if a in self.edges and b in self.edges and b in self.hops(a):
            graph = HOP_PROXIMITY[self.hops(a)[b]]
        prefix = 0.0
        if a == b:
            prefix = 1.0
        elif rome_shaped(a) and rome_shaped(b):
            prefix = SAME_SUBDOMAIN if a[:3] == b[:3] else SAME_DOMAIN if a[0] == b[0] else 0.0
        return max(graph, prefix)


def level(cefr):
    """CEFR enum to 0 (none) ... 6 (C2); unspecified reads as none."""
    return max(0, cefr - pb.CEFR_LEVEL_NONE)


def km(a, b):
    """Great-circle km (haversine)."""
    la, lb = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lb - la, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Oracle:
    def __init__(self, request, taxonomy):
        self.request = request
        self.taxonomy = taxonomy
        policy = request.policy
        w = policy.weights
        weights = (w.skills, w.occupation, w.french, w.commute, w.tension, w.preferences)
        if not any(weights):
            weights = DEFAULT_WEIGHTS
        self.weights = [x / sum(weights) for x in weights]
        self.detour = policy.detour_factor or 1.3
        self.town_floor = (policy.town_distance_floor_km
                           if policy.HasField("town_distance_floor_km") else 1.5)
        self.half_life = policy.commute_half_life_minutes or 30.0
        self.default_max_commute = policy.default_max_commute_minutes or 60

    # ---- Components ---------------------------------------------------------

    def skills(self, c, o):
        best = {}
        for s in c.skills:
            best[s.code] = max(best.get(s.code, 0.0), s.level or 1.0)

        def covered(requirements, trained):
            total = sum(q.weight or 1.0 for q in requirements)
            value = 0.0
            for q in requirements:
                have = best.get(q.code, 0.0)
                if trained:
                    have += TRAINED_GAP_CREDIT * (1 - have)
                value += (q.weight or 1.0) / total * have
            return value

        teaches = o.kind in (pb.OPENING_KIND_QUALIFYING_TRAINING, pb.OPENING_KIND_APPRENTICESHIP)
        optional = covered(o.optional_skills, False)
        if teaches and o.occupation and o.occupation in c.past_occupations:
            return min(1.0, OPTIONAL_BONUS * optional)  # practised: holds what it teaches
        if not o.required_skills:
            return NEUTRAL + OPTIONAL_BONUS * optional * (1 - NEUTRAL)
        required = covered(o.required_skills, o.provides_skill_training and not teaches)
        if teaches:
            required = max(0.0, 1.0 - required)  # what the training teaches, still to learn
        return min(1.0, required + OPTIONAL_BONUS * optional * (1 - required))

    def occupation(self, c, o):
        codes = [(code, 1.0) for code in c.target_occupations]
        codes += [(code, PAST_OCCUPATION_WEIGHT) for code in c.past_occupations]
        if not o.occupation or not codes:
            return NEUTRAL
        fit = max(weight * self.taxonomy.proximity(code, o.occupation) for code, weight in codes)
        return max(fit, NEUTRAL) if o.kind == pb.OPENING_KIND_FRENCH_COURSE else fit

    def french(self, c, o):
        have, need = level(c.french_level), level(o.min_french_level)
        if o.kind == pb.OPENING_KIND_FRENCH_COURSE:
            return COURSE_FIT[have]
        if have >= need:
            return 1.0
        penalty = FRENCH_PENALTY_TRAINED if o.provides_french_training else FRENCH_PENALTY
        return max(0.0, 1 - penalty * (need - have))

    def commute_minutes(self, c, o):
        """Fastest allowed mode's minutes; None when no mode may be used."""
        m = c.mobility
        modes = set(m.transport_modes) or {pb.TRANSPORT_MODE_WALK, pb.TRANSPORT_MODE_PUBLIC_TRANSPORT}
        modes.discard(pb.TRANSPORT_MODE_CAR)
        if (m.driving_licence and m.has_vehicle) or not self.request.policy.constraints.vehicle:
            modes.add(pb.TRANSPORT_MODE_CAR)
        home = m.home_transit_access or pb.TRANSIT_ACCESS_DAYTIME
        site = o.site_transit_access or pb.TRANSIT_ACCESS_DAYTIME
        both_full = home == pb.TRANSIT_ACCESS_FULL and site == pb.TRANSIT_ACCESS_FULL
        transit = (home != pb.TRANSIT_ACCESS_NONE and site != pb.TRANSIT_ACCESS_NONE
                   and (not (o.schedule.early_shift or o.schedule.night_shift) or both_full))
        great_circle = km(c.home, o.location)
        town = pb.GEO_PRECISION_TOWN
        if c.home.precision == town and o.location.precision == town:
            great_circle = max(great_circle, self.town_floor)
        road_km = great_circle * self.detour
        minutes = {
            pb.TRANSPORT_MODE_WALK: 60 * road_km / WALK,
            pb.TRANSPORT_MODE_BICYCLE: BICYCLE_ACCESS + 60 * road_km / BICYCLE,
            pb.TRANSPORT_MODE_CAR: CAR_ACCESS + car_driving_minutes(road_km),
            pb.TRANSPORT_MODE_MOPED: MOPED_ACCESS + 60 * road_km / MOPED,
            pb.TRANSPORT_MODE_CARPOOL: CARPOOL_ACCESS + car_driving_minutes(road_km),
        }
        if transit:
            minutes[pb.TRANSPORT_MODE_PUBLIC_TRANSPORT] = TRANSIT_ACCESS + 60 * road_km / (
                TRANSIT_CITY if both_full else TRANSIT_DAYTIME)
        allowed = [minutes[mode] for mode in modes if mode in minutes]
        return min(allowed) if allowed else None

    def commute(self, c, o):
        minutes = self.commute_minutes(c, o)
        return 0.0 if minutes is None else 2 ** (-minutes / self.half_life)

    def tension(self, c, o):
        return o.tension if o.tension > 0 else self.taxonomy.tension.get(o.occupation, 0.0)

    def preferences(self, c, o):
        credits = []
        if c.preferred_sectors:
            sector = o.occupation[0] if rome_shaped(o.occupation) else None
            credits.append(NEUTRAL if sector is None else float(sector in c.preferred_sectors))
        contracts = set(c.preferred_contract_types) - {pb.CONTRACT_TYPE_UNSPECIFIED}
        if contracts:
            unspecified = o.contract_type == pb.CONTRACT_TYPE_UNSPECIFIED
            credits.append(NEUTRAL if unspecified else float(o.contract_type in contracts))
        if c.barriers.psychological_fragility:
            credits.append(1.0 if o.kind == pb.OPENING_KIND_WORKPLACE_TRIAL else 0.5)
        if c.barriers.housing in (pb.HOUSING_SITUATION_TEMPORARY, pb.HOUSING_SITUATION_NONE):
            credits.append(1.0 if 1 <= o.duration_months <= 6 else 0.5)
        return sum(credits) / len(credits) if credits else NEUTRAL

    def components(self, c, o):
        return {name: getattr(self, name)(c, o) for name in COMPONENTS}

    def score(self, components):
        return sum(w * components[name] for w, name in zip(self.weights, COMPONENTS))

    # ---- Hard constraints (docs/scoring.md, section 1; all switched on) -----

    def feasible(self, c, o):
        policy = self.request.policy
        if c.right_to_work == pb.RIGHT_TO_WORK_NONE and (
                o.kind in EMPLOYMENT or o.kind == pb.OPENING_KIND_WORKPLACE_TRIAL):
            return False
        if o.requires_driving_licence and not c.mobility.driving_licence:
            return False
        shifts = o.schedule.early_shift or o.schedule.night_shift or o.schedule.weekend_shift
        if c.barriers.childcare == pb.CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY and shifts:
            return False
        if set(c.barriers.health_restrictions) & set(o.physical_demands):
            return False
        need = level(o.min_french_level)
        gap = policy.max_french_gap + (1 if o.provides_french_training else 0)
        if need > 0 and level(c.french_level) < need - gap:
            return False
        start = o.start_date
        if policy.reference_date:
            start = max(start, policy.reference_date) if start else policy.reference_date
        if c.available_from and start and c.available_from > start:  # YYYY-MM-DD
            return False
        if (policy.job_track_min_french_level and o.kind in EMPLOYMENT
                and level(c.french_level) < level(policy.job_track_min_french_level)):
            return False
        minutes = self.commute_minutes(c, o)
        max_minutes = c.mobility.max_commute_minutes or self.default_max_commute
        return minutes is not None and minutes <= max_minutes and self.within_project(c, o)

    def within_project(self, c, o):
        """The project rule: an opening's occupation close enough to one of the
        candidate's target or past occupations (undiscounted)."""
        policy = self.request.policy
        rule_on = not policy.constraints.HasField("project") or policy.constraints.project
        codes = list(c.target_occupations) + list(c.past_occupations)
        if (not rule_on or c.open_to_other_trades or not codes or not o.occupation
                or o.kind == pb.OPENING_KIND_FRENCH_COURSE):
            return True
        threshold = (policy.project_min_proximity if policy.HasField("project_min_proximity")
                     else PROJECT_MIN_PROXIMITY)
        return max(self.taxonomy.proximity(code, o.occupation) for code in codes) >= threshold


@pytest.fixture(scope="module")
def request_and_oracle():
    request = passerelle.generate(region="occitanie", candidates=500, openings=700, seed=23)
    policy = request.policy
    # Weights, detour, half-life and French gap all unlike the defaults, so
    # that a weight read in the wrong place or a default used instead of the
    # request's value shows.
    for name, value in zip(COMPONENTS, (0.23, 0.19, 0.13, 0.21, 0.11, 0.13)):
        setattr(policy.weights, name, value)
    policy.detour_factor = 1.42
    policy.commute_half_life_minutes = 24.0
    # A third of the points at town level, with a floor wide enough that many
    # pairs of them are floored.
    policy.town_distance_floor_km = 6.0
    for i, c in enumerate(request.candidates):
        if i % 3 == 0:
            c.home.precision = pb.GEO_PRECISION_TOWN
    for j, o in enumerate(request.openings):
        if j % 3 == 1:
            o.location.precision = pb.GEO_PRECISION_TOWN
    policy.max_french_gap = 1
    # A project threshold unlike the default (three hops and the subdomain, not
    # two hops), and some candidates open to other trades: both sides show.
    policy.project_min_proximity = 0.25
    for c in request.candidates[::7]:
        c.open_to_other_trades = True
    return request, Oracle(request, Taxonomy(TAXONOMY_CSV))


def kept_pairs(result):
    """Candidate row and opening column of every kept pair, in entry order."""
    scores = result.scores
    rows = np.repeat(np.arange(len(result.candidate_ids)), np.diff(scores.indptr))
    return rows, np.asarray(scores.indices)


def test_components_and_scores_match_the_oracle(request_and_oracle):
    request, oracle = request_and_oracle
    result = passerelle.score(request)
    rows, columns = kept_pairs(result)
    assert rows.size > 5000
    sample = np.random.default_rng(5).choice(rows.size, size=600, replace=False)
    # Each kind of opening and the formulas' branches are in the sample.
    kinds = {request.openings[columns[e]].kind for e in sample}
    assert kinds == set(range(1, 7))
    mismatches = []
    branches = {"trained gap": 0, "teaches": 0, "optional bonus": 0, "French penalty": 0, "town floor": 0}
    for e in sample:
        c, o = request.candidates[rows[e]], request.openings[columns[e]]
        assert oracle.feasible(c, o), (c.id, o.id)
        want = oracle.components(c, o)
        want["score"] = oracle.score(want)
        want["commute_minutes"] = oracle.commute_minutes(c, o)
        got = {name: float(result.components[name].data[e]) for name in COMPONENTS}
        got["score"] = float(result.scores.data[e])
        got["commute_minutes"] = float(result.commute_minutes.data[e])
        for name, value in want.items():
            tolerance = 1e-4 if name == "commute_minutes" else 1e-6
            if not abs(got[name] - value) <= tolerance * max(1.0, abs(value)):
                mismatches.append(f"{c.id} -> {o.id} {name}: {got[name]!r}, oracle {value!r}")
        teaches = o.kind in (pb.OPENING_KIND_QUALIFYING_TRAINING, pb.OPENING_KIND_APPRENTICESHIP)
        branches["trained gap"] += bool(o.provides_skill_training and o.required_skills and not teaches)
        branches["teaches"] += bool(teaches and o.required_skills and want["skills"] < 1)
        branches["optional bonus"] += bool(o.optional_skills and want["skills"] < 1)
        branches["French penalty"] += bool(0 < want["french"] < 1)
        branches["town floor"] += bool(
            c.home.precision == o.location.precision == pb.GEO_PRECISION_TOWN
            and km(c.home, o.location) < oracle.town_floor)
    assert not mismatches, f"{len(mismatches)} mismatches, first: " + "; ".join(mismatches[:8])
    assert min(branches.values()) > 0, branches


def test_feasible_counts_match_the_oracle(request_and_oracle):
    request, oracle = request_and_oracle
    result = passerelle.score(request)
    for i in range(0, len(request.candidates), 10):
        c = request.candidates[i]
        want = sum(oracle.feasible(c, o) for o in request.openings)
        assert result.feasible[i] == want, c.id
    assert result.feasible.sum() > 0
