// The parts of a report (report.h), each in its file of report/, and what
// they share: the placements of the solution, tallied once.
#ifndef PASSERELLE_SRC_MATCHING_REPORT_REPORT_PARTS_H_
#define PASSERELLE_SRC_MATCHING_REPORT_REPORT_PARTS_H_

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <unordered_map>
#include <vector>

#include "explanation_cache.h"
#include "network_pairs.h"
#include "passerelle/matcher.h"
#include "passerelle/response.h"
#include "report/report.h"

namespace passerelle::matching {

// A placement of the solution.
struct Chosen {
  CandidateIndex c;
  const ArcPair* ap;
};

// The solution's placements and their counts and sums.
struct PlacementTally {
  // In response order: candidate id, then opening id.
  std::vector<Chosen> chosen;
  std::vector<int32_t> filled;           // per opening
  std::vector<int32_t> placed_count;     // per candidate
  std::vector<int32_t> employer_filled;  // per employer
  // Sums over the placements, added in response order.
  std::vector<double> candidate_score, candidate_commute;  // per candidate
  std::vector<double> opening_score, opening_commute;      // per opening
  double total_score = 0, objective = 0, commute_minutes = 0;
};

// placements.cc
PlacementTally TallyPlacements(const ReportInput& in);

// The notes of pinned and locked pairs, by `PairKey` (empty without any).
using PairNotes = std::unordered_map<uint64_t, const PairOverride*>;

// The explanations of a one-shot report's placements (see WritePlacements).
// A second thread explains them, a run of placements at a time, while the
// caller writes the rest of the report; `Finish` has the caller take runs
// too until none is left, then waits for the other thread and rethrows what
// it threw. Each placement is explained once, by one thread or the other,
// into its own entry: the entries do not depend on which.
class PlacementExplainer {
 public:
  // `request`, `taxonomy`, `chosen` and `*placements` (one entry per
  // chosen placement) must outlive the explainer.
  PlacementExplainer(const MatchRequest& request, const Taxonomy& taxonomy, const std::vector<Chosen>& chosen,
                     PairNotes notes, int threads, std::vector<Placement>* placements);
  PlacementExplainer(const PlacementExplainer&) = delete;
  PlacementExplainer& operator=(const PlacementExplainer&) = delete;
  void Finish();

 private:
  // Explains runs of placements until none is left.
  void Run();

  const MatchRequest& request_;
  const Taxonomy& taxonomy_;
  const std::vector<Chosen>& chosen_;
  const PairNotes notes_;
  std::vector<Placement>& placements_;
  std::atomic<size_t> next_{0};
  std::future<void> alongside_;  // last: destroyed (waited for) first
};

// Writes the placements of `tally` (and their pairs) into `last`'s
// successor `placements`, moving over `last`'s placements of the same pair
// when `reuse_placements` holds. A one-shot report explains them beside the
// caller: the explainer returned is then non-null, and `in`, `tally` and
// `*placements` must outlive it; the caller calls its `Finish`.
std::unique_ptr<PlacementExplainer> WritePlacements(const ReportInput& in, const PlacementTally& tally,
                                                    bool reuse_placements, ExplanationCache* explanations,
                                                    LastResponse* last, std::vector<Placement>* placements);

// unplaced_reasons.cc: the candidates placed fewer times than they need,
// in id order, with why.
std::vector<Unplaced> UnplacedCandidates(const ReportInput& in, const PlacementTally& tally);

// summary.cc: the summary (but the greedy baseline's figures) and the
// opening fills.
void WriteSummary(const ReportInput& in, const PlacementTally& tally, MatchResponse* response);

// shortlists.cc
std::vector<Shortlist> Shortlists(const ReportInput& in, ExplanationCache* explanations);

// Scores in the response: six decimals, the precision of the network's
// integer costs, so JSON stays readable and exact.
inline double Rounded(double x) { return std::round(x * kScoreScale) / kScoreScale; }
inline ScoreBreakdown RoundedBreakdown(const ScoreBreakdown& b) {
  return {Rounded(b.skills), Rounded(b.occupation), Rounded(b.french),
          Rounded(b.commute), Rounded(b.tension), Rounded(b.preferences)};
}

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_REPORT_REPORT_PARTS_H_
