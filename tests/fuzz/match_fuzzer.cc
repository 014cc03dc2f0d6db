// Fuzz target: `Match` end to end on small requests.
//
// The first byte chooses the format (JSON, binary, text), the rest is the
// request file. Requests over the size caps below are skipped before
// matching (the CLI's --max-* limits do the same for users). Properties:
// - `Match` returns or throws `InvalidArgumentError` (conflicting pins,
//   limits), nothing else;
// - every placement names a request candidate and opening, no opening gets
//   more placements than seats, no candidate more than it needs, no banned
//   pair is placed, every unplaced candidate has a reason, each candidate is
//   placed or unplaced;
// - the response serialises in every format, and matching again with
//   another thread count gives byte-identical output;
// - a `Matcher` session re-solved warm after bans, pins, locks, capacity
//   changes and removals gives the bytes of a cold `Match` of its request.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>

#include "fuzz_oracle.h"
#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/proto.h"

namespace {

using passerelle::FileFormat;

constexpr FileFormat kFormats[] = {FileFormat::kJson, FileFormat::kBinary, FileFormat::kText};
constexpr int kMaxCandidates = 50;
constexpr int kMaxOpenings = 30;
constexpr int kMaxOverrides = 60;

bool Small(const passerelle::v1::MatchRequest& r) {
  return r.candidates_size() <= kMaxCandidates && r.openings_size() <= kMaxOpenings &&
         r.employers_size() <= kMaxOpenings && r.policy().pins_size() + r.policy().bans_size() +
                                                       r.policy().locks_size() <= kMaxOverrides &&
         r.policy().quotas_size() <= 6;
}

}  // namespace

// protobuf logs every invalid string it meets; the properties say enough.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  passerelle::v1::MatchRequest proto;
  passerelle::MatchRequest request;
  try {
    passerelle::ParseMessage(bytes, kFormats[data[0] % 3], "fuzz", &proto);
    if (!Small(proto)) return 0;
    request = passerelle::FromProto(proto);
  } catch (const passerelle::InvalidArgumentError&) {
    return 0;
  }
  passerelle::MatchResponse response;
  try {
    response = passerelle::Match(request, {.execution = {.threads = 1}});
  } catch (const passerelle::InvalidArgumentError& e) {
    FUZZ_CHECK(e.what()[0] != '\0', "empty error message");
    return 0;
  }

  std::map<std::string, int32_t> seats;
  for (const auto& o : request.openings) seats.emplace(o.id, o.capacity);
  std::map<std::string, int32_t> needs;
  for (const auto& c : request.candidates) needs.emplace(c.id, c.placements_needed);
  std::set<std::pair<std::string, std::string>> banned;
  for (const auto& b : request.bans) {
    banned.insert({request.candidates[b.candidate].id, request.openings[b.opening].id});
  }
  std::map<std::string, int32_t> per_opening, per_candidate;
  for (const auto& p : response.placements) {
    FUZZ_CHECK(seats.count(p.opening_id), "placement to unknown opening " + p.opening_id);
    FUZZ_CHECK(needs.count(p.candidate_id), "placement of unknown candidate " + p.candidate_id);
    FUZZ_CHECK(!banned.count({p.candidate_id, p.opening_id}), "banned pair placed: " + p.candidate_id + " -> " + p.opening_id);
    FUZZ_CHECK(++per_opening[p.opening_id] <= seats[p.opening_id], "opening over capacity: " + p.opening_id);
    FUZZ_CHECK(++per_candidate[p.candidate_id] <= needs[p.candidate_id], "candidate placed too often: " + p.candidate_id);
  }
  for (const auto& u : response.unplaced) {
    FUZZ_CHECK(needs.count(u.candidate_id), "unplaced unknown candidate " + u.candidate_id);
    FUZZ_CHECK(!u.reasons.empty(), "unplaced without a reason: " + u.candidate_id);
  }
  std::set<std::string> unplaced;
  for (const auto& u : response.unplaced) unplaced.insert(u.candidate_id);
  for (const auto& c : request.candidates) {
    FUZZ_CHECK(per_candidate.count(c.id) || unplaced.count(c.id), "candidate neither placed nor unplaced: " + c.id);
  }
  FUZZ_CHECK(response.summary.placements == static_cast<int64_t>(response.placements.size()),
             "summary.placements disagrees with placements");

  const passerelle::v1::MatchResponse out = passerelle::ToProto(response);
  std::string serialized[3];
  for (int g = 0; g < 3; ++g) serialized[g] = passerelle::SerializeMessage(out, kFormats[g]);

  // A session re-solved warm after a few counsellor changes answers exactly
  // what a cold `Match` of the changed request answers (matcher.h). The
  // changes are drawn from a hash of the input.
  uint64_t h = std::hash<std::string_view>{}(bytes);
  passerelle::Matcher session(request, {.execution = {.threads = 1}});
  if (h % 2 == 0) session.Solve();  // otherwise the first change comes before any solve
  h /= 2;
  for (int step = 0; step < 3; ++step) {
    const passerelle::MatchRequest& now = session.request();
    if (now.candidates.empty() || now.openings.empty()) break;
    const std::string c = now.candidates[h % now.candidates.size()].id;
    const std::string o = now.openings[(h >> 12) % now.openings.size()].id;
    const uint64_t what = (h >> 24) % 6;
    h = h * 6364136223846793005u + 1442695040888963407u;
    try {
      switch (what) {
        case 0: session.Ban(c, o); break;
        case 1: session.Pin(c, o); break;
        case 2: session.Lock(c, o); break;
        case 3: session.SetCapacity(o, static_cast<int32_t>(h % 4)); break;
        case 4: session.ClearOverride(c, o); break;
        case 5: session.RemoveCandidate(c); break;
      }
    } catch (const passerelle::InvalidArgumentError&) {
      continue;  // refused change: the session must be unchanged
    }
    std::string warm, cold;
    double warm_objective = 0, cold_objective = 0;
    bool warm_refused = false, cold_refused = false;
    try {
      const passerelle::MatchResponse& r = session.Solve();
      warm_objective = r.summary.objective;
      warm = passerelle::SerializeMessage(passerelle::ToProto(r), FileFormat::kBinary);
    } catch (const passerelle::InvalidArgumentError&) {
      warm_refused = true;
    }
    try {
      const passerelle::MatchResponse r = passerelle::Match(session.request(), {.execution = {.threads = 1}});
      cold_objective = r.summary.objective;
      cold = passerelle::SerializeMessage(passerelle::ToProto(r), FileFormat::kBinary);
    } catch (const passerelle::InvalidArgumentError&) {
      cold_refused = true;
    }
    FUZZ_CHECK(warm_refused == cold_refused, std::string("after change ") + std::to_string(what) + " (" + c + ", " +
                                                 o + "): warm " + (warm_refused ? "refused" : "solved") +
                                                 ", cold " + (cold_refused ? "refused" : "solved"));
    if (warm_refused) break;
    passerelle::v1::MatchResponse warm_proto, cold_proto;
    warm_proto.ParseFromString(warm);
    cold_proto.ParseFromString(cold);
    // The session's contract (matcher.h): an optimum of the changed request,
    // Match()'s objective; among equally good assignments it may keep
    // another one, even with another placement count when a placement adds
    // nothing to the objective (regressions/match/warm-alternative-optimum:
    // 28 against 27 placements, objective 10.533273 both). Identical
    // responses need nothing more.
    std::string diff;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    if (differencer.Compare(warm_proto, cold_proto)) continue;
    diff.resize(std::min<size_t>(diff.size(), 600));
    const auto& ws = warm_proto.summary();
    const auto& cs = cold_proto.summary();
    const std::string context = diff + "\n  after change " + std::to_string(what) + " (" + c + ", " + o +
                                "): warm re-solve (objective " + std::to_string(warm_objective) + ", " +
                                std::to_string(ws.placements()) + " placements) against a cold Match (objective " +
                                std::to_string(cold_objective) + ", " + std::to_string(cs.placements()) + ")";
    const double tolerance = 1e-6 * (1 + static_cast<double>(std::max(ws.placements(), cs.placements())));
    FUZZ_CHECK(std::abs(warm_objective - cold_objective) <= tolerance, "objectives differ: " + context);
    FUZZ_CHECK(ws.status() == cs.status() && ws.pairs_feasible() == cs.pairs_feasible() &&
                   ws.network_arcs() == cs.network_arcs() && ws.greedy_placements() == cs.greedy_placements(),
               "status, feasible pairs, network arcs or greedy baseline differ: " + context);
  }

  // Determinism across thread counts (only for inputs with some work to share).
  if (request.candidates.size() >= 8) {
    const passerelle::MatchResponse other = passerelle::Match(request, {.execution = {.threads = 2}});
    FUZZ_CHECK(passerelle::SerializeMessage(passerelle::ToProto(other), FileFormat::kBinary) == serialized[1],
               "responses differ between 1 and 2 threads");
  }
  return 0;
}
