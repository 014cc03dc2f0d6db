#include "text/catalogue.h"

#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace passerelle::text {
namespace {

std::vector<Message> AllMessages() {
  std::vector<Message> ids;
  for (int i = 0; i < kMessageCount; ++i) ids.push_back(static_cast<Message>(i));
  return ids;
}

std::set<std::string_view> PlaceholderSet(std::string_view pattern) {
  const std::vector<std::string_view> names = Placeholders(pattern);
  return {names.begin(), names.end()};
}

// The placeholders the code fills for each message (src/scoring/explain.cc,
// src/matching/report/reason_text.cc); messages not listed take none. A
// template that lost one of them would leave a number or a name out of its
// sentence; one that gained another would show it unfilled.
struct Expected {
  Message id;
  std::set<std::string_view> placeholders;
};
const Expected kExpected[] = {
    {Message::kOccupationWithCode, {"label", "code"}},
    {Message::kPairSkillsCovered, {"covered", "total"}},
    {Message::kPairSkillsAcquiredAbroad, {"skills"}},
    {Message::kPairSkillsToLearn, {"skills"}},
    {Message::kPairSkillsToLearnWithTraining, {"skills"}},
    {Message::kPairCareerGoal, {"occupation"}},
    {Message::kPairFormerOccupation, {"occupation"}},
    {Message::kPairOutsideCareerGoal, {"occupation"}},
    {Message::kPairCloseToCareerGoal, {"occupation", "goal"}},
    {Message::kPairCloseToFormerOccupation, {"occupation", "former"}},
    {Message::kPairFrenchCourse, {"level"}},
    {Message::kPairFrenchNoMinimum, {"level"}},
    {Message::kPairFrenchForPost, {"level", "minimum"}},
    {Message::kPairFrenchForPostWithTraining, {"level", "minimum"}},
    {Message::kPairCommute, {"minutes", "mode"}},
    {Message::kPairCommuteTownLevel, {"minutes", "mode"}},
    {Message::kPairCommuteOnSite, {}},
    {Message::kPairHardToFill, {"percent"}},
    {Message::kWhyNotExcluded, {"reasons"}},
    {Message::kWhyNotVehicle, {"max"}},
    {Message::kWhyNotFrenchLevel, {"level", "minimum"}},
    {Message::kWhyNotCommute, {"minutes", "mode", "max"}},
    {Message::kWhyNotChildcare, {"shifts"}},
    {Message::kWhyNotHealth, {"demands"}},
    {Message::kWhyNotAvailableTooLate, {"available", "start"}},
    {Message::kWhyNotFrenchRouting, {"level", "threshold"}},
    {Message::kWhyNotOutOfProject, {"occupation", "project"}},
    {Message::kDescribePair, {"candidate", "opening"}},
    {Message::kDescribeScoreFeasible, {"score"}},
    {Message::kDescribeScoreExcluded, {"score"}},
    {Message::kDescribeComponent, {"name", "value", "weight"}},
    {Message::kDescribeViolation, {"code", "reason"}},
    {Message::kDescribeCommute, {"minutes", "mode"}},
    {Message::kDescribeSentence, {"sentence"}},
    {Message::kUnplacedNoRightToWork, {"count"}},
    {Message::kUnplacedDrivingLicence, {"count"}},
    {Message::kUnplacedVehicle, {"count"}},
    {Message::kUnplacedFrenchLevel, {"count"}},
    {Message::kUnplacedCommute, {"count"}},
    {Message::kUnplacedChildcare, {"count"}},
    {Message::kUnplacedHealth, {"count"}},
    {Message::kUnplacedAvailableTooLate, {"count"}},
    {Message::kUnplacedFrenchRouting, {"count"}},
    {Message::kUnplacedBanned, {"count"}},
    {Message::kUnplacedPartiallyPlaced, {"placed", "needed"}},
    {Message::kUnplacedLostToBetterFit, {"count"}},
    {Message::kUnplacedBelowMinimumScore, {"count", "best"}},
    {Message::kUnplacedOutOfProject, {"count"}},
    {Message::kUnplacedClosedOpenings, {"count"}},
    {Message::kCounsellorNote, {"note"}},
    {Message::kWarningUnknownOccupation, {"code", "count"}},
    {Message::kWarningSkillCodeVariant, {"code", "other"}},
    {Message::kWarningSharedLocation, {"count", "total", "percent", "latitude", "longitude"}},
    {Message::kWarningBanOnExcludedPair, {"reasons"}},
    {Message::kWarningPinOnExcludedPair, {"reasons"}},
    {Message::kWarningMoreWarnings, {"count"}},
    {Message::kUnplacedQuotaShortfall, {"quota", "needed", "value"}},
};

std::set<std::string_view> ExpectedPlaceholders(Message id) {
  for (const Expected& e : kExpected) {
    if (e.id == id) return e.placeholders;
  }
  return {};
}

TEST(CatalogueTest, EveryMessageHasATemplateInBothLanguages) {
  for (Message id : AllMessages()) {
    const int i = static_cast<int>(id);
    EXPECT_FALSE(FrenchTemplate(id).empty()) << "message " << i;
    EXPECT_FALSE(EnglishTemplate(id).empty()) << "message " << i;
    EXPECT_EQ(Template(id, Language::kFrench), FrenchTemplate(id)) << "message " << i;
    EXPECT_EQ(Template(id, Language::kEnglish), EnglishTemplate(id)) << "message " << i;
  }
  // A message added past the last one would escape these tests.
  const auto past_the_end = static_cast<Message>(kMessageCount);
  EXPECT_EQ(FrenchTemplate(past_the_end), "");
  EXPECT_EQ(EnglishTemplate(past_the_end), "");
}

TEST(CatalogueTest, BothLanguagesTakeTheSamePlaceholders) {
  for (Message id : AllMessages()) {
    EXPECT_EQ(PlaceholderSet(FrenchTemplate(id)), PlaceholderSet(EnglishTemplate(id)))
        << "message " << static_cast<int>(id) << ": \"" << FrenchTemplate(id) << "\" / \""
        << EnglishTemplate(id) << "\"";
  }
}

TEST(CatalogueTest, EveryTemplateTakesThePlaceholdersTheCodeFills) {
  for (Message id : AllMessages()) {
    for (Language language : {Language::kFrench, Language::kEnglish}) {
      EXPECT_EQ(PlaceholderSet(Template(id, language)), ExpectedPlaceholders(id))
          << "message " << static_cast<int>(id) << ": \"" << Template(id, language) << "\"";
    }
  }
}

TEST(CatalogueTest, PlaceholdersAreLowercaseNames) {
  // A brace in a sentence would otherwise be taken for a placeholder.
  for (Message id : AllMessages()) {
    for (Language language : {Language::kFrench, Language::kEnglish}) {
      for (std::string_view name : Placeholders(Template(id, language))) {
        EXPECT_FALSE(name.empty()) << Template(id, language);
        EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos)
            << Template(id, language);
      }
    }
  }
}

TEST(FormatTest, FillsPlaceholdersByNameInAnyOrder) {
  std::string out = "> ";
  Append(&out, "{b} then {a}, {b} again", {{"a", "first"}, {"b", int64_t{-42}}});
  EXPECT_EQ(out, "> -42 then first, -42 again");
}

TEST(FormatTest, CopiesTextAndValuesAsTheyStand) {
  std::string out;
  Append(&out, "aucune offre à portée");
  EXPECT_EQ(out, "aucune offre à portée");
  out.clear();
  // Values are not scanned: a label with braces stays as it is.
  Append(&out, "«{label}»", {{"label", "CAP {cuisine}"}});
  EXPECT_EQ(out, "«CAP {cuisine}»");
  out.clear();
  // A brace that closes nothing is text.
  Append(&out, "{count} offre(s) {", {{"count", int64_t{3}}});
  EXPECT_EQ(out, "3 offre(s) {");
  EXPECT_EQ(Placeholders("{count} offre(s) {"), std::vector<std::string_view>{"count"});
}

TEST(FormatTest, WritesDecimalsAsPrintfRoundsThem) {
  // Scores and commute minutes kept the bytes printf gave them, ties to even
  // on the exact binary value included.
  for (double x : {0.0, -0.0, 0.125, 0.375, 0.005, 2.5, 3.5, 64.49999, 99.5, 1234567.891, 1e300}) {
    for (int decimals : {0, 2}) {
      char expected[512];
      std::snprintf(expected, sizeof expected, "%.*f", decimals, x);
      std::string out;
      Append(&out, "{x}", {{"x", x, decimals}});
      EXPECT_EQ(out, expected) << x << " with " << decimals << " decimals";
    }
  }
}

TEST(FormatTest, FormatsAMessageInTheRequestedLanguage) {
  EXPECT_EQ(Format(Message::kUnplacedCommute, Language::kFrench, {{"count", int64_t{12}}}),
            "12 offre(s) trop loin du domicile");
  EXPECT_EQ(Format(Message::kUnplacedCommute, Language::kEnglish, {{"count", int64_t{12}}}),
            "12 opening(s) beyond the commute limit");
}

}  // namespace
}  // namespace passerelle::text
