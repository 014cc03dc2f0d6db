// The métiers en tension the generator uses, with their skill vocabulary.
//
// Tension: share of hiring projects judged difficult, BMO 2020, national
// (labonneboite, common/data/metiers_tension.csv), as listed in DOMAIN.md.
// Minimum French levels: DOMAIN.md's plausible defaults (no official level
// exists): A1 farm work, cleaning, dishwashing; A2 construction, kitchen,
// warehouse and the other trades; B1 home help and care assistant.
// Skill codes: passerelle's own readable vocabulary (docs/synthetic.md).
#include "occupations.h"

namespace passerelle::synthetic {

using F = Family;
using L = CefrLevel;

const std::vector<OccupationProfile>& OccupationProfiles() {
  static const std::vector<OccupationProfile> kProfiles = {
      // Construction.
      {"F1703", F::kConstruction, "Maçon", 0.694, L::kA2,
       {"maconnerie.parpaing", "maconnerie.enduit", "beton.coffrage", "chantier.securite"}},
      {"F1701", F::kConstruction, "Coffreur-bancheur", 0.630, L::kA2,
       {"beton.coffrage", "beton.ferraillage", "beton.coulage", "chantier.securite"}},
      {"F1610", F::kConstruction, "Couvreur", 0.848, L::kA2,
       {"couverture.tuiles", "couverture.zinguerie", "chantier.hauteur", "chantier.securite"}},
      {"F1602", F::kConstruction, "Électricien du bâtiment", 0.701, L::kA2,
       {"electricite.cablage", "electricite.tableau", "batiment.lecture_plan",
        "chantier.securite"}},
      {"F1603", F::kConstruction, "Plombier chauffagiste", 0.792, L::kA2,
       {"plomberie.raccordement", "plomberie.brasage", "chauffage.installation",
        "batiment.lecture_plan"}},
      {"F1501", F::kConstruction, "Charpentier bois", 0.826, L::kA2,
       {"charpente.assemblage", "bois.debit", "chantier.hauteur", "batiment.lecture_plan"}},
      // Agriculture.
      {"A1401", F::kAgriculture, "Ouvrier agricole (vergers, vignes)", 0.382, L::kA1,
       {"agri.cueillette", "agri.taille", "agri.conditionnement"}},
      {"A1414", F::kAgriculture, "Ouvrier maraîcher", 0.495, L::kA1,
       {"agri.plantation", "agri.cueillette", "agri.irrigation"}},
      {"A1101", F::kAgriculture, "Conducteur d'engins agricoles", 0.619, L::kA2,
       {"agri.tracteur", "agri.entretien_materiel", "agri.travail_sol"}},
      // Hotels and restaurants.
      {"G1602", F::kHospitality, "Cuisinier", 0.638, L::kA2,
       {"cuisine.preparation", "cuisine.cuisson", "cuisine.hygiene", "cuisine.dressage"}},
      {"G1605", F::kHospitality, "Plongeur", 0.481, L::kA1,
       {"plonge.vaisselle", "cuisine.hygiene", "nettoyage.surfaces"}},
      {"G1803", F::kHospitality, "Serveur", 0.532, L::kA2,
       {"salle.service", "salle.encaissement", "relation.client"}},
      // Care.
      {"K1302", F::kCare, "Aide à domicile", 0.814, L::kB1,
       {"aide.toilette", "aide.repas", "aide.entretien_logement", "aide.accompagnement"}},
      {"J1501", F::kCare, "Aide-soignant", 0.547, L::kB1,
       {"soin.hygiene_patient", "soin.mobilisation", "soin.observation", "aide.toilette"}},
      // Cleaning.
      {"K2204", F::kCleaning, "Agent de nettoyage", 0.434, L::kA1,
       {"nettoyage.surfaces", "nettoyage.produits", "nettoyage.autolaveuse"}},
      // Metal.
      {"H2913", F::kMetal, "Soudeur", 0.770, L::kA2,
       {"soudure.arc", "soudure.tig_mig", "metal.lecture_plan"}},
      {"H2911", F::kMetal, "Chaudronnier métallier", 0.795, L::kA2,
       {"metal.decoupe", "metal.assemblage", "soudure.arc", "metal.lecture_plan"}},
      // Wood.
      {"H2202", F::kWood, "Opérateur de machines à bois", 0.744, L::kA2,
       {"bois.machine", "bois.debit", "bois.reglage"}},
      {"H2206", F::kWood, "Menuisier", 0.754, L::kA2,
       {"bois.assemblage", "bois.machine", "bois.pose", "batiment.lecture_plan"}},
      // Logistics.
      {"N1103", F::kLogistics, "Préparateur de commandes", 0.527, L::kA2,
       {"logistique.preparation", "logistique.chariot", "logistique.inventaire"}},
      {"N4101", F::kLogistics, "Conducteur routier", 0.763, L::kA2,
       {"conduite.poids_lourd", "conduite.arrimage", "logistique.chargement"}},
      {"N4105", F::kLogistics, "Livreur", 0.640, L::kA2,
       {"conduite.livraison", "logistique.chargement", "relation.client"}},
      // Food trades.
      {"D1102", F::kBakery, "Boulanger", 0.728, L::kA2,
       {"boulangerie.petrissage", "boulangerie.faconnage", "boulangerie.cuisson",
        "cuisine.hygiene"}},
      // Car repair.
      {"I1604", F::kMechanics, "Mécanicien automobile", 0.809, L::kA2,
       {"meca.diagnostic", "meca.entretien", "meca.freinage", "meca.moteur"}},
  };
  return kProfiles;
}

namespace internal {

const std::vector<OccupationTraits>& OccupationTraitsTable() {
  using P = PhysicalDemand;
  // Per occupation, in OccupationProfiles() order. Probabilities are
  // assumptions from the usual working conditions of each trade: bakers start
  // before dawn; cleaning is done before offices open; restaurants work
  // evenings and weekends; warehouses and long-haul driving run shifts.
  static const std::vector<OccupationTraits> kTraits = {
      // weight in family, licence, early, night, weekend, demands, neighbours
      {0.30, 0.03, 0.30, 0.00, 0.05, {P::kHeavyLoads, P::kOutdoorWork, P::kProlongedStanding},
       {"F1613", "F1701"}, "Maçonnerie"},
      {0.12, 0.03, 0.30, 0.00, 0.05, {P::kHeavyLoads, P::kOutdoorWork, P::kWorkAtHeight},
       {"F1703", "F1613"}, "Gros œuvre"},
      {0.10, 0.05, 0.30, 0.00, 0.05, {P::kWorkAtHeight, P::kOutdoorWork, P::kHeavyLoads},
       {"F1501", "F1613"}, "Couverture"},
      {0.18, 0.10, 0.20, 0.00, 0.05, {P::kProlongedStanding}, {"F1603", "I1604"}, "Électricité"},
      {0.18, 0.10, 0.20, 0.00, 0.05, {P::kProlongedStanding}, {"F1602", "H2913"}, "Plomberie"},
      {0.12, 0.05, 0.30, 0.00, 0.05, {P::kWorkAtHeight, P::kHeavyLoads, P::kOutdoorWork},
       {"H2206", "F1610"}, "Charpente"},
      {0.50, 0.02, 0.50, 0.00, 0.30,
       {P::kOutdoorWork, P::kRepetitiveMovements, P::kProlongedStanding}, {"A1414", "A1101"},
       "Domaine agricole"},
      {0.35, 0.02, 0.50, 0.00, 0.30,
       {P::kOutdoorWork, P::kHeavyLoads, P::kRepetitiveMovements}, {"A1401", "A1101"},
       "Maraîchage"},
      {0.15, 0.50, 0.40, 0.00, 0.20, {P::kOutdoorWork}, {"A1401", "N4101"}, "EARL"},
      {0.35, 0.03, 0.10, 0.70, 0.80, {P::kProlongedStanding}, {"D1103", "D1104", "G1601"},
       "Restaurant"},
      {0.40, 0.01, 0.00, 0.70, 0.80, {P::kProlongedStanding, P::kRepetitiveMovements},
       {"G1602", "K2204"}, "Brasserie"},
      {0.25, 0.02, 0.00, 0.70, 0.90, {P::kProlongedStanding}, {"G1602", "D1106"}, "Café"},
      // Home helps and care assistants: BMO Occitanie 2024, 5,650 and 4,900
      // hiring projects.
      {0.535, 0.60, 0.40, 0.05, 0.60, {P::kProlongedStanding}, {"J1301", "K1303", "K1304"},
       "Aide à domicile"},
      {0.465, 0.05, 0.50, 0.30, 0.70, {P::kProlongedStanding, P::kHeavyLoads},
       {"K1302", "J1301"}, "EHPAD"},
      {1.00, 0.03, 0.60, 0.20, 0.20, {P::kProlongedStanding, P::kRepetitiveMovements},
       {"G1605", "N1103"}, "Propreté"},
      {0.50, 0.03, 0.40, 0.15, 0.05, {P::kProlongedStanding},
       {"H2902", "H2905", "H2906", "H2909", "H2911", "H2914"}, "Soudure"},
      {0.50, 0.03, 0.40, 0.15, 0.05, {P::kHeavyLoads, P::kProlongedStanding},
       {"H2913", "H2902"}, "Métallerie"},
      {0.40, 0.03, 0.30, 0.10, 0.05, {P::kRepetitiveMovements, P::kProlongedStanding},
       {"H2206", "H2909"}, "Scierie"},
      {0.60, 0.10, 0.30, 0.00, 0.05, {P::kProlongedStanding, P::kHeavyLoads},
       {"F1501", "H2202"}, "Menuiserie"},
      {0.50, 0.03, 0.40, 0.25, 0.20, {P::kRepetitiveMovements, P::kHeavyLoads},
       {"N1101", "N1105", "H3302"}, "Logistique"},
      {0.20, 1.00, 0.60, 0.30, 0.20, {P::kHeavyLoads}, {"N4105", "N1103"}, "Transports"},
      {0.30, 1.00, 0.50, 0.00, 0.30, {P::kHeavyLoads}, {"N4101", "N1103"}, "Livraisons"},
      {1.00, 0.02, 1.00, 0.30, 0.90, {P::kProlongedStanding}, {"D1104", "G1602"}, "Boulangerie"},
      {1.00, 0.20, 0.00, 0.00, 0.30, {P::kProlongedStanding}, {"I1606", "F1602"}, "Garage"},
  };
  return kTraits;
}

}  // namespace internal
}  // namespace passerelle::synthetic
