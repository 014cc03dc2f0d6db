// The built-in communes and the resolution of places (passerelle/places.h).
#include "passerelle/places.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <mutex>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/validate.h"

namespace passerelle {

// Defined in the source generated from data/places/communes.csv.
extern const char kBuiltinCommunesCsv[];

namespace {

// The ASCII spelling of U+00C0..U+00FF ("" for the two signs, × and ÷).
constexpr const char* kLatin1Folded[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  //
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Names are compared on their first bytes only: no French commune's name
// is longer, and a hostile 10 MB "place" costs no more than a long one.
constexpr size_t kMaxNameBytes = 128;

void AppendToken(std::string* out, std::string_view token) {
  if (token.empty()) return;
  if (!out->empty()) out->push_back(' ');
  if (token == "saint") token = "st";
  if (token == "sainte") token = "ste";
  out->append(token);
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool ListHas(std::string_view space_separated, std::string_view code) {
  if (code.empty()) return false;
  for (std::string_view c : Split(space_separated, ' ')) {
    if (c == code) return true;
  }
  return false;
}

bool IsDepartementCode(std::string_view d) {
  if (d.size() == 2) {
    return (std::isdigit(static_cast<unsigned char>(d[0])) && std::isdigit(static_cast<unsigned char>(d[1]))) ||
           (d[0] == '2' && (d[1] == 'A' || d[1] == 'B' || d[1] == 'a' || d[1] == 'b'));
  }
  return d.size() == 3 && std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string UpperDepartement(std::string_view d) {
  std::string out(d);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "Contres (41)" -> name "Contres", département "41"; "Mans (Le)" -> "Le
// Mans" (the old official order).
struct ParsedPlace {
  std::string name;
  std::string departement;
};

ParsedPlace ParsePlace(std::string_view place) {
  place = place.substr(0, kMaxNameBytes);
  while (!place.empty() && place.back() == ' ') place.remove_suffix(1);
  ParsedPlace parsed{std::string(place), ""};
  const size_t open = place.rfind('(');
  if (place.empty() || place.back() != ')' || open == std::string_view::npos) return parsed;
  std::string_view inside = place.substr(open + 1, place.size() - open - 2);
  while (!inside.empty() && inside.front() == ' ') inside.remove_prefix(1);
  while (!inside.empty() && inside.back() == ' ') inside.remove_suffix(1);
  const std::string_view before = place.substr(0, open);
  if (IsDepartementCode(inside)) {
    parsed = {std::string(before), UpperDepartement(inside)};
  } else {
    const std::string article = NormalizePlaceName(inside);
    if (article == "le" || article == "la" || article == "les" || article == "l") {
      parsed.name = std::string(inside) + " " + std::string(before);
    }
  }
  return parsed;
}

// Edit distance counting a swap of two neighbours as one edit ("Blios" is
// one edit from "Blois"; optimal string alignment), or a value above
// `limit` as soon as it must exceed it. `rows` is scratch space.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit, std::vector<size_t>* rows) {
  const size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  const size_t width = b.size() + 1;
  rows->assign(3 * width, 0);
  size_t* before = rows->data();       // row i - 2
  size_t* previous = before + width;   // row i - 1
  size_t* current = previous + width;  // row i
  for (size_t j = 0; j < width; ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    size_t best = i;
    for (size_t j = 1; j < width; ++j) {
      size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      best = std::min(best, d);
    }
    if (best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool IsOverseas(std::string_view departement) { return departement.size() == 3; }

}  // namespace

std::string NormalizePlaceName(std::string_view name) {
  name = name.substr(0, kMaxNameBytes);
  std::string out;
  std::string token;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        token.push_back(static_cast<char>(std::tolower(c)));
      } else {
        AppendToken(&out, token);
        token.clear();
      }
      ++i;
      continue;
    }
    // Multi-byte UTF-8: fold the Latin letters French uses.
    size_t length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + length > name.size()) length = name.size() - i;
    const char* folded = "";
    if (length == 2) {
      const unsigned code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu);
      if (code >= 0xC0 && code <= 0xFF) folded = kLatin1Folded[code - 0xC0];
      if (code == 0x152 || code == 0x153) folded = "oe";
    }
    if (*folded != '\0') {
      token += folded;
    } else {
      AppendToken(&out, token);
      token.clear();
    }
    i += length;
  }
  AppendToken(&out, token);
  return out;
}

struct Communes::Index {
  std::vector<Commune> rows;
  std::unordered_map<std::string_view, uint32_t> by_insee;
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_postal;
  std::unordered_map<std::string, std::vector<uint32_t>> by_name;
  // Distinct normalised names, each with its most populous row.
  std::vector<std::pair<std::string, uint32_t>> names;
  // Current communes with a centroid by grid cell of `kNearestCellDegrees`
  // (`CellKey`), for `Nearest`; built on its first call (6 ms, which
  // requests that only resolve places do not pay).
  std::unordered_map<int64_t, std::vector<uint32_t>> by_cell;
  std::once_flag by_cell_built;
};

namespace {

constexpr double kNearestCellDegrees = 0.1;
// Beyond this many rings of cells (about 1,100 km) `Nearest` scans every row.
constexpr int kNearestMaxRings = 100;

int32_t CellOf(double degrees) { return static_cast<int32_t>(std::floor(degrees / kNearestCellDegrees)); }
int64_t CellKey(int32_t lat_cell, int32_t lon_cell) {
  return (static_cast<int64_t>(lat_cell) << 32) | static_cast<uint32_t>(lon_cell);
}

}  // namespace

Communes::Communes(std::string_view text, std::string_view source) : index_(std::make_unique<Index>()) {
  Index& x = *index_;
  std::vector<std::string_view> lines = Split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  x.rows.reserve(lines.size());
  auto fail = [&](size_t line, const std::string& why) {
    throw InvalidArgumentError(std::string(source) + ":" + std::to_string(line + 1) + ": " + why);
  };
  for (size_t l = 1; l < lines.size(); ++l) {
    const std::vector<std::string_view> f = Split(lines[l], ',');
    if (f.size() != 9) fail(l, "expected 9 fields, found " + std::to_string(f.size()));
    Commune c;
    c.insee_code = f[0];
    c.name = f[1];
    if (f[2] == "c") c.kind = CommuneKind::kCommune;
    else if (f[2] == "a") c.kind = CommuneKind::kArrondissement;
    else if (f[2] == "d") c.kind = CommuneKind::kDelegated;
    else if (f[2] == "s") c.kind = CommuneKind::kAssociated;
    else fail(l, "kind " + QuoteValue(f[2]) + " is not c, a, d or s");
    c.part_of = f[3];
    c.departement = f[4];
    c.postal_codes = f[5];
    if (!f[6].empty() && std::from_chars(f[6].data(), f[6].data() + f[6].size(), c.population).ec != std::errc{}) {
      fail(l, "population " + QuoteValue(f[6]));
    }
    if (!f[7].empty() || !f[8].empty()) {
      const auto lat = std::from_chars(f[7].data(), f[7].data() + f[7].size(), c.latitude);
      const auto lon = std::from_chars(f[8].data(), f[8].data() + f[8].size(), c.longitude);
      if (lat.ec != std::errc{} || lon.ec != std::errc{}) fail(l, "bad coordinates");
      c.has_centroid = true;
    }
    x.rows.push_back(c);
  }
  std::unordered_map<std::string, size_t> name_slot;
  for (uint32_t i = 0; i < x.rows.size(); ++i) {
    const Commune& c = x.rows[i];
    auto [it, inserted] = x.by_insee.emplace(c.insee_code, i);
    if (!inserted && x.rows[it->second].is_former() && !c.is_former()) it->second = i;
    if (!c.is_former()) {
      for (std::string_view code : Split(c.postal_codes, ' ')) {
        if (!code.empty()) x.by_postal[code].push_back(i);
      }
    }
  }
  for (uint32_t i = 0; i < x.rows.size(); ++i) {
    const Commune& c = x.rows[i];
    std::string key = NormalizePlaceName(c.name);
    if (c.is_former() && c.part_of == c.insee_code) {
      // The seat of a new commune that kept its name: the same place.
      const auto current = x.by_insee.find(c.insee_code);
      if (current != x.by_insee.end() && NormalizePlaceName(x.rows[current->second].name) == key) continue;
    }
    x.by_name[key].push_back(i);
    auto [slot, added] = name_slot.emplace(key, x.names.size());
    if (added) {
      x.names.emplace_back(std::move(key), i);
    } else if (c.population > x.rows[x.names[slot->second].second].population) {
      x.names[slot->second].second = i;
    }
  }
}

Communes::~Communes() = default;

const Communes& Communes::BuiltIn() {
  // Built once, thread-safe (a function-local static), never destroyed.
  static const Communes* const communes = new Communes(kBuiltinCommunesCsv, "data/places/communes.csv");
  return *communes;
}

std::span<const Commune> Communes::all() const { return index_->rows; }

const Commune* Communes::Nearest(const GeoPoint& point) const {
  Index& grid = *index_;
  std::call_once(grid.by_cell_built, [&grid] {
    for (uint32_t i = 0; i < grid.rows.size(); ++i) {
      const Commune& c = grid.rows[i];
      if (c.kind == CommuneKind::kCommune && c.has_centroid) {
        grid.by_cell[CellKey(CellOf(c.latitude), CellOf(c.longitude))].push_back(i);
      }
    }
  });
  const Index& x = grid;
  if (!std::isfinite(point.latitude) || !std::isfinite(point.longitude)) return nullptr;
  const int32_t lat_cell = CellOf(point.latitude);
  const int32_t lon_cell = CellOf(point.longitude);
  const Commune* best = nullptr;
  double best_km = std::numeric_limits<double>::infinity();
  auto consider = [&](uint32_t i) {
    const Commune& c = x.rows[i];
    const double km = DistanceKm(point, GeoPoint{c.latitude, c.longitude});
    // Ties go to the first row, whatever the order cells are visited in.
    if (km < best_km || (km == best_km && best != nullptr && &c < best)) {
      best_km = km;
      best = &c;
    }
  };
  // A point in ring r (cells at Chebyshev distance r) is at least r - 1
  // cells away along a meridian or a parallel; a parallel's degree is
  // shortest at the ring's highest latitude.
  constexpr double kKmPerDegree = 111.19;
  for (int r = 0; r <= kNearestMaxRings; ++r) {
    if (best != nullptr && r >= 1) {
      const double lat = std::min(89.0, std::abs(point.latitude) + (r + 1) * kNearestCellDegrees);
      const double ring_km =
          (r - 1) * kNearestCellDegrees * kKmPerDegree * std::cos(lat * std::numbers::pi / 180);
      if (ring_km > best_km) return best;
    }
    for (int32_t dl = -r; dl <= r; ++dl) {
      const bool edge_row = dl == -r || dl == r;
      for (int32_t dn = -r; dn <= r; dn += edge_row ? 1 : 2 * r) {
        const auto it = x.by_cell.find(CellKey(lat_cell + dl, lon_cell + dn));
        if (it != x.by_cell.end()) {
          for (uint32_t i : it->second) consider(i);
        }
        if (r == 0) break;
      }
    }
  }
  // Far from every commune (the open sea, another continent): every row.
  best = nullptr;
  best_km = std::numeric_limits<double>::infinity();
  for (const auto& [key, cell] : x.by_cell) {
    for (uint32_t i : cell) consider(i);
  }
  return best;
}

const Commune* Communes::FindByInseeCode(std::string_view code) const {
  const auto it = index_->by_insee.find(code);
  return it == index_->by_insee.end() ? nullptr : &index_->rows[it->second];
}

std::vector<const Commune*> Communes::FindByPostalCode(std::string_view code) const {
  std::vector<const Commune*> found;
  const auto it = index_->by_postal.find(code);
  if (it == index_->by_postal.end()) return found;
  std::vector<std::string_view> cities;
  for (uint32_t i : it->second) {
    if (index_->rows[i].kind == CommuneKind::kArrondissement) cities.push_back(index_->rows[i].part_of);
  }
  for (uint32_t i : it->second) {
    const Commune& c = index_->rows[i];
    if (std::find(cities.begin(), cities.end(), c.insee_code) == cities.end()) found.push_back(&c);
  }
  return found;
}

std::vector<const Commune*> Communes::FindByName(std::string_view name, std::string_view departement) const {
  std::vector<const Commune*> found;
  const auto it = index_->by_name.find(NormalizePlaceName(name));
  if (it == index_->by_name.end()) return found;
  for (uint32_t i : it->second) {
    if (departement.empty() || index_->rows[i].departement == departement) found.push_back(&index_->rows[i]);
  }
  return found;
}

std::vector<std::string> Communes::Suggest(std::string_view name, size_t count) const {
  const std::string key = NormalizePlaceName(name);
  // (distance, -population, row)
  std::vector<std::tuple<size_t, int64_t, uint32_t>> best;
  size_t limit = std::max<size_t>(3, key.size() / 2);
  std::vector<size_t> row;
  for (const auto& [candidate, i] : index_->names) {
    const size_t d = EditDistance(key, candidate, limit, &row);
    if (d > limit) continue;
    best.emplace_back(d, -static_cast<int64_t>(index_->rows[i].population), i);
    std::sort(best.begin(), best.end());
    if (best.size() > count) {
      best.pop_back();
      limit = std::get<0>(best.back());
    }
  }
  std::vector<std::string> out;
  for (const auto& [d, population, i] : best) {
    const Commune& c = index_->rows[i];
    out.push_back(std::string(c.name) + " (" + std::string(c.departement) + ")");
  }
  return out;
}

namespace {

// "Contres (41, 41059, now part of Le Controis-en-Sologne)".
std::string Describe(const Communes& communes, const Commune& c) {
  std::string out = std::string(c.name) + " (" + std::string(c.departement) + ", " + std::string(c.insee_code);
  if (c.is_former()) {
    const Commune* now = communes.FindByInseeCode(c.part_of);
    out += ", now part of " + (now ? std::string(now->name) : std::string(c.part_of));
  }
  return out + ")";
}

std::string DescribeList(const Communes& communes, const std::vector<const Commune*>& list) {
  std::string out;
  for (size_t i = 0; i < list.size() && i < kPlaceCandidatesShown; ++i) {
    out += (i ? ", " : "") + Describe(communes, *list[i]);
  }
  if (list.size() > kPlaceCandidatesShown) out += " and " + std::to_string(list.size() - kPlaceCandidatesShown) + " more";
  return out;
}

// The postal codes that reach `c` (a former commune's are its new commune's).
std::string_view PostalCodesOf(const Communes& communes, const Commune& c) {
  if (!c.is_former()) return c.postal_codes;
  const Commune* now = communes.FindByInseeCode(c.part_of);
  return now ? now->postal_codes : std::string_view{};
}

// The centroid to use for `c`: its own, or its new commune's.
const Commune* WithCentroid(const Communes& communes, const Commune& c) {
  if (c.has_centroid) return &c;
  if (!c.part_of.empty()) {
    const Commune* now = communes.FindByInseeCode(c.part_of);
    if (now && now->has_centroid) return now;
  }
  return nullptr;
}

}  // namespace

PlaceResolution Communes::Resolve(const PlaceQuery& q, bool suggestions) const {
  PlaceResolution r;
  auto refuse = [&](const char* field, std::string problem) {
    r.commune = nullptr;
    r.field = field;
    r.problem = std::move(problem);
    return r;
  };
  const Commune* found = nullptr;
  const char* field = "";
  if (!q.insee_code.empty()) {
    field = "insee_code";
    found = FindByInseeCode(q.insee_code);
    if (!found) {
      return refuse("insee_code", QuoteValue(q.insee_code) + " is not the INSEE code of a commune" +
                                      (q.insee_code.size() == 5 ? "" : " (5 characters: \"41059\", \"2A004\")"));
    }
    if (!q.postal_code.empty() && !ListHas(PostalCodesOf(*this, *found), q.postal_code)) {
      return refuse("postal_code", QuoteValue(q.postal_code) + " is not a postal code of " + Describe(*this, *found) +
                                       " (insee_code " + std::string(q.insee_code) + ")");
    }
    if (!q.place.empty()) {
      const ParsedPlace parsed = ParsePlace(q.place);
      if (NormalizePlaceName(parsed.name) != NormalizePlaceName(found->name) ||
          (!parsed.departement.empty() && parsed.departement != found->departement)) {
        return refuse("place", QuoteValue(q.place) + " is not " + Describe(*this, *found) + ", the commune of insee_code " +
                                   std::string(q.insee_code));
      }
    }
  } else {
    std::vector<const Commune*> list;
    if (!q.place.empty()) {
      field = "place";
      const ParsedPlace parsed = ParsePlace(q.place);
      list = FindByName(parsed.name, parsed.departement);
      if (list.empty()) {
        std::string problem = QuoteValue(q.place) + " is not a commune";
        if (!parsed.departement.empty()) {
          const std::vector<const Commune*> elsewhere = FindByName(parsed.name);
          if (!elsewhere.empty()) {
            return refuse("place", problem + " of département " + parsed.departement + "; there is " +
                                       DescribeList(*this, elsewhere));
          }
        }
        if (suggestions) {
          const std::vector<std::string> close = Suggest(parsed.name);
          for (size_t i = 0; i < close.size(); ++i) problem += (i ? ", " : "; closest: ") + close[i];
        }
        return refuse("place", problem);
      }
      if (!q.postal_code.empty()) {
        std::vector<const Commune*> both;
        for (const Commune* c : list) {
          if (ListHas(PostalCodesOf(*this, *c), q.postal_code)) both.push_back(c);
        }
        if (both.empty()) {
          return refuse("postal_code", QuoteValue(q.postal_code) + " is not a postal code of " +
                                           DescribeList(*this, list));
        }
        list = std::move(both);
      }
    } else {
      field = "postal_code";
      list = FindByPostalCode(q.postal_code);
      if (list.empty()) return refuse("postal_code", QuoteValue(q.postal_code) + " is not the postal code of a commune");
    }
    if (list.size() > 1 && q.coordinates) {
      // Coordinates choose among the candidates.
      double nearest = 0;
      for (const Commune* c : list) {
        const Commune* centred = WithCentroid(*this, *c);
        if (!centred) continue;
        const double d = DistanceKm(*q.coordinates, {centred->latitude, centred->longitude, GeoPrecision::kTown});
        if (!found || d < nearest) {
          found = c;
          nearest = d;
        }
      }
    } else if (list.size() > 1) {
      if (q.place.empty()) {
        return refuse("postal_code", "postal code " + std::string(q.postal_code.substr(0, kQuotedMaxBytes)) +
                                         " covers " + std::to_string(list.size()) + " communes: " +
                                         DescribeList(*this, list) + "; give insee_code, or place (\"Name (41)\")");
      }
      return refuse("place", QuoteValue(q.place) + " names " + std::to_string(list.size()) + " communes: " +
                                 DescribeList(*this, list) +
                                 "; add the département (\"Name (41)\"), postal_code or insee_code");
    }
    if (!found) found = list.front();
  }
  const Commune* centred = WithCentroid(*this, *found);
  if (!centred) {
    return refuse(field, Describe(*this, *found) + " has no known centroid: give latitude and longitude");
  }
  const GeoPoint centroid{centred->latitude, centred->longitude, GeoPrecision::kTown};
  if (q.coordinates) {
    const double limit = IsOverseas(found->departement) ? kPlaceMismatchOverseasKm : kPlaceMismatchKm;
    const double d = DistanceKm(*q.coordinates, centroid);
    if (!(d <= limit)) {
      return refuse(field, Describe(*this, *found) + " is " + std::to_string(static_cast<int64_t>(d)) +
                               " km from the latitude and longitude given (more than " +
                               std::to_string(static_cast<int>(limit)) + " km): one of them is wrong");
    }
    r.point = *q.coordinates;
  } else {
    r.point = centroid;
  }
  r.commune = found;
  if (found->is_former()) {
    const Commune* now = FindByInseeCode(found->part_of);
    r.note = std::string(found->name) + " (" + std::string(found->departement) + ", " + std::string(found->insee_code) +
             ") is a former commune, now part of " +
             (now ? std::string(now->name) + " (" + std::string(now->insee_code) + ")" : std::string(found->part_of)) +
             (found->has_centroid ? "; its own centroid is used" : "; that commune's centroid is used");
  }
  return r;
}

}  // namespace passerelle
