#include "passerelle/flow/dimacs.h"

#include <algorithm>

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/error.h"

namespace passerelle::flow {
namespace {

class LineError {
 public:
  explicit LineError(int64_t line) : line_(line) {}
  [[noreturn]] void operator()(const std::string& what) const {
    throw InvalidArgumentError("line " + std::to_string(line_) + ": " + what);
  }

 private:
  int64_t line_;
};

// Splits on blanks into `tokens` (cleared first; reused from line to line,
// so that reading allocates nothing per line).
void Tokens(std::string_view line, std::vector<std::string_view>& tokens) {
  tokens.clear();
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' ||
                               line[i] == '\r')) {
      ++i;
    }
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' &&
           line[i] != '\r') {
      ++i;
    }
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
}

int64_t ParseInt(std::string_view token, const char* field,
                 const LineError& fail) {
  int64_t value = 0;
  const char* begin = token.data();
  const char* end = token.data() + token.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    fail(std::string(field) + " '" + std::string(token) +
         "' is out of the 64-bit range");
  }
  if (ec != std::errc() || ptr != end) {
    fail(std::string(field) + " '" + std::string(token) +
         "' is not an integer");
  }
  return value;
}

}  // namespace

Network ReadDimacs(std::istream& in) { return ReadDimacs(in, DimacsLimits{}); }

Network ReadDimacs(std::istream& in, const DimacsLimits& limits) {
  Network network;
  bool have_problem = false;
  int64_t declared_arcs = 0;
  int64_t problem_line = 0;
  std::vector<int64_t> supply_line;
  // Lines are read into a fixed buffer: a DIMACS line is a few dozen
  // characters, and endless input without a newline (/dev/zero) must stop at
  // the first overlong line, not fill the memory.
  constexpr std::streamsize kMaxLine = 1 << 16;
  std::vector<char> buffer(static_cast<size_t>(kMaxLine) + 1);
  std::string_view line;
  std::vector<std::string_view> t;
  int64_t line_number = 0;
  for (;;) {
    in.getline(buffer.data(), kMaxLine + 1);
    const std::streamsize got = in.gcount();
    if (got == 0 && !in) break;  // end of input
    ++line_number;
    const LineError fail(line_number);
    if (in.fail() && !in.eof()) fail("longer than " + std::to_string(kMaxLine) + " characters");
    line = std::string_view(buffer.data(), static_cast<size_t>(got) - (in.eof() ? 0 : 1));
    if (in.eof()) in.clear(std::ios::eofbit);
    Tokens(line, t);
    if (t.empty()) continue;
    if (t[0] == "c") continue;
    if (t[0].size() != 1) fail("unknown record '" + std::string(t[0]) + "'");
    const auto expect = [&](size_t count, const char* form) {
      if (t.size() != count) {
        fail("expected '" + std::string(form) + "', found " +
             std::to_string(t.size()) + " fields");
      }
    };
    switch (t[0][0]) {
      case 'p': {
        if (have_problem) {
          fail("second 'p' line (first on line " + std::to_string(problem_line) +
               ")");
        }
        expect(4, "p min N M");
        if (t[1] != "min") {
          fail("problem type '" + std::string(t[1]) + "' is not 'min'");
        }
        const int64_t n = ParseInt(t[2], "node count", fail);
        const int64_t m = ParseInt(t[3], "arc count", fail);
        if (n < 0 || n >= (int64_t{1} << 31)) {
          fail("node count " + std::to_string(n) + " is not in [0, 2^31)");
        }
        if (m < 0 || m >= (int64_t{1} << 31)) {
          fail("arc count " + std::to_string(m) + " is not in [0, 2^31)");
        }
        if (n > limits.max_nodes) {
          throw LimitExceededError("line " + std::to_string(line_number) + ": node count " + std::to_string(n) +
                                   " exceeds the limit of " + std::to_string(limits.max_nodes) +
                                   " (raise it with --max-nodes)");
        }
        if (m > limits.max_arcs) {
          throw LimitExceededError("line " + std::to_string(line_number) + ": arc count " + std::to_string(m) +
                                   " exceeds the limit of " + std::to_string(limits.max_arcs) +
                                   " (raise it with --max-arcs)");
        }
        network = Network(static_cast<NodeIndex>(n));
        // Arcs: reserve what a real file of this size plausibly holds and
        // grow from there, so a false declaration costs nothing.
        network.Reserve(static_cast<NodeIndex>(n), static_cast<ArcIndex>(std::min<int64_t>(m, int64_t{1} << 22)));
        supply_line.clear();  // grown by the 'n' lines: a declaration alone costs nothing more
        have_problem = true;
        declared_arcs = m;
        problem_line = line_number;
        break;
      }
      case 'n': {
        if (!have_problem) fail("'n' line before the 'p' line");
        expect(3, "n ID SUPPLY");
        const int64_t id = ParseInt(t[1], "node id", fail);
        const int64_t supply = ParseInt(t[2], "supply", fail);
        if (id < 1 || id > network.num_nodes()) {
          fail("node id " + std::to_string(id) + " is not in 1.." +
               std::to_string(network.num_nodes()));
        }
        if (static_cast<size_t>(id) > supply_line.size()) supply_line.resize(static_cast<size_t>(id), 0);
        if (supply_line[id - 1] != 0) {
          fail("supply of node " + std::to_string(id) +
               " already given on line " + std::to_string(supply_line[id - 1]));
        }
        supply_line[id - 1] = line_number;
        try {
          network.SetSupply(static_cast<NodeIndex>(id - 1), supply);
        } catch (const InvalidArgumentError& e) {
          fail(e.what());
        }
        break;
      }
      case 'a': {
        if (!have_problem) fail("'a' line before the 'p' line");
        expect(6, "a TAIL HEAD LOW CAP COST");
        if (network.num_arcs() >= declared_arcs) {
          fail("more arcs than the " + std::to_string(declared_arcs) +
               " declared on line " + std::to_string(problem_line));
        }
        const int64_t u = ParseInt(t[1], "tail", fail);
        const int64_t v = ParseInt(t[2], "head", fail);
        const int64_t low = ParseInt(t[3], "lower bound", fail);
        const int64_t cap = ParseInt(t[4], "capacity", fail);
        const int64_t cost = ParseInt(t[5], "cost", fail);
        for (const int64_t id : {u, v}) {
          if (id < 1 || id > network.num_nodes()) {
            fail(std::string(id == u ? "tail " : "head ") + std::to_string(id) +
                 " is not in 1.." + std::to_string(network.num_nodes()));
          }
        }
        if (low < 0) fail("lower bound " + std::to_string(low) + " is negative");
        if (cap < low) {
          fail("capacity " + std::to_string(cap) + " is below lower bound " +
               std::to_string(low));
        }
        try {
          network.AddArc(static_cast<NodeIndex>(u - 1),
                         static_cast<NodeIndex>(v - 1), low, cap, cost);
        } catch (const InvalidArgumentError& e) {
          fail(e.what());
        }
        break;
      }
      default:
        fail("unknown record '" + std::string(t[0]) + "'");
    }
  }
  if (!have_problem) {
    LineError{line_number}("no 'p min N M' line");
  }
  if (network.num_arcs() != declared_arcs) {
    LineError{line_number}("found " + std::to_string(network.num_arcs()) +
                           " arcs, but line " + std::to_string(problem_line) +
                           " declares " + std::to_string(declared_arcs));
  }
  return network;
}

void WriteDimacs(const Network& network, std::ostream& out) {
  out << "p min " << network.num_nodes() << ' ' << network.num_arcs() << '\n';
  for (NodeIndex v = 0; v < network.num_nodes(); ++v) {
    if (network.supply(v) != 0) {
      out << "n " << v + 1 << ' ' << network.supply(v) << '\n';
    }
  }
  for (ArcIndex a = 0; a < network.num_arcs(); ++a) {
    out << "a " << network.tail(a) + 1 << ' ' << network.head(a) + 1 << ' '
        << network.lower(a) << ' ' << network.capacity(a) << ' '
        << network.cost(a) << '\n';
  }
}

void WriteDimacsSolution(const Network& network, const Solution& solution,
                         bool with_flows, std::ostream& out) {
  if (!solution.has_flow()) {
    out << "s " << ToString(solution.status) << '\n';
    return;
  }
  // A flow stopped by the time limit says so on its status line, so that no
  // reader takes its cost for the optimum.
  out << "s " << (solution.status == SolveStatus::kFeasible ? "FEASIBLE " : "")
      << solution.total_cost << '\n';
  if (!with_flows) return;
  for (ArcIndex a = 0; a < network.num_arcs(); ++a) {
    if (solution.flows[a] != 0) {
      out << "f " << network.tail(a) + 1 << ' ' << network.head(a) + 1 << ' '
          << solution.flows[a] << '\n';
    }
  }
}

}  // namespace passerelle::flow
