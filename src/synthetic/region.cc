// Region files: parsing, built-in lookup, user folders.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/places.h"
#include "passerelle/synthetic.h"
#include "region_data.h"

namespace passerelle::synthetic {
namespace {

constexpr const char* kFamilyNames[kNumFamilies] = {
    "construction", "agriculture", "hospitality", "care",   "cleaning",
    "metal",        "wood",        "logistics",   "bakery", "mechanics"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    fields.push_back(Trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

// Calls `record(line_number, line, fields)` for each record of a text in the
// region format: a comment runs from `#` to the end of its line, blank lines
// are skipped, and `line` and its fields are trimmed.
template <typename Record>
void ForEachRecord(std::string_view text, Record&& record) {
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (!line.empty()) record(line_number, line, SplitFields(line));
  }
}

// Parses one line's fields; errors carry "source:line: kind: ".
class LineParser {
 public:
  LineParser(std::string_view source, int line, std::string_view kind)
      : prefix_(std::string(source) + ":" + std::to_string(line) + ": " +
                std::string(kind) + ": ") {}

  [[noreturn]] void Fail(const std::string& what) const {
    throw InvalidArgumentError(prefix_ + what);
  }

  double Number(std::string_view field, std::string_view what, double lo, double hi) const {
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
      Fail(std::string(what) + " \"" + std::string(field) + "\" is not a number");
    }
    if (value < lo || value > hi) {
      Fail(std::string(what) + " " + std::string(field) + " is outside [" + Format(lo) +
           ", " + Format(hi) + "]");
    }
    return value;
  }

  Family FamilyOf(std::string_view field) const {
    for (int f = 0; f < kNumFamilies; ++f) {
      if (field == kFamilyNames[f]) return static_cast<Family>(f);
    }
    std::string known;
    for (const char* name : kFamilyNames) known += std::string(known.empty() ? "" : ", ") + name;
    Fail("unknown family \"" + std::string(field) + "\"; known: " + known);
  }

  TransitAccess Transit(std::string_view field) const {
    if (field == "none") return TransitAccess::kNone;
    if (field == "daytime") return TransitAccess::kDaytime;
    if (field == "full") return TransitAccess::kFull;
    Fail("transit \"" + std::string(field) + "\" is not one of none, daytime, full");
  }

  void ExpectFields(const std::vector<std::string_view>& fields, size_t n,
                    const char* layout) const {
    if (fields.size() != n) {
      Fail("expected " + std::to_string(n) + " fields (" + layout + "), got " +
           std::to_string(fields.size()));
    }
    for (size_t i = 1; i < n; ++i) {
      if (fields[i].empty()) Fail("field " + std::to_string(i + 1) + " is empty (" + layout + ")");
    }
  }

 private:
  static std::string Format(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  }
  std::string prefix_;
};

void CheckShares(const double (&shares)[kNumFamilies], std::string_view source,
                 const char* kind) {
  double sum = 0;
  for (double s : shares) sum += s;
  if (std::fabs(sum - 1) > 0.005) {
    std::ostringstream out;
    out << source << ": " << kind << " shares sum to " << sum << ", expected 1";
    throw InvalidArgumentError(out.str());
  }
}

// A `transit` record: the public-transport coverage of one commune.
struct TransitRecord {
  LineParser where;
  std::string departement;
  std::string name;
  TransitAccess transit;
};

// Public-transport coverage of a commune without a `transit` record
// (assumption, docs/synthetic.md "Real communes"): Paris and its inner
// suburbs, and towns of 50,000 and more, are served early and late; towns of
// 5,000 and more by day; smaller ones not usably.
TransitAccess DefaultTransit(const Commune& c) {
  const std::string_view d = c.departement;
  if (d == "75" || d == "92" || d == "93" || d == "94") return TransitAccess::kFull;
  if (c.kind == CommuneKind::kArrondissement || c.population >= 50000) return TransitAccess::kFull;
  if (c.population >= 5000) return TransitAccess::kDaytime;
  return TransitAccess::kNone;
}

// Replaces `region`'s towns with every built-in commune of its
// départements: current communes and the arrondissements of Paris, Lyon and
// Marseille (not the three cities themselves), with a centroid and
// inhabitants. `transit` records then set the coverage of the communes they
// name.
void AddCommunes(Region* region, const std::vector<TransitRecord>& records,
                 std::string_view source) {
  const Communes& communes = Communes::BuiltIn();
  std::vector<std::string_view> cities;  // split into arrondissements
  std::map<std::string_view, std::vector<const Commune*>> by_departement;
  for (const Commune& c : communes.all()) {
    if (c.kind == CommuneKind::kArrondissement) cities.push_back(c.part_of);
    if (!c.is_former() && c.has_centroid && c.population > 0) by_departement[c.departement].push_back(&c);
  }
  std::vector<std::pair<std::string_view, int>> town_of_code;
  for (const DepartementInfo& d : region->departements) {
    size_t before = region->towns.size();
    static const std::vector<const Commune*> kNone;
    const auto it = by_departement.find(d.code);
    for (const Commune* commune : it == by_departement.end() ? kNone : it->second) {
      const Commune& c = *commune;
      if (std::find(cities.begin(), cities.end(), c.insee_code) != cities.end()) continue;
      Town t;
      t.name = c.name;
      t.departement = c.departement;
      t.insee_code = c.insee_code;
      t.location.latitude = c.latitude;
      t.location.longitude = c.longitude;
      t.population_thousands = c.population / 1000.0;
      t.transit = DefaultTransit(c);
      town_of_code.emplace_back(c.insee_code, static_cast<int>(region->towns.size()));
      region->towns.push_back(std::move(t));
    }
    if (region->towns.size() == before) {
      throw InvalidArgumentError(std::string(source) + ": département \"" + d.code +
                                 "\" has no built-in commune");
    }
  }
  std::sort(town_of_code.begin(), town_of_code.end());
  auto town_index = [&](std::string_view code) {
    const auto it = std::lower_bound(town_of_code.begin(), town_of_code.end(),
                                     std::make_pair(code, -1));
    return it != town_of_code.end() && it->first == code ? it->second : -1;
  };
  for (const TransitRecord& r : records) {
    std::vector<int> towns;
    for (const Commune* c : communes.FindByName(r.name, r.departement)) {
      // A former commune stands for the commune it is part of; a city for
      // its arrondissements.
      const std::string_view code = c->is_former() ? c->part_of : c->insee_code;
      if (const int t = town_index(code); t >= 0) {
        towns.push_back(t);
        continue;
      }
      for (const Commune& a : communes.all()) {
        if (a.kind == CommuneKind::kArrondissement && a.part_of == code) {
          if (const int t = town_index(a.insee_code); t >= 0) towns.push_back(t);
        }
      }
    }
    std::sort(towns.begin(), towns.end());
    towns.erase(std::unique(towns.begin(), towns.end()), towns.end());
    if (towns.empty()) {
      std::string hint;
      for (const std::string& s : communes.Suggest(r.name)) hint += (hint.empty() ? "" : ", ") + s;
      r.where.Fail("no commune \"" + r.name + "\" in département " + r.departement +
                   (hint.empty() ? "" : "; closest: " + hint));
    }
    for (int t : towns) region->towns[t].transit = r.transit;
  }
  region->towns_are_communes = true;
}

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

}  // namespace

const char* ToString(Family family) { return kFamilyNames[static_cast<int>(family)]; }

Region ParseRegion(std::string_view text, std::string_view source) {
  Region region;
  bool seen_header = false;
  bool communes = false;
  std::vector<TransitRecord> transit_records;
  ForEachRecord(text, [&](int line_number, std::string_view, const std::vector<std::string_view>& f) {
    const std::string_view kind = f[0];
    LineParser p(source, line_number, kind);
    if (kind == "region") {
      p.ExpectFields(f, 4, "region,name,label,country");
      if (seen_header) p.Fail("second region line");
      seen_header = true;
      region.name = f[1];
      region.label = f[2];
      region.country = f[3];
      return;
    }
    if (!seen_header) p.Fail("the first record must be \"region,name,label,country\"");
    if (kind == "family" || kind == "seasonal_family") {
      p.ExpectFields(f, 3, "family,name,share");
      const Family family = p.FamilyOf(f[1]);
      const double share = p.Number(f[2], "share", 0, 1);
      (kind == "family" ? region.family_shares
                        : region.seasonal_family_shares)[static_cast<int>(family)] = share;
    } else if (kind == "network") {
      p.ExpectFields(f, 3, "network,role,name");
      region.networks.emplace_back(std::string(f[1]), std::string(f[2]));
    } else if (kind == "departement") {
      p.ExpectFields(f, 5, "departement,code,name,hiring_projects,seasonal_share");
      DepartementInfo d;
      d.code = f[1];
      d.name = f[2];
      d.hiring_projects = p.Number(f[3], "hiring_projects", 0, 1e9);
      d.seasonal_share = p.Number(f[4], "seasonal_share", 0, 1);
      for (const DepartementInfo& other : region.departements) {
        if (other.code == d.code) p.Fail("département \"" + d.code + "\" declared twice");
      }
      region.departements.push_back(std::move(d));
    } else if (kind == "towns") {
      p.ExpectFields(f, 2, "towns,communes");
      if (f[1] != "communes") p.Fail("\"" + std::string(f[1]) + "\" is not \"communes\"");
      if (region.country != "FR") p.Fail("built-in communes are French: country must be FR");
      if (!region.towns.empty()) p.Fail("towns are listed already");
      communes = true;
    } else if (kind == "transit") {
      p.ExpectFields(f, 4, "transit,departement,commune,transit");
      if (!communes) p.Fail("a transit record needs \"towns,communes\" before it");
      const std::string departement(f[1]);
      const bool known = std::any_of(
          region.departements.begin(), region.departements.end(),
          [&](const DepartementInfo& d) { return d.code == departement; });
      if (!known) p.Fail("département \"" + departement + "\" not declared before the record");
      transit_records.push_back({p, departement, std::string(f[2]), p.Transit(f[3])});
    } else if (kind == "town") {
      if (communes) p.Fail("towns are the built-in communes (\"towns,communes\"): no town record");
      p.ExpectFields(f, 7,
                     "town,departement,name,latitude,longitude,population_thousands,transit");
      Town t;
      t.departement = f[1];
      t.name = f[2];
      t.location.latitude = p.Number(f[3], "latitude", -90, 90);
      t.location.longitude = p.Number(f[4], "longitude", -180, 180);
      if (std::fabs(t.location.latitude) > 80) p.Fail("latitude beyond 80 degrees");
      t.population_thousands = p.Number(f[5], "population_thousands", 0.001, 1e5);
      t.transit = p.Transit(f[6]);
      const bool known = std::any_of(
          region.departements.begin(), region.departements.end(),
          [&](const DepartementInfo& d) { return d.code == t.departement; });
      if (!known) p.Fail("département \"" + t.departement + "\" not declared before the town");
      region.towns.push_back(std::move(t));
    } else {
      p.Fail("unknown record kind; expected region, family, seasonal_family, network, "
             "departement, town, towns or transit");
    }
  });
  const std::string where(source);
  if (!seen_header) throw InvalidArgumentError(where + ": no \"region\" line");
  if (communes) AddCommunes(&region, transit_records, source);
  if (region.towns.empty()) throw InvalidArgumentError(where + ": no town");
  CheckShares(region.family_shares, source, "family");
  CheckShares(region.seasonal_family_shares, source, "seasonal_family");
  for (const DepartementInfo& d : region.departements) {
    const bool has_town =
        std::any_of(region.towns.begin(), region.towns.end(),
                    [&](const Town& t) { return t.departement == d.code; });
    if (!has_town) {
      throw InvalidArgumentError(where + ": département \"" + d.code + "\" has no town");
    }
  }
  return region;
}

std::vector<std::string> AvailableRegions() {
  std::vector<std::string> names;
  for (const internal::BuiltinRegion& r : internal::BuiltinRegions()) names.emplace_back(r.name);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

// A row of data/places/departements.csv.
struct DepartementRow {
  std::string_view code, name, region_code, region_name;
};

const std::vector<DepartementRow>& FrenchDepartements() {
  static const std::vector<DepartementRow> rows = [] {
    std::vector<DepartementRow> out;
    ForEachRecord(internal::kBuiltinDepartementsCsv,
                  [&](int line_number, std::string_view, const std::vector<std::string_view>& f) {
                    if (line_number > 1 && f.size() == 4) out.push_back({f[0], f[1], f[2], f[3]});  // after the header
                  });
    return out;
  }();
  return rows;
}

const internal::BuiltinRegion* FindBuiltin(std::string_view stem) {
  for (const internal::BuiltinRegion& r : internal::BuiltinRegions()) {
    if (stem == r.name) return &r;
  }
  return nullptr;
}

// The départements `name` designates: a département code ("41", "2a",
// "974"; "1" as "01") or name, or a region name. Empty when none.
std::vector<DepartementRow> DepartementsNamed(const std::string& name) {
  std::string code = name;
  for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (code.size() == 1 && std::isdigit(static_cast<unsigned char>(code[0]))) code = "0" + code;
  const std::string key = NormalizePlaceName(name);
  std::vector<DepartementRow> out;
  for (const DepartementRow& d : FrenchDepartements()) {
    if (d.code == code || NormalizePlaceName(d.name) == key) return {d};
  }
  for (const DepartementRow& d : FrenchDepartements()) {
    if (!key.empty() && NormalizePlaceName(d.region_name) == key) out.push_back(d);
  }
  return out;
}

// The region of `departements` drawn from the `france` file: its families
// and networks, those départements' lines and transit records, and the
// built-in communes. An overseas département (not in `france`) spreads its
// openings by population with a seasonal share of 30 % (assumption).
Region RegionFromFrance(const std::vector<DepartementRow>& departements, const std::string& name,
                        const std::string& label) {
  const internal::BuiltinRegion* france = FindBuiltin("france");
  auto wanted = [&](std::string_view code) {
    return std::any_of(departements.begin(), departements.end(),
                       [&](const DepartementRow& d) { return d.code == code; });
  };
  std::string text;
  std::vector<std::string_view> listed;
  ForEachRecord(france->text, [&](int, std::string_view line, const std::vector<std::string_view>& f) {
    if (f[0] == "region") {
      text += "region," + name + "," + label + ",FR\n";
      return;
    }
    if ((f[0] == "departement" || f[0] == "transit") && !wanted(f[1])) return;
    if (f[0] == "departement") listed.push_back(f[1]);
    if (f[0] == "towns") {
      for (const DepartementRow& d : departements) {
        if (std::find(listed.begin(), listed.end(), d.code) == listed.end()) {
          text += "departement," + std::string(d.code) + "," + std::string(d.name) + ",0,0.30\n";
        }
      }
    }
    text.append(line).push_back('\n');
  });
  return ParseRegion(text, "france.csv (" + label + ")");
}

}  // namespace

Region LoadRegion(const std::string& name, const std::string& regions_dir) {
  const bool safe_name =
      !name.empty() && name.find('/') == std::string::npos &&
      name.find('\\') == std::string::npos && name != "." && name != "..";
  if (safe_name && !regions_dir.empty()) {
    const std::string path = regions_dir + "/" + name + ".csv";
    std::string text;
    if (ReadFile(path, &text)) return ParseRegion(text, path);
  }
  if (safe_name) {
    if (const internal::BuiltinRegion* r = FindBuiltin(name)) return ParseRegion(r->text, name + ".csv");
    // "Occitanie", "Loir-et-Cher": a built-in file by its name.
    for (const internal::BuiltinRegion& r : internal::BuiltinRegions()) {
      if (NormalizePlaceName(name) == NormalizePlaceName(r.name)) {
        return ParseRegion(r.text, std::string(r.name) + ".csv");
      }
    }
  }
  if (const std::vector<DepartementRow> departements =
          safe_name ? DepartementsNamed(name) : std::vector<DepartementRow>{};
      !departements.empty()) {
    const bool one = departements.size() == 1;
    // A built-in file of exactly this one département keeps its sourced
    // shape (loir-et-cher for 41).
    if (one) {
      for (const internal::BuiltinRegion& r : internal::BuiltinRegions()) {
        // Its départements from its records: parsing every file would draw
        // the communes of each.
        std::vector<std::string_view> codes;
        ForEachRecord(r.text, [&](int, std::string_view, const std::vector<std::string_view>& f) {
          if (f[0] == "departement" && f.size() > 1) codes.push_back(f[1]);
        });
        if (codes.size() == 1 && codes[0] == departements[0].code) {
          return ParseRegion(r.text, std::string(r.name) + ".csv");
        }
      }
    }
    const std::string label(one ? departements[0].name : departements[0].region_name);
    return RegionFromFrance(departements, one ? std::string(departements[0].code) : label, label);
  }
  std::string available;
  for (const std::string& r : AvailableRegions()) {
    available += (available.empty() ? "" : ", ") + r;
  }
  std::string message = "--region: unknown region \"" + name + "\"; available: " + available +
                        ", or a French département (code or name) or region";
  if (!regions_dir.empty()) message += " (and no file " + regions_dir + "/" + name + ".csv)";
  throw InvalidArgumentError(message);
}

}  // namespace passerelle::synthetic
