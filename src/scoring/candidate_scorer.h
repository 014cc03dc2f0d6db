// Private to src/scoring: one candidate's row of `ScoreRequest`. Pass 1
// (pass1.h) checks every opening of the candidate's blocks and bounds the
// score of each feasible pair; the skills component left for pairs where the
// candidate has one of the opening's skills is computed next; pass 2 then
// computes exact scores (only the commute is left: `asin`, `exp2`) in the
// order of the bounds, first the pairs in the top buckets, then any other
// whose bound still reaches the worst kept score (top_k.h). Bounds hold after
// rounding, so the kept pairs are exactly the best ones.
#ifndef PASSERELLE_SRC_SCORING_CANDIDATE_SCORER_H_
#define PASSERELLE_SRC_SCORING_CANDIDATE_SCORER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "pass1.h"
#include "passerelle/scoring.h"
#include "prepared.h"
#include "score_bound.h"
#include "spatial_index.h"
#include "top_k.h"

namespace passerelle::scoring_internal {

// What every candidate's scoring reads, shared read-only by all workers.
struct ScoringInputs {
  const Context* ctx;
  std::span<const OpeningData> openings;  // in Z-order
  std::span<const int32_t> order;         // Z-order position -> opening index
  const SpatialIndex* index;
  const Pass1Openings* pass1_openings;
  Pass1Kernel pass1;
  const double* commute_table;  // CommuteBoundTable
  const CheapTables* cheap_tables;
  // The vehicle and commute constraints are both on: openings only a car
  // reaches are counted under kVehicleRequired, nothing else checked.
  bool vehicle_band;
  // The kept pairs' breakdowns are computed (ScoreRequest), or only their
  // scores and commute minutes (RankRequest).
  bool breakdowns;
};

// One worker's scratch space, reused from candidate to candidate.
class CandidateScorer {
 public:
  explicit CandidateScorer(const ScoringInputs& inputs);
  CandidateScorer(const CandidateScorer&) = delete;
  CandidateScorer& operator=(const CandidateScorer&) = delete;

  // Scores candidate `i`, who has no input problem: fills `stats`, and keeps
  // the candidate's best pairs until WriteRow.
  void Score(CandidateIndex i, CandidateScoreStats* stats);
  // Pairs kept for the candidate last scored.
  int32_t row_size() const { return static_cast<int32_t>(top_.size()); }
  // Writes them, best first, to `row` (room for row_size() pairs).
  void WriteRow(ScoredPair* row) { top_.MoveSortedTo(row); }
  void WriteRow(ScoredOpening* row) { top_.MoveSortedTo(row); }

 private:
  const ScoringInputs& in_;
  CandidateData c_;
  std::vector<float> level_;  // the candidate's skill levels by skill id, else 0
  // By column, from FitColumn: the fit; by column + 1, the rules that hold
  // (BoundCandidate::rules: the project rule broken, the trade practised).
  std::vector<double> occupation_fit_;
  std::vector<int32_t> rules_;
  std::vector<double> occupation_table_;
  std::vector<int32_t> blocks_;
  // The candidate's feasible pairs, with their cheap part, skills, and an
  // upper bound of their score (Found).
  std::vector<int32_t> found_k_, found_overlap_;
  std::vector<double> found_chord2_, found_cheap_, found_skills_;
  std::vector<float> found_bound_;
  Found found_;
  TopPairs top_;
};

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_CANDIDATE_SCORER_H_
