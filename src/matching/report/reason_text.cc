// The report's sentences (see reason_text.h): which message of the
// catalogue each reason uses and the numbers it names. The words are in
// src/text/catalogue_fr.cc and catalogue_en.cc.
#include "report/reason_text.h"

#include <string>

#include "text/catalogue.h"

namespace passerelle::matching {

using text::Message;

std::string ExcludedText(ReasonCode code, int32_t count, Language lang) {
  Message id;
  switch (code) {
    case ReasonCode::kNoRightToWork: id = Message::kUnplacedNoRightToWork; break;
    case ReasonCode::kDrivingLicenceRequired: id = Message::kUnplacedDrivingLicence; break;
    case ReasonCode::kVehicleRequired: id = Message::kUnplacedVehicle; break;
    case ReasonCode::kFrenchLevelTooLow: id = Message::kUnplacedFrenchLevel; break;
    case ReasonCode::kCommuteTooLong: id = Message::kUnplacedCommute; break;
    case ReasonCode::kChildcareSchedule: id = Message::kUnplacedChildcare; break;
    case ReasonCode::kHealthRestriction: id = Message::kUnplacedHealth; break;
    case ReasonCode::kAvailableTooLate: id = Message::kUnplacedAvailableTooLate; break;
    case ReasonCode::kFrenchRouting: id = Message::kUnplacedFrenchRouting; break;
    case ReasonCode::kBanned: id = Message::kUnplacedBanned; break;
    case ReasonCode::kOutOfProject: id = Message::kUnplacedOutOfProject; break;
    case ReasonCode::kNoOpeningInReach: return text::Format(Message::kUnplacedNoOpeningInReach, lang);
    default: return "";
  }
  return text::Format(id, lang, {{"count", count}});
}

std::string PartiallyPlacedText(int32_t placed, int32_t needed, Language lang) {
  return text::Format(Message::kUnplacedPartiallyPlaced, lang, {{"placed", placed}, {"needed", needed}});
}

std::string LostToBetterFitText(int32_t count, Language lang) {
  return text::Format(Message::kUnplacedLostToBetterFit, lang, {{"count", count}});
}

std::string EmployerCapText(Language lang) { return text::Format(Message::kUnplacedEmployerCap, lang); }

std::string QuotaLimitText(Language lang) { return text::Format(Message::kUnplacedQuotaLimit, lang); }

std::string SameSectorText(Language lang) { return text::Format(Message::kUnplacedSameSector, lang); }

std::string ClosedOpeningsText(int32_t count, Language lang) {
  return text::Format(Message::kUnplacedClosedOpenings, lang, {{"count", count}});
}

void AppendCounsellorNote(const std::string& note, Language lang, std::string* out) {
  if (!out->empty()) text::Append(out, Message::kClauseSeparator, lang);
  text::Append(out, Message::kCounsellorNote, lang, {{"note", note}});
}

std::string BelowMinimumScoreText(int32_t count, double best, Language lang) {
  return text::Format(Message::kUnplacedBelowMinimumScore, lang, {{"count", count}, {"best", best, 2}});
}

std::string QuotaShortfallText(size_t quota, int64_t needed, const std::string& value, Language lang) {
  // The index is part of a field path: digits as they stand, in any language.
  const std::string index = std::to_string(quota);
  return text::Format(Message::kUnplacedQuotaShortfall, lang, {{"quota", index}, {"needed", needed}, {"value", value}});
}

void AppendClause(const std::string& clause, Language lang, std::string* out) {
  if (!out->empty()) text::Append(out, Message::kClauseSeparator, lang);
  *out += clause;
}

}  // namespace passerelle::matching
