#include "text/catalogue.h"

#include <cstdio>
#include <utility>
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
// src/matching/report/reason_text.cc, warnings.cc), those of choices and of
// their branches alike; messages not listed take none. A
// template that lost one of them would leave a number or a name out of its
// sentence; one that gained another would show it unfilled.
struct Expected {
  Message id;
  std::set<std::string_view> placeholders;
};
const Expected kExpected[] = {
    {Message::kOccupationWithCode, {"label", "code"}},
    {Message::kPairSkillsCoveredAll, {"total"}},
    {Message::kPairSkillsCoveredSome, {"covered", "total"}},
    {Message::kPairSkillsCoveredNone, {"total"}},
    {Message::kPairTrainingBringsAll, {"total", "skills"}},
    {Message::kPairTrainingBringsSome, {"brings", "total", "skills"}},
    {Message::kPairTrainingBringsNone, {"total"}},
    {Message::kPairSkillsToLearn, {"skills"}},
    {Message::kPairSkillsToLearnWithTraining, {"skills"}},
    {Message::kPairOptionalSkillsHeld, {"count", "skills"}},
    {Message::kPairSkillsAcquiredAbroad, {"count", "skills"}},
    {Message::kPairOptionalSkillsAbroad, {"count", "skills"}},
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
    {Message::kPairLastingProbability, {"percent", "components"}},
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
    {Message::kFitSmallSubgroup, {"attribute", "value", "count", "lasting"}},
    {Message::kUnplacedQuotaShortfall, {"quota", "needed", "value"}},
    {Message::kReportLabelValue, {"label", "value"}},
    {Message::kReportStatPlacedPeople, {"placed", "total"}},
    {Message::kReportStatPlacements, {"count"}},
    {Message::kReportStatSeats, {"filled", "seats"}},
    {Message::kReportPercent, {"percent"}},
    {Message::kReportFraction, {"placed", "total"}},
    {Message::kReportCommute, {"minutes", "mode"}},
    {Message::kReportScore, {"score"}},
    {Message::kReportCardsShown, {"shown", "total"}},
    {Message::kReportSeatsFilled, {"capacity", "filled"}},
    {Message::kReportStatusLine, {"status"}},
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
  Append(&out, "{b} then {a}, {b} again", Language::kEnglish, {{"a", "first"}, {"b", int64_t{-42}}});
  EXPECT_EQ(out, "> -42 then first, -42 again");
}

TEST(FormatTest, CopiesTextAndValuesAsTheyStand) {
  std::string out;
  Append(&out, "aucune offre à portée", Language::kFrench);
  EXPECT_EQ(out, "aucune offre à portée");
  out.clear();
  // Values are not scanned: a label with braces stays as it is.
  Append(&out, "«{label}»", Language::kFrench, {{"label", "CAP {cuisine}"}});
  EXPECT_EQ(out, "«CAP {cuisine}»");
  out.clear();
  // A brace that closes nothing is text.
  Append(&out, "{count} offre(s) {", Language::kFrench, {{"count", int64_t{3}}});
  EXPECT_EQ(out, "3 offre(s) {");
  EXPECT_EQ(Placeholders("{count} offre(s) {"), std::vector<std::string_view>{"count"});
}

// `s` without the thousands separators of `language` and with a decimal
// point: what printf writes.
std::string AsPrintf(std::string s, Language language) {
  const std::string group = language == Language::kFrench ? "\u202F" : ",";
  for (size_t at; (at = s.find(group)) != std::string::npos;) s.erase(at, group.size());
  if (language == Language::kFrench) {
    for (char& c : s) {
      if (c == ',') c = '.';
    }
  }
  return s;
}

TEST(FormatTest, WritesDecimalsAsPrintfRoundsThem) {
  // Scores and commute minutes keep the digits printf gives them, ties to
  // even on the exact binary value included; only the separators are the
  // language's.
  for (double x : {0.0, -0.0, 0.125, 0.375, 0.005, 2.5, 3.5, 64.49999, 99.5, 1234567.891, 1e300}) {
    for (int decimals : {0, 2}) {
      char expected[512];
      std::snprintf(expected, sizeof expected, "%.*f", decimals, x);
      for (Language language : {Language::kFrench, Language::kEnglish}) {
        std::string out;
        Append(&out, "{x}", language, {{"x", x, decimals}});
        EXPECT_EQ(AsPrintf(out, language), expected) << x << " with " << decimals << " decimals";
      }
    }
  }
}

TEST(FormatTest, WritesADecimalCommaInFrenchAndAPointInEnglish) {
  std::string fr, en;
  Append(&fr, "{score}", Language::kFrench, {{"score", 0.6249, 2}});
  Append(&en, "{score}", Language::kEnglish, {{"score", 0.6249, 2}});
  EXPECT_EQ(fr, "0,62");
  EXPECT_EQ(en, "0.62");
  fr.clear();
  en.clear();
  Append(&fr, "{x}", Language::kFrench, {{"x", -47.590491, 5}});
  Append(&en, "{x}", Language::kEnglish, {{"x", -47.590491, 5}});
  EXPECT_EQ(fr, "-47,59049");
  EXPECT_EQ(en, "-47.59049");
}

TEST(FormatTest, GroupsThousandsFromFiveDigitsAsEachLanguageDoes) {
  auto fr = [](int64_t n) {
    std::string out;
    Append(&out, "{n}", Language::kFrench, {{"n", n}});
    return out;
  };
  auto en = [](int64_t n) {
    std::string out;
    Append(&out, "{n}", Language::kEnglish, {{"n", n}});
    return out;
  };
  EXPECT_EQ(fr(1500), "1500");
  EXPECT_EQ(en(1500), "1500");
  EXPECT_EQ(fr(12500), "12\u202F500");
  EXPECT_EQ(en(12500), "12,500");
  EXPECT_EQ(fr(-1234567), "-1\u202F234\u202F567");
  EXPECT_EQ(en(-1234567), "-1,234,567");
  std::string out;
  Append(&out, "{x}", Language::kFrench, {{"x", 340000.5, 1}});
  EXPECT_EQ(out, "340\u202F000,5");
}

TEST(FormatTest, FormatsAMessageInTheRequestedLanguage) {
  EXPECT_EQ(Format(Message::kUnplacedCommute, Language::kFrench, {{"count", int64_t{12}}}),
            "12 offres trop loin du domicile");
  EXPECT_EQ(Format(Message::kUnplacedCommute, Language::kEnglish, {{"count", int64_t{12}}}),
            "12 openings beyond the commute limit");
}

TEST(ChoiceTest, PluralPicksAnExactValueThenOneThenOther) {
  constexpr std::string_view kPattern = "{n, plural, =0 {none} =2 {a pair} one {one: {n}} other {{n} of them}}";
  auto fill = [&](int64_t n, Language language) {
    std::string out;
    Append(&out, kPattern, language, {{"n", n}});
    return out;
  };
  EXPECT_EQ(fill(0, Language::kFrench), "none");
  EXPECT_EQ(fill(0, Language::kEnglish), "none");
  EXPECT_EQ(fill(1, Language::kEnglish), "one: 1");
  EXPECT_EQ(fill(2, Language::kFrench), "a pair");
  EXPECT_EQ(fill(3, Language::kEnglish), "3 of them");
  EXPECT_EQ(fill(12500, Language::kFrench), "12\u202F500 of them");
  // French `one` is 0 and 1 (CLDR), English `one` is 1 only.
  std::string fr, en;
  Append(&fr, "{n, plural, one {offre} other {offres}}", Language::kFrench, {{"n", int64_t{0}}});
  Append(&en, "{n, plural, one {opening} other {openings}}", Language::kEnglish, {{"n", int64_t{0}}});
  EXPECT_EQ(fr, "offre");
  EXPECT_EQ(en, "openings");
}

TEST(ChoiceTest, SelectPicksTheBranchNamedByTheText) {
  constexpr std::string_view kPattern = "for {level, select, A1 {an A1} A2 {an A2} other {a {level}}} post";
  for (const auto& [level, expected] : {std::pair<std::string_view, std::string_view>{"A1", "for an A1 post"},
                                        {"A2", "for an A2 post"},
                                        {"B1", "for a B1 post"},
                                        {"other", "for a other post"}}) {
    std::string out;
    Append(&out, kPattern, Language::kEnglish, {{"level", level}});
    EXPECT_EQ(out, expected);
  }
  EXPECT_EQ(Placeholders(kPattern), (std::vector<std::string_view>{"level", "level"}));
}

TEST(ChoiceTest, EveryChoiceOfBothCataloguesIsWellFormed) {
  for (Message id : AllMessages()) {
    for (Language language : {Language::kFrench, Language::kEnglish}) {
      EXPECT_EQ(CheckChoices(Template(id, language)), "")
          << "message " << static_cast<int>(id) << ": \"" << Template(id, language) << "\"";
    }
  }
  // And the check can fail.
  EXPECT_NE(CheckChoices("{n, plural, one {x}}"), "");
  EXPECT_NE(CheckChoices("{n, plural, few {x} other {y}}"), "");
  EXPECT_NE(CheckChoices("{n, choose, other {y}}"), "");
  EXPECT_NE(CheckChoices("{n, plural, one {x} other {y}"), "");
  EXPECT_EQ(CheckChoices("{count} offre(s) {"), "");
}

TEST(ChoiceTest, EveryPluralMessageReadsWithoutParenthesesForOneAndMany) {
  // "offre(s)" is gone where the count is known: each message with a
  // {count} says one thing for 1 and another for 5 in both languages.
  for (Message id : AllMessages()) {
    if (!ExpectedPlaceholders(id).count("count")) continue;
    for (Language language : {Language::kFrench, Language::kEnglish}) {
      std::string one, five;
      // Every placeholder a {count} message has besides the count (an
      // assertion catches a missing one in debug builds).
      const Arg others[] = {{"skills", "x"},       {"code", "X"},          {"total", int64_t{9}},
                            {"percent", 50.0, 0},  {"latitude", 1.0, 5},   {"longitude", 1.0, 5},
                            {"best", 0.5, 2},      {"attribute", "gender"}, {"value", "x"},
                            {"lasting", int64_t{3}}};
      Append(&one, id, language,
             {{"count", int64_t{1}}, others[0], others[1], others[2], others[3], others[4], others[5], others[6],
              others[7], others[8], others[9]});
      Append(&five, id, language,
             {{"count", int64_t{5}}, others[0], others[1], others[2], others[3], others[4], others[5], others[6],
              others[7], others[8], others[9]});
      EXPECT_EQ(one.find("(s)"), std::string::npos) << one;
      EXPECT_EQ(five.find("(s)"), std::string::npos) << five;
      EXPECT_NE(one.substr(1), five.substr(1)) << one;
    }
  }
}

TEST(CapitaliseFirstTest, CapitalisesAsciiAndAccentedLetters) {
  for (const auto& [in, out] : {std::pair<std::string, std::string>{"couvre", "Couvre"},
                                {"à acquérir", "À acquérir"},
                                {"état", "État"},
                                {"œuvre", "Œuvre"},
                                {"Déjà", "Déjà"},
                                {"12 min", "12 min"},
                                {"", ""}}) {
    std::string s = in;
    CapitaliseFirst(&s);
    EXPECT_EQ(s, out);
  }
}

}  // namespace
}  // namespace passerelle::text
