// How much of the machine passerelle may use.
//
// The host chooses: a command-line flag (`--threads`), a Python argument
// (`threads=`), a C++ option (`MatchOptions::execution`, ...). A request never
// does: it may come from a client, and the machine belongs to whoever runs
// passerelle. Results never depend on these options, only speed does.
#ifndef PASSERELLE_EXECUTION_H_
#define PASSERELLE_EXECUTION_H_

namespace passerelle {

struct ExecutionOptions {
  // Worker threads. 0 (the default): one per core. A positive count is used
  // as given, up to 4 per core (more only adds switching); where the system
  // cannot start a thread, the work runs on fewer. Negative counts are
  // refused where a host parses them (CLI, Python).
  int threads = 0;
};

}  // namespace passerelle

#endif  // PASSERELLE_EXECUTION_H_
