"""passerelle: explainable, optimal matching of newly arrived job seekers to
openings (jobs, apprenticeships, internships, trainings, French courses).

The Python package drives the C++ engine (`passerelle._core`) and speaks the
`passerelle.v1` protobuf messages (`passerelle.v1.MatchRequest`, ...), so what
it returns can be sent to any other passerelle.v1 service::

    import passerelle

    request = passerelle.generate(region="occitanie", candidates=600, openings=120, seed=1)
    passerelle.validate(request)                 # ValueError listing every problem
    response = passerelle.match(request)         # passerelle.v1.MatchResponse
    frames = passerelle.to_frames(request, response)
    frames["placements"].groupby("opening_kind").score.mean()

    scores = passerelle.score(request)           # scipy.sparse CSR, candidates x openings
    why = passerelle.explain(request, "c-000001", "o-000007")  # components, violations, sentence
    passerelle.export(request, response, "report.html")  # .csv, .xlsx or .html for counsellors
    session = passerelle.Matcher(request)        # incremental re-solves
    session.ban("c-000001", "o-000007"); session.solve()

    passerelle.min_cost_flow(tails, heads, capacities, costs, supplies)  # numpy arrays

    passerelle.find_occupations("soudeur")[0].code  # 'H2913': ROME sheets by job title
    passerelle.sweep(request, {"default_max_commute_minutes": [30, 45, 60]})  # DataFrame,
                                                 # local processes or client=distributed.Client
    passerelle.match(request, taxonomy="my_taxonomy.csv")  # or a passerelle.Taxonomy
    request = passerelle.read_spreadsheet(candidates="people.xlsx", openings="openings.csv")

    past = passerelle.history(placements=20000)  # passerelle.v1.History, known truth
    model = passerelle.fit(past)                 # passerelle.v1.ScoreModel (AUC, calibration...)
    request.policy.score_model.CopyFrom(model)   # match on the probability of a lasting job
    passerelle.Client("127.0.0.1:50051").match(request)  # `passerelle serve` over gRPC

Long calls release the GIL. Bad input raises `ValueError` (for a whole
request, `passerelle.ValidationError`, which also lists `problems`), with the
same field paths as the command-line tool.
"""
try:
    from passerelle import _core  # noqa: F401  (fail here with a set-up hint)
except ImportError as error:  # pragma: no cover - depends on the set-up
    raise ImportError(
        "passerelle: the compiled extension passerelle._core is missing or broken "
        f"({error}). Build the project (scripts/build) and put build/python on "
        "PYTHONPATH, e.g. PYTHONPATH=build/python /usr/bin/python3"
    ) from error

from passerelle import v1
from passerelle._core import INFINITE_CAPACITY, ValidationError
from passerelle._flow import FlowResult, min_cost_flow
from passerelle._client import Client, RemoteSession
from passerelle._explain import PairExplanation, Violation, explain
from passerelle._frames import to_frames
from passerelle._matching import Matcher, available_regions, generate, match, validate
from passerelle._report import export
from passerelle._outcomes import fit, history
from passerelle._scoring import COMPONENTS, CsrArrays, ScoreResult, score
from passerelle._spreadsheet import SpreadsheetWarning, read_spreadsheet
from passerelle._sweep import sweep
from passerelle._taxonomy import (
    OccupationMatch,
    OccupationSearch,
    OccupationSuggestion,
    Taxonomy,
    find_occupations,
)

__version__ = "0.1.0"

__all__ = [
    "Client",
    "RemoteSession",
    "COMPONENTS",
    "CsrArrays",
    "FlowResult",
    "INFINITE_CAPACITY",
    "Matcher",
    "OccupationMatch",
    "OccupationSearch",
    "OccupationSuggestion",
    "PairExplanation",
    "ScoreResult",
    "SpreadsheetWarning",
    "Taxonomy",
    "ValidationError",
    "Violation",
    "available_regions",
    "explain",
    "export",
    "find_occupations",
    "fit",
    "generate",
    "history",
    "match",
    "min_cost_flow",
    "read_spreadsheet",
    "score",
    "sweep",
    "to_frames",
    "v1",
    "validate",
]
