#include "passerelle/scoring.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include "kernel.h"
#include "passerelle/error.h"

namespace passerelle {

using namespace scoring_internal;

namespace scoring_internal {
namespace {

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

Eigen::SparseMatrix<double, Eigen::RowMajor, int64_t> ScoreMatrix::ToSparseScores() const {
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, int64_t>;
  Matrix m(num_candidates(), num_openings_);
  m.reserve(Eigen::Matrix<int64_t, Eigen::Dynamic, 1>::NullaryExpr(
      num_candidates(), [&](Eigen::Index c) { return row_offsets_[c + 1] - row_offsets_[c]; }));
  for (CandidateIndex c = 0; c < num_candidates(); ++c) {
    for (const ScoredPair& p : row(c)) m.insert(c, p.opening) = p.score;
  }
  m.makeCompressed();
  return m;
}

class ScoreMatrixBuilder {
 public:
  static std::vector<int64_t>& offsets(ScoreMatrix& m) { return m.row_offsets_; }
  static std::vector<ScoredPair>& entries(ScoreMatrix& m) { return m.entries_; }
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

uint64_t RankKeyOf(const ScoredPair& p) {
  const auto bits = std::bit_cast<uint32_t>(p.score);
  return (static_cast<uint64_t>(0xffffffffu - bits) << 32) | static_cast<uint32_t>(p.opening);
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
  // Positions and constraint fields apart, dense, for the loop over
  // examined pairs.
  std::vector<Vec3> positions(num_openings);
  std::vector<OpeningHot> hot(num_openings);
  for (int32_t k = 0; k < num_openings; ++k) {
    const OpeningData& o = openings[k];
    positions[k] = o.p;
    hot[k] = MakeOpeningHot(ctx, o);
  }
  const bool vehicle_band = ctx.constraints.vehicle && ctx.constraints.commute;

  ScoreMatrix matrix;
  auto& stats = ScoreMatrixBuilder::stats(matrix);
  stats.assign(num_candidates, {});
  std::vector<int64_t> row_size(num_candidates, 0);
  // Where each candidate's row sits in its chunk's buffer.
  std::vector<int64_t> row_start(num_candidates, 0);
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
  std::vector<CandidateIndex> rank(num_candidates);  // position in `visit`
  for (CandidateIndex k = 0; k < num_candidates; ++k) rank[visit[k]] = k;
  const int32_t num_chunks = (num_candidates + kChunk - 1) / kChunk;
  std::vector<std::vector<ScoredPair>> chunk_entries(num_chunks);
  std::vector<std::vector<std::string>> chunk_problems(num_chunks);
  std::atomic<int32_t> next_chunk{0};
  std::atomic<int64_t> total_examined{0}, total_feasible{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto max_pairs = static_cast<size_t>(ctx.max_pairs);

  auto worker = [&] {
    try {
      CandidateData c;
      std::vector<float> level(ctx.skill_index.size() + 1, 0.0f);
      std::vector<double> occupation_fit(ctx.num_columns);
      std::vector<int32_t> blocks;
      // Pairs that may still be among the best max_pairs; cut back to
      // max_pairs whenever it holds twice that, which sets `threshold`, the
      // score of the max_pairs-th best so far (amortised O(1) per pair).
      // Kept pairs are sorted through 16-byte keys, not 40-byte records.
      std::vector<RankKey> kept;
      kept.reserve(2 * max_pairs + 1);
      std::vector<ScoredPair> pool;
      int64_t examined_here = 0, feasible_here = 0;
      for (int32_t chunk; (chunk = next_chunk.fetch_add(1)) < num_chunks;) {
        std::vector<ScoredPair>& out = chunk_entries[chunk];
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
          for (const auto& s : c.skills) level[s.skill] = s.level;
          for (int32_t col = 0; col < ctx.num_columns; ++col) {
            occupation_fit[col] = RawOccupationFit(ctx, c, col, ctx.column_packed[col]);
          }
          ScoreMatrix::CandidateStats& st = stats[i];
          ExclusionCounts excluded{};  // local: no aliasing with `c` in the loop
          const double search_chord2 = c.search_chord2, reach2_own = c.reach2_own;
          const Vec3 home = c.p;
          bool in_reach = false;
          int32_t examined = 0, feasible = 0;
          kept.clear();
          pool.clear();
          float threshold = -std::numeric_limits<float>::infinity();
          double components[6];
          for (const int32_t b : blocks) {
            const int32_t end = std::min(num_openings, (b + 1) * kBlock);
            for (int32_t k = b * kBlock; k < end; ++k) {
              const double chord2 = Chord2(home, positions[k]);
              if (chord2 > search_chord2) continue;
              ++examined;
              if (vehicle_band && chord2 > reach2_own) {
                // Only a car reaches it (the search circle is a car's for
                // candidates without one): counted as such, nothing else
                // checked.
                ++excluded[static_cast<int>(ReasonCode::kVehicleRequired)];
                continue;
              }
              bool reach;
              const uint32_t v = CheckPair(c, hot[k], chord2, &reach);
              in_reach |= reach;
              if (v != 0) {
                for (uint32_t bits = v; bits != 0; bits &= bits - 1) {
                  ++excluded[std::countr_zero(bits)];
                }
                continue;
              }
              ++feasible;
              // Bound before each costlier component: skip the pair as soon as
              // even perfect remaining components would not enter the kept
              // pairs (the bounds hold after rounding: see CombineScore).
              const OpeningHot& h = hot[k];
              const double occupation = OccupationComponent(
                  c, h.occ_column, h.french_course,
                  h.occ_column >= 0 ? occupation_fit[h.occ_column] : 0.0);
              if (static_cast<float>(CombineScore(ctx, CheapSum(ctx, occupation, 1.0, 1.0, 1.0),
                                                  1.0, 1.0)) < threshold) {
                continue;
              }
              const OpeningData& o = openings[k];
              const double cheap = CheapPart(ctx, c, o, occupation, components);
              if (static_cast<float>(CombineScore(ctx, cheap, 1.0, 1.0)) < threshold) continue;
              components[0] = SkillsScore(ctx, o, level.data());
              if (static_cast<float>(CombineScore(ctx, cheap, components[0], 1.0)) < threshold) {
                continue;
              }
              const Commute commute = BestCommute(ctx, c, o, chord2);
              components[3] = CommuteScore(ctx, commute.minutes);
              ScoredPair p;
              p.opening = order[k];
              p.score = static_cast<float>(CombineScore(ctx, cheap, components[0], components[3]));
              p.commute_minutes = static_cast<float>(commute.minutes);
              p.commute_mode = commute.mode;
              p.skills = static_cast<float>(components[0]);
              p.occupation = static_cast<float>(components[1]);
              p.french = static_cast<float>(components[2]);
              p.commute = static_cast<float>(components[3]);
              p.tension = static_cast<float>(components[4]);
              p.preferences = static_cast<float>(components[5]);
              if (p.score < threshold) continue;
              kept.push_back({RankKeyOf(p), static_cast<uint32_t>(pool.size())});
              pool.push_back(p);
              if (kept.size() == 2 * max_pairs) {
                std::nth_element(kept.begin(), kept.begin() + (max_pairs - 1), kept.end());
                kept.resize(max_pairs);
                threshold = pool[kept.back().slot].score;
              }
            }
          }
          for (const auto& s : c.skills) level[s.skill] = 0.0f;
          st.excluded = excluded;
          st.examined = examined;
          st.feasible = feasible;
          st.nothing_in_reach = !in_reach && (ctx.constraints.commute || examined == 0);
          examined_here += examined;
          feasible_here += feasible;
          if (kept.size() > max_pairs) {
            std::nth_element(kept.begin(), kept.begin() + max_pairs, kept.end());
            kept.resize(max_pairs);
          }
          std::sort(kept.begin(), kept.end());
          row_size[i] = static_cast<int64_t>(kept.size());
          row_start[i] = static_cast<int64_t>(out.size());
          for (const RankKey& r : kept) out.push_back(pool[r.slot]);
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

  int threads = options.threads > 0 ? options.threads : request.policy.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min(threads, num_chunks));
  {
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
  }
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

  // Concatenate rows in candidate order.
  auto& offsets = ScoreMatrixBuilder::offsets(matrix);
  offsets.assign(num_candidates + 1, 0);
  for (CandidateIndex i = 0; i < num_candidates; ++i) offsets[i + 1] = offsets[i] + row_size[i];
  auto& entries = ScoreMatrixBuilder::entries(matrix);
  entries.reserve(static_cast<size_t>(offsets[num_candidates]));
  for (CandidateIndex i = 0; i < num_candidates; ++i) {
    const std::vector<ScoredPair>& source =
        chunk_entries[static_cast<size_t>(rank[i]) / kChunk];
    entries.insert(entries.end(), source.begin() + row_start[i],
                   source.begin() + row_start[i] + row_size[i]);
  }
  ScoreMatrixBuilder::SetTotals(matrix, num_openings, total_examined.load(), total_feasible.load());
  return matrix;
}

}  // namespace passerelle
