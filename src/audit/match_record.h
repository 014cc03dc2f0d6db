// Filling an audit record (audit.h) from a match: its policy, status,
// objective, counts, hashes and the overrides of the policy.
#ifndef PASSERELLE_SRC_AUDIT_MATCH_RECORD_H_
#define PASSERELLE_SRC_AUDIT_MATCH_RECORD_H_

#include <string>
#include <string_view>

#include "audit.h"
#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle::audit {

// A record of `call` on `request` that gave `response`, whose binary
// serialization is `response_bytes`. `request_sha256` is the hash of the
// request's bytes as received. The policy's pins, locks and bans are listed
// as overrides with their notes.
Record MatchRecord(std::string call, std::string request_sha256, const MatchRequest& request,
                   const MatchResponse& response, std::string_view response_bytes);

// The policy of `request` as protobuf JSON (one line).
std::string PolicyJson(const MatchRequest& request);

// The wire name of `status` (SOLVE_STATUS_OPTIMAL, ...).
std::string SolveStatusName(MatchStatus status);

}  // namespace passerelle::audit

#endif  // PASSERELLE_SRC_AUDIT_MATCH_RECORD_H_
