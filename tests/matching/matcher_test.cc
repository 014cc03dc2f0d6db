// Tests of passerelle/matcher.h: optimality against a brute-force oracle,
// hard constraints, overrides, multi-placement, caps, quotas, determinism,
// incremental sessions.
#include "passerelle/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"

namespace passerelle {
namespace {

// A small request around Toulouse with controllable randomness.
MatchRequest TinyRequest(uint64_t seed, int num_candidates, int num_openings) {
  std::mt19937_64 rng(seed);  // test-only: determinism across platforms is not needed here
  auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const char* occupations[] = {"F1703", "G1602", "K2204", "N1103", "A1401"};
  const char* skills[] = {"s.masonry", "s.cooking", "s.cleaning", "s.picking", "s.harvest"};
  MatchRequest r;
  r.employers.push_back({"e-1", "Employer 1", "F", 0, ""});
  r.employers.push_back({"e-2", "Employer 2", "G", 0, ""});
  for (int i = 0; i < num_openings; ++i) {
    Opening o;
    o.id = "o-" + std::to_string(i);
    o.employer = static_cast<EmployerIndex>(pick(2));
    o.kind = pick(4) == 0 ? OpeningKind::kQualifyingTraining : OpeningKind::kJob;
    const int occ = pick(5);
    o.occupation = occupations[occ];
    o.location = {43.6 + uni(-0.05, 0.05), 1.43 + uni(-0.05, 0.05)};
    o.capacity = 1 + pick(2);
    o.required_skills.push_back({skills[occ], 1.0, ""});
    o.min_french_level = static_cast<CefrLevel>(pick(3));
    o.tension = uni(0.3, 0.8);
    o.site_transit_access = TransitAccess::kFull;
    r.openings.push_back(o);
  }
  for (int i = 0; i < num_candidates; ++i) {
    Candidate c;
    c.id = "c-" + std::to_string(i);
    c.home = {43.6 + uni(-0.05, 0.05), 1.43 + uni(-0.05, 0.05)};
    c.french_level = static_cast<CefrLevel>(pick(4));
    const int occ = pick(5);
    c.skills.push_back({skills[occ], uni(0.3, 1.0), pick(2) == 0, false, ""});
    c.target_occupations.push_back(occupations[pick(5)]);
    c.mobility.modes.Add(TransportMode::kWalk);
    c.mobility.modes.Add(TransportMode::kPublicTransport);
    c.mobility.home_transit_access = TransitAccess::kFull;
    c.mobility.max_commute_minutes = 60;
    c.right_to_work = pick(5) == 0 ? RightToWork::kNone : RightToWork::kFull;
    c.priority = pick(4) == 0 ? 2.0 : 1.0;
    r.candidates.push_back(c);
  }
  return r;
}

// Best objective by exhaustive search: each candidate takes one feasible
// opening above the penalty, or none.
double BruteForceObjective(const MatchRequest& r) {
  const size_t n = r.candidates.size();
  std::vector<std::vector<std::pair<OpeningIndex, double>>> options(n);
  for (size_t c = 0; c < n; ++c) {
    for (size_t o = 0; o < r.openings.size(); ++o) {
      const PairEvaluation e = EvaluatePair(r, static_cast<CandidateIndex>(c), static_cast<OpeningIndex>(o));
      const double gain = r.candidates[c].priority * (e.score - r.policy.unplaced_penalty);
      if (e.feasible && e.score > r.policy.unplaced_penalty) options[c].push_back({static_cast<OpeningIndex>(o), gain});
    }
  }
  std::vector<int32_t> seats(r.openings.size());
  for (size_t o = 0; o < seats.size(); ++o) seats[o] = r.openings[o].capacity;
  double best = 0;
  std::function<void(size_t, double)> go = [&](size_t c, double acc) {
    if (c == n) {
      best = std::max(best, acc);
      return;
    }
    go(c + 1, acc);
    for (const auto& [o, gain] : options[c]) {
      if (seats[o] == 0) continue;
      --seats[o];
      go(c + 1, acc + gain);
      ++seats[o];
    }
  };
  go(0, 0);
  return best;
}

TEST(MatcherTest, MatchesBruteForceOptimumOnTinyRequests) {
  int checked_with_placements = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const MatchRequest r = TinyRequest(seed, 6, 4);
    const MatchResponse resp = Match(r);
    const double oracle = BruteForceObjective(r);
    // Integer scaling of scores: each placement may lose up to 0.5/kScoreScale.
    EXPECT_NEAR(resp.summary.objective, oracle, 1e-5 * 6) << "seed " << seed;
    EXPECT_GE(resp.summary.objective + 1e-6, resp.summary.greedy_objective) << "seed " << seed;
    if (resp.summary.placements > 0) ++checked_with_placements;
  }
  EXPECT_GT(checked_with_placements, 30);  // the oracle comparison is not vacuous
}

// The greedy baseline against its definition: every pair of the network
// (the scored pairs above the unplaced penalty), best score first, ties by
// candidate then opening in request order, taken while the candidate needs
// a placement, the opening has a seat and its employer is under its cap.
// Each synthetic candidate comes in copies: at the same home (equal scores:
// the tie order decides) or metres away (scores a few units in the last
// place apart); priorities differ, so the objective tells which copy won.
TEST(MatcherTest, GreedyBaselineIsBestScoreFirstInRequestOrder) {
  for (uint64_t seed : {1, 2, 3}) {
    synthetic::GeneratorOptions options;
    options.region = "occitanie";
    options.candidates = 400;
    options.openings = 150;
    options.seed = seed;
    const MatchRequest base = synthetic::Generate(options);
    MatchRequest r = base;
    r.candidates.clear();
    std::mt19937_64 rng(seed);
    for (const Candidate& original : base.candidates) {
      for (int copy = 0; copy < 6; ++copy) {
        Candidate c = original;
        c.id += "-" + std::to_string(copy);
        c.placements_needed = 1;
        c.priority = 1.0 + static_cast<double>(rng() % 5);
        if (copy % 2 == 1) c.home.latitude += 1e-6 * static_cast<double>(1 + rng() % 40);
        r.candidates.push_back(std::move(c));
      }
    }
    std::shuffle(r.candidates.begin(), r.candidates.end(), rng);
    r.policy.max_candidates_per_employer = static_cast<int32_t>(seed);
    const MatchResponse resp = Match(r);
    const ScoreMatrix m = ScoreRequest(r);
    struct Entry {
      float score;
      CandidateIndex c;
      OpeningIndex o;
    };
    std::vector<Entry> all;
    for (CandidateIndex c = 0; c < m.num_candidates(); ++c) {
      for (const ScoredPair& p : m.row(c)) {
        if (p.score > r.policy.unplaced_penalty) all.push_back({p.score, c, p.opening});
      }
    }
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) {
      return a.score != b.score ? a.score > b.score : (a.c != b.c ? a.c < b.c : a.o < b.o);
    });
    std::vector<int32_t> seats, employer_count(r.employers.size(), 0);
    for (const Opening& o : r.openings) seats.push_back(o.capacity);
    std::vector<char> placed(r.candidates.size(), 0);
    int64_t taken = 0;
    double total = 0, objective = 0;
    for (const Entry& e : all) {
      const EmployerIndex employer = r.openings[e.o].employer;
      int32_t cap = employer == kNoEmployer ? 0 : r.employers[employer].max_candidates;
      if (employer != kNoEmployer && (cap == 0 || r.policy.max_candidates_per_employer < cap)) {
        cap = r.policy.max_candidates_per_employer;
      }
      if (placed[e.c] || seats[e.o] == 0 || (cap > 0 && employer_count[employer] >= cap)) continue;
      placed[e.c] = 1;
      --seats[e.o];
      if (employer != kNoEmployer) ++employer_count[employer];
      ++taken;
      total += e.score;
      objective += r.candidates[e.c].priority * (e.score - r.policy.unplaced_penalty);
    }
    EXPECT_EQ(resp.summary.greedy_placements, taken) << "seed " << seed;
    EXPECT_NEAR(resp.summary.greedy_total_score, total, 1e-9 * (1 + total)) << "seed " << seed;
    EXPECT_NEAR(resp.summary.greedy_objective, objective, 1e-9 * (1 + std::abs(objective))) << "seed " << seed;
    EXPECT_GT(taken, 50);
  }
}

// "Lost to better-fitting candidates" against its definition: every
// network pair of the candidate (score above the unplaced penalty) whose
// opening is full, counted, and the first five named, best score first,
// ties in id order. Openings come in identical copies whose ids do not
// follow their order in the request, so the tie order is exercised.
TEST(MatcherTest, LostToBetterFitNamesTheBestFullOpeningsInIdOrder) {
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = 1500;
  options.openings = 100;
  options.seed = 5;
  const MatchRequest base = synthetic::Generate(options);
  MatchRequest r = base;
  r.openings.clear();
  for (const Opening& original : base.openings) {
    for (int copy = 0; copy < 3; ++copy) {
      Opening o = original;
      o.id = "o-" + std::to_string(9 - 4 * copy) + original.id;  // copy 2 sorts first
      r.openings.push_back(std::move(o));
    }
  }
  for (Candidate& c : r.candidates) c.placements_needed = 1;
  const MatchResponse resp = Match(r);
  const ScoreMatrix m = ScoreRequest(r);
  std::map<std::string, int32_t> candidate_index, opening_index;
  for (size_t c = 0; c < r.candidates.size(); ++c) candidate_index[r.candidates[c].id] = static_cast<int32_t>(c);
  for (size_t o = 0; o < r.openings.size(); ++o) opening_index[r.openings[o].id] = static_cast<int32_t>(o);
  std::vector<char> full(r.openings.size(), 0);
  for (const OpeningFill& f : resp.opening_fills) full[opening_index.at(f.opening_id)] = f.filled >= f.capacity;
  int checked = 0, with_ties = 0;
  for (const Unplaced& u : resp.unplaced) {
    const CandidateIndex c = candidate_index.at(u.candidate_id);
    std::vector<std::pair<float, std::string>> lost;
    for (const ScoredPair& p : m.row(c)) {
      if (p.score > r.policy.unplaced_penalty && full[p.opening]) lost.emplace_back(-p.score, r.openings[p.opening].id);
    }
    std::sort(lost.begin(), lost.end());
    const auto reason = std::find_if(u.reasons.begin(), u.reasons.end(),
                                     [](const Reason& x) { return x.code == ReasonCode::kLostToBetterFit; });
    if (lost.empty()) {
      EXPECT_EQ(reason, u.reasons.end()) << u.candidate_id;
      continue;
    }
    ASSERT_NE(reason, u.reasons.end()) << u.candidate_id;
    EXPECT_EQ(reason->count, static_cast<int32_t>(lost.size())) << u.candidate_id;
    std::vector<std::string> expected;
    for (size_t k = 0; k < std::min<size_t>(5, lost.size()); ++k) expected.push_back(lost[k].second);
    EXPECT_EQ(reason->opening_ids, expected) << u.candidate_id;
    ++checked;
    if (lost.size() > 1 && lost[0].first == lost[1].first) ++with_ties;
  }
  EXPECT_GT(checked, 100);
  EXPECT_GT(with_ties, 50);
}

// Every reason about openings names 1 to min(5, count) of them, each one
// that really has that reason (EvaluatePair, an independent oracle), chosen
// as documented: the nearest (French level: the smallest shortfall), which
// no opening excluded for that reason alone and within the candidate's own
// reach beats.
TEST(MatcherTest, EveryReasonAboutOpeningsNamesOpeningsThatHaveIt) {
  int checked = 0, banned_checked = 0;
  std::set<ReasonCode> codes_seen;
  for (const char* region : {"loir-et-cher", "occitanie"}) {
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = 1500;
    options.openings = 300;
    options.seed = 1;
    MatchRequest r = synthetic::Generate(options);
    // Ban every feasible pair of a few candidates: their reason is kBanned.
    const ScoreMatrix before = ScoreRequest(r);
    for (CandidateIndex c = 0; c < 40; c += 4) {
      for (const ScoredPair& p : before.row(c)) r.bans.push_back({c, p.opening, ""});
    }
    const MatchResponse resp = Match(r);
    std::map<std::string, CandidateIndex> candidate_index;
    std::map<std::string, OpeningIndex> opening_index;
    for (size_t c = 0; c < r.candidates.size(); ++c) candidate_index[r.candidates[c].id] = static_cast<CandidateIndex>(c);
    for (size_t o = 0; o < r.openings.size(); ++o) opening_index[r.openings[o].id] = static_cast<OpeningIndex>(o);
    for (const Unplaced& u : resp.unplaced) {
      const CandidateIndex c = candidate_index.at(u.candidate_id);
      const Candidate& cand = r.candidates[c];
      for (const Reason& reason : u.reasons) {
        if (reason.count <= 0 || reason.code == ReasonCode::kPartiallyPlaced) continue;
        const auto code = static_cast<int>(reason.code);
        ASSERT_GE(reason.opening_ids.size(), 1u) << u.candidate_id << " " << ToString(reason.code);
        ASSERT_LE(reason.opening_ids.size(), static_cast<size_t>(std::min(5, reason.count)))
            << u.candidate_id << " " << ToString(reason.code);
        std::set<std::string> distinct(reason.opening_ids.begin(), reason.opening_ids.end());
        EXPECT_EQ(distinct.size(), reason.opening_ids.size()) << u.candidate_id;
        if (reason.code == ReasonCode::kBanned) {
          ++banned_checked;
          for (const std::string& id : reason.opening_ids) {
            const OpeningIndex o = opening_index.at(id);
            EXPECT_TRUE(std::any_of(r.bans.begin(), r.bans.end(),
                                    [&](const PairOverride& b) { return b.candidate == c && b.opening == o; }))
                << u.candidate_id << " " << id;
          }
          continue;
        }
        if (code < 1 || code > 9) continue;  // the network's reasons: tested above
        codes_seen.insert(reason.code);
        ++checked;
        // Each named opening has the violation; the named ones in order.
        double last_key = -1;
        for (const std::string& id : reason.opening_ids) {
          const OpeningIndex o = opening_index.at(id);
          const PairEvaluation e = EvaluatePair(r, c, o);
          EXPECT_NE(std::find(e.violations.begin(), e.violations.end(), reason.code), e.violations.end())
              << u.candidate_id << " " << id << " " << ToString(reason.code);
          const double km = DistanceKm(cand.home, r.openings[o].location);
          const double key = reason.code == ReasonCode::kFrenchLevelTooLow
                                 ? 1000.0 * (static_cast<int>(r.openings[o].min_french_level) -
                                             static_cast<int>(r.openings[o].provides_french_training)) +
                                       km
                                 : km;
          if (reason.code != ReasonCode::kAvailableTooLate) {
            EXPECT_GE(key + 1e-6, last_key) << u.candidate_id << " " << id << " " << ToString(reason.code);
          }
          last_key = key;
        }
        // No opening excluded for this reason, and within the candidate's
        // own commute, comes before the first one named.
        if (reason.code == ReasonCode::kVehicleRequired || reason.code == ReasonCode::kCommuteTooLong ||
            reason.code == ReasonCode::kAvailableTooLate) {
          continue;
        }
        const OpeningIndex first = opening_index.at(reason.opening_ids[0]);
        const double first_km = DistanceKm(cand.home, r.openings[first].location);
        for (size_t o = 0; o < r.openings.size(); ++o) {
          const PairEvaluation e = EvaluatePair(r, c, static_cast<OpeningIndex>(o));
          auto has = [&](ReasonCode x) { return std::find(e.violations.begin(), e.violations.end(), x) != e.violations.end(); };
          if (!has(reason.code) || has(ReasonCode::kCommuteTooLong) || has(ReasonCode::kVehicleRequired)) continue;
          const double km = DistanceKm(cand.home, r.openings[o].location);
          if (reason.code == ReasonCode::kFrenchLevelTooLow) {
            const int shortfall = static_cast<int>(r.openings[o].min_french_level) -
                                  static_cast<int>(r.openings[o].provides_french_training);
            const int first_shortfall = static_cast<int>(r.openings[first].min_french_level) -
                                        static_cast<int>(r.openings[first].provides_french_training);
            EXPECT_GE(shortfall, first_shortfall) << u.candidate_id << " " << r.openings[o].id;
            if (shortfall > first_shortfall) continue;
          }
          EXPECT_GE(km + 1e-6, first_km) << u.candidate_id << " " << r.openings[o].id << " nearer than "
                                         << reason.opening_ids[0] << " for " << ToString(reason.code);
        }
      }
    }
  }
  EXPECT_GT(checked, 300);
  EXPECT_GT(banned_checked, 3);
  EXPECT_GE(codes_seen.size(), 6u);
}

struct RecordIndex {
  std::map<std::string, CandidateIndex> candidate;
  std::map<std::string, OpeningIndex> opening;
};

RecordIndex IndexById(const MatchRequest& r) {
  RecordIndex index;
  for (size_t i = 0; i < r.candidates.size(); ++i) index.candidate[r.candidates[i].id] = static_cast<CandidateIndex>(i);
  for (size_t i = 0; i < r.openings.size(); ++i) index.opening[r.openings[i].id] = static_cast<OpeningIndex>(i);
  return index;
}

// What every answer respects, optimal or not: each placement feasible and
// explained, seats and placements per candidate within bounds, a reason for
// each unplaced candidate, and the counts adding up.
void ExpectRespectsConstraints(const MatchRequest& r, const MatchResponse& resp) {
  const RecordIndex index = IndexById(r);
  std::map<std::string, int> fill, per_candidate;
  for (const Placement& p : resp.placements) {
    const PairEvaluation e = EvaluatePair(r, index.candidate.at(p.candidate_id), index.opening.at(p.opening_id));
    EXPECT_TRUE(e.feasible) << p.candidate_id << " -> " << p.opening_id;
    EXPECT_FALSE(p.explanation.empty());
    ++fill[p.opening_id];
    ++per_candidate[p.candidate_id];
  }
  for (const auto& [id, n] : fill) EXPECT_LE(n, r.openings[index.opening.at(id)].capacity) << id;
  int64_t fully_placed = 0;
  for (const auto& [id, n] : per_candidate) {
    const int32_t needed = r.candidates[index.candidate.at(id)].placements_needed;
    EXPECT_LE(n, needed) << id;
    fully_placed += n == needed;
  }
  for (const Unplaced& u : resp.unplaced) EXPECT_FALSE(u.reasons.empty()) << u.candidate_id;
  // Unplaced lists everyone short of their placements, partly placed included.
  EXPECT_EQ(resp.summary.placed_candidates, static_cast<int64_t>(per_candidate.size()));
  EXPECT_EQ(fully_placed + static_cast<int64_t>(resp.unplaced.size()), resp.summary.candidates);
}

TEST(MatcherTest, NeverPlacesAPairThatViolatesAHardConstraint) {
  synthetic::GeneratorOptions options;
  options.candidates = 400;
  options.openings = 120;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    options.seed = seed;
    const MatchRequest r = synthetic::Generate(options);
    const MatchResponse resp = Match(r);
    ASSERT_GT(resp.placements.size(), 0u);
    ExpectRespectsConstraints(r, resp);
    EXPECT_GE(resp.summary.objective + 1e-6, resp.summary.greedy_objective);
  }
}

// Also with more than 1,024 placements, which a report explains on a second
// thread when it has one.
TEST(MatcherTest, IsByteIdenticalAcrossRunsAndThreadCounts) {
  synthetic::GeneratorOptions options;
  options.candidates = 4000;
  options.openings = 1000;
  options.seed = 7;
  MatchRequest r = synthetic::Generate(options);
  r.policy.shortlist_size = 3;
  std::string first;
  for (int threads : {1, 2, 4, 1}) {
    const MatchResponse resp = Match(r, {.execution = {.threads = threads}});
    EXPECT_GT(resp.placements.size(), 1024u);
    const std::string bytes = SerializeMessage(ToProto(resp), FileFormat::kBinary);
    if (first.empty()) {
      first = bytes;
    } else {
      EXPECT_EQ(bytes, first) << "threads " << threads;
    }
  }
}

// Candidates whose every pair is with a closed opening get their reasons
// from scoring, with the excluded openings named: with two threads those are
// named while the solver runs on one (NameAhead), with one by the report.
TEST(MatcherTest, NamesExclusionsAheadAsTheReportWould) {
  MatchRequest r = synthetic::Generate({.candidates = 3000, .openings = 800, .seed = 11});
  for (size_t o = 0; o < r.openings.size(); ++o) {
    if (o % 8 != 0) r.openings[o].capacity = 0;
  }
  const MatchResponse one = Match(r, {.execution = {.threads = 1}});
  const MatchResponse two = Match(r, {.execution = {.threads = 2}});
  EXPECT_EQ(SerializeMessage(ToProto(two), FileFormat::kBinary), SerializeMessage(ToProto(one), FileFormat::kBinary));
  // Some of them: a closed-openings reason first, then exclusions with
  // openings named.
  int64_t named_after_closed = 0;
  for (const Unplaced& u : two.unplaced) {
    if (u.reasons.size() < 2 || u.reasons[0].code != ReasonCode::kNoOpeningInReach || u.reasons[0].count == 0) continue;
    named_after_closed += std::any_of(u.reasons.begin() + 1, u.reasons.end(),
                                      [](const Reason& reason) { return !reason.opening_ids.empty(); });
  }
  EXPECT_GT(named_after_closed, 10);
}

TEST(MatcherTest, HonoursPinsAndBans) {
  MatchRequest r = TinyRequest(3, 6, 4);
  const MatchResponse base = Match(r);
  ASSERT_FALSE(base.placements.empty());
  // Ban every placed pair: none of them may appear again.
  std::set<std::pair<std::string, std::string>> banned;
  for (const Placement& p : base.placements) {
    CandidateIndex c = 0;
    OpeningIndex o = 0;
    while (r.candidates[c].id != p.candidate_id) ++c;
    while (r.openings[o].id != p.opening_id) ++o;
    r.bans.push_back({c, o, "test"});
    banned.insert({p.candidate_id, p.opening_id});
  }
  const MatchResponse after = Match(r);
  for (const Placement& p : after.placements) EXPECT_FALSE(banned.count({p.candidate_id, p.opening_id}));

  // Pin a feasible pair that the optimum did not choose.
  MatchRequest pinned = TinyRequest(3, 6, 4);
  bool found = false;
  for (CandidateIndex c = 0; c < 6 && !found; ++c) {
    for (OpeningIndex o = 0; o < 4 && !found; ++o) {
      const PairEvaluation e = EvaluatePair(pinned, c, o);
      bool chosen = false;
      for (const Placement& p : base.placements) {
        chosen |= p.candidate_id == pinned.candidates[c].id && p.opening_id == pinned.openings[o].id;
      }
      if (e.feasible && !chosen) {
        pinned.pins.push_back({c, o, "counsellor's choice"});
        const MatchResponse resp = Match(pinned);
        bool placed = false;
        for (const Placement& p : resp.placements) {
          if (p.candidate_id == pinned.candidates[c].id && p.opening_id == pinned.openings[o].id) {
            placed = true;
            EXPECT_TRUE(p.pinned);
          }
        }
        EXPECT_TRUE(placed);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);
}

// Disables every hard constraint so that any pair is feasible.
void AllowEverything(MatchRequest* r) {
  HardConstraints& h = r->policy.constraints;
  h = {false, false, false, false, false, false, false, false, false};
}

TEST(MatcherTest, RefusesConflictingOverridesWithAClearError) {
  MatchRequest r = TinyRequest(5, 4, 3);
  AllowEverything(&r);
  r.pins.push_back({0, 0, ""});
  r.bans.push_back({0, 0, ""});
  try {
    Match(r);
    FAIL() << "pin + ban accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("both pinned and banned"), std::string::npos) << e.what();
  }

  MatchRequest two = TinyRequest(5, 4, 3);
  AllowEverything(&two);
  two.pins.push_back({0, 0, ""});
  two.pins.push_back({0, 1, ""});
  try {
    Match(two);
    FAIL() << "two pins for a candidate needing one placement accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("needs 1 placement"), std::string::npos) << e.what();
  }

  MatchRequest seats = TinyRequest(5, 4, 3);
  AllowEverything(&seats);
  seats.openings[0].capacity = 1;
  seats.pins.push_back({0, 0, ""});
  seats.pins.push_back({1, 0, ""});
  EXPECT_THROW(Match(seats), InvalidArgumentError);
}

TEST(MatcherTest, RefusesAPinThatViolatesAHardConstraint) {
  MatchRequest r = TinyRequest(9, 3, 2);
  r.candidates[0].right_to_work = RightToWork::kNone;
  r.openings[0].kind = OpeningKind::kJob;
  r.pins.push_back({0, 0, ""});
  try {
    Match(r);
    FAIL() << "pin on a job for a candidate without right to work accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("no_right_to_work"), std::string::npos) << e.what();
  }
}

TEST(MatcherTest, GivesTwoPlacementsInTwoSectorsWhenAsked) {
  MatchRequest r = TinyRequest(11, 5, 8);
  AllowEverything(&r);
  r.policy.distinct_sectors = true;
  r.policy.unplaced_penalty = 0.01;
  for (Candidate& c : r.candidates) c.placements_needed = 2;
  for (Opening& o : r.openings) o.capacity = 3;
  const MatchResponse resp = Match(r);
  std::map<std::string, std::vector<char>> sectors;
  for (const Placement& p : resp.placements) {
    for (const Opening& o : r.openings) {
      if (o.id == p.opening_id) sectors[p.candidate_id].push_back(o.sector());
    }
  }
  int complete = 0;
  for (auto& [cid, list] : sectors) {
    EXPECT_LE(list.size(), 2u) << cid;
    std::sort(list.begin(), list.end());
    EXPECT_EQ(std::adjacent_find(list.begin(), list.end()), list.end()) << cid << " has two placements in one sector";
    if (list.size() == 2) ++complete;
  }
  EXPECT_GT(complete, 0);
  for (const Unplaced& u : resp.unplaced) EXPECT_FALSE(u.reasons.empty());
}

TEST(MatcherTest, RespectsEmployerCaps) {
  MatchRequest r = TinyRequest(13, 12, 6);
  AllowEverything(&r);
  r.policy.unplaced_penalty = 0.01;
  for (Opening& o : r.openings) o.capacity = 3, o.employer = 0;
  r.employers[0].max_candidates = 4;
  const MatchResponse resp = Match(r);
  EXPECT_EQ(resp.placements.size(), 4u);
  r.employers[0].max_candidates = 0;
  r.policy.max_candidates_per_employer = 2;
  EXPECT_EQ(Match(r).placements.size(), 2u);
}

TEST(MatcherTest, MeetsAMinimumShareQuotaOrSaysItIsInfeasible) {
  MatchRequest r = TinyRequest(17, 10, 5);
  AllowEverything(&r);
  r.policy.unplaced_penalty = 0.01;
  for (size_t i = 0; i < r.candidates.size(); ++i) r.candidates[i].subgroup.departement = i < 3 ? "48" : "31";
  r.policy.quotas.push_back({QuotaDimension::kDepartement, "48", 0.3, 1.0});
  const MatchResponse resp = Match(r);
  int from48 = 0;
  for (const Placement& p : resp.placements) {
    for (size_t i = 0; i < 3; ++i) from48 += p.candidate_id == r.candidates[i].id;
  }
  ASSERT_EQ(resp.summary.status, MatchStatus::kOptimal);
  EXPECT_GE(from48, std::ceil(0.3 * static_cast<double>(resp.placements.size()) - 1e-9));

  // Impossible: 90% of placements from 3 candidates out of 10 when 7 seats fill.
  r.policy.quotas[0].min_share = 0.9;
  const MatchResponse impossible = Match(r);
  EXPECT_EQ(impossible.summary.status, MatchStatus::kInfeasible);
  bool named = false;
  for (const Unplaced& u : impossible.unplaced) {
    for (const Reason& reason : u.reasons) named |= reason.code == ReasonCode::kQuota;
  }
  EXPECT_TRUE(named);
  // The shortfall is said in the policy's language.
  for (const auto& [language, sentence] :
       {std::pair<Language, std::string>{Language::kFrench, "le quota policy.quotas[0] demande au moins "},
        {Language::kEnglish, "policy.quotas[0] needs at least "}}) {
    r.policy.language = language;
    std::string detail;
    for (const Unplaced& u : Match(r).unplaced) {
      for (const Reason& reason : u.reasons) {
        if (reason.code == ReasonCode::kQuota && reason.count == 0) detail = reason.detail;
      }
    }
    EXPECT_EQ(detail.rfind(sentence, 0), 0u) << detail;
    const std::string value = language == Language::kFrench ? " placements pour « 48 »" : " placements for \"48\"";
    EXPECT_NE(detail.find(value), std::string::npos) << detail;
  }
}

// "16-25" (the statistics' name) and "youth" (the name before it) are the
// same age group on the wire: the same binding quota, the same response.
TEST(MatcherTest, AnAgeQuotaOn16To25IsOneOnYouth) {
  MatchRequest r = TinyRequest(17, 10, 5);
  AllowEverything(&r);
  r.policy.unplaced_penalty = 0.01;
  for (size_t i = 0; i < r.candidates.size(); ++i) r.candidates[i].age = i < 3 ? 19 : 40;
  // The young count little, so that the quota has something to change.
  for (size_t i = 0; i < 3; ++i) r.candidates[i].priority = 0.1;
  const auto young_placements = [&](const MatchResponse& resp) {
    int young = 0;
    for (const Placement& p : resp.placements) {
      for (size_t i = 0; i < 3; ++i) young += p.candidate_id == r.candidates[i].id;
    }
    return young;
  };
  const auto match_with = [&](const char* spelling) {
    v1::MatchRequest p = ToProto(r);
    v1::Quota* q = p.mutable_policy()->add_quotas();
    q->set_dimension(v1::QUOTA_DIMENSION_AGE_GROUP);
    q->set_value(spelling);
    q->set_min_share(0.4);
    return Match(FromProto(p));
  };
  const MatchResponse youth = match_with("youth");
  const MatchResponse named = match_with("16-25");
  ASSERT_EQ(youth.summary.status, MatchStatus::kOptimal);
  const int needed = static_cast<int>(std::ceil(0.4 * static_cast<double>(youth.placements.size()) - 1e-9));
  EXPECT_LT(young_placements(Match(r)), needed);  // without the quota
  EXPECT_GE(young_placements(youth), needed);
  EXPECT_EQ(SerializeMessage(ToProto(named), FileFormat::kBinary),
            SerializeMessage(ToProto(youth), FileFormat::kBinary));
}

TEST(MatcherTest, ClosesJobsBelowTheFrenchRoutingLevel) {
  synthetic::GeneratorOptions options;
  options.candidates = 300;
  options.openings = 100;
  MatchRequest r = synthetic::Generate(options);
  r.policy.job_track_min_french_level = CefrLevel::kB1;
  const MatchResponse resp = Match(r);
  std::map<std::string, const Candidate*> cands;
  std::map<std::string, const Opening*> opens;
  for (const Candidate& c : r.candidates) cands[c.id] = &c;
  for (const Opening& o : r.openings) opens[o.id] = &o;
  int routed = 0;
  for (const Placement& p : resp.placements) {
    if (cands[p.candidate_id]->french_level < CefrLevel::kB1) {
      EXPECT_FALSE(IsEmployment(opens[p.opening_id]->kind)) << p.candidate_id << " -> " << p.opening_id;
      ++routed;
    }
  }
  EXPECT_GT(routed, 0);  // beginners still get French courses or trainings
}

// policy.limits.max_solve_seconds so small that the optimiser stops at its
// first clock check: the answer is feasible, never better than the optimum,
// explained, and marked not proven; with quotas (whose first solve ignores
// them) there is no answer but a clear error.
TEST(MatcherTest, TimeLimitGivesAFeasibleUnprovenAnswerOrAClearError) {
  synthetic::GeneratorOptions options;
  options.candidates = 2000;
  options.openings = 500;
  options.seed = 11;
  MatchRequest r = synthetic::Generate(options);
  const MatchResponse optimum = Match(r);
  ASSERT_EQ(optimum.summary.status, MatchStatus::kOptimal);

  r.policy.limits.max_solve_seconds = 1e-9;
  const MatchResponse stopped = Match(r);
  EXPECT_EQ(stopped.summary.status, MatchStatus::kFeasibleNotProven);
  EXPECT_LE(stopped.summary.objective, optimum.summary.objective + 1e-9);
  EXPECT_GE(stopped.summary.objective + 1e-6, stopped.summary.greedy_objective);  // never below the baseline
  EXPECT_GT(stopped.summary.placements, 0);
  ExpectRespectsConstraints(r, stopped);

  // A limit never reached changes nothing.
  r.policy.limits.max_solve_seconds = 3600;
  EXPECT_EQ(SerializeMessage(ToProto(Match(r)), FileFormat::kBinary),
            SerializeMessage(ToProto(optimum), FileFormat::kBinary));

  // A session stopped by the limit, then given time, is exact again.
  r.policy.limits.max_solve_seconds = 1e-9;
  Matcher session(r);
  EXPECT_EQ(session.Solve().summary.status, MatchStatus::kFeasibleNotProven);
  session.Ban(stopped.placements.front().candidate_id, stopped.placements.front().opening_id);
  EXPECT_EQ(session.Solve().summary.status, MatchStatus::kFeasibleNotProven);

  r.policy.limits.max_solve_seconds = 1e-9;
  r.policy.quotas.push_back({QuotaDimension::kDepartement, r.candidates[0].subgroup.departement, 0.1, 1.0});
  try {
    Match(r);
    FAIL() << "expected LimitExceededError";
  } catch (const LimitExceededError& e) {
    EXPECT_NE(std::string(e.what()).find("policy.limits.max_solve_seconds"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("quotas"), std::string::npos) << e.what();
  }
}

// A request with every layer of the network: two placements in distinct
// sectors for every `stride`-th candidate, employers capped at 3.
MatchRequest LayeredRequest(int64_t candidates, int64_t openings, uint64_t seed, size_t stride) {
  synthetic::GeneratorOptions options;
  options.candidates = candidates;
  options.openings = openings;
  options.seed = seed;
  MatchRequest r = synthetic::Generate(options);
  r.policy.distinct_sectors = true;
  r.policy.max_candidates_per_employer = 3;
  for (size_t c = 0; c < r.candidates.size(); c += stride) r.candidates[c].placements_needed = 2;
  return r;
}

// Pins `count` placements of `response`, spread over its list.
void PinSomePlacements(const MatchResponse& response, size_t count, MatchRequest* r) {
  const RecordIndex index = IndexById(*r);
  for (size_t k = 0; k < response.placements.size(); k += response.placements.size() / count) {
    r->pins.push_back({index.candidate.at(response.placements[k].candidate_id),
                       index.opening.at(response.placements[k].opening_id), "agreed"});
  }
}

// What ExpectRespectsConstraints leaves to the layers: every pin placed, no
// employer above its cap of 3, no candidate twice in a sector.
void ExpectKeepsPinsCapsAndSectors(const MatchRequest& r, const MatchResponse& resp) {
  const RecordIndex index = IndexById(r);
  std::set<std::pair<std::string, std::string>> placed;
  std::map<EmployerIndex, std::set<std::string>> per_employer;
  std::map<std::string, std::set<char>> sectors;
  for (const Placement& p : resp.placements) {
    const Opening& op = r.openings[index.opening.at(p.opening_id)];
    placed.insert({p.candidate_id, p.opening_id});
    per_employer[op.employer].insert(p.candidate_id);
    EXPECT_TRUE(sectors[p.candidate_id].insert(op.sector()).second) << p.candidate_id << ": same sector twice";
  }
  for (const auto& [e, people] : per_employer) {
    if (e != kNoEmployer) EXPECT_LE(people.size(), 3u) << "employer " << e;
  }
  for (const PairOverride& pin : r.pins) {
    EXPECT_TRUE(placed.count({r.candidates[pin.candidate].id, r.openings[pin.opening].id})) << "pin dropped";
  }
}

// The greedy fallback of a time-limited solve as a flow of a network with
// every layer: pins, employer caps, two placements in distinct sectors.
TEST(MatcherTest, TimeLimitedAnswerKeepsPinsCapsAndSectors) {
  MatchRequest r = LayeredRequest(1500, 400, 21, 5);
  const MatchResponse free = Match(r);
  ASSERT_GE(free.placements.size(), 10u);
  PinSomePlacements(free, 4, &r);
  r.policy.limits.max_solve_seconds = 1e-9;
  const MatchResponse stopped = Match(r);
  ASSERT_EQ(stopped.summary.status, MatchStatus::kFeasibleNotProven);
  EXPECT_GE(stopped.summary.objective + 1e-6, stopped.summary.greedy_objective);
  ExpectRespectsConstraints(r, stopped);
  ExpectKeepsPinsCapsAndSectors(r, stopped);
}

// Geographic parts (MatchOptions::candidates_per_part) change only how the
// simplex works: the objective is the optimum's, with every layer (pins,
// employer caps, two placements in distinct sectors), whatever the part
// size, and the response does not depend on the thread count.
TEST(MatcherTest, GeographicPartsKeepTheOptimumAndEveryConstraint) {
  MatchRequest r = LayeredRequest(1200, 300, 5, 7);
  const MatchResponse whole = Match(r, {.candidates_per_part = 0});
  ASSERT_GE(whole.placements.size(), 10u);
  PinSomePlacements(whole, 3, &r);
  const MatchResponse pinned = Match(r, {.candidates_per_part = 0});
  for (const int32_t per_part : {20, 150, 500}) {
    const MatchResponse parts = Match(r, {.candidates_per_part = per_part});
    EXPECT_EQ(parts.summary.status, MatchStatus::kOptimal) << per_part;
    EXPECT_NEAR(parts.summary.objective, pinned.summary.objective, 1e-6) << per_part;
    ExpectRespectsConstraints(r, parts);
    ExpectKeepsPinsCapsAndSectors(r, parts);
  }
  const std::string one = SerializeMessage(
      ToProto(Match(r, {.execution = {.threads = 1}, .candidates_per_part = 150})), FileFormat::kBinary);
  EXPECT_EQ(SerializeMessage(ToProto(Match(r, {.execution = {.threads = 2}, .candidates_per_part = 150})),
                             FileFormat::kBinary),
            one);
}

// A Matcher that keeps no warm-start state answers like Match(), before and
// after an edit.
TEST(MatcherTest, MatcherWithoutWarmStateMatchesOneShotMatch) {
  synthetic::GeneratorOptions options;
  options.candidates = 400;
  options.openings = 120;
  options.seed = 4;
  MatchRequest r = synthetic::Generate(options);
  Matcher cold(r, {.keep_warm_state = false, .keep_network = true});
  const MatchResponse first = cold.Solve();
  EXPECT_EQ(SerializeMessage(ToProto(first), FileFormat::kBinary), SerializeMessage(ToProto(Match(r)), FileFormat::kBinary));
  EXPECT_GT(cold.network().num_arcs(), 0);
  ASSERT_FALSE(first.placements.empty());
  const Placement& p = first.placements.front();
  cold.Ban(p.candidate_id, p.opening_id);
  const MatchResponse second = cold.Solve();
  EXPECT_EQ(SerializeMessage(ToProto(second), FileFormat::kBinary),
            SerializeMessage(ToProto(Match(cold.request())), FileFormat::kBinary));
  // Without the network kept (the default): same response, and the
  // network's memory is gone.
  Matcher lean(r, {.keep_warm_state = false});
  EXPECT_EQ(SerializeMessage(ToProto(lean.Solve()), FileFormat::kBinary),
            SerializeMessage(ToProto(first), FileFormat::kBinary));
  EXPECT_EQ(lean.network().num_arcs(), 0);
  lean.Ban(p.candidate_id, p.opening_id);
  EXPECT_EQ(SerializeMessage(ToProto(lean.Solve()), FileFormat::kBinary),
            SerializeMessage(ToProto(second), FileFormat::kBinary));
  // Match() hands over its timings, and its network when asked (as the CLI's
  // --network-out does): the same network as the Matcher's.
  MatchOutputs outputs;
  EXPECT_EQ(SerializeMessage(ToProto(Match(r, {}, &outputs)), FileFormat::kBinary),
            SerializeMessage(ToProto(first), FileFormat::kBinary));
  EXPECT_GT(outputs.timings.scoring + outputs.timings.network + outputs.timings.solve, 0);
  EXPECT_EQ(outputs.network.num_arcs(), 0);
  MatchOutputs with_network;
  Match(r, {.keep_network = true}, &with_network);
  Matcher again(r, {.keep_warm_state = false, .keep_network = true});
  again.Solve();
  ASSERT_GT(with_network.network.num_arcs(), 0);
  EXPECT_EQ(with_network.network.num_arcs(), again.network().num_arcs());
  EXPECT_TRUE(std::equal(with_network.network.costs().begin(), with_network.network.costs().end(),
                         again.network().costs().begin(), again.network().costs().end()));
}

MatchRequest SessionRequest() {
  synthetic::GeneratorOptions options;
  options.candidates = 300;
  options.openings = 90;
  options.seed = 5;
  return synthetic::Generate(options);
}

// What a warm re-solve guarantees: the cold optimum's objective (among
// equally good assignments it may keep another one). The counts are checked
// too: in these sessions every placement adds to the objective, so equally
// good assignments place as many people (matcher.h).
void ExpectAsGoodAsCold(const MatchResponse& warm, const MatchRequest& request, const std::string& step) {
  const MatchResponse cold = Match(request);
  EXPECT_NEAR(warm.summary.objective, cold.summary.objective, 1e-6 * (1 + cold.placements.size())) << step;
  EXPECT_EQ(warm.summary.placements, cold.summary.placements) << step;
  EXPECT_EQ(warm.unplaced.size(), cold.unplaced.size()) << step;
  EXPECT_EQ(warm.summary.network_arcs, cold.summary.network_arcs) << step;
  EXPECT_EQ(warm.summary.pairs_feasible, cold.summary.pairs_feasible) << step;
  // The greedy baseline does not depend on the path: a kept one must match.
  EXPECT_EQ(warm.summary.greedy_placements, cold.summary.greedy_placements) << step;
  EXPECT_NEAR(warm.summary.greedy_objective, cold.summary.greedy_objective, 1e-6 * (1 + cold.placements.size())) << step;
}

TEST(MatcherTest, IncrementalSessionIsAsGoodAsAColdMatch) {
  const MatchRequest r = SessionRequest();
  Matcher session(r);
  const MatchResponse first = session.Solve();
  ASSERT_FALSE(first.placements.empty());
  // A counsellor's day: pin, ban, remove, add, change seats.
  const Placement& p0 = first.placements[0];
  session.Ban(p0.candidate_id, p0.opening_id, "declined");
  session.RemoveCandidate(r.candidates[5].id);
  Candidate extra = r.candidates[7];
  extra.id = "c-extra";
  session.AddCandidate(extra);
  session.SetCapacity(r.openings[3].id, r.openings[3].capacity + 2);
  const MatchResponse warm = session.Solve();
  ExpectAsGoodAsCold(warm, session.request(), "after a day of changes");
  for (const Placement& p : warm.placements) {
    EXPECT_FALSE(p.candidate_id == p0.candidate_id && p.opening_id == p0.opening_id);
  }
  session.ClearOverride(p0.candidate_id, p0.opening_id);
  session.RemoveOpening(r.openings[0].id);
  ExpectAsGoodAsCold(session.Solve(), session.request(), "after removing an opening");
  EXPECT_THROW(session.RemoveCandidate("nobody"), InvalidArgumentError);
}

// A candidate added and removed again before any re-solve was never scored:
// removing it takes nothing from the session's counts (it once read the row
// of index -1).
TEST(MatcherTest, ACandidateAddedThenRemovedBeforeASolveLeavesNoTrace) {
  const MatchRequest r = SessionRequest();
  Matcher session(r);
  const MatchResponse first = session.Solve();
  Candidate extra = r.candidates[2];
  extra.id = "c-fleeting";
  session.AddCandidate(extra);
  session.RemoveCandidate("c-fleeting");
  const MatchResponse again = session.Solve();
  EXPECT_EQ(again.summary.pairs_examined, first.summary.pairs_examined);
  EXPECT_TRUE(SerializeMessage(ToProto(again), FileFormat::kBinary) ==
              SerializeMessage(ToProto(first), FileFormat::kBinary));
}

TEST(MatcherTest, ExplainsEveryUnplacedCandidate) {
  MatchRequest r = TinyRequest(21, 8, 2);
  r.candidates[0].home = {45.76, 4.83};  // Lyon: nothing in reach
  r.candidates[1].right_to_work = RightToWork::kNone;
  const MatchResponse resp = Match(r);
  bool far = false;
  for (const Unplaced& u : resp.unplaced) {
    ASSERT_FALSE(u.reasons.empty());
    EXPECT_FALSE(u.reasons[0].detail.empty());
    if (u.candidate_id == "c-0") {
      far = u.reasons[0].code == ReasonCode::kNoOpeningInReach || u.reasons[0].code == ReasonCode::kCommuteTooLong;
    }
  }
  EXPECT_TRUE(far);
}

TEST(MatcherTest, ShortlistsSpreadAcrossOpenings) {
  MatchRequest r = TinyRequest(23, 20, 6);
  AllowEverything(&r);
  r.policy.shortlist_size = 3;
  r.policy.shortlist_appearances_per_seat = 2;
  for (Opening& o : r.openings) o.capacity = 1;
  const MatchResponse resp = Match(r);
  std::map<std::string, int> appearances;
  int candidate_lists = 0;
  for (const Shortlist& s : resp.shortlists) {
    if (s.candidate_id.empty()) continue;
    ++candidate_lists;
    EXPECT_LE(s.entries.size(), 3u);
    for (size_t i = 0; i < s.entries.size(); ++i) {
      EXPECT_EQ(s.entries[i].rank, static_cast<int32_t>(i + 1));
      if (i > 0) EXPECT_LE(s.entries[i].score, s.entries[i - 1].score);
      ++appearances[s.entries[i].id];
    }
  }
  EXPECT_GT(candidate_lists, 0);
  for (const auto& [id, n] : appearances) EXPECT_LE(n, 2) << id;
}

// Each in-place edit of a session (ban, clear, pin, seats) must come back to
// the cold optimum.
TEST(MatcherTest, InPlaceEditsReturnToTheColdOptimum) {
  const MatchRequest r = SessionRequest();
  Matcher session(r);
  const MatchResponse first = session.Solve();
  ASSERT_GT(first.placements.size(), 3u);
  auto expect_cold = [&](const char* step) { ExpectAsGoodAsCold(session.Solve(), session.request(), step); };
  for (int k = 0; k < 3; ++k) {
    const Placement& p = first.placements[k * 7 % first.placements.size()];
    session.Ban(p.candidate_id, p.opening_id);
    expect_cold("ban");
    session.ClearOverride(p.candidate_id, p.opening_id);
    expect_cold("clear ban");
  }
  // Bans of pairs nobody took (openings an unplaced candidate lost): the
  // greedy baseline kept across them must still be the cold one.
  int banned = 0;
  for (const Unplaced& u : first.unplaced) {
    for (const Reason& reason : u.reasons) {
      for (const std::string& opening : reason.opening_ids) {
        if (banned < 12) {
          session.Ban(u.candidate_id, opening);
          expect_cold("ban of a lost pair");
          ++banned;
        }
      }
    }
  }
  EXPECT_GT(banned, 3);
  // A ban given before the first solve has no arc in the network: lifting it
  // must bring the pair back.
  Matcher fresh(r);
  fresh.Ban(first.placements[0].candidate_id, first.placements[0].opening_id);
  fresh.Solve();
  fresh.ClearOverride(first.placements[0].candidate_id, first.placements[0].opening_id);
  EXPECT_NEAR(fresh.Solve().summary.objective, first.summary.objective, 1e-6 * (1 + first.placements.size()));
  const Placement& p = first.placements[1];
  session.SetCapacity(p.opening_id, 0);
  expect_cold("seats to 0");
  session.SetCapacity(p.opening_id, 3);
  expect_cold("seats to 3");
}

}  // namespace
}  // namespace passerelle
