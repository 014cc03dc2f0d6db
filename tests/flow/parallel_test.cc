// internal/parallel.h: ForSlices covers every index once, whatever the
// thread count, and rethrows a slice's exception after every slice is done;
// RunWorkers runs every worker once; RunAlongside; thread counts resolved
// and capped. internal/memory.h: populating keeps contents and makes the
// pages resident; ResizeForWriting keeps the elements there were; what
// HeapWarmer backs is what the heap's next allocations get.
#include "passerelle/internal/parallel.h"
#include "passerelle/internal/memory.h"

#include <gtest/gtest.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

namespace passerelle::internal {
namespace {

TEST(ForSlicesTest, CoversEveryIndexOnceWhateverTheThreadCount) {
  for (const int64_t count : {0, 1, 2, 3, 7, 1000}) {
    for (const int threads : {-1, 0, 1, 2, 3, 8, 2000}) {
      std::vector<std::atomic<int>> seen(static_cast<size_t>(count));
      ForSlices(threads, count, [&](int64_t begin, int64_t end) {
        ASSERT_LE(0, begin);
        ASSERT_LE(begin, end);
        ASSERT_LE(end, count);
        for (int64_t i = begin; i < end; ++i) ++seen[static_cast<size_t>(i)];
      });
      for (int64_t i = 0; i < count; ++i) {
        EXPECT_EQ(seen[static_cast<size_t>(i)].load(), 1) << "count " << count << " threads " << threads << " index " << i;
      }
    }
  }
}

TEST(ForSlicesTest, RethrowsAfterEverySliceIsDone) {
  std::atomic<int64_t> done{0};
  EXPECT_THROW(ForSlices(4, 400,
                         [&](int64_t begin, int64_t end) {
                           if (begin == 200) throw std::runtime_error("slice 2");
                           done += end - begin;
                         }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 300);  // the other three slices ran to their end
}

TEST(ResolveThreadsTest, ZeroOrLessMeansOnePerCoreAndLargeCountsAreCapped) {
  // The core count is passed in, so these hold on any machine.
  EXPECT_EQ(ResolveThreads(0, 6), 6);
  EXPECT_EQ(ResolveThreads(-2, 6), 6);
  EXPECT_EQ(ResolveThreads(0, 0), 1);  // unknown core count: one thread
  EXPECT_EQ(ResolveThreads(3, 6), 3);
  EXPECT_EQ(ResolveThreads(24, 6), 24);
  EXPECT_EQ(ResolveThreads(25, 6), 24);  // kMaxThreadsPerCore per core
  EXPECT_EQ(ResolveThreads(100000, 2), 8);
  EXPECT_EQ(ResolveThreads(0), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

// Workers whose thread cannot start run on the calling thread: simulated
// with an address-space cap is not portable, so check the contract that
// makes it safe instead: every worker runs once, on some thread, and the
// lowest-numbered failure is rethrown after all are done.
TEST(RunWorkersTest, EveryWorkerRunsOnceAndTheFirstFailureIsRethrown) {
  for (const int workers : {-3, 0, 1, 2, 5, 64}) {
    std::vector<std::atomic<int>> runs(static_cast<size_t>(std::max(1, workers)));
    RunWorkers(workers, [&](int w) { ++runs[static_cast<size_t>(w)]; });
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1) << "workers " << workers;
  }
  std::atomic<int> done{0};
  try {
    RunWorkers(6, [&](int w) {
      if (w == 4) throw std::runtime_error("worker 4");
      if (w == 2) throw std::logic_error("worker 2");
      ++done;
    });
    FAIL() << "expected a rethrow";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "worker 2");
  }
  EXPECT_EQ(done.load(), 4);
}

TEST(RunAlongsideTest, RunsOnASecondThreadOnlyWhenAsked) {
  const std::thread::id self = std::this_thread::get_id();
  std::thread::id ran_on;
  RunAlongside(false, [&] { ran_on = std::this_thread::get_id(); }).get();
  EXPECT_EQ(ran_on, self);
  RunAlongside(true, [&] { ran_on = std::this_thread::get_id(); }).get();
  EXPECT_NE(ran_on, self);
  EXPECT_THROW(RunAlongside(true, [] { throw std::runtime_error("x"); }).get(), std::runtime_error);
  EXPECT_THROW(RunAlongside(false, [] { throw std::runtime_error("x"); }).get(), std::runtime_error);
}

TEST(PopulateForWritingTest, KeepsWhatIsThereOnAnyRange) {
  std::vector<uint8_t> bytes(size_t{8} << 20);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 131 + 7);
  const std::vector<uint8_t> before = bytes;
  // Unaligned ends, a range below the threshold, an empty one.
  PopulateForWriting(bytes.data() + 3, bytes.size() - 10);
  PopulateForWriting(bytes.data() + 5, 100);
  PopulateForWriting(bytes.data(), 0);
  EXPECT_EQ(bytes, before);
}

TEST(PopulateForWritingTest, MakesFreshPagesResident) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t bytes = size_t{16} << 20;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  auto resident = [&] {
    std::vector<unsigned char> in_core(bytes / page);
    EXPECT_EQ(mincore(p, bytes, in_core.data()), 0);
    size_t n = 0;
    for (const unsigned char c : in_core) n += c & 1;
    return n;
  };
  EXPECT_EQ(resident(), 0u);
  // Kernels before 5.14 refuse the advice: the helper then does nothing.
  if (madvise(p, page, MADV_POPULATE_WRITE) != 0) {
    munmap(p, bytes);
    GTEST_SKIP() << "no MADV_POPULATE_WRITE on this kernel";
  }
  PopulateForWriting(static_cast<char*>(p) + 1, bytes - 1);
  // Every whole page of the range; the first, partly outside it, stays as
  // it was (resident since the probe above).
  EXPECT_EQ(resident(), bytes / page);
  munmap(p, bytes);
#else
  GTEST_SKIP() << "Linux only";
#endif
}

TEST(HeapWarmerTest, BacksWhatTheNextAllocationsGet) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  {
    // Kernels before 5.14 refuse the advice: nothing is backed then.
    void* probe = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(probe, MAP_FAILED);
    const bool supported = madvise(probe, page, MADV_POPULATE_WRITE) == 0;
    munmap(probe, page);
    if (!supported) GTEST_SKIP() << "no MADV_POPULATE_WRITE on this kernel";
  }
  // The heap as `passerelle` sets it up (src/cli/main.cc): large
  // allocations from the heap, nothing given back.
  ASSERT_EQ(mallopt(M_MMAP_MAX, 0), 1);
  ASSERT_EQ(mallopt(M_TRIM_THRESHOLD, INT_MAX), 1);
  const size_t bytes = size_t{64} << 20;
  HeapWarmer warmer(bytes);
  // Every whole page, however long the system takes.
  const size_t whole = bytes / page * page - page;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (warmer.backed_bytes() < whole && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(warmer.backed_bytes(), whole);
  warmer.Stop();
  warmer.Stop();  // idempotent
  // An allocation after it is resident before anything writes to it.
  const size_t taken = bytes / 2;
  auto* p = static_cast<char*>(std::malloc(taken));
  ASSERT_NE(p, nullptr);
  const auto from = (reinterpret_cast<uintptr_t>(p) + page - 1) / page * page;
  const auto to = (reinterpret_cast<uintptr_t>(p) + taken) / page * page;
  std::vector<unsigned char> in_core((to - from) / page);
  ASSERT_EQ(mincore(reinterpret_cast<void*>(from), to - from, in_core.data()), 0);
  size_t resident = 0;
  for (const unsigned char c : in_core) resident += c & 1;
  EXPECT_EQ(resident, in_core.size());
  std::free(p);
  // glibc's defaults again (the thresholds fixed rather than dynamic).
  mallopt(M_MMAP_MAX, 65536);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#else
  GTEST_SKIP() << "Linux and glibc's heap only (and not under AddressSanitizer, whose heap is its own)";
#endif
}

TEST(HeapWarmerTest, StopsEarlyAndBacksNothingWhenAskedForNothing) {
  HeapWarmer none(0);
  EXPECT_EQ(none.backed_bytes(), 0u);
  // 1 GB, stopped at once: the backing has ended when Stop returns (the
  // count no longer moves), and the destructor after Stop does nothing more.
  HeapWarmer large(size_t{1} << 30);
  large.Stop();
  const size_t backed = large.backed_bytes();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(large.backed_bytes(), backed);
}

TEST(ResizeForWritingTest, KeepsTheElementsThereWere) {
  std::vector<int64_t, UninitializedAllocator<int64_t>> v;
  ResizeForWriting(v, 3);
  ASSERT_EQ(v.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) v[static_cast<size_t>(i)] = i + 1;
  // Large enough to be populated, and to move the storage.
  const size_t large = (size_t{4} << 20) / sizeof(int64_t);
  ResizeForWriting(v, large);
  ASSERT_EQ(v.size(), large);
  EXPECT_EQ(v[0], 1);
  EXPECT_EQ(v[1], 2);
  EXPECT_EQ(v[2], 3);
  for (size_t i = 3; i < large; ++i) v[i] = static_cast<int64_t>(i);
  ResizeForWriting(v, 2);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], 2);
}

}  // namespace
}  // namespace passerelle::internal
