// Sessions on disk: one SQLite database (WAL mode) in the data folder.
//
// A session is its starting request (binary passerelle.v1.MatchRequest), the
// changes made to it in order (binary passerelle.v1.SessionChange, with
// operator, note and commit time), and its last response. Every write is a
// transaction committed (synchronous=FULL) before the method returns, so a
// change acknowledged to a client survives a crash of the server.
//
// The schema is versioned: table `schema_version` holds the version, and
// opening a database applies the migrations it lacks, in one transaction
// each. A database newer than this build is refused.
//
// Thread-safe: one connection, one mutex (writes are small; the large
// request is written once, at creation).
#ifndef PASSERELLE_SRC_SERVICE_SESSION_STORE_H_
#define PASSERELLE_SRC_SERVICE_SESSION_STORE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace passerelle::service {

// Schema version this build writes.
inline constexpr int kSchemaVersion = 1;

struct StoredChange {
  std::string change;  // binary passerelle.v1.SessionChange, committed_at set
};

struct SessionRow {
  std::string id;
  std::string description;
  std::string created_at;
  int64_t candidates = 0;
  int64_t openings = 0;
  int64_t change_count = 0;
  // Change count when the last response was stored; -1 when never solved.
  int64_t solved_at_change = -1;
  // Filled by `Load` only.
  std::string request;
  std::optional<std::string> last_response;
  std::vector<StoredChange> changes;
};

class SessionStore {
 public:
  // Opens or creates `path`, sets WAL mode and migrates. Throws
  // std::runtime_error.
  explicit SessionStore(const std::string& path);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // Inserts a new session; false when the id is taken.
  bool Create(const SessionRow& row);
  // The session with its request, changes and last response; nullopt if none.
  std::optional<SessionRow> Load(const std::string& id);
  // The session's counts only.
  std::optional<SessionRow> Info(const std::string& id);
  // Appends `changes` and updates the counts, in one transaction.
  void AppendChanges(const std::string& id, const std::vector<StoredChange>& changes, int64_t candidates,
                     int64_t openings);
  // Stores the last response, computed after `change_count` changes.
  void SetLastResponse(const std::string& id, const std::string& response, int64_t change_count);
  // Deletes the session and its changes; false if none.
  bool Delete(const std::string& id);
  // Every session (without requests), oldest first.
  std::vector<SessionRow> List();

 private:
  void Exec(const char* sql);
  void Migrate();

  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace passerelle::service

#endif  // PASSERELLE_SRC_SERVICE_SESSION_STORE_H_
