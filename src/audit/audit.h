// The audit trail: one record per decision (a `Match`, a `SolveSession`, a
// `passerelle match --audit-log`), appended to a file of JSON lines and
// hash-chained, so that a record changed, removed or inserted later is found.
//
// A line is `{"prev":"<sha256 of the previous line's body>",...fields...,
// "hash":"<sha256 of this line's body>"}`, where the body is the line up to
// (not including) `,"hash":`. The first record's `prev` is 64 zeros. The
// chain proves the order and contents of the records present; a file cut
// after its last record cannot be told from a shorter one (keep copies, or
// compare the record count with the server's log).
//
// Writers append whole lines with one `write` to a file opened with
// O_APPEND, then `fsync`: a record is on disk when `Append` returns.
#ifndef PASSERELLE_SRC_AUDIT_AUDIT_H_
#define PASSERELLE_SRC_AUDIT_AUDIT_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::audit {

// Lower-case hex sha256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// Constant-time equality of two strings of the same length (different
// lengths compare unequal at once: the length is not a secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);

// Current UTC time, RFC 3339 with milliseconds.
std::string NowRfc3339();

// A counsellor's override or change, as the record lists it.
struct OverrideEntry {
  std::string kind;  // "pin", "lock", "ban", "clear_override", "set_capacity", "add_candidate", ...
  std::string candidate_id;
  std::string opening_id;
  std::string note;
  std::string operator_id;  // empty for overrides in the request's policy
  std::string time;         // when it was committed; empty for the policy's
};

struct Record {
  std::string call;  // "Match", "SolveSession", "cli match"
  std::string operator_id;
  std::string session_id;
  std::string request_sha256;
  std::string policy_json;  // the request's policy, protobuf JSON; "null" when none
  std::string model_json = "null";
  std::string status;        // "OK" or the error's status name
  std::string solve_status;  // SOLVE_STATUS_..., empty on error
  double objective = 0;
  int64_t candidates = 0;
  int64_t openings = 0;
  int64_t placements = 0;
  int64_t unplaced = 0;
  std::string response_sha256;  // empty on error
  std::string error;            // the error message, on error
  std::vector<OverrideEntry> overrides;
};

// An audit file open for appending; thread-safe.
class AuditLog {
 public:
  // Opens (creating it 0600 when missing) and reads the last record's hash.
  // Throws std::runtime_error when the file cannot be opened or its last
  // line is not a record.
  explicit AuditLog(std::string path);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends `record` (stamped with the time and this build's version and
  // revision) and syncs it to disk. Throws std::runtime_error on a failed
  // write.
  void Append(const Record& record);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mu_;
  std::string last_hash_;
  int64_t next_seq_ = 1;
};

// What `Verify` found.
struct VerifyResult {
  int64_t records = 0;  // records checked (all of them when ok)
  bool ok = true;
  int64_t broken_line = 0;  // 1-based line of the first broken record
  std::string problem;      // why it is broken
};

// Checks the chain of the file at `path`. Throws std::runtime_error when it
// cannot be read.
VerifyResult Verify(const std::string& path);

// The records of `path`, one readable line each (seq, time, call, operator,
// session, status, objective, counts, hashes abbreviated).
std::vector<std::string> Show(const std::string& path);

}  // namespace passerelle::audit

#endif  // PASSERELLE_SRC_AUDIT_AUDIT_H_
