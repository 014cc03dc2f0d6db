// Backing large arrays with memory before they are written. Not part of the
// API: may change without notice.
//
// The first write to each page of fresh memory costs a page fault. On some
// virtual machines (shadow page tables) a fault costs 5-10 us, so that the
// arrays of a national run (gigabytes) spend seconds in faults. One
// MADV_POPULATE_WRITE call backs a whole range at once, with huge pages
// where the system gives them to ranges that ask (MADV_HUGEPAGE): the
// writes that follow then fault less or not at all (bench/RESULTS.md,
// "Issue 22, fourth round"); large ranges are backed by several threads at
// once ("seventh round"). Only for memory about to be written in full:
// a populated page is resident whether it is written or not.
#ifndef PASSERELLE_INTERNAL_MEMORY_H_
#define PASSERELLE_INTERNAL_MEMORY_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace passerelle::internal {

// Ranges smaller than this are left to page faults (one call costs about
// what a few faults do).
inline constexpr size_t kPopulateMinBytes = size_t{1} << 20;
// Ranges of at least twice this many bytes are backed by several threads,
// one part of at least this size each, on at most kPopulateMaxThreads.
inline constexpr size_t kPopulatePartMinBytes = size_t{32} << 20;
inline constexpr size_t kPopulateMaxThreads = 4;

// The system's page size in bytes (4096 where it cannot be asked).
inline size_t PageBytes() {
#if defined(__linux__)
  static const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
#else
  return 4096;
#endif
}

// The whole pages within [data, data + bytes): [from, to), empty when
// `to <= from`.
struct PageRange {
  uintptr_t from, to;
};
inline PageRange WholePages(const void* data, size_t bytes) {
  const auto page = static_cast<uintptr_t>(PageBytes());
  const auto begin = reinterpret_cast<uintptr_t>(data);
  return {(begin + page - 1) / page * page, (begin + bytes) / page * page};
}

inline constexpr uintptr_t kHugePageBytes = uintptr_t{2} << 20;

#if defined(__linux__)
// Asks for huge pages where whole ones fit in `pages` (when the system
// allows them for ranges that ask): then first writes fault not at all, and
// the arrays' random reads miss the TLB less.
inline void AskHugePages(PageRange pages) {
  const uintptr_t huge_from = (pages.from + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  const uintptr_t huge_to = pages.to / kHugePageBytes * kHugePageBytes;
  if (huge_to > huge_from) {
    (void)madvise(reinterpret_cast<void*>(huge_from), huge_to - huge_from, MADV_HUGEPAGE);
  }
}
#endif

// Backs the whole pages within [data, data + bytes) with zeroed, writable
// memory now (huge pages for the whole huge pages within, if allowed).
// Contents already there are kept. A no-op for small ranges, outside Linux,
// and on kernels without MADV_POPULATE_WRITE (before 5.14), where the
// writes fault page by page as before.
inline void PopulateForWriting(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (bytes < kPopulateMinBytes) return;
  const auto page = static_cast<uintptr_t>(PageBytes());
  const PageRange range = WholePages(data, bytes);
  const uintptr_t from = range.from, to = range.to;  // plain variables: lambdas below capture them
  if (to <= from) return;
  AskHugePages(range);
  // Large ranges on several threads: where each fault waits on a host
  // backing the guest's memory on demand, two threads back a range about
  // twice as fast as one (bench/RESULTS.md, "Issue 22, seventh round").
  const size_t pages = (to - from) / page;
  // The CPUs this process may run on (taskset, cpusets), not all of them.
  cpu_set_t allowed;
  const size_t cores =
      sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? std::max(1, CPU_COUNT(&allowed)) : 1;
  const size_t parts =
      std::max<size_t>(1, std::min({cores, kPopulateMaxThreads, (to - from) / kPopulatePartMinBytes}));
  auto populate_part = [&](size_t p) {
    const uintptr_t part_from = from + pages * p / parts * page;
    const uintptr_t part_to = from + pages * (p + 1) / parts * page;
    (void)madvise(reinterpret_cast<void*>(part_from), part_to - part_from, MADV_POPULATE_WRITE);
  };
  // One part (smaller ranges, one CPU): no thread, no allocation.
  std::vector<std::thread> helpers;
  helpers.reserve(parts - 1);  // emplace_back then throws only for want of a thread
  size_t p = 1;
  try {
    for (; p < parts; ++p) helpers.emplace_back(populate_part, p);
  } catch (const std::system_error&) {
    // No thread to spare: the rest on this one.
  }
  for (size_t q = p; q < parts; ++q) populate_part(q);
  populate_part(0);
  for (std::thread& helper : helpers) helper.join();
#else
  (void)data;
  (void)bytes;
#endif
}

// Resizes `v` to `size` elements, and backs the new elements' pages first
// (see PopulateForWriting): for arrays sized, then filled in full. With
// UninitializedAllocator the growth writes nothing; with std::allocator it
// writes the new elements' values on pages already backed. Storage grows
// geometrically, as with resize.
template <typename Vector>
void ResizeForWriting(Vector& v, size_t size) {
  using T = typename Vector::value_type;
  const size_t before = v.size();
  if (size > v.capacity()) v.reserve(std::max(size, 2 * v.capacity()));
  if (size > before) PopulateForWriting(v.data() + before, (size - before) * sizeof(T));
  v.resize(size);
}

// v.assign(size, value), its storage backed first (see PopulateForWriting).
template <typename Vector>
void AssignForWriting(Vector& v, size_t size, const typename Vector::value_type& value) {
  using T = typename Vector::value_type;
  if (size > v.capacity()) {
    v.clear();
    v.reserve(size);
  }
  PopulateForWriting(v.data(), size * sizeof(T));
  v.assign(size, value);
}

// Heap memory backed ahead of need, on a thread of its own, while the
// program does something else. For one-shot programs whose heap keeps what
// they free (glibc without mappings for large allocations and without
// trimming, as `passerelle` sets it up; src/cli/main.cc) and which spend a
// phase on fewer cores than they have: a national `match` reads its request
// mostly on one core, and the phases after it would otherwise fault in
// gigabytes with both cores busy (bench/RESULTS.md, "Issue 22, ninth
// round"). The constructor takes `bytes` from the heap (untouched) and a
// thread backs them, 2 MB at a time, with huge pages where the system allows
// them; `Stop()` (or the destructor) ends that within one step and gives
// the memory back to the heap, whose next allocations then find it backed.
// Where that cannot be done (no MADV_POPULATE_WRITE, no memory, no thread),
// nothing is backed and the program runs as it would without.
class HeapWarmer {
 public:
  explicit HeapWarmer(size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (bytes < kPopulateMinBytes) return;
    memory_ = std::malloc(bytes);
    if (memory_ == nullptr) return;
    bytes_ = bytes;
    try {
      thread_ = std::thread([this] { Back(); });
    } catch (const std::system_error&) {
      // No thread to spare: nothing backed ahead.
    }
#else
    (void)bytes;
#endif
  }
  HeapWarmer(const HeapWarmer&) = delete;
  HeapWarmer& operator=(const HeapWarmer&) = delete;
  ~HeapWarmer() { Stop(); }

  // Ends the backing and returns the memory to the heap (idempotent).
  void Stop() {
    stop_.store(true, std::memory_order_relaxed);
    if (thread_.joinable()) thread_.join();
    std::free(memory_);
    memory_ = nullptr;
  }

  // Bytes backed so far.
  size_t backed_bytes() const { return backed_.load(std::memory_order_relaxed); }

 private:
  // One step, a huge page: short enough that `Stop()` and the program's own
  // calls that change its mappings (a heap growing) never wait long on it.
  static constexpr uintptr_t kStep = kHugePageBytes;

  // Whole pages from the first, in steps that end on huge page boundaries
  // (huge pages where allowed).
  void Back() {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    const PageRange range = WholePages(memory_, bytes_);
    const uintptr_t from = range.from, to = range.to;
    if (to <= from) return;
    AskHugePages(range);
    for (uintptr_t at = from; at < to && !stop_.load(std::memory_order_relaxed);) {
      const uintptr_t next = std::min(to, (at / kStep + 1) * kStep);
      if (madvise(reinterpret_cast<void*>(at), next - at, MADV_POPULATE_WRITE) != 0) return;
      backed_.fetch_add(next - at, std::memory_order_relaxed);
      at = next;
    }
#endif
  }

  void* memory_ = nullptr;
  size_t bytes_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> backed_{0};
  std::thread thread_;
};

}  // namespace passerelle::internal

#endif  // PASSERELLE_INTERNAL_MEMORY_H_
