// Tests of passerelle/places.h: the built-in communes, each kind of place
// (INSEE code, postal code, name with or without département), ambiguity
// and unknown places refused with the record and field, former communes,
// coordinates given with a place, and the wire (FromProto, ResolvePlaces).
#include "passerelle/places.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/proto.h"

namespace passerelle {
namespace {

// `part` appears in `text` (which is shown when it does not).
#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

const Communes& Fr() { return Communes::BuiltIn(); }

PlaceResolution Resolve(std::string_view insee, std::string_view postal, std::string_view place,
                        const GeoPoint* coordinates = nullptr) {
  return Fr().Resolve({insee, postal, place, coordinates});
}

TEST(NormalizePlaceNameTest, FoldsCaseAccentsPunctuationAndSaint) {
  EXPECT_EQ(NormalizePlaceName("Saint-Étienne-du-Rouvray"), "st etienne du rouvray");
  EXPECT_EQ(NormalizePlaceName("  ST ETIENNE   du rouvray "), "st etienne du rouvray");
  EXPECT_EQ(NormalizePlaceName("L'Haÿ-les-Roses"), "l hay les roses");
  EXPECT_EQ(NormalizePlaceName("L’Haÿ les Roses"), "l hay les roses");
  EXPECT_EQ(NormalizePlaceName("Sainte-Marie-aux-Mines"), "ste marie aux mines");
  EXPECT_EQ(NormalizePlaceName("Œuilly"), "oeuilly");
  EXPECT_EQ(NormalizePlaceName(""), "");
}

TEST(CommunesTest, BuiltInHoldsEveryRowOnceAndIsSharedAcrossThreads) {
  EXPECT_EQ(Fr().all().size(), 37590u);
  std::vector<const Communes*> seen(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) threads.emplace_back([&, i] { seen[i] = &Communes::BuiltIn(); });
  for (std::thread& t : threads) t.join();
  for (const Communes* c : seen) EXPECT_EQ(c, &Fr());
}

TEST(CommunesTest, InseeCodePrefersTheCurrentCommuneOverItsFormerSeat) {
  const Commune* c = Fr().FindByInseeCode("41059");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "Le Controis-en-Sologne");
  EXPECT_EQ(c->kind, CommuneKind::kCommune);
  EXPECT_EQ(Fr().FindByInseeCode("99999"), nullptr);
}

TEST(PlacesTest, ResolvesAnInseeCodeToTheCentroidAtTownPrecision) {
  const PlaceResolution r = Resolve("41018", "", "");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->name, "Blois");
  EXPECT_NEAR(r.point.latitude, 47.58, 0.05);
  EXPECT_NEAR(r.point.longitude, 1.31, 0.05);
  EXPECT_EQ(r.point.precision, GeoPrecision::kTown);
  EXPECT_TRUE(r.note.empty());
}

TEST(PlacesTest, ResolvesAPostalCodeOfOneCommuneAndAnArrondissementRatherThanItsCity) {
  PlaceResolution r = Resolve("", "75001", "");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->insee_code, "75101");
  r = Resolve("", "13008", "");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->name, "Marseille 8e Arrondissement");
}

TEST(PlacesTest, ResolvesANameWithItsDepartementIgnoringCaseAndAccents) {
  for (const char* place : {"Saint-Aignan (41)", "st aignan (41)", "SAINT AIGNAN(41)"}) {
    const PlaceResolution r = Resolve("", "", place);
    ASSERT_NE(r.commune, nullptr) << place << ": " << r.problem;
    EXPECT_EQ(r.commune->insee_code, "41198") << place;
  }
  const PlaceResolution r = Resolve("", "", "ajaccio (2a)");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->insee_code, "2A004");
}

TEST(PlacesTest, APostalCodeAndANameTogetherPickOneCommune) {
  const PlaceResolution r = Resolve("", "41000", "Villebarou");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->insee_code, "41276");
}

TEST(PlacesTest, AnAmbiguousPostalCodeIsRefusedListingItsCommunes) {
  const PlaceResolution r = Resolve("", "41120", "");
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_EQ(r.field, "postal_code");
  EXPECT_CONTAINS(r.problem, "postal code 41120 covers 11 communes: ");
  EXPECT_CONTAINS(r.problem, "Cellettes (41, 41031)");
}

TEST(PlacesTest, AnAmbiguousNameIsRefusedListingCurrentAndFormerCommunes) {
  const PlaceResolution r = Resolve("", "", "Contres");
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_EQ(r.field, "place");
  EXPECT_CONTAINS(r.problem, "\"Contres\" names 2 communes");
  EXPECT_CONTAINS(r.problem, "Contres (18, 18071)");
  EXPECT_CONTAINS(r.problem, "Contres (41, 41059, now part of Le Controis-en-Sologne)");
}

TEST(PlacesTest, AnUnknownNameIsRefusedWithTheClosestNames) {
  const PlaceResolution r = Resolve("", "", "Bloiss");
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_EQ(r.field, "place");
  EXPECT_CONTAINS(r.problem, "\"Bloiss\" is not a commune; closest: Blois (41)");
  const PlaceResolution quiet = Fr().Resolve({"", "", "Bloiss", nullptr}, /*suggestions=*/false);
  EXPECT_EQ(quiet.problem, "\"Bloiss\" is not a commune");
}

TEST(PlacesTest, SuggestionsCountASwapOfTwoLettersAsOneEdit) {
  // Plain edit distance puts Paars and Lano first (one substitution).
  EXPECT_EQ(Fr().Suggest("Pairs").front(), "Paris (75)");
  EXPECT_EQ(Fr().Suggest("Lyno").front(), "Lyon (69)");
  EXPECT_EQ(Fr().Suggest("Tuolouse").front(), "Toulouse (31)");
}

TEST(PlacesTest, ANameInTheWrongDepartementSaysWhereItIs) {
  const PlaceResolution r = Resolve("", "", "Blois (37)");
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_CONTAINS(r.problem, "is not a commune of département 37; there is Blois (41, 41018)");
}

TEST(PlacesTest, UnknownCodesAreRefused) {
  PlaceResolution r = Resolve("41999", "", "");
  EXPECT_EQ(r.field, "insee_code");
  EXPECT_EQ(r.problem, "\"41999\" is not the INSEE code of a commune");
  r = Resolve("", "00000", "");
  EXPECT_EQ(r.field, "postal_code");
  EXPECT_EQ(r.problem, "\"00000\" is not the postal code of a commune");
}

TEST(PlacesTest, FieldsThatDisagreeWithTheInseeCodeAreRefused) {
  PlaceResolution r = Resolve("41018", "75001", "");
  EXPECT_EQ(r.field, "postal_code");
  EXPECT_CONTAINS(r.problem, "is not a postal code of Blois (41, 41018)");
  r = Resolve("41018", "", "Tours");
  EXPECT_EQ(r.field, "place");
  r = Resolve("41018", "41000", "blois (41)");
  EXPECT_NE(r.commune, nullptr) << r.problem;
}

TEST(PlacesTest, AFormerCommuneResolvesToItsOwnCentroidAndNamesItsNewCommune) {
  const PlaceResolution r = Resolve("", "", "Contres (41)");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_TRUE(r.commune->is_former());
  EXPECT_CONTAINS(r.note, "now part of Le Controis-en-Sologne (41059)");
  // Annecy-le-Vieux has its own code and centroid, distinct from Annecy's.
  const PlaceResolution own = Resolve("74011", "", "");
  ASSERT_NE(own.commune, nullptr) << own.problem;
  EXPECT_EQ(own.commune->name, "Annecy-le-Vieux");
  EXPECT_CONTAINS(own.note, "now part of Annecy (74010); its own centroid is used");
  const Commune* annecy = Fr().FindByInseeCode("74010");
  EXPECT_NE(own.point.latitude, annecy->latitude);
}

TEST(PlacesTest, AFormerCommuneWithoutCentroidTakesItsNewCommunes) {
  const PlaceResolution r = Resolve("12076", "", "");
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->name, "Conques");
  const Commune* now = Fr().FindByInseeCode("12218");
  EXPECT_EQ(r.point.latitude, now->latitude);
  EXPECT_CONTAINS(r.note, "now part of Conques-en-Rouergue (12218); that commune's centroid is used");
}

TEST(PlacesTest, CoordinatesGivenWinAndAreCheckedAgainstThePlace) {
  const GeoPoint near{47.60, 1.33, GeoPrecision::kAddress};
  PlaceResolution r = Resolve("41018", "", "", &near);
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.point.latitude, 47.60);
  EXPECT_EQ(r.point.precision, GeoPrecision::kAddress);
  const GeoPoint swapped{1.33, 47.60, GeoPrecision::kAddress};
  r = Resolve("41018", "", "", &swapped);
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_EQ(r.field, "insee_code");
  EXPECT_CONTAINS(r.problem, "km from the latitude and longitude given (more than 40 km)");
  // Coordinates choose among the communes of an ambiguous postal code.
  const GeoPoint cellettes{47.5284, 1.3812, GeoPrecision::kAddress};
  r = Resolve("", "41120", "", &cellettes);
  ASSERT_NE(r.commune, nullptr) << r.problem;
  EXPECT_EQ(r.commune->name, "Cellettes");
}

TEST(PlacesTest, HostileNamesAreCutAndCheap) {
  const std::string huge(10'000'000, 'a');
  const PlaceResolution r = Resolve("", "", huge);
  EXPECT_EQ(r.commune, nullptr);
  EXPECT_LT(r.problem.size(), 400u);
  EXPECT_CONTAINS(r.problem, "(10000000 bytes)");
}

v1::MatchRequest RequestWithPlaces() {
  v1::MatchRequest r;
  v1::Opening* o = r.add_openings();
  o->set_id("o-1");
  o->set_kind(v1::OPENING_KIND_JOB);
  o->set_occupation("D1102");
  o->mutable_location()->set_place("Blois (41)");
  v1::Candidate* c = r.add_candidates();
  c->set_id("c-1");
  c->mutable_home()->set_insee_code("41269");
  c->set_french_level(v1::CEFR_LEVEL_A2);
  c->set_right_to_work(v1::RIGHT_TO_WORK_FULL);
  c->add_target_occupations("D1102");
  c = r.add_candidates();
  c->set_id("c-2");
  c->mutable_home()->set_place("Contres (41)");
  c->set_french_level(v1::CEFR_LEVEL_A2);
  c->set_right_to_work(v1::RIGHT_TO_WORK_FULL);
  c->add_target_occupations("D1102");
  return r;
}

TEST(PlacesProtoTest, FromProtoResolvesHomesAndLocations) {
  const MatchRequest r = FromProto(RequestWithPlaces());
  EXPECT_EQ(r.candidates[0].home.precision, GeoPrecision::kTown);
  EXPECT_NEAR(r.candidates[0].home.latitude, 47.80, 0.01);  // Vendôme
  EXPECT_NEAR(r.openings[0].location.latitude, 47.58, 0.01);
  EXPECT_EQ(r.openings[0].location.precision, GeoPrecision::kTown);
}

TEST(PlacesProtoTest, FromProtoNamesTheRecordAndFieldOfEachBadPlace) {
  v1::MatchRequest proto = RequestWithPlaces();
  proto.mutable_candidates(0)->mutable_home()->set_insee_code("");
  proto.mutable_candidates(0)->mutable_home()->set_postal_code("41120");
  proto.mutable_openings(0)->mutable_location()->set_place("Blios");
  try {
    FromProto(proto);
    FAIL() << "accepted";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2u) << e.what();
    EXPECT_CONTAINS(e.problems()[0], "candidates[0] (id \"c-1\").home.postal_code: postal code 41120 covers 11 communes");
    EXPECT_CONTAINS(e.problems()[1], "openings[0] (id \"o-1\").location.place: \"Blios\" is not a commune; "
                                           "closest: Blois (41)");
  }
}

TEST(PlacesProtoTest, ResolvePlacesFillsCoordinatesKeepsFieldsAndNotesFormerCommunes) {
  v1::MatchRequest proto = RequestWithPlaces();
  std::vector<std::string> notes;
  EXPECT_EQ(ResolvePlaces(&proto, &notes), 3);
  const v1::GeoPoint& home = proto.candidates(0).home();
  EXPECT_NEAR(home.latitude(), 47.80, 0.01);
  EXPECT_EQ(home.precision(), v1::GEO_PRECISION_TOWN);
  EXPECT_EQ(home.insee_code(), "41269");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_CONTAINS(notes[0], "candidates[1] (id \"c-2\").home: Contres (41, 41059) is a former commune, now "
                                  "part of Le Controis-en-Sologne");
  // The resolved request reads the same as the original.
  const MatchRequest a = FromProto(RequestWithPlaces());
  const MatchRequest b = FromProto(proto);
  EXPECT_EQ(a.candidates[1].home.latitude, b.candidates[1].home.latitude);
  EXPECT_EQ(a.candidates[1].home.precision, b.candidates[1].home.precision);
}

TEST(PlacesProtoTest, ResolvePlacesListsNotesInCandidateOrderWhateverTheSlices) {
  v1::MatchRequest proto = RequestWithPlaces();
  for (int i = 0; i < 20000; ++i) {
    v1::Candidate* c = proto.add_candidates();
    c->set_id("x" + std::to_string(i));
    c->mutable_home()->set_insee_code(i % 2 ? "74011" : "41018");  // Annecy-le-Vieux: a former commune
  }
  std::vector<std::string> notes;
  EXPECT_EQ(ResolvePlaces(&proto, &notes), 20003);
  ASSERT_EQ(notes.size(), 10001u);
  EXPECT_EQ(notes[1].rfind("candidates[3] (id \"x1\").home: Annecy-le-Vieux", 0), 0u) << notes[1];
  EXPECT_EQ(notes.back().rfind("candidates[20001] (id \"x19999\").home: ", 0), 0u) << notes.back();
}

}  // namespace
}  // namespace passerelle
