// ScoreRequest's shortcuts against brute force: the whole-block decisions
// (blocks beyond the search circle, blocks wholly in the car-only band), the
// score bounds and the bounded heap keep exactly the best pairs, the counts
// are those of a pair-by-pair count, and the portable, AVX2 and AVX-512
// versions of pass 1 agree to the bit.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pass1.h"  // src/scoring: SetSimdLevel
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"
#include "row_storage.h"  // src/scoring: SetDirectRowsLimit
#include "test_requests.h"

namespace passerelle {
namespace {

using ::passerelle::testing::RandomRequest;

// The counts of two matrices, and their rows pair by pair: the same
// openings, and whatever `same_pair(x, y)` expects of the rest.
template <typename A, typename B, typename SamePair>
void ExpectSameRows(const BasicScoreMatrix<A>& a, const BasicScoreMatrix<B>& b, const SamePair& same_pair) {
  ASSERT_EQ(a.num_candidates(), b.num_candidates());
  ASSERT_EQ(a.num_entries(), b.num_entries());
  EXPECT_EQ(a.num_openings(), b.num_openings());
  EXPECT_EQ(a.pairs_examined(), b.pairs_examined());
  EXPECT_EQ(a.pairs_feasible(), b.pairs_feasible());
  for (CandidateIndex c = 0; c < a.num_candidates(); ++c) {
    ASSERT_EQ(a.row(c).size(), b.row(c).size()) << c;
    EXPECT_EQ(a.examined(c), b.examined(c)) << c;
    EXPECT_EQ(a.feasible(c), b.feasible(c)) << c;
    EXPECT_EQ(a.excluded_counts(c), b.excluded_counts(c)) << c;
    EXPECT_EQ(a.nothing_in_reach(c), b.nothing_in_reach(c)) << c;
    for (size_t k = 0; k < a.row(c).size(); ++k) {
      ASSERT_EQ(a.row(c)[k].opening, b.row(c)[k].opening) << c;
      same_pair(a.row(c)[k], b.row(c)[k]);
    }
  }
}

// Everything of two matrices, to the bit.
void ExpectIdentical(const ScoreMatrix& a, const ScoreMatrix& b) {
  ExpectSameRows(a, b, [](const ScoredPair& x, const ScoredPair& y) {
    EXPECT_EQ(x.score, y.score);
    EXPECT_EQ(x.commute_minutes, y.commute_minutes);
    EXPECT_EQ(x.commute_mode, y.commute_mode);
    EXPECT_EQ(x.skills, y.skills);
    EXPECT_EQ(x.occupation, y.occupation);
    EXPECT_EQ(x.french, y.french);
    EXPECT_EQ(x.commute, y.commute);
    EXPECT_EQ(x.tension, y.tension);
    EXPECT_EQ(x.preferences, y.preferences);
  });
}

// Scored with pass 1's version capped at `level` (the processor may lack it:
// then the best it has).
ScoreMatrix ScoreWith(scoring_internal::SimdLevel level, const MatchRequest& r, int threads) {
  scoring_internal::SetSimdLevel(level);
  ScoreMatrix m = ScoreRequest(r, {.execution = {.threads = threads}});
  scoring_internal::SetSimdLevel(scoring_internal::SimdLevel::kAvx512);
  return m;
}

TEST(PruningTest, PortableAvx2AndAvx512PassesAgreeOnEveryRegion) {
  using scoring_internal::SimdLevel;
  for (const std::string& region : synthetic::AvailableRegions()) {
    SCOPED_TRACE(region);
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = 400;
    options.openings = 700;  // 43 blocks and a partial one
    const MatchRequest r = synthetic::Generate(options);
    const ScoreMatrix simd = ScoreRequest(r, {.execution = {.threads = 2}});
    ExpectIdentical(simd, ScoreWith(SimdLevel::kPortable, r, 1));
    ExpectIdentical(simd, ScoreWith(SimdLevel::kAvx2, r, 2));
    EXPECT_GT(simd.num_entries(), 0);
  }
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const MatchRequest r = RandomRequest(seed, 200, 333);
    const ScoreMatrix simd = ScoreRequest(r, {.execution = {.threads = 1}});
    ExpectIdentical(simd, ScoreWith(SimdLevel::kPortable, r, 2));
    ExpectIdentical(simd, ScoreWith(SimdLevel::kAvx2, r, 1));
  }
}

// Rows against all pairs scored one by one: the best max_pairs by (score as
// float descending, opening ascending), every field as EvaluatePair's.
void ExpectExactTopRows(const MatchRequest& r, const ScoreMatrix& m) {
  const auto max_pairs = static_cast<size_t>(r.policy.max_pairs_per_candidate);
  for (CandidateIndex c = 0; c < m.num_candidates(); ++c) {
    struct Scored {
      float score;
      OpeningIndex opening;
      PairEvaluation e;
    };
    std::vector<Scored> all;
    for (OpeningIndex o = 0; o < m.num_openings(); ++o) {
      PairEvaluation e = EvaluatePair(r, c, o);
      if (e.feasible) all.push_back({static_cast<float>(e.score), o, std::move(e)});
    }
    EXPECT_EQ(m.feasible(c), static_cast<int32_t>(all.size())) << c;
    std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
      return a.score != b.score ? a.score > b.score : a.opening < b.opening;
    });
    all.resize(std::min(all.size(), max_pairs));
    const auto row = m.row(c);
    ASSERT_EQ(row.size(), all.size()) << "candidate " << c;
    for (size_t k = 0; k < all.size(); ++k) {
      ASSERT_EQ(row[k].opening, all[k].opening) << "candidate " << c << " rank " << k;
      EXPECT_EQ(row[k].score, all[k].score);
      EXPECT_EQ(row[k].commute_minutes, static_cast<float>(all[k].e.commute_minutes));
      EXPECT_EQ(row[k].commute_mode, all[k].e.commute_mode);
      EXPECT_EQ(row[k].skills, static_cast<float>(all[k].e.breakdown.skills));
      EXPECT_EQ(row[k].occupation, static_cast<float>(all[k].e.breakdown.occupation));
      EXPECT_EQ(row[k].french, static_cast<float>(all[k].e.breakdown.french));
      EXPECT_EQ(row[k].commute, static_cast<float>(all[k].e.breakdown.commute));
      EXPECT_EQ(row[k].tension, static_cast<float>(all[k].e.breakdown.tension));
      EXPECT_EQ(row[k].preferences, static_cast<float>(all[k].e.breakdown.preferences));
    }
  }
}

// Town-level points (GeoPrecision::kTown): pairs of them are checked and
// bounded on the floored chord, in every pass 1 alike, and the bounds still
// keep exactly the best pairs. Points snapped to a few "towns" so that many
// pairs are floored, with a floor wide enough to exclude some.
TEST(PruningTest, TownLevelPointsKeepTheBestPairsInEveryPass) {
  using scoring_internal::SimdLevel;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(seed);
    MatchRequest r = RandomRequest(seed, 120, 400);
    auto snap = [](GeoPoint& p, size_t i) {
      p.latitude = std::round(p.latitude * 20) / 20;  // a 5.5 km grid
      p.longitude = std::round(p.longitude * 20) / 20;
      p.precision = i % 4 == 0 ? GeoPrecision::kAddress : GeoPrecision::kTown;
    };
    for (size_t i = 0; i < r.candidates.size(); ++i) snap(r.candidates[i].home, i);
    for (size_t j = 0; j < r.openings.size(); ++j) snap(r.openings[j].location, j + 1);
    r.policy.town_distance_floor_km = 2.5 + static_cast<double>(seed);
    r.policy.max_pairs_per_candidate = 7;
    const ScoreMatrix simd = ScoreRequest(r, {.execution = {.threads = 2}});
    ExpectExactTopRows(r, simd);
    ExpectIdentical(simd, ScoreWith(SimdLevel::kPortable, r, 1));
    ExpectIdentical(simd, ScoreWith(SimdLevel::kAvx2, r, 2));
    // Floored pairs are there: some town-to-town pair at one grid point.
    int floored = 0;
    for (CandidateIndex c = 0; c < simd.num_candidates(); ++c) {
      for (const ScoredPair& p : simd.row(c)) {
        floored += r.candidates[c].home.precision == GeoPrecision::kTown &&
                   r.openings[p.opening].location.precision == GeoPrecision::kTown &&
                   DistanceKm(r.candidates[c].home, r.openings[p.opening].location) < 1e-9;
      }
    }
    EXPECT_GT(floored, 0);
  }
}

// The rules on the candidate's occupations, which pass 1 applies last: the
// project rule (pairs outside the project counted, not kept; not for
// candidates open to other trades) and the teaching rule (a training in a
// trade the candidate practised is worth only the optional skills they
// hold: 0 when they hold none of the opening's skills). A third of the
// candidates practised the trades of the trainings and hold no skill, a
// third are open to other trades: every version of pass 1 keeps exactly
// EvaluatePair's best pairs, with the same counts.
TEST(PruningTest, OccupationRulesInEveryPass) {
  using scoring_internal::SimdLevel;
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = 300;
  options.openings = 900;
  MatchRequest r = synthetic::Generate(options);
  std::vector<std::string> taught;
  for (const Opening& o : r.openings) {
    if ((o.kind == OpeningKind::kQualifyingTraining || o.kind == OpeningKind::kApprenticeship) &&
        !o.occupation.empty() && std::find(taught.begin(), taught.end(), o.occupation) == taught.end()) {
      taught.push_back(o.occupation);
    }
  }
  ASSERT_GE(taught.size(), 3u);
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    Candidate& c = r.candidates[i];
    if (i % 3 == 0) {
      c.skills.clear();
      c.past_occupations = {taught[i % taught.size()], taught[(i / 3) % taught.size()]};
    } else if (i % 3 == 1) {
      c.open_to_other_trades = true;
    }
  }
  r.policy.max_pairs_per_candidate = 12;
  const ScoreMatrix simd = ScoreRequest(r, {.execution = {.threads = 2}});
  ExpectExactTopRows(r, simd);
  ExpectIdentical(simd, ScoreWith(SimdLevel::kPortable, r, 1));
  ExpectIdentical(simd, ScoreWith(SimdLevel::kAvx2, r, 2));
  // Both rules were at work.
  int64_t out_of_project = 0, exempt_kept = 0, taught_in_practised_trade = 0;
  for (CandidateIndex c = 0; c < simd.num_candidates(); ++c) {
    out_of_project += simd.excluded_counts(c)[static_cast<int>(ReasonCode::kOutOfProject)];
    const Candidate& cand = r.candidates[c];
    for (const ScoredPair& p : simd.row(c)) {
      const Opening& o = r.openings[p.opening];
      exempt_kept += cand.open_to_other_trades;
      const bool practised = std::find(cand.past_occupations.begin(), cand.past_occupations.end(), o.occupation) !=
                             cand.past_occupations.end();
      taught_in_practised_trade += c % 3 == 0 && practised &&
                                   (o.kind == OpeningKind::kQualifyingTraining || o.kind == OpeningKind::kApprenticeship) &&
                                   p.skills == 0.0f;
    }
  }
  EXPECT_GT(out_of_project, 0);
  EXPECT_GT(exempt_kept, 0);
  EXPECT_GT(taught_in_practised_trade, 0);
}

TEST(PruningTest, RowsAreExactlyTheBestPairsWhateverTheRowLength) {
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = 120;
  options.openings = 900;
  MatchRequest r = synthetic::Generate(options);
  for (int32_t max_pairs : {1, 3, 50, 2000}) {
    SCOPED_TRACE(max_pairs);
    r.policy.max_pairs_per_candidate = max_pairs;
    const ScoreMatrix m = ScoreRequest(r, {.execution = {.threads = 2}});
    ExpectExactTopRows(r, m);
    ExpectIdentical(m, ScoreWith(scoring_internal::SimdLevel::kPortable, r, 1));
    ExpectIdentical(m, ScoreWith(scoring_internal::SimdLevel::kAvx2, r, 1));
  }
}

// Rows written straight into the matrix and compacted, or gathered in
// per-thread arenas and copied: the same matrix. Slots of 1000 pairs for
// 3,000 candidates take 120 MB, so the compaction also hands the unused
// tail back to the system (ReleaseTail).
TEST(PruningTest, RowsInPlaceAndThroughArenasAreIdentical) {
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = 3000;
  options.openings = 3000;
  MatchRequest r = synthetic::Generate(options);
  for (int32_t max_pairs : {1, 7, 48, 1000}) {
    r.policy.max_pairs_per_candidate = max_pairs;
    for (int threads : {1, 2, 3}) {
      SCOPED_TRACE(::testing::Message() << max_pairs << " pairs, " << threads << " threads");
      const ScoreMatrix in_place = ScoreRequest(r, {.execution = {.threads = threads}});
      scoring_internal::SetDirectRowsLimit(0);
      const ScoreMatrix through_arenas = ScoreRequest(r, {.execution = {.threads = threads}});
      scoring_internal::SetDirectRowsLimit(int64_t{16} << 30);
      ExpectIdentical(in_place, through_arenas);
      EXPECT_GT(in_place.num_entries(), 0);
      // Some rows are shorter than their slot, so rows did move.
      EXPECT_LT(in_place.num_entries(), int64_t{3000} * max_pairs);
    }
  }
}

// RankRequest's rows are ScoreRequest's without the breakdowns: the same
// openings, scores and commute minutes to the bit, the same counts.
void ExpectSameRanking(const ScoreMatrix& full, const ScoreRanking& lean) {
  ExpectSameRows(full, lean, [](const ScoredPair& x, const ScoredOpening& y) {
    EXPECT_EQ(std::bit_cast<uint32_t>(x.score), std::bit_cast<uint32_t>(y.score));
    EXPECT_EQ(std::bit_cast<uint32_t>(x.commute_minutes), std::bit_cast<uint32_t>(y.commute_minutes));
  });
}

TEST(PruningTest, RankingsAreTheMatrixWithoutBreakdowns) {
  for (const std::string& region : synthetic::AvailableRegions()) {
    SCOPED_TRACE(region);
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = 500;
    options.openings = 900;
    MatchRequest r = synthetic::Generate(options);
    for (int32_t max_pairs : {1, 9, 50}) {
      r.policy.max_pairs_per_candidate = max_pairs;
      const ScoreMatrix full = ScoreRequest(r, {.execution = {.threads = 2}});
      ExpectSameRanking(full, RankRequest(r, {.execution = {.threads = 1}}));
      scoring_internal::SetDirectRowsLimit(0);
      ExpectSameRanking(full, RankRequest(r, {.execution = {.threads = 2}}));
      scoring_internal::SetDirectRowsLimit(int64_t{16} << 30);
      EXPECT_GT(full.num_entries(), 0);
    }
  }
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const MatchRequest r = RandomRequest(seed, 100, 400);
    ExpectSameRanking(ScoreRequest(r), RankRequest(r));
  }
}

TEST(PruningTest, RandomRequestsKeepTheBestPairs) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(seed);
    MatchRequest r = RandomRequest(seed, 40, 300);
    // Many ties: identical openings, so that the order by opening index
    // decides which are kept.
    for (size_t j = 0; j + 1 < r.openings.size(); j += 3) {
      const std::string id = r.openings[j + 1].id;
      r.openings[j + 1] = r.openings[j];
      r.openings[j + 1].id = id;
    }
    r.policy.max_pairs_per_candidate = 5;
    ExpectExactTopRows(r, ScoreRequest(r));
  }
}

// Candidates without a car who only walk: the search circle is a car's, the
// band beyond walking reach counts under kVehicleRequired alone, everything
// nearer counts every violation. Openings spread over 3 degrees, so that
// whole blocks fall beyond the circle and whole blocks in the band.
TEST(PruningTest, CountsAreThoseOfAPairByPairCount) {
  MatchRequest r = RandomRequest(7, 60, 1500);
  for (size_t j = 0; j < r.openings.size(); ++j) {
    GeoPoint& p = r.openings[j].location;
    p.latitude += (static_cast<double>(j % 11) - 5.0) * 0.3;
    p.longitude += (static_cast<double>(j % 7) - 3.0) * 0.4;
  }
  for (Candidate& c : r.candidates) {
    c.mobility.has_vehicle = false;
    c.mobility.modes = {};
    c.mobility.modes.Add(TransportMode::kWalk);
    c.mobility.max_commute_minutes = 30 + static_cast<int32_t>(c.id.size() % 5) * 15;
  }
  const double detour = r.policy.detour_factor;
  const ScoreMatrix m = ScoreRequest(r, {.execution = {.threads = 2}});
  int64_t band_total = 0;
  int skipped = 0;
  for (CandidateIndex c = 0; c < m.num_candidates(); ++c) {
    const Candidate& cand = r.candidates[c];
    const double minutes = cand.mobility.max_commute_minutes;
    const double car_km = CarDrivingKm(minutes - kCarAccessMinutes) / detour;
    const double walk_km = minutes * kWalkKmh / 60.0 / detour;
    int32_t examined = 0, band = 0;
    ExclusionCounts expected{};
    bool ambiguous = false;
    for (OpeningIndex o = 0; o < m.num_openings(); ++o) {
      const double km = DistanceKm(cand.home, r.openings[o].location);
      // Within a hair of either circle, the test cannot tell: not checked.
      ambiguous |= std::abs(km - car_km) < 1e-7 * car_km || std::abs(km - walk_km) < 1e-7 * walk_km;
      if (km > car_km) continue;
      ++examined;
      if (km > walk_km) {
        ++band;
        ++expected[static_cast<int>(ReasonCode::kVehicleRequired)];
        continue;
      }
      testing::CountViolations(EvaluatePair(r, c, o).violations, &expected);
    }
    if (ambiguous) {
      ++skipped;
      continue;
    }
    EXPECT_EQ(m.examined(c), examined) << c;
    EXPECT_EQ(m.excluded_counts(c), expected) << c;
    band_total += band;
  }
  EXPECT_LT(skipped, 10);
  EXPECT_GT(band_total, 1000);  // the band is exercised
  EXPECT_LT(m.pairs_examined(), 60 * 1500 / 2);  // and whole blocks are skipped
  ExpectIdentical(m, ScoreWith(scoring_internal::SimdLevel::kPortable, r, 1));
  ExpectIdentical(m, ScoreWith(scoring_internal::SimdLevel::kAvx2, r, 1));
}

}  // namespace
}  // namespace passerelle
