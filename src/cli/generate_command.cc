// passerelle generate --region NAME --candidates N --openings M --seed S --out FILE
//
// JSON and binary outputs stream record by record, so a national case needs
// no more memory than one record; text format is built in memory. Binary is
// the format for national cases: JSON output is bounded by protobuf's JSON
// printer (about 100 s for 1,000,000 candidates against 6 s in binary).
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "passerelle/synthetic.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

std::string ToJson(const google::protobuf::Message& m) {
  std::string s;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  google::protobuf::util::MessageToJsonString(m, &s, options);
  return s;
}

v1::Opening OpeningProto(const Opening& opening, const Employer* employer) {
  Opening copy = opening;
  copy.employer = kNoEmployer;
  v1::Opening p = ToProto(copy, MatchRequest{});
  if (employer != nullptr) p.set_employer_id(employer->id);
  return p;
}

// Writes a MatchRequest as JSON, one record per line, arrays in the order
// records arrive.
class JsonSink : public synthetic::RequestSink {
 public:
  explicit JsonSink(std::ostream& out) : out_(out) { out_ << "{"; }
  void OnPolicy(const Policy& policy, const std::string& description) override {
    policy_ = ToJson(ToProto(policy));
    description_ = description;
  }
  void OnEmployer(EmployerIndex, const Employer& e) override { Write("employers", ToJson(ToProto(e))); }
  void OnOpening(OpeningIndex, const Opening& o, const Employer* e) override {
    Write("openings", ToJson(OpeningProto(o, e)));
  }
  void OnCandidate(CandidateIndex, const Candidate& c) override { Write("candidates", ToJson(ToProto(c))); }
  void Finish() {
    if (!array_.empty()) out_ << "\n ]";
    v1::MatchRequest tail;
    tail.set_description(description_);
    const std::string description = ToJson(tail);  // {"description":"..."}
    out_ << (array_.empty() ? "" : ",") << "\n \"policy\": " << policy_ << ",\n "
         << description.substr(1, description.size() - 2) << "\n}\n";
  }

 private:
  void Write(const char* array, const std::string& json) {
    if (array_ != array) {
      if (!array_.empty()) out_ << "\n ],";
      out_ << "\n \"" << array << "\": [\n  ";
      array_ = array;
    } else {
      out_ << ",\n  ";
    }
    out_ << json;
  }
  std::ostream& out_;
  std::string array_, policy_, description_;
};

// Writes a MatchRequest in the binary wire format: a message is the
// concatenation of its fields, so records are written as they come.
class BinarySink : public synthetic::RequestSink {
 public:
  explicit BinarySink(std::ostream& out) : stream_(&out), coded_(&stream_) {}
  void OnPolicy(const Policy& policy, const std::string& description) override {
    Field(v1::MatchRequest::kPolicyFieldNumber, ToProto(policy));
    coded_.WriteTag(v1::MatchRequest::kDescriptionFieldNumber << 3 | 2);
    coded_.WriteVarint32(static_cast<uint32_t>(description.size()));
    coded_.WriteString(description);
  }
  void OnEmployer(EmployerIndex, const Employer& e) override { Field(v1::MatchRequest::kEmployersFieldNumber, ToProto(e)); }
  void OnOpening(OpeningIndex, const Opening& o, const Employer* e) override {
    Field(v1::MatchRequest::kOpeningsFieldNumber, OpeningProto(o, e));
  }
  void OnCandidate(CandidateIndex, const Candidate& c) override {
    Field(v1::MatchRequest::kCandidatesFieldNumber, ToProto(c));
  }

 private:
  void Field(int number, const google::protobuf::Message& m) {
    coded_.WriteTag(static_cast<uint32_t>(number) << 3 | 2);
    coded_.WriteVarint32(static_cast<uint32_t>(m.ByteSizeLong()));
    m.SerializeWithCachedSizes(&coded_);
  }
  google::protobuf::io::OstreamOutputStream stream_;
  google::protobuf::io::CodedOutputStream coded_;
};

}  // namespace

int RunGenerate(int argc, char** argv) {
  return RunGuarded("generate", [&] {
    po::options_description options("Options");
    synthetic::GeneratorOptions gen;
    std::string out, seed;
    options.add_options()
        ("region,r", po::value<std::string>(&gen.region)->default_value(gen.region), "built-in region (see --list-regions), French département code or name (41, Cher) or region name (Bretagne)")
        ("candidates,c", po::value<int64_t>(&gen.candidates)->default_value(gen.candidates), "number of candidates")
        ("openings,n", po::value<int64_t>(&gen.openings)->default_value(gen.openings), "number of openings of every kind")
        ("seed", po::value<std::string>(&seed)->default_value(std::to_string(gen.seed)), "random seed in [0, 2^64) (same seed, same file)")
        ("regions-dir", po::value<std::string>(&gen.regions_dir), "folder with extra region files")
        ("out,o", po::value<std::string>(&out), "output file (.json, .pb/.binpb, .txtpb; - for JSON on stdout)")
        ("list-regions", "list the built-in regions and exit");
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("generate", "--region NAME --candidates N --openings M --seed S --out FILE", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    if (vm.count("list-regions")) {
      for (const std::string& r : synthetic::AvailableRegions()) std::cout << r << "\n";
      return kExitOk;
    }
    if (out.empty()) throw UsageError("--out is required");
    // Parsed here: program_options would read "-1" as 2^64 - 1.
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), gen.seed);
    if (error != std::errc() || end != seed.data() + seed.size() || seed.empty()) {
      throw UsageError("--seed: \"" + seed + "\" is not an integer in [0, 2^64)");
    }
    const FileFormat format = FormatFromPath(out);
    if (format == FileFormat::kText || out == "-") {
      const MatchRequest request = synthetic::Generate(gen);
      WriteMessageFile(out, ToProto(request));
      return kExitOk;
    }
    synthetic::LoadRegion(gen.region, gen.regions_dir);  // bad region: fail before creating a file
    WriteStreamAtomically(out, [&](std::ostream& file) {
      if (format == FileFormat::kJson) {
        JsonSink sink(file);
        synthetic::GenerateStreaming(gen, sink);
        sink.Finish();
      } else {
        BinarySink sink(file);
        synthetic::GenerateStreaming(gen, sink);
      }
    });
    return kExitOk;
  });
}

}  // namespace passerelle::cli
