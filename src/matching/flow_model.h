// The min-cost-flow network of a request, as passerelle/matcher.h draws it:
//
//     c (supply k_c) --1--> [(c, sector) --1-->] o --seats--> [E_e cap | H_h quota] --> T
//     c --k_c--> [U_g quota] --> T          (unplaced flow)
//
// its node kinds, the arcs the report and warm starts look up, and its
// construction from the network's pairs.
#ifndef PASSERELLE_SRC_MATCHING_FLOW_MODEL_H_
#define PASSERELLE_SRC_MATCHING_FLOW_MODEL_H_

#include <cstdint>
#include <vector>

#include "network_pairs.h"
#include "passerelle/flow/network.h"
#include "passerelle/model.h"
#include "stable_ids.h"

namespace passerelle::matching {

// What a node stands for. With the index below, its key for warm starts.
enum class NodeKind : uint64_t {
  kSink = 0,           // T (index 1)
  kUnplacedGroup = 1,  // U_g: a candidate-side quota group's unplaced flow (quota index)
  kOpening = 2,        // (opening's stable id)
  kEmployerCap = 3,    // E_e: an employer with a cap (employer index)
  kOpeningGroup = 4,   // H_h: an opening-side quota group (quota index)
  kCandidate = 5,      // (candidate's stable id)
  kSector = 6,         // a candidate's track in one sector (candidate's stable id << 8 | sector)
};

// Identifies a node across rebuilds: kind << 56 | index.
inline uint64_t NodeKey(NodeKind kind, uint64_t index) { return static_cast<uint64_t>(kind) << 56 | index; }

// Count bounds on the quotas' arcs, in policy.quotas order.
struct QuotaBounds {
  std::vector<int64_t> lower, upper;

  // No bounds: 0 and kInfiniteCapacity.
  static QuotaBounds None(size_t quotas) {
    return {std::vector<int64_t>(quotas, 0), std::vector<int64_t>(quotas, flow::kInfiniteCapacity)};
  }
};

struct FlowModel {
  flow::Network net;
  // Arc from each opening towards the sink (its seats).
  std::vector<flow::ArcIndex> opening_arcs;
  // Each candidate's unplaced arc: its flow says how many placements are
  // missing, so the report stops scanning a candidate's pairs early.
  std::vector<flow::ArcIndex> unplaced_arcs;
  // `NodeKey` of each node, and of each arc its tail key hash ^ head key:
  // identify nodes and arcs across rebuilds for warm starts (sessions only).
  std::vector<uint64_t> node_keys;
  std::vector<uint64_t> arc_keys;
  // Bounds known to be contradictory while building.
  bool infeasible = false;
  // Geographic part of each node for the cold simplex (empty: none); see
  // MatchOptions::candidates_per_part.
  std::vector<int32_t> node_parts;
  // Arcs of `net`, kept when a one-shot match frees `net` before its report.
  flow::ArcIndex num_arcs = 0;
};

struct FlowModelOptions {
  // Node and arc keys from these ids (sessions' warm starts); null: none.
  const StableIds* keys = nullptr;
  // Threads the arcs are written on.
  int threads = 1;
  // See MatchOptions::candidates_per_part.
  int32_t candidates_per_part = 0;
};

// The network of `request` (quota shapes checked) on `pairs`, whose `arc`
// it sets. Nodes and arcs come in request order, so equal requests give
// equal networks whatever the thread count.
FlowModel BuildFlowModel(const MatchRequest& request, PairLists& pairs, const QuotaBounds& bounds,
                         const FlowModelOptions& options);

// The network of the last solve and the pairs it was built from. A session
// keeps it: bans, pins, locks and seat changes on pairs that have an arc are
// edited in place and re-solved warm; anything else rebuilds.
struct MatchNetwork {
  NetworkPairs pairs;
  FlowModel model;
  // Arcs of `model` closed in place by a ban (capacity 0): not part of the
  // network a cold build of the same request would have.
  int64_t banned_arcs = 0;
  // In-place edits keep `model` equal, up to `banned_arcs`, to a rebuild
  // (false: the next solve rebuilds).
  bool editable = false;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_FLOW_MODEL_H_
