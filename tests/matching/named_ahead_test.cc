// NameAhead (src/matching/report/report.h): the candidates whose reasons come
// from scoring whatever the solution, named in runs as NameExcludedOpenings
// names them in one call; none once stopped.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <vector>

#include "network_pairs.h"
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"
#include "report/report.h"
#include "scores.h"

namespace passerelle::matching {
namespace {

struct ClosedRequest {
  ClosedRequest() {
    request = synthetic::Generate({.candidates = 3000, .openings = 800, .seed = 11});
    for (size_t o = 0; o < request.openings.size(); ++o) {
      if (o % 8 != 0) request.openings[o].capacity = 0;
    }
    scores.Ensure(request, DefaultTaxonomy(), /*threads=*/1);
    pairs = SelectNetworkPairs(request, scores, DefaultTaxonomy(), /*threads=*/1);
  }
  bool AllClosed(CandidateIndex c) const {
    return std::all_of(pairs.lists[c].begin(), pairs.lists[c].end(),
                       [&](const ArcPair& ap) { return request.openings[ap.pair->opening].capacity == 0; });
  }
  bool HasExclusions(CandidateIndex c) const {
    const RowView row = scores.Row(c);
    return std::any_of(row.excluded->begin(), row.excluded->end(), [](int32_t n) { return n > 0; });
  }

  MatchRequest request;
  ScoreCache scores;
  NetworkPairs pairs;
};

TEST(NameAheadTest, NamesInRunsWhatOneCallNames) {
  const ClosedRequest r;
  const std::atomic<bool> go{false};
  const NamedAhead ahead = NameAhead(r.request, r.scores, r.pairs.lists, DefaultTaxonomy(), go, /*run_size=*/100);
  // Exactly the candidates with exclusions and no open opening among their pairs.
  std::vector<CandidateIndex> expected;
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(r.request.candidates.size()); ++c) {
    if (r.AllClosed(c) && r.HasExclusions(c)) expected.push_back(c);
  }
  ASSERT_GT(expected.size(), 250u);  // several runs
  EXPECT_EQ(ahead.candidates, expected);
  EXPECT_EQ(ahead.runs.size(), (expected.size() + 99) / 100);
  const ExcludedOpenings once = NameExcludedOpenings(r.request, expected, kNamedOpeningsPerReason);
  for (size_t k = 0; k < expected.size(); ++k) {
    const auto [names, at] = ahead.Find(expected[k]);
    ASSERT_NE(names, nullptr) << expected[k];
    for (int code = 1; code <= kMaxReasonCode; ++code) {
      const auto rc = static_cast<ReasonCode>(code);
      const std::span<const OpeningIndex> got = names->Get(at, rc);
      const std::span<const OpeningIndex> want = once.Get(static_cast<int32_t>(k), rc);
      EXPECT_TRUE(std::equal(got.begin(), got.end(), want.begin(), want.end())) << expected[k] << " code " << code;
    }
  }
  // Not named: a candidate with an open opening among its pairs.
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(r.request.candidates.size()); ++c) {
    if (!r.AllClosed(c)) {
      EXPECT_EQ(ahead.Find(c).first, nullptr) << c;
      break;
    }
  }
}

TEST(NameAheadTest, NamesNothingOnceStopped) {
  const ClosedRequest r;
  const std::atomic<bool> stop{true};
  const NamedAhead ahead = NameAhead(r.request, r.scores, r.pairs.lists, DefaultTaxonomy(), stop, 100);
  EXPECT_TRUE(ahead.candidates.empty());
  EXPECT_TRUE(ahead.runs.empty());
  EXPECT_EQ(ahead.Find(0).first, nullptr);
}

}  // namespace
}  // namespace passerelle::matching
