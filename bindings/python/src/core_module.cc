// `passerelle._core`: the pybind11 extension behind the `passerelle` package.
//
// Thin on purpose (STYLE.md, "Thin bindings"): this file maps names and
// types, nothing else. Messages cross as serialized `passerelle.v1` bytes,
// which the pure-Python layer wraps in the generated `_pb2` classes; arrays
// cross as numpy arrays. Every call that can take long releases the GIL.
// Errors keep the library's own message: `InvalidArgumentError` becomes
// `ValueError`, `IoError` `OSError`, `ValidationError`
// `passerelle.ValidationError` (a `ValueError` that also carries the list of
// problems) and any other `passerelle::Error` `RuntimeError`.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"
#include "passerelle/matcher.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"
#include "passerelle/report.h"
#include "passerelle/scoring.h"
#include "passerelle/spreadsheet.h"
#include "passerelle/synthetic.h"

namespace py = pybind11;

namespace passerelle {
namespace {

using Int64Array = py::array_t<int64_t, py::array::c_style>;

// ---- messages as bytes --------------------------------------------------------

// Parses binary `bytes` into `message`. An empty string is the empty message
// (what Python's `SerializeToString()` gives for a default message); the
// file reader refuses it because an empty file is usually a mistake.
void ParseBinary(std::string_view bytes, const char* what, google::protobuf::Message* message) {
  if (!bytes.empty()) ParseMessage(bytes, FileFormat::kBinary, what, message);
}

// Deterministic binary serialisation: the bytes the CLI writes to a `.pb`.
py::bytes ToBytes(const google::protobuf::Message& message) {
  return py::bytes(SerializeMessage(message, FileFormat::kBinary));
}

MatchRequest RequestFromBytes(std::string_view bytes) {
  v1::MatchRequest proto;
  ParseBinary(bytes, "request", &proto);
  return FromProto(proto);
}

// Rewrites the `candidates[0]` / `openings[0]` prefix of a single record's
// problems (it was validated inside a one-record request) to `candidate` /
// `opening`, so the message does not point at a position that means nothing.
[[noreturn]] void RethrowForRecord(const ValidationError& e, std::string_view list, std::string_view name) {
  const std::string prefix = std::string(list) + "[0]";
  std::vector<std::string> problems;
  for (const std::string& p : e.problems()) {
    problems.push_back(p.rfind(prefix, 0) == 0 ? std::string(name) + p.substr(prefix.size()) : p);
  }
  throw ValidationError(std::move(problems), e.count());
}

// One candidate, converted with the resolutions of `policy` (default commute
// limit, placements per candidate) by the same code as a whole request.
Candidate CandidateFromBytes(std::string_view bytes, const Policy& policy) {
  v1::MatchRequest proto;
  *proto.mutable_policy() = ToProto(policy);
  ParseBinary(bytes, "candidate", proto.add_candidates());
  try {
    return std::move(FromProto(proto).candidates.front());
  } catch (const ValidationError& e) {
    RethrowForRecord(e, "candidates", "candidate");
  }
}

// One opening; its `employer_id` resolves against `request.employers`.
Opening OpeningFromBytes(std::string_view bytes, const MatchRequest& request) {
  v1::MatchRequest proto;
  *proto.mutable_policy() = ToProto(request.policy);
  for (const Employer& e : request.employers) *proto.add_employers() = ToProto(e);
  ParseBinary(bytes, "opening", proto.add_openings());
  try {
    return std::move(FromProto(proto).openings.front());
  } catch (const ValidationError& e) {
    RethrowForRecord(e, "openings", "opening");
  }
}

// ---- min-cost flow --------------------------------------------------------------

const char* StatusName(flow::SolveStatus status) {
  switch (status) {
    case flow::SolveStatus::kOptimal: return "optimal";
    case flow::SolveStatus::kInfeasible: return "infeasible";
    case flow::SolveStatus::kUnbounded: return "unbounded";
    case flow::SolveStatus::kOverflowRisk: return "overflow_risk";
    case flow::SolveStatus::kNotSolved: return "not_solved";
    case flow::SolveStatus::kFeasible: return "feasible";
    case flow::SolveStatus::kTimeLimit: return "time_limit";
  }
  return "not_solved";
}

template <typename T>
py::array_t<T> ToArray(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

// Arrays are already int64, one-dimensional and of matching lengths (checked
// by `passerelle.min_cost_flow`, which names the argument); the network
// checks every value again and names the arc.
py::tuple MinCostFlow(const Int64Array& tails, const Int64Array& heads, const Int64Array& lowers,
                      const Int64Array& capacities, const Int64Array& costs,
                      const Int64Array& supplies, const std::string& algorithm, double time_limit, int threads) {
  const py::ssize_t m = tails.size();
  if (heads.size() != m || capacities.size() != m || costs.size() != m ||
      (lowers.size() != 0 && lowers.size() != m)) {
    throw InvalidArgumentError("min_cost_flow: arc arrays differ in length");
  }
  if (!(time_limit >= 0) || !std::isfinite(time_limit)) {
    throw InvalidArgumentError("time_limit: must be a finite number of seconds >= 0");
  }
  if (threads < 0) throw InvalidArgumentError("threads: must be >= 0 (0: every core)");
  flow::MinCostFlowSolver solver;
  solver.set_time_limit(time_limit);
  flow::SolverOptions options;
  options.execution.threads = threads;
  solver.set_options(std::move(options));
  if (algorithm == "network_simplex") {
    solver.set_algorithm(flow::Algorithm::kNetworkSimplex);
  } else if (algorithm == "successive_shortest_paths") {
    solver.set_algorithm(flow::Algorithm::kSuccessiveShortestPaths);
  } else if (algorithm == "cost_scaling") {
    solver.set_algorithm(flow::Algorithm::kCostScaling);
  } else if (algorithm == "jonker_volgenant") {
    solver.set_algorithm(flow::Algorithm::kJonkerVolgenant);
  } else if (algorithm != "auto") {
    throw InvalidArgumentError("algorithm: \"" + algorithm +
                               "\" is not one of auto, network_simplex, successive_shortest_paths, cost_scaling, "
                               "jonker_volgenant");
  }
  flow::Solution solution;
  {
    py::gil_scoped_release release;
    const py::ssize_t n = supplies.size();
    if (n > INT32_MAX || m > INT32_MAX) throw InvalidArgumentError("min_cost_flow: more than 2^31 - 1 nodes or arcs");
    flow::Network network(static_cast<flow::NodeIndex>(n));
    network.Reserve(static_cast<flow::NodeIndex>(n), static_cast<flow::ArcIndex>(m));
    const int64_t* s = supplies.data();
    for (py::ssize_t v = 0; v < n; ++v) network.SetSupply(static_cast<flow::NodeIndex>(v), s[v]);
    const int64_t *t = tails.data(), *h = heads.data(), *c = capacities.data(), *w = costs.data();
    const int64_t* l = lowers.size() != 0 ? lowers.data() : nullptr;
    for (py::ssize_t a = 0; a < m; ++a) {
      network.AddArc(static_cast<flow::NodeIndex>(t[a]), static_cast<flow::NodeIndex>(h[a]), l ? l[a] : 0, c[a], w[a]);
    }
    solution = solver.Solve(network);
  }
  return py::make_tuple(StatusName(solution.status), solution.total_cost, ToArray(solution.flows),
                        ToArray(solution.potentials), flow::ToString(solution.algorithm), solution.notes);
}

// ---- scoring ----------------------------------------------------------------------

// The score matrix as CSR arrays (rows: candidates, columns: openings), in
// the library's row order (best score first within a row), plus the
// per-candidate statistics.
py::dict Score(std::string_view request_bytes, int threads, const Taxonomy* taxonomy) {
  ScoreMatrix matrix;
  {
    py::gil_scoped_release release;
    const MatchRequest request = RequestFromBytes(request_bytes);
    ScoringOptions options;
    options.taxonomy = taxonomy;
    options.execution.threads = threads;
    matrix = ScoreRequest(request, options);
  }
  const int64_t nnz = matrix.num_entries();
  const int32_t n = matrix.num_candidates();
  py::array_t<int64_t> indptr(n + 1);
  std::copy(matrix.row_offsets().begin(), matrix.row_offsets().end(), indptr.mutable_data());

  py::array_t<int32_t> indices(nnz);
  py::array_t<float> score(nnz), commute_minutes(nnz);
  py::array_t<uint8_t> commute_mode(nnz);
  static constexpr const char* kComponents[] = {"skills", "occupation", "french", "commute", "tension", "preferences"};
  std::vector<py::array_t<float>> components;
  for (int k = 0; k < 6; ++k) components.emplace_back(nnz);
  std::vector<float*> component_data;
  for (auto& a : components) component_data.push_back(a.mutable_data());
  int32_t* idx = indices.mutable_data();
  float *sc = score.mutable_data(), *cm = commute_minutes.mutable_data();
  uint8_t* mode = commute_mode.mutable_data();
  const auto entries = matrix.entries();
  for (int64_t i = 0; i < nnz; ++i) {
    const ScoredPair& p = entries[i];
    idx[i] = p.opening;
    sc[i] = p.score;
    cm[i] = p.commute_minutes;
    mode[i] = static_cast<uint8_t>(p.commute_mode);
    const float values[6] = {p.skills, p.occupation, p.french, p.commute, p.tension, p.preferences};
    for (int k = 0; k < 6; ++k) component_data[k][i] = values[k];
  }

  constexpr py::ssize_t kCodes = static_cast<py::ssize_t>(ExclusionCounts{}.size());
  py::array_t<int32_t> examined(n), feasible(n);
  py::array_t<int32_t> excluded({static_cast<py::ssize_t>(n), kCodes});
  py::array_t<bool> nothing_in_reach(n);
  auto ex = excluded.mutable_unchecked<2>();
  for (int32_t c = 0; c < n; ++c) {
    examined.mutable_data()[c] = matrix.examined(c);
    feasible.mutable_data()[c] = matrix.feasible(c);
    nothing_in_reach.mutable_data()[c] = matrix.nothing_in_reach(c);
    for (py::ssize_t k = 0; k < kCodes; ++k) ex(c, k) = matrix.excluded_counts(c)[k];
  }

  py::dict out;
  out["shape"] = py::make_tuple(n, matrix.num_openings());
  out["indptr"] = indptr;
  out["indices"] = indices;
  out["score"] = score;
  py::dict comp;
  for (int k = 0; k < 6; ++k) comp[kComponents[k]] = components[k];
  out["components"] = comp;
  out["commute_minutes"] = commute_minutes;
  out["commute_mode"] = commute_mode;
  out["examined"] = examined;
  out["feasible"] = feasible;
  out["excluded"] = excluded;
  out["nothing_in_reach"] = nothing_in_reach;
  out["pairs_examined"] = matrix.pairs_examined();
  out["pairs_feasible"] = matrix.pairs_feasible();
  return out;
}

// ---- incremental matcher ------------------------------------------------------------

// `Matcher` plus a mutex: `solve` runs without the GIL, so two Python threads
// could otherwise change and solve one session at once. Every method drops
// the GIL before taking the mutex, so a thread waiting for the session never
// blocks the one holding it.
class PyMatcher {
 public:
  // `taxonomy`: null for the built-in one; copied (copies share the data),
  // so it outlives the session.
  PyMatcher(std::string_view request_bytes, int threads, const Taxonomy* taxonomy)
      : taxonomy_(taxonomy != nullptr ? *taxonomy : Taxonomy::BuiltIn()),
        matcher_(RequestFromBytes(request_bytes), {.taxonomy = &taxonomy_, .execution = {.threads = threads}}) {}

  py::bytes Solve() {
    v1::MatchResponse proto;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      proto = ToProto(matcher_.Solve());
    }
    return ToBytes(proto);
  }

  py::bytes Request() {
    v1::MatchRequest proto;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      proto = ToProto(matcher_.request());
    }
    return ToBytes(proto);
  }

  void AddCandidate(std::string_view bytes) {
    Locked([&] { matcher_.AddCandidate(CandidateFromBytes(bytes, matcher_.request().policy)); });
  }
  void AddOpening(std::string_view bytes) {
    Locked([&] { matcher_.AddOpening(OpeningFromBytes(bytes, matcher_.request())); });
  }
  void RemoveCandidate(const std::string& id) { Locked([&] { matcher_.RemoveCandidate(id); }); }
  void RemoveOpening(const std::string& id) { Locked([&] { matcher_.RemoveOpening(id); }); }
  void SetCapacity(const std::string& id, int32_t capacity) {
    Locked([&] { matcher_.SetCapacity(id, capacity); });
  }
  void Pin(const std::string& c, const std::string& o, std::string note) {
    Locked([&] { matcher_.Pin(c, o, std::move(note)); });
  }
  void Lock(const std::string& c, const std::string& o, std::string note) {
    Locked([&] { matcher_.Lock(c, o, std::move(note)); });
  }
  void Ban(const std::string& c, const std::string& o, std::string note) {
    Locked([&] { matcher_.Ban(c, o, std::move(note)); });
  }
  void ClearOverride(const std::string& c, const std::string& o) {
    Locked([&] { matcher_.ClearOverride(c, o); });
  }

 private:
  template <typename F>
  void Locked(F&& f) {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    f();
  }

  std::mutex mutex_;
  Taxonomy taxonomy_;  // before matcher_, which points to it
  Matcher matcher_;
};

}  // namespace
}  // namespace passerelle

PYBIND11_MODULE(_core, m) {
  using namespace passerelle;
  m.doc() = "Compiled core of passerelle; use the `passerelle` package instead.";

  // ValueError subclass carrying every problem found, `problems: list[str]`.
  static py::exception<ValidationError> validation_error(m, "ValidationError", PyExc_ValueError);
  validation_error.attr("__doc__") =
      "An invalid request: a ValueError whose message counts the problems and lists the first, one "
      "per line, each with its field path; `problems` holds them as a list of str (the first 1000 "
      "when there are more).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ValidationError& e) {
      // py::exception's own call operator sets the error; build the instance
      // through the type instead, to attach `problems` first.
      py::object type = py::reinterpret_borrow<py::object>(validation_error);
      py::object error = type(e.what());
      error.attr("problems") = py::cast(e.problems());
      PyErr_SetObject(validation_error.ptr(), error.ptr());
    } catch (const InvalidArgumentError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });

  m.attr("INFINITE_CAPACITY") = flow::kInfiniteCapacity;
  m.attr("MAX_MAGNITUDE") = flow::kMaxMagnitude;

  m.def("min_cost_flow", &MinCostFlow, py::arg("tails"), py::arg("heads"), py::arg("lowers"),
        py::arg("capacities"), py::arg("costs"), py::arg("supplies"), py::arg("algorithm") = "auto", py::arg("time_limit") = 0.0,
        py::arg("threads") = 0,
        "Solves a min-cost flow on int64 arrays; returns (status, total_cost, flows, potentials, algorithm).");

  m.def(
      "generate",
      [](const std::string& region, int64_t candidates, int64_t openings, uint64_t seed) {
        v1::MatchRequest proto;
        {
          py::gil_scoped_release release;
          synthetic::GeneratorOptions options;
          options.region = region;
          options.candidates = candidates;
          options.openings = openings;
          options.seed = seed;
          proto = ToProto(synthetic::Generate(options));
        }
        return ToBytes(proto);
      },
      py::arg("region"), py::arg("candidates"), py::arg("openings"), py::arg("seed"),
      "Generates a synthetic request; returns its binary MatchRequest.");

  m.def("available_regions", &synthetic::AvailableRegions, "Names of the built-in regions.");

  // ---- outcomes ------------------------------------------------------------------
  m.def(
      "history",
      [](const std::string& region, int64_t candidates, int64_t openings, int64_t placements, uint64_t seed,
         int threads) {
        v1::History proto;
        {
          py::gil_scoped_release release;
          HistoryOptions options;
          options.region = region;
          options.candidates = candidates;
          options.openings = openings;
          options.placements = placements;
          options.seed = seed;
          options.execution.threads = threads;
          proto = ToProto(GenerateHistory(options));
        }
        return ToBytes(proto);
      },
      py::arg("region"), py::arg("candidates"), py::arg("openings"), py::arg("placements"), py::arg("seed"),
      py::arg("threads") = 0, "Draws a synthetic History from the documented truth; returns its binary History.");

  m.def(
      "fit",
      [](std::string_view history_bytes, const std::string& test_from, double l2, const std::string& language,
         int threads) {
        v1::ScoreModel proto;
        {
          py::gil_scoped_release release;
          FitOptions options;
          options.l2 = l2;
          options.language = language == "en" ? Language::kEnglish : Language::kFrench;
          options.execution.threads = threads;
          if (!test_from.empty()) {
            Date d;
            if (!ParseDate(test_from, &d) || d == kNoDate) {
              throw InvalidArgumentError("test_from: \"" + test_from + "\" is not a date (YYYY-MM-DD)");
            }
            options.test_from = d;
          }
          options.data_sha256 = Sha256Hex(history_bytes);
          proto = ToProto(FitScoreModel(ParseHistory(history_bytes, "history", options.execution), options));
        }
        return ToBytes(proto);
      },
      py::arg("history"), py::arg("test_from") = "", py::arg("l2") = 1.0, py::arg("language") = "fr",
      py::arg("threads") = 0, "Fits a ScoreModel on a binary History; returns the binary ScoreModel.");
  // ---- spreadsheet import ------------------------------------------------------
  // Tables cross as (source, rows, lines) tuples, so that .xlsx rows read in
  // Python go through the same importer as CSV files.
  using TableTuple = std::tuple<std::string, std::vector<std::vector<std::string>>, std::vector<int64_t>>;
  m.def(
      "read_csv_file",
      [](const std::string& path) {
        SpreadsheetTable t;
        {
          py::gil_scoped_release release;
          t = ReadCsvFile(path);
        }
        return TableTuple(std::move(t.source), std::move(t.rows), std::move(t.lines));
      },
      py::arg("path"), "A CSV sheet as (source, rows, lines): UTF-8 or Windows-1252, `;` or `,`.");
  m.def(
      "import_spreadsheet",
      [](const TableTuple& candidates, const TableTuple& openings, const std::optional<TableTuple>& employers,
         const Taxonomy* taxonomy, const std::string& departement) {
        auto table = [](const TableTuple& t) {
          return SpreadsheetTable{std::get<0>(t), std::get<1>(t), std::get<2>(t)};
        };
        const SpreadsheetTable c = table(candidates), o = table(openings);
        SpreadsheetTable e;
        if (employers) e = table(*employers);
        v1::MatchRequest request;
        std::vector<std::string> warnings;
        {
          py::gil_scoped_release release;
          warnings = ImportSpreadsheet(
              {.candidates = &c,
               .openings = &o,
               .employers = employers ? &e : nullptr,
               .taxonomy = taxonomy,
               .default_departement = departement},
              &request);
        }
        return py::make_tuple(py::bytes(request.SerializeAsString()), warnings);
      },
      py::arg("candidates"), py::arg("openings"), py::arg("employers") = py::none(), py::arg("taxonomy") = nullptr,
      py::arg("departement") = "",
      "Serialized MatchRequest and warnings from tables; raises ValidationError listing every bad cell.");

  // ---- taxonomy ----------------------------------------------------------------
  // Copies share the data: passing one to a call or a session is cheap.
  py::class_<Taxonomy>(m, "Taxonomy", "An occupation taxonomy (the built-in ROME, or a user's CSV).")
      .def_static("builtin", [] { return Taxonomy::BuiltIn(); })
      .def_static("from_csv_file", &Taxonomy::FromCsvFile, py::arg("path"))
      .def_static("from_csv_string", &Taxonomy::FromCsvString, py::arg("text"), py::arg("source_name") = "<string>")
      .def("__len__", &Taxonomy::size)
      .def("contains", &Taxonomy::Contains, py::arg("code"))
      .def("label", [](const Taxonomy& t, std::string_view code) { return std::string(t.Label(code)); }, py::arg("code"))
      .def("tension", &Taxonomy::Tension, py::arg("code"))
      .def("proximity", py::overload_cast<std::string_view, std::string_view>(&Taxonomy::Proximity, py::const_),
           py::arg("a"), py::arg("b"))
      .def("neighbours",
           [](const Taxonomy& t, std::string_view code) {
             std::vector<std::string> out;
             const OccupationId id = t.Find(code);
             if (id != kUnknownOccupation) {
               for (OccupationId n : t.Neighbours(id)) out.push_back(t.occupation(n).code);
             }
             return out;
           },
           py::arg("code"))
      // (code, label, group_label, domain_label, tension) of every occupation.
      .def("occupations",
           [](const Taxonomy& t) {
             py::list out;
             for (OccupationId id = 0; id < t.size(); ++id) {
               const Occupation& o = t.occupation(id);
               out.append(py::make_tuple(o.code, o.label, o.group_label, o.domain_label, o.tension));
             }
             return out;
           })
      .def("titles_of",
           [](const Taxonomy& t, std::string_view code) {
             std::vector<std::string> out;
             const OccupationId id = t.Find(code);
             if (id != kUnknownOccupation) {
               for (const OccupationTitle& title : t.TitlesOf(id)) out.push_back(title.title);
             }
             return out;
           },
           py::arg("code"))
      .def("find_by_title",
           [](const Taxonomy& t, std::string_view text) -> py::object {
             const OccupationId id = t.FindByTitle(text);
             if (id == kUnknownOccupation) return py::none();
             return py::str(t.occupation(id).code);
           },
           py::arg("text"))
      // ([(code, score, label_matches, [titles])], [(code, text, distance)]).
      .def(
          "search",
          [](const Taxonomy& t, std::string_view query, int limit) {
            OccupationSearch found;
            {
              py::gil_scoped_release release;
              found = t.Search(query, limit);
            }
            py::list matches, suggestions;
            for (const OccupationMatch& m : found.matches) {
              py::list titles;
              for (int32_t i : m.titles) titles.append(t.titles()[i].title);
              matches.append(py::make_tuple(t.occupation(m.occupation).code, m.score, m.label_matches, titles));
            }
            for (const OccupationSuggestion& s : found.suggestions) {
              suggestions.append(py::make_tuple(t.occupation(s.occupation).code, s.text, s.distance));
            }
            return py::make_tuple(matches, suggestions);
          },
          py::arg("query"), py::arg("limit") = 0);

  m.def(
      "match",
      [](std::string_view request_bytes, int threads, const Taxonomy* taxonomy) {
        v1::MatchResponse proto;
        {
          py::gil_scoped_release release;
          proto = ToProto(
              Match(RequestFromBytes(request_bytes), {.taxonomy = taxonomy, .execution = {.threads = threads}}));
        }
        return ToBytes(proto);
      },
      py::arg("request"), py::arg("threads") = 0, py::arg("taxonomy") = nullptr,
      "Matches a binary MatchRequest; returns the binary MatchResponse.");

  m.def(
      "validate",
      [](std::string_view request_bytes) {
        py::gil_scoped_release release;
        RequestFromBytes(request_bytes);
      },
      py::arg("request"), "Raises ValidationError listing every problem of a binary MatchRequest.");

  m.def("score", &Score, py::arg("request"), py::arg("threads") = 0, py::arg("taxonomy") = nullptr,
        "Scores a binary MatchRequest; returns CSR arrays and per-candidate statistics.");

  m.def(
      "explain",
      [](std::string_view request_bytes, const std::string& candidate_id, const std::string& opening_id,
         const std::string& language, const Taxonomy* taxonomy) {
        v1::PairExplanation proto;
        std::string text;
        {
          py::gil_scoped_release release;
          const MatchRequest request = RequestFromBytes(request_bytes);
          Language lang = request.policy.language;
          if (language == "fr") {
            lang = Language::kFrench;
          } else if (language == "en") {
            lang = Language::kEnglish;
          } else if (!language.empty()) {
            throw InvalidArgumentError("language: \"" + language + "\" is neither \"fr\" nor \"en\"");
          }
          const PairExplanation explanation = DescribePair(request, candidate_id, opening_id, lang,
                                                              taxonomy != nullptr ? *taxonomy : Taxonomy::BuiltIn());
          proto = ToProto(explanation);
          text = FormatPairExplanation(explanation, lang);
        }
        return py::make_tuple(ToBytes(proto), text);
      },
      py::arg("request"), py::arg("candidate_id"), py::arg("opening_id"), py::arg("language") = "",
      py::arg("taxonomy") = nullptr,
      "Describes one pair of a binary MatchRequest; returns (binary PairExplanation, text).");

  m.def(
      "export_report",
      [](std::string_view request_bytes, std::string_view response_bytes, const std::string& path,
         const std::string& language, int32_t max_cards, const Taxonomy* taxonomy) {
        py::gil_scoped_release release;
        v1::MatchRequest request;
        ParseBinary(request_bytes, "request", &request);
        v1::MatchResponse response;
        ParseBinary(response_bytes, "response", &response);
        ReportOptions options;
        if (language == "fr") {
          options.language = Language::kFrench;
        } else if (language == "en") {
          options.language = Language::kEnglish;
        } else if (!language.empty()) {
          throw InvalidArgumentError("language: \"" + language + "\" is neither \"fr\" nor \"en\"");
        }
        if (max_cards < 0) throw InvalidArgumentError("max_cards: " + std::to_string(max_cards) + " must be >= 0");
        options.max_person_cards = max_cards;
        options.max_opening_cards = max_cards / 2;
        options.taxonomy = taxonomy;
        WriteReport(request, response, path, options);
      },
      py::arg("request"), py::arg("response"), py::arg("path"), py::arg("language") = "",
      py::arg("max_cards") = 2000, py::arg("taxonomy") = nullptr,
      "Writes a report (.csv, .xlsx, .html by extension) of a binary MatchRequest and its MatchResponse.");

  m.def("reason_code_name", [](int code) -> std::string {
    if (code < 1 || code > kMaxReasonCode) return "unspecified";
    return ToString(static_cast<ReasonCode>(code));
  });

  py::class_<PyMatcher>(m, "Matcher", "Incremental matching session over a binary MatchRequest.")
      .def(py::init([](std::string_view request, int threads, const Taxonomy* taxonomy) {
             py::gil_scoped_release release;  // converting and validating a large request
             return std::make_unique<PyMatcher>(request, threads, taxonomy);
           }),
           py::arg("request"), py::arg("threads") = 0, py::arg("taxonomy") = nullptr)
      .def("solve", &PyMatcher::Solve)
      .def("request", &PyMatcher::Request)
      .def("add_candidate", &PyMatcher::AddCandidate, py::arg("candidate"))
      .def("remove_candidate", &PyMatcher::RemoveCandidate, py::arg("candidate_id"))
      .def("add_opening", &PyMatcher::AddOpening, py::arg("opening"))
      .def("remove_opening", &PyMatcher::RemoveOpening, py::arg("opening_id"))
      .def("set_capacity", &PyMatcher::SetCapacity, py::arg("opening_id"), py::arg("capacity"))
      .def("pin", &PyMatcher::Pin, py::arg("candidate_id"), py::arg("opening_id"), py::arg("note") = "")
      .def("lock", &PyMatcher::Lock, py::arg("candidate_id"), py::arg("opening_id"), py::arg("note") = "")
      .def("ban", &PyMatcher::Ban, py::arg("candidate_id"), py::arg("opening_id"), py::arg("note") = "")
      .def("clear_override", &PyMatcher::ClearOverride, py::arg("candidate_id"), py::arg("opening_id"));
}
