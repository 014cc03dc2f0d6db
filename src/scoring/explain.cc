// Plain-language explanations of pairs, in French and English.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "passerelle/scoring.h"

namespace passerelle {
namespace {

bool En(Language language) { return language == Language::kEnglish; }

std::string Minutes(double minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f min", std::round(minutes));
  return buf;
}

std::string LevelName(CefrLevel level, Language language) {
  if (level == CefrLevel::kNone) return En(language) ? "beginner" : "débutant";
  return ToString(level);
}

const char* ModePhrase(TransportMode mode, Language language) {
  const bool en = En(language);
  switch (mode) {
    case TransportMode::kWalk: return en ? "on foot" : "à pied";
    case TransportMode::kBicycle: return en ? "by bicycle" : "à vélo";
    case TransportMode::kPublicTransport: return en ? "by public transport" : "en transports en commun";
    case TransportMode::kCar: return en ? "by car" : "en voiture";
    case TransportMode::kMoped: return en ? "by moped" : "en deux-roues";
    case TransportMode::kCarpool: return en ? "by carpool" : "en covoiturage";
  }
  return "";
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// Label of a skill code, from the opening's requirements or the candidate's
// skills; the code itself when neither has one.
std::string SkillLabel(const Candidate& c, const Opening& o, const std::string& code) {
  for (const auto* list : {&o.required_skills, &o.optional_skills}) {
    for (const SkillRequirement& q : *list) {
      if (q.code == code && !q.label.empty()) return q.label;
    }
  }
  for (const Skill& s : c.skills) {
    if (s.code == code && !s.label.empty()) return s.label;
  }
  return code;
}

// Candidate's own label for a skill first (e.g. "CAP cuisine"), for skills
// acquired abroad.
std::string CandidateSkillLabel(const Candidate& c, const Opening& o, const std::string& code) {
  for (const Skill& s : c.skills) {
    if (s.code == code && !s.label.empty()) return s.label;
  }
  return SkillLabel(c, o, code);
}

std::string OccupationName(const Taxonomy& taxonomy, const std::string& code) {
  const std::string_view label = taxonomy.Label(code);
  if (label.empty()) return code;
  return std::string(label) + " (" + code + ")";
}

std::string SkillsClause(const Candidate& c, const Opening& o, const PairEvaluation& e,
                         Language language) {
  const bool en = En(language);
  if (e.required_skills_total == 0) {
    return en ? "no essential skill required" : "aucune compétence essentielle exigée";
  }
  std::string s = en ? "covers " + std::to_string(e.required_skills_covered) + " of " +
                           std::to_string(e.required_skills_total) + " essential skills"
                     : "couvre " + std::to_string(e.required_skills_covered) + " des " +
                           std::to_string(e.required_skills_total) +
                           " compétences essentielles";
  if (!e.skills_acquired_abroad.empty()) {
    std::vector<std::string> labels;
    for (const std::string& code : e.skills_acquired_abroad) {
      labels.push_back(CandidateSkillLabel(c, o, code));
    }
    s += en ? ", including " + Join(labels, ", ") + " acquired abroad"
            : ", dont " + Join(labels, ", ") + " acquis à l'étranger";
  }
  if (!e.skill_gaps.empty()) {
    std::vector<std::string> labels;
    for (const std::string& code : e.skill_gaps) labels.push_back(SkillLabel(c, o, code));
    const bool trains = o.provides_skill_training || o.kind == OpeningKind::kQualifyingTraining ||
                        o.kind == OpeningKind::kApprenticeship;
    s += en ? "; to learn: " + Join(labels, ", ") + (trains ? " (training provided)" : "")
            : " ; à acquérir : " + Join(labels, ", ") + (trains ? " (formation prévue)" : "");
  }
  return s;
}

std::string OccupationClause(const Candidate& c, const Opening& o, const Taxonomy& taxonomy,
                             Language language) {
  const bool en = En(language);
  if (o.occupation.empty() || (c.target_occupations.empty() && c.past_occupations.empty())) {
    return "";
  }
  const std::string name = OccupationName(taxonomy, o.occupation);
  for (const std::string& t : c.target_occupations) {
    if (t == o.occupation) return (en ? "career goal: " : "projet professionnel : ") + name;
  }
  for (const std::string& p : c.past_occupations) {
    if (p == o.occupation) return (en ? "former occupation: " : "ancien métier : ") + name;
  }
  double best = 0;
  std::string best_code;
  bool best_is_target = true;
  for (const auto* list : {&c.target_occupations, &c.past_occupations}) {
    const bool target = list == &c.target_occupations;
    for (const std::string& code : *list) {
      const double p = taxonomy.Proximity(code, o.occupation) * (target ? 1.0 : kPastOccupationDiscount);
      if (p > best) {
        best = p;
        best_code = code;
        best_is_target = target;
      }
    }
  }
  if (best == 0) return (en ? "outside the career goal: " : "hors projet : ") + name;
  const std::string other = OccupationName(taxonomy, best_code);
  if (best_is_target) {
    return en ? name + ", close to the career goal " + other
              : name + ", proche du projet " + other;
  }
  return en ? name + ", close to the former occupation " + other
            : name + ", proche de l'ancien métier " + other;
}

std::string FrenchClause(const Candidate& c, const Opening& o, Language language) {
  const bool en = En(language);
  const std::string level = LevelName(c.french_level, language);
  if (o.kind == OpeningKind::kFrenchCourse) {
    return en ? "French course for a " + level + " level" : "cours de français pour un niveau " + level;
  }
  if (o.min_french_level == CefrLevel::kNone) {
    return en ? "French " + level + ", no minimum required" : "français " + level + ", aucun minimum exigé";
  }
  std::string s = en ? "French " + level + " for a " + ToString(o.min_french_level) + " post"
                     : "français " + level + " pour un poste " + ToString(o.min_french_level);
  if (c.french_level < o.min_french_level && o.provides_french_training) {
    s += en ? " with French training" : " avec formation en français";
  }
  return s;
}

std::string ShiftList(const Schedule& s, Language language) {
  const bool en = En(language);
  std::vector<std::string> shifts;
  if (s.early_shift) shifts.push_back(en ? "early" : "tôt le matin");
  if (s.night_shift) shifts.push_back(en ? "night" : "de nuit");
  if (s.weekend_shift) shifts.push_back(en ? "weekend" : "le week-end");
  return Join(shifts, en ? ", " : ", ");
}

const char* DemandName(PhysicalDemand d, Language language) {
  const bool en = En(language);
  switch (d) {
    case PhysicalDemand::kHeavyLoads: return en ? "heavy loads" : "port de charges lourdes";
    case PhysicalDemand::kProlongedStanding: return en ? "prolonged standing" : "station debout prolongée";
    case PhysicalDemand::kOutdoorWork: return en ? "outdoor work" : "travail en extérieur";
    case PhysicalDemand::kWorkAtHeight: return en ? "work at height" : "travail en hauteur";
    case PhysicalDemand::kRepetitiveMovements: return en ? "repetitive movements" : "gestes répétitifs";
  }
  return "";
}

}  // namespace

std::string ExplainViolation(const MatchRequest& request, CandidateIndex candidate,
                             OpeningIndex opening, const PairEvaluation& e, ReasonCode code,
                             Language language) {
  const Candidate& c = request.candidates[candidate];
  const Opening& o = request.openings[opening];
  const bool en = En(language);
  const std::string max = Minutes(c.mobility.max_commute_minutes);
  switch (code) {
    case ReasonCode::kNoRightToWork:
      return en ? "no right to work yet: only trainings and French courses are open"
                : "pas encore d'autorisation de travail : seuls les formations et les cours de "
                  "français sont possibles";
    case ReasonCode::kDrivingLicenceRequired:
      return en ? "driving licence required" : "permis de conduire exigé";
    case ReasonCode::kVehicleRequired:
      return en ? "reachable within " + max + " only by car, and no car available"
                : "accessible en moins de " + max + " seulement en voiture, sans véhicule";
    case ReasonCode::kFrenchLevelTooLow:
      return en ? "French " + LevelName(c.french_level, language) + " below the minimum " +
                      ToString(o.min_french_level)
                : "français " + LevelName(c.french_level, language) + " sous le minimum " +
                      ToString(o.min_french_level);
    case ReasonCode::kCommuteTooLong:
      if (!std::isfinite(e.commute_minutes)) {
        return en ? "no available transport to the site"
                  : "aucun moyen de transport disponible jusqu'au site";
      }
      return en ? "commute of " + Minutes(e.commute_minutes) + " " +
                      ModePhrase(e.commute_mode, language) + " beyond the " + max + " maximum"
                : "trajet de " + Minutes(e.commute_minutes) + " " +
                      ModePhrase(e.commute_mode, language) + ", au-delà du maximum de " + max;
    case ReasonCode::kChildcareSchedule:
      return en ? ShiftList(o.schedule, language) + " shifts incompatible with childcare"
                : "horaires (" + ShiftList(o.schedule, language) +
                      ") incompatibles avec la garde des enfants";
    case ReasonCode::kHealthRestriction: {
      std::vector<std::string> demands;
      for (int d = 0; d < 5; ++d) {
        const auto demand = static_cast<PhysicalDemand>(d);
        if (o.physical_demands.Has(demand) && c.barriers.health_restrictions.Has(demand)) {
          demands.push_back(DemandName(demand, language));
        }
      }
      return en ? "physical demands excluded for health reasons (" + Join(demands, ", ") + ")"
                : "contraintes physiques incompatibles avec la santé (" + Join(demands, ", ") + ")";
    }
    case ReasonCode::kAvailableTooLate: {
      Date start = o.start_date;
      if (request.policy.has_reference_date) {
        start = start == kNoDate ? request.policy.reference_date
                                 : std::max(start, request.policy.reference_date);
      }
      return en ? "available from " + FormatDate(c.available_from) + ", after the start on " +
                      FormatDate(start)
                : "disponible le " + FormatDate(c.available_from) + ", après le début le " +
                      FormatDate(start);
    }
    case ReasonCode::kFrenchRouting: {
      const std::string threshold = ToString(request.policy.job_track_min_french_level);
      return en ? "French " + LevelName(c.french_level, language) + " below the job-track threshold " +
                      threshold + ": French courses and trainings first"
                : "français " + LevelName(c.french_level, language) +
                      " sous le seuil du parcours emploi (" + threshold +
                      ") : cours de français et formations d'abord";
    }
    default:
      return ToString(code);
  }
}

std::string Explain(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                    const PairEvaluation& e, Language language, const Taxonomy& taxonomy) {
  const Candidate& c = request.candidates[candidate];
  const Opening& o = request.openings[opening];
  const bool en = En(language);
  std::vector<std::string> parts;
  if (!e.feasible) {
    for (ReasonCode code : e.violations) {
      parts.push_back(ExplainViolation(request, candidate, opening, e, code, language));
    }
    return (en ? "Excluded: " : "Exclu : ") + Join(parts, en ? "; " : " ; ");
  }
  if (o.kind != OpeningKind::kFrenchCourse) parts.push_back(SkillsClause(c, o, e, language));
  if (std::string occupation = OccupationClause(c, o, taxonomy, language); !occupation.empty()) {
    parts.push_back(std::move(occupation));
  }
  parts.push_back(FrenchClause(c, o, language));
  parts.push_back(Minutes(e.commute_minutes) + " " + ModePhrase(e.commute_mode, language));
  if (e.breakdown.tension >= 0.5) {
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f", e.breakdown.tension * 100);
    parts.push_back(en ? std::string("hard-to-fill occupation (") + pct + "% of hires difficult)"
                       : std::string("métier en tension (") + pct +
                             " % de recrutements difficiles)");
  }
  std::string out = Join(parts, en ? "; " : " ; ");
  // Capitalise the first letter (ASCII only; clauses start with ASCII or "à").
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace passerelle
