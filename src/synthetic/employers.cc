// The employers of the openings (`EmployerDirectory`): companies, training
// bodies and language schools, reused per town and trade, with their names,
// sectors, networks and caps.
#include <string>
#include <string_view>
#include <utility>

#include "generator.h"
#include "occupations.h"

namespace passerelle::synthetic::internal {
namespace {

// ROME domain letter of each family's employers.
constexpr char kFamilySector[kNumFamilies] = {'F', 'A', 'G', 'K', 'K', 'H', 'H', 'N', 'D', 'I'};

std::string NetworkFor(const Region& region, std::string_view role) {
  for (const auto& [r, name] : region.networks) {
    if (r == role) return name;
  }
  return "";
}

}  // namespace

EmployerDirectory::EmployerDirectory(const Region& region)
    : region_(region), last_by_key_(region.towns.size() * kNumFamilies * kNumEmployerRoles, -1) {}

EmployerIndex EmployerDirectory::ReuseOrCreate(Rng& rng, EmployerRole role, int family, int town,
                                               int occupation, const GeoPoint& site) {
  const int key_family = role == EmployerRole::kLanguageSchool ? 0 : family;
  const size_t key =
      (static_cast<size_t>(town) * kNumFamilies + key_family) * kNumEmployerRoles +
      static_cast<size_t>(role);
  const double reuse = role == EmployerRole::kCompany ? 0.4 : 0.6;
  const bool wants_reuse = rng.Bernoulli(reuse);
  if (wants_reuse && last_by_key_[key] >= 0) return last_by_key_[key];

  const OccupationTraits& traits = OccupationTraitsTable()[occupation];
  Employer e;
  const int64_t number = static_cast<int64_t>(employers_.size()) + 1;
  e.id = NumberedId("e-", number, 4);
  const std::string suffix = NumberedId(" ", number, 4);
  // The family's ROME domain; language schools K (K2111, vocational training).
  e.sector = std::string(1, role == EmployerRole::kLanguageSchool ? 'K' : kFamilySector[family]);
  const double u = rng.Uniform();
  switch (role) {
    case EmployerRole::kCompany:
      e.name = traits.employer_prefix + suffix;
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
    case EmployerRole::kTrainingBody:
      if (family == static_cast<int>(Family::kConstruction) && u < 0.7) {
        e.network = NetworkFor(region_, "apprenticeship");
        e.name = (e.network.empty() ? std::string("CFA") : e.network) + suffix;
      } else {
        e.network = NetworkFor(region_, "training");
        e.name = "Centre de formation" + suffix;
      }
      break;
    case EmployerRole::kLanguageSchool:
      e.name = "Atelier de français" + suffix;
      break;
  }
  employers_.push_back(std::move(e));
  sites_.push_back(site);
  const EmployerIndex index = static_cast<EmployerIndex>(employers_.size() - 1);
  last_by_key_[key] = index;
  return index;
}

}  // namespace passerelle::synthetic::internal
