// Tests of passerelle/proto.h and passerelle/validate.h: conversion round
// trips, every validation problem reported with its field path, the three
// file formats, and bad files of every kind.
#include "passerelle/proto.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/validate.h"

namespace passerelle {
namespace {

v1::MatchRequest ValidProto() {
  v1::MatchRequest r;
  v1::Employer* e = r.add_employers();
  e->set_id("e-1");
  e->set_name("Boulangerie du Capitole");
  v1::Opening* o = r.add_openings();
  o->set_id("o-1");
  o->set_employer_id("e-1");
  o->set_kind(v1::OPENING_KIND_JOB);
  o->set_occupation("D1102");
  o->mutable_location()->set_latitude(43.60);
  o->mutable_location()->set_longitude(1.44);
  o->set_capacity(2);
  o->set_min_french_level(v1::CEFR_LEVEL_A2);
  o->set_start_date("2026-12-01");
  v1::Candidate* c = r.add_candidates();
  c->set_id("c-1");
  c->mutable_home()->set_latitude(43.61);
  c->mutable_home()->set_longitude(1.45);
  c->set_french_level(v1::CEFR_LEVEL_A2);
  c->set_right_to_work(v1::RIGHT_TO_WORK_FULL);
  c->add_target_occupations("D1102");
  c->set_available_from("2026-11-30");
  return r;
}

std::string ProblemsOf(const v1::MatchRequest& proto) {
  try {
    FromProto(proto);
  } catch (const ValidationError& e) {
    return e.what();
  }
  return "";
}

TEST(ProtoTest, ConvertsAValidRequestAndBack) {
  const MatchRequest r = FromProto(ValidProto());
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].french_level, CefrLevel::kA2);
  EXPECT_EQ(r.openings[0].employer, 0);
  EXPECT_EQ(FormatDate(r.openings[0].start_date), "2026-12-01");
  EXPECT_EQ(r.candidates[0].mobility.max_commute_minutes, r.policy.default_max_commute_minutes);
  // Round trip through the proto keeps the model.
  const MatchRequest again = FromProto(ToProto(r));
  EXPECT_EQ(SerializeMessage(ToProto(again), FileFormat::kBinary), SerializeMessage(ToProto(r), FileFormat::kBinary));
}

// A response converted in slices over threads, onto an arena or not, is
// the message converted in one go.
TEST(ProtoTest, ConvertsAResponseInSlicesToTheSameMessage) {
  MatchResponse response;
  for (int k = 0; k < 5000; ++k) {
    Placement pl;
    pl.candidate_id = "c-" + std::to_string(k);
    pl.opening_id = "o-" + std::to_string(k % 97);
    pl.score = 0.5 + k * 1e-5;
    pl.breakdown.skills = 0.25;
    pl.explanation = "explanation " + std::to_string(k);
    if (k % 3 == 0) pl.skills_acquired_abroad.push_back("skill " + std::to_string(k));
    if (k % 5 == 0) pl.skill_gaps = {"gap a", "gap b"};
    pl.commute_minutes = k % 60;
    pl.pinned = k % 7 == 0;
    response.placements.push_back(std::move(pl));
  }
  for (int k = 0; k < 3000; ++k) {
    Unplaced u;
    u.candidate_id = "u-" + std::to_string(k);
    u.reasons.push_back({ReasonCode::kLostToBetterFit, "lost " + std::to_string(k), k % 9, {"o-1", "o-2"}});
    if (k % 2 == 0) u.reasons.push_back({ReasonCode::kCommuteTooLong, "far", 3, {}});
    response.unplaced.push_back(std::move(u));
  }
  response.opening_fills.push_back({"o-1", 2, 1});
  response.summary.placements = 5000;
  const std::string expected = SerializeMessage(ToProto(response), FileFormat::kBinary);
  for (int threads : {1, 2, 3, 0}) {
    SCOPED_TRACE(threads);
    google::protobuf::Arena arena;
    auto* on_arena = google::protobuf::Arena::CreateMessage<v1::MatchResponse>(&arena);
    ToProto(response, on_arena, {.threads = threads});
    EXPECT_EQ(SerializeMessage(*on_arena, FileFormat::kBinary), expected);
    ASSERT_EQ(on_arena->placements_size(), 5000);
    EXPECT_EQ(on_arena->placements(4321).candidate_id(), "c-4321");
    EXPECT_EQ(on_arena->unplaced(2999).reasons(0).detail(), "lost 2999");
    // Written straight to a file: the same bytes.
    const std::string file =
        (std::filesystem::temp_directory_path() / ("passerelle_slices_" + std::to_string(::getpid()) + ".pb")).string();
    WriteMessageFile(file, *on_arena);
    std::ifstream in(file, std::ios::binary);
    const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(file);
    EXPECT_EQ(written, expected);
    v1::MatchResponse on_heap;
    on_heap.add_placements()->set_candidate_id("left over: cleared first");
    ToProto(response, &on_heap, {.threads = threads});
    EXPECT_EQ(SerializeMessage(on_heap, FileFormat::kBinary), expected);
  }
}

// A request long enough to be read in slices over threads: the problems
// and their order are those of a reading in one go, whatever the count.
v1::MatchRequest LongProto(int candidates) {
  v1::MatchRequest r = ValidProto();
  const v1::Candidate model = r.candidates(0);
  r.clear_candidates();
  for (int i = 0; i < candidates; ++i) {
    v1::Candidate* c = r.add_candidates();
    *c = model;
    c->set_id("c-" + std::to_string(i));
  }
  return r;
}

TEST(ProtoTest, ConvertsLongRequestsInSlicesWithTheSameProblemsInOrder) {
  v1::MatchRequest r = LongProto(40000);
  r.mutable_candidates(39999)->set_french_level(static_cast<v1::CefrLevel>(77));
  r.mutable_candidates(20001)->clear_home();
  r.mutable_candidates(3)->set_available_from("2026-13-01");
  r.mutable_openings(0)->set_capacity(-1);
  std::vector<std::string> first;
  for (int threads : {1, 2, 3, 0}) {
    SCOPED_TRACE(threads);
    try {
      FromProto(r, {.threads = threads});
      ADD_FAILURE() << "no ValidationError";
    } catch (const ValidationError& e) {
      if (first.empty()) {
        first = e.problems();
        ASSERT_GE(first.size(), 4u);
        EXPECT_NE(first[0].find("candidates[3] (id \"c-3\").available_from"), std::string::npos) << first[0];
        EXPECT_NE(first[1].find("candidates[20001] (id \"c-20001\").home"), std::string::npos) << first[1];
        EXPECT_NE(first[2].find("candidates[39999] (id \"c-39999\").french_level"), std::string::npos) << first[2];
      } else {
        EXPECT_EQ(e.problems(), first);
      }
    }
  }
  const MatchRequest ok = FromProto(LongProto(40000), {.threads = 2});
  ASSERT_EQ(ok.candidates.size(), 40000u);
  EXPECT_EQ(ok.candidates[31234].id, "c-31234");
}

TEST(ProtoTest, FindsTheFirstUnknownFieldOfALongRequestWhateverTheThreads) {
  v1::MatchRequest r = LongProto(20000);
  // Unknown fields in two candidates (one nested) and after them in order.
  r.mutable_candidates(17000)->GetReflection()->MutableUnknownFields(r.mutable_candidates(17000))->AddVarint(901, 1);
  v1::GeoPoint* home = r.mutable_candidates(9000)->mutable_home();
  home->GetReflection()->MutableUnknownFields(home)->AddVarint(902, 1);
  r.mutable_openings(0)->GetReflection()->MutableUnknownFields(r.mutable_openings(0))->AddVarint(903, 1);
  const std::string bytes = SerializeMessage(r, FileFormat::kBinary);
  for (int threads : {1, 2, 3, 0}) {
    SCOPED_TRACE(threads);
    v1::MatchRequest parsed;
    try {
      ParseMessage(bytes, FileFormat::kBinary, "long.pb", &parsed, {.threads = threads});
      ADD_FAILURE() << "no error";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find("candidates[9000].home: unknown field number 902"), std::string::npos)
          << e.what();
    }
  }
  v1::MatchRequest clean;
  ParseMessage(SerializeMessage(LongProto(20000), FileFormat::kBinary), FileFormat::kBinary, "clean.pb", &clean, {.threads = 2});
  EXPECT_EQ(clean.candidates_size(), 20000);
}

TEST(ProtoTest, ReportsEveryProblemWithItsFieldPath) {
  v1::MatchRequest p = ValidProto();
  p.mutable_openings(0)->set_capacity(-2);
  p.mutable_openings(0)->set_occupation("X12");
  p.mutable_openings(0)->set_employer_id("e-404");
  p.mutable_candidates(0)->mutable_home()->set_latitude(std::numeric_limits<double>::quiet_NaN());
  p.mutable_candidates(0)->set_french_level(v1::CEFR_LEVEL_UNSPECIFIED);
  p.mutable_candidates(0)->set_available_from("2026-02-30");
  *p.add_candidates() = p.candidates(0);  // duplicate id
  p.mutable_policy()->mutable_weights()->set_skills(-1);
  const std::string what = ProblemsOf(p);
  EXPECT_NE(what.find("openings[0] (id \"o-1\").capacity: -2 must be >= 0"), std::string::npos) << what;
  EXPECT_NE(what.find("openings[0] (id \"o-1\").occupation: \"X12\" is not a ROME code"), std::string::npos) << what;
  EXPECT_NE(what.find("openings[0] (id \"o-1\").employer_id: \"e-404\" is not in employers"), std::string::npos) << what;
  EXPECT_NE(what.find("candidates[0] (id \"c-1\").home.latitude: NaN"), std::string::npos) << what;
  // A missing French level is valid (read as none, with a warning).
  EXPECT_EQ(what.find("french_level"), std::string::npos) << what;
  EXPECT_NE(what.find("available_from: \"2026-02-30\" is not a date"), std::string::npos) << what;
  EXPECT_NE(what.find("candidates[1] (id \"c-1\").id: duplicate of candidates[0]"), std::string::npos) << what;
  EXPECT_NE(what.find("policy.weights.skills: -1"), std::string::npos) << what;
}

TEST(ProtoTest, ReadsAllZeroWeightsAsTheDefaultsAndRefusesDanglingOverrides) {
  v1::MatchRequest p = ValidProto();
  p.mutable_policy()->mutable_weights()->set_skills(0);  // still "unset": defaults apply
  EXPECT_EQ(ProblemsOf(p), "");
  v1::PairOverride* pin = p.mutable_policy()->add_pins();
  pin->set_candidate_id("c-404");
  pin->set_opening_id("o-1");
  EXPECT_NE(ProblemsOf(p).find("policy.pins[0].candidate_id: \"c-404\" is not in candidates"), std::string::npos);
  // All zero means the defaults in C++ too (ResolveDefaults).
  MatchRequest r = FromProto(ValidProto());
  r.policy.weights = {0, 0, 0, 0, 0, 0};
  EXPECT_NO_THROW(Validate(r));
  ResolveDefaults(&r);
  EXPECT_EQ(r.policy.weights.skills, ScoreWeights{}.skills);
}

TEST(ProtoTest, RefusesUnknownEnumNumbers) {
  v1::MatchRequest p = ValidProto();
  p.mutable_openings(0)->set_kind(static_cast<v1::OpeningKind>(42));
  p.mutable_candidates(0)->set_right_to_work(static_cast<v1::RightToWork>(9));
  const std::string what = ProblemsOf(p);
  EXPECT_NE(what.find("openings[0] (id \"o-1\").kind: 42 is not an opening kind"), std::string::npos) << what;
  EXPECT_NE(what.find("right_to_work: 9 is not a right-to-work status"), std::string::npos) << what;
}

v1::MatchRequest WithQuota(v1::QuotaDimension dimension, const std::string& value) {
  v1::MatchRequest p = ValidProto();
  v1::Quota* q = p.mutable_policy()->add_quotas();
  q->set_dimension(dimension);
  q->set_value(value);
  q->set_min_share(0.1);
  return p;
}

// Every spelling the wire accepts for a quota's value, and the typed value
// it reads as; the spelling is kept for messages.
TEST(ProtoTest, ReadsEveryAcceptedQuotaValueSpelling) {
  const struct {
    v1::QuotaDimension dimension;
    const char* text;
    QuotaValue value;
  } cases[] = {
      {v1::QUOTA_DIMENSION_GENDER, "GENDER_FEMALE", Gender::kFemale},
      {v1::QUOTA_DIMENSION_GENDER, "GENDER_MALE", Gender::kMale},
      {v1::QUOTA_DIMENSION_GENDER, "GENDER_OTHER", Gender::kOther},
      {v1::QUOTA_DIMENSION_GENDER, "GENDER_UNSPECIFIED", Gender::kUnspecified},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "16-25", AgeGroup::k16To25},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "26+", AgeGroup::k26Plus},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "unknown", AgeGroup::kUnknown},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "youth", AgeGroup::k16To25},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "adult", AgeGroup::k26Plus},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_JOB", OpeningKind::kJob},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_APPRENTICESHIP", OpeningKind::kApprenticeship},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_INTERNSHIP", OpeningKind::kInternship},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_QUALIFYING_TRAINING", OpeningKind::kQualifyingTraining},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_FRENCH_COURSE", OpeningKind::kFrenchCourse},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_WORKPLACE_TRIAL", OpeningKind::kWorkplaceTrial},
      {v1::QUOTA_DIMENSION_DEPARTEMENT, "2A", std::string("2A")},
      {v1::QUOTA_DIMENSION_COUNTRY_OF_ORIGIN, "SY", std::string("SY")},
      {v1::QUOTA_DIMENSION_OPENING_DEPARTEMENT, "youth", std::string("youth")},
  };
  for (const auto& c : cases) {
    const MatchRequest r = FromProto(WithQuota(c.dimension, c.text));
    ASSERT_EQ(r.policy.quotas.size(), 1u);
    EXPECT_EQ(r.policy.quotas[0].value, c.value) << c.text;
    EXPECT_EQ(r.policy.quotas[0].spelling, c.text);
  }
}

TEST(ProtoTest, NamesAnUnknownQuotaValueByItsPath) {
  const struct {
    v1::QuotaDimension dimension;
    const char* text;
    const char* problem;
  } cases[] = {
      {v1::QUOTA_DIMENSION_GENDER, "GENDER_F",
       "policy.quotas[0].value: \"GENDER_F\" is not a gender (GENDER_FEMALE, GENDER_MALE, GENDER_OTHER, "
       "GENDER_UNSPECIFIED)"},
      // The statistics' names are not the wire's for enums of the proto.
      {v1::QUOTA_DIMENSION_GENDER, "female", "policy.quotas[0].value: \"female\" is not a gender"},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "job",
       "policy.quotas[0].value: \"job\" is not an opening kind (OPENING_KIND_JOB, OPENING_KIND_APPRENTICESHIP, "
       "OPENING_KIND_INTERNSHIP, OPENING_KIND_QUALIFYING_TRAINING, OPENING_KIND_FRENCH_COURSE, "
       "OPENING_KIND_WORKPLACE_TRIAL)"},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_UNSPECIFIED",
       "policy.quotas[0].value: \"OPENING_KIND_UNSPECIFIED\" is not an opening kind"},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "18-25",
       "policy.quotas[0].value: \"18-25\" is not an age group (16-25, 26+, unknown)"},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "", "policy.quotas[0].value: missing"},
  };
  for (const auto& c : cases) {
    const std::string what = ProblemsOf(WithQuota(c.dimension, c.text));
    EXPECT_NE(what.find(c.problem), std::string::npos) << what;
    EXPECT_NE(what.find("1 problem:"), std::string::npos) << what;
  }
}

// ToProto writes each value in one spelling (the enum's name; an age group
// as the statistics name it), which reads back to the same value: a fixed
// point after one round.
TEST(ProtoTest, WritesQuotaValuesInTheirCanonicalSpelling) {
  v1::MatchRequest p = ValidProto();
  const std::pair<v1::QuotaDimension, const char*> quotas[] = {
      {v1::QUOTA_DIMENSION_AGE_GROUP, "youth"},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "adult"},
      {v1::QUOTA_DIMENSION_AGE_GROUP, "unknown"},
      {v1::QUOTA_DIMENSION_OPENING_KIND, "OPENING_KIND_FRENCH_COURSE"},
  };
  for (const auto& [dimension, text] : quotas) {
    v1::Quota* q = p.mutable_policy()->add_quotas();
    q->set_dimension(dimension);
    q->set_value(text);
  }
  const MatchRequest r = FromProto(p);
  const v1::MatchRequest written = ToProto(r);
  ASSERT_EQ(written.policy().quotas_size(), 4);
  EXPECT_EQ(written.policy().quotas(0).value(), "16-25");
  EXPECT_EQ(written.policy().quotas(1).value(), "26+");
  EXPECT_EQ(written.policy().quotas(2).value(), "unknown");
  EXPECT_EQ(written.policy().quotas(3).value(), "OPENING_KIND_FRENCH_COURSE");
  const MatchRequest again = FromProto(written);
  for (size_t i = 0; i < r.policy.quotas.size(); ++i) EXPECT_EQ(again.policy.quotas[i].value, r.policy.quotas[i].value);
  EXPECT_EQ(SerializeMessage(ToProto(again), FileFormat::kBinary), SerializeMessage(written, FileFormat::kBinary));

  MatchRequest gender = FromProto(ValidProto());
  gender.policy.quotas.push_back({QuotaDimension::kGender, Gender::kFemale, 0.2, 1.0});
  EXPECT_EQ(ToProto(gender).policy().quotas(0).value(), "GENDER_FEMALE");
}

// A C++ caller's quota whose value is not of its dimension's type.
TEST(ProtoTest, RefusesAQuotaValueOfTheWrongType) {
  MatchRequest r = FromProto(ValidProto());
  r.policy.quotas.push_back({QuotaDimension::kGender, "female", 0.2, 1.0});
  r.policy.quotas.push_back({QuotaDimension::kDepartement, AgeGroup::k16To25, 0.2, 1.0});
  std::vector<std::string> problems;
  CollectProblems(r, &problems);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "policy.quotas[0].value: \"female\" does not fit dimension gender (a Gender expected)");
  EXPECT_EQ(problems[1], "policy.quotas[1].value: \"16-25\" does not fit dimension departement (text expected)");
  // And two candidate dimensions do not nest in one network.
  EXPECT_EQ(problems[2].rfind("policy.quotas: quotas on more than one candidate dimension", 0), 0u) << problems[2];
}

TEST(ProtoTest, CapsTheMessageButKeepsEveryProblem) {
  v1::MatchRequest p = ValidProto();
  for (int i = 0; i < 200; ++i) {
    v1::Candidate* c = p.add_candidates();
    *c = p.candidates(0);
    c->set_id("c-x" + std::to_string(i));
    c->set_age(-1);
  }
  try {
    FromProto(p);
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.problems().size(), 200u);
    EXPECT_NE(std::string(e.what()).find("... and 150 more"), std::string::npos);
  }
}

// Empty candidates, as in a file of `0a 00` repeated: three problems each
// (home and right_to_work, then a missing id; a missing French level is a
// warning).
v1::MatchRequest EmptyCandidates(int count) {
  v1::MatchRequest p = ValidProto();
  p.clear_candidates();
  for (int i = 0; i < count; ++i) p.add_candidates();
  return p;
}

ValidationError ProblemsOfRead(const v1::MatchRequest& p, FileFormat format) {
  try {
    ParseRequest(SerializeMessage(p, format), format, "r");
  } catch (const ValidationError& e) {
    return e;
  }
  ADD_FAILURE() << "no ValidationError";
  return ValidationError({});
}

TEST(ProtoTest, KeepsTheFirstProblemsInOrderAndCountsEveryOne) {
  // 600 empty candidates: 1800 problems, of which the first 1000 are kept,
  // and they are the first 1000 that a request with fewer problems lists.
  const v1::MatchRequest many = EmptyCandidates(600);
  const v1::MatchRequest few = EmptyCandidates(550);  // 1650 problems
  for (FileFormat format : {FileFormat::kBinary, FileFormat::kJson, FileFormat::kText}) {
    SCOPED_TRACE(static_cast<int>(format));
    const ValidationError e = ProblemsOfRead(many, format);
    const ValidationError reference = ProblemsOfRead(few, format);
    EXPECT_EQ(e.count(), 1800u);
    EXPECT_EQ(reference.count(), 1650u);
    ASSERT_EQ(e.problems().size(), kMaxKeptProblems);
    EXPECT_EQ(e.problems(), reference.problems());
    EXPECT_EQ(e.problems()[0], "candidates[0].home: missing");
    EXPECT_NE(std::string(e.what()).find("\n  ... and 1750 more"), std::string::npos);
    // The same as FromProto on the whole message.
    try {
      FromProto(many);
      ADD_FAILURE() << "no ValidationError";
    } catch (const ValidationError& whole) {
      EXPECT_EQ(whole.problems(), e.problems());
      EXPECT_EQ(whole.count(), e.count());
    }
  }
  // The missing ids come after every conversion problem, as before the cap.
  const ValidationError small = ProblemsOfRead(EmptyCandidates(2), FileFormat::kBinary);
  ASSERT_EQ(small.problems().size(), 6u);
  EXPECT_EQ(small.problems()[4], "candidates[0].id: missing");
}

// Previous placements (stable re-runs) are read record by record too, in
// every format, as FromProto reads them; an empty id is a problem naming it.
TEST(ProtoTest, ReadsPreviousPlacementsInEveryFormat) {
  v1::MatchRequest p = ValidProto();
  v1::PreviousPlacement* kept = p.add_previous_placements();
  kept->set_candidate_id(p.candidates(0).id());
  kept->set_opening_id(p.openings(0).id());
  v1::PreviousPlacement* gone = p.add_previous_placements();
  gone->set_candidate_id("left-last-week");
  gone->set_opening_id(p.openings(0).id());
  for (FileFormat format : {FileFormat::kBinary, FileFormat::kJson, FileFormat::kText}) {
    SCOPED_TRACE(static_cast<int>(format));
    const MatchRequest r = ParseRequest(SerializeMessage(p, format), format, "r");
    ASSERT_EQ(r.previous_placements.size(), 2u);
    EXPECT_EQ(r.previous_placements[1].candidate_id, "left-last-week");
    EXPECT_EQ(ToProto(r).SerializeAsString(), ToProto(FromProto(p)).SerializeAsString());
  }
  p.add_previous_placements()->set_candidate_id("c");
  try {
    FromProto(p);
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0], "previous_placements[2].opening_id: missing");
  }
}

TEST(ProtoTest, RefusesMoreRecordsThanTheReadLimitsBeforeConverting) {
  for (FileFormat format : {FileFormat::kBinary, FileFormat::kJson, FileFormat::kText}) {
    const std::string file = SerializeMessage(EmptyCandidates(20), format);
    try {
      ParseRequest(file, format, "r", {.max_candidates = 19});
      ADD_FAILURE() << "no LimitExceededError";
    } catch (const ValidationError& e) {
      ADD_FAILURE() << "validated before the limit: " << e.what();
    } catch (const LimitExceededError& e) {
      EXPECT_STREQ(e.what(), "candidates: 20 exceed policy.limits.max_candidates = 19");
    }
    try {
      ParseRequest(file, format, "r", {.max_openings = 1});
      ADD_FAILURE() << "1 opening is within the limit";
    } catch (const LimitExceededError& e) {
      ADD_FAILURE() << e.what();
    } catch (const ValidationError&) {
    }
  }
}

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("passerelle_io_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }
  std::filesystem::path dir_;
};

TEST_F(FileTest, RoundTripsTheThreeFormats) {
  const v1::MatchRequest p = ValidProto();
  for (const char* name : {"r.json", "r.pb", "r.binpb", "r.txtpb"}) {
    WriteMessageFile(Path(name), p);
    const MatchRequest r = ReadRequestFile(Path(name));
    EXPECT_EQ(r.candidates[0].id, "c-1") << name;
    EXPECT_EQ(SerializeMessage(ToProto(r), FileFormat::kBinary),
              SerializeMessage(ToProto(FromProto(p)), FileFormat::kBinary))
        << name;
  }
  // JSON uses protobuf's mapping: lowerCamelCase names, enum names.
  std::ifstream in(Path("r.json"));
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(json.find("\"frenchLevel\": \"CEFR_LEVEL_A2\""), std::string::npos) << json;
}

TEST_F(FileTest, RefusesBadFilesWithTheirNameAndWhatIsWrong) {
  const std::string bytes = SerializeMessage(ValidProto(), FileFormat::kBinary);
  Write("truncated.pb", bytes.substr(0, bytes.size() - 7));
  Write("empty.json", "");
  Write("empty.pb", "");
  Write("garbage.json", "\x01\x02 not json");
  Write("truncated.json", SerializeMessage(ValidProto(), FileFormat::kJson).substr(0, 60));
  Write("wrongtype.json", R"({"candidates": [{"id": 12, "age": "old"}]})");
  Write("unknownenum.json", R"({"candidates": [{"id": "c", "frenchLevel": "CEFR_LEVEL_Z9"}]})");
  Write("unknownfield.json", R"({"candidatez": []})");
  Write("bad.txtpb", "candidates { id: \"c\" frenchLevel: 3 ");
  Write("r.csv", "id\n");
  for (const char* name : {"truncated.pb", "empty.json", "empty.pb", "garbage.json", "truncated.json", "wrongtype.json",
                           "unknownenum.json", "unknownfield.json", "bad.txtpb", "r.csv"}) {
    try {
      ReadRequestFile(Path(name));
      ADD_FAILURE() << name << " accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  // A file that is not there is an I/O error, not bad content.
  try {
    ReadRequestFile(Path("missing.json"));
    ADD_FAILURE() << "missing.json accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.json: cannot open"), std::string::npos) << e.what();
  }
}

TEST_F(FileTest, RefusesUnknownBinaryFieldsAndNonUtf8TextStrings) {
  // Field 1 (candidates) written as a varint: the wrong wire type.
  Write("wiretype.pb", std::string("\x08\x05", 2));
  // An unknown field number (99) after a valid request.
  std::string bytes = SerializeMessage(ValidProto(), FileFormat::kBinary);
  bytes += std::string("\x98\x06\x01", 3);
  Write("unknown.pb", bytes);
  // The same field inside the second candidate's home: the error names where.
  const std::string home("\x98\x06\x01", 3);         // field 99, varint 1
  const std::string second = std::string("\x0a\x01") + "b" + "\x12" + static_cast<char>(home.size()) + home;
  Write("nested.pb", std::string("\x0a\x03\x0a\x01") + "a" + "\x0a" + static_cast<char>(second.size()) + second);
  Write("latin1.txtpb", "candidates { id: \"c\xff\" }");
  for (const auto& [name, expected] : {std::pair<const char*, const char*>{"wiretype.pb", "unknown field number 1"},
                                       {"unknown.pb", "(top level): unknown field number 99"},
                                       {"nested.pb", "candidates[1].home: unknown field number 99"},
                                       {"latin1.txtpb", "candidates[0].id: not valid UTF-8"}}) {
    try {
      ReadRequestFile(Path(name));
      ADD_FAILURE() << name << " accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
  // Valid multi-byte UTF-8 passes.
  Write("accents.txtpb", "description: \"Créteil, Béziers, 東京\"");
  EXPECT_NO_THROW({
    v1::MatchRequest p;
    ReadMessageFile(Path("accents.txtpb"), &p);
  });
}

// Protobuf's binary parser keeps the low 32 bits of a varint sent for a
// 32-bit field; such values are refused by name, as JSON refuses them.
std::string Varint(uint64_t v) {
  std::string out;
  do {
    out += static_cast<char>((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
    v >>= 7;
  } while (v != 0);
  return out;
}
std::string Len(int field, const std::string& body) {
  return Varint(static_cast<uint64_t>(field) << 3 | 2) + Varint(body.size()) + body;
}
std::string VarintField(int field, uint64_t v) { return Varint(static_cast<uint64_t>(field) << 3) + Varint(v); }

TEST_F(FileTest, RefusesBinaryVarintsBeyondTheirFieldsWidth) {
  const std::string ok_candidate = Len(1, "a");
  // openings[1].capacity (Opening field 6) = 2^32 + 5, read as 5 by protobuf.
  Write("capacity.pb", Len(2, Len(1, "o")) + Len(2, Len(1, "p") + VarintField(6, (uint64_t{1} << 32) + 5)));
  // candidates[2].mobility.max_commute_minutes (Candidate 7, Mobility 1).
  Write("nested.pb", Len(1, ok_candidate) + Len(1, ok_candidate) +
                         Len(1, Len(1, "c") + Len(7, VarintField(1, uint64_t{1} << 40))));
  // candidates[0].french_level (an enum, field 3) = 2^32 + 4: would read as B2.
  Write("enum.pb", Len(1, Len(1, "a") + VarintField(3, (uint64_t{1} << 32) + 4)));
  // The 40,000th candidate of a long request: found by the sliced walk.
  std::string many;
  for (int i = 0; i < 40000; ++i) many += Len(1, ok_candidate);
  Write("long.pb", many + Len(1, Len(1, "z") + VarintField(11, uint64_t{1} << 33)) + Len(1, ok_candidate));
  for (const auto& [name, expected] :
       {std::pair<const char*, const char*>{"capacity.pb", "openings[1].capacity: 4294967301 does not fit a 32-bit integer"},
        {"nested.pb", "candidates[2].mobility.max_commute_minutes: 1099511627776 does not fit"},
        {"enum.pb", "candidates[0].french_level: 4294967300 does not fit a 32-bit enum"},
        {"long.pb", "candidates[40000].age: 8589934592 does not fit"}}) {
    try {
      v1::MatchRequest p;
      ReadMessageFile(Path(name), &p);
      ADD_FAILURE() << name << " accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
  // A negative int32 is a sign-extended 10-byte varint: in range.
  Write("negative.pb", Len(2, Len(1, "o") + VarintField(6, static_cast<uint64_t>(int64_t{-2}))));
  v1::MatchRequest negative;
  ReadMessageFile(Path("negative.pb"), &negative);
  EXPECT_EQ(negative.openings(0).capacity(), -2);
}

TEST_F(FileTest, WritesAtomically) {
  WriteFileAtomically(Path("out.json"), "first");
  WriteFileAtomically(Path("out.json"), "second");
  std::ifstream in(Path("out.json"));
  std::string s;
  in >> s;
  EXPECT_EQ(s, "second");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);  // no temporary left behind
  EXPECT_THROW(WriteFileAtomically(Path("no/such/dir/out.json"), "x"), IoError);
}

}  // namespace
}  // namespace passerelle
