#include "passerelle/error.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace passerelle {
namespace {

std::string JoinProblems(const std::vector<std::string>& problems, size_t count) {
  std::string out = std::to_string(count) + (count == 1 ? " problem:" : " problems:");
  // A file with a million bad records should not produce a million-line
  // message: show the first ones and count the rest.
  constexpr size_t kShown = 50;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i) {
    out += "\n  ";
    out += problems[i];
  }
  const size_t shown = problems.size() < kShown ? problems.size() : kShown;
  if (count > shown) out += "\n  ... and " + std::to_string(count - shown) + " more";
  return out;
}

}  // namespace

ValidationError::ValidationError(std::vector<std::string> problems)
    : ValidationError(std::move(problems), 0) {}

ValidationError::ValidationError(std::vector<std::string> problems, size_t count)
    : InvalidArgumentError(JoinProblems(problems, count > problems.size() ? count : problems.size())),
      problems_(std::make_shared<const std::vector<std::string>>(std::move(problems))),
      count_(count > problems_->size() ? count : problems_->size()) {}

}  // namespace passerelle
