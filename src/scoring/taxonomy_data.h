// Taxonomy::Data (passerelle/taxonomy.h): what a taxonomy holds, shared by
// the CSV reader and graph (taxonomy.cc) and the search by title
// (occupation_search.cc).
#ifndef PASSERELLE_SRC_SCORING_TAXONOMY_DATA_H_
#define PASSERELLE_SRC_SCORING_TAXONOMY_DATA_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/taxonomy.h"

namespace passerelle {

namespace taxonomy_internal {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Folded forms of the titles and labels, built on the first search.
struct SearchIndex;

// `text` in lower-case ASCII letters and digits, words separated by one
// space: accents dropped ("é" -> "e", "œ" -> "oe"), punctuation and other
// separators become spaces. Bytes of other scripts are kept as they are.
std::string FoldForSearch(std::string_view text);

}  // namespace taxonomy_internal

struct Taxonomy::Data {
  Data();
  ~Data();
  std::vector<Occupation> occupations;
  std::unordered_map<std::string, OccupationId, taxonomy_internal::StringHash, std::equal_to<>> index;
  std::vector<int32_t> adjacency_offsets;
  std::vector<OccupationId> adjacency;
  // Dense: level index into kLevelValue, n * n (when n <= kDenseLimit).
  std::vector<uint8_t> dense;
  // Sparse (n > kDenseLimit): per row, (other, hops) sorted by other, hops <= 3.
  std::vector<int64_t> near_offsets;
  std::vector<std::pair<OccupationId, int8_t>> near;
  // Hop distances for the dense case, n * n, -1 beyond kMaxHops.
  std::vector<int8_t> dense_hops;
  // Job titles sorted by occupation; occupation i's are
  // [title_offsets[i], title_offsets[i + 1]) (empty offsets: no titles).
  std::vector<OccupationTitle> titles;
  std::vector<int32_t> title_offsets;
  // Built once, on the first `Search` or `FindByTitle`.
  mutable std::once_flag search_once;
  mutable std::unique_ptr<const taxonomy_internal::SearchIndex> search;
};

}  // namespace passerelle

#endif  // PASSERELLE_SRC_SCORING_TAXONOMY_DATA_H_
