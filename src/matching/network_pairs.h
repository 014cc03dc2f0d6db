// The candidate-opening pairs that enter the flow network: the pairs scoring
// kept above the unplaced penalty, minus bans, plus pins and locks, each
// with its arc once the network is built and the flags in-place edits and
// the greedy baseline set on it.
#ifndef PASSERELLE_SRC_MATCHING_NETWORK_PAIRS_H_
#define PASSERELLE_SRC_MATCHING_NETWORK_PAIRS_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "passerelle/flow/network.h"
#include "passerelle/model.h"
#include "scores.h"

namespace passerelle::matching {

// 16 bytes (a national network has about 36 M of them): the flags in one
// byte, the arc in 32 bits (BuildFlowModel refuses larger networks).
struct ArcPair {
  const Pair* pair = nullptr;     // into the score matrix, an owned row, or the pinned pairs
  bool pinned : 1 = false;        // pinned or locked
  bool pin_only : 1 = false;      // in the network only because it is pinned
  bool banned : 1 = false;        // banned after the network was built (capacity 0)
  bool greedy_taken : 1 = false;  // taken by the last greedy baseline run
  bool previous : 1 = false;      // a previous placement (MatchRequest::previous_placements)
  int32_t arc = -1;               // its arc, once built
};
static_assert(sizeof(void*) != 8 || sizeof(ArcPair) == 16);

// Each candidate's pairs, in opening order.
using PairLists = std::vector<std::vector<ArcPair>>;

struct NetworkPairs {
  PairLists lists;
  // Per candidate: scored pairs left out because they are banned.
  std::vector<int32_t> banned_counts;
  // The pinned and locked pairs, and the previous placements the score
  // matrix does not hold, evaluated for this network: what their
  // `ArcPair::pair` points to (a deque: stable addresses).
  std::deque<Pair> pinned;
  // Previous placements that cannot be kept: a record left, the pair is
  // banned or violates a hard constraint (`Summary::previous_moved_forced`);
  // and those in the network.
  int64_t previous_forced = 0;
  int64_t previous_in_network = 0;
};

// The pairs of `request` that enter its network, from `scores` (ensured).
// Throws `InvalidArgumentError` for a pin that is also a ban or that
// violates a hard constraint. Rows are handled on `threads` threads.
NetworkPairs SelectNetworkPairs(const MatchRequest& request, const ScoreCache& scores, const Taxonomy& taxonomy,
                                int threads);

// Candidate-opening arcs of `lists`.
int64_t PairCount(const PairLists& lists);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_NETWORK_PAIRS_H_
