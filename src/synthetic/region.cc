// Region files: parsing, built-in lookup, user folders.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/error.h"
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
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = Trim(line);
    if (line.empty()) continue;
    const std::vector<std::string_view> f = SplitFields(line);
    const std::string_view kind = f[0];
    LineParser p(source, line_number, kind);
    if (kind == "region") {
      p.ExpectFields(f, 4, "region,name,label,country");
      if (seen_header) p.Fail("second region line");
      seen_header = true;
      region.name = f[1];
      region.label = f[2];
      region.country = f[3];
      continue;
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
    } else if (kind == "town") {
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
             "departement or town");
    }
  }
  const std::string where(source);
  if (!seen_header) throw InvalidArgumentError(where + ": no \"region\" line");
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
    for (const internal::BuiltinRegion& r : internal::BuiltinRegions()) {
      if (name == r.name) return ParseRegion(r.text, name + ".csv");
    }
  }
  std::string available;
  for (const std::string& r : AvailableRegions()) {
    available += (available.empty() ? "" : ", ") + r;
  }
  std::string message = "--region: unknown region \"" + name + "\"; available: " + available;
  if (!regions_dir.empty()) message += " (and no file " + regions_dir + "/" + name + ".csv)";
  throw InvalidArgumentError(message);
}

}  // namespace passerelle::synthetic
