// Conversion between passerelle's C++ types and the `passerelle.v1` protos,
// and reading and writing them as files. The one place where protobuf meets
// the core: no other header of the core includes a `.pb.h`.
//
// Formats follow the file extension: `.json` (protobuf's JSON mapping),
// `.pb` / `.binpb` (binary), `.txtpb` / `.textproto` (text format); `-` is
// stdin/stdout, read as JSON unless a format is given.
#ifndef PASSERELLE_PROTO_H_
#define PASSERELLE_PROTO_H_

#include <string>
#include <string_view>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/v1/passerelle.pb.h"

namespace passerelle {

// Converts and validates. Throws `ValidationError` listing every problem:
// unspecified required enums, dangling references, bad dates, and all the
// checks of `Validate` (passerelle/validate.h).
// Candidates are converted in slices over `threads` threads (0: every
// core); the result and the problems' order do not depend on the count.
MatchRequest FromProto(const v1::MatchRequest& proto, int threads = 0);
v1::MatchRequest ToProto(const MatchRequest& request);
v1::MatchResponse ToProto(const MatchResponse& response);
// Fills `out` (cleared first), placements and unplaced candidates in slices
// over `threads` threads (0: every core); the same message whatever the
// count. `out` may live on a protobuf arena, which then holds its strings:
// for a national response (a million records) that saves most of the
// allocations and frees.
void ToProto(const MatchResponse& response, v1::MatchResponse* out, int threads = 1);

// Single-record conversions, for streaming writers.
v1::Candidate ToProto(const Candidate& candidate);
v1::Opening ToProto(const Opening& opening, const MatchRequest& request);
v1::Employer ToProto(const Employer& employer);
v1::Policy ToProto(const Policy& policy);

enum class FileFormat { kJson, kBinary, kText };

// Format from the file name's extension. Throws `InvalidArgumentError` for an
// unknown extension.
FileFormat FormatFromPath(std::string_view path);

// Parses `bytes` in `format` into `message`. Throws `InvalidArgumentError`
// naming `source` and what is wrong (for JSON and text, protobuf's own
// message with line and column; for binary, truncation or bad wire data).
// The check for unknown fields (binary) and bad UTF-8 (text) walks long
// top-level lists in slices over `threads` threads (0: every core).
void ParseMessage(std::string_view bytes, FileFormat format, std::string_view source,
                  google::protobuf::Message* message, int threads = 0);
// Serialises `message` in `format` (deterministic).
std::string SerializeMessage(const google::protobuf::Message& message, FileFormat format);

// Reads a whole file (or stdin for "-"), with the format of its extension.
void ReadMessageFile(const std::string& path, google::protobuf::Message* message, int threads = 0);
// Writes atomically: to a temporary file in the same folder, then rename, so
// an error never leaves a partial output. "-" writes to stdout.
void WriteMessageFile(const std::string& path, const google::protobuf::Message& message);
// Writes `contents` atomically (same rules).
void WriteFileAtomically(const std::string& path, std::string_view contents);

// Reads, converts and validates a request file; long ones in slices over
// `threads` threads (0: every core), with the same result and problems.
MatchRequest ReadRequestFile(const std::string& path, int threads = 0);

}  // namespace passerelle

#endif  // PASSERELLE_PROTO_H_
