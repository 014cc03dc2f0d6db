// Private to src/scoring: a candidate's best pairs during pass 2 of
// `ScoreRequest`. Pairs are offered in any order; a bounded heap keeps the
// best `capacity` by score descending, then opening ascending, and its worst
// score is the threshold below which no pair can enter (so pass 2 skips the
// pairs whose bound is below it). `BoundCutoff` picks the bounds to score
// first, so that the threshold is soon close to its final value.
#ifndef PASSERELLE_SRC_SCORING_TOP_K_H_
#define PASSERELLE_SRC_SCORING_TOP_K_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "passerelle/scoring.h"

namespace passerelle::scoring_internal {

// The best pairs offered so far. Rows are sorted by score descending, then
// opening ascending: one 64-bit key per pair (scores are finite and >= 0, so
// their float bits order like them); pairs sit in a pool, the heap holds
// 16-byte keys.
class TopPairs {
 public:
  explicit TopPairs(size_t capacity) : capacity_(capacity), pool_(capacity) {
    heap_.reserve(capacity);
  }

  // Forgets every pair.
  void Clear() {
    heap_.clear();
    threshold_ = -std::numeric_limits<float>::infinity();
  }

  // Scores below it cannot enter: the worst kept score once `capacity` pairs
  // are kept, -infinity before.
  float threshold() const { return threshold_; }

  size_t size() const { return heap_.size(); }

  // Offers a pair of `score` with `opening`: nullptr when it does not rank
  // among the best; otherwise the pair's place, with `score` and `opening`
  // set and the other fields left to the caller (the pair it replaces, if
  // any, is gone).
  ScoredPair* Offer(float score, OpeningIndex opening) {
    if (score < threshold_) return nullptr;
    const uint64_t key =
        (static_cast<uint64_t>(0xffffffffu - std::bit_cast<uint32_t>(score)) << 32) |
        static_cast<uint32_t>(opening);
    uint32_t slot;
    if (heap_.size() < capacity_) {
      slot = static_cast<uint32_t>(heap_.size());
      heap_.push_back({key, slot});
      std::push_heap(heap_.begin(), heap_.end());
    } else {
      if (key >= heap_.front().key) return nullptr;
      // The new pair replaces the worst: sift it down from the top.
      slot = heap_.front().slot;
      const size_t n = heap_.size();
      size_t at = 0;
      for (size_t child; (child = 2 * at + 1) < n; at = child) {
        if (child + 1 < n && heap_[child].key < heap_[child + 1].key) ++child;
        if (heap_[child].key <= key) break;
        heap_[at] = heap_[child];
      }
      heap_[at] = {key, slot};
    }
    if (heap_.size() == capacity_) {
      // The score of the worst kept pair, from its key.
      threshold_ =
          std::bit_cast<float>(0xffffffffu - static_cast<uint32_t>(heap_.front().key >> 32));
    }
    ScoredPair& p = pool_[slot];
    p.opening = opening;
    p.score = score;
    return &p;
  }

  // Writes the kept pairs, best first, to `out` (room for size() pairs), and
  // forgets them.
  void MoveSortedTo(ScoredPair* out) {
    std::sort_heap(heap_.begin(), heap_.end());
    for (const RankKey& r : heap_) *out++ = pool_[r.slot];
    Clear();
  }
  // The same, without the breakdowns.
  void MoveSortedTo(ScoredOpening* out) {
    std::sort_heap(heap_.begin(), heap_.end());
    for (const RankKey& r : heap_) {
      const ScoredPair& p = pool_[r.slot];
      *out++ = {p.opening, p.score, p.commute_minutes};
    }
    Clear();
  }

 private:
  struct RankKey {
    uint64_t key;
    uint32_t slot;
    bool operator<(const RankKey& other) const { return key < other.key; }
  };

  size_t capacity_;
  std::vector<RankKey> heap_;
  std::vector<ScoredPair> pool_;
  float threshold_ = -std::numeric_limits<float>::infinity();
};

// Feasible pairs are scored in decreasing order of their bound, by buckets
// of 1/256 of score.
inline constexpr int kBoundBuckets = 256;
inline int BoundBucket(float bound) {
  // bound >= 0; bucket b holds bounds in [b / 256, (b + 1) / 256), the last
  // one everything above (weights sum to 1 up to rounding).
  const float x = bound * kBoundBuckets;
  return x < kBoundBuckets - 1 ? static_cast<int>(x) : kBoundBuckets - 1;
}

// The lower end of the top buckets that hold at least `keep` of the `n`
// bounds (`n` > `keep`): scoring those pairs first brings the threshold
// close to its final value.
inline float BoundCutoff(const float* bounds, int32_t n, size_t keep) {
  // Four histograms, filled in turn: no wait on the previous increment of
  // the same bucket.
  std::array<std::array<int32_t, kBoundBuckets>, 4> counts;
  for (auto& histogram : counts) histogram.fill(0);
  int32_t f = 0;
  for (; f + 4 <= n; f += 4) {
    ++counts[0][BoundBucket(bounds[f])];
    ++counts[1][BoundBucket(bounds[f + 1])];
    ++counts[2][BoundBucket(bounds[f + 2])];
    ++counts[3][BoundBucket(bounds[f + 3])];
  }
  for (; f < n; ++f) ++counts[0][BoundBucket(bounds[f])];
  size_t above = 0;
  int bucket = kBoundBuckets;
  while (above < keep) {
    --bucket;
    above += counts[0][bucket] + counts[1][bucket] + counts[2][bucket] + counts[3][bucket];
  }
  return static_cast<float>(bucket) / kBoundBuckets;
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_TOP_K_H_
