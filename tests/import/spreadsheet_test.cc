// Tests of passerelle/spreadsheet.h: CSV decoding and splitting (BOM,
// Windows-1252, separators, quotes, line numbers), and the importer: every
// kind of cell, and every kind of bad cell with its exact message.
#include "passerelle/spreadsheet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "passerelle/v1/passerelle.pb.h"
#include "passerelle/validate.h"

namespace passerelle {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// ---- CSV ------------------------------------------------------------------

TEST(ParseCsvTest, DetectsSemicolonAndComma) {
  EXPECT_EQ(ParseCsv("a;b,c\n1;2,3\n", "x.csv").rows, (Rows{{"a", "b,c"}, {"1", "2,3"}}));
  EXPECT_EQ(ParseCsv("a,b,c;d\n1,2,3;4\n", "x.csv").rows, (Rows{{"a", "b", "c;d"}, {"1", "2", "3;4"}}));
  // A tie is `;`, as French Excel exports.
  EXPECT_EQ(ParseCsv("a,b;c\n", "x.csv").rows, (Rows{{"a,b", "c"}}));
}

TEST(ParseCsvTest, StripsBomAndKeepsUtf8) {
  const SpreadsheetTable t = ParseCsv("\xEF\xBB\xBFid;commune\r\nc1;Vendôme\r\n", "x.csv");
  EXPECT_EQ(t.rows, (Rows{{"id", "commune"}, {"c1", "Vendôme"}}));
}

TEST(ParseCsvTest, ReadsWindows1252WhenNotUtf8) {
  // "Vendôme", "français", "œuvre", "€" in Windows-1252.
  const SpreadsheetTable t = ParseCsv(
      "id;commune\nc1;Vend\xF4me\nc2;fran\xE7"
      "ais \x9C"
      "uvre \x80\n",
      "x.csv");
  EXPECT_EQ(t.rows, (Rows{{"id", "commune"}, {"c1", "Vendôme"}, {"c2", "français œuvre €"}}));
}

TEST(ParseCsvTest, RefusesBytesThatAreNeitherUtf8NorWindows1252) {
  try {
    ParseCsv("id\nc1\nc\x81\n", "x.csv");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()),
              "x.csv:3: byte 0x81 is neither UTF-8 nor Windows-1252; save the file as \"CSV UTF-8\"");
  }
  // After a UTF-8 byte order mark, bad UTF-8 is not guessed at.
  EXPECT_THROW(ParseCsv("\xEF\xBB\xBFid\nVend\xF4me\n", "x.csv"), InvalidArgumentError);
}

TEST(ParseCsvTest, ReadsExcelUnicodeText) {
  // Excel's "Unicode text": UTF-16LE with a byte order mark, tab-separated.
  const std::string text = std::string("\xFF\xFE", 2) + std::string("i\0d\0\t\0x\0\n\0c\0\x31\0\t\0\xE9\0", 18);
  EXPECT_EQ(ParseCsv(text, "x.txt").rows, (Rows{{"id", "x"}, {"c1", "é"}}));
}

TEST(ParseCsvTest, RefusesWorkbooks) {
  try {
    ParseCsv(std::string("PK\x03\x04\x14\0\0\0", 8), "people.csv");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()),
              "people.csv: a spreadsheet workbook, not a CSV file: save it as \"CSV UTF-8\" (or read .xlsx with "
              "passerelle.read_spreadsheet in Python)");
  }
}

TEST(ParseCsvTest, QuotedFieldsWithSeparatorsQuotesAndNewlines) {
  const SpreadsheetTable t =
      ParseCsv("id;nom;competences\nc1;\"Marie\r\nLouise\";\"cuisine; \"\"plonge\"\"\"\nc2;Ali;\n", "x.csv");
  EXPECT_EQ(t.rows,
            (Rows{{"id", "nom", "competences"}, {"c1", "Marie\nLouise", "cuisine; \"plonge\""}, {"c2", "Ali", ""}}));
  // Each row keeps the line it starts on: c2 is on line 4.
  EXPECT_EQ(t.lines, (std::vector<int64_t>{1, 2, 4}));
}

TEST(ParseCsvTest, DropsBlankLinesButCountsThem) {
  const SpreadsheetTable t = ParseCsv("id;x\n\nc1;1\n;\n\r\nc2;2", "x.csv");
  EXPECT_EQ(t.rows, (Rows{{"id", "x"}, {"c1", "1"}, {"c2", "2"}}));
  EXPECT_EQ(t.lines, (std::vector<int64_t>{1, 3, 6}));
}

TEST(ParseCsvTest, OldMacLineEnds) {
  const SpreadsheetTable t = ParseCsv("id;x\rc1;1\rc2;2\r", "x.csv");
  EXPECT_EQ(t.rows, (Rows{{"id", "x"}, {"c1", "1"}, {"c2", "2"}}));
  EXPECT_EQ(t.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(ParseCsvTest, UnterminatedQuoteNamesItsLine) {
  try {
    ParseCsv("id;nom\nc1;ok\nc2;\"Marie\nc3;x\n", "people.csv");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()), "people.csv:3: a quoted field (\"...) never ends");
  }
}

// ---- Import ---------------------------------------------------------------

const char* kOpeningsCsv = "id;intitule;commune\no1;Commis de cuisine;Blois\n";

struct Imported {
  v1::MatchRequest request;
  std::vector<std::string> warnings;
};

Imported Import(const std::string& candidates, const std::string& openings = kOpeningsCsv,
                const char* employers = nullptr, std::string departement = "") {
  const SpreadsheetTable c = ParseCsv(candidates, "people.csv");
  const SpreadsheetTable o = ParseCsv(openings, "openings.csv");
  SpreadsheetTable e;
  if (employers) e = ParseCsv(employers, "employers.csv");
  Imported out;
  out.warnings = ImportSpreadsheet({.candidates = &c,
                                    .openings = &o,
                                    .employers = employers ? &e : nullptr,
                                    .default_departement = std::move(departement)},
                                   &out.request);
  return out;
}

// The problems of an import that must fail.
std::vector<std::string> Problems(const std::string& candidates, const std::string& openings = kOpeningsCsv,
                                  const char* employers = nullptr) {
  try {
    Import(candidates, openings, employers);
  } catch (const ValidationError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "import succeeded";
  return {};
}

const char* kHeader = "id;droit_travail;commune;";

TEST(ImportSpreadsheetTest, ReadsEveryCandidateColumn) {
  const Imported x = Import(
      "Identifiant;Nom;Ville;Code postal;Métiers visés;ancien_metier;Niveau de français;compétences;permis;"
      "véhicule;Mobilité (minutes);transports;Garde d'enfants;sante;logement;fragilite;sans_cv;Droit au travail;"
      "disponible_le;âge;genre;pays;secteurs;contrats;ouvert_autres_metiers;placements;priorite\n"
      "c1;Amina H.;Contres (41);41700;\"aide à domicile; G1602\";Soudage manuel;b1;\"Cuisine, hygiène\";oui;non;"
      "1h30;\"voiture; vélo\";pas de garde;\"port de charges; station debout\";CADA;oui;non;autorisation;"
      "15/01/2027;34 ans;F;Afghanistan;\"BTP; G\";\"CDI; intérim\";oui;2;1,5\n");
  ASSERT_EQ(x.request.candidates_size(), 1);
  const v1::Candidate& c = x.request.candidates(0);
  EXPECT_EQ(c.id(), "c1");
  EXPECT_EQ(c.display_name(), "Amina H.");
  EXPECT_EQ(c.home().place(), "Contres (41)");
  EXPECT_EQ(c.home().precision(), v1::GEO_PRECISION_TOWN);
  EXPECT_NEAR(c.home().latitude(), 47.42, 0.05);
  EXPECT_EQ(c.subgroup().departement(), "41");
  EXPECT_EQ(std::vector<std::string>(c.target_occupations().begin(), c.target_occupations().end()),
            (std::vector<std::string>{"K1304", "G1602"}));
  ASSERT_EQ(c.past_occupations_size(), 1);
  EXPECT_EQ(c.past_occupations(0), "H2913");
  EXPECT_EQ(c.french_level(), v1::CEFR_LEVEL_B1);
  ASSERT_EQ(c.skills_size(), 2);
  EXPECT_EQ(c.skills(1).code(), "hygiene");
  EXPECT_EQ(c.skills(1).label(), "hygiène");
  EXPECT_TRUE(c.mobility().driving_licence());
  EXPECT_FALSE(c.mobility().has_vehicle());
  EXPECT_EQ(c.mobility().max_commute_minutes(), 90);
  ASSERT_EQ(c.mobility().transport_modes_size(), 2);
  EXPECT_EQ(c.mobility().transport_modes(0), v1::TRANSPORT_MODE_CAR);
  EXPECT_EQ(c.mobility().transport_modes(1), v1::TRANSPORT_MODE_BICYCLE);
  EXPECT_EQ(c.barriers().childcare(), v1::CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY);
  ASSERT_EQ(c.barriers().health_restrictions_size(), 2);
  EXPECT_EQ(c.barriers().health_restrictions(0), v1::PHYSICAL_DEMAND_HEAVY_LOADS);
  EXPECT_EQ(c.barriers().housing(), v1::HOUSING_SITUATION_TEMPORARY);
  EXPECT_TRUE(c.barriers().psychological_fragility());
  EXPECT_FALSE(c.barriers().no_cv());
  EXPECT_EQ(c.right_to_work(), v1::RIGHT_TO_WORK_AUTHORISED);
  EXPECT_EQ(c.available_from(), "2027-01-15");
  EXPECT_EQ(c.age(), 34);
  EXPECT_EQ(c.subgroup().gender(), v1::GENDER_FEMALE);
  EXPECT_EQ(c.subgroup().country_of_origin(), "AF");
  EXPECT_EQ(std::vector<std::string>(c.preferred_sectors().begin(), c.preferred_sectors().end()),
            (std::vector<std::string>{"F", "G"}));
  ASSERT_EQ(c.preferred_contract_types_size(), 2);
  EXPECT_EQ(c.preferred_contract_types(1), v1::CONTRACT_TYPE_TEMPORARY_AGENCY);
  EXPECT_TRUE(c.open_to_other_trades());
  EXPECT_EQ(c.placements_needed(), 2);
  EXPECT_DOUBLE_EQ(c.priority(), 1.5);
  // Contres is a former commune: said as a warning with its line.
  ASSERT_EQ(x.warnings.size(), 1u);
  EXPECT_EQ(x.warnings[0].rfind("people.csv:2: Contres (41, 41059) is a former commune", 0), 0u) << x.warnings[0];
  // The request reads back (the place fields agree with the coordinates).
  EXPECT_NO_THROW(FromProto(x.request));
}

TEST(ImportSpreadsheetTest, ReadsEveryOpeningAndEmployerColumn) {
  const Imported x = Import(
      "id;droit_travail;commune\nc1;oui;Blois\n",
      "id;intitulé;code_rome;type;employeur;code_insee;places;niveau_francais;formation_francais;formation_metier;"
      "permis_requis;competences_requises;competences_souhaitees;horaires;contraintes_physiques;desserte;contrat;"
      "duree;date_debut;tension\n"
      "o1;Plongeur en brasserie;G1605;PMSMP;Auberge de Sologne;41269;3;A2;oui;non;non;plonge;\"Cuisine\";"
      "\"soir; week-end\";station debout;journée;stage;2 semaines;2027-02-01;64 %\n"
      "o2;FLE débutants;;cours de français;aub;41018;;aucun;non;non;oui;;;journée;;aucune;formation;1 an;;\n",
      "id;nom;secteur;plafond;reseau\naub;Auberge de Sologne;restauration;2;UMIH 41\n");
  ASSERT_EQ(x.request.openings_size(), 2);
  const v1::Opening& o = x.request.openings(0);
  EXPECT_EQ(o.title(), "Plongeur en brasserie");
  EXPECT_EQ(o.occupation(), "G1605");
  EXPECT_EQ(o.kind(), v1::OPENING_KIND_WORKPLACE_TRIAL);
  EXPECT_EQ(o.employer_id(), "aub");  // by name
  EXPECT_EQ(o.location().insee_code(), "41269");
  EXPECT_EQ(o.departement(), "41");
  EXPECT_EQ(o.capacity(), 3);
  EXPECT_EQ(o.min_french_level(), v1::CEFR_LEVEL_A2);
  EXPECT_TRUE(o.provides_french_training());
  EXPECT_EQ(o.required_skills(0).code(), "plonge");
  EXPECT_EQ(o.optional_skills(0).code(), "cuisine");
  EXPECT_FALSE(o.schedule().early_shift());
  EXPECT_TRUE(o.schedule().night_shift());
  EXPECT_TRUE(o.schedule().weekend_shift());
  EXPECT_EQ(o.physical_demands(0), v1::PHYSICAL_DEMAND_PROLONGED_STANDING);
  EXPECT_EQ(o.site_transit_access(), v1::TRANSIT_ACCESS_DAYTIME);
  EXPECT_EQ(o.contract_type(), v1::CONTRACT_TYPE_INTERNSHIP_AGREEMENT);
  EXPECT_EQ(o.duration_months(), 1);
  EXPECT_EQ(o.start_date(), "2027-02-01");
  EXPECT_DOUBLE_EQ(o.tension(), 0.64);
  const v1::Opening& f = x.request.openings(1);
  EXPECT_EQ(f.kind(), v1::OPENING_KIND_FRENCH_COURSE);
  EXPECT_EQ(f.occupation(), "");   // a French course needs none
  EXPECT_FALSE(f.has_capacity());  // empty: 1 seat
  EXPECT_TRUE(f.requires_driving_licence());
  EXPECT_EQ(f.site_transit_access(), v1::TRANSIT_ACCESS_NONE);
  EXPECT_EQ(f.duration_months(), 12);
  ASSERT_EQ(x.request.employers_size(), 1);
  EXPECT_EQ(x.request.employers(0).sector(), "G");
  EXPECT_EQ(x.request.employers(0).max_candidates(), 2);
  EXPECT_EQ(x.request.employers(0).network(), "UMIH 41");
  EXPECT_NO_THROW(FromProto(x.request));
}

TEST(ImportSpreadsheetTest, OpeningSchedulesInWordsAndHours) {
  const Imported x = Import("id;droit_travail;commune\nc1;oui;Blois\n",
                            "id;intitule;commune;horaires\n"
                            "o1;cuisinier;Blois;6h-14h\n"
                            "o2;cuisinier;Blois;\"14h30 - 22h30; samedi\"\n"
                            "o3;cuisinier;Blois;22h-6h\n"
                            "o4;cuisinier;Blois;du lundi au vendredi 8h-17h\n"
                            "o5;cuisinier;Blois;3x8\n");
  auto schedule = [&](int i) {
    const v1::Schedule& s = x.request.openings(i).schedule();
    return std::string(s.early_shift() ? "E" : "-") + (s.night_shift() ? "N" : "-") + (s.weekend_shift() ? "W" : "-");
  };
  EXPECT_EQ(schedule(0), "E--");
  EXPECT_EQ(schedule(1), "-NW");
  EXPECT_EQ(schedule(2), "-N-");  // overnight; starting at 22:00 is not early
  EXPECT_EQ(schedule(3), "---");
  EXPECT_EQ(schedule(4), "EN-");
}

TEST(ImportSpreadsheetTest, KindFromTheContractWhenNotGiven) {
  const Imported x = Import("id;droit_travail;commune\nc1;oui;Blois\n",
                            "id;intitule;commune;type;contrat\n"
                            "o1;cuisinier;Blois;;PMSMP\n"
                            "o2;cuisinier;Blois;;apprentissage\n"
                            "o3;cuisinier;Blois;;CDD\n"
                            "o4;cuisinier;Blois;;\n"
                            "o5;cuisinier;Blois;emploi;stage\n");
  EXPECT_EQ(x.request.openings(0).kind(), v1::OPENING_KIND_WORKPLACE_TRIAL);
  EXPECT_EQ(x.request.openings(0).contract_type(), v1::CONTRACT_TYPE_INTERNSHIP_AGREEMENT);
  EXPECT_EQ(x.request.openings(1).kind(), v1::OPENING_KIND_APPRENTICESHIP);
  EXPECT_EQ(x.request.openings(2).kind(), v1::OPENING_KIND_JOB);
  EXPECT_EQ(x.request.openings(3).kind(), v1::OPENING_KIND_JOB);
  EXPECT_EQ(x.request.openings(4).kind(), v1::OPENING_KIND_JOB);  // the type column wins
}

TEST(ImportSpreadsheetTest, WithoutEmployersSheetEmployersAreMadeFromNames) {
  const Imported x = Import("id;droit_travail;commune\nc1;oui;Blois\n",
                            "id;intitule;commune;employeur\no1;cuisinier;Blois;Auberge de Sologne\n"
                            "o2;Commis de cuisine;Blois;auberge de sologne\n");
  ASSERT_EQ(x.request.employers_size(), 1);
  EXPECT_EQ(x.request.employers(0).id(), "auberge-de-sologne");
  EXPECT_EQ(x.request.employers(0).name(), "Auberge de Sologne");
  EXPECT_EQ(x.request.openings(1).employer_id(), "auberge-de-sologne");
}

TEST(ImportSpreadsheetTest, CefrLevels) {
  const Imported x = Import(std::string(kHeader) +
                            "niveau_francais\nc1;oui;Blois;A2 oral\nc2;oui;Blois;aucun\nc3;oui;Blois;c2\n"
                            "c4;oui;Blois;A1.1\nc5;oui;Blois;\n");
  EXPECT_EQ(x.request.candidates(0).french_level(), v1::CEFR_LEVEL_A2);
  EXPECT_EQ(x.request.candidates(1).french_level(), v1::CEFR_LEVEL_NONE);
  EXPECT_EQ(x.request.candidates(2).french_level(), v1::CEFR_LEVEL_C2);
  EXPECT_EQ(x.request.candidates(3).french_level(), v1::CEFR_LEVEL_NONE);  // the DILF level, below A1
  EXPECT_EQ(x.request.candidates(4).french_level(), v1::CEFR_LEVEL_UNSPECIFIED);
}

TEST(ImportSpreadsheetTest, ReportsEveryBadCellWithFileLineAndColumn) {
  const std::vector<std::string> problems = Problems(
      std::string(kHeader) +
      "niveau_francais;permis;mobilite;age;genre;disponible_le;garde_enfants;horaires;sante;logement;transports;"
      "pays;secteurs;contrats;placements;priorite;metier_vise\n"
      "c1;oui;Blois;B7;peut-être;30 km;3;Z;31/02/2027;2 enfants;le mardi;allergie;caravane;fusée;Atlantide;"
      "Z;CDX;0;-1;H9999\n"
      "c2;peut-être;Contres;A1;;;;;;;;;;;;;;;;;menuisier\n"
      ";oui;Sant Aignan\n"
      "c2;oui;41120\n");
  const std::vector<std::string> expected = {
      "people.csv:2: column niveau_francais: \"B7\" is not a CEFR level (A1…C2, or none)",
      "people.csv:2: column permis: \"peut-être\" is not yes or no (oui/non)",
      "people.csv:2: column mobilite: \"30 km\" is a distance: give the longest commute as a time (\"45 min\", "
      "\"1h\"); by car, 30 km is about 30 min",
      "people.csv:2: column garde_enfants: \"2 enfants\" is not a childcare situation (non: no constraint; oui, "
      "\"pas de garde\", \"horaires d'école\": daytime on weekdays only)",
      "people.csv:2: column horaires: \"le mardi\" is not a schedule constraint (\"pas le soir\", \"pas le "
      "week-end\", \"journée en semaine\", or aucune)",
      "people.csv:2: column sante: \"allergie\" is not a physical demand (port de charges, station debout, "
      "extérieur, hauteur, gestes répétitifs, or aucune)",
      "people.csv:2: column logement: \"caravane\" is not a housing situation (stable, temporaire: CADA, HUDA, "
      "hébergé; sans)",
      "people.csv:2: column transports: \"fusée\" is not a way of getting to work (voiture, vélo, à pied, "
      "bus/train, scooter, covoiturage)",
      "people.csv:2: column disponible_le: \"31/02/2027\" is not a date (\"15/03/2026\" or \"2026-03-15\")",
      "people.csv:2: column age: \"3\" is not an age (years, 14 to 99)",
      "people.csv:2: column genre: \"Z\" is not a gender (F, H, autre)",
  };
  // The rest, in order of columns as the importer reads them.
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NE(std::find(problems.begin(), problems.end(), expected[i]), problems.end()) << expected[i];
  }
  auto has = [&](const std::string& start) {
    for (const std::string& p : problems) {
      if (p.rfind(start, 0) == 0) return true;
    }
    ADD_FAILURE() << "no problem starts with: " << start;
    return false;
  };
  has("people.csv:2: column metier_vise: \"H9999\" is not an occupation of the taxonomy");
  has("people.csv:2: column pays: \"Atlantide\" is not a country code");
  has("people.csv:2: column secteurs: \"Z\" is not a sector");
  has("people.csv:2: column contrats: \"CDX\" is not a contract type");
  has("people.csv:2: column placements: \"0\" is not a number of placements (1 to 16)");
  has("people.csv:2: column priorite: \"-1\" is not a priority");
  has("people.csv:3: column droit_travail: \"peut-être\" is not a right to work");
  has("people.csv:3: column commune: \"Contres\" names 2 communes: Contres (18, 18071), Contres (41, 41059");
  has("people.csv:4: column id: missing");
  has("people.csv:4: column commune: \"Sant Aignan\" is not a commune; closest: Saint-Aignan (41)");
  has("people.csv:5: column id: \"c2\" is already the id of line 3");
  // A postal code in the commune column is read as a name: refused.
  has("people.csv:5: column commune: \"41120\" is not a commune");
}

TEST(ImportSpreadsheetTest, AmbiguousAndUnknownTitles) {
  const std::vector<std::string> problems =
      Problems(std::string(kHeader) + "metier_vise\nc1;oui;Blois;plongeur\nc2;oui;Blois;boulangre\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "people.csv:2: column metier_vise: \"plongeur\" names several occupations: I1502 (Intervention en "
            "milieu subaquatique); G1605 (Plonge en restauration); write the ROME code or a more precise title "
            "(passerelle occupations \"plongeur\" lists them with their titles)");
  EXPECT_EQ(problems[1].rfind("people.csv:3: column metier_vise: \"boulangre\" is not a job title or ROME code; "
                              "closest: Boulanger / Boulangère (D1102)",
                              0),
            0u)
      << problems[1];
}

TEST(ImportSpreadsheetTest, FrenchCoursesNeedNoOccupation) {
  const Imported x = Import("id;droit_travail;commune\nc1;oui;Blois\n",
                            "id;intitule;type;commune\no1;FLE débutants;cours de français;Blois\n"
                            "o2;Commis de cuisine;FLE;Blois\n");
  EXPECT_EQ(x.request.openings(0).occupation(), "");
  EXPECT_EQ(x.request.openings(0).title(), "FLE débutants");
  EXPECT_EQ(x.request.openings(1).occupation(), "G1602");  // a title that names one gives it
}

TEST(ImportSpreadsheetTest, SuggestionsForTheFirstTwentyUnknownTitlesOnly) {
  std::string csv = std::string(kHeader) + "metier_vise\n";
  for (int i = 0; i < 25; ++i) csv += "c" + std::to_string(i) + ";oui;Blois;zorglub" + std::to_string(i) + "\n";
  const std::vector<std::string> problems = Problems(csv);
  ASSERT_EQ(problems.size(), 25u);
  EXPECT_NE(problems[19].find("; closest: "), std::string::npos) << problems[19];
  EXPECT_EQ(problems[20], "people.csv:22: column metier_vise: \"zorglub20\" is not a job title or ROME code");
}

TEST(ImportSpreadsheetTest, PostalCodeAloneMustNameOneCommune) {
  const std::vector<std::string> problems = Problems("id;droit_travail;code_postal\nc1;oui;41120\nc2;oui;4100\n");
  ASSERT_EQ(problems.size(), 1u);  // "4100": the leading zero Excel dropped is... 04100, which is Manosque
  EXPECT_EQ(problems[0].rfind("people.csv:2: column code_postal: postal code 41120 covers 11 communes: ", 0), 0u)
      << problems[0];
  EXPECT_NE(problems[0].find("give code_insee, or commune (\"Name (41)\")"), std::string::npos) << problems[0];
}

TEST(ImportSpreadsheetTest, DefaultDepartementPicksAmongHomonyms) {
  const std::string csv = "id;droit_travail;commune\nc1;oui;Saint-Aignan\nc2;oui;Tours\nc3;oui;Romorantin\n";
  std::vector<std::string> problems = Problems(csv);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].rfind("people.csv:2: column commune: \"Saint-Aignan\" names 6 communes: ", 0), 0u);
  // Shortened names get the communes they start (edit distance ranks them far).
  EXPECT_EQ(problems[1],
            "people.csv:4: column commune: \"Romorantin\" is not a commune; closest: "
            "Romorantin-Lanthenay (41)");
  const Imported x =
      Import("id;droit_travail;commune\nc1;oui;Saint-Aignan\nc2;oui;Tours\n", kOpeningsCsv, nullptr, "41");
  EXPECT_EQ(x.request.candidates(0).home().place(), "Saint-Aignan (41)");
  EXPECT_EQ(x.request.candidates(0).subgroup().departement(), "41");
  EXPECT_EQ(x.request.candidates(1).subgroup().departement(), "37");  // not in 41: found elsewhere
  EXPECT_THROW(Import("id;droit_travail;commune\nc1;oui;Blois\n", kOpeningsCsv, nullptr, "999"), InvalidArgumentError);
}

TEST(ImportSpreadsheetTest, TrimsNoBreakSpacesButNotLetters) {
  // "à" is C3 A0 in UTF-8, "«" C2 AB: their bytes look like a no-break
  // space's (C2 A0) half.
  const Imported x = Import(
      "id;droit_travail;commune;nom\nc1;oui;\xC2\xA0"
      "Blois\xE2\x80\xAF;«\xC2\xA0"
      "Déjà\xC2\xA0»\n");
  EXPECT_EQ(x.request.candidates(0).home().place(), "Blois");
  EXPECT_EQ(x.request.candidates(0).display_name(),
            "«\xC2\xA0"
            "Déjà\xC2\xA0»");
  const Imported y = Import("id;droit_travail;commune;nom\nc1;oui;Blois;voilà\n");
  EXPECT_EQ(y.request.candidates(0).display_name(), "voilà");
}

TEST(ImportSpreadsheetTest, PlaceholdersAreEmptyCells) {
  const Imported x =
      Import(std::string(kHeader) + "permis;competences;niveau_francais\nc1;oui;Blois;-;\"NC, cuisine, -\";?\n");
  EXPECT_FALSE(x.request.candidates(0).mobility().driving_licence());
  ASSERT_EQ(x.request.candidates(0).skills_size(), 2);  // "NC" inside a list is a word, "-" nothing
  EXPECT_EQ(x.request.candidates(0).french_level(), v1::CEFR_LEVEL_UNSPECIFIED);
  EXPECT_EQ(Problems(std::string(kHeader) + "\nc1;?;Blois\n"),
            (std::vector<std::string>{"people.csv:2: column droit_travail: missing: oui (may work), autorisation "
                                      "(asylum seeker with a work authorisation) or non"}));
}

TEST(ImportSpreadsheetTest, HeadersDuplicateMissingAndUnknown) {
  const std::vector<std::string> problems = Problems("id;Ville;commune\nc1;Blois;Blois\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "people.csv:1: column \"commune\" repeats column \"Ville\" (both are commune)");
  EXPECT_EQ(problems[1].rfind("people.csv:1: no column droit_travail (or droit au travail", 0), 0u) << problems[1];
  const Imported x = Import("id;droit_travail;commune;Remarques;niveau_francias\nc1;oui;Blois;RAS;A2\n");
  ASSERT_EQ(x.warnings.size(), 2u);
  EXPECT_EQ(x.warnings[0], "people.csv:1: column \"Remarques\" ignored: not a known column");
  EXPECT_EQ(x.warnings[1],
            "people.csv:1: column \"niveau_francias\" ignored: not a known column (did you mean niveau_francais?)");
}

TEST(ImportSpreadsheetTest, OpeningProblems) {
  const std::vector<std::string> problems = Problems("id;droit_travail;commune\nc1;oui;Blois\n",
                                                     "id;intitule;type;commune;places;employeur;horaires;duree\n"
                                                     "o1;;emploi;Blois;-1;nobody;la lune;longtemps\n"
                                                     "o2;cuisinier;croisière;Blois;2;aub;journée;6\n",
                                                     "id;nom\naub;Auberge\n");
  const std::vector<std::string> expected = {
      "openings.csv:2: column intitule: missing: a job title (\"soudeur\") or a ROME code (\"H2913\")",
      "openings.csv:2: column employeur: \"nobody\" is neither the id nor the name of an employer of the "
      "employers' sheet",
      "openings.csv:2: column places: \"-1\" is not a number of seats (0 or more; empty: 1)",
      "openings.csv:2: column horaires: \"la lune\" is not a schedule (journée, tôt le matin, soir/nuit, "
      "week-end, 2x8, 3x8, hours as \"6h-14h\"; several with ;)",
      "openings.csv:2: column duree: \"longtemps\" is not a duration (months: \"6\", \"6 mois\", \"1 an\", "
      "\"3 semaines\")",
      "openings.csv:3: column type: \"croisière\" is not a kind of opening (emploi, apprentissage, stage, PMSMP, "
      "formation, cours de français)",
  };
  EXPECT_EQ(problems, expected);
}

TEST(ImportSpreadsheetTest, CellsBeyondTheHeader) {
  const std::vector<std::string> problems = Problems("id;droit_travail;commune\nc1;oui;Blois;oops\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "people.csv:2: cell 4 \"oops\" is beyond the last column of the header (3 columns); a separator too many?");
}

TEST(ImportSpreadsheetTest, ProblemsAreCappedAndCounted) {
  std::string csv = std::string(kHeader) + "niveau_francais\n";
  for (int i = 0; i < 1500; ++i) csv += "c" + std::to_string(i) + ";oui;Blois;Z9\n";
  try {
    Import(csv);
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.count(), 1500u);
    EXPECT_EQ(e.problems().size(), kMaxKeptProblems);
  }
}

}  // namespace
}  // namespace passerelle
