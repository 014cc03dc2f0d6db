// Shared plumbing of the `passerelle` subcommands: exit codes, error
// reporting, option parsing.
#ifndef PASSERELLE_SRC_CLI_CLI_H_
#define PASSERELLE_SRC_CLI_CLI_H_

#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/response.h"
#include "passerelle/taxonomy.h"

namespace passerelle::cli {

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

// Wrong command line: exit 2 with the message and a pointer to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `text` made safe to print for a person: control characters (C0, DEL, C1)
// become `\xHH` or `\uHHHH`, so that no input can move the cursor, clear the
// screen or forge lines; newlines are kept when `keep_newlines` (messages
// listing one problem per line).
std::string ForTerminal(std::string_view text, bool keep_newlines = false);

// Prints each warning on stderr, one per line: `passerelle COMMAND:
// warning: PATH: DETAIL`, made safe for the terminal.
void PrintWarnings(const char* command, const std::vector<Warning>& warnings);

// Adds `--max-request-bytes` (into `*max_bytes`, default
// `kDefaultMaxReadBytes`) to a command that reads a request.
void AddMaxRequestBytesOption(boost::program_options::options_description* options, int64_t* max_bytes);
// Throws `UsageError` unless the limit parsed for `--max-request-bytes` is >= 1.
void CheckMaxRequestBytes(int64_t max_bytes);
// The whole file at `path`, refused (`LimitExceededError`) beyond
// `max_bytes`; `IoError` when it cannot be read.
std::string ReadFileWithin(const std::string& path, int64_t max_bytes);
// The date an option gives (YYYY-MM-DD); `UsageError` naming `--name`
// otherwise.
Date DateOption(const std::string& name, const std::string& text);

// Adds `--taxonomy FILE` (a taxonomy CSV replacing the built-in ROME) to a
// command that scores.
void AddTaxonomyOption(boost::program_options::options_description* options);
// The taxonomy `--taxonomy` names, loaded (an `InvalidArgumentError` naming
// file, line and field when it is bad), or the built-in one.
const Taxonomy& TaxonomyOption(const boost::program_options::variables_map& vm);

// The `--threads` option's value as `ExecutionOptions`; throws `UsageError`
// for a negative count.
ExecutionOptions ThreadsOption(const boost::program_options::variables_map& vm);

// Runs `body`, mapping exceptions to exit codes and messages on stderr:
// `UsageError` and boost's option errors -> 2 (usage), `InvalidArgumentError`
// -> 2 (bad input), `IoError` -> 2 (a file that cannot be read or written),
// anything else -> 1.
int RunGuarded(const char* command, const std::function<int()>& body);

// Parses `argc/argv` (argv[0] is the subcommand) against `options` plus
// positional ones; prints help and returns false when --help was given.
bool ParseOptions(const char* command, const char* synopsis, int argc, char** argv,
                  const boost::program_options::options_description& options,
                  const boost::program_options::positional_options_description& positional,
                  boost::program_options::variables_map* vm);

int RunGenerate(int argc, char** argv);
int RunMatch(int argc, char** argv);
int RunValidate(int argc, char** argv);
int RunMcf(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunOccupations(int argc, char** argv);
int RunImport(int argc, char** argv);
int RunAudit(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunExport(int argc, char** argv);
int RunHistory(int argc, char** argv);
int RunFit(int argc, char** argv);
int RunBacktest(int argc, char** argv);

}  // namespace passerelle::cli

#endif  // PASSERELLE_SRC_CLI_CLI_H_
