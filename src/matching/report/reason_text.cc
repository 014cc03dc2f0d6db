// The report's sentences (see reason_text.h).
#include "report/reason_text.h"

#include <cstdio>
#include <string>

namespace passerelle::matching {

std::string ExcludedText(ReasonCode code, int32_t count, Language lang) {
  const bool fr = lang == Language::kFrench;
  const std::string n = std::to_string(count);
  switch (code) {
    case ReasonCode::kNoRightToWork:
      return fr ? n + " offre(s) exclue(s) : pas d'autorisation de travail (seules formations et cours de français restent)"
                : n + " opening(s) excluded: no right to work (only trainings and French courses remain)";
    case ReasonCode::kDrivingLicenceRequired:
      return fr ? n + " offre(s) exigent le permis de conduire" : n + " opening(s) require a driving licence";
    case ReasonCode::kVehicleRequired:
      return fr ? n + " offre(s) accessibles seulement en voiture" : n + " opening(s) reachable only by car";
    case ReasonCode::kFrenchLevelTooLow:
      return fr ? n + " offre(s) demandent un niveau de français plus élevé" : n + " opening(s) need a higher French level";
    case ReasonCode::kCommuteTooLong:
      return fr ? n + " offre(s) trop loin du domicile" : n + " opening(s) beyond the commute limit";
    case ReasonCode::kChildcareSchedule:
      return fr ? n + " offre(s) à horaires incompatibles avec la garde d'enfants"
                : n + " opening(s) with hours incompatible with childcare";
    case ReasonCode::kHealthRestriction:
      return fr ? n + " offre(s) physiquement incompatibles (santé)" : n + " opening(s) physically incompatible (health)";
    case ReasonCode::kAvailableTooLate:
      return fr ? n + " offre(s) commencent avant la disponibilité" : n + " opening(s) start before the candidate is available";
    case ReasonCode::kFrenchRouting:
      return fr ? n + " emploi(s) fermés : parcours français d'abord" : n + " job(s) closed: French track first";
    case ReasonCode::kBanned:
      return fr ? n + " offre(s) écartée(s) par un conseiller" : n + " opening(s) banned by a counsellor";
    case ReasonCode::kNoOpeningInReach:
      return fr ? "aucune offre à portée" : "no opening within reach";
    default: return "";
  }
}

std::string PartiallyPlacedText(int32_t placed, int32_t needed, Language lang) {
  return lang == Language::kFrench
             ? "placé(e) " + std::to_string(placed) + " fois sur " + std::to_string(needed) + " nécessaires"
             : "placed " + std::to_string(placed) + " of " + std::to_string(needed) + " times needed";
}

std::string LostToBetterFitText(int32_t count, Language lang) {
  return lang == Language::kFrench
             ? std::to_string(count) + " offre(s) possible(s) pourvue(s) par des candidats mieux adaptés"
             : std::to_string(count) + " feasible opening(s) filled by better-fitting candidates";
}

std::string EmployerCapText(Language lang) {
  return lang == Language::kFrench ? "plafond d'accueil de l'employeur atteint" : "employer's cap reached";
}

std::string QuotaLimitText(Language lang) {
  return lang == Language::kFrench ? "un quota de la politique limite ces placements"
                                   : "a policy quota limits these placements";
}

std::string SameSectorText(Language lang) {
  return lang == Language::kFrench ? "secteur déjà couvert par un autre placement"
                                   : "sector already used by another placement";
}

std::string BelowMinimumScoreText(int32_t count, double best, Language lang) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", best);
  return lang == Language::kFrench
             ? std::to_string(count) + " offre(s) possible(s), toutes sous le score minimum (" + std::string(buf) +
                   " au mieux)"
             : std::to_string(count) + " feasible opening(s), all below the minimum score (best " + std::string(buf) +
                   ")";
}

std::string QuotaShortfallText(size_t quota, int64_t needed, const std::string& value) {
  return "policy.quotas[" + std::to_string(quota) + "] needs at least " + std::to_string(needed) +
         " placements for \"" + value + "\"";
}

}  // namespace passerelle::matching
