// Flattening of a request into its prepared form (prepared.h): interned
// skills and occupations, the occupation proximity table, constraint masks,
// reach thresholds as squared chords. Input checks are the request validator's (passerelle/validate.h);
// this file assumes they passed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "components.h"
#include "prepared.h"
#include "spatial_index.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {
namespace {

// Farthest great-circle km a mode covers within `minutes`: the exact inverse
// of the minutes of BestCommute (access, then travel; 0 when the access
// alone takes longer).
double ReachKm(TransportMode mode, double minutes, double detour, TransitAccess home) {
  const double travel = std::max(0.0, minutes - AccessMinutes(mode));
  double kmh = 0;
  switch (mode) {
    case TransportMode::kWalk: kmh = kWalkKmh; break;
    case TransportMode::kBicycle: kmh = kBicycleKmh; break;
    case TransportMode::kPublicTransport:
      if (home == TransitAccess::kNone) return 0;
      kmh = home == TransitAccess::kFull ? kPublicTransportCityKmh : kPublicTransportDaytimeKmh;
      break;
    case TransportMode::kCar:
    case TransportMode::kCarpool: return CarDrivingKm(travel) / detour;
    case TransportMode::kMoped: kmh = kMopedKmh; break;
  }
  return travel * kmh / 60.0 / detour;
}

}  // namespace

void PreparePolicy(const MatchRequest& request, const Taxonomy& taxonomy, Context* ctx) {
  const Policy& policy = request.policy;
  ctx->request = &request;
  ctx->taxonomy = &taxonomy;
  const ScoreWeights& w = policy.weights;
  const double weights[] = {w.skills,  w.occupation, w.french,
                            w.commute, w.tension,    w.preferences};
  const double sum = w.sum();
  if (sum > 0) {
    for (int k = 0; k < 6; ++k) ctx->weights[k] = weights[k] / sum;
  }
  if (policy.score_model) {
    const ScoreModel& model = *policy.score_model;
    double c[6] = {};
    for (const ModelCoefficient& k : model.coefficients) {
      for (int f = 0; f < 6; ++f) {
        if (k.feature == kScoreModelFeatures[f]) c[f] = k.value;
      }
    }
    double scale = 0;
    for (double v : c) scale += std::fabs(v);
    if (scale == 0) scale = 1;  // a constant model: every weight 0
    ctx->model = true;
    ctx->model_intercept = model.intercept;
    ctx->model_scale = scale;
    ctx->model_offset = 0;
    for (int k = 0; k < 6; ++k) {
      ctx->weights[k] = c[k] / scale;
      if (c[k] < 0) ctx->model_offset -= ctx->weights[k];
    }
    ctx->prune = ctx->weights[0] >= 0 && ctx->weights[3] >= 0;
  }
  ctx->detour = policy.detour_factor;
  ctx->half_life = policy.commute_half_life_minutes;
  ctx->constraints = policy.constraints;
  ctx->project_min_proximity = static_cast<float>(policy.project_min_proximity);
  // More pairs than openings cannot be kept: a huge value means "keep all",
  // not "reserve room for billions".
  ctx->max_pairs = static_cast<int32_t>(
      std::min<int64_t>(policy.max_pairs_per_candidate,
                        std::max<int64_t>(1, static_cast<int64_t>(request.openings.size()))));
}

void IndexOpening(const Opening& opening, Context* ctx) {
  for (const auto* list : {&opening.required_skills, &opening.optional_skills}) {
    for (const SkillRequirement& q : *list) {
      ctx->skill_index.emplace(q.code, static_cast<int32_t>(ctx->skill_index.size()));
    }
  }
  if (!opening.occupation.empty()) {
    ctx->occupation_index.emplace(opening.occupation,
                                  static_cast<int32_t>(ctx->occupation_index.size()));
  }
}

void FinishOccupationTable(Context* ctx) {
  const Taxonomy& taxonomy = *ctx->taxonomy;
  const int32_t rows = taxonomy.size();
  const auto columns = static_cast<int32_t>(ctx->occupation_index.size());
  ctx->num_columns = columns;
  ctx->column_packed.assign(columns, 0);
  for (const auto& [code, column] : ctx->occupation_index) {
    ctx->column_packed[column] = PackRome(code);
  }
  ctx->occ_table.assign(static_cast<size_t>(rows) * columns, 0.0f);
  for (const auto& [code, column] : ctx->occupation_index) {
    const OccupationId id = taxonomy.Find(code);
    for (OccupationId row = 0; row < rows; ++row) {
      const double p = id != kUnknownOccupation
                           ? taxonomy.Proximity(row, id)
                           : taxonomy.Proximity(taxonomy.occupation(row).code, code);
      ctx->occ_table[static_cast<size_t>(row) * columns + column] = static_cast<float>(p);
    }
  }
}

void PrepareOpening(const MatchRequest& request, OpeningIndex j, Context* ctx, OpeningData* out) {
  const Opening& o = request.openings[j];
  const Policy& policy = request.policy;
  const HardConstraints& hc = policy.constraints;
  OpeningData d;
  d.p = ToUnit(o.location);
  const bool work = IsEmployment(o.kind) || o.kind == OpeningKind::kWorkplaceTrial;
  if (hc.right_to_work && work) d.needs |= Bit(ReasonCode::kNoRightToWork);
  if (hc.driving_licence && o.requires_driving_licence) {
    d.needs |= Bit(ReasonCode::kDrivingLicenceRequired);
  }
  const Schedule& s = o.schedule;
  if (hc.childcare_schedule && (s.early_shift || s.night_shift || s.weekend_shift)) {
    d.needs |= Bit(ReasonCode::kChildcareSchedule);
  }
  if (hc.health) d.needs |= o.physical_demands.bits() << kDemandShift;
  if (policy.job_track_min_french_level && IsEmployment(o.kind)) {
    d.needs |= Bit(ReasonCode::kFrenchRouting);
  }
  d.start = o.start_date;
  if (policy.reference_date) {
    d.start = d.start == kNoDate ? *policy.reference_date : std::max(d.start, *policy.reference_date);
  }
  if (!o.occupation.empty()) {
    auto it = ctx->occupation_index.find(o.occupation);
    d.occ_column = it == ctx->occupation_index.end() ? -1 : it->second;
    d.packed_code = PackRome(o.occupation);
    if (IsRomeCode(o.occupation)) d.sector_bit = uint32_t{1} << (o.occupation[0] - 'A');
  }
  // Requirements, weights normalised within each list (0 reads as 1).
  auto add_list = [&](const std::vector<SkillRequirement>& list, int32_t* begin, int32_t* end) {
    *begin = static_cast<int32_t>(ctx->requirements.size());
    double total = 0;
    for (const SkillRequirement& q : list) {
      const double weight = q.weight == 0 ? 1.0 : q.weight;
      auto it = ctx->skill_index.find(q.code);
      ctx->requirements.push_back({it == ctx->skill_index.end() ? 0 : it->second, weight});
      total += weight;
    }
    *end = static_cast<int32_t>(ctx->requirements.size());
    for (int32_t k = *begin; k < *end; ++k) ctx->requirements[k].weight /= total;
  };
  add_list(o.required_skills, &d.req_begin, &d.req_end);
  add_list(o.optional_skills, &d.opt_begin, &d.opt_end);
  d.tension = o.tension > 0 ? o.tension : ctx->taxonomy->Tension(o.occupation);
  d.contract_bit = o.contract_type == ContractType::kUnspecified
                       ? 0
                       : uint32_t{1} << static_cast<int>(o.contract_type);
  d.min_french = static_cast<int8_t>(o.min_french_level);
  const int accepted_gap =
      std::max(0, policy.max_french_gap) + (o.provides_french_training ? 1 : 0);
  d.min_accepted = static_cast<int8_t>(d.min_french - accepted_gap);
  if (o.site_transit_access != TransitAccess::kNone) d.transit |= kSiteHasTransit;
  if (o.site_transit_access == TransitAccess::kFull) d.transit |= kSiteFullTransit;
  if (s.early_shift || s.night_shift) d.transit |= kEarlyOrNight;
  if (o.location.precision == GeoPrecision::kTown) d.transit |= kSiteTownLevel;
  d.teaches = o.kind == OpeningKind::kQualifyingTraining || o.kind == OpeningKind::kApprenticeship;
  d.trains_skills = o.provides_skill_training && !d.teaches;
  d.french_training = o.provides_french_training;
  d.french_course = o.kind == OpeningKind::kFrenchCourse;
  d.outside_project_rule = d.french_course || d.occ_column < 0;
  d.trial = o.kind == OpeningKind::kWorkplaceTrial;
  d.short_commitment = o.duration_months >= 1 && o.duration_months <= 6;
  *out = d;
}

void PrepareCandidate(const Context& ctx, CandidateIndex i, CandidateData* out) {
  const MatchRequest& request = *ctx.request;
  const Candidate& c = request.candidates[i];
  const Policy& policy = request.policy;
  CandidateData& d = *out;
  d.p = ToUnit(c.home);
  d.blocked = 0;
  if (c.right_to_work == RightToWork::kNone) d.blocked |= Bit(ReasonCode::kNoRightToWork);
  if (!c.mobility.driving_licence) d.blocked |= Bit(ReasonCode::kDrivingLicenceRequired);
  if (c.barriers.childcare == ChildcareConstraint::kDaytimeWeekdaysOnly) {
    d.blocked |= Bit(ReasonCode::kChildcareSchedule);
  }
  d.blocked |= c.barriers.health_restrictions.bits() << kDemandShift;
  d.french = static_cast<int8_t>(c.french_level);
  if (policy.job_track_min_french_level && c.french_level < *policy.job_track_min_french_level) {
    d.blocked |= Bit(ReasonCode::kFrenchRouting);
  }
  d.available = c.available_from;
  // Mobility.
  const Mobility& m = c.mobility;
  d.max_minutes = m.max_commute_minutes;
  d.home_transit = m.home_transit_access;
  uint8_t modes = static_cast<uint8_t>(m.modes.bits());
  if (modes == 0) modes = ModeBit(TransportMode::kWalk) | ModeBit(TransportMode::kPublicTransport);
  d.has_car = (m.driving_licence && m.has_vehicle) || !ctx.constraints.vehicle;
  modes = static_cast<uint8_t>(modes & ~ModeBit(TransportMode::kCar));
  if (d.has_car) modes |= ModeBit(TransportMode::kCar);
  d.modes = modes;
  // Reach per mode, as squared chords (see CheckPair), and the search circle.
  const double minutes = d.max_minutes;
  auto chord2_of = [&](TransportMode mode, TransitAccess home) {
    if (minutes < AccessMinutes(mode)) return -1.0;
    return KmToChord2(ReachKm(mode, minutes, ctx.detour, home));
  };
  d.reach2_other = -1;
  double search_km = 0;
  for (int k = 0; k < kNumTransportModes; ++k) {
    const auto mode = static_cast<TransportMode>(k);
    if (!(modes & ModeBit(mode))) continue;
    search_km = std::max(search_km, ReachKm(mode, minutes, ctx.detour, d.home_transit));
    if (mode != TransportMode::kPublicTransport) {
      d.reach2_other = std::max(d.reach2_other, chord2_of(mode, d.home_transit));
    }
  }
  const bool transit = (modes & ModeBit(TransportMode::kPublicTransport)) &&
                       d.home_transit != TransitAccess::kNone;
  d.reach2_transit_day =
      transit ? chord2_of(TransportMode::kPublicTransport, TransitAccess::kDaytime) : -1;
  d.reach2_transit_city = transit && d.home_transit == TransitAccess::kFull
                              ? chord2_of(TransportMode::kPublicTransport, TransitAccess::kFull)
                              : -1;
  d.reach2_car = chord2_of(TransportMode::kCar, d.home_transit);
  d.reach2_own = std::max({d.reach2_other, d.reach2_transit_day, d.reach2_transit_city});
  // Town-level pairs are decided on their floored chord (FlooredChord2), so
  // the reach of a class does not depend on kSiteTownLevel.
  const double town_floor2 = c.home.precision == GeoPrecision::kTown
                                 ? KmToChord2(policy.town_distance_floor_km)
                                 : 0.0;
  for (uint8_t site = 0; site < kSiteClasses; ++site) {
    d.floor2_by_site[site] = (site & kSiteTownLevel) ? town_floor2 : 0.0;
    OpeningData probe;
    probe.transit = site;
    d.reach2_by_site[site] =
        TransitUsable(d, probe)
            ? std::max(d.reach2_other,
                       BothEndsFullTransit(d, probe) ? d.reach2_transit_city : d.reach2_transit_day)
            : d.reach2_other;
  }
  d.commute_checked = ctx.constraints.commute ? 1 : 0;
  d.car_would_help = ctx.constraints.vehicle && !d.has_car ? 1 : 0;
  if (ctx.constraints.vehicle) {
    search_km =
        std::max(search_km, ReachKm(TransportMode::kCar, minutes, ctx.detour, d.home_transit));
  }
  // A hair wider than every reach, so that rounding never hides a pair.
  d.search_chord2 =
      ctx.constraints.commute ? KmToChord2(search_km * (1 + 1e-9) + 1e-6) : kInfinity;
  // Preferences.
  d.preferred_sectors = 0;
  for (const char letter : c.preferred_sectors) {
    // Other characters are input problems; skipped so that the shift stays
    // defined.
    if (letter >= 'A' && letter <= 'Z') d.preferred_sectors |= uint32_t{1} << (letter - 'A');
  }
  d.preferred_contracts = c.preferred_contract_types.bits() &
                          ~(uint32_t{1} << static_cast<int>(ContractType::kUnspecified));
  d.prefers_trials = c.barriers.psychological_fragility;
  d.prefers_short = c.barriers.housing == HousingSituation::kTemporary ||
                    c.barriers.housing == HousingSituation::kNone;
  // Occupations: targets at full weight, past ones discounted; a code listed
  // twice keeps its best weight.
  d.occupations.clear();
  auto add_occupations = [&](const std::vector<std::string>& codes, double weight, bool past) {
    for (const std::string& code : codes) {
      const OccupationId id = ctx.taxonomy->Find(code);
      const uint32_t packed = PackRome(code);
      bool merged = false;
      for (CandidateOccupation& existing : d.occupations) {
        if (existing.row == id && existing.packed == packed) {
          existing.weight = std::max(existing.weight, weight);
          existing.past |= past;
          merged = true;
        }
      }
      if (!merged) d.occupations.push_back({id, packed, weight, past});
    }
  };
  add_occupations(c.target_occupations, 1.0, false);
  add_occupations(c.past_occupations, kPastOccupationDiscount, true);
  d.project_exempt = !ctx.constraints.project || c.open_to_other_trades || d.occupations.empty();
  // Skills some opening asks for.
  d.skills.clear();
  for (const Skill& skill : c.skills) {
    auto it = ctx.skill_index.find(skill.code);
    if (it == ctx.skill_index.end()) continue;
    bool merged = false;
    for (auto& existing : d.skills) {
      if (existing.skill == it->second) {
        if (skill.level > existing.level) {
          existing.level = static_cast<float>(skill.level);
          existing.abroad = skill.acquired_abroad;
        }
        merged = true;
      }
    }
    if (!merged) {
      d.skills.push_back({it->second, static_cast<float>(skill.level), skill.acquired_abroad});
    }
  }
}

void PrepareOpenings(const MatchRequest& request, const Taxonomy& taxonomy, const ValidationOptions& validation,
                     Context* ctx, std::vector<int32_t>* order, std::vector<OpeningData>* openings,
                     std::vector<std::string>* problems) {
  const auto num_openings = static_cast<int32_t>(request.openings.size());
  CollectPolicyProblems(request, problems);
  PreparePolicy(request, taxonomy, ctx);
  for (const Opening& o : request.openings) IndexOpening(o, ctx);
  FinishOccupationTable(ctx);
  *order = ZOrder(num_openings, [&](int32_t j) -> const GeoPoint& { return request.openings[j].location; });
  openings->assign(static_cast<size_t>(num_openings), OpeningData{});
  for (int32_t k = 0; k < num_openings; ++k) {
    CollectOpeningProblems(request, (*order)[k], problems, validation);
    PrepareOpening(request, (*order)[k], ctx, &(*openings)[k]);
  }
}

}  // namespace passerelle::scoring_internal
