// internal/parallel.h: ForSlices covers every index once, whatever the
// thread count, and rethrows a slice's exception after every slice is done.
#include "passerelle/internal/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
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

TEST(ResolveThreadsTest, ZeroOrLessMeansEveryCore) {
  EXPECT_EQ(ResolveThreads(3), 3);
  EXPECT_GE(ResolveThreads(0), 1);
  EXPECT_EQ(ResolveThreads(-2), ResolveThreads(0));
}

}  // namespace
}  // namespace passerelle::internal
