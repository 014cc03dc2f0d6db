#include "passerelle/taxonomy.h"

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "passerelle/error.h"

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
  EXPECT_GE(t.size(), 100);
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
