// The report's shortlists: for each candidate its best openings and for
// each opening its best candidates, spread by a greedy pass over all
// feasible pairs, best first, each opening appearing at most
// appearances_per_seat * seats times across candidates' shortlists (see
// report_parts.h).
#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

#include "internal.h"
#include "overrides.h"
#include "report/report_parts.h"

namespace passerelle::matching {

std::vector<Shortlist> Shortlists(const ReportInput& in, ExplanationCache* explanations) {
  const MatchRequest& r = in.request;
  const Policy& policy = r.policy;
  std::vector<Shortlist> out;
  if (policy.shortlist_size <= 0) return out;
  const size_t nc = r.candidates.size(), no = r.openings.size();
  const int32_t k = policy.shortlist_size;
  struct E {
    CandidateIndex c;
    const Pair* p;
  };
  std::vector<E> all;
  const std::unordered_set<uint64_t> banned = BannedPairKeys(r);
  for (size_t c = 0; c < nc; ++c) {
    for (const Pair& p : in.scores.Row(static_cast<CandidateIndex>(c)).pairs) {
      if (!banned.count(PairKey(static_cast<CandidateIndex>(c), p.opening))) {
        all.push_back({static_cast<CandidateIndex>(c), &p});
      }
    }
  }
  std::sort(all.begin(), all.end(), [&](const E& a, const E& b) {
    if (a.p->score != b.p->score) return a.p->score > b.p->score;
    if (a.c != b.c) return a.c < b.c;
    return a.p->opening < b.p->opening;
  });
  std::vector<std::vector<const E*>> by_candidate(nc), by_opening(no);
  std::vector<int64_t> appearances(no, 0);
  for (const E& e : all) {
    const int64_t limit = static_cast<int64_t>(policy.shortlist_appearances_per_seat) *
                          std::max<int32_t>(1, r.openings[e.p->opening].capacity);
    if (static_cast<int32_t>(by_candidate[e.c].size()) < k && appearances[e.p->opening] < limit) {
      by_candidate[e.c].push_back(&e);
      ++appearances[e.p->opening];
    }
    if (static_cast<int32_t>(by_opening[e.p->opening].size()) < k) by_opening[e.p->opening].push_back(&e);
  }
  auto entry = [&](const E& e, int32_t rank, bool for_candidate) {
    ShortlistEntry se;
    se.id = for_candidate ? r.openings[e.p->opening].id : r.candidates[e.c].id;
    se.rank = rank;
    se.score = Rounded(e.p->score);
    const Explained& explained = explanations->Get(r, in.taxonomy, in.ids, e.c, e.p->opening);
    se.breakdown = RoundedBreakdown(explained.breakdown);
    se.explanation = explained.text;
    if (r.policy.score_model) se.lasting_probability = se.score;
    return se;
  };
  // Candidates' shortlists, then openings', each in id order.
  auto append = [&](const std::vector<int32_t>& order, const std::vector<std::vector<const E*>>& lists,
                    bool for_candidate) {
    for (const int32_t x : order) {
      if (lists[x].empty()) continue;
      Shortlist sl;
      if (for_candidate) {
        sl.candidate_id = r.candidates[x].id;
      } else {
        sl.opening_id = r.openings[x].id;
      }
      for (size_t i = 0; i < lists[x].size(); ++i) sl.entries.push_back(entry(*lists[x][i], i + 1, for_candidate));
      out.push_back(std::move(sl));
    }
  };
  append(in.records.candidate_order(), by_candidate, /*for_candidate=*/true);
  append(in.records.opening_order(), by_opening, /*for_candidate=*/false);
  return out;
}

}  // namespace passerelle::matching
