// The report's summary and statistics: totals, placement and fill rates,
// per kind, occupation and candidate subgroup, and the opening fills (see
// report_parts.h).
#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/report_parts.h"

namespace passerelle::matching {
namespace {

struct Stat {
  int64_t total = 0, placed = 0;
  double score = 0, commute = 0;
  int64_t scored = 0;
};
using StatsByValue = std::map<std::string, Stat, std::less<>>;

Stat& StatOf(StatsByValue& stats, std::string_view key) {
  auto it = stats.find(key);
  if (it == stats.end()) it = stats.emplace(std::string(key), Stat{}).first;
  return it->second;
}

void AppendStat(const char* dimension, const std::string& value, const Stat& s, std::vector<GroupStats>* out) {
  GroupStats g;
  g.dimension = dimension;
  g.value = value;
  g.total = s.total;
  g.placed = s.placed;
  g.rate = s.total > 0 ? static_cast<double>(s.placed) / static_cast<double>(s.total) : 0;
  g.mean_score = s.scored > 0 ? s.score / static_cast<double>(s.scored) : 0;
  g.mean_commute_minutes = s.scored > 0 ? s.commute / static_cast<double>(s.scored) : 0;
  out->push_back(std::move(g));
}

void AppendStats(const char* dimension, const StatsByValue& stats, std::vector<GroupStats>* out) {
  for (const auto& [value, s] : stats) AppendStat(dimension, value, s, out);
}

// Placed candidates, overall and per subgroup (candidates in id order).
void CandidateStats(const ReportInput& in, const PlacementTally& tally, Summary* s) {
  const RecordIndex& records = in.records;
  std::array<std::vector<Stat>, kGroupDimensions> group_stats;
  for (int d = 0; d < kGroupDimensions; ++d) group_stats[d].assign(records.group_keys(d).size(), Stat{});
  for (const CandidateIndex c : records.candidate_order()) {
    const int32_t placed = tally.placed_count[c];
    if (placed > 0) ++s->placed_candidates;
    for (int d = 0; d < kGroupDimensions; ++d) {
      Stat& st = group_stats[d][records.candidate_group(c, d)];
      ++st.total;
      if (placed > 0) {
        ++st.placed;
        st.score += tally.candidate_score[c] / placed;
        st.commute += tally.candidate_commute[c] / placed;
        ++st.scored;
      }
    }
  }
  const size_t nc = in.request.candidates.size();
  s->placement_rate = nc > 0 ? static_cast<double>(s->placed_candidates) / static_cast<double>(nc) : 0;
  for (int d = 0; d < kGroupDimensions; ++d) {
    for (size_t g = 0; g < records.group_keys(d).size(); ++g) {
      AppendStat(kGroupDimensionNames[d], records.group_keys(d)[g], group_stats[d][g], &s->by_subgroup);
    }
  }
}

// Opening fills and seats, overall and per kind and occupation (openings
// in id order).
void OpeningStats(const ReportInput& in, const PlacementTally& tally, MatchResponse* response) {
  Summary& s = response->summary;
  StatsByValue by_kind, by_occ;
  for (const OpeningIndex o : in.records.opening_order()) {
    const Opening& op = in.request.openings[o];
    const int32_t filled = tally.filled[o];
    response->opening_fills.push_back({op.id, op.capacity, filled});
    s.seats += op.capacity;
    s.seats_filled += filled;
    Stat& k = StatOf(by_kind, ToString(op.kind));
    k.total += op.capacity, k.placed += filled;
    k.score += tally.opening_score[o], k.commute += tally.opening_commute[o], k.scored += filled;
    Stat& oc = StatOf(by_occ, op.occupation.empty() ? std::string_view("-") : std::string_view(op.occupation));
    oc.total += op.capacity, oc.placed += filled;
    oc.score += tally.opening_score[o], oc.commute += tally.opening_commute[o], oc.scored += filled;
  }
  s.fill_rate = s.seats > 0 ? static_cast<double>(s.seats_filled) / static_cast<double>(s.seats) : 0;
  AppendStats("kind", by_kind, &s.by_kind);
  AppendStats("occupation", by_occ, &s.by_occupation);
}

// Against the previous placements: kept, moved (forced or by choice), new.
void PreviousStats(const ReportInput& in, const PlacementTally& tally, Summary* s) {
  const NetworkPairs& pairs = in.network.pairs;
  if (in.request.previous_placements.empty()) return;
  int64_t kept = 0;
  for (const Chosen& ch : tally.chosen) kept += ch.ap->previous;
  s->new_placements = static_cast<int64_t>(tally.chosen.size()) - kept;
  int64_t open = 0;  // previous pairs in the network, not banned since
  for (const auto& list : pairs.lists) {
    for (const ArcPair& ap : list) open += ap.previous && !ap.banned;
  }
  s->previous_kept = kept;
  s->previous_moved_by_choice = open - kept;
  s->previous_moved_forced = pairs.previous_forced + (pairs.previous_in_network - open);
}

}  // namespace

void WriteSummary(const ReportInput& in, const PlacementTally& tally, MatchResponse* response) {
  Summary& s = response->summary;
  const size_t nc = in.request.candidates.size();
  const size_t placements = tally.chosen.size();
  s.candidates = static_cast<int64_t>(nc);
  s.placements = static_cast<int64_t>(placements);
  s.total_score = tally.total_score;
  s.objective = tally.objective;
  if (in.request.policy.score_model) s.expected_lasting = s.total_score;
  s.mean_score = placements == 0 ? 0 : s.total_score / static_cast<double>(placements);
  s.mean_commute_minutes = placements == 0 ? 0 : tally.commute_minutes / static_cast<double>(placements);
  s.network_arcs = in.network.model.num_arcs - in.network.banned_arcs;
  s.pairs_examined = in.scores.pairs_examined();
  for (size_t c = 0; c < nc; ++c) {
    s.pairs_feasible += static_cast<int64_t>(in.scores.Row(static_cast<CandidateIndex>(c)).pairs.size());
  }
  s.status = in.status;
  CandidateStats(in, tally, &s);
  OpeningStats(in, tally, response);
  PreviousStats(in, tally, &s);
}

}  // namespace passerelle::matching
