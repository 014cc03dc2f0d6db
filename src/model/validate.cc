#include "passerelle/validate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "passerelle/error.h"

namespace passerelle {
namespace {

// Shortest form that reads back to `v` up to 10 significant digits: "0.5",
// "1e+300", "-2".
std::string Num(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A field path, or a function that builds it: called only for a problem
// (a national request has millions of fields and, usually, no problem).
template <typename Path>
std::string PathOf(const Path& path) {
  if constexpr (std::is_invocable_v<const Path&>) {
    return path();
  } else {
    return std::string(path);
  }
}

// An id check's problem for record `index` of `list`, or false.
bool IdProblem(const char* list, size_t index, const std::string& id, const size_t* first, ProblemList* problems) {
  if (!id.empty() && first == nullptr) return false;
  if (problems->full()) {
    problems->Count();
  } else {
    problems->Add(RecordPath(list, index, id) + ".id: " +
                  (id.empty() ? std::string("missing")
                              : "duplicate of " + std::string(list) + "[" + std::to_string(*first) + "]"));
  }
  return true;
}

// Runs `collect` on a `ProblemList` that keeps every problem, appended to
// `out`; true when it found none.
template <typename Collect>
bool CollectInto(std::vector<std::string>* out, const Collect& collect) {
  ProblemList list(std::numeric_limits<size_t>::max());
  list.kept().swap(*out);
  collect(&list);
  list.kept().swap(*out);
  return list.empty();
}

class Checker {
 public:
  explicit Checker(ProblemList* problems, const ValidationOptions* options = nullptr)
      : problems_(problems), options_(options) {}

  // Once the list is full, problems are counted without building their
  // message.
  template <typename Path>
  void Add(const Path& path, std::string_view what) {
    if (problems_->full()) {
      problems_->Count();
      return;
    }
    problems_->Add(PathOf(path) + ": " + std::string(what));
  }

  // Record paths need not be built once problems are only counted.
  bool full() const { return problems_->full(); }

  template <typename Path>
  void Point(const Path& path, const GeoPoint& p) {
    if (!std::isfinite(p.latitude) || p.latitude < -90 || p.latitude > 90) {
      Add(PathOf(path) + ".latitude", Num(p.latitude) + " must be a finite number in [-90, 90]");
    }
    if (!std::isfinite(p.longitude) || p.longitude < -180 || p.longitude > 180) {
      Add(PathOf(path) + ".longitude", Num(p.longitude) + " must be a finite number in [-180, 180]");
    }
    if (p.precision != GeoPrecision::kAddress && p.precision != GeoPrecision::kTown) {
      Add(PathOf(path) + ".precision",
          std::to_string(static_cast<int>(p.precision)) + " is not a GeoPrecision value");
    }
  }

  template <typename Path>
  void InRange(const Path& path, double v, double lo, double hi) {
    if (!std::isfinite(v) || v < lo || v > hi) {
      Add(path, Num(v) + " must be a finite number in [" + Num(lo) + ", " + Num(hi) + "]");
    }
  }

  template <typename Path>
  void NonNegative(const Path& path, double v) {
    if (!std::isfinite(v) || v < 0) Add(path, Num(v) + " must be a finite number >= 0");
  }

  // An occupation code: ROME-shaped, or known to the caller's taxonomy.
  template <typename Path>
  void Occupation(const Path& path, const std::string& code) {
    if (IsRomeCode(code)) return;
    if (options_ != nullptr && options_->is_known_occupation && options_->is_known_occupation(code)) return;
    // One wording whatever the taxonomy, so that every entry point reports
    // the problem alike.
    Add(path, QuoteValue(code) + " is not a ROME code (a letter A-N and four digits)");
  }

  template <typename Path>
  void Cefr(const Path& path, CefrLevel level) {
    const int v = static_cast<int>(level);
    if (v < 0 || v > static_cast<int>(CefrLevel::kC2)) Add(path, std::to_string(v) + " is not a CEFR level");
  }

  size_t count() const { return problems_->count(); }

  // The ids' check, record by record (IdChecker).
  template <typename Records>
  void Ids(const char* list, const Records& records) {
    IdChecker ids(list);
    for (size_t i = 0; i < records.size(); ++i) ids.Add(i, records[i].id, problems_);
  }

 private:
  ProblemList* problems_;
  const ValidationOptions* options_;
};

// `record`: the candidate's path, built only for a problem.
template <typename Path>
void CheckCandidate(const Candidate& c, const Path& record, Checker& check) {
  auto path = [&] { return PathOf(record); };
  check.Point([&] { return path() + ".home"; }, c.home);
  for (size_t i = 0; i < c.skills.size(); ++i) {
    auto sp = [&] { return path() + ".skills[" + std::to_string(i) + "]"; };
    if (c.skills[i].code.empty()) check.Add(sp() + ".code", "missing");
    // 0 means 1 (ResolveDefaults).
    if (!(c.skills[i].level >= 0 && c.skills[i].level <= 1)) {
      check.Add(sp() + ".level", Num(c.skills[i].level) + " must be in (0, 1]");
    }
  }
  for (size_t i = 0; i < c.target_occupations.size(); ++i) {
    check.Occupation([&] { return path() + ".target_occupations[" + std::to_string(i) + "]"; },
                     c.target_occupations[i]);
  }
  for (size_t i = 0; i < c.past_occupations.size(); ++i) {
    check.Occupation([&] { return path() + ".past_occupations[" + std::to_string(i) + "]"; }, c.past_occupations[i]);
  }
  check.Cefr([&] { return path() + ".french_level"; }, c.french_level);
  for (size_t i = 0; i < c.preferred_sectors.size(); ++i) {
    const char letter = c.preferred_sectors[i];
    if (letter < 'A' || letter > 'N') {
      check.Add(path() + ".preferred_sectors[" + std::to_string(i) + "]",
                QuoteValue(std::string(1, letter)) + " is not a ROME domain letter (A-N)");
    }
  }
  // Here and below, 0 stands for a default (ResolveDefaults).
  if (c.mobility.max_commute_minutes < 0 || c.mobility.max_commute_minutes > 24 * 60) {
    check.Add(path() + ".mobility.max_commute_minutes",
              std::to_string(c.mobility.max_commute_minutes) + " must be in [0, 1440] (0: the policy's default)");
  }
  if (c.age < 0 || c.age > 120) check.Add(path() + ".age", std::to_string(c.age) + " must be in [0, 120]");
  check.InRange([&] { return path() + ".priority"; }, c.priority, 0, 1000);
  if (c.placements_needed < 0 || c.placements_needed > 16) {
    check.Add(path() + ".placements_needed", std::to_string(c.placements_needed) + " must be in [0, 16] (0: the policy's default)");
  }
}

// `record`: the opening's path, built only for a problem.
template <typename Path>
void CheckOpening(const Opening& o, const Path& record, size_t num_employers, Checker& check) {
  auto path = [&] { return PathOf(record); };
  if (o.employer != kNoEmployer && (o.employer < 0 || static_cast<size_t>(o.employer) >= num_employers)) {
    check.Add(path() + ".employer_id", "employer index " + std::to_string(o.employer) + " out of range");
  }
  if (!o.occupation.empty()) check.Occupation([&] { return path() + ".occupation"; }, o.occupation);
  check.Cefr([&] { return path() + ".min_french_level"; }, o.min_french_level);
  check.Point([&] { return path() + ".location"; }, o.location);
  if (o.capacity < 0) check.Add(path() + ".capacity", std::to_string(o.capacity) + " must be >= 0");
  auto skills = [&](const char* list, const std::vector<SkillRequirement>& reqs) {
    for (size_t i = 0; i < reqs.size(); ++i) {
      auto sp = [&] { return path() + "." + list + "[" + std::to_string(i) + "]"; };
      if (reqs[i].code.empty()) check.Add(sp() + ".code", "missing");
      if (!std::isfinite(reqs[i].weight) || reqs[i].weight < 0) {  // 0 means 1
        check.Add(sp() + ".weight", Num(reqs[i].weight) + " must be a finite number > 0");
      }
    }
  };
  skills("required_skills", o.required_skills);
  skills("optional_skills", o.optional_skills);
  if (o.duration_months < 0) check.Add(path() + ".duration_months", std::to_string(o.duration_months) + " must be >= 0");
  check.InRange([&] { return path() + ".tension"; }, o.tension, 0, 1);
}

void CheckQuotaShape(const MatchRequest& r, Checker& check);
void CheckScoreModel(const ScoreModel& m, Checker& check);

// `num_records`: the request's candidates and openings.
void CheckPolicy(const MatchRequest& r, size_t num_records, Checker& check) {
  const Policy& p = r.policy;
  const ScoreWeights& w = p.weights;
  const std::pair<const char*, double> weights[] = {{"skills", w.skills},   {"occupation", w.occupation},
                                                    {"french", w.french},   {"commute", w.commute},
                                                    {"tension", w.tension}, {"preferences", w.preferences}};
  bool all_valid = true;
  double sum = 0;
  for (const auto& [name, value] : weights) {
    check.NonNegative(std::string("policy.weights.") + name, value);
    if (!std::isfinite(value) || value < 0) all_valid = false;
    sum += value;
  }
  // Scores divide by the sum: an infinite one would make every score 0.
  if (all_valid && !std::isfinite(sum)) {
    check.Add("policy.weights", "their sum overflows (" + Num(sum) + "); weights are relative, use smaller ones");
  }
  if (p.max_french_gap < 0 || p.max_french_gap > 6) {
    check.Add("policy.max_french_gap", std::to_string(p.max_french_gap) + " must be in [0, 6]");
  }
  // Here and below, 0 stands for the default (ResolveDefaults).
  if (p.default_max_commute_minutes < 0 || p.default_max_commute_minutes > 24 * 60) {
    check.Add("policy.default_max_commute_minutes",
              std::to_string(p.default_max_commute_minutes) + " must be in [0, 1440] (0: 60)");
  }
  check.InRange("policy.unplaced_penalty", p.unplaced_penalty, 0, 1);
  if (p.placements_per_candidate < 0 || p.placements_per_candidate > 16) {
    check.Add("policy.placements_per_candidate", std::to_string(p.placements_per_candidate) + " must be in [0, 16] (0: 1)");
  }
  if (p.max_candidates_per_employer < 0) {
    check.Add("policy.max_candidates_per_employer", std::to_string(p.max_candidates_per_employer) + " must be >= 0");
  }
  for (size_t i = 0; i < p.quotas.size(); ++i) {
    const std::string qp = "policy.quotas[" + std::to_string(i) + "]";
    check.InRange(qp + ".min_share", p.quotas[i].min_share, 0, 1);
    check.InRange(qp + ".max_share", p.quotas[i].max_share, 0, 1);
    const double max_share = p.quotas[i].max_share == 0 ? 1 : p.quotas[i].max_share;
    if (p.quotas[i].min_share > max_share) {
      check.Add(qp, "min_share " + Num(p.quotas[i].min_share) + " exceeds max_share " + Num(max_share));
    }
    if (const std::string problem = QuotaValueProblem(p.quotas[i]); !problem.empty()) check.Add(qp + ".value", problem);
  }
  if (p.shortlist_size < 0 || p.shortlist_size > 1000) {
    check.Add("policy.shortlist_size", std::to_string(p.shortlist_size) + " must be in [0, 1000]");
  }
  const int64_t shortlist_entries = int64_t{p.shortlist_size} * static_cast<int64_t>(num_records);
  if (p.shortlist_size > 0 && shortlist_entries > kMaxShortlistEntries) {
    check.Add("policy.shortlist_size", std::to_string(p.shortlist_size) + " x " +
                                           std::to_string(num_records) +
                                           " candidates and openings = " + std::to_string(shortlist_entries) +
                                           " shortlist entries exceed " + std::to_string(kMaxShortlistEntries));
  }
  if (p.shortlist_appearances_per_seat < 0) {
    check.Add("policy.shortlist_appearances_per_seat", std::to_string(p.shortlist_appearances_per_seat) + " must be >= 0 (0: 3)");
  }
  if (p.max_pairs_per_candidate < 0) {
    check.Add("policy.max_pairs_per_candidate", std::to_string(p.max_pairs_per_candidate) + " must be >= 0 (0: 50)");
  }
  if (p.limits.max_candidates < 0) check.Add("policy.limits.max_candidates", "must be >= 0");
  if (p.limits.max_openings < 0) check.Add("policy.limits.max_openings", "must be >= 0");
  if (p.limits.max_arcs < 0) check.Add("policy.limits.max_arcs", "must be >= 0");
  check.NonNegative("policy.limits.max_solve_seconds", p.limits.max_solve_seconds);
  if (p.detour_factor != 0) check.InRange("policy.detour_factor", p.detour_factor, 1, 10);
  check.InRange("policy.project_min_proximity", p.project_min_proximity, 0, 1);
  check.InRange("policy.min_gain_to_move", p.min_gain_to_move, 0, 1);
  check.InRange("policy.town_distance_floor_km", p.town_distance_floor_km, 0, 50);
  if (!std::isfinite(p.commute_half_life_minutes) || p.commute_half_life_minutes < 0) {
    check.Add("policy.commute_half_life_minutes", Num(p.commute_half_life_minutes) + " must be a finite number >= 0 (0: 30)");
  }
  if (p.job_track_min_french_level) check.Cefr("policy.job_track_min_french_level", *p.job_track_min_french_level);
  if (p.score_model) CheckScoreModel(*p.score_model, check);
  CheckQuotaShape(r, check);
}

// A score model: known features, each once, finite values small enough that
// the log-odds stay finite (|value| <= 1000: a component moving by 0.01
// already changes the odds by e^10).
void CheckScoreModel(const ScoreModel& m, Checker& check) {
  constexpr double kMaxCoefficient = 1000;
  if (!std::isfinite(m.intercept) || std::fabs(m.intercept) > kMaxCoefficient) {
    check.Add("policy.score_model.intercept", Num(m.intercept) + " must be a finite number in [-1000, 1000]");
  }
  bool seen[6] = {};
  for (size_t i = 0; i < m.coefficients.size(); ++i) {
    const std::string cp = "policy.score_model.coefficients[" + std::to_string(i) + "]";
    const ModelCoefficient& k = m.coefficients[i];
    int f = 0;
    while (f < 6 && k.feature != kScoreModelFeatures[f]) ++f;
    if (f == 6) {
      check.Add(cp + ".feature", "\"" + k.feature +
                                     "\" is not a score component (skills, occupation, french, commute, "
                                     "tension, preferences)");
    } else if (seen[f]) {
      check.Add(cp + ".feature", "\"" + k.feature + "\" appears twice");
    } else {
      seen[f] = true;
    }
    if (!std::isfinite(k.value) || std::fabs(k.value) > kMaxCoefficient) {
      check.Add(cp + ".value", Num(k.value) + " must be a finite number in [-1000, 1000]");
    }
  }
}

bool IsOpeningDimension(QuotaDimension d) {
  return d == QuotaDimension::kOpeningKind || d == QuotaDimension::kOpeningDepartement;
}

// Quotas solve as bounds on one flow network: at most one candidate
// dimension and one opening dimension nest in it, and opening quotas take the
// place employer caps would need.
void CheckQuotaShape(const MatchRequest& r, Checker& check) {
  const std::vector<Quota>& quotas = r.policy.quotas;
  int candidate_dims = 0, opening_dims = 0, cdim = -1, odim = -1;
  for (size_t qi = 0; qi < quotas.size(); ++qi) {
    const Quota& q = quotas[qi];
    const int d = static_cast<int>(q.dimension);
    int& seen = IsOpeningDimension(q.dimension) ? odim : cdim;
    if (seen != d) {
      (IsOpeningDimension(q.dimension) ? opening_dims : candidate_dims)++;
      seen = d;
    }
    for (size_t qj = 0; qj < qi; ++qj) {
      if (quotas[qj].dimension == q.dimension && quotas[qj].value == q.value) {
        check.Add("policy.quotas[" + std::to_string(qi) + "]",
                  "same dimension and value as quotas[" + std::to_string(qj) + "]");
        break;
      }
    }
  }
  if (candidate_dims > 1 || opening_dims > 1) {
    check.Add("policy.quotas",
              "quotas on more than one candidate dimension (or more than one opening dimension) are not supported: "
              "they do not nest in a flow network");
  }
  if (opening_dims > 0) {
    for (size_t e = 0; e < r.employers.size(); ++e) {
      if (EmployerCap(r, static_cast<EmployerIndex>(e)) > 0) {
        check.Add("policy.quotas", "quotas on openings cannot be combined with employer caps (employers[" +
                                       std::to_string(e) + "] has one)");
        break;
      }
    }
  }
}

// References from pins, bans and locks to records.
void CheckOverrides(const MatchRequest& r, size_t num_candidates, size_t num_openings, Checker& check) {
  auto overrides = [&](const char* list, const std::vector<PairOverride>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string op = std::string("policy.") + list + "[" + std::to_string(i) + "]";
      if (v[i].candidate < 0 || static_cast<size_t>(v[i].candidate) >= num_candidates) {
        check.Add(op + ".candidate_id", "index out of range");
      }
      if (v[i].opening < 0 || static_cast<size_t>(v[i].opening) >= num_openings) {
        check.Add(op + ".opening_id", "index out of range");
      }
    }
  };
  overrides("pins", r.pins);
  overrides("bans", r.bans);
  overrides("locks", r.locks);
}

}  // namespace

std::string RecordPath(const char* list, size_t index, const std::string& id) {
  std::string path = std::string(list) + "[" + std::to_string(index) + "]";
  if (!id.empty()) path += " (id " + QuoteValue(id) + ")";
  return path;
}

std::string QuoteValue(std::string_view value) {
  size_t shown = value.size();
  if (shown > kQuotedMaxBytes) {
    shown = kQuotedMaxBytes;
    // Not inside a UTF-8 sequence: back off continuation bytes.
    while (shown > 0 && (static_cast<unsigned char>(value[shown]) & 0xC0) == 0x80) --shown;
  }
  std::string out = "\"";
  for (size_t i = 0; i < shown; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else if (c == 0xC2 && i + 1 < shown && static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
          // C1 controls (U+0080-U+009F), e.g. the one-byte CSI of some terminals.
          char hex[9];
          std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned char>(value[i + 1]));
          out += hex;
          ++i;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  if (shown < value.size()) out += "... (" + std::to_string(value.size()) + " bytes)";
  return out;
}

void ProblemList::Append(ProblemList&& other) {
  for (std::string& problem : other.kept_) {
    if (full()) break;
    kept_.push_back(std::move(problem));
  }
  count_ += other.count_;
  other.kept_.clear();
  other.count_ = 0;
}

void ProblemList::ThrowIfAny() && {
  if (count_ > 0) throw ValidationError(std::move(kept_), count_);
}

namespace {

// IdChecker's slots: the top bits of the id's hash above the entry + 1.
constexpr int kEntryBits = 40;
constexpr uint64_t kEntryMask = (uint64_t{1} << kEntryBits) - 1;

}  // namespace

std::string_view IdChecker::Id(size_t entry) const {
  const size_t begin = entry == 0 ? 0 : ends_[entry - 1];
  return std::string_view(text_).substr(begin, ends_[entry] - begin);
}

size_t IdChecker::SlotOf(std::string_view id, uint64_t hash) const {
  const uint64_t mask = table_.size() - 1;
  const uint64_t tag = hash >> kEntryBits;
  for (uint64_t at = hash & mask;; at = (at + 1) & mask) {
    const uint64_t slot = table_[at];
    if (slot == 0 || (slot >> kEntryBits == tag && Id((slot & kEntryMask) - 1) == id)) return at;
  }
}

void IdChecker::Grow() {
  table_.assign(std::max<size_t>(16, 2 * table_.size()), 0);
  for (size_t e = 0; e < ends_.size(); ++e) {
    const std::string_view id = Id(e);
    const uint64_t hash = std::hash<std::string_view>{}(id);
    table_[SlotOf(id, hash)] = (hash >> kEntryBits) << kEntryBits | (e + 1);
  }
}

void IdChecker::Add(size_t index, const std::string& id, ProblemList* problems) {
  if (id.empty()) {
    if (first_empty_ < 0) first_empty_ = static_cast<int64_t>(index);
    IdProblem(list_, index, id, nullptr, problems);
    return;
  }
  if (2 * (ends_.size() + 1) > table_.size()) Grow();
  const uint64_t hash = std::hash<std::string_view>{}(id);
  const size_t at = SlotOf(id, hash);
  if (table_[at] != 0) {
    IdProblem(list_, index, id, &first_[(table_[at] & kEntryMask) - 1], problems);
    return;
  }
  table_[at] = (hash >> kEntryBits) << kEntryBits | (ends_.size() + 1);
  text_ += id;
  ends_.push_back(text_.size());
  first_.push_back(index);
}

int64_t IdChecker::Find(const std::string& id) const {
  if (id.empty()) return first_empty_;
  if (table_.empty()) return -1;
  const uint64_t slot = table_[SlotOf(id, std::hash<std::string_view>{}(id))];
  return slot == 0 ? -1 : static_cast<int64_t>(first_[(slot & kEntryMask) - 1]);
}

bool CollectPolicyProblems(const MatchRequest& request, std::vector<std::string>* problems) {
  return CollectInto(problems, [&](ProblemList* list) {
    Checker check(list);
    CheckPolicy(request, request.candidates.size() + request.openings.size(), check);
  });
}

void CollectCandidateProblems(const Candidate& candidate, CandidateIndex index, ProblemList* problems,
                              const ValidationOptions& options) {
  Checker check(problems, &options);
  CheckCandidate(candidate,
                 [&] { return check.full() ? std::string() : RecordPath("candidates", static_cast<size_t>(index), candidate.id); },
                 check);
}

void CollectOpeningProblems(const Opening& opening, OpeningIndex index, size_t num_employers, ProblemList* problems,
                            const ValidationOptions& options) {
  Checker check(problems, &options);
  CheckOpening(opening,
               [&] { return check.full() ? std::string() : RecordPath("openings", static_cast<size_t>(index), opening.id); },
               num_employers, check);
}

void CollectEmployerProblems(const Employer& employer, EmployerIndex index, ProblemList* problems) {
  Checker check(problems);
  if (employer.max_candidates < 0) {
    check.Add([&] { return RecordPath("employers", static_cast<size_t>(index), employer.id) + ".max_candidates"; },
              std::to_string(employer.max_candidates) + " must be >= 0");
  }
}

bool CollectCandidateProblems(const MatchRequest& request, CandidateIndex candidate,
                              std::vector<std::string>* problems, const ValidationOptions& options) {
  return CollectInto(problems, [&](ProblemList* list) {
    CollectCandidateProblems(request.candidates[static_cast<size_t>(candidate)], candidate, list, options);
  });
}

bool CollectOpeningProblems(const MatchRequest& request, OpeningIndex opening, std::vector<std::string>* problems,
                            const ValidationOptions& options) {
  return CollectInto(problems, [&](ProblemList* list) {
    CollectOpeningProblems(request.openings[static_cast<size_t>(opening)], opening, request.employers.size(), list,
                           options);
  });
}

void CollectPreviousPlacementProblems(const PreviousPlacement& previous, size_t index, ProblemList* problems) {
  Checker check(problems);
  auto path = [&](const char* field) {
    return "previous_placements[" + std::to_string(index) + "]." + field;
  };
  if (previous.candidate_id.empty()) check.Add([&] { return path("candidate_id"); }, "missing");
  if (previous.opening_id.empty()) check.Add([&] { return path("opening_id"); }, "missing");
}

void CollectIdProblems(const MatchRequest& request, ProblemList* problems) {
  Checker check(problems);
  check.Ids("candidates", request.candidates);
  check.Ids("openings", request.openings);
  check.Ids("employers", request.employers);
}

void CollectCrossRecordProblems(const MatchRequest& request, size_t num_candidates, size_t num_openings,
                                ProblemList* problems) {
  Checker check(problems);
  CheckPolicy(request, num_candidates + num_openings, check);
  CheckOverrides(request, num_candidates, num_openings, check);
}

void CollectProblems(const MatchRequest& request, ProblemList* problems, const ValidationOptions& options) {
  CollectIdProblems(request, problems);
  for (size_t i = 0; i < request.candidates.size(); ++i) {
    CollectCandidateProblems(request.candidates[i], static_cast<CandidateIndex>(i), problems, options);
  }
  for (size_t i = 0; i < request.openings.size(); ++i) {
    CollectOpeningProblems(request.openings[i], static_cast<OpeningIndex>(i), request.employers.size(), problems,
                           options);
  }
  for (size_t i = 0; i < request.employers.size(); ++i) {
    CollectEmployerProblems(request.employers[i], static_cast<EmployerIndex>(i), problems);
  }
  for (size_t i = 0; i < request.previous_placements.size(); ++i) {
    CollectPreviousPlacementProblems(request.previous_placements[i], i, problems);
  }
  CollectCrossRecordProblems(request, request.candidates.size(), request.openings.size(), problems);
}

void CollectProblems(const MatchRequest& request, std::vector<std::string>* problems,
                     const ValidationOptions& options) {
  CollectInto(problems, [&](ProblemList* list) { CollectProblems(request, list, options); });
}

void Validate(const MatchRequest& request, const ValidationOptions& options) {
  ProblemList problems;
  CollectProblems(request, &problems, options);
  std::move(problems).ThrowIfAny();
}

}  // namespace passerelle
