#include "cli.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <new>

#include "passerelle/error.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

std::string ForTerminal(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    char hex[9];
    if ((c < 0x20 && !(keep_newlines && c == '\n')) || c == 0x7F) {
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
      out += hex;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void PrintWarnings(const char* command, const std::vector<Warning>& warnings) {
  for (const Warning& w : warnings) {
    std::cerr << "passerelle " << command << ": warning: ";
    if (!w.path.empty()) std::cerr << ForTerminal(w.path) << ": ";
    std::cerr << ForTerminal(w.detail) << "\n";
  }
}

void AddMaxRequestBytesOption(po::options_description* options, int64_t* max_bytes) {
  options->add_options()("max-request-bytes", po::value<int64_t>(max_bytes)->default_value(kDefaultMaxReadBytes),
                         "refuse requests larger than this many bytes (default 2 GiB, the most a binary request "
                         "can hold)");
}

void CheckMaxRequestBytes(int64_t max_bytes) {
  if (max_bytes < 1) throw UsageError("--max-request-bytes: " + std::to_string(max_bytes) + " must be >= 1");
}

std::string ReadFileWithin(const std::string& path, int64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size > max_bytes) {
    throw LimitExceededError(path + ": " + std::to_string(size) + " bytes exceed --max-request-bytes " +
                             std::to_string(max_bytes));
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), size)) throw IoError(path + ": cannot read");
  return bytes;
}

Date DateOption(const std::string& name, const std::string& text) {
  Date d = kNoDate;
  if (!ParseDate(text, &d) || d == kNoDate) throw UsageError("--" + name + ": \"" + text + "\" is not a date (YYYY-MM-DD)");
  return d;
}

void AddTaxonomyOption(po::options_description* options) {
  options->add_options()("taxonomy", po::value<std::string>(),
                         "occupation taxonomy CSV replacing the built-in ROME (format: docs/scoring.md, section 4)");
}

const Taxonomy& TaxonomyOption(const po::variables_map& vm) {
  if (!vm.count("taxonomy")) return Taxonomy::BuiltIn();
  // One per process: commands load it once, before any work.
  static const Taxonomy* const kLoaded = new Taxonomy(Taxonomy::FromCsvFile(vm["taxonomy"].as<std::string>()));
  return *kLoaded;
}

ExecutionOptions ThreadsOption(const po::variables_map& vm) {
  const ExecutionOptions execution{.threads = vm["threads"].as<int>()};
  if (execution.threads < 0) {
    throw UsageError("--threads: " + std::to_string(execution.threads) + " must be >= 0 (0: one per core)");
  }
  return execution;
}

int RunGuarded(const char* command, const std::function<int()>& body) {
  try {
    const int code = body();
    // What went to stdout (mcf's solution, validate's line) must have
    // reached it: a full disk or a closed pipe is an error, not a success.
    std::cout.flush();
    if (!std::cout) throw IoError(std::string("<stdout>: cannot write (") + std::strerror(errno) + ")");
    return code;
  } catch (const UsageError& e) {
    std::cerr << "passerelle " << command << ": " << ForTerminal(e.what(), true) << "\n"
              << "Run 'passerelle " << command << " --help' for usage.\n";
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << "passerelle " << command << ": " << ForTerminal(e.what(), true) << "\n"
              << "Run 'passerelle " << command << " --help' for usage.\n";
    return kExitBadInput;
  } catch (const InvalidArgumentError& e) {
    std::cerr << "passerelle " << command << ": error: " << ForTerminal(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const IoError& e) {
    std::cerr << "passerelle " << command << ": error: " << ForTerminal(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const Error& e) {
    std::cerr << "passerelle " << command << ": error: " << ForTerminal(e.what(), true) << "\n";
    return kExitInternal;
  } catch (const std::bad_alloc&) {
    std::cerr << "passerelle " << command << ": out of memory"
              << (std::string_view(command) == "match"
                      ? " (set limits with --max-candidates, --max-openings and --max-arcs, or use a smaller input)\n"
                      : " (use a smaller input)\n");
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "passerelle " << command << ": internal error: " << ForTerminal(e.what(), true) << "\n";
    return kExitInternal;
  }
}

bool ParseOptions(const char* command, const char* synopsis, int argc, char** argv,
                  const po::options_description& options, const po::positional_options_description& positional,
                  po::variables_map* vm) {
  po::options_description all(options);
  all.add_options()("help,h", "show this help");
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), *vm);
  if (vm->count("help")) {
    std::cout << "Usage: passerelle " << command << " " << synopsis << "\n\n" << all << "\n";
    return false;
  }
  po::notify(*vm);
  return true;
}

}  // namespace passerelle::cli
