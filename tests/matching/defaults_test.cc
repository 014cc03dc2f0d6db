// One set of defaults: a request built in C++ and the same request written
// to a file and read back give byte-identical responses, whatever zeros
// (values that stand for a default) it holds (passerelle/model.h,
// ResolveDefaults).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "../model/test_requests.h"
#include "passerelle/matcher.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"

namespace passerelle {
namespace {

// `RandomRequest` with many fields set to 0, left as constructed or given
// other values at random: the zeros that stand for defaults, and the
// policy numbers they default to.
MatchRequest RequestWithZeros(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  MatchRequest r = testing::RandomRequest(seed, 60 + pick(60), 15 + pick(20));
  Policy& p = r.policy;
  if (chance(0.5)) p.default_max_commute_minutes = chance(0.3) ? 0 : 15 + pick(80);
  if (chance(0.5)) p.unplaced_penalty = chance(0.5) ? 0 : 0.05 * pick(8);
  if (chance(0.5)) p.placements_per_candidate = pick(3);
  if (chance(0.5)) p.max_pairs_per_candidate = pick(10);
  if (chance(0.5)) p.detour_factor = chance(0.5) ? 0 : 1.1 + 0.1 * pick(5);
  if (chance(0.5)) p.commute_half_life_minutes = chance(0.5) ? 0 : 10 + pick(40);
  if (chance(0.3)) p.weights = {0, 0, 0, 0, 0, 0};
  if (chance(0.3)) p.weights.tension = 0;
  if (chance(0.5)) {
    p.shortlist_size = 1 + pick(3);
    p.shortlist_appearances_per_seat = pick(3);
  }
  p.language = chance(0.5) ? Language::kFrench : Language::kEnglish;
  p.greedy_baseline = chance(0.5);
  for (Candidate& c : r.candidates) {
    if (chance(0.4)) c.mobility.max_commute_minutes = 0;
    if (chance(0.2)) c.mobility.modes = {};
    if (chance(0.2)) c.priority = chance(0.5) ? 0 : 0.5 + pick(4);
    if (chance(0.4)) c.placements_needed = pick(3);
    if (chance(0.1)) c.french_level_missing = true;
    for (Skill& s : c.skills) {
      if (chance(0.3)) s.level = 0;
    }
  }
  for (Opening& o : r.openings) {
    if (chance(0.3)) o.capacity = pick(4);
    for (SkillRequirement& s : o.required_skills) {
      if (chance(0.3)) s.weight = 0;
    }
  }
  if (!r.candidates.empty() && !r.openings.empty() && chance(0.5)) r.bans.push_back({0, 0, "note"});
  return r;
}

std::string ResponseJson(const MatchRequest& request) {
  return SerializeMessage(ToProto(Match(request, {.execution = {.threads = 1}})), FileFormat::kJson);
}

TEST(DefaultsTest, ARequestBuiltInCppAndReadFromJsonGiveTheSameResponse) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const MatchRequest built = RequestWithZeros(seed);
    const std::string json = SerializeMessage(ToProto(built), FileFormat::kJson);
    v1::MatchRequest proto;
    ParseMessage(json, FileFormat::kJson, "request.json", &proto);
    const MatchRequest read = FromProto(proto);
    EXPECT_EQ(ResponseJson(built), ResponseJson(read)) << "seed " << seed;
    // And the session gives the one-shot response.
    Matcher session(built, {.execution = {.threads = 1}, .keep_warm_state = false});
    EXPECT_EQ(SerializeMessage(ToProto(session.Solve()), FileFormat::kJson), ResponseJson(read)) << "seed " << seed;
  }
}

TEST(DefaultsTest, ACandidateWithoutACommuteLimitTakesThePolicysDefault) {
  MatchRequest r = testing::MakePair(testing::MakeCandidate("c"),
                                     testing::MakeOpening("o", testing::North(testing::kToulouse, 8)));
  r.candidates[0].mobility.max_commute_minutes = 0;
  r.policy.default_max_commute_minutes = 5;  // 8 km is more than 5 min by any mode
  const PairEvaluation e = EvaluatePair(r, 0, 0);
  EXPECT_FALSE(e.feasible);
  EXPECT_EQ(Match(r).placements.size(), 0u);
  r.policy.default_max_commute_minutes = 0;  // the default, 60 min
  EXPECT_TRUE(EvaluatePair(r, 0, 0).feasible);
  EXPECT_EQ(Match(r).placements.size(), 1u);
  // A candidate as constructed has no limit of their own either.
  EXPECT_EQ(Candidate{}.mobility.max_commute_minutes, 0);
  EXPECT_EQ(Candidate{}.placements_needed, 0);
}

TEST(DefaultsTest, ResolveDefaultsGivesWhatTheFileFormatDocuments) {
  MatchRequest r = testing::MakePair(Candidate{}, Opening{});
  r.policy = Policy{};
  r.policy.default_max_commute_minutes = 0;
  r.policy.placements_per_candidate = 0;
  r.policy.weights = {0, 0, 0, 0, 0, 0};
  r.candidates[0].skills = {{"s", 0, false, false, ""}};
  r.candidates[0].priority = 0;
  r.openings[0].required_skills = {{"s", 0, ""}};
  r.policy.quotas.push_back({QuotaDimension::kDepartement, std::string("31"), 0, 0, ""});
  EXPECT_TRUE(HasDefaultsToResolve(r));
  ResolveDefaults(&r);
  EXPECT_FALSE(HasDefaultsToResolve(r));
  const Policy defaults;
  EXPECT_EQ(r.policy.default_max_commute_minutes, defaults.default_max_commute_minutes);
  EXPECT_EQ(r.policy.placements_per_candidate, 1);
  EXPECT_EQ(r.policy.weights.skills, defaults.weights.skills);
  EXPECT_EQ(r.policy.quotas[0].max_share, 1);
  const Candidate& c = r.candidates[0];
  EXPECT_EQ(c.mobility.max_commute_minutes, 60);
  EXPECT_TRUE(c.mobility.modes.Has(TransportMode::kWalk) && c.mobility.modes.Has(TransportMode::kPublicTransport));
  EXPECT_EQ(c.skills[0].level, 1.0);
  EXPECT_EQ(c.priority, 1.0);
  EXPECT_EQ(c.placements_needed, 1);
  EXPECT_EQ(r.openings[0].required_skills[0].weight, 1.0);
}

}  // namespace
}  // namespace passerelle
