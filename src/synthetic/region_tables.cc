// The region's draws (`RegionTables`): départements weighted by hiring
// projects, towns within a département, the region's mix of families and the
// occupations within each, and points near a town.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "generator.h"
#include "occupations.h"

namespace passerelle::synthetic::internal {
namespace {

double RoundTo(double value, double step) { return std::nearbyint(value / step) * step; }

// Kilometres per degree of latitude (and of longitude at the equator).
constexpr double kKmPerDegree = 111.195;

}  // namespace

RegionTables::RegionTables(Region region) : region_(std::move(region)) {
  BuildTownTables();
  BuildOccupationTables();
}

void RegionTables::BuildTownTables() {
  const int num_departements = static_cast<int>(region_.departements.size());
  towns_by_departement_.assign(num_departements, {});
  std::vector<double> population_by_departement(num_departements, 0);
  for (int t = 0; t < static_cast<int>(region_.towns.size()); ++t) {
    const Town& town = region_.towns[t];
    const int d = DepartementIndex(town.departement);
    towns_by_departement_[d].push_back(t);
    population_by_departement[d] += town.population_thousands;
    constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
    km_per_degree_lon_.push_back(kKmPerDegree *
                                 PortableCos(town.location.latitude * kDegToRad));
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
    std::vector<double> by_population, rural, served;
    for (int t : towns_by_departement_[d]) {
      const Town& town = region_.towns[t];
      by_population.push_back(town.population_thousands);
      // Farm work lies outside towns with a bus network; training centres
      // cluster in served towns (assumption).
      rural.push_back(town.transit == TransitAccess::kNone      ? 1.0
                      : town.transit == TransitAccess::kDaytime ? 0.6
                                                                : 0.1);
      served.push_back(town.population_thousands *
                       (town.transit == TransitAccess::kFull      ? 2.0
                        : town.transit == TransitAccess::kDaytime ? 1.0
                                                                  : 0.3));
    }
    town_by_population_.emplace_back(by_population);
    town_rural_.emplace_back(rural);
    town_served_.emplace_back(served);
  }
  // Listed towns were chosen where people live: by population. Among all
  // the communes, reception centres and social housing concentrate where
  // there is public transport (assumption): population times 2, 1 or 0.3.
  std::vector<double> homes;
  for (const Town& town : region_.towns) {
    homes.push_back(!region_.towns_are_communes ? town.population_thousands
                    : town.transit == TransitAccess::kFull
                        ? 2.0 * town.population_thousands
                    : town.transit == TransitAccess::kDaytime ? town.population_thousands
                                                              : 0.3 * town.population_thousands);
  }
  home_town_.Reset(homes);
}

void RegionTables::BuildOccupationTables() {
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
}

int RegionTables::DepartementIndex(const std::string& code) const {
  for (int d = 0; d < static_cast<int>(region_.departements.size()); ++d) {
    if (region_.departements[d].code == code) return d;
  }
  assert(false && "town in undeclared departement");
  return 0;
}

int RegionTables::TownIn(Rng& rng, int departement, TownWeights weights) const {
  const Discrete& towns = weights == TownWeights::kServed  ? town_served_[departement]
                          : weights == TownWeights::kRural ? town_rural_[departement]
                                                           : town_by_population_[departement];
  return towns_by_departement_[departement][towns.Draw(rng)];
}

GeoPoint RegionTables::Jitter(Rng& rng, int town, double base_km,
                              double per_sqrt_thousand_km) const {
  const Town& t = region_.towns[town];
  const double sd = base_km + per_sqrt_thousand_km * std::sqrt(t.population_thousands);
  const double dy = std::clamp(rng.Normal(), -2.5, 2.5) * sd;
  const double dx = std::clamp(rng.Normal(), -2.5, 2.5) * sd;
  GeoPoint p;
  p.latitude = RoundTo(t.location.latitude + dy / kKmPerDegree, 1e-5);
  p.longitude = RoundTo(t.location.longitude + dx / km_per_degree_lon_[town], 1e-5);
  return p;
}

}  // namespace passerelle::synthetic::internal
