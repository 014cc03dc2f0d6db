// Errors thrown at passerelle's boundary.
//
// passerelle has three kinds of failure (see STYLE.md):
// - the outcome of an optimisation is a value (`SolveStatus::kInfeasible` is an
//   answer, not an error);
// - bad input at the boundary throws `InvalidArgumentError`, whose message names
//   the record and field, e.g.
//   `candidates[12] (id "c-0042").french_level: 9 is not a CEFR level`;
//   it derives from `std::invalid_argument`, so pybind11 turns it into Python's
//   `ValueError` without extra code;
// - broken internal invariants trip an assertion.
#ifndef PASSERELLE_ERROR_H_
#define PASSERELLE_ERROR_H_

#include <stdexcept>
#include <string>
#include <vector>

namespace passerelle {

// Root of the errors passerelle throws. Catch `const passerelle::Error&` to
// handle all of them.
class Error {
 public:
  virtual ~Error() = default;
  virtual const char* what() const noexcept = 0;
};

// Bad input: the message names the record and field.
class InvalidArgumentError : public std::invalid_argument, public Error {
 public:
  explicit InvalidArgumentError(const std::string& message)
      : std::invalid_argument(message) {}
  const char* what() const noexcept override {
    return std::invalid_argument::what();
  }
};

// Several problems found in one input (validation reports all of them, not
// only the first). `what()` lists them one per line.
class ValidationError : public InvalidArgumentError {
 public:
  explicit ValidationError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// A limit the user set (request size, candidates, arcs, solve time) exceeded.
class LimitExceededError : public InvalidArgumentError {
 public:
  using InvalidArgumentError::InvalidArgumentError;
};

}  // namespace passerelle

#endif  // PASSERELLE_ERROR_H_
