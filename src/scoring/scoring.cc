#include "passerelle/scoring.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include "kernel.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PASSERELLE_SCORING_X86 1
#include <immintrin.h>
#else
#define PASSERELLE_SCORING_X86 0
#endif
#include "passerelle/error.h"

namespace passerelle {

using namespace scoring_internal;


namespace scoring_internal {
namespace {

std::atomic<int> simd_level{static_cast<int>(SimdLevel::kAvx512)};
std::atomic<int64_t> direct_rows_limit{int64_t{16} << 30};

// Appends rather than `"\"" + std::string(s)`, which trips GCC 12's
// -Wrestrict false positive.
std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

std::string Number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string CandidatePath(const MatchRequest& r, CandidateIndex i) {
  return "candidates[" + std::to_string(i) + "] (id " + Quote(r.candidates[i].id) + ")";
}

std::string OpeningPath(const MatchRequest& r, OpeningIndex j) {
  return "openings[" + std::to_string(j) + "] (id " + Quote(r.openings[j].id) + ")";
}

// `path` builds the field path only when there is a problem to report.
template <typename PathFn>
void CheckPoint(const GeoPoint& p, const PathFn& path, const char* field,
                std::vector<std::string>* problems) {
  if (!std::isfinite(p.latitude) || p.latitude < -90 || p.latitude > 90) {
    problems->push_back(path() + field + ".latitude: " + Number(p.latitude) +
                        " is not a latitude in [-90, 90]");
  }
  if (!std::isfinite(p.longitude) || p.longitude < -180 || p.longitude > 180) {
    problems->push_back(path() + field + ".longitude: " + Number(p.longitude) +
                        " is not a longitude in [-180, 180]");
  }
}

bool ValidCefr(CefrLevel level) {
  return static_cast<int>(level) >= 0 && static_cast<int>(level) <= 6;
}

bool ValidOccupation(const Taxonomy& taxonomy, std::string_view code) {
  return IsRomeCode(code) || taxonomy.Contains(code);
}

// Farthest great-circle km a mode covers within `minutes`.
double ReachKm(TransportMode mode, double minutes, double detour, TransitAccess home) {
  double kmh = 0, overhead = 0;
  switch (mode) {
    case TransportMode::kWalk: kmh = kWalkKmh; break;
    case TransportMode::kBicycle: kmh = kBicycleKmh; break;
    case TransportMode::kPublicTransport:
      if (home == TransitAccess::kNone) return 0;
      kmh = home == TransitAccess::kFull ? kPublicTransportCityKmh : kPublicTransportDaytimeKmh;
      break;
    case TransportMode::kCar: kmh = kCarKmh; overhead = kCarOverheadMinutes; break;
    case TransportMode::kMoped: kmh = kMopedKmh; break;
    case TransportMode::kCarpool: kmh = kCarKmh; overhead = kCarpoolOverheadMinutes; break;
  }
  return std::max(0.0, minutes - overhead) * kmh / 60.0 / detour;
}

}  // namespace

void SetSimdLevel(SimdLevel level) { simd_level.store(static_cast<int>(level), std::memory_order_relaxed); }
void SetSimdAllowed(bool allowed) { SetSimdLevel(allowed ? SimdLevel::kAvx512 : SimdLevel::kPortable); }
void SetDirectRowsLimit(int64_t bytes) { direct_rows_limit.store(bytes, std::memory_order_relaxed); }

void PreparePolicy(const MatchRequest& request, const Taxonomy& taxonomy, Context* ctx,
                   std::vector<std::string>* problems) {
  const Policy& policy = request.policy;
  ctx->request = &request;
  ctx->taxonomy = &taxonomy;
  const ScoreWeights& w = policy.weights;
  const std::pair<const char*, double> weights[] = {
      {"skills", w.skills},   {"occupation", w.occupation}, {"french", w.french},
      {"commute", w.commute}, {"tension", w.tension},       {"preferences", w.preferences}};
  bool weights_ok = true;
  for (const auto& [name, value] : weights) {
    if (!std::isfinite(value) || value < 0) {
      problems->push_back(std::string("policy.weights.") + name + ": " + Number(value) +
                          " is not a finite weight >= 0");
      weights_ok = false;
    }
  }
  const double sum = w.sum();
  if (weights_ok && !(sum > 0)) {
    problems->push_back("policy.weights: all zero");
    weights_ok = false;
  }
  if (weights_ok) {
    for (int k = 0; k < 6; ++k) ctx->weights[k] = weights[k].second / sum;
  }
  if (!std::isfinite(policy.detour_factor) || policy.detour_factor <= 0) {
    problems->push_back("policy.detour_factor: " + Number(policy.detour_factor) +
                        " is not a positive number");
  }
  if (!std::isfinite(policy.commute_half_life_minutes) || policy.commute_half_life_minutes <= 0) {
    problems->push_back("policy.commute_half_life_minutes: " +
                        Number(policy.commute_half_life_minutes) + " is not a positive number");
  }
  if (policy.max_french_gap < 0) {
    problems->push_back("policy.max_french_gap: " + std::to_string(policy.max_french_gap) +
                        " is negative");
  }
  if (policy.max_pairs_per_candidate <= 0) {
    problems->push_back("policy.max_pairs_per_candidate: " +
                        std::to_string(policy.max_pairs_per_candidate) + " is not positive");
  }
  if (policy.has_job_track_min_french_level && !ValidCefr(policy.job_track_min_french_level)) {
    problems->push_back("policy.job_track_min_french_level: " +
                        std::to_string(static_cast<int>(policy.job_track_min_french_level)) +
                        " is not a CEFR level");
  }
  ctx->detour = policy.detour_factor;
  ctx->half_life = policy.commute_half_life_minutes;
  ctx->constraints = policy.constraints;
  // More pairs than openings cannot be kept: a huge value means "keep all",
  // not "reserve room for billions".
  ctx->max_pairs = static_cast<int32_t>(
      std::min<int64_t>(policy.max_pairs_per_candidate, std::max<int64_t>(1, static_cast<int64_t>(request.openings.size()))));
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

void PrepareOpening(const MatchRequest& request, OpeningIndex j, Context* ctx, OpeningData* out,
                    std::vector<std::string>* problems) {
  const Opening& o = request.openings[j];
  const Policy& policy = request.policy;
  const HardConstraints& hc = policy.constraints;
  const auto path = [&] { return OpeningPath(request, j); };
  CheckPoint(o.location, path, ".location", problems);
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
  if (policy.has_job_track_min_french_level && IsEmployment(o.kind)) {
    d.needs |= Bit(ReasonCode::kFrenchRouting);
  }
  d.start = o.start_date;
  if (policy.has_reference_date) {
    d.start = d.start == kNoDate ? policy.reference_date : std::max(d.start, policy.reference_date);
  }
  if (!o.occupation.empty()) {
    if (!ValidOccupation(*ctx->taxonomy, o.occupation)) {
      problems->push_back(path() + ".occupation: " + Quote(o.occupation) +
                          " is not a ROME code");
    }
    auto it = ctx->occupation_index.find(o.occupation);
    d.occ_column = it == ctx->occupation_index.end() ? -1 : it->second;
    d.packed_code = PackRome(o.occupation);
    if (IsRomeCode(o.occupation)) d.sector_bit = uint32_t{1} << (o.occupation[0] - 'A');
  }
  // Requirements, weights normalised within each list (0 reads as 1).
  auto add_list = [&](const std::vector<SkillRequirement>& list, const char* field,
                      int32_t* begin, int32_t* end) {
    *begin = static_cast<int32_t>(ctx->requirements.size());
    double total = 0;
    for (size_t k = 0; k < list.size(); ++k) {
      const double weight = list[k].weight == 0 ? 1.0 : list[k].weight;
      if (!std::isfinite(weight) || weight < 0) {
        problems->push_back(path() + "." + field + "[" + std::to_string(k) + "].weight: " +
                            Number(list[k].weight) + " is not a finite weight >= 0");
        continue;
      }
      auto it = ctx->skill_index.find(list[k].code);
      ctx->requirements.push_back({it == ctx->skill_index.end() ? 0 : it->second, weight});
      total += weight;
    }
    *end = static_cast<int32_t>(ctx->requirements.size());
    for (int32_t k = *begin; k < *end; ++k) ctx->requirements[k].weight /= total;
  };
  add_list(o.required_skills, "required_skills", &d.req_begin, &d.req_end);
  add_list(o.optional_skills, "optional_skills", &d.opt_begin, &d.opt_end);
  double tension = o.tension > 0 ? o.tension : ctx->taxonomy->Tension(o.occupation);
  if (!std::isfinite(o.tension) || o.tension < 0 || o.tension > 1) {
    problems->push_back(path() + ".tension: " + Number(o.tension) + " is not in [0, 1]");
    tension = 0;
  }
  d.tension = tension;
  d.contract_bit = o.contract_type == ContractType::kUnspecified
                       ? 0
                       : uint32_t{1} << static_cast<int>(o.contract_type);
  if (!ValidCefr(o.min_french_level)) {
    problems->push_back(path() + ".min_french_level: " +
                        std::to_string(static_cast<int>(o.min_french_level)) +
                        " is not a CEFR level");
  } else {
    d.min_french = static_cast<int8_t>(o.min_french_level);
  }
  const int accepted_gap = std::max(0, policy.max_french_gap) + (o.provides_french_training ? 1 : 0);
  d.min_accepted = static_cast<int8_t>(d.min_french - accepted_gap);
  if (o.site_transit_access != TransitAccess::kNone) d.transit |= kSiteHasTransit;
  if (o.site_transit_access == TransitAccess::kFull) d.transit |= kSiteFullTransit;
  if (s.early_shift || s.night_shift) d.transit |= kEarlyOrNight;
  d.trains_skills = o.provides_skill_training || o.kind == OpeningKind::kQualifyingTraining ||
                    o.kind == OpeningKind::kApprenticeship;
  d.french_training = o.provides_french_training;
  d.french_course = o.kind == OpeningKind::kFrenchCourse;
  d.trial = o.kind == OpeningKind::kWorkplaceTrial;
  d.short_commitment = o.duration_months >= 1 && o.duration_months <= 6;
  *out = d;
}

bool PrepareCandidate(const Context& ctx, CandidateIndex i, CandidateData* out,
                      std::vector<std::string>* problems) {
  const MatchRequest& request = *ctx.request;
  const Candidate& c = request.candidates[i];
  const Policy& policy = request.policy;
  const size_t problems_before = problems->size();
  const auto path = [&] { return CandidatePath(request, i); };
  CheckPoint(c.home, path, ".home", problems);
  CandidateData& d = *out;
  d.p = ToUnit(c.home);
  d.blocked = 0;
  if (c.right_to_work == RightToWork::kNone) d.blocked |= Bit(ReasonCode::kNoRightToWork);
  if (!c.mobility.driving_licence) d.blocked |= Bit(ReasonCode::kDrivingLicenceRequired);
  if (c.barriers.childcare == ChildcareConstraint::kDaytimeWeekdaysOnly) {
    d.blocked |= Bit(ReasonCode::kChildcareSchedule);
  }
  d.blocked |= c.barriers.health_restrictions.bits() << kDemandShift;
  if (!ValidCefr(c.french_level)) {
    problems->push_back(path() + ".french_level: " +
                        std::to_string(static_cast<int>(c.french_level)) + " is not a CEFR level");
    d.french = 0;
  } else {
    d.french = static_cast<int8_t>(c.french_level);
  }
  if (policy.has_job_track_min_french_level && c.french_level < policy.job_track_min_french_level) {
    d.blocked |= Bit(ReasonCode::kFrenchRouting);
  }
  d.available = c.available_from;
  // Mobility.
  const Mobility& m = c.mobility;
  if (m.max_commute_minutes <= 0) {
    problems->push_back(path() + ".mobility.max_commute_minutes: " +
                        std::to_string(m.max_commute_minutes) + " is not positive");
  }
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
    const double overhead = mode == TransportMode::kCar       ? kCarOverheadMinutes
                            : mode == TransportMode::kCarpool ? kCarpoolOverheadMinutes
                                                              : 0.0;
    if (minutes < overhead) return -1.0;
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
  for (uint8_t site = 0; site < 8; ++site) {
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
    search_km = std::max(search_km, ReachKm(TransportMode::kCar, minutes, ctx.detour, d.home_transit));
  }
  // A hair wider than every reach, so that rounding never hides a pair.
  d.search_chord2 =
      ctx.constraints.commute ? KmToChord2(search_km * (1 + 1e-9) + 1e-6) : kInfinity;
  // Preferences.
  d.preferred_sectors = 0;
  for (size_t k = 0; k < c.preferred_sectors.size(); ++k) {
    const char letter = c.preferred_sectors[k];
    if (letter < 'A' || letter > 'Z') {
      problems->push_back(path() + ".preferred_sectors[" + std::to_string(k) + "]: " +
                          Quote(std::string(1, letter)) + " is not a ROME domain letter");
      continue;
    }
    d.preferred_sectors |= uint32_t{1} << (letter - 'A');
  }
  d.preferred_contracts =
      c.preferred_contract_types.bits() & ~(uint32_t{1} << static_cast<int>(ContractType::kUnspecified));
  d.prefers_trials = c.barriers.psychological_fragility;
  d.prefers_short = c.barriers.housing == HousingSituation::kTemporary ||
                    c.barriers.housing == HousingSituation::kNone;
  // Occupations: targets at full weight, past ones discounted; a code listed
  // twice keeps its best weight.
  d.occupations.clear();
  auto add_occupations = [&](const std::vector<std::string>& codes, const char* field,
                             double weight) {
    for (size_t k = 0; k < codes.size(); ++k) {
      const std::string& code = codes[k];
      if (!ValidOccupation(*ctx.taxonomy, code)) {
        problems->push_back(path() + "." + field + "[" + std::to_string(k) + "]: " +
                            Quote(code) + " is not a ROME code");
        continue;
      }
      const OccupationId id = ctx.taxonomy->Find(code);
      const uint32_t packed = PackRome(code);
      bool merged = false;
      for (CandidateOccupation& existing : d.occupations) {
        if (existing.row == id && existing.packed == packed) {
          existing.weight = std::max(existing.weight, weight);
          merged = true;
        }
      }
      if (!merged) d.occupations.push_back({id, packed, weight});
    }
  };
  add_occupations(c.target_occupations, "target_occupations", 1.0);
  add_occupations(c.past_occupations, "past_occupations", kPastOccupationDiscount);
  // Skills some opening asks for.
  d.skills.clear();
  for (size_t k = 0; k < c.skills.size(); ++k) {
    const Skill& skill = c.skills[k];
    if (!std::isfinite(skill.level) || skill.level <= 0 || skill.level > 1) {
      problems->push_back(path() + ".skills[" + std::to_string(k) + "].level: " +
                          Number(skill.level) + " is not in (0, 1]");
      continue;
    }
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
    if (!merged) d.skills.push_back({it->second, static_cast<float>(skill.level), skill.acquired_abroad});
  }
  return problems->size() == problems_before;
}

}  // namespace scoring_internal

// ---- ScoreMatrix ------------------------------------------------------------

class ScoreMatrixBuilder {
 public:
  static std::vector<int64_t>& offsets(ScoreMatrix& m) { return m.row_offsets_; }
  static auto& entries(ScoreMatrix& m) { return m.entries_; }
  static std::vector<ScoreMatrix::CandidateStats>& stats(ScoreMatrix& m) { return m.stats_; }
  static void SetTotals(ScoreMatrix& m, int32_t openings, int64_t examined, int64_t feasible) {
    m.num_openings_ = openings;
    m.pairs_examined_ = examined;
    m.pairs_feasible_ = feasible;
  }
};

// ---- EvaluatePair -------------------------------------------------------------

PairEvaluation EvaluatePair(const MatchRequest& request, CandidateIndex candidate,
                            OpeningIndex opening, const Taxonomy& taxonomy) {
  if (candidate < 0 || candidate >= static_cast<CandidateIndex>(request.candidates.size())) {
    throw InvalidArgumentError("EvaluatePair: candidate index " + std::to_string(candidate) +
                               " out of range [0, " +
                               std::to_string(request.candidates.size()) + ")");
  }
  if (opening < 0 || opening >= static_cast<OpeningIndex>(request.openings.size())) {
    throw InvalidArgumentError("EvaluatePair: opening index " + std::to_string(opening) +
                               " out of range [0, " + std::to_string(request.openings.size()) +
                               ")");
  }
  Context ctx;
  std::vector<std::string> problems;
  PreparePolicy(request, taxonomy, &ctx, &problems);
  IndexOpening(request.openings[opening], &ctx);
  FinishOccupationTable(&ctx);
  OpeningData o;
  PrepareOpening(request, opening, &ctx, &o, &problems);
  CandidateData c;
  PrepareCandidate(ctx, candidate, &c, &problems);
  if (!problems.empty()) throw ValidationError(std::move(problems));

  std::vector<float> level(ctx.skill_index.size() + 1, 0.0f);
  for (const auto& s : c.skills) level[s.skill] = s.level;
  PairOutcome out;
  EvaluateFully(ctx, c, o, Chord2(c.p, o.p), level.data(), &out);

  PairEvaluation e;
  e.feasible = out.violations == 0;
  for (int code = 1; code <= kMaxReasonCode; ++code) {
    if (out.violations & (uint32_t{1} << code)) e.violations.push_back(static_cast<ReasonCode>(code));
  }
  e.breakdown = ScoreBreakdown{out.components[0], out.components[1], out.components[2],
                               out.components[3], out.components[4], out.components[5]};
  e.score = out.score;
  e.commute_minutes = out.minutes;
  e.commute_mode = out.mode;
  // Skill details.
  const Candidate& cand = request.candidates[candidate];
  const Opening& op = request.openings[opening];
  auto best_skill = [&](const std::string& code) -> const Skill* {
    const Skill* best = nullptr;
    for (const Skill& s : cand.skills) {
      if (s.code == code && (best == nullptr || s.level > best->level)) best = &s;
    }
    return best;
  };
  auto note_abroad = [&](const Skill* s) {
    if (s != nullptr && s->acquired_abroad &&
        std::find(e.skills_acquired_abroad.begin(), e.skills_acquired_abroad.end(), s->code) ==
            e.skills_acquired_abroad.end()) {
      e.skills_acquired_abroad.push_back(s->code);
    }
  };
  e.required_skills_total = static_cast<int32_t>(op.required_skills.size());
  for (const SkillRequirement& q : op.required_skills) {
    const Skill* s = best_skill(q.code);
    if (s != nullptr) {
      ++e.required_skills_covered;
      note_abroad(s);
    } else {
      e.skill_gaps.push_back(q.code);
    }
  }
  for (const SkillRequirement& q : op.optional_skills) note_abroad(best_skill(q.code));
  return e;
}

// ---- ScoreRequest ---------------------------------------------------------------

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;  // (lon, lat) degrees
using Box = bg::model::box<Point>;
// The R-tree indexes blocks of kBlock openings consecutive in Z-order (a
// block's bounding box), not single openings: a query returns 16x fewer
// values and each block is a contiguous run of memory.
using Value = std::pair<Box, int32_t>;
using RTree = bgi::rtree<Value, bgi::rstar<16>>;
constexpr int32_t kBlock = 16;

// Z-order key of a location, to store openings near each other in memory.
uint64_t MortonKey(const GeoPoint& p) {
  auto spread = [](uint64_t x) {
    x &= 0xffffffff;
    x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
  };
  const auto lat = static_cast<uint64_t>((p.latitude + 90.0) / 180.0 * 65535.0);
  const auto lon = static_cast<uint64_t>((p.longitude + 180.0) / 360.0 * 65535.0);
  return spread(lat) << 1 | spread(lon);
}

// Boxes (in lon/lat degrees) covering the spherical cap of great-circle
// radius `chord2` (squared chord) around `home`. Empty result: everything.
bool CapBox(const GeoPoint& home, double chord2, Box* box) {
  if (!(chord2 < 4.0)) return false;
  constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;
  const double angle = 2 * std::asin(0.5 * std::sqrt(chord2));  // radians
  const double margin = 1e-9;
  const double dlat = angle * kRadToDeg * (1 + 1e-9) + margin;
  const double lat_min = home.latitude - dlat, lat_max = home.latitude + dlat;
  if (lat_min <= -90 || lat_max >= 90) return false;
  const double ratio = std::sin(angle) / std::cos(home.latitude * kDegToRad);
  if (ratio >= 1) return false;
  const double dlon = std::asin(ratio) * kRadToDeg * (1 + 1e-9) + margin;
  if (home.longitude - dlon < -180 || home.longitude + dlon > 180) return false;
  *box = Box(Point(home.longitude - dlon, lat_min), Point(home.longitude + dlon, lat_max));
  return true;
}

// Rows are sorted by score descending, then opening ascending: one 64-bit
// key (scores are finite and >= 0, so their float bits order like them).
struct RankKey {
  uint64_t key;
  uint32_t slot;
  bool operator<(const RankKey& other) const { return key < other.key; }
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A sphere in unit-vector space holding the positions of a block's openings.
struct BlockSphere {
  double x, y, z, radius;
};


// Reason counts of pass 1 are summed in 6-bit lanes of a 64-bit word, lane r
// for ReasonCode r (1 to 9); kReasonLanes[v] spreads the bits of a violation
// set v.
constexpr int kLaneBits = 6;
constexpr int kLaneReasons = 10;
constexpr int32_t kLaneMax = (1 << kLaneBits) - 1;
constexpr std::array<uint64_t, 1 << kLaneReasons> MakeReasonLanes() {
  std::array<uint64_t, 1 << kLaneReasons> lanes{};
  for (uint32_t v = 0; v < lanes.size(); ++v) {
    for (int r = 0; r < kLaneReasons; ++r) {
      if (v >> r & 1) lanes[v] |= uint64_t{1} << (kLaneBits * r);
    }
  }
  return lanes;
}
constexpr std::array<uint64_t, 1 << kLaneReasons> kReasonLanes = MakeReasonLanes();
static_assert(kBlock <= kLaneMax);

// ---- Pass 1 ------------------------------------------------------------------
// Every opening of the candidate's blocks: inside the search circle or not,
// in the car-only band or not, its hard constraints (CheckPair), reasons
// counted; for each feasible pair, appended to `Found`: the cheap part of the
// score, the skills component when the candidate has none of the opening's
// skills (otherwise its position goes to `overlap`, to be computed by the
// caller), and the score's upper bound. Two versions computing the same:
// portable (scalar, branch-free constraint checks), and AVX2 (4 openings at
// a time; no FMA, so every product and sum is rounded as in the scalar code).

// The openings' fields pass 1 reads, one array each, padded to whole blocks.
struct Pass1Layout {
  const double* x;
  const double* y;
  const double* z;
  const uint32_t* needs;
  const int32_t* start_key;
  const int32_t* min_accepted_key;
  const int32_t* transit;
  const BlockSphere* spheres;
  int32_t num_openings;
};

// The openings' fields the bound reads (OpeningWarm, one array each).
struct BoundLayout {
  const int32_t* occupation_slot;
  const int32_t* french_class;
  const uint32_t* sector_bit;
  const uint32_t* contract_bit;
  const int32_t* trial_short;
  const double* weighted_tension;
  const double* skills_if_none;
  const uint64_t* skill_mask;
  const int32_t* transit;
};

struct Pass1Candidate {
  double x, y, z;
  double search_chord2;
  double band_from;  // beyond: only a car reaches it (kInfinity: no band)
  double reach2_car;
  const double* reach2_by_site;
  uint32_t blocked;
  int32_t french;
  int32_t available;
  uint32_t commute_checked;
  uint32_t car_would_help;
};

Pass1Candidate MakePass1Candidate(const CandidateData& c, double band_from) {
  return {c.p.x,       c.p.y,    c.p.z,     c.search_chord2,     band_from,
          c.reach2_car, c.reach2_by_site, c.blocked, c.french, c.available,
          c.commute_checked, c.car_would_help};
}

// What the bound reads of the candidate.
struct BoundCandidate {
  const double* occupation;   // FillOccupationTable, CheapTables
  const double* french;
  const double* preferences;
  const CommuteBoundCoefficients* commute;
  const double* commute_table;
  double skills_weight;   // weights[0]
  double commute_weight;  // weights[3]
  uint32_t preferred_sectors;
  uint32_t preferred_contracts;
  uint64_t skill_mask;  // SkillBit of each of the candidate's skills
};

BoundCandidate MakeBoundCandidate(const Context& ctx, const CandidateData& c,
                                  const double* occupation_table, const CheapTables& t,
                                  const CommuteBoundCoefficients& commute,
                                  const double* commute_table, uint64_t skill_mask) {
  return {occupation_table,
          t.french[c.french],
          t.preferences[PreferenceProfile(c)],
          &commute,
          commute_table,
          ctx.weights[0],
          ctx.weights[3],
          c.preferred_sectors,
          c.preferred_contracts,
          skill_mask};
}

// Per feasible pair (arrays with room for every opening, plus a block).
struct Found {
  int32_t* k;        // opening position in Z-order
  double* chord2;
  double* cheap;     // CheapSum
  double* skills;    // SkillsScore (0 until computed for `overlap` pairs)
  float* bound;      // CombineScore(cheap, skills, CommuteBound), rounded
  int32_t* overlap;  // pairs whose skills are left to compute
};

struct Pass1Result {
  ExclusionCounts excluded{};
  int32_t examined = 0;
  int32_t num_found = 0;
  int32_t num_overlap = 0;
  bool in_reach = false;
};

// Whole-block decisions from the block's sphere: 0 look at each opening,
// 1 skip (beyond the circle), 2 all in the car-only band.
inline int ClassifyBlock(const Pass1Candidate& pc, const BlockSphere& sphere) {
  const double dx = pc.x - sphere.x, dy = pc.y - sphere.y, dz = pc.z - sphere.z;
  const double d = std::sqrt(dx * dx + dy * dy + dz * dz);
  const double near = d > sphere.radius ? d - sphere.radius : 0.0;
  const double far = d + sphere.radius;
  const double near2 = near * near * (1 - 1e-12), far2 = far * far * (1 + 1e-12);
  if (near2 > pc.search_chord2) return 1;
  if (near2 > pc.band_from && far2 <= pc.search_chord2) return 2;
  return 0;
}

inline void EmptyLanes(uint64_t lanes, ExclusionCounts* excluded) {
  for (int r = 1; r < kLaneReasons; ++r) {
    (*excluded)[r] += static_cast<int32_t>((lanes >> (kLaneBits * r)) & kLaneMax);
  }
}

// The SIMD versions' counts are locals (kept in registers); these two keep
// their block-level bookkeeping in one place.
// A block's whole-block decision: false when the block is done (beyond the
// circle: skipped; wholly in the car-only band: counted), else makes room
// in the reason lanes for its openings.
inline bool OpenBlock(const Pass1Layout& o, const Pass1Candidate& pc, int32_t b, int32_t& examined,
                      int32_t& vehicle, uint64_t& lanes, int32_t& in_lanes, ExclusionCounts& excluded) {
  const int32_t begin = b * kBlock, end = std::min(o.num_openings, (b + 1) * kBlock);
  const int decision = ClassifyBlock(pc, o.spheres[b]);
  if (decision == 1) return false;
  if (decision == 2) {
    examined += end - begin;
    vehicle += end - begin;
    return false;
  }
  if (in_lanes + kBlock > kLaneMax) {
    EmptyLanes(lanes, &excluded);
    lanes = 0;
    in_lanes = 0;
  }
  in_lanes += kBlock;
  return true;
}

inline void FinishPass1(uint64_t lanes, ExclusionCounts excluded, int32_t vehicle, int32_t examined,
                        int32_t num_found, int32_t num_overlap, bool in_reach, Pass1Result* result) {
  EmptyLanes(lanes, &excluded);
  excluded[static_cast<int>(ReasonCode::kVehicleRequired)] += vehicle;
  Pass1Result r;
  r.excluded = excluded;
  r.examined = examined;
  r.num_found = num_found;
  r.num_overlap = num_overlap;
  r.in_reach = in_reach;
  *result = r;
}

void Pass1Portable(const Pass1Layout& o, const BoundLayout& w, const Pass1Candidate& pc,
                   const BoundCandidate& bc, std::span<const int32_t> blocks,
                   const Found& found, Pass1Result* result) {
  CandidateData c;  // the fields CheckPair reads
  c.blocked = pc.blocked;
  c.french = static_cast<int8_t>(pc.french);
  c.available = pc.available;
  std::copy(pc.reach2_by_site, pc.reach2_by_site + 8, c.reach2_by_site);
  c.reach2_car = pc.reach2_car;
  c.commute_checked = pc.commute_checked;
  c.car_would_help = pc.car_would_help;
  Pass1Result r;
  uint64_t lanes = 0;
  int32_t in_lanes = 0;
  for (const int32_t b : blocks) {
    const int32_t begin = b * kBlock, end = std::min(o.num_openings, (b + 1) * kBlock);
    const int decision = ClassifyBlock(pc, o.spheres[b]);
    if (decision == 1) continue;
    if (decision == 2) {
      r.examined += end - begin;
      r.excluded[static_cast<int>(ReasonCode::kVehicleRequired)] += end - begin;
      continue;
    }
    if (in_lanes + kBlock > kLaneMax) {
      EmptyLanes(lanes, &r.excluded);
      lanes = 0;
      in_lanes = 0;
    }
    in_lanes += kBlock;
    double chord2s[kBlock];
    for (int32_t k = begin; k < end; ++k) {
      const double dx = pc.x - o.x[k], dy = pc.y - o.y[k], dz = pc.z - o.z[k];
      chord2s[k - begin] = dx * dx + dy * dy + dz * dz;
    }
    int32_t band = 0;
    const int32_t first_found = r.num_found;
    for (int32_t k = begin; k < end; ++k) {
      const double chord2 = chord2s[k - begin];
      const bool in_circle = chord2 <= pc.search_chord2;
      const bool checked = in_circle & (chord2 <= pc.band_from);
      r.examined += in_circle;
      band += in_circle & !checked;
      OpeningHot h;
      h.needs = o.needs[k];
      h.start_key = o.start_key[k];
      h.min_accepted_key = static_cast<int8_t>(o.min_accepted_key[k]);
      h.transit = static_cast<uint8_t>(o.transit[k]);
      bool reach;
      const uint32_t v =
          CheckPair(c, h, chord2, &reach) & (uint32_t{0} - static_cast<uint32_t>(checked));
      r.in_reach |= reach & checked;
      lanes += kReasonLanes[v & ((1u << kLaneReasons) - 1)];
      found.k[r.num_found] = k;
      found.chord2[r.num_found] = chord2;
      r.num_found += checked & (v == 0);
    }
    r.excluded[static_cast<int>(ReasonCode::kVehicleRequired)] += band;
    for (int32_t f = first_found; f < r.num_found; ++f) {
      const int32_t k = found.k[f];
      const int pref = PreferenceMatch(bc.preferred_sectors, w.sector_bit[k]) * 12 +
                       PreferenceMatch(bc.preferred_contracts, w.contract_bit[k]) * 4 +
                       w.trial_short[k];
      // CheapSum's terms, in its order.
      const double cheap =
          ((bc.occupation[w.occupation_slot[k]] + bc.french[w.french_class[k]]) +
           w.weighted_tension[k]) +
          bc.preferences[pref];
      found.cheap[f] = cheap;
      if ((w.skill_mask[k] & bc.skill_mask) != 0) {
        found.skills[f] = 0;
        found.overlap[r.num_overlap++] = f;
        continue;
      }
      const double skills = w.skills_if_none[k];
      found.skills[f] = skills;
      const double commute = CommuteBound(*bc.commute, bc.commute_table,
                                          static_cast<uint8_t>(w.transit[k]), found.chord2[f]);
      found.bound[f] =
          static_cast<float>(cheap + bc.skills_weight * skills + bc.commute_weight * commute);
    }
  }
  EmptyLanes(lanes, &r.excluded);
  *result = r;
}

#if PASSERELLE_SCORING_X86
// For a 4-bit lane mask, the lanes set, in order, then the others: as 32-bit
// lane indices (kPack32) and as pairs of 32-bit halves of 64-bit lanes
// (kPack64).
struct PackTables {
  alignas(16) int32_t pack32[16][4];
  alignas(32) int32_t pack64[16][8];
};
constexpr PackTables MakePackTables() {
  PackTables t{};
  for (int mask = 0; mask < 16; ++mask) {
    int at = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (int lane = 0; lane < 4; ++lane) {
        if (((mask >> lane) & 1) == (pass == 0 ? 1 : 0)) {
          t.pack32[mask][at] = lane;
          t.pack64[mask][2 * at] = 2 * lane;
          t.pack64[mask][2 * at + 1] = 2 * lane + 1;
          ++at;
        }
      }
    }
  }
  return t;
}
alignas(32) constexpr PackTables kPackTables = MakePackTables();
constexpr const int32_t (&kPack32)[16][4] = kPackTables.pack32;
constexpr const int32_t (&kPack64)[16][8] = kPackTables.pack64;

__attribute__((target("avx2"))) inline __m256d Permute64(__m256d x, __m256i halves) {
  return _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(x), halves));
}

// 64-bit lane masks to 32-bit lane masks.
__attribute__((target("avx2"))) inline __m128i Narrow(__m256d m) {
  const __m128 lo = _mm256_castps256_ps128(_mm256_castpd_ps(m));
  const __m128 hi = _mm256_extractf128_ps(_mm256_castpd_ps(m), 1);
  return _mm_castps_si128(_mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
}

__attribute__((target("avx2"))) inline __m128i Load4(const int32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
__attribute__((target("avx2"))) inline __m128i Load4(const uint32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// table[index[j]] for the 4 lanes: 4 loads (faster here than the gather
// instruction, measured).
__attribute__((target("avx2"))) inline __m256d Gather4(const double* table, __m128i index) {
  alignas(16) int32_t i[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(i), index);
  return _mm256_set_pd(table[i[3]], table[i[2]], table[i[1]], table[i[0]]);
}

// PreferenceMatch on 4 lanes.
__attribute__((target("avx2"))) inline __m128i PreferenceMatch4(__m128i preferred, __m128i bit) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i none = _mm_cmpeq_epi32(bit, zero);
  const __m128i miss = _mm_cmpeq_epi32(_mm_and_si128(bit, preferred), zero);
  const __m128i match = _mm_andnot_si128(miss, _mm_set1_epi32(1));
  return _mm_blendv_epi8(match, _mm_set1_epi32(2), none);
}

// The layouts and `found` by value: local copies, which the stores through
// their pointers cannot change, stay in registers.
__attribute__((target("avx2,popcnt"))) void Pass1Avx2(const Pass1Layout o, const BoundLayout w,
                                                      const Pass1Candidate& pc,
                                                      const BoundCandidate& bc,
                                                      std::span<const int32_t> blocks,
                                                      const Found found, Pass1Result* result) {
  // Counts in locals (not in a struct whose address is taken).
  int32_t examined = 0, num_found = 0, num_overlap = 0, vehicle = 0;
  ExclusionCounts excluded{};
  uint64_t lanes = 0;
  int32_t in_lanes = 0;
  int32_t reach_bits = 0;
  const __m256d hx = _mm256_set1_pd(pc.x), hy = _mm256_set1_pd(pc.y), hz = _mm256_set1_pd(pc.z);
  const __m256d search = _mm256_set1_pd(pc.search_chord2);
  const __m256d band_from = _mm256_set1_pd(pc.band_from);
  const __m256d car = _mm256_set1_pd(pc.reach2_car);
  const __m128i blocked = _mm_set1_epi32(static_cast<int32_t>(pc.blocked));
  const __m128i french = _mm_set1_epi32(pc.french);
  const __m128i available = _mm_set1_epi32(pc.available);
  const __m128i commute_checked = _mm_set1_epi32(pc.commute_checked ? -1 : 0);
  const __m128i car_would_help = _mm_set1_epi32(pc.car_would_help ? -1 : 0);
  const __m128i low16 = _mm_set1_epi32(0xffff);
  const __m128i zero = _mm_setzero_si128();
  const __m128i health_bit = _mm_set1_epi32(Bit(ReasonCode::kHealthRestriction));
  const __m128i french_bit = _mm_set1_epi32(Bit(ReasonCode::kFrenchLevelTooLow));
  const __m128i available_bit = _mm_set1_epi32(Bit(ReasonCode::kAvailableTooLate));
  const __m128i vehicle_bit = _mm_set1_epi32(Bit(ReasonCode::kVehicleRequired));
  const __m128i commute_bit = _mm_set1_epi32(Bit(ReasonCode::kCommuteTooLong));
  const __m128i reason_mask = _mm_set1_epi32((1 << kLaneReasons) - 1);
  // Bound.
  const __m128i preferred_sectors = _mm_set1_epi32(static_cast<int32_t>(bc.preferred_sectors));
  const __m128i preferred_contracts =
      _mm_set1_epi32(static_cast<int32_t>(bc.preferred_contracts));
  const __m256i skill_mask = _mm256_set1_epi64x(static_cast<int64_t>(bc.skill_mask));
  const __m256d skills_weight = _mm256_set1_pd(bc.skills_weight);
  const __m256d commute_weight = _mm256_set1_pd(bc.commute_weight);
  const __m256d car_per_chord = _mm256_set1_pd(bc.commute->car);
  const __m256d carpool_per_chord = _mm256_set1_pd(bc.commute->carpool);
  const __m256d car_overhead = _mm256_set1_pd(kCarOverheadMinutes);
  const __m256d carpool_overhead = _mm256_set1_pd(kCarpoolOverheadMinutes);
  const __m256d hair_below = _mm256_set1_pd(1 - 1e-9);
  const __m256d steps_per_minute = _mm256_set1_pd(kCommuteBoundStepsPerMinute);
  const __m256d last_step = _mm256_set1_pd(kCommuteBoundSteps - 1);
  const __m128i lane_index = _mm_setr_epi32(0, 1, 2, 3);
  for (const int32_t b : blocks) {
    if (!OpenBlock(o, pc, b, examined, vehicle, lanes, in_lanes, excluded)) continue;
    const int32_t begin = b * kBlock;
    int32_t band = 0;
    // Whole blocks: the padding (NaN positions) is never inside a circle.
    for (int32_t k = begin; k < begin + kBlock; k += 4) {
      const __m256d dx = _mm256_sub_pd(hx, _mm256_loadu_pd(o.x + k));
      const __m256d dy = _mm256_sub_pd(hy, _mm256_loadu_pd(o.y + k));
      const __m256d dz = _mm256_sub_pd(hz, _mm256_loadu_pd(o.z + k));
      const __m256d chord2 = _mm256_add_pd(
          _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)), _mm256_mul_pd(dz, dz));
      const __m256d in_circle = _mm256_cmp_pd(chord2, search, _CMP_LE_OQ);
      const __m256d checked =
          _mm256_and_pd(in_circle, _mm256_cmp_pd(chord2, band_from, _CMP_LE_OQ));
      const int checked_mask = _mm256_movemask_pd(checked);
      if (checked_mask == 0) {  // beyond the circle, or in the car-only band
        const int in_band = _mm_popcnt_u32(static_cast<uint32_t>(_mm256_movemask_pd(in_circle)));
        examined += in_band;
        band += in_band;
        continue;
      }
      const __m128i transit = Load4(o.transit + k);
      const __m256d reach = _mm256_cmp_pd(chord2, Gather4(pc.reach2_by_site, transit), _CMP_LE_OQ);
      const __m256d by_car = _mm256_cmp_pd(chord2, car, _CMP_LE_OQ);
      const int in_mask = _mm256_movemask_pd(in_circle);
      examined += _mm_popcnt_u32(static_cast<uint32_t>(in_mask));
      band += _mm_popcnt_u32(static_cast<uint32_t>(in_mask & ~checked_mask));
      reach_bits |= _mm256_movemask_pd(_mm256_and_pd(reach, checked));
      const __m128i checked32 = Narrow(checked);
      const __m128i reach32 = Narrow(reach);
      const __m128i car32 = Narrow(by_car);
      // CheckPair.
      const __m128i needs = _mm_and_si128(blocked, Load4(o.needs + k));
      __m128i v = _mm_and_si128(needs, low16);
      v = _mm_or_si128(
          v, _mm_andnot_si128(_mm_cmpeq_epi32(_mm_srli_epi32(needs, 16), zero), health_bit));
      v = _mm_or_si128(
          v, _mm_and_si128(_mm_cmpgt_epi32(Load4(o.min_accepted_key + k), french), french_bit));
      v = _mm_or_si128(
          v, _mm_and_si128(_mm_cmpgt_epi32(available, Load4(o.start_key + k)), available_bit));
      const __m128i out = _mm_andnot_si128(reach32, commute_checked);
      const __m128i vehicle = _mm_and_si128(_mm_and_si128(out, car_would_help), car32);
      v = _mm_or_si128(v, _mm_and_si128(vehicle, vehicle_bit));
      v = _mm_or_si128(v, _mm_and_si128(_mm_andnot_si128(vehicle, out), commute_bit));
      v = _mm_and_si128(_mm_and_si128(v, checked32), reason_mask);
      alignas(16) uint32_t vs[4];
      _mm_store_si128(reinterpret_cast<__m128i*>(vs), v);
      lanes += kReasonLanes[vs[0]] + kReasonLanes[vs[1]] + kReasonLanes[vs[2]] +
               kReasonLanes[vs[3]];
      const int feasible_mask =
          checked_mask & _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero)));
      if (feasible_mask == 0) continue;
      // The bound of the 4 (used for the feasible ones only).
      const __m128i pref = _mm_add_epi32(
          _mm_add_epi32(
              _mm_mullo_epi32(PreferenceMatch4(preferred_sectors, Load4(w.sector_bit + k)),
                              _mm_set1_epi32(12)),
              _mm_slli_epi32(PreferenceMatch4(preferred_contracts, Load4(w.contract_bit + k)),
                             2)),
          Load4(w.trial_short + k));
      const __m256d cheap = _mm256_add_pd(
          _mm256_add_pd(_mm256_add_pd(Gather4(bc.occupation, Load4(w.occupation_slot + k)),
                                      Gather4(bc.french, Load4(w.french_class + k))),
                        _mm256_loadu_pd(w.weighted_tension + k)),
          Gather4(bc.preferences, pref));
      const __m256d no_overlap = _mm256_castsi256_pd(_mm256_cmpeq_epi64(
          _mm256_and_si256(
              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w.skill_mask + k)),
              skill_mask),
          _mm256_setzero_si256()));
      const __m256d skills = _mm256_and_pd(_mm256_loadu_pd(w.skills_if_none + k), no_overlap);
      const int overlap_mask = feasible_mask & ~_mm256_movemask_pd(no_overlap);
      // CommuteBound.
      const __m256d chord = _mm256_sqrt_pd(chord2);
      const __m256d minutes = _mm256_min_pd(
          _mm256_min_pd(_mm256_mul_pd(chord, Gather4(bc.commute->plain, transit)),
                        _mm256_add_pd(car_overhead, _mm256_mul_pd(chord, car_per_chord))),
          _mm256_add_pd(carpool_overhead, _mm256_mul_pd(chord, carpool_per_chord)));
      // min(x, last) is `last` when x is NaN (padding): a valid index.
      const __m256d step = _mm256_min_pd(
          _mm256_mul_pd(_mm256_mul_pd(minutes, hair_below), steps_per_minute), last_step);
      const __m256d commute = Gather4(bc.commute_table, _mm256_cvttpd_epi32(step));
      const __m128 bound = _mm256_cvtpd_ps(_mm256_add_pd(
          _mm256_add_pd(cheap, _mm256_mul_pd(skills_weight, skills)),
          _mm256_mul_pd(commute_weight, commute)));
      // The feasible lanes, packed to the front (all 4 stored: `found` has
      // room beyond the last pair).
      const int32_t f = num_found;
      const __m128i pack32 =
          _mm_load_si128(reinterpret_cast<const __m128i*>(kPack32[feasible_mask]));
      const __m256i pack64 =
          _mm256_load_si256(reinterpret_cast<const __m256i*>(kPack64[feasible_mask]));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(found.k + f),
                       _mm_castps_si128(_mm_permutevar_ps(
                           _mm_castsi128_ps(_mm_add_epi32(_mm_set1_epi32(k), lane_index)),
                           pack32)));
      _mm_storeu_ps(found.bound + f, _mm_permutevar_ps(bound, pack32));
      _mm256_storeu_pd(found.chord2 + f, Permute64(chord2, pack64));
      _mm256_storeu_pd(found.cheap + f, Permute64(cheap, pack64));
      _mm256_storeu_pd(found.skills + f, Permute64(skills, pack64));
      if (overlap_mask != 0) {
        for (int j = 0, at = f; j < 4; ++j) {
          if ((overlap_mask >> j) & 1) found.overlap[num_overlap++] = at;
          at += (feasible_mask >> j) & 1;
        }
      }
      num_found += _mm_popcnt_u32(static_cast<uint32_t>(feasible_mask));
    }
    vehicle += band;
  }
  FinishPass1(lanes, excluded, vehicle, examined, num_found, num_overlap, reach_bits != 0, result);
}

// The AVX2 kernel's computation 8 openings at a time (AVX-512: doubles in
// 512-bit registers, 32-bit fields in 256-bit ones, lane masks in mask
// registers). No FMA (scoring.cc is compiled with -ffp-contract=off), so
// every product and sum is rounded as in the other two versions.
__attribute__((target("avx2"))) inline __m256i Load8(const int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
__attribute__((target("avx2"))) inline __m256i Load8(const uint32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// PreferenceMatch on 8 lanes.
__attribute__((target("avx2"))) inline __m256i PreferenceMatch8(__m256i preferred, __m256i bit) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i none = _mm256_cmpeq_epi32(bit, zero);
  const __m256i miss = _mm256_cmpeq_epi32(_mm256_and_si256(bit, preferred), zero);
  return _mm256_blendv_epi8(_mm256_andnot_si256(miss, _mm256_set1_epi32(1)), _mm256_set1_epi32(2), none);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,popcnt"))) void Pass1Avx512(
    const Pass1Layout o, const BoundLayout w, const Pass1Candidate& pc, const BoundCandidate& bc,
    std::span<const int32_t> blocks, const Found found, Pass1Result* result) {
  int32_t examined = 0, num_found = 0, num_overlap = 0, vehicle = 0;
  ExclusionCounts excluded{};
  uint64_t lanes = 0;
  int32_t in_lanes = 0;
  uint32_t reach_bits = 0;
  const __m512d hx = _mm512_set1_pd(pc.x), hy = _mm512_set1_pd(pc.y), hz = _mm512_set1_pd(pc.z);
  const __m512d search = _mm512_set1_pd(pc.search_chord2);
  const __m512d band_from = _mm512_set1_pd(pc.band_from);
  const __m512d car = _mm512_set1_pd(pc.reach2_car);
  const __m256i blocked = _mm256_set1_epi32(static_cast<int32_t>(pc.blocked));
  const __m256i french = _mm256_set1_epi32(pc.french);
  const __m256i available = _mm256_set1_epi32(pc.available);
  const __m256i commute_checked = _mm256_set1_epi32(pc.commute_checked ? -1 : 0);
  const __m256i car_would_help = _mm256_set1_epi32(pc.car_would_help ? -1 : 0);
  const __m256i low16 = _mm256_set1_epi32(0xffff);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i ones = _mm256_set1_epi32(-1);
  const __m256i health_bit = _mm256_set1_epi32(Bit(ReasonCode::kHealthRestriction));
  const __m256i french_bit = _mm256_set1_epi32(Bit(ReasonCode::kFrenchLevelTooLow));
  const __m256i available_bit = _mm256_set1_epi32(Bit(ReasonCode::kAvailableTooLate));
  const __m256i vehicle_bit = _mm256_set1_epi32(Bit(ReasonCode::kVehicleRequired));
  const __m256i commute_bit = _mm256_set1_epi32(Bit(ReasonCode::kCommuteTooLong));
  const __m256i reason_mask = _mm256_set1_epi32((1 << kLaneReasons) - 1);
  // Bound.
  const __m256i preferred_sectors = _mm256_set1_epi32(static_cast<int32_t>(bc.preferred_sectors));
  const __m256i preferred_contracts = _mm256_set1_epi32(static_cast<int32_t>(bc.preferred_contracts));
  const __m256i twelve = _mm256_set1_epi32(12);
  const __m512i skill_mask = _mm512_set1_epi64(static_cast<int64_t>(bc.skill_mask));
  const __m512d skills_weight = _mm512_set1_pd(bc.skills_weight);
  const __m512d commute_weight = _mm512_set1_pd(bc.commute_weight);
  const __m512d car_per_chord = _mm512_set1_pd(bc.commute->car);
  const __m512d carpool_per_chord = _mm512_set1_pd(bc.commute->carpool);
  const __m512d car_overhead = _mm512_set1_pd(kCarOverheadMinutes);
  const __m512d carpool_overhead = _mm512_set1_pd(kCarpoolOverheadMinutes);
  const __m512d hair_below = _mm512_set1_pd(1 - 1e-9);
  const __m512d steps_per_minute = _mm512_set1_pd(kCommuteBoundStepsPerMinute);
  const __m512d last_step = _mm512_set1_pd(kCommuteBoundSteps - 1);
  const __m256i lane_index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (const int32_t b : blocks) {
    if (!OpenBlock(o, pc, b, examined, vehicle, lanes, in_lanes, excluded)) continue;
    const int32_t begin = b * kBlock;
    int32_t band = 0;
    // Whole blocks: the padding (NaN positions) is never inside a circle.
    for (int32_t k = begin; k < begin + kBlock; k += 8) {
      const __m512d dx = _mm512_sub_pd(hx, _mm512_loadu_pd(o.x + k));
      const __m512d dy = _mm512_sub_pd(hy, _mm512_loadu_pd(o.y + k));
      const __m512d dz = _mm512_sub_pd(hz, _mm512_loadu_pd(o.z + k));
      const __m512d chord2 = _mm512_add_pd(
          _mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy)), _mm512_mul_pd(dz, dz));
      const __mmask8 in_circle = _mm512_cmp_pd_mask(chord2, search, _CMP_LE_OQ);
      const __mmask8 checked = in_circle & _mm512_cmp_pd_mask(chord2, band_from, _CMP_LE_OQ);
      const int in_count = _mm_popcnt_u32(in_circle);
      examined += in_count;
      if (checked == 0) {  // beyond the circle, or in the car-only band
        band += in_count;
        continue;
      }
      band += _mm_popcnt_u32(static_cast<uint32_t>(in_circle & ~checked) & 0xff);
      const __m256i transit = Load8(o.transit + k);
      const __mmask8 reach =
          _mm512_cmp_pd_mask(chord2, _mm512_i32gather_pd(transit, pc.reach2_by_site, 8), _CMP_LE_OQ);
      const __mmask8 by_car = _mm512_cmp_pd_mask(chord2, car, _CMP_LE_OQ);
      reach_bits |= reach & checked;
      const __m256i reach32 = _mm256_maskz_mov_epi32(reach, ones);
      const __m256i car32 = _mm256_maskz_mov_epi32(by_car, ones);
      // CheckPair.
      const __m256i needs = _mm256_and_si256(blocked, Load8(o.needs + k));
      __m256i v = _mm256_and_si256(needs, low16);
      v = _mm256_or_si256(
          v, _mm256_andnot_si256(_mm256_cmpeq_epi32(_mm256_srli_epi32(needs, 16), zero), health_bit));
      v = _mm256_or_si256(
          v, _mm256_and_si256(_mm256_cmpgt_epi32(Load8(o.min_accepted_key + k), french), french_bit));
      v = _mm256_or_si256(
          v, _mm256_and_si256(_mm256_cmpgt_epi32(available, Load8(o.start_key + k)), available_bit));
      const __m256i out = _mm256_andnot_si256(reach32, commute_checked);
      const __m256i vehicle32 = _mm256_and_si256(_mm256_and_si256(out, car_would_help), car32);
      v = _mm256_or_si256(v, _mm256_and_si256(vehicle32, vehicle_bit));
      v = _mm256_or_si256(v, _mm256_and_si256(_mm256_andnot_si256(vehicle32, out), commute_bit));
      v = _mm256_and_si256(_mm256_maskz_mov_epi32(checked, v), reason_mask);
      alignas(32) uint32_t vs[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(vs), v);
      lanes += kReasonLanes[vs[0]] + kReasonLanes[vs[1]] + kReasonLanes[vs[2]] + kReasonLanes[vs[3]] +
               kReasonLanes[vs[4]] + kReasonLanes[vs[5]] + kReasonLanes[vs[6]] + kReasonLanes[vs[7]];
      const __mmask8 feasible = checked & _mm256_cmpeq_epi32_mask(v, zero);
      if (feasible == 0) continue;
      // The bound of the 8 (used for the feasible ones only).
      const __m256i pref = _mm256_add_epi32(
          _mm256_add_epi32(_mm256_mullo_epi32(PreferenceMatch8(preferred_sectors, Load8(w.sector_bit + k)), twelve),
                           _mm256_slli_epi32(PreferenceMatch8(preferred_contracts, Load8(w.contract_bit + k)), 2)),
          Load8(w.trial_short + k));
      const __m512d cheap = _mm512_add_pd(
          _mm512_add_pd(_mm512_add_pd(_mm512_i32gather_pd(Load8(w.occupation_slot + k), bc.occupation, 8),
                                      _mm512_i32gather_pd(Load8(w.french_class + k), bc.french, 8)),
                        _mm512_loadu_pd(w.weighted_tension + k)),
          _mm512_i32gather_pd(pref, bc.preferences, 8));
      const __mmask8 overlapping = _mm512_test_epi64_mask(_mm512_loadu_si512(w.skill_mask + k), skill_mask);
      const __m512d skills = _mm512_maskz_mov_pd(static_cast<__mmask8>(~overlapping), _mm512_loadu_pd(w.skills_if_none + k));
      const uint32_t overlap_mask = feasible & overlapping;
      // CommuteBound.
      const __m512d chord = _mm512_sqrt_pd(chord2);
      const __m512d minutes = _mm512_min_pd(
          _mm512_min_pd(_mm512_mul_pd(chord, _mm512_i32gather_pd(transit, bc.commute->plain, 8)),
                        _mm512_add_pd(car_overhead, _mm512_mul_pd(chord, car_per_chord))),
          _mm512_add_pd(carpool_overhead, _mm512_mul_pd(chord, carpool_per_chord)));
      // min(x, last) is `last` when x is NaN (padding): a valid index.
      const __m512d step = _mm512_min_pd(_mm512_mul_pd(_mm512_mul_pd(minutes, hair_below), steps_per_minute), last_step);
      const __m512d commute = _mm512_i32gather_pd(_mm512_cvttpd_epi32(step), bc.commute_table, 8);
      const __m256 bound = _mm512_cvtpd_ps(_mm512_add_pd(_mm512_add_pd(cheap, _mm512_mul_pd(skills_weight, skills)),
                                                         _mm512_mul_pd(commute_weight, commute)));
      // The feasible lanes, packed to the front (all 8 stored: `found` has
      // room beyond the last pair).
      const int32_t f = num_found;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(found.k + f),
                          _mm256_maskz_compress_epi32(feasible, _mm256_add_epi32(_mm256_set1_epi32(k), lane_index)));
      _mm256_storeu_ps(found.bound + f, _mm256_maskz_compress_ps(feasible, bound));
      _mm512_storeu_pd(found.chord2 + f, _mm512_maskz_compress_pd(feasible, chord2));
      _mm512_storeu_pd(found.cheap + f, _mm512_maskz_compress_pd(feasible, cheap));
      _mm512_storeu_pd(found.skills + f, _mm512_maskz_compress_pd(feasible, skills));
      for (uint32_t rest = overlap_mask; rest != 0; rest &= rest - 1) {
        const int j = __builtin_ctz(rest);
        found.overlap[num_overlap++] = f + _mm_popcnt_u32(feasible & ((1u << j) - 1));
      }
      num_found += _mm_popcnt_u32(feasible);
    }
    vehicle += band;
  }
  FinishPass1(lanes, excluded, vehicle, examined, num_found, num_overlap, reach_bits != 0, result);
}
#pragma GCC diagnostic pop
#endif

// Gives the pages of `v`'s storage past its size back to the system (they
// read as zeros if touched again). Only large arrays, which the allocator
// maps on their own, and only on Linux; elsewhere a no-op.
template <typename Vector>
void ReleaseTail(Vector& v) {
#if defined(__linux__)
  constexpr size_t kMinBytes = size_t{64} << 20;
  const size_t bytes = v.capacity() * sizeof(typename Vector::value_type);
  if (bytes < kMinBytes) return;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto base = reinterpret_cast<uintptr_t>(v.data());
  const uintptr_t from = (base + v.size() * sizeof(typename Vector::value_type) + page - 1) / page * page;
  const uintptr_t to = (base + bytes) / page * page;
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
#else
  (void)v;
#endif
}

// Kept rows of one worker, appended to slabs of 8 MiB, until ScoreRequest
// copies them into the matrix in candidate order (when it cannot write
// them there directly).
class RowArena {
 public:
  RowArena() = default;
  RowArena(const RowArena&) = delete;
  RowArena& operator=(const RowArena&) = delete;
  ~RowArena() {
    for (ScoredPair* slab : slabs_) ::operator delete(slab);
  }
  // Room for `n` pairs, contiguous.
  ScoredPair* Take(size_t n) {
    if (n > left_) {
      const size_t size = std::max(kSlabPairs, n);
      slabs_.reserve(slabs_.size() + 1);
      // Raw storage: pairs (implicit-lifetime aggregates) are copied into it.
      next_ = static_cast<ScoredPair*>(::operator new(size * sizeof(ScoredPair)));
      slabs_.push_back(next_);
      left_ = size;
    }
    ScoredPair* taken = next_;
    next_ += n;
    left_ -= n;
    return taken;
  }

 private:
  static constexpr size_t kSlabPairs = (size_t{8} << 20) / sizeof(ScoredPair);
  std::vector<ScoredPair*> slabs_;
  ScoredPair* next_ = nullptr;
  size_t left_ = 0;
};

// Feasible pairs are scored in decreasing order of their bound, by buckets
// of 1/256 of score.
constexpr int kBoundBuckets = 256;
inline int BoundBucket(float bound) {
  // bound >= 0; bucket b holds bounds in [b / 256, (b + 1) / 256), the last
  // one everything above (weights sum to 1 up to rounding).
  const float x = bound * kBoundBuckets;
  return x < kBoundBuckets - 1 ? static_cast<int>(x) : kBoundBuckets - 1;
}

constexpr int32_t kChunk = 64;

}  // namespace

ScoreMatrix ScoreRequest(const MatchRequest& request, const ScoringOptions& options) {
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  Context ctx;
  std::vector<std::string> problems;
  PreparePolicy(request, taxonomy, &ctx, &problems);
  const auto num_openings = static_cast<int32_t>(request.openings.size());
  const auto num_candidates = static_cast<int32_t>(request.candidates.size());
  for (const Opening& o : request.openings) IndexOpening(o, &ctx);
  FinishOccupationTable(&ctx);
  // Openings in Z-order: memory order follows space, so a candidate's
  // examined openings sit close together.
  std::vector<int32_t> order(num_openings);
  {
    std::vector<std::pair<uint64_t, int32_t>> keys(num_openings);
    for (int32_t j = 0; j < num_openings; ++j) {
      const GeoPoint& p = request.openings[j].location;
      keys[j] = {std::isfinite(p.latitude) && std::isfinite(p.longitude) ? MortonKey(p) : 0, j};
    }
    std::sort(keys.begin(), keys.end());
    for (int32_t k = 0; k < num_openings; ++k) order[k] = keys[k].second;
  }
  std::vector<OpeningData> openings(num_openings);
  for (int32_t k = 0; k < num_openings; ++k) {
    PrepareOpening(request, order[k], &ctx, &openings[k], &problems);
  }
  if (!problems.empty()) {
    // Report the candidates' problems too, then stop.
    CandidateData scratch;
    for (CandidateIndex i = 0; i < num_candidates; ++i) {
      PrepareCandidate(ctx, i, &scratch, &problems);
    }
    throw ValidationError(std::move(problems));
  }
  const int32_t num_blocks = (num_openings + kBlock - 1) / kBlock;
  RTree rtree;
  {
    std::vector<Value> values(num_blocks);
    for (int32_t b = 0; b < num_blocks; ++b) {
      Box box;
      bg::assign_inverse(box);
      for (int32_t k = b * kBlock; k < std::min(num_openings, (b + 1) * kBlock); ++k) {
        const GeoPoint& p = request.openings[order[k]].location;
        bg::expand(box, Point(p.longitude, p.latitude));
      }
      values[b] = {box, b};
    }
    rtree = RTree(values.begin(), values.end());  // packing construction
  }
  // What the pair loop reads, apart and dense: positions (one array per
  // coordinate), constraint fields, the fields of the cheap components; the
  // full OpeningData is read only for the few pairs scored exactly.
  // Arrays padded to whole blocks: padding positions are NaN, never within
  // any circle.
  const int32_t padded = num_blocks * kBlock;
  std::vector<double> pos_x(padded, kNaN), pos_y(padded, kNaN), pos_z(padded, kNaN);
  std::vector<uint32_t> hot_needs(padded, 0);
  std::vector<int32_t> hot_start(padded, 0), hot_min_accepted(padded, 0), hot_transit(padded, 0);
  std::vector<int32_t> warm_slot(padded, 0), warm_french_class(padded, 0),
      warm_trial_short(padded, 0);
  std::vector<uint32_t> warm_sector(padded, 0), warm_contract(padded, 0);
  std::vector<double> warm_tension(padded, 0.0), warm_skills_if_none(padded, 0.0);
  std::vector<uint64_t> warm_skill_mask(padded, 0);
  const std::vector<float> zero_levels(ctx.skill_index.size() + 1, 0.0f);
  for (int32_t k = 0; k < num_openings; ++k) {
    const OpeningData& o = openings[k];
    pos_x[k] = o.p.x;
    pos_y[k] = o.p.y;
    pos_z[k] = o.p.z;
    const OpeningHot h = MakeOpeningHot(ctx, o);
    hot_needs[k] = h.needs;
    hot_start[k] = h.start_key;
    hot_min_accepted[k] = h.min_accepted_key;
    hot_transit[k] = h.transit;
    const OpeningWarm w = MakeOpeningWarm(ctx, o, zero_levels.data());
    warm_slot[k] = w.occupation_slot;
    warm_french_class[k] = w.french_class;
    warm_trial_short[k] = w.trial_short;
    warm_sector[k] = w.sector_bit;
    warm_contract[k] = w.contract_bit;
    warm_tension[k] = w.weighted_tension;
    warm_skills_if_none[k] = w.skills_if_none;
    warm_skill_mask[k] = w.skill_mask;
  }
  // A sphere around each block, in unit-vector space, with a margin for
  // rounding: every chord computed to an opening of the block lies within
  // [distance to the centre - radius, distance + radius], so whole blocks are
  // counted or skipped without looking at their openings.
  std::vector<BlockSphere> spheres(num_blocks);
  for (int32_t b = 0; b < num_blocks; ++b) {
    BlockSphere& sphere = spheres[b];
    const int32_t begin = b * kBlock, end = std::min(num_openings, (b + 1) * kBlock);
    double x = 0, y = 0, z = 0;
    for (int32_t k = begin; k < end; ++k) {
      x += pos_x[k];
      y += pos_y[k];
      z += pos_z[k];
    }
    sphere.x = x / (end - begin);
    sphere.y = y / (end - begin);
    sphere.z = z / (end - begin);
    double r2 = 0;
    for (int32_t k = begin; k < end; ++k) {
      const double dx = sphere.x - pos_x[k], dy = sphere.y - pos_y[k], dz = sphere.z - pos_z[k];
      r2 = std::max(r2, dx * dx + dy * dy + dz * dz);
    }
    sphere.radius = std::sqrt(r2) * (1 + 1e-9) + 1e-12;
  }
  const Pass1Layout layout{pos_x.data(),     pos_y.data(),     pos_z.data(),
                           hot_needs.data(), hot_start.data(), hot_min_accepted.data(),
                           hot_transit.data(), spheres.data(), num_openings};
  const BoundLayout bound_layout{warm_slot.data(),        warm_french_class.data(),
                                 warm_sector.data(),      warm_contract.data(),
                                 warm_trial_short.data(), warm_tension.data(),
                                 warm_skills_if_none.data(), warm_skill_mask.data(),
                                 hot_transit.data()};
#if PASSERELLE_SCORING_X86
  const int level = simd_level.load(std::memory_order_relaxed);
  const bool use_avx2 = level >= static_cast<int>(SimdLevel::kAvx2) && __builtin_cpu_supports("avx2") &&
                        __builtin_cpu_supports("popcnt");
  const bool use_avx512 = use_avx2 && level >= static_cast<int>(SimdLevel::kAvx512) &&
                          __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                          __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
#endif
  const std::vector<double> commute_table = CommuteBoundTable(ctx);
  CheapTables cheap_tables;
  FillCheapTables(ctx, &cheap_tables);
  const bool vehicle_band = ctx.constraints.vehicle && ctx.constraints.commute;

  ScoreMatrix matrix;
  auto& stats = ScoreMatrixBuilder::stats(matrix);
  stats.assign(num_candidates, {});
  std::vector<int32_t> row_size(num_candidates, 0);
  // Where each candidate's row sits in its worker's arena.
  std::vector<const ScoredPair*> row_data(num_candidates, nullptr);
  // Candidates are visited in Z-order too, so that consecutive candidates
  // examine mostly the same openings, still in cache. Each row depends on its
  // candidate only, so the order changes no result.
  std::vector<CandidateIndex> visit(num_candidates);
  {
    std::vector<std::pair<uint64_t, CandidateIndex>> keys(num_candidates);
    for (CandidateIndex i = 0; i < num_candidates; ++i) {
      const GeoPoint& p = request.candidates[i].home;
      keys[i] = {std::isfinite(p.latitude) && std::isfinite(p.longitude) ? MortonKey(p) : 0, i};
    }
    std::sort(keys.begin(), keys.end());
    for (CandidateIndex k = 0; k < num_candidates; ++k) visit[k] = keys[k].second;
  }
  const int32_t num_chunks = (num_candidates + kChunk - 1) / kChunk;
  int threads = internal::ResolveThreads(options.threads > 0 ? options.threads : request.policy.threads);
  threads = std::max(1, std::min(threads, num_chunks));
  std::vector<RowArena> arenas(static_cast<size_t>(threads));
  const auto max_pairs = static_cast<size_t>(ctx.max_pairs);
  // Rows straight into the matrix: candidate i's row at i * max_pairs, all
  // compacted at the end. Nationally this saves writing 1.9 GB twice (half
  // of scoring's page faults, each costing microseconds on a VM).
  auto& entries = ScoreMatrixBuilder::entries(matrix);
  bool direct = false;
  if (const int64_t limit = direct_rows_limit.load(std::memory_order_relaxed);
      static_cast<int64_t>(max_pairs) <= limit / static_cast<int64_t>(sizeof(ScoredPair)) / std::max(1, num_candidates)) {
    try {
      entries.resize(static_cast<size_t>(num_candidates) * max_pairs);  // address space only: no writes
      direct = true;
    } catch (const std::bad_alloc&) {
      entries = {};
    }
  }
  std::vector<std::vector<std::string>> chunk_problems(num_chunks);
  std::atomic<int32_t> next_chunk{0};
  std::atomic<int64_t> total_examined{0}, total_feasible{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;

  auto worker = [&](RowArena& arena) {
    try {
      CandidateData c;
      std::vector<float> level(ctx.skill_index.size() + 1, 0.0f);
      std::vector<double> occupation_fit(ctx.num_columns);
      std::vector<int32_t> blocks;
      std::array<std::array<int32_t, kBoundBuckets>, 4> bucket_count;
      std::vector<double> occupation_table;
      // The candidate's feasible pairs, with their cheap part, skills, and an
      // upper bound of their score.
      std::vector<int32_t> found_k(padded + kBlock), found_overlap(padded + kBlock);
      std::vector<double> found_chord2(padded + kBlock), found_cheap(padded + kBlock),
          found_skills(padded + kBlock);
      std::vector<float> found_bound(padded + kBlock);
      const Found found{found_k.data(),      found_chord2.data(), found_cheap.data(),
                        found_skills.data(), found_bound.data(),  found_overlap.data()};
      // The best max_pairs so far: a heap whose top is the worst of them,
      // whose score is then the threshold below which no pair can enter.
      // Pairs sit in `pool`, the heap holds 16-byte keys.
      std::vector<RankKey> heap;
      heap.reserve(max_pairs);
      std::vector<ScoredPair> pool(max_pairs);
      int64_t examined_here = 0, feasible_here = 0;
      for (int32_t chunk; (chunk = next_chunk.fetch_add(1)) < num_chunks;) {
        const CandidateIndex first = chunk * kChunk;
        const CandidateIndex last = std::min(num_candidates, first + kChunk);
        for (CandidateIndex visited = first; visited < last; ++visited) {
          const CandidateIndex i = visit[visited];
          if (!PrepareCandidate(ctx, i, &c, &chunk_problems[chunk])) continue;
          blocks.clear();
          Box box;
          if (CapBox(request.candidates[i].home, c.search_chord2, &box)) {
            rtree.query(bgi::intersects(box),
                        boost::make_function_output_iterator(
                            [&](const Value& v) { blocks.push_back(v.second); }));
          } else {
            blocks.resize(num_blocks);
            for (int32_t b = 0; b < num_blocks; ++b) blocks[b] = b;
          }
          uint64_t skill_mask = 0;
          for (const auto& s : c.skills) {
            level[s.skill] = s.level;
            skill_mask |= SkillBit(s.skill);
          }
          for (int32_t col = 0; col < ctx.num_columns; ++col) {
            occupation_fit[col] = RawOccupationFit(ctx, c, col, ctx.column_packed[col]);
          }
          const CommuteBoundCoefficients commute_bound = MakeCommuteBound(ctx, c);
          ScoreMatrix::CandidateStats& st = stats[i];
          // Band of openings only a car reaches (counted, nothing else
          // checked): beyond reach2_own, within the search circle.
          const double band_from = vehicle_band ? c.reach2_own : kInfinity;

          // Pass 1: every examined pair and its hard constraints; for the
          // feasible ones, the cheap components (from the candidate's
          // tables), skills when the candidate has none of the opening's
          // skills, and a bound of the commute: an upper bound of the score.
          FillOccupationTable(ctx, c, occupation_fit.data(), &occupation_table);
          const Pass1Candidate pc = MakePass1Candidate(c, band_from);
          const BoundCandidate bc =
              MakeBoundCandidate(ctx, c, occupation_table.data(), cheap_tables, commute_bound,
                                 commute_table.data(), skill_mask);
          Pass1Result pass1;
#if PASSERELLE_SCORING_X86
          if (use_avx512) {
            Pass1Avx512(layout, bound_layout, pc, bc, blocks, found, &pass1);
          } else if (use_avx2) {
            Pass1Avx2(layout, bound_layout, pc, bc, blocks, found, &pass1);
          } else {
            Pass1Portable(layout, bound_layout, pc, bc, blocks, found, &pass1);
          }
#else
          Pass1Portable(layout, bound_layout, pc, bc, blocks, found, &pass1);
#endif
          const int32_t feasible = pass1.num_found;
          const int32_t examined = pass1.examined;
          const bool in_reach = pass1.in_reach;
          const ExclusionCounts& excluded = pass1.excluded;
          // Pairs where the candidate has one of the opening's skills: the
          // skills component, exactly, and the bound.
          for (int32_t q = 0; q < pass1.num_overlap; ++q) {
            const int32_t f = found_overlap[q];
            const int32_t k = found_k[f];
            const double skills = SkillsScore(ctx, openings[k], level.data());
            found_skills[f] = skills;
            found_bound[f] = static_cast<float>(CombineScore(
                ctx, found_cheap[f], skills,
                CommuteBound(commute_bound, commute_table.data(),
                             static_cast<uint8_t>(hot_transit[k]), found_chord2[f])));
          }

          // Pass 2: exact scores (only the commute is left to compute) of the
          // pairs whose bound is at least the worst kept score so far (bounds
          // hold after rounding: see CombineScore). First those in the top
          // buckets holding max_pairs bounds or more, so that the threshold
          // is soon close to its final value, then the others.
          float cutoff = -std::numeric_limits<float>::infinity();
          if (static_cast<size_t>(feasible) > max_pairs) {
            // Four histograms, filled in turn: no wait on the previous
            // increment of the same bucket.
            for (auto& counts : bucket_count) counts.fill(0);
            int32_t f = 0;
            for (; f + 4 <= feasible; f += 4) {
              ++bucket_count[0][BoundBucket(found_bound[f])];
              ++bucket_count[1][BoundBucket(found_bound[f + 1])];
              ++bucket_count[2][BoundBucket(found_bound[f + 2])];
              ++bucket_count[3][BoundBucket(found_bound[f + 3])];
            }
            for (; f < feasible; ++f) ++bucket_count[0][BoundBucket(found_bound[f])];
            size_t above = 0;
            int bucket = kBoundBuckets;
            while (above < max_pairs) {
              --bucket;
              above += bucket_count[0][bucket] + bucket_count[1][bucket] +
                       bucket_count[2][bucket] + bucket_count[3][bucket];
            }
            cutoff = static_cast<float>(bucket) / kBoundBuckets;
          }
          heap.clear();
          float threshold = -std::numeric_limits<float>::infinity();
          auto score_exactly = [&](int32_t f) {
            const int32_t k = found_k[f];
            const OpeningData& o = openings[k];
            const Commute commute = BestCommute(ctx, c, o, found_chord2[f]);
            const double commute_score = CommuteScore(ctx, commute.minutes);
            const auto score = static_cast<float>(
                CombineScore(ctx, found_cheap[f], found_skills[f], commute_score));
            if (score < threshold) return;
            const uint64_t key =
                (static_cast<uint64_t>(0xffffffffu - std::bit_cast<uint32_t>(score)) << 32) |
                static_cast<uint32_t>(order[k]);
            uint32_t slot;
            if (heap.size() < max_pairs) {
              slot = static_cast<uint32_t>(heap.size());
              heap.push_back({key, slot});
              std::push_heap(heap.begin(), heap.end());
            } else {
              if (key >= heap.front().key) return;
              // The new pair replaces the worst: sift it down from the top.
              slot = heap.front().slot;
              const size_t n = heap.size();
              size_t at = 0;
              for (size_t child; (child = 2 * at + 1) < n; at = child) {
                if (child + 1 < n && heap[child].key < heap[child + 1].key) ++child;
                if (heap[child].key <= key) break;
                heap[at] = heap[child];
              }
              heap[at] = {key, slot};
            }
            double components[6];
            const double occupation = OccupationComponent(
                c, o.occ_column, o.french_course,
                o.occ_column >= 0 ? occupation_fit[o.occ_column] : 0.0);
            CheapPart(ctx, c, o, occupation, components);
            ScoredPair& p = pool[slot];
            p.opening = order[k];
            p.score = score;
            p.commute_minutes = static_cast<float>(commute.minutes);
            p.commute_mode = commute.mode;
            p.skills = static_cast<float>(found_skills[f]);
            p.occupation = static_cast<float>(components[1]);
            p.french = static_cast<float>(components[2]);
            p.commute = static_cast<float>(commute_score);
            p.tension = static_cast<float>(components[4]);
            p.preferences = static_cast<float>(components[5]);
            if (heap.size() == max_pairs) threshold = pool[heap.front().slot].score;
          };
          for (int32_t f = 0; f < feasible; ++f) {
            if (found_bound[f] >= cutoff && found_bound[f] >= threshold) score_exactly(f);
          }
          if (threshold < cutoff) {  // else every bound left is below the threshold
            for (int32_t f = 0; f < feasible; ++f) {
              if (found_bound[f] < cutoff && found_bound[f] >= threshold) score_exactly(f);
            }
          }
          for (const auto& s : c.skills) level[s.skill] = 0.0f;
          st.excluded = excluded;
          st.examined = examined;
          st.feasible = feasible;
          st.nothing_in_reach = !in_reach && (ctx.constraints.commute || examined == 0);
          examined_here += examined;
          feasible_here += feasible;
          std::sort_heap(heap.begin(), heap.end());
          row_size[i] = static_cast<int32_t>(heap.size());
          ScoredPair* row = direct ? entries.data() + static_cast<size_t>(i) * max_pairs : arena.Take(heap.size());
          row_data[i] = row;
          for (const RankKey& r : heap) *row++ = pool[r.slot];
        }
      }
      total_examined += examined_here;
      total_feasible += feasible_here;
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_chunk = num_chunks;
    }
  };

  auto run_on_threads = [&](const auto& task) {
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back([&task, t] { task(t); });
    task(0);
    for (std::thread& t : pool) t.join();
  };
  run_on_threads([&](int t) { worker(arenas[t]); });
  if (failure) std::rethrow_exception(failure);
  if (std::any_of(chunk_problems.begin(), chunk_problems.end(),
                  [](const auto& list) { return !list.empty(); })) {
    // Chunks follow the visiting order: list the problems again, by index.
    CandidateData scratch;
    for (CandidateIndex i = 0; i < num_candidates; ++i) {
      PrepareCandidate(ctx, i, &scratch, &problems);
    }
    throw ValidationError(std::move(problems));
  }

  auto& offsets = ScoreMatrixBuilder::offsets(matrix);
  offsets.assign(num_candidates + 1, 0);
  for (CandidateIndex i = 0; i < num_candidates; ++i) offsets[i + 1] = offsets[i] + row_size[i];
  if (direct) {
    // Compact in place, left to right (a row only moves down, over rows
    // already moved or its own old slot).
    for (CandidateIndex i = 0; i < num_candidates; ++i) {
      if (row_size[i] > 0 && row_data[i] != entries.data() + offsets[i]) {
        std::memmove(entries.data() + offsets[i], row_data[i], row_size[i] * sizeof(ScoredPair));
      }
    }
    entries.resize(static_cast<size_t>(offsets[num_candidates]));
    ReleaseTail(entries);
    ScoreMatrixBuilder::SetTotals(matrix, num_openings, total_examined.load(), total_feasible.load());
    return matrix;
  }
  // Concatenate rows in candidate order, each thread a range of candidates
  // holding about the same number of pairs.
  entries.resize(static_cast<size_t>(offsets[num_candidates]));  // no writes
  run_on_threads([&](int t) {
    const int64_t total = offsets[num_candidates];
    const auto from = static_cast<CandidateIndex>(
        std::lower_bound(offsets.begin(), offsets.end(), total * t / threads) - offsets.begin());
    const auto to = static_cast<CandidateIndex>(
        std::lower_bound(offsets.begin(), offsets.end(), total * (t + 1) / threads) -
        offsets.begin());
    for (CandidateIndex i = from; i < std::min(to, num_candidates); ++i) {
      std::copy(row_data[i], row_data[i] + row_size[i], entries.begin() + offsets[i]);
    }
  });
  ScoreMatrixBuilder::SetTotals(matrix, num_openings, total_examined.load(), total_feasible.load());
  return matrix;
}

}  // namespace passerelle
