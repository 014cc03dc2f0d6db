// Private to src/synthetic: the pieces of the generator and the state they
// share. `GenerateStreaming` (generator.cc) builds the region's tables once
// (region_tables.cc), makes every opening (openings.cc), whose employers are
// created or reused on the way (employers.cc), then every candidate
// (candidates.cc). Record i of each kind draws from its own random stream
// (seed, kind, i), so the pieces share no random state: only the read-only
// `RegionTables`, and the employers the openings create.
//
// Every figure is listed in docs/synthetic.md with its source, or marked
// there as an assumption.
#ifndef PASSERELLE_SRC_SYNTHETIC_GENERATOR_H_
#define PASSERELLE_SRC_SYNTHETIC_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/synthetic.h"
#include "random.h"

namespace passerelle::synthetic::internal {

// The random stream of each kind of record (`Rng::ForRecord`).
inline constexpr uint64_t kOpeningStream = 1;
inline constexpr uint64_t kCandidateStream = 2;

// "o-000042": `prefix`, then `number` zero-padded to `width` digits (more
// digits past them).
std::string NumberedId(const char* prefix, int64_t number, int width);

// The date every generated date counts from, so that output never depends on
// the clock: Monday 5 January 2026.
Date BaseDate();

// The draws the region supports, for openings and candidates alike: which
// département, town and trade, and a point near a town. Built once from the
// region, then only read.
class RegionTables {
 public:
  // How a site picks its town within a département (docs/synthetic.md,
  // "Openings"): by population; farm work in the country; training centres
  // in towns with public transport.
  enum class TownWeights { kPopulation, kRural, kServed };

  explicit RegionTables(Region region);

  const Region& region() const { return region_; }
  const Town& town(int index) const { return region_.towns[index]; }

  // Whether the region has seasonal jobs, and their share of its hiring
  // projects.
  bool has_seasonal_jobs() const { return !departement_seasonal_.empty(); }
  double seasonal_job_share() const { return seasonal_job_share_; }

  // A département, weighted by its seasonal, year-round or all hiring
  // projects.
  int SeasonalDepartement(Rng& rng) const { return departement_seasonal_.Draw(rng); }
  int YearRoundDepartement(Rng& rng) const { return departement_year_round_.Draw(rng); }
  int AnyDepartement(Rng& rng) const { return departement_all_.Draw(rng); }

  // A family of the region's seasonal or year-round mix.
  int SeasonalFamily(Rng& rng) const { return family_seasonal_.Draw(rng); }
  int YearRoundFamily(Rng& rng) const { return family_year_round_.Draw(rng); }

  // An occupation (index in `OccupationProfiles()`) of `family`, by its
  // weight in the family.
  int OccupationOfFamily(Rng& rng, int family) const {
    return occupations_by_family_[family][occupation_in_family_[family].Draw(rng)];
  }

  // A town (index in `region().towns`) of `departement`.
  int TownIn(Rng& rng, int departement, TownWeights weights) const;

  // A candidate's home town, by population.
  int HomeTown(Rng& rng) const { return home_town_.Draw(rng); }

  // A point near `town`: north and east offsets normal with standard
  // deviation `base_km + per_sqrt_thousand_km * sqrt(population_thousands)`,
  // clipped at 2.5 of them, rounded to 1e-5 degree.
  GeoPoint Jitter(Rng& rng, int town, double base_km, double per_sqrt_thousand_km) const;

 private:
  void BuildTownTables();
  void BuildOccupationTables();
  int DepartementIndex(const std::string& code) const;

  Region region_;

  std::vector<std::vector<int>> towns_by_departement_;
  std::vector<double> km_per_degree_lon_;
  double seasonal_job_share_ = 0;
  Discrete departement_all_, departement_year_round_, departement_seasonal_;
  std::vector<Discrete> town_by_population_, town_rural_, town_served_;
  Discrete home_town_;

  std::vector<std::vector<int>> occupations_by_family_;
  std::vector<Discrete> occupation_in_family_;
  Discrete family_year_round_, family_seasonal_;
};

// Who offers an opening.
enum class EmployerRole { kCompany = 0, kTrainingBody, kLanguageSchool };
inline constexpr int kNumEmployerRoles = 3;

// The employers of the openings, in the order they are created.
class EmployerDirectory {
 public:
  // `region` (its towns and networks) must outlive the directory.
  explicit EmployerDirectory(const Region& region);

  // Reuses the last employer of the same role, family and town with
  // probability 0.4 (companies) or 0.6 (training bodies, language schools),
  // so that employers offer several openings; else creates one whose site is
  // `site`. Language schools teach every trade: one per town, whatever the
  // family. `occupation` names a new company after its trade.
  EmployerIndex ReuseOrCreate(Rng& rng, EmployerRole role, int family, int town, int occupation,
                              const GeoPoint& site);

  const std::vector<Employer>& employers() const { return employers_; }
  // Where the employer offers all its openings: the site of its first.
  const GeoPoint& site(EmployerIndex index) const { return sites_[index]; }

 private:
  const Region& region_;
  // The last employer of each (town, family, role), or -1.
  std::vector<EmployerIndex> last_by_key_;
  std::vector<Employer> employers_;
  std::vector<GeoPoint> sites_;
};

// Makes the openings: kind, site and trade, employer, terms, skills asked,
// schedule and start.
class OpeningMaker {
 public:
  // `tables` and `employers` must outlive the maker; the employers its
  // openings need are added to `employers`.
  OpeningMaker(const RegionTables& tables, uint64_t seed, EmployerDirectory* employers);

  // Opening `index`, which may create its employer: make them in index order.
  Opening Make(int64_t index);

 private:
  const RegionTables& tables_;
  const uint64_t seed_;
  EmployerDirectory* const employers_;
  const Date base_date_;
  Discrete kind_, job_contract_;
};

// Makes the candidates: origin, age, rights, French, home, past trades and
// skills, professional project, mobility, barriers and preferences.
class CandidateMaker {
 public:
  // `tables` must outlive the maker.
  CandidateMaker(const RegionTables& tables, uint64_t seed);

  // Candidate `index`, in `*out`.
  void Make(int64_t index, Candidate* out) const;

 private:
  const RegionTables& tables_;
  const uint64_t seed_;
  const Date base_date_;
  Discrete origin_, french_francophone_, french_others_, right_to_work_non_ua_;
  std::vector<Discrete> background_male_, background_female_;
  Discrete housing_asylum_, housing_refugee_, health_demand_;
};

}  // namespace passerelle::synthetic::internal

#endif  // PASSERELLE_SRC_SYNTHETIC_GENERATOR_H_
