// The report of a solve, part by part (see report.h): the greedy baseline
// and, in a one-shot match, the placements' explanations run on a second
// thread while this one writes the rest, and then helps with the
// explanations left.
#include "report/report.h"

#include <future>
#include <memory>
#include <utility>

#include "internal.h"
#include "report/report_parts.h"

namespace passerelle::matching {

void WriteReport(const ReportInput& in, PairLists& pairs, GreedyBaseline* greedy, ExplanationCache* explanations,
                 bool reuse_placements, LastResponse* last) {
  const MatchRequest& r = in.request;
  const int threads = in.threads;
  MatchResponse resp;
  // The greedy baseline reads the pairs and the request only (it writes the
  // pairs' `greedy_taken`, which nothing below reads): run it meanwhile.
  std::future<void> greedy_done;
  if (r.policy.greedy_baseline) greedy_done = Alongside(threads, [&] { greedy->Get(r, pairs); });
  const PlacementTally tally = TallyPlacements(in);
  const std::unique_ptr<PlacementExplainer> explainer =
      WritePlacements(in, tally, reuse_placements, explanations, last, &resp.placements);
  resp.unplaced = UnplacedCandidates(in, tally);
  WriteSummary(in, tally, &resp);
  if (r.policy.greedy_baseline) {
    greedy_done.get();
    const GreedyBaseline::Result& baseline = greedy->Get(r, pairs);
    resp.summary.greedy_placements = static_cast<int64_t>(baseline.taken.size());
    resp.summary.greedy_total_score = baseline.total_score;
    resp.summary.greedy_objective = baseline.objective;
  }
  resp.shortlists = Shortlists(in, explanations);
  // The placements left to explain, on both threads now.
  if (explainer != nullptr) explainer->Finish();
  last->response = std::move(resp);
}

}  // namespace passerelle::matching
