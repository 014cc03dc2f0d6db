"""`passerelle.Client`: the `passerelle serve` gRPC service from Python.

    client = passerelle.Client("127.0.0.1:50051", token="...", operator="counsellor-7")
    response = client.match(request)              # passerelle.v1.MatchResponse
    session = client.create_session(request)      # kept on the server, in SQLite
    session.ban("c-000001", "o-000007", note="declined at interview")
    session.solve()                               # stable: last answer's placements kept
    client.session(session.id).request            # from any process, after a restart

Server errors map to Python's: INVALID_ARGUMENT and RESOURCE_EXHAUSTED to
`ValueError`, NOT_FOUND to `LookupError`, DEADLINE_EXCEEDED to
`TimeoutError`, UNAUTHENTICATED to `PermissionError`; anything else stays a
`grpc.RpcError`. Needs grpcio (Debian: python3-grpcio).
"""
from typing import Any, List, Optional, Sequence, Tuple, Union

from passerelle.v1 import passerelle_pb2 as pb

RequestLike = Union[pb.MatchRequest, bytes]


def _grpc() -> Any:
    try:
        import grpc
    except ImportError as error:  # pragma: no cover - depends on the set-up
        raise ImportError("passerelle.Client needs grpcio (Debian: python3-grpcio; pip: grpcio)") from error
    return grpc


def _stubs() -> Tuple[Any, Any]:
    try:
        from passerelle.v1 import service_pb2, service_pb2_grpc
    except ImportError as error:  # pragma: no cover - depends on the build
        raise ImportError(
            "passerelle.Client: passerelle.v1.service_pb2_grpc is missing (built when "
            "grpc_python_plugin is found: Debian protobuf-compiler-grpc)"
        ) from error
    return service_pb2, service_pb2_grpc


def _map_error(error: Any) -> Exception:
    grpc = _grpc()
    code = error.code()
    message = f"{error.details()}"
    if code in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ALREADY_EXISTS):
        return ValueError(message)
    if code == grpc.StatusCode.NOT_FOUND:
        return LookupError(message)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return TimeoutError(message)
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return PermissionError(message)
    return error


def _request_message(request: RequestLike) -> pb.MatchRequest:
    if isinstance(request, (bytes, bytearray)):
        return pb.MatchRequest.FromString(bytes(request))
    if not isinstance(request, pb.MatchRequest):
        raise TypeError(f"request: expected a passerelle.v1.MatchRequest or its bytes, got {type(request).__name__}")
    return request


class Client:
    """A connection to `passerelle serve`.

    `target`: "host:port". `token`: the server's bearer token, if it has one.
    `tls`: None for plaintext (loopback), True for TLS with the system's
    roots, or the PEM bytes of the certificate to trust. `operator`: who
    acts, sent with every call (metadata `x-passerelle-operator`): it is the
    operator of the audit records and of session changes. `timeout`: seconds
    per call (the deadline bounds the server's solve), None for none.
    """

    def __init__(
        self,
        target: str,
        token: Optional[str] = None,
        tls: Union[None, bool, bytes] = None,
        operator: str = "",
        timeout: Optional[float] = None,
    ) -> None:
        grpc = _grpc()
        service_pb2, service_pb2_grpc = _stubs()
        self._pb = service_pb2
        options = [("grpc.max_receive_message_length", -1), ("grpc.max_send_message_length", -1)]
        if tls is None or tls is False:
            self._channel = grpc.insecure_channel(target, options=options)
        else:
            roots = None if tls is True else bytes(tls)
            self._channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(roots), options=options)
        self._stub = service_pb2_grpc.PasserelleStub(self._channel)
        self._metadata: List[Tuple[str, str]] = []
        if token:
            self._metadata.append(("authorization", f"Bearer {token}"))
        if operator:
            self._metadata.append(("x-passerelle-operator", operator))
        self.operator = operator
        self.timeout = timeout

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, message: Any, timeout: Optional[float] = None) -> Any:
        try:
            return getattr(self._stub, method)(
                message, metadata=self._metadata, timeout=self.timeout if timeout is None else timeout
            )
        except _grpc().RpcError as error:
            raise _map_error(error) from None

    def validate(self, request: RequestLike) -> Any:
        """Checks a request: `ValueError` listing every problem, or a
        `ValidateResponse` (counts and warnings)."""
        return self._call("Validate", _request_message(request))

    def match(self, request: RequestLike, timeout: Optional[float] = None) -> pb.MatchResponse:
        """Matches a request on the server: the response `passerelle.match`
        gives, byte for byte."""
        return self._call("Match", _request_message(request), timeout)

    def explain(self, request: RequestLike, candidate_id: str, opening_id: str) -> pb.PairExplanation:
        """Why a candidate fits an opening or not (`passerelle.v1.PairExplanation`)."""
        message = self._pb.ExplainRequest(
            request=_request_message(request), candidate_id=candidate_id, opening_id=opening_id
        )
        return self._call("Explain", message)

    def create_session(self, request: RequestLike, session_id: str = "") -> "RemoteSession":
        """Stores `request` on the server as a new session."""
        info = self._call(
            "CreateSession", self._pb.CreateSessionRequest(request=_request_message(request), session_id=session_id)
        )
        return RemoteSession(self, info.session_id)

    def session(self, session_id: str) -> "RemoteSession":
        """An existing session (`LookupError` if the server has none by that id)."""
        self._call("GetSession", self._pb.GetSessionRequest(session_id=session_id))
        return RemoteSession(self, session_id)

    def list_sessions(self) -> Sequence[Any]:
        """Every session's `SessionInfo`, oldest first."""
        return list(self._call("ListSessions", self._pb.ListSessionsRequest()).sessions)

    def delete_session(self, session_id: str) -> None:
        self._call("DeleteSession", self._pb.DeleteSessionRequest(session_id=session_id))


class RemoteSession:
    """A session on the server, with the methods of `passerelle.Matcher`.

    Each change is one `ApplyChanges` call, committed on the server's disk
    before it returns, with the client's operator and the `note` given.
    """

    def __init__(self, client: Client, session_id: str) -> None:
        self._client = client
        self.id = session_id

    def _change(self, note: str = "", **change: Any) -> None:
        pb_ = self._client._pb
        message = pb_.SessionChange(operator_id=self._client.operator, note=note, **change)
        self._client._call("ApplyChanges", pb_.ApplyChangesRequest(session_id=self.id, changes=[message]))

    def apply(self, changes: Sequence[Any]) -> Any:
        """Applies several `SessionChange`s at once (all or none)."""
        pb_ = self._client._pb
        return self._client._call("ApplyChanges", pb_.ApplyChangesRequest(session_id=self.id, changes=list(changes)))

    def solve(self, timeout: Optional[float] = None) -> pb.MatchResponse:
        """Solves the current request; the last answer's placements are kept
        unless a change forces a move or moving gains enough."""
        return self._client._call("SolveSession", self._client._pb.SolveSessionRequest(session_id=self.id), timeout)

    @property
    def request(self) -> pb.MatchRequest:
        """The current request, every change applied."""
        pb_ = self._client._pb
        return self._client._call("GetSession", pb_.GetSessionRequest(session_id=self.id, include_request=True)).request

    @property
    def info(self) -> Any:
        """The `Session`: info, changes with operators and notes, last response."""
        return self._client._call("GetSession", self._client._pb.GetSessionRequest(session_id=self.id))

    def add_candidate(self, candidate: Union[pb.Candidate, bytes], note: str = "") -> None:
        if isinstance(candidate, (bytes, bytearray)):
            candidate = pb.Candidate.FromString(bytes(candidate))
        self._change(note, add_candidate=candidate)

    def remove_candidate(self, candidate_id: str, note: str = "") -> None:
        self._change(note, remove_candidate=candidate_id)

    def add_opening(self, opening: Union[pb.Opening, bytes], note: str = "") -> None:
        if isinstance(opening, (bytes, bytearray)):
            opening = pb.Opening.FromString(bytes(opening))
        self._change(note, add_opening=opening)

    def remove_opening(self, opening_id: str, note: str = "") -> None:
        self._change(note, remove_opening=opening_id)

    def set_capacity(self, opening_id: str, capacity: int, note: str = "") -> None:
        self._change(note, set_capacity=self._client._pb.CapacityChange(opening_id=opening_id, capacity=capacity))

    def pin(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        self._change(note, pin=pb.PairOverride(candidate_id=candidate_id, opening_id=opening_id, note=note))

    def lock(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        self._change(note, lock=pb.PairOverride(candidate_id=candidate_id, opening_id=opening_id, note=note))

    def ban(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        self._change(note, ban=pb.PairOverride(candidate_id=candidate_id, opening_id=opening_id, note=note))

    def clear_override(self, candidate_id: str, opening_id: str, note: str = "") -> None:
        self._change(note, clear_override=pb.PairOverride(candidate_id=candidate_id, opening_id=opening_id))
