// Tests of the region files and their parser (include/passerelle/synthetic.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "passerelle/error.h"
#include "passerelle/places.h"
#include "passerelle/synthetic.h"

namespace passerelle::synthetic {
namespace {

const DepartementInfo& Dep(const Region& r, const std::string& code) {
  for (const auto& d : r.departements) {
    if (d.code == code) return d;
  }
  ADD_FAILURE() << "no departement " << code;
  static DepartementInfo none;
  return none;
}

std::string ErrorOf(std::string_view text) {
  try {
    ParseRegion(text, "test.csv");
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kMinimal =
    "region,x,X,FR\n"
    "family,construction,1\n"
    "seasonal_family,agriculture,1\n"
    "departement,01,Ain,100,0.2\n"
    "town,01,Bourg,46.2,5.22,41,full\n";

TEST(RegionTest, BuiltInRegionsAreTheFiveOfTheSeedsAndFrance) {
  EXPECT_EQ(AvailableRegions(),
            (std::vector<std::string>{"entre-sambre-et-meuse", "france", "loir-et-cher",
                                      "occitanie", "somme", "val-de-marne"}));
  for (const std::string& name : AvailableRegions()) {
    const Region r = LoadRegion(name);
    EXPECT_EQ(r.name, name);
    EXPECT_GE(r.towns.size(), 8u) << name;
  }
}

TEST(RegionTest, BuiltInRegionsMatchTheFilesInTheRepository) {
  const std::string dir = std::string(PASSERELLE_SOURCE_DIR) + "/data/regions";
  for (const std::string& name : AvailableRegions()) {
    std::ifstream in(dir + "/" + name + ".csv", std::ios::binary);
    ASSERT_TRUE(in) << name;
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const Region from_file = ParseRegion(text, name);
    const Region built_in = LoadRegion(name);
    ASSERT_EQ(from_file.towns.size(), built_in.towns.size()) << name;
    for (size_t t = 0; t < built_in.towns.size(); ++t) {
      EXPECT_EQ(from_file.towns[t].name, built_in.towns[t].name);
      EXPECT_EQ(from_file.towns[t].location.latitude, built_in.towns[t].location.latitude);
    }
  }
}

// DOMAIN.md: the 13 prefectures and the BMO 2023 figures.
TEST(RegionTest, OccitanieHasThePrefecturesAndBmoVolumes) {
  const Region r = LoadRegion("occitanie");
  EXPECT_EQ(r.departements.size(), 13u);
  const std::map<std::string, std::pair<std::string, GeoPoint>> prefectures = {
      {"09", {"Foix", {42.9659, 1.6104}}},       {"11", {"Carcassonne", {43.2094, 2.3440}}},
      {"12", {"Rodez", {44.3582, 2.5673}}},      {"30", {"Nîmes", {43.8449, 4.3481}}},
      {"31", {"Toulouse", {43.5964, 1.4317}}},   {"32", {"Auch", {43.6534, 0.5752}}},
      {"34", {"Montpellier", {43.6134, 3.8685}}}, {"46", {"Cahors", {44.4507, 1.4408}}},
      {"48", {"Mende", {44.5295, 3.4809}}},      {"65", {"Tarbes", {43.2348, 0.0660}}},
      {"66", {"Perpignan", {42.6966, 2.8994}}},  {"81", {"Albi", {43.9258, 2.1469}}},
      {"82", {"Montauban", {44.0223, 1.3641}}}};
  for (const auto& [code, expected] : prefectures) {
    const auto it = std::find_if(r.towns.begin(), r.towns.end(),
                                 [&](const Town& t) { return t.name == expected.first; });
    ASSERT_NE(it, r.towns.end()) << expected.first;
    EXPECT_EQ(it->departement, code);
    // The commune's centroid, near DOMAIN's town-hall coordinates.
    EXPECT_LT(DistanceKm(it->location, expected.second), 5) << expected.first;
    // More towns than the prefecture in every département.
    EXPECT_GE(std::count_if(r.towns.begin(), r.towns.end(),
                            [&](const Town& t) { return t.departement == code; }),
              5)
        << code;
  }
  double total = 0, seasonal = 0;
  for (const auto& d : r.departements) {
    total += d.hiring_projects;
    seasonal += d.hiring_projects * d.seasonal_share;
  }
  EXPECT_EQ(total, 279944);
  EXPECT_NEAR(seasonal / total, 0.38, 0.005);
  EXPECT_EQ(Dep(r, "31").hiring_projects, 63239);
  EXPECT_EQ(Dep(r, "31").seasonal_share, 0.16);
  EXPECT_EQ(Dep(r, "48").hiring_projects, 3616);
  EXPECT_EQ(Dep(r, "82").seasonal_share, 0.58);
  const auto [smallest, biggest] = std::minmax_element(
      r.departements.begin(), r.departements.end(),
      [](const auto& a, const auto& b) { return a.hiring_projects < b.hiring_projects; });
  EXPECT_EQ(biggest->code, "31");
  EXPECT_EQ(smallest->code, "48");
}

// Every listed town lies near its region (within 330 km of the region's
// first town) and its département (within 95 km of the département's first
// town), so a swapped latitude and longitude or a typo shows. Regions made
// of the built-in communes are checked against the communes themselves
// (`FrenchRegionsAreEveryCommuneOfTheirDepartements`).
TEST(RegionTest, ListedTownsLieInTheirRegion) {
  int listed = 0;
  for (const std::string& name : AvailableRegions()) {
    const Region r = LoadRegion(name);
    if (r.towns_are_communes) continue;
    ++listed;
    for (const Town& t : r.towns) {
      EXPECT_LT(DistanceKm(t.location, r.towns[0].location), 330) << name << " " << t.name;
    }
    std::map<std::string, GeoPoint> first_of_departement;
    for (const Town& t : r.towns) {
      auto [it, inserted] = first_of_departement.emplace(t.departement, t.location);
      EXPECT_LT(DistanceKm(t.location, it->second), 95) << name << " " << t.name;
    }
  }
  EXPECT_EQ(listed, 1);  // entre-sambre-et-meuse
}

// A French region's towns are every current commune of its départements
// with inhabitants and a centroid (the arrondissements of Paris, Lyon and
// Marseille, not the cities), at the commune's centroid and population;
// `transit` records set the coverage of the communes they name, the others
// follow the population rule.
TEST(RegionTest, FrenchRegionsAreEveryCommuneOfTheirDepartements) {
  const Communes& communes = Communes::BuiltIn();
  for (const std::string& name : {"loir-et-cher", "occitanie", "val-de-marne", "somme", "france"}) {
    const Region r = LoadRegion(name);
    EXPECT_TRUE(r.towns_are_communes) << name;
    size_t expected = 0;
    for (const Commune& c : communes.all()) {
      const bool in_region = std::any_of(r.departements.begin(), r.departements.end(),
                                         [&](const DepartementInfo& d) { return d.code == c.departement; });
      const bool city = c.insee_code == "75056" || c.insee_code == "69123" || c.insee_code == "13055";
      expected += in_region && !c.is_former() && !city && c.has_centroid && c.population > 0;
    }
    EXPECT_EQ(r.towns.size(), expected) << name;
    for (const Town& t : r.towns) {
      const Commune* c = communes.FindByInseeCode(t.insee_code);
      ASSERT_NE(c, nullptr) << name << " " << t.name;
      EXPECT_EQ(c->name, t.name);
      EXPECT_EQ(c->departement, t.departement);
      EXPECT_EQ(c->latitude, t.location.latitude);
      EXPECT_EQ(c->population / 1000.0, t.population_thousands);
    }
  }
  const Region lec = LoadRegion("loir-et-cher");
  auto town = [&](const char* insee) {
    for (const Town& t : lec.towns) {
      if (t.insee_code == insee) return t;
    }
    ADD_FAILURE() << insee;
    return Town{};
  };
  EXPECT_EQ(town("41018").transit, TransitAccess::kFull);     // Blois, listed full
  EXPECT_EQ(town("41269").transit, TransitAccess::kDaytime);  // Vendôme, listed
  EXPECT_EQ(town("41034").transit, TransitAccess::kNone);     // Chambord: 100 inhabitants
  // Contres, listed, is now part of Le Controis-en-Sologne.
  EXPECT_EQ(town("41059").transit, TransitAccess::kDaytime);
  // Paris is its 20 arrondissements, all served.
  const Region vdm = LoadRegion("val-de-marne");
  for (const Town& t : vdm.towns) EXPECT_EQ(t.transit, TransitAccess::kFull) << t.name;
}

// `--region` takes a département's code or name, or a region's name, for
// any French one: a built-in file of that one département when there is
// one, else the `france` file's shape on the built-in communes.
TEST(RegionTest, AnyFrenchDepartementOrRegionByCodeOrName) {
  auto codes = [](const Region& r) {
    std::vector<std::string> out;
    for (const DepartementInfo& d : r.departements) out.push_back(d.code);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(LoadRegion("41").name, "loir-et-cher");
  EXPECT_EQ(LoadRegion("80").name, "somme");
  EXPECT_EQ(LoadRegion("Occitanie").name, "occitanie");
  EXPECT_EQ(LoadRegion("Loir-et-Cher").name, "loir-et-cher");
  const Region cher = LoadRegion("cher");
  EXPECT_EQ(codes(cher), std::vector<std::string>{"18"});
  EXPECT_EQ(cher.name, "18");
  EXPECT_EQ(cher.label, "Cher");
  EXPECT_EQ(Dep(cher, "18").seasonal_share, Dep(LoadRegion("france"), "18").seasonal_share);
  EXPECT_EQ(codes(LoadRegion("2a")), std::vector<std::string>{"2A"});
  EXPECT_EQ(codes(LoadRegion("1")), std::vector<std::string>{"01"});
  EXPECT_EQ(codes(LoadRegion("bretagne")), (std::vector<std::string>{"22", "29", "35", "56"}));
  EXPECT_EQ(codes(LoadRegion("ILE DE FRANCE")).size(), 8u);
  EXPECT_EQ(LoadRegion("provence-alpes-cote-d'azur").label, "Provence-Alpes-Côte d'Azur");
  // Overseas: not in the france file; spread by population.
  const Region reunion = LoadRegion("974");
  EXPECT_EQ(reunion.label, "La Réunion");
  EXPECT_EQ(Dep(reunion, "974").seasonal_share, 0.30);
  EXPECT_GE(reunion.towns.size(), 20u);
  EXPECT_THROW(LoadRegion("99"), InvalidArgumentError);
  EXPECT_THROW(LoadRegion("975"), InvalidArgumentError);  // a collectivity, not a département
}

// France: the 96 metropolitan départements (Corsica as 2A and 2B), every one
// "spread by population" (no BMO volume beside zeros), inside metropolitan
// France (Corsica's towns on the island), Paris the biggest town, and
// DOMAIN's two seasonal shares.
TEST(RegionTest, FranceHasTheMetropolitanDepartements) {
  const Region r = LoadRegion("france");
  EXPECT_EQ(r.country, "FR");
  std::vector<std::string> expected;
  for (int i = 1; i <= 95; ++i) {
    if (i == 20) continue;
    char code[3];
    std::snprintf(code, sizeof code, "%02d", i);
    expected.emplace_back(code);
  }
  expected.emplace_back("2A");
  expected.emplace_back("2B");
  std::vector<std::string> codes;
  for (const auto& d : r.departements) {
    codes.push_back(d.code);
    EXPECT_EQ(d.hiring_projects, 0) << d.code;
    EXPECT_FALSE(d.name.empty()) << d.code;
  }
  std::sort(codes.begin(), codes.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(codes, expected);
  EXPECT_EQ(Dep(r, "31").seasonal_share, 0.16);
  EXPECT_EQ(Dep(r, "82").seasonal_share, 0.58);
  EXPECT_GE(r.towns.size(), 34000u);
  for (const Town& t : r.towns) {
    EXPECT_TRUE(t.location.latitude >= 41.3 && t.location.latitude <= 51.1 &&
                t.location.longitude >= -5.2 && t.location.longitude <= 9.6)
        << t.name;
    const bool corsica = t.departement == "2A" || t.departement == "2B";
    EXPECT_EQ(corsica, t.location.latitude < 43.1 && t.location.longitude > 8.5) << t.name;
  }
  const auto biggest = std::max_element(
      r.towns.begin(), r.towns.end(),
      [](const Town& a, const Town& b) { return a.population_thousands < b.population_thousands; });
  EXPECT_EQ(biggest->name, "Toulouse");  // Paris, Lyon and Marseille are arrondissements
  EXPECT_EQ(biggest->transit, TransitAccess::kFull);
}

TEST(RegionTest, ValMarneIsFullyServedAndBelgiumMostlyNot) {
  const Region vdm = LoadRegion("val-de-marne");
  for (const Town& t : vdm.towns) EXPECT_EQ(t.transit, TransitAccess::kFull) << t.name;
  const Region esm = LoadRegion("entre-sambre-et-meuse");
  EXPECT_EQ(esm.country, "BE");
  int without = 0;
  for (const Town& t : esm.towns) {
    without += t.transit == TransitAccess::kNone;
    EXPECT_NE(t.transit, TransitAccess::kFull) << t.name;
    EXPECT_TRUE(t.departement == "BE-WNA" || t.departement == "BE-WHT") << t.name;
  }
  EXPECT_GE(without * 5, static_cast<int>(esm.towns.size()) * 2);  // >= 40%
}

TEST(RegionTest, ParsesAMinimalFileWithComments) {
  const Region r = ParseRegion(std::string("# a comment\n\n") + kMinimal + "  # trailing\n",
                               "test.csv");
  EXPECT_EQ(r.name, "x");
  ASSERT_EQ(r.towns.size(), 1u);
  EXPECT_EQ(r.towns[0].transit, TransitAccess::kFull);
  EXPECT_EQ(r.towns[0].location.longitude, 5.22);
  EXPECT_EQ(r.family_shares[static_cast<int>(Family::kConstruction)], 1);
}

TEST(RegionTest, ErrorsNameFileLineAndField) {
  const std::string base = kMinimal;
  EXPECT_EQ(ErrorOf(base + "town,01,Oyonnax,4x.1,5.65,22,full\n"),
            "test.csv:6: town: latitude \"4x.1\" is not a number");
  EXPECT_EQ(ErrorOf(base + "town,02,Laon,49.56,3.62,24,full\n"),
            "test.csv:6: town: département \"02\" not declared before the town");
  EXPECT_EQ(ErrorOf(base + "town,01,Gex,46.33,6.05,13,sometimes\n"),
            "test.csv:6: town: transit \"sometimes\" is not one of none, daytime, full");
  EXPECT_EQ(ErrorOf(base + "village,01,Gex\n"),
            "test.csv:6: village: unknown record kind; expected region, family, "
            "seasonal_family, network, departement, town, towns or transit");
  EXPECT_EQ(ErrorOf(base + "transit,01,Gex,full\n"),
            "test.csv:6: transit: a transit record needs \"towns,communes\" before it");
  const std::string communes =
      "region,x,X,FR\nfamily,construction,1\nseasonal_family,agriculture,1\n"
      "departement,01,Ain,100,0.2\ntowns,communes\n";
  EXPECT_EQ(ErrorOf(communes + "transit,01,Gexx,full\n").rfind(
                "test.csv:6: transit: no commune \"Gexx\" in département 01; closest: ", 0),
            0u);
  EXPECT_EQ(ErrorOf(communes + "transit,02,Laon,full\n"),
            "test.csv:6: transit: département \"02\" not declared before the record");
  EXPECT_EQ(ErrorOf(communes + "town,01,Gex,46.33,6.05,13,full\n"),
            "test.csv:6: town: towns are the built-in communes (\"towns,communes\"): no town record");
  EXPECT_EQ(ErrorOf(base + "towns,communes\n"), "test.csv:6: towns: towns are listed already");
  EXPECT_EQ(ErrorOf("region,x,X,BE\nfamily,construction,1\nseasonal_family,agriculture,1\n"
                    "towns,communes\n"),
            "test.csv:4: towns: built-in communes are French: country must be FR");
  EXPECT_EQ(ParseRegion(communes + "transit,01,Gex,full\n", "t").towns.size(),
            ParseRegion(communes, "t").towns.size());
  EXPECT_EQ(ErrorOf(base + "family,cooking,0.1\n").rfind("test.csv:6: family: unknown family "
                                                           "\"cooking\"; known: construction",
                                                           0),
            0u);
  EXPECT_EQ(ErrorOf(base + "family,care,0.5\n"), "test.csv: family shares sum to 1.5, expected 1");
  EXPECT_EQ(ErrorOf(base + "town,01,Gex,46.33,6.05\n"),
            "test.csv:6: town: expected 7 fields (town,departement,name,latitude,longitude,"
            "population_thousands,transit), got 5");
  EXPECT_EQ(ErrorOf("family,care,1\n"),
            "test.csv:1: family: the first record must be \"region,name,label,country\"");
  EXPECT_EQ(ErrorOf(base + "departement,03,Allier,10,0.1\n"),
            "test.csv: département \"03\" has no town");
}

TEST(RegionTest, UserFolderAddsARegion) {
  const auto dir = std::filesystem::temp_directory_path() / "passerelle_region_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "ain.csv");
    out << kMinimal;
  }
  const Region r = LoadRegion("ain", dir.string());
  EXPECT_EQ(r.name, "x");
  // Built-in regions stay available with a folder given.
  EXPECT_EQ(LoadRegion("somme", dir.string()).name, "somme");
  try {
    LoadRegion("mars", dir.string());
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("(and no file " + dir.string() + "/mars.csv)"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(RegionTest, UnknownRegionListsTheAvailableOnes) {
  try {
    LoadRegion("mars");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(),
                 "--region: unknown region \"mars\"; available: entre-sambre-et-meuse, "
                 "france, loir-et-cher, occitanie, somme, val-de-marne, or a French "
                 "département (code or name) or region");
  }
  EXPECT_THROW(LoadRegion("../occitanie"), InvalidArgumentError);
}

}  // namespace
}  // namespace passerelle::synthetic
