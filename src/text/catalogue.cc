// Choosing a catalogue and filling a template's placeholders and choices
// (see catalogue.h); the sentences themselves are in catalogue_fr.cc and
// catalogue_en.cc.
#include "text/catalogue.h"

#include <cassert>
#include <cfloat>
#include <charconv>
#include <cstdlib>

namespace passerelle::text {
namespace {

constexpr size_t npos = std::string_view::npos;

// French groups thousands with a narrow no-break space (U+202F), English
// with a comma; numbers below 10,000 are not grouped.
constexpr std::string_view kFrenchGroupSeparator = "\u202F";
constexpr int kGroupFromDigits = 5;

// Appends `digits` (an optional '-', digits, then an optional fraction
// starting with '.') in `language`: thousands grouped, decimal comma in
// French.
void AppendNumber(std::string_view digits, Language language, std::string* out) {
  const bool french = language != Language::kEnglish;
  size_t begin = 0;
  if (!digits.empty() && digits[0] == '-') {
    *out += '-';
    begin = 1;
  }
  const size_t point = digits.find('.', begin);
  const size_t integer_end = point == npos ? digits.size() : point;
  const size_t integer_digits = integer_end - begin;
  const bool group = integer_digits >= kGroupFromDigits;
  for (size_t i = begin; i < integer_end; ++i) {
    const size_t left = integer_end - i;  // digits from here to the point
    if (group && i > begin && left % 3 == 0) {
      if (french) {
        *out += kFrenchGroupSeparator;
      } else {
        *out += ',';
      }
    }
    *out += digits[i];
  }
  if (point == npos) return;
  *out += french ? ',' : '.';
  out->append(digits.substr(point + 1));
}

// One past the brace that closes the one at `open`; npos if none.
size_t ClosingBrace(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') {
      ++depth;
    } else if (s[i] == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// One `{...}` of a template: a placeholder `{name}` or a choice
// `{name, kind, key {text} ...}`.
struct Field {
  std::string_view name;
  std::string_view kind;     // empty for a placeholder
  std::string_view options;  // a choice's "key {text} key {text} ..."
  size_t end = 0;            // one past its closing brace
};

// The field opening at `open`; false when the brace closes nothing (then it
// is text).
bool ParseField(std::string_view s, size_t open, Field* f) {
  const size_t stop = s.find_first_of(",}", open + 1);
  if (stop == npos) return false;
  if (s[stop] == '}') {
    *f = {s.substr(open + 1, stop - open - 1), {}, {}, stop + 1};
    return true;
  }
  const size_t end = ClosingBrace(s, open);
  if (end == npos) return false;
  const size_t comma = s.find(',', stop + 1);
  if (comma == npos || comma >= end) return false;
  *f = {Trim(s.substr(open + 1, stop - open - 1)), Trim(s.substr(stop + 1, comma - stop - 1)),
        s.substr(comma + 1, end - 1 - (comma + 1)), end};
  return true;
}

// Calls `visit(key, text)` for each "key {text}" of a choice's options, until
// it returns true. False when the options are malformed.
template <class Visit>
bool ForEachBranch(std::string_view options, Visit visit) {
  size_t at = 0;
  while (true) {
    while (at < options.size() && options[at] == ' ') ++at;
    if (at == options.size()) return true;
    const size_t open = options.find('{', at);
    if (open == npos) return false;
    const size_t end = ClosingBrace(options, open);
    if (end == npos) return false;
    const std::string_view key = Trim(options.substr(at, open - at));
    if (key.empty() || key.find_first_of("{} ") != npos) return false;
    if (visit(key, options.substr(open + 1, end - open - 2))) return true;
    at = end;
  }
}

bool IsPluralOne(int64_t n, Language language) {
  const int64_t a = n < 0 ? -n : n;
  return language == Language::kEnglish ? a == 1 : a <= 1;
}

const Arg* FindArg(std::string_view name, std::initializer_list<Arg> args) {
  for (const Arg& a : args) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

// The branch of choice `f` for `arg`; false when there is none.
bool ChooseBranch(const Field& f, const Arg& arg, Language language, std::string_view* branch) {
  std::string_view other, category;
  bool found = false;
  if (f.kind == "plural") {
    int64_t n = 0;
    if (!arg.integer(&n)) return false;
    const bool one = IsPluralOne(n, language);
    ForEachBranch(f.options, [&](std::string_view key, std::string_view text) {
      if (key[0] == '=') {
        int64_t exact = 0;
        const auto [end, error] = std::from_chars(key.data() + 1, key.data() + key.size(), exact);
        if (error == std::errc() && end == key.data() + key.size() && exact == n) {
          *branch = text;
          return found = true;
        }
      } else if (key == "one" && one && category.data() == nullptr) {
        category = text;
      } else if (key == "other") {
        other = text;
      }
      return false;
    });
    if (found) return true;
    if (category.data() != nullptr) {
      *branch = category;
      return true;
    }
  } else if (f.kind == "select") {
    const std::string_view value = arg.text();
    ForEachBranch(f.options, [&](std::string_view key, std::string_view text) {
      if (key == value && key != "other") {
        *branch = text;
        return found = true;
      }
      if (key == "other") other = text;
      return false;
    });
    if (found) return true;
  } else {
    return false;
  }
  if (other.data() == nullptr) return false;
  *branch = other;
  return true;
}

void AppendPattern(std::string* out, std::string_view pattern, Language language,
                   std::initializer_list<Arg> args) {
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    Field f;
    if (open == npos || !ParseField(pattern, open, &f)) break;
    out->append(pattern.substr(at, open - at));
    const Arg* arg = FindArg(f.name, args);
    assert(arg != nullptr && "a placeholder has no value");
    std::string_view branch;
    if (arg == nullptr) {
      out->append(pattern.substr(open, f.end - open));
    } else if (f.kind.empty()) {
      arg->AppendValueTo(out, language);
    } else if (ChooseBranch(f, *arg, language, &branch)) {
      AppendPattern(out, branch, language, args);
    } else {
      assert(false && "a choice has no branch for its value");
      out->append(pattern.substr(open, f.end - open));
    }
    at = f.end;
  }
  if (at < pattern.size()) out->append(pattern.substr(at));
}

void CollectPlaceholders(std::string_view pattern, std::vector<std::string_view>* names) {
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    Field f;
    if (open == npos || !ParseField(pattern, open, &f)) return;
    names->push_back(f.name);
    if (!f.kind.empty()) {
      ForEachBranch(f.options, [&](std::string_view, std::string_view text) {
        CollectPlaceholders(text, names);
        return false;
      });
    }
    at = f.end;
  }
}

}  // namespace

std::string_view Template(Message id, Language language) {
  return language == Language::kEnglish ? EnglishTemplate(id) : FrenchTemplate(id);
}

void Arg::AppendValueTo(std::string* out, Language language) const {
  switch (kind_) {
    case Kind::kText:
      out->append(text_);
      return;
    case Kind::kInteger: {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, integer_).ptr;
      AppendNumber(std::string_view(digits, end - digits), language, out);
      return;
    }
    case Kind::kDecimal: {
      // Room for the largest double written out in full: sign, integer
      // digits, point, and the decimals asked for (a few at most).
      char digits[DBL_MAX_10_EXP + 64];
      const auto [end, error] =
          std::to_chars(digits, digits + sizeof digits, decimal_, std::chars_format::fixed, decimals_);
      assert(error == std::errc());
      if (error == std::errc()) AppendNumber(std::string_view(digits, end - digits), language, out);
      return;
    }
  }
}

void Append(std::string* out, std::string_view pattern, Language language, std::initializer_list<Arg> args) {
  AppendPattern(out, pattern, language, args);
}

void Append(std::string* out, Message id, Language language, std::initializer_list<Arg> args) {
  AppendPattern(out, Template(id, language), language, args);
}

std::string Format(Message id, Language language, std::initializer_list<Arg> args) {
  std::string out;
  Append(&out, id, language, args);
  return out;
}

std::vector<std::string_view> Placeholders(std::string_view pattern) {
  std::vector<std::string_view> names;
  CollectPlaceholders(pattern, &names);
  return names;
}

std::string CheckChoices(std::string_view pattern) {
  std::string problem;
  size_t at = 0;
  while (at < pattern.size() && problem.empty()) {
    const size_t open = pattern.find('{', at);
    if (open == npos) break;
    Field f;
    if (!ParseField(pattern, open, &f)) {
      // A lone '{' is text only when nothing after it closes it.
      if (pattern.find('}', open) != npos) problem = "unbalanced braces at " + std::to_string(open);
      break;
    }
    at = f.end;
    if (f.kind.empty()) continue;
    if (f.kind != "plural" && f.kind != "select") {
      problem = "choice {" + std::string(f.name) + "} of unknown kind \"" + std::string(f.kind) + "\"";
      break;
    }
    bool has_other = false;
    const bool well_formed = ForEachBranch(f.options, [&](std::string_view key, std::string_view text) {
      if (key == "other") has_other = true;
      if (f.kind == "plural" && key != "one" && key != "other") {
        int64_t n = 0;
        const auto [end, error] = std::from_chars(key.data() + 1, key.data() + key.size(), n);
        if (key[0] != '=' || error != std::errc() || end != key.data() + key.size()) {
          problem = "plural {" + std::string(f.name) + "} has key \"" + std::string(key) + "\"";
          return true;
        }
      }
      const std::string inner = CheckChoices(text);
      if (!inner.empty()) problem = inner;
      return !problem.empty();
    });
    if (!problem.empty()) break;
    if (!well_formed) problem = "choice {" + std::string(f.name) + "} is not \"key {text} ...\"";
    else if (!has_other) problem = "choice {" + std::string(f.name) + "} has no \"other\" branch";
  }
  return problem;
}

void CapitaliseFirst(std::string* text) {
  if (text->empty()) return;
  auto& s = *text;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 >= 'a' && b0 <= 'z') {
    s[0] = static_cast<char>(b0 - 'a' + 'A');
    return;
  }
  if (s.size() < 2) return;
  const auto b1 = static_cast<unsigned char>(s[1]);
  // U+00E0..U+00FE (but U+00F7 "÷") are the lowercase of U+00C0..U+00DE.
  if (b0 == 0xC3 && b1 >= 0xA0 && b1 <= 0xBE && b1 != 0xB7) {
    s[1] = static_cast<char>(b1 - 0x20);
  } else if (b0 == 0xC5 && b1 == 0x93) {  // "œ" U+0153 -> "Œ" U+0152
    s[1] = static_cast<char>(0x92);
  }
}

}  // namespace passerelle::text
