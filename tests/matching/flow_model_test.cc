// Tests of the flow network a request becomes (src/matching/flow_model.h):
// each pair's arc as the model draws it, through per-sector nodes and with
// pins as lower bounds, and the same network whatever the threads its arcs
// are written on (slices may start inside a candidate's arcs).
#include "flow_model.h"  // src/matching

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "network_pairs.h"
#include "passerelle/matcher.h"
#include "passerelle/synthetic.h"
#include "scores.h"

namespace passerelle::matching {
namespace {

using flow::ArcIndex;
using flow::NodeIndex;

// A generated request in which every third candidate needs two placements
// in distinct sectors and every fifth has its best pair pinned, with its
// scores.
struct SectorRequest {
  SectorRequest() {
    synthetic::GeneratorOptions options;
    options.candidates = 400;
    options.openings = 120;
    options.seed = 7;
    request = synthetic::Generate(options);
    request.policy.distinct_sectors = true;
    for (size_t c = 0; c < request.candidates.size(); c += 2) request.candidates[c].placements_needed = 2;
    scores.Ensure(request, DefaultTaxonomy(), /*threads=*/1);
    for (size_t c = 0; c < request.candidates.size(); c += 5) {
      const RowView row = scores.Row(static_cast<CandidateIndex>(c));
      if (!row.pairs.empty()) request.pins.push_back({static_cast<CandidateIndex>(c), row.pairs[0].opening, ""});
    }
    pairs = SelectNetworkPairs(request, scores, DefaultTaxonomy(), /*threads=*/1);
  }

  MatchRequest request;
  ScoreCache scores;
  NetworkPairs pairs;
};

bool SplitsSectors(const MatchRequest& r, size_t c) {
  return r.policy.distinct_sectors && r.candidates[c].placements_needed > 1;
}

TEST(FlowModelTest, ConnectsEachPairAsTheModelDraws) {
  SectorRequest s;
  const MatchRequest& r = s.request;
  const FlowModel model = BuildFlowModel(r, s.pairs.lists, QuotaBounds::None(0), {.threads = 3});
  const flow::Network& net = model.net;
  std::map<NodeIndex, std::vector<ArcIndex>> arcs_into;
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) arcs_into[net.head(a)].push_back(a);
  int split_candidates = 0, pins = 0;
  for (size_t c = 0; c < r.candidates.size(); ++c) {
    const Candidate& cand = r.candidates[c];
    const ArcIndex unplaced = model.unplaced_arcs[c];
    const NodeIndex node = net.tail(unplaced);
    EXPECT_EQ(net.supply(node), cand.placements_needed);
    EXPECT_EQ(net.capacity(unplaced), cand.placements_needed);
    EXPECT_EQ(net.cost(unplaced), 0);
    std::map<char, NodeIndex> sector_node;
    for (const ArcPair& ap : s.pairs.lists[c]) {
      const OpeningIndex o = ap.pair->opening;
      EXPECT_EQ(net.head(ap.arc), net.tail(model.opening_arcs[o]));
      EXPECT_EQ(net.capacity(ap.arc), 1);
      EXPECT_EQ(net.lower(ap.arc), ap.pinned ? 1 : 0);
      pins += ap.pinned;
      EXPECT_EQ(net.cost(ap.arc),
                -std::llround(kScoreScale * cand.priority * (ap.pair->score - r.policy.unplaced_penalty)));
      const NodeIndex tail = net.tail(ap.arc);
      if (!SplitsSectors(r, c)) {
        EXPECT_EQ(tail, node);
        continue;
      }
      // One node per sector, fed by one arc of capacity 1 from the candidate.
      const auto [it, inserted] = sector_node.emplace(r.openings[o].sector(), tail);
      EXPECT_EQ(it->second, tail);
      if (!inserted) continue;
      ASSERT_EQ(arcs_into[tail].size(), 1u);
      const ArcIndex in = arcs_into[tail][0];
      EXPECT_EQ(net.tail(in), node);
      EXPECT_EQ(net.capacity(in), 1);
      EXPECT_EQ(net.cost(in), 0);
    }
    std::map<NodeIndex, char> sectors_by_node;
    for (const auto& [sector, n] : sector_node) EXPECT_TRUE(sectors_by_node.emplace(n, sector).second);
    split_candidates += sector_node.size() > 1;
  }
  EXPECT_GT(split_candidates, 20);  // the sector tracks are not vacuous
  EXPECT_GT(pins, 20);
}

TEST(FlowModelTest, WritesTheSameNetworkOnAnyNumberOfThreads) {
  SectorRequest s;
  const MatchRequest& r = s.request;
  const QuotaBounds none = QuotaBounds::None(0);
  const FlowModel one = BuildFlowModel(r, s.pairs.lists, none, {.threads = 1});
  std::vector<ArcIndex> pair_arcs;
  for (const auto& list : s.pairs.lists) {
    for (const ArcPair& ap : list) pair_arcs.push_back(ap.arc);
  }
  const ArcIndex base = one.unplaced_arcs[0];
  const int64_t candidate_arcs = one.net.num_arcs() - base;
  int64_t starts_inside_tracks = 0;
  for (int threads = 2; threads <= 24; ++threads) {
    const FlowModel many = BuildFlowModel(r, s.pairs.lists, none, {.threads = threads});
    ASSERT_EQ(many.net.num_nodes(), one.net.num_nodes());
    ASSERT_EQ(many.net.num_arcs(), one.net.num_arcs());
    EXPECT_TRUE(std::ranges::equal(many.net.tails(), one.net.tails())) << threads << " threads";
    EXPECT_TRUE(std::ranges::equal(many.net.heads(), one.net.heads())) << threads << " threads";
    EXPECT_TRUE(std::ranges::equal(many.net.lowers(), one.net.lowers())) << threads << " threads";
    EXPECT_TRUE(std::ranges::equal(many.net.capacities(), one.net.capacities())) << threads << " threads";
    EXPECT_TRUE(std::ranges::equal(many.net.costs(), one.net.costs())) << threads << " threads";
    EXPECT_TRUE(std::ranges::equal(many.net.supplies(), one.net.supplies())) << threads << " threads";
    EXPECT_EQ(many.unplaced_arcs, one.unplaced_arcs) << threads << " threads";
    size_t k = 0;
    for (const auto& list : s.pairs.lists) {
      for (const ArcPair& ap : list) EXPECT_EQ(ap.arc, pair_arcs[k++]) << threads << " threads";
    }
    // Slices that start inside a sector-track candidate's arcs.
    for (int t = 1; t < threads; ++t) {
      const ArcIndex start = base + static_cast<ArcIndex>(candidate_arcs * t / threads);
      for (size_t c = 0; c < r.candidates.size(); ++c) {
        const ArcIndex end = c + 1 < r.candidates.size() ? one.unplaced_arcs[c + 1] : one.net.num_arcs();
        if (SplitsSectors(r, c) && one.unplaced_arcs[c] < start && start < end) ++starts_inside_tracks;
      }
    }
  }
  EXPECT_GT(starts_inside_tracks, 20);  // the replay of a track's start is exercised
}

}  // namespace
}  // namespace passerelle::matching
