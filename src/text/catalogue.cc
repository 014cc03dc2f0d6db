// Choosing a catalogue and filling a template's placeholders (see
// catalogue.h); the sentences themselves are in catalogue_fr.cc and
// catalogue_en.cc.
#include "text/catalogue.h"

#include <cassert>
#include <cfloat>
#include <charconv>

namespace passerelle::text {

std::string_view Template(Message id, Language language) {
  return language == Language::kEnglish ? EnglishTemplate(id) : FrenchTemplate(id);
}

void Arg::AppendValueTo(std::string* out) const {
  switch (kind_) {
    case Kind::kText:
      out->append(text_);
      return;
    case Kind::kInteger: {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, integer_).ptr;
      out->append(digits, end);
      return;
    }
    case Kind::kDecimal: {
      // Room for the largest double written out in full: sign, integer
      // digits, point, and the decimals asked for (a few at most).
      char digits[DBL_MAX_10_EXP + 64];
      const auto [end, error] =
          std::to_chars(digits, digits + sizeof digits, decimal_, std::chars_format::fixed, decimals_);
      assert(error == std::errc());
      if (error == std::errc()) out->append(digits, end);
      return;
    }
  }
}

void Append(std::string* out, std::string_view pattern, std::initializer_list<Arg> args) {
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    const size_t close = open == std::string_view::npos ? open : pattern.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out->append(pattern.substr(at, open - at));
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    const Arg* arg = nullptr;
    for (const Arg& a : args) {
      if (a.name() == name) {
        arg = &a;
        break;
      }
    }
    assert(arg != nullptr && "a placeholder has no value");
    if (arg != nullptr) {
      arg->AppendValueTo(out);
    } else {
      out->append(pattern.substr(open, close + 1 - open));
    }
    at = close + 1;
  }
  if (at < pattern.size()) out->append(pattern.substr(at));
}

void Append(std::string* out, Message id, Language language, std::initializer_list<Arg> args) {
  Append(out, Template(id, language), args);
}

std::string Format(Message id, Language language, std::initializer_list<Arg> args) {
  std::string out;
  Append(&out, id, language, args);
  return out;
}

std::vector<std::string_view> Placeholders(std::string_view pattern) {
  std::vector<std::string_view> names;
  for (size_t open = pattern.find('{'); open != std::string_view::npos; open = pattern.find('{', open + 1)) {
    const size_t close = pattern.find('}', open + 1);
    if (close == std::string_view::npos) break;
    names.push_back(pattern.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

}  // namespace passerelle::text
