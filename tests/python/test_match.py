"""generate, validate and match from Python give exactly what the command-line
tool gives; bad input raises ValueError with field paths, never crashes."""
import math
import random
import re
import subprocess

import numpy as np
import pytest
from google.protobuf.descriptor import FieldDescriptor as FD

import passerelle
from passerelle import v1


def run_cli(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, timeout=120)


def test_generate_equals_cli_generate(cli, tmp_path):
    out = tmp_path / "request.pb"
    done = run_cli(cli, "generate", "--region", "somme", "--candidates", "150", "--openings", "40",
                   "--seed", "11", "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    from_cli = v1.MatchRequest.FromString(out.read_bytes())
    from_python = passerelle.generate(region="somme", candidates=150, openings=40, seed=11)
    assert len(from_python.candidates) == 150 and len(from_python.openings) == 40
    assert from_python == from_cli


def test_generate_is_deterministic_and_seed_dependent():
    a = passerelle.generate(candidates=50, openings=10, seed=3)
    assert a == passerelle.generate(candidates=50, openings=10, seed=3)
    assert a != passerelle.generate(candidates=50, openings=10, seed=4)


def test_match_is_byte_identical_to_cli_match(cli, tmp_path, small_request, small_response):
    request_path = tmp_path / "request.pb"
    response_path = tmp_path / "response.pb"
    request_path.write_bytes(small_request.SerializeToString())
    done = run_cli(cli, "match", "--in", str(request_path), "--out", str(response_path))
    assert done.returncode == 0, done.stderr.decode()
    cli_bytes = response_path.read_bytes()
    assert len(small_response.placements) > 0
    assert passerelle._core.match(small_request.SerializeToString()) == cli_bytes
    assert small_response.SerializeToString(deterministic=True) == cli_bytes
    # Bytes in, same answer.
    assert passerelle.match(small_request.SerializeToString()) == small_response


def test_match_of_a_json_request_read_by_the_cli_agrees(cli, tmp_path, small_request, small_response):
    from google.protobuf import json_format

    request_path = tmp_path / "request.json"
    response_path = tmp_path / "response.pb"
    request_path.write_text(json_format.MessageToJson(small_request))
    done = run_cli(cli, "match", "--in", str(request_path), "--out", str(response_path))
    assert done.returncode == 0, done.stderr.decode()
    assert v1.MatchResponse.FromString(response_path.read_bytes()) == small_response


def test_empty_request_matches_to_an_empty_response():
    response = passerelle.match(v1.MatchRequest())
    assert len(response.placements) == 0 and response.summary.candidates == 0


def broken_request(small_request):
    request = v1.MatchRequest()
    request.CopyFrom(small_request)
    request.candidates[3].french_level = 42  # not a level (unspecified is valid: a warning)
    request.candidates[5].id = request.candidates[4].id
    request.openings[2].capacity = -2
    request.openings[7].employer_id = "no-such-employer"
    return request


def test_validate_accepts_a_generated_request(small_request):
    assert passerelle.validate(small_request) is None


def test_validate_lists_every_problem_with_field_paths(small_request):
    request = broken_request(small_request)
    with pytest.raises(passerelle.ValidationError) as error:
        passerelle.validate(request)
    assert isinstance(error.value, ValueError)
    problems = error.value.problems
    assert len(problems) >= 4
    message = str(error.value)
    c3, o2, o7 = request.candidates[3].id, request.openings[2].id, request.openings[7].id
    assert f'candidates[3] (id "{c3}").french_level' in message
    assert f'openings[2] (id "{o2}").capacity' in message
    assert f'openings[7] (id "{o7}").employer_id' in message
    assert "candidates[5]" in message
    for problem in problems:
        assert problem in message


def test_validate_reports_what_the_cli_reports(cli, tmp_path, small_request):
    request = broken_request(small_request)
    path = tmp_path / "broken.pb"
    path.write_bytes(request.SerializeToString())
    done = run_cli(cli, "validate", "--in", str(path))
    assert done.returncode == 2
    stderr = done.stderr.decode()
    with pytest.raises(passerelle.ValidationError) as error:
        passerelle.validate(request)
    # The CLI prefixes each problem with the file name.
    for problem in error.value.problems:
        assert f"{path}: {problem}" in stderr


def test_match_raises_the_same_validation_error(small_request):
    with pytest.raises(passerelle.ValidationError) as from_match:
        passerelle.match(broken_request(small_request))
    with pytest.raises(passerelle.ValidationError) as from_validate:
        passerelle.validate(broken_request(small_request))
    assert str(from_match.value) == str(from_validate.value)


def test_conflicting_overrides_raise_value_error(small_request):
    request = v1.MatchRequest()
    request.CopyFrom(small_request)
    pair = (request.candidates[0].id, request.openings[0].id)
    request.policy.pins.add(candidate_id=pair[0], opening_id=pair[1])
    request.policy.bans.add(candidate_id=pair[0], opening_id=pair[1])
    with pytest.raises(ValueError) as error:
        passerelle.match(request)
    assert pair[0] in str(error.value)


@pytest.mark.parametrize("function", [passerelle.match, passerelle.validate, passerelle.score,
                                      passerelle.Matcher])
def test_garbage_bytes_raise_value_error(function):
    rng = random.Random(5)
    cases = [b"\xff", b"\x0a\xff\xff\xff\xff\x0f", b"\x08", b"\x12\x05abc"]
    cases += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) for _ in range(100)]
    for data in cases:
        try:
            function(data)
        except ValueError:
            pass  # parse error or an invalid request: both fine, never a crash


def mutated_requests(base, count, seed):
    """Copies of `base` with a few fields set to extreme or odd values."""
    rng = random.Random(seed)
    extremes = {
        "double": [math.inf, -math.inf, math.nan, -1.0, 1e300, 0.0, 5e9],
        "int": [-1, 0, 2**31 - 1, -(2**31), 10**6],
        "string": ["", "x", base.candidates[0].id, base.openings[0].id, "2024-02-30", "F1703", "é"],
    }
    kinds = {FD.TYPE_DOUBLE: "double", FD.TYPE_INT32: "int", FD.TYPE_INT64: "int", FD.TYPE_STRING: "string"}

    def mutate(message):
        field = rng.choice(message.DESCRIPTOR.fields)
        repeated = field.label == FD.LABEL_REPEATED
        if field.type == FD.TYPE_MESSAGE:
            target = getattr(message, field.name)
            if repeated:
                target = rng.choice(target) if len(target) and rng.random() < 0.9 else target.add()
            return mutate(target)
        if field.type == FD.TYPE_ENUM:
            values = [v.number for v in field.enum_type.values] + [99, -3]
        elif field.type == FD.TYPE_BOOL:
            values = [True, False]
        else:
            values = extremes.get(kinds.get(field.type), [0])
        value = rng.choice(values)
        try:
            if repeated:
                getattr(message, field.name).append(value)
            else:
                setattr(message, field.name, value)
        except (TypeError, ValueError):
            pass  # not representable in this field

    for _ in range(count):
        request = v1.MatchRequest()
        request.CopyFrom(base)
        for _ in range(rng.randrange(1, 5)):
            mutate(request)
        yield request


def test_mutated_requests_raise_value_error_or_match():
    base = passerelle.generate(candidates=30, openings=10, seed=3)
    outcomes = {"matched": 0, "refused": 0}
    for request in mutated_requests(base, count=150, seed=1):
        for function in (passerelle.match, passerelle.score):
            try:
                function(request)
                outcomes["matched"] += 1
            except ValueError:
                outcomes["refused"] += 1
    assert outcomes["matched"] > 0 and outcomes["refused"] > 0


def test_huge_max_pairs_per_candidate_is_not_a_memory_error():
    request = passerelle.generate(candidates=30, openings=10, seed=3)
    request.policy.max_pairs_per_candidate = 2**31 - 1
    assert len(passerelle.match(request).placements) > 0


def test_truncated_request_names_the_position(small_request):
    data = small_request.SerializeToString()
    with pytest.raises(ValueError, match=r"not a valid binary passerelle.v1.MatchRequest"):
        passerelle.match(data[: len(data) // 2])


def test_wrong_types_raise_type_error(small_request):
    with pytest.raises(TypeError):
        passerelle.match("not a request")
    with pytest.raises(TypeError):
        passerelle.match(small_request.candidates[0])


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(region="mars"), 'unknown region "mars"'),
        (dict(candidates=-5), "candidates: must be >= 0, got -5"),
        (dict(openings=-1), "openings: must be >= 0"),
        (dict(seed=-1), "seed: must be >= 0"),
        (dict(seed=1 << 64), "seed: must be < 2^64"),
    ],
)
def test_generate_rejects_bad_arguments(kwargs, error):
    with pytest.raises(ValueError, match=re.escape(error)):
        passerelle.generate(**kwargs)


def test_available_regions_include_occitanie():
    regions = passerelle.available_regions()
    assert "occitanie" in regions and regions == sorted(regions)


def test_time_limit_marks_the_answer_not_proven_or_raises_value_error():
    request = passerelle.generate(region="occitanie", candidates=2000, openings=500, seed=11)
    optimum = passerelle.match(request)
    request.policy.limits.max_solve_seconds = 1e-9
    stopped = passerelle.match(request)
    assert stopped.summary.status == v1.SOLVE_STATUS_FEASIBLE_NOT_PROVEN
    assert optimum.summary.status == v1.SOLVE_STATUS_OPTIMAL
    assert 0 < stopped.summary.objective <= optimum.summary.objective + 1e-9
    request.policy.quotas.add(dimension=v1.QUOTA_DIMENSION_DEPARTEMENT,
                              value=request.candidates[0].subgroup.departement, min_share=0.1,
                              max_share=1.0)
    with pytest.raises(ValueError, match=r"policy\.limits\.max_solve_seconds"):
        passerelle.match(request)


def test_threads_are_the_hosts_choice_not_the_requests():
    request = passerelle.generate(candidates=300, openings=80, seed=4)
    one = passerelle.match(request, threads=1).SerializeToString()
    for threads in (0, 2, np.int64(3), 10**6, 2**40):
        assert passerelle.match(request, threads=threads).SerializeToString() == one
    assert passerelle.Matcher(request, threads=2).solve().SerializeToString() == one
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="threads"):
            passerelle.match(request, threads=bad)
    # The request has no say: the field is reserved in passerelle.v1.
    assert "threads" not in v1.Policy.DESCRIPTOR.fields_by_name


def test_previous_keeps_last_weeks_placements_after_a_ban(cli, tmp_path, small_request, small_response):
    """One ban with last week's answer: the banned person moves, few others."""
    placed = {}
    for p in small_response.placements:
        placed.setdefault(p.candidate_id, set()).add(p.opening_id)
    candidate = sorted(placed)[0]
    banned = v1.MatchRequest()
    banned.CopyFrom(small_request)
    banned.policy.bans.add(candidate_id=candidate, opening_id=sorted(placed[candidate])[0])

    def moved(response):
        after = {}
        for p in response.placements:
            after.setdefault(p.candidate_id, set()).add(p.opening_id)
        return {c for c in set(placed) | set(after) if c != candidate and placed.get(c) != after.get(c)}

    stable = passerelle.match(banned, previous=small_response)
    assert len(moved(stable)) <= 5
    s = stable.summary
    assert s.previous_moved_forced == 1  # the ban
    assert s.previous_kept + s.previous_moved_forced + s.previous_moved_by_choice == len(small_response.placements)
    assert s.new_placements == len(stable.placements) - s.previous_kept
    # Bytes work as well as messages, and the CLI's --previous agrees.
    assert passerelle.match(banned, previous=small_response.SerializeToString()) == stable
    request_path, previous_path, out = tmp_path / "r.pb", tmp_path / "prev.pb", tmp_path / "o.pb"
    request_path.write_bytes(banned.SerializeToString())
    previous_path.write_bytes(small_response.SerializeToString())
    done = run_cli(cli, "match", "--in", str(request_path), "--previous", str(previous_path), "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_bytes() == stable.SerializeToString()
    with pytest.raises(TypeError):
        passerelle.match(banned, previous=small_request)


def test_without_previous_the_summary_counts_nothing(small_response):
    s = small_response.summary
    assert s.previous_kept == s.previous_moved_forced == s.previous_moved_by_choice == s.new_placements == 0


def test_previous_with_no_change_keeps_everyone(small_request, small_response):
    again = passerelle.match(small_request, previous=small_response)
    assert [(p.candidate_id, p.opening_id) for p in again.placements] == [
        (p.candidate_id, p.opening_id) for p in small_response.placements]
    assert again.summary.previous_kept == len(small_response.placements)
    assert again.summary.new_placements == 0
    assert again.summary.previous_moved_forced == again.summary.previous_moved_by_choice == 0
