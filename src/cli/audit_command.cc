// passerelle audit verify DIR|FILE | passerelle audit show DIR|FILE
// The audit trail of `passerelle serve` (DIR/audit.jsonl) or of
// `passerelle match --audit-log FILE` (src/audit/audit.h).
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "audit.h"
#include "cli.h"
#include "passerelle/error.h"

namespace passerelle::cli {

namespace {

constexpr const char* kAuditUsage =
    "Usage: passerelle audit verify DIR|FILE   check the hash chain; exit 1 naming the first broken record\n"
    "       passerelle audit show DIR|FILE     one line per record\n"
    "DIR is a `passerelle serve --data-dir` (its audit.jsonl); FILE a `passerelle match --audit-log` file.\n";

std::string AuditPath(const std::string& arg) {
  if (std::filesystem::is_directory(arg)) return (std::filesystem::path(arg) / "audit.jsonl").string();
  return arg;
}

}  // namespace

int RunAudit(int argc, char** argv) {
  return RunGuarded("audit", [&] {
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
      std::cout << kAuditUsage;
      return kExitOk;
    }
    if (argc != 3) throw UsageError("expected 'verify' or 'show' and a folder or file");
    const std::string action = argv[1];
    const std::string path = AuditPath(argv[2]);
    if (!std::filesystem::exists(path)) throw IoError(path + ": no such audit log");
    try {
      if (action == "verify") {
        const audit::VerifyResult result = audit::Verify(path);
        if (!result.ok) {
          std::cerr << "passerelle audit: " << ForTerminal(path) << ": record " << result.broken_line
                    << " is broken: " << result.problem << " (" << result.records << " records before it verify)\n";
          return kExitInternal;
        }
        std::cout << path << ": " << result.records << " records, chain intact\n";
        return kExitOk;
      }
      if (action == "show") {
        for (const std::string& line : audit::Show(path)) std::cout << ForTerminal(line) << "\n";
        return kExitOk;
      }
    } catch (const std::runtime_error& e) {
      throw IoError(e.what());
    }
    throw UsageError("unknown action '" + action + "' (verify or show)");
  });
}

}  // namespace passerelle::cli
