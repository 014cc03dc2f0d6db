// The candidates (`CandidateMaker`): for candidate i, origin and gender, age,
// right to work, French, home, past trades and the skills they brought,
// professional project, mobility, barriers and preferences.
#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generator.h"
#include "occupations.h"

namespace passerelle::synthetic::internal {
namespace {

// French levels none, A1 ... C2 (assumption, docs): the overall shares, and
// the shares among candidates from French-speaking countries. The shares for
// everyone else are derived so that the overall shares hold exactly.
constexpr double kFrenchShares[7] = {0.10, 0.30, 0.30, 0.18, 0.08, 0.03, 0.01};
constexpr double kFrenchSharesFrancophone[7] = {0.02, 0.08, 0.22, 0.37, 0.20, 0.08, 0.03};

// Backgrounds: family weights of past occupations, in Family order
// (construction, agriculture, hospitality, care, cleaning, metal, wood,
// logistics, bakery, mechanics). Assumption, docs.
enum Background { kAfghan = 0, kRuralEastAfrica, kMiddleEast, kWestCentralAfrica, kEastEurope };
constexpr double kBackgroundFamilies[5][kNumFamilies] = {
    {0.22, 0.28, 0.12, 0.00, 0.04, 0.06, 0.06, 0.10, 0.04, 0.08},
    {0.20, 0.35, 0.10, 0.00, 0.08, 0.03, 0.03, 0.12, 0.02, 0.07},
    {0.24, 0.06, 0.15, 0.03, 0.02, 0.12, 0.08, 0.10, 0.08, 0.12},
    {0.20, 0.15, 0.15, 0.08, 0.10, 0.04, 0.03, 0.12, 0.05, 0.08},
    {0.14, 0.06, 0.12, 0.18, 0.12, 0.10, 0.04, 0.12, 0.04, 0.08},
};
// Women's past occupations: multipliers on the family weights above.
constexpr double kFemaleFamilyFactor[kNumFamilies] = {0.2, 1.0, 1.5, 3.0, 2.0,
                                                      0.2, 0.3, 0.5, 1.0, 0.2};

struct Origin {
  const char* country;
  double share;
  double male_share;
  Background background;
  bool francophone;
};
// Countries of origin (assumption shaped by OFPRA's main nationalities
// granted protection, 2022-2023, plus Ukrainians under temporary protection).
constexpr Origin kOrigins[] = {
    {"AF", 0.24, 0.85, kAfghan, false},          {"UA", 0.12, 0.25, kEastEurope, false},
    {"SY", 0.10, 0.60, kMiddleEast, false},      {"SD", 0.10, 0.90, kRuralEastAfrica, false},
    {"GN", 0.08, 0.65, kWestCentralAfrica, true}, {"CI", 0.07, 0.55, kWestCentralAfrica, true},
    {"ER", 0.06, 0.75, kRuralEastAfrica, false}, {"CD", 0.05, 0.50, kWestCentralAfrica, true},
    {"SO", 0.04, 0.65, kRuralEastAfrica, false}, {"TR", 0.04, 0.70, kMiddleEast, false},
    {"BD", 0.04, 0.90, kAfghan, false},          {"IR", 0.03, 0.60, kMiddleEast, false},
    {"HT", 0.03, 0.45, kWestCentralAfrica, true},
};
constexpr double kGenderOtherShare = 0.005;

// Right to work, overall (assumption): full 60% (refugees, subsidiary and
// temporary protection), authorised asylum seekers 15%, none 25%. Ukrainians
// under temporary protection always have it; the others' shares are derived.
constexpr double kRightToWorkShares[3] = {0.60, 0.15, 0.25};

constexpr double kYouthShare = 0.40;           // aged 16-25
constexpr double kMinorShareOfYouth = 0.08;    // aged 16-17 among the young
constexpr double kAdultAgeMean = 37, kAdultAgeStddev = 9;
constexpr double kLicenceShare = 0.20;         // adults 25%, young 12.5%
constexpr double kVehicleGivenLicence = 0.40;  // 8% overall
constexpr double kBicycleShare = 0.20;
constexpr double kMopedShare = 0.03;
constexpr double kCarpoolShareOutsideCities = 0.10;
constexpr double kTransitUseDaytime = 0.85;    // full coverage: everyone
constexpr double kCommuteMean = 50, kCommuteStddev = 12;  // clipped to [30, 75]
constexpr double kChildcareFemale = 0.20, kChildcareMale = 0.03;
constexpr double kHealthRestrictionShare = 0.10;
constexpr double kHousingTemporaryShare = 0.50, kHousingNoneShare = 0.05;
constexpr double kAsylumSeekerTemporary = 0.80;  // CADA / HUDA
constexpr double kPsychologicalFragility = 0.15;
constexpr double kNoCvShare = 0.60;
constexpr double kAvailableNowShare = 0.65;

// Skill levels 0.5, 0.75 and 1 of a past trade's skills (assumption).
constexpr double kSkillLevelShares[] = {0.3, 0.4, 0.3};

int ClampInt(double value, int lo, int hi) {
  const double r = std::nearbyint(value);
  return static_cast<int>(std::min<double>(hi, std::max<double>(lo, r)));
}

}  // namespace

CandidateMaker::CandidateMaker(const RegionTables& tables, uint64_t seed)
    : tables_(tables), seed_(seed), base_date_(BaseDate()) {
  std::vector<double> origin_shares;
  double francophone = 0, ukraine = 0;
  for (const Origin& o : kOrigins) {
    origin_shares.push_back(o.share);
    if (o.francophone) francophone += o.share;
    if (std::string_view(o.country) == "UA") ukraine = o.share;
  }
  origin_.Reset(origin_shares);
  std::array<double, 7> others{};
  for (int i = 0; i < 7; ++i) {
    others[i] = (kFrenchShares[i] - francophone * kFrenchSharesFrancophone[i]) / (1 - francophone);
    assert(others[i] >= 0);
  }
  french_francophone_.Reset(kFrenchSharesFrancophone);
  french_others_.Reset(others);
  // Everyone but Ukrainians: full = (0.60 - ua) / (1 - ua), and so on.
  const double rest[3] = {(kRightToWorkShares[0] - ukraine) / (1 - ukraine),
                          kRightToWorkShares[1] / (1 - ukraine),
                          kRightToWorkShares[2] / (1 - ukraine)};
  right_to_work_non_ua_.Reset(rest);
  for (int b = 0; b < 5; ++b) {
    std::vector<double> male(kBackgroundFamilies[b], kBackgroundFamilies[b] + kNumFamilies);
    std::vector<double> female = male;
    for (int f = 0; f < kNumFamilies; ++f) female[f] *= kFemaleFamilyFactor[f];
    background_male_.emplace_back(male);
    background_female_.emplace_back(female);
  }
  // Housing: asylum seekers (40%) are mostly in CADA/HUDA; refugees' shares
  // are derived so that the overall shares hold.
  const double asylum = kRightToWorkShares[1] + kRightToWorkShares[2];
  const double refugee_temporary =
      (kHousingTemporaryShare - asylum * kAsylumSeekerTemporary) / (1 - asylum);
  const double h_asylum[3] = {1 - kAsylumSeekerTemporary - kHousingNoneShare,
                              kAsylumSeekerTemporary, kHousingNoneShare};
  const double h_refugee[3] = {1 - refugee_temporary - kHousingNoneShare, refugee_temporary,
                               kHousingNoneShare};
  housing_asylum_.Reset(h_asylum);
  housing_refugee_.Reset(h_refugee);
  const double demands[5] = {0.4, 0.2, 0.1, 0.2, 0.1};
  health_demand_.Reset(demands);
}

void CandidateMaker::Make(int64_t index, Candidate* out) const {
  Rng rng = Rng::ForRecord(seed_, kCandidateStream, static_cast<uint64_t>(index));
  const auto& profiles = OccupationProfiles();
  Candidate& c = *out;
  c = Candidate{};
  c.id = NumberedId("c-", index + 1, 6);

  const Origin& origin = kOrigins[origin_.Draw(rng)];
  c.subgroup.country_of_origin = origin.country;
  if (rng.Bernoulli(kGenderOtherShare)) {
    c.subgroup.gender = Gender::kOther;
  } else {
    c.subgroup.gender = rng.Bernoulli(origin.male_share) ? Gender::kMale : Gender::kFemale;
  }
  const bool female = c.subgroup.gender == Gender::kFemale;

  const bool young = rng.Bernoulli(kYouthShare);
  if (young) {
    c.age = rng.Bernoulli(kMinorShareOfYouth) ? static_cast<int32_t>(rng.UniformInt(16, 17))
                                              : static_cast<int32_t>(rng.UniformInt(18, 25));
  } else {
    c.age = ClampInt(rng.Normal(kAdultAgeMean, kAdultAgeStddev), 26, 64);
  }

  if (std::string_view(origin.country) == "UA") {
    c.right_to_work = RightToWork::kFull;  // temporary protection
  } else {
    c.right_to_work = static_cast<RightToWork>(right_to_work_non_ua_.Draw(rng));
  }
  c.french_level = static_cast<CefrLevel>(
      (origin.francophone ? french_francophone_ : french_others_).Draw(rng));

  // Home.
  const int town = tables_.HomeTown(rng);
  const Town& home = tables_.town(town);
  c.home = tables_.Jitter(rng, town, 0.8, 0.12);
  c.subgroup.departement = home.departement;

  // Past occupations and the skills they brought, mostly from abroad.
  const double no_past = young ? 0.50 : 0.25;
  int num_past = 0;
  if (!rng.Bernoulli(no_past)) num_past = rng.Bernoulli(0.7) ? 1 : 2;
  const Discrete& background =
      (female ? background_female_ : background_male_)[origin.background];
  std::vector<int> past;
  for (int k = 0; k < num_past; ++k) {
    const int occupation = tables_.OccupationOfFamily(rng, background.Draw(rng));
    if (std::find(past.begin(), past.end(), occupation) != past.end()) continue;
    past.push_back(occupation);
    c.past_occupations.emplace_back(profiles[occupation].rome);
    const auto& skills = profiles[occupation].skills;
    const int n = static_cast<int>(rng.UniformInt(2, std::min<int64_t>(3, skills.size())));
    std::vector<int> order = Shuffled(rng, static_cast<int>(skills.size()));
    const bool abroad = rng.Bernoulli(0.85);
    for (int s = 0; s < n; ++s) {
      const char* code = skills[order[s]];
      const bool duplicate = std::any_of(c.skills.begin(), c.skills.end(),
                                         [&](const Skill& k) { return k.code == code; });
      if (duplicate) continue;
      Skill skill;
      skill.code = code;
      skill.level = 0.5 + 0.25 * PickIndex(rng, kSkillLevelShares);
      skill.acquired_abroad = abroad;
      skill.validated = rng.Bernoulli(0.10);
      c.skills.push_back(std::move(skill));
    }
  }

  // Professional project: a past trade (60% of those with one) or a trade
  // the region hires for; then a neighbour; sometimes a third wish.
  int first;
  if (!past.empty() && rng.Bernoulli(0.6)) {
    first = past[rng.UniformInt(0, static_cast<int64_t>(past.size()) - 1)];
  } else {
    first = tables_.OccupationOfFamily(rng, tables_.YearRoundFamily(rng));
  }
  c.target_occupations.emplace_back(profiles[first].rome);
  if (rng.Bernoulli(0.6)) {
    std::string second;
    const auto& neighbours = OccupationTraitsTable()[first].neighbours;
    if (rng.Bernoulli(0.5) && !neighbours.empty()) {
      second = neighbours[rng.UniformInt(0, static_cast<int64_t>(neighbours.size()) - 1)];
    } else {
      second =
          profiles[tables_.OccupationOfFamily(rng, static_cast<int>(profiles[first].family))].rome;
    }
    if (second != c.target_occupations[0]) c.target_occupations.push_back(std::move(second));
  }
  if (rng.Bernoulli(0.25)) {
    std::string third =
        profiles[tables_.OccupationOfFamily(rng, tables_.YearRoundFamily(rng))].rome;
    if (std::find(c.target_occupations.begin(), c.target_occupations.end(), third) ==
        c.target_occupations.end()) {
      c.target_occupations.push_back(std::move(third));
    }
  }
  // Without any past trade, a taste of the first wish (a workshop, a trial).
  if (past.empty() && rng.Bernoulli(0.3)) {
    Skill skill;
    skill.code = profiles[first].skills[0];
    skill.level = 0.25;
    c.skills.push_back(std::move(skill));
  }

  // Mobility.
  Mobility& m = c.mobility;
  m.home_transit_access = home.transit;
  m.driving_licence = rng.Bernoulli(young ? kLicenceShare / 1.6 : kLicenceShare * 1.25);
  m.has_vehicle = m.driving_licence && rng.Bernoulli(kVehicleGivenLicence);
  m.modes.Add(TransportMode::kWalk);
  if (home.transit == TransitAccess::kFull ||
      (home.transit == TransitAccess::kDaytime && rng.Bernoulli(kTransitUseDaytime))) {
    m.modes.Add(TransportMode::kPublicTransport);
  }
  if (rng.Bernoulli(kBicycleShare)) m.modes.Add(TransportMode::kBicycle);
  if (m.has_vehicle) m.modes.Add(TransportMode::kCar);
  if (rng.Bernoulli(kMopedShare)) m.modes.Add(TransportMode::kMoped);
  if (home.transit != TransitAccess::kFull && rng.Bernoulli(kCarpoolShareOutsideCities)) {
    m.modes.Add(TransportMode::kCarpool);
  }
  m.max_commute_minutes =
      5 * ClampInt(rng.Normal(kCommuteMean, kCommuteStddev) / 5, 30 / 5, 75 / 5);

  // Barriers.
  Barriers& b = c.barriers;
  if (rng.Bernoulli(female ? kChildcareFemale : kChildcareMale)) {
    b.childcare = ChildcareConstraint::kDaytimeWeekdaysOnly;
  }
  if (rng.Bernoulli(kHealthRestrictionShare)) {
    b.health_restrictions.Add(static_cast<PhysicalDemand>(health_demand_.Draw(rng)));
    if (rng.Bernoulli(0.3)) {
      b.health_restrictions.Add(static_cast<PhysicalDemand>(health_demand_.Draw(rng)));
    }
  }
  const bool asylum_seeker = c.right_to_work != RightToWork::kFull;
  b.housing = static_cast<HousingSituation>(
      1 + (asylum_seeker ? housing_asylum_ : housing_refugee_).Draw(rng));
  b.psychological_fragility = rng.Bernoulli(kPsychologicalFragility);
  b.no_cv = rng.Bernoulli(kNoCvShare);

  if (!rng.Bernoulli(kAvailableNowShare)) {
    c.available_from = base_date_ + static_cast<Date>(rng.UniformInt(7, 120));
  }
  // Preferences: most name the sectors of their wishes; some a contract.
  if (rng.Bernoulli(0.6)) {
    for (const std::string& t : c.target_occupations) {
      if (std::find(c.preferred_sectors.begin(), c.preferred_sectors.end(), t[0]) ==
          c.preferred_sectors.end()) {
        c.preferred_sectors.push_back(t[0]);
      }
    }
  }
  if (rng.Bernoulli(0.5)) {
    c.preferred_contract_types.Add(ContractType::kPermanent);
    if (rng.Bernoulli(0.5)) c.preferred_contract_types.Add(ContractType::kFixedTerm);
  }
  if (young && rng.Bernoulli(0.25)) {
    c.preferred_contract_types.Add(ContractType::kApprenticeship);
  }
  // Vulnerable candidates first (assumption: 1.5).
  c.priority = (b.psychological_fragility || b.housing == HousingSituation::kNone) ? 1.5 : 1.0;
  c.placements_needed = 1;
}

}  // namespace passerelle::synthetic::internal
