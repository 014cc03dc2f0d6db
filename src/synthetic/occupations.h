// Generator-only facts about each occupation of `OccupationProfiles()`.
#ifndef PASSERELLE_SRC_SYNTHETIC_OCCUPATIONS_H_
#define PASSERELLE_SRC_SYNTHETIC_OCCUPATIONS_H_

#include <vector>

#include "passerelle/model.h"
#include "passerelle/synthetic.h"

namespace passerelle::synthetic::internal {

struct OccupationTraits {
  // Weight of the occupation within its family.
  double weight_in_family;
  // Probability that a job in it requires a driving licence.
  double licence;
  // Probabilities of early, night and weekend shifts.
  double early, night, weekend;
  std::vector<PhysicalDemand> demands;
  // Neighbouring occupations a professional project may add (ROME mobility
  // graph of DOMAIN.md where it lists one; same-family trades otherwise).
  std::vector<const char*> neighbours;
  // Employer name prefix, e.g. "Boulangerie" for "Boulangerie 0042".
  const char* employer_prefix;
};

// Parallel to OccupationProfiles().
const std::vector<OccupationTraits>& OccupationTraitsTable();

}  // namespace passerelle::synthetic::internal

#endif  // PASSERELLE_SRC_SYNTHETIC_OCCUPATIONS_H_
