// Taxonomy::Search and Taxonomy::FindByTitle (passerelle/taxonomy.h):
// occupations by job title, label or code, ignoring case and accents, and
// the closest titles when nothing matches.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "passerelle/taxonomy.h"
#include "taxonomy_data.h"

namespace passerelle {

namespace taxonomy_internal {

// One searchable text: a title or an occupation's label, folded.
struct SearchText {
  // The whole text folded, e.g. "soudeur soudeuse a l arc electrique".
  std::string folded;
  // Its gendered forms, e.g. "soudeur a l arc electrique" and "soudeuse a l
  // arc electrique" ("Soudeur / Soudeuse à l'arc électrique"); both empty
  // when the text has no " / ".
  std::string masculine, feminine;
  // Words of `folded`, as offsets into it: views would dangle once the
  // text moves (a short string's characters move with it).
  struct Span {
    uint32_t begin, size;
  };
  std::vector<Span> words;
  std::string_view word(Span span) const { return std::string_view(folded).substr(span.begin, span.size); }
};

struct SearchIndex {
  std::vector<SearchText> titles;  // as Data::titles
  std::vector<SearchText> labels;  // as Data::occupations
  // Every folded label, title and form -> its occupation, or -2 when it
  // names several.
  std::unordered_map<std::string, OccupationId, StringHash, std::equal_to<>> exact;
};

namespace {

constexpr OccupationId kSeveralOccupations = -2;

// U+00C0 to U+00FF, folded (index: code point - 0xC0).
constexpr std::string_view kLatin1Folded[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y"};

std::vector<std::string_view> Words(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string_view>& words, size_t first, size_t last) {
  std::string out;
  for (size_t i = first; i < last && i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

SearchText MakeSearchText(std::string_view text) {
  SearchText s;
  s.folded = FoldForSearch(text);
  const size_t slash = text.find(" / ");
  if (slash != std::string_view::npos) {
    // "Chef soudeur / soudeuse": the masculine words, then the feminine ones
    // replacing as many masculine words from the end, and the rest of the
    // title after both.
    const std::string left = FoldForSearch(text.substr(0, slash));
    const std::string right = FoldForSearch(text.substr(slash + 3));
    const std::vector<std::string_view> l = Words(left), r = Words(right);
    if (r.size() >= l.size()) {
      s.masculine = JoinWords(l, 0, l.size());
      const std::string rest = JoinWords(r, l.size(), r.size());
      if (!rest.empty()) s.masculine += ' ' + rest;
      s.feminine = right;
    } else {
      s.masculine = left;
      s.feminine = JoinWords(l, 0, l.size() - r.size());
      if (!s.feminine.empty() && !right.empty()) s.feminine += ' ';
      s.feminine += right;
    }
  }
  for (std::string_view w : Words(s.folded)) {
    s.words.push_back({static_cast<uint32_t>(w.data() - s.folded.data()), static_cast<uint32_t>(w.size())});
  }
  return s;
}

std::unique_ptr<const SearchIndex> BuildIndex(const Taxonomy::Data& data) {
  auto index = std::make_unique<SearchIndex>();
  auto note = [&](const std::string& key, OccupationId id) {
    if (key.empty()) return;
    auto [it, inserted] = index->exact.emplace(key, id);
    if (!inserted && it->second != id) it->second = kSeveralOccupations;
  };
  index->labels.reserve(data.occupations.size());
  for (size_t i = 0; i < data.occupations.size(); ++i) {
    index->labels.push_back(MakeSearchText(data.occupations[i].label));
    note(index->labels.back().folded, static_cast<OccupationId>(i));
  }
  index->titles.reserve(data.titles.size());
  for (const OccupationTitle& t : data.titles) {
    index->titles.push_back(MakeSearchText(t.title));
    const SearchText& s = index->titles.back();
    note(s.folded, t.occupation);
    note(s.masculine, t.occupation);
    note(s.feminine, t.occupation);
  }
  return index;
}

// How well `query` (folded, and its words) matches `text`; 0 for not at all.
double MatchScore(const std::string& query, const std::vector<std::string_view>& query_words,
                  const SearchText& text) {
  if (query == text.folded || query == text.masculine || query == text.feminine) return 1.0;
  bool all_words = true, all_prefixes = true;
  for (std::string_view q : query_words) {
    bool word = false, prefix = false;
    for (const SearchText::Span span : text.words) {
      const std::string_view w = text.word(span);
      if (w == q) {
        word = prefix = true;
        break;
      }
      if (w.starts_with(q)) prefix = true;
    }
    all_words &= word;
    all_prefixes &= prefix;
    if (!all_prefixes) break;
  }
  if (all_words) return 0.8;
  if (all_prefixes) return 0.6;
  for (std::string_view q : query_words) {
    if (text.folded.find(q) == std::string::npos) return 0.0;
  }
  return 0.4;
}

int EditDistance(std::string_view a, std::string_view b, std::vector<int>* row) {
  row->resize(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) (*row)[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = (*row)[0];
    (*row)[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = (*row)[j];
      (*row)[j] = std::min({up + 1, (*row)[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return (*row)[b.size()];
}

// Distance of `query` to `text`: to its whole folded form or a gendered form,
// or the sum over query words of the distance to the nearest word.
int SuggestionDistance(const std::string& query, const std::vector<std::string_view>& query_words,
                       const SearchText& text, std::vector<int>* row) {
  int best = EditDistance(query, text.folded, row);
  if (!text.masculine.empty()) best = std::min(best, EditDistance(query, text.masculine, row));
  if (!text.feminine.empty()) best = std::min(best, EditDistance(query, text.feminine, row));
  int words = 0;
  for (std::string_view q : query_words) {
    int nearest = static_cast<int>(q.size());
    for (const SearchText::Span span : text.words) nearest = std::min(nearest, EditDistance(q, text.word(span), row));
    words += nearest;
    if (words >= best) break;
  }
  return std::min(best, words);
}

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto separator = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out += static_cast<char>(c);
      } else {
        separator();
      }
      continue;
    }
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {  // U+00C0 to U+00FF
      const std::string_view folded = kLatin1Folded[next - 0x80];
      if (folded == " ") {
        separator();
      } else {
        out += folded;
      }
      ++i;
    } else if (c == 0xC5 && (next == 0x92 || next == 0x93)) {  // Œ œ
      out += "oe";
      ++i;
    } else if (c == 0xC2 && next >= 0x80 && next <= 0xBF) {  // U+0080 to U+00BF: spaces, «, », ...
      separator();
      ++i;
    } else if (c == 0xE2 && next == 0x80 && i + 2 < text.size()) {  // U+2000 to U+203F: ’, –, …
      separator();
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace taxonomy_internal

// Here, where `SearchIndex` is complete.
Taxonomy::Data::Data() = default;
Taxonomy::Data::~Data() = default;

namespace {

const taxonomy_internal::SearchIndex& IndexOf(const Taxonomy::Data& data) {
  std::call_once(data.search_once, [&] { data.search = taxonomy_internal::BuildIndex(data); });
  return *data.search;
}

}  // namespace

OccupationId Taxonomy::FindByTitle(std::string_view text) const {
  if (const OccupationId id = Find(text); id != kUnknownOccupation) return id;
  if (const OccupationId id = Find(taxonomy_internal::AsciiUpper(text)); id != kUnknownOccupation) return id;
  const auto& index = IndexOf(*data_);
  auto it = index.exact.find(taxonomy_internal::FoldForSearch(text));
  if (it == index.exact.end() || it->second < 0) return kUnknownOccupation;
  return it->second;
}

OccupationSearch Taxonomy::Search(std::string_view query, int max_matches, bool suggestions) const {
  using taxonomy_internal::SearchText;
  OccupationSearch result;
  const std::string folded = taxonomy_internal::FoldForSearch(query);
  if (folded.empty()) return result;
  const std::vector<std::string_view> words = taxonomy_internal::Words(folded);
  const auto& index = IndexOf(*data_);
  const auto n = static_cast<OccupationId>(data_->occupations.size());

  std::vector<OccupationMatch> found;
  std::vector<std::pair<double, int32_t>> title_scores;
  for (OccupationId id = 0; id < n; ++id) {
    OccupationMatch match;
    match.occupation = id;
    const Occupation& o = data_->occupations[id];
    double label_score = taxonomy_internal::MatchScore(folded, words, index.labels[id]);
    if (taxonomy_internal::FoldForSearch(o.code) == folded) label_score = 1.0;
    match.label_matches = label_score > 0;
    match.score = label_score;
    title_scores.clear();
    if (!data_->title_offsets.empty()) {
      for (int32_t t = data_->title_offsets[id]; t < data_->title_offsets[id + 1]; ++t) {
        const double s = taxonomy_internal::MatchScore(folded, words, index.titles[t]);
        if (s > 0) title_scores.emplace_back(s, t);
      }
    }
    if (title_scores.empty() && !match.label_matches) continue;
    // Best first, then those starting with the query ("Soudeur / Soudeuse
    // au plasma" before "Chef soudeur / soudeuse"), then shorter.
    auto starts = [&](int32_t t) { return index.titles[t].folded.starts_with(folded); };
    std::sort(title_scores.begin(), title_scores.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      if (starts(a.second) != starts(b.second)) return starts(a.second);
      const std::string& ta = data_->titles[a.second].title;
      const std::string& tb = data_->titles[b.second].title;
      if (ta.size() != tb.size()) return ta.size() < tb.size();
      return ta < tb;
    });
    for (const auto& [s, t] : title_scores) {
      match.score = std::max(match.score, s);
      match.titles.push_back(t);
    }
    found.push_back(std::move(match));
  }
  std::sort(found.begin(), found.end(), [&](const OccupationMatch& a, const OccupationMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.titles.size() != b.titles.size()) return a.titles.size() > b.titles.size();
    return data_->occupations[a.occupation].code < data_->occupations[b.occupation].code;
  });
  if (max_matches > 0 && found.size() > static_cast<size_t>(max_matches)) found.resize(max_matches);
  result.matches = std::move(found);
  if (!result.matches.empty() || !suggestions) return result;

  // Nothing matched: the closest title (or label) of each occupation, then
  // the three closest occupations.
  std::vector<int> row;
  std::vector<OccupationSuggestion> best;
  for (OccupationId id = 0; id < n; ++id) {
    OccupationSuggestion s{id, data_->occupations[id].label,
                           taxonomy_internal::SuggestionDistance(folded, words, index.labels[id], &row)};
    if (!data_->title_offsets.empty()) {
      for (int32_t t = data_->title_offsets[id]; t < data_->title_offsets[id + 1]; ++t) {
        const int d = taxonomy_internal::SuggestionDistance(folded, words, index.titles[t], &row);
        const std::string& title = data_->titles[t].title;
        if (d < s.distance || (d == s.distance && title.size() < s.text.size())) {
          s.text = title;
          s.distance = d;
        }
      }
    }
    best.push_back(std::move(s));
  }
  const size_t keep = std::min<size_t>(3, best.size());
  std::partial_sort(best.begin(), best.begin() + keep, best.end(),
                    [](const OccupationSuggestion& a, const OccupationSuggestion& b) {
                      if (a.distance != b.distance) return a.distance < b.distance;
                      if (a.text.size() != b.text.size()) return a.text.size() < b.text.size();
                      return a.text < b.text;
                    });
  best.resize(keep);
  result.suggestions = std::move(best);
  return result;
}

}  // namespace passerelle
