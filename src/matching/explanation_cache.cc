// Explanations of pairs, cached in a session (see explanation_cache.h).
#include "explanation_cache.h"

#include "scores.h"

namespace passerelle::matching {

const Explained& ExplanationCache::Get(const MatchRequest& request, const Taxonomy& taxonomy, const StableIds* ids,
                                       CandidateIndex c, OpeningIndex o) {
  auto compute = [&](Explained* e) { *e = ExplainPair(request, c, o, taxonomy); };
  if (!cached_) {
    compute(&scratch_);
    return scratch_;
  }
  const uint64_t key = ids->candidates()[c] << 32 | ids->openings()[o];
  auto [it, inserted] = explained_.try_emplace(key);
  if (inserted) compute(&it->second);
  return it->second;
}

}  // namespace passerelle::matching
