// passerelle match --in REQUEST --out RESPONSE [--previous RESPONSE] [--summary] [limits]
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>

#include "audit.h"
#include "cli.h"
#include "match_record.h"
#include "passerelle/error.h"
#include "passerelle/flow/dimacs.h"
#include "passerelle/internal/memory.h"
#include "passerelle/matcher.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

// Human-readable summary for a counsellor or an operator.
void PrintSummary(const std::string& description, bool greedy_baseline, const MatchResponse& response,
                  std::ostream& out) {
  const Summary& s = response.summary;
  char line[256];
  out << "passerelle match: " << (description.empty() ? "request" : ForTerminal(description)) << "\n";
  std::snprintf(line, sizeof line, "  candidates %lld, placed %lld (%.1f%%), placements %lld, mean score %.3f, mean commute %.0f min\n",
                static_cast<long long>(s.candidates), static_cast<long long>(s.placed_candidates), 100 * s.placement_rate,
                static_cast<long long>(s.placements), s.mean_score, s.mean_commute_minutes);
  out << line;
  std::snprintf(line, sizeof line, "  seats %lld, filled %lld (fill rate %.1f%%)\n", static_cast<long long>(s.seats),
                static_cast<long long>(s.seats_filled), 100 * s.fill_rate);
  out << line;
  for (const GroupStats& g : s.by_kind) {
    std::snprintf(line, sizeof line, "    %-20s %6lld / %6lld seats filled (%.1f%%)\n", ForTerminal(g.value).c_str(),
                  static_cast<long long>(g.placed), static_cast<long long>(g.total), 100 * g.rate);
    out << line;
  }
  if (s.status != MatchStatus::kOptimal) {
    out << (s.status == MatchStatus::kInfeasible
                ? "  status: INFEASIBLE (the quotas cannot all be met; the unconstrained optimum is shown)\n"
                : "  status: FEASIBLE_NOT_PROVEN (stopped at policy.limits.max_solve_seconds, or the quota fixed point "
                  "did not settle): not proven optimal\n");
  }
  if (greedy_baseline) {
    std::snprintf(line, sizeof line,
                  "  %s vs greedy (best score first): objective %.2f vs %.2f (%+.1f%%), placements %lld vs %lld\n",
                  s.status == MatchStatus::kOptimal ? "optimum" : "answer", s.objective, s.greedy_objective,
                  s.greedy_objective > 0 ? 100 * (s.objective - s.greedy_objective) / s.greedy_objective : 0.0,
                  static_cast<long long>(s.placements), static_cast<long long>(s.greedy_placements));
    out << line;
  }
  if (s.previous_kept + s.previous_moved_forced + s.previous_moved_by_choice > 0) {
    std::snprintf(line, sizeof line,
                  "  against the previous run: %lld kept, %lld moved by a change (record gone, ban, constraint), "
                  "%lld moved for a better objective, %lld new\n",
                  static_cast<long long>(s.previous_kept), static_cast<long long>(s.previous_moved_forced),
                  static_cast<long long>(s.previous_moved_by_choice), static_cast<long long>(s.new_placements));
    out << line;
  }
  // Counted by code, named once per code (nationally 640,000 unplaced).
  std::array<int64_t, kMaxReasonCode + 1> by_code{};
  for (const Unplaced& u : response.unplaced) {
    if (!u.reasons.empty()) ++by_code[static_cast<size_t>(u.reasons.front().code)];
  }
  out << "  unplaced " << response.unplaced.size() << " (main reason):\n";
  std::vector<std::pair<int64_t, std::string>> sorted;
  for (int code = 0; code <= kMaxReasonCode; ++code) {
    if (by_code[code] > 0) sorted.push_back({by_code[code], ToString(static_cast<ReasonCode>(code))});
  }
  std::sort(sorted.rbegin(), sorted.rend());
  for (const auto& [n, code] : sorted) {
    std::snprintf(line, sizeof line, "    %-28s %lld\n", code.c_str(), static_cast<long long>(n));
    out << line;
  }
  const size_t shown = std::min<size_t>(3, response.unplaced.size());
  for (size_t i = 0; i < shown; ++i) {
    const Unplaced& u = response.unplaced[i];
    out << "    e.g. " << ForTerminal(u.candidate_id) << ": " << ForTerminal(u.reasons.front().detail) << "\n";
  }
  out << "  placement rate by subgroup (fairness review):\n";
  for (const GroupStats& g : s.by_subgroup) {
    if (g.dimension == "country_of_origin" && g.total < std::max<int64_t>(5, s.candidates / 50)) continue;
    std::snprintf(line, sizeof line, "    %-18s %-12s %6lld / %6lld (%.1f%%)\n", g.dimension.c_str(), ForTerminal(g.value).c_str(),
                  static_cast<long long>(g.placed), static_cast<long long>(g.total), 100 * g.rate);
    out << line;
  }
  for (size_t i = 0; i < std::min<size_t>(3, response.placements.size()); ++i) {
    const Placement& p = response.placements[i];
    out << "  " << ForTerminal(p.candidate_id) << " -> " << ForTerminal(p.opening_id);
    std::snprintf(line, sizeof line, " (score %.2f): ", p.score);
    out << line << ForTerminal(p.explanation) << "\n";
  }
}

// Heap memory a match of the request in `path` will take once the request
// is read, estimated from the file's size: France 1,000,000 x 100,000 (189
// MB in binary) took about 12 times that (2.3 GB); the same request is 4.4
// times larger in JSON and 5.2 times in text. At most half the memory the
// system has free; 0 for stdin, or a file whose size or format is unknown
// (the read then says what is wrong).
size_t HeapAfterReading(const std::string& path) {
  if (path == "-") return 0;
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return 0;
  double per_byte = 0;
  try {
    const FileFormat format = FormatFromPath(path);
    per_byte = format == FileFormat::kBinary ? 12.0 : format == FileFormat::kJson ? 12.0 / 4.4 : 12.0 / 5.2;
  } catch (const std::exception&) {
    return 0;
  }
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 0;
  const double free_bytes = static_cast<double>(pages) * static_cast<double>(page);
  return static_cast<size_t>(std::min(per_byte * static_cast<double>(size), free_bytes / 2));
}

}  // namespace

int RunMatch(int argc, char** argv) {
  return RunGuarded("match", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    options.add_options()
        ("in,i", po::value<std::string>()->required(), "request file (.json, .pb/.binpb, .txtpb; - for JSON on stdin)")
        ("out,o", po::value<std::string>()->required(), "response file (format by extension; - for JSON on stdout)")
        ("previous,p", po::value<std::string>(), "last run's response: its placements are kept unless a change forces a move or moving gains more than policy.min_gain_to_move (default 0.1) per moved placement")
        ("summary,s", "print a readable summary on stderr")
        ("threads", po::value<int>()->default_value(0), "worker threads (0: one per core, at most 4 per core); the response does not depend on it")
        ("max-candidates", po::value<int64_t>(), "refuse requests with more candidates")
        ("max-openings", po::value<int64_t>(), "refuse requests with more openings")
        ("max-arcs", po::value<int64_t>(), "refuse networks with more candidate-opening arcs")
        ("network-out", po::value<std::string>(), "also write the flow network of the solve in DIMACS (for benchmarks: passerelle mcf, LEMON), after the response")
        ("audit-log", po::value<std::string>(), "append an audit record (hashes of request and response, policy, status, counts, overrides; hash-chained: passerelle audit verify FILE) to this file")
        ("max-solve-seconds", po::value<double>(), "stop the optimisation after this many seconds: the best assignment found, marked FEASIBLE_NOT_PROVEN, or an error when there is none");
    AddMaxRequestBytesOption(&options, &max_bytes);
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("match", "--in REQUEST --out RESPONSE [options]", argc, argv, options, positional, &vm)) {
      return kExitOk;
    }
    const std::string in = vm["in"].as<std::string>();
    const std::string out = vm["out"].as<std::string>();
    FormatFromPath(out);  // unknown output extension: fail before any work
    if (vm.count("network-out")) {
      const std::filesystem::path parent = std::filesystem::path(vm["network-out"].as<std::string>()).parent_path();
      if (!parent.empty() && !std::filesystem::is_directory(parent)) {
        throw UsageError("--network-out: folder '" + parent.string() + "' does not exist");
      }
    }
    CheckMaxRequestBytes(max_bytes);
    const ExecutionOptions execution = ThreadsOption(vm);
    // Opened before any work: a log that cannot be written fails first.
    std::unique_ptr<audit::AuditLog> audit_log;
    if (vm.count("audit-log")) {
      try {
        audit_log = std::make_unique<audit::AuditLog>(vm["audit-log"].as<std::string>());
      } catch (const std::runtime_error& e) {
        throw IoError(e.what());
      }
    }
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    const auto t0 = std::chrono::steady_clock::now();
    // The record limits are checked as the request is read, before any
    // record is converted: a file of millions of records is refused cheaply.
    const ReadOptions read_options{
        .max_bytes = max_bytes,
        .execution = execution,
        .max_candidates = vm.count("max-candidates") ? vm["max-candidates"].as<int64_t>() : 0,
        .max_openings = vm.count("max-openings") ? vm["max-openings"].as<int64_t>() : 0};
    // The request is read mostly on one core: meanwhile another backs the
    // heap memory the match will take, which would otherwise fault in with
    // every core busy (see HeapWarmer).
    internal::HeapWarmer warmer(HeapAfterReading(in));
    MatchRequest request = ReadRequestFile(in, read_options);
    warmer.Stop();
    // The audit record's request hash: of the file's bytes, or of the
    // request in binary when it came on stdin.
    std::string request_sha256;
    if (audit_log) {
      if (in == "-") {
        request_sha256 = audit::Sha256Hex(SerializeMessage(ToProto(request), FileFormat::kBinary));
      } else {
        std::ifstream file(in, std::ios::binary);
        std::stringstream contents;
        contents << file.rdbuf();
        request_sha256 = audit::Sha256Hex(contents.str());
      }
    }
    if (vm.count("previous")) {
      v1::MatchResponse previous;
      ReadMessageFile(vm["previous"].as<std::string>(), &previous, {.max_bytes = max_bytes});
      for (const v1::Placement& p : previous.placements()) {
        request.previous_placements.push_back({p.candidate_id(), p.opening_id()});
      }
    }
    if (vm.count("max-candidates")) request.policy.limits.max_candidates = vm["max-candidates"].as<int64_t>();
    if (vm.count("max-openings")) request.policy.limits.max_openings = vm["max-openings"].as<int64_t>();
    if (vm.count("max-arcs")) request.policy.limits.max_arcs = vm["max-arcs"].as<int64_t>();
    if (vm.count("max-solve-seconds")) request.policy.limits.max_solve_seconds = vm["max-solve-seconds"].as<double>();
    const auto t1 = std::chrono::steady_clock::now();
    const std::string description = request.description;
    const bool greedy_baseline = request.policy.greedy_baseline;
    // The network outlives the solve only for --network-out, and is written
    // after the response: a response that cannot be written leaves no
    // network file either.
    const bool network_out = vm.count("network-out") > 0;
    MatchOutputs outputs;
    MatchResponse response = Match(request, {.taxonomy = &taxonomy, .execution = execution, .keep_network = network_out}, &outputs);
    const MatchTimings timings = outputs.timings;
    // The request (millions of allocations nationally) is freed on another
    // thread while the response is written, and the response itself once
    // converted.
    std::optional<audit::Record> audit_record;
    if (audit_log) {
      const std::string response_bytes = SerializeMessage(ToProto(response), FileFormat::kBinary);
      audit_record = audit::MatchRecord("cli match", request_sha256, request, response, response_bytes);
      if (const char* user = std::getenv("USER")) audit_record->operator_id = user;
    }
    std::jthread free_request([r = std::move(request)]() mutable { r = MatchRequest(); });
    const auto t2 = std::chrono::steady_clock::now();
    PrintWarnings("match", response.warnings);
    if (vm.count("summary")) PrintSummary(description, greedy_baseline, response, std::cerr);
    {
      google::protobuf::ArenaOptions arena_options;
      arena_options.start_block_size = size_t{1} << 16;
      arena_options.max_block_size = size_t{1} << 24;
      google::protobuf::Arena arena(arena_options);
      auto* proto = google::protobuf::Arena::CreateMessage<v1::MatchResponse>(&arena);
      ToProto(response, proto, execution);
      std::jthread free_response([r = std::move(response)]() mutable { r = MatchResponse(); });
      WriteMessageFile(out, *proto);
    }
    if (network_out) {
      WriteStreamAtomically(vm["network-out"].as<std::string>(),
                            [&](std::ostream& dimacs) { flow::WriteDimacs(outputs.network, dimacs); });
    }
    // After the response is written: the record says what was delivered.
    if (audit_log) {
      try {
        audit_log->Append(*audit_record);
      } catch (const std::runtime_error& e) {
        throw IoError(e.what());
      }
    }
    const auto t3 = std::chrono::steady_clock::now();
    if (vm.count("summary")) {
      auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
      char line[192];
      // The write includes --network-out's, which comes after the response.
      std::snprintf(line, sizeof line, "  timings: read %.0f ms, match %.0f ms, write %.0f ms; response in ",
                    ms(t0, t1), ms(t1, t2), ms(t2, t3));
      std::cerr << line << ForTerminal(out) << "\n";
      std::snprintf(line, sizeof line, "  match phases: scoring %.0f ms, network %.0f ms, solve %.0f ms, report %.0f ms\n",
                    1e3 * timings.scoring, 1e3 * timings.network, 1e3 * timings.solve, 1e3 * timings.report);
      std::cerr << line;
    }
    return kExitOk;
  });
}

}  // namespace passerelle::cli
