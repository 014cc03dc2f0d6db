// Tests of passerelle/validate.h, the one request validator: every problem
// named by its record and field, all at once; the quota shape rules; the
// record-by-record checks agree with the whole-request one; the id checks
// agree with a map of the ids.
#include "passerelle/validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "passerelle/error.h"
#include "test_requests.h"

namespace passerelle {
namespace {

using ::passerelle::testing::kToulouse;
using ::passerelle::testing::MakeCandidate;
using ::passerelle::testing::MakeOpening;
using ::passerelle::testing::MakePair;
using ::passerelle::testing::RandomRequest;

std::vector<std::string> Problems(const MatchRequest& r, const ValidationOptions& options = {}) {
  std::vector<std::string> problems;
  CollectProblems(r, &problems, options);
  return problems;
}

// The one problem of `r`, or a description of what was found instead.
std::string OnlyProblem(const MatchRequest& r) {
  const std::vector<std::string> p = Problems(r);
  if (p.size() == 1) return p[0];
  return std::to_string(p.size()) + " problems" + (p.empty() ? "" : ", first: " + p[0]);
}

TEST(ValidateTest, EachProblemNamesItsRecordAndField) {
  const MatchRequest valid = MakePair(MakeCandidate("c-0042"), MakeOpening("o-17"));
  EXPECT_TRUE(Problems(valid).empty());
  MatchRequest r = valid;
  r.openings[0].occupation = "X12";
  EXPECT_EQ(OnlyProblem(r),
            "openings[0] (id \"o-17\").occupation: \"X12\" is not a ROME code (a letter A-N and four digits)");
  r = valid;
  r.candidates[0].home.latitude = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(OnlyProblem(r), "candidates[0] (id \"c-0042\").home.latitude: NaN must be a finite number in [-90, 90]");
  r = valid;
  r.candidates[0].french_level = static_cast<CefrLevel>(9);
  EXPECT_EQ(OnlyProblem(r), "candidates[0] (id \"c-0042\").french_level: 9 is not a CEFR level");
  r = valid;
  r.openings[0].min_french_level = static_cast<CefrLevel>(-1);
  EXPECT_EQ(OnlyProblem(r), "openings[0] (id \"o-17\").min_french_level: -1 is not a CEFR level");
  r = valid;
  r.candidates[0].preferred_sectors = {'F', 'Z'};
  EXPECT_EQ(OnlyProblem(r), "candidates[0] (id \"c-0042\").preferred_sectors[1]: \"Z\" is not a ROME domain letter (A-N)");
  r = valid;
  r.policy.weights.commute = -1;
  EXPECT_EQ(OnlyProblem(r), "policy.weights.commute: -1 must be a finite number >= 0");
  r = valid;
  r.policy.weights = {0, 0, 0, 0, 0, 0};  // all zero: the defaults, as on the wire
  EXPECT_EQ(OnlyProblem(r), "0 problems");
  r = valid;
  r.candidates[0].mobility.max_commute_minutes = -5;
  EXPECT_EQ(OnlyProblem(r),
            "candidates[0] (id \"c-0042\").mobility.max_commute_minutes: -5 must be in [0, 1440] (0: the policy's "
            "default)");
  r = valid;
  r.openings[0].capacity = -2;
  EXPECT_EQ(OnlyProblem(r), "openings[0] (id \"o-17\").capacity: -2 must be >= 0");
}

TEST(ValidateTest, AllProblemsAreReportedAtOnceAndThrownTogether) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", kToulouse, "X12"));
  r.candidates[0].skills = {{"a", 1.5, false, false, ""}};
  r.policy.weights.skills = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Problems(r).size(), 3u);
  try {
    Validate(r);
    FAIL() << "expected a ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.problems(), Problems(r));
  }
}

TEST(ValidateTest, KnownOccupationsExtendTheRomeShape) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o", kToulouse, "cook-1"));
  r.candidates[0].target_occupations = {"cook-1", "F1703"};
  EXPECT_EQ(Problems(r).size(), 2u);
  const ValidationOptions custom{.is_known_occupation = [](std::string_view code) { return code == "cook-1"; }};
  EXPECT_TRUE(Problems(r, custom).empty());
  r.openings[0].occupation = "baker-2";
  const std::vector<std::string> p = Problems(r, custom);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "openings[0] (id \"o\").occupation: \"baker-2\" is not a ROME code (a letter A-N and four digits)");
}

TEST(ValidateTest, QuotasMustNestInOneFlowNetwork) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  r.policy.quotas = {{QuotaDimension::kGender, Gender::kFemale, 0.4, 1}};
  EXPECT_TRUE(Problems(r).empty());
  r.policy.quotas.push_back({QuotaDimension::kGender, Gender::kFemale, 0.1, 1});
  EXPECT_EQ(OnlyProblem(r), "policy.quotas[1]: same dimension and value as quotas[0]");
  r.policy.quotas.back() = {QuotaDimension::kAgeGroup, AgeGroup::k16To25, 0.1, 1};
  EXPECT_NE(OnlyProblem(r).find("policy.quotas: quotas on more than one candidate dimension"), std::string::npos);
  r.policy.quotas.back() = {QuotaDimension::kOpeningKind, OpeningKind::kJob, 0.1, 1};
  EXPECT_TRUE(Problems(r).empty());  // one candidate and one opening dimension nest
  Employer capped;
  capped.id = "e";
  capped.max_candidates = 2;
  r.employers.push_back(capped);
  EXPECT_EQ(OnlyProblem(r), "policy.quotas: quotas on openings cannot be combined with employer caps (employers[0] has one)");
}

// Shortlists carry an explanation per entry: their total is bounded, so a
// request cannot ask for a response of many gigabytes.
TEST(ValidateTest, ShortlistsAreBoundedInTotal) {
  MatchRequest r = RandomRequest(5, 3000, 1000);
  r.policy.shortlist_size = 1000;  // 4,000,000 entries: the most allowed
  EXPECT_TRUE(Problems(r).empty());
  r.candidates.push_back(r.candidates.front());
  r.candidates.back().id = "one-more";
  EXPECT_EQ(OnlyProblem(r),
            "policy.shortlist_size: 1000 x 4001 candidates and openings = 4001000 shortlist entries exceed 4000000");
  r.policy.shortlist_size = 3;
  EXPECT_TRUE(Problems(r).empty());
}

TEST(ValidateTest, RecordByRecordChecksAgreeWithTheWholeRequest) {
  MatchRequest r = RandomRequest(11, 200, 40);
  for (int i : {7, 150}) r.candidates[i].home.longitude = 400;
  r.candidates[20].mobility.max_commute_minutes = -1;
  r.openings[5].tension = 2;
  r.policy.detour_factor = 0.5;
  std::vector<std::string> by_record;
  CollectPolicyProblems(r, &by_record);
  bool all_ok = true;
  for (CandidateIndex i = 0; i < 200; ++i) all_ok &= CollectCandidateProblems(r, i, &by_record);
  for (OpeningIndex j = 0; j < 40; ++j) all_ok &= CollectOpeningProblems(r, j, &by_record);
  EXPECT_FALSE(all_ok);
  std::vector<std::string> whole = Problems(r);
  EXPECT_EQ(whole.size(), 5u);
  std::sort(by_record.begin(), by_record.end());
  std::sort(whole.begin(), whole.end());
  EXPECT_EQ(by_record, whole);
  std::vector<std::string> none;
  EXPECT_TRUE(CollectCandidateProblems(r, 0, &none));
  EXPECT_TRUE(none.empty());
}

// The id checks (CollectIdProblems, and IdChecker fed record by record)
// against a map of the ids seen, on lists with many duplicates, empty ids
// and long ids, growing tables, and a ProblemList that keeps only a few
// problems; IdChecker::Find against the same map.
TEST(ValidateTest, IdChecksAgreeWithAMapOfTheIds) {
  std::mt19937_64 rng(7);
  for (const int size : {0, 1, 2, 7, 100, 5000, 40000}) {
    for (const int pool : {1, 3, 50, 1 << 20}) {
      MatchRequest r;
      auto draw = [&](const char* prefix) {
        const auto k = std::uniform_int_distribution<int>(0, pool)(rng);
        // 1 in 20 empty; the rest from `pool` ids (long ones too).
        if (k % 20 == 0) return std::string();
        return std::string(prefix) + std::to_string(k) + (k % 3 == 0 ? std::string(40, 'x') : "");
      };
      r.candidates.resize(static_cast<size_t>(size));
      r.openings.resize(static_cast<size_t>(size / 2));
      r.employers.resize(static_cast<size_t>(size / 3));
      for (Candidate& c : r.candidates) c.id = draw("c-");
      for (Opening& o : r.openings) o.id = draw("o-");
      for (Employer& e : r.employers) e.id = draw("e-");
      // The oracle: each list's problems in record order.
      std::vector<std::string> expected;
      std::map<std::string, size_t> first_candidate;
      auto oracle = [&](const char* list, const auto& records, std::map<std::string, size_t>* first) {
        for (size_t i = 0; i < records.size(); ++i) {
          const std::string& id = records[i].id;
          if (id.empty()) {
            expected.push_back(RecordPath(list, i, id) + ".id: missing");
          } else if (auto [it, inserted] = first->emplace(id, i); !inserted) {
            expected.push_back(RecordPath(list, i, id) + ".id: duplicate of " + list + "[" +
                               std::to_string(it->second) + "]");
          }
        }
      };
      std::map<std::string, size_t> first_opening, first_employer;
      oracle("candidates", r.candidates, &first_candidate);
      oracle("openings", r.openings, &first_opening);
      oracle("employers", r.employers, &first_employer);
      const std::string where = std::to_string(size) + " records, " + std::to_string(pool) + " ids";
      for (const size_t max_kept : {std::numeric_limits<size_t>::max(), size_t{3}}) {
        const size_t kept = std::min(max_kept, expected.size());
        const std::vector<std::string> expected_kept(expected.begin(), expected.begin() + static_cast<long>(kept));
        ProblemList whole(max_kept), fed(max_kept);
        CollectIdProblems(r, &whole);
        EXPECT_EQ(whole.count(), expected.size()) << where;
        EXPECT_EQ(whole.kept(), expected_kept) << where;
        IdChecker candidates("candidates"), openings("openings"), employers("employers");
        for (size_t i = 0; i < r.candidates.size(); ++i) candidates.Add(i, r.candidates[i].id, &fed);
        for (size_t i = 0; i < r.openings.size(); ++i) openings.Add(i, r.openings[i].id, &fed);
        for (size_t i = 0; i < r.employers.size(); ++i) employers.Add(i, r.employers[i].id, &fed);
        EXPECT_EQ(fed.count(), expected.size()) << where;
        EXPECT_EQ(fed.kept(), expected_kept) << where;
        for (const auto& [id, i] : first_candidate) ASSERT_EQ(candidates.Find(id), static_cast<int64_t>(i)) << id;
        const auto first_empty = std::find_if(r.candidates.begin(), r.candidates.end(),
                                              [](const Candidate& c) { return c.id.empty(); });
        EXPECT_EQ(candidates.Find(""),
                  first_empty == r.candidates.end() ? -1 : first_empty - r.candidates.begin());
        EXPECT_EQ(candidates.Find("not-an-id"), -1);
        EXPECT_EQ(openings.Find("c-1"), -1);
      }
      if (size >= 100 && pool <= 50) EXPECT_FALSE(expected.empty());
    }
  }
}

}  // namespace
}  // namespace passerelle
