// Reports for counsellors (passerelle/report.h): the CSV's exact rows,
// quoting and formula neutralising, the HTML's escaping and sections, the
// check that a response belongs to its request, and `Communes::Nearest`
// against a scan of every commune.
#include "passerelle/report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "passerelle/error.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"

namespace passerelle {
namespace {

// Two people near Blois, two openings of one employer; the first person is
// placed, the second is not. Names carry HTML, CSV separators, quotes and
// a spreadsheet formula.
constexpr const char* kRequest = R"json({
  "candidates": [
    {"id": "c1", "displayName": "Amina <script>alert(1)</script>", "home": {"latitude": 47.5817, "longitude": 1.30626},
     "frenchLevel": "CEFR_LEVEL_B1", "rightToWork": "RIGHT_TO_WORK_FULL"},
    {"id": "c2", "displayName": "=HYPERLINK(\"http://x\";\"y\")", "home": {"insee_code": "41018"},
     "frenchLevel": "CEFR_LEVEL_A1", "rightToWork": "RIGHT_TO_WORK_FULL"}
  ],
  "openings": [
    {"id": "o1", "employerId": "e1", "kind": "OPENING_KIND_JOB", "occupation": "H2913", "capacity": 1,
     "location": {"latitude": 47.5817, "longitude": 1.30626, "place": "Blois (41)"}, "title": "Soudeur \"TIG\""},
    {"id": "o2", "employerId": "e1", "kind": "OPENING_KIND_QUALIFYING_TRAINING", "occupation": "G1602",
     "location": {"latitude": 47.5817, "longitude": 1.30626}}
  ],
  "employers": [{"id": "e1", "name": "Métal & <Co>; Fils"}],
  "policy": {"language": "LANGUAGE_FRENCH"}
})json";

constexpr const char* kResponse = R"json({
  "placements": [{"candidateId": "c1", "openingId": "o1", "score": 0.8412, "explanation": "Couvre tout ; 5 min à pied",
                  "commuteMinutes": 4.6, "commuteMode": "TRANSPORT_MODE_WALK"}],
  "unplaced": [{"candidateId": "c2", "reasons": [
      {"code": "REASON_CODE_COMMUTE_TOO_LONG", "detail": "1 offre trop loin du domicile", "count": 1},
      {"code": "REASON_CODE_FRENCH_LEVEL_TOO_LOW", "detail": "1 offre demande un meilleur niveau", "count": 1}]}],
  "shortlists": [{"candidateId": "c2", "entries": [{"id": "o2", "rank": 1, "score": 0.4}]},
                 {"openingId": "o1", "entries": [{"id": "c1", "rank": 1, "score": 0.8412}]}],
  "summary": {"candidates": "2", "placedCandidates": "1", "placements": "1", "placementRate": 0.5,
              "seats": "2", "seatsFilled": "1", "fillRate": 0.5,
              "byKind": [{"dimension": "kind", "value": "job", "total": "1", "placed": "1", "rate": 1}],
              "bySubgroup": [{"dimension": "gender", "value": "female", "total": "1", "placed": "1", "rate": 1}]}
})json";

v1::MatchRequest Request(const char* json = kRequest) {
  v1::MatchRequest r;
  ParseMessage(json, FileFormat::kJson, "request", &r);
  return r;
}

v1::MatchResponse Response(const char* json = kResponse) {
  v1::MatchResponse r;
  ParseMessage(json, FileFormat::kJson, "response", &r);
  return r;
}

TEST(ReportCsvTest, HasExactRowsWithBomSemicolonsAndQuoting) {
  const std::string csv = RenderReportCsv(Request(), Response());
  const std::string want =
      "\xEF\xBB\xBF"
      "Personne;Identifiant;Domicile;Statut;Poste;Type d'offre;Métier (ROME);Employeur;Commune de l'offre;"
      "Trajet (min);Mode de trajet;Score;Explication;Raisons;Offre (identifiant)\r\n"
      "Amina <script>alert(1)</script>;c1;Blois (41);placement;\"Soudeur \"\"TIG\"\"\";emploi;"
      "Soudage manuel (H2913);\"Métal & <Co>; Fils\";Blois (41);5;à pied;0,84;\"Couvre tout ; 5 min à pied\";;o1\r\n"
      "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";c2;Blois (41);sans placement;;;;;;;;;;"
      "\"1 offre trop loin du domicile ; 1 offre demande un meilleur niveau\";\r\n";
  EXPECT_EQ(csv, want);
}

TEST(ReportCsvTest, EnglishHeadersAndNumbersWithLangEn) {
  ReportOptions options;
  options.language = Language::kEnglish;
  const std::string csv = RenderReportCsv(Request(), Response(), options);
  EXPECT_NE(csv.find("Person;Id;Home;Status;Post;Kind;"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";placed;"), std::string::npos);
  EXPECT_NE(csv.find(";0.84;"), std::string::npos);
  EXPECT_NE(csv.find(";not placed;"), std::string::npos);
}

TEST(ReportTest, RefusesAResponseNamingRecordsAbsentFromTheRequest) {
  v1::MatchResponse response = Response();
  response.mutable_placements(0)->set_candidate_id("c-ghost");
  try {
    RenderReportCsv(Request(), response);
    FAIL() << "no error";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("placements[0].candidate_id: \"c-ghost\" is not a candidate"),
              std::string::npos)
        << e.what();
  }
  response = Response();
  response.mutable_shortlists(1)->mutable_entries(0)->set_id("c9");
  EXPECT_THROW(RenderReportHtml(Request(), response), InvalidArgumentError);
  response = Response();
  response.mutable_shortlists(0)->mutable_entries(0)->set_id("o9");
  EXPECT_THROW(RenderReportHtml(Request(), response), InvalidArgumentError);
  response = Response();
  response.mutable_unplaced(0)->mutable_reasons(0)->add_opening_ids("o-ghost");
  EXPECT_THROW(RenderReportHtml(Request(), response), InvalidArgumentError);
}

TEST(ReportTest, WritesNothingWhenTheResponseDoesNotBelong) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "passerelle_report_test_bad.html";
  std::filesystem::remove(path);
  v1::MatchResponse response = Response();
  response.mutable_placements(0)->set_opening_id("o-ghost");
  EXPECT_THROW(WriteReport(Request(), response, path.string()), InvalidArgumentError);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_THROW(WriteReport(Request(), Response(), "report.pdf"), InvalidArgumentError);
}

TEST(ReportHtmlTest, EscapesEveryValueAndHoldsTheSections) {
  const std::string html = RenderReportHtml(Request(), Response());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Amina &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Métal &amp; &lt;Co&gt;; Fils"), std::string::npos);
  EXPECT_NE(html.find("Soudeur &quot;TIG&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<Co>"), std::string::npos);
  for (const char* id : {"id=\"summary\"", "id=\"map\"", "id=\"people\"", "id=\"openings\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // The opening's shortlist names the person; the person's names the opening.
  EXPECT_NE(html.find("<h5>Liste restreinte</h5><ol><li>Amina &lt;script&gt;"), std::string::npos);
  EXPECT_NE(
      html.find(
          "<h5>Liste restreinte</h5><ol><li>Personnel de cuisine — Métal &amp; &lt;Co&gt;; Fils · score 0,40</li>"),
      std::string::npos);
  EXPECT_NE(html.find("Pourquoi pas de placement"), std::string::npos);
  // Nothing to fetch: no external resource of any kind.
  for (const char* ref : {"src=", "url(", "@import", "<link", "https:"}) {
    EXPECT_EQ(html.find(ref), std::string::npos) << ref;
  }
  // The only "http:" is inside the escaped name of c2.
  EXPECT_EQ(html.find("http:"), html.find("=HYPERLINK(&quot;http:") + 17);
}

TEST(ReportHtmlTest, LimitsCardsWithANote) {
  ReportOptions options;
  options.max_person_cards = 1;
  options.max_opening_cards = 0;
  const std::string html = RenderReportHtml(Request(), Response(), options);
  EXPECT_NE(html.find("1 fiche sur 2 est présentée ici"), std::string::npos);
  EXPECT_NE(html.find("0 fiche sur 2 est présentée ici"), std::string::npos);
  EXPECT_EQ(html.find(">c2<"), std::string::npos);                          // the second person has no card
  EXPECT_EQ(html.find("Soudeur &quot;TIG&quot;<span"), std::string::npos);  // no opening card
}

TEST(ReportXlsxTest, WritesAZipWorkbook) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "passerelle_report_test.xlsx";
  std::filesystem::remove(path);
  WriteReport(Request(), Response(), path.string());
  std::ifstream in(path, std::ios::binary);
  std::string head(4, '\0');
  in.read(head.data(), 4);
  EXPECT_EQ(head, std::string("PK\x03\x04", 4));
  EXPECT_GT(std::filesystem::file_size(path), 4000u);
  std::filesystem::remove(path);
}

TEST(CommunesNearestTest, AgreesWithAScanOfEveryCommune) {
  const Communes& communes = Communes::BuiltIn();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(41.3, 51.1), lon(-5.2, 9.6);
  for (int i = 0; i < 300; ++i) {
    const GeoPoint p{lat(rng), lon(rng)};
    const Commune* best = nullptr;
    double best_km = 1e300;
    for (const Commune& c : communes.all()) {
      if (c.kind != CommuneKind::kCommune || !c.has_centroid) continue;
      const double km = DistanceKm(p, GeoPoint{c.latitude, c.longitude});
      if (km < best_km) best_km = km, best = &c;
    }
    const Commune* got = communes.Nearest(p);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got, best) << p.latitude << "," << p.longitude << ": " << got->name << " vs " << best->name;
  }
  // Far out at sea, and overseas.
  EXPECT_NE(communes.Nearest(GeoPoint{0, -30}), nullptr);
  EXPECT_EQ(communes.Nearest(GeoPoint{47.5817, 1.30626})->name, "Blois");
}

}  // namespace
}  // namespace passerelle

namespace passerelle {
namespace {

TEST(ReportCsvTest, RewordsReasonsInTheReportsLanguageWhenTheyAreTheCatalogues) {
  // The response's details are the French catalogue's for the first reason
  // and free text for the second: the first is reworded, the second kept.
  v1::MatchResponse response = Response();
  response.mutable_unplaced(0)->mutable_reasons(0)->set_detail("1 offre trop loin du domicile");
  ReportOptions options;
  options.language = Language::kEnglish;
  const std::string csv = RenderReportCsv(Request(), response, options);
  EXPECT_NE(csv.find("\"1 opening beyond the commute limit; 1 offre demande un meilleur niveau\""), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace passerelle
