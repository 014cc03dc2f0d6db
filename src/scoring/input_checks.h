// Private to src/scoring: what scoring checks of its input. Each problem is
// one line naming its record and field, e.g. `openings[3] (id "o-17")
// .occupation: "X12" is not a ROME code`. These checks are kept apart from
// the flattening (prepare.cc), which trusts them, so that they can join the
// request validator (src/model/validate.cc) in one move.
#ifndef PASSERELLE_SRC_SCORING_INPUT_CHECKS_H_
#define PASSERELLE_SRC_SCORING_INPUT_CHECKS_H_

#include <string>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/taxonomy.h"

namespace passerelle::scoring_internal {

// Appends the problems of the policy: weights negative, not finite or all
// zero, non-positive detour factor, half-life or max pairs per candidate,
// negative French gap, a job-track French level that is not a CEFR level.
void CollectPolicyProblems(const MatchRequest& request, std::vector<std::string>* problems);

// Appends the problems of opening `j`: location, occupation (neither
// ROME-shaped nor in `taxonomy`), requirement weights, tension, minimum
// French level.
void CollectOpeningProblems(const MatchRequest& request, OpeningIndex j,
                            const Taxonomy& taxonomy, std::vector<std::string>* problems);

// Appends the problems of candidate `i` (home, French level, maximum commute,
// preferred sectors, occupations, skill levels); returns true when there is
// none. Thread-safe.
bool CollectCandidateProblems(const MatchRequest& request, CandidateIndex i,
                              const Taxonomy& taxonomy, std::vector<std::string>* problems);

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_INPUT_CHECKS_H_
