// Plain-language explanations of pairs for the report. A session caches them
// by stable identities (a counsellor's re-solve explains nearly the same
// pairs again); a one-shot match computes each when asked.
#ifndef PASSERELLE_SRC_MATCHING_EXPLANATION_CACHE_H_
#define PASSERELLE_SRC_MATCHING_EXPLANATION_CACHE_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "passerelle/model.h"
#include "scores.h"
#include "stable_ids.h"

namespace passerelle {
class Taxonomy;
}  // namespace passerelle

namespace passerelle::matching {

using Explained = ExplainedPair;

class ExplanationCache {
 public:
  // `cached`: keep every explanation (sessions); otherwise the result is
  // valid until the next call.
  explicit ExplanationCache(bool cached) : cached_(cached) {}
  bool cached() const { return cached_; }

  // The explanation of (c, o). `ids`: the records' stable identities (only
  // read when cached).
  const Explained& Get(const MatchRequest& request, const Taxonomy& taxonomy, const StableIds* ids, CandidateIndex c,
                       OpeningIndex o);

 private:
  bool cached_;
  std::unordered_map<uint64_t, Explained> explained_;  // by candidate id << 32 | opening id
  Explained scratch_;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_EXPLANATION_CACHE_H_
