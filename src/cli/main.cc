// `passerelle`: generate synthetic requests, validate and match them, explain
// a pair, find occupations, solve
// DIMACS min-cost-flow files. Exit 0 on success, 2 on bad input or usage, 1 on
// internal error.
#include <csignal>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"

namespace {

constexpr const char* kUsage = R"(Usage: passerelle <command> [options]

Commands:
  generate   write a synthetic regional MatchRequest (Occitanie, Loir-et-Cher, ...)
  match      match a MatchRequest and write the MatchResponse
  validate   check a MatchRequest and report every problem with its field path
  explain    why a candidate fits an opening or not: components, weights, constraints, sentence
  occupations  list the ROME occupations, or find them by job title, label or code
  import     turn spreadsheets (CSV) of candidates, openings and employers into a MatchRequest
  export     a report for counsellors from a request and its response: .csv, .xlsx or .html
  mcf        solve a DIMACS min-cost-flow problem
  history    write a synthetic History of past placements drawn from a known truth
  fit        fit a model of lasting employment (ScoreModel) on a History
  backtest   replay a History: historical, greedy and optimal expected lasting placements
  serve      run the passerelle.v1.Passerelle gRPC service (sessions in SQLite, audit trail)
  audit      verify or show an audit trail (of serve, or of match --audit-log)

Requests and responses are protobuf passerelle.v1 messages in JSON (.json),
binary (.pb, .binpb) or text format (.txtpb), chosen by file extension.
Run 'passerelle <command> --help' for a command's options.
)";

// For the commands that run once and exit: memory the process frees stays
// in its heap for its next allocations instead of going back to the system.
// Fresh memory costs a page fault per page (the system zeroes it), and far
// more on virtual machines that hand memory freed by the guest back to the
// host: a national match allocated 8.0-8.5 GB with glibc's defaults for a
// 5.6 GB peak, 6.6-7.0 GB with these settings, and ran 4 s faster (median
// of 9 alternated pairs; bench/RESULTS.md, "Issue 22, seventh round").
// glibc serves allocations above 32 MB with their own mappings and unmaps
// them when freed, whatever the thresholds: hence no mappings at all, and
// no trimming of the heap's top. `match` also backs heap memory ahead of
// need while it reads its request (passerelle/internal/memory.h,
// HeapWarmer), which this makes last. Not for `serve`, which runs for days
// and should give back what a large request took.
void KeepFreedMemory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
  // Grow the heap 64 MB at a time (untouched until used), not page by page.
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using namespace passerelle::cli;
  // A file size limit (ulimit -f) or a closed pipe would kill the process
  // mid-write, leaving a temporary file behind; ignored, they make the write
  // fail with EFBIG or EPIPE instead, which the writers report ("cannot
  // write"), clean up after and turn into a non-zero exit.
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitBadInput;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command != "serve") KeepFreedMemory();
  // Subcommands see their name as argv[0].
  if (command == "generate") return RunGenerate(argc - 1, argv + 1);
  if (command == "match") return RunMatch(argc - 1, argv + 1);
  if (command == "validate") return RunValidate(argc - 1, argv + 1);
  if (command == "mcf") return RunMcf(argc - 1, argv + 1);
  if (command == "explain") return RunExplain(argc - 1, argv + 1);
  if (command == "occupations") return RunOccupations(argc - 1, argv + 1);
  if (command == "import") return RunImport(argc - 1, argv + 1);
  if (command == "serve") return RunServe(argc - 1, argv + 1);
  if (command == "audit") return RunAudit(argc - 1, argv + 1);
  if (command == "export") return RunExport(argc - 1, argv + 1);
  if (command == "history") return RunHistory(argc - 1, argv + 1);
  if (command == "fit") return RunFit(argc - 1, argv + 1);
  if (command == "backtest") return RunBacktest(argc - 1, argv + 1);
  std::cerr << "passerelle: unknown command '" << command << "'\n\n" << kUsage;
  return kExitBadInput;
}
