// Plain-language explanations of pairs: which clauses a pair gets and the
// values they name. Their words, in each language, are the catalogue's
// (src/text/catalogue_fr.cc, catalogue_en.cc).
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/scoring.h"
#include "text/catalogue.h"

namespace passerelle {
namespace {

using text::Arg;
using text::Message;

// Writes one explanation in one language.
class Writer {
 public:
  Writer(Language language, std::string* out) : language_(language), out_(out) {}

  void Add(Message id, std::initializer_list<Arg> args = {}) const { text::Append(out_, id, language_, args); }
  // A code, the same in every language (e.g. "employer_cap").
  void AddCode(std::string_view code) const { *out_ += code; }
  // Adds `item` to `list`, after the list separator unless it is the first.
  void AddToList(std::string* list, std::string_view item) const {
    if (!list->empty()) *list += Word(Message::kListSeparator);
    *list += item;
  }
  // Starts a clause: the clause separator unless it is the first.
  void NextClause() const {
    if (!out_->empty()) *out_ += Word(Message::kClauseSeparator);
  }
  std::string_view Word(Message id) const { return text::Template(id, language_); }
  Language language() const { return language_; }

 private:
  Language language_;
  std::string* out_;
};

// The commute minutes as the sentences show them: rounded half away from
// zero, no decimals.
Arg Minutes(std::string_view name, double minutes) { return Arg{name, std::round(minutes), 0}; }

std::string_view LevelName(CefrLevel level, const Writer& w) {
  if (level == CefrLevel::kNone) return w.Word(Message::kLevelBeginner);
  return ToString(level);
}

std::string_view ModePhrase(TransportMode mode, const Writer& w) {
  switch (mode) {
    case TransportMode::kWalk: return w.Word(Message::kModeWalk);
    case TransportMode::kBicycle: return w.Word(Message::kModeBicycle);
    case TransportMode::kPublicTransport: return w.Word(Message::kModePublicTransport);
    case TransportMode::kCar: return w.Word(Message::kModeCar);
    case TransportMode::kMoped: return w.Word(Message::kModeMoped);
    case TransportMode::kCarpool: return w.Word(Message::kModeCarpool);
  }
  return {};
}

std::string_view DemandName(PhysicalDemand d, const Writer& w) {
  switch (d) {
    case PhysicalDemand::kHeavyLoads: return w.Word(Message::kDemandHeavyLoads);
    case PhysicalDemand::kProlongedStanding: return w.Word(Message::kDemandProlongedStanding);
    case PhysicalDemand::kOutdoorWork: return w.Word(Message::kDemandOutdoorWork);
    case PhysicalDemand::kWorkAtHeight: return w.Word(Message::kDemandWorkAtHeight);
    case PhysicalDemand::kRepetitiveMovements: return w.Word(Message::kDemandRepetitiveMovements);
  }
  return {};
}

// Labels of a pair's skill codes: the first non-empty label the opening's
// requirements give a code, and the first the candidate's skills give it.
// Long lists are indexed by code once per pair, so that naming every gap of
// a pair costs O(skills + requirements), not their product; short ones, the
// usual case, are scanned.
class SkillLabels {
 public:
  SkillLabels(const Candidate& c, const Opening& o) : c_(c), o_(o) {
    constexpr size_t kIndexFrom = 32;
    indexed_ = c.skills.size() + o.required_skills.size() + o.optional_skills.size() > kIndexFrom;
    if (!indexed_) return;
    for (const auto* list : {&o.required_skills, &o.optional_skills}) {
      for (const SkillRequirement& q : *list) {
        if (!q.label.empty()) opening_.try_emplace(q.code, &q.label);
      }
    }
    for (const SkillRequirement& q : o.required_skills) required_.insert(q.code);
    for (const Skill& s : c.skills) {
      held_.insert(s.code);
      if (!s.label.empty()) candidate_.try_emplace(s.code, &s.label);
    }
  }

  // Whether the opening requires a skill of code `code`.
  bool OpeningRequires(const std::string& code) const {
    if (indexed_) return required_.count(code) != 0;
    for (const SkillRequirement& q : o_.required_skills) {
      if (q.code == code) return true;
    }
    return false;
  }
  // Whether the candidate holds a skill of code `code`, at any level.
  bool CandidateHas(const std::string& code) const {
    if (indexed_) return held_.count(code) != 0;
    for (const Skill& s : c_.skills) {
      if (s.code == code) return true;
    }
    return false;
  }

  // The opening's label first, then the candidate's; the code itself when
  // neither has one.
  const std::string& OpeningFirst(const std::string& code) const {
    if (const std::string* label = FromOpening(code)) return *label;
    if (const std::string* label = FromCandidate(code)) return *label;
    return code;
  }
  // The candidate's own label first (e.g. "CAP cuisine"), for skills
  // acquired abroad.
  const std::string& CandidateFirst(const std::string& code) const {
    if (const std::string* label = FromCandidate(code)) return *label;
    return OpeningFirst(code);
  }

 private:
  const std::string* FromOpening(const std::string& code) const {
    if (indexed_) {
      const auto it = opening_.find(code);
      return it == opening_.end() ? nullptr : it->second;
    }
    for (const auto* list : {&o_.required_skills, &o_.optional_skills}) {
      for (const SkillRequirement& q : *list) {
        if (q.code == code && !q.label.empty()) return &q.label;
      }
    }
    return nullptr;
  }
  const std::string* FromCandidate(const std::string& code) const {
    if (indexed_) {
      const auto it = candidate_.find(code);
      return it == candidate_.end() ? nullptr : it->second;
    }
    for (const Skill& s : c_.skills) {
      if (s.code == code && !s.label.empty()) return &s.label;
    }
    return nullptr;
  }

  const Candidate& c_;
  const Opening& o_;
  bool indexed_ = false;
  std::unordered_map<std::string_view, const std::string*> opening_, candidate_;
  std::unordered_set<std::string_view> held_, required_;
};

std::string OccupationName(const Taxonomy& taxonomy, const std::string& code, const Writer& w) {
  const std::string_view label = taxonomy.Label(code);
  if (label.empty()) return code;
  std::string name;
  text::Append(&name, w.Word(Message::kOccupationWithCode), w.language(), {{"label", label}, {"code", code}});
  return name;
}

// The skills clauses (see the order in text/catalogue.h). A job names the
// required skills the candidate covers and those still to learn; a
// qualifying training or an apprenticeship is valued for what it teaches
// (`SkillsScore`), so it names the required skills it brings that the
// candidate does not hold yet, or says the candidate practised its trade. Optional skills held and skills acquired
// abroad get clauses of their own, never counted among the required ones.
void AddSkillsClauses(const Candidate& c, const Opening& o, const PairEvaluation& e, const Taxonomy& taxonomy,
                      const Writer& w) {
  const SkillLabels skill_labels(c, o);
  const int64_t total = e.required_skills_total;
  const int64_t covered = e.required_skills_covered;
  std::string gaps;
  for (const std::string& code : e.skill_gaps) w.AddToList(&gaps, skill_labels.OpeningFirst(code));
  const bool teaches = o.kind == OpeningKind::kQualifyingTraining || o.kind == OpeningKind::kApprenticeship;
  // A past occupation that is the training's own counts as holding what it
  // teaches (`SkillsScore`'s `practised`), whatever skills were recorded.
  const bool practised = teaches && !o.occupation.empty() &&
                         std::any_of(c.past_occupations.begin(), c.past_occupations.end(), [&](const std::string& p) {
                           return taxonomy.Proximity(p, o.occupation) >= kProximitySame;
                         });
  if (practised) {
    w.Add(Message::kPairTrainingPractised);
  } else if (teaches) {
    if (total == 0) {
      w.Add(Message::kPairTrainingNoSkillListed);
    } else if (covered == 0) {
      w.Add(Message::kPairTrainingBringsAll, {{"total", total}, {"skills", gaps}});
    } else if (covered == total) {
      w.Add(Message::kPairTrainingBringsNone, {{"total", total}});
    } else {
      w.Add(Message::kPairTrainingBringsSome, {{"brings", total - covered}, {"total", total}, {"skills", gaps}});
    }
  } else {
    if (total == 0) {
      w.Add(Message::kPairNoRequiredSkill);
    } else if (covered == total) {
      w.Add(Message::kPairSkillsCoveredAll, {{"total", total}});
    } else if (covered == 0) {
      w.Add(Message::kPairSkillsCoveredNone, {{"total", total}});
    } else {
      w.Add(Message::kPairSkillsCoveredSome, {{"covered", covered}, {"total", total}});
    }
    if (!gaps.empty()) {
      w.NextClause();
      w.Add(o.provides_skill_training ? Message::kPairSkillsToLearnWithTraining : Message::kPairSkillsToLearn,
            {{"skills", gaps}});
    }
  }
  // Skills acquired abroad: the required ones, then the optional ones among
  // the pluses.
  std::string abroad;
  int64_t abroad_count = 0;
  for (const std::string& code : e.skills_acquired_abroad) {
    if (!skill_labels.OpeningRequires(code)) continue;
    w.AddToList(&abroad, skill_labels.CandidateFirst(code));
    ++abroad_count;
  }
  if (abroad_count > 0) {
    w.NextClause();
    w.Add(Message::kPairSkillsAcquiredAbroad, {{"count", abroad_count}, {"skills", abroad}});
  }
  // Optional skills held (not required too), each code once: acquired
  // abroad or not. Long lists are looked up by code, as above.
  const bool long_lists = o.optional_skills.size() + e.skills_acquired_abroad.size() > 32;
  std::unordered_set<std::string_view> abroad_codes, seen;
  if (long_lists) abroad_codes.insert(e.skills_acquired_abroad.begin(), e.skills_acquired_abroad.end());
  std::string plus, plus_abroad;
  int64_t plus_count = 0, plus_abroad_count = 0;
  for (size_t i = 0; i < o.optional_skills.size(); ++i) {
    const std::string& code = o.optional_skills[i].code;
    if (!skill_labels.CandidateHas(code) || skill_labels.OpeningRequires(code)) continue;
    bool repeated = false;
    if (long_lists) {
      repeated = !seen.insert(code).second;
    } else {
      for (size_t j = 0; j < i && !repeated; ++j) repeated = o.optional_skills[j].code == code;
    }
    if (repeated) continue;
    const bool from_abroad =
        long_lists ? abroad_codes.count(code) != 0
                   : std::find(e.skills_acquired_abroad.begin(), e.skills_acquired_abroad.end(), code) !=
                         e.skills_acquired_abroad.end();
    if (from_abroad) {
      w.AddToList(&plus_abroad, skill_labels.CandidateFirst(code));
      ++plus_abroad_count;
    } else {
      w.AddToList(&plus, skill_labels.OpeningFirst(code));
      ++plus_count;
    }
  }
  if (plus_count > 0) {
    w.NextClause();
    w.Add(Message::kPairOptionalSkillsHeld, {{"count", plus_count}, {"skills", plus}});
  }
  if (plus_abroad_count > 0) {
    w.NextClause();
    w.Add(Message::kPairOptionalSkillsAbroad, {{"count", plus_abroad_count}, {"skills", plus_abroad}});
  }
}

bool HasOccupationClause(const Candidate& c, const Opening& o) {
  return !o.occupation.empty() && !(c.target_occupations.empty() && c.past_occupations.empty());
}

// Requires `HasOccupationClause`.
void AddOccupationClause(const Candidate& c, const Opening& o, const Taxonomy& taxonomy, const Writer& w) {
  const std::string name = OccupationName(taxonomy, o.occupation, w);
  for (const std::string& t : c.target_occupations) {
    if (t == o.occupation) return w.Add(Message::kPairCareerGoal, {{"occupation", name}});
  }
  for (const std::string& p : c.past_occupations) {
    if (p == o.occupation) return w.Add(Message::kPairFormerOccupation, {{"occupation", name}});
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
  if (best == 0) return w.Add(Message::kPairOutsideCareerGoal, {{"occupation", name}});
  const std::string other = OccupationName(taxonomy, best_code, w);
  if (best_is_target) return w.Add(Message::kPairCloseToCareerGoal, {{"occupation", name}, {"goal", other}});
  w.Add(Message::kPairCloseToFormerOccupation, {{"occupation", name}, {"former", other}});
}

void AddFrenchClause(const Candidate& c, const Opening& o, const Writer& w) {
  const std::string_view level = LevelName(c.french_level, w);
  if (o.kind == OpeningKind::kFrenchCourse) return w.Add(Message::kPairFrenchCourse, {{"level", level}});
  if (o.min_french_level == CefrLevel::kNone) return w.Add(Message::kPairFrenchNoMinimum, {{"level", level}});
  const bool training = c.french_level < o.min_french_level && o.provides_french_training;
  w.Add(training ? Message::kPairFrenchForPostWithTraining : Message::kPairFrenchForPost,
        {{"level", level}, {"minimum", ToString(o.min_french_level)}});
}

std::string ShiftList(const Schedule& s, const Writer& w) {
  std::string shifts;
  if (s.early_shift) w.AddToList(&shifts, w.Word(Message::kShiftEarly));
  if (s.night_shift) w.AddToList(&shifts, w.Word(Message::kShiftNight));
  if (s.weekend_shift) w.AddToList(&shifts, w.Word(Message::kShiftWeekend));
  return shifts;
}

// The candidate's occupations, targets first, each once, as a list of names.
std::string ProjectList(const Candidate& c, const Taxonomy& taxonomy, const Writer& w) {
  std::string project;
  std::vector<std::string_view> named;
  for (const auto* list : {&c.target_occupations, &c.past_occupations}) {
    for (const std::string& code : *list) {
      if (std::find(named.begin(), named.end(), code) != named.end()) continue;
      named.push_back(code);
      w.AddToList(&project, OccupationName(taxonomy, code, w));
    }
  }
  return project;
}

void AddViolation(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                  const PairEvaluation& e, ReasonCode code, const Taxonomy& taxonomy, const Writer& w) {
  const Candidate& c = request.candidates[candidate];
  const Opening& o = request.openings[opening];
  const Arg max{"max", int64_t{c.mobility.max_commute_minutes}};
  switch (code) {
    case ReasonCode::kNoRightToWork: return w.Add(Message::kWhyNotNoRightToWork);
    case ReasonCode::kDrivingLicenceRequired: return w.Add(Message::kWhyNotDrivingLicence);
    case ReasonCode::kVehicleRequired: return w.Add(Message::kWhyNotVehicle, {max});
    case ReasonCode::kFrenchLevelTooLow:
      return w.Add(Message::kWhyNotFrenchLevel,
                   {{"level", LevelName(c.french_level, w)}, {"minimum", ToString(o.min_french_level)}});
    case ReasonCode::kCommuteTooLong:
      if (!std::isfinite(e.commute_minutes)) return w.Add(Message::kWhyNotNoTransport);
      return w.Add(Message::kWhyNotCommute,
                   {Minutes("minutes", e.commute_minutes), {"mode", ModePhrase(e.commute_mode, w)}, max});
    case ReasonCode::kChildcareSchedule:
      return w.Add(Message::kWhyNotChildcare, {{"shifts", ShiftList(o.schedule, w)}});
    case ReasonCode::kHealthRestriction: {
      std::string demands;
      for (int d = 0; d < 5; ++d) {
        const auto demand = static_cast<PhysicalDemand>(d);
        if (o.physical_demands.Has(demand) && c.barriers.health_restrictions.Has(demand)) {
          w.AddToList(&demands, DemandName(demand, w));
        }
      }
      return w.Add(Message::kWhyNotHealth, {{"demands", demands}});
    }
    case ReasonCode::kAvailableTooLate: {
      Date start = o.start_date;
      if (request.policy.reference_date) {
        start = start == kNoDate ? *request.policy.reference_date
                                 : std::max(start, *request.policy.reference_date);
      }
      return w.Add(Message::kWhyNotAvailableTooLate,
                   {{"available", FormatDate(c.available_from)}, {"start", FormatDate(start)}});
    }
    case ReasonCode::kFrenchRouting:
      return w.Add(Message::kWhyNotFrenchRouting,
                   {{"level", LevelName(c.french_level, w)},
                    {"threshold", ToString(*request.policy.job_track_min_french_level)}});
    case ReasonCode::kOutOfProject:
      return w.Add(Message::kWhyNotOutOfProject, {{"occupation", OccupationName(taxonomy, o.occupation, w)},
                                                  {"project", ProjectList(c, taxonomy, w)}});
    default:
      // Reasons of the matcher, not of a pair: named by their code.
      return w.AddCode(ToString(code));
  }
}

// With a score model: the probability, and the (up to two) components whose
// terms (coefficient x component) raise the log-odds most.
void AddLastingClause(const ScoreModel& model, const PairEvaluation& e, const Writer& w) {
  static constexpr Message kNames[6] = {Message::kComponentSkills,  Message::kComponentOccupation,
                                        Message::kComponentFrench,  Message::kComponentCommute,
                                        Message::kComponentTension, Message::kComponentPreferences};
  const ScoreBreakdown& b = e.breakdown;
  const double x[6] = {b.skills, b.occupation, b.french, b.commute, b.tension, b.preferences};
  double term[6] = {};
  for (const ModelCoefficient& k : model.coefficients) {
    for (int f = 0; f < 6; ++f) {
      if (k.feature == kScoreModelFeatures[f]) term[f] = k.value * x[f];
    }
  }
  int order[6] = {0, 1, 2, 3, 4, 5};
  std::stable_sort(order, order + 6, [&](int a, int c) { return term[a] > term[c]; });
  std::string components;
  for (int r = 0; r < 2 && term[order[r]] > 0; ++r) w.AddToList(&components, w.Word(kNames[order[r]]));
  if (components.empty()) components = "—";
  w.Add(Message::kPairLastingProbability, {{"percent", e.score * 100, 0}, {"components", components}});
}

}  // namespace

std::string ExplainViolation(const MatchRequest& given, CandidateIndex candidate,
                             OpeningIndex opening, const PairEvaluation& e, ReasonCode code,
                             Language language, const Taxonomy& taxonomy) {
  MatchRequest resolved;
  const MatchRequest& request = ResolvedPair(given, &candidate, &opening, &resolved);
  std::string out;
  AddViolation(request, candidate, opening, e, code, taxonomy, Writer(language, &out));
  return out;
}

std::string Explain(const MatchRequest& given, CandidateIndex candidate, OpeningIndex opening,
                    const PairEvaluation& e, Language language, const Taxonomy& taxonomy) {
  MatchRequest resolved;
  const MatchRequest& request = ResolvedPair(given, &candidate, &opening, &resolved);
  const Candidate& c = request.candidates[candidate];
  const Opening& o = request.openings[opening];
  std::string out;
  if (!e.feasible) {
    std::string reasons;
    const Writer clauses(language, &reasons);
    for (size_t i = 0; i < e.violations.size(); ++i) {
      if (i > 0) reasons += clauses.Word(Message::kClauseSeparator);
      AddViolation(request, candidate, opening, e, e.violations[i], taxonomy, clauses);
    }
    text::Append(&out, Message::kWhyNotExcluded, language, {{"reasons", reasons}});
    return out;
  }
  // Sized for a typical explanation, so that it is written without growing.
  out.reserve(256);
  const Writer w(language, &out);
  if (o.kind != OpeningKind::kFrenchCourse) AddSkillsClauses(c, o, e, taxonomy, w);
  if (HasOccupationClause(c, o)) {
    w.NextClause();
    AddOccupationClause(c, o, taxonomy, w);
  }
  w.NextClause();
  AddFrenchClause(c, o, w);
  w.NextClause();
  // Town-level ends: the minutes are an estimate over the town floor, said so.
  const bool town_level = c.home.precision == GeoPrecision::kTown &&
                          o.location.precision == GeoPrecision::kTown;
  if (town_level) {
    w.Add(Message::kPairCommuteTownLevel,
          {Minutes("minutes", e.commute_minutes), {"mode", ModePhrase(e.commute_mode, w)}});
  } else if (std::round(e.commute_minutes) == 0) {
    w.Add(Message::kPairCommuteOnSite);
  } else {
    w.Add(Message::kPairCommute,
          {Minutes("minutes", e.commute_minutes), {"mode", ModePhrase(e.commute_mode, w)}});
  }
  if (e.breakdown.tension >= 0.5) {
    w.NextClause();
    w.Add(Message::kPairHardToFill, {{"percent", e.breakdown.tension * 100, 0}});
  }
  if (request.policy.score_model) {
    w.NextClause();
    AddLastingClause(*request.policy.score_model, e, w);
  }
  text::CapitaliseFirst(&out);
  return out;
}

PairExplanation DescribePair(const MatchRequest& request, std::string_view candidate_id,
                             std::string_view opening_id, Language language, const Taxonomy& taxonomy) {
  auto find = [](const auto& records, std::string_view id, const char* what) {
    for (size_t k = 0; k < records.size(); ++k) {
      if (records[k].id == id) return static_cast<int32_t>(k);
    }
    throw InvalidArgumentError(std::string(what) + " id \"" + std::string(id) + "\" is not in the request (" +
                               std::to_string(records.size()) + " " + what + "s)");
  };
  const CandidateIndex candidate = find(request.candidates, candidate_id, "candidate");
  const OpeningIndex opening = find(request.openings, opening_id, "opening");
  const PairEvaluation e = EvaluatePair(request, candidate, opening, taxonomy);
  PairExplanation out;
  out.candidate_id = candidate_id;
  out.opening_id = opening_id;
  out.feasible = e.feasible;
  out.score = e.score;
  out.breakdown = e.breakdown;
  const ScoreWeights& w = request.policy.weights;
  const double sum = w.sum();
  out.weights = {w.skills / sum,  w.occupation / sum, w.french / sum,
                 w.commute / sum, w.tension / sum,    w.preferences / sum};
  if (request.policy.score_model) {
    // The weights that count are the model's coefficients.
    double* slot[6] = {&out.weights.skills,  &out.weights.occupation, &out.weights.french,
                       &out.weights.commute, &out.weights.tension,    &out.weights.preferences};
    for (double* s : slot) *s = 0;
    for (const ModelCoefficient& k : request.policy.score_model->coefficients) {
      for (int f = 0; f < 6; ++f) {
        if (k.feature == kScoreModelFeatures[f]) *slot[f] = k.value;
      }
    }
  }
  for (const ReasonCode code : e.violations) {
    out.violations.push_back(
        {code, ExplainViolation(request, candidate, opening, e, code, language), 1, {out.opening_id}});
  }
  out.explanation = Explain(request, candidate, opening, e, language, taxonomy);
  out.commute_minutes = e.commute_minutes;
  out.commute_mode = e.commute_mode;
  out.skills_acquired_abroad = e.skills_acquired_abroad;
  out.skill_gaps = e.skill_gaps;
  out.required_skills_covered = e.required_skills_covered;
  out.required_skills_total = e.required_skills_total;
  if (request.policy.score_model) out.lasting_probability = e.score;
  return out;
}

std::string FormatPairExplanation(const PairExplanation& x, Language language) {
  std::string out;
  const Writer w(language, &out);
  auto line = [&](Message id, std::initializer_list<Arg> args = {}) {
    w.Add(id, args);
    out += '\n';
  };
  line(Message::kDescribePair, {{"candidate", x.candidate_id}, {"opening", x.opening_id}});
  line(x.feasible ? Message::kDescribeScoreFeasible : Message::kDescribeScoreExcluded, {{"score", x.score, 3}});
  line(x.lasting_probability ? Message::kDescribeComponentsModel : Message::kDescribeComponents);
  const ScoreBreakdown& b = x.breakdown;
  const ScoreWeights& k = x.weights;
  const std::pair<Message, std::pair<double, double>> components[] = {
      {Message::kComponentSkills, {b.skills, k.skills}},
      {Message::kComponentOccupation, {b.occupation, k.occupation}},
      {Message::kComponentFrench, {b.french, k.french}},
      {Message::kComponentCommute, {b.commute, k.commute}},
      {Message::kComponentTension, {b.tension, k.tension}},
      {Message::kComponentPreferences, {b.preferences, k.preferences}}};
  for (const auto& [name, value] : components) {
    line(Message::kDescribeComponent, {{"name", w.Word(name)}, {"value", value.first, 3}, {"weight", value.second, 3}});
  }
  line(Message::kDescribeViolations);
  if (x.violations.empty()) line(Message::kDescribeNoViolation);
  for (const Reason& r : x.violations) line(Message::kDescribeViolation, {{"code", ToString(r.code)}, {"reason", r.detail}});
  if (std::isfinite(x.commute_minutes)) {
    line(Message::kDescribeCommute, {Minutes("minutes", x.commute_minutes), {"mode", ModePhrase(x.commute_mode, w)}});
  } else {
    line(Message::kDescribeNoCommute);
  }
  line(Message::kDescribeSentence, {{"sentence", x.explanation}});
  return out;
}

}  // namespace passerelle
