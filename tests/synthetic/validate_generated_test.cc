// Generated requests pass passerelle's own validation and survive the wire:
// Validate (passerelle/validate.h), then ToProto / FromProto
// (passerelle/proto.h) give back the same records.
#include <gtest/gtest.h>

#include <string>

#include "passerelle/proto.h"
#include "passerelle/synthetic.h"
#include "passerelle/validate.h"
#include "request_text.h"

namespace passerelle::synthetic {
namespace {

TEST(ValidateGeneratedTest, EveryRegionPassesValidation) {
  for (const std::string& name : AvailableRegions()) {
    SCOPED_TRACE(name);
    GeneratorOptions options;
    options.region = name;
    options.candidates = 1500;
    options.openings = 500;
    options.seed = 11;
    const MatchRequest request = Generate(options);
    std::vector<std::string> problems;
    CollectProblems(request, &problems);
    EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.at(0);
  }
}

TEST(ValidateGeneratedTest, RequestRoundTripsThroughTheProto) {
  GeneratorOptions options;
  options.candidates = 300;
  options.openings = 100;
  const MatchRequest request = Generate(options);
  const MatchRequest back = FromProto(ToProto(request));
  EXPECT_EQ(testing::RequestText(back), testing::RequestText(request));
}

}  // namespace
}  // namespace passerelle::synthetic
