// internal/parallel.h: ForSlices covers every index once, whatever the
// thread count, and rethrows a slice's exception after every slice is done;
// RunWorkers runs every worker once; RunAlongside; thread counts resolved
// and capped.
#include "passerelle/internal/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
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

}  // namespace
}  // namespace passerelle::internal
