// Every sentence passerelle writes for people in French (catalogue.h says
// what each message is for and how the explanations put them together).
// French typography: a space before ":" and ";" and before "%".
#include "text/catalogue.h"

namespace passerelle::text {

std::string_view FrenchTemplate(Message id) {
  switch (id) {
    // ---- Words and punctuation
    case Message::kClauseSeparator: return " ; ";
    case Message::kListSeparator: return ", ";
    case Message::kLevelBeginner: return "débutant";
    case Message::kModeWalk: return "à pied";
    case Message::kModeBicycle: return "à vélo";
    case Message::kModePublicTransport: return "en transports en commun";
    case Message::kModeCar: return "en voiture";
    case Message::kModeMoped: return "en deux-roues";
    case Message::kModeCarpool: return "en covoiturage";
    case Message::kShiftEarly: return "tôt le matin";
    case Message::kShiftNight: return "de nuit";
    case Message::kShiftWeekend: return "le week-end";
    case Message::kDemandHeavyLoads: return "port de charges lourdes";
    case Message::kDemandProlongedStanding: return "station debout prolongée";
    case Message::kDemandOutdoorWork: return "travail en extérieur";
    case Message::kDemandWorkAtHeight: return "travail en hauteur";
    case Message::kDemandRepetitiveMovements: return "gestes répétitifs";
    case Message::kOccupationWithCode: return "{label} ({code})";

    // ---- A feasible pair, e.g. "Couvre 4 des 5 compétences essentielles,
    // dont CAP cuisine acquis à l'étranger ; à acquérir : HACCP ; projet
    // professionnel : Personnel de cuisine (G1602) ; français A2 pour un poste
    // A2 ; 22 min en transports en commun ; métier en tension (64 % de
    // recrutements difficiles)"
    case Message::kPairNoEssentialSkill: return "aucune compétence essentielle exigée";
    case Message::kPairSkillsCovered: return "couvre {covered} des {total} compétences essentielles";
    case Message::kPairSkillsAcquiredAbroad: return ", dont {skills} acquis à l'étranger";
    case Message::kPairSkillsToLearn: return " ; à acquérir : {skills}";
    case Message::kPairSkillsToLearnWithTraining: return " ; à acquérir : {skills} (formation prévue)";
    case Message::kPairCareerGoal: return "projet professionnel : {occupation}";
    case Message::kPairFormerOccupation: return "ancien métier : {occupation}";
    case Message::kPairOutsideCareerGoal: return "hors projet : {occupation}";
    case Message::kPairCloseToCareerGoal: return "{occupation}, proche du projet {goal}";
    case Message::kPairCloseToFormerOccupation: return "{occupation}, proche de l'ancien métier {former}";
    case Message::kPairFrenchCourse: return "cours de français pour un niveau {level}";
    case Message::kPairFrenchNoMinimum: return "français {level}, aucun minimum exigé";
    case Message::kPairFrenchForPost: return "français {level} pour un poste {minimum}";
    case Message::kPairFrenchForPostWithTraining:
      return "français {level} pour un poste {minimum} avec formation en français";
    case Message::kPairCommute: return "{minutes} min {mode}";
    case Message::kPairCommuteTownLevel: return "environ {minutes} min {mode} (estimation de commune à commune)";
    case Message::kPairCommuteOnSite: return "sur place";
    case Message::kPairHardToFill: return "métier en tension ({percent} % de recrutements difficiles)";

    // ---- An excluded pair
    case Message::kWhyNotExcluded: return "Exclu : {reasons}";
    case Message::kWhyNotNoRightToWork:
      return "pas encore d'autorisation de travail : seuls les formations et les cours de français sont possibles";
    case Message::kWhyNotDrivingLicence: return "permis de conduire exigé";
    case Message::kWhyNotVehicle: return "accessible en moins de {max} min seulement en voiture, sans véhicule";
    case Message::kWhyNotFrenchLevel: return "français {level} sous le minimum {minimum}";
    case Message::kWhyNotNoTransport: return "aucun moyen de transport disponible jusqu'au site";
    case Message::kWhyNotCommute: return "trajet de {minutes} min {mode}, au-delà du maximum de {max} min";
    case Message::kWhyNotChildcare: return "horaires ({shifts}) incompatibles avec la garde des enfants";
    case Message::kWhyNotHealth: return "contraintes physiques incompatibles avec la santé ({demands})";
    case Message::kWhyNotAvailableTooLate: return "disponible le {available}, après le début le {start}";
    case Message::kWhyNotFrenchRouting:
      return "français {level} sous le seuil du parcours emploi ({threshold}) : cours de français et formations "
             "d'abord";
    case Message::kWhyNotOutOfProject: return "{occupation} hors du projet professionnel ({project})";

    // ---- A pair described in full
    case Message::kDescribePair: return "Candidat {candidate}, offre {opening}";
    case Message::kDescribeScoreFeasible: return "Score : {score} (affectation possible)";
    case Message::kDescribeScoreExcluded: return "Score : {score} (exclu par une contrainte)";
    case Message::kDescribeComponents: return "Composantes (valeur × poids) :";
    case Message::kDescribeComponent: return "  {name} : {value} × {weight}";
    case Message::kComponentSkills: return "compétences";
    case Message::kComponentOccupation: return "métier";
    case Message::kComponentFrench: return "français";
    case Message::kComponentCommute: return "trajet";
    case Message::kComponentTension: return "tension du métier";
    case Message::kComponentPreferences: return "préférences";
    case Message::kDescribeViolations: return "Contraintes non respectées :";
    case Message::kDescribeViolation: return "  {code} : {reason}";
    case Message::kDescribeNoViolation: return "  aucune";
    case Message::kDescribeCommute: return "Trajet : {minutes} min {mode}";
    case Message::kDescribeNoCommute: return "Trajet : aucun moyen de transport du candidat n'atteint le site";
    case Message::kDescribeSentence: return "Pour le candidat : {sentence}";

    // ---- Unplaced candidates' reasons
    case Message::kUnplacedNoRightToWork:
      return "{count} offre(s) exclue(s) : pas d'autorisation de travail (seules formations et cours de français "
             "restent)";
    case Message::kUnplacedDrivingLicence: return "{count} offre(s) exigent le permis de conduire";
    case Message::kUnplacedVehicle: return "{count} offre(s) accessibles seulement en voiture";
    case Message::kUnplacedFrenchLevel: return "{count} offre(s) demandent un niveau de français plus élevé";
    case Message::kUnplacedCommute: return "{count} offre(s) trop loin du domicile";
    case Message::kUnplacedChildcare: return "{count} offre(s) à horaires incompatibles avec la garde d'enfants";
    case Message::kUnplacedHealth: return "{count} offre(s) physiquement incompatibles (santé)";
    case Message::kUnplacedAvailableTooLate: return "{count} offre(s) commencent avant la disponibilité";
    case Message::kUnplacedFrenchRouting: return "{count} emploi(s) fermés : parcours français d'abord";
    case Message::kUnplacedBanned: return "{count} offre(s) écartée(s) par un conseiller";
    case Message::kUnplacedNoOpeningInReach: return "aucune offre à portée";
    case Message::kUnplacedPartiallyPlaced: return "placé(e) {placed} fois sur {needed} nécessaires";
    case Message::kUnplacedLostToBetterFit:
      return "{count} offre(s) possible(s) pourvue(s) par des candidats mieux adaptés";
    case Message::kUnplacedEmployerCap: return "plafond d'accueil de l'employeur atteint";
    case Message::kUnplacedQuotaLimit: return "un quota de la politique limite ces placements";
    case Message::kUnplacedSameSector: return "secteur déjà couvert par un autre placement";
    case Message::kUnplacedBelowMinimumScore:
      return "{count} offre(s) possible(s), toutes sous le score minimum ({best} au mieux)";
    case Message::kUnplacedOutOfProject: return "{count} offre(s) hors du projet professionnel";
    case Message::kUnplacedClosedOpenings:
      return "{count} offre(s) possible(s) sans aucune place ouverte (capacité 0)";
    case Message::kCounsellorNote:
      return "note du conseiller : « {note} »";

    // ---- Warnings
    case Message::kWarningClosedOpening:
      return "0 place : offre fermée, personne n'y sera placé";
    case Message::kWarningUnknownOccupation:
      return "code ROME {code} absent de la nomenclature ({count} fiche(s)) : il n'est rapproché d'aucun autre métier";
    case Message::kWarningSkillCodeVariant:
      return "code de compétence {code} différent de {other} seulement par la casse, les espaces ou la ponctuation : les codes sont comparés à l'identique, ils ne se rejoignent donc pas";
    case Message::kWarningFrenchLevelMissing:
      return "niveau de français non renseigné : lu comme débutant, aucune offre exigeant un niveau n'est accessible";
    case Message::kWarningSharedLocation:
      return "{count} des {total} candidats ({percent} %) habitent exactement au même point ({latitude}, {longitude}) : sans doute une adresse par défaut, qui fausse les trajets";
    case Message::kWarningBanOnExcludedPair:
      return "interdiction sans effet : la paire est déjà exclue ({reasons})";
    case Message::kWarningPinOnExcludedPair:
      return "paire exclue par une contrainte impérative ({reasons}) : passerelle match refusera de l'imposer";
    case Message::kWarningMoreWarnings:
      return "{count} autre(s) avertissement(s) non listé(s)";
    // Still the English sentence: the quota shortfall is written without the
    // request's language (its caller, the quota fixed point in
    // src/matching/quotas.cc, passes none), so French requests read the
    // English catalogue's sentence, which this one repeats. A French wording
    // here takes effect once that caller passes `policy.language`.
    case Message::kUnplacedQuotaShortfall:
      return "policy.quotas[{quota}] needs at least {needed} placements for \"{value}\"";
  }
  return {};
}

}  // namespace passerelle::text
