// Private to src/scoring: how problem messages quote a value, e.g.
// `openings[3] (id "o-17").occupation: "X12" is not a ROME code` (input
// checks, taxonomy files).
#ifndef PASSERELLE_SRC_SCORING_QUOTE_H_
#define PASSERELLE_SRC_SCORING_QUOTE_H_

#include <string>
#include <string_view>

namespace passerelle::scoring_internal {

// `s` in double quotes. Appends rather than `"\"" + std::string(s)`, which
// trips GCC 12's -Wrestrict false positive.
inline std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_QUOTE_H_
