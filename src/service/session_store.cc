// Sessions on disk in SQLite (session_store.h).
#include "session_store.h"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace passerelle::service {

namespace {

// Migration i brings a database from version i to version i + 1.
constexpr const char* kMigrations[] = {
    // 0 -> 1: sessions and their changes.
    R"sql(
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        created_at TEXT NOT NULL,
        request BLOB NOT NULL,
        candidates INTEGER NOT NULL,
        openings INTEGER NOT NULL,
        change_count INTEGER NOT NULL DEFAULT 0,
        last_response BLOB,
        solved_at_change INTEGER NOT NULL DEFAULT -1
      );
      CREATE TABLE changes (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        change BLOB NOT NULL,
        PRIMARY KEY (session_id, seq)
      );
    )sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sessions database: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& Bind(int i, const std::string& text) {
    Check(sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& BindBlob(int i, const std::string& bytes) {
    Check(sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& Bind(int i, int64_t v) {
    Check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sessions database: ") + sqlite3_errmsg(db_));
  }
  std::string Text(int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("sessions database: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { Run("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Run("COMMIT");
    done_ = true;
  }

 private:
  void Run(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("sessions database: " + message);
    }
  }
  sqlite3* db_;
  bool done_ = false;
};

constexpr const char* kInfoColumns =
    "id, description, created_at, candidates, openings, change_count, solved_at_change";

SessionRow ReadInfo(Statement& s) {
  SessionRow row;
  row.id = s.Text(0);
  row.description = s.Text(1);
  row.created_at = s.Text(2);
  row.candidates = s.Int(3);
  row.openings = s.Int(4);
  row.change_count = s.Int(5);
  row.solved_at_change = s.Int(6);
  return row;
}

}  // namespace

SessionStore::SessionStore(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(path + ": cannot open the sessions database (" + message + ")");
  }
  // A constructor that throws runs no destructor: close the database here.
  try {
    sqlite3_busy_timeout(db_, 10'000);
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=FULL");
    Exec("PRAGMA foreign_keys=ON");
    Migrate();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

SessionStore::~SessionStore() { sqlite3_close(db_); }

void SessionStore::Exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(path_ + ": " + message);
  }
}

void SessionStore::Migrate() {
  std::lock_guard<std::mutex> lock(mu_);
  Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  int64_t version = 0;
  {
    Statement s(db_, "SELECT version FROM schema_version");
    if (s.Step()) version = s.Int(0);
  }
  if (version > kSchemaVersion) {
    throw std::runtime_error(path_ + ": schema version " + std::to_string(version) +
                             " is newer than this passerelle's (" + std::to_string(kSchemaVersion) + ")");
  }
  for (int64_t v = version; v < kSchemaVersion; ++v) {
    Transaction t(db_);
    Exec(kMigrations[v]);
    Exec("DELETE FROM schema_version");
    Statement(db_, "INSERT INTO schema_version (version) VALUES (?)").Bind(1, v + 1).Step();
    t.Commit();
  }
}

bool SessionStore::Create(const SessionRow& row) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction t(db_);
  {
    Statement exists(db_, "SELECT 1 FROM sessions WHERE id = ?");
    if (exists.Bind(1, row.id).Step()) return false;
  }
  Statement(db_,
            "INSERT INTO sessions (id, description, created_at, request, candidates, openings) VALUES (?, ?, ?, ?, ?, ?)")
      .Bind(1, row.id)
      .Bind(2, row.description)
      .Bind(3, row.created_at)
      .BindBlob(4, row.request)
      .Bind(5, row.candidates)
      .Bind(6, row.openings)
      .Step();
  t.Commit();
  return true;
}

std::optional<SessionRow> SessionStore::Info(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement s(db_, (std::string("SELECT ") + kInfoColumns + " FROM sessions WHERE id = ?").c_str());
  if (!s.Bind(1, id).Step()) return std::nullopt;
  return ReadInfo(s);
}

std::optional<SessionRow> SessionStore::Load(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  SessionRow row;
  {
    Statement s(db_, (std::string("SELECT ") + kInfoColumns + ", request, last_response FROM sessions WHERE id = ?").c_str());
    if (!s.Bind(1, id).Step()) return std::nullopt;
    row = ReadInfo(s);
    row.request = s.Text(7);
    if (!s.IsNull(8)) row.last_response = s.Text(8);
  }
  Statement c(db_, "SELECT change FROM changes WHERE session_id = ? ORDER BY seq");
  c.Bind(1, id);
  while (c.Step()) row.changes.push_back({c.Text(0)});
  return row;
}

void SessionStore::AppendChanges(const std::string& id, const std::vector<StoredChange>& changes, int64_t candidates,
                                 int64_t openings) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction t(db_);
  int64_t count = 0;
  {
    Statement s(db_, "SELECT change_count FROM sessions WHERE id = ?");
    if (!s.Bind(1, id).Step()) throw std::runtime_error("session " + id + " vanished");
    count = s.Int(0);
  }
  for (const StoredChange& c : changes) {
    Statement(db_, "INSERT INTO changes (session_id, seq, change) VALUES (?, ?, ?)")
        .Bind(1, id)
        .Bind(2, ++count)
        .BindBlob(3, c.change)
        .Step();
  }
  Statement(db_, "UPDATE sessions SET change_count = ?, candidates = ?, openings = ? WHERE id = ?")
      .Bind(1, count)
      .Bind(2, candidates)
      .Bind(3, openings)
      .Bind(4, id)
      .Step();
  t.Commit();
}

void SessionStore::SetLastResponse(const std::string& id, const std::string& response, int64_t change_count) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction t(db_);
  Statement(db_, "UPDATE sessions SET last_response = ?, solved_at_change = ? WHERE id = ?")
      .BindBlob(1, response)
      .Bind(2, change_count)
      .Bind(3, id)
      .Step();
  t.Commit();
}

bool SessionStore::Delete(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction t(db_);
  Statement(db_, "DELETE FROM changes WHERE session_id = ?").Bind(1, id).Step();
  Statement(db_, "DELETE FROM sessions WHERE id = ?").Bind(1, id).Step();
  const bool deleted = sqlite3_changes(db_) > 0;
  t.Commit();
  return deleted;
}

std::vector<SessionRow> SessionStore::List() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SessionRow> rows;
  Statement s(db_, (std::string("SELECT ") + kInfoColumns + " FROM sessions ORDER BY created_at, rowid").c_str());
  while (s.Step()) rows.push_back(ReadInfo(s));
  return rows;
}

}  // namespace passerelle::service
