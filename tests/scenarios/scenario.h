// A scenario of examples/scenarios, matched, with lookups by id for tests.
#ifndef PASSERELLE_TESTS_SCENARIOS_SCENARIO_H_
#define PASSERELLE_TESTS_SCENARIOS_SCENARIO_H_

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "passerelle/matcher.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"

#ifndef PASSERELLE_SCENARIOS_DIR
#error "PASSERELLE_SCENARIOS_DIR must point at examples/scenarios"
#endif

namespace passerelle::testing {

class Scenario {
 public:
  explicit Scenario(const std::string& name)
      : request_(ReadRequestFile(std::string(PASSERELLE_SCENARIOS_DIR) + "/" + name + "/request.json")),
        response_(Match(request_)) {
    for (const Placement& p : response_.placements) placed_[p.candidate_id].insert(p.opening_id);
    for (const Unplaced& u : response_.unplaced) {
      for (const Reason& r : u.reasons) reasons_[u.candidate_id].insert(r.code);
    }
    for (size_t i = 0; i < request_.openings.size(); ++i) openings_[request_.openings[i].id] = i;
    for (size_t i = 0; i < request_.candidates.size(); ++i) candidates_[request_.candidates[i].id] = i;
  }

  const MatchRequest& request() const { return request_; }
  const MatchResponse& response() const { return response_; }
  const Opening& opening(const std::string& id) const { return request_.openings.at(openings_.at(id)); }
  const Candidate& candidate(const std::string& id) const { return request_.candidates.at(candidates_.at(id)); }
  // Openings `candidate` is placed in.
  std::set<std::string> PlacedIn(const std::string& candidate) const {
    auto it = placed_.find(candidate);
    return it == placed_.end() ? std::set<std::string>{} : it->second;
  }
  bool IsPlacedIn(const std::string& candidate, const std::string& opening) const {
    return PlacedIn(candidate).count(opening) > 0;
  }
  bool HasReason(const std::string& candidate, ReasonCode code) const {
    auto it = reasons_.find(candidate);
    return it != reasons_.end() && it->second.count(code) > 0;
  }
  bool IsUnplaced(const std::string& candidate) const { return reasons_.count(candidate) > 0; }
  const Placement* Find(const std::string& candidate, const std::string& opening) const {
    for (const Placement& p : response_.placements) {
      if (p.candidate_id == candidate && p.opening_id == opening) return &p;
    }
    return nullptr;
  }
  PairEvaluation Evaluate(const std::string& candidate, const std::string& opening) const {
    return EvaluatePair(request_, static_cast<CandidateIndex>(candidates_.at(candidate)),
                        static_cast<OpeningIndex>(openings_.at(opening)));
  }
  // Every candidate is placed as needed or has a reason.
  void ExpectEveryoneAccountedFor() const {
    for (const Candidate& c : request_.candidates) {
      const size_t n = PlacedIn(c.id).size();
      if (n < static_cast<size_t>(c.placements_needed)) {
        EXPECT_TRUE(IsUnplaced(c.id)) << c.id << " placed " << n << " times without a reason";
      }
    }
    for (const Unplaced& u : response_.unplaced) EXPECT_FALSE(u.reasons.empty()) << u.candidate_id;
  }

 private:
  MatchRequest request_;
  MatchResponse response_;
  std::map<std::string, std::set<std::string>> placed_;
  std::map<std::string, std::set<ReasonCode>> reasons_;
  std::map<std::string, size_t> openings_, candidates_;
};

}  // namespace passerelle::testing

#endif  // PASSERELLE_TESTS_SCENARIOS_SCENARIO_H_
