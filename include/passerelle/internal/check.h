// Internal invariants. A broken one is a bug in passerelle, not bad input:
// `PASSERELLE_CHECK(condition, message)` prints where and what on stderr and
// aborts, in every build (an invariant that only debug builds check would let
// a release build go on with a wrong answer). Not part of the API.
#ifndef PASSERELLE_INTERNAL_CHECK_H_
#define PASSERELLE_INTERNAL_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace passerelle::internal {

[[noreturn]] inline void CheckFailed(const char* file, int line, const char* condition, const char* message) {
  std::fprintf(stderr, "passerelle: internal error at %s:%d: %s (%s); please report it with the input\n", file, line,
               message, condition);
  std::abort();
}

}  // namespace passerelle::internal

#define PASSERELLE_CHECK(condition, message)                                           \
  do {                                                                                  \
    if (!(condition)) ::passerelle::internal::CheckFailed(__FILE__, __LINE__, #condition, message); \
  } while (false)

#endif  // PASSERELLE_INTERNAL_CHECK_H_
