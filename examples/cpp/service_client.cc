// A C++ client of `passerelle serve` (docs/service.md): matches a synthetic
// case remotely, then keeps it as a session, bans a pair with a note and
// re-solves.
//
//   passerelle serve --data-dir var/ &
//   example_service_client 127.0.0.1:50051 [TOKEN]
//
// Uses the stubs generated from proto/passerelle/v1/service.proto
// (`passerelle/v1/service.grpc.pb.h`); any language with gRPC can do the same.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <memory>
#include <string>

#include "passerelle/proto.h"
#include "passerelle/synthetic.h"
#include "passerelle/v1/service.grpc.pb.h"

namespace v1 = passerelle::v1;

namespace {

// Every call carries the operator (for the audit trail) and the token.
void Prepare(grpc::ClientContext* context, const std::string& token) {
  context->AddMetadata("x-passerelle-operator", "example-counsellor");
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

bool Check(const grpc::Status& status, const char* call) {
  if (status.ok()) return true;
  std::fprintf(stderr, "%s: %d %s\n", call, static_cast<int>(status.error_code()), status.error_message().c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s HOST:PORT [TOKEN]\n", argv[0]);
    return 2;
  }
  const std::string token = argc > 2 ? argv[2] : "";
  auto stub = v1::Passerelle::NewStub(grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));

  passerelle::synthetic::GeneratorOptions options;
  options.candidates = 300;
  options.openings = 60;
  const v1::MatchRequest request = passerelle::ToProto(passerelle::synthetic::Generate(options));

  v1::MatchResponse response;
  {
    grpc::ClientContext context;
    Prepare(&context, token);
    if (!Check(stub->Match(&context, request, &response), "Match")) return 1;
  }
  std::printf("Match: %d placements, objective %.3f\n", response.placements_size(), response.summary().objective());

  v1::CreateSessionRequest create;
  *create.mutable_request() = request;
  v1::SessionInfo info;
  {
    grpc::ClientContext context;
    Prepare(&context, token);
    if (!Check(stub->CreateSession(&context, create, &info), "CreateSession")) return 1;
  }
  v1::ApplyChangesRequest changes;
  changes.set_session_id(info.session_id());
  v1::SessionChange* ban = changes.add_changes();
  ban->set_note("declined at interview");
  ban->mutable_ban()->set_candidate_id(response.placements(0).candidate_id());
  ban->mutable_ban()->set_opening_id(response.placements(0).opening_id());
  {
    grpc::ClientContext context;
    Prepare(&context, token);
    if (!Check(stub->ApplyChanges(&context, changes, &info), "ApplyChanges")) return 1;
  }
  v1::SolveSessionRequest solve;
  solve.set_session_id(info.session_id());
  {
    grpc::ClientContext context;
    Prepare(&context, token);
    if (!Check(stub->SolveSession(&context, solve, &response), "SolveSession")) return 1;
  }
  std::printf("session %s after %lld change(s): %d placements, objective %.3f\n", info.session_id().c_str(),
              static_cast<long long>(info.change_count()), response.placements_size(), response.summary().objective());
  return 0;
}
