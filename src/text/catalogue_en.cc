// Every sentence passerelle writes for people in English (catalogue.h says
// what each message is for, how the explanations put them together and the
// syntax of choices such as `{count, plural, ...}`). Plain words, singular
// and plural by count, "a"/"an" by the word that follows.
#include "text/catalogue.h"

namespace passerelle::text {

std::string_view EnglishTemplate(Message id) {
  switch (id) {
    // ---- Words and punctuation
    case Message::kClauseSeparator: return "; ";
    case Message::kListSeparator: return ", ";
    case Message::kLevelBeginner: return "beginner";
    case Message::kModeWalk: return "on foot";
    case Message::kModeBicycle: return "by bicycle";
    case Message::kModePublicTransport: return "by public transport";
    case Message::kModeCar: return "by car";
    case Message::kModeMoped: return "by moped";
    case Message::kModeCarpool: return "by carpool";
    case Message::kShiftEarly: return "early";
    case Message::kShiftNight: return "night";
    case Message::kShiftWeekend: return "weekend";
    case Message::kDemandHeavyLoads: return "heavy loads";
    case Message::kDemandProlongedStanding: return "prolonged standing";
    case Message::kDemandOutdoorWork: return "outdoor work";
    case Message::kDemandWorkAtHeight: return "work at height";
    case Message::kDemandRepetitiveMovements: return "repetitive movements";
    case Message::kOccupationWithCode: return "{label} ({code})";

    // ---- A feasible pair, e.g. "Covers 4 of the 5 required skills; to
    // learn: HACCP (training provided); skill acquired abroad: CAP cuisine;
    // a plus: driving licence; career goal: Personnel de cuisine (G1602);
    // French A2 for an A2 post; 22 min by public transport"
    case Message::kPairNoRequiredSkill: return "no particular skill required";
    case Message::kPairSkillsCoveredAll:
      return "{total, plural, =1 {covers the required skill} =2 {covers both required skills} "
             "other {covers all {total} required skills}}";
    case Message::kPairSkillsCoveredSome: return "covers {covered} of the {total} required skills";
    case Message::kPairSkillsCoveredNone:
      return "{total, plural, =1 {lacks the required skill} =2 {covers neither of the two required skills} "
             "other {covers none of the {total} required skills}}";
    case Message::kPairTrainingNoSkillListed: return "the training does not list the skills it teaches";
    case Message::kPairTrainingBringsAll:
      return "{total, plural, =1 {the training brings the skill it teaches: {skills}} "
             "=2 {the training brings both skills it teaches: {skills}} "
             "other {the training brings all {total} skills it teaches: {skills}}}";
    case Message::kPairTrainingBringsSome:
      return "the training brings {brings} of the {total} skills it teaches: {skills}";
    case Message::kPairTrainingBringsNone:
      return "{total, plural, =1 {already holds the skill the training teaches} "
             "=2 {already holds both skills the training teaches} "
             "other {already holds all {total} skills the training teaches}}";
    case Message::kPairTrainingPractised: return "has already worked in the occupation the training leads to";
    case Message::kPairSkillsToLearn: return "to learn: {skills}";
    case Message::kPairSkillsToLearnWithTraining: return "to learn: {skills} (training provided)";
    case Message::kPairSkillsAcquiredAbroad:
      return "{count, plural, one {skill} other {skills}} acquired abroad: {skills}";
    case Message::kPairOptionalSkillsHeld: return "{count, plural, one {a plus} other {pluses}}: {skills}";
    case Message::kPairOptionalSkillsAbroad:
      return "{count, plural, one {a plus} other {pluses}} acquired abroad: {skills}";
    case Message::kPairCareerGoal: return "career goal: {occupation}";
    case Message::kPairFormerOccupation: return "former occupation: {occupation}";
    case Message::kPairOutsideCareerGoal: return "outside the career goal: {occupation}";
    case Message::kPairCloseToCareerGoal: return "{occupation}, close to the career goal: {goal}";
    case Message::kPairCloseToFormerOccupation: return "{occupation}, close to the former occupation: {former}";
    case Message::kPairFrenchCourse: return "French course (current level: {level})";
    case Message::kPairFrenchNoMinimum: return "French {level}, no minimum level required";
    case Message::kPairFrenchForPost:
      return "French {level} for {minimum, select, A1 {an A1} A2 {an A2} other {a {minimum}}} post";
    case Message::kPairFrenchForPostWithTraining:
      return "French {level} for {minimum, select, A1 {an A1} A2 {an A2} other {a {minimum}}} post, with "
             "French training";
    case Message::kPairCommute: return "{minutes} min {mode}";
    case Message::kPairCommuteTownLevel: return "about {minutes} min {mode} (town-to-town estimate)";
    case Message::kPairCommuteOnSite: return "on site";
    case Message::kPairHardToFill: return "occupation where employers struggle to hire ({percent}% of hires difficult)";
    case Message::kPairLastingProbability:
      return "estimated probability of a lasting job: {percent}% (weighing most: {components})";

    // ---- An excluded pair
    case Message::kWhyNotExcluded: return "Excluded: {reasons}";
    case Message::kWhyNotNoRightToWork: return "no right to work yet: only trainings and French courses are open";
    case Message::kWhyNotDrivingLicence: return "driving licence required";
    case Message::kWhyNotVehicle: return "reachable within {max} min only by car, and no car available";
    case Message::kWhyNotFrenchLevel: return "French {level}, below the {minimum} level required";
    case Message::kWhyNotNoTransport: return "no means of transport to get there";
    case Message::kWhyNotCommute: return "commute of {minutes} min {mode}, beyond the {max} min maximum";
    case Message::kWhyNotChildcare: return "{shifts} shifts incompatible with childcare";
    case Message::kWhyNotHealth: return "physical demands incompatible with health ({demands})";
    case Message::kWhyNotAvailableTooLate: return "available from {available}, after the start on {start}";
    case Message::kWhyNotFrenchRouting:
      return "French {level}, below the {threshold} level required for the job track: French courses and "
             "trainings first";
    case Message::kWhyNotOutOfProject:
      return "{occupation}: occupation too far from the professional project ({project})";

    // ---- A pair described in full
    case Message::kDescribePair: return "Candidate {candidate}, opening {opening}";
    case Message::kDescribeScoreFeasible: return "Score: {score} (placement possible)";
    case Message::kDescribeScoreExcluded: return "Score: {score} (excluded by a constraint)";
    case Message::kDescribeComponents: return "Components (value × weight):";
    case Message::kDescribeComponentsModel: return "Components (value × coefficient of the lasting-job model, log-odds):";
    case Message::kDescribeComponent: return "  {name}: {value} × {weight}";
    case Message::kComponentSkills: return "skills";
    case Message::kComponentOccupation: return "occupation";
    case Message::kComponentFrench: return "French";
    case Message::kComponentCommute: return "commute";
    case Message::kComponentTension: return "occupation in demand";
    case Message::kComponentPreferences: return "preferences";
    case Message::kDescribeViolations: return "Constraints not met:";
    case Message::kDescribeViolation: return "  {code}: {reason}";
    case Message::kDescribeNoViolation: return "  none";
    case Message::kDescribeCommute: return "Commute: {minutes} min {mode}";
    case Message::kDescribeNoCommute: return "Commute: none of the candidate's modes reaches the site";
    case Message::kDescribeSentence: return "For the candidate: {sentence}";

    // ---- Unplaced candidates' reasons
    case Message::kUnplacedNoRightToWork:
      return "{count, plural, one {{count} opening} other {{count} openings}} excluded: no right to work (only "
             "trainings and French courses remain)";
    case Message::kUnplacedDrivingLicence:
      return "{count, plural, one {{count} opening requires} other {{count} openings require}} a driving licence";
    case Message::kUnplacedVehicle:
      return "{count, plural, one {{count} opening} other {{count} openings}} reachable only by car";
    case Message::kUnplacedFrenchLevel:
      return "{count, plural, one {{count} opening needs} other {{count} openings need}} a higher French level";
    case Message::kUnplacedCommute:
      return "{count, plural, one {{count} opening} other {{count} openings}} beyond the commute limit";
    case Message::kUnplacedChildcare:
      return "{count, plural, one {{count} opening} other {{count} openings}} with hours incompatible with "
             "childcare";
    case Message::kUnplacedHealth:
      return "{count, plural, one {{count} opening} other {{count} openings}} physically incompatible with "
             "health";
    case Message::kUnplacedAvailableTooLate:
      return "{count, plural, one {{count} opening starts} other {{count} openings start}} before the "
             "candidate is available";
    case Message::kUnplacedFrenchRouting:
      return "{count, plural, one {{count} job} other {{count} jobs}} not open yet: French courses and "
             "trainings first";
    case Message::kUnplacedBanned:
      return "{count, plural, one {{count} opening} other {{count} openings}} ruled out by a counsellor";
    case Message::kUnplacedNoOpeningInReach: return "no opening within reach";
    case Message::kUnplacedPartiallyPlaced: return "{placed} of the {needed} placements needed";
    case Message::kUnplacedLostToBetterFit:
      return "{count, plural, one {{count} possible opening, given to a person whose profile fitted it "
             "better} other {{count} possible openings, given to people whose profiles fitted them better}}";
    case Message::kUnplacedEmployerCap: return "the employer already takes as many people as it can";
    case Message::kUnplacedQuotaLimit: return "a quota set by the programme limits these placements";
    case Message::kUnplacedSameSector: return "sector already used by another placement";
    case Message::kUnplacedBelowMinimumScore:
      return "{count, plural, one {{count} possible opening, below the minimum score ({best})} "
             "other {{count} possible openings, all below the minimum score (best {best})}}";
    case Message::kUnplacedOutOfProject:
      return "{count, plural, one {{count} opening} other {{count} openings}} too far from the professional "
             "project";
    case Message::kUnplacedClosedOpenings:
      return "{count, plural, one {{count} possible opening} other {{count} possible openings}}, but with no "
             "open seat (capacity 0)";
    case Message::kCounsellorNote: return "counsellor's note: \"{note}\"";

    // ---- Warnings
    case Message::kWarningClosedOpening: return "0 seats: the opening is closed, nobody will be placed there";
    case Message::kWarningUnknownOccupation:
      return "ROME code {code} is not in the taxonomy ({count, plural, one {{count} record} other {{count} "
             "records}}): it is related to no other occupation";
    case Message::kWarningSkillCodeVariant:
      return "skill code {code} differs from {other} only by case, spaces or punctuation: codes are compared "
             "exactly, so the two never match";
    case Message::kWarningFrenchLevelMissing:
      return "no French level given: read as beginner, so no opening with a minimum level is within reach";
    case Message::kWarningSharedLocation:
      return "{count} of the {total} candidates ({percent}%) {count, plural, one {lives} other {live}} at "
             "exactly the same point (latitude {latitude}, longitude {longitude}): probably a default address, "
             "which makes commutes wrong";
    case Message::kWarningBanOnExcludedPair:
      return "the ban changes nothing: the pair is already excluded ({reasons})";
    case Message::kWarningPinOnExcludedPair:
      return "the pair is excluded by a hard constraint ({reasons}): passerelle match will refuse to force it";
    case Message::kWarningMoreWarnings:
      return "{count, plural, one {{count} more warning} other {{count} more warnings}} not listed";
    // ---- Reports for counsellors
    case Message::kReportLabelValue: return "{label}: {value}";
    case Message::kReportTitle: return "Placement report";
    case Message::kReportColPerson: return "Person";
    case Message::kReportColPersonId: return "Id";
    case Message::kReportColStatus: return "Status";
    case Message::kReportColOpeningId: return "Opening id";
    case Message::kReportColTitle: return "Post";
    case Message::kReportColKind: return "Kind";
    case Message::kReportColOccupation: return "Occupation (ROME)";
    case Message::kReportColEmployer: return "Employer";
    case Message::kReportColHomeTown: return "Home";
    case Message::kReportColTown: return "Opening's town";
    case Message::kReportColCommute: return "Commute (min)";
    case Message::kReportColMode: return "Commute mode";
    case Message::kReportColScore: return "Score";
    case Message::kReportColExplanation: return "Explanation";
    case Message::kReportColReasons: return "Reasons";
    case Message::kReportColSeats: return "Seats";
    case Message::kReportColFilled: return "Filled";
    case Message::kReportColPlacedPeople: return "People placed";
    case Message::kReportSeatsFilledLabel: return "Seats filled";
    case Message::kReportColCount: return "Count";
    case Message::kReportColOutOf: return "Out of";
    case Message::kReportColRate: return "Rate";
    case Message::kReportStatusPlaced: return "placed";
    case Message::kReportStatusUnplaced: return "not placed";
    case Message::kReportKindJob: return "job";
    case Message::kReportKindApprenticeship: return "apprenticeship";
    case Message::kReportKindInternship: return "internship";
    case Message::kReportKindQualifyingTraining: return "qualifying training";
    case Message::kReportKindFrenchCourse: return "French course";
    case Message::kReportKindWorkplaceTrial: return "workplace trial";
    case Message::kReportSheetPlacements: return "Placements";
    case Message::kReportSheetUnplaced: return "Not placed";
    case Message::kReportSheetSummary: return "Summary";
    case Message::kReportSheetOpenings: return "Openings";
    case Message::kReportSectionSummary: return "Summary";
    case Message::kReportSectionMap: return "Map";
    case Message::kReportSectionPeople: return "People";
    case Message::kReportSectionOpenings: return "Employers and openings";
    case Message::kReportStatPlacedPeople:
      return "{placed} of {total} {total, plural, one {person} other {people}} placed";
    case Message::kReportStatPlacements: return "{count, plural, one {placement} other {placements}} in all";
    case Message::kReportStatSeats: return "{filled} of {seats} {seats, plural, one {seat} other {seats}} filled";
    case Message::kReportStatMeanScore: return "mean score of the placements (0 to 1)";
    case Message::kReportStatMeanCommute: return "mean commute, one way";
    case Message::kReportChartByKind: return "Seats filled by kind of opening";
    case Message::kReportChartOptimum: return "Whole optimisation compared with one-by-one assignment";
    case Message::kReportOptimum: return "whole optimisation";
    case Message::kReportGreedy: return "one by one";
    case Message::kReportMetricPlacements: return "Placements";
    case Message::kReportMetricTotalScore: return "Total score";
    case Message::kReportChartSubgroups: return "Placement rate by group";
    case Message::kReportDimGender: return "Gender";
    case Message::kReportDimCountry: return "Country of origin";
    case Message::kReportDimDepartement: return "Département";
    case Message::kReportDimAgeGroup: return "Age";
    case Message::kReportGenderFemale: return "women";
    case Message::kReportGenderMale: return "men";
    case Message::kReportGenderOther: return "other";
    case Message::kReportNotGiven: return "not given";
    case Message::kReportPercent: return "{percent}%";
    case Message::kReportFraction: return "{placed} of {total}";
    case Message::kReportCommute: return "{minutes} min {mode}";
    case Message::kReportScore: return "score {score}";
    case Message::kReportWhyNot: return "Why no placement";
    case Message::kReportCardsShown:
      return "{shown} of {total} cards {shown, plural, one {is} other {are}} shown here; the full list is in the "
             "CSV or XLSX export.";
    case Message::kReportSeatsFilled:
      return "{filled} of {capacity, plural, one {{capacity} seat} other {{capacity} seats}} filled";
    case Message::kReportNobodyPlaced: return "nobody placed on this opening";
    case Message::kReportShortlist: return "Shortlist";
    case Message::kReportNoEmployer: return "no employer";
    case Message::kReportMapPeoplePlaced: return "people placed";
    case Message::kReportMapPeopleUnplaced: return "people not placed";
    case Message::kReportMapOpenings: return "openings";
    case Message::kReportMapLines: return "from home to the opening chosen";
    case Message::kReportMapNoPoints: return "no coordinates to map";
    case Message::kReportPinned: return "pinned by a counsellor";
    case Message::kReportStatusLine: return "Optimisation: {status}";
    case Message::kReportStatusOptimal: return "proven optimal";
    case Message::kReportStatusInfeasible: return "constraints that cannot all be met (quotas, pins)";
    case Message::kReportStatusNotProven: return "feasible, not proven optimal";
    case Message::kFitSelectiveLabels:
      return "past placements were not randomised: outcomes are known only for pairs counsellors chose "
             "(selective labels); the model may be wrong about pairs they never tried";
    case Message::kFitSmallSubgroup:
      return "subgroup {attribute} = \"{value}\": {count} test placements, {lasting} lasting, too few for "
             "its metrics to mean anything";
    case Message::kUnplacedQuotaShortfall:
      return "policy.quotas[{quota}] needs at least {needed, plural, one {{needed} placement} other {{needed} "
             "placements}} for \"{value}\"";
  }
  return {};
}

}  // namespace passerelle::text
