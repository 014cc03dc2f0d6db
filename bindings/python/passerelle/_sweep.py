"""Counterfactual sweeps: one request matched under many policies, in local
processes or on a Dask cluster (`passerelle.sweep`).

How a sweep runs:
- The grid is expanded into runs (the Cartesian product of its lists, times
  the seeds of a generated request), each a list of (policy field path,
  value) changes. Paths and values are checked in the caller's process before
  anything starts, so a typo fails at once.
- The request travels once per worker: to local processes as the pool's
  initializer argument, to Dask workers by `Client.scatter(broadcast=True)`.
  A worker parses it once and keeps it; a task carries only its changes.
- Each run is an exact match on one thread: results depend on the request and
  the policy only, so the frames are identical locally and on Dask, whatever
  the number of workers or the order runs finish in.
- A worker that dies is replaced and its runs are retried (`retries` times):
  locally by restarting the pool, on Dask by the scheduler (`retries`).
"""
from __future__ import annotations

import concurrent.futures
import itertools
import multiprocessing
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor

from passerelle.v1 import passerelle_pb2 as pb

# The generator's arguments a sweep of generated requests may vary.
_GENERATOR_KEYS = ("region", "candidates", "openings")
# Testing only: a path in this environment variable makes the first run that
# finds no file there create it and kill its worker (to test retries).
_FAULT_ENV = "PASSERELLE_SWEEP_KILL_ONCE"

_SCALAR_TYPES = {
    FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_BOOL, FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_ENUM,
    FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_FIXED32,
    FieldDescriptor.TYPE_FIXED64, FieldDescriptor.TYPE_SFIXED32, FieldDescriptor.TYPE_SFIXED64,
}


# ---------------------------------------------------------------------------
# Policy changes
# ---------------------------------------------------------------------------

def _field(message: Any, path: str) -> Tuple[Any, FieldDescriptor]:
    """The message holding the last part of `path` and that part's field."""
    parts = path.split(".")
    for depth, name in enumerate(parts):
        fields = message.DESCRIPTOR.fields_by_name
        if name not in fields:
            where = ".".join(parts[:depth]) or "Policy"
            known = ", ".join(sorted(fields))
            raise ValueError(f"grid: {path!r}: {name!r} is not a field of {where} (fields: {known})")
        field = fields[name]
        if field.label == FieldDescriptor.LABEL_REPEATED:
            raise ValueError(f"grid: {path!r} is a list; a sweep sets single fields")
        if depth == len(parts) - 1:
            return message, field
        if field.type != FieldDescriptor.TYPE_MESSAGE:
            raise ValueError(f"grid: {path!r}: {name!r} is not a message")
        message = getattr(message, name)
    raise AssertionError("unreachable")


def _portable(value: Any) -> Any:
    """`value` as it travels to a worker: messages as (type, bytes)."""
    if hasattr(value, "SerializeToString") and hasattr(value, "DESCRIPTOR"):
        return ("__message__", value.DESCRIPTOR.full_name, value.SerializeToString())
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def _set(policy: pb.Policy, path: str, value: Any) -> None:
    """Sets `policy`'s field `path` to `value` (None clears it)."""
    holder, field = _field(policy, path)
    if value is None:
        holder.ClearField(field.name)
        return
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        target = getattr(holder, field.name)
        if isinstance(value, tuple) and len(value) == 3 and value[0] == "__message__":
            if value[1] != target.DESCRIPTOR.full_name:
                raise ValueError(f"grid: {path!r}: a {value[1]} is not a {target.DESCRIPTOR.full_name}")
            target.Clear()
            target.MergeFromString(value[2])
        elif isinstance(value, Mapping):
            target.Clear()
            json_format.ParseDict(dict(value), target)
        elif isinstance(value, str):
            target.Clear()
            json_format.Parse(value, target)
        else:
            raise ValueError(f"grid: {path!r}: expected a {target.DESCRIPTOR.full_name}, a dict or JSON, "
                             f"got {type(value).__name__}")
        return
    if field.type == FieldDescriptor.TYPE_ENUM and isinstance(value, str):
        if value not in field.enum_type.values_by_name:
            raise ValueError(f"grid: {path!r}: {value!r} is not a {field.enum_type.name}")
        value = field.enum_type.values_by_name[value].number
    try:
        setattr(holder, field.name, value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"grid: {path!r}: {value!r}: {error}") from None


def _label(value: Any) -> Any:
    """A grid value as a frame cell: scalars as they are, messages by name."""
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "__message__":
        return f"{value[1].rsplit('.', 1)[-1]}#{len(value[2])}B"
    if isinstance(value, Mapping):
        import json

        return json.dumps(dict(value), sort_keys=True)
    return value


# ---------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------

# Per process: the payload the worker was given and what was built from it.
_WORKER: Dict[str, Any] = {}


def _request_for(payload: Any, generator: Dict[str, Any]) -> pb.MatchRequest:
    """The request of a run: the payload's, or the one generated from it."""
    import passerelle

    if payload[0] == "request":
        key = ("request", id(payload))
        if _WORKER.get("key") != key:
            request = pb.MatchRequest()
            request.ParseFromString(payload[1])
            _WORKER.update(key=key, payload=payload, request=request)
        return _WORKER["request"]
    key = ("generated", tuple(sorted(generator.items())))
    if _WORKER.get("key") != key:
        _WORKER.update(key=key, payload=payload, request=passerelle.generate(**generator))
    return _WORKER["request"]


def _summary_row(summary: pb.Summary) -> Dict[str, Any]:
    row = {}
    for field in pb.Summary.DESCRIPTOR.fields:
        if field.label == FieldDescriptor.LABEL_REPEATED or field.type not in _SCALAR_TYPES:
            continue
        value = getattr(summary, field.name)
        if field.type == FieldDescriptor.TYPE_ENUM:
            value = field.enum_type.values_by_number[value].name
        row[field.name] = value
    return row


def _run(payload: Any, task: Tuple[int, List[Tuple[str, Any]], Dict[str, Any]]) -> Tuple[int, Dict, List[Dict]]:
    """One run: the request with the task's policy changes, matched."""
    import passerelle

    fault = os.environ.get(_FAULT_ENV)
    if fault and not os.path.exists(fault):
        with open(fault, "w", encoding="utf-8") as marker:
            marker.write(str(os.getpid()))
        os._exit(17)
    index, changes, generator = task
    base = _request_for(payload, generator)
    request = pb.MatchRequest()
    request.CopyFrom(base)
    for path, value in changes:
        _set(request.policy, path, value)
    response = passerelle.match(request, threads=1)
    subgroups = [
        {
            "dimension": g.dimension,
            "value": g.value,
            "total": g.total,
            "placed": g.placed,
            "rate": g.rate,
            "mean_score": g.mean_score,
            "mean_commute_minutes": g.mean_commute_minutes,
        }
        for g in response.summary.by_subgroup
    ]
    return index, _summary_row(response.summary), subgroups


def _pool_init(payload: Any) -> None:
    _WORKER.clear()
    _WORKER["pool_payload"] = payload


def _pool_run(task: Tuple[int, List[Tuple[str, Any]], Dict[str, Any]]) -> Tuple[int, Dict, List[Dict]]:
    return _run(_WORKER["pool_payload"], task)


# ---------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------

def _progress(total: int, enabled: bool):
    if enabled:
        try:
            from tqdm import tqdm

            return tqdm(total=total, desc="passerelle sweep", unit="run")
        except ImportError:  # pragma: no cover - tqdm is in scripts/setup-deps
            pass

    class _Silent:
        def update(self, n: int = 1) -> None:
            pass

        def close(self) -> None:
            pass

    return _Silent()


def _run_locally(payload, tasks, workers, retries, bar):
    results: Dict[int, Tuple[Dict, List[Dict]]] = {}
    attempts = {task[0]: 0 for task in tasks}
    pending = list(tasks)
    # fork where there is one (Linux): "spawn" would re-run a script without a
    # `__main__` guard in every worker.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    while pending:
        failed = []
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=min(workers, len(pending)), mp_context=context,
            initializer=_pool_init, initargs=(payload,),
        ) as pool:
            futures = {pool.submit(_pool_run, task): task for task in pending}
            for future in concurrent.futures.as_completed(futures):
                task = futures[future]
                try:
                    index, row, groups = future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    failed.append(task)
                    continue
                results[index] = (row, groups)
                bar.update(1)
        for task in failed:
            attempts[task[0]] += 1
            if attempts[task[0]] > retries:
                raise RuntimeError(f"sweep: run {task[0]} lost its worker {attempts[task[0]]} times; giving up")
        pending = failed
    return results


def _run_on_dask(client, payload, tasks, retries, bar):
    from distributed import as_completed

    # A list is scattered element by element: wrap the payload to send it whole.
    [scattered] = client.scatter([payload], broadcast=True, hash=False)
    futures = client.map(_run, [scattered] * len(tasks), tasks, retries=retries, pure=False)
    results: Dict[int, Tuple[Dict, List[Dict]]] = {}
    for future in as_completed(futures):
        index, row, groups = future.result()
        results[index] = (row, groups)
        bar.update(1)
    return results


def sweep(
    request: Union[pb.MatchRequest, bytes, Mapping[str, Any]],
    grid: Mapping[str, Sequence[Any]],
    seeds: Optional[Iterable[int]] = None,
    client: Any = None,
    *,
    workers: Optional[int] = None,
    retries: int = 2,
    progress: bool = True,
    subgroups: bool = False,
):
    """Matches `request` once per combination of `grid`'s values.

    Args:
        request: a `passerelle.v1.MatchRequest` (or its bytes), matched as it
            is under each policy; or a dict of `generate()` arguments
            (`{"region": "occitanie", "candidates": 1500, "openings": 300}`),
            generated once per seed on each worker.
        grid: policy field paths (`"default_max_commute_minutes"`,
            `"weights.commute"`, `"limits.max_solve_seconds"`,
            `"score_model"`) mapped to the values to try; message fields take
            a message, a dict (protobuf JSON mapping) or JSON text, and None
            clears a field. For a generated request, `"region"`,
            `"candidates"` and `"openings"` may be swept too. Runs are the
            Cartesian product, in the grid's order.
        seeds: generator seeds (a generated request only; default [1]).
        client: a `distributed.Client`: runs go to its Dask cluster. Without
            one, to `workers` local processes (default: one per core).
        retries: how many times a run whose worker died is tried again.
        progress: show a tqdm progress bar.
        subgroups: also return the subgroup frame.

    Returns:
        A `pandas.DataFrame`, one row per run in run order: `run`, the grid's
        columns (and `seed`), then every figure of `Summary` (placements,
        placement_rate, fill_rate, mean_score, objective, greedy_objective,
        status, ...). With `subgroups=True`, a pair `(runs, subgroups)`
        whose second frame has one row per run and subgroup
        (`Summary.by_subgroup`: dimension, value, total, placed, rate,
        mean_score, mean_commute_minutes), with the same run columns. The
        same request and grid give the same frames locally and on any
        cluster.

    Raises:
        ValueError: an unknown field path, a value of the wrong type, seeds
            with a ready-made request, an empty grid list.
    """
    import pandas as pd

    if not isinstance(grid, Mapping):
        raise TypeError(f"grid: expected a mapping of field paths to lists, got {type(grid).__name__}")
    generated = isinstance(request, Mapping)
    if generated:
        unknown = set(request) - {"region", "candidates", "openings"}
        if unknown:
            raise ValueError(f"request: unknown generate() arguments {sorted(unknown)}")
        seed_list = [int(s) for s in (seeds if seeds is not None else [1])]
        if not seed_list:
            raise ValueError("seeds: empty")
        payload: Any = ("generate", dict(request))
    else:
        if seeds is not None:
            raise ValueError("seeds: only a generated request (a dict of generate() arguments) has seeds")
        if isinstance(request, pb.MatchRequest):
            data = request.SerializeToString()
        elif isinstance(request, (bytes, bytearray, memoryview)):
            data = bytes(request)
        else:
            raise TypeError(f"request: expected a passerelle.v1.MatchRequest, its bytes or a dict, "
                            f"got {type(request).__name__}")
        seed_list = [None]
        payload = ("request", data)

    names = list(grid)
    values: List[List[Any]] = []
    probe = pb.Policy()
    for name in names:
        options = grid[name]
        if isinstance(options, (str, bytes)) or not isinstance(options, Iterable):
            raise ValueError(f"grid: {name!r}: expected a list of values")
        options = [_portable(v) for v in options]
        if not options:
            raise ValueError(f"grid: {name!r}: empty list")
        if name in _GENERATOR_KEYS:
            if not generated:
                raise ValueError(f"grid: {name!r} is a generator argument: pass request as a dict of them")
        else:
            for value in options:  # fail here, not on a worker
                _set(probe, name, value)
        values.append(options)

    tasks = []
    cells = []
    for combination in itertools.product(*values):
        for seed in seed_list:
            changes = [(n, v) for n, v in zip(names, combination) if n not in _GENERATOR_KEYS]
            generator: Dict[str, Any] = {}
            if generated:
                generator = dict(payload[1])
                generator.update({n: v for n, v in zip(names, combination) if n in _GENERATOR_KEYS})
                generator["seed"] = seed
            tasks.append((len(tasks), changes, generator))
            cell = {n: _label(v) for n, v in zip(names, combination)}
            if generated:
                cell["seed"] = seed
            cells.append(cell)
    if generated:  # each worker regenerates a request per (arguments, seed): group them
        order = sorted(range(len(tasks)), key=lambda i: tuple(sorted(tasks[i][2].items())))
        tasks = [tasks[i] for i in order]

    bar = _progress(len(tasks), progress)
    try:
        if client is not None:
            results = _run_on_dask(client, payload, tasks, retries, bar)
        else:
            results = _run_locally(payload, tasks, workers or os.cpu_count() or 1, retries, bar)
    finally:
        bar.close()

    rows, groups = [], []
    for index, cell in enumerate(cells):
        row, subgroup_rows = results[index]
        rows.append({"run": index, **cell, **row})
        for g in subgroup_rows:
            groups.append({"run": index, **cell, **g})
    frame = pd.DataFrame(rows)
    if subgroups:
        return frame, pd.DataFrame(groups)
    return frame
