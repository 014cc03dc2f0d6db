"""Fixtures of the service tests: a `passerelle serve` on an ephemeral
loopback port, in a temporary data folder.

Run through CTest (`service_tests`), which sets PYTHONPATH to build/python and
PASSERELLE_CLI to the built tool; by hand:
    PYTHONPATH=build/python PASSERELLE_CLI=build/passerelle /usr/bin/python3 -m pytest tests/service
"""
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

import passerelle

grpc = pytest.importorskip("grpc", reason="grpcio is not installed (Debian: python3-grpcio)")


class Server:
    """A running `passerelle serve`; `stop()` sends SIGTERM and returns the
    exit code, `kill()` sends SIGKILL."""

    def __init__(self, cli, data_dir, *args):
        self.cli = cli
        self.data_dir = str(data_dir)
        self.args = list(args)
        self.log_path = os.path.join(self.data_dir + ".logs", f"serve-{time.monotonic_ns()}.log")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [cli, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir, *self.args],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        self.port = self._wait_for_port()
        self.target = f"127.0.0.1:{self.port}"

    def _wait_for_port(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for record in self.log_records():
                if record.get("event") == "listening":
                    return record["port"]
            if self.process.poll() is not None:
                raise RuntimeError(f"passerelle serve exited with {self.process.returncode}: {self.log_text()}")
            time.sleep(0.02)
        raise RuntimeError("passerelle serve did not start listening: " + self.log_text())

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def log_records(self):
        records = []
        for line in self.log_text().splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                pass
        return records

    def client(self, **kwargs):
        return passerelle.Client(self.target, **kwargs)

    def channel(self):
        return grpc.insecure_channel(self.target)

    def stop(self, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self._log.close()
        return code

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("PASSERELLE_CLI") or shutil.which("passerelle")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("PASSERELLE_CLI is not set (run through ctest)")
    return path


@pytest.fixture
def start_server(cli, tmp_path):
    """Starts servers on the test's data folder; stops them at the end."""
    servers = []

    def start(*args, data_dir=None):
        server = Server(cli, data_dir or tmp_path / "data", *args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.kill()


@pytest.fixture(scope="module")
def server(cli, tmp_path_factory):
    """One server shared by a module's tests (two workers)."""
    s = Server(cli, tmp_path_factory.mktemp("shared") / "data", "--workers", "2")
    yield s
    assert s.stop() == 0


@pytest.fixture(scope="session")
def small_request():
    return passerelle.generate(region="occitanie", candidates=240, openings=60, seed=7)
