// CollectWarnings (passerelle/warnings.h): valid but suspicious input.
#include "passerelle/warnings.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"
#include "passerelle/validate.h"
#include "text/catalogue.h"

namespace passerelle {

const char* ToString(WarningCode code) {
  switch (code) {
    case WarningCode::kClosedOpening: return "closed_opening";
    case WarningCode::kUnknownOccupation: return "unknown_occupation";
    case WarningCode::kSkillCodeVariant: return "skill_code_variant";
    case WarningCode::kFrenchLevelMissing: return "french_level_missing";
    case WarningCode::kSharedLocation: return "shared_location";
    case WarningCode::kOverrideOnExcludedPair: return "override_on_excluded_pair";
    case WarningCode::kMoreWarnings: return "more_warnings";
  }
  return "?";
}

namespace {

using text::Message;

// The list being collected: full at `max`, after which warnings are only
// counted.
class Collector {
 public:
  Collector(size_t max, Language language) : max_(max), language_(language) {}

  bool full() const { return out_.size() >= max_; }
  Language language() const { return language_; }

  // `path` and `detail` are built only while there is room.
  template <typename PathFn, typename DetailFn>
  void Add(WarningCode code, const PathFn& path, const DetailFn& detail) {
    if (full()) {
      ++dropped_;
      return;
    }
    out_.push_back({code, path(), detail()});
  }

  std::vector<Warning> Finish() && {
    if (dropped_ > 0) {
      out_.push_back({WarningCode::kMoreWarnings, "",
                      text::Format(Message::kWarningMoreWarnings, language_, {{"count", dropped_}})});
    }
    return std::move(out_);
  }

 private:
  size_t max_;
  Language language_;
  std::vector<Warning> out_;
  int64_t dropped_ = 0;
};

std::string CandidatePath(const MatchRequest& r, size_t c) { return RecordPath("candidates", c, r.candidates[c].id); }
std::string OpeningPath(const MatchRequest& r, size_t o) { return RecordPath("openings", o, r.openings[o].id); }
std::string Index(const char* field, size_t i) { return std::string(".") + field + "[" + std::to_string(i) + "]"; }

void ClosedOpenings(const MatchRequest& r, Collector& out) {
  for (size_t o = 0; o < r.openings.size(); ++o) {
    if (r.openings[o].capacity != 0) continue;
    out.Add(WarningCode::kClosedOpening, [&] { return OpeningPath(r, o) + ".capacity"; },
            [&] { return text::Format(Message::kWarningClosedOpening, out.language()); });
  }
}

// Calls `visit(code, path_fn)` for every occupation code of the request, in
// record order: openings' first, then candidates' targets and past jobs.
template <typename Visit>
void ForEachOccupation(const MatchRequest& r, const Visit& visit) {
  for (size_t o = 0; o < r.openings.size(); ++o) {
    if (!r.openings[o].occupation.empty()) {
      visit(r.openings[o].occupation, [&] { return OpeningPath(r, o) + ".occupation"; });
    }
  }
  for (size_t c = 0; c < r.candidates.size(); ++c) {
    const Candidate& cand = r.candidates[c];
    for (size_t i = 0; i < cand.target_occupations.size(); ++i) {
      visit(cand.target_occupations[i], [&] { return CandidatePath(r, c) + Index("target_occupations", i); });
    }
    for (size_t i = 0; i < cand.past_occupations.size(); ++i) {
      visit(cand.past_occupations[i], [&] { return CandidatePath(r, c) + Index("past_occupations", i); });
    }
  }
}

// One warning per distinct ROME-shaped code the taxonomy lacks, at its first
// use, with the number of records using it. (Codes that are not ROME-shaped
// passed validation because the taxonomy lists them.)
void UnknownOccupations(const MatchRequest& r, const Taxonomy& taxonomy, Collector& out) {
  struct Use {
    bool known = true;
    int64_t count = 0;
  };
  std::unordered_map<std::string_view, Use> uses;
  std::vector<std::string_view> unknown;  // in order of first use
  ForEachOccupation(r, [&](const std::string& code, const auto&) {
    auto [it, inserted] = uses.try_emplace(code);
    if (inserted) {
      it->second.known = taxonomy.Contains(code);
      if (!it->second.known) unknown.push_back(code);
    }
    ++it->second.count;
  });
  if (unknown.empty()) return;
  std::unordered_map<std::string_view, bool> warned;
  ForEachOccupation(r, [&](const std::string& code, const auto& path) {
    const Use& use = uses.at(code);
    if (use.known || !warned.emplace(code, true).second) return;
    out.Add(WarningCode::kUnknownOccupation, path, [&] {
      return text::Format(Message::kWarningUnknownOccupation, out.language(),
                          {{"code", QuoteValue(code)}, {"count", use.count}});
    });
  });
}

// Calls `visit(code, path_fn)` for every skill code: openings' required and
// optional skills, then candidates' skills.
template <typename Visit>
void ForEachSkillCode(const MatchRequest& r, const Visit& visit) {
  for (size_t o = 0; o < r.openings.size(); ++o) {
    const Opening& op = r.openings[o];
    for (size_t i = 0; i < op.required_skills.size(); ++i) {
      visit(op.required_skills[i].code, [&] { return OpeningPath(r, o) + Index("required_skills", i) + ".code"; });
    }
    for (size_t i = 0; i < op.optional_skills.size(); ++i) {
      visit(op.optional_skills[i].code, [&] { return OpeningPath(r, o) + Index("optional_skills", i) + ".code"; });
    }
  }
  for (size_t c = 0; c < r.candidates.size(); ++c) {
    const Candidate& cand = r.candidates[c];
    for (size_t i = 0; i < cand.skills.size(); ++i) {
      visit(cand.skills[i].code, [&] { return CandidatePath(r, c) + Index("skills", i) + ".code"; });
    }
  }
}

// A skill code as a person reads it: ASCII letters lower-cased, ASCII
// spaces and punctuation dropped, other bytes kept.
std::string Folded(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (char ch : code) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || std::isalnum(u)) out += u < 0x80 ? static_cast<char>(std::tolower(u)) : ch;
  }
  return out;
}

// Codes that fold to the same text but differ: each spelling but the most
// used one (the first seen among equals) is warned about at its first use.
void SkillCodeVariants(const MatchRequest& r, Collector& out) {
  struct Spelling {
    int64_t count = 0;
    size_t first = 0;  // order of first use
  };
  std::unordered_map<std::string_view, Spelling> spellings;
  ForEachSkillCode(r, [&](const std::string& code, const auto&) {
    auto [it, inserted] = spellings.try_emplace(code);
    if (inserted) it->second.first = spellings.size() - 1;
    ++it->second.count;
  });
  // Distinct codes only from here.
  std::unordered_map<std::string, std::vector<std::string_view>> by_folded;
  for (const auto& [code, spelling] : spellings) by_folded[Folded(code)].push_back(code);
  std::unordered_map<std::string_view, std::string_view> variant_of;  // variant -> the usual spelling
  for (auto& [folded, codes] : by_folded) {
    if (codes.size() < 2) continue;
    const auto usual = std::min_element(codes.begin(), codes.end(), [&](std::string_view a, std::string_view b) {
      const Spelling &x = spellings.at(a), &y = spellings.at(b);
      return x.count != y.count ? x.count > y.count : x.first < y.first;
    });
    for (std::string_view code : codes) {
      if (code != *usual) variant_of.emplace(code, *usual);
    }
  }
  if (variant_of.empty()) return;
  ForEachSkillCode(r, [&](const std::string& code, const auto& path) {
    auto it = variant_of.find(code);
    if (it == variant_of.end()) return;
    const std::string_view usual = it->second;
    variant_of.erase(it);  // once per spelling
    out.Add(WarningCode::kSkillCodeVariant, path, [&] {
      return text::Format(Message::kWarningSkillCodeVariant, out.language(),
                          {{"code", QuoteValue(code)}, {"other", QuoteValue(usual)}});
    });
  });
}

void MissingFrenchLevels(const MatchRequest& r, Collector& out) {
  for (size_t c = 0; c < r.candidates.size(); ++c) {
    if (!r.candidates[c].french_level_missing) continue;
    out.Add(WarningCode::kFrenchLevelMissing, [&] { return CandidatePath(r, c) + ".french_level"; },
            [&] { return text::Format(Message::kWarningFrenchLevelMissing, out.language()); });
  }
}

bool SamePoint(const GeoPoint& a, const GeoPoint& b) {
  return a.latitude == b.latitude && a.longitude == b.longitude;
}

// Points holding more than kSharedLocationShare of the homes. Misra-Gries
// with k counters keeps every point of frequency > n / (k + 1), so k = 10
// keeps all those above a tenth; a second pass counts them exactly.
void SharedLocations(const MatchRequest& r, Collector& out) {
  const size_t n = r.candidates.size();
  if (n <= kSharedLocationMinCandidates) return;
  constexpr size_t kSlots = 10;
  std::array<GeoPoint, kSlots> points{};
  std::array<int64_t, kSlots> counts{};
  for (const Candidate& c : r.candidates) {
    size_t free = kSlots;
    bool seen = false;
    for (size_t k = 0; k < kSlots && !seen; ++k) {
      if (counts[k] > 0 && SamePoint(points[k], c.home)) {
        ++counts[k];
        seen = true;
      } else if (counts[k] == 0 && free == kSlots) {
        free = k;
      }
    }
    if (seen) continue;
    if (free < kSlots) {
      points[free] = c.home;
      counts[free] = 1;
    } else {
      for (int64_t& count : counts) --count;
    }
  }
  struct Shared {
    GeoPoint point;
    int64_t count = 0;
    size_t first = 0;
  };
  std::vector<Shared> shared;
  for (size_t k = 0; k < kSlots; ++k) {
    if (counts[k] > 0) shared.push_back({points[k], 0, n});
  }
  for (size_t c = 0; c < n; ++c) {
    for (Shared& s : shared) {
      if (SamePoint(s.point, r.candidates[c].home)) {
        if (s.count++ == 0) s.first = c;
        break;
      }
    }
  }
  std::sort(shared.begin(), shared.end(), [](const Shared& a, const Shared& b) { return a.first < b.first; });
  for (const Shared& s : shared) {
    if (static_cast<double>(s.count) <= kSharedLocationShare * static_cast<double>(n)) continue;
    out.Add(WarningCode::kSharedLocation, [&] { return CandidatePath(r, s.first) + ".home"; }, [&] {
      return text::Format(Message::kWarningSharedLocation, out.language(),
                          {{"count", s.count},
                           {"total", static_cast<int64_t>(n)},
                           {"percent", 100.0 * static_cast<double>(s.count) / static_cast<double>(n), 0},
                           {"latitude", s.point.latitude, 5},
                           {"longitude", s.point.longitude, 5}});
    });
  }
}

// Pins, locks and bans of pairs that a hard constraint excludes.
void OverridesOfExcludedPairs(const MatchRequest& r, const Taxonomy& taxonomy, Collector& out) {
  const Language lang = out.language();
  auto check = [&](const char* list, const std::vector<PairOverride>& overrides, Message message) {
    for (size_t i = 0; i < overrides.size(); ++i) {
      const PairOverride& o = overrides[i];
      const PairEvaluation e = EvaluatePair(r, o.candidate, o.opening, taxonomy);
      if (e.feasible) continue;
      out.Add(WarningCode::kOverrideOnExcludedPair,
              [&] { return std::string("policy.") + list + "[" + std::to_string(i) + "]"; }, [&] {
                std::string reasons;
                for (ReasonCode code : e.violations) {
                  if (!reasons.empty()) reasons += text::Template(Message::kClauseSeparator, lang);
                  reasons += ExplainViolation(r, o.candidate, o.opening, e, code, lang);
                }
                return text::Format(message, lang, {{"reasons", reasons}});
              });
    }
  };
  check("pins", r.pins, Message::kWarningPinOnExcludedPair);
  check("locks", r.locks, Message::kWarningPinOnExcludedPair);
  check("bans", r.bans, Message::kWarningBanOnExcludedPair);
}

}  // namespace

std::vector<Warning> CollectWarnings(const MatchRequest& given, const WarningOptions& options) {
  MatchRequest resolved;
  const MatchRequest& r = Resolved(given, &resolved);
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  Collector out(options.max_warnings, r.policy.language);
  ClosedOpenings(r, out);
  UnknownOccupations(r, taxonomy, out);
  SkillCodeVariants(r, out);
  MissingFrenchLevels(r, out);
  SharedLocations(r, out);
  OverridesOfExcludedPairs(r, taxonomy, out);
  return std::move(out).Finish();
}

}  // namespace passerelle
