// The min-cost-flow network of a request (see flow_model.h), built layer by
// layer: the sink, the openings and what bounds their seats (employer caps,
// opening-side quota groups), the candidate-side quota groups, then the
// candidates with their arcs.
//
// One path builds every network, one-shot or session, with or without sector
// tracks and pins: the candidates' nodes first, in order, then all their
// arcs written in slices on the threads (37 M arcs nationally), then what
// the slices cannot write (pins' lower bounds; a session's arc keys, from the
// finished arrays).
#include "flow_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "internal.h"
#include "partition.h"
#include "passerelle/error.h"
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

class Builder {
 public:
  Builder(const MatchRequest& r, PairLists& pairs, const QuotaBounds& bounds, const FlowModelOptions& options)
      : r_(r), policy_(r.policy), pairs_(pairs), bounds_(bounds), options_(options), net_(model_.net) {}

  FlowModel Build() && {
    pair_arcs_ = static_cast<size_t>(PairCount(pairs_));
    const size_t shared = 1 + r_.openings.size() + r_.employers.size() + 2 * policy_.quotas.size();
    net_.Reserve(static_cast<NodeIndex>(shared + r_.candidates.size()),
                 static_cast<ArcIndex>(shared + r_.candidates.size() + pair_arcs_));
    sink_ = AddNode(NodeKind::kSink, 1);
    quota_sides_ = QuotaSidesOf(policy_);
    AddOpenings();
    AddCandidateGroups();
    AddCandidateNodes();
    AddCandidateArcs();
    // Pins and locks are lower bounds of 1 (the arc writer writes 0).
    for (const auto* list : {&r_.pins, &r_.locks}) {
      for (const PairOverride& pin : *list) {
        for (const ArcPair& ap : pairs_[pin.candidate]) {
          if (ap.pinned) net_.SetLower(ap.arc, 1);
        }
      }
    }
    net_.SetSupply(sink_, -total_supply_);
    model_.num_arcs = net_.num_arcs();
    if (options_.keys != nullptr) {
      model_.arc_keys.resize(static_cast<size_t>(net_.num_arcs()));
      for (ArcIndex a = 0; a < net_.num_arcs(); ++a) {
        model_.arc_keys[a] = model_.node_keys[net_.tail(a)] * 0x9E3779B97F4A7C15ULL ^ model_.node_keys[net_.head(a)];
      }
    }
    AssignParts();
    return std::move(model_);
  }

 private:
  NodeIndex AddNode(NodeKind kind, uint64_t index) {
    if (options_.keys != nullptr) model_.node_keys.push_back(NodeKey(kind, index));
    return net_.AddNode();
  }
  uint64_t OpeningId(size_t o) const { return options_.keys != nullptr ? options_.keys->openings()[o] : 0; }
  uint64_t CandidateId(size_t c) const { return options_.keys != nullptr ? options_.keys->candidates()[c] : 0; }

  // Openings, then employer caps and opening-side quota groups, then each
  // opening's seat arc towards the first of them that bounds it.
  void AddOpenings() {
    opening_node_.resize(r_.openings.size());
    for (size_t o = 0; o < r_.openings.size(); ++o) opening_node_[o] = AddNode(NodeKind::kOpening, OpeningId(o));
    employer_node_.assign(r_.employers.size(), -1);
    for (size_t e = 0; e < r_.employers.size(); ++e) {
      const int32_t cap = EmployerCap(r_, static_cast<EmployerIndex>(e));
      if (cap > 0) {
        employer_node_[e] = AddNode(NodeKind::kEmployerCap, e);
        net_.AddArc(employer_node_[e], sink_, 0, cap, 0);
      }
    }
    std::unordered_map<QuotaValue, NodeIndex> opening_group;
    for (size_t qi = 0; qi < policy_.quotas.size(); ++qi) {
      const Quota& q = policy_.quotas[qi];
      if (!IsOpeningDimension(q.dimension)) continue;
      const NodeIndex h = AddNode(NodeKind::kOpeningGroup, qi);
      opening_group[q.value] = h;
      net_.AddArc(h, sink_, bounds_.lower[qi], bounds_.upper[qi], 0);
    }
    model_.opening_arcs.reserve(r_.openings.size());
    for (size_t o = 0; o < r_.openings.size(); ++o) {
      const Opening& op = r_.openings[o];
      NodeIndex next = sink_;
      if (op.employer != kNoEmployer && employer_node_[op.employer] >= 0) {
        next = employer_node_[op.employer];
      } else if (quota_sides_.opening) {
        auto it = opening_group.find(OpeningValue(op, *quota_sides_.opening));
        if (it != opening_group.end()) next = it->second;
      }
      model_.opening_arcs.push_back(net_.AddArc(opening_node_[o], next, 0, op.capacity, 0));
    }
  }

  // Candidate-side quotas bound a group's placements through its unplaced
  // flow: placements_g = needed_g - unplaced_g, so
  // lower <= placements_g <= upper  <=>  needed_g - upper <= unplaced_g <= needed_g - lower.
  void AddCandidateGroups() {
    std::vector<int64_t> group_needed(policy_.quotas.size(), 0);
    if (quota_sides_.candidate) {
      for (size_t qi = 0; qi < policy_.quotas.size(); ++qi) {
        if (!IsOpeningDimension(policy_.quotas[qi].dimension)) candidate_group_quota_[policy_.quotas[qi].value] = qi;
      }
      for (const Candidate& cand : r_.candidates) {
        auto it = candidate_group_quota_.find(CandidateValue(cand, *quota_sides_.candidate));
        if (it != candidate_group_quota_.end()) group_needed[it->second] += cand.placements_needed;
      }
    }
    unplaced_group_.assign(policy_.quotas.size(), -1);
    // In the map's order, which responses depend on: node numbers steer the
    // optimiser among equally good assignments. Quota order would not
    // depend on the standard library, but would change responses.
    for (const auto& [value, qi] : candidate_group_quota_) {
      (void)value;
      unplaced_group_[qi] = AddNode(NodeKind::kUnplacedGroup, qi);
    }
    for (size_t qi = 0; qi < policy_.quotas.size(); ++qi) {
      if (unplaced_group_[qi] < 0) continue;
      const int64_t needed = group_needed[qi];
      const int64_t lower =
          bounds_.upper[qi] == flow::kInfiniteCapacity ? 0 : std::max<int64_t>(0, needed - bounds_.upper[qi]);
      // A minimum above what the group can place is infeasible: keep the
      // bound honest (negative upper bounds are not representable).
      const int64_t upper = needed - std::min(needed + 1, bounds_.lower[qi]);
      if (upper < lower) {
        // The bounds contradict each other (a minimum above what the group
        // can place, or shares rounding to an empty range): no flow exists.
        model_.infeasible = true;
        net_.AddArc(unplaced_group_[qi], sink_, 0, needed, 0);
      } else {
        net_.AddArc(unplaced_group_[qi], sink_, lower, upper, 0);
      }
    }
  }

  // Candidates' nodes (each followed by its sector nodes) and supplies =
  // placements needed, and where each one's arcs will start.
  void AddCandidateNodes() {
    const size_t n = r_.candidates.size();
    candidate_node_.resize(n);
    unplaced_head_.resize(n);
    first_arc_.assign(n + 1, 0);
    for (size_t c = 0; c < n; ++c) {
      const Candidate& cand = r_.candidates[c];
      candidate_node_[c] = AddNode(NodeKind::kCandidate, CandidateId(c));
      net_.SetSupply(candidate_node_[c], cand.placements_needed);
      total_supply_ += cand.placements_needed;
      unplaced_head_[c] = sink_;
      if (quota_sides_.candidate) {
        auto it = candidate_group_quota_.find(CandidateValue(cand, *quota_sides_.candidate));
        if (it != candidate_group_quota_.end()) unplaced_head_[c] = unplaced_group_[it->second];
      }
      int64_t sector_arcs = 0;
      if (SplitsSectors(policy_, cand)) {
        SectorTracks tracks;
        for (const ArcPair& ap : pairs_[c]) {
          const char sector = r_.openings[ap.pair->opening].sector();
          bool first;
          tracks.Of(sector, &first);
          if (first) {
            AddNode(NodeKind::kSector, CandidateId(c) << 8 | static_cast<uint8_t>(sector));
            ++sector_arcs;
          }
        }
      }
      first_arc_[c + 1] = first_arc_[c] + 1 + sector_arcs + static_cast<int64_t>(pairs_[c].size());
    }
  }

  // Minus the value of the placement; a previous placement is worth
  // `min_gain_to_move` more (stable re-runs).
  Cost PairCost(const Candidate& cand, const ArcPair& ap) const {
    const double value = cand.priority * (ap.pair->score - policy_.unplaced_penalty) +
                         (ap.previous ? policy_.min_gain_to_move : 0.0);
    return -static_cast<Cost>(std::llround(kScoreScale * value));
  }

  // Each candidate's arcs: its unplaced arc, then per pair (in list order)
  // the arc into its sector node where the sector first appears, and the
  // pair's arc of capacity 1.
  void AddCandidateArcs() {
    const size_t n = r_.candidates.size();
    model_.unplaced_arcs.resize(n);
    base_ = net_.num_arcs();
    const ArcIndex base = base_;
    const std::vector<int64_t>& first_arc = first_arc_;
    // ArcPair::arc is 32-bit (such a network would need hundreds of GB).
    if (base + first_arc[n] > std::numeric_limits<int32_t>::max()) {
      throw LimitExceededError("network: " + std::to_string(base + first_arc[n]) +
                               " arcs exceed 2147483647, the most the matcher numbers");
    }
    auto fill = [&, base](ArcIndex begin, ArcIndex end, flow::Network::ArcWriter& writer) {
      auto c = static_cast<size_t>(std::upper_bound(first_arc.begin(), first_arc.end(), begin) - first_arc.begin() - 1);
      for (int64_t k = begin; k < end; ++c) {
        const Candidate& cand = r_.candidates[c];
        if (SplitsSectors(policy_, cand)) {
          const int64_t to = std::min<int64_t>(end, first_arc[c + 1]);
          WriteSectorTracks(c, k - first_arc[c], to - first_arc[c], writer);
          k = to;
          continue;
        }
        for (int64_t j = k - first_arc[c]; j <= static_cast<int64_t>(pairs_[c].size()) && k < end; ++j, ++k) {
          if (j == 0) {
            model_.unplaced_arcs[c] = base + static_cast<ArcIndex>(k);
            writer.Add(candidate_node_[c], unplaced_head_[c], cand.placements_needed, 0);
            continue;
          }
          ArcPair& ap = pairs_[c][j - 1];
          ap.arc = static_cast<int32_t>(base + k);
          writer.Add(candidate_node_[c], opening_node_[ap.pair->opening], 1, PairCost(cand, ap));
        }
      }
    };
    net_.AddArcs(first_arc[n], options_.threads, fill);
  }

  // Arcs [from, to) of candidate c's arcs through its sector nodes (counted
  // from its first arc): replayed from the start, since a slice may begin
  // among them. Such candidates are few.
  void WriteSectorTracks(size_t c, int64_t from, int64_t to, flow::Network::ArcWriter& writer) {
    const Candidate& cand = r_.candidates[c];
    const NodeIndex cn = candidate_node_[c];
    const ArcIndex first = base_ + static_cast<ArcIndex>(first_arc_[c]);
    int64_t j = 0;  // the arc at hand
    if (j >= from && j < to) {
      model_.unplaced_arcs[c] = first;
      writer.Add(cn, unplaced_head_[c], cand.placements_needed, 0);
    }
    ++j;
    SectorTracks tracks;
    for (ArcPair& ap : pairs_[c]) {
      if (j >= to) break;
      bool new_track;
      const NodeIndex track = cn + tracks.Of(r_.openings[ap.pair->opening].sector(), &new_track);
      if (new_track) {
        if (j >= from) writer.Add(cn, track, 1, 0);
        if (++j >= to) break;
      }
      if (j >= from) {
        ap.arc = static_cast<int32_t>(first + j);
        writer.Add(track, opening_node_[ap.pair->opening], 1, PairCost(cand, ap));
      }
      ++j;
    }
  }

  // Geographic parts (see MatchOptions::candidates_per_part).
  void AssignParts() {
    const size_t n = r_.candidates.size();
    const int32_t per_part = options_.candidates_per_part;
    if (per_part <= 0 || n < 2 * static_cast<size_t>(per_part)) return;
    const size_t step = std::max<size_t>(1, pair_arcs_ / kPartitionPairSamples);
    std::vector<SampledPair> sample;
    sample.reserve(pair_arcs_ / step + 1);
    size_t k = 0;
    for (size_t c = 0; c < pairs_.size(); ++c) {
      for (const ArcPair& ap : pairs_[c]) {
        if (k++ % step == 0) sample.push_back({static_cast<int32_t>(c), ap.pair->opening});
      }
    }
    const GeographicParts geo =
        PartitionByGeography(r_, std::move(sample), static_cast<int32_t>(n / per_part), options_.threads);
    // Shared by every part: the sink and the quota nodes (-1).
    std::vector<int32_t>& parts = model_.node_parts;
    parts.assign(net_.num_nodes(), -1);
    for (size_t o = 0; o < r_.openings.size(); ++o) {
      const int32_t part = geo.opening_part[o];
      parts[opening_node_[o]] = part;
      const EmployerIndex e = r_.openings[o].employer;
      // An employer's cap node goes with its first opening.
      if (e != kNoEmployer && employer_node_[e] >= 0 && parts[employer_node_[e]] < 0) parts[employer_node_[e]] = part;
    }
    // Each candidate node is followed by its per-sector nodes.
    for (size_t c = 0; c < n; ++c) {
      const NodeIndex end = c + 1 < n ? candidate_node_[c + 1] : net_.num_nodes();
      for (NodeIndex v = candidate_node_[c]; v < end; ++v) parts[v] = geo.candidate_part[c];
    }
  }

  const MatchRequest& r_;
  const Policy& policy_;
  PairLists& pairs_;
  const QuotaBounds& bounds_;
  const FlowModelOptions& options_;
  FlowModel model_;
  flow::Network& net_;  // model_.net
  size_t pair_arcs_ = 0;
  NodeIndex sink_ = -1;
  QuotaSides quota_sides_;
  std::vector<NodeIndex> opening_node_;
  std::vector<NodeIndex> employer_node_;                       // -1: no cap
  std::unordered_map<QuotaValue, size_t> candidate_group_quota_;   // by value
  std::vector<NodeIndex> unplaced_group_;                      // per quota, -1: none
  std::vector<NodeIndex> candidate_node_;
  std::vector<NodeIndex> unplaced_head_;
  // First arc of each candidate, counted from the first candidate arc
  // (`base_`); n + 1 entries.
  std::vector<int64_t> first_arc_;
  ArcIndex base_ = 0;
  flow::Flow total_supply_ = 0;
};

}  // namespace

FlowModel BuildFlowModel(const MatchRequest& request, PairLists& pairs, const QuotaBounds& bounds,
                         const FlowModelOptions& options) {
  return Builder(request, pairs, bounds, options).Build();
}

}  // namespace passerelle::matching
