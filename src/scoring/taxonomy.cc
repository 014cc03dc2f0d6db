// Taxonomy (passerelle/taxonomy.h): the CSV reader, the occupation graph
// (Boost.Graph) and its proximity tables, the built-in taxonomy.
#include "passerelle/taxonomy.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/pending/queue.hpp>

#include "passerelle/error.h"
#include "passerelle/validate.h"
#include "taxonomy_data.h"

namespace passerelle {

// Defined in the source generated from data/taxonomy/rome_builtin.csv and
// data/taxonomy/rome_titles.csv.
extern const char kBuiltinTaxonomyCsv[];
extern const char kBuiltinTitlesCsv[];

namespace {

std::string Quote(std::string_view s) { return QuoteValue(s); }

// Proximity levels stored in the dense table, ascending.
constexpr double kLevelValue[] = {0.0, kProximitySameDomain, kProximityThreeHops,
                                  kProximityTwoHops, kProximityOneHop, kProximitySame};
constexpr int kMaxHops = 3;
constexpr int32_t kDenseLimit = 4096;

double PrefixProximity(std::string_view a, std::string_view b) {
  if (a == b) return kProximitySame;
  if (!IsRomeCode(a) || !IsRomeCode(b)) return 0.0;
  if (a.substr(0, 3) == b.substr(0, 3)) return kProximitySameSubdomain;
  if (a[0] == b[0]) return kProximitySameDomain;
  return 0.0;
}

double HopProximity(int hops) {
  switch (hops) {
    case 0: return kProximitySame;
    case 1: return kProximityOneHop;
    case 2: return kProximityTwoHops;
    case 3: return kProximityThreeHops;
    default: return 0.0;
  }
}

uint8_t LevelOf(double proximity) {
  for (uint8_t i = 0; i < std::size(kLevelValue); ++i) {
    if (proximity == kLevelValue[i]) return i;
  }
  return 0;  // Unreachable: proximities only take the values above.
}

// Splits one CSV line into fields; quotes allow commas, "" is a quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (ch == ',') {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      field += ch;
    }
  }
  if (quoted) return false;
  fields->push_back(std::move(field));
  return true;
}

std::vector<std::string_view> SplitList(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

bool ParseCefr(std::string_view text, CefrLevel* out) {
  static constexpr std::pair<std::string_view, CefrLevel> kNames[] = {
      {"", CefrLevel::kNone},     {"none", CefrLevel::kNone}, {"A1", CefrLevel::kA1},
      {"A2", CefrLevel::kA2},     {"B1", CefrLevel::kB1},     {"B2", CefrLevel::kB2},
      {"C1", CefrLevel::kC1},     {"C2", CefrLevel::kC2}};
  for (const auto& [name, level] : kNames) {
    if (text == name) {
      *out = level;
      return true;
    }
  }
  return false;
}

bool ParseDemand(std::string_view text, PhysicalDemand* out) {
  static constexpr std::pair<std::string_view, PhysicalDemand> kNames[] = {
      {"heavy_loads", PhysicalDemand::kHeavyLoads},
      {"prolonged_standing", PhysicalDemand::kProlongedStanding},
      {"outdoor_work", PhysicalDemand::kOutdoorWork},
      {"work_at_height", PhysicalDemand::kWorkAtHeight},
      {"repetitive_movements", PhysicalDemand::kRepetitiveMovements}};
  for (const auto& [name, demand] : kNames) {
    if (text == name) {
      *out = demand;
      return true;
    }
  }
  return false;
}

// Records hop distances of a breadth-first search and stops it (by the
// exception Boost.Graph's documentation suggests) once every vertex within
// kMaxHops is reached: the first vertex examined at kMaxHops hops.
struct CutoffVisitor : boost::default_bfs_visitor {
  struct Stop {};
  std::vector<int>* distance;
  std::vector<OccupationId>* reached;
  CutoffVisitor(std::vector<int>* d, std::vector<OccupationId>* r) : distance(d), reached(r) {}
  template <typename Edge, typename Graph>
  void tree_edge(Edge e, const Graph& g) const {
    const auto u = boost::source(e, g), v = boost::target(e, g);
    (*distance)[v] = (*distance)[u] + 1;
    reached->push_back(static_cast<OccupationId>(v));
  }
  template <typename Vertex, typename Graph>
  void examine_vertex(Vertex u, const Graph&) const {
    if ((*distance)[u] >= kMaxHops) throw Stop{};
  }
};

}  // namespace



namespace {

// The columns of a taxonomy CSV; a file names those it has in its header.
enum class Column { kCode, kLabel, kGroupLabel, kDomainLabel, kTension, kMinFrenchLevel, kPhysicalDemands, kNeighbours };
constexpr std::pair<std::string_view, Column> kColumns[] = {
    {"code", Column::kCode},
    {"label", Column::kLabel},
    {"group_label", Column::kGroupLabel},
    {"domain_label", Column::kDomainLabel},
    {"tension", Column::kTension},
    {"min_french_level", Column::kMinFrenchLevel},
    {"physical_demands", Column::kPhysicalDemands},
    {"neighbours", Column::kNeighbours}};
constexpr std::string_view kColumnList =
    "code, label, group_label, domain_label, tension, min_french_level, physical_demands, neighbours";

// Calls `on_line(line_number, line)` for each line of `csv` that is neither
// blank nor a '#' comment, CR removed.
template <typename OnLine>
void ForEachCsvLine(std::string_view csv, OnLine on_line) {
  int line_number = 0;
  size_t pos = 0;
  while (pos < csv.size()) {
    size_t end = csv.find('\n', pos);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view line = csv.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    on_line(line_number, line);
  }
}

}  // namespace

Taxonomy Taxonomy::FromCsvString(std::string_view csv, std::string_view source_name) {
  auto data = std::make_shared<Data>();
  std::vector<std::vector<std::string>> neighbour_lists;
  std::vector<int> lines_of;
  std::vector<std::string> fields;
  std::vector<Column> columns;
  auto fail = [&](int line, const std::string& what) {
    throw InvalidArgumentError(std::string(source_name) + ":" + std::to_string(line) + ": " +
                               what);
  };
  bool header_seen = false;
  int last_line = 0;
  ForEachCsvLine(csv, [&](int line_number, std::string_view line) {
    last_line = line_number;
    if (!SplitCsvLine(line, &fields)) fail(line_number, "unterminated quoted field");
    if (!header_seen) {
      bool has_code = false, has_label = false;
      for (size_t i = 0; i < fields.size(); ++i) {
        const auto known = std::find_if(std::begin(kColumns), std::end(kColumns),
                                        [&](const auto& c) { return c.first == fields[i]; });
        if (known == std::end(kColumns)) {
          fail(line_number, "header field " + std::to_string(i + 1) + ": " + Quote(fields[i]) +
                                " is not a column (" + std::string(kColumnList) + ")");
        }
        if (std::find(columns.begin(), columns.end(), known->second) != columns.end()) {
          fail(line_number, "header field " + std::to_string(i + 1) + ": " + Quote(fields[i]) +
                                " is named twice");
        }
        columns.push_back(known->second);
        has_code |= known->second == Column::kCode;
        has_label |= known->second == Column::kLabel;
      }
      if (!has_code || !has_label) {
        fail(line_number, "header: the columns code and label are required, got " + Quote(line));
      }
      header_seen = true;
      return;
    }
    if (fields.size() != columns.size()) {
      fail(line_number, "expected " + std::to_string(columns.size()) +
                            " fields (as the header names), got " + std::to_string(fields.size()));
    }
    Occupation occupation;
    std::vector<std::string> neighbours;
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string& field = fields[i];
      switch (columns[i]) {
        case Column::kCode:
          occupation.code = std::move(field);
          if (occupation.code.empty()) fail(line_number, "field code: empty");
          if (occupation.code.find_first_of(" ;\t") != std::string::npos) {
            fail(line_number, "field code: " + Quote(occupation.code) + " contains a space or ';'");
          }
          break;
        case Column::kLabel:
          occupation.label = std::move(field);
          break;
        case Column::kGroupLabel:
          occupation.group_label = std::move(field);
          break;
        case Column::kDomainLabel:
          occupation.domain_label = std::move(field);
          break;
        case Column::kTension:
          if (!field.empty()) {
            errno = 0;
            char* parse_end = nullptr;
            const double tension = std::strtod(field.c_str(), &parse_end);
            if (errno != 0 || parse_end != field.c_str() + field.size() ||
                !(tension >= 0 && tension <= 1)) {
              fail(line_number, "field tension: " + Quote(field) + " is not a number in [0, 1]");
            }
            occupation.tension = tension;
          }
          break;
        case Column::kMinFrenchLevel:
          if (!ParseCefr(field, &occupation.default_min_french_level)) {
            fail(line_number, "field min_french_level: " + Quote(field) +
                                  " is not a CEFR level (none, A1, A2, B1, B2, C1, C2)");
          }
          break;
        case Column::kPhysicalDemands:
          for (std::string_view name : SplitList(field)) {
            PhysicalDemand demand;
            if (!ParseDemand(name, &demand)) {
              fail(line_number, "field physical_demands: " + Quote(name) +
                                    " is not a physical demand (heavy_loads, prolonged_standing, "
                                    "outdoor_work, work_at_height, repetitive_movements)");
            }
            occupation.physical_demands.Add(demand);
          }
          break;
        case Column::kNeighbours:
          for (std::string_view n : SplitList(field)) neighbours.emplace_back(n);
          break;
      }
    }
    const auto id = static_cast<OccupationId>(data->occupations.size());
    if (!data->index.emplace(occupation.code, id).second) {
      fail(line_number, "field code: " + Quote(occupation.code) + " is listed twice");
    }
    neighbour_lists.push_back(std::move(neighbours));
    lines_of.push_back(line_number);
    data->occupations.push_back(std::move(occupation));
  });
  if (!header_seen) fail(last_line, "no header line");
  if (data->occupations.empty()) fail(last_line, "no occupation listed");

  // The graph.
  const auto n = static_cast<int32_t>(data->occupations.size());
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph graph(n);
  std::vector<std::vector<OccupationId>> adjacency(n);
  for (OccupationId a = 0; a < n; ++a) {
    for (const std::string& code : neighbour_lists[a]) {
      auto it = data->index.find(code);
      if (it == data->index.end()) {
        fail(lines_of[a], "field neighbours: " + Quote(code) + " is not listed in " +
                              std::string(source_name));
      }
      const OccupationId b = it->second;
      if (b == a) continue;
      adjacency[a].push_back(b);
      adjacency[b].push_back(a);
    }
  }
  data->adjacency_offsets.assign(1, 0);
  for (OccupationId a = 0; a < n; ++a) {
    auto& list = adjacency[a];
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (OccupationId b : list) {
      if (a < b) boost::add_edge(a, b, graph);
    }
    data->adjacency.insert(data->adjacency.end(), list.begin(), list.end());
    data->adjacency_offsets.push_back(static_cast<int32_t>(data->adjacency.size()));
  }

  // Breadth-first search from every occupation, cut at kMaxHops: each
  // search visits only its neighbourhood, and colours are reset for the
  // vertices it reached, so the whole is O(n * neighbourhood) plus the dense
  // table's O(n^2) when there is one.
  const bool dense = n <= kDenseLimit;
  if (dense) {
    data->dense.assign(static_cast<size_t>(n) * n, 0);
    data->dense_hops.assign(static_cast<size_t>(n) * n, -1);
  } else {
    data->near_offsets.assign(1, 0);
  }
  // ROME-shaped codes: domain letter and letter + 2 digits as keys (0: not
  // ROME-shaped, so no prefix proximity).
  std::vector<uint32_t> domain_key(n, 0), group_key(n, 0);
  static const uint8_t kSameSubdomainLevel = LevelOf(kProximitySameSubdomain);
  static const uint8_t kSameDomainLevel = LevelOf(kProximitySameDomain);
  if (dense) {
    for (OccupationId a = 0; a < n; ++a) {
      const std::string& code = data->occupations[a].code;
      if (!IsRomeCode(code)) continue;
      domain_key[a] = static_cast<unsigned char>(code[0]);
      group_key[a] = domain_key[a] << 16 | static_cast<unsigned char>(code[1]) << 8 |
                     static_cast<unsigned char>(code[2]);
    }
  }
  std::vector<int> distance(n, -1);
  std::vector<boost::default_color_type> color(n, boost::white_color);
  std::vector<OccupationId> reached;
  auto color_map = boost::make_iterator_property_map(color.begin(),
                                                     boost::get(boost::vertex_index, graph));
  CutoffVisitor visitor{&distance, &reached};
  for (OccupationId a = 0; a < n; ++a) {
    reached.assign(1, a);
    distance[a] = 0;
    boost::queue<Graph::vertex_descriptor> queue;
    try {
      boost::breadth_first_visit(graph, boost::vertex(a, graph), queue, visitor, color_map);
    } catch (const CutoffVisitor::Stop&) {
      // Every occupation within kMaxHops has been reached.
    }
    if (dense) {
      int8_t* hops_row = data->dense_hops.data() + static_cast<size_t>(a) * n;
      for (OccupationId b : reached) hops_row[b] = static_cast<int8_t>(distance[b]);
      // The prefix rule's level from each code's precomputed group and
      // domain keys (PrefixProximity without comparing strings n^2 times).
      uint8_t* row = data->dense.data() + static_cast<size_t>(a) * n;
      for (OccupationId b = 0; b < n; ++b) {
        uint8_t prefix = 0;
        if (domain_key[a] != 0) {
          prefix = group_key[a] == group_key[b] ? kSameSubdomainLevel
                   : domain_key[a] == domain_key[b] ? kSameDomainLevel
                                                    : 0;
        }
        const uint8_t hops = hops_row[b] >= 0 ? LevelOf(HopProximity(hops_row[b])) : 0;
        row[b] = std::max(prefix, hops);
      }
    } else {
      std::sort(reached.begin(), reached.end());
      for (OccupationId b : reached) data->near.emplace_back(b, static_cast<int8_t>(distance[b]));
      data->near_offsets.push_back(static_cast<int64_t>(data->near.size()));
    }
    for (OccupationId b : reached) {
      distance[b] = -1;
      color[b] = boost::white_color;
    }
  }
  return Taxonomy(std::move(data));
}

Taxonomy Taxonomy::FromCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open taxonomy file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InvalidArgumentError(path + ": cannot read taxonomy file");
  return FromCsvString(text.str(), path);
}

namespace {

// Reads job titles (`code,ogr_code,title` lines after a header) into
// `data`, grouped by occupation. Throws like `FromCsvString`.
void ReadTitles(std::string_view csv, std::string_view source_name, Taxonomy::Data* data) {
  auto fail = [&](int line, const std::string& what) {
    throw InvalidArgumentError(std::string(source_name) + ":" + std::to_string(line) + ": " +
                               what);
  };
  std::vector<std::string> fields;
  bool header_seen = false;
  std::vector<OccupationTitle> titles;
  ForEachCsvLine(csv, [&](int line_number, std::string_view line) {
    if (!SplitCsvLine(line, &fields)) fail(line_number, "unterminated quoted field");
    if (fields.size() != 3) {
      fail(line_number, "expected 3 fields (code,ogr_code,title), got " + std::to_string(fields.size()));
    }
    if (!header_seen) {
      if (fields[0] != "code" || fields[1] != "ogr_code" || fields[2] != "title") {
        fail(line_number, "header: expected code,ogr_code,title");
      }
      header_seen = true;
      return;
    }
    auto it = data->index.find(fields[0]);
    if (it == data->index.end()) fail(line_number, "field code: " + Quote(fields[0]) + " is not listed");
    if (fields[2].empty()) fail(line_number, "field title: empty");
    titles.push_back({it->second, std::move(fields[1]), std::move(fields[2])});
  });
  auto by_occupation = [](const OccupationTitle& a, const OccupationTitle& b) { return a.occupation < b.occupation; };
  if (!std::is_sorted(titles.begin(), titles.end(), by_occupation)) {  // the built-in file is
    std::stable_sort(titles.begin(), titles.end(), by_occupation);
  }
  const auto n = static_cast<OccupationId>(data->occupations.size());
  data->title_offsets.assign(static_cast<size_t>(n) + 1, 0);
  for (const OccupationTitle& t : titles) ++data->title_offsets[t.occupation + 1];
  for (OccupationId i = 0; i < n; ++i) data->title_offsets[i + 1] += data->title_offsets[i];
  data->titles = std::move(titles);
}

}  // namespace

const Taxonomy& Taxonomy::BuiltIn() {
  static const Taxonomy* const kBuiltIn = [] {
    Taxonomy t = FromCsvString(kBuiltinTaxonomyCsv, "data/taxonomy/rome_builtin.csv");
    // The data is not shared yet: the taxonomy was just built.
    ReadTitles(kBuiltinTitlesCsv, "data/taxonomy/rome_titles.csv", const_cast<Data*>(t.data_.get()));
    return new Taxonomy(std::move(t));
  }();
  return *kBuiltIn;
}

std::span<const OccupationTitle> Taxonomy::titles() const { return data_->titles; }

std::span<const OccupationTitle> Taxonomy::TitlesOf(OccupationId id) const {
  if (data_->title_offsets.empty()) return {};
  return std::span<const OccupationTitle>(data_->titles)
      .subspan(data_->title_offsets[id], data_->title_offsets[id + 1] - data_->title_offsets[id]);
}

int32_t Taxonomy::size() const { return static_cast<int32_t>(data_->occupations.size()); }

OccupationId Taxonomy::Find(std::string_view code) const {
  auto it = data_->index.find(code);
  return it == data_->index.end() ? kUnknownOccupation : it->second;
}

const Occupation& Taxonomy::occupation(OccupationId id) const {
  return data_->occupations[id];
}

std::span<const OccupationId> Taxonomy::Neighbours(OccupationId id) const {
  const OccupationId* base = data_->adjacency.data();
  return {base + data_->adjacency_offsets[id], base + data_->adjacency_offsets[id + 1]};
}

int Taxonomy::HopDistance(OccupationId a, OccupationId b) const {
  const auto n = static_cast<size_t>(size());
  if (!data_->dense_hops.empty()) return data_->dense_hops[a * n + b];
  auto first = data_->near.begin() + data_->near_offsets[a];
  auto last = data_->near.begin() + data_->near_offsets[a + 1];
  auto it = std::lower_bound(first, last, std::make_pair(b, int8_t{-1}));
  return it != last && it->first == b ? it->second : -1;
}

double Taxonomy::Proximity(OccupationId a, OccupationId b) const {
  if (!data_->dense.empty()) {
    return kLevelValue[data_->dense[static_cast<size_t>(a) * size() + b]];
  }
  const int hops = HopDistance(a, b);
  return std::max(hops >= 0 ? HopProximity(hops) : 0.0,
                  PrefixProximity(data_->occupations[a].code, data_->occupations[b].code));
}

double Taxonomy::Proximity(std::string_view a, std::string_view b) const {
  const OccupationId ia = Find(a), ib = Find(b);
  if (ia != kUnknownOccupation && ib != kUnknownOccupation) return Proximity(ia, ib);
  return PrefixProximity(a, b);
}

std::string_view Taxonomy::Label(std::string_view code) const {
  const OccupationId id = Find(code);
  return id == kUnknownOccupation ? std::string_view() : occupation(id).label;
}

double Taxonomy::Tension(std::string_view code) const {
  const OccupationId id = Find(code);
  return id == kUnknownOccupation ? 0.0 : occupation(id).tension;
}

std::string_view Taxonomy::DomainLabel(char letter, Language language) {
  static constexpr std::string_view kFrench[] = {
      "agriculture et pêche, espaces naturels et verts, soins aux animaux",
      "arts et façonnage d'ouvrages d'art",
      "banque, assurance, immobilier",
      "commerce, vente et grande distribution",
      "communication, média et multimédia",
      "construction, bâtiment et travaux publics",
      "hôtellerie-restauration, tourisme, loisirs et animation",
      "industrie",
      "installation et maintenance",
      "santé",
      "services à la personne et à la collectivité",
      "spectacle",
      "support à l'entreprise",
      "transport et logistique"};
  static constexpr std::string_view kEnglish[] = {
      "agriculture, fishing, green spaces, animal care",
      "arts and crafts",
      "banking, insurance, real estate",
      "retail and sales",
      "communication and media",
      "construction and public works",
      "hotels, restaurants, tourism and leisure",
      "manufacturing",
      "installation and maintenance",
      "health care",
      "personal and community services",
      "performing arts",
      "business support",
      "transport and logistics"};
  if (letter < 'A' || letter > 'N') return {};
  return language == Language::kEnglish ? kEnglish[letter - 'A'] : kFrench[letter - 'A'];
}

}  // namespace passerelle
