#include "passerelle/error.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace passerelle {
namespace {

std::string JoinProblems(const std::vector<std::string>& problems) {
  std::string out = std::to_string(problems.size()) +
                    (problems.size() == 1 ? " problem:" : " problems:");
  // A file with a million bad records should not produce a million-line
  // message: show the first ones and count the rest (all stay in problems()).
  constexpr size_t kShown = 50;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i) {
    out += "\n  ";
    out += problems[i];
  }
  if (problems.size() > kShown) {
    out += "\n  ... and " + std::to_string(problems.size() - kShown) + " more";
  }
  return out;
}

}  // namespace

ValidationError::ValidationError(std::vector<std::string> problems)
    : InvalidArgumentError(JoinProblems(problems)),
      problems_(std::make_shared<const std::vector<std::string>>(std::move(problems))) {}

}  // namespace passerelle
