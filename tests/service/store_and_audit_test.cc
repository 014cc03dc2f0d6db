// The service's store (SQLite schema, migrations, transactions) and the
// audit trail's hash chain.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "audit.h"
#include "session_store.h"

namespace passerelle::service {
namespace {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("passerelle-store-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

int64_t SchemaVersion(const std::string& db_path) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1, &s, nullptr);
  int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

void Exec(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

SessionRow Row(const std::string& id) {
  SessionRow row;
  row.id = id;
  row.description = "d";
  row.created_at = "2026-12-03T00:00:00.000Z";
  row.request = std::string("\x0a\x00\x01", 3);  // blobs keep their zero bytes
  row.candidates = 3;
  row.openings = 2;
  return row;
}

TEST(SessionStoreTest, CreatesTheSchemaAndKeepsSessionsAcrossOpens) {
  TempDir dir;
  const std::string db = dir.File("sessions.sqlite");
  {
    SessionStore store(db);
    EXPECT_TRUE(store.Create(Row("a")));
    EXPECT_FALSE(store.Create(Row("a")));
    store.AppendChanges("a", {{"one"}, {std::string("t\0wo", 4)}}, 4, 2);
    store.SetLastResponse("a", "response", 2);
  }
  EXPECT_EQ(SchemaVersion(db), kSchemaVersion);
  SessionStore store(db);
  const std::optional<SessionRow> row = store.Load("a");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->request, std::string("\x0a\x00\x01", 3));
  ASSERT_EQ(row->changes.size(), 2u);
  EXPECT_EQ(row->changes[1].change, std::string("t\0wo", 4));
  EXPECT_EQ(row->change_count, 2);
  EXPECT_EQ(row->candidates, 4);
  EXPECT_EQ(row->solved_at_change, 2);
  EXPECT_EQ(row->last_response, "response");
  EXPECT_FALSE(store.Load("b"));
  EXPECT_TRUE(store.Delete("a"));
  EXPECT_FALSE(store.Delete("a"));
  EXPECT_TRUE(store.List().empty());
}

TEST(SessionStoreTest, RefusesADatabaseNewerThanThisBuild) {
  TempDir dir;
  const std::string db = dir.File("sessions.sqlite");
  { SessionStore store(db); }
  Exec(db, "UPDATE schema_version SET version = 99");
  EXPECT_THROW(SessionStore store(db), std::runtime_error);
}

TEST(SessionStoreTest, MigratesAnEmptyVersionTable) {
  TempDir dir;
  const std::string db = dir.File("sessions.sqlite");
  Exec(db, "CREATE TABLE schema_version (version INTEGER NOT NULL)");
  SessionStore store(db);
  EXPECT_EQ(SchemaVersion(db), kSchemaVersion);
  EXPECT_TRUE(store.Create(Row("x")));
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::trunc);
  for (const std::string& l : lines) out << l << "\n";
}

TEST(AuditTest, ChainsRecordsAcrossReopensAndFindsTheFirstBrokenOne) {
  TempDir dir;
  const std::string path = dir.File("audit.jsonl");
  audit::Record r;
  r.call = "Match";
  r.operator_id = "alice \"quoted\"\n";
  r.policy_json = "{\"x\":1}";
  { audit::AuditLog log(path); log.Append(r); log.Append(r); }
  { audit::AuditLog log(path); log.Append(r); }  // continues the chain
  audit::VerifyResult ok = audit::Verify(path);
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.records, 3);
  EXPECT_EQ(audit::Show(path).size(), 3u);

  std::vector<std::string> lines = Lines(path);
  std::vector<std::string> changed = lines;
  changed[1].replace(changed[1].find("Match"), 5, "Mutch");
  WriteLines(path, changed);
  audit::VerifyResult bad = audit::Verify(path);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.broken_line, 2);

  WriteLines(path, {lines[0], lines[2]});
  bad = audit::Verify(path);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.broken_line, 2);

  // A torn last line: the log refuses to open rather than fork the chain.
  { std::ofstream out(path, std::ios::app); out << "{\"prev\":\"00"; }
  EXPECT_THROW(audit::AuditLog log(path), std::runtime_error);
}

TEST(AuditTest, Sha256AndConstantTimeEquals) {
  EXPECT_EQ(audit::Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(audit::ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(audit::ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(audit::ConstantTimeEquals("token", "token2"));
}

}  // namespace
}  // namespace passerelle::service
