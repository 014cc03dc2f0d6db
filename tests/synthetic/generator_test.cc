// Tests of the generator (include/passerelle/synthetic.h): determinism,
// validity of every record, documented distributions, bad options.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "passerelle/error.h"
#include "passerelle/synthetic.h"
#include "request_text.h"

namespace passerelle::synthetic {
namespace {

using testing::RequestText;

GeneratorOptions Options(const std::string& region, int64_t candidates, int64_t openings,
                         uint64_t seed = 1) {
  GeneratorOptions o;
  o.region = region;
  o.candidates = candidates;
  o.openings = openings;
  o.seed = seed;
  return o;
}

std::set<std::string> Vocabulary() {
  std::set<std::string> codes;
  for (const auto& p : OccupationProfiles()) codes.insert(p.skills.begin(), p.skills.end());
  return codes;
}

const OccupationProfile* ProfileOf(const std::string& rome) {
  for (const auto& p : OccupationProfiles()) {
    if (rome == p.rome) return &p;
  }
  return nullptr;
}

// Records the calls a sink receives, as text.
class TextSink : public RequestSink {
 public:
  void OnPolicy(const Policy& policy, const std::string& description) override {
    calls += "P";
    writer.WriteHeader(policy, description);
  }
  void OnEmployer(EmployerIndex index, const Employer& employer) override {
    EXPECT_EQ(index, employers++);
    calls += "E";
    writer.Write(employer);
  }
  void OnOpening(OpeningIndex index, const Opening& opening, const Employer* employer) override {
    EXPECT_EQ(index, openings++);
    calls += "O";
    EXPECT_EQ(employer == nullptr, opening.employer == kNoEmployer);
    if (employer != nullptr) EXPECT_EQ(employer->id, NumberedEmployer(opening.employer));
    writer.Write(opening);
  }
  void OnCandidate(CandidateIndex index, const Candidate& candidate) override {
    EXPECT_EQ(index, candidates++);
    calls += "C";
    writer.Write(candidate);
  }
  static std::string NumberedEmployer(int index) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "e-%04d", index + 1);
    return buf;
  }
  testing::TextWriter writer;
  std::string calls;
  int employers = 0, openings = 0, candidates = 0;
};

TEST(GeneratorTest, SameSeedGivesTheSameBytes) {
  const MatchRequest a = Generate(Options("occitanie", 400, 120, 42));
  const MatchRequest b = Generate(Options("occitanie", 400, 120, 42));
  EXPECT_EQ(RequestText(a), RequestText(b));
  const MatchRequest c = Generate(Options("occitanie", 400, 120, 43));
  EXPECT_NE(RequestText(a), RequestText(c));
}

// Pins the output for a seed: a change of this hash is a change of every
// user's synthetic data, and must be deliberate (and noted in
// docs/synthetic.md). It also proves the output is the same on every
// platform that runs this test.
TEST(GeneratorTest, OutputIsPinnedForSeedOne) {
  const MatchRequest r = Generate(Options("occitanie", 600, 120, 1));
  EXPECT_EQ(testing::Fnv1a(RequestText(r)), 0x939bb8bd8065cff4ULL) << std::hex << testing::Fnv1a(RequestText(r));
}

TEST(GeneratorTest, StreamingGivesTheRecordsOfGenerateInOrder) {
  const GeneratorOptions options = Options("somme", 250, 90, 7);
  TextSink sink;
  GenerateStreaming(options, sink);
  EXPECT_EQ(sink.writer.text(), RequestText(Generate(options)));
  // Policy, then employers, then openings, then candidates.
  const std::string expected = "P" + std::string(sink.employers, 'E') +
                               std::string(90, 'O') + std::string(250, 'C');
  EXPECT_EQ(sink.calls, expected);
}

TEST(GeneratorTest, RecordsDoNotDependOnTheOtherCounts) {
  const MatchRequest small = Generate(Options("occitanie", 50, 30, 9));
  const MatchRequest large = Generate(Options("occitanie", 200, 30, 9));
  const MatchRequest no_candidates = Generate(Options("occitanie", 0, 30, 9));
  for (size_t i = 0; i < small.candidates.size(); ++i) {
    testing::TextWriter a, b;
    a.Write(small.candidates[i]);
    b.Write(large.candidates[i]);
    EXPECT_EQ(a.text(), b.text()) << i;
  }
  testing::TextWriter a, b;
  for (const auto& o : large.openings) a.Write(o);
  for (const auto& o : no_candidates.openings) b.Write(o);
  EXPECT_EQ(a.text(), b.text());
}

TEST(GeneratorTest, ZeroCountsGiveAnEmptyButValidRequest) {
  const MatchRequest r = Generate(Options("val-de-marne", 0, 0));
  EXPECT_TRUE(r.candidates.empty());
  EXPECT_TRUE(r.openings.empty());
  EXPECT_TRUE(r.employers.empty());
  EXPECT_FALSE(r.description.empty());
}

// The checks of passerelle::Validate that concern generated data, written
// out here so this test needs only the synthetic module, plus the
// generator's own promises (vocabulary, ranges, consistency).
void ExpectValid(const MatchRequest& r, const Region& region) {
  const std::set<std::string> vocabulary = Vocabulary();
  std::set<std::string> departements;
  for (const auto& d : region.departements) departements.insert(d.code);
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const Town& t : region.towns) {
    min_lat = std::min(min_lat, t.location.latitude);
    max_lat = std::max(max_lat, t.location.latitude);
    min_lon = std::min(min_lon, t.location.longitude);
    max_lon = std::max(max_lon, t.location.longitude);
  }
  auto in_region = [&](const GeoPoint& p) {
    return p.latitude > min_lat - 0.2 && p.latitude < max_lat + 0.2 &&
           p.longitude > min_lon - 0.3 && p.longitude < max_lon + 0.3;
  };

  std::set<std::string> ids;
  for (size_t e = 0; e < r.employers.size(); ++e) {
    const Employer& em = r.employers[e];
    EXPECT_EQ(em.id, TextSink::NumberedEmployer(static_cast<int>(e)));
    EXPECT_TRUE(ids.insert(em.id).second) << em.id;
    EXPECT_FALSE(em.name.empty());
    EXPECT_EQ(em.sector.size(), 1u);
    EXPECT_GE(em.max_candidates, 0);
    EXPECT_LE(em.max_candidates, 3);
  }
  std::vector<int> openings_of_employer(r.employers.size(), 0);
  std::map<int, GeoPoint> employer_site;
  for (const Opening& o : r.openings) {
    SCOPED_TRACE(o.id);
    EXPECT_TRUE(ids.insert(o.id).second);
    EXPECT_EQ(o.id.size(), 8u);
    if (o.employer != kNoEmployer) {
      ASSERT_GE(o.employer, 0);
      ASSERT_LT(o.employer, static_cast<int>(r.employers.size()));
      ++openings_of_employer[o.employer];
      // An employer's openings are all at its site.
      const auto [site, first] = employer_site.emplace(o.employer, o.location);
      if (!first) {
        EXPECT_EQ(site->second.latitude, o.location.latitude);
        EXPECT_EQ(site->second.longitude, o.location.longitude);
      }
    } else {
      EXPECT_EQ(o.kind, OpeningKind::kFrenchCourse);
    }
    EXPECT_TRUE(in_region(o.location));
    EXPECT_TRUE(departements.count(o.departement));
    EXPECT_GE(o.capacity, 1);
    if (o.occupation.empty()) {
      EXPECT_EQ(o.kind, OpeningKind::kFrenchCourse);
      EXPECT_EQ(o.tension, 0);
    } else {
      EXPECT_TRUE(IsRomeCode(o.occupation));
      const OccupationProfile* p = ProfileOf(o.occupation);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(o.tension, p->tension);
      for (const auto& s : o.required_skills) {
        EXPECT_NE(std::find(p->skills.begin(), p->skills.end(), s.code), p->skills.end());
        EXPECT_GT(s.weight, 0);
      }
      for (const auto& s : o.optional_skills) {
        EXPECT_NE(std::find(p->skills.begin(), p->skills.end(), s.code), p->skills.end());
      }
    }
    switch (o.kind) {
      case OpeningKind::kJob: EXPECT_LE(o.capacity, 3); break;
      case OpeningKind::kQualifyingTraining:
        EXPECT_GE(o.capacity, 8);
        EXPECT_LE(o.capacity, 15);
        EXPECT_TRUE(o.provides_skill_training);
        break;
      case OpeningKind::kFrenchCourse:
        EXPECT_GE(o.capacity, 10);
        EXPECT_LE(o.capacity, 20);
        EXPECT_TRUE(o.provides_french_training);
        EXPECT_EQ(o.min_french_level, CefrLevel::kNone);
        break;
      default: EXPECT_LE(o.capacity, 2);
    }
    if (o.occupation == "N4105" || o.occupation == "N4101") {
      if (o.kind != OpeningKind::kQualifyingTraining && o.kind != OpeningKind::kFrenchCourse) {
        EXPECT_TRUE(o.requires_driving_licence);
      }
    }
    if ((o.occupation == "K1302" || o.occupation == "J1501") && o.kind == OpeningKind::kJob) {
      EXPECT_EQ(o.min_french_level, CefrLevel::kB1);
    }
    if (o.occupation == "D1102" && o.kind == OpeningKind::kJob) {
      EXPECT_TRUE(o.schedule.early_shift);
    }
    EXPECT_GE(o.duration_months, 0);
    EXPECT_NE(o.start_date, kNoDate);
    EXPECT_FALSE(o.title.empty());
  }
  for (size_t e = 0; e < r.employers.size(); ++e) {
    EXPECT_GT(openings_of_employer[e], 0) << r.employers[e].id << " offers nothing";
  }
  for (const Candidate& c : r.candidates) {
    SCOPED_TRACE(c.id);
    EXPECT_TRUE(ids.insert(c.id).second);
    EXPECT_TRUE(in_region(c.home));
    EXPECT_TRUE(departements.count(c.subgroup.departement));
    EXPECT_GE(c.age, 16);
    EXPECT_LE(c.age, 64);
    EXPECT_FALSE(c.target_occupations.empty());
    std::set<std::string> targets(c.target_occupations.begin(), c.target_occupations.end());
    EXPECT_EQ(targets.size(), c.target_occupations.size());
    for (const auto& t : c.target_occupations) EXPECT_TRUE(IsRomeCode(t)) << t;
    for (const auto& t : c.past_occupations) EXPECT_NE(ProfileOf(t), nullptr) << t;
    std::set<std::string> skills;
    for (const Skill& s : c.skills) {
      EXPECT_TRUE(vocabulary.count(s.code)) << s.code;
      EXPECT_TRUE(skills.insert(s.code).second) << s.code;
      EXPECT_GT(s.level, 0);
      EXPECT_LE(s.level, 1);
    }
    const Mobility& m = c.mobility;
    EXPECT_GE(m.max_commute_minutes, 30);
    EXPECT_LE(m.max_commute_minutes, 75);
    EXPECT_EQ(m.max_commute_minutes % 5, 0);
    EXPECT_TRUE(m.modes.Has(TransportMode::kWalk));
    if (m.has_vehicle) EXPECT_TRUE(m.driving_licence);
    EXPECT_EQ(m.modes.Has(TransportMode::kCar), m.has_vehicle);
    if (m.home_transit_access == TransitAccess::kNone) {
      EXPECT_FALSE(m.modes.Has(TransportMode::kPublicTransport));
    }
    if (m.home_transit_access == TransitAccess::kFull) {
      EXPECT_TRUE(m.modes.Has(TransportMode::kPublicTransport));
    }
    EXPECT_NE(c.barriers.housing, HousingSituation::kUnspecified);
    EXPECT_NE(c.subgroup.gender, Gender::kUnspecified);
    EXPECT_EQ(c.subgroup.country_of_origin.size(), 2u);
    EXPECT_GE(c.priority, 1.0);
    EXPECT_EQ(c.placements_needed, 1);
  }
}

TEST(GeneratorTest, EveryRegionGivesValidRecords) {
  for (const std::string& name : AvailableRegions()) {
    SCOPED_TRACE(name);
    ExpectValid(Generate(Options(name, 800, 400, 3)), LoadRegion(name));
  }
}

TEST(GeneratorTest, BadOptionsThrowNamingTheOption) {
  auto message = [](const GeneratorOptions& o) -> std::string {
    try {
      Generate(o);
    } catch (const InvalidArgumentError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message(Options("mars", 10, 10)),
            "--region: unknown region \"mars\"; available: entre-sambre-et-meuse, "
            "france, loir-et-cher, occitanie, somme, val-de-marne, or a French "
            "département (code or name) or region");
  EXPECT_EQ(message(Options("occitanie", -5, 10)), "--candidates: must be >= 0, got -5");
  EXPECT_EQ(message(Options("occitanie", 5, -1)), "--openings: must be >= 0, got -1");
  EXPECT_EQ(message(Options("occitanie", 5, int64_t{3} << 31)),
            "--openings: at most 2147483647, got 6442450944");
  // Nothing reaches the sink when the options are bad.
  TextSink sink;
  EXPECT_THROW(GenerateStreaming(Options("mars", 1, 1), sink), InvalidArgumentError);
  EXPECT_EQ(sink.calls, "");
}

// ---- distributions: docs/synthetic.md states these shares and tolerances --

class DistributionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    request_ = new MatchRequest(Generate(Options("occitanie", 50000, 20000, 2026)));
  }
  static void TearDownTestSuite() { delete request_; }
  template <typename Pred>
  static double CandidateShare(Pred pred) {
    int n = 0;
    for (const Candidate& c : request_->candidates) n += pred(c) ? 1 : 0;
    return static_cast<double>(n) / request_->candidates.size();
  }
  template <typename Pred>
  static double OpeningShare(Pred pred) {
    int n = 0;
    for (const Opening& o : request_->openings) n += pred(o) ? 1 : 0;
    return static_cast<double>(n) / request_->openings.size();
  }
  static MatchRequest* request_;
};
MatchRequest* DistributionTest::request_ = nullptr;

constexpr double kPoint = 0.01;

TEST_F(DistributionTest, FrenchLevelsAreSkewedToA1A2) {
  const double expected[7] = {0.10, 0.30, 0.30, 0.18, 0.08, 0.03, 0.01};
  for (int level = 0; level < 7; ++level) {
    EXPECT_NEAR(CandidateShare([&](const Candidate& c) {
                  return static_cast<int>(c.french_level) == level;
                }),
                expected[level], 1.5 * kPoint)
        << ToString(static_cast<CefrLevel>(level));
  }
  // Candidates from French-speaking countries speak better French.
  auto b1_share = [&](bool francophone) {
    int n = 0, b1 = 0;
    for (const Candidate& c : request_->candidates) {
      const std::string& k = c.subgroup.country_of_origin;
      if ((k == "GN" || k == "CI" || k == "CD" || k == "HT") != francophone) continue;
      ++n;
      b1 += c.french_level >= CefrLevel::kB1;
    }
    return static_cast<double>(b1) / n;
  };
  EXPECT_GT(b1_share(true), b1_share(false) + 0.3);
}

TEST_F(DistributionTest, AgesLicencesAndVehicles) {
  EXPECT_NEAR(CandidateShare([](const Candidate& c) { return c.age <= 25; }), 0.40,
              1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) { return c.mobility.driving_licence; }),
              0.20, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) { return c.mobility.has_vehicle; }), 0.08,
              1.0 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.mobility.max_commute_minutes >= 45 &&
                       c.mobility.max_commute_minutes <= 55;
              }),
              0.45, 5 * kPoint);
}

TEST_F(DistributionTest, RightToWork) {
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.right_to_work == RightToWork::kFull;
              }),
              0.60, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.right_to_work == RightToWork::kAuthorised;
              }),
              0.15, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.right_to_work == RightToWork::kNone;
              }),
              0.25, 1.5 * kPoint);
  EXPECT_EQ(CandidateShare([](const Candidate& c) {
              return c.subgroup.country_of_origin == "UA" &&
                     c.right_to_work != RightToWork::kFull;
            }),
            0);
}

TEST_F(DistributionTest, BarriersAndOrigins) {
  int women = 0, childcare = 0;
  for (const Candidate& c : request_->candidates) {
    if (c.subgroup.gender != Gender::kFemale) continue;
    ++women;
    childcare += c.barriers.childcare == ChildcareConstraint::kDaytimeWeekdaysOnly;
  }
  EXPECT_NEAR(static_cast<double>(childcare) / women, 0.20, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return !c.barriers.health_restrictions.empty();
              }),
              0.10, 1.0 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.barriers.housing == HousingSituation::kTemporary;
              }),
              0.50, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.subgroup.country_of_origin == "AF";
              }),
              0.24, 1.5 * kPoint);
  EXPECT_NEAR(CandidateShare([](const Candidate& c) {
                return c.subgroup.gender == Gender::kMale;
              }),
              0.66, 1.5 * kPoint);
  // Skills from abroad: most candidates with a past trade bring some.
  EXPECT_GT(CandidateShare([](const Candidate& c) {
              return std::any_of(c.skills.begin(), c.skills.end(),
                                 [](const Skill& s) { return s.acquired_abroad; });
            }),
            0.45);
}

TEST_F(DistributionTest, OpeningKindsFollowTheDocumentedShares) {
  const std::map<OpeningKind, double> expected = {
      {OpeningKind::kJob, 0.55},           {OpeningKind::kApprenticeship, 0.10},
      {OpeningKind::kInternship, 0.10},    {OpeningKind::kWorkplaceTrial, 0.05},
      {OpeningKind::kQualifyingTraining, 0.10}, {OpeningKind::kFrenchCourse, 0.10}};
  for (const auto& [kind, share] : expected) {
    EXPECT_NEAR(OpeningShare([&](const Opening& o) { return o.kind == kind; }), share,
                1.5 * kPoint)
        << ToString(kind);
  }
}

TEST_F(DistributionTest, OpeningsFollowTheBmoShape) {
  std::map<std::string, int> by_departement;
  int jobs = 0, seasonal = 0, jobs_82 = 0, seasonal_82 = 0;
  for (const Opening& o : request_->openings) {
    ++by_departement[o.departement];
    if (o.kind != OpeningKind::kJob) continue;
    ++jobs;
    const bool is_seasonal = o.contract_type == ContractType::kSeasonal;
    seasonal += is_seasonal;
    if (o.departement == "82") {
      ++jobs_82;
      seasonal_82 += is_seasonal;
    }
  }
  // BMO 2023: 38% seasonal in the region, 58% in Tarn-et-Garonne.
  EXPECT_NEAR(static_cast<double>(seasonal) / jobs, 0.38, 2 * kPoint);
  EXPECT_NEAR(static_cast<double>(seasonal_82) / jobs_82, 0.58, 5 * kPoint);
  // Haute-Garonne: 63,239 of 279,944 projects; Lozère 3,616, the fewest.
  EXPECT_NEAR(by_departement["31"] / 20000.0, 63239.0 / 279944, 1.5 * kPoint);
  const auto [fewest, most] = std::minmax_element(
      by_departement.begin(), by_departement.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(most->first, "31");
  EXPECT_EQ(fewest->first, "48");
  // Seasonal farm work is in the country: mostly in towns without a network.
  int farm = 0, farm_in_cities = 0;
  for (const Opening& o : request_->openings) {
    if (o.occupation.empty() || o.occupation[0] != 'A') continue;
    ++farm;
    farm_in_cities += o.site_transit_access == TransitAccess::kFull;
  }
  EXPECT_LT(static_cast<double>(farm_in_cities) / farm, 0.10);
}

// Skill coverage is meaningful: for most jobs some candidate has every
// essential skill, and openings and candidates share the vocabulary.
TEST_F(DistributionTest, CandidatesCanCoverJobsSkills) {
  std::set<std::string> held;
  for (const Candidate& c : request_->candidates) {
    for (const Skill& s : c.skills) held.insert(s.code);
  }
  EXPECT_EQ(held, Vocabulary());
  int jobs = 0, covered = 0;
  std::map<std::string, std::vector<const Candidate*>> by_skill;
  for (const Candidate& c : request_->candidates) {
    for (const Skill& s : c.skills) by_skill[s.code].push_back(&c);
  }
  for (const Opening& o : request_->openings) {
    if (o.kind != OpeningKind::kJob) continue;
    if (++jobs > 500) break;
    const auto& first = by_skill[o.required_skills.at(0).code];
    covered += std::any_of(first.begin(), first.end(), [&](const Candidate* c) {
      return std::all_of(o.required_skills.begin(), o.required_skills.end(),
                         [&](const SkillRequirement& r) {
                           return std::any_of(c->skills.begin(), c->skills.end(),
                                              [&](const Skill& s) { return s.code == r.code; });
                         });
    });
  }
  EXPECT_GT(static_cast<double>(covered) / std::min(jobs, 500), 0.95);
}

}  // namespace
}  // namespace passerelle::synthetic
