// The spreadsheet importer: columns by header, one rule per column, every
// bad cell reported as `SOURCE:LINE: column HEADER: problem`. The vocabulary
// of each column is documented in docs/import.md; keep the two in step.
#include "passerelle/spreadsheet.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/model.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"
#include "passerelle/taxonomy.h"
#include "passerelle/v1/passerelle.pb.h"
#include "passerelle/validate.h"

namespace passerelle {
namespace {

// Unknown communes and titles get suggestions (a scan of every commune,
// 2 ms, or of every title, 15 to 65 ms) for the first this many only.
constexpr int kSuggestionsBudget = 20;
constexpr size_t kQuotedMax = 60;

// Lowercase, accents folded, punctuation as single spaces (see
// `NormalizePlaceName`).
std::string Fold(std::string_view s) { return NormalizePlaceName(s); }

// `s` without leading and trailing spaces, tabs, line breaks and no-break
// spaces (U+00A0, U+202F: French typography puts them before ";" and ":").
std::string_view Trim(std::string_view s) {
  while (true) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with("\xC2\xA0")) {
      s.remove_prefix(2);
    } else if (s.starts_with("\xE2\x80\xAF")) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xC2\xA0")) {
      s.remove_suffix(2);
    } else if (s.ends_with("\xE2\x80\xAF")) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

// `s` in double quotes, cut after `kQuotedMax` bytes (at a character).
std::string Quote(std::string_view s) {
  std::string out = "\"";
  if (s.size() > kQuotedMax) {
    size_t cut = kQuotedMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    out.append(s.substr(0, cut)).append("…");
  } else {
    out.append(s);
  }
  out.push_back('"');
  return out;
}

bool Contains(std::string_view folded, std::string_view word) {
  // `word` as whole words of `folded` (both folded, space-separated).
  size_t at = 0;
  while ((at = folded.find(word, at)) != std::string_view::npos) {
    const bool starts = at == 0 || folded[at - 1] == ' ';
    const bool ends = at + word.size() == folded.size() || folded[at + word.size()] == ' ';
    if (starts && ends) return true;
    ++at;
  }
  return false;
}

template <typename T>
bool ContainsAny(std::string_view folded, std::initializer_list<T> words) {
  for (const auto& w : words) {
    if (Contains(folded, w)) return true;
  }
  return false;
}

// Splits a list cell on `;` and line breaks (and `,` when `commas`), trimmed,
// empty items dropped.
std::vector<std::string_view> SplitList(std::string_view cell, bool commas) {
  std::vector<std::string_view> items;
  size_t start = 0;
  for (size_t i = 0; i <= cell.size(); ++i) {
    if (i == cell.size() || cell[i] == ';' || cell[i] == '\n' || (commas && cell[i] == ',')) {
      const std::string_view item = Trim(cell.substr(start, i - start));
      if (!item.empty()) items.push_back(item);
      start = i + 1;
    }
  }
  return items;
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// ---------------------------------------------------------------------------
// Columns

struct ColumnSpec {
  std::string_view key;                             // the template's header
  std::initializer_list<std::string_view> aliases;  // folded forms
};

// A header as compared: a trailing "(...)" dropped, then folded.
std::string HeaderKey(std::string_view header) {
  std::string_view h = Trim(header);
  if (h.ends_with(")")) {
    const size_t open = h.rfind('(');
    if (open != std::string_view::npos && open > 0) h = Trim(h.substr(0, open));
  }
  return Fold(h);
}

class Sheet {
 public:
  Sheet(const SpreadsheetTable& table, std::span<const ColumnSpec> specs, ProblemList* problems,
        std::vector<std::string>* warnings)
      : table_(table), specs_(specs), problems_(problems) {
    column_.assign(specs.size(), -1);
    if (table.rows.empty()) {
      problems->Add(table.source + ": empty: the first line must name the columns");
      return;
    }
    const std::vector<std::string>& header = table.rows[0];
    headers_ = header;
    const int64_t line = table.LineOf(0);
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string key = HeaderKey(header[c]);
      if (key.empty()) continue;  // an unnamed column (often trailing separators)
      int found = -1;
      for (size_t s = 0; s < specs.size() && found < 0; ++s) {
        if (Fold(specs[s].key) == key) found = static_cast<int>(s);
        for (std::string_view alias : specs[s].aliases) {
          if (alias == key) found = static_cast<int>(s);
        }
      }
      if (found < 0) {
        std::string warning = Where(line) + ": column " + Quote(Trim(header[c])) + " ignored: not a known column";
        int best = 3;
        std::string_view closest;
        for (const ColumnSpec& s : specs) {
          const int d = EditDistance(key, Fold(s.key));
          if (d < best) {
            best = d;
            closest = s.key;
          }
        }
        if (!closest.empty()) warning += " (did you mean " + std::string(closest) + "?)";
        warnings->push_back(std::move(warning));
        continue;
      }
      if (column_[found] >= 0) {
        problems->Add(Where(line) + ": column " + Quote(Trim(header[c])) + " repeats column " +
                      Quote(Trim(header[column_[found]])) + " (both are " + std::string(specs[found].key) + ")");
        continue;
      }
      column_[found] = static_cast<int>(c);
    }
  }

  size_t rows() const { return table_.rows.empty() ? 0 : table_.rows.size() - 1; }
  int64_t line(size_t row) const { return table_.LineOf(row + 1); }
  std::string Where(int64_t line) const { return table_.source + ":" + std::to_string(line); }
  const std::string& source() const { return table_.source; }

  bool Has(std::string_view key) const { return column_[Index(key)] >= 0; }
  // The trimmed cell of `key` in data row `row`; "" when no such column, and
  // for the placeholders sheets hold for "nothing" ("-", "?", "NC", "n/a").
  std::string_view Cell(size_t row, std::string_view key) const {
    const int c = column_[Index(key)];
    const std::vector<std::string>& cells = table_.rows[row + 1];
    if (c < 0 || static_cast<size_t>(c) >= cells.size()) return {};
    const std::string_view cell = Trim(cells[c]);
    if (cell.size() <= 4) {
      for (std::string_view blank : {"-", "--", "–", "—", "/", "?", "nc", "NC", "n/a", "N/A", "na", "NA", "ns", "NS"}) {
        if (cell == blank) return {};
      }
    }
    return cell;
  }
  std::string Header(std::string_view key) const {
    const int c = column_[Index(key)];
    return c >= 0 ? std::string(Trim(headers_[c])) : std::string(key);
  }
  // A bad cell.
  void Bad(size_t row, std::string_view key, const std::string& problem) const {
    if (problems_->full()) {
      problems_->Count();
      return;
    }
    problems_->Add(Where(line(row)) + ": column " + Header(key) + ": " + problem);
  }
  void RequireColumn(std::string_view key) const {
    if (Has(key) || table_.rows.empty()) return;
    const ColumnSpec& s = specs_[Index(key)];
    std::string names;
    for (std::string_view a : s.aliases) names += (names.empty() ? "" : ", ") + std::string(a);
    problems_->Add(Where(table_.LineOf(0)) + ": no column " + std::string(s.key) +
                   (names.empty() ? "" : " (or " + names + ")"));
  }
  // Cells beyond the header's columns.
  void CheckWidth(size_t row) const {
    const std::vector<std::string>& cells = table_.rows[row + 1];
    for (size_t c = headers_.size(); c < cells.size(); ++c) {
      if (!Trim(cells[c]).empty()) {
        problems_->Add(Where(line(row)) + ": cell " + std::to_string(c + 1) + " " + Quote(Trim(cells[c])) +
                       " is beyond the last column of the header (" + std::to_string(headers_.size()) +
                       " columns); a separator too many?");
        return;
      }
    }
  }

 private:
  size_t Index(std::string_view key) const {
    for (size_t s = 0; s < specs_.size(); ++s) {
      if (specs_[s].key == key) return s;
    }
    throw std::logic_error("spreadsheet: unknown column key " + std::string(key));
  }
  const SpreadsheetTable& table_;
  std::span<const ColumnSpec> specs_;
  ProblemList* problems_;
  std::vector<std::string> headers_;
  std::vector<int> column_;
};

// The columns. Keys are the templates' headers (examples/spreadsheet/).
const ColumnSpec kCandidateColumns[] = {
    {"id", {"identifiant", "numero", "n", "ref", "reference"}},
    {"nom", {"name", "nom prenom", "prenom nom", "display name", "personne"}},
    {"commune", {"ville", "city", "place", "lieu", "domicile", "commune de residence"}},
    {"code_postal", {"cp", "postal code", "code postal"}},
    {"code_insee", {"insee", "insee code", "code insee", "code commune"}},
    {"latitude", {"lat"}},
    {"longitude", {"lon", "lng"}},
    {"metier_vise",
     {"metiers vises", "metier vise", "metier", "projet", "projet professionnel", "target occupations",
      "target occupation", "metiers"}},
    {"ancien_metier",
     {"anciens metiers", "ancien metier", "experience", "experiences", "past occupations", "past occupation",
      "metiers exerces", "metier exerce"}},
    {"niveau_francais", {"niveau de francais", "francais", "french level", "french", "niveau fle", "cecrl"}},
    {"competences", {"competence", "skills", "savoir faire"}},
    {"permis", {"permis b", "permis de conduire", "driving licence", "driving license"}},
    {"vehicule", {"voiture", "vehicle", "has vehicle", "vehicule personnel"}},
    {"mobilite",
     {"mobilite minutes", "temps de trajet", "trajet max", "max commute", "max commute minutes", "commute"}},
    {"transports", {"moyens de transport", "transport", "transport modes", "deplacement"}},
    {"desserte", {"desserte domicile", "transports en commun domicile", "home transit access", "transit"}},
    {"garde_enfants", {"enfants", "garde d enfants", "garde enfants", "childcare", "children"}},
    {"horaires", {"contraintes horaires", "disponibilite horaire", "schedule", "hours"}},
    {"sante", {"restrictions", "restrictions medicales", "contre indications", "health", "health restrictions"}},
    {"logement", {"hebergement", "housing"}},
    {"fragilite", {"fragilite psychologique", "psychological fragility"}},
    {"sans_cv", {"pas de cv", "no cv"}},
    {"droit_travail", {"droit au travail", "autorisation de travail", "right to work", "droit de travailler"}},
    {"disponible_le", {"disponibilite", "disponible", "available from", "date de disponibilite"}},
    {"age", {"age ans"}},
    {"genre", {"sexe", "gender"}},
    {"pays", {"pays d origine", "nationalite", "country", "country of origin"}},
    {"secteurs", {"secteurs preferes", "secteur prefere", "preferred sectors", "secteur"}},
    {"contrats", {"contrats souhaites", "contrat souhaite", "preferred contracts", "preferred contract types"}},
    {"ouvert_autres_metiers", {"ouvert aux autres metiers", "autres metiers", "open to other trades"}},
    {"placements", {"placements needed", "nombre de placements"}},
    {"priorite", {"priority"}},
};

const ColumnSpec kOpeningColumns[] = {
    {"id", {"identifiant", "numero", "n", "ref", "reference", "offre"}},
    {"intitule", {"titre", "title", "poste", "intitule du poste", "metier", "offre d emploi"}},
    {"code_rome", {"rome", "occupation", "code metier"}},
    {"type", {"kind", "nature", "type d offre"}},
    {"employeur", {"entreprise", "employer", "employer id", "structure", "organisme"}},
    {"commune", {"ville", "city", "place", "lieu", "lieu de travail"}},
    {"code_postal", {"cp", "postal code", "code postal"}},
    {"code_insee", {"insee", "insee code", "code insee", "code commune"}},
    {"latitude", {"lat"}},
    {"longitude", {"lon", "lng"}},
    {"places", {"nombre de places", "nb places", "postes", "capacity", "seats"}},
    {"niveau_francais",
     {"niveau de francais", "niveau de francais requis", "francais", "min french level", "french level",
      "niveau requis"}},
    {"formation_francais", {"francais a visee professionnelle", "provides french training", "fle inclus"}},
    {"formation_metier", {"formation au poste", "provides skill training"}},
    {"permis_requis", {"permis", "requires driving licence", "permis exige"}},
    {"competences_requises", {"competences", "required skills", "competences exigees"}},
    {"competences_souhaitees", {"optional skills", "atouts", "competences appreciees"}},
    {"horaires", {"schedule", "hours"}},
    {"contraintes_physiques", {"contraintes", "physical demands", "penibilite"}},
    {"desserte", {"transports en commun", "site transit access", "transit"}},
    {"contrat", {"type de contrat", "contract", "contract type"}},
    {"duree", {"duree mois", "duration", "duration months", "duree du contrat"}},
    {"date_debut", {"debut", "date de debut", "start date", "start"}},
    {"tension", {"difficulte de recrutement"}},
};

const ColumnSpec kEmployerColumns[] = {
    {"id", {"identifiant", "numero", "ref", "reference"}},
    {"nom", {"name", "raison sociale", "entreprise", "employeur"}},
    {"secteur", {"sector", "domaine", "activite"}},
    {"plafond", {"max candidats", "max candidates", "maximum", "accueil max"}},
    {"reseau", {"network", "federation"}},
};

// ---------------------------------------------------------------------------
// Cell values

std::optional<bool> ParseYesNo(std::string_view cell) {
  const std::string f = Fold(cell);
  if (f.empty()) return false;
  for (std::string_view w : {"oui", "o", "yes", "y", "vrai", "true", "1", "x", "ok"}) {
    if (f == w) return true;
  }
  for (std::string_view w : {"non", "n", "no", "faux", "false", "0", "aucun", "aucune", "sans"}) {
    if (f == w) return false;
  }
  if (f.starts_with("oui ")) return true;
  if (f.starts_with("non ")) return false;
  return std::nullopt;
}

// A CEFR level: "B1", "b1", "A2 oral", "aucun", "A1.1" (the DILF level, below
// A1: none).
std::optional<v1::CefrLevel> ParseCefr(std::string_view cell) {
  const std::string f = Fold(cell);
  if (f.empty()) return v1::CEFR_LEVEL_UNSPECIFIED;
  for (std::string_view w :
       {"aucun", "aucune", "none", "non", "0", "pre a1", "a0", "a1 1", "alpha", "debutant", "grand debutant"}) {
    if (f == w) return v1::CEFR_LEVEL_NONE;
  }
  if (f.size() >= 2 && (f[0] == 'a' || f[0] == 'b' || f[0] == 'c') && (f[1] == '1' || f[1] == '2') &&
      (f.size() == 2 || f[2] == ' ')) {
    if (f.size() > 2) {
      // "A2 oral", "B1 ecrit": words after the level; "A1 1" handled above,
      // "A2 B1" (a range) is refused as unclear.
      const std::string_view rest = std::string_view(f).substr(3);
      if (rest.empty() || !(rest[0] >= 'a' && rest[0] <= 'z') ||
          (rest.size() >= 2 && (rest[1] == '1' || rest[1] == '2') && (rest.size() == 2 || rest[2] == ' '))) {
        return std::nullopt;
      }
    }
    const int level = (f[0] - 'a') * 2 + (f[1] - '1');
    return static_cast<v1::CefrLevel>(v1::CEFR_LEVEL_A1 + level);
  }
  return std::nullopt;
}
constexpr const char* kCefrProblem = " is not a CEFR level (A1…C2, or none)";

// An integer in [lo, hi], allowing a trailing unit word ("34 ans").
std::optional<int64_t> ParseInt(std::string_view cell, int64_t lo, int64_t hi) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc{}) return std::nullopt;
  const std::string_view rest = Trim(std::string_view(end, cell.data() + cell.size() - end));
  if (!rest.empty() &&
      !(rest == "ans" || rest == "an" || rest == "years" || rest == "places" || rest == "place" || rest == "seats")) {
    return std::nullopt;
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<double> ParseNumber(std::string_view cell) {
  std::string s(cell);
  std::replace(s.begin(), s.end(), ',', '.');  // "0,75" as French spreadsheets write it
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || !std::isfinite(v)) return std::nullopt;
  const std::string_view rest = Trim(std::string_view(end, s.data() + s.size() - end));
  if (rest == "%") return v / 100;
  if (!rest.empty()) return std::nullopt;
  return v;
}

// Minutes: "45", "45 min", "1h", "1h30", "1 h 30", "90 minutes".
std::optional<int64_t> ParseMinutes(std::string_view cell) {
  std::string s = Fold(cell);
  int64_t hours = 0, minutes = 0;
  bool any = false;
  size_t i = 0;
  auto number = [&](int64_t* out) {
    size_t j = i;
    int64_t v = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && j - i < 6) v = v * 10 + (s[j++] - '0');
    if (j == i) return false;
    *out = v;
    i = j;
    while (i < s.size() && s[i] == ' ') ++i;
    return true;
  };
  int64_t first = 0;
  if (!number(&first)) return std::nullopt;
  any = true;
  std::string_view rest = std::string_view(s).substr(i);
  if (rest.empty() || rest == "min" || rest == "mn" || rest == "minutes" || rest == "minute" || rest == "m") {
    minutes = first;
  } else if (rest.starts_with("h")) {
    hours = first;
    i += rest.starts_with("heures") ? 6 : rest.starts_with("heure") ? 5 : 1;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size()) {
      if (!number(&minutes)) return std::nullopt;
      rest = std::string_view(s).substr(i);
      if (!(rest.empty() || rest == "min" || rest == "mn" || rest == "minutes")) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return hours * 60 + minutes;
}

// A date: "2026-03-02", "02/03/2026", "2/3/2026"; "" or "immédiatement": none.
std::optional<std::string> ParseDateCell(std::string_view cell) {
  const std::string f = Fold(cell);
  if (f.empty() || f == "immediat" || f == "immediatement" || f == "des que possible" || f == "maintenant" ||
      f == "now" || f == "asap") {
    return std::string();
  }
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const std::string s(cell);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 ||
      std::sscanf(s.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 ||
      std::sscanf(s.c_str(), "%2d.%2d.%4d%c", &d, &m, &y, &tail) == 3) {
    Date date;
    if (y >= 1900 && ParseDate(std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) + "-" +
                                   (d < 10 ? "0" : "") + std::to_string(d),
                               &date)) {
      return FormatDate(date);
    }
  }
  return std::nullopt;
}

std::optional<v1::TransportMode> ParseTransportMode(std::string_view item) {
  const std::string f = Fold(item);
  if (ContainsAny(f, {"voiture", "auto", "car", "automobile"})) return v1::TRANSPORT_MODE_CAR;
  if (ContainsAny(f, {"covoiturage", "carpool", "carpooling"})) return v1::TRANSPORT_MODE_CARPOOL;
  if (ContainsAny(f, {"velo", "bicyclette", "bicycle", "bike", "vae"})) return v1::TRANSPORT_MODE_BICYCLE;
  if (ContainsAny(f, {"pied", "marche", "walk", "walking"})) return v1::TRANSPORT_MODE_WALK;
  if (ContainsAny(f, {"scooter", "moto", "mobylette", "cyclomoteur", "moped", "2 roues", "deux roues"})) {
    return v1::TRANSPORT_MODE_MOPED;
  }
  if (ContainsAny(f, {"bus", "car", "train", "ter", "tram", "tramway", "metro", "transports en commun",
                      "transport en commun", "tc", "public transport", "transports publics"})) {
    return v1::TRANSPORT_MODE_PUBLIC_TRANSPORT;
  }
  return std::nullopt;
}

std::optional<v1::TransitAccess> ParseTransitAccess(std::string_view cell) {
  const std::string f = Fold(cell);
  if (f.empty()) return v1::TRANSIT_ACCESS_UNSPECIFIED;
  if (ContainsAny(f, {"aucun", "aucune", "non", "none", "pas de transport", "pas desservi", "rien"})) {
    return v1::TRANSIT_ACCESS_NONE;
  }
  if (ContainsAny(f, {"complet", "complete", "full", "ville", "tot et tard", "toute la journee", "soir"})) {
    return v1::TRANSIT_ACCESS_FULL;
  }
  if (ContainsAny(f, {"journee", "jour", "daytime", "oui", "bus", "partiel", "limite"})) {
    return v1::TRANSIT_ACCESS_DAYTIME;
  }
  return std::nullopt;
}
constexpr const char* kTransitProblem =
    " is not a public-transport service (aucune, journée: daytime only, complète: early and late)";

std::optional<v1::PhysicalDemand> ParsePhysicalDemand(std::string_view item) {
  const std::string f = Fold(item);
  if (ContainsAny(f, {"charge", "charges", "port", "porter", "lourd", "lourdes", "dos", "heavy", "loads"})) {
    return v1::PHYSICAL_DEMAND_HEAVY_LOADS;
  }
  if (ContainsAny(f, {"debout", "station", "standing", "pietinement"})) return v1::PHYSICAL_DEMAND_PROLONGED_STANDING;
  if (ContainsAny(f, {"exterieur", "plein air", "froid", "intemperies", "outdoor", "dehors"})) {
    return v1::PHYSICAL_DEMAND_OUTDOOR_WORK;
  }
  if (ContainsAny(f, {"hauteur", "vertige", "echafaudage", "toiture", "height"})) {
    return v1::PHYSICAL_DEMAND_WORK_AT_HEIGHT;
  }
  if (ContainsAny(f, {"repetitif", "repetitifs", "repetitive", "repetitives", "gestes", "tms", "cadence"})) {
    return v1::PHYSICAL_DEMAND_REPETITIVE_MOVEMENTS;
  }
  return std::nullopt;
}
constexpr const char* kPhysicalProblem =
    " is not a physical demand (port de charges, station debout, extérieur, hauteur, gestes répétitifs, or aucune)";

bool IsNone(std::string_view folded) {
  for (std::string_view w : {"aucun", "aucune", "non", "none", "rien", "ras", "0", "no", "sans"}) {
    if (folded == w) return true;
  }
  return false;
}

std::optional<v1::ContractType> ParseContract(std::string_view item) {
  const std::string f = Fold(item);
  if (ContainsAny(f, {"cdi", "permanent", "indetermine"})) return v1::CONTRACT_TYPE_PERMANENT;
  if (ContainsAny(f, {"iae", "pec", "cddi", "insertion", "integration", "cui"})) return v1::CONTRACT_TYPE_INTEGRATION;
  if (ContainsAny(f, {"cdd", "fixed term", "determine"})) return v1::CONTRACT_TYPE_FIXED_TERM;
  if (ContainsAny(f, {"interim", "temporary", "agency", "mission", "ctt"})) return v1::CONTRACT_TYPE_TEMPORARY_AGENCY;
  if (ContainsAny(f, {"saisonnier", "saison", "seasonal", "saisonniere"})) return v1::CONTRACT_TYPE_SEASONAL;
  if (ContainsAny(f, {"apprentissage", "alternance", "professionnalisation", "contrat pro", "apprenticeship"})) {
    return v1::CONTRACT_TYPE_APPRENTICESHIP;
  }
  if (ContainsAny(f, {"stage", "convention", "pmsmp", "internship", "immersion"})) {
    return v1::CONTRACT_TYPE_INTERNSHIP_AGREEMENT;
  }
  if (ContainsAny(f, {"stagiaire", "formation", "trainee", "stagiaire de la formation professionnelle"})) {
    return v1::CONTRACT_TYPE_TRAINEE;
  }
  return std::nullopt;
}
constexpr const char* kContractProblem =
    " is not a contract type (CDI, CDD, intérim, saisonnier, apprentissage, stage, formation, insertion)";

std::optional<v1::OpeningKind> ParseKind(std::string_view cell) {
  const std::string f = Fold(cell);
  if (ContainsAny(f, {"francais", "fle", "french", "langue", "linguistique"})) return v1::OPENING_KIND_FRENCH_COURSE;
  if (ContainsAny(f, {"pmsmp", "immersion", "mise en situation", "essai", "trial", "workplace trial"})) {
    return v1::OPENING_KIND_WORKPLACE_TRIAL;
  }
  if (ContainsAny(f, {"apprentissage", "alternance", "apprenticeship", "apprenti"})) {
    return v1::OPENING_KIND_APPRENTICESHIP;
  }
  if (ContainsAny(f, {"stage", "internship"})) return v1::OPENING_KIND_INTERNSHIP;
  if (ContainsAny(f, {"formation", "training", "qualifiante", "certifiante"})) {
    return v1::OPENING_KIND_QUALIFYING_TRAINING;
  }
  if (ContainsAny(f, {"emploi", "job", "poste", "cdi", "cdd", "offre", "interim", "embauche"})) {
    return v1::OPENING_KIND_JOB;
  }
  return std::nullopt;
}
constexpr const char* kKindProblem =
    " is not a kind of opening (emploi, apprentissage, stage, PMSMP, formation, cours de français)";

// Country of origin: ISO 3166-1 alpha-2, or the French or English name of a
// country people often arrive from.
std::optional<std::string> ParseCountry(std::string_view cell) {
  if (cell.size() == 2 && std::isalpha(static_cast<unsigned char>(cell[0])) &&
      std::isalpha(static_cast<unsigned char>(cell[1]))) {
    return std::string{static_cast<char>(std::toupper(static_cast<unsigned char>(cell[0]))),
                       static_cast<char>(std::toupper(static_cast<unsigned char>(cell[1])))};
  }
  // clang-format off
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"afghanistan", "AF"}, {"syrie", "SY"}, {"syria", "SY"}, {"ukraine", "UA"}, {"soudan", "SD"}, {"sudan", "SD"},
      {"soudan du sud", "SS"}, {"erythree", "ER"}, {"eritrea", "ER"}, {"guinee", "GN"}, {"guinea", "GN"}, {"guinee conakry", "GN"}, {"guinee bissau", "GW"},
      {"cote d ivoire", "CI"}, {"ivory coast", "CI"}, {"rdc", "CD"}, {"republique democratique du congo", "CD"},
      {"congo rdc", "CD"}, {"congo", "CG"}, {"irak", "IQ"}, {"iraq", "IQ"}, {"iran", "IR"}, {"somalie", "SO"},
      {"somalia", "SO"}, {"ethiopie", "ET"}, {"ethiopia", "ET"}, {"tchad", "TD"}, {"chad", "TD"}, {"mali", "ML"},
      {"bangladesh", "BD"}, {"pakistan", "PK"}, {"turquie", "TR"}, {"turkey", "TR"}, {"georgie", "GE"},
      {"georgia", "GE"}, {"albanie", "AL"}, {"albania", "AL"}, {"russie", "RU"}, {"russia", "RU"},
      {"nigeria", "NG"}, {"cameroun", "CM"}, {"cameroon", "CM"}, {"sri lanka", "LK"}, {"venezuela", "VE"},
      {"haiti", "HT"}, {"yemen", "YE"}, {"libye", "LY"}, {"libya", "LY"}, {"tunisie", "TN"}, {"tunisia", "TN"},
      {"maroc", "MA"}, {"morocco", "MA"}, {"algerie", "DZ"}, {"algeria", "DZ"}, {"senegal", "SN"},
      {"mauritanie", "MR"}, {"mauritania", "MR"}, {"burkina faso", "BF"}, {"kosovo", "XK"}, {"armenie", "AM"},
      {"armenia", "AM"}, {"azerbaidjan", "AZ"}, {"azerbaijan", "AZ"}, {"palestine", "PS"}, {"myanmar", "MM"},
      {"birmanie", "MM"}, {"colombie", "CO"}, {"colombia", "CO"}, {"comores", "KM"}, {"angola", "AO"},
      {"gambie", "GM"}, {"gambia", "GM"}, {"sierra leone", "SL"}, {"niger", "NE"}, {"egypte", "EG"},
      {"egypt", "EG"}, {"liban", "LB"}, {"lebanon", "LB"}, {"tchetchenie", "RU"}, {"moldavie", "MD"},
      {"moldova", "MD"}, {"bielorussie", "BY"}, {"belarus", "BY"}, {"tibet", "CN"}, {"chine", "CN"},
      {"china", "CN"}, {"france", "FR"},
  };
  // clang-format on
  const std::string f = Fold(cell);
  for (const auto& [name, code] : kNames) {
    if (f == name) return std::string(code);
  }
  return std::nullopt;
}

// A ROME domain letter: "F", or a domain's words ("BTP", "restauration").
std::optional<std::string> ParseSector(std::string_view item) {
  if (item.size() == 1) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(item[0])));
    if (c >= 'A' && c <= 'N') return std::string(1, c);
    return std::nullopt;
  }
  const std::string f = Fold(item);
  // clang-format off
  static const std::pair<std::string_view, char> kWords[] = {
      {"agriculture", 'A'}, {"agricole", 'A'}, {"maraichage", 'A'}, {"espaces verts", 'A'}, {"peche", 'A'},
      {"art", 'B'}, {"artisanat d art", 'B'}, {"banque", 'C'}, {"assurance", 'C'}, {"immobilier", 'C'},
      {"commerce", 'D'}, {"vente", 'D'}, {"grande distribution", 'D'}, {"communication", 'E'}, {"medias", 'E'},
      {"btp", 'F'}, {"batiment", 'F'}, {"construction", 'F'}, {"travaux publics", 'F'},
      {"restauration", 'G'}, {"hotellerie", 'G'}, {"hotellerie restauration", 'G'}, {"tourisme", 'G'},
      {"animation", 'G'}, {"industrie", 'H'}, {"production", 'H'}, {"installation", 'I'}, {"maintenance", 'I'},
      {"sante", 'J'}, {"soins", 'J'}, {"services a la personne", 'K'}, {"aide a domicile", 'K'},
      {"nettoyage", 'K'}, {"proprete", 'K'}, {"social", 'K'}, {"spectacle", 'L'}, {"support a l entreprise", 'M'},
      {"administratif", 'M'}, {"informatique", 'M'}, {"transport", 'N'}, {"logistique", 'N'},
      {"transport logistique", 'N'},
  };
  // clang-format on
  for (const auto& [word, letter] : kWords) {
    if (f == word) return std::string(1, letter);
  }
  for (char letter = 'A'; letter <= 'N'; ++letter) {
    if (Fold(Taxonomy::DomainLabel(letter, Language::kFrench)) == f) return std::string(1, letter);
  }
  return std::nullopt;
}
constexpr const char* kSectorProblem =
    " is not a sector (a ROME domain letter A…N, or BTP, restauration, commerce, industrie, logistique, ...)";

// Skill code: the folded text, so that "Soudure" in a candidate's sheet and
// "soudure" in an opening's are the same skill.
void AddSkill(std::string_view text, v1::Skill* skill) {
  skill->set_code(Fold(text));
  skill->set_label(std::string(text));
}

// ---------------------------------------------------------------------------
// Occupations and places, with the lookups they share across rows.

class Resolver {
 public:
  Resolver(const Taxonomy& taxonomy, const ProblemList* problems)
      : taxonomy_(taxonomy), communes_(Communes::BuiltIn()), problems_(problems) {}

  // The occupation code `text` names, or an error message.
  struct Occupation {
    std::string code;
    std::string problem;
  };
  const Occupation& FindOccupation(std::string_view text) {
    std::string key(text);
    const auto it = occupations_.find(key);
    if (it != occupations_.end()) return it->second;
    return occupations_.emplace(std::move(key), LookUp(text)).first->second;
  }

  // The occupation `text` names exactly (code, label, title), without a
  // search: for French courses, whose titles need not be occupations.
  std::string FindExactOccupation(std::string_view text) const {
    const OccupationId id = taxonomy_.FindByTitle(text);
    return id == kUnknownOccupation ? std::string() : taxonomy_.occupation(id).code;
  }

  PlaceResolution FindPlace(const PlaceQuery& query, bool allow_suggestions = true) {
    const bool suggest = allow_suggestions && place_suggestions_left_ > 0;
    PlaceResolution r = communes_.Resolve(query, suggest);
    if (!r.commune && r.field == "place" && suggest) {
      --place_suggestions_left_;
      // Sheets shorten long names ("Romorantin" for Romorantin-Lanthenay),
      // which edit distance ranks far: communes whose name starts with the
      // text come first.
      const size_t closest = r.problem.find("; closest: ");
      const std::vector<std::string> longer = LongerNames(query.place);
      if (closest != std::string::npos && !longer.empty()) {
        std::string list;
        for (const std::string& name : longer) list += (list.empty() ? "" : ", ") + name;
        r.problem = r.problem.substr(0, closest) + "; closest: " + list;
      }
    }
    return r;
  }

 private:
  Occupation LookUp(std::string_view text) {
    std::string upper(text);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (IsRomeCode(upper)) {
      if (taxonomy_.Contains(upper)) return {upper, {}};
      return {{}, Quote(text) + " is not an occupation of the taxonomy"};
    }
    const OccupationId id = taxonomy_.FindByTitle(text);
    if (id != kUnknownOccupation) return {taxonomy_.occupation(id).code, {}};
    // Past the problems kept, the import fails whatever this cell holds and
    // its problem is only counted: no search (about 1 ms each), so that a
    // sheet of 100,000 bad titles is refused in seconds.
    if (problems_->full()) return {{}, Quote(text) + " is not a ROME code or an exact job title"};
    const bool suggest = suggestions_left_ > 0;
    const OccupationSearch found = taxonomy_.Search(text, 6, suggest);
    if (found.matches.empty() && suggest) --suggestions_left_;
    // One occupation matches better than every other: that one ("aide à
    // domicile" is a title of K1304 and only part of a K1403 title).
    if (found.matches.size() == 1 || (found.matches.size() > 1 && found.matches[0].score > found.matches[1].score)) {
      return {taxonomy_.occupation(found.matches[0].occupation).code, {}};
    }
    if (found.matches.empty()) {
      std::string problem = Quote(text) + " is not a job title or ROME code";
      for (size_t i = 0; i < found.suggestions.size(); ++i) {
        const OccupationSuggestion& s = found.suggestions[i];
        problem += (i ? "; " : "; closest: ") + s.text + " (" + taxonomy_.occupation(s.occupation).code + ")";
      }
      return {{}, problem};
    }
    std::string problem = Quote(text) + " names several occupations: ";
    size_t tied = 0;
    while (tied < found.matches.size() && found.matches[tied].score == found.matches[0].score) ++tied;
    const size_t shown = std::min<size_t>(tied, 5);
    for (size_t i = 0; i < shown; ++i) {
      const passerelle::Occupation& o = taxonomy_.occupation(found.matches[i].occupation);
      problem += (i ? "; " : "") + o.code + " (" + o.label + ")";
    }
    if (tied > shown) problem += "; ...";
    problem += "; write the ROME code or a more precise title (passerelle occupations " + Quote(text) +
               " lists them with their titles)";
    return {{}, problem};
  }

  // Up to 3 current communes whose name starts with `place`'s words, most
  // populous first, as "Name (département)".
  std::vector<std::string> LongerNames(std::string_view place) const {
    std::string prefix = Fold(place);
    if (prefix.size() < 4) return {};
    prefix += ' ';
    std::vector<const Commune*> found;
    for (const Commune& c : communes_.all()) {
      if (c.kind != CommuneKind::kCommune || c.name.size() < prefix.size()) continue;
      if (Fold(c.name).starts_with(prefix)) found.push_back(&c);
    }
    std::sort(found.begin(), found.end(), [](const Commune* a, const Commune* b) {
      return a->population != b->population ? a->population > b->population : a->insee_code < b->insee_code;
    });
    std::vector<std::string> names;
    for (size_t i = 0; i < found.size() && i < 3; ++i) {
      names.push_back(std::string(found[i]->name) + " (" + std::string(found[i]->departement) + ")");
    }
    return names;
  }

  const Taxonomy& taxonomy_;
  const Communes& communes_;
  const ProblemList* problems_;
  std::unordered_map<std::string, Occupation> occupations_;
  int place_suggestions_left_ = kSuggestionsBudget;
  int suggestions_left_ = kSuggestionsBudget;
};

// Reads the place columns of `row` into `point`; returns the commune's
// département ("" when unresolved).
std::string ReadPlace(const Sheet& sheet, size_t row, Resolver* resolver, std::string_view default_departement,
                      v1::GeoPoint* point, std::vector<std::string>* warnings) {
  std::string place(sheet.Cell(row, "commune")), postal(sheet.Cell(row, "code_postal")),
      insee(sheet.Cell(row, "code_insee"));
  // Spreadsheets drop the leading zero of codes of départements 01 to 09.
  if (postal.size() == 4 && std::all_of(postal.begin(), postal.end(), ::isdigit)) postal = "0" + postal;
  if (insee.size() == 4 && std::all_of(insee.begin(), insee.end(), ::isdigit)) insee = "0" + insee;
  const std::string_view lat_cell = sheet.Cell(row, "latitude"), lon_cell = sheet.Cell(row, "longitude");
  std::optional<GeoPoint> coordinates;
  if (!lat_cell.empty() || !lon_cell.empty()) {
    const std::optional<double> lat = ParseNumber(lat_cell), lon = ParseNumber(lon_cell);
    bool ok = true;
    if (!lat || *lat < -90 || *lat > 90) {
      sheet.Bad(row, "latitude", Quote(lat_cell) + " is not a latitude (degrees, -90 to 90)");
      ok = false;
    }
    if (!lon || *lon < -180 || *lon > 180) {
      sheet.Bad(row, "longitude", Quote(lon_cell) + " is not a longitude (degrees, -180 to 180)");
      ok = false;
    }
    if (!ok) return {};
    coordinates = GeoPoint{*lat, *lon, GeoPrecision::kAddress};
  }
  if (place.empty() && postal.empty() && insee.empty()) {
    if (coordinates) {
      point->set_latitude(coordinates->latitude);
      point->set_longitude(coordinates->longitude);
      return {};
    }
    sheet.Bad(row, "commune",
              "missing: give the commune (\"Contres\", \"Blois (41)\"), its postal code or its INSEE code");
    return {};
  }
  PlaceResolution r;
  if (!default_departement.empty() && insee.empty() && !place.empty() && place.find('(') == std::string::npos) {
    // "Saint-Aignan" in a sheet of département 41: "Saint-Aignan (41)" if
    // there is one (no suggestions: the plain name is tried next).
    const std::string qualified = place + " (" + std::string(default_departement) + ")";
    r = resolver->FindPlace({insee, postal, qualified, coordinates ? &*coordinates : nullptr}, /*suggest=*/false);
    if (r.commune) place = qualified;
  }
  if (!r.commune) r = resolver->FindPlace({insee, postal, place, coordinates ? &*coordinates : nullptr});
  if (!r.commune) {
    std::string problem = r.problem;
    // The resolver speaks of request fields; a spreadsheet has columns.
    for (const auto& [field, column] : {std::pair<std::string, std::string_view>{"insee_code", "code_insee"},
                                        {"postal_code", "code_postal"},
                                        {"place", "commune"}}) {
      const std::string named = sheet.Has(column) ? sheet.Header(column) : std::string(column);
      for (size_t at = 0; (at = problem.find(field, at)) != std::string::npos; at += named.size()) {
        problem.replace(at, field.size(), named);
      }
    }
    const std::string_view column = r.field == "insee_code"    ? "code_insee"
                                    : r.field == "postal_code" ? "code_postal"
                                                               : "commune";
    sheet.Bad(row, sheet.Has(column) ? column : "commune", problem);
    return {};
  }
  point->set_latitude(r.point.latitude);
  point->set_longitude(r.point.longitude);
  point->set_precision(coordinates ? v1::GEO_PRECISION_ADDRESS : v1::GEO_PRECISION_TOWN);
  point->set_place(place);
  point->set_postal_code(postal);
  point->set_insee_code(insee);
  if (!r.note.empty()) warnings->push_back(sheet.Where(sheet.line(row)) + ": " + r.note);
  return std::string(r.commune->departement);
}

// Occupation list cells ("soudeur; H2909"); a piece with commas that is not
// an occupation is tried split on commas.
std::vector<std::string> ReadOccupations(const Sheet& sheet, size_t row, std::string_view key, Resolver* resolver) {
  std::vector<std::string> codes;
  for (std::string_view item : SplitList(sheet.Cell(row, key), /*commas=*/false)) {
    const Resolver::Occupation* found = &resolver->FindOccupation(item);
    if (!found->problem.empty() && item.find(',') != std::string_view::npos) {
      std::vector<std::string> parts;
      bool all = true;
      for (std::string_view part : SplitList(item, /*commas=*/true)) {
        const Resolver::Occupation& p = resolver->FindOccupation(part);
        if (!p.problem.empty()) {
          all = false;
          break;
        }
        parts.push_back(p.code);
      }
      if (all) {
        for (std::string& c : parts) {
          if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(std::move(c));
        }
        continue;
      }
    }
    if (!found->problem.empty()) {
      sheet.Bad(row, key, found->problem);
    } else if (std::find(codes.begin(), codes.end(), found->code) == codes.end()) {
      codes.push_back(found->code);
    }
  }
  return codes;
}

template <typename Set>
void ReadYesNo(const Sheet& sheet, size_t row, std::string_view key, Set set) {
  const std::string_view cell = sheet.Cell(row, key);
  const std::optional<bool> v = ParseYesNo(cell);
  if (!v) {
    sheet.Bad(row, key, Quote(cell) + " is not yes or no (oui/non)");
  } else {
    set(*v);
  }
}

void ReadPhysicalDemands(const Sheet& sheet, size_t row, std::string_view key,
                         google::protobuf::RepeatedField<int>* out) {
  const std::string_view cell = sheet.Cell(row, key);
  if (IsNone(Fold(cell))) return;
  for (std::string_view item : SplitList(cell, /*commas=*/true)) {
    const std::optional<v1::PhysicalDemand> d = ParsePhysicalDemand(item);
    if (!d) {
      sheet.Bad(row, key, Quote(item) + kPhysicalProblem);
    } else if (std::find(out->begin(), out->end(), *d) == out->end()) {
      out->Add(*d);
    }
  }
}

// Duplicate ids: the first line of each id.
class IdIndex {
 public:
  // False (and a problem) when `id` was seen.
  bool Add(const Sheet& sheet, size_t row, const std::string& id) {
    const auto [it, fresh] = lines_.emplace(id, sheet.line(row));
    if (!fresh) sheet.Bad(row, "id", Quote(id) + " is already the id of line " + std::to_string(it->second));
    return fresh;
  }

  // The row's id cell: a problem when the sheet has an id column and the
  // cell is empty or repeats another row's.
  std::string Read(const Sheet& sheet, size_t row) {
    std::string id(sheet.Cell(row, "id"));
    if (sheet.Has("id")) {
      if (id.empty()) {
        sheet.Bad(row, "id", "missing");
      } else {
        Add(sheet, row, id);
      }
    }
    return id;
  }

 private:
  std::unordered_map<std::string, int64_t> lines_;
};

// A sheet of people or openings says where: a commune, a postal code, an
// INSEE code or coordinates.
void RequirePlaceColumns(const Sheet& sheet) {
  if (!sheet.Has("commune") && !sheet.Has("code_postal") && !sheet.Has("code_insee") && !sheet.Has("latitude")) {
    sheet.RequireColumn("commune");
  }
}

// ---------------------------------------------------------------------------
// Tables

void ReadCandidates(const Sheet& sheet, Resolver* resolver, std::string_view default_departement,
                    v1::MatchRequest* request, std::vector<std::string>* warnings) {
  sheet.RequireColumn("id");
  sheet.RequireColumn("droit_travail");
  RequirePlaceColumns(sheet);
  IdIndex ids;
  bool warned_schedule = false;
  for (size_t row = 0; row < sheet.rows(); ++row) {
    sheet.CheckWidth(row);
    v1::Candidate* c = request->add_candidates();
    c->set_id(ids.Read(sheet, row));
    c->set_display_name(std::string(sheet.Cell(row, "nom")));
    const std::string departement = ReadPlace(sheet, row, resolver, default_departement, c->mutable_home(), warnings);
    if (!departement.empty()) c->mutable_subgroup()->set_departement(departement);
    for (std::string& code : ReadOccupations(sheet, row, "metier_vise", resolver)) c->add_target_occupations(code);
    for (std::string& code : ReadOccupations(sheet, row, "ancien_metier", resolver)) c->add_past_occupations(code);
    {
      const std::string_view cell = sheet.Cell(row, "niveau_francais");
      const std::optional<v1::CefrLevel> level = ParseCefr(cell);
      if (!level) {
        sheet.Bad(row, "niveau_francais", Quote(cell) + kCefrProblem);
      } else {
        c->set_french_level(*level);
      }
    }
    for (std::string_view item : SplitList(sheet.Cell(row, "competences"), /*commas=*/true)) {
      if (!Fold(item).empty()) AddSkill(item, c->add_skills());  // "-" in a list: nothing
    }
    v1::Mobility* mobility = c->mutable_mobility();
    ReadYesNo(sheet, row, "permis", [&](bool v) { mobility->set_driving_licence(v); });
    ReadYesNo(sheet, row, "vehicule", [&](bool v) { mobility->set_has_vehicle(v); });
    if (const std::string_view cell = sheet.Cell(row, "mobilite"); !cell.empty()) {
      const std::optional<int64_t> minutes = ParseMinutes(cell);
      if (!minutes || *minutes < 1 || *minutes > 600) {
        const bool km = Contains(Fold(cell), "km") || Fold(cell).ends_with("km");
        sheet.Bad(row, "mobilite",
                  Quote(cell) + (km ? " is a distance: give the longest commute as a time (\"45 min\", \"1h\"); "
                                      "by car, 30 km is about 30 min"
                                    : " is not a commute time (minutes, \"45 min\", \"1h30\"; 1 to 600 minutes)"));
      } else {
        mobility->set_max_commute_minutes(static_cast<int32_t>(*minutes));
      }
    }
    {
      const std::string_view cell = sheet.Cell(row, "transports");
      for (std::string_view item : SplitList(cell, /*commas=*/true)) {
        const std::optional<v1::TransportMode> mode = ParseTransportMode(item);
        if (!mode) {
          sheet.Bad(row, "transports",
                    Quote(item) +
                        " is not a way of getting to work (voiture, vélo, à pied, bus/train, scooter, "
                        "covoiturage)");
          continue;
        }
        auto* modes = mobility->mutable_transport_modes();
        if (std::find(modes->begin(), modes->end(), *mode) == modes->end()) modes->Add(*mode);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "desserte"); !cell.empty()) {
      const std::optional<v1::TransitAccess> access = ParseTransitAccess(cell);
      if (!access) {
        sheet.Bad(row, "desserte", Quote(cell) + kTransitProblem);
      } else {
        mobility->set_home_transit_access(*access);
      }
    }
    v1::Barriers* barriers = c->mutable_barriers();
    if (const std::string_view cell = sheet.Cell(row, "garde_enfants"); !cell.empty()) {
      const std::string f = Fold(cell);
      if (IsNone(f) || ContainsAny(f, {"pas d enfant", "pas d enfants", "garde ok", "solution de garde",
                                       "garde assuree", "gardes", "autonome", "autonomes", "grands"})) {
        if (!ContainsAny(f, {"pas de solution", "sans solution"}))
          barriers->set_childcare(v1::CHILDCARE_CONSTRAINT_NONE);
      }
      if (barriers->childcare() == v1::CHILDCARE_CONSTRAINT_UNSPECIFIED) {
        if (ParseYesNo(cell).value_or(false) ||
            ContainsAny(f, {"pas de garde", "sans garde", "sans solution", "pas de solution", "journee", "ecole",
                            "horaires d ecole", "semaine", "creche", "en bas age", "petits", "jeunes enfants",
                            "daytime", "contrainte"})) {
          barriers->set_childcare(v1::CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY);
        } else {
          sheet.Bad(row, "garde_enfants",
                    Quote(cell) +
                        " is not a childcare situation (non: no constraint; oui, \"pas de garde\", "
                        "\"horaires d'école\": daytime on weekdays only)");
        }
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "horaires"); !cell.empty()) {
      const std::string f = Fold(cell);
      if (IsNone(f) || ContainsAny(f, {"tous", "toutes", "indifferent", "aucune contrainte", "pas de contrainte",
                                       "tout horaire", "tous horaires", "flexible", "any"})) {
        // No constraint.
      } else if (ContainsAny(f, {"pas le soir", "pas de soir", "pas la nuit", "pas de nuit", "pas le week end",
                                 "pas de week end", "pas le samedi", "pas le dimanche", "pas tot", "pas le matin",
                                 "journee", "en semaine", "semaine seulement", "jour seulement", "daytime",
                                 "no evenings", "no weekends", "no nights"})) {
        barriers->set_childcare(v1::CHILDCARE_CONSTRAINT_DAYTIME_WEEKDAYS_ONLY);
        if (!warned_schedule) {
          warned_schedule = true;
          warnings->push_back(sheet.Where(sheet.line(row)) + ": column " + sheet.Header("horaires") + ": " +
                              Quote(cell) +
                              " read as daytime on weekdays only: no early, night or weekend shifts (the one "
                              "schedule constraint a candidate can have, the childcare one: explanations will "
                              "speak of childcare; same for every such cell)");
        }
      } else {
        sheet.Bad(row, "horaires",
                  Quote(cell) +
                      " is not a schedule constraint (\"pas le soir\", \"pas le week-end\", \"journée en "
                      "semaine\", or aucune)");
      }
    }
    ReadPhysicalDemands(sheet, row, "sante", barriers->mutable_health_restrictions());
    if (const std::string_view cell = sheet.Cell(row, "logement"); !cell.empty()) {
      const std::string f = Fold(cell);
      if (ContainsAny(
              f, {"stable", "bail", "social", "hlm", "locataire", "proprietaire", "appartement", "oui", "logement"}) &&
          !ContainsAny(f, {"sans", "pas de", "temporaire"})) {
        barriers->set_housing(v1::HOUSING_SITUATION_STABLE);
      } else if (ContainsAny(f, {"temporaire", "cada", "huda", "heberge", "hebergee", "hebergement", "hotel", "115",
                                 "foyer", "cph", "prahda", "urgence", "chez", "famille", "tiers", "temporary"})) {
        barriers->set_housing(v1::HOUSING_SITUATION_TEMPORARY);
      } else if (ContainsAny(f, {"sans", "aucun", "non", "rue", "sdf", "none", "pas de logement"})) {
        barriers->set_housing(v1::HOUSING_SITUATION_NONE);
      } else {
        sheet.Bad(row, "logement",
                  Quote(cell) + " is not a housing situation (stable, temporaire: CADA, HUDA, hébergé; sans)");
      }
    }
    ReadYesNo(sheet, row, "fragilite", [&](bool v) { barriers->set_psychological_fragility(v); });
    ReadYesNo(sheet, row, "sans_cv", [&](bool v) { barriers->set_no_cv(v); });
    {
      const std::string_view cell = sheet.Cell(row, "droit_travail");
      const std::string f = Fold(cell);
      if (sheet.Has("droit_travail")) {
        if (f.empty()) {
          sheet.Bad(row, "droit_travail",
                    "missing: oui (may work), autorisation (asylum seeker with a work authorisation) or non");
        } else if (ContainsAny(f, {"autorisation", "autorise", "autorisee", "apt", "authorised", "authorized"}) &&
                   !f.starts_with("non")) {
          c->set_right_to_work(v1::RIGHT_TO_WORK_AUTHORISED);
        } else if (const std::optional<bool> yes = ParseYesNo(cell)) {
          c->set_right_to_work(*yes ? v1::RIGHT_TO_WORK_FULL : v1::RIGHT_TO_WORK_NONE);
        } else if (ContainsAny(f, {"refugie", "refugiee", "bpi", "protection", "titre de sejour", "full"})) {
          c->set_right_to_work(v1::RIGHT_TO_WORK_FULL);
        } else if (ContainsAny(f, {"demandeur d asile", "demandeuse d asile", "da", "none"})) {
          c->set_right_to_work(v1::RIGHT_TO_WORK_NONE);
        } else {
          sheet.Bad(row, "droit_travail",
                    Quote(cell) +
                        " is not a right to work (oui, autorisation: asylum seeker authorised to work, "
                        "non)");
        }
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "disponible_le"); !cell.empty()) {
      const std::optional<std::string> date = ParseDateCell(cell);
      if (!date) {
        sheet.Bad(row, "disponible_le", Quote(cell) + " is not a date (\"15/03/2026\" or \"2026-03-15\")");
      } else {
        c->set_available_from(*date);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "age"); !cell.empty()) {
      const std::optional<int64_t> age = ParseInt(cell, 14, 99);
      if (!age) {
        sheet.Bad(row, "age", Quote(cell) + " is not an age (years, 14 to 99)");
      } else {
        c->set_age(static_cast<int32_t>(*age));
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "genre"); !cell.empty()) {
      const std::string f = Fold(cell);
      if (f == "f" || f == "femme" || f == "female" || f == "woman" || f == "w" || f == "mme") {
        c->mutable_subgroup()->set_gender(v1::GENDER_FEMALE);
      } else if (f == "h" || f == "m" || f == "homme" || f == "male" || f == "man" || f == "mr" || f == "m.") {
        c->mutable_subgroup()->set_gender(v1::GENDER_MALE);
      } else if (f == "autre" || f == "x" || f == "other" || f == "nsp" || f == "non precise") {
        c->mutable_subgroup()->set_gender(v1::GENDER_OTHER);
      } else {
        sheet.Bad(row, "genre", Quote(cell) + " is not a gender (F, H, autre)");
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "pays"); !cell.empty()) {
      const std::optional<std::string> country = ParseCountry(cell);
      if (!country) {
        sheet.Bad(row, "pays",
                  Quote(cell) +
                      " is not a country code (ISO 3166, 2 letters: AF, SY, UA) nor a "
                      "country name the importer knows");
      } else {
        c->mutable_subgroup()->set_country_of_origin(*country);
      }
    }
    for (std::string_view item : SplitList(sheet.Cell(row, "secteurs"), /*commas=*/true)) {
      const std::optional<std::string> sector = ParseSector(item);
      if (!sector) {
        sheet.Bad(row, "secteurs", Quote(item) + kSectorProblem);
      } else {
        c->add_preferred_sectors(*sector);
      }
    }
    for (std::string_view item : SplitList(sheet.Cell(row, "contrats"), /*commas=*/true)) {
      const std::optional<v1::ContractType> contract = ParseContract(item);
      if (!contract) {
        sheet.Bad(row, "contrats", Quote(item) + kContractProblem);
      } else {
        c->add_preferred_contract_types(*contract);
      }
    }
    ReadYesNo(sheet, row, "ouvert_autres_metiers", [&](bool v) { c->set_open_to_other_trades(v); });
    if (const std::string_view cell = sheet.Cell(row, "placements"); !cell.empty()) {
      const std::optional<int64_t> n = ParseInt(cell, 1, 16);
      if (!n) {
        sheet.Bad(row, "placements", Quote(cell) + " is not a number of placements (1 to 16)");
      } else {
        c->set_placements_needed(static_cast<int32_t>(*n));
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "priorite"); !cell.empty()) {
      const std::optional<double> p = ParseNumber(cell);
      if (!p || *p < 0 || *p > 1000) {
        sheet.Bad(row, "priorite", Quote(cell) + " is not a priority (a number, 0 to 1000; 1 is ordinary)");
      } else {
        c->set_priority(*p);
      }
    }
  }
}

// Employer ids by id and by folded name.
struct EmployerLookup {
  std::unordered_map<std::string, std::string> by_id;
  std::unordered_map<std::string, std::string> by_name;  // "" when two share the name
};

EmployerLookup ReadEmployers(const Sheet& sheet, v1::MatchRequest* request) {
  EmployerLookup index;
  sheet.RequireColumn("id");
  IdIndex ids;
  for (size_t row = 0; row < sheet.rows(); ++row) {
    sheet.CheckWidth(row);
    v1::Employer* e = request->add_employers();
    const std::string id(sheet.Cell(row, "id"));
    if (sheet.Has("id") && id.empty()) sheet.Bad(row, "id", "missing");
    if (!id.empty()) ids.Add(sheet, row, id);
    e->set_id(id);
    e->set_name(std::string(sheet.Cell(row, "nom")));
    if (const std::string_view cell = sheet.Cell(row, "secteur"); !cell.empty()) {
      const std::optional<std::string> sector = ParseSector(cell);
      if (!sector) {
        sheet.Bad(row, "secteur", Quote(cell) + kSectorProblem);
      } else {
        e->set_sector(*sector);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "plafond"); !cell.empty()) {
      const std::optional<int64_t> n = ParseInt(cell, 0, 1000000);
      if (!n) {
        sheet.Bad(row, "plafond", Quote(cell) + " is not a number of candidates (0 or more; 0: no cap)");
      } else {
        e->set_max_candidates(static_cast<int32_t>(*n));
      }
    }
    e->set_network(std::string(sheet.Cell(row, "reseau")));
    index.by_id.emplace(id, id);
    if (!e->name().empty()) {
      const auto [it, fresh] = index.by_name.emplace(Fold(e->name()), id);
      if (!fresh) it->second.clear();
    }
  }
  return index;
}

// An employer id made from a name: "Boulangerie Martin" -> "boulangerie-martin".
std::string Slug(std::string_view name) {
  std::string s = Fold(name);
  std::replace(s.begin(), s.end(), ' ', '-');
  return s;
}

void ReadOpenings(const Sheet& sheet, const EmployerLookup* employers, Resolver* resolver,
                  std::string_view default_departement, v1::MatchRequest* request, std::vector<std::string>* warnings) {
  sheet.RequireColumn("id");
  if (!sheet.Has("intitule") && !sheet.Has("code_rome")) sheet.RequireColumn("intitule");
  RequirePlaceColumns(sheet);
  IdIndex ids;
  std::unordered_map<std::string, std::string> made_employers;  // slug -> name, without an employers sheet
  for (size_t row = 0; row < sheet.rows(); ++row) {
    sheet.CheckWidth(row);
    v1::Opening* o = request->add_openings();
    const std::string id = ids.Read(sheet, row);
    o->set_id(id);
    {
      const std::string_view cell = sheet.Cell(row, "type");
      if (cell.empty()) {
        // No kind: the contract's ("PMSMP", "apprentissage", "stage"), else
        // a job.
        const std::optional<v1::OpeningKind> from_contract = ParseKind(sheet.Cell(row, "contrat"));
        o->set_kind(from_contract.value_or(v1::OPENING_KIND_JOB));
      } else if (const std::optional<v1::OpeningKind> kind = ParseKind(cell)) {
        o->set_kind(*kind);
      } else {
        sheet.Bad(row, "type", Quote(cell) + kKindProblem);
      }
    }
    // The occupation: from code_rome if given, else from the title.
    {
      const std::string_view title = sheet.Cell(row, "intitule"), code = sheet.Cell(row, "code_rome");
      const std::string_view key = code.empty() ? "intitule" : "code_rome";
      const std::string_view text = code.empty() ? title : code;
      o->set_title(std::string(title));
      if (text.empty()) {
        if (o->kind() != v1::OPENING_KIND_FRENCH_COURSE) {
          sheet.Bad(row, key, "missing: a job title (\"soudeur\") or a ROME code (\"H2913\")");
        }
      } else if (o->kind() == v1::OPENING_KIND_FRENCH_COURSE && code.empty()) {
        // A French course's title need not be an occupation ("FLE
        // débutants"); one that names one exactly gives it.
        o->set_occupation(resolver->FindExactOccupation(text));
      } else {
        const Resolver::Occupation& found = resolver->FindOccupation(text);
        if (found.problem.empty()) {
          o->set_occupation(found.code);
        } else {
          sheet.Bad(row, key, found.problem);
        }
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "employeur"); !cell.empty()) {
      if (employers) {
        auto it = employers->by_id.find(std::string(cell));
        if (it == employers->by_id.end()) {
          const auto by_name = employers->by_name.find(Fold(cell));
          if (by_name != employers->by_name.end() && !by_name->second.empty())
            it = employers->by_id.find(by_name->second);
        }
        if (it == employers->by_id.end()) {
          sheet.Bad(row, "employeur",
                    Quote(cell) + " is neither the id nor the name of an employer of the employers' sheet");
        } else {
          o->set_employer_id(it->second);
        }
      } else {
        const std::string slug = Slug(cell);
        made_employers.emplace(slug, std::string(cell));
        o->set_employer_id(slug);
      }
    }
    const std::string departement =
        ReadPlace(sheet, row, resolver, default_departement, o->mutable_location(), warnings);
    if (!departement.empty()) o->set_departement(departement);
    if (const std::string_view cell = sheet.Cell(row, "places"); !cell.empty()) {
      const std::optional<int64_t> n = ParseInt(cell, 0, 1000000);
      if (!n) {
        sheet.Bad(row, "places", Quote(cell) + " is not a number of seats (0 or more; empty: 1)");
      } else {
        o->set_capacity(static_cast<int32_t>(*n));
      }
    }
    {
      const std::string_view cell = sheet.Cell(row, "niveau_francais");
      const std::optional<v1::CefrLevel> level = ParseCefr(cell);
      if (!level) {
        sheet.Bad(row, "niveau_francais", Quote(cell) + kCefrProblem);
      } else {
        o->set_min_french_level(*level);
      }
    }
    ReadYesNo(sheet, row, "formation_francais", [&](bool v) { o->set_provides_french_training(v); });
    ReadYesNo(sheet, row, "formation_metier", [&](bool v) { o->set_provides_skill_training(v); });
    ReadYesNo(sheet, row, "permis_requis", [&](bool v) { o->set_requires_driving_licence(v); });
    for (std::string_view item : SplitList(sheet.Cell(row, "competences_requises"), /*commas=*/true)) {
      if (Fold(item).empty()) continue;  // "-" in a list: nothing
      v1::SkillRequirement* r = o->add_required_skills();
      r->set_code(Fold(item));
      r->set_label(std::string(item));
    }
    for (std::string_view item : SplitList(sheet.Cell(row, "competences_souhaitees"), /*commas=*/true)) {
      if (Fold(item).empty()) continue;  // "-" in a list: nothing
      v1::SkillRequirement* r = o->add_optional_skills();
      r->set_code(Fold(item));
      r->set_label(std::string(item));
    }
    if (const std::string_view cell = sheet.Cell(row, "horaires"); !cell.empty()) {
      const std::string f = Fold(cell);
      v1::Schedule* s = o->mutable_schedule();
      bool understood = IsNone(f) || ContainsAny(f, {"journee", "jour", "normaux", "bureau", "semaine", "standard",
                                                     "daytime", "horaires de bureau", "du lundi au vendredi"});
      // Hours ("6h-14h", "22h30 - 6h"): starting before 7:00 is early,
      // ending after 21:00 (or overnight) is night.
      std::vector<int> minutes;
      for (size_t i = 0; i < f.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(f[i])) ||
            (i > 0 && std::isdigit(static_cast<unsigned char>(f[i - 1])))) {
          continue;
        }
        size_t j = i;
        int h = 0;
        while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j])) && j - i < 2) h = h * 10 + (f[j++] - '0');
        if (j >= f.size() || f[j] != 'h' || h > 24) continue;
        int m = 0;
        size_t k = j + 1;
        while (k < f.size() && std::isdigit(static_cast<unsigned char>(f[k])) && k - j <= 2)
          m = m * 10 + (f[k++] - '0');
        minutes.push_back(h * 60 + m);
      }
      if (minutes.size() >= 2) {
        understood = true;
        const int start = minutes.front(), end = minutes.back();
        if (start < 7 * 60) s->set_early_shift(true);
        if (end > 21 * 60 || end < start) s->set_night_shift(true);
      }
      if (ContainsAny(f, {"tot", "matin tot", "avant 7h", "early", "2x8", "3x8", "aube"})) {
        s->set_early_shift(true);
        understood = true;
      }
      if (ContainsAny(f, {"soir", "soiree", "nuit", "night", "3x8", "tard", "coupure"})) {
        s->set_night_shift(true);
        understood = true;
      }
      if (ContainsAny(f, {"week end", "weekend", "we", "samedi", "dimanche", "saturday", "sunday"})) {
        s->set_weekend_shift(true);
        understood = true;
      }
      if (!understood) {
        sheet.Bad(row, "horaires",
                  Quote(cell) +
                      " is not a schedule (journée, tôt le matin, soir/nuit, week-end, 2x8, 3x8, hours as "
                      "\"6h-14h\"; several with ;)");
      }
    }
    ReadPhysicalDemands(sheet, row, "contraintes_physiques", o->mutable_physical_demands());
    if (const std::string_view cell = sheet.Cell(row, "desserte"); !cell.empty()) {
      const std::optional<v1::TransitAccess> access = ParseTransitAccess(cell);
      if (!access) {
        sheet.Bad(row, "desserte", Quote(cell) + kTransitProblem);
      } else {
        o->set_site_transit_access(*access);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "contrat"); !cell.empty()) {
      const std::optional<v1::ContractType> contract = ParseContract(cell);
      if (!contract) {
        sheet.Bad(row, "contrat", Quote(cell) + kContractProblem);
      } else {
        o->set_contract_type(*contract);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "duree"); !cell.empty()) {
      // Months: "6", "6 mois", "1 an", "2 ans", "3 semaines" (rounded up).
      const std::string f = Fold(cell);
      int64_t n = 0;
      const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), n);
      const std::string_view unit = Trim(std::string_view(end, f.data() + f.size() - end));
      std::optional<int64_t> months;
      if (ec == std::errc{} && n >= 0 && n <= 1200) {
        if (unit.empty() || unit == "mois" || unit == "months" || unit == "month" || unit == "m") months = n;
        if (unit == "an" || unit == "ans" || unit == "annee" || unit == "annees" || unit == "year" || unit == "years") {
          months = n * 12;
        }
        if (unit == "semaine" || unit == "semaines" || unit == "sem" || unit == "weeks" || unit == "week") {
          months = (n + 3) / 4;
        }
        if (unit == "jour" || unit == "jours" || unit == "j" || unit == "days" || unit == "day") {
          months = (n + 29) / 30;
        }
      }
      if (!months) {
        sheet.Bad(row, "duree",
                  Quote(cell) +
                      " is not a duration (months: \"6\", \"6 mois\", \"1 an\", "
                      "\"3 semaines\")");
      } else {
        o->set_duration_months(static_cast<int32_t>(*months));
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "date_debut"); !cell.empty()) {
      const std::optional<std::string> date = ParseDateCell(cell);
      if (!date) {
        sheet.Bad(row, "date_debut", Quote(cell) + " is not a date (\"15/03/2026\" or \"2026-03-15\")");
      } else {
        o->set_start_date(*date);
      }
    }
    if (const std::string_view cell = sheet.Cell(row, "tension"); !cell.empty()) {
      const std::optional<double> t = ParseNumber(cell);
      if (!t || *t < 0 || *t > 1) {
        sheet.Bad(row, "tension", Quote(cell) + " is not a share of difficult hiring (0 to 1, or a percentage)");
      } else {
        o->set_tension(*t);
      }
    }
  }
  if (!employers) {
    std::vector<std::pair<std::string, std::string>> sorted(made_employers.begin(), made_employers.end());
    std::sort(sorted.begin(), sorted.end());
    for (auto& [slug, name] : sorted) {
      v1::Employer* e = request->add_employers();
      e->set_id(slug);
      e->set_name(name);
    }
  }
}

// "candidates[3] (id "c4").age: ..." -> "people.csv:5: candidates[3] (id
// "c4").age: ...": a validator's record path with the row it came from.
std::string Locate(const SpreadsheetInput& input, const std::string& problem) {
  for (const auto& [list, table] :
       {std::pair<std::string_view, const SpreadsheetTable*>{"candidates[", input.candidates},
        {"openings[", input.openings},
        {"employers[", input.employers}}) {
    if (!table || !problem.starts_with(list)) continue;
    size_t index = 0;
    const char* begin = problem.data() + list.size();
    const auto [end, ec] = std::from_chars(begin, problem.data() + problem.size(), index);
    if (ec != std::errc{} || *end != ']') break;
    return table->source + ":" + std::to_string(table->LineOf(index + 1)) + ": " + problem;
  }
  return problem;
}

}  // namespace

std::vector<std::string> ImportSpreadsheet(const SpreadsheetInput& input, v1::MatchRequest* request) {
  if (!input.candidates || !input.openings) {
    throw InvalidArgumentError("spreadsheet import: the candidates' and the openings' tables are required");
  }
  if (!input.default_departement.empty()) {
    const auto all = Communes::BuiltIn().all();
    if (std::none_of(all.begin(), all.end(),
                     [&](const Commune& c) { return c.departement == input.default_departement; })) {
      throw InvalidArgumentError("default département " + Quote(input.default_departement) +
                                 " is not a département code (\"41\", \"2A\", \"971\")");
    }
  }
  std::vector<std::string> warnings;
  ProblemList problems;
  Resolver resolver(input.taxonomy ? *input.taxonomy : Taxonomy::BuiltIn(), &problems);
  request->clear_candidates();
  request->clear_openings();
  request->clear_employers();
  std::optional<EmployerLookup> employers;
  if (input.employers) {
    const Sheet sheet(*input.employers, kEmployerColumns, &problems, &warnings);
    employers = ReadEmployers(sheet, request);
  }
  {
    const Sheet sheet(*input.candidates, kCandidateColumns, &problems, &warnings);
    ReadCandidates(sheet, &resolver, input.default_departement, request, &warnings);
  }
  {
    const Sheet sheet(*input.openings, kOpeningColumns, &problems, &warnings);
    ReadOpenings(sheet, employers ? &*employers : nullptr, &resolver, input.default_departement, request, &warnings);
  }
  std::move(problems).ThrowIfAny();
  // The request as `match` reads it: what the validator refuses and the
  // rules above let through is named by file and line too.
  try {
    FromProto(*request);
  } catch (const ValidationError& e) {
    std::vector<std::string> located;
    for (const std::string& problem : e.problems()) located.push_back(Locate(input, problem));
    throw ValidationError(std::move(located), e.count());
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError(Locate(input, e.what()));
  }
  return warnings;
}

}  // namespace passerelle
