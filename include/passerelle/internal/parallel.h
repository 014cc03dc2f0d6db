// Implementation helpers shared by the library's modules (threads, arrays
// filled by several threads). Not part of the API: may change without notice.
#ifndef PASSERELLE_INTERNAL_PARALLEL_H_
#define PASSERELLE_INTERNAL_PARALLEL_H_

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace passerelle::internal {

// A thread count as the options give it: > 0 as is, otherwise every core.
inline int ResolveThreads(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Allocator whose value-initialisation writes nothing, for arrays of
// trivially copyable types sized first and then filled, possibly by several
// threads (which then are the ones to first touch the pages: on large arrays
// page faults are a good part of the time). The allocated storage holds such
// objects as soon as their bytes are written (implicit-lifetime types).
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U*) noexcept {}
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// Runs body(begin, end) on `threads` consecutive slices of [0, count), one
// per thread (this one takes the first), and returns when all are done; then
// rethrows the first slice's exception, if any.
template <typename Body>
void ForSlices(int threads, int64_t count, const Body& body) {
  threads = static_cast<int>(std::clamp<int64_t>(count, 1, std::max(1, threads)));
  std::vector<std::exception_ptr> failures(static_cast<size_t>(threads));
  auto slice = [&](int t) {
    try {
      body(count * t / threads, count * (t + 1) / threads);
    } catch (...) {
      failures[static_cast<size_t>(t)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(slice, t);
  slice(0);
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace passerelle::internal

#endif  // PASSERELLE_INTERNAL_PARALLEL_H_
