"""The package imports cleanly, re-exports the protos, and its type stubs
describe the extension that was built."""
import ast
import pathlib

import passerelle
from passerelle import _core, v1


def test_public_names_exist_and_are_documented():
    for name in passerelle.__all__:
        obj = getattr(passerelle, name)
        if callable(obj) and name != "ValidationError":
            assert obj.__doc__, f"passerelle.{name} has no docstring"


def test_v1_reexports_messages_enums_and_values():
    from passerelle.v1 import OPENING_KIND_JOB, MatchRequest, MatchResponse, OpeningKind

    assert MatchRequest is v1.passerelle_pb2.MatchRequest
    assert MatchResponse.DESCRIPTOR.full_name == "passerelle.v1.MatchResponse"
    assert OpeningKind.Name(OPENING_KIND_JOB) == "OPENING_KIND_JOB"
    assert isinstance(passerelle.generate(candidates=1, openings=1), MatchRequest)


def test_validation_error_is_a_value_error():
    assert issubclass(passerelle.ValidationError, ValueError)


def test_core_stub_matches_the_extension():
    stub = pathlib.Path(_core.__file__).with_name("_core.pyi")
    tree = ast.parse(stub.read_text())
    declared = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            declared.add(node.target.id)
    built = {name for name in dir(_core) if not name.startswith("_")}
    assert declared == built
    matcher_stub = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Matcher")
    stub_methods = {n.name for n in matcher_stub.body if isinstance(n, ast.FunctionDef)} - {"__init__"}
    assert stub_methods == {n for n in dir(_core.Matcher) if not n.startswith("_")}


def test_package_is_typed():
    assert pathlib.Path(passerelle.__file__).with_name("py.typed").exists()
