// Filling an audit record from a match (match_record.h).
#include "match_record.h"

#include <google/protobuf/util/json_util.h>

#include "passerelle/proto.h"

namespace passerelle::audit {

std::string SolveStatusName(MatchStatus status) {
  switch (status) {
    case MatchStatus::kOptimal: return "SOLVE_STATUS_OPTIMAL";
    case MatchStatus::kInfeasible: return "SOLVE_STATUS_INFEASIBLE";
    case MatchStatus::kFeasibleNotProven: return "SOLVE_STATUS_FEASIBLE_NOT_PROVEN";
  }
  return "SOLVE_STATUS_UNSPECIFIED";
}

std::string PolicyJson(const MatchRequest& request) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(ToProto(request.policy), &json, options).ok()) return "null";
  return json;
}

Record MatchRecord(std::string call, std::string request_sha256, const MatchRequest& request,
                   const MatchResponse& response, std::string_view response_bytes) {
  Record r;
  r.call = std::move(call);
  r.request_sha256 = std::move(request_sha256);
  r.policy_json = PolicyJson(request);
  if (request.policy.score_model) {
    // The model in force, on its own too: an auditor compares it with the
    // fit that produced it.
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (google::protobuf::util::MessageToJsonString(ToProto(*request.policy.score_model), &json, options).ok()) {
      r.model_json = json;
    }
  }
  r.status = "OK";
  r.solve_status = SolveStatusName(response.summary.status);
  r.objective = response.summary.objective;
  r.candidates = static_cast<int64_t>(request.candidates.size());
  r.openings = static_cast<int64_t>(request.openings.size());
  r.placements = static_cast<int64_t>(response.placements.size());
  r.unplaced = static_cast<int64_t>(response.unplaced.size());
  r.response_sha256 = Sha256Hex(response_bytes);
  auto add = [&](const char* kind, const std::vector<PairOverride>& overrides) {
    for (const PairOverride& o : overrides) {
      OverrideEntry& e = r.overrides.emplace_back();
      e.kind = kind;
      e.candidate_id = request.candidates[o.candidate].id;
      e.opening_id = request.openings[o.opening].id;
      e.note = o.note;
    }
  };
  add("pin", request.pins);
  add("lock", request.locks);
  add("ban", request.bans);
  return r;
}

}  // namespace passerelle::audit
