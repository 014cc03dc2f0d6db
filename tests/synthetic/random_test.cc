// Tests of the generator's portable randomness (src/synthetic/random.h).
#include "random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace passerelle::synthetic::internal {
namespace {

TEST(RandomTest, PortableLogAgreesWithLibm) {
  Rng rng(7);
  for (int i = 0; i < 100000; ++i) {
    // Log-uniform over [1e-300, 1e300], plus the values Box–Muller feeds.
    const double x = i % 2 ? std::exp(rng.Uniform(-690, 690)) : rng.Uniform() + 1e-300;
    const double expected = std::log(x);
    EXPECT_NEAR(PortableLog(x), expected, 4e-16 * std::max(1.0, std::fabs(expected))) << x;
  }
  EXPECT_EQ(PortableLog(1.0), 0.0);
}

TEST(RandomTest, PortableCosAgreesWithLibm) {
  for (double x = -1.5707; x <= 1.5707; x += 0.001) {
    EXPECT_NEAR(PortableCos(x), std::cos(x), 1e-15) << x;
  }
}

// Pins the bit stream: the same seed must give these numbers on every
// platform (xoshiro256** seeded by splitmix64).
TEST(RandomTest, StreamIsPinned) {
  Rng rng(1);
  const uint64_t first = rng.Next();
  const uint64_t second = rng.Next();
  Rng again(1);
  EXPECT_EQ(again.Next(), first);
  EXPECT_EQ(again.Next(), second);
  EXPECT_EQ(first, 0xb3f2af6d0fc710c5ULL);
  EXPECT_EQ(second, 0x853b559647364ceaULL);
  Rng record = Rng::ForRecord(1, 2, 3);
  EXPECT_EQ(record.Next(), 16000363581145724814ULL);
}

TEST(RandomTest, UniformIsInUnitInterval) {
  Rng rng(3);
  double sum = 0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / kN, 0.5, 0.005);
}

TEST(RandomTest, UniformIntCoversRangeEvenly) {
  Rng rng(4);
  std::vector<int> counts(7, 0);
  constexpr int kN = 70000;
  for (int i = 0; i < kN; ++i) {
    const int64_t v = rng.UniformInt(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    ++counts[v + 3];
  }
  for (int c : counts) EXPECT_NEAR(c, kN / 7.0, 5 * std::sqrt(kN / 7.0));
  EXPECT_EQ(rng.UniformInt(5, 5), 5);
}

TEST(RandomTest, NormalHasUnitMoments) {
  Rng rng(5);
  constexpr int kN = 200000;
  double sum = 0, sum2 = 0;
  int beyond_two = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.Normal();
    sum += z;
    sum2 += z * z;
    beyond_two += std::fabs(z) > 2;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.01);
  EXPECT_NEAR(sum2 / kN, 1.0, 0.01);
  EXPECT_NEAR(static_cast<double>(beyond_two) / kN, 0.0455, 0.002);
}

TEST(RandomTest, DiscreteFollowsWeightsAndSkipsZeros) {
  const std::vector<double> weights = {0.5, 0.0, 0.3, 0.2, 0.0};
  Discrete d(weights);
  Rng rng(6);
  std::vector<int> counts(weights.size(), 0);
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) ++counts[d.Draw(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_EQ(counts[4], 0);
  EXPECT_NEAR(counts[0] / double(kN), 0.5, 0.01);
  EXPECT_NEAR(counts[2] / double(kN), 0.3, 0.01);
  EXPECT_NEAR(counts[3] / double(kN), 0.2, 0.01);
}

// One uniform per pick, whatever the index: the records after a pick keep
// their numbers.
TEST(RandomTest, PickIndexFollowsSharesWithOneDraw) {
  constexpr double kShares[] = {0.65, 0.25, 0.10};
  Rng rng(8), twin(8);
  std::vector<int> counts(3, 0);
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    ++counts[PickIndex(rng, kShares)];
    twin.Next();
  }
  EXPECT_EQ(rng.Next(), twin.Next());
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(counts[i] / double(kN), kShares[i], 0.01);
}

TEST(RandomTest, ShuffledIsAUniformPermutation) {
  Rng rng(9);
  for (int n = 0; n <= 6; ++n) {
    std::vector<int> v = Shuffled(rng, n);
    std::sort(v.begin(), v.end());
    std::vector<int> identity(n);
    std::iota(identity.begin(), identity.end(), 0);
    EXPECT_EQ(v, identity);
  }
  // Each element comes first equally often.
  std::vector<int> first(4, 0);
  constexpr int kN = 40000;
  for (int i = 0; i < kN; ++i) ++first[Shuffled(rng, 4)[0]];
  for (int c : first) EXPECT_NEAR(c, kN / 4.0, 5 * std::sqrt(kN * 0.25 * 0.75));
}

}  // namespace
}  // namespace passerelle::synthetic::internal
