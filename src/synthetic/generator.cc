// The generator: every figure below is listed in docs/synthetic.md with its
// source, or marked there as an assumption.
#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "occupations.h"
#include "passerelle/error.h"
#include "passerelle/synthetic.h"
#include "random.h"

namespace passerelle::synthetic {
namespace {

using internal::Discrete;
using internal::OccupationTraits;
using internal::OccupationTraitsTable;
using internal::Rng;

// Random streams: record i of each kind draws from its own stream.
constexpr uint64_t kOpeningStream = 1;
constexpr uint64_t kCandidateStream = 2;

// Dates are relative to a fixed reference, so output never depends on the
// clock: Monday 5 January 2026.
constexpr int kBaseYear = 2026;

// ---- Openings ---------------------------------------------------------------

// Shares of opening kinds, indexed by OpeningKind (assumption, docs).
constexpr double kKindShares[kNumOpeningKinds] = {
    /*job=*/0.55,         /*apprenticeship=*/0.10, /*internship=*/0.10,
    /*qualifying_training=*/0.10, /*french_course=*/0.10, /*workplace_trial=*/0.05};

// Year-round job contracts: permanent, fixed-term, temporary agency,
// integration (assumption).
constexpr ContractType kJobContracts[] = {ContractType::kPermanent, ContractType::kFixedTerm,
                                          ContractType::kTemporaryAgency,
                                          ContractType::kIntegration};
constexpr double kJobContractShares[] = {0.35, 0.35, 0.20, 0.10};

// ROME domain letter of each family's employers.
constexpr char kFamilySector[kNumFamilies] = {'F', 'A', 'G', 'K', 'K', 'H', 'H', 'N', 'D', 'I'};

// ---- Candidates -------------------------------------------------------------

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
constexpr int kNumOrigins = sizeof(kOrigins) / sizeof(kOrigins[0]);
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

// ---- helpers ----------------------------------------------------------------

std::string NumberedId(const char* prefix, int64_t number, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, width, static_cast<long long>(number));
  return buf;
}

double RoundTo(double value, double step) { return std::nearbyint(value / step) * step; }

int ClampInt(double value, int lo, int hi) {
  const double r = std::nearbyint(value);
  return static_cast<int>(std::min<double>(hi, std::max<double>(lo, r)));
}

CefrLevel LevelAt(int i) { return static_cast<CefrLevel>(i); }
CefrLevel Lower(CefrLevel level) {
  return level == CefrLevel::kNone ? level : LevelAt(static_cast<int>(level) - 1);
}

void CheckCount(int64_t value, const char* option) {
  if (value < 0) {
    throw InvalidArgumentError(std::string(option) + ": must be >= 0, got " +
                               std::to_string(value));
  }
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (value > kMax) {
    throw InvalidArgumentError(std::string(option) + ": at most " + std::to_string(kMax) +
                               ", got " + std::to_string(value));
  }
}

std::string NetworkFor(const Region& region, std::string_view role) {
  for (const auto& [r, name] : region.networks) {
    if (r == role) return name;
  }
  return "";
}

// ---- the generator ------------------------------------------------------------

class Generator {
 public:
  Generator(const GeneratorOptions& options, Region region)
      : options_(options), region_(std::move(region)) {
    Date base = 0;
    ParseDate(std::to_string(kBaseYear) + "-01-05", &base);
    base_date_ = base;
    BuildTownTables();
    BuildOccupationTables();
    BuildCandidateTables();
  }

  void Run(RequestSink& sink) {
    sink.OnPolicy(Policy{}, Description());
    std::vector<Opening> openings;
    openings.reserve(static_cast<size_t>(options_.openings));
    for (int64_t i = 0; i < options_.openings; ++i) openings.push_back(MakeOpening(i));
    for (size_t e = 0; e < employers_.size(); ++e) {
      sink.OnEmployer(static_cast<EmployerIndex>(e), employers_[e]);
    }
    for (size_t i = 0; i < openings.size(); ++i) {
      const Opening& o = openings[i];
      sink.OnOpening(static_cast<OpeningIndex>(i), o,
                     o.employer == kNoEmployer ? nullptr : &employers_[o.employer]);
    }
    openings = {};
    Candidate candidate;
    for (int64_t i = 0; i < options_.candidates; ++i) {
      MakeCandidate(i, &candidate);
      sink.OnCandidate(static_cast<CandidateIndex>(i), candidate);
    }
  }

 private:
  enum class Role { kCompany = 0, kTrainingBody, kLanguageSchool };
  static constexpr int kNumRoles = 3;

  std::string Description() const {
    return "passerelle synthetic request: region " + region_.name + " (" + region_.label +
           "), seed " + std::to_string(options_.seed) + ", " +
           std::to_string(options_.candidates) + " candidates, " +
           std::to_string(options_.openings) + " openings";
  }

  // -- tables --

  void BuildTownTables() {
    const int num_departements = static_cast<int>(region_.departements.size());
    towns_by_departement_.assign(num_departements, {});
    std::vector<double> population_by_departement(num_departements, 0);
    for (int t = 0; t < static_cast<int>(region_.towns.size()); ++t) {
      const Town& town = region_.towns[t];
      const int d = DepartementIndex(town.departement);
      towns_by_departement_[d].push_back(t);
      population_by_departement[d] += town.population_thousands;
      constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
      km_per_degree_lon_.push_back(111.195 * internal::PortableCos(town.location.latitude *
                                                                   kDegToRad));
    }
    std::vector<double> all(num_departements), year_round(num_departements),
        seasonal(num_departements);
    double total = 0, seasonal_total = 0;
    for (int d = 0; d < num_departements; ++d) {
      const DepartementInfo& info = region_.departements[d];
      // A user file may leave hiring volumes at 0: spread by population.
      double volume = info.hiring_projects > 0 ? info.hiring_projects
                                               : population_by_departement[d];
      all[d] = volume;
      year_round[d] = volume * (1 - info.seasonal_share);
      seasonal[d] = volume * info.seasonal_share;
      total += volume;
      seasonal_total += seasonal[d];
    }
    seasonal_job_share_ = total > 0 ? seasonal_total / total : 0;
    departement_all_.Reset(all);
    departement_year_round_.Reset(year_round);
    if (seasonal_total > 0) departement_seasonal_.Reset(seasonal);

    for (int d = 0; d < num_departements; ++d) {
      std::vector<double> by_population, rural, urban;
      for (int t : towns_by_departement_[d]) {
        const Town& town = region_.towns[t];
        by_population.push_back(town.population_thousands);
        // Farm work lies outside towns with a bus network; training centres
        // cluster in served towns (assumption).
        rural.push_back(town.transit == TransitAccess::kNone      ? 1.0
                        : town.transit == TransitAccess::kDaytime ? 0.6
                                                                  : 0.1);
        urban.push_back(town.population_thousands *
                        (town.transit == TransitAccess::kFull      ? 2.0
                         : town.transit == TransitAccess::kDaytime ? 1.0
                                                                   : 0.3));
      }
      town_by_population_.emplace_back(by_population);
      town_rural_.emplace_back(rural);
      town_urban_.emplace_back(urban);
    }
    std::vector<double> homes;
    for (const Town& town : region_.towns) homes.push_back(town.population_thousands);
    home_town_.Reset(homes);
  }

  void BuildOccupationTables() {
    const auto& profiles = OccupationProfiles();
    occupations_by_family_.assign(kNumFamilies, {});
    std::vector<std::vector<double>> weights(kNumFamilies);
    for (int o = 0; o < static_cast<int>(profiles.size()); ++o) {
      const int f = static_cast<int>(profiles[o].family);
      occupations_by_family_[f].push_back(o);
      weights[f].push_back(OccupationTraitsTable()[o].weight_in_family);
    }
    for (int f = 0; f < kNumFamilies; ++f) occupation_in_family_.emplace_back(weights[f]);
    family_year_round_.Reset(region_.family_shares);
    family_seasonal_.Reset(region_.seasonal_family_shares);
    kind_.Reset(kKindShares);
    job_contract_.Reset(kJobContractShares);
    employer_by_key_.assign(region_.towns.size() * kNumFamilies * kNumRoles, -1);
  }

  void BuildCandidateTables() {
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
      others[i] = (kFrenchShares[i] - francophone * kFrenchSharesFrancophone[i]) /
                  (1 - francophone);
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

  int DepartementIndex(const std::string& code) const {
    for (int d = 0; d < static_cast<int>(region_.departements.size()); ++d) {
      if (region_.departements[d].code == code) return d;
    }
    assert(false && "town in undeclared departement");
    return 0;
  }

  GeoPoint Jitter(Rng& rng, int town, double base_km, double per_sqrt_thousand_km) {
    const Town& t = region_.towns[town];
    const double sd = base_km + per_sqrt_thousand_km * std::sqrt(t.population_thousands);
    const double dy = std::clamp(rng.Normal(), -2.5, 2.5) * sd;
    const double dx = std::clamp(rng.Normal(), -2.5, 2.5) * sd;
    GeoPoint p;
    p.latitude = RoundTo(t.location.latitude + dy / 111.195, 1e-5);
    p.longitude = RoundTo(t.location.longitude + dx / km_per_degree_lon_[town], 1e-5);
    return p;
  }

  int OccupationOfFamily(Rng& rng, int family) const {
    return occupations_by_family_[family][occupation_in_family_[family].Draw(rng)];
  }

  // -- openings --

  Opening MakeOpening(int64_t index) {
    Rng rng = Rng::ForRecord(options_.seed, kOpeningStream, static_cast<uint64_t>(index));
    const auto& profiles = OccupationProfiles();
    Opening o;
    o.id = NumberedId("o-", index + 1, 6);
    o.kind = static_cast<OpeningKind>(kind_.Draw(rng));

    // Where and in which trade.
    bool seasonal = false;
    int departement, family;
    if (o.kind == OpeningKind::kJob && !departement_seasonal_.empty() &&
        rng.Bernoulli(seasonal_job_share_)) {
      seasonal = true;
      departement = departement_seasonal_.Draw(rng);
      family = family_seasonal_.Draw(rng);
    } else {
      departement = (o.kind == OpeningKind::kJob ? departement_year_round_ : departement_all_)
                        .Draw(rng);
      family = family_year_round_.Draw(rng);
    }
    const bool training_site =
        o.kind == OpeningKind::kQualifyingTraining || o.kind == OpeningKind::kFrenchCourse;
    const Discrete& towns = training_site ? town_urban_[departement]
                            : family == static_cast<int>(Family::kAgriculture)
                                ? town_rural_[departement]
                                : town_by_population_[departement];
    const int town = towns_by_departement_[departement][towns.Draw(rng)];
    // A site near the town; an employer offering several openings offers
    // them all at its own site (below).
    o.location = Jitter(rng, town, 0.5, 0.10);
    o.site_transit_access = region_.towns[town].transit;
    o.departement = region_.towns[town].departement;

    int occupation = OccupationOfFamily(rng, family);
    // Most French courses are general French; 30% are job-oriented French
    // for one trade (HOPE-like).
    const bool general_french = o.kind == OpeningKind::kFrenchCourse && rng.Bernoulli(0.70);
    const OccupationProfile& profile = profiles[occupation];
    const OccupationTraits& traits = OccupationTraitsTable()[occupation];
    if (!general_french) {
      o.occupation = profile.rome;
      o.tension = profile.tension;
    }

    // Employer.
    Role role = Role::kCompany;
    if (o.kind == OpeningKind::kQualifyingTraining) role = Role::kTrainingBody;
    if (o.kind == OpeningKind::kFrenchCourse) role = Role::kLanguageSchool;
    if (role == Role::kLanguageSchool && rng.Bernoulli(0.4)) {
      o.employer = kNoEmployer;  // a course run by the platform itself
    } else {
      o.employer = EmployerFor(rng, role, family, town, occupation, o.location);
      o.location = employer_sites_[o.employer];
    }

    // Kind-specific terms.
    CefrLevel level = profile.min_french_level;
    // DOMAIN.md: A1-A2 for farm work, cleaning, dishwashing.
    if (level == CefrLevel::kA1 && rng.Bernoulli(0.30)) level = CefrLevel::kA2;
    const bool works_on_site = !training_site;
    switch (o.kind) {
      case OpeningKind::kJob: {
        o.capacity = 1 + PickIndex(rng, {0.65, 0.25, 0.10});
        o.min_french_level = level;
        o.provides_french_training = rng.Bernoulli(0.10);
        o.provides_skill_training = rng.Bernoulli(0.15);
        if (seasonal) {
          o.contract_type = ContractType::kSeasonal;
          o.duration_months = static_cast<int32_t>(rng.UniformInt(2, 6));
        } else {
          o.contract_type = kJobContracts[job_contract_.Draw(rng)];
          switch (o.contract_type) {
            case ContractType::kPermanent: o.duration_months = 0; break;
            case ContractType::kFixedTerm:
              o.duration_months = static_cast<int32_t>(rng.UniformInt(3, 12));
              break;
            case ContractType::kTemporaryAgency:
              o.duration_months = static_cast<int32_t>(rng.UniformInt(1, 6));
              break;
            default: o.duration_months = static_cast<int32_t>(rng.UniformInt(6, 24));
          }
        }
        o.title = profile.title;
        break;
      }
      case OpeningKind::kApprenticeship:
        o.capacity = 1 + PickIndex(rng, {0.85, 0.15});
        // Classes at the CFA: at least A2.
        o.min_french_level = std::max(level, CefrLevel::kA2);
        o.provides_french_training = rng.Bernoulli(0.20);
        o.provides_skill_training = true;
        o.contract_type = ContractType::kApprenticeship;
        o.duration_months = rng.Bernoulli(0.5) ? 12 : 24;
        o.title = std::string(profile.title) + " (apprentissage)";
        break;
      case OpeningKind::kInternship:
        o.capacity = 1 + PickIndex(rng, {0.80, 0.20});
        o.min_french_level = std::max(Lower(level), CefrLevel::kA1);
        o.provides_skill_training = true;
        o.contract_type = ContractType::kInternshipAgreement;
        o.duration_months = static_cast<int32_t>(rng.UniformInt(1, 2));
        o.title = std::string("Stage — ") + profile.title;
        break;
      case OpeningKind::kWorkplaceTrial:
        o.capacity = 1;
        o.min_french_level = rng.Bernoulli(0.5) ? CefrLevel::kNone : CefrLevel::kA1;
        o.provides_skill_training = true;
        o.contract_type = ContractType::kInternshipAgreement;
        o.duration_months = 1;
        o.title = std::string("Mise en situation — ") + profile.title;
        break;
      case OpeningKind::kQualifyingTraining:
        o.capacity = static_cast<int32_t>(rng.UniformInt(8, 15));
        o.provides_french_training = rng.Bernoulli(0.40);
        // HOPE: A1 at entry when French comes with the training.
        o.min_french_level = o.provides_french_training ? CefrLevel::kA1 : CefrLevel::kA2;
        o.provides_skill_training = true;
        o.contract_type = ContractType::kTrainee;
        o.duration_months = static_cast<int32_t>(rng.UniformInt(3, 12));
        o.title = std::string("Formation qualifiante — ") + profile.title;
        break;
      case OpeningKind::kFrenchCourse:
        o.capacity = static_cast<int32_t>(rng.UniformInt(10, 20));
        o.min_french_level = CefrLevel::kNone;
        o.provides_french_training = true;
        o.contract_type = ContractType::kTrainee;
        o.duration_months = static_cast<int32_t>(rng.UniformInt(2, 6));
        o.title = general_french ? "Cours de français"
                                 : std::string("Français à visée professionnelle — ") +
                                       profile.title;
        break;
    }

    // Skills asked: jobs 2-3 essential + 1 optional; apprenticeships 1 + 1;
    // internships and trials 0-1 + 1; trainings 0 + 1 (they teach the rest).
    if (!general_french) {
      int required = 0;
      switch (o.kind) {
        case OpeningKind::kJob: required = static_cast<int>(rng.UniformInt(2, 3)); break;
        case OpeningKind::kApprenticeship: required = 1; break;
        case OpeningKind::kInternship:
        case OpeningKind::kWorkplaceTrial: required = static_cast<int>(rng.UniformInt(0, 1)); break;
        default: required = 0;
      }
      if (o.kind == OpeningKind::kFrenchCourse) required = -1;  // no skills at all
      if (required >= 0) {
        std::vector<int> order = Shuffled(rng, static_cast<int>(profile.skills.size()));
        // The trade's first skill is its core: asked first, weighted 2.
        const auto core = std::find(order.begin(), order.end(), 0);
        std::rotate(order.begin(), core, core + 1);
        const int n = std::min<int>(required, static_cast<int>(order.size()) - 1);
        for (int k = 0; k < n; ++k) {
          o.required_skills.push_back({profile.skills[order[k]], order[k] == 0 ? 2.0 : 1.0, ""});
        }
        o.optional_skills.push_back({profile.skills[order[n]], 1.0, ""});
      }
    }

    if (works_on_site) {
      o.requires_driving_licence = rng.Bernoulli(traits.licence);
      o.schedule.early_shift = rng.Bernoulli(traits.early);
      o.schedule.night_shift = rng.Bernoulli(traits.night);
      o.schedule.weekend_shift = rng.Bernoulli(traits.weekend);
    }
    if (!general_french && o.kind != OpeningKind::kFrenchCourse) {
      for (PhysicalDemand d : traits.demands) o.physical_demands.Add(d);
    }
    // Start: within the next five months; training sessions open monthly.
    if (training_site) {
      o.start_date = base_date_ + 28 * static_cast<Date>(rng.UniformInt(0, 4));
    } else {
      o.start_date = base_date_ + static_cast<Date>(rng.UniformInt(0, 150));
    }
    return o;
  }

  // Reuses the last employer of the same role, family and town with
  // probability 0.4 (companies) or 0.6 (training bodies, language schools),
  // so that employers offer several openings; else creates one.
  // A new employer's site is `site`. Language schools teach every trade: one
  // per town, whatever the family.
  EmployerIndex EmployerFor(Rng& rng, Role role, int family, int town, int occupation,
                            const GeoPoint& site) {
    const int key_family = role == Role::kLanguageSchool ? 0 : family;
    const size_t key = (static_cast<size_t>(town) * kNumFamilies + key_family) * kNumRoles +
                       static_cast<size_t>(role);
    const double reuse = role == Role::kCompany ? 0.4 : 0.6;
    const bool wants_reuse = rng.Bernoulli(reuse);
    if (wants_reuse && employer_by_key_[key] >= 0) return employer_by_key_[key];

    const OccupationTraits& traits = OccupationTraitsTable()[occupation];
    Employer e;
    const int64_t number = static_cast<int64_t>(employers_.size()) + 1;
    e.id = NumberedId("e-", number, 4);
    const std::string suffix = NumberedId(" ", number, 4);
    const double u = rng.Uniform();
    switch (role) {
      case Role::kCompany:
        e.name = traits.employer_prefix + suffix;
        e.sector = std::string(1, kFamilySector[family]);
        if (family == static_cast<int>(Family::kConstruction)) {
          e.network = u < 0.40   ? NetworkFor(region_, "construction")
                      : u < 0.65 ? NetworkFor(region_, "small_business")
                                 : "";
        } else if (family == static_cast<int>(Family::kAgriculture)) {
          e.network = u < 0.60 ? NetworkFor(region_, "agriculture") : "";
        } else {
          e.network = u < 0.20   ? NetworkFor(region_, "employers")
                      : u < 0.50 ? NetworkFor(region_, "small_business")
                                 : "";
        }
        // Some employers take few candidates at a time (assumption: 15%,
        // cap 1-3).
        if (rng.Bernoulli(0.15)) e.max_candidates = static_cast<int32_t>(rng.UniformInt(1, 3));
        break;
      case Role::kTrainingBody:
        e.sector = std::string(1, kFamilySector[family]);
        if (family == static_cast<int>(Family::kConstruction) && u < 0.7) {
          e.network = NetworkFor(region_, "apprenticeship");
          e.name = (e.network.empty() ? std::string("CFA") : e.network) + suffix;
        } else {
          e.network = NetworkFor(region_, "training");
          e.name = "Centre de formation" + suffix;
        }
        break;
      case Role::kLanguageSchool:
        e.name = "Atelier de français" + suffix;
        e.sector = "K";  // K2111, vocational training
        break;
    }
    employers_.push_back(std::move(e));
    employer_sites_.push_back(site);
    const EmployerIndex index = static_cast<EmployerIndex>(employers_.size() - 1);
    employer_by_key_[key] = index;
    return index;
  }

  static int PickIndex(Rng& rng, std::initializer_list<double> weights) {
    double u = rng.Uniform();
    int i = 0;
    for (double w : weights) {
      if (u < w) return i;
      u -= w;
      ++i;
    }
    return i - 1;
  }

  // A permutation of 0..n-1 (Fisher–Yates with our own integers).
  static std::vector<int> Shuffled(Rng& rng, int n) {
    std::vector<int> v(n);
    for (int i = 0; i < n; ++i) v[i] = i;
    for (int i = n - 1; i > 0; --i) std::swap(v[i], v[rng.UniformInt(0, i)]);
    return v;
  }

  // -- candidates --

  void MakeCandidate(int64_t index, Candidate* out) {
    Rng rng = Rng::ForRecord(options_.seed, kCandidateStream, static_cast<uint64_t>(index));
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
    c.french_level = LevelAt((origin.francophone ? french_francophone_ : french_others_).Draw(rng));

    // Home.
    const int town = home_town_.Draw(rng);
    const Town& home = region_.towns[town];
    c.home = Jitter(rng, town, 0.8, 0.12);
    c.subgroup.departement = home.departement;

    // Past occupations and the skills they brought, mostly from abroad.
    const double no_past = young ? 0.50 : 0.25;
    int num_past = 0;
    if (!rng.Bernoulli(no_past)) num_past = rng.Bernoulli(0.7) ? 1 : 2;
    const Discrete& background =
        (female ? background_female_ : background_male_)[origin.background];
    std::vector<int> past;
    for (int k = 0; k < num_past; ++k) {
      const int occupation = OccupationOfFamily(rng, background.Draw(rng));
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
        skill.level = 0.5 + 0.25 * PickIndex(rng, {0.3, 0.4, 0.3});
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
      first = OccupationOfFamily(rng, family_year_round_.Draw(rng));
    }
    c.target_occupations.emplace_back(profiles[first].rome);
    if (rng.Bernoulli(0.6)) {
      std::string second;
      const auto& neighbours = OccupationTraitsTable()[first].neighbours;
      if (rng.Bernoulli(0.5) && !neighbours.empty()) {
        second = neighbours[rng.UniformInt(0, static_cast<int64_t>(neighbours.size()) - 1)];
      } else {
        second = profiles[OccupationOfFamily(rng, static_cast<int>(profiles[first].family))].rome;
      }
      if (second != c.target_occupations[0]) c.target_occupations.push_back(std::move(second));
    }
    if (rng.Bernoulli(0.25)) {
      std::string third = profiles[OccupationOfFamily(rng, family_year_round_.Draw(rng))].rome;
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

  GeneratorOptions options_;
  Region region_;
  Date base_date_ = 0;

  std::vector<std::vector<int>> towns_by_departement_;
  std::vector<double> km_per_degree_lon_;
  double seasonal_job_share_ = 0;
  Discrete departement_all_, departement_year_round_, departement_seasonal_;
  std::vector<Discrete> town_by_population_, town_rural_, town_urban_;
  Discrete home_town_;

  std::vector<std::vector<int>> occupations_by_family_;
  std::vector<Discrete> occupation_in_family_;
  Discrete family_year_round_, family_seasonal_, kind_, job_contract_;
  std::vector<EmployerIndex> employer_by_key_;
  std::vector<Employer> employers_;
  std::vector<GeoPoint> employer_sites_;

  Discrete origin_, french_francophone_, french_others_, right_to_work_non_ua_;
  std::vector<Discrete> background_male_, background_female_;
  Discrete housing_asylum_, housing_refugee_, health_demand_;
};

class CollectingSink : public RequestSink {
 public:
  explicit CollectingSink(MatchRequest* request) : request_(request) {}
  void OnPolicy(const Policy& policy, const std::string& description) override {
    request_->policy = policy;
    request_->description = description;
  }
  void OnEmployer(EmployerIndex, const Employer& employer) override {
    request_->employers.push_back(employer);
  }
  void OnOpening(OpeningIndex, const Opening& opening, const Employer*) override {
    request_->openings.push_back(opening);
  }
  void OnCandidate(CandidateIndex, const Candidate& candidate) override {
    request_->candidates.push_back(candidate);
  }

 private:
  MatchRequest* request_;
};

}  // namespace

void GenerateStreaming(const GeneratorOptions& options, RequestSink& sink) {
  CheckCount(options.candidates, "--candidates");
  CheckCount(options.openings, "--openings");
  Generator generator(options, LoadRegion(options.region, options.regions_dir));
  generator.Run(sink);
}

MatchRequest Generate(const GeneratorOptions& options) {
  CheckCount(options.candidates, "--candidates");
  MatchRequest request;
  request.candidates.reserve(static_cast<size_t>(options.candidates));
  CollectingSink sink(&request);
  GenerateStreaming(options, sink);
  return request;
}

}  // namespace passerelle::synthetic
