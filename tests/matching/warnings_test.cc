// Tests of the capacity rule, of passerelle/warnings.h, of overrides checked
// when a session makes them, and of counsellors' notes in explanations.
#include "passerelle/warnings.h"

#include <gtest/gtest.h>

#include <string>

#include "../model/test_requests.h"
#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/proto.h"

namespace passerelle {
namespace {

using testing::kToulouse;
using testing::MakeCandidate;
using testing::MakeOpening;
using testing::MakePair;
using testing::North;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CapacityTest, AnOpeningWithoutCapacityHasOneSeatInFilesAsInCpp) {
  v1::MatchRequest proto = ToProto(MakePair(MakeCandidate("c"), MakeOpening("o")));
  proto.mutable_openings(0)->clear_capacity();
  std::string json = SerializeMessage(proto, FileFormat::kJson);
  ASSERT_FALSE(Contains(json, "capacity")) << json;
  v1::MatchRequest read;
  ParseMessage(json, FileFormat::kJson, "test.json", &read);
  const MatchRequest r = FromProto(read);
  EXPECT_EQ(r.openings[0].capacity, Opening{}.capacity);
  EXPECT_EQ(r.openings[0].capacity, 1);
  const MatchResponse response = Match(r);
  ASSERT_EQ(response.placements.size(), 1u);
  EXPECT_TRUE(response.unplaced.empty());
  EXPECT_TRUE(response.warnings.empty());
}

TEST(CapacityTest, AnExplicitZeroClosesTheOpeningAndSurvivesTheRoundTrip) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  r.openings[0].capacity = 0;
  const std::string json = SerializeMessage(ToProto(r), FileFormat::kJson);
  EXPECT_TRUE(Contains(json, "\"capacity\": 0")) << json;
  v1::MatchRequest read;
  ParseMessage(json, FileFormat::kJson, "test.json", &read);
  EXPECT_TRUE(read.openings(0).has_capacity());
  EXPECT_EQ(FromProto(read).openings[0].capacity, 0);
}

TEST(CapacityTest, AClosedOpeningIsNeverASeatLostToABetterFit) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  r.openings[0].capacity = 0;
  for (Language lang : {Language::kFrench, Language::kEnglish}) {
    r.policy.language = lang;
    const MatchResponse response = Match(r);
    ASSERT_EQ(response.unplaced.size(), 1u);
    const std::vector<Reason>& reasons = response.unplaced[0].reasons;
    ASSERT_FALSE(reasons.empty());
    for (const Reason& reason : reasons) EXPECT_NE(reason.code, ReasonCode::kLostToBetterFit) << reason.detail;
    EXPECT_EQ(reasons[0].code, ReasonCode::kNoOpeningInReach);
    EXPECT_EQ(reasons[0].count, 1);
    EXPECT_EQ(reasons[0].opening_ids, std::vector<std::string>{"o"});
    EXPECT_TRUE(Contains(reasons[0].detail, lang == Language::kFrench ? "capacité 0" : "capacity 0")) << reasons[0].detail;
  }
  // A full opening, by contrast, is one.
  r.openings[0].capacity = 1;
  r.candidates.push_back(MakeCandidate("d"));
  r.candidates[1].priority = 2;
  const MatchResponse response = Match(r);
  ASSERT_EQ(response.unplaced.size(), 1u);
  EXPECT_EQ(response.unplaced[0].reasons[0].code, ReasonCode::kLostToBetterFit);
}

const Warning* FindWarning(const std::vector<Warning>& warnings, WarningCode code) {
  for (const Warning& w : warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

TEST(WarningsTest, AValidPlainRequestHasNone) {
  const MatchRequest r = testing::RandomRequest(3, 40, 12);
  EXPECT_TRUE(CollectWarnings(r).empty());
  EXPECT_TRUE(Match(r).warnings.empty());
  EXPECT_EQ(ToProto(Match(r)).warnings_size(), 0);
}

TEST(WarningsTest, NamesEachSuspiciousRecordAndField) {
  MatchRequest r;
  r.policy.language = Language::kEnglish;
  for (int i = 0; i < 25; ++i) r.candidates.push_back(MakeCandidate("c" + std::to_string(i), North(kToulouse, i)));
  for (int i = 0; i < 5; ++i) r.candidates[10 + i].home = {43.5, 1.5};  // 5 of 25 at one point: 20 %
  r.candidates[3].french_level_missing = true;
  r.candidates[4].target_occupations = {"A0000"};  // ROME-shaped, not in the taxonomy
  r.candidates[5].skills = {{"haccp ", 1.0, false, false, ""}};
  r.candidates[6].skills = {{"HACCP", 1.0, false, false, ""}};
  r.openings.push_back(MakeOpening("o-closed"));
  r.openings.back().capacity = 0;
  r.openings.push_back(MakeOpening("o-far", North(kToulouse, 200)));
  r.openings.back().required_skills = {{"HACCP", 1.0, ""}};
  r.bans.push_back({0, 1, ""});  // 200 km away: already excluded
  const std::vector<Warning> warnings = Match(r).warnings;
  ASSERT_EQ(warnings.size(), 6u);
  const Warning* w = FindWarning(warnings, WarningCode::kClosedOpening);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "openings[0] (id \"o-closed\").capacity");
  w = FindWarning(warnings, WarningCode::kUnknownOccupation);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "candidates[4] (id \"c4\").target_occupations[0]");
  EXPECT_TRUE(Contains(w->detail, "\"A0000\"")) << w->detail;
  w = FindWarning(warnings, WarningCode::kSkillCodeVariant);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "candidates[5] (id \"c5\").skills[0].code");  // "HACCP" is used twice
  EXPECT_TRUE(Contains(w->detail, "\"haccp \"") && Contains(w->detail, "\"HACCP\"")) << w->detail;
  w = FindWarning(warnings, WarningCode::kFrenchLevelMissing);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "candidates[3] (id \"c3\").french_level");
  w = FindWarning(warnings, WarningCode::kSharedLocation);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "candidates[10] (id \"c10\").home");
  EXPECT_TRUE(Contains(w->detail, "5 of the 25 candidates (20%) live at exactly the same point (latitude 43.")) << w->detail;
  {
    // In French: a decimal comma in the coordinates, a no-break space before "%".
    MatchRequest fr = r;
    fr.policy.language = Language::kFrench;
    const std::vector<Warning> fr_warnings = CollectWarnings(fr);
    const Warning* shared = FindWarning(fr_warnings, WarningCode::kSharedLocation);
    ASSERT_NE(shared, nullptr);
    EXPECT_TRUE(Contains(shared->detail, "5 des 25 candidats (20\u202F%) habitent exactement au même point (latitude 43,"))
        << shared->detail;
    EXPECT_EQ(shared->detail.find('.'), std::string::npos) << shared->detail;
  }
  w = FindWarning(warnings, WarningCode::kOverrideOnExcludedPair);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->path, "policy.bans[0]");
  EXPECT_TRUE(Contains(w->detail, "beyond the")) << w->detail;  // the commute, in plain words
  // Four of 25 at one point (16 %) but 20 candidates or fewer: nothing.
  r.candidates.resize(20);
  EXPECT_EQ(FindWarning(CollectWarnings(r), WarningCode::kSharedLocation), nullptr);
}

TEST(WarningsTest, AreCappedWithOneWarningCountingTheRest) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  for (int i = 0; i < 1500; ++i) {
    r.openings.push_back(MakeOpening("closed-" + std::to_string(i)));
    r.openings.back().capacity = 0;
  }
  r.policy.language = Language::kEnglish;
  const std::vector<Warning> warnings = CollectWarnings(r);
  ASSERT_EQ(warnings.size(), kMaxWarnings + 1);
  EXPECT_EQ(warnings.back().code, WarningCode::kMoreWarnings);
  EXPECT_EQ(warnings.back().detail, "500 more warnings not listed");
  EXPECT_EQ(Match(r).warnings.size(), kMaxWarnings + 1);
}

TEST(WarningsTest, AMissingFrenchLevelIsReadAsNoneAndRoundTrips) {
  v1::MatchRequest proto = ToProto(MakePair(MakeCandidate("c"), MakeOpening("o")));
  proto.mutable_candidates(0)->clear_french_level();
  const MatchRequest r = FromProto(proto);
  EXPECT_TRUE(r.candidates[0].french_level_missing);
  EXPECT_EQ(r.candidates[0].french_level, CefrLevel::kNone);
  EXPECT_EQ(ToProto(r).candidates(0).french_level(), v1::CEFR_LEVEL_UNSPECIFIED);
  ASSERT_EQ(Match(r).warnings.size(), 1u);
}

TEST(OverridesTest, PinAndLockRefuseAnExcludedPairAtOnceAndLeaveTheSessionUnchanged) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  r.openings.push_back(MakeOpening("far", North(kToulouse, 200)));
  r.openings.push_back(MakeOpening("closed"));
  r.openings.back().capacity = 0;
  Matcher session(r);
  const std::string before = SerializeMessage(ToProto(session.Solve()), FileFormat::kJson);
  for (bool lock : {false, true}) {
    auto make = [&](const char* c, const char* o) { lock ? session.Lock(c, o, "n") : session.Pin(c, o, "n"); };
    try {
      make("c", "far");
      FAIL() << "pin of an excluded pair accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_TRUE(Contains(e.what(), "commute_too_long")) << e.what();
      EXPECT_TRUE(Contains(e.what(), lock ? "Lock" : "Pin")) << e.what();
    }
    try {
      make("c", "closed");
      FAIL() << "pin to a closed opening accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_TRUE(Contains(e.what(), "closed (capacity 0)")) << e.what();
    }
    EXPECT_THROW(make("c", "nowhere"), InvalidArgumentError);
    EXPECT_THROW(make("nobody", "o"), InvalidArgumentError);
    EXPECT_TRUE(session.request().pins.empty());
    EXPECT_TRUE(session.request().locks.empty());
    EXPECT_EQ(SerializeMessage(ToProto(session.Solve()), FileFormat::kJson), before);
  }
}

TEST(OverridesTest, NotesAppearInThePlacementAndTheBanReason) {
  MatchRequest r = MakePair(MakeCandidate("c"), MakeOpening("o"));
  r.candidates.push_back(MakeCandidate("d"));
  r.pins.push_back({0, 0, "a choisi ce poste"});
  r.bans.push_back({1, 0, "refuse le travail de nuit"});
  const MatchResponse response = Match(r);
  ASSERT_EQ(response.placements.size(), 1u);
  EXPECT_TRUE(Contains(response.placements[0].explanation, "note du conseiller : « a choisi ce poste »"))
      << response.placements[0].explanation;
  ASSERT_EQ(response.unplaced.size(), 1u);
  const Reason& ban = response.unplaced[0].reasons[0];
  EXPECT_EQ(ban.code, ReasonCode::kBanned);
  EXPECT_EQ(ban.opening_ids, std::vector<std::string>{"o"});
  EXPECT_TRUE(Contains(ban.detail, "« refuse le travail de nuit »")) << ban.detail;
  // A session's pin made later carries its note too, and loses it when cleared.
  r.pins.clear();
  Matcher session(r);
  session.Solve();
  session.Pin("c", "o", "décision de la commission");
  EXPECT_TRUE(Contains(session.Solve().placements[0].explanation, "« décision de la commission »"));
  session.ClearOverride("c", "o");
  EXPECT_FALSE(Contains(session.Solve().placements[0].explanation, "commission"));
}

}  // namespace
}  // namespace passerelle
