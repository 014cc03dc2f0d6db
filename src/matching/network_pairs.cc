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

NetworkPairs SelectNetworkPairs(const MatchRequest& request, const ScoreCache& scores, const Taxonomy& taxonomy,
                                int threads) {
  const size_t n = request.candidates.size();
  const std::unordered_set<uint64_t> banned = BannedPairKeys(request);
  const std::unordered_map<uint64_t, const PairOverride*> pinned = PinnedPairKeys(request);
  NetworkPairs out;
  out.lists.resize(n);
  out.banned_counts.assign(n, 0);
  const double penalty = request.policy.unplaced_penalty;
  const bool any_override = !banned.empty() || !pinned.empty();
  // Rows are independent: candidates in slices over the threads (national
  // requests: 47 M pairs in a million rows).
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
    out.lists[p->candidate].push_back({&pair, true, pin_only});
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
