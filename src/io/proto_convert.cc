// passerelle.v1 <-> C++ model. Reading collects every problem before
// throwing, so a user fixes a file in one pass.
#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"
#include "passerelle/validate.h"
#include "request_builder.h"

namespace passerelle {
namespace {

namespace pb = ::passerelle::v1;

// Collects conversion problems into a `ProblemList`.
class Problems {
 public:
  explicit Problems(ProblemList* out) : out_(out) {}
  void Add(const std::string& path, std::string_view what) {
    if (out_->full()) {
      out_->Count();
    } else {
      out_->Add(path + ": " + std::string(what));
    }
  }
  // Paths need not be built once problems are only counted.
  bool full() const { return out_->full(); }
  // Problems found so far, kept or counted.
  size_t size() const { return out_->count(); }

 private:
  ProblemList* out_;
};

std::string Quote(const std::string& s) { return QuoteValue(s); }

// Unknown places get suggestions while their slice (or the openings) has
// fewer problems than this: messages show the first 50 problems, and a
// suggestion costs about 2 ms.
constexpr size_t kPlaceSuggestionsPerSlice = 50;

// Enum converters: return false for UNSPECIFIED or out-of-range values.
// Most core enums list the wire's values in the same order, from the wire's
// `first` on: the core value is the wire's minus `first`.
template <typename Enum>
bool ToShiftedEnum(int v, int first, int last, Enum* out) {
  if (v < first || v > last) return false;
  *out = static_cast<Enum>(v - first);
  return true;
}
bool ToCefr(int v, CefrLevel* out) { return ToShiftedEnum(v, pb::CEFR_LEVEL_NONE, pb::CEFR_LEVEL_C2, out); }
int FromCefr(CefrLevel level) { return static_cast<int>(level) + pb::CEFR_LEVEL_NONE; }
bool ToTransportMode(int v, TransportMode* out) {
  return ToShiftedEnum(v, pb::TRANSPORT_MODE_WALK, pb::TRANSPORT_MODE_CARPOOL, out);
}
bool ToPhysicalDemand(int v, PhysicalDemand* out) {
  return ToShiftedEnum(v, pb::PHYSICAL_DEMAND_HEAVY_LOADS, pb::PHYSICAL_DEMAND_REPETITIVE_MOVEMENTS, out);
}
bool ToContractType(int v, ContractType* out) { return ToShiftedEnum(v, 0, pb::CONTRACT_TYPE_INTEGRATION, out); }
bool ToTransitAccess(int v, TransitAccess* out) {
  switch (v) {
    case pb::TRANSIT_ACCESS_UNSPECIFIED:
    case pb::TRANSIT_ACCESS_DAYTIME: *out = TransitAccess::kDaytime; return true;
    case pb::TRANSIT_ACCESS_NONE: *out = TransitAccess::kNone; return true;
    case pb::TRANSIT_ACCESS_FULL: *out = TransitAccess::kFull; return true;
  }
  return false;
}
int FromTransitAccess(TransitAccess t) {
  switch (t) {
    case TransitAccess::kNone: return pb::TRANSIT_ACCESS_NONE;
    case TransitAccess::kDaytime: return pb::TRANSIT_ACCESS_DAYTIME;
    case TransitAccess::kFull: return pb::TRANSIT_ACCESS_FULL;
  }
  return pb::TRANSIT_ACCESS_UNSPECIFIED;
}
bool ToOpeningKind(int v, OpeningKind* out) {
  return ToShiftedEnum(v, pb::OPENING_KIND_JOB, pb::OPENING_KIND_WORKPLACE_TRIAL, out);
}
bool ToRightToWork(int v, RightToWork* out) {
  return ToShiftedEnum(v, pb::RIGHT_TO_WORK_FULL, pb::RIGHT_TO_WORK_NONE, out);
}

// Quota values on the wire (`Quota.value`): a gender or an opening kind by
// its enum value's name, as the records' own fields are spelled in JSON; an
// age group by its name in the statistics, or by "youth" and "adult", the
// names it had before them.

// The names of `descriptor`'s values, the unspecified one only when
// accepted (and last: it is the rare choice).
std::string ValueNames(const google::protobuf::EnumDescriptor* descriptor, bool with_unspecified) {
  std::string names;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto* v = descriptor->value(i);
    if (v->number() != 0) names += (names.empty() ? "" : ", ") + v->name();
  }
  if (with_unspecified) names += ", " + descriptor->FindValueByNumber(0)->name();
  return names;
}

constexpr AgeGroup kAgeGroups[] = {AgeGroup::k16To25, AgeGroup::k26Plus, AgeGroup::kUnknown};

bool ReadAgeGroup(const std::string& text, AgeGroup* out) {
  for (AgeGroup group : kAgeGroups) {
    if (text == ToString(group)) {
      *out = group;
      return true;
    }
  }
  if (text == "youth" || text == "adult") {
    *out = text == "youth" ? AgeGroup::k16To25 : AgeGroup::k26Plus;
    return true;
  }
  return false;
}

std::string AgeGroupNames() {
  std::string names;
  for (AgeGroup group : kAgeGroups) names += (names.empty() ? "" : ", ") + std::string(ToString(group));
  return names;
}

// Reads `text` as a value of `dimension`; on failure returns why (and
// leaves a value of the right type). Empty text stays text, which
// `Validate` reports as missing.
std::string ReadQuotaValue(QuotaDimension dimension, const std::string& text, QuotaValue* out) {
  *out = text;
  if (text.empty()) return "";
  switch (dimension) {
    case QuotaDimension::kGender: {
      pb::Gender g;
      const bool known = pb::Gender_Parse(text, &g);
      *out = known ? static_cast<Gender>(g) : Gender::kUnspecified;
      return known ? "" : Quote(text) + " is not a gender (" + ValueNames(pb::Gender_descriptor(), true) + ")";
    }
    case QuotaDimension::kOpeningKind: {
      pb::OpeningKind k;
      OpeningKind kind = OpeningKind::kJob;
      const bool known = pb::OpeningKind_Parse(text, &k) && ToOpeningKind(k, &kind);
      *out = kind;
      return known ? ""
                   : Quote(text) + " is not an opening kind (" + ValueNames(pb::OpeningKind_descriptor(), false) + ")";
    }
    case QuotaDimension::kAgeGroup: {
      AgeGroup group = AgeGroup::kUnknown;
      const bool known = ReadAgeGroup(text, &group);
      *out = group;
      return known ? "" : Quote(text) + " is not an age group (" + AgeGroupNames() + ")";
    }
    default: return "";
  }
}

// The canonical spelling of a quota value, which `ReadQuotaValue` reads
// back to the same value.
std::string WriteQuotaValue(const QuotaValue& value) {
  if (const auto* g = std::get_if<Gender>(&value)) return pb::Gender_Name(static_cast<pb::Gender>(*g));
  if (const auto* k = std::get_if<OpeningKind>(&value)) {
    return pb::OpeningKind_Name(static_cast<pb::OpeningKind>(static_cast<int>(*k) + 1));
  }
  // Text as it is; an age group by its statistics' name.
  return ToString(value);
}

// `path()` gives the record's path: built only when there is a problem (a
// national request has a million records).
template <typename PathFn>
void ConvertDate(const std::string& text, const PathFn& path, const char* field, Problems& problems, Date* out) {
  if (!ParseDate(text, out)) problems.Add(path() + field, Quote(text) + " is not a date (YYYY-MM-DD)");
}

// `where` names the point for problems ("candidates[3] (id \"c3\").home").
template <typename PathFn>
GeoPoint ConvertPoint(const pb::GeoPoint& p, const PathFn& where, Problems& problems) {
  GeoPoint g{p.latitude(), p.longitude(), GeoPrecision::kAddress};
  switch (p.precision()) {
    case pb::GEO_PRECISION_UNSPECIFIED:
    case pb::GEO_PRECISION_ADDRESS: break;
    case pb::GEO_PRECISION_TOWN: g.precision = GeoPrecision::kTown; break;
    default:
      problems.Add(where() + ".precision",
                   std::to_string(p.precision()) + " is not a GeoPrecision value");
  }
  // Places without coordinates (passerelle/places.h).
  if (!p.insee_code().empty() || !p.postal_code().empty() || !p.place().empty()) {
    const bool has_coordinates = p.latitude() != 0 || p.longitude() != 0;
    // Suggestions scan every name: only for a request's first problems.
    const PlaceResolution r = Communes::BuiltIn().Resolve(
        {p.insee_code(), p.postal_code(), p.place(), has_coordinates ? &g : nullptr},
        /*suggestions=*/problems.size() < kPlaceSuggestionsPerSlice);
    if (r.commune) {
      g = r.point;
    } else {
      problems.Add(where() + "." + r.field, r.problem);
    }
  }
  return g;
}

void FillPoint(const GeoPoint& g, pb::GeoPoint* p) {
  p->set_latitude(g.latitude);
  p->set_longitude(g.longitude);
  // Address-level points stay as they were written before `precision`.
  if (g.precision == GeoPrecision::kTown) p->set_precision(pb::GEO_PRECISION_TOWN);
}

template <typename PathFn>
Candidate ConvertCandidate(const pb::Candidate& p, const PathFn& path, const Policy& policy,
                           Problems& problems) {
  Candidate c;
  c.id = p.id();
  c.home = ConvertPoint(p.home(), [&] { return path() + ".home"; }, problems);
  if (!p.has_home()) problems.Add(path() + ".home", "missing");
  if (p.french_level() == pb::CEFR_LEVEL_UNSPECIFIED) {
    c.french_level = CefrLevel::kNone;
    c.french_level_missing = true;
  } else if (!ToCefr(p.french_level(), &c.french_level)) {
    problems.Add(path() + ".french_level", std::to_string(p.french_level()) + " is not a CEFR level");
  }
  c.skills.reserve(p.skills_size());
  for (int i = 0; i < p.skills_size(); ++i) {
    const pb::Skill& s = p.skills(i);
    c.skills.push_back({s.code(), s.level(), s.acquired_abroad(), s.validated(), s.label()});
  }
  c.target_occupations.assign(p.target_occupations().begin(), p.target_occupations().end());
  c.past_occupations.assign(p.past_occupations().begin(), p.past_occupations().end());
  const pb::Mobility& m = p.mobility();
  c.mobility.max_commute_minutes = m.max_commute_minutes();
  for (int i = 0; i < m.transport_modes_size(); ++i) {
    TransportMode mode;
    if (ToTransportMode(m.transport_modes(i), &mode)) {
      c.mobility.modes.Add(mode);
    } else {
      problems.Add(path() + ".mobility.transport_modes[" + std::to_string(i) + "]",
                   std::to_string(m.transport_modes(i)) + " is not a transport mode");
    }
  }
  c.mobility.driving_licence = m.driving_licence();
  c.mobility.has_vehicle = m.has_vehicle();
  if (!ToTransitAccess(m.home_transit_access(), &c.mobility.home_transit_access)) {
    problems.Add(path() + ".mobility.home_transit_access",
                 std::to_string(m.home_transit_access()) + " is not a transit access");
  }
  const pb::Barriers& b = p.barriers();
  switch (b.childcare()) {
    case pb::CHILDCARE_CONSTRAINT_UNSPECIFIED:
    case pb::CHILDCARE_CONSTRAINT_NONE: c.barriers.childcare = ChildcareConstraint::kNone; break;
    case pb::CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY:
      c.barriers.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
      break;
    default:
      problems.Add(path() + ".barriers.childcare", std::to_string(b.childcare()) + " is not a childcare constraint");
  }
  for (int i = 0; i < b.health_restrictions_size(); ++i) {
    PhysicalDemand d;
    if (ToPhysicalDemand(b.health_restrictions(i), &d)) {
      c.barriers.health_restrictions.Add(d);
    } else {
      problems.Add(path() + ".barriers.health_restrictions[" + std::to_string(i) + "]",
                   std::to_string(b.health_restrictions(i)) + " is not a physical demand");
    }
  }
  if (b.housing() < 0 || b.housing() > pb::HOUSING_SITUATION_NONE) {
    problems.Add(path() + ".barriers.housing", std::to_string(b.housing()) + " is not a housing situation");
  } else {
    c.barriers.housing = static_cast<HousingSituation>(b.housing());
  }
  c.barriers.psychological_fragility = b.psychological_fragility();
  c.barriers.no_cv = b.no_cv();
  if (!ToRightToWork(p.right_to_work(), &c.right_to_work)) {
    problems.Add(path() + ".right_to_work",
                 p.right_to_work() == 0 ? "unspecified (RIGHT_TO_WORK_FULL, _AUTHORISED or _NONE is required)"
                                        : std::to_string(p.right_to_work()) + " is not a right-to-work status");
  }
  ConvertDate(p.available_from(), path, ".available_from", problems, &c.available_from);
  c.age = p.age();
  const pb::Subgroup& g = p.subgroup();
  if (g.gender() < 0 || g.gender() > pb::GENDER_OTHER) {
    problems.Add(path() + ".subgroup.gender", std::to_string(g.gender()) + " is not a gender");
  } else {
    c.subgroup.gender = static_cast<Gender>(g.gender());
  }
  c.subgroup.country_of_origin = g.country_of_origin();
  c.subgroup.departement = g.departement();
  for (int i = 0; i < p.preferred_sectors_size(); ++i) {
    const std::string& s = p.preferred_sectors(i);
    if (s.size() != 1 || s[0] < 'A' || s[0] > 'N') {
      problems.Add(path() + ".preferred_sectors[" + std::to_string(i) + "]",
                   Quote(s) + " is not a ROME domain letter (A-N)");
    } else {
      c.preferred_sectors.push_back(s[0]);
    }
  }
  for (int i = 0; i < p.preferred_contract_types_size(); ++i) {
    ContractType t;
    if (ToContractType(p.preferred_contract_types(i), &t) && t != ContractType::kUnspecified) {
      c.preferred_contract_types.Add(t);
    } else {
      problems.Add(path() + ".preferred_contract_types[" + std::to_string(i) + "]",
                   std::to_string(p.preferred_contract_types(i)) + " is not a contract type");
    }
  }
  c.priority = p.priority();
  c.placements_needed = p.placements_needed();
  c.display_name = p.display_name();
  c.open_to_other_trades = p.open_to_other_trades();
  // Zeros that stand for defaults, resolved as for a request built in C++.
  ResolveDefaults(policy, &c);
  return c;
}

void ConvertSkillRequirements(const google::protobuf::RepeatedPtrField<pb::SkillRequirement>& in,
                              std::vector<SkillRequirement>* out) {
  out->reserve(in.size());
  for (const pb::SkillRequirement& s : in) {
    out->push_back({s.code(), s.weight(), s.label()});
  }
}

template <typename PathFn>
Opening ConvertOpening(const pb::Opening& p, const PathFn& path, const IdChecker& employers, Problems& problems) {
  Opening o;
  o.id = p.id();
  if (!p.employer_id().empty()) {
    const int64_t employer = employers.Find(p.employer_id());
    if (employer < 0) {
      problems.Add(path() + ".employer_id", Quote(p.employer_id()) + " is not in employers");
    } else {
      o.employer = static_cast<EmployerIndex>(employer);
    }
  }
  if (!ToOpeningKind(p.kind(), &o.kind)) {
    problems.Add(path() + ".kind", p.kind() == 0 ? "unspecified (an OPENING_KIND_ value is required)"
                                               : std::to_string(p.kind()) + " is not an opening kind");
  }
  o.occupation = p.occupation();
  if (o.occupation.empty() && o.kind != OpeningKind::kFrenchCourse) {
    problems.Add(path() + ".occupation", "missing (a ROME code is required except for French courses)");
  }
  o.location = ConvertPoint(p.location(), [&] { return path() + ".location"; }, problems);
  if (!p.has_location()) problems.Add(path() + ".location", "missing");
  // Absent: one seat, the C++ default; an explicit 0 closes the opening.
  o.capacity = p.has_capacity() ? p.capacity() : Opening{}.capacity;
  ConvertSkillRequirements(p.required_skills(), &o.required_skills);
  ConvertSkillRequirements(p.optional_skills(), &o.optional_skills);
  if (p.min_french_level() != 0 && !ToCefr(p.min_french_level(), &o.min_french_level)) {
    problems.Add(path() + ".min_french_level", std::to_string(p.min_french_level()) + " is not a CEFR level");
  }
  o.provides_french_training = p.provides_french_training();
  o.provides_skill_training = p.provides_skill_training();
  o.requires_driving_licence = p.requires_driving_licence();
  o.schedule = {p.schedule().early_shift(), p.schedule().night_shift(), p.schedule().weekend_shift()};
  if (!ToContractType(p.contract_type(), &o.contract_type)) {
    problems.Add(path() + ".contract_type", std::to_string(p.contract_type()) + " is not a contract type");
  }
  o.duration_months = p.duration_months();
  o.tension = p.tension();
  ConvertDate(p.start_date(), path, ".start_date", problems, &o.start_date);
  for (int i = 0; i < p.physical_demands_size(); ++i) {
    PhysicalDemand d;
    if (ToPhysicalDemand(p.physical_demands(i), &d)) {
      o.physical_demands.Add(d);
    } else {
      problems.Add(path() + ".physical_demands[" + std::to_string(i) + "]",
                   std::to_string(p.physical_demands(i)) + " is not a physical demand");
    }
  }
  if (!ToTransitAccess(p.site_transit_access(), &o.site_transit_access)) {
    problems.Add(path() + ".site_transit_access", std::to_string(p.site_transit_access()) + " is not a transit access");
  }
  o.title = p.title();
  o.departement = p.departement();
  ResolveDefaults(&o);
  return o;
}

Policy ConvertPolicy(const pb::Policy& p, Problems& problems) {
  Policy policy;
  const pb::ScoreWeights& w = p.weights();
  // Zeros that stand for defaults stay zeros here; ResolveDefaults, at the
  // end, resolves them as for a policy built in C++.
  policy.weights = {w.skills(), w.occupation(), w.french(), w.commute(), w.tension(), w.preferences()};
  const pb::HardConstraints& h = p.constraints();
  HardConstraints& hc = policy.constraints;
  if (h.has_right_to_work()) hc.right_to_work = h.right_to_work();
  if (h.has_driving_licence()) hc.driving_licence = h.driving_licence();
  if (h.has_vehicle()) hc.vehicle = h.vehicle();
  if (h.has_french_level()) hc.french_level = h.french_level();
  if (h.has_commute()) hc.commute = h.commute();
  if (h.has_childcare_schedule()) hc.childcare_schedule = h.childcare_schedule();
  if (h.has_health()) hc.health = h.health();
  if (h.has_availability()) hc.availability = h.availability();
  if (h.has_project()) hc.project = h.project();
  policy.max_french_gap = p.max_french_gap();
  policy.default_max_commute_minutes = p.default_max_commute_minutes();
  policy.unplaced_penalty = p.unplaced_penalty();
  if (p.job_track_min_french_level() != 0) {
    CefrLevel level;
    if (ToCefr(p.job_track_min_french_level(), &level)) {
      policy.job_track_min_french_level = level;
    } else {
      problems.Add("policy.job_track_min_french_level",
                   std::to_string(p.job_track_min_french_level()) + " is not a CEFR level");
    }
  }
  policy.placements_per_candidate = p.placements_per_candidate();
  policy.distinct_sectors = p.distinct_sectors();
  policy.max_candidates_per_employer = p.max_candidates_per_employer();
  for (int i = 0; i < p.quotas_size(); ++i) {
    const pb::Quota& q = p.quotas(i);
    Quota quota;
    if (q.dimension() < pb::QUOTA_DIMENSION_DEPARTEMENT || q.dimension() > pb::QUOTA_DIMENSION_OPENING_DEPARTEMENT) {
      problems.Add("policy.quotas[" + std::to_string(i) + "].dimension",
                   q.dimension() == 0 ? "unspecified" : std::to_string(q.dimension()) + " is not a quota dimension");
    } else {
      quota.dimension = static_cast<QuotaDimension>(q.dimension() - 1);
    }
    const std::string problem = ReadQuotaValue(quota.dimension, q.value(), &quota.value);
    if (!problem.empty()) problems.Add("policy.quotas[" + std::to_string(i) + "].value", problem);
    quota.spelling = q.value();
    quota.min_share = q.min_share();
    quota.max_share = q.max_share();
    policy.quotas.push_back(std::move(quota));
  }
  policy.shortlist_size = p.shortlist_size();
  policy.shortlist_appearances_per_seat = p.shortlist_appearances_per_seat();
  policy.max_pairs_per_candidate = p.max_pairs_per_candidate();
  switch (p.language()) {
    case pb::LANGUAGE_UNSPECIFIED:
    case pb::LANGUAGE_FRENCH: policy.language = Language::kFrench; break;
    case pb::LANGUAGE_ENGLISH: policy.language = Language::kEnglish; break;
    default: problems.Add("policy.language", std::to_string(p.language()) + " is not a language");
  }
  policy.limits = {p.limits().max_candidates(), p.limits().max_openings(), p.limits().max_arcs(),
                   p.limits().max_solve_seconds()};
  policy.detour_factor = p.detour_factor();
  if (!p.reference_date().empty()) {
    Date d;
    if (ParseDate(p.reference_date(), &d) && d != kNoDate) {
      policy.reference_date = d;
    } else {
      problems.Add("policy.reference_date", Quote(p.reference_date()) + " is not a date (YYYY-MM-DD)");
    }
  }
  policy.commute_half_life_minutes = p.commute_half_life_minutes();
  if (p.has_greedy_baseline()) policy.greedy_baseline = p.greedy_baseline();
  if (p.has_project_min_proximity()) policy.project_min_proximity = p.project_min_proximity();
  if (p.has_min_gain_to_move()) policy.min_gain_to_move = p.min_gain_to_move();
  if (p.has_town_distance_floor_km()) policy.town_distance_floor_km = p.town_distance_floor_km();
  if (p.has_score_model()) policy.score_model = FromProto(p.score_model());
  ResolveDefaults(&policy);
  return policy;
}

// Element `index` of `policy.<list>`. `candidates` and `openings`: the
// records' ids (a duplicate's first record wins).
void ConvertOverride(const pb::PairOverride& o, const char* list, int64_t index, const IdChecker& candidates,
                     const IdChecker& openings, Problems& problems, std::vector<PairOverride>* out) {
  auto path = [&] { return std::string("policy.") + list + "[" + std::to_string(index) + "]"; };
  const int64_t c = candidates.Find(o.candidate_id());
  const int64_t op = openings.Find(o.opening_id());
  if (c < 0) problems.Add(path() + ".candidate_id", Quote(o.candidate_id()) + " is not in candidates");
  if (op < 0) problems.Add(path() + ".opening_id", Quote(o.opening_id()) + " is not in openings");
  if (c >= 0 && op >= 0) out->push_back({static_cast<CandidateIndex>(c), static_cast<OpeningIndex>(op), o.note()});
}

void FillSkills(const std::vector<SkillRequirement>& in,
                google::protobuf::RepeatedPtrField<pb::SkillRequirement>* out) {
  for (const SkillRequirement& s : in) {
    pb::SkillRequirement* r = out->Add();
    r->set_code(s.code);
    if (s.weight != 1.0) r->set_weight(s.weight);
    r->set_label(s.label);
  }
}

void FillBreakdown(const ScoreBreakdown& b, pb::ScoreBreakdown* out) {
  out->set_skills(b.skills);
  out->set_occupation(b.occupation);
  out->set_french(b.french);
  out->set_commute(b.commute);
  out->set_tension(b.tension);
  out->set_preferences(b.preferences);
}

void FillStats(const std::vector<GroupStats>& in, google::protobuf::RepeatedPtrField<pb::GroupStats>* out) {
  for (const GroupStats& g : in) {
    pb::GroupStats* s = out->Add();
    s->set_dimension(g.dimension);
    s->set_value(g.value);
    s->set_total(g.total);
    s->set_placed(g.placed);
    s->set_rate(g.rate);
    s->set_mean_score(g.mean_score);
    s->set_mean_commute_minutes(g.mean_commute_minutes);
  }
}

void FillOverrides(const std::vector<PairOverride>& in, const MatchRequest& request,
                   google::protobuf::RepeatedPtrField<pb::PairOverride>* out) {
  for (const PairOverride& o : in) {
    pb::PairOverride* p = out->Add();
    p->set_candidate_id(request.candidates[o.candidate].id);
    p->set_opening_id(request.openings[o.opening].id);
    p->set_note(o.note);
  }
}

}  // namespace

namespace io_internal {

struct RequestBuilder::State {
  explicit State(const ExecutionOptions& execution) : execution(execution) {}

  // Once a problem is found the request is refused: records are still
  // converted and checked, for their problems, but no longer kept.
  void Refuse() {
    if (!keeping) return;
    keeping = false;
    std::vector<Candidate>().swap(request.candidates);
    std::vector<Opening>().swap(request.openings);
    std::vector<PreviousPlacement>().swap(request.previous_placements);
  }
  void RefuseIfProblems() {
    const ProblemList* lists[] = {&policy_problems, &candidate_problems, &opening_problems, &candidate_ids,
                                  &opening_ids,     &employer_ids,       &candidate_checks,  &opening_checks,
                                  &employer_checks, &previous_checks};
    for (const ProblemList* list : lists) {
      if (!list->empty()) Refuse();
    }
  }

  const ExecutionOptions execution;
  MatchRequest request;
  bool keeping = true;
  int64_t num_candidates = 0, num_openings = 0, num_employers = 0;
  int64_t num_overrides[3] = {0, 0, 0};
  int64_t num_previous = 0;
  // `FromProto`'s problems, in its order: conversion (policy, candidates,
  // openings, overrides), then validation (ids, records, policy and
  // overrides).
  ProblemList policy_problems, candidate_problems, opening_problems, override_problems;
  ProblemList candidate_ids, opening_ids, employer_ids;
  ProblemList candidate_checks, opening_checks, employer_checks, previous_checks;
  IdChecker candidate_index{"candidates"}, opening_index{"openings"}, employer_index{"employers"};
};

RequestBuilder::RequestBuilder(const pb::Policy& policy, const ExecutionOptions& execution)
    : state_(std::make_unique<State>(execution)) {
  Problems problems(&state_->policy_problems);
  state_->request.policy = ConvertPolicy(policy, problems);
}

RequestBuilder::~RequestBuilder() = default;

void RequestBuilder::SetDescription(std::string description) { state_->request.description = std::move(description); }

void RequestBuilder::AddEmployer(const pb::Employer& e) {
  State& s = *state_;
  const auto index = static_cast<EmployerIndex>(s.num_employers++);
  Employer employer{e.id(), e.name(), e.sector(), e.max_candidates(), e.network()};
  s.employer_index.Add(static_cast<size_t>(index), employer.id, &s.employer_ids);
  CollectEmployerProblems(employer, index, &s.employer_checks);
  // Employers already kept stay: openings and quotas refer to them.
  if (s.keeping) s.request.employers.push_back(std::move(employer));
  s.RefuseIfProblems();
}

void RequestBuilder::AddCandidates(int64_t count,
                                   const std::function<const pb::Candidate&(int64_t, pb::Candidate*)>& get) {
  State& s = *state_;
  // In batches, so that a refused request's records are dropped as they go.
  constexpr int64_t kBatch = 65536;
  // Readers add candidates batch by batch: the storage grows geometrically.
  if (const auto needed = static_cast<size_t>(s.num_candidates + count);
      s.keeping && s.request.candidates.capacity() < needed) {
    s.request.candidates.reserve(std::max(needed, 2 * s.request.candidates.capacity()));
  }
  std::vector<Candidate> dropped;
  for (int64_t done = 0; done < count;) {
    const int64_t n = std::min(kBatch, count - done);
    const int64_t first = s.num_candidates;
    Candidate* out;
    if (s.keeping) {
      // Backed a batch at a time: a request refused at its first batch
      // never makes the rest resident.
      internal::PopulateForWriting(s.request.candidates.data() + first, static_cast<size_t>(n) * sizeof(Candidate));
      s.request.candidates.resize(static_cast<size_t>(first + n));
      out = &s.request.candidates[static_cast<size_t>(first)];
    } else {
      dropped.assign(static_cast<size_t>(n), Candidate());
      out = dropped.data();
    }
    // Each slice's problems kept apart, then listed in candidate order.
    const int slices = count >= 16384 ? internal::ResolveThreads(s.execution.threads) : 1;
    std::vector<ProblemList> converted(static_cast<size_t>(slices)), checked(static_cast<size_t>(slices));
    internal::ForSlices(slices, slices, [&](int64_t first_slice, int64_t last_slice) {
      pb::Candidate scratch;
      for (int64_t t = first_slice; t < last_slice; ++t) {
        Problems found(&converted[static_cast<size_t>(t)]);
        for (int64_t k = n * t / slices; k < n * (t + 1) / slices; ++k) {
          const pb::Candidate& c = get(done + k, &scratch);
          const auto index = static_cast<CandidateIndex>(first + k);
          auto path = [&] {
            return found.full() ? std::string() : RecordPath("candidates", static_cast<size_t>(index), c.id());
          };
          out[k] = ConvertCandidate(c, path, s.request.policy, found);
          CollectCandidateProblems(out[k], index, &checked[static_cast<size_t>(t)]);
        }
      }
    });
    for (ProblemList& list : converted) s.candidate_problems.Append(std::move(list));
    for (ProblemList& list : checked) s.candidate_checks.Append(std::move(list));
    for (int64_t k = 0; k < n; ++k) s.candidate_index.Add(static_cast<size_t>(first + k), out[k].id, &s.candidate_ids);
    s.num_candidates += n;
    done += n;
    s.RefuseIfProblems();
  }
}

void RequestBuilder::AddOpening(const pb::Opening& o) {
  State& s = *state_;
  const auto index = static_cast<OpeningIndex>(s.num_openings++);
  Problems problems(&s.opening_problems);
  auto path = [&] {
    return problems.full() ? std::string() : RecordPath("openings", static_cast<size_t>(index), o.id());
  };
  Opening opening = ConvertOpening(o, path, s.employer_index, problems);
  CollectOpeningProblems(opening, index, static_cast<size_t>(s.num_employers), &s.opening_checks);
  s.opening_index.Add(static_cast<size_t>(index), opening.id, &s.opening_ids);
  if (s.keeping) s.request.openings.push_back(std::move(opening));
  s.RefuseIfProblems();
}

void RequestBuilder::AddOverride(OverrideList list, const pb::PairOverride& o) {
  State& s = *state_;
  Problems problems(&s.override_problems);
  static constexpr const char* kNames[] = {"pins", "bans", "locks"};
  std::vector<PairOverride>* out[] = {&s.request.pins, &s.request.bans, &s.request.locks};
  const auto k = static_cast<size_t>(list);
  ConvertOverride(o, kNames[k], s.num_overrides[k]++, s.candidate_index, s.opening_index, problems, out[k]);
}

void RequestBuilder::AddPreviousPlacement(const pb::PreviousPlacement& p) {
  State& s = *state_;
  PreviousPlacement previous{p.candidate_id(), p.opening_id()};
  CollectPreviousPlacementProblems(previous, static_cast<size_t>(s.num_previous++), &s.previous_checks);
  if (s.keeping) s.request.previous_placements.push_back(std::move(previous));
  s.RefuseIfProblems();
}

void RequestBuilder::AddOverridesAndPreviousOf(const pb::MatchRequest& request) {
  for (const pb::PairOverride& o : request.policy().pins()) AddOverride(OverrideList::kPins, o);
  for (const pb::PairOverride& o : request.policy().bans()) AddOverride(OverrideList::kBans, o);
  for (const pb::PairOverride& o : request.policy().locks()) AddOverride(OverrideList::kLocks, o);
  for (const pb::PreviousPlacement& p : request.previous_placements()) AddPreviousPlacement(p);
}

MatchRequest RequestBuilder::Finish() {
  State& s = *state_;
  ProblemList cross_record;
  CollectCrossRecordProblems(s.request, static_cast<size_t>(s.num_candidates), static_cast<size_t>(s.num_openings),
                             &cross_record);
  ProblemList all;
  for (ProblemList* list : {&s.policy_problems, &s.candidate_problems, &s.opening_problems, &s.override_problems,
                            &s.candidate_ids, &s.opening_ids, &s.employer_ids, &s.candidate_checks,
                            &s.opening_checks, &s.employer_checks, &s.previous_checks, &cross_record}) {
    all.Append(std::move(*list));
  }
  std::move(all).ThrowIfAny();
  return std::move(s.request);
}

}  // namespace io_internal

MatchRequest FromProto(const pb::MatchRequest& proto, const ExecutionOptions& execution) {
  io_internal::RequestBuilder builder(proto.policy(), execution);
  builder.SetDescription(proto.description());
  for (const pb::Employer& e : proto.employers()) builder.AddEmployer(e);
  builder.AddCandidates(proto.candidates_size(), [&](int64_t k, pb::Candidate*) -> const pb::Candidate& {
    return proto.candidates(static_cast<int>(k));
  });
  for (const pb::Opening& o : proto.openings()) builder.AddOpening(o);
  builder.AddOverridesAndPreviousOf(proto);
  return builder.Finish();
}

pb::Candidate ToProto(const Candidate& c) {
  pb::Candidate p;
  p.set_id(c.id);
  FillPoint(c.home, p.mutable_home());
  if (!c.french_level_missing) p.set_french_level(static_cast<pb::CefrLevel>(FromCefr(c.french_level)));
  for (const Skill& s : c.skills) {
    pb::Skill* o = p.add_skills();
    o->set_code(s.code);
    o->set_level(s.level);
    o->set_acquired_abroad(s.acquired_abroad);
    o->set_validated(s.validated);
    o->set_label(s.label);
  }
  for (const std::string& t : c.target_occupations) p.add_target_occupations(t);
  for (const std::string& t : c.past_occupations) p.add_past_occupations(t);
  pb::Mobility* m = p.mutable_mobility();
  m->set_max_commute_minutes(c.mobility.max_commute_minutes);
  for (int i = 0; i < kNumTransportModes; ++i) {
    if (c.mobility.modes.Has(static_cast<TransportMode>(i))) m->add_transport_modes(static_cast<pb::TransportMode>(i + 1));
  }
  m->set_driving_licence(c.mobility.driving_licence);
  m->set_has_vehicle(c.mobility.has_vehicle);
  m->set_home_transit_access(static_cast<pb::TransitAccess>(FromTransitAccess(c.mobility.home_transit_access)));
  pb::Barriers* b = p.mutable_barriers();
  b->set_childcare(c.barriers.childcare == ChildcareConstraint::kNone ? pb::CHILDCARE_CONSTRAINT_NONE
                                                                      : pb::CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY);
  for (int i = 0; i < 5; ++i) {
    if (c.barriers.health_restrictions.Has(static_cast<PhysicalDemand>(i))) {
      b->add_health_restrictions(static_cast<pb::PhysicalDemand>(i + 1));
    }
  }
  b->set_housing(static_cast<pb::HousingSituation>(c.barriers.housing));
  b->set_psychological_fragility(c.barriers.psychological_fragility);
  b->set_no_cv(c.barriers.no_cv);
  p.set_right_to_work(static_cast<pb::RightToWork>(static_cast<int>(c.right_to_work) + 1));
  p.set_available_from(FormatDate(c.available_from));
  p.set_age(c.age);
  p.mutable_subgroup()->set_gender(static_cast<pb::Gender>(c.subgroup.gender));
  p.mutable_subgroup()->set_country_of_origin(c.subgroup.country_of_origin);
  p.mutable_subgroup()->set_departement(c.subgroup.departement);
  for (char s : c.preferred_sectors) p.add_preferred_sectors(std::string(1, s));
  for (int i = 1; i < kNumContractTypes; ++i) {
    if (c.preferred_contract_types.Has(static_cast<ContractType>(i))) {
      p.add_preferred_contract_types(static_cast<pb::ContractType>(i));
    }
  }
  if (c.priority != 1.0) p.set_priority(c.priority);
  p.set_placements_needed(c.placements_needed);
  p.set_display_name(c.display_name);
  p.set_open_to_other_trades(c.open_to_other_trades);
  return p;
}

pb::Opening ToProto(const Opening& o, const MatchRequest& request) {
  pb::Opening p;
  p.set_id(o.id);
  if (o.employer != kNoEmployer) p.set_employer_id(request.employers[o.employer].id);
  p.set_kind(static_cast<pb::OpeningKind>(static_cast<int>(o.kind) + 1));
  p.set_occupation(o.occupation);
  FillPoint(o.location, p.mutable_location());
  p.set_capacity(o.capacity);
  FillSkills(o.required_skills, p.mutable_required_skills());
  FillSkills(o.optional_skills, p.mutable_optional_skills());
  if (o.min_french_level != CefrLevel::kNone) {
    p.set_min_french_level(static_cast<pb::CefrLevel>(FromCefr(o.min_french_level)));
  }
  p.set_provides_french_training(o.provides_french_training);
  p.set_provides_skill_training(o.provides_skill_training);
  p.set_requires_driving_licence(o.requires_driving_licence);
  p.mutable_schedule()->set_early_shift(o.schedule.early_shift);
  p.mutable_schedule()->set_night_shift(o.schedule.night_shift);
  p.mutable_schedule()->set_weekend_shift(o.schedule.weekend_shift);
  p.set_contract_type(static_cast<pb::ContractType>(o.contract_type));
  p.set_duration_months(o.duration_months);
  p.set_tension(o.tension);
  p.set_start_date(FormatDate(o.start_date));
  for (int i = 0; i < 5; ++i) {
    if (o.physical_demands.Has(static_cast<PhysicalDemand>(i))) p.add_physical_demands(static_cast<pb::PhysicalDemand>(i + 1));
  }
  p.set_site_transit_access(static_cast<pb::TransitAccess>(FromTransitAccess(o.site_transit_access)));
  p.set_title(o.title);
  p.set_departement(o.departement);
  return p;
}

pb::Employer ToProto(const Employer& e) {
  pb::Employer p;
  p.set_id(e.id);
  p.set_name(e.name);
  p.set_sector(e.sector);
  p.set_max_candidates(e.max_candidates);
  p.set_network(e.network);
  return p;
}

pb::Policy ToProto(const Policy& policy) {
  pb::Policy p;
  const ScoreWeights& w = policy.weights;
  pb::ScoreWeights* pw = p.mutable_weights();
  pw->set_skills(w.skills);
  pw->set_occupation(w.occupation);
  pw->set_french(w.french);
  pw->set_commute(w.commute);
  pw->set_tension(w.tension);
  pw->set_preferences(w.preferences);
  const HardConstraints& h = policy.constraints;
  pb::HardConstraints* ph = p.mutable_constraints();
  ph->set_right_to_work(h.right_to_work);
  ph->set_driving_licence(h.driving_licence);
  ph->set_vehicle(h.vehicle);
  ph->set_french_level(h.french_level);
  ph->set_commute(h.commute);
  ph->set_childcare_schedule(h.childcare_schedule);
  ph->set_health(h.health);
  ph->set_availability(h.availability);
  ph->set_project(h.project);
  p.set_max_french_gap(policy.max_french_gap);
  p.set_default_max_commute_minutes(policy.default_max_commute_minutes);
  p.set_unplaced_penalty(policy.unplaced_penalty);
  if (policy.job_track_min_french_level) {
    p.set_job_track_min_french_level(static_cast<pb::CefrLevel>(FromCefr(*policy.job_track_min_french_level)));
  }
  p.set_placements_per_candidate(policy.placements_per_candidate);
  p.set_distinct_sectors(policy.distinct_sectors);
  p.set_max_candidates_per_employer(policy.max_candidates_per_employer);
  for (const Quota& q : policy.quotas) {
    pb::Quota* pq = p.add_quotas();
    pq->set_dimension(static_cast<pb::QuotaDimension>(static_cast<int>(q.dimension) + 1));
    pq->set_value(WriteQuotaValue(q.value));
    pq->set_min_share(q.min_share);
    pq->set_max_share(q.max_share);
  }
  p.set_shortlist_size(policy.shortlist_size);
  p.set_shortlist_appearances_per_seat(policy.shortlist_appearances_per_seat);
  p.set_max_pairs_per_candidate(policy.max_pairs_per_candidate);
  p.set_language(policy.language == Language::kEnglish ? pb::LANGUAGE_ENGLISH : pb::LANGUAGE_FRENCH);
  p.mutable_limits()->set_max_candidates(policy.limits.max_candidates);
  p.mutable_limits()->set_max_openings(policy.limits.max_openings);
  p.mutable_limits()->set_max_arcs(policy.limits.max_arcs);
  p.mutable_limits()->set_max_solve_seconds(policy.limits.max_solve_seconds);
  p.set_detour_factor(policy.detour_factor);
  if (policy.reference_date) p.set_reference_date(FormatDate(*policy.reference_date));
  p.set_commute_half_life_minutes(policy.commute_half_life_minutes);
  p.set_greedy_baseline(policy.greedy_baseline);
  p.set_project_min_proximity(policy.project_min_proximity);
  p.set_min_gain_to_move(policy.min_gain_to_move);
  p.set_town_distance_floor_km(policy.town_distance_floor_km);
  if (policy.score_model) *p.mutable_score_model() = ToProto(*policy.score_model);
  return p;
}

pb::MatchRequest ToProto(const MatchRequest& request) {
  pb::MatchRequest p;
  p.set_description(request.description);
  for (const Candidate& c : request.candidates) *p.add_candidates() = ToProto(c);
  for (const Opening& o : request.openings) *p.add_openings() = ToProto(o, request);
  for (const Employer& e : request.employers) *p.add_employers() = ToProto(e);
  *p.mutable_policy() = ToProto(request.policy);
  FillOverrides(request.pins, request, p.mutable_policy()->mutable_pins());
  FillOverrides(request.bans, request, p.mutable_policy()->mutable_bans());
  FillOverrides(request.locks, request, p.mutable_policy()->mutable_locks());
  for (const PreviousPlacement& previous : request.previous_placements) {
    pb::PreviousPlacement* pp = p.add_previous_placements();
    pp->set_candidate_id(previous.candidate_id);
    pp->set_opening_id(previous.opening_id);
  }
  return p;
}

pb::MatchResponse ToProto(const MatchResponse& response) {
  pb::MatchResponse p;
  ToProto(response, &p);
  return p;
}

pb::PairExplanation ToProto(const PairExplanation& x) {
  pb::PairExplanation p;
  p.set_candidate_id(x.candidate_id);
  p.set_opening_id(x.opening_id);
  p.set_feasible(x.feasible);
  p.set_score(x.score);
  FillBreakdown(x.breakdown, p.mutable_breakdown());
  pb::ScoreWeights* w = p.mutable_weights();
  w->set_skills(x.weights.skills);
  w->set_occupation(x.weights.occupation);
  w->set_french(x.weights.french);
  w->set_commute(x.weights.commute);
  w->set_tension(x.weights.tension);
  w->set_preferences(x.weights.preferences);
  for (const Reason& r : x.violations) {
    pb::Reason* pr = p.add_violations();
    pr->set_code(static_cast<pb::ReasonCode>(r.code));
    pr->set_detail(r.detail);
    pr->set_count(r.count);
    for (const std::string& id : r.opening_ids) pr->add_opening_ids(id);
  }
  p.set_explanation(x.explanation);
  if (std::isfinite(x.commute_minutes)) p.set_commute_minutes(x.commute_minutes);
  p.set_commute_mode(static_cast<pb::TransportMode>(static_cast<int>(x.commute_mode) + 1));
  for (const std::string& s : x.skills_acquired_abroad) p.add_skills_acquired_abroad(s);
  for (const std::string& s : x.skill_gaps) p.add_skill_gaps(s);
  p.set_required_skills_covered(x.required_skills_covered);
  p.set_required_skills_total(x.required_skills_total);
  if (x.lasting_probability) p.set_lasting_probability(*x.lasting_probability);
  return p;
}

void ToProto(const MatchResponse& response, pb::MatchResponse* out, const ExecutionOptions& execution) {
  pb::MatchResponse& p = *out;
  p.Clear();
  // The records' messages are added here, then filled in slices: each slice
  // writes its own messages only (an arena allocates from any thread).
  const auto num_placements = static_cast<int64_t>(response.placements.size());
  const auto num_unplaced = static_cast<int64_t>(response.unplaced.size());
  p.mutable_placements()->Reserve(static_cast<int>(num_placements));
  p.mutable_unplaced()->Reserve(static_cast<int>(num_unplaced));
  for (int64_t k = 0; k < num_placements; ++k) p.add_placements();
  for (int64_t k = 0; k < num_unplaced; ++k) p.add_unplaced();
  const int64_t records = num_placements + num_unplaced;
  const int threads = records >= 4096 ? internal::ResolveThreads(execution.threads) : 1;
  internal::ForSlices(threads, records, [&](int64_t begin, int64_t end) {
    for (int64_t k = begin; k < std::min(end, num_placements); ++k) {
      const Placement& pl = response.placements[k];
      pb::Placement* o = p.mutable_placements(static_cast<int>(k));
      o->set_candidate_id(pl.candidate_id);
      o->set_opening_id(pl.opening_id);
      o->set_score(pl.score);
      FillBreakdown(pl.breakdown, o->mutable_breakdown());
      o->set_explanation(pl.explanation);
      o->set_commute_minutes(pl.commute_minutes);
      o->set_commute_mode(static_cast<pb::TransportMode>(static_cast<int>(pl.commute_mode) + 1));
      o->set_pinned(pl.pinned);
      for (const std::string& s : pl.skills_acquired_abroad) o->add_skills_acquired_abroad(s);
      for (const std::string& s : pl.skill_gaps) o->add_skill_gaps(s);
      if (pl.lasting_probability) o->set_lasting_probability(*pl.lasting_probability);
    }
    for (int64_t k = std::max(begin, num_placements); k < end; ++k) {
      const Unplaced& u = response.unplaced[k - num_placements];
      pb::Unplaced* o = p.mutable_unplaced(static_cast<int>(k - num_placements));
      o->set_candidate_id(u.candidate_id);
      for (const Reason& r : u.reasons) {
        pb::Reason* pr = o->add_reasons();
        pr->set_code(static_cast<pb::ReasonCode>(r.code));
        pr->set_detail(r.detail);
        pr->set_count(r.count);
        for (const std::string& id : r.opening_ids) pr->add_opening_ids(id);
      }
    }
  });
  for (const Shortlist& s : response.shortlists) {
    pb::Shortlist* o = p.add_shortlists();
    if (!s.candidate_id.empty()) {
      o->set_candidate_id(s.candidate_id);
    } else {
      o->set_opening_id(s.opening_id);
    }
    for (const ShortlistEntry& e : s.entries) {
      pb::ShortlistEntry* pe = o->add_entries();
      pe->set_id(e.id);
      pe->set_rank(e.rank);
      pe->set_score(e.score);
      FillBreakdown(e.breakdown, pe->mutable_breakdown());
      pe->set_explanation(e.explanation);
      if (e.lasting_probability) pe->set_lasting_probability(*e.lasting_probability);
    }
  }
  const Summary& s = response.summary;
  pb::Summary* ps = p.mutable_summary();
  ps->set_candidates(s.candidates);
  ps->set_placed_candidates(s.placed_candidates);
  ps->set_placements(s.placements);
  ps->set_placement_rate(s.placement_rate);
  ps->set_mean_score(s.mean_score);
  ps->set_mean_commute_minutes(s.mean_commute_minutes);
  ps->set_seats(s.seats);
  ps->set_seats_filled(s.seats_filled);
  ps->set_fill_rate(s.fill_rate);
  ps->set_total_score(s.total_score);
  ps->set_objective(s.objective);
  ps->set_greedy_objective(s.greedy_objective);
  ps->set_greedy_total_score(s.greedy_total_score);
  ps->set_greedy_placements(s.greedy_placements);
  FillStats(s.by_kind, ps->mutable_by_kind());
  FillStats(s.by_occupation, ps->mutable_by_occupation());
  FillStats(s.by_subgroup, ps->mutable_by_subgroup());
  ps->set_pairs_examined(s.pairs_examined);
  ps->set_pairs_feasible(s.pairs_feasible);
  ps->set_network_arcs(s.network_arcs);
  ps->set_status(static_cast<pb::SolveStatus>(s.status));
  ps->set_previous_kept(s.previous_kept);
  ps->set_previous_moved_forced(s.previous_moved_forced);
  ps->set_previous_moved_by_choice(s.previous_moved_by_choice);
  ps->set_new_placements(s.new_placements);
  if (s.expected_lasting) ps->set_expected_lasting(*s.expected_lasting);
  for (const OpeningFill& f : response.opening_fills) {
    pb::OpeningFill* o = p.add_opening_fills();
    o->set_opening_id(f.opening_id);
    o->set_capacity(f.capacity);
    o->set_filled(f.filled);
  }
  for (const Warning& w : response.warnings) {
    pb::Warning* o = p.add_warnings();
    o->set_code(static_cast<pb::WarningCode>(w.code));
    o->set_path(w.path);
    o->set_detail(w.detail);
  }
}

}  // namespace passerelle
