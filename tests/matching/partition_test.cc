// Geographic parts of a request (src/matching/partition.cc): every record in
// a part, balanced parts, cuts through empty land, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "partition.h"  // src/matching: PartitionByGeography
#include "passerelle/model.h"

namespace passerelle::matching {
namespace {

// Three towns on a line about 150 km apart, Toulouse (150 people),
// Carcassonne (100) and Montpellier (150), with as many openings each; every
// candidate is paired with openings of their own town. The balanced cut
// (50%) would split Carcassonne; the cut must instead fall between two towns
// (37.5% or 62.5%, within the allowed 35-65%), where nothing crosses.
MatchRequest Towns(std::vector<SampledPair>* pairs) {
  MatchRequest r;
  const GeoPoint towns[3] = {{43.60, 1.44}, {43.21, 2.34}, {43.61, 3.87}};
  const int sizes[3] = {150, 100, 150};
  std::vector<int> town_of, first_of(3);
  for (int t = 0, next = 0; t < 3; ++t) {
    first_of[t] = next;
    for (int i = 0; i < sizes[t]; ++i, ++next) {
      const double jitter = 0.001 * (i % 17) - 0.008;
      Candidate c;
      c.id = "c-" + std::to_string(next);
      c.home = {towns[t].latitude + jitter, towns[t].longitude - jitter};
      r.candidates.push_back(c);
      Opening o;
      o.id = "o-" + std::to_string(next);
      o.location = {towns[t].latitude - jitter, towns[t].longitude + jitter};
      r.openings.push_back(o);
      town_of.push_back(t);
    }
  }
  for (int c = 0; c < static_cast<int>(town_of.size()); ++c) {
    const int t = town_of[c];
    for (int k = 0; k < 5; ++k) pairs->push_back({c, first_of[t] + (c - first_of[t] + k) % sizes[t]});
  }
  return r;
}

TEST(PartitionTest, CutsBetweenTownsNotThroughThem) {
  std::vector<SampledPair> pairs;
  const MatchRequest r = Towns(&pairs);
  const GeographicParts parts = PartitionByGeography(r, pairs, 2);
  ASSERT_EQ(parts.parts, 2);
  ASSERT_EQ(parts.candidate_part.size(), r.candidates.size());
  ASSERT_EQ(parts.opening_part.size(), r.openings.size());
  int crossing = 0;
  for (const SampledPair& p : pairs) crossing += parts.candidate_part[p.candidate] != parts.opening_part[p.opening];
  EXPECT_EQ(crossing, 0);
  // Toulouse and Montpellier end up apart.
  EXPECT_NE(parts.candidate_part.front(), parts.candidate_part.back());
}

TEST(PartitionTest, PartsAreBalancedCompleteAndDeterministic) {
  // A grid of candidates and openings, each candidate paired with its
  // nearest openings in index order.
  MatchRequest r;
  std::vector<SampledPair> pairs;
  const int side = 60;
  for (int i = 0; i < side * side; ++i) {
    Candidate c;
    c.id = "c-" + std::to_string(i);
    c.home = {44.0 + 0.01 * (i / side), 2.0 + 0.01 * (i % side)};
    r.candidates.push_back(c);
    Opening o;
    o.id = "o-" + std::to_string(i);
    o.location = {44.0 + 0.01 * (i / side) + 0.003, 2.0 + 0.01 * (i % side) + 0.003};
    r.openings.push_back(o);
    for (int d : {0, 1, side}) {
      if (i + d < side * side) pairs.push_back({i, i + d});
    }
  }
  for (const int32_t k : {1, 2, 3, 7, 16}) {
    const GeographicParts parts = PartitionByGeography(r, pairs, k);
    ASSERT_EQ(parts.parts, k);
    std::vector<int> size(k, 0);
    for (const int32_t p : parts.candidate_part) {
      ASSERT_GE(p, 0);
      ASSERT_LT(p, k);
      ++size[p];
    }
    for (const int32_t p : parts.opening_part) {
      ASSERT_GE(p, 0);
      ASSERT_LT(p, k);
    }
    // Each cut lands within 35-65% of its share: parts stay within a
    // factor of about 2.5 of the mean at these depths.
    const double mean = static_cast<double>(r.candidates.size()) / k;
    for (int p = 0; p < k; ++p) {
      EXPECT_GT(size[p], 0.35 * mean) << k << " parts, part " << p;
      EXPECT_LT(size[p], 2.5 * mean) << k << " parts, part " << p;
    }
    const GeographicParts again = PartitionByGeography(r, pairs, k);
    EXPECT_EQ(again.candidate_part, parts.candidate_part);
    EXPECT_EQ(again.opening_part, parts.opening_part);
  }
}

TEST(PartitionTest, DegenerateInputsStillGiveEveryRecordAPart) {
  MatchRequest empty;
  const GeographicParts none = PartitionByGeography(empty, {}, 4);
  EXPECT_TRUE(none.candidate_part.empty());
  // Everyone at the same place, no pairs: any split is valid, but every
  // record gets a part in range.
  MatchRequest same;
  for (int i = 0; i < 50; ++i) {
    Candidate c;
    c.id = "c-" + std::to_string(i);
    c.home = {48.85, 2.35};
    same.candidates.push_back(c);
  }
  const GeographicParts parts = PartitionByGeography(same, {}, 5);
  for (const int32_t p : parts.candidate_part) {
    EXPECT_GE(p, 0);
    EXPECT_LT(p, 5);
  }
}

// Enough pairs for the counts to run in slices and the sides at once: the
// same parts on 1, 2 and 3 threads.
TEST(PartitionTest, SamePartsOnAnyNumberOfThreads) {
  MatchRequest r;
  std::vector<SampledPair> pairs;
  const int side = 200;
  uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  for (int i = 0; i < side * side; ++i) {
    Candidate c;
    c.id = "c-" + std::to_string(i);
    c.home = {43.0 + 0.02 * (i / side) + 1e-4 * (next() % 100), 0.5 + 0.02 * (i % side)};
    r.candidates.push_back(c);
    Opening o;
    o.id = "o-" + std::to_string(i);
    o.location = {43.0 + 0.02 * (i / side) + 0.007, 0.5 + 0.02 * (i % side) + 1e-4 * (next() % 100)};
    r.openings.push_back(o);
  }
  for (int i = 0; i < side * side; ++i) {
    for (int k = 0; k < 3; ++k) {
      const int dx = static_cast<int>(next() % 7) - 3, dy = static_cast<int>(next() % 7) - 3;
      const int x = std::clamp(i % side + dx, 0, side - 1), y = std::clamp(i / side + dy, 0, side - 1);
      pairs.push_back({i, y * side + x});
    }
  }
  ASSERT_GT(pairs.size(), size_t{1} << 16);
  for (const int32_t k : {2, 5, 13}) {
    const GeographicParts one = PartitionByGeography(r, pairs, k, 1);
    for (const int threads : {2, 3}) {
      const GeographicParts many = PartitionByGeography(r, pairs, k, threads);
      EXPECT_EQ(many.candidate_part, one.candidate_part) << k << " parts, " << threads << " threads";
      EXPECT_EQ(many.opening_part, one.opening_part) << k << " parts, " << threads << " threads";
    }
    // Not all in one part: the cuts did cut.
    EXPECT_NE(*std::min_element(one.candidate_part.begin(), one.candidate_part.end()),
              *std::max_element(one.candidate_part.begin(), one.candidate_part.end()));
  }
}

}  // namespace
}  // namespace passerelle::matching
