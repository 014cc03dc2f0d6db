// The candidate-opening pairs that enter the flow network (see
// network_pairs.h).
#include "network_pairs.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "internal.h"
#include "overrides.h"
#include "passerelle/internal/parallel.h"

namespace passerelle::matching {
namespace {

// `PairKey`s of the previous placements whose candidate and opening are in
// the request; `left` counts the others (duplicates once).
std::unordered_set<uint64_t> PreviousPairKeys(const MatchRequest& request, int64_t* left) {
  std::unordered_set<uint64_t> keys;
  *left = 0;
  if (request.previous_placements.empty()) return keys;
  std::unordered_map<std::string_view, int32_t> candidates, openings;
  for (size_t c = 0; c < request.candidates.size(); ++c) candidates.emplace(request.candidates[c].id, c);
  for (size_t o = 0; o < request.openings.size(); ++o) openings.emplace(request.openings[o].id, o);
  std::unordered_set<std::string> gone;
  for (const PreviousPlacement& p : request.previous_placements) {
    const auto c = candidates.find(p.candidate_id);
    const auto o = openings.find(p.opening_id);
    if (c == candidates.end() || o == openings.end()) {
      *left += gone.insert(p.candidate_id + '\0' + p.opening_id).second;
    } else {
      keys.insert(PairKey(c->second, o->second));
    }
  }
  return keys;
}

}  // namespace

NetworkPairs SelectNetworkPairs(const MatchRequest& request, const ScoreCache& scores, const Taxonomy& taxonomy,
                                int threads) {
  const size_t n = request.candidates.size();
  const std::unordered_set<uint64_t> banned = BannedPairKeys(request);
  const std::unordered_map<uint64_t, const PairOverride*> pinned = PinnedPairKeys(request);
  NetworkPairs out;
  out.lists.resize(n);
  out.banned_counts.assign(n, 0);
  const double penalty = request.policy.unplaced_penalty;
  const std::unordered_set<uint64_t> previous = PreviousPairKeys(request, &out.previous_forced);
  const bool any_override = !banned.empty() || !pinned.empty() || !previous.empty();
  // Rows are independent: candidates in slices over the threads (national
  // requests: 36 M pairs in a million rows).
  if (n < 65536) threads = 1;
  internal::ForSlices(threads, static_cast<int64_t>(n), [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const RowView row = scores.Row(static_cast<CandidateIndex>(c));
      std::vector<ArcPair>& list = out.lists[c];
      list.reserve(row.pairs.size());
      for (const Pair& p : row.pairs) {
        if (any_override) {
          const uint64_t key = PairKey(static_cast<CandidateIndex>(c), p.opening);
          if (banned.count(key)) {
            ++out.banned_counts[c];
            continue;
          }
          if (pinned.count(key)) continue;  // added below with its flag
          if (previous.count(key)) {
            // Below the penalty too: the stability bonus may keep it.
            list.push_back({.pair = &p, .previous = true});
            continue;
          }
        }
        if (p.score > penalty) list.push_back({&p, false});
      }
    }
  });
  // Pins and locks, in a deterministic order (candidate, opening).
  std::vector<std::pair<uint64_t, const PairOverride*>> pins(pinned.begin(), pinned.end());
  std::sort(pins.begin(), pins.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, p] : pins) {
    out.pinned.push_back(EvaluatePin(request, taxonomy, *p, banned));
    const Pair& pair = out.pinned.back();
    const bool pin_only = !scores.HasPair(p->candidate, p->opening) || pair.score <= penalty;
    out.lists[p->candidate].push_back({.pair = &pair, .pinned = true, .pin_only = pin_only,
                                       .previous = previous.count(key) > 0});
  }
  // Previous placements: banned ones are forced moves; those the score
  // matrix does not hold (beyond max_pairs_per_candidate, or infeasible)
  // are evaluated, in key order.
  std::vector<uint64_t> unheld;
  for (const uint64_t key : previous) {
    const auto c = static_cast<CandidateIndex>(key >> 32);
    const auto o = static_cast<OpeningIndex>(key & 0xffffffffu);
    if (banned.count(key)) {
      ++out.previous_forced;
    } else if (!pinned.count(key) && !scores.HasPair(c, o)) {
      unheld.push_back(key);
    } else {
      ++out.previous_in_network;
    }
  }
  std::sort(unheld.begin(), unheld.end());
  for (const uint64_t key : unheld) {
    const auto c = static_cast<CandidateIndex>(key >> 32);
    const auto o = static_cast<OpeningIndex>(key & 0xffffffffu);
    Pair pair;
    std::vector<ReasonCode> violations;
    if (!EvaluateOne(request, c, o, taxonomy, &pair, &violations)) {
      ++out.previous_forced;
      continue;
    }
    out.pinned.push_back(pair);
    out.lists[c].push_back({.pair = &out.pinned.back(), .previous = true});
    ++out.previous_in_network;
  }
  // Network arcs in opening order within a candidate: determinism does not
  // depend on scoring's tie order.
  internal::ForSlices(threads, static_cast<int64_t>(n), [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      std::sort(out.lists[c].begin(), out.lists[c].end(), [](const ArcPair& a, const ArcPair& b) {
        return a.pair->opening < b.pair->opening;
      });
    }
  });
  return out;
}

int64_t PairCount(const PairLists& lists) {
  int64_t count = 0;
  for (const auto& list : lists) count += static_cast<int64_t>(list.size());
  return count;
}

}  // namespace passerelle::matching
