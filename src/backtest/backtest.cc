// Backtest (include/passerelle/backtest.h): cohorts of past placements
// re-assigned greedily and optimally, scored with the model against what
// counsellors did, with bootstrap intervals.
#include "passerelle/backtest.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/scoring.h"
#include "random.h"

namespace passerelle {
namespace {

// The period a day falls in: its label and first day.
struct Period {
  std::string label;
  Date first = kNoDate;
};

Date FirstOfMonth(int year, int month) {
  Date d = kNoDate;
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-01", year, month);
  ParseDate(text, &d);
  return d;
}

Period PeriodOf(Date day, BacktestPeriod period) {
  if (period == BacktestPeriod::kWhole) return {"all", kNoDate};
  const std::string text = FormatDate(day);
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  if (period == BacktestPeriod::kMonth) return {text.substr(0, 7), FirstOfMonth(year, month)};
  const int quarter = (month - 1) / 3;
  return {text.substr(0, 4) + "-Q" + std::to_string(quarter + 1), FirstOfMonth(year, 3 * quarter + 1)};
}

Date LastDayOf(const Period& p, BacktestPeriod period) {
  const std::string text = FormatDate(p.first);
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2)) + (period == BacktestPeriod::kMonth ? 1 : 3);
  if (month > 12) {
    month -= 12;
    ++year;
  }
  return FirstOfMonth(year, month) - 1;
}

std::string Or(const std::string& value) { return value.empty() ? "-" : value; }

// One placement to make in one cohort (the unit of the bootstrap): the
// probability each assignment gives it, its person (index in the history's
// records) and their subgroups.
struct Person {
  int cohort = 0;
  CandidateIndex person = 0;
  double historical = 0, greedy = 0, optimal = 0;
  std::string subgroups[4];
};
constexpr const char* kAttributes[4] = {"gender", "country_of_origin", "departement", "age_group"};

// A cohort as a request: its people, its openings with their seats, the
// history's employers and policy with the model.
struct Cohort {
  Period period;
  MatchRequest request;
  // Per historical placement of the cohort: (candidate, opening) in the
  // cohort's request.
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placements;
};

Cohort MakeCohort(const History& history, const std::vector<size_t>& placements, const ScoreModel& model) {
  Cohort cohort;
  MatchRequest& r = cohort.request;
  r.policy = history.records.policy;
  r.policy.score_model = model;
  // Every placement counts: counsellors filled every seat of the cohort.
  r.policy.unplaced_penalty = 0;
  r.policy.shortlist_size = 0;
  r.policy.greedy_baseline = false;
  // The seats are those counsellors filled, so the employers took that many:
  // their caps are lifted, or history itself would be out of bounds.
  r.policy.max_candidates_per_employer = 0;
  r.employers = history.records.employers;
  for (Employer& e : r.employers) e.max_candidates = 0;
  r.description = history.description;
  // One candidate per placement: a person placed twice in the period (even
  // twice at the same opening, one contract after another) is two
  // placements to make, as history made them.
  std::unordered_map<OpeningIndex, OpeningIndex> opening_of;
  for (size_t k : placements) {
    const PastPlacement& p = history.placements[k];
    const CandidateIndex c = static_cast<CandidateIndex>(r.candidates.size());
    r.candidates.push_back(history.records.candidates[static_cast<size_t>(p.candidate)]);
    r.candidates.back().id += "/" + std::to_string(k);
    r.candidates.back().placements_needed = 1;
    auto [o, new_opening] = opening_of.emplace(p.opening, static_cast<OpeningIndex>(r.openings.size()));
    if (new_opening) {
      r.openings.push_back(history.records.openings[static_cast<size_t>(p.opening)]);
      r.openings.back().capacity = 0;
    }
    ++r.openings[static_cast<size_t>(o->second)].capacity;
    cohort.placements.emplace_back(c, o->second);
  }
  return cohort;
}

// Best probability first over the scored pairs, each taken while its person
// needs a placement, its opening has a seat and its employer is under its
// cap. Returns each person's summed probability and the placements made.
std::pair<std::vector<double>, int64_t> Greedy(const MatchRequest& r, const ScoreModel& model,
                                               const ScoringOptions& scoring) {
  const ScoreMatrix matrix = ScoreRequest(r, scoring);
  struct Pair {
    double p;
    CandidateIndex c;
    OpeningIndex o;
  };
  std::vector<Pair> pairs;
  for (CandidateIndex c = 0; c < matrix.num_candidates(); ++c) {
    for (const ScoredPair& s : matrix.row(c)) pairs.push_back({LastingProbability(model, s.breakdown()), c, s.opening});
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.p != b.p) return a.p > b.p;
    return a.c != b.c ? a.c < b.c : a.o < b.o;
  });
  std::vector<int32_t> need(r.candidates.size()), seats(r.openings.size()), employer_load(r.employers.size(), 0);
  for (size_t c = 0; c < need.size(); ++c) need[c] = r.candidates[c].placements_needed;
  for (size_t o = 0; o < seats.size(); ++o) seats[o] = r.openings[o].capacity;
  std::vector<double> value(r.candidates.size(), 0);
  int64_t placed = 0;
  for (const Pair& pair : pairs) {
    if (need[static_cast<size_t>(pair.c)] == 0 || seats[static_cast<size_t>(pair.o)] == 0) continue;
    const EmployerIndex e = r.openings[static_cast<size_t>(pair.o)].employer;
    if (e != kNoEmployer) {
      const int32_t own = r.employers[static_cast<size_t>(e)].max_candidates;
      const int32_t cap = own > 0 ? own : r.policy.max_candidates_per_employer;
      if (cap > 0 && employer_load[static_cast<size_t>(e)] >= cap) continue;
      ++employer_load[static_cast<size_t>(e)];
    }
    --need[static_cast<size_t>(pair.c)];
    --seats[static_cast<size_t>(pair.o)];
    value[static_cast<size_t>(pair.c)] += pair.p;
    ++placed;
  }
  return {value, placed};
}

// Bootstrap of sums over `members` (indices into `people`), resampled with
// replacement within each cohort: the percentiles of the historical, greedy
// and optimal sums and of optimal - historical.
void Bootstrap(const std::vector<Person>& people, const std::vector<int>& members, int32_t samples, uint64_t seed,
               BacktestRow* row) {
  auto sum = [&](double Person::*arm) {
    double total = 0;
    for (int i : members) total += people[static_cast<size_t>(i)].*arm;
    return total;
  };
  row->historical.value = sum(&Person::historical);
  row->greedy.value = sum(&Person::greedy);
  row->optimal.value = sum(&Person::optimal);
  row->optimal_gain.value = row->optimal.value - row->historical.value;
  BacktestEstimate* estimates[4] = {&row->historical, &row->greedy, &row->optimal, &row->optimal_gain};
  for (BacktestEstimate* e : estimates) e->low = e->high = e->value;
  if (samples <= 0 || members.empty()) return;
  std::map<int, std::vector<int>> strata;
  for (int i : members) strata[people[static_cast<size_t>(i)].cohort].push_back(i);
  std::vector<double> draws[4];
  for (auto& d : draws) d.reserve(static_cast<size_t>(samples));
  synthetic::internal::Rng rng(seed);
  for (int32_t b = 0; b < samples; ++b) {
    double h = 0, g = 0, o = 0;
    for (const auto& [cohort, stratum] : strata) {
      const int64_t n = static_cast<int64_t>(stratum.size());
      for (int64_t k = 0; k < n; ++k) {
        const Person& p = people[static_cast<size_t>(stratum[static_cast<size_t>(rng.UniformInt(0, n - 1))])];
        h += p.historical;
        g += p.greedy;
        o += p.optimal;
      }
    }
    draws[0].push_back(h);
    draws[1].push_back(g);
    draws[2].push_back(o);
    draws[3].push_back(o - h);
  }
  for (int a = 0; a < 4; ++a) {
    std::sort(draws[a].begin(), draws[a].end());
    const auto at = [&](double q) {
      const double pos = q * (samples - 1);
      const size_t lo = static_cast<size_t>(std::floor(pos));
      const size_t hi = std::min(lo + 1, draws[a].size() - 1);
      return draws[a][lo] + (pos - lo) * (draws[a][hi] - draws[a][lo]);
    };
    estimates[a]->low = at(0.025);
    estimates[a]->high = at(0.975);
  }
}

}  // namespace

BacktestReport Backtest(const History& history, const ScoreModel& model, const BacktestOptions& options) {
  if (options.bootstrap_samples < 0) throw InvalidArgumentError("bootstrap_samples: must be >= 0");
  // Placements in the window, grouped by period in date order.
  std::map<Date, std::pair<Period, std::vector<size_t>>> by_period;
  for (size_t k = 0; k < history.placements.size(); ++k) {
    const Date day = history.placements[k].placed_on;
    if (day == kNoDate) continue;
    if (options.from && day < *options.from) continue;
    if (options.to && day > *options.to) continue;
    Period period = PeriodOf(day, options.period);
    auto& slot = by_period[period.first];
    slot.first = std::move(period);
    slot.second.push_back(k);
  }
  if (by_period.empty()) {
    throw InvalidArgumentError("backtest: no placement between " +
                               (options.from ? FormatDate(*options.from) : std::string("the first")) + " and " +
                               (options.to ? FormatDate(*options.to) : std::string("the last")) + " day");
  }
  ScoringOptions scoring;
  scoring.execution = options.execution;
  scoring.taxonomy = options.taxonomy;
  MatchOptions matching;
  matching.execution = options.execution;
  matching.taxonomy = options.taxonomy;
  matching.keep_warm_state = false;

  BacktestReport report;
  report.bootstrap_samples = options.bootstrap_samples;
  std::vector<Person> people;
  std::vector<std::vector<int>> cohort_members;
  for (auto& [first, entry] : by_period) {
    const auto& [period, placements] = entry;
    const Cohort cohort = MakeCohort(history, placements, model);
    const MatchRequest& r = cohort.request;
    const int index = static_cast<int>(report.cohorts.size());
    BacktestRow row;
    row.label = period.label;
    if (options.period == BacktestPeriod::kWhole) {
      row.from = row.to = history.placements[placements.front()].placed_on;
      for (size_t k : placements) {
        row.from = std::min(row.from, history.placements[k].placed_on);
        row.to = std::max(row.to, history.placements[k].placed_on);
      }
    } else {
      row.from = period.first;
      row.to = LastDayOf(period, options.period);
    }
    std::vector<CandidateIndex> persons;
    for (size_t k : placements) persons.push_back(history.placements[k].candidate);
    std::sort(persons.begin(), persons.end());
    row.people = std::unique(persons.begin(), persons.end()) - persons.begin();
    row.seats = static_cast<int64_t>(placements.size());

    const size_t base = people.size();
    std::vector<int> members;
    for (size_t i = 0; i < r.candidates.size(); ++i) {
      const Candidate& c = r.candidates[i];
      Person p;
      p.cohort = index;
      p.person = history.placements[placements[i]].candidate;
      p.subgroups[0] = ToString(c.subgroup.gender);
      p.subgroups[1] = Or(c.subgroup.country_of_origin);
      p.subgroups[2] = Or(c.subgroup.departement);
      p.subgroups[3] = ToString(AgeGroupOf(c.age));
      members.push_back(static_cast<int>(people.size()));
      people.push_back(std::move(p));
    }
    // History: the model's probability of each pair made, hard constraints
    // or not (it was made).
    const std::vector<ScoreBreakdown> made = EvaluatePairs(r, cohort.placements, scoring);
    for (size_t k = 0; k < made.size(); ++k) {
      people[base + static_cast<size_t>(cohort.placements[k].first)].historical += LastingProbability(model, made[k]);
    }
    row.historical_placements = static_cast<int64_t>(made.size());
    // Greedy.
    const auto [greedy, greedy_placed] = Greedy(r, model, scoring);
    for (size_t c = 0; c < greedy.size(); ++c) people[base + c].greedy = greedy[c];
    row.greedy_placements = greedy_placed;
    // The optimum.
    const MatchResponse response = Match(r, matching);
    if (response.summary.status != MatchStatus::kOptimal) {
      report.warnings.push_back("cohort " + period.label + ": the optimum is not proven");
    }
    std::unordered_map<std::string, size_t> index_of;
    for (size_t c = 0; c < r.candidates.size(); ++c) index_of.emplace(r.candidates[c].id, c);
    for (const Placement& p : response.placements) {
      people[base + index_of.at(p.candidate_id)].optimal += p.lasting_probability.value_or(p.score);
    }
    row.optimal_placements = static_cast<int64_t>(response.placements.size());
    Bootstrap(people, members, options.bootstrap_samples, options.seed + static_cast<uint64_t>(index) + 1, &row);
    cohort_members.push_back(std::move(members));
    report.cohorts.push_back(std::move(row));
  }

  // The total, then subgroups over the whole period (resampled within cohorts).
  BacktestRow& total = report.total;
  total.label = "total";
  total.from = report.cohorts.front().from;
  total.to = report.cohorts.back().to;
  for (const BacktestRow& c : report.cohorts) {
    total.seats += c.seats;
    total.historical_placements += c.historical_placements;
    total.greedy_placements += c.greedy_placements;
    total.optimal_placements += c.optimal_placements;
  }
  {
    std::vector<CandidateIndex> persons;
    for (const Person& p : people) persons.push_back(p.person);
    std::sort(persons.begin(), persons.end());
    total.people = std::unique(persons.begin(), persons.end()) - persons.begin();
  }
  std::vector<int> everyone(people.size());
  std::iota(everyone.begin(), everyone.end(), 0);
  Bootstrap(people, everyone, options.bootstrap_samples, options.seed, &total);
  for (int a = 0; a < 4; ++a) {
    std::map<std::string, std::vector<int>> groups;
    for (int i = 0; i < static_cast<int>(people.size()); ++i) groups[people[static_cast<size_t>(i)].subgroups[a]].push_back(i);
    for (const auto& [value, members] : groups) {
      BacktestRow row;
      row.label = std::string(kAttributes[a]) + "=" + value;
      std::vector<CandidateIndex> persons;
      for (int i : members) persons.push_back(people[static_cast<size_t>(i)].person);
      std::sort(persons.begin(), persons.end());
      row.people = std::unique(persons.begin(), persons.end()) - persons.begin();
      row.seats = static_cast<int64_t>(members.size());
      Bootstrap(people, members, options.bootstrap_samples, options.seed + 1000003u * static_cast<uint64_t>(a + 1),
                &row);
      report.subgroups.push_back(std::move(row));
    }
  }
  return report;
}

}  // namespace passerelle
