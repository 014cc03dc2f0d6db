// Stable identities of a session's candidates and openings: a serial number
// per record that survives the removal of others, so that warm starts can
// find a node again across rebuilds (flow_model.h) and explanations stay
// cached (explanation_cache.h).
#ifndef PASSERELLE_SRC_MATCHING_STABLE_IDS_H_
#define PASSERELLE_SRC_MATCHING_STABLE_IDS_H_

#include <cstdint>
#include <vector>

#include "passerelle/model.h"

namespace passerelle::matching {

class StableIds {
 public:
  explicit StableIds(const MatchRequest& request) {
    for (size_t i = 0; i < request.candidates.size(); ++i) candidates_.push_back(next_++);
    for (size_t i = 0; i < request.openings.size(); ++i) openings_.push_back(next_++);
  }

  // Serial of each candidate and opening, in request order.
  const std::vector<uint64_t>& candidates() const { return candidates_; }
  const std::vector<uint64_t>& openings() const { return openings_; }

  // A record was appended to the request, or removed from it at `index`.
  void AddCandidate() { candidates_.push_back(next_++); }
  void AddOpening() { openings_.push_back(next_++); }
  void RemoveCandidate(CandidateIndex index) { candidates_.erase(candidates_.begin() + index); }
  void RemoveOpening(OpeningIndex index) { openings_.erase(openings_.begin() + index); }

 private:
  std::vector<uint64_t> candidates_, openings_;
  uint64_t next_ = 0;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_STABLE_IDS_H_
