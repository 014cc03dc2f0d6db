#!/usr/bin/env python3
"""Load and fault tests of `passerelle serve` (loopback only, bounded in
count and time, stopping by themselves). Results go in bench/RESULTS.md.

    PYTHONPATH=build/python /usr/bin/python3 bench/service/load.py load --cli build/passerelle \
        --clients 8 --calls 25 --candidates 1000 --openings 300 --workers 2
    PYTHONPATH=build/python /usr/bin/python3 bench/service/load.py soak --cli build/passerelle \
        --seconds 60 --kill-every 3 --streams 4

`load`: N client threads x M `Match` calls on one Occitanie request, each
answer compared with the library's bytes; then N session edit streams (ban,
solve) of M steps. Reports throughput, p50 and p99 latency, the server's
peak resident memory (VmHWM) and errors.

`soak`: edit streams (ban a placed pair with a note, solve) against a
server that is killed with SIGKILL every few seconds and restarted on the
same data folder; a change counts as acknowledged when ApplyChanges
returned. At the end, every acknowledged change must be in its session, in
order, and each session's solve must equal a fresh solve of its request.
"""
import argparse
import concurrent.futures
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import grpc

import passerelle
from passerelle import _core
from passerelle.v1 import service_pb2

MATCH = "/passerelle.v1.Passerelle/Match"


class Server:
    def __init__(self, cli, data_dir, *args):
        self.log_path = os.path.join(tempfile.mkdtemp(), "serve.log")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [cli, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir, *args], stderr=self.log
        )
        deadline = time.monotonic() + 30
        while True:
            for line in open(self.log_path, errors="replace"):
                if '"event":"listening"' in line:
                    self.port = json.loads(line)["port"]
                    self.target = f"127.0.0.1:{self.port}"
                    return
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("server did not start: " + open(self.log_path).read())
            time.sleep(0.02)

    def peak_rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run_load(args):
    request = passerelle.generate(
        region="occitanie", candidates=args.candidates, openings=args.openings, seed=1
    ).SerializeToString()
    expected = _core.match(request, 1, None)
    data = tempfile.mkdtemp()
    server = Server(args.cli, data, "--workers", str(args.workers))
    errors = 0
    latencies = []
    lock = threading.Lock()
    channel = grpc.insecure_channel(server.target, options=[("grpc.max_receive_message_length", -1)])
    match = channel.unary_unary(MATCH)

    def client(_):
        nonlocal errors
        for _ in range(args.calls):
            t = time.perf_counter()
            try:
                ok = match(request, timeout=120) == expected
            except grpc.RpcError:
                ok = False
            with lock:
                latencies.append(time.perf_counter() - t)
                errors += not ok

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(client, range(args.clients)))
    wall = time.perf_counter() - start
    n = len(latencies)
    print(f"Match {args.candidates}x{args.openings}: {args.clients} clients x {args.calls} calls, "
          f"workers {args.workers}: {n / wall:.1f} calls/s, p50 {1e3 * percentile(latencies, 0.5):.0f} ms, "
          f"p99 {1e3 * percentile(latencies, 0.99):.0f} ms, errors {errors}, "
          f"server peak RSS {server.peak_rss_mb():.0f} MB")

    # Session edit streams: each client its own session, ban + solve steps.
    client_api = passerelle.Client(server.target, operator="bench")
    session_latencies = []
    session_errors = 0

    def stream(i):
        nonlocal session_errors
        session = client_api.create_session(request, session_id=f"stream-{i}")
        response = session.solve()
        for step in range(args.calls):
            t = time.perf_counter()
            try:
                p = response.placements[step % len(response.placements)]
                session.ban(p.candidate_id, p.opening_id, note=f"step {step}")
                response = session.solve()
            except Exception:  # noqa: BLE001 - counted
                with lock:
                    session_errors += 1
            with lock:
                session_latencies.append(time.perf_counter() - t)

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(stream, range(args.clients)))
    wall = time.perf_counter() - start
    n = len(session_latencies)
    print(f"session edit streams: {args.clients} sessions x {args.calls} (ban + solve): {n / wall:.1f} steps/s, "
          f"p50 {1e3 * percentile(session_latencies, 0.5):.0f} ms, p99 {1e3 * percentile(session_latencies, 0.99):.0f} ms, "
          f"errors {session_errors}, server peak RSS {server.peak_rss_mb():.0f} MB")
    code = server.stop()
    verify = subprocess.run([args.cli, "audit", "verify", data], capture_output=True, text=True)
    print(f"exit code {code}; audit: {verify.stdout.strip() or verify.stderr.strip()}")
    return 1 if errors or session_errors or code else 0


def run_soak(args):
    request = passerelle.generate(region="occitanie", candidates=args.candidates, openings=args.openings, seed=2)
    data = tempfile.mkdtemp()
    state = {"server": Server(args.cli, data, "--workers", "2")}
    acked = {i: [] for i in range(args.streams)}  # session -> notes acknowledged, in order
    unacked_errors = [0]
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()

    def target():
        with lock:
            return state["server"].target

    def stream(i):
        sid = f"soak-{i}"
        created = False
        step = 0
        while time.monotonic() < stop:
            try:
                client = passerelle.Client(target(), operator=f"op-{i}", timeout=10)
                if not created:
                    try:
                        client.create_session(request, session_id=sid)
                    except ValueError:
                        pass  # created before a kill, answer lost
                    created = True
                session = client.session(sid)
                while time.monotonic() < stop:
                    response = session.solve()
                    p = response.placements[step % len(response.placements)]
                    note = f"s{i}-step{step}"
                    session.ban(p.candidate_id, p.opening_id, note=note)
                    acked[i].append(note)  # acknowledged
                    step += 1
            except Exception:  # noqa: BLE001 - the server was killed under us
                unacked_errors[0] += 1
                time.sleep(0.05)

    kills = 0
    with concurrent.futures.ThreadPoolExecutor(args.streams) as pool:
        futures = [pool.submit(stream, i) for i in range(args.streams)]
        while time.monotonic() < stop - args.kill_every:
            time.sleep(args.kill_every)
            with lock:
                state["server"].kill()
                kills += 1
                state["server"] = Server(args.cli, data, "--workers", "2")
        for f in futures:
            f.result()
    server = state["server"]
    client = passerelle.Client(server.target)
    lost = 0
    mismatched = 0
    for i in range(args.streams):
        info = client.session(f"soak-{i}").info
        notes = [c.note for c in info.changes]
        # Every acknowledged change is there, in order (a change committed
        # whose answer was lost to a kill may be there too).
        it = iter(notes)
        lost += sum(1 for note in acked[i] if note not in it)
        remote = client.session(f"soak-{i}").solve()
        req = client.session(f"soak-{i}").request
        last = info.last_response
        local = passerelle.match(req, previous=last if last.ByteSize() else None)
        mismatched += remote.SerializeToString() != local.SerializeToString()
    code = server.stop()
    verify = subprocess.run([args.cli, "audit", "verify", data], capture_output=True, text=True)
    total = sum(len(v) for v in acked.values())
    print(f"soak {args.seconds} s, SIGKILL every {args.kill_every} s ({kills} kills), {args.streams} edit streams "
          f"on {args.candidates}x{args.openings}: {total} acknowledged changes, {lost} lost, "
          f"{mismatched} solves differing from the library, {unacked_errors[0]} calls cut by a kill; "
          f"exit code {code}; audit: {verify.stdout.strip() or verify.stderr.strip()}")
    return 1 if lost or mismatched or code else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["load", "soak"])
    parser.add_argument("--cli", default="build/passerelle")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--calls", type=int, default=25)
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--openings", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--kill-every", type=float, default=3)
    parser.add_argument("--streams", type=int, default=4)
    args = parser.parse_args()
    sys.exit(run_load(args) if args.mode == "load" else run_soak(args))


if __name__ == "__main__":
    main()
