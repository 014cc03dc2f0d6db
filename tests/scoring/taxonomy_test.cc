#include "passerelle/taxonomy.h"

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "passerelle/error.h"
#include "taxonomy_data.h"  // src/scoring: FoldForSearch

namespace passerelle {
namespace {

TEST(TaxonomyTest, BuiltInListsEveryMetierEnTensionOfTheDomainWithItsBmoFigure) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  const std::pair<const char*, double> kTension[] = {
      {"F1703", 0.694}, {"F1701", 0.630}, {"F1610", 0.848}, {"F1602", 0.701}, {"F1603", 0.792},
      {"F1501", 0.826}, {"A1401", 0.382}, {"A1414", 0.495}, {"A1101", 0.619}, {"G1602", 0.638},
      {"G1605", 0.481}, {"G1803", 0.532}, {"K1302", 0.814}, {"J1501", 0.547}, {"K2204", 0.434},
      {"H2913", 0.770}, {"H2911", 0.795}, {"H2202", 0.744}, {"H2206", 0.754}, {"N1103", 0.527},
      {"N4101", 0.763}, {"N4105", 0.640}, {"D1102", 0.728}, {"I1604", 0.809}};
  for (const auto& [code, tension] : kTension) {
    ASSERT_TRUE(t.Contains(code)) << code;
    EXPECT_DOUBLE_EQ(t.Tension(code), tension) << code;
    EXPECT_FALSE(t.Label(code).empty()) << code;
  }
  EXPECT_EQ(t.size(), 532);
  EXPECT_EQ(t.Label("F1703"), "Maçonnerie");
  EXPECT_EQ(t.Label("Z9999"), "");
  EXPECT_EQ(t.Tension("Z9999"), 0.0);
}

TEST(TaxonomyTest, BuiltInHasTheDomainsMobilitiesAsEdges) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  const std::pair<const char*, const char*> kEdges[] = {
      {"F1703", "F1613"}, {"F1703", "F1701"}, {"G1602", "D1103"}, {"G1602", "D1104"},
      {"G1602", "G1601"}, {"K1302", "J1301"}, {"K1302", "K1303"}, {"K1302", "K1304"},
      {"H2913", "H2902"}, {"H2913", "H2905"}, {"H2913", "H2906"}, {"H2913", "H2909"},
      {"H2913", "H2911"}, {"H2913", "H2914"}, {"N1103", "N1101"}, {"N1103", "N1105"},
      {"N1103", "H3302"}};
  for (const auto& [a, b] : kEdges) {
    EXPECT_EQ(t.HopDistance(t.Find(a), t.Find(b)), 1) << a << " " << b;
    EXPECT_DOUBLE_EQ(t.Proximity(a, b), kProximityOneHop) << a << " " << b;
  }
}

TEST(TaxonomyTest, BuiltInIsTheWholeRomeWithGroupsMobilitiesAndTheProjectsJudgement) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  ASSERT_EQ(t.size(), 532);
  // 1,781 directed mobilities are 1,358 undirected edges; the project adds
  // 69 (data/taxonomy/passerelle_judgement.csv).
  size_t degrees = 0;
  for (OccupationId id = 0; id < t.size(); ++id) degrees += t.Neighbours(id).size();
  EXPECT_EQ(degrees, 2u * (1358 + 69));
  // A mobility listed one way only (H2913 -> H2902) is an edge both ways.
  EXPECT_EQ(t.HopDistance(t.Find("H2902"), t.Find("H2913")), 1);
  // A project edge: cook and kitchen helper, which no mobility joins.
  EXPECT_EQ(t.HopDistance(t.Find("G1602"), t.Find("G1603")), 1);
  const Occupation& welding = t.occupation(t.Find("H2913"));
  EXPECT_EQ(welding.label, "Soudage manuel");
  EXPECT_EQ(welding.group_label, "Mécanique, travail des métaux et outillage");
  EXPECT_EQ(welding.domain_label, "Industrie");
  EXPECT_EQ(welding.default_min_french_level, CefrLevel::kA2);  // the project's judgement
  // Beyond the 140 sheets judged by the project: no level, no demands.
  const Occupation& soil = t.occupation(t.Find("A1302"));
  EXPECT_EQ(soil.default_min_french_level, CefrLevel::kNone);
  EXPECT_TRUE(soil.physical_demands.empty());
  EXPECT_DOUBLE_EQ(soil.tension, 0.570);  // BMO: its only FAP family's share
  // No BMO family: tension unknown.
  int without_tension = 0;
  for (OccupationId id = 0; id < t.size(); ++id) without_tension += t.occupation(id).tension == 0;
  EXPECT_EQ(without_tension, 532 - 495);
  // The source's "; " inside labels is the ROME's ", ".
  EXPECT_EQ(t.Label("A1416"), "Polyculture, élevage");
  EXPECT_EQ(t.titles().size(), 11118u);
  for (const OccupationTitle& title : t.TitlesOf(t.Find("F1703"))) EXPECT_EQ(title.occupation, t.Find("F1703"));
}

TEST(TaxonomyTest, SearchFindsOccupationsByTitleIgnoringAccentsAndCase) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  const OccupationSearch welder = t.Search("soudeur");
  ASSERT_FALSE(welder.matches.empty());
  EXPECT_EQ(t.occupation(welder.matches[0].occupation).code, "H2913");
  EXPECT_DOUBLE_EQ(welder.matches[0].score, 0.8);  // a word of its titles
  ASSERT_FALSE(welder.matches[0].titles.empty());
  for (int32_t title : welder.matches[0].titles) EXPECT_EQ(t.titles()[title].occupation, t.Find("H2913"));
  EXPECT_TRUE(welder.suggestions.empty());
  // Other sheets with welders among their titles come after.
  EXPECT_GT(welder.matches.size(), 3u);

  const OccupationSearch mason = t.Search("MACON");  // "Maçon / Maçonne"
  ASSERT_FALSE(mason.matches.empty());
  EXPECT_EQ(t.occupation(mason.matches[0].occupation).code, "F1703");
  EXPECT_DOUBLE_EQ(mason.matches[0].score, 1.0);
  EXPECT_EQ(t.titles()[mason.matches[0].titles[0]].title, "Maçon / Maçonne");

  const OccupationSearch by_code = t.Search("h2913");
  ASSERT_FALSE(by_code.matches.empty());
  EXPECT_EQ(t.occupation(by_code.matches[0].occupation).code, "H2913");
  EXPECT_TRUE(by_code.matches[0].label_matches);

  EXPECT_EQ(t.Search("cuisin", 2).matches.size(), 2u);  // a prefix, capped
  EXPECT_TRUE(t.Search(" ,; ").matches.empty());
  EXPECT_TRUE(t.Search(" ,; ").suggestions.empty());
}

TEST(TaxonomyTest, SearchSuggestsTheThreeClosestTitlesWhenNothingMatches) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  const OccupationSearch typo = t.Search("soudeurr");
  EXPECT_TRUE(typo.matches.empty());
  ASSERT_EQ(typo.suggestions.size(), 3u);
  EXPECT_EQ(typo.suggestions[0].distance, 1);
  EXPECT_NE(typo.suggestions[0].text.find("oudeu"), std::string::npos) << typo.suggestions[0].text;
  EXPECT_LE(typo.suggestions[0].distance, typo.suggestions[1].distance);
  EXPECT_LE(typo.suggestions[1].distance, typo.suggestions[2].distance);
  EXPECT_NE(typo.suggestions[0].occupation, typo.suggestions[1].occupation);
  // Without suggestions (importers reading many bad cells): none, and the
  // same matches when something matches.
  EXPECT_TRUE(t.Search("soudeurr", 0, /*suggestions=*/false).suggestions.empty());
  EXPECT_EQ(t.Search("soudeur", 0, /*suggestions=*/false).matches.size(), t.Search("soudeur").matches.size());
}

TEST(TaxonomyTest, FindByTitleNamesOneOccupationExactly) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  EXPECT_EQ(t.FindByTitle("F1703"), t.Find("F1703"));
  EXPECT_EQ(t.FindByTitle("f1703"), t.Find("F1703"));
  EXPECT_EQ(t.FindByTitle("Maçonne"), t.Find("F1703"));
  EXPECT_EQ(t.FindByTitle("cuisinier / cuisiniere"), t.Find("G1602"));
  EXPECT_EQ(t.FindByTitle("Soudeuse à l'arc électrique"), t.Find("H2913"));
  EXPECT_EQ(t.FindByTitle("soudage manuel"), t.Find("H2913"));  // the label
  EXPECT_EQ(t.FindByTitle("soudeur"), kUnknownOccupation);      // a word, not a title
  EXPECT_EQ(t.FindByTitle("xyz"), kUnknownOccupation);
  EXPECT_EQ(t.FindByTitle(""), kUnknownOccupation);
}

TEST(TaxonomyTest, UserTaxonomiesAreSearchedByLabelAndCode) {
  const Taxonomy t = Taxonomy::FromCsvString("code,label\nX1,Soudure sous l'eau\nX2,Plongée\n");
  EXPECT_TRUE(t.titles().empty());
  EXPECT_TRUE(t.TitlesOf(0).empty());
  const OccupationSearch found = t.Search("soudure");
  ASSERT_EQ(found.matches.size(), 1u);
  EXPECT_EQ(found.matches[0].occupation, t.Find("X1"));
  EXPECT_TRUE(found.matches[0].label_matches);
  EXPECT_EQ(t.FindByTitle("plongee"), t.Find("X2"));
  EXPECT_EQ(t.FindByTitle("x2"), t.Find("X2"));
}

TEST(TaxonomyTest, ColumnsAreNamedByTheHeaderInAnyOrder) {
  const Taxonomy t = Taxonomy::FromCsvString(
      "neighbours,label,code,group_label\n"
      "X2,Un,X1,G\n"
      ",Deux,X2,\n");
  ASSERT_EQ(t.size(), 2);
  EXPECT_EQ(t.Label("X1"), "Un");
  EXPECT_EQ(t.occupation(0).group_label, "G");
  EXPECT_EQ(t.HopDistance(0, 1), 1);
  EXPECT_EQ(t.occupation(0).tension, 0.0);
  auto error_of = [](const std::string& csv) -> std::string {
    try {
      Taxonomy::FromCsvString(csv, "my.csv");
    } catch (const InvalidArgumentError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("code,label,colour\nX1,a,red\n").find("my.csv:1: header field 3: \"colour\" is not a column"),
            std::string::npos);
  EXPECT_NE(error_of("code,label,code\n").find("my.csv:1: header field 3: \"code\" is named twice"),
            std::string::npos);
  EXPECT_NE(error_of("code,tension\nX1,0.5\n").find("my.csv:1: header: the columns code and label are required"),
            std::string::npos);
  EXPECT_NE(error_of("code,label\n").find("no occupation listed"), std::string::npos);
}

TEST(TaxonomyTest, FoldingDropsAccentsCaseAndPunctuation) {
  EXPECT_EQ(taxonomy_internal::FoldForSearch("  Œuvre d’Élagage: ÇA, ça!  "), "oeuvre d elagage ca ca");
  EXPECT_EQ(taxonomy_internal::FoldForSearch("Aide-soudeur / Aide-soudeuse"), "aide soudeur aide soudeuse");
  EXPECT_EQ(taxonomy_internal::FoldForSearch(""), "");
}

TEST(TaxonomyTest, ProximityFollowsHopsThenPrefixes) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  EXPECT_DOUBLE_EQ(t.Proximity("G1602", "G1602"), 1.0);
  EXPECT_DOUBLE_EQ(t.Proximity("G1602", "G1605"), 0.70);
  // G1602 - G1603 - G1803: two hops.
  ASSERT_EQ(t.HopDistance(t.Find("G1602"), t.Find("G1803")), 2);
  EXPECT_DOUBLE_EQ(t.Proximity("G1602", "G1803"), 0.45);
  // Unlisted but ROME-shaped: prefix rule only.
  EXPECT_DOUBLE_EQ(t.Proximity("G1699", "G1602"), kProximitySameSubdomain);
  EXPECT_DOUBLE_EQ(t.Proximity("G1999", "G1602"), kProximitySameDomain);
  EXPECT_DOUBLE_EQ(t.Proximity("G1699", "G1699"), 1.0);
  EXPECT_DOUBLE_EQ(t.Proximity("Z1", "G1602"), 0.0);
  // Far apart: construction vs home help.
  EXPECT_DOUBLE_EQ(t.Proximity("F1610", "K1302"), 0.0);
}

TEST(TaxonomyTest, ProximityIsSymmetricAndInUnitInterval) {
  const Taxonomy& t = Taxonomy::BuiltIn();
  for (OccupationId a = 0; a < t.size(); ++a) {
    for (OccupationId b = 0; b < t.size(); ++b) {
      const double p = t.Proximity(a, b);
      ASSERT_EQ(p, t.Proximity(b, a));
      ASSERT_GE(p, 0.0);
      ASSERT_LE(p, 1.0);
      ASSERT_EQ(p == 1.0, a == b);
    }
  }
}

TEST(TaxonomyTest, LoadsCsvWithQuotesCommentsAndCrLf) {
  const Taxonomy t = Taxonomy::FromCsvString(
      "# comment\r\n"
      "code,label,tension,min_french_level,physical_demands,neighbours\r\n"
      "X1,\"Un, deux\",0.5,A2,heavy_loads;outdoor_work,X2\r\n"
      "\r\n"
      "X2,Trois,,none,,\r\n"
      "X3,Quatre,,,,X2\r\n");
  ASSERT_EQ(t.size(), 3);
  EXPECT_EQ(t.Label("X1"), "Un, deux");
  EXPECT_EQ(t.occupation(t.Find("X1")).default_min_french_level, CefrLevel::kA2);
  EXPECT_TRUE(t.occupation(t.Find("X1")).physical_demands.Has(PhysicalDemand::kOutdoorWork));
  EXPECT_EQ(t.occupation(t.Find("X1")).sector(), '\0');  // not ROME-shaped
  EXPECT_DOUBLE_EQ(t.Proximity("X1", "X3"), kProximityTwoHops);
  EXPECT_EQ(t.Neighbours(t.Find("X2")).size(), 2u);
}

TEST(TaxonomyTest, BadCsvLinesNameSourceLineAndField) {
  const std::string header = "code,label,tension,min_french_level,physical_demands,neighbours\n";
  auto error_of = [&](const std::string& body) -> std::string {
    try {
      Taxonomy::FromCsvString(header + body, "my.csv");
    } catch (const InvalidArgumentError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of("A1101,x,1.5,,,\n"), "my.csv:2: field tension: \"1.5\" is not a number in [0, 1]");
  EXPECT_NE(error_of("A1101,x,,Z9,,\n").find("my.csv:2: field min_french_level: \"Z9\""),
            std::string::npos);
  EXPECT_NE(error_of("A1101,x,,,flying,\n").find("my.csv:2: field physical_demands: \"flying\""),
            std::string::npos);
  EXPECT_NE(error_of("A1101,x,,,,B9999\n").find("my.csv:2: field neighbours: \"B9999\""),
            std::string::npos);
  EXPECT_NE(error_of("A1101,x,,,\n").find("my.csv:2: expected 6 fields"), std::string::npos);
  EXPECT_NE(error_of("A1101,x,,,,\nA1101,y,,,,\n").find("my.csv:3: field code: \"A1101\" is listed twice"),
            std::string::npos);
  EXPECT_NE(error_of("\"A1101,x,,,,\n").find("my.csv:2: unterminated"), std::string::npos);
  EXPECT_THROW(Taxonomy::FromCsvString("code,label\n"), InvalidArgumentError);
}

TEST(TaxonomyTest, FromCsvFileReadsAFileAndReportsAMissingOne) {
  const std::string path = ::testing::TempDir() + "/passerelle_taxonomy_test.csv";
  {
    std::ofstream out(path);
    out << "code,label,tension,min_french_level,physical_demands,neighbours\n"
           "F1703,Maçonnerie,0.694,A2,,F1701\nF1701,Béton,,,,\n";
  }
  const Taxonomy t = Taxonomy::FromCsvFile(path);
  EXPECT_EQ(t.size(), 2);
  EXPECT_DOUBLE_EQ(t.Proximity("F1703", "F1701"), 0.7);
  std::remove(path.c_str());
  try {
    Taxonomy::FromCsvFile(path);
    FAIL() << "expected an error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(TaxonomyTest, LargeTaxonomiesUseSparseRowsWithTheSameRule) {
  // Beyond 4096 occupations proximities live in sorted per-row lists.
  std::string csv = "code,label,tension,min_french_level,physical_demands,neighbours\n";
  constexpr int kSize = 4100;
  for (int i = 0; i < kSize; ++i) {
    csv += "E" + std::to_string(i) + ",x,,,," + (i + 1 < kSize ? "E" + std::to_string(i + 1) : "") +
           "\n";
  }
  // A ROME-shaped pair too, for the prefix rule on top of the graph.
  csv += "F1703,a,,,,\nF1704,b,,,,\n";
  const Taxonomy t = Taxonomy::FromCsvString(csv);
  ASSERT_EQ(t.size(), kSize + 2);
  const OccupationId a = t.Find("E100");
  EXPECT_EQ(t.HopDistance(a, t.Find("E103")), 3);
  EXPECT_EQ(t.HopDistance(a, t.Find("E104")), -1);
  EXPECT_DOUBLE_EQ(t.Proximity("E100", "E100"), 1.0);
  EXPECT_DOUBLE_EQ(t.Proximity("E100", "E101"), 0.70);
  EXPECT_DOUBLE_EQ(t.Proximity("E102", "E100"), 0.45);
  EXPECT_DOUBLE_EQ(t.Proximity("E100", "E103"), 0.25);
  EXPECT_DOUBLE_EQ(t.Proximity("E100", "E104"), 0.0);
  EXPECT_DOUBLE_EQ(t.Proximity("F1703", "F1704"), kProximitySameSubdomain);
}

TEST(TaxonomyTest, DomainLabelsInBothLanguages) {
  EXPECT_EQ(Taxonomy::DomainLabel('F', Language::kFrench), "construction, bâtiment et travaux publics");
  EXPECT_EQ(Taxonomy::DomainLabel('F', Language::kEnglish), "construction and public works");
  EXPECT_EQ(Taxonomy::DomainLabel('Z', Language::kEnglish), "");
}

}  // namespace
}  // namespace passerelle
