// Errors thrown at passerelle's boundary.
//
// passerelle has three kinds of failure (see STYLE.md):
// - the outcome of an optimisation is a value (`SolveStatus::kInfeasible` is an
//   answer, not an error);
// - bad input at the boundary throws `InvalidArgumentError`, whose message names
//   the record and field, e.g.
//   `candidates[12] (id "c-0042").french_level: 9 is not a CEFR level`;
//   a file or stream that cannot be opened, read or written throws `IoError`,
//   whose message names the path;
// - broken internal invariants trip an assertion.
//
// Every error derives from `passerelle::Error`, itself a `std::exception`, so
// `catch (const std::exception&)` sees them all. `InvalidArgumentError` is
// deliberately not also a `std::invalid_argument`: a second `std::exception`
// base would make that catch ambiguous, and it would silently not match.
// Python maps `InvalidArgumentError` to `ValueError` and `IoError` to `OSError`
// (bindings/python).
#ifndef PASSERELLE_ERROR_H_
#define PASSERELLE_ERROR_H_

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace passerelle {

// Root of the errors passerelle throws. Catch `const passerelle::Error&` to
// handle all of them; copying one never throws.
class Error : public std::exception {
 public:
  explicit Error(std::string message)
      : message_(std::make_shared<const std::string>(std::move(message))) {}
  const char* what() const noexcept override { return message_->c_str(); }

 private:
  std::shared_ptr<const std::string> message_;
};

// Bad input: the message names the record and field.
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};

// Several problems found in one input (validation reports all of them, not
// only the first). `what()` lists the first 50, one per line, and counts the
// rest. `problems()` holds the problems kept: all of them, or the first ones
// when the finder kept only so many (`ProblemList`, passerelle/validate.h:
// a file of millions of bad records); `count()` is the number found, kept
// or not.
class ValidationError : public InvalidArgumentError {
 public:
  explicit ValidationError(std::vector<std::string> problems);
  // `problems`: the first of `count` problems (count >= problems.size()).
  ValidationError(std::vector<std::string> problems, size_t count);
  const std::vector<std::string>& problems() const { return *problems_; }
  size_t count() const { return count_; }

 private:
  std::shared_ptr<const std::vector<std::string>> problems_;
  size_t count_ = 0;
};

// A limit the user set (request size, candidates, arcs, solve time) exceeded.
class LimitExceededError : public InvalidArgumentError {
 public:
  using InvalidArgumentError::InvalidArgumentError;
};

// A file or stream that cannot be opened, read or written (missing file,
// full disk, closed pipe): the message names the path and the system's reason.
class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace passerelle

#endif  // PASSERELLE_ERROR_H_
