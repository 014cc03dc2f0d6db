// Small helpers that several files of the matching module share: pair keys,
// employer caps, the policy's threads, work run beside the caller, phase
// timings.
#ifndef PASSERELLE_SRC_MATCHING_INTERNAL_H_
#define PASSERELLE_SRC_MATCHING_INTERNAL_H_

#include <chrono>
#include <cstdint>
#include <future>
#include <utility>

#include "passerelle/internal/parallel.h"
#include "passerelle/model.h"

namespace passerelle::matching {

// Key of a (candidate, opening) pair in hash sets and maps.
inline uint64_t PairKey(CandidateIndex c, OpeningIndex o) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(c)) << 32) | static_cast<uint32_t>(o);
}


// Runs `task` on a second thread when `threads` > 1 (`get()` waits for it
// and rethrows), else at `get()` on this thread (internal::RunAlongside).
// Tasks only read what the caller does not write meanwhile, so the response
// does not depend on it.
template <typename Task>
std::future<void> Alongside(int threads, Task task) {
  return internal::RunAlongside(threads > 1, std::move(task));
}

// Wall-clock seconds of consecutive phases (`MatchTimings`).
class Stopwatch {
 public:
  // When the current phase started.
  std::chrono::steady_clock::time_point start() const { return start_; }
  // Ends the current phase: its seconds; the next one starts now.
  double Lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_INTERNAL_H_
