"""Learning from outcomes (passerelle/outcomes.h, docs/outcomes.md): fit a
model of lasting employment on past placements, and draw synthetic
histories from a known truth."""
from __future__ import annotations

import datetime
from typing import Optional, Union

from passerelle import _core
from passerelle._matching import _count, _message_bytes, _threads, available_regions
from passerelle.v1 import passerelle_pb2 as pb

HistoryLike = Union[pb.History, bytes, bytearray, memoryview]


def fit(
    history: HistoryLike,
    test_from: Optional[Union[str, datetime.date]] = None,
    l2: float = 1.0,
    language: str = "fr",
    threads: int = 0,
) -> pb.ScoreModel:
    """Fits a model of lasting employment on past placements, as `passerelle fit`.

    A logistic regression, with an L2 penalty `l2` on the coefficients, of
    each placement's `outcome.lasting` on its six score components (scored
    with the default policy, the records as they were). The last 20 % of the
    placements by date are the test set, unless `test_from` says where it
    starts.

    Returns:
        A `passerelle.v1.ScoreModel`: intercept, coefficients by feature, the
        training window, the data's sha256 (of the History's binary form),
        test metrics overall and by subgroup, and warnings (selective labels
        when `history.randomised` is false, subgroups with few outcomes), in
        `language` ("fr" or "en"). Set it as `policy.score_model` to match on
        the probability of a lasting job. The same history gives the same
        model whatever `threads`.

    Raises:
        passerelle.ValidationError: a record or a date is invalid (field paths
            name the placement).
        ValueError: an empty training or test set.
    """
    data = _message_bytes(history, pb.History, "history")
    if isinstance(test_from, datetime.date):
        test_from = test_from.isoformat()
    if test_from is not None and not isinstance(test_from, str):
        raise TypeError(f"test_from: expected a date or a str, got {type(test_from).__name__}")
    if language not in ("fr", "en"):
        raise ValueError(f'language: "{language}" is neither fr nor en')
    return pb.ScoreModel.FromString(
        _core.fit(bytes(data), test_from or "", float(l2), language, _threads(threads))
    )


def history(
    region: str = "occitanie",
    candidates: int = 2000,
    openings: int = 500,
    placements: int = 5000,
    seed: int = 1,
    threads: int = 0,
) -> pb.History:
    """Draws a synthetic history from the documented truth, as `passerelle history`.

    Counsellors send each person to the best-scoring of a few feasible
    openings (not randomised); outcomes follow the truth of docs/outcomes.md.
    The same arguments give the same history.
    """
    if region not in available_regions():
        raise ValueError(f'region: unknown region "{region}"; available: {", ".join(available_regions())}')
    return pb.History.FromString(
        _core.history(
            region,
            _count("candidates", candidates),
            _count("openings", openings),
            _count("placements", placements),
            _count("seed", seed),
            _threads(threads),
        )
    )
