// Every sentence passerelle writes for people in English (catalogue.h says
// what each message is for and how the explanations put them together).
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

    // ---- A feasible pair, e.g. "Covers 4 of 5 essential skills, including
    // CAP cuisine acquired abroad; to learn: HACCP; career goal: Personnel de
    // cuisine (G1602); French A2 for a A2 post; 22 min by public transport;
    // hard-to-fill occupation (64% of hires difficult)"
    case Message::kPairNoEssentialSkill: return "no essential skill required";
    case Message::kPairSkillsCovered: return "covers {covered} of {total} essential skills";
    case Message::kPairSkillsAcquiredAbroad: return ", including {skills} acquired abroad";
    case Message::kPairSkillsToLearn: return "; to learn: {skills}";
    case Message::kPairSkillsToLearnWithTraining: return "; to learn: {skills} (training provided)";
    case Message::kPairCareerGoal: return "career goal: {occupation}";
    case Message::kPairFormerOccupation: return "former occupation: {occupation}";
    case Message::kPairOutsideCareerGoal: return "outside the career goal: {occupation}";
    case Message::kPairCloseToCareerGoal: return "{occupation}, close to the career goal {goal}";
    case Message::kPairCloseToFormerOccupation: return "{occupation}, close to the former occupation {former}";
    case Message::kPairFrenchCourse: return "French course for a {level} level";
    case Message::kPairFrenchNoMinimum: return "French {level}, no minimum required";
    case Message::kPairFrenchForPost: return "French {level} for a {minimum} post";
    case Message::kPairFrenchForPostWithTraining: return "French {level} for a {minimum} post with French training";
    case Message::kPairCommute: return "{minutes} min {mode}";
    case Message::kPairCommuteTownLevel: return "about {minutes} min {mode} (town-to-town estimate)";
    case Message::kPairCommuteOnSite: return "on site";
    case Message::kPairHardToFill: return "hard-to-fill occupation ({percent}% of hires difficult)";

    // ---- An excluded pair
    case Message::kWhyNotExcluded: return "Excluded: {reasons}";
    case Message::kWhyNotNoRightToWork: return "no right to work yet: only trainings and French courses are open";
    case Message::kWhyNotDrivingLicence: return "driving licence required";
    case Message::kWhyNotVehicle: return "reachable within {max} min only by car, and no car available";
    case Message::kWhyNotFrenchLevel: return "French {level} below the minimum {minimum}";
    case Message::kWhyNotNoTransport: return "no available transport to the site";
    case Message::kWhyNotCommute: return "commute of {minutes} min {mode} beyond the {max} min maximum";
    case Message::kWhyNotChildcare: return "{shifts} shifts incompatible with childcare";
    case Message::kWhyNotHealth: return "physical demands excluded for health reasons ({demands})";
    case Message::kWhyNotAvailableTooLate: return "available from {available}, after the start on {start}";
    case Message::kWhyNotFrenchRouting:
      return "French {level} below the job-track threshold {threshold}: French courses and trainings first";
    case Message::kWhyNotOutOfProject: return "{occupation} outside the professional project ({project})";

    // ---- A pair described in full
    case Message::kDescribePair: return "Candidate {candidate}, opening {opening}";
    case Message::kDescribeScoreFeasible: return "Score: {score} (placement possible)";
    case Message::kDescribeScoreExcluded: return "Score: {score} (excluded by a constraint)";
    case Message::kDescribeComponents: return "Components (value × weight):";
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
      return "{count} opening(s) excluded: no right to work (only trainings and French courses remain)";
    case Message::kUnplacedDrivingLicence: return "{count} opening(s) require a driving licence";
    case Message::kUnplacedVehicle: return "{count} opening(s) reachable only by car";
    case Message::kUnplacedFrenchLevel: return "{count} opening(s) need a higher French level";
    case Message::kUnplacedCommute: return "{count} opening(s) beyond the commute limit";
    case Message::kUnplacedChildcare: return "{count} opening(s) with hours incompatible with childcare";
    case Message::kUnplacedHealth: return "{count} opening(s) physically incompatible (health)";
    case Message::kUnplacedAvailableTooLate: return "{count} opening(s) start before the candidate is available";
    case Message::kUnplacedFrenchRouting: return "{count} job(s) closed: French track first";
    case Message::kUnplacedBanned: return "{count} opening(s) banned by a counsellor";
    case Message::kUnplacedNoOpeningInReach: return "no opening within reach";
    case Message::kUnplacedPartiallyPlaced: return "placed {placed} of {needed} times needed";
    case Message::kUnplacedLostToBetterFit: return "{count} feasible opening(s) filled by better-fitting candidates";
    case Message::kUnplacedEmployerCap: return "employer's cap reached";
    case Message::kUnplacedQuotaLimit: return "a policy quota limits these placements";
    case Message::kUnplacedSameSector: return "sector already used by another placement";
    case Message::kUnplacedBelowMinimumScore:
      return "{count} feasible opening(s), all below the minimum score (best {best})";
    case Message::kUnplacedOutOfProject: return "{count} opening(s) outside the professional project";
    case Message::kUnplacedClosedOpenings:
      return "{count} feasible opening(s) with no open seat (capacity 0)";
    case Message::kCounsellorNote:
      return "counsellor's note: \"{note}\"";

    // ---- Warnings
    case Message::kWarningClosedOpening:
      return "0 seats: the opening is closed, nobody will be placed there";
    case Message::kWarningUnknownOccupation:
      return "ROME code {code} is not in the taxonomy ({count} record(s)): it is related to no other occupation";
    case Message::kWarningSkillCodeVariant:
      return "skill code {code} differs from {other} only by case, spaces or punctuation: codes are compared exactly, so the two never match";
    case Message::kWarningFrenchLevelMissing:
      return "no French level given: read as beginner, so no opening with a minimum level is within reach";
    case Message::kWarningSharedLocation:
      return "{count} of the {total} candidates ({percent}%) live at exactly the same point ({latitude}, {longitude}): probably a default address, which makes commutes wrong";
    case Message::kWarningBanOnExcludedPair:
      return "the ban changes nothing: the pair is already excluded ({reasons})";
    case Message::kWarningPinOnExcludedPair:
      return "the pair is excluded by a hard constraint ({reasons}): passerelle match will refuse to force it";
    case Message::kWarningMoreWarnings:
      return "{count} more warning(s) not listed";
    // Read for requests in every language (see the French catalogue).
    case Message::kUnplacedQuotaShortfall:
      return "policy.quotas[{quota}] needs at least {needed} placements for \"{value}\"";
  }
  return {};
}

}  // namespace passerelle::text
