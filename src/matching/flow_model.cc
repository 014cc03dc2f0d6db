// The min-cost-flow network of a request (see flow_model.h).
#include "flow_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "internal.h"
#include "partition.h"
#include "passerelle/matcher.h"
#include "quotas.h"

namespace passerelle::matching {
namespace {

using flow::ArcIndex;
using flow::Cost;
using flow::NodeIndex;

// A candidate who needs several placements in distinct sectors reaches its
// openings through one node per sector (an arc of capacity 1 into each).
bool SplitsSectors(const Policy& policy, const Candidate& cand) {
  return policy.distinct_sectors && cand.placements_needed > 1;
}

// The sector nodes of one candidate, right after its own node, numbered in
// the order the sectors first appear among its pairs.
class SectorTracks {
 public:
  // Offset of `sector`'s node from the candidate's node (1, 2, ...);
  // `*first`: whether the sector appears here for the first time.
  NodeIndex Of(char sector, bool* first) {
    const size_t at = seen_.find(sector);
    *first = at == std::string::npos;
    if (*first) seen_.push_back(sector);
    return static_cast<NodeIndex>(*first ? seen_.size() : at + 1);
  }

 private:
  std::string seen_;
};

// Nodes, supplies and arc counts of the candidates, before their arcs.
struct CandidateLayout {
  std::vector<NodeIndex> node;
  std::vector<NodeIndex> unplaced_head;
  // First arc of each candidate, relative to the first candidate arc (n + 1
  // entries): its unplaced arc, then per pair its sector arc (where the
  // sector first appears) and its pair arc.
  std::vector<int64_t> first_arc;
};

}  // namespace

FlowModel BuildFlowModel(const MatchRequest& r, PairLists& pairs, const QuotaBounds& bounds,
                         const FlowModelOptions& options) {
  const Policy& policy = r.policy;
  FlowModel b;
  flow::Network& net = b.net;
  const StableIds* ids = options.keys;
  auto node = [&](NodeKind kind, uint64_t index) {
    if (ids != nullptr) b.node_keys.push_back(NodeKey(kind, index));
    return net.AddNode();
  };
  auto opening_id = [&](size_t o) { return ids != nullptr ? ids->openings()[o] : 0; };
  auto candidate_id = [&](size_t c) { return ids != nullptr ? ids->candidates()[c] : 0; };
  const size_t pair_arcs = static_cast<size_t>(PairCount(pairs));
  {
    const size_t shared = 1 + r.openings.size() + r.employers.size() + 2 * policy.quotas.size();
    net.Reserve(static_cast<NodeIndex>(shared + r.candidates.size()),
                static_cast<ArcIndex>(shared + r.candidates.size() + pair_arcs));
    b.opening_arcs.reserve(r.openings.size());
  }
  const NodeIndex sink = node(NodeKind::kSink, 1);
  const QuotaSides quota_sides = QuotaSidesOf(policy);

  // Openings, then employer caps and opening-side quota groups.
  std::vector<NodeIndex> opening_node(r.openings.size());
  for (size_t o = 0; o < r.openings.size(); ++o) opening_node[o] = node(NodeKind::kOpening, opening_id(o));
  std::vector<NodeIndex> employer_node(r.employers.size(), -1);
  for (size_t e = 0; e < r.employers.size(); ++e) {
    const int32_t cap = EmployerCap(r, static_cast<EmployerIndex>(e));
    if (cap > 0) {
      employer_node[e] = node(NodeKind::kEmployerCap, e);
      net.AddArc(employer_node[e], sink, 0, cap, 0);
    }
  }
  std::unordered_map<std::string, NodeIndex> opening_group;
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    const Quota& q = policy.quotas[qi];
    if (!IsOpeningDimension(q.dimension)) continue;
    const NodeIndex h = node(NodeKind::kOpeningGroup, qi);
    opening_group[q.value] = h;
    net.AddArc(h, sink, bounds.lower[qi], bounds.upper[qi], 0);
  }
  for (size_t o = 0; o < r.openings.size(); ++o) {
    const Opening& op = r.openings[o];
    NodeIndex next = sink;
    if (op.employer != kNoEmployer && employer_node[op.employer] >= 0) {
      next = employer_node[op.employer];
    } else if (quota_sides.opening) {
      auto it = opening_group.find(OpeningValue(op, *quota_sides.opening));
      if (it != opening_group.end()) next = it->second;
    }
    b.opening_arcs.push_back(net.AddArc(opening_node[o], next, 0, op.capacity, 0));
  }

  // Candidate-side quotas bound a group's placements through its unplaced
  // flow: placements_g = needed_g - unplaced_g, so
  // lower <= placements_g <= upper  <=>  needed_g - upper <= unplaced_g <= needed_g - lower.
  std::unordered_map<std::string, size_t> candidate_group_quota;
  std::vector<int64_t> group_needed(policy.quotas.size(), 0);
  if (quota_sides.candidate) {
    for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
      if (!IsOpeningDimension(policy.quotas[qi].dimension)) candidate_group_quota[policy.quotas[qi].value] = qi;
    }
    for (const Candidate& cand : r.candidates) {
      auto it = candidate_group_quota.find(CandidateValue(cand, *quota_sides.candidate));
      if (it != candidate_group_quota.end()) group_needed[it->second] += cand.placements_needed;
    }
  }
  std::vector<NodeIndex> unplaced_group(policy.quotas.size(), -1);
  for (const auto& [value, qi] : candidate_group_quota) {
    (void)value;
    unplaced_group[qi] = node(NodeKind::kUnplacedGroup, qi);
  }
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    if (unplaced_group[qi] < 0) continue;
    const int64_t needed = group_needed[qi];
    const int64_t lower =
        bounds.upper[qi] == flow::kInfiniteCapacity ? 0 : std::max<int64_t>(0, needed - bounds.upper[qi]);
    // A minimum above what the group can place is infeasible: keep the
    // bound honest (negative upper bounds are not representable).
    const int64_t upper = needed - std::min(needed + 1, bounds.lower[qi]);
    if (upper < lower) {
      // The bounds contradict each other (a minimum above what the group
      // can place, or shares rounding to an empty range): no flow exists.
      b.infeasible = true;
      net.AddArc(unplaced_group[qi], sink, 0, needed, 0);
    } else {
      net.AddArc(unplaced_group[qi], sink, lower, upper, 0);
    }
  }

  // Candidates: supply = placements needed; an unplaced arc; one arc per
  // feasible pair (through per-sector nodes for distinct-sector tracks).
  // Nodes and supplies first, one candidate after the other (each followed
  // by its sector nodes); then the arcs, written in slices on the threads
  // (47 M arcs nationally).
  const size_t n = r.candidates.size();
  CandidateLayout layout;
  layout.node.resize(n);
  layout.unplaced_head.resize(n);
  layout.first_arc.assign(n + 1, 0);
  flow::Flow total_supply = 0;
  for (size_t c = 0; c < n; ++c) {
    const Candidate& cand = r.candidates[c];
    layout.node[c] = node(NodeKind::kCandidate, candidate_id(c));
    net.SetSupply(layout.node[c], cand.placements_needed);
    total_supply += cand.placements_needed;
    layout.unplaced_head[c] = sink;
    if (quota_sides.candidate) {
      auto it = candidate_group_quota.find(CandidateValue(cand, *quota_sides.candidate));
      if (it != candidate_group_quota.end()) layout.unplaced_head[c] = unplaced_group[it->second];
    }
    int64_t sector_arcs = 0;
    if (SplitsSectors(policy, cand)) {
      SectorTracks tracks;
      for (const ArcPair& ap : pairs[c]) {
        const char sector = r.openings[ap.pair->opening].sector();
        bool first;
        tracks.Of(sector, &first);
        if (first) {
          node(NodeKind::kSector, candidate_id(c) << 8 | static_cast<uint8_t>(sector));
          ++sector_arcs;
        }
      }
    }
    layout.first_arc[c + 1] = layout.first_arc[c] + 1 + sector_arcs + static_cast<int64_t>(pairs[c].size());
  }
  auto pair_cost = [&](const Candidate& cand, const ArcPair& ap) {
    return -static_cast<Cost>(std::llround(kScoreScale * cand.priority * (ap.pair->score - policy.unplaced_penalty)));
  };
  b.unplaced_arcs.resize(n);
  const ArcIndex base = net.num_arcs();
  // Arcs [from, to) of candidate c's sequence (relative to its first arc),
  // through its sector nodes: replayed from the start, since the slice may
  // begin inside the sequence. Such candidates are few.
  auto write_sector_tracks = [&](size_t c, int64_t from, int64_t to, flow::Network::ArcWriter& writer) {
    const Candidate& cand = r.candidates[c];
    const NodeIndex cn = layout.node[c];
    const ArcIndex first = base + static_cast<ArcIndex>(layout.first_arc[c]);
    int64_t j = 0;  // the arc of the sequence at hand
    if (j >= from && j < to) {
      b.unplaced_arcs[c] = first;
      writer.Add(cn, layout.unplaced_head[c], cand.placements_needed, 0);
    }
    ++j;
    SectorTracks tracks;
    for (ArcPair& ap : pairs[c]) {
      if (j >= to) break;
      bool new_track;
      const NodeIndex track = cn + tracks.Of(r.openings[ap.pair->opening].sector(), &new_track);
      if (new_track) {
        if (j >= from) writer.Add(cn, track, 1, 0);
        if (++j >= to) break;
      }
      if (j >= from) {
        ap.arc = first + static_cast<ArcIndex>(j);
        writer.Add(track, opening_node[ap.pair->opening], 1, pair_cost(cand, ap));
      }
      ++j;
    }
  };
  const std::vector<int64_t>& first_arc = layout.first_arc;
  net.AddArcs(first_arc[n], options.threads, [&](ArcIndex begin, ArcIndex end, flow::Network::ArcWriter& writer) {
    auto c = static_cast<size_t>(std::upper_bound(first_arc.begin(), first_arc.end(), begin) - first_arc.begin() - 1);
    for (int64_t k = begin; k < end; ++c) {
      const Candidate& cand = r.candidates[c];
      if (SplitsSectors(policy, cand)) {
        const int64_t to = std::min<int64_t>(end, first_arc[c + 1]);
        write_sector_tracks(c, k - first_arc[c], to - first_arc[c], writer);
        k = to;
        continue;
      }
      for (int64_t j = k - first_arc[c]; j <= static_cast<int64_t>(pairs[c].size()) && k < end; ++j, ++k) {
        if (j == 0) {
          b.unplaced_arcs[c] = base + static_cast<ArcIndex>(k);
          writer.Add(layout.node[c], layout.unplaced_head[c], cand.placements_needed, 0);
          continue;
        }
        ArcPair& ap = pairs[c][j - 1];
        ap.arc = base + static_cast<ArcIndex>(k);
        writer.Add(layout.node[c], opening_node[ap.pair->opening], 1, pair_cost(cand, ap));
      }
    }
  });
  // Pins and locks are lower bounds of 1 (the arc writer only writes 0).
  for (const auto* list : {&r.pins, &r.locks}) {
    for (const PairOverride& pin : *list) {
      for (const ArcPair& ap : pairs[pin.candidate]) {
        if (ap.pinned) net.SetLower(ap.arc, 1);
      }
    }
  }
  net.SetSupply(sink, -total_supply);
  b.num_arcs = net.num_arcs();
  if (ids != nullptr) {
    b.arc_keys.resize(static_cast<size_t>(net.num_arcs()));
    for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
      b.arc_keys[a] = b.node_keys[net.tail(a)] * 0x9E3779B97F4A7C15ULL ^ b.node_keys[net.head(a)];
    }
  }

  const int32_t per_part = options.candidates_per_part;
  if (per_part > 0 && n >= 2 * static_cast<size_t>(per_part)) {
    const size_t step = std::max<size_t>(1, pair_arcs / kPartitionPairSamples);
    std::vector<SampledPair> sample;
    sample.reserve(pair_arcs / step + 1);
    size_t k = 0;
    for (size_t c = 0; c < pairs.size(); ++c) {
      for (const ArcPair& ap : pairs[c]) {
        if (k++ % step == 0) sample.push_back({static_cast<int32_t>(c), ap.pair->opening});
      }
    }
    const GeographicParts geo = PartitionByGeography(r, std::move(sample), static_cast<int32_t>(n / per_part));
    // Shared by every part: the sink and the quota nodes (-1).
    b.node_parts.assign(net.num_nodes(), -1);
    for (size_t o = 0; o < r.openings.size(); ++o) {
      const int32_t part = geo.opening_part[o];
      b.node_parts[opening_node[o]] = part;
      const EmployerIndex e = r.openings[o].employer;
      // An employer's cap node goes with its first opening.
      if (e != kNoEmployer && employer_node[e] >= 0 && b.node_parts[employer_node[e]] < 0) {
        b.node_parts[employer_node[e]] = part;
      }
    }
    // Each candidate node is followed by its per-sector nodes.
    for (size_t c = 0; c < n; ++c) {
      const NodeIndex end = c + 1 < n ? layout.node[c + 1] : net.num_nodes();
      for (NodeIndex v = layout.node[c]; v < end; ++v) b.node_parts[v] = geo.candidate_part[c];
    }
  }
  return b;
}

}  // namespace passerelle::matching
