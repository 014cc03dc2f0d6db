// The five programmes of the seeds, matched end to end: each test asserts
// what the programme needs (see examples/scenarios/<name>/README.md).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "scenario.h"

namespace passerelle {
namespace {

using testing::Scenario;

TEST(ScenarioMatchTest, MetishimaSendsBeginnersToFrenchAndValuesSkillsFromAbroad) {
  const Scenario s("metishima");
  for (const char* id : {"mt-07", "mt-08", "mt-09", "mt-10"}) {
    for (const std::string& o : s.PlacedIn(id)) {
      EXPECT_FALSE(IsEmployment(s.opening(o).kind)) << id << " below B1 sent to " << o;
    }
    if (s.PlacedIn(id).empty()) EXPECT_TRUE(s.HasReason(id, ReasonCode::kFrenchRouting)) << id;
  }
  for (const char* id : {"mt-09", "mt-10"}) {
    const PairEvaluation e = s.Evaluate(id, "mo-05");
    EXPECT_FALSE(e.feasible);
    EXPECT_NE(std::find(e.violations.begin(), e.violations.end(), ReasonCode::kFrenchRouting), e.violations.end());
  }
  const std::pair<const char*, const char*> expected[] = {
      {"mt-01", "mo-01"}, {"mt-02", "mo-02"}, {"mt-03", "mo-03"}, {"mt-04", "mo-04"}};
  for (const auto& [c, o] : expected) {
    const Placement* p = s.Find(c, o);
    ASSERT_NE(p, nullptr) << c << " -> " << o;
    EXPECT_FALSE(p->skills_acquired_abroad.empty()) << c << ": skills acquired abroad are flagged";
  }
  for (const char* o : {"mo-02", "mo-03", "mo-05", "mo-06", "mo-04", "mo-07"}) EXPECT_FALSE(s.IsPlacedIn("mt-05", o));
  EXPECT_FALSE(s.IsPlacedIn("mt-06", "mo-06"));
  // B1 and above enter the job track: mt-06 gets the warehouse job, not a
  // French course (an opening asking no skill no longer scores skills = 1).
  EXPECT_TRUE(s.IsPlacedIn("mt-06", "mo-05"));
  s.ExpectEveryoneAccountedFor();
}

TEST(ScenarioMatchTest, InitiellesRespectsBarriersAndUsesWorkplaceTrials) {
  const Scenario s("initielles");
  for (const char* c : {"in-01", "in-02", "in-03", "in-06", "in-08"}) {
    for (const char* o : {"io-02", "io-04", "io-06"}) EXPECT_FALSE(s.IsPlacedIn(c, o)) << c << " (childcare) in " << o;
  }
  for (const char* o : {"io-04", "io-07"}) EXPECT_FALSE(s.IsPlacedIn("in-07", o));
  for (const char* o : {"io-03", "io-04", "io-06", "io-09"}) EXPECT_FALSE(s.IsPlacedIn("in-03", o));
  EXPECT_GE(s.response().summary.placed_candidates, 5);
  int workshop = 0;
  for (const Placement& p : s.response().placements) {
    const Opening& o = s.opening(p.opening_id);
    EXPECT_TRUE(o.kind == OpeningKind::kWorkplaceTrial || p.opening_id == "io-08" || p.opening_id == "io-09")
        << p.opening_id;
    workshop += p.opening_id == "io-08";
  }
  EXPECT_LE(workshop, 3);
  s.ExpectEveryoneAccountedFor();
}

TEST(ScenarioMatchTest, HorizonsKeepsAsylumSeekersWithoutAuthorisationOutOfWork) {
  const Scenario s("horizons-occitanie");
  for (const char* c : {"ho-02", "ho-05", "ho-08", "ho-11"}) {
    for (const std::string& o : s.PlacedIn(c)) EXPECT_FALSE(IsEmployment(s.opening(o).kind)) << c << " -> " << o;
  }
  EXPECT_TRUE(s.IsPlacedIn("ho-05", "hoo-08") || s.IsPlacedIn("ho-05", "hoo-09"));
  // A mechanic's project does not lead to the mason training.
  EXPECT_FALSE(s.IsPlacedIn("ho-08", "hoo-07"));
  EXPECT_TRUE(s.HasReason("ho-08", ReasonCode::kOutOfProject));
  EXPECT_TRUE(s.IsPlacedIn("ho-11", "hoo-11"));
  EXPECT_TRUE(s.HasReason("ho-02", ReasonCode::kNoOpeningInReach) ||
              s.HasReason("ho-02", ReasonCode::kCommuteTooLong) ||
              s.HasReason("ho-02", ReasonCode::kVehicleRequired));
  EXPECT_FALSE(s.IsPlacedIn("ho-07", "hoo-13"));
  const Placement* car = s.Find("ho-09", "hoo-06");
  ASSERT_NE(car, nullptr);
  EXPECT_EQ(car->commute_mode, TransportMode::kCar);
  EXPECT_TRUE(s.HasReason("ho-12", ReasonCode::kVehicleRequired) || !s.PlacedIn("ho-12").empty());
  std::set<std::string> departements;
  for (const GroupStats& g : s.response().summary.by_subgroup) {
    if (g.dimension == "departement") departements.insert(g.value);
  }
  EXPECT_EQ(departements.size(), 10u);
  int he03 = 0;
  for (const Placement& p : s.response().placements) {
    const Opening& o = s.opening(p.opening_id);
    he03 += o.employer != kNoEmployer && s.request().employers[o.employer].id == "he-03";
  }
  EXPECT_LE(he03, 2);
  s.ExpectEveryoneAccountedFor();
}

TEST(ScenarioMatchTest, AsldMatchesEmployersNeedsAgainstProjects) {
  const Scenario s("asld-loir-et-cher");
  EXPECT_TRUE(s.HasReason("as-05", ReasonCode::kNoOpeningInReach) || s.HasReason("as-05", ReasonCode::kCommuteTooLong) ||
              s.HasReason("as-05", ReasonCode::kVehicleRequired));
  for (const char* o : {"ao-01", "ao-03", "ao-04", "ao-05", "ao-06", "ao-08"}) EXPECT_FALSE(s.IsPlacedIn("as-06", o));
  for (const char* c : {"as-03", "as-07"}) {
    for (const char* o : {"ao-02", "ao-06", "ao-07"}) EXPECT_FALSE(s.IsPlacedIn(c, o)) << c << " (no heavy loads) in " << o;
  }
  const std::pair<const char*, const char*> expected[] = {
      {"as-03", "ao-03"}, {"as-04", "ao-07"}, {"as-08", "ao-08"}, {"as-11", "ao-02"}, {"as-10", "ao-05"}};
  for (const auto& [c, o] : expected) EXPECT_TRUE(s.IsPlacedIn(c, o)) << c << " -> " << o;
  // The experienced welder goes to the welding job, not the entry training.
  EXPECT_TRUE(s.IsPlacedIn("as-01", "ao-01"));
  std::map<std::string, int> by_network, by_employer;
  for (const Placement& p : s.response().placements) {
    const Opening& o = s.opening(p.opening_id);
    if (o.employer == kNoEmployer) continue;
    ++by_network[s.request().employers[o.employer].network];
    ++by_employer[s.request().employers[o.employer].id];
  }
  for (const char* n : {"MEDEF 41", "CPME 41", "FFB 41"}) EXPECT_GE(by_network[n], 1) << n;
  for (const auto& [e, n] : by_employer) EXPECT_LE(n, 3) << e;
  s.ExpectEveryoneAccountedFor();
}

TEST(ScenarioMatchTest, CarrefourGivesTwoInternshipsInTwoSectorsOrSaysWhyNot) {
  const Scenario s("carrefour-miresem");
  int complete = 0;
  for (const Candidate& c : s.request().candidates) {
    const std::set<std::string> placed = s.PlacedIn(c.id);
    std::set<char> sectors;
    for (const std::string& o : placed) sectors.insert(s.opening(o).sector());
    EXPECT_EQ(sectors.size(), placed.size()) << c.id << " has two placements in one sector";
    if (placed.size() == 2) ++complete;
  }
  for (int i = 1; i <= 8; ++i) {
    const std::string c = "cm-0" + std::to_string(i);
    EXPECT_FALSE(s.IsPlacedIn(c, "co-11")) << c;
    if (s.PlacedIn(c).size() == 1) EXPECT_TRUE(s.HasReason(c, ReasonCode::kPartiallyPlaced)) << c;
  }
  EXPECT_TRUE(s.IsPlacedIn("cm-09", "co-11"));
  EXPECT_TRUE(s.HasReason("cm-10", ReasonCode::kVehicleRequired) || s.HasReason("cm-10", ReasonCode::kCommuteTooLong));
  for (const char* c : {"cm-03", "cm-08"}) {
    for (const char* o : {"co-02", "co-05", "co-07", "co-10", "co-03", "co-04", "co-13"}) {
      EXPECT_FALSE(s.IsPlacedIn(c, o)) << c << " (childcare) in " << o;
    }
  }
  EXPECT_GE(complete, 5);
  s.ExpectEveryoneAccountedFor();
}

}  // namespace
}  // namespace passerelle
