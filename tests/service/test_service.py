"""`passerelle serve`: the tests of issue 21, each against a server started
on an ephemeral loopback port (conftest.py)."""
import concurrent.futures
import os
import subprocess
import threading
import time

import grpc
import pytest

import passerelle
from passerelle import _core
from passerelle.v1 import passerelle_pb2 as pb
from passerelle.v1 import service_pb2

MATCH = "/passerelle.v1.Passerelle/Match"


def raw_call(channel, method, payload, metadata=None, timeout=30):
    """Sends `payload` bytes as they are; returns the response bytes."""
    call = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
    return call(payload, metadata=metadata, timeout=timeout)


def test_remote_match_equals_the_library_byte_for_byte(server, small_request):
    request = small_request.SerializeToString()
    with server.channel() as channel:
        remote = raw_call(channel, MATCH, request)
    assert remote == _core.match(request, 0, None)
    assert server.client().match(small_request) == passerelle.match(small_request)


def test_128_concurrent_calls_are_all_correct(server):
    requests = [
        passerelle.generate(region="occitanie", candidates=80, openings=25, seed=seed).SerializeToString()
        for seed in range(8)
    ]
    expected = [_core.match(r, 0, None) for r in requests]
    with server.channel() as channel, concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        futures = [pool.submit(raw_call, channel, MATCH, requests[i % 8]) for i in range(128)]
        results = [f.result() for f in futures]
    assert all(results[i] == expected[i % 8] for i in range(128))


def test_garbage_bytes_give_invalid_argument_and_the_server_lives_on(server, small_request):
    with server.channel() as channel:
        with pytest.raises(grpc.RpcError) as garbage:
            raw_call(channel, MATCH, b"\xff\xfe\x00garbage\x07\x07\x07")
        assert garbage.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        # Well-formed bytes, bad contents: the CLI's field path.
        bad = pb.MatchRequest()
        bad.CopyFrom(small_request)
        bad.candidates[3].french_level = 42
        with pytest.raises(grpc.RpcError) as invalid:
            raw_call(channel, MATCH, bad.SerializeToString())
        assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "candidates[3]" in invalid.value.details()
        # And the next call is answered.
        assert raw_call(channel, MATCH, small_request.SerializeToString()) == _core.match(
            small_request.SerializeToString(), 0, None
        )
    with pytest.raises(ValueError, match=r"candidates\[3\]"):
        server.client().validate(bad)


def test_errors_map_to_python_exceptions(server, small_request):
    client = server.client(operator="alice")
    with pytest.raises(LookupError):
        client.session("no-such-session")
    session = client.create_session(small_request)
    with pytest.raises(ValueError, match=r"changes\[0\]"):
        session.pin("no-such-candidate", small_request.openings[0].id)
    assert client.explain(small_request, small_request.candidates[0].id, small_request.openings[0].id).candidate_id


def test_health_check_answers_serving(server):
    with server.channel() as channel:
        # grpc.health.v1.HealthCheckRequest{} -> HealthCheckResponse{status: SERVING (1)}
        assert raw_call(channel, "/grpc.health.v1.Health/Check", b"") == b"\x08\x01"


def test_request_beyond_max_request_bytes_is_resource_exhausted(start_server, small_request):
    server = start_server("--max-request-bytes", "1000")
    with server.channel() as channel:
        with pytest.raises(grpc.RpcError) as error:
            raw_call(channel, MATCH, small_request.SerializeToString())
    assert error.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert server.stop() == 0


def test_a_session_survives_kill_9(start_server, small_request, tmp_path):
    server = start_server()
    client = server.client(operator="counsellor-7")
    session = client.create_session(small_request, session_id="loir-et-cher-week-49")
    first = session.solve()
    placed = first.placements
    session.ban(placed[0].candidate_id, placed[0].opening_id, note="declined at interview")
    session.set_capacity(placed[1].opening_id, 0, note="employer paused hiring")
    session.lock(placed[2].candidate_id, placed[2].opening_id, note="signed")
    session.solve()
    before = session.solve()  # a second solve: its placements are the stable ones
    session.remove_candidate(placed[3].candidate_id, note="moved away")  # acked, not yet solved
    request_before = session.request
    server.kill()

    server = start_server()
    client = server.client(operator="counsellor-7")
    again = client.session("loir-et-cher-week-49")
    info = again.info
    assert info.info.change_count == 4
    assert [c.note for c in info.changes] == [
        "declined at interview", "employer paused hiring", "signed", "moved away"
    ]
    assert all(c.operator_id == "counsellor-7" and c.committed_at for c in info.changes)
    assert info.last_response.SerializeToString() == before.SerializeToString()
    assert again.request == request_before
    # Without the unsolved change, the restarted server answers byte for byte as before.
    again.add_candidate(next(c for c in small_request.candidates if c.id == placed[3].candidate_id))
    after = again.solve()
    assert {(p.candidate_id, p.opening_id) for p in after.placements} == {
        (p.candidate_id, p.opening_id) for p in before.placements
    }
    assert after.summary.objective == pytest.approx(before.summary.objective, abs=1e-9)
    assert server.stop() == 0


def test_a_restarted_server_solves_byte_for_byte_as_before(start_server, small_request):
    server = start_server()
    session = server.client(operator="a").create_session(small_request)
    p = session.solve().placements[0]
    session.ban(p.candidate_id, p.opening_id, note="no")
    session.solve()
    before = session.solve()
    server.kill()
    server = start_server()
    after = server.client().session(session.id).solve()
    assert after.SerializeToString() == before.SerializeToString()
    assert server.stop() == 0


def test_sigterm_finishes_calls_in_flight_and_exits_0(start_server):
    server = start_server("--workers", "1")
    request = passerelle.generate(region="occitanie", candidates=3000, openings=800, seed=2).SerializeToString()
    expected = _core.match(request, 0, None)
    with server.channel() as channel, concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(raw_call, channel, MATCH, request, None, 120) for _ in range(6)]
        # Once the first answer is out, the other five are queued on the server.
        deadline = time.monotonic() + 60
        while not any(r.get("method") == "Match" for r in server.log_records()):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        server.process.send_signal(15)
        results = [f.result() for f in futures]
    assert server.stop() == 0
    assert results == [expected] * 6
    assert server.log_records()[-1]["event"] == "stopped"


def test_the_token_is_enforced(start_server, small_request, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    server = start_server("--token-file", str(token_file))
    with pytest.raises(PermissionError):
        server.client().match(small_request)
    with pytest.raises(PermissionError):
        server.client(token="s3cret-tokem").match(small_request)
    with pytest.raises(PermissionError):
        server.client(token="s3cret-token-and-more").list_sessions()
    assert server.client(token="s3cret-token").match(small_request) == passerelle.match(small_request)
    assert server.stop() == 0


def audit(cli, *args):
    return subprocess.run([cli, "audit", *args], capture_output=True, text=True)


def test_the_audit_chain_verifies_and_a_tampered_record_is_found(cli, start_server, small_request, tmp_path):
    server = start_server()
    client = server.client(operator="counsellor-3")
    client.match(small_request)
    session = client.create_session(small_request)
    p = session.solve().placements[0]
    session.ban(p.candidate_id, p.opening_id, note="declined at interview")
    session.solve()
    client.match(small_request)
    assert server.stop() == 0
    data = server.data_dir
    path = os.path.join(data, "audit.jsonl")
    ok = audit(cli, "verify", data)
    assert ok.returncode == 0, ok.stderr
    assert "4 records" in ok.stdout
    lines = open(path).read().splitlines()
    assert '"operator":"counsellor-3"' in lines[2] and "declined at interview" in lines[2]
    shown = audit(cli, "show", data)
    assert shown.returncode == 0 and len(shown.stdout.splitlines()) == 4
    assert "SolveSession" in shown.stdout.splitlines()[1]

    # A changed objective in record 3.
    tampered = list(lines)
    tampered[2] = tampered[2].replace('"objective":', '"objective":1', 1)
    open(path, "w").write("\n".join(tampered) + "\n")
    bad = audit(cli, "verify", path)
    assert bad.returncode == 1
    assert "record 3" in bad.stderr

    # A record removed: the next one's chain breaks.
    open(path, "w").write("\n".join(lines[:1] + lines[2:]) + "\n")
    gone = audit(cli, "verify", path)
    assert gone.returncode == 1 and "record 2" in gone.stderr


def test_match_audit_log(cli, small_request, tmp_path):
    request = tmp_path / "request.pb"
    request.write_bytes(small_request.SerializeToString())
    log = tmp_path / "audit.jsonl"
    for i in range(2):
        done = subprocess.run(
            [cli, "match", "--in", str(request), "--out", str(tmp_path / f"r{i}.pb"), "--audit-log", str(log)],
            capture_output=True, text=True,
        )
        assert done.returncode == 0, done.stderr
    assert audit(cli, "verify", str(log)).returncode == 0
    import hashlib
    line = log.read_text().splitlines()[1]
    assert hashlib.sha256(request.read_bytes()).hexdigest() in line
    assert hashlib.sha256((tmp_path / "r1.pb").read_bytes()).hexdigest() in line


def test_reflection_lists_the_service(server):
    with server.channel() as channel:
        call = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=None, response_deserializer=None,
        )
        # ServerReflectionRequest{list_services: ""}: field 7, length 0.
        answers = list(call(iter([b"\x3a\x00"]), timeout=10))
    assert any(b"passerelle.v1.Passerelle" in a for a in answers)
    assert any(b"grpc.health.v1.Health" in a for a in answers)


def test_tls(start_server, small_request, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip("openssl cannot make a test certificate")
    server = start_server("--tls-cert", str(cert), "--tls-key", str(key))
    client = passerelle.Client(f"localhost:{server.port}", tls=cert.read_bytes())
    assert client.match(small_request) == passerelle.match(small_request)
    with pytest.raises(grpc.RpcError):
        passerelle.Client(server.target, timeout=2).match(small_request)  # plaintext to a TLS port
    assert server.stop() == 0


def test_sessions_dropped_from_memory_reload_from_disk(start_server, small_request):
    server = start_server("--max-loaded-sessions", "1")
    client = server.client(operator="o")
    sessions = [client.create_session(small_request, session_id=f"s{i}") for i in range(3)]
    last = {}
    for step in range(3):
        for s in sessions:  # each call evicts the session used before it
            response = s.solve()
            p = response.placements[step]
            s.ban(p.candidate_id, p.opening_id, note=f"{s.id} step {step}")
            last[s.id] = response
    for s in sessions:
        info = s.info
        assert [c.note for c in info.changes] == [f"{s.id} step {k}" for k in range(3)]
        expected = passerelle.match(s.request, previous=info.last_response)
        assert s.solve().SerializeToString() == expected.SerializeToString()
    assert server.stop() == 0
