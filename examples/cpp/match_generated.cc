// Generate a synthetic regional case and match it, in a dozen lines of C++.
//
//   match_generated [REGION] [CANDIDATES] [OPENINGS]
//
// Shows the library's whole path without files or protobuf: `Generate`
// (passerelle/synthetic.h) builds a valid `MatchRequest`, `Match`
// (passerelle/matcher.h) returns the optimal `MatchResponse`, and every
// placement and unplaced candidate comes with its explanation.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/synthetic.h"

int main(int argc, char** argv) {
  passerelle::synthetic::GeneratorOptions options;
  if (argc > 1) options.region = argv[1];
  if (argc > 2) options.candidates = std::atoll(argv[2]);
  if (argc > 3) options.openings = std::atoll(argv[3]);
  try {
    const passerelle::MatchRequest request = passerelle::synthetic::Generate(options);
    const passerelle::MatchResponse response = passerelle::Match(request);
    const passerelle::Summary& s = response.summary;
    std::printf("%s: %lld of %lld candidates placed (%.1f%%), %lld of %lld seats filled, mean score %.3f\n",
                options.region.c_str(), static_cast<long long>(s.placed_candidates),
                static_cast<long long>(s.candidates), 100 * s.placement_rate,
                static_cast<long long>(s.seats_filled), static_cast<long long>(s.seats), s.mean_score);
    if (!response.placements.empty()) {
      const passerelle::Placement& p = response.placements.front();
      std::printf("  %s -> %s (score %.2f): %s\n", p.candidate_id.c_str(), p.opening_id.c_str(), p.score,
                  p.explanation.c_str());
    }
    if (!response.unplaced.empty()) {
      const passerelle::Unplaced& u = response.unplaced.front();
      std::printf("  %s unplaced (%s): %s\n", u.candidate_id.c_str(), passerelle::ToString(u.reasons.front().code),
                  u.reasons.front().detail.c_str());
    }
    return s.status == passerelle::MatchStatus::kOptimal ? 0 : 1;
  } catch (const passerelle::InvalidArgumentError& e) {  // e.g. an unknown region
    std::fprintf(stderr, "match_generated: %s\n", e.what());
    return 2;
  }
}
