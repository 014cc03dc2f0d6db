"""Scoring a request into a sparse matrix (passerelle/scoring.h)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, NamedTuple, Tuple

import numpy as np
from numpy.typing import NDArray

from passerelle import _core
from passerelle._matching import RequestLike, _request_bytes, _threads
from passerelle._taxonomy import _core_taxonomy
from passerelle.v1 import passerelle_pb2 as pb

try:
    import scipy.sparse as _sparse
except ImportError:  # pragma: no cover - scipy is optional
    _sparse = None

#: Score components, in the order of `passerelle.v1.ScoreBreakdown`.
COMPONENTS: Tuple[str, ...] = ("skills", "occupation", "french", "commute", "tension", "preferences")


class CsrArrays(NamedTuple):
    """A CSR matrix as plain numpy arrays, used when scipy is not installed:
    row `i`'s entries are `data[indptr[i]:indptr[i + 1]]` in columns
    `indices[indptr[i]:indptr[i + 1]]`."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    data: NDArray[Any]
    shape: Tuple[int, int]


@dataclass(frozen=True)
class ScoreResult:
    """Scores of every feasible, kept (candidate, opening) pair.

    Matrices are candidates x openings, in request order, CSR with sorted
    column indices: `scipy.sparse.csr_matrix` when scipy is installed,
    `CsrArrays` otherwise. A stored entry is a feasible pair kept for the
    network (at most `policy.max_pairs_per_candidate` per candidate, the best
    ones); a missing entry is a pair out of reach, excluded by a hard
    constraint, or cut. Values are float32.

    Attributes:
        scores: the weighted score in [0, 1].
        components: one matrix per score component (`COMPONENTS`), same
            sparsity as `scores`.
        commute_minutes: estimated one-way commute of each kept pair.
        candidate_ids, opening_ids: the ids of the rows and columns.
        examined: per candidate, openings examined (inside the search circle).
        feasible: per candidate, feasible openings before truncation.
        excluded: per candidate, openings excluded by each pair-level reason:
            shape (candidates, 19), column `k` for `passerelle.v1.ReasonCode`
            value `k`: 1 no_right_to_work ... 9 french_routing, and 18
            out_of_project (pairs meeting every other constraint, outside the
            candidate's project); the other columns are the matcher's
            reasons and stay 0.
        nothing_in_reach: per candidate, no opening within their commute.
        pairs_examined, pairs_feasible: totals.
    """

    scores: Any
    components: Dict[str, Any]
    commute_minutes: Any
    candidate_ids: List[str]
    opening_ids: List[str]
    examined: NDArray[np.int32]
    feasible: NDArray[np.int32]
    excluded: NDArray[np.int32]
    nothing_in_reach: NDArray[np.bool_]
    pairs_examined: int
    pairs_feasible: int

    @property
    def shape(self) -> Tuple[int, int]:
        """(candidates, openings)."""
        return (len(self.candidate_ids), len(self.opening_ids))

    def pairs(self) -> Any:
        """The kept pairs as a pandas DataFrame, one row per pair: candidate_id,
        opening_id, score, the components and commute_minutes; by candidate,
        best score first."""
        import pandas as pd

        scores = _as_csr_arrays(self.scores)
        rows = np.repeat(np.arange(len(self.candidate_ids)), np.diff(scores.indptr))
        frame = pd.DataFrame(
            {
                "candidate_id": np.asarray(self.candidate_ids, dtype=object)[rows],
                "opening_id": np.asarray(self.opening_ids, dtype=object)[scores.indices],
                "score": scores.data,
            }
        )
        for name in COMPONENTS:
            frame[name] = _as_csr_arrays(self.components[name]).data
        frame["commute_minutes"] = _as_csr_arrays(self.commute_minutes).data
        frame["_row"] = rows
        frame = frame.sort_values(["_row", "score"], ascending=[True, False], kind="stable")
        return frame.drop(columns="_row").reset_index(drop=True)

    def exclusions(self) -> Any:
        """Per-candidate exclusion counts as a pandas DataFrame indexed by
        candidate id, one column per reason name ("commute_too_long", ...)."""
        import pandas as pd

        columns = {_core.reason_code_name(k): self.excluded[:, k] for k in _PAIR_LEVEL_CODES}
        return pd.DataFrame(columns, index=pd.Index(self.candidate_ids, name="candidate_id"))


# The `ReasonCode` values scoring counts per candidate (see `ScoreResult.excluded`).
_PAIR_LEVEL_CODES = (*range(1, 10), 18)


def _as_csr_arrays(matrix: Any) -> CsrArrays:
    if isinstance(matrix, CsrArrays):
        return matrix
    return CsrArrays(matrix.indptr, matrix.indices, matrix.data, matrix.shape)


def _matrix(indptr: NDArray[np.int64], indices: NDArray[np.int32], data: NDArray[Any], shape: Tuple[int, int]) -> Any:
    if _sparse is None:
        return CsrArrays(indptr, indices, data, shape)
    matrix = _sparse.csr_matrix((data, indices, indptr), shape=shape, copy=False)
    matrix.has_sorted_indices = True  # sorted below, once for all matrices
    return matrix


def score(request: RequestLike, threads: int = 0, taxonomy: Any = None) -> ScoreResult:
    """Scores every reachable pair of a request, as matching does.

    Hard constraints remove pairs; the others get six components in [0, 1]
    and their weighted mean (weights from `request.policy.weights`). See
    include/passerelle/scoring.h and docs/scoring.md for the formulas. The
    GIL is released while scoring.

    Args:
        request: a `passerelle.v1.MatchRequest` or its serialized bytes.
        threads: worker threads, 0 (the default) for one per core; the
            result does not depend on it.

    Returns:
        A `ScoreResult`.

    Raises:
        passerelle.ValidationError: an invalid request.
    """
    raw = _request_bytes(request)
    out = _core.score(raw, _threads(threads), _core_taxonomy(taxonomy))  # parses and validates first: bad bytes raise ValueError
    if not isinstance(request, pb.MatchRequest):
        request = pb.MatchRequest.FromString(raw)
    shape = tuple(out["shape"])
    indptr = out["indptr"]
    indices = out["indices"]
    # The library orders each row best score first; scipy wants columns
    # ascending. One permutation, applied to every array.
    rows = np.repeat(np.arange(shape[0], dtype=np.int64), np.diff(indptr))
    order = np.lexsort((indices, rows))
    indices = np.ascontiguousarray(indices[order])

    def csr(values: NDArray[Any]) -> Any:
        # Own index arrays per matrix: scipy edits them in place (eliminate_zeros).
        return _matrix(indptr.copy(), indices.copy(), np.ascontiguousarray(values[order]), shape)

    return ScoreResult(
        scores=csr(out["score"]),
        components={name: csr(out["components"][name]) for name in COMPONENTS},
        commute_minutes=csr(out["commute_minutes"]),
        candidate_ids=[c.id for c in request.candidates],
        opening_ids=[o.id for o in request.openings],
        examined=out["examined"],
        feasible=out["feasible"],
        excluded=out["excluded"],
        nothing_in_reach=out["nothing_in_reach"],
        pairs_examined=int(out["pairs_examined"]),
        pairs_feasible=int(out["pairs_feasible"]),
    )
