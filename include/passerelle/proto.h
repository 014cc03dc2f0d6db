// Conversion between passerelle's C++ types and the `passerelle.v1` protos,
// and reading and writing them as files. The one place where protobuf meets
// the core: no other header of the core includes a `.pb.h`.
//
// Formats follow the file extension: `.json` (protobuf's JSON mapping),
// `.pb` / `.binpb` (binary), `.txtpb` / `.textproto` (text format); `-` is
// stdin/stdout, read as JSON unless a format is given.
#ifndef PASSERELLE_PROTO_H_
#define PASSERELLE_PROTO_H_

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "passerelle/execution.h"
#include "passerelle/model.h"
#include "passerelle/outcomes.h"
#include "passerelle/response.h"
#include "passerelle/v1/passerelle.pb.h"

namespace passerelle {

// Converts and validates. Throws `ValidationError` counting every problem
// and listing the first `kMaxKeptProblems` (passerelle/validate.h):
// unspecified required enums, dangling references, bad dates, and all the
// checks of `Validate`. Once a problem is found, records are checked but
// no longer kept.
// Candidates are converted in slices over the threads of `execution`; the
// result and the problems' order do not depend on their count.
MatchRequest FromProto(const v1::MatchRequest& proto, const ExecutionOptions& execution = {});
v1::MatchRequest ToProto(const MatchRequest& request);
v1::MatchResponse ToProto(const MatchResponse& response);
v1::PairExplanation ToProto(const PairExplanation& explanation);
// Fills `out` (cleared first), placements and unplaced candidates in slices
// over the threads of `execution`; the same message whatever their count.
// `out` may live on a protobuf arena, which then holds its strings: for a
// national response (a million records) that saves most of the allocations
// and frees.
void ToProto(const MatchResponse& response, v1::MatchResponse* out, const ExecutionOptions& execution = {});

// Single-record conversions, for streaming writers.
v1::Candidate ToProto(const Candidate& candidate);
v1::Opening ToProto(const Opening& opening, const MatchRequest& request);
v1::Employer ToProto(const Employer& employer);
v1::Policy ToProto(const Policy& policy);

// Outcomes (passerelle/outcomes.h). A score model's intercept and
// coefficients (what matching reads; checked with the policy); a fit's
// report in full, and back.
ScoreModel FromProto(const v1::ScoreModel& proto);
v1::ScoreModel ToProto(const ScoreModel& model);
v1::ScoreModel ToProto(const FitReport& report);
FitReport FitReportFromProto(const v1::ScoreModel& proto);
// A history: each placement's candidate and opening become records of
// `History::records` (ids "placements[k].candidate", "placements[k].opening",
// so that a problem names the placement), employers once per id. Throws
// `ValidationError` as `FromProto` for a request, and for a missing or bad
// `placed_on`.
History FromProto(const v1::History& proto, const ExecutionOptions& execution = {});
// A binary History read straight from its bytes, as `ParseMessage` and
// `FromProto` would, with two differences: no whole `v1::History` is built,
// and identical records (byte for byte: a person placed twice, an opening
// filled twice) become one record, under the id of their first placement.
// Errors name `source`. For a million placements, the reading is most of
// `passerelle fit`'s time (bench/RESULTS.md).
History ParseHistory(std::string_view bytes, std::string_view source, const ExecutionOptions& execution = {});
v1::History ToProto(const History& history);

enum class FileFormat { kJson, kBinary, kText };

// Format from the file name's extension. Throws `InvalidArgumentError` for an
// unknown extension.
FileFormat FormatFromPath(std::string_view path);

// Parses `bytes` in `format` into `message`. Throws `InvalidArgumentError`
// naming `source` and what is wrong (for JSON and text, protobuf's own
// message with line and column; for binary, truncation or bad wire data).
// The check for unknown fields (binary) and bad UTF-8 (text) walks long
// top-level lists in slices over the threads of `execution`.
void ParseMessage(std::string_view bytes, FileFormat format, std::string_view source,
                  google::protobuf::Message* message, const ExecutionOptions& execution = {});
// Serialises `message` in `format` (deterministic).
std::string SerializeMessage(const google::protobuf::Message& message, FileFormat format);

// Bytes a reader accepts by default: 2 GiB, the most a binary message can
// hold. A national request (1,000,000 candidates) is about 0.2 GB in binary.
inline constexpr int64_t kDefaultMaxReadBytes = int64_t{1} << 31;

struct ReadOptions {
  // A regular file larger than this is refused before it is read, and a
  // stream (stdin, a pipe, a device) once this many bytes have come:
  // `LimitExceededError` naming the path. >= 1.
  int64_t max_bytes = kDefaultMaxReadBytes;
  ExecutionOptions execution;
  // Requests (`ReadRequestFile`, `ParseRequest`) with more candidates or
  // openings than this are refused before any record is converted, with
  // the `LimitExceededError` that `Match` gives for `policy.limits` (a
  // caller's limit replaces the request's there: `match --max-candidates`).
  // 0: no limit.
  int64_t max_candidates = 0;
  int64_t max_openings = 0;
};

// Reads a whole file, or stdin for "-", with the format of its extension
// (JSON for "-"). Regular files, pipes and character devices are read; a
// folder or another kind of file is refused. Throws `IoError` when the file
// cannot be opened or read, `LimitExceededError` beyond `options.max_bytes`,
// `InvalidArgumentError` for bad contents.
void ReadMessageFile(const std::string& path, google::protobuf::Message* message, const ReadOptions& options = {});

// Output files. Writes go to a new temporary file in the target's folder
// (created exclusively, never through a link), which is flushed to disk and
// then renamed over the target, so that a failure never leaves a partial or
// missing output: the previous file stays as it was, and the temporary file
// is removed. An existing target keeps its permissions; a new one is created
// readable and writable by its owner only (0600), as it usually holds
// personal data. A target that is a symbolic link is written through: the
// file it points to is replaced and the link kept. A target that is a
// character device or a FIFO (/dev/null, a named pipe) is written directly.
// "-" writes to stdout. Every write, flush and close is checked: a full disk,
// a file size limit or a closed pipe throw `IoError` ("PATH: cannot write
// (reason)"), and nothing is left behind.
void WriteMessageFile(const std::string& path, const google::protobuf::Message& message);
// Writes `contents` (same rules).
void WriteFileAtomically(const std::string& path, std::string_view contents);
// Writes what `write` writes to the stream it is given (same rules); what
// `write` throws is rethrown after the temporary file is removed.
void WriteStreamAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Reads, converts and validates a request file; long ones in slices over
// the threads of `options.execution`, with the same result and problems.
// The result and the problems are those of `ReadMessageFile` followed by
// `FromProto`, but binary and JSON requests are read one record at a time:
// memory is the C++ request, never a whole `v1::MatchRequest` as well, and a
// refused request's records are dropped as they are checked. A file of
// millions of bad records gives the first `kMaxKeptProblems` problems and
// their count (`ValidationError::count`).
MatchRequest ReadRequestFile(const std::string& path, const ReadOptions& options = {});
// The same, from `bytes` in `format`; messages name `source`.
MatchRequest ParseRequest(std::string_view bytes, FileFormat format, std::string_view source,
                          const ReadOptions& options = {});

}  // namespace passerelle

#endif  // PASSERELLE_PROTO_H_
