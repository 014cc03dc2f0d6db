// The parts of a report (report.h), each in its file of report/, and what
// they share: the placements of the solution, tallied once.
#ifndef PASSERELLE_SRC_MATCHING_REPORT_REPORT_PARTS_H_
#define PASSERELLE_SRC_MATCHING_REPORT_REPORT_PARTS_H_

#include <cmath>
#include <cstdint>
#include <future>
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
// Writes the placements of `tally` (and their pairs) into `last`'s
// successor `placements`, moving over `last`'s placements of the same pair
// when `reuse_placements` holds. A one-shot report explains them on a second
// thread while the caller goes on: the future returned is then valid, and
// `in`, `tally` and `*placements` must outlive its `get()`.
std::future<void> WritePlacements(const ReportInput& in, const PlacementTally& tally, bool reuse_placements,
                                  ExplanationCache* explanations, LastResponse* last,
                                  std::vector<Placement>* placements);

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
