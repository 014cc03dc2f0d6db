// The five programme scenarios (examples/scenarios/<programme>/request.json)
// parse as passerelle.v1.MatchRequest JSON, pass validation, and have the
// shape their README describes. Their end-to-end assertions (through
// `match`) are listed in each README and belong to the matching tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "passerelle/model.h"
#include "passerelle/proto.h"

namespace passerelle {
namespace {

MatchRequest ReadScenario(const std::string& name) {
  return ReadRequestFile(std::string(PASSERELLE_SOURCE_DIR) + "/examples/scenarios/" + name +
                         "/request.json");
}

template <typename Pred>
int CountCandidates(const MatchRequest& r, Pred pred) {
  return static_cast<int>(std::count_if(r.candidates.begin(), r.candidates.end(), pred));
}

TEST(ScenariosTest, AllFiveParseAndValidate) {
  for (const char* name : {"metishima", "initielles", "horizons-occitanie", "asld-loir-et-cher",
                           "carrefour-miresem"}) {
    SCOPED_TRACE(name);
    const MatchRequest r = ReadScenario(name);
    EXPECT_GE(r.candidates.size(), 9u);
    EXPECT_GE(r.openings.size(), 9u);
    EXPECT_FALSE(r.description.empty());
    for (const Candidate& c : r.candidates) EXPECT_FALSE(c.display_name.empty()) << c.id;
  }
}

// The counsellor's cases: the spreadsheet has what a spreadsheet has (towns,
// no assessed skill); the welders share one trade.
TEST(ScenariosTest, TheCounsellorsCasesHaveTheShapeTheirReadmesDescribe) {
  const MatchRequest sheet = ReadScenario("tableur-loir-et-cher");
  EXPECT_EQ(sheet.candidates.size(), 20u);
  EXPECT_EQ(sheet.openings.size(), 15u);
  for (const Candidate& c : sheet.candidates) {
    EXPECT_TRUE(c.skills.empty()) << c.id;
    EXPECT_EQ(c.home.precision, GeoPrecision::kTown) << c.id;
  }
  for (const Opening& o : sheet.openings) EXPECT_EQ(o.location.precision, GeoPrecision::kTown) << o.id;
  const MatchRequest welders = ReadScenario("soudeurs-vendome");
  EXPECT_EQ(welders.candidates.size(), 3u);
  for (const Opening& o : welders.openings) EXPECT_EQ(o.occupation, "H2913") << o.id;
}

TEST(ScenariosTest, MetishimaRoutesByFrenchLevel) {
  const MatchRequest r = ReadScenario("metishima");
  EXPECT_EQ(r.policy.job_track_min_french_level, CefrLevel::kB1);
  // Both entries are populated.
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) { return c.french_level < CefrLevel::kB1; }),
            3);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) { return c.french_level >= CefrLevel::kB1; }),
            5);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) {
              return std::any_of(c.skills.begin(), c.skills.end(),
                                 [](const Skill& s) { return s.acquired_abroad; });
            }),
            6);
}

TEST(ScenariosTest, InitiellesIsNineWomenAndWorkplaceTrials) {
  const MatchRequest r = ReadScenario("initielles");
  EXPECT_EQ(r.candidates.size(), 9u);
  EXPECT_EQ(CountCandidates(r, [](const Candidate& c) {
              return c.subgroup.gender == Gender::kFemale;
            }),
            9);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) {
              return c.barriers.childcare == ChildcareConstraint::kDaytimeWeekdaysOnly;
            }),
            3);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) { return c.barriers.psychological_fragility; }),
            3);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) { return c.barriers.no_cv; }), 5);
  EXPECT_GE(std::count_if(r.openings.begin(), r.openings.end(),
                          [](const Opening& o) { return o.kind == OpeningKind::kWorkplaceTrial; }),
            5);
}

TEST(ScenariosTest, HorizonsCoversYoungPeopleAcrossDepartements) {
  const MatchRequest r = ReadScenario("horizons-occitanie");
  std::set<std::string> departements;
  for (const Candidate& c : r.candidates) {
    EXPECT_GE(c.age, 16);
    EXPECT_LE(c.age, 25);
    departements.insert(c.subgroup.departement);
  }
  EXPECT_EQ(departements.size(), 10u);  // 14 Missions Locales in 10 départements
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) {
              return c.right_to_work == RightToWork::kNone;
            }),
            3);
  std::set<std::string> networks;
  for (const Employer& e : r.employers) networks.insert(e.network);
  EXPECT_TRUE(networks.count("CFA BTP"));
  EXPECT_TRUE(networks.count("FNSEA"));
}

TEST(ScenariosTest, AsldHasTheFourSectorsAndTheThreeNetworks) {
  const MatchRequest r = ReadScenario("asld-loir-et-cher");
  std::set<std::string> occupations;
  for (const Opening& o : r.openings) occupations.insert(o.occupation);
  for (const char* rome : {"A1401", "H2913", "H2911", "G1602", "H2202", "H2206"}) {
    EXPECT_TRUE(occupations.count(rome)) << rome;
  }
  std::set<std::string> networks;
  for (const Employer& e : r.employers) networks.insert(e.network);
  for (const char* n : {"MEDEF 41", "CPME 41", "FFB 41"}) EXPECT_TRUE(networks.count(n)) << n;
}

TEST(ScenariosTest, CarrefourAsksTwoPlacementsInDistinctSectors) {
  const MatchRequest r = ReadScenario("carrefour-miresem");
  EXPECT_EQ(r.policy.placements_per_candidate, 2);
  EXPECT_TRUE(r.policy.distinct_sectors);
  std::set<char> internship_sectors;
  for (const Opening& o : r.openings) {
    if (o.kind == OpeningKind::kInternship) internship_sectors.insert(o.sector());
  }
  EXPECT_GE(internship_sectors.size(), 5u);
  EXPECT_GE(CountCandidates(r, [](const Candidate& c) { return !c.mobility.driving_licence; }),
            8);
}

}  // namespace
}  // namespace passerelle
