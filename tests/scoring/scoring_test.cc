#include "passerelle/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "passerelle/error.h"
#include "passerelle/scoring_eigen.h"
#include "passerelle/synthetic.h"
#include "passerelle/validate.h"
#include "test_requests.h"

namespace passerelle {
namespace {

using ::passerelle::testing::kToulouse;
using ::passerelle::testing::MakeCandidate;
using ::passerelle::testing::MakeOpening;
using ::passerelle::testing::MakePair;
using ::passerelle::testing::North;
using ::passerelle::testing::RandomRequest;

bool Has(const std::vector<ReasonCode>& v, ReasonCode code) {
  return std::find(v.begin(), v.end(), code) != v.end();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- Components, hand-computed ---------------------------------------------

TEST(CommuteTest, PublicTransportInTheCityAt20KmhWithAccessAndDetour) {
  Candidate c = MakeCandidate("c");
  c.mobility.home_transit_access = TransitAccess::kFull;
  Opening o = MakeOpening("o", North(kToulouse, 10.0));
  o.site_transit_access = TransitAccess::kFull;
  const PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  // 10 min to the stop and waiting, then 10 km * 1.3 = 13 km road at
  // 20 km/h = 39 min: 49 min (walking: 173 min).
  EXPECT_EQ(e.commute_mode, TransportMode::kPublicTransport);
  EXPECT_NEAR(e.commute_minutes, 10.0 + 13.0 / 20.0 * 60.0, 1e-6);
  EXPECT_NEAR(e.breakdown.commute, std::exp2(-(10.0 + 13.0 / 20.0 * 60.0) / 30.0), 1e-9);
  EXPECT_TRUE(e.feasible);
}

TEST(CommuteTest, DaytimeOnlyTransitIsSlowerAndClosedToEarlyShifts) {
  Candidate c = MakeCandidate("c");  // kDaytime at home
  Opening o = MakeOpening("o", North(kToulouse, 5.0));
  o.site_transit_access = TransitAccess::kFull;
  PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_EQ(e.commute_mode, TransportMode::kPublicTransport);
  EXPECT_NEAR(e.commute_minutes, 10.0 + 6.5 / 14.0 * 60.0, 1e-6);  // 37.9 min
  o.schedule.early_shift = true;
  e = EvaluatePair(MakePair(c, o), 0, 0);
  // No transit before 7:00 outside full coverage: walking, 6.5 km at 4.5 km/h.
  EXPECT_EQ(e.commute_mode, TransportMode::kWalk);
  EXPECT_NEAR(e.commute_minutes, 6.5 / 4.5 * 60.0, 1e-6);
  EXPECT_TRUE(Has(e.violations, ReasonCode::kVehicleRequired));  // car: 5 + 8.4 min
}

TEST(CommuteTest, NoTransitAtEitherEndLeavesOtherModes) {
  Candidate c = MakeCandidate("c");
  c.mobility.modes.Add(TransportMode::kBicycle);
  Opening o = MakeOpening("o", North(kToulouse, 4.0));
  o.site_transit_access = TransitAccess::kNone;
  const PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_EQ(e.commute_mode, TransportMode::kBicycle);
  EXPECT_NEAR(e.commute_minutes, 2.0 + 5.2 / 14.0 * 60.0, 1e-6);  // unlocking, then riding
}

TEST(CommuteTest, CarNeedsLicenceAndVehicleAndPaysParking) {
  Candidate c = MakeCandidate("c");
  c.mobility.driving_licence = true;
  c.mobility.has_vehicle = true;
  const Opening o = MakeOpening("o", North(kToulouse, 30.0));
  PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_EQ(e.commute_mode, TransportMode::kCar);
  // 5 min to and from the car; 39 road km: 1.5 at 24 km/h, 23.5 at 65 km/h,
  // 14 at 90 km/h: 39.8 min.
  EXPECT_NEAR(e.commute_minutes,
              5.0 + (1.5 / 24.0 + 23.5 / 65.0 + 14.0 / 90.0) * 60.0, 1e-6);
  EXPECT_TRUE(e.feasible);
  c.mobility.has_vehicle = false;
  e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_NE(e.commute_mode, TransportMode::kCar);
  EXPECT_EQ(e.violations, std::vector<ReasonCode>{ReasonCode::kVehicleRequired});
}

TEST(CommuteTest, CarpoolIsACarPlusTenMinutes) {
  Candidate c = MakeCandidate("c");
  c.mobility.modes.Add(TransportMode::kCarpool);
  const Opening o = MakeOpening("o", North(kToulouse, 20.0));
  const PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_EQ(e.commute_mode, TransportMode::kCarpool);
  EXPECT_NEAR(e.commute_minutes, 15.0 + (1.5 / 24.0 + 23.5 / 65.0 + 1.0 / 90.0) * 60.0, 1e-6);
}

TEST(CommuteTest, HalfLifeAndDetourComeFromPolicy) {
  Candidate c = MakeCandidate("c");
  c.mobility.modes = {};
  c.mobility.modes.Add(TransportMode::kWalk);
  MatchRequest r = MakePair(c, MakeOpening("o", North(kToulouse, 1.5)));
  r.policy.detour_factor = 1.0;
  r.policy.commute_half_life_minutes = 20;
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  EXPECT_NEAR(e.commute_minutes, 20.0, 1e-6);  // 1.5 km at 4.5 km/h
  EXPECT_NEAR(e.breakdown.commute, 0.5, 1e-9);
}

TEST(SkillsTest, WeightedCoverageTimesLevelPlusOptionalBonus) {
  Candidate c = MakeCandidate("c");
  c.skills = {{"a", 1.0, false, false, ""}, {"b", 0.5, false, false, ""},
              {"c", 1.0, false, false, ""}};
  Opening o = MakeOpening("o");
  o.required_skills = {{"a", 1.0, ""}, {"b", 3.0, ""}};
  o.optional_skills = {{"c", 1.0, ""}};
  PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  // R = (1 * 1 + 3 * 0.5) / 4 = 0.625; O = 1; 0.625 + 0.25 * 1 * 0.375.
  EXPECT_NEAR(e.breakdown.skills, 0.71875, 1e-9);
  EXPECT_EQ(e.required_skills_covered, 2);
  EXPECT_TRUE(e.skill_gaps.empty());
  // The opening trains: half of each missing level is credited.
  o.provides_skill_training = true;
  e = EvaluatePair(MakePair(c, o), 0, 0);
  const double r = (1.0 + 3.0 * 0.75) / 4.0;
  EXPECT_NEAR(e.breakdown.skills, r + 0.25 * (1 - r), 1e-9);
}

TEST(SkillsTest, GapsListedAndAbroadSkillsFlagged) {
  Candidate c = MakeCandidate("c");
  c.skills = {{"cook", 1.0, /*acquired_abroad=*/true, false, "CAP cuisine"}};
  Opening o = MakeOpening("o");
  o.required_skills = {{"cook", 1.0, "cuisiner"}, {"hygiene", 1.0, "HACCP"}};
  const PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_NEAR(e.breakdown.skills, 0.5, 1e-9);
  EXPECT_EQ(e.skills_acquired_abroad, std::vector<std::string>{"cook"});
  EXPECT_EQ(e.skill_gaps, std::vector<std::string>{"hygiene"});
  EXPECT_EQ(e.required_skills_covered, 1);
  EXPECT_EQ(e.required_skills_total, 2);
}

TEST(SkillsTest, NoRequiredSkillsScoresNeutral) {
  Opening o = MakeOpening("o");
  o.kind = OpeningKind::kFrenchCourse;
  o.occupation.clear();
  o.required_skills.clear();
  o.optional_skills.clear();
  const PairEvaluation e = EvaluatePair(MakePair(MakeCandidate("c"), o), 0, 0);
  EXPECT_EQ(e.breakdown.skills, kNeutralScore);
}

// An opening that asks for nothing must not beat, on skills, one whose
// required skills the candidate fully has (the welder and the entry training).
TEST(SkillsTest, AskingNothingNeverOutranksCoveredRequirements) {
  Candidate c = MakeCandidate("c");
  c.skills = {{"welding", 1.0, true, false, "soudure"}};
  Opening covered = MakeOpening("o1");
  covered.required_skills = {{"welding", 1.0, ""}};
  Opening nothing = MakeOpening("o2");
  nothing.required_skills.clear();
  nothing.optional_skills.clear();
  const double covered_score = EvaluatePair(MakePair(c, covered), 0, 0).breakdown.skills;
  const double nothing_score = EvaluatePair(MakePair(c, nothing), 0, 0).breakdown.skills;
  EXPECT_GT(covered_score, nothing_score);
  EXPECT_EQ(covered_score, 1.0);
}

TEST(OccupationTest, TargetsFullPastDiscountedThroughTheGraph) {
  Candidate c = MakeCandidate("c");
  auto fit = [&](const std::string& opening_code) {
    return EvaluatePair(MakePair(c, MakeOpening("o", kToulouse, opening_code)), 0, 0)
        .breakdown.occupation;
  };
  c.target_occupations = {"G1602"};
  EXPECT_DOUBLE_EQ(fit("G1602"), 1.0);
  EXPECT_NEAR(fit("G1605"), 0.70, 1e-6);
  EXPECT_NEAR(fit("G1803"), 0.45, 1e-6);
  EXPECT_NEAR(fit("F1703"), 0.0, 1e-6);
  c.target_occupations = {};
  c.past_occupations = {"G1602"};
  EXPECT_NEAR(fit("G1602"), 0.8, 1e-6);
  EXPECT_NEAR(fit("G1605"), 0.56, 1e-6);
  // An unlisted ROME code: prefix rule.
  c.past_occupations = {};
  c.target_occupations = {"G1699"};
  EXPECT_NEAR(fit("G1602"), 0.25, 1e-6);
  // No project at all: neutral.
  c.target_occupations = {};
  EXPECT_DOUBLE_EQ(fit("F1703"), kNeutralScore);
}

TEST(OccupationTest, TrainingGetsCreditWhenItMatchesTheProject) {
  Candidate c = MakeCandidate("c");
  c.target_occupations = {"F1703"};
  Opening o = MakeOpening("o", kToulouse, "F1703");
  o.kind = OpeningKind::kQualifyingTraining;
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.occupation, 1.0);
  o.occupation = "K1302";
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.occupation, 0.0);
}

TEST(FrenchTest, OneLevelBelowCostsAThirdLessWithTraining) {
  Candidate c = MakeCandidate("c");
  c.french_level = CefrLevel::kA2;
  Opening o = MakeOpening("o");
  o.min_french_level = CefrLevel::kB1;
  MatchRequest r = MakePair(c, o);
  r.policy.max_french_gap = 1;
  PairEvaluation e = EvaluatePair(r, 0, 0);
  EXPECT_TRUE(e.feasible);
  EXPECT_NEAR(e.breakdown.french, 0.65, 1e-9);
  r.openings[0].provides_french_training = true;
  e = EvaluatePair(r, 0, 0);
  EXPECT_NEAR(e.breakdown.french, 0.80, 1e-9);
  r.openings[0].min_french_level = CefrLevel::kA1;
  EXPECT_DOUBLE_EQ(EvaluatePair(r, 0, 0).breakdown.french, 1.0);
}

TEST(FrenchTest, CoursesFitBeginnersBest) {
  Opening o = MakeOpening("o");
  o.kind = OpeningKind::kFrenchCourse;
  o.occupation.clear();
  Candidate c = MakeCandidate("c");
  double previous = 2.0;
  for (int level = 0; level <= 6; ++level) {
    c.french_level = static_cast<CefrLevel>(level);
    const double f = EvaluatePair(MakePair(c, o), 0, 0).breakdown.french;
    EXPECT_LE(f, previous);
    previous = f;
  }
  c.french_level = CefrLevel::kNone;
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.french, 1.0);
}

TEST(TensionTest, OpeningFigureElseTaxonomyElseZero) {
  Opening o = MakeOpening("o", kToulouse, "G1602");
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(MakeCandidate("c"), o), 0, 0).breakdown.tension, 0.638);
  o.tension = 0.3;
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(MakeCandidate("c"), o), 0, 0).breakdown.tension, 0.3);
  o.tension = 0;
  o.occupation = "G1699";
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(MakeCandidate("c"), o), 0, 0).breakdown.tension, 0.0);
}

TEST(PreferencesTest, MeanOfSectorAndContractMatches) {
  Candidate c = MakeCandidate("c");
  Opening o = MakeOpening("o", kToulouse, "G1602");
  o.contract_type = ContractType::kPermanent;
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.preferences, 0.5);
  c.preferred_sectors = {'G'};
  c.preferred_contract_types.Add(ContractType::kFixedTerm);
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.preferences, 0.5);
  c.preferred_contract_types.Add(ContractType::kPermanent);
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.preferences, 1.0);
  o.occupation = "F1703";
  EXPECT_DOUBLE_EQ(EvaluatePair(MakePair(c, o), 0, 0).breakdown.preferences, 0.5);
}

TEST(ScoreTest, ScoreIsTheWeightedMeanOfTheBreakdown) {
  MatchRequest r = RandomRequest(7, 20, 20);
  r.policy.weights = {1, 2, 3, 4, 5, 6};
  for (CandidateIndex i = 0; i < 20; ++i) {
    for (OpeningIndex j = 0; j < 20; ++j) {
      const PairEvaluation e = EvaluatePair(r, i, j);
      EXPECT_NEAR(e.score, e.breakdown.Combine(r.policy.weights), 1e-12);
      for (double x : {e.breakdown.skills, e.breakdown.occupation, e.breakdown.french,
                       e.breakdown.commute, e.breakdown.tension, e.breakdown.preferences}) {
        EXPECT_GE(x, 0.0);
        EXPECT_LE(x, 1.0);
      }
    }
  }
}

// ---- Hard constraints --------------------------------------------------------

struct ConstraintCase {
  const char* name;
  ReasonCode code;
  void (*setup)(MatchRequest&);
  void (*switch_off)(Policy&);
};

const ConstraintCase kConstraintCases[] = {
    {"right_to_work", ReasonCode::kNoRightToWork,
     [](MatchRequest& r) { r.candidates[0].right_to_work = RightToWork::kNone; },
     [](Policy& p) { p.constraints.right_to_work = false; }},
    {"driving_licence", ReasonCode::kDrivingLicenceRequired,
     [](MatchRequest& r) { r.openings[0].requires_driving_licence = true; },
     [](Policy& p) { p.constraints.driving_licence = false; }},
    {"vehicle", ReasonCode::kVehicleRequired,
     [](MatchRequest& r) { r.openings[0].location = North(kToulouse, 25); },
     [](Policy& p) { p.constraints.vehicle = false; }},
    {"french_level", ReasonCode::kFrenchLevelTooLow,
     [](MatchRequest& r) {
       r.candidates[0].french_level = CefrLevel::kA1;
       r.openings[0].min_french_level = CefrLevel::kA2;
     },
     [](Policy& p) { p.constraints.french_level = false; }},
    {"commute", ReasonCode::kCommuteTooLong,
     [](MatchRequest& r) { r.openings[0].location = North(kToulouse, 80); },
     [](Policy& p) { p.constraints.commute = false; }},
    {"childcare", ReasonCode::kChildcareSchedule,
     [](MatchRequest& r) {
       r.candidates[0].barriers.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
       r.openings[0].schedule.weekend_shift = true;
     },
     [](Policy& p) { p.constraints.childcare_schedule = false; }},
    {"health", ReasonCode::kHealthRestriction,
     [](MatchRequest& r) {
       r.candidates[0].barriers.health_restrictions.Add(PhysicalDemand::kHeavyLoads);
       r.openings[0].physical_demands.Add(PhysicalDemand::kHeavyLoads);
       r.openings[0].physical_demands.Add(PhysicalDemand::kOutdoorWork);
     },
     [](Policy& p) { p.constraints.health = false; }},
    {"availability", ReasonCode::kAvailableTooLate,
     [](MatchRequest& r) {
       ASSERT_TRUE(ParseDate("2026-03-01", &r.candidates[0].available_from));
       ASSERT_TRUE(ParseDate("2026-02-01", &r.openings[0].start_date));
     },
     [](Policy& p) { p.constraints.availability = false; }},
    {"french_routing", ReasonCode::kFrenchRouting,
     [](MatchRequest& r) {
       r.policy.job_track_min_french_level = CefrLevel::kB1;
       r.candidates[0].french_level = CefrLevel::kA2;
     },
     [](Policy& p) { p.job_track_min_french_level.reset(); }},
};

TEST(HardConstraintTest, EachConstraintExcludesWithItsCodeAndCanBeSwitchedOff) {
  for (const ConstraintCase& k : kConstraintCases) {
    SCOPED_TRACE(k.name);
    MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", North(kToulouse, 2)));
    ASSERT_TRUE(EvaluatePair(r, 0, 0).feasible);
    k.setup(r);
    PairEvaluation e = EvaluatePair(r, 0, 0);
    EXPECT_FALSE(e.feasible);
    EXPECT_EQ(e.violations, std::vector<ReasonCode>{k.code});
    // ScoreRequest agrees: nothing kept, excluded under that code.
    const ScoreMatrix m = ScoreRequest(r);
    EXPECT_EQ(m.row(0).size(), 0u);
    if (k.code == ReasonCode::kCommuteTooLong) {
      // Beyond the search circle (a car's reach): not even examined.
      EXPECT_EQ(m.examined(0), 0);
      EXPECT_TRUE(m.nothing_in_reach(0));
    } else {
      EXPECT_EQ(m.excluded_count(0, k.code), 1);
    }
    k.switch_off(r.policy);
    e = EvaluatePair(r, 0, 0);
    EXPECT_TRUE(e.feasible) << (e.violations.empty() ? 0 : static_cast<int>(e.violations[0]));
    EXPECT_EQ(ScoreRequest(r).row(0).size(), 1u);
  }
}

TEST(HardConstraintTest, NoRightToWorkLeavesTrainingsAndFrenchCoursesOnly) {
  Candidate c = MakeCandidate("c");
  c.right_to_work = RightToWork::kNone;
  for (int kind = 0; kind < kNumOpeningKinds; ++kind) {
    Opening o = MakeOpening("o");
    o.kind = static_cast<OpeningKind>(kind);
    const bool open = o.kind == OpeningKind::kQualifyingTraining ||
                      o.kind == OpeningKind::kFrenchCourse;
    EXPECT_EQ(EvaluatePair(MakePair(c, o), 0, 0).feasible, open) << ToString(o.kind);
  }
  c.right_to_work = RightToWork::kAuthorised;
  EXPECT_TRUE(EvaluatePair(MakePair(c, MakeOpening("o")), 0, 0).feasible);
}

TEST(HardConstraintTest, FrenchRoutingClosesOnlyTheJobTrack) {
  Candidate c = MakeCandidate("c");
  c.french_level = CefrLevel::kA1;
  for (int kind = 0; kind < kNumOpeningKinds; ++kind) {
    MatchRequest r = MakePair(c, MakeOpening("o"));
    r.openings[0].kind = static_cast<OpeningKind>(kind);
    r.policy.job_track_min_french_level = CefrLevel::kB1;
    EXPECT_EQ(EvaluatePair(r, 0, 0).feasible, !IsEmployment(r.openings[0].kind))
        << ToString(r.openings[0].kind);
  }
}

TEST(HardConstraintTest, FrenchGapGrowsWithPolicyAndTraining) {
  Candidate c = MakeCandidate("c");
  c.french_level = CefrLevel::kA1;
  Opening o = MakeOpening("o");
  o.min_french_level = CefrLevel::kB1;  // two levels above
  MatchRequest r = MakePair(c, o);
  EXPECT_FALSE(EvaluatePair(r, 0, 0).feasible);
  r.policy.max_french_gap = 1;
  EXPECT_FALSE(EvaluatePair(r, 0, 0).feasible);
  r.openings[0].provides_french_training = true;
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);
}

TEST(HardConstraintTest, AvailabilityUsesReferenceDateForOpeningsStartingNow) {
  Candidate c = MakeCandidate("c");
  ASSERT_TRUE(ParseDate("2026-03-01", &c.available_from));
  MatchRequest r = MakePair(c, MakeOpening("o"));
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);  // no start date, no reference
  Date reference;
  ASSERT_TRUE(ParseDate("2026-02-01", &reference));
  r.policy.reference_date = reference;
  EXPECT_EQ(EvaluatePair(r, 0, 0).violations,
            std::vector<ReasonCode>{ReasonCode::kAvailableTooLate});
  ASSERT_TRUE(ParseDate("2026-04-01", &r.openings[0].start_date));
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);
}

TEST(HardConstraintTest, AllViolationsAreListed) {
  Candidate c = MakeCandidate("c");
  c.right_to_work = RightToWork::kNone;
  c.barriers.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
  Opening o = MakeOpening("o", North(kToulouse, 200));
  o.requires_driving_licence = true;
  o.schedule.night_shift = true;
  const PairEvaluation e = EvaluatePair(MakePair(c, o), 0, 0);
  EXPECT_EQ(e.violations, (std::vector<ReasonCode>{
                              ReasonCode::kNoRightToWork, ReasonCode::kDrivingLicenceRequired,
                              ReasonCode::kCommuteTooLong, ReasonCode::kChildcareSchedule}));
}

// ---- ScoreRequest -------------------------------------------------------------

void ExpectSameMatrix(const ScoreMatrix& a, const ScoreMatrix& b) {
  ASSERT_EQ(a.num_candidates(), b.num_candidates());
  ASSERT_EQ(a.num_entries(), b.num_entries());
  EXPECT_EQ(a.pairs_examined(), b.pairs_examined());
  EXPECT_EQ(a.pairs_feasible(), b.pairs_feasible());
  for (CandidateIndex c = 0; c < a.num_candidates(); ++c) {
    ASSERT_EQ(a.row(c).size(), b.row(c).size());
    EXPECT_EQ(a.excluded_counts(c), b.excluded_counts(c));
    EXPECT_EQ(a.examined(c), b.examined(c));
    for (size_t k = 0; k < a.row(c).size(); ++k) {
      const ScoredPair& x = a.row(c)[k];
      const ScoredPair& y = b.row(c)[k];
      ASSERT_EQ(x.opening, y.opening);
      ASSERT_EQ(x.score, y.score);
      ASSERT_EQ(x.commute_minutes, y.commute_minutes);
      ASSERT_EQ(x.skills, y.skills);
    }
  }
}

TEST(ScoreRequestTest, KeptPairsAreFeasibleSortedAndAgreeWithEvaluatePair) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const MatchRequest r = RandomRequest(seed, 60, 120);
    const ScoreMatrix m = ScoreRequest(r);
    ASSERT_EQ(m.num_candidates(), 60);
    EXPECT_EQ(m.num_openings(), 120);
    int64_t kept = 0;
    for (CandidateIndex c = 0; c < 60; ++c) {
      const auto row = m.row(c);
      EXPECT_LE(row.size(), 8u);
      for (size_t k = 0; k < row.size(); ++k) {
        const PairEvaluation e = EvaluatePair(r, c, row[k].opening);
        ASSERT_TRUE(e.feasible) << "seed " << seed << " c " << c << " o " << row[k].opening;
        EXPECT_EQ(row[k].score, static_cast<float>(e.score));
        EXPECT_EQ(row[k].commute_minutes, static_cast<float>(e.commute_minutes));
        EXPECT_EQ(row[k].commute_mode, e.commute_mode);
        EXPECT_NEAR(row[k].breakdown().occupation, e.breakdown.occupation, 1e-6);
        if (k > 0) {
          EXPECT_TRUE(row[k - 1].score > row[k].score ||
                      (row[k - 1].score == row[k].score && row[k - 1].opening < row[k].opening));
        }
      }
      kept += static_cast<int64_t>(row.size());
      // Completeness: every feasible pair is kept, or the row is full of
      // pairs at least as good.
      int32_t feasible = 0;
      for (OpeningIndex o = 0; o < 120; ++o) {
        const PairEvaluation e = EvaluatePair(r, c, o);
        if (!e.feasible) continue;
        ++feasible;
        const bool in_row = std::any_of(row.begin(), row.end(),
                                        [&](const ScoredPair& p) { return p.opening == o; });
        if (!in_row) {
          ASSERT_EQ(row.size(), 8u) << "feasible pair dropped: c " << c << " o " << o;
          const float score = static_cast<float>(e.score);
          EXPECT_TRUE(score < row.back().score ||
                      (score == row.back().score && o > row.back().opening))
              << "better pair dropped: c " << c << " o " << o;
        }
      }
      EXPECT_EQ(m.feasible(c), feasible);
    }
    EXPECT_EQ(m.num_entries(), kept);
  }
}

TEST(ScoreRequestTest, AgreesWithEvaluatePairOnEveryRegionOfTheGenerator) {
  for (const std::string& region : synthetic::AvailableRegions()) {
    SCOPED_TRACE(region);
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = 150;
    options.openings = 120;
    MatchRequest r = synthetic::Generate(options);
    r.policy.max_pairs_per_candidate = 10;
    const ScoreMatrix m = ScoreRequest(r);
    int64_t feasible_total = 0;
    for (CandidateIndex c = 0; c < m.num_candidates(); ++c) {
      const auto row = m.row(c);
      int32_t feasible = 0;
      for (OpeningIndex o = 0; o < m.num_openings(); ++o) {
        const PairEvaluation e = EvaluatePair(r, c, o);
        if (!e.feasible) continue;
        ++feasible;
        auto it = std::find_if(row.begin(), row.end(),
                               [&](const ScoredPair& p) { return p.opening == o; });
        if (it != row.end()) {
          EXPECT_EQ(it->score, static_cast<float>(e.score));
        } else {
          ASSERT_EQ(row.size(), 10u) << "feasible pair dropped: c " << c << " o " << o;
          EXPECT_LE(static_cast<float>(e.score), row.back().score);
        }
      }
      EXPECT_EQ(m.feasible(c), feasible);
      feasible_total += feasible;
    }
    EXPECT_EQ(m.pairs_feasible(), feasible_total);
  }
}

TEST(ScoreRequestTest, ExclusionCountsMatchEvaluatePairWhenEverythingIsExamined) {
  MatchRequest r = RandomRequest(11, 30, 80);
  r.policy.constraints.commute = false;  // no pruning: every opening examined
  const ScoreMatrix m = ScoreRequest(r);
  for (CandidateIndex c = 0; c < 30; ++c) {
    EXPECT_EQ(m.examined(c), 80);
    ExclusionCounts expected{};
    for (OpeningIndex o = 0; o < 80; ++o) {
      testing::CountViolations(EvaluatePair(r, c, o).violations, &expected);
    }
    EXPECT_EQ(m.excluded_counts(c), expected) << c;
    EXPECT_FALSE(m.nothing_in_reach(c));
  }
}

// Without the commute constraint every opening is examined: the names are
// exactly the first of an independent ranking of EvaluatePair's exclusions
// (French: smallest shortfall; start date: latest; else nearest; then index).
TEST(NameExcludedOpeningsTest, NamesTheOpeningsClosestToBeingOpen) {
  MatchRequest r = RandomRequest(11, 30, 80);
  r.policy.constraints.commute = false;
  const ScoreMatrix m = ScoreRequest(r);
  std::vector<CandidateIndex> asked = {29, 3, 17, 0, 3};
  const ExcludedOpenings names = NameExcludedOpenings(r, asked, 3);
  ASSERT_EQ(names.num_candidates(), 5);
  int named = 0;
  for (int32_t k = 0; k < 5; ++k) {
    const CandidateIndex c = asked[k];
    const Candidate& cand = r.candidates[c];
    for (int code = 1; code <= 9; ++code) {
      const auto rc = static_cast<ReasonCode>(code);
      std::vector<std::tuple<double, double, OpeningIndex>> ranked;
      for (OpeningIndex o = 0; o < 80; ++o) {
        if (!Has(EvaluatePair(r, c, o).violations, rc)) continue;
        const Opening& op = r.openings[o];
        double primary = 0;
        if (rc == ReasonCode::kFrenchLevelTooLow) {
          primary = static_cast<int>(op.min_french_level) - r.policy.max_french_gap -
                    (op.provides_french_training ? 1 : 0) - static_cast<int>(cand.french_level);
        } else if (rc == ReasonCode::kAvailableTooLate) {
          Date start = op.start_date;
          if (r.policy.reference_date) start = start == kNoDate ? *r.policy.reference_date : std::max(start, *r.policy.reference_date);
          primary = static_cast<double>(cand.available_from) - start;
        }
        ranked.emplace_back(primary, DistanceKm(cand.home, op.location), o);
      }
      std::sort(ranked.begin(), ranked.end());
      std::vector<OpeningIndex> expected;
      for (size_t j = 0; j < std::min<size_t>(3, ranked.size()); ++j) expected.push_back(std::get<2>(ranked[j]));
      const std::span<const OpeningIndex> got = names.Get(k, rc);
      EXPECT_EQ(std::vector<OpeningIndex>(got.begin(), got.end()), expected) << c << " " << ToString(rc);
      EXPECT_EQ(static_cast<int32_t>(got.size()), std::min(3, m.excluded_count(c, rc)));
      named += static_cast<int>(got.size());
    }
  }
  EXPECT_GT(named, 20);
  EXPECT_TRUE(names.Get(0, ReasonCode::kLostToBetterFit).empty());
}

// With pruning and the car-only band: as many names as the counts allow,
// each with its violation, whatever the thread count.
TEST(NameExcludedOpeningsTest, AgreesWithTheCountsOnGeneratedRequests) {
  for (const char* region : {"loir-et-cher", "occitanie"}) {
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = 600;
    options.openings = 200;
    options.seed = 2;
    const MatchRequest r = synthetic::Generate(options);
    const ScoreMatrix m = ScoreRequest(r);
    std::vector<CandidateIndex> all(r.candidates.size());
    for (size_t c = 0; c < all.size(); ++c) all[c] = static_cast<CandidateIndex>(c);
    const ExcludedOpenings names = NameExcludedOpenings(r, all, 5, {.execution = {.threads = 1}});
    const ExcludedOpenings names4 = NameExcludedOpenings(r, all, 5, {.execution = {.threads = 4}});
    int named = 0;
    for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(all.size()); ++c) {
      for (int code = 1; code <= 9; ++code) {
        const auto rc = static_cast<ReasonCode>(code);
        const std::span<const OpeningIndex> got = names.Get(c, rc);
        const std::span<const OpeningIndex> got4 = names4.Get(c, rc);
        EXPECT_TRUE(std::equal(got.begin(), got.end(), got4.begin(), got4.end()));
        EXPECT_EQ(static_cast<int32_t>(got.size()), std::min(5, m.excluded_count(c, rc))) << region << " " << c << " " << code;
        for (const OpeningIndex o : got) EXPECT_TRUE(Has(EvaluatePair(r, c, o).violations, rc)) << c << " " << o;
        named += static_cast<int>(got.size());
      }
    }
    EXPECT_GT(named, 1000) << region;
  }
}

TEST(NameExcludedOpeningsTest, ChecksItsArguments) {
  const MatchRequest r = RandomRequest(1, 3, 4);
  const std::vector<CandidateIndex> bad = {3};
  EXPECT_THROW(NameExcludedOpenings(r, bad), InvalidArgumentError);
  const std::vector<CandidateIndex> one = {0};
  EXPECT_THROW(NameExcludedOpenings(r, one, -1), InvalidArgumentError);
  EXPECT_EQ(NameExcludedOpenings(r, {}).num_candidates(), 0);
}

TEST(ScoreRequestTest, PruningNeverHidesAFeasiblePair) {
  // Openings spread over 200 km: most are out of reach and not examined.
  MatchRequest r = RandomRequest(5, 40, 300);
  for (size_t j = 0; j < r.openings.size(); ++j) {
    r.openings[j].location.latitude += (static_cast<double>(j % 7) - 3.0) * 0.3;
  }
  r.policy.max_pairs_per_candidate = 1000;
  const ScoreMatrix m = ScoreRequest(r);
  EXPECT_LT(m.pairs_examined(), 40 * 300);
  for (CandidateIndex c = 0; c < 40; ++c) {
    int feasible = 0;
    for (OpeningIndex o = 0; o < 300; ++o) feasible += EvaluatePair(r, c, o).feasible;
    EXPECT_EQ(static_cast<int>(m.row(c).size()), feasible) << c;
  }
}

TEST(ScoreRequestTest, DeterministicWhateverTheThreadCount) {
  const MatchRequest r = RandomRequest(3, 700, 400);
  const ScoreMatrix one = ScoreRequest(r, {.execution = {.threads = 1}});
  for (int threads : {2, 3, 8}) {
    SCOPED_TRACE(threads);
    ExpectSameMatrix(one, ScoreRequest(r, {.execution = {.threads = threads}}));
  }
  EXPECT_GT(one.num_entries(), 0);
}

TEST(ScoreRequestTest, NothingInReachIsFlagged) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", North(kToulouse, 300)));
  const ScoreMatrix m = ScoreRequest(r);
  EXPECT_TRUE(m.nothing_in_reach(0));
  EXPECT_EQ(m.examined(0), 0);
  r.openings[0].location = North(kToulouse, 1);
  EXPECT_FALSE(ScoreRequest(r).nothing_in_reach(0));
}

TEST(ScoreRequestTest, EmptyRequestGivesEmptyMatrix) {
  const ScoreMatrix m = ScoreRequest(MatchRequest{});
  EXPECT_EQ(m.num_candidates(), 0);
  EXPECT_EQ(m.num_entries(), 0);
  MatchRequest r;
  r.candidates.push_back(MakeCandidate("c"));
  const ScoreMatrix m2 = ScoreRequest(r);
  EXPECT_EQ(m2.num_candidates(), 1);
  EXPECT_TRUE(m2.nothing_in_reach(0));
}

TEST(ScoreRequestTest, EigenViewHoldsTheScores) {
  const MatchRequest r = RandomRequest(9, 50, 60);
  const ScoreMatrix m = ScoreRequest(r);
  const SparseScores sparse = ToSparseScores(m);
  EXPECT_EQ(sparse.rows(), 50);
  EXPECT_EQ(sparse.cols(), 60);
  EXPECT_EQ(sparse.nonZeros(), m.num_entries());
  for (CandidateIndex c = 0; c < 50; ++c) {
    for (const ScoredPair& p : m.row(c)) EXPECT_EQ(sparse.coeff(c, p.opening), p.score);
  }
}

TEST(ScoreRequestTest, CustomTaxonomyIsUsed) {
  const Taxonomy t = Taxonomy::FromCsvString(
      "code,label,tension,min_french_level,physical_demands,neighbours\n"
      "ESCO-1,Cook,0.9,,,ESCO-2\nESCO-2,Baker,,,,\n");
  Candidate c = MakeCandidate("c");
  c.target_occupations = {"ESCO-1"};
  const MatchRequest r = MakePair(c, MakeOpening("o", kToulouse, "ESCO-2"));
  const ScoreMatrix m = ScoreRequest(r, {.taxonomy = &t});
  ASSERT_EQ(m.row(0).size(), 1u);
  EXPECT_NEAR(m.row(0)[0].occupation, 0.7, 1e-6);
  EXPECT_NEAR(EvaluatePair(r, 0, 0, t).breakdown.tension, 0.0, 1e-9);
  // The built-in taxonomy does not know ESCO-2.
  EXPECT_THROW(ScoreRequest(r), InvalidArgumentError);
}

// ---- Properties ------------------------------------------------------------------

// More skills never lower the skills score, except for trainings and
// apprenticeships (scored on what they teach), where more of their required
// skills never raise it.
TEST(PropertyTest, MoreSkillsNeverLowerTheSkillsScoreExceptWhereTheyAreTaught) {
  const MatchRequest base = RandomRequest(21, 40, 40);
  std::mt19937_64 rng(5);
  int taught = 0;
  for (CandidateIndex c = 0; c < 40; ++c) {
    for (OpeningIndex o = 0; o < 40; ++o) {
      MatchRequest r = base;
      const OpeningKind kind = r.openings[o].kind;
      const bool teaches = kind == OpeningKind::kQualifyingTraining || kind == OpeningKind::kApprenticeship;
      // A training's optional skills stay a bonus: kept out of its direction.
      if (teaches) r.openings[o].optional_skills.clear();
      taught += teaches && !r.openings[o].required_skills.empty();
      const double sign = teaches ? -1.0 : 1.0;
      const double before = EvaluatePair(r, c, o).breakdown.skills;
      Skill extra;
      extra.code = "s" + std::to_string(1 + rng() % 8);
      extra.level = 0.25 * (1 + rng() % 4);
      r.candidates[c].skills.push_back(extra);
      const double after_add = EvaluatePair(r, c, o).breakdown.skills;
      EXPECT_GE(sign * after_add, sign * before - 1e-12);
      for (Skill& s : r.candidates[c].skills) s.level = 1.0;
      EXPECT_GE(sign * EvaluatePair(r, c, o).breakdown.skills, sign * after_add - 1e-12);
    }
  }
  EXPECT_GT(taught, 0);
}

TEST(PropertyTest, ACloserHomeNeverLowersTheCommuteScore) {
  const MatchRequest base = RandomRequest(22, 30, 30);
  for (CandidateIndex c = 0; c < 30; ++c) {
    for (OpeningIndex o = 0; o < 30; ++o) {
      MatchRequest r = base;
      double previous = -1;
      const GeoPoint home = r.candidates[c].home, site = r.openings[o].location;
      for (double t : {0.0, 0.25, 0.5, 0.75, 0.9, 1.0}) {
        r.candidates[c].home = {home.latitude + t * (site.latitude - home.latitude),
                                home.longitude + t * (site.longitude - home.longitude)};
        const double commute = EvaluatePair(r, c, o).breakdown.commute;
        EXPECT_GE(commute, previous - 1e-12);
        previous = commute;
      }
      EXPECT_DOUBLE_EQ(previous, 1.0);
    }
  }
}

// ---- Explanations -----------------------------------------------------------------

MatchRequest CookExample() {
  Candidate c = MakeCandidate("c-1");
  c.french_level = CefrLevel::kA2;
  c.target_occupations = {"G1602"};
  c.skills = {{"cook", 1.0, true, false, "CAP cuisine"},
              {"knife", 1.0, false, false, ""},
              {"dress", 1.0, false, false, ""},
              {"menu", 1.0, false, false, ""}};
  c.mobility.home_transit_access = TransitAccess::kFull;
  Opening o = MakeOpening("o-1", North(kToulouse, 5), "G1602");
  o.site_transit_access = TransitAccess::kFull;
  o.min_french_level = CefrLevel::kA2;
  o.required_skills = {{"cook", 1, "cuisiner"},
                       {"knife", 1, "taillage"},
                       {"dress", 1, "dresser une assiette"},
                       {"menu", 1, "mise en place"},
                       {"hygiene", 1, "HACCP"}};
  return MakePair(c, o);
}

TEST(ExplainTest, FrenchSentenceForAFeasiblePair) {
  const MatchRequest r = CookExample();
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  ASSERT_TRUE(e.feasible);
  const std::string text = Explain(r, 0, 0, e, Language::kFrench);
  EXPECT_EQ(text.rfind("Couvre 4 des 5 compétences demandées ; à acquérir : HACCP ; ", 0), 0u) << text;
  EXPECT_TRUE(Contains(text, "compétence acquise à l'étranger : CAP cuisine")) << text;
  EXPECT_TRUE(Contains(text, "projet professionnel : Personnel de cuisine (G1602)")) << text;
  EXPECT_TRUE(Contains(text, "français A2 pour un poste demandant A2")) << text;
  // 10 min of access, then 6.5 km at 20 km/h.
  EXPECT_TRUE(Contains(text, "30 min en transports en commun")) << text;
  // A narrow no-break space before "%".
  EXPECT_TRUE(Contains(text, "(64\u202F% de recrutements difficiles)")) << text;
}

// Long skill lists are indexed by code (evaluate_pair.cc, explain.cc): the
// same coverage, gaps, skills acquired abroad and labels as a plain scan,
// here an independent one, with repeated codes, tied levels and missing
// labels.
TEST(ExplainTest, LongSkillListsGiveWhatAPlainScanGives) {
  std::mt19937_64 rng(42);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  MatchRequest r = CookExample();
  Candidate& c = r.candidates[0];
  Opening& o = r.openings[0];
  c.skills.clear();
  o.required_skills.clear();
  o.optional_skills.clear();
  for (int i = 0; i < 300; ++i) {
    const std::string code = "s" + std::to_string(pick(80));
    c.skills.push_back({code, 0.25 * (1 + pick(4)), pick(2) == 0, false, pick(3) == 0 ? "" : "c" + std::to_string(i)});
  }
  for (int i = 0; i < 120; ++i) {
    const std::string code = "s" + std::to_string(pick(120));
    (i < 90 ? o.required_skills : o.optional_skills)
        .push_back({code, 1.0, pick(2) == 0 ? "" : "o" + std::to_string(i)});
  }
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  // The plain scan.
  auto best = [&](const std::string& code) -> const Skill* {
    const Skill* b = nullptr;
    for (const Skill& s : c.skills) {
      if (s.code == code && (b == nullptr || s.level > b->level)) b = &s;
    }
    return b;
  };
  std::vector<std::string> abroad, gaps;
  int covered = 0;
  auto note = [&](const Skill* s) {
    if (s != nullptr && s->acquired_abroad && std::find(abroad.begin(), abroad.end(), s->code) == abroad.end()) {
      abroad.push_back(s->code);
    }
  };
  for (const SkillRequirement& q : o.required_skills) {
    const Skill* s = best(q.code);
    if (s != nullptr) {
      ++covered;
      note(s);
    } else {
      gaps.push_back(q.code);
    }
  }
  for (const SkillRequirement& q : o.optional_skills) note(best(q.code));
  EXPECT_EQ(e.required_skills_covered, covered);
  EXPECT_EQ(e.skill_gaps, gaps);
  EXPECT_EQ(e.skills_acquired_abroad, abroad);
  ASSERT_FALSE(gaps.empty());
  ASSERT_FALSE(abroad.empty());
  auto label = [&](const std::string& code, bool candidate_first) -> std::string {
    auto from_candidate = [&]() -> const std::string* {
      for (const Skill& s : c.skills) {
        if (s.code == code && !s.label.empty()) return &s.label;
      }
      return nullptr;
    };
    if (candidate_first) {
      if (const std::string* l = from_candidate()) return *l;
    }
    for (const auto* list : {&o.required_skills, &o.optional_skills}) {
      for (const SkillRequirement& q : *list) {
        if (q.code == code && !q.label.empty()) return q.label;
      }
    }
    if (const std::string* l = from_candidate()) return *l;
    return code;
  };
  auto required = [&](const std::string& code) {
    return std::any_of(o.required_skills.begin(), o.required_skills.end(),
                       [&](const SkillRequirement& q) { return q.code == code; });
  };
  // Required skills acquired abroad in their order; optional ones held, not
  // required, once each, split by where they were acquired.
  std::string abroad_labels, gap_labels, plus_labels, plus_abroad_labels;
  auto add = [](std::string* list, const std::string& item) { *list += (list->empty() ? "" : ", ") + item; };
  for (const std::string& code : abroad) {
    if (required(code)) add(&abroad_labels, label(code, true));
  }
  for (const std::string& code : gaps) add(&gap_labels, label(code, false));
  std::vector<std::string> seen;
  for (const SkillRequirement& q : o.optional_skills) {
    if (best(q.code) == nullptr || required(q.code) || std::find(seen.begin(), seen.end(), q.code) != seen.end()) {
      continue;
    }
    seen.push_back(q.code);
    if (std::find(abroad.begin(), abroad.end(), q.code) != abroad.end()) {
      add(&plus_abroad_labels, label(q.code, true));
    } else {
      add(&plus_labels, label(q.code, false));
    }
  }
  ASSERT_FALSE(abroad_labels.empty());
  ASSERT_FALSE(plus_labels.empty());
  ASSERT_FALSE(plus_abroad_labels.empty());
  const std::string text = Explain(r, 0, 0, e, Language::kEnglish);
  EXPECT_TRUE(Contains(text, "; skills acquired abroad: " + abroad_labels + "; ")) << text;
  EXPECT_TRUE(Contains(text, "; to learn: " + gap_labels + "; ")) << text;
  EXPECT_TRUE(Contains(text, "; pluses: " + plus_labels + "; ")) << text;
  EXPECT_TRUE(Contains(text, "; pluses acquired abroad: " + plus_abroad_labels + "; ")) << text;
}

TEST(ExplainTest, EnglishSentenceForAFeasiblePair) {
  const MatchRequest r = CookExample();
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  const std::string text = Explain(r, 0, 0, e, Language::kEnglish);
  EXPECT_EQ(text.rfind("Covers 4 of the 5 required skills; to learn: HACCP; skill acquired abroad: CAP cuisine; ", 0),
            0u)
      << text;
  EXPECT_TRUE(Contains(text, "French A2 for an A2 post")) << text;
  EXPECT_TRUE(Contains(text, "30 min by public transport")) << text;
  EXPECT_TRUE(Contains(text, "(64% of hires difficult)")) << text;
}

// The cook's example with `covered` of `total` required skills held.
MatchRequest CookWithSkills(int covered, int total) {
  MatchRequest r = CookExample();
  r.candidates[0].skills.clear();
  r.openings[0].required_skills.clear();
  for (int i = 0; i < total; ++i) {
    const std::string code = "s" + std::to_string(i);
    r.openings[0].required_skills.push_back({code, 1, "skill " + std::to_string(i)});
    if (i < covered) r.candidates[0].skills.push_back({code, 1.0, false, false, ""});
  }
  return r;
}

std::string FirstClause(const MatchRequest& r, Language language) {
  const std::string text = Explain(r, 0, 0, EvaluatePair(r, 0, 0), language);
  return text.substr(0, text.find(language == Language::kFrench ? " ; " : "; "));
}

TEST(ExplainTest, RequiredSkillsClauseSaysOneManyAllAndNone) {
  const struct {
    int covered, total;
    const char* fr;
    const char* en;
  } cases[] = {
      {0, 0, "Aucune compétence particulière demandée", "No particular skill required"},
      {1, 1, "Couvre la compétence demandée", "Covers the required skill"},
      {0, 1, "Ne couvre pas la compétence demandée", "Lacks the required skill"},
      {2, 2, "Couvre les deux compétences demandées", "Covers both required skills"},
      {0, 2, "Ne couvre aucune des deux compétences demandées", "Covers neither of the two required skills"},
      {3, 3, "Couvre les 3 compétences demandées", "Covers all 3 required skills"},
      {0, 3, "Ne couvre aucune des 3 compétences demandées", "Covers none of the 3 required skills"},
      {1, 3, "Couvre 1 des 3 compétences demandées", "Covers 1 of the 3 required skills"},
      {2, 3, "Couvre 2 des 3 compétences demandées", "Covers 2 of the 3 required skills"},
  };
  for (const auto& c : cases) {
    const MatchRequest r = CookWithSkills(c.covered, c.total);
    EXPECT_EQ(FirstClause(r, Language::kFrench), c.fr) << c.covered << "/" << c.total;
    EXPECT_EQ(FirstClause(r, Language::kEnglish), c.en) << c.covered << "/" << c.total;
  }
}

TEST(ExplainTest, ATrainingSaysWhatItBringsNotWhatItCovers) {
  const struct {
    int held, total;
    const char* fr;
    const char* en;
  } cases[] = {
      {0, 0, "La formation ne précise pas les compétences qu'elle apporte",
       "The training does not list the skills it teaches"},
      {0, 1, "La formation apporte la compétence visée : skill 0", "The training brings the skill it teaches: skill 0"},
      {1, 3, "La formation apporte 2 des 3 compétences visées : skill 1, skill 2",
       "The training brings 2 of the 3 skills it teaches: skill 1, skill 2"},
      {0, 3, "La formation apporte les 3 compétences visées : skill 0, skill 1, skill 2",
       "The training brings all 3 skills it teaches: skill 0, skill 1, skill 2"},
      {3, 3, "Possède déjà les 3 compétences visées par la formation",
       "Already holds all 3 skills the training teaches"},
      {1, 1, "Possède déjà la compétence visée par la formation", "Already holds the skill the training teaches"},
  };
  for (OpeningKind kind : {OpeningKind::kQualifyingTraining, OpeningKind::kApprenticeship}) {
    for (const auto& c : cases) {
      MatchRequest r = CookWithSkills(c.held, c.total);
      r.openings[0].kind = kind;
      r.openings[0].provides_skill_training = true;
      ASSERT_TRUE(EvaluatePair(r, 0, 0).feasible);
      EXPECT_EQ(FirstClause(r, Language::kFrench), c.fr) << c.held << "/" << c.total;
      EXPECT_EQ(FirstClause(r, Language::kEnglish), c.en) << c.held << "/" << c.total;
      // What it brings is said once: no "to learn" clause after it.
      EXPECT_FALSE(Contains(Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kFrench), "à acquérir")) << c.fr;
      // Someone who practised the training's trade is scored as holding
      // what it teaches, and told so.
      r.candidates[0].past_occupations = {"G1602"};
      ASSERT_TRUE(EvaluatePair(r, 0, 0).feasible);
      EXPECT_EQ(FirstClause(r, Language::kFrench), "A déjà exercé le métier auquel prépare la formation");
      EXPECT_EQ(FirstClause(r, Language::kEnglish), "Has already worked in the occupation the training leads to");
    }
  }
}

TEST(ExplainTest, OptionalSkillsAreKeptApartFromTheRequiredOnes) {
  MatchRequest r = CookWithSkills(1, 2);
  r.candidates[0].skills[0].acquired_abroad = true;
  r.candidates[0].skills[0].label = "soudure (Alep)";
  // s0 is required and optional: counted once, among the required.
  r.openings[0].optional_skills = {{"truck", 1, "CACES"}, {"english", 1, "anglais"}, {"truck", 1, "CACES"}, {"s0", 1, ""}};
  r.candidates[0].skills.push_back({"truck", 1.0, true, false, "permis poids lourd"});
  const std::string fr = Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kFrench);
  EXPECT_EQ(fr.rfind("Couvre 1 des 2 compétences demandées ; à acquérir : skill 1 ; compétence acquise à l'étranger : "
                     "soudure (Alep) ; atout acquis à l'étranger : permis poids lourd ; projet ",
                     0),
            0u)
      << fr;
  const std::string en = Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kEnglish);
  EXPECT_EQ(en.rfind("Covers 1 of the 2 required skills; to learn: skill 1; skill acquired abroad: soudure (Alep); "
                     "a plus acquired abroad: permis poids lourd; career ",
                     0),
            0u)
      << en;
  r.candidates[0].skills.push_back({"english", 0.5, false, false, ""});
  r.candidates[0].skills.push_back({"cook", 0.5, false, false, ""});
  r.openings[0].optional_skills.push_back({"cook", 1, "cuisiner"});
  EXPECT_TRUE(Contains(Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kFrench),
                       "; atouts : anglais, cuisiner ; atout acquis à l'étranger : permis poids lourd ; "));
  EXPECT_TRUE(Contains(Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kEnglish),
                       "; pluses: anglais, cuisiner; a plus acquired abroad: permis poids lourd; "));
}

TEST(ExplainTest, FrenchLevelsTakeTheirArticle) {
  MatchRequest r = CookExample();
  r.candidates[0].french_level = CefrLevel::kB2;
  const std::pair<CefrLevel, const char*> levels[] = {
      {CefrLevel::kA1, "French B2 for an A1 post"}, {CefrLevel::kA2, "French B2 for an A2 post"},
      {CefrLevel::kB1, "French B2 for a B1 post"},  {CefrLevel::kB2, "French B2 for a B2 post"}};
  for (const auto& [minimum, sentence] : levels) {
    r.openings[0].min_french_level = minimum;
    const std::string en = Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kEnglish);
    EXPECT_TRUE(Contains(en, sentence)) << en;
  }
  r.openings[0].min_french_level = CefrLevel::kA1;
  const std::string fr = Explain(r, 0, 0, EvaluatePair(r, 0, 0), Language::kFrench);
  EXPECT_TRUE(Contains(fr, "français B2 pour un poste demandant A1")) << fr;
}

TEST(ExplainTest, TheFullDescriptionWritesNumbersAsTheLanguageDoes) {
  const MatchRequest r = CookExample();
  const PairExplanation fr = DescribePair(r, "c-1", "o-1", Language::kFrench);
  const PairExplanation en = DescribePair(r, "c-1", "o-1", Language::kEnglish);
  const std::string fr_text = FormatPairExplanation(fr, Language::kFrench);
  const std::string en_text = FormatPairExplanation(en, Language::kEnglish);
  char score[32];
  std::snprintf(score, sizeof score, "%.3f", fr.score);
  std::string score_fr = score;
  score_fr[1] = ',';
  EXPECT_TRUE(Contains(fr_text, "Score : " + score_fr + " (affectation possible)")) << fr_text;
  EXPECT_TRUE(Contains(en_text, "Score: " + std::string(score) + " (placement possible)")) << en_text;
  // No decimal point anywhere in the French text, a decimal comma in every
  // component line.
  EXPECT_EQ(fr_text.find("0."), std::string::npos) << fr_text;
  EXPECT_TRUE(Contains(fr_text, "  compétences : 0,")) << fr_text;
  EXPECT_TRUE(Contains(en_text, "  skills: 0.")) << en_text;
}

TEST(ExplainTest, WhyNotNamesEveryViolation) {
  MatchRequest r = CookExample();
  r.openings[0].location = North(kToulouse, 200);
  r.openings[0].requires_driving_licence = true;
  r.candidates[0].barriers.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
  r.openings[0].schedule.night_shift = true;
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  const std::string fr = Explain(r, 0, 0, e, Language::kFrench);
  EXPECT_EQ(fr.rfind("Exclu : ", 0), 0u) << fr;
  EXPECT_TRUE(Contains(fr, "permis de conduire exigé")) << fr;
  EXPECT_TRUE(Contains(fr, "au-delà du maximum de 60 min")) << fr;
  EXPECT_TRUE(Contains(fr, "horaires (de nuit) incompatibles avec la garde des enfants")) << fr;
  const std::string en = Explain(r, 0, 0, e, Language::kEnglish);
  EXPECT_EQ(en.rfind("Excluded: ", 0), 0u) << en;
  EXPECT_TRUE(Contains(en, "driving licence required")) << en;
  EXPECT_TRUE(Contains(en, "beyond the 60 min maximum")) << en;
  EXPECT_TRUE(Contains(en, "night shifts incompatible with childcare")) << en;
}

TEST(ExplainTest, EveryReasonHasASentenceInBothLanguages) {
  for (const ConstraintCase& k : kConstraintCases) {
    MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", North(kToulouse, 2)));
    k.setup(r);
    const PairEvaluation e = EvaluatePair(r, 0, 0);
    for (Language language : {Language::kFrench, Language::kEnglish}) {
      const std::string s = ExplainViolation(r, 0, 0, e, k.code, language);
      EXPECT_GT(s.size(), 10u) << k.name;
      EXPECT_NE(s, ToString(k.code)) << k.name;
    }
  }
}

TEST(ExplainTest, TheProjectRuleNamesTheOpeningAndTheProjectOnce) {
  Candidate c = MakeCandidate("c");
  c.target_occupations = {"J1501"};
  c.past_occupations = {"J1501"};
  // Roofing, more than 3 mobilities from care (masonry is 3: J1501 -
  // K2601 funeral operations - F1704 - F1703, proximity 0.25, in the project).
  MatchRequest r = MakePair(c, MakeOpening("o", North(kToulouse, 2), "F1610"));
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  ASSERT_EQ(e.violations, std::vector<ReasonCode>{ReasonCode::kOutOfProject});
  const std::string fr = Explain(r, 0, 0, e, Language::kFrench);
  EXPECT_TRUE(Contains(fr, "Pose et restauration de couvertures (F1610) : métier trop éloigné du projet professionnel (")) << fr;
  EXPECT_EQ(fr.find("J1501"), fr.rfind("J1501")) << fr;  // named once
  // Open to other trades, or the rule switched off: the pair is possible.
  r.candidates[0].open_to_other_trades = true;
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);
  r.candidates[0].open_to_other_trades = false;
  r.policy.constraints.project = false;
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);
}

TEST(ExplainTest, SentencesLeaveNoPlaceholderUnfilled) {
  // The catalogue's templates name their values ("{count}"); one the code
  // does not fill would show in the sentence as it stands.
  const MatchRequest r = RandomRequest(/*seed=*/7, /*num_candidates=*/60, /*num_openings=*/60);
  int feasible = 0;
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(r.candidates.size()); ++c) {
    for (OpeningIndex o = 0; o < static_cast<OpeningIndex>(r.openings.size()); ++o) {
      const PairEvaluation e = EvaluatePair(r, c, o);
      feasible += e.feasible;
      for (Language language : {Language::kFrench, Language::kEnglish}) {
        const std::string text = Explain(r, c, o, e, language);
        EXPECT_EQ(text.find_first_of("{}"), std::string::npos) << text;
        for (int code = 1; code <= kMaxReasonCode; ++code) {
          const std::string clause = ExplainViolation(r, c, o, e, static_cast<ReasonCode>(code), language);
          EXPECT_EQ(clause.find_first_of("{}"), std::string::npos) << clause;
        }
      }
    }
  }
  EXPECT_GT(feasible, 0);
}

// ---- Bad input -----------------------------------------------------------------
// The checks themselves are the request validator's (tests/model/
// validate_test.cc); scoring must report exactly its messages.

std::vector<std::string> ProblemsOf(const MatchRequest& r, const ScoringOptions& options = {}) {
  try {
    ScoreRequest(r, options);
  } catch (const ValidationError& e) {
    return e.problems();
  }
  return {};
}

TEST(ValidationTest, ScoringReportsTheValidatorsMessages) {
  MatchRequest r = MakePair(MakeCandidate("c-0042"), MakeOpening("o-17"));
  r.openings.insert(r.openings.begin(), 3, MakeOpening("o-x"));
  for (size_t i = 0; i < r.openings.size(); ++i) r.openings[i].id = "o-" + std::to_string(i);
  r.openings[3].occupation = "X12";
  r.candidates[0].home.latitude = std::numeric_limits<double>::quiet_NaN();
  r.candidates[0].target_occupations = {"cook"};
  r.policy.weights.commute = -1;
  r.openings[0].location.longitude = std::numeric_limits<double>::infinity();
  std::vector<std::string> expected;
  CollectProblems(r, &expected);
  ASSERT_EQ(expected.size(), 5u);
  std::vector<std::string> found = ProblemsOf(r);
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
  EXPECT_EQ(ProblemsOf(MakePair(MakeCandidate("c"), MakeOpening("o"))), std::vector<std::string>{});
}

TEST(ValidationTest, CandidateProblemsAreListedInIndexOrder) {
  MatchRequest r = RandomRequest(4, 300, 50);
  for (int i : {250, 3, 120}) r.candidates[i].target_occupations = {"bad"};
  const std::vector<std::string> problems = ProblemsOf(r, {.execution = {.threads = 2}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].rfind("candidates[3] ", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1].rfind("candidates[120] ", 0), 0u) << problems[1];
  EXPECT_EQ(problems[2].rfind("candidates[250] ", 0), 0u) << problems[2];
}

TEST(ValidationTest, ACustomTaxonomysOwnCodesAreValid) {
  const Taxonomy custom = Taxonomy::FromCsvString("code,label,tension,min_french_level,physical_demands,neighbours\n"
                                            "cook-1,Cuisine,0.5,A2,,\n");
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", kToulouse, "cook-1"));
  EXPECT_TRUE(ProblemsOf(r, {.taxonomy = &custom}).empty());
  const std::vector<std::string> builtin = ProblemsOf(r);
  ASSERT_EQ(builtin.size(), 1u);
  EXPECT_NE(builtin[0].find("openings[0] (id \"o\").occupation: \"cook-1\" is not a ROME code"), std::string::npos)
      << builtin[0];
}

TEST(ValidationTest, EvaluatePairChecksIndicesAndInput) {
  const MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", kToulouse, "X12"));
  EXPECT_THROW(EvaluatePair(r, 1, 0), InvalidArgumentError);
  EXPECT_THROW(EvaluatePair(r, 0, -1), InvalidArgumentError);
  EXPECT_THROW(EvaluatePair(r, 0, 0), ValidationError);
}

}  // namespace
}  // namespace passerelle
