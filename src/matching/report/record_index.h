// The report's view of the records: candidates and openings in id order
// (the response's order) and their ranks, and each candidate's subgroup
// along the summary's fairness dimensions. Kept while no record is added or
// removed; it does not depend on the solve, so it is built beside it.
#ifndef PASSERELLE_SRC_MATCHING_REPORT_RECORD_INDEX_H_
#define PASSERELLE_SRC_MATCHING_REPORT_RECORD_INDEX_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/model.h"

namespace passerelle::matching {

// Fairness dimensions of the summary's subgroups, as it names them.
inline constexpr int kGroupDimensions = 4;
inline constexpr const char* kGroupDimensionNames[kGroupDimensions] = {"gender", "country_of_origin", "departement",
                                                                       "age_group"};

class RecordIndex {
 public:
  // Indexes `request`'s records unless they are indexed already.
  void Ensure(const MatchRequest& request);
  // A record was added or removed.
  void Invalidate() { valid_ = false; }

  // After `Ensure`: indices in id order, and each index's place in it.
  const std::vector<int32_t>& candidate_order() const { return candidate_order_; }
  const std::vector<int32_t>& opening_order() const { return opening_order_; }
  int32_t candidate_rank(CandidateIndex c) const { return candidate_rank_[c]; }
  int32_t opening_rank(OpeningIndex o) const { return opening_rank_[o]; }
  // After `Ensure`: candidate `c`'s subgroup along dimension `d`, an index
  // into `group_keys(d)` (sorted).
  int32_t candidate_group(CandidateIndex c, int d) const { return candidate_group_[c][d]; }
  const std::vector<std::string>& group_keys(int d) const { return group_keys_[d]; }

 private:
  std::vector<int32_t> candidate_order_, candidate_rank_, opening_order_, opening_rank_;
  std::vector<std::array<int32_t, kGroupDimensions>> candidate_group_;
  std::array<std::vector<std::string>, kGroupDimensions> group_keys_;
  bool valid_ = false;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_REPORT_RECORD_INDEX_H_
