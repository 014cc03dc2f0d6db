// Fuzz target: reading a MatchRequest in the three formats, as the CLI and
// the Python bindings do (`ParseMessage`, then `FromProto`, which validates).
//
// The first byte chooses the format (JSON, binary, text); the rest is the
// file. Properties:
// - parsing and conversion either succeed or throw `InvalidArgumentError`
//   (a `ValidationError` lists every problem, none empty);
// - an accepted request written back (`ToProto`, any format) is accepted
//   again, and converting it once more changes nothing: `ToProto` and
//   `FromProto` reach a fixed point after one round;
// - `ParseRequest`, which reads binary and JSON one record at a time, agrees
//   with `ParseMessage` then `FromProto`: both accept the same request, or
//   both refuse, and with the same problems when both list problems.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/stubs/logging.h>

#include "fuzz_oracle.h"
#include "passerelle/error.h"
#include "passerelle/proto.h"

namespace {

using passerelle::FileFormat;

constexpr FileFormat kFormats[] = {FileFormat::kJson, FileFormat::kBinary, FileFormat::kText};
constexpr const char* kFormatNames[] = {"json", "binary", "text"};

// What ParseMessage accepts is well-formed proto3: it serialises and reads
// back (regressions/request/text-invalid-utf8: the text parser let strings
// that are not UTF-8 through, and the binary form could not be read back).
bool RoundTrips(const passerelle::v1::MatchRequest& proto) {
  passerelle::v1::MatchRequest copy;
  return copy.ParseFromString(proto.SerializeAsString());
}

}  // namespace

// protobuf logs every invalid string it meets; the properties say enough.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int f = data[0] % 3;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  // The reader one record at a time, compared with the whole-message one.
  enum class Outcome { kAccepted, kProblems, kRefused };
  Outcome streamed = Outcome::kAccepted;
  std::string streamed_request;
  std::vector<std::string> streamed_problems;
  size_t streamed_count = 0;
  try {
    streamed_request = passerelle::SerializeMessage(
        passerelle::ToProto(passerelle::ParseRequest(bytes, kFormats[f], "fuzz")), FileFormat::kBinary);
  } catch (const passerelle::ValidationError& e) {
    streamed = Outcome::kProblems;
    streamed_problems = e.problems();
    streamed_count = e.count();
  } catch (const passerelle::InvalidArgumentError& e) {
    FUZZ_CHECK(std::string_view(e.what()).substr(0, 5) == "fuzz:", std::string("message does not name the source: ") + e.what());
    streamed = Outcome::kRefused;
  }
  passerelle::v1::MatchRequest proto;
  passerelle::MatchRequest request;
  try {
    passerelle::ParseMessage(bytes, kFormats[f], "fuzz", &proto);
    FUZZ_CHECK(RoundTrips(proto), std::string("accepted ") + kFormatNames[f] + " request does not round-trip");
    request = passerelle::FromProto(proto);
  } catch (const passerelle::ValidationError& e) {
    FUZZ_CHECK(!e.problems().empty(), "ValidationError without problems");
    for (const std::string& p : e.problems()) FUZZ_CHECK(!p.empty(), "empty problem line");
    FUZZ_CHECK(streamed != Outcome::kAccepted, "ParseRequest accepts what FromProto refuses: " + std::string(e.what()));
    if (streamed == Outcome::kProblems) {
      FUZZ_CHECK(streamed_problems == e.problems() && streamed_count == e.count(),
                 "ParseRequest and FromProto list different problems: " + std::string(e.what()));
    }
    return 0;
  } catch (const passerelle::InvalidArgumentError& e) {
    FUZZ_CHECK(std::string_view(e.what()).substr(0, 5) == "fuzz:", std::string("message does not name the source: ") + e.what());
    FUZZ_CHECK(streamed != Outcome::kAccepted, "ParseRequest accepts what ParseMessage refuses: " + std::string(e.what()));
    return 0;
  }
  FUZZ_CHECK(streamed == Outcome::kAccepted, std::string("ParseRequest refuses what FromProto accepts (") +
                                                 kFormatNames[f] + ")");
  FUZZ_CHECK(streamed_request == passerelle::SerializeMessage(passerelle::ToProto(request), FileFormat::kBinary),
             "ParseRequest and FromProto read different requests");

  const passerelle::v1::MatchRequest first = passerelle::ToProto(request);
  const std::string first_bytes = passerelle::SerializeMessage(first, FileFormat::kBinary);
  for (int g = 0; g < 3; ++g) {
    const std::string written = passerelle::SerializeMessage(first, kFormats[g]);
    passerelle::v1::MatchRequest reread;
    passerelle::MatchRequest again;
    try {
      passerelle::ParseMessage(written, kFormats[g], "round trip", &reread);
      again = passerelle::FromProto(reread);
    } catch (const passerelle::InvalidArgumentError& e) {
      FUZZ_CHECK(false, std::string("accepted request (") + kFormatNames[f] + ") refused after writing it in " +
                            kFormatNames[g] + ": " + e.what());
    }
    const std::string second_bytes =
        passerelle::SerializeMessage(passerelle::ToProto(again), FileFormat::kBinary);
    size_t at = 0;
    while (at < first_bytes.size() && at < second_bytes.size() && first_bytes[at] == second_bytes[at]) ++at;
    FUZZ_CHECK(second_bytes == first_bytes, std::string("ToProto(FromProto(.)) is not a fixed point through ") +
                                                kFormatNames[g] + ": binary forms differ from byte " +
                                                std::to_string(at));
  }
  return 0;
}
