// The openings (`OpeningMaker`): for opening i, its kind, its département,
// town and site, its trade, its employer (employers.cc), the terms of its
// kind, the skills it asks, its schedule and its start.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "generator.h"
#include "occupations.h"

namespace passerelle::synthetic::internal {
namespace {

// Shares of opening kinds, indexed by OpeningKind (assumption, docs).
constexpr double kKindShares[kNumOpeningKinds] = {
    /*job=*/0.55,         /*apprenticeship=*/0.10, /*internship=*/0.10,
    /*qualifying_training=*/0.10, /*french_course=*/0.10, /*workplace_trial=*/0.05};

// A whole number uniform in [min, max]; with `ends_only`, min or max at even
// odds. A range of one value draws nothing.
struct Range {
  int32_t min = 0, max = 0;
  bool ends_only = false;
};

int32_t DrawIn(Rng& rng, Range range) {
  if (range.min == range.max) return range.min;
  if (range.ends_only) return rng.Bernoulli(0.5) ? range.min : range.max;
  return static_cast<int32_t>(rng.UniformInt(range.min, range.max));
}

// `rng.Bernoulli(p)`, except that a sure outcome (p of 0 or 1) draws nothing.
bool Chance(Rng& rng, double p) { return p <= 0 ? false : p >= 1 ? true : rng.Bernoulli(p); }

struct JobContract {
  ContractType type;
  double share;
  Range months;
};
// Year-round job contracts (assumption).
constexpr JobContract kJobContracts[] = {
    {ContractType::kPermanent, 0.35, {0, 0}},
    {ContractType::kFixedTerm, 0.35, {3, 12}},
    {ContractType::kTemporaryAgency, 0.20, {1, 6}},
    {ContractType::kIntegration, 0.10, {6, 24}},
};
constexpr JobContract kSeasonalJob = {ContractType::kSeasonal, 0, {2, 6}};

// The minimum French level of a kind, from the trade's.
enum class FrenchRule {
  kTrade,
  // Classes at the CFA.
  kTradeAtLeastA2,
  kBelowTradeAtLeastA1,
  kNoneOrA1,
  // HOPE: A1 at entry when French comes with the training, else A2.
  kA1IfTaught,
  kNone,
};

CefrLevel Lower(CefrLevel level) {
  return level == CefrLevel::kNone ? level : static_cast<CefrLevel>(static_cast<int>(level) - 1);
}

CefrLevel MinFrench(Rng& rng, FrenchRule rule, CefrLevel trade, bool teaches_french) {
  switch (rule) {
    case FrenchRule::kTrade: return trade;
    case FrenchRule::kTradeAtLeastA2: return std::max(trade, CefrLevel::kA2);
    case FrenchRule::kBelowTradeAtLeastA1: return std::max(Lower(trade), CefrLevel::kA1);
    case FrenchRule::kNoneOrA1: return rng.Bernoulli(0.5) ? CefrLevel::kNone : CefrLevel::kA1;
    case FrenchRule::kA1IfTaught: return teaches_french ? CefrLevel::kA1 : CefrLevel::kA2;
    case FrenchRule::kNone: return CefrLevel::kNone;
  }
  return trade;
}

// The terms of one kind of opening: a row of the table "Terms by kind" of
// docs/synthetic.md (assumption). Sure outcomes and ranges of one value draw
// no number, so each kind draws only what varies.
struct KindTerms {
  // Who offers it (40% of French courses are the platform's own: no
  // employer).
  EmployerRole employer;
  // Classes rather than work on a site: in a served town, sessions opening
  // every four weeks, no licence and no shifts.
  bool training_site;
  // Asks the trade's skills and carries its physical demands.
  bool practises_trade;
  // Seats, by `seat_shares` (of min, min + 1, ...) when given.
  Range seats;
  std::span<const double> seat_shares;
  // Probabilities that the opening teaches French, and the trade.
  double french_training;
  double skill_training;
  FrenchRule min_french;
  // kUnspecified for jobs: seasonal, or one of kJobContracts.
  ContractType contract;
  Range months;
  // Essential skills asked, besides one optional.
  Range essential_skills;
  // The title is the trade's between these.
  const char* title_prefix;
  const char* title_suffix;
};

constexpr double kJobSeatShares[] = {0.65, 0.25, 0.10};
constexpr double kApprenticeshipSeatShares[] = {0.85, 0.15};
constexpr double kInternshipSeatShares[] = {0.80, 0.20};

// Indexed by OpeningKind.
constexpr KindTerms kKindTerms[kNumOpeningKinds] = {
    // Job.
    {.employer = EmployerRole::kCompany, .training_site = false, .practises_trade = true,
     .seats = {1, 3}, .seat_shares = kJobSeatShares,
     .french_training = 0.10, .skill_training = 0.15, .min_french = FrenchRule::kTrade,
     .contract = ContractType::kUnspecified, .months = {},
     .essential_skills = {2, 3}, .title_prefix = "", .title_suffix = ""},
    // Apprenticeship.
    {.employer = EmployerRole::kCompany, .training_site = false, .practises_trade = true,
     .seats = {1, 2}, .seat_shares = kApprenticeshipSeatShares,
     .french_training = 0.20, .skill_training = 1, .min_french = FrenchRule::kTradeAtLeastA2,
     .contract = ContractType::kApprenticeship, .months = {12, 24, /*ends_only=*/true},
     .essential_skills = {1, 1}, .title_prefix = "", .title_suffix = " (apprentissage)"},
    // Internship.
    {.employer = EmployerRole::kCompany, .training_site = false, .practises_trade = true,
     .seats = {1, 2}, .seat_shares = kInternshipSeatShares,
     .french_training = 0, .skill_training = 1, .min_french = FrenchRule::kBelowTradeAtLeastA1,
     .contract = ContractType::kInternshipAgreement, .months = {1, 2},
     .essential_skills = {0, 1}, .title_prefix = "Stage — ", .title_suffix = ""},
    // Qualifying training.
    {.employer = EmployerRole::kTrainingBody, .training_site = true, .practises_trade = true,
     .seats = {8, 15}, .seat_shares = {},
     .french_training = 0.40, .skill_training = 1, .min_french = FrenchRule::kA1IfTaught,
     .contract = ContractType::kTrainee, .months = {3, 12},
     .essential_skills = {0, 0}, .title_prefix = "Formation qualifiante — ", .title_suffix = ""},
    // French course. The title is that of job-oriented French for one trade;
    // general French has no trade and its own title.
    {.employer = EmployerRole::kLanguageSchool, .training_site = true, .practises_trade = false,
     .seats = {10, 20}, .seat_shares = {},
     .french_training = 1, .skill_training = 0, .min_french = FrenchRule::kNone,
     .contract = ContractType::kTrainee, .months = {2, 6},
     .essential_skills = {}, .title_prefix = "Français à visée professionnelle — ",
     .title_suffix = ""},
    // Workplace trial.
    {.employer = EmployerRole::kCompany, .training_site = false, .practises_trade = true,
     .seats = {1, 1}, .seat_shares = {},
     .french_training = 0, .skill_training = 1, .min_french = FrenchRule::kNoneOrA1,
     .contract = ContractType::kInternshipAgreement, .months = {1, 1},
     .essential_skills = {0, 1}, .title_prefix = "Mise en situation — ", .title_suffix = ""},
};

}  // namespace

OpeningMaker::OpeningMaker(const RegionTables& tables, uint64_t seed,
                           EmployerDirectory* employers)
    : tables_(tables), seed_(seed), employers_(employers), base_date_(BaseDate()) {
  kind_.Reset(kKindShares);
  std::vector<double> contract_shares;
  for (const JobContract& contract : kJobContracts) contract_shares.push_back(contract.share);
  job_contract_.Reset(contract_shares);
}

Opening OpeningMaker::Make(int64_t index) {
  Rng rng = Rng::ForRecord(seed_, kOpeningStream, static_cast<uint64_t>(index));
  Opening o;
  o.id = NumberedId("o-", index + 1, 6);
  o.kind = static_cast<OpeningKind>(kind_.Draw(rng));
  const KindTerms& terms = kKindTerms[static_cast<int>(o.kind)];

  // Where and in which trade.
  bool seasonal = false;
  int departement, family;
  if (o.kind == OpeningKind::kJob && tables_.has_seasonal_jobs() &&
      rng.Bernoulli(tables_.seasonal_job_share())) {
    seasonal = true;
    departement = tables_.SeasonalDepartement(rng);
    family = tables_.SeasonalFamily(rng);
  } else {
    departement = o.kind == OpeningKind::kJob ? tables_.YearRoundDepartement(rng)
                                              : tables_.AnyDepartement(rng);
    family = tables_.YearRoundFamily(rng);
  }
  using TownWeights = RegionTables::TownWeights;
  const TownWeights weights = terms.training_site ? TownWeights::kServed
                              : family == static_cast<int>(Family::kAgriculture)
                                  ? TownWeights::kRural
                                  : TownWeights::kPopulation;
  const int town = tables_.TownIn(rng, departement, weights);
  // A site near the town; an employer offering several openings offers
  // them all at its own site (below).
  o.location = tables_.Jitter(rng, town, 0.5, 0.10);
  o.site_transit_access = tables_.town(town).transit;
  o.departement = tables_.town(town).departement;

  const int occupation = tables_.OccupationOfFamily(rng, family);
  // Most French courses are general French; 30% are job-oriented French
  // for one trade (HOPE-like).
  const bool general_french = o.kind == OpeningKind::kFrenchCourse && rng.Bernoulli(0.70);
  const OccupationProfile& profile = OccupationProfiles()[occupation];
  const OccupationTraits& traits = OccupationTraitsTable()[occupation];
  if (!general_french) {
    o.occupation = profile.rome;
    o.tension = profile.tension;
  }

  if (terms.employer == EmployerRole::kLanguageSchool && rng.Bernoulli(0.4)) {
    o.employer = kNoEmployer;  // a course run by the platform itself
  } else {
    o.employer =
        employers_->ReuseOrCreate(rng, terms.employer, family, town, occupation, o.location);
    o.location = employers_->site(o.employer);
  }

  // Terms of the kind. A trade open at A1 sometimes asks A2 (DOMAIN.md: A1-A2
  // for farm work, cleaning, dishwashing).
  CefrLevel trade_level = profile.min_french_level;
  if (trade_level == CefrLevel::kA1 && rng.Bernoulli(0.30)) trade_level = CefrLevel::kA2;
  o.capacity = terms.seat_shares.empty() ? DrawIn(rng, terms.seats)
                                         : terms.seats.min + PickIndex(rng, terms.seat_shares);
  o.provides_french_training = Chance(rng, terms.french_training);
  o.provides_skill_training = Chance(rng, terms.skill_training);
  o.min_french_level = MinFrench(rng, terms.min_french, trade_level, o.provides_french_training);
  o.contract_type = terms.contract;
  Range months = terms.months;
  if (o.kind == OpeningKind::kJob) {
    const JobContract& job = seasonal ? kSeasonalJob : kJobContracts[job_contract_.Draw(rng)];
    o.contract_type = job.type;
    months = job.months;
  }
  o.duration_months = DrawIn(rng, months);
  o.title = general_french ? std::string("Cours de français")
                           : terms.title_prefix + std::string(profile.title) + terms.title_suffix;

  // Skills asked: the kind's essential ones and one optional.
  if (terms.practises_trade) {
    const int required = DrawIn(rng, terms.essential_skills);
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

  if (!terms.training_site) {
    o.requires_driving_licence = rng.Bernoulli(traits.licence);
    o.schedule.early_shift = rng.Bernoulli(traits.early);
    o.schedule.night_shift = rng.Bernoulli(traits.night);
    o.schedule.weekend_shift = rng.Bernoulli(traits.weekend);
  }
  if (terms.practises_trade) {
    for (PhysicalDemand d : traits.demands) o.physical_demands.Add(d);
  }
  // Start: within the next five months; training sessions open monthly.
  if (terms.training_site) {
    o.start_date = base_date_ + 28 * static_cast<Date>(rng.UniformInt(0, 4));
  } else {
    o.start_date = base_date_ + static_cast<Date>(rng.UniformInt(0, 150));
  }
  return o;
}

}  // namespace passerelle::synthetic::internal
