// The one way passerelle runs work in parallel: worker threads that split a
// range (`ForSlices`), workers that pull tasks (`RunWorkers`), and one task
// beside the caller (`RunAlongside`). All of them degrade to fewer threads,
// down to the calling one alone, when the system cannot start a thread, so a
// large thread count never aborts the process. Not part of the API: may
// change without notice.
#ifndef PASSERELLE_INTERNAL_PARALLEL_H_
#define PASSERELLE_INTERNAL_PARALLEL_H_

#include <algorithm>
#include <cstdint>
#include <exception>
#include <future>
#include <memory>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace passerelle::internal {

// Threads per core beyond which a requested count is capped.
inline constexpr int kMaxThreadsPerCore = 4;

// A thread count as `ExecutionOptions::threads` gives it: <= 0 means one per
// core; positive counts are capped at kMaxThreadsPerCore per core. >= 1.
inline int ResolveThreads(int requested, unsigned cores = std::thread::hardware_concurrency()) {
  const int per_core = static_cast<int>(std::max(1u, cores));
  if (requested <= 0) return per_core;
  return std::min(requested, kMaxThreadsPerCore * per_core);
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

// Runs worker(0), ..., worker(workers - 1), each on its own thread (this one
// runs worker 0), and returns when all are done; then rethrows the exception
// of the lowest-numbered worker that threw, if any. A worker whose thread
// cannot be started runs on this thread after worker 0, so every worker runs
// exactly once whatever the system allows. Workers typically pull tasks from
// a shared atomic counter.
template <typename Worker>
void RunWorkers(int workers, const Worker& worker) {
  workers = std::max(1, workers);
  std::vector<std::exception_ptr> failures(static_cast<size_t>(workers));
  auto run = [&](int w) {
    try {
      worker(w);
    } catch (...) {
      failures[static_cast<size_t>(w)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(workers - 1));
  int started = 1;
  for (; started < workers; ++started) {
    try {
      pool.emplace_back(run, started);
    } catch (const std::system_error&) {
      break;  // no more threads: the rest run here
    }
  }
  run(0);
  for (int w = started; w < workers; ++w) run(w);
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

// Runs body(begin, end) on `threads` consecutive slices of [0, count), one
// per worker (see `RunWorkers`), and returns when all are done; then rethrows
// the first slice's exception, if any. `threads` is used as given (callers
// resolve it with `ResolveThreads`), at most one per index.
template <typename Body>
void ForSlices(int threads, int64_t count, const Body& body) {
  const int slices = static_cast<int>(std::clamp<int64_t>(count, 1, std::max(1, threads)));
  RunWorkers(slices, [&](int t) { body(count * t / slices, count * (t + 1) / slices); });
}

// Starts `task` on a second thread when `parallel` is true and the system
// can start one; otherwise it runs at the future's `get()`, on the thread
// that calls it. `get()` rethrows what the task threw. Tasks must only read
// what the caller does not write meanwhile, so that results never depend on
// which way it ran.
template <typename Task>
std::future<void> RunAlongside(bool parallel, Task task) {
  if (parallel) {
    try {
      return std::async(std::launch::async, task);
    } catch (const std::system_error&) {
      // No thread to spare: deferred below.
    }
  }
  return std::async(std::launch::deferred, std::move(task));
}

}  // namespace passerelle::internal

#endif  // PASSERELLE_INTERNAL_PARALLEL_H_
