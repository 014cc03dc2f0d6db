// The catalogue of every sentence passerelle writes for people: the
// explanation of a pair, the clauses saying why a pair is excluded, the
// details of unplaced candidates' reasons and the warnings. There is one
// catalogue per language, each in one file (catalogue_fr.cc,
// catalogue_en.cc), so that the wording is reviewed there and nowhere else:
// the code that explains picks the messages and fills in their values, and
// holds no word of either language.
//
// A message is a template with named placeholders, e.g. "{minutes} min
// {mode}"; `Append` fills them in from `Arg`s. A placeholder may choose its
// text by its value, in the manner of ICU's MessageFormat:
//   {count, plural, one {{count} offre trop loin} other {{count} offres trop loin}}
//   {minimum, select, A1 {an A1} A2 {an A2} other {a {minimum}}}
// `plural` picks "=N" for exactly N, else `one` (French: 0 and 1; English:
// 1), else `other`; `select` picks the branch named by the value's text,
// else `other`. So singular and plural, articles and agreement live in the
// catalogue too, and each language has the forms it needs.
//
// Numbers are written as the language writes them: French "0,62" and
// "12 500" (a narrow no-break space groups thousands from five digits on,
// as CLDR and the Imprimerie nationale do), English "0.62" and "12,500".
// Punctuation inside the templates is plain ASCII spaces before French ":"
// and ";" (text that people and tests search with plain spaces); only
// numbers and their units ("64 %") are held together by a no-break space.
//
// Every placement of a national run is explained (about 340,000 sentences),
// so a message is found by a switch on its id and filled in one pass that
// appends to the caller's string: no parsing ahead, no lookup by word.
//
// Not part of the API: private to the library's modules, which include it as
// "text/catalogue.h".
#ifndef PASSERELLE_SRC_TEXT_CATALOGUE_H_
#define PASSERELLE_SRC_TEXT_CATALOGUE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/model.h"

namespace passerelle::text {

// Every message, with the placeholders its template takes. Both catalogues
// define each one with the same placeholders (tests/text/catalogue_test.cc).
enum class Message : uint8_t {
  // ---- Words and punctuation the sentences are made of --------------------
  kClauseSeparator,  // between the clauses of one explanation
  kListSeparator,    // between the items of a list (skills, shifts, demands)
  kLevelBeginner,    // a French level below A1 (`CefrLevel::kNone`)
  kModeWalk,         // how the commute is made, after its duration
  kModeBicycle,
  kModePublicTransport,
  kModeCar,
  kModeMoped,
  kModeCarpool,
  kShiftEarly,  // items of {shifts}
  kShiftNight,
  kShiftWeekend,
  kDemandHeavyLoads,  // items of {demands}
  kDemandProlongedStanding,
  kDemandOutdoorWork,
  kDemandWorkAtHeight,
  kDemandRepetitiveMovements,
  kOccupationWithCode,  // {label} {code}: a listed occupation

  // ---- A feasible pair (`Explain`) ---------------------------------------
  // Clauses joined by kClauseSeparator, the first letter capitalised: skills
  // (not for French courses), occupation (when the candidate has any), French,
  // commute, tension (hard-to-fill occupations only). The skills clauses are,
  // in order: the required skills (a job) or what the training teaches (a
  // qualifying training or an apprenticeship), the required skills still to
  // learn (jobs only), the required skills acquired abroad, the optional
  // skills held ("atouts"), those of them acquired abroad.
  kPairNoRequiredSkill,            // a job that requires no skill
  kPairSkillsCoveredAll,           // {total}: the candidate holds all of them
  kPairSkillsCoveredSome,          // {covered} {total}: 0 < covered < total
  kPairSkillsCoveredNone,          // {total}
  kPairTrainingNoSkillListed,      // a training or apprenticeship that names no skill
  kPairTrainingBringsAll,          // {total} {skills}: the candidate holds none yet
  kPairTrainingBringsSome,         // {brings} {total} {skills}: brings `brings` new ones
  kPairTrainingBringsNone,         // {total}: the candidate holds them all already
  kPairTrainingPractised,          // a past occupation is the training's: scored as held
  kPairSkillsToLearn,              // {skills}
  kPairSkillsToLearnWithTraining,  // {skills}
  kPairSkillsAcquiredAbroad,       // {count} {skills}: required skills held, acquired abroad
  kPairOptionalSkillsHeld,         // {count} {skills}: optional skills held, not acquired abroad
  kPairOptionalSkillsAbroad,       // {count} {skills}: optional skills held, acquired abroad
  kPairCareerGoal,                 // {occupation}
  kPairFormerOccupation,           // {occupation}
  kPairOutsideCareerGoal,          // {occupation}
  kPairCloseToCareerGoal,          // {occupation} {goal}
  kPairCloseToFormerOccupation,    // {occupation} {former}
  kPairFrenchCourse,               // {level}
  kPairFrenchNoMinimum,            // {level}
  kPairFrenchForPost,              // {level} {minimum}
  kPairFrenchForPostWithTraining,  // {level} {minimum}
  kPairCommute,                    // {minutes} {mode}
  kPairCommuteTownLevel,           // {minutes} {mode}: both ends known by town only
  kPairCommuteOnSite,              // (none): same address
  kPairHardToFill,                 // {percent}
  // With a score model: {percent} probability of a lasting job, {components}
  // the components that raise it most (kComponent* words, a list).
  kPairLastingProbability,         // {percent} {components}

  // ---- An excluded pair (`Explain`, `ExplainViolation`) ------------------
  kWhyNotExcluded,          // {reasons}: the clauses below, joined by kClauseSeparator
  kWhyNotNoRightToWork,
  kWhyNotDrivingLicence,
  kWhyNotVehicle,           // {max}
  kWhyNotFrenchLevel,       // {level} {minimum}
  kWhyNotNoTransport,
  kWhyNotCommute,           // {minutes} {mode} {max}
  kWhyNotChildcare,         // {shifts}
  kWhyNotHealth,            // {demands}
  kWhyNotAvailableTooLate,  // {available} {start}
  kWhyNotFrenchRouting,     // {level} {threshold}
  kWhyNotOutOfProject,      // {occupation} {project}

  // ---- A pair described in full (`FormatPairExplanation`) ---------------
  // One line each, in this order: the pair, the score, the components
  // heading and one line per component, the violations heading and one line
  // per violation (or none), the commute (or none), the sentence.
  kDescribePair,            // {candidate} {opening}
  kDescribeScoreFeasible,   // {score}
  kDescribeScoreExcluded,   // {score}
  kDescribeComponents,
  kDescribeComponentsModel,  // with a score model: the weights are its coefficients
  kDescribeComponent,       // {name} {value} {weight}
  kComponentSkills,         // {name} of kDescribeComponent
  kComponentOccupation,
  kComponentFrench,
  kComponentCommute,
  kComponentTension,
  kComponentPreferences,
  kDescribeViolations,
  kDescribeViolation,       // {code} {reason}
  kDescribeNoViolation,
  kDescribeCommute,         // {minutes} {mode}
  kDescribeNoCommute,
  kDescribeSentence,        // {sentence}

  // ---- Unplaced candidates' reasons (`Reason::detail`) -------------------
  kUnplacedNoRightToWork,     // {count}: openings excluded for this reason
  kUnplacedDrivingLicence,    // {count}
  kUnplacedVehicle,           // {count}
  kUnplacedFrenchLevel,       // {count}
  kUnplacedCommute,           // {count}
  kUnplacedChildcare,         // {count}
  kUnplacedHealth,            // {count}
  kUnplacedAvailableTooLate,  // {count}
  kUnplacedFrenchRouting,     // {count}
  kUnplacedBanned,            // {count}
  kUnplacedNoOpeningInReach,
  kUnplacedPartiallyPlaced,    // {placed} {needed}
  kUnplacedLostToBetterFit,    // {count}
  kUnplacedEmployerCap,
  kUnplacedQuotaLimit,
  kUnplacedSameSector,
  kUnplacedBelowMinimumScore,  // {count} {best}
  kUnplacedOutOfProject,       // {count}
  kUnplacedClosedOpenings,     // {count}: feasible openings with 0 seats
  kCounsellorNote,             // {note}: a pin's or ban's note, a clause

  // ---- Warnings about valid but suspicious input (`Warning::detail`) -----
  kWarningClosedOpening,
  kWarningUnknownOccupation,   // {code} {count}: records using it
  kWarningSkillCodeVariant,    // {code} {other}
  kWarningFrenchLevelMissing,
  kWarningSharedLocation,      // {count} {total} {percent} {latitude} {longitude}
  kWarningBanOnExcludedPair,   // {reasons}: ExplainViolation clauses
  kWarningPinOnExcludedPair,   // {reasons}
  kWarningMoreWarnings,        // {count}
  // ---- Reports for counsellors (passerelle/report.h): headers, labels, the
  // summary's lines; the sentences themselves are those above.
  kReportLabelValue,  // {label} {value}: "Domicile : Blois (41)"
  kReportTitle,
  kReportColPerson,
  kReportColPersonId,
  kReportColStatus,
  kReportColOpeningId,
  kReportColTitle,
  kReportColKind,
  kReportColOccupation,
  kReportColEmployer,
  kReportColHomeTown,
  kReportColTown,
  kReportColCommute,
  kReportColMode,
  kReportColScore,
  kReportColExplanation,
  kReportColReasons,
  kReportColSeats,
  kReportColFilled,
  kReportColPlacedPeople,
  kReportSeatsFilledLabel,
  kReportColCount,  // the summary sheet's columns
  kReportColOutOf,
  kReportColRate,
  kReportStatusPlaced,
  kReportStatusUnplaced,
  kReportKindJob,
  kReportKindApprenticeship,
  kReportKindInternship,
  kReportKindQualifyingTraining,
  kReportKindFrenchCourse,
  kReportKindWorkplaceTrial,
  kReportSheetPlacements,
  kReportSheetUnplaced,
  kReportSheetSummary,
  kReportSheetOpenings,
  kReportSectionSummary,
  kReportSectionMap,
  kReportSectionPeople,
  kReportSectionOpenings,
  kReportStatPlacedPeople,  // {placed} {total}
  kReportStatPlacements,  // {count}
  kReportStatSeats,  // {filled} {seats}
  kReportStatMeanScore,
  kReportStatMeanCommute,
  kReportChartByKind,
  kReportChartOptimum,
  kReportOptimum,
  kReportGreedy,
  kReportMetricPlacements,
  kReportMetricTotalScore,
  kReportChartSubgroups,
  kReportDimGender,
  kReportDimCountry,
  kReportDimDepartement,
  kReportDimAgeGroup,
  kReportGenderFemale,
  kReportGenderMale,
  kReportGenderOther,
  kReportNotGiven,
  kReportPercent,  // {percent}
  kReportFraction,  // {placed} {total}
  kReportCommute,  // {minutes} {mode}
  kReportScore,  // {score}
  kReportWhyNot,
  kReportCardsShown,  // {shown} {total}
  kReportSeatsFilled,  // {filled} {capacity}
  kReportNobodyPlaced,
  kReportShortlist,
  kReportNoEmployer,
  kReportMapPeoplePlaced,  // the map's legend
  kReportMapPeopleUnplaced,
  kReportMapOpenings,
  kReportMapLines,
  kReportMapNoPoints,
  kReportPinned,
  kReportStatusLine,  // {status}
  kReportStatusOptimal,
  kReportStatusInfeasible,
  kReportStatusNotProven,
  // ---- Fitting a score model (`FitReport::warnings`) -----------------------
  kFitSelectiveLabels,         // the history was not randomised
  kFitSmallSubgroup,           // {attribute} {value} {count} {lasting}: test placements, lasting ones
  kUnplacedQuotaShortfall,     // {quota} {needed} {value}
};
// Counted up to the last message, which must stay the last (a test checks).
inline constexpr int kMessageCount = static_cast<int>(Message::kUnplacedQuotaShortfall) + 1;

// The templates of each catalogue: "" for a value outside `Message`.
std::string_view FrenchTemplate(Message id);
std::string_view EnglishTemplate(Message id);
// The template of `id` in `language`.
std::string_view Template(Message id, Language language);

// The value of placeholder `{name}`: text, an integer, or a number with a
// fixed count of decimals. An `Arg` refers to its name and text without
// copying them, so it is made in the call that uses it. Numbers are written
// in the language of the message they fill (see the top of this file); a
// number that is a code or an index (e.g. "policy.quotas[12]") is given as
// text.
class Arg {
 public:
  constexpr Arg(std::string_view name, std::string_view text) : name_(name), text_(text) {}
  constexpr Arg(std::string_view name, int64_t number)
      : name_(name), kind_(Kind::kInteger), integer_(number) {}
  // Rounded to `decimals` as printf's "%.*f" rounds it, in every locale.
  constexpr Arg(std::string_view name, double number, int decimals)
      : name_(name), kind_(Kind::kDecimal), decimal_(number), decimals_(decimals) {}

  std::string_view name() const { return name_; }
  void AppendValueTo(std::string* out, Language language) const;
  // For `select`: the text; empty for a number.
  std::string_view text() const { return kind_ == Kind::kText ? text_ : std::string_view(); }
  // For `plural`: the integer; false for text or a decimal.
  bool integer(int64_t* value) const {
    if (kind_ != Kind::kInteger) return false;
    *value = integer_;
    return true;
  }

 private:
  enum class Kind : uint8_t { kText, kInteger, kDecimal };
  std::string_view name_;
  Kind kind_ = Kind::kText;
  std::string_view text_;
  int64_t integer_ = 0;
  double decimal_ = 0;
  int decimals_ = 0;
};

// Appends `pattern` to `out`, each `{name}` replaced by the value of the
// `Arg` of that name written in `language`, each choice by its chosen
// branch, filled in the same way. A placeholder without an `Arg`, a plural
// on a value that is not an integer, or a choice without the branch it
// needs is a broken invariant (it asserts, and is copied as it stands when
// assertions are off). Text outside braces is copied byte for byte, and
// values are never scanned for placeholders.
void Append(std::string* out, std::string_view pattern, Language language,
            std::initializer_list<Arg> args = {});
// The same for message `id` of `language`'s catalogue.
void Append(std::string* out, Message id, Language language, std::initializer_list<Arg> args = {});
// Message `id` of `language`'s catalogue, filled in, as a new string.
std::string Format(Message id, Language language, std::initializer_list<Arg> args = {});

// The names of the placeholders of `pattern`, in order, those inside the
// branches of a choice included, e.g. {"count", "count", "count"} for
// "{count, plural, one {{count} offre} other {{count} offres}}".
std::vector<std::string_view> Placeholders(std::string_view pattern);
// Empty when every choice of `pattern` is well formed: its braces balance,
// its kind is `plural` or `select`, each branch is "key {text}", a plural's
// keys are "=N", `one` or `other`, and it has an `other` branch. Else what
// is wrong, for tests.
std::string CheckChoices(std::string_view pattern);

// Makes the first letter of `text` a capital: ASCII, and the accented
// lowercase letters of Latin-1 and "œ" in UTF-8 (French clauses may start
// with "à" or "é").
void CapitaliseFirst(std::string* text);

}  // namespace passerelle::text

#endif  // PASSERELLE_SRC_TEXT_CATALOGUE_H_
