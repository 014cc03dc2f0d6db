"""Shared fixtures of the Python tests.

Run through CTest (`python_tests`), which sets PYTHONPATH to build/python and
PASSERELLE_CLI to the built command-line tool; by hand:
    PYTHONPATH=build/python PASSERELLE_CLI=build/passerelle /usr/bin/python3 -m pytest tests/python
"""
import os
import shutil

import pytest

import passerelle


@pytest.fixture(scope="session")
def cli():
    """Path of the `passerelle` command-line tool; skips when unknown."""
    path = os.environ.get("PASSERELLE_CLI") or shutil.which("passerelle")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("PASSERELLE_CLI is not set (run through ctest)")
    return path


@pytest.fixture(scope="session")
def small_request():
    """A small Occitanie case, shared read-only: copy before changing it."""
    return passerelle.generate(region="occitanie", candidates=240, openings=60, seed=7)


@pytest.fixture(scope="session")
def small_response(small_request):
    return passerelle.match(small_request)
