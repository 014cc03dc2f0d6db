// SpatialIndex::Walk against brute force: every opening within the search
// circle is either in a block the walk returns or counted in the car-only
// band, the counted ones are all beyond the band's start, no block comes
// twice, and a walk without a band counts nothing. Both versions of the
// children's decisions (portable, AVX-512 where the processor has it).
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pass1.h"          // src/scoring: SetSimdLevel
#include "prepared.h"       // src/scoring: OpeningData
#include "spatial_index.h"  // src/scoring
#include "unit_sphere.h"    // src/scoring

namespace passerelle::scoring_internal {
namespace {

// The squared chord as pass 1 computes it, operation by operation.
double PassOneChord2(const Vec3& home, const Vec3& p) {
  const double dx = home.x - p.x, dy = home.y - p.y, dz = home.z - p.z;
  return (dx * dx + dy * dy) + dz * dz;
}

std::vector<OpeningData> RandomOpenings(std::mt19937_64& rng, int n, bool clustered) {
  std::uniform_real_distribution<double> lat(42.0, 51.0), lon(-4.5, 8.0), jitter(-0.02, 0.02);
  std::vector<GeoPoint> centres(5);
  for (GeoPoint& c : centres) c = {lat(rng), lon(rng)};
  std::vector<GeoPoint> points(n);
  for (GeoPoint& p : points) {
    if (clustered) {
      const GeoPoint& c = centres[rng() % centres.size()];
      // Some openings share a location exactly.
      p = rng() % 8 == 0 ? c : GeoPoint{c.latitude + jitter(rng), c.longitude + jitter(rng)};
    } else {
      p = {lat(rng), lon(rng)};
    }
  }
  const std::vector<int32_t> order =
      ZOrder(n, [&](int32_t k) -> const GeoPoint& { return points[k]; });
  std::vector<OpeningData> openings(n);
  for (int k = 0; k < n; ++k) openings[k].p = ToUnit(points[order[k]]);
  return openings;
}

void CheckWalks(SimdLevel level) {
  SetSimdLevel(level);
  std::mt19937_64 rng(20261204);
  std::uniform_real_distribution<double> lat(41.0, 52.0), lon(-5.0, 9.0), km(0.5, 150.0);
  std::vector<int32_t> blocks;
  for (const int n : {0, 1, 15, 16, 17, 129, 1000, 5000}) {
    for (const bool clustered : {false, true}) {
      const std::vector<OpeningData> openings = RandomOpenings(rng, n, clustered);
      const SpatialIndex index(openings);
      for (int trial = 0; trial < 60; ++trial) {
        const Vec3 home = ToUnit({lat(rng), lon(rng)});
        const double search = KmToChord2(km(rng));
        // No band, a band from some radius below the circle, everything in
        // the band (a candidate with no mode in reach), no circle at all.
        double band_from = kInfinity;
        switch (trial % 5) {
          case 1: case 2: band_from = search * std::uniform_real_distribution<double>(0.0, 1.0)(rng); break;
          case 3: band_from = -1; break;
          default: break;
        }
        const double circle = trial % 10 == 9 ? kInfinity : search;
        const int32_t in_band = index.Walk(home, circle, band_from, &blocks);
        std::vector<char> returned(index.num_blocks(), 0);
        for (const int32_t b : blocks) {
          ASSERT_GE(b, 0);
          ASSERT_LT(b, index.num_blocks());
          ASSERT_FALSE(returned[b]) << "block " << b << " twice";
          returned[b] = 1;
        }
        int32_t left_out = 0;
        for (int k = 0; k < n; ++k) {
          const double chord2 = PassOneChord2(home, openings[k].p);
          if (!(chord2 <= circle) || returned[k / kBlock]) continue;
          ++left_out;
          EXPECT_GT(chord2, band_from) << "opening " << k << " left out within the band's start";
        }
        EXPECT_EQ(in_band, left_out) << "n " << n << " trial " << trial;
        if (!(band_from < circle)) EXPECT_EQ(in_band, 0);
      }
    }
  }
  SetSimdLevel(SimdLevel::kAvx512);
}

TEST(SpatialIndexTest, WalkLeavesOutOnlyTheBandPortable) { CheckWalks(SimdLevel::kPortable); }
TEST(SpatialIndexTest, WalkLeavesOutOnlyTheBandBestVersion) { CheckWalks(SimdLevel::kAvx512); }

// The walk decides whole nodes: in a wide circle with a narrow reach (20,000
// openings over France, 400 km, a band from 50 km), most openings are
// counted, not returned in blocks.
TEST(SpatialIndexTest, WalkCountsWholeNodes) {
  std::mt19937_64 rng(7);
  const std::vector<OpeningData> openings = RandomOpenings(rng, 20000, false);
  const SpatialIndex index(openings);
  std::vector<int32_t> blocks;
  const Vec3 home = ToUnit({46.5, 2.5});
  const int32_t in_band = index.Walk(home, KmToChord2(400), KmToChord2(50), &blocks);
  EXPECT_GT(in_band, 5000);
  EXPECT_LT(static_cast<int64_t>(blocks.size()) * kBlock, in_band);
}

}  // namespace
}  // namespace passerelle::scoring_internal
