// Geographic parts of a request, for the optimiser's part-by-part network
// simplex (flow::SolverOptions::node_parts): recursive bisection of
// the map into `parts` regions of about equal candidate counts (each cut
// within 35-65% of the share it aims at), each cut placed, along latitude or
// longitude, where the fewest sampled candidate-opening pairs cross it.
// Deterministic. Openings belong to the region holding their location.
#ifndef PASSERELLE_SRC_MATCHING_PARTITION_H_
#define PASSERELLE_SRC_MATCHING_PARTITION_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "passerelle/model.h"

namespace passerelle::matching {

struct SampledPair {
  int32_t candidate;
  int32_t opening;
};
struct GeographicParts {
  int32_t parts = 1;
  std::vector<int32_t> candidate_part;
  std::vector<int32_t> opening_part;
};
// Pairs sampled for the cut decisions: about this many are enough.
inline constexpr size_t kPartitionPairSamples = 2'000'000;
// On up to `threads` threads; the parts do not depend on it.
GeographicParts PartitionByGeography(const MatchRequest& request, std::vector<SampledPair> pairs,
                                     int32_t parts, int threads = 1);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_PARTITION_H_
