// Every sentence passerelle writes for people in French (catalogue.h says
// what each message is for, how the explanations put them together and the
// syntax of choices such as `{count, plural, ...}`).
//
// Read aloud by a counsellor to the person: plain words, no jargon, singular
// and plural by count rather than "offre(s)". Typography: a space before
// ":", ";" and inside « » (plain spaces, see catalogue.h), a narrow no-break
// space (NNBSP) before "%"; decimal commas come from `Arg`.
#include "text/catalogue.h"

// U+202F NARROW NO-BREAK SPACE, between a number and "%".
#define NNBSP "\u202F"

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

    // ---- A feasible pair, e.g. "Couvre 4 des 5 compétences demandées ; à
    // acquérir : HACCP (formation prévue) ; compétence acquise à l'étranger :
    // CAP cuisine ; atout : permis B ; projet professionnel : Personnel de
    // cuisine (G1602) ; français A2 pour un poste demandant A2 ; 22 min en
    // transports en commun"
    case Message::kPairNoRequiredSkill: return "aucune compétence particulière demandée";
    case Message::kPairSkillsCoveredAll:
      return "{total, plural, =1 {couvre la compétence demandée} =2 {couvre les deux compétences demandées} "
             "other {couvre les {total} compétences demandées}}";
    case Message::kPairSkillsCoveredSome: return "couvre {covered} des {total} compétences demandées";
    case Message::kPairSkillsCoveredNone:
      return "{total, plural, =1 {ne couvre pas la compétence demandée} "
             "=2 {ne couvre aucune des deux compétences demandées} other {ne couvre aucune des {total} compétences "
             "demandées}}";
    case Message::kPairTrainingNoSkillListed: return "la formation ne précise pas les compétences qu'elle apporte";
    case Message::kPairTrainingBringsAll:
      return "{total, plural, =1 {la formation apporte la compétence visée : {skills}} "
             "=2 {la formation apporte les deux compétences visées : {skills}} "
             "other {la formation apporte les {total} compétences visées : {skills}}}";
    case Message::kPairTrainingBringsSome:
      return "la formation apporte {brings} des {total} compétences visées : {skills}";
    case Message::kPairTrainingBringsNone:
      return "{total, plural, =1 {possède déjà la compétence visée par la formation} "
             "=2 {possède déjà les deux compétences visées par la formation} "
             "other {possède déjà les {total} compétences visées par la formation}}";
    case Message::kPairTrainingPractised: return "a déjà exercé le métier auquel prépare la formation";
    case Message::kPairSkillsToLearn: return "à acquérir : {skills}";
    case Message::kPairSkillsToLearnWithTraining: return "à acquérir : {skills} (formation prévue)";
    case Message::kPairSkillsAcquiredAbroad:
      return "{count, plural, one {compétence acquise} other {compétences acquises}} à l'étranger : {skills}";
    case Message::kPairOptionalSkillsHeld: return "{count, plural, one {atout} other {atouts}} : {skills}";
    case Message::kPairOptionalSkillsAbroad:
      return "{count, plural, one {atout acquis} other {atouts acquis}} à l'étranger : {skills}";
    case Message::kPairCareerGoal: return "projet professionnel : {occupation}";
    case Message::kPairFormerOccupation: return "ancien métier : {occupation}";
    case Message::kPairOutsideCareerGoal: return "hors du projet professionnel : {occupation}";
    case Message::kPairCloseToCareerGoal: return "{occupation}, proche du métier visé : {goal}";
    case Message::kPairCloseToFormerOccupation: return "{occupation}, proche de l'ancien métier : {former}";
    case Message::kPairFrenchCourse: return "cours de français (niveau actuel : {level})";
    case Message::kPairFrenchNoMinimum: return "français {level}, sans niveau minimum demandé";
    case Message::kPairFrenchForPost: return "français {level} pour un poste demandant {minimum}";
    case Message::kPairFrenchForPostWithTraining:
      return "français {level} pour un poste demandant {minimum}, avec une formation en français";
    case Message::kPairCommute: return "{minutes} min {mode}";
    case Message::kPairCommuteTownLevel: return "environ {minutes} min {mode} (estimation de commune à commune)";
    case Message::kPairCommuteOnSite: return "sur place";
    case Message::kPairHardToFill:
      return "métier où les employeurs peinent à recruter ({percent}" NNBSP "% de recrutements difficiles)";
    case Message::kPairLastingProbability:
      return "probabilité estimée d'emploi durable : {percent}" NNBSP "% (pèsent le plus : {components})";

    // ---- An excluded pair
    case Message::kWhyNotExcluded: return "Exclu : {reasons}";
    case Message::kWhyNotNoRightToWork:
      return "pas encore d'autorisation de travail : seuls les formations et les cours de français sont possibles";
    case Message::kWhyNotDrivingLicence: return "permis de conduire exigé";
    case Message::kWhyNotVehicle:
      return "accessible en moins de {max} min seulement en voiture, sans véhicule disponible";
    case Message::kWhyNotFrenchLevel: return "français {level}, en dessous du niveau {minimum} demandé";
    case Message::kWhyNotNoTransport: return "aucun moyen de transport pour se rendre sur place";
    case Message::kWhyNotCommute: return "trajet de {minutes} min {mode}, au-delà du maximum de {max} min";
    case Message::kWhyNotChildcare: return "horaires ({shifts}) incompatibles avec la garde des enfants";
    case Message::kWhyNotHealth: return "contraintes physiques incompatibles avec l'état de santé ({demands})";
    case Message::kWhyNotAvailableTooLate:
      return "disponible à partir du {available}, après le début prévu le {start}";
    case Message::kWhyNotFrenchRouting:
      return "français {level}, en dessous du niveau {threshold} demandé pour l'accès à l'emploi : cours de "
             "français et formations d'abord";
    case Message::kWhyNotOutOfProject:
      return "{occupation} : métier trop éloigné du projet professionnel ({project})";

    // ---- A pair described in full
    case Message::kDescribePair: return "Candidat {candidate}, offre {opening}";
    case Message::kDescribeScoreFeasible: return "Score : {score} (affectation possible)";
    case Message::kDescribeScoreExcluded: return "Score : {score} (exclu par une contrainte)";
    case Message::kDescribeComponents: return "Composantes (valeur × poids) :";
    case Message::kDescribeComponentsModel:
      return "Composantes (valeur × coefficient du modèle d'emploi durable, en log-cote) :";
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
    case Message::kDescribeNoCommute: return "Trajet : aucun moyen de transport du candidat n'atteint le lieu";
    case Message::kDescribeSentence: return "Pour le candidat : {sentence}";

    // ---- Unplaced candidates' reasons
    case Message::kUnplacedNoRightToWork:
      return "{count, plural, one {{count} offre exclue} other {{count} offres exclues}} : pas d'autorisation "
             "de travail (seuls les formations et les cours de français restent possibles)";
    case Message::kUnplacedDrivingLicence:
      return "{count, plural, one {{count} offre exige} other {{count} offres exigent}} le permis de conduire";
    case Message::kUnplacedVehicle:
      return "{count, plural, one {{count} offre accessible} other {{count} offres accessibles}} seulement en "
             "voiture";
    case Message::kUnplacedFrenchLevel:
      return "{count, plural, one {{count} offre demande} other {{count} offres demandent}} un niveau de "
             "français plus élevé";
    case Message::kUnplacedCommute:
      return "{count, plural, one {{count} offre} other {{count} offres}} trop loin du domicile";
    case Message::kUnplacedChildcare:
      return "{count, plural, one {{count} offre} other {{count} offres}} aux horaires incompatibles avec la "
             "garde des enfants";
    case Message::kUnplacedHealth:
      return "{count, plural, one {{count} offre incompatible} other {{count} offres incompatibles}} avec "
             "l'état de santé";
    case Message::kUnplacedAvailableTooLate:
      return "{count, plural, one {{count} offre commence} other {{count} offres commencent}} avant la date "
             "de disponibilité";
    case Message::kUnplacedFrenchRouting:
      return "{count, plural, one {{count} emploi pas encore accessible} other {{count} emplois pas encore "
             "accessibles}} : cours de français et formations d'abord";
    case Message::kUnplacedBanned:
      return "{count, plural, one {{count} offre écartée} other {{count} offres écartées}} par un conseiller";
    case Message::kUnplacedNoOpeningInReach: return "aucune offre accessible";
    case Message::kUnplacedPartiallyPlaced:
      return "{placed, plural, one {{placed} placement obtenu} other {{placed} placements obtenus}} sur les "
             "{needed} nécessaires";
    case Message::kUnplacedLostToBetterFit:
      return "{count, plural, one {{count} offre possible, attribuée à une personne au profil plus proche} "
             "other {{count} offres possibles, attribuées à des personnes au profil plus proche}}";
    case Message::kUnplacedEmployerCap: return "l'employeur accueille déjà le nombre maximum de personnes prévu";
    case Message::kUnplacedQuotaLimit: return "un quota fixé par le programme limite ces placements";
    case Message::kUnplacedSameSector: return "secteur déjà retenu pour un autre placement";
    case Message::kUnplacedBelowMinimumScore:
      return "{count, plural, one {{count} offre possible, sous le score minimum ({best})} "
             "other {{count} offres possibles, toutes sous le score minimum ({best} au mieux)}}";
    case Message::kUnplacedOutOfProject:
      return "{count, plural, one {{count} offre trop éloignée} other {{count} offres trop éloignées}} du "
             "projet professionnel";
    case Message::kUnplacedClosedOpenings:
      return "{count, plural, one {{count} offre possible} other {{count} offres possibles}}, mais sans place "
             "ouverte (capacité 0)";
    case Message::kCounsellorNote: return "note du conseiller : « {note} »";

    // ---- Warnings
    case Message::kWarningClosedOpening: return "aucune place (capacité 0) : offre fermée, personne n'y sera placé";
    case Message::kWarningUnknownOccupation:
      return "code ROME {code} absent de la nomenclature ({count, plural, one {{count} fiche} other {{count} "
             "fiches}}) : il n'est rapproché d'aucun autre métier";
    case Message::kWarningSkillCodeVariant:
      return "code de compétence {code} différent de {other} seulement par la casse, les espaces ou la "
             "ponctuation : les codes sont comparés à l'identique, ils ne se rejoignent donc pas";
    case Message::kWarningFrenchLevelMissing:
      return "niveau de français non renseigné : considéré comme débutant, aucune offre demandant un niveau "
             "minimum n'est accessible";
    case Message::kWarningSharedLocation:
      return "{count} des {total} candidats ({percent}" NNBSP "%) {count, plural, one {habite} other "
             "{habitent}} exactement au même point (latitude {latitude}, longitude {longitude}) : sans doute "
             "une adresse par défaut, qui fausse les trajets";
    case Message::kWarningBanOnExcludedPair:
      return "interdiction sans effet : la paire est déjà exclue ({reasons})";
    case Message::kWarningPinOnExcludedPair:
      return "paire exclue par une contrainte impérative ({reasons}) : passerelle match refusera de l'imposer";
    case Message::kWarningMoreWarnings:
      return "{count, plural, one {{count} autre avertissement non listé} other {{count} autres "
             "avertissements non listés}}";
    // ---- Reports for counsellors
    case Message::kReportLabelValue: return "{label} : {value}";
    case Message::kReportTitle: return "Rapport de placement";
    case Message::kReportColPerson: return "Personne";
    case Message::kReportColPersonId: return "Identifiant";
    case Message::kReportColStatus: return "Statut";
    case Message::kReportColOpeningId: return "Offre (identifiant)";
    case Message::kReportColTitle: return "Poste";
    case Message::kReportColKind: return "Type d'offre";
    case Message::kReportColOccupation: return "Métier (ROME)";
    case Message::kReportColEmployer: return "Employeur";
    case Message::kReportColHomeTown: return "Domicile";
    case Message::kReportColTown: return "Commune de l'offre";
    case Message::kReportColCommute: return "Trajet (min)";
    case Message::kReportColMode: return "Mode de trajet";
    case Message::kReportColScore: return "Score";
    case Message::kReportColExplanation: return "Explication";
    case Message::kReportColReasons: return "Raisons";
    case Message::kReportColSeats: return "Places";
    case Message::kReportColFilled: return "Pourvues";
    case Message::kReportColPlacedPeople: return "Personnes placées";
    case Message::kReportSeatsFilledLabel: return "Places pourvues";
    case Message::kReportColCount: return "Nombre";
    case Message::kReportColOutOf: return "Sur";
    case Message::kReportColRate: return "Taux";
    case Message::kReportStatusPlaced: return "placement";
    case Message::kReportStatusUnplaced: return "sans placement";
    case Message::kReportKindJob: return "emploi";
    case Message::kReportKindApprenticeship: return "apprentissage";
    case Message::kReportKindInternship: return "stage";
    case Message::kReportKindQualifyingTraining: return "formation qualifiante";
    case Message::kReportKindFrenchCourse: return "cours de français";
    case Message::kReportKindWorkplaceTrial: return "période d'immersion";
    case Message::kReportSheetPlacements: return "Placements";
    case Message::kReportSheetUnplaced: return "Sans placement";
    case Message::kReportSheetSummary: return "Synthèse";
    case Message::kReportSheetOpenings: return "Offres";
    case Message::kReportSectionSummary: return "Synthèse";
    case Message::kReportSectionMap: return "Carte";
    case Message::kReportSectionPeople: return "Personnes";
    case Message::kReportSectionOpenings: return "Employeurs et offres";
    case Message::kReportStatPlacedPeople:
      return "{placed, plural, one {{placed} personne placée} other {{placed} personnes placées}} sur {total}";
    case Message::kReportStatPlacements: return "{count, plural, one {placement} other {placements}} au total";
    case Message::kReportStatSeats:
      return "{filled, plural, one {{filled} place pourvue} other {{filled} places pourvues}} sur {seats}";
    case Message::kReportStatMeanScore: return "score moyen des placements (de 0 à 1)";
    case Message::kReportStatMeanCommute: return "trajet moyen, aller simple";
    case Message::kReportChartByKind: return "Places pourvues par type d'offre";
    case Message::kReportChartOptimum: return "Optimisation d'ensemble comparée à une attribution une à une";
    case Message::kReportOptimum: return "optimisation d'ensemble";
    case Message::kReportGreedy: return "une à une";
    case Message::kReportMetricPlacements: return "Placements";
    case Message::kReportMetricTotalScore: return "Score total";
    case Message::kReportChartSubgroups: return "Taux de placement par groupe";
    case Message::kReportDimGender: return "Genre";
    case Message::kReportDimCountry: return "Pays d'origine";
    case Message::kReportDimDepartement: return "Département";
    case Message::kReportDimAgeGroup: return "Âge";
    case Message::kReportGenderFemale: return "femmes";
    case Message::kReportGenderMale: return "hommes";
    case Message::kReportGenderOther: return "autre";
    case Message::kReportNotGiven: return "non renseigné";
    case Message::kReportPercent: return "{percent}" NNBSP "%";
    case Message::kReportFraction: return "{placed} sur {total}";
    case Message::kReportCommute: return "{minutes} min {mode}";
    case Message::kReportScore: return "score {score}";
    case Message::kReportWhyNot: return "Pourquoi pas de placement";
    case Message::kReportCardsShown:
      return "{shown, plural, one {{shown} fiche sur {total} est présentée} other {{shown} fiches sur {total} "
             "sont présentées}} ici ; la liste complète est dans l'export CSV ou XLSX.";
    case Message::kReportSeatsFilled:
      return "{filled} sur {capacity, plural, one {{capacity} place pourvue} other {{capacity} places pourvues}}";
    case Message::kReportNobodyPlaced: return "personne n'est placé sur cette offre";
    case Message::kReportShortlist: return "Liste restreinte";
    case Message::kReportNoEmployer: return "sans employeur";
    case Message::kReportMapPeoplePlaced: return "personnes placées";
    case Message::kReportMapPeopleUnplaced: return "personnes sans placement";
    case Message::kReportMapOpenings: return "offres";
    case Message::kReportMapLines: return "du domicile à l'offre retenue";
    case Message::kReportMapNoPoints: return "aucune coordonnée à cartographier";
    case Message::kReportPinned: return "imposé par un conseiller";
    case Message::kReportStatusLine: return "Optimisation : {status}";
    case Message::kReportStatusOptimal: return "optimum prouvé";
    case Message::kReportStatusInfeasible:
      return "contraintes impossibles à tenir ensemble (quotas, placements imposés)";
    case Message::kReportStatusNotProven: return "solution réalisable, optimum non prouvé";
    case Message::kFitSelectiveLabels:
      return "affectations passées non tirées au sort : les issues ne sont connues que pour les paires "
             "choisies par les conseillers (étiquettes sélectives) ; le modèle peut se tromper sur les "
             "paires qu'ils n'ont jamais essayées";
    case Message::kFitSmallSubgroup:
      return "sous-groupe {attribute} = « {value} » : {count} affectations de test dont {lasting} durables, "
             "trop peu pour que ses mesures aient un sens";
    case Message::kUnplacedQuotaShortfall:
      return "le quota policy.quotas[{quota}] demande au moins {needed, plural, one {{needed} placement} other "
             "{{needed} placements}} pour « {value} »";
  }
  return {};
}

}  // namespace passerelle::text
