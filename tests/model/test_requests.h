// Builders for small requests, and a deterministic random request
// generator for property tests.
#ifndef PASSERELLE_TESTS_MODEL_TEST_REQUESTS_H_
#define PASSERELLE_TESTS_MODEL_TEST_REQUESTS_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle::testing {

// Toulouse, place du Capitole.
inline constexpr GeoPoint kToulouse{43.6045, 1.4440};

// `km` kilometres due north of `p` (along a meridian: exact great-circle km).
inline GeoPoint North(GeoPoint p, double km) {
  constexpr double kKmPerDegree = 6371.0088 * 3.14159265358979323846 / 180.0;
  p.latitude += km / kKmPerDegree;
  return p;
}

inline Candidate MakeCandidate(std::string id, GeoPoint home = kToulouse) {
  Candidate c;
  c.id = std::move(id);
  c.home = home;
  c.french_level = CefrLevel::kB1;
  c.mobility.max_commute_minutes = 60;
  c.mobility.modes.Add(TransportMode::kWalk);
  c.mobility.modes.Add(TransportMode::kPublicTransport);
  c.mobility.home_transit_access = TransitAccess::kDaytime;
  return c;
}

inline Opening MakeOpening(std::string id, GeoPoint location = kToulouse,
                           std::string occupation = "G1602") {
  Opening o;
  o.id = std::move(id);
  o.location = location;
  o.occupation = std::move(occupation);
  o.kind = OpeningKind::kJob;
  o.capacity = 1;
  o.site_transit_access = TransitAccess::kDaytime;
  return o;
}

// One candidate, one opening.
inline MatchRequest MakePair(const Candidate& c, const Opening& o) {
  MatchRequest r;
  r.candidates.push_back(c);
  r.openings.push_back(o);
  return r;
}

// A random request around Toulouse: candidates and openings within ~40 km,
// random skills, levels, barriers, schedules, modes. Deterministic in `seed`.
inline MatchRequest RandomRequest(uint64_t seed, int num_candidates, int num_openings) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  static const char* const kCodes[] = {"G1602", "G1605", "G1603", "G1803", "F1703", "F1701",
                                       "F1610", "K1302", "J1501", "K2204", "N1103", "N1105",
                                       "H2913", "H2911", "A1401", "A1414", "D1102", "I1604"};
  static const char* const kSkills[] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
  auto place = [&] {
    return GeoPoint{kToulouse.latitude + uniform(-0.35, 0.35),
                    kToulouse.longitude + uniform(-0.45, 0.45)};
  };
  MatchRequest r;
  for (int i = 0; i < num_candidates; ++i) {
    Candidate c = MakeCandidate("c-" + std::to_string(i), place());
    c.french_level = static_cast<CefrLevel>(pick(7));
    for (int k = pick(4); k > 0; --k) {
      Skill s;
      s.code = kSkills[pick(8)];
      s.level = 0.25 * (1 + pick(4));
      s.acquired_abroad = chance(0.4);
      c.skills.push_back(s);
    }
    for (int k = pick(3); k > 0; --k) c.target_occupations.push_back(kCodes[pick(18)]);
    for (int k = pick(2); k > 0; --k) c.past_occupations.push_back(kCodes[pick(18)]);
    c.mobility.max_commute_minutes = 20 + pick(70);
    c.mobility.driving_licence = chance(0.4);
    c.mobility.has_vehicle = chance(0.3);
    if (chance(0.3)) c.mobility.modes.Add(TransportMode::kBicycle);
    if (chance(0.1)) c.mobility.modes.Add(TransportMode::kCarpool);
    if (c.mobility.driving_licence && c.mobility.has_vehicle) {
      c.mobility.modes.Add(TransportMode::kCar);
    }
    c.mobility.home_transit_access = static_cast<TransitAccess>(pick(3));
    if (chance(0.2)) c.barriers.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
    if (chance(0.15)) c.barriers.health_restrictions.Add(static_cast<PhysicalDemand>(pick(5)));
    c.barriers.psychological_fragility = chance(0.1);
    if (chance(0.1)) c.barriers.housing = HousingSituation::kTemporary;
    c.right_to_work = chance(0.15) ? RightToWork::kNone : RightToWork::kFull;
    if (chance(0.2)) c.available_from = 20400 + pick(60);
    if (chance(0.3)) c.preferred_sectors.push_back(kCodes[pick(18)][0]);
    if (chance(0.3)) c.preferred_contract_types.Add(static_cast<ContractType>(1 + pick(8)));
    r.candidates.push_back(std::move(c));
  }
  for (int j = 0; j < num_openings; ++j) {
    Opening o = MakeOpening("o-" + std::to_string(j), place(), kCodes[pick(18)]);
    o.kind = static_cast<OpeningKind>(pick(kNumOpeningKinds));
    if (o.kind == OpeningKind::kFrenchCourse && chance(0.7)) o.occupation.clear();
    for (int k = pick(5); k > 0; --k) {
      o.required_skills.push_back({kSkills[pick(8)], 0.5 + pick(3), ""});
    }
    for (int k = pick(3); k > 0; --k) o.optional_skills.push_back({kSkills[pick(8)], 1.0, ""});
    o.min_french_level = static_cast<CefrLevel>(pick(5));
    o.provides_french_training = chance(0.3);
    o.provides_skill_training = chance(0.3);
    o.requires_driving_licence = chance(0.1);
    o.schedule.early_shift = chance(0.15);
    o.schedule.night_shift = chance(0.1);
    o.schedule.weekend_shift = chance(0.2);
    o.contract_type = static_cast<ContractType>(pick(kNumContractTypes));
    o.duration_months = pick(13);
    if (chance(0.5)) o.tension = uniform(0, 1);
    if (chance(0.3)) o.start_date = 20400 + pick(60);
    if (chance(0.3)) o.physical_demands.Add(static_cast<PhysicalDemand>(pick(5)));
    o.site_transit_access = static_cast<TransitAccess>(pick(3));
    r.openings.push_back(std::move(o));
  }
  r.policy.max_pairs_per_candidate = 8;
  return r;
}

// Adds a pair's violations (`PairEvaluation::violations`) to `counts` as
// `ExclusionCounts` documents: the project rule counts only pairs that meet
// every other constraint.
template <typename Counts>
void CountViolations(const std::vector<ReasonCode>& violations, Counts* counts) {
  for (ReasonCode code : violations) {
    if (code != ReasonCode::kOutOfProject || violations.size() == 1) ++(*counts)[static_cast<int>(code)];
  }
}

}  // namespace passerelle::testing

#endif  // PASSERELLE_TESTS_MODEL_TEST_REQUESTS_H_
